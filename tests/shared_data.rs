//! Checks against the real articles in `../shared/data` (or `QARI_SHARED_DATA`): every
//! transcoded article decodes to its expected UTF-8 text, the legacy specimens decode to Arabic,
//! and a listing reports every file. Skipped, with a message, where the data is absent.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use std::path::PathBuf;

use qari::corpus::{Corpus, EncodingSource, Format, read_document};

fn shared_data() -> Option<PathBuf> {
    common::shared_data("import-test")
}

#[test]
fn transcoded_articles_decode_to_their_expected_utf8() {
    let Some(data) = shared_data() else { return };
    let import = data.join("import-test");
    let mut checked = 0;
    for (folder, encoding) in [
        ("cp1256_transcoded", "windows-1256"),
        ("utf16le_bom_transcoded", "UTF-16LE"),
        ("utf8_bom_crlf", "UTF-8"),
    ] {
        for entry in std::fs::read_dir(import.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let doc = read_document(&path, Format::Text).unwrap();
            let expected = std::fs::read_to_string(
                import.join("expected_utf8").join(path.file_name().unwrap()),
            )
            .unwrap();
            assert_eq!(doc.encoding.name(), encoding, "{}", path.display());
            assert!(
                doc.text == expected,
                "decoded text differs: {}",
                path.display()
            );
            assert!(
                doc.warnings.is_empty(),
                "{:?}: {}",
                doc.warnings,
                path.display()
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 197);
}

#[test]
fn legacy_specimens_decode_to_arabic() {
    let Some(data) = shared_data() else { return };
    let folder = data.join("import-test/native_legacy_specimens");
    for (file, encoding) in [
        (
            "iso-8859-6___chromium_ISO-8859-6_with_no_encoding_specified.html",
            "ISO-8859-6",
        ),
        (
            "windows-1256___chromium_windows-1256_with_no_encoding_specified.html",
            "windows-1256",
        ),
    ] {
        let doc = read_document(&folder.join(file), Format::Html).unwrap();
        assert_eq!(doc.encoding.name(), encoding, "{file}");
        assert_eq!(doc.encoding.source, EncodingSource::Detected);
        let arabic = doc
            .text
            .chars()
            .filter(|c| ('\u{0600}'..='\u{06FF}').contains(c))
            .count();
        let letters = doc.text.chars().filter(|c| c.is_alphabetic()).count();
        assert!(arabic * 10 > letters * 9, "mostly Arabic letters: {file}");
        assert!(doc.text.contains("كتائب الشهيد عز الدين القسام"), "{file}");
        assert!(!doc.text.contains('\u{FFFD}'), "{file}");
    }
}

#[test]
fn listing_the_import_test_folder_reports_every_file() {
    let Some(data) = shared_data() else { return };
    let import = data.join("import-test");
    let on_disk = walk_files(&import);
    let corpus = Corpus::open(&import).unwrap();
    assert_eq!(corpus.documents.len() + corpus.skipped.len(), on_disk);
    assert_eq!(corpus.ignored, 0);
    let in_utf8 = corpus
        .documents
        .iter()
        .filter(|d| d.id.starts_with("utf8/"))
        .count();
    assert_eq!(in_utf8, 1000);
}

#[test]
fn seed_articles_are_the_bundled_sample() {
    let Some(data) = shared_data() else { return };
    for (name, text) in qari::sample::ARTICLES {
        let seed = std::fs::read_to_string(data.join("seeds").join(name)).unwrap();
        assert!(seed == *text, "assets/sample/{name} differs from the seed");
    }
}

fn walk_files(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| if p.is_dir() { walk_files(&p) } else { 1 })
        .sum()
}

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

/// A sample of the 31,030-article perf corpus (the first twenty articles of each source, 360
/// over 18 days), unpacked into `dir`; `None`, with a message, without the data or `tar` and
/// `zstd`.
fn perf_sample(dir: &std::path::Path) -> Option<PathBuf> {
    let data = common::shared_data("perf")?;
    let archive = data.join("perf/saudinewsnet-articles.tar.zst");
    let unpacked = std::process::Command::new("tar")
        .args(["-I", "zstd", "-xf"])
        .arg(&archive)
        .arg("-C")
        .arg(dir)
        .args(["--wildcards", "articles/*_000[0-1][0-9].txt"])
        .status();
    if !unpacked.is_ok_and(|s| s.success()) {
        eprintln!(
            "perf corpus sample: skipped, tar with zstd could not unpack {}",
            archive.display()
        );
        return None;
    }
    Some(dir.join("articles"))
}

#[test]
fn mentions_per_day_of_the_perf_corpus_sample_are_those_qari_entities_lists_by_date() {
    use std::collections::BTreeMap;
    let dir = tempfile::tempdir().unwrap();
    let Some(corpus) = perf_sample(dir.path()) else {
        return;
    };
    let listed = common::qari_ok([
        "entities".as_ref(),
        corpus.as_os_str(),
        "--no-tagger".as_ref(),
        "--format".as_ref(),
        "jsonl".as_ref(),
    ]);
    // Counted here: mentions of the three most mentioned entities per day (the day is the
    // file name's first ten characters).
    let mut per_entity: BTreeMap<String, usize> = BTreeMap::new();
    let mut per_day: BTreeMap<(String, String), usize> = BTreeMap::new();
    let lines = listed;
    let mentions: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|v: &serde_json::Value| v["entity"].is_string())
        .collect();
    for v in &mentions {
        *per_entity
            .entry(v["entity"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    let mut top: Vec<(&String, &usize)> = per_entity.iter().collect();
    top.sort_by_key(|(name, n)| (std::cmp::Reverse(**n), (*name).clone()));
    let chosen: Vec<String> = top
        .iter()
        .take(3)
        .map(|(name, _)| (*name).clone())
        .collect();
    let days: std::collections::BTreeSet<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy()[..10].to_owned())
        .collect();
    for entity in &chosen {
        for day in &days {
            per_day.insert((entity.clone(), day.clone()), 0);
        }
    }
    for v in &mentions {
        let entity = v["entity"].as_str().unwrap();
        if chosen.iter().any(|c| c == entity) {
            let day = v["doc"].as_str().unwrap()[..10].to_owned();
            *per_day.get_mut(&(entity.to_owned(), day)).unwrap() += 1;
        }
    }
    let csv_path = dir.path().join("timeline.csv");
    common::qari_ok([
        "chart".as_ref(),
        corpus.as_os_str(),
        "timeline".as_ref(),
        "--entity".as_ref(),
        chosen.join(",").as_ref(),
        "--by".as_ref(),
        "day".as_ref(),
        "--out".as_ref(),
        csv_path.as_os_str(),
    ]);
    let text = std::fs::read_to_string(&csv_path).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    let charted: BTreeMap<(String, String), usize> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            ((r[0].to_owned(), r[2].to_owned()), r[3].parse().unwrap())
        })
        .collect();
    // The chart's days run from the first to the last, with none missing; the sample's days
    // are all there.
    for ((entity, day), n) in &per_day {
        assert_eq!(
            charted.get(&(entity.clone(), day.clone())),
            Some(n),
            "{entity} {day}"
        );
    }
    let total: usize = per_day.values().sum();
    assert_eq!(charted.values().sum::<usize>(), total);
    assert!(total > 100, "{total}");
}

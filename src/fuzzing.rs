//! The bodies of qari's fuzz targets, shared by the `cargo fuzz` crate in `fuzz/` and by
//! `tests/fuzz_loaders.rs`, which runs them for a bounded number of cases in `cargo test`.
//!
//! Each target takes arbitrary bytes, drives the real entry points a user's file reaches (the
//! project loader, the importers, the HTML reader, the encoding detector and decoder) and
//! returns whether they succeed or fail; it panics only when one of them panics or breaks an
//! invariant checked here (a loaded project that does not read back the same once written, a
//! decoded text with a carriage return, an error that does not name its file …). Panicking is
//! the point of this module, so it is the one place outside tests where `panic!` is used.
//!
//! The importers are fed a small fixed corpus and project ([`doc_text`], [`base_project`]),
//! so passages are also checked against documents and planned as an import.
//!
//! This module is not part of qari's interface: it is public only for `fuzz/` and the tests.

use std::path::{Path, PathBuf};

use crate::corpus::html;
use crate::corpus::read::{Format, document_from_bytes};
use crate::corpus::{ContentHash, decode};
use crate::import::{self, ImportDoc, LineError, Passage};
use crate::project::{ProjectFile, format, workspace};
use crate::text::{FoldOptions, normalize};

/// A fuzz target: bytes in, nothing out; it panics on a defect.
pub type Target = fn(&[u8]);

/// Every target by name: the names of the `cargo fuzz` targets and of their seed folders.
pub const TARGETS: &[(&str, Target)] = &[
    ("project_text", project_text),
    ("project_file", project_file),
    ("import_jsonl", import_jsonl),
    ("import_w3c", import_w3c),
    ("import_brat", import_brat),
    ("html_text", html_text),
    ("decode_bytes", decode_bytes),
];

/// Separates `annotation.conf` from the `.ann` file in an [`import_brat`] input.
pub const BRAT_SEPARATOR: &[u8] = b"\n%%ann%%\n";

/// The project file name errors are about in [`project_text`].
const PROJECT_NAME: &str = "fuzz/qari.ron";

/// The documents of the fixed corpus the importers are checked against.
const DOCS: &[(&str, &str)] = &[
    (
        "a.txt",
        "قال الرئيس توكاييف إن قوات منظمة معاهدة الأمن الجماعي ستغادر.\nسطر ثان 🙂 مع رمز.\n",
    ),
    ("sub/page.html", "عنوان\nنص قصير\n"),
    (
        "مقال.txt",
        "أرسلت منظمة معاهدة الأمن الجماعي قوات إلى ألماتا.",
    ),
    ("empty.txt", ""),
];

/// The project the importers add to: two codes (one under the other) and one annotation.
const BASE_PROJECT: &str = r##"(
    format_version: 5,
    corpus_root: ".",
    documents: [],
    codebook: [
        (id: 1, name: "تدخل أجنبي", colour: "#f4a261", shortcut: Some('f')),
        (id: 2, name: "legitimacy", colour: "#8ecae6", parent: Some(1)),
    ],
    annotations: [
        (id: 1, doc: "a.txt", start: 0, end: 3, codes: [1], quote: "قال", prefix: "", suffix: " الرئيس", hash: "00000000000000000000000000000000", author: "sara", created: "2026-11-21T17:00:00Z", modified: "2026-11-21T17:00:00Z"),
    ],
)
"##;

/// The fixed project the importers add to (see `BASE_PROJECT`); empty if it does not parse,
/// which a test rules out.
pub fn base_project() -> ProjectFile {
    format::from_ron(BASE_PROJECT, Path::new(PROJECT_NAME)).unwrap_or_default()
}

/// A document of the fixed corpus by id, as an import asks for it.
pub fn doc_text(id: &str) -> Result<ImportDoc, String> {
    DOCS.iter()
        .find(|(doc, _)| *doc == id)
        .map(|(_, text)| ImportDoc {
            text: (*text).to_owned(),
            hash: ContentHash::of(text),
        })
        .ok_or_else(|| format!("no document {id:?} in the corpus"))
}

/// Project text: `format::from_ron` on the bytes as text (invalid UTF-8 replaced). A project
/// that loads is written and read back to the same value.
pub fn project_text(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let path = Path::new(PROJECT_NAME);
    match format::from_ron(&text, path) {
        Ok(project) => round_trip(project),
        Err(err) => assert_names_file(&err.to_string(), path),
    }
}

/// A project file's bytes as the disk reader sees them: written to a file and loaded by
/// [`workspace::load`]. An error names the file.
pub fn project_file(data: &[u8]) {
    let dir = scratch_dir();
    let path = dir.join(crate::project::DEFAULT_FILE_NAME);
    if std::fs::create_dir_all(&dir).is_err() || std::fs::write(&path, data).is_err() {
        // The machine, not qari: nothing to check.
        return;
    }
    let loaded = workspace::load(&path);
    let _ = std::fs::remove_file(&path);
    match loaded {
        Ok(project) => round_trip(project),
        Err(err) => assert_names_file(&err.to_string(), &path),
    }
}

/// JSON lines: `jsonl_passages`, then the passages planned against the fixed corpus.
pub fn import_jsonl(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (passages, errors) = import::jsonl::jsonl_passages(&text);
    check_lines(&errors, text.lines().count());
    plan(passages);
}

/// W3C Web Annotation: the bytes as JSON, `w3c::read`, then the passages planned.
pub fn import_w3c(data: &[u8]) {
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let (passages, _errors) = import::w3c::read(&json);
    plan(passages);
}

/// brat: the bytes are an `annotation.conf`, [`BRAT_SEPARATOR`], and an `.ann` file (without
/// the separator, all an `.ann` file); `read_conf`, `read_ann` for the document `a.txt`, then
/// the passages planned.
pub fn import_brat(data: &[u8]) {
    let (conf, ann) = match find(data, BRAT_SEPARATOR) {
        Some(at) => (&data[..at], &data[at + BRAT_SEPARATOR.len()..]),
        None => (&[][..], data),
    };
    let types = import::brat::read_conf(&String::from_utf8_lossy(conf));
    let ann = String::from_utf8_lossy(ann);
    let (passages, _skipped, errors) = import::brat::read_ann(&ann, "a.ann", "a.txt", &types);
    check_lines(&errors, ann.lines().count());
    plan(passages);
}

/// An HTML page's bytes: the charset prescan, decoding, text extraction, as reading an `.html`
/// document does; the text has no carriage return and ends with a newline unless empty.
pub fn html_text(data: &[u8]) {
    let declared = html::declared_charset(data);
    let decoded = decode::decode(data, declared);
    let page = html::extract(&decoded.text);
    assert!(!page.text.contains('\r'), "a CR in the text of a page");
    assert!(
        page.text.is_empty() || page.text.ends_with('\n'),
        "page text does not end with a line break: {:?}",
        page.text
    );
    if let Some(title) = &page.title {
        assert!(!title.is_empty(), "an empty title is no title");
    }
    check_document(data, Format::Html);
}

/// Bytes of a text file: encoding detection and decoding (borrowed and owned agree; no CR or
/// NUL left; valid UTF-8 keeps one code point for one), the whole document read, and the
/// folded text's offset map, which must lead back into the document.
pub fn decode_bytes(data: &[u8]) {
    let decoded = decode::decode(data, None);
    let owned = decode::decode_owned(data.to_vec(), None);
    assert_eq!(decoded.text, owned.text, "decode and decode_owned disagree");
    assert_eq!(decoded.encoding, owned.encoding);
    assert_eq!(decoded.nuls, owned.nuls);
    assert!(!decoded.text.contains(['\r', '\0']), "CR or NUL left");
    if let Ok(source) = std::str::from_utf8(data)
        && !source.starts_with('\u{feff}')
        && !source.contains('\r')
    {
        assert_eq!(
            decoded.text.chars().count(),
            source.chars().count(),
            "decoding valid UTF-8 moved offsets"
        );
    }
    check_offset_map(&decoded.text);
    check_document(data, Format::Text);
}

/// A document read from bytes: its length is the length of its text, its title is short.
fn check_document(data: &[u8], format: Format) {
    let path = Path::new("fuzz/document");
    match document_from_bytes(data.to_vec(), format, path) {
        Ok(doc) => {
            assert_eq!(doc.char_len, doc.text.chars().count(), "char_len is wrong");
            assert!(doc.title.chars().count() <= 121, "title not cut");
            assert!(!doc.text.contains('\r'), "a CR in a document");
        }
        Err(err) => assert_names_file(&err.to_string(), path),
    }
}

/// Every folded code point leads back to a code point of the text, in order.
fn check_offset_map(text: &str) {
    let chars = text.chars().count();
    let folded = normalize(text, FoldOptions::default());
    let n = folded.char_len();
    let mut last = 0;
    for i in 0..n {
        let range = folded.to_document(i..i + 1);
        assert!(
            range.start < range.end && range.end <= chars,
            "folded code point {i} maps to {range:?} of {chars}"
        );
        assert!(range.start >= last, "offset map goes backwards at {i}");
        last = range.start;
    }
    let whole = folded.to_document(0..n);
    assert!(
        whole.end <= chars,
        "whole text maps to {whole:?} of {chars}"
    );
    let end = folded.to_document(n..n);
    assert!(end.start <= chars, "the end maps past the text");
}

/// Passages planned as an import into [`base_project`] over the fixed corpus; a plan is
/// applied, and the project then written and read back.
fn plan(passages: Vec<Passage>) {
    for passage in &passages {
        check_doubts(passage);
    }
    let mut project = base_project();
    let count = passages.len();
    let planned = import::plan_passages(
        passages,
        &project.codebook,
        &project.annotations,
        doc_text,
        "fuzz",
    );
    let Ok(plan) = planned else {
        return;
    };
    assert!(
        plan.annotations + plan.duplicates <= count,
        "more planned than read"
    );
    let before = project.annotations.len();
    if let Err(err) = plan.transaction.apply(&mut project) {
        panic!("a planned import does not apply: {err}");
    }
    assert_eq!(project.annotations.len(), before + plan.annotations);
    round_trip(project);
}

/// What is doubtful about a passage against its document (text, pieces, code names) is said,
/// and a passage settled the way a lenient import takes it has nothing doubtful left.
fn check_doubts(passage: &Passage) {
    let Ok(doc) = doc_text(&passage.doc) else {
        return;
    };
    let chars: Vec<char> = doc.text.chars().collect();
    for doubt in passage.doubts(&chars) {
        assert!(!doubt.message.is_empty(), "a doubt that says nothing");
    }
    let mut settled = passage.clone();
    settled.settle();
    let left = settled.doubts(&chars);
    assert!(
        left.is_empty(),
        "a settled passage is still doubtful: {left:?}"
    );
}

/// A project written and read back is the same project.
fn round_trip(mut project: ProjectFile) {
    let path = Path::new(PROJECT_NAME);
    let text = match format::to_ron(&project) {
        Ok(text) => text,
        Err(err) => panic!("a loaded project does not write: {err}"),
    };
    let back = match format::from_ron(&text, path) {
        Ok(back) => back,
        Err(err) => panic!("a written project does not read back: {err}\n{text}"),
    };
    // Reading marks pre-3 hashes as legacy; written again they are the current version's.
    project.legacy_hashes = back.legacy_hashes;
    assert!(
        back == project,
        "a project reads back different:\n{text}\n{back:?}\n{project:?}"
    );
}

/// Line errors are numbered within the file.
fn check_lines(errors: &[LineError], lines: usize) {
    for e in errors {
        assert!(
            e.line >= 1 && e.line <= lines.max(1),
            "error on line {} of {lines}: {e}",
            e.line
        );
    }
}

/// Messages name the file (STYLE.md: last).
fn assert_names_file(message: &str, path: &Path) {
    let name = path.display().to_string();
    assert!(message.contains(&name), "{message:?} does not name {name}");
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A folder of this process and thread for [`project_file`] (tests run targets in parallel).
fn scratch_dir() -> PathBuf {
    let thread = format!("{:?}", std::thread::current().id());
    let thread: String = thread.chars().filter(char::is_ascii_digit).collect();
    std::env::temp_dir().join(format!("qari-fuzz-{}-{thread}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixed_project_and_corpus_read() {
        let project = base_project();
        assert_eq!(project.codebook.codes.len(), 2);
        assert_eq!(project.annotations.len(), 1);
        assert!(doc_text("a.txt").is_ok() && doc_text("b.txt").is_err());
    }
}

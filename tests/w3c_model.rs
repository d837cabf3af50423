//! `qari export --format w3c` against the MUST rules of the W3C Web Annotation Data Model
//! (<https://www.w3.org/TR/annotation-model/>), written down from the specification and named
//! as it numbers them: §3.1 annotations, §3.2 bodies and targets, §3.3 other properties, §4
//! specific resources and selectors, §5.1 collections, §5.2 pages. An IRI is an absolute IRI
//! (RFC 3987, checked by `iri-string`) with no white space; a date is an xsd:dateTime with its
//! time zone.
//!
//! Checked on: a project with documents in Arabic folders and names with spaces and `#`,
//! passages with codes, a note, both or neither; an empty export; the golden file; and, where
//! `../shared/data` is, the 9,002 ANERcorp gold passages with an Arabic note.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;
#[path = "w3c_model/rules.rs"]
mod rules;

use std::path::Path;

use rules::check_collection;
use serde_json::Value;

/// Exports a project as W3C (with `extra` arguments) and checks it; returns the collection.
fn export_and_check(project: &Path, out: &Path, extra: &[&str], annotations: usize) -> Value {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "export".as_ref(),
        project.as_os_str(),
        "--format".as_ref(),
        "w3c".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
    common::qari_ok(args);
    let collection: Value = serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
    // qari's page and annotations carry the context themselves: each stands alone.
    let (report, found) = check_collection(&collection, false);
    report.assert_none(&out.display().to_string());
    assert_eq!(found, annotations);
    collection
}

const TEXT: &str = "قال الرئيس توكاييف إن قوات منظمة معاهدة الأمن الجماعي وصلت إلى ألماتا.\n";

/// A corpus with documents in an Arabic folder, names with a space and `#`, and passages with
/// codes, a note, both and neither, made through `qari init` and `qari import`.
fn corpus(dir: &Path) -> std::path::PathBuf {
    let folder = dir.join("كازاخستان 2022");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("مقال #1.txt"), TEXT).unwrap();
    std::fs::write(dir.join("b.txt"), TEXT).unwrap();
    let project = dir.join("أخبار.ron");
    common::qari_ok([
        "init".as_ref(),
        dir.as_os_str(),
        "--project".as_ref(),
        project.as_os_str(),
    ]);
    let lines = [
        r#"{"doc": "كازاخستان 2022/مقال #1.txt", "start": 11, "end": 18, "codes": ["شخص"], "note": "الرئيس"}"#,
        r#"{"doc": "كازاخستان 2022/مقال #1.txt", "start": 27, "end": 54, "codes": ["منظمة", "إطار/أمن"]}"#,
        r#"{"doc": "b.txt", "start": 63, "end": 69, "codes": [], "note": "مكان\nبسطرين"}"#,
        r#"{"doc": "b.txt", "start": 0, "end": 3, "codes": []}"#,
    ];
    let file = dir.join("passages.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    common::qari_ok(["import".as_ref(), project.as_os_str(), file.as_os_str()]);
    project
}

#[test]
fn every_export_keeps_the_musts_of_the_web_annotation_model() {
    let dir = tempfile::tempdir().unwrap();
    let project = corpus(dir.path());
    let out = tempfile::tempdir().unwrap();
    let collection = export_and_check(&project, &out.path().join("all.jsonld"), &[], 4);
    // The document IRI gives the id back, and the id is there as written.
    let items = collection["first"]["items"].as_array().unwrap();
    let target = &items.last().unwrap()["target"];
    assert_eq!(
        target["source"]["dcterms:identifier"],
        "كازاخستان 2022/مقال #1.txt"
    );
    assert_eq!(
        qari::export::w3c::iri::document_id(target["source"]["id"].as_str().unwrap()).as_deref(),
        Some("كازاخستان 2022/مقال #1.txt")
    );
    // A selection is another collection, with another IRI.
    let some = export_and_check(
        &project,
        &out.path().join("some.jsonld"),
        &["--codes", "شخص", "منظمة"],
        2,
    );
    assert_ne!(some["id"], collection["id"]);
    let again = export_and_check(&project, &out.path().join("again.jsonld"), &[], 4);
    assert_eq!(
        again["id"], collection["id"],
        "the same annotations, the same IRI"
    );
}

#[test]
fn an_empty_export_is_a_collection_without_pages() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), TEXT).unwrap();
    common::qari_ok(["init".as_ref(), dir.path().as_os_str()]);
    let out = tempfile::tempdir().unwrap();
    let collection = export_and_check(
        &dir.path().join("qari.ron"),
        &out.path().join("none.jsonld"),
        &[],
        0,
    );
    assert_eq!(collection["total"], 0);
    assert!(collection.get("first").is_none());
}

#[test]
fn the_golden_export_keeps_the_musts() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/export/annotations.jsonld");
    let collection: Value =
        serde_json::from_str(&std::fs::read_to_string(golden).unwrap()).unwrap();
    let (report, found) = check_collection(&collection, false);
    report.assert_none("the golden W3C export");
    assert_eq!(found, 4);
}

#[test]
fn the_checks_catch_what_qari_exported_before_iris() {
    // The file the W3C suite failed (issue 19): bare document ids, no collection or page id.
    let before = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/export/annotations-before-iris.jsonld");
    let collection: Value =
        serde_json::from_str(&std::fs::read_to_string(before).unwrap()).unwrap();
    let (report, _) = check_collection(&collection, true);
    let rules: std::collections::BTreeSet<&str> = report
        .broken
        .iter()
        .map(|line| line.split(" at ").next().unwrap())
        .collect();
    assert_eq!(
        rules,
        ["§4.1", "§5.1", "§5.2"].into_iter().collect(),
        "{:#?}",
        report.broken
    );
    assert_eq!(report.broken.len(), 4 + 1 + 1, "{:#?}", report.broken);
}

#[test]
fn the_anercorp_gold_with_an_arabic_note_keeps_the_musts() {
    let Some(data) = common::shared_data("eval/anercorp-train/gold.jsonl") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("anercorp.ron");
    let docs = data.join("eval/anercorp-train/docs");
    common::qari_ok([
        "init".as_ref(),
        docs.as_os_str(),
        "--project".as_ref(),
        project.as_os_str(),
    ]);
    let gold = std::fs::read_to_string(data.join("eval/anercorp-train/gold.jsonl")).unwrap();
    let mut lines = Vec::new();
    for (i, line) in gold.lines().enumerate() {
        let mut passage: Value = serde_json::from_str(line).unwrap();
        if i % 3 == 0 {
            passage["note"] = "ملاحظة: \"اسم\" في النص".into();
        }
        lines.push(passage.to_string());
    }
    let file = dir.path().join("gold.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    common::qari_ok(["import".as_ref(), project.as_os_str(), file.as_os_str()]);
    export_and_check(&project, &dir.path().join("gold.jsonld"), &[], lines.len());
}

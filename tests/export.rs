//! Exports against golden files: a small Arabic fixture with overlapping passages, a note with a
//! line break and quotes, and a code with a `/` and spaces in its name. `UPDATE_GOLDEN=1`
//! rewrites the golden files (look at them before committing).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use qari::annotations::{
    Anchor, Annotation, AnnotationId, Annotations, Code, CodeId, Codebook, Colour,
};
use qari::corpus::ContentHash;
use qari::project::{ProjectFile, format};

const TEXT: &str = "قال الرئيس توكاييف إن قوات حفظ السلام التابعة لمنظمة معاهدة الأمن الجماعي \
                    وصلت إلى ألماتا، و\"الوضع مستقر\".\n";

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/export")
        .join(name)
}

/// The fixture project in `dir`: one document, three codes, four annotations.
fn fixture(dir: &Path) -> PathBuf {
    std::fs::write(dir.join("مقال.txt"), TEXT).unwrap();
    let time: jiff::Timestamp = "2026-11-21T09:30:00Z".parse().unwrap();
    let code = |id: u32, name: &str, parent: Option<u32>| Code {
        id: CodeId(id),
        name: name.into(),
        colour: Colour::PALETTE[id as usize],
        description: String::new(),
        shortcut: None,
        parent: parent.map(CodeId),
        attention: String::new(),
        kind: None,
    };
    let annotation = |id: u64, phrase: &str, codes: &[u32], note: &str| {
        let start = TEXT[..TEXT.find(phrase).unwrap()].chars().count();
        let range = start..start + phrase.chars().count();
        let anchor = Anchor::of(TEXT, range.clone()).unwrap();
        Annotation {
            id: AnnotationId(id),
            doc: "مقال.txt".into(),
            start: range.start,
            end: range.end,
            codes: codes.iter().map(|c| CodeId(*c)).collect(),
            quote: anchor.quote,
            prefix: anchor.prefix,
            suffix: anchor.suffix,
            hash: ContentHash::of(TEXT),
            note: note.into(),
            author: "سارة".into(),
            created: time,
            modified: time,
            attention: String::new(),
        }
    };
    let project = ProjectFile {
        codebook: Codebook {
            codes: vec![
                code(1, "حجة", None),
                code(2, "legitimacy / claims", Some(1)),
                code(3, "actor", None),
            ],
        },
        annotations: Annotations::from_vec(vec![
            annotation(1, "الرئيس توكاييف", &[3], ""),
            annotation(
                2,
                "قوات حفظ السلام التابعة لمنظمة معاهدة الأمن الجماعي",
                &[2, 1],
                "سطر أول\nو\"اقتباس\", بفاصلة",
            ),
            annotation(3, "منظمة معاهدة الأمن الجماعي", &[3], ""),
            annotation(4, "\"الوضع مستقر\"", &[], "بلا رمز"),
        ])
        .unwrap(),
        ..ProjectFile::new(".".into())
    };
    // Named, so the project's name in the W3C export's IRIs is the same on every run.
    let path = dir.join("أخبار.ron");
    std::fs::write(&path, format::to_ron(&project).unwrap()).unwrap();
    path
}

fn export(project: &Path, format: &str, out: &Path, extra: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_qari"))
        .arg("export")
        .arg(project)
        .args(["--format", format, "--out"])
        .arg(out)
        .args(extra)
        .env(
            "QARI_CONFIG_DIR",
            std::env::temp_dir().join("qari-export-test-config"),
        )
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
}

fn check_golden(written: &Path, name: &str) {
    let bytes = std::fs::read(written).unwrap();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(golden(name), &bytes).unwrap();
    }
    let expected = std::fs::read(golden(name)).unwrap();
    assert!(
        bytes == expected,
        "{name} differs from its golden file:\n{}",
        String::from_utf8_lossy(&bytes)
    );
}

#[test]
fn csv_has_a_bom_a_row_per_annotation_and_code_and_rfc4180_quoting() {
    let dir = tempfile::tempdir().unwrap();
    let project = fixture(dir.path());
    let out = dir.path().join("out.csv");
    export(&project, "csv", &out, &[]);
    check_golden(&out, "annotations.csv");
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with("\u{FEFF}document,start,end,quote,code,".as_bytes()));
    // Read back as a table: Arabic intact, the note's line break and quotes kept.
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 5, "annotation 2 has two codes");
    assert_eq!(
        &rows[1][3],
        "قوات حفظ السلام التابعة لمنظمة معاهدة الأمن الجماعي"
    );
    assert_eq!(&rows[1][4], "حجة/legitimacy \\/ claims");
    assert_eq!(&rows[1][5], "سطر أول\nو\"اقتباس\", بفاصلة");
    assert_eq!(&rows[4][4], "", "an annotation without a code has one row");
}

#[test]
fn jsonl_has_every_field_and_filters_by_code_subtree_and_document() {
    let dir = tempfile::tempdir().unwrap();
    let project = fixture(dir.path());
    let out = dir.path().join("out.jsonl");
    export(&project, "jsonl", &out, &[]);
    check_golden(&out, "annotations.jsonl");
    let only = dir.path().join("only.jsonl");
    export(
        &project,
        "jsonl",
        &only,
        &["--codes", "حجة", "--docs", "مقال.txt"],
    );
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&only)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines.len(),
        1,
        "only annotation 2 has حجة or a code under it"
    );
    assert_eq!(
        lines[0]["codes"],
        serde_json::json!(["حجة/legitimacy \\/ claims", "حجة"])
    );
}

#[test]
fn entity_mentions_can_be_exported_beside_the_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let project = fixture(dir.path());
    let out = dir.path().join("with.csv");
    export(&project, "csv", &out, &["--with-entities"]);
    let bytes = std::fs::read(&out).unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let mention = |quote: &str, kind: &str| {
        rows.iter().any(|r| {
            &r[3] == quote && r[4].starts_with(&format!("entity/{kind}/")) && &r[6] == "qari"
        })
    };
    assert!(mention("توكاييف", "person"), "{rows:?}");
    assert!(
        mention("منظمة معاهدة الأمن الجماعي", "organisation"),
        "{rows:?}"
    );
    assert!(mention("ألماتا", "place"), "{rows:?}");
}

#[test]
fn exported_mentions_hold_the_taggers_names_with_source_and_score_unless_no_tagger() {
    let dir = tempfile::tempdir().unwrap();
    // A Croatian president the bundled register does not have, after a title.
    std::fs::write(
        dir.path().join("a.txt"),
        "وقال الرئيس ميلانوفيتش في زغرب إن بلاده ستدعم الاتفاق.\n",
    )
    .unwrap();
    let init = Command::new(env!("CARGO_BIN_EXE_qari"))
        .arg("init")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(init.status.success());
    let project = dir.path().join("qari.ron");
    let lines = |out: &Path| -> Vec<serde_json::Value> {
        std::fs::read_to_string(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let outside = tempfile::tempdir().unwrap();
    let with = outside.path().join("with.jsonl");
    export(&project, "jsonl", &with, &["--with-entities"]);
    let found = lines(&with);
    let name = found
        .iter()
        .find(|l| l["quote"] == "ميلانوفيتش")
        .unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!(name["entity"], serde_json::Value::Null);
    assert_eq!(
        (name["kind"].as_str(), name["source"].as_str()),
        (Some("person"), Some("tagger"))
    );
    let score = name["score"].as_f64().unwrap();
    assert!(score > 0.0 && score < 1.0, "{name}");
    assert_eq!(
        (name["start"].as_u64(), name["end"].as_u64()),
        (Some(12), Some(22))
    );

    let without = outside.path().join("without.jsonl");
    export(
        &project,
        "jsonl",
        &without,
        &["--with-entities", "--no-tagger"],
    );
    let register_only = lines(&without);
    assert!(
        register_only.iter().all(|l| l["source"] == "register"),
        "{register_only:?}"
    );
    assert!(
        register_only.iter().all(|l| !l["entity"].is_null()),
        "{register_only:?}"
    );
    assert!(register_only.len() < found.len());

    // Imported back, mention lines (with an entity or not) are not annotations.
    let said = import(&project, "jsonl", &with);
    assert!(
        qari::project::workspace::load(&project)
            .unwrap()
            .annotations
            .is_empty(),
        "{said}"
    );
}

/// (document, start, end, code paths, note, author) of every annotation of a project.
fn annotations_of(project: &Path) -> Vec<(String, usize, usize, Vec<String>, String, String)> {
    let p = qari::project::workspace::load(project).unwrap();
    p.annotations
        .iter()
        .map(|a| {
            (
                a.doc.clone(),
                a.start,
                a.end,
                a.codes.iter().map(|c| p.codebook.path(*c)).collect(),
                a.note.clone(),
                a.author.clone(),
            )
        })
        .collect()
}

fn import(project: &Path, format: &str, from: &Path) -> String {
    common::qari_ok([
        "import".as_ref(),
        project.as_os_str(),
        "--format".as_ref(),
        format.as_ref(),
        from.as_os_str(),
    ])
}

#[test]
fn brat_jsonl_and_w3c_exports_import_back_to_the_same_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let project = fixture(dir.path());
    // Outside the corpus folder (a brat folder in it is refused: its texts would be documents).
    let elsewhere = tempfile::tempdir().unwrap();
    let brat = elsewhere.path().join("brat");
    export(&project, "brat", &brat, &[]);
    let ann = std::fs::read_to_string(brat.join("مقال.ann")).unwrap();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(golden("مقال.ann"), &ann).unwrap();
        std::fs::copy(brat.join("annotation.conf"), golden("annotation.conf")).unwrap();
    }
    assert_eq!(ann, std::fs::read_to_string(golden("مقال.ann")).unwrap());
    assert_eq!(
        std::fs::read_to_string(brat.join("annotation.conf")).unwrap(),
        std::fs::read_to_string(golden("annotation.conf")).unwrap()
    );
    assert_eq!(
        std::fs::read_to_string(brat.join("مقال.txt")).unwrap(),
        TEXT
    );
    check_t_lines(&brat.join("مقال.txt"), &ann);
    let jsonl = dir.path().join("all.jsonl");
    export(&project, "jsonl", &jsonl, &[]);
    let w3c = dir.path().join("all.jsonld");
    export(&project, "w3c", &w3c, &[]);
    check_golden(&w3c, "annotations.jsonld");
    // A file qari wrote before documents had IRIs (`source`: the bare document id).
    let before = golden("annotations-before-iris.jsonld");
    for (format, from) in [
        ("brat", &brat),
        ("jsonl", &jsonl),
        ("w3c", &w3c),
        ("w3c", &before),
    ] {
        let other = tempfile::tempdir().unwrap();
        std::fs::write(other.path().join("مقال.txt"), TEXT).unwrap();
        let init = Command::new(env!("CARGO_BIN_EXE_qari"))
            .arg("init")
            .arg(other.path())
            .output()
            .unwrap();
        assert!(init.status.success());
        let said = import(&other.path().join("qari.ron"), format, from);
        assert!(
            said.starts_with("imported 4 annotations (3 new codes"),
            "{format}: {said}"
        );
        assert_eq!(
            annotations_of(&other.path().join("qari.ron")),
            annotations_of(&project),
            "{format}"
        );
    }
}

/// Every T line's text is the document text at its offsets (fragments joined by a space).
pub fn check_t_lines(txt: &Path, ann: &str) {
    let text: Vec<char> = std::fs::read_to_string(txt).unwrap().chars().collect();
    for line in ann.lines().filter(|l| l.starts_with('T')) {
        let fields: Vec<&str> = line.split('\t').collect();
        let spans = fields[1].split_once(' ').unwrap().1;
        let pieces: Vec<String> = spans
            .split(';')
            .map(|f| {
                let (s, e) = f.split_once(' ').unwrap();
                let (s, e): (usize, usize) = (s.parse().unwrap(), e.parse().unwrap());
                text[s..e].iter().collect()
            })
            .collect();
        assert_eq!(pieces.join(" "), fields[2], "{line}");
    }
}

#[test]
fn w3c_annotations_have_quote_and_position_selectors_and_tagging_and_commenting_bodies() {
    let dir = tempfile::tempdir().unwrap();
    let project = fixture(dir.path());
    let out = dir.path().join("w3c.jsonld");
    export(&project, "w3c", &out, &[]);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(json["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(json["type"], "AnnotationCollection");
    assert_eq!(json["total"], 4);
    let second = &json["first"]["items"][1];
    assert_eq!(second["type"], "Annotation");
    assert_eq!(second["creator"]["name"], "سارة");
    let target = &second["target"];
    assert_eq!(target["type"], "SpecificResource");
    assert_eq!(target["source"]["dcterms:identifier"], "مقال.txt");
    assert_eq!(
        target["source"]["id"],
        "urn:qari:project:%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1:document:%D9%85%D9%82%D8%A7%D9%84.txt"
    );
    assert_eq!(
        json["first"]["partOf"]["id"], json["id"],
        "the page is part of the collection"
    );
    let selectors = second["target"]["selector"].as_array().unwrap();
    assert_eq!(selectors[0]["type"], "TextQuoteSelector");
    assert_eq!(
        selectors[0]["exact"],
        "قوات حفظ السلام التابعة لمنظمة معاهدة الأمن الجماعي"
    );
    assert_eq!(selectors[1]["type"], "TextPositionSelector");
    assert_eq!(
        (selectors[1]["start"].as_u64(), selectors[1]["end"].as_u64()),
        (Some(22), Some(73))
    );
    let purposes: Vec<&str> = second["body"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["purpose"].as_str().unwrap())
        .collect();
    assert_eq!(purposes, ["tagging", "tagging", "commenting"]);
}

#[test]
fn conll_tags_tokens_of_chosen_codes_and_entity_mentions() {
    let dir = tempfile::tempdir().unwrap();
    let project = fixture(dir.path());
    let out = dir.path().join("actor.conll");
    export(&project, "conll", &out, &["--codes", "actor"]);
    check_golden(&out, "actor.conll");
    let with = dir.path().join("entities.conll");
    export(
        &project,
        "conll",
        &with,
        &["--codes", "actor", "--with-entities"],
    );
    let text = std::fs::read_to_string(&with).unwrap();
    assert!(text.contains("ألماتا\tB-LOC\n"), "{text}");
    // Overlap: the annotation on الرئيس توكاييف starts first and keeps both tokens.
    assert!(
        text.contains("الرئيس\tB-actor\nتوكاييف\tI-actor\n"),
        "{text}"
    );
}

#[test]
fn the_html_report_is_one_right_to_left_page_with_highlights_notes_and_a_legend() {
    let dir = tempfile::tempdir().unwrap();
    let project = fixture(dir.path());
    // Not in the corpus folder, where the report would become a document.
    let outside = tempfile::tempdir().unwrap();
    let out = outside.path().join("report.html");
    export(&project, "html", &out, &[]);
    let html = std::fs::read_to_string(&out).unwrap();
    check_golden(&out, "report.html");
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"));
    assert!(html.contains("<p dir=\"auto\">"));
    // The legend counts passages per code; the note is numbered beside its paragraph.
    assert!(html.contains("actor <bdi>(2)</bdi>"), "{html}");
    assert!(html.contains("<sup class=\"n\">1</sup>"));
    assert!(
        html.contains("سطر أول\nو&quot;اقتباس&quot;, بفاصلة</div>"),
        "{html}"
    );
}

/// The rules of the REFI-QDA schema (Project.xsd 1.0, Codebook.xsd 1.0) that qari's files are
/// checked against: element order, required attributes, GUID and colour patterns, references
/// that resolve, positions within the source text.
mod refi_rules {
    use std::collections::{HashMap, HashSet};

    pub const PROJECT_NS: &str = "urn:QDA-XML:project:1.0";
    pub const CODEBOOK_NS: &str = "urn:QDA-XML:codebook:1.0";

    pub fn is_guid(s: &str) -> bool {
        let s = s.trim_start_matches('{').trim_end_matches('}');
        let parts: Vec<&str> = s.split('-').collect();
        parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
            && parts
                .iter()
                .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
    }

    /// The children of `node` (elements only) appear in the order of `order`, each at most
    /// once unless listed in `many`.
    pub fn check_order(node: roxmltree::Node, order: &[&str], many: &[&str]) {
        let mut at = 0;
        let mut seen = HashSet::new();
        for child in node.children().filter(|c| c.is_element()) {
            let name = child.tag_name().name();
            let i = order.iter().position(|o| *o == name).unwrap_or_else(|| {
                panic!("<{name}> is not allowed in <{}>", node.tag_name().name())
            });
            assert!(
                i >= at,
                "<{name}> out of order in <{}>",
                node.tag_name().name()
            );
            assert!(seen.insert(name) || many.contains(&name), "<{name}> twice");
            at = i;
        }
    }

    pub fn required<'a>(node: roxmltree::Node<'a, 'a>, attr: &str) -> &'a str {
        node.attribute(attr)
            .unwrap_or_else(|| panic!("<{}> without {attr}", node.tag_name().name()))
    }

    /// The node's `guid`: present, a GUID, and not used before in the file.
    pub fn fresh_guid<'a>(node: roxmltree::Node<'a, 'a>, guids: &mut HashSet<String>) -> &'a str {
        let guid = required(node, "guid");
        assert!(is_guid(guid), "{guid}");
        assert!(guids.insert(guid.to_owned()), "duplicate GUID {guid}");
        guid
    }

    pub fn check_codes(codes: roxmltree::Node, guids: &mut HashSet<String>) -> HashSet<String> {
        let mut out = HashSet::new();
        for code in codes.descendants().filter(|n| n.has_tag_name("Code")) {
            let guid = fresh_guid(code, guids);
            out.insert(guid.to_owned());
            assert!(!required(code, "name").is_empty());
            assert!(matches!(required(code, "isCodable"), "true" | "false"));
            if let Some(colour) = code.attribute("color") {
                assert!(
                    colour.len() == 7
                        && colour.starts_with('#')
                        && colour[1..]
                            .chars()
                            .all(|c| c.is_ascii_digit() || ('A'..='F').contains(&c)),
                    "colour {colour}"
                );
            }
            check_order(
                code,
                &["Description", "Code", "NoteRef"],
                &["Code", "NoteRef"],
            );
        }
        out
    }

    /// Checks a project; `texts` are the sources' files by `plainTextPath`.
    pub fn check_project(xml: &str, texts: &HashMap<String, String>) -> usize {
        let doc = roxmltree::Document::parse(xml).unwrap();
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "Project");
        assert_eq!(root.tag_name().namespace(), Some(PROJECT_NS));
        assert!(!required(root, "name").is_empty());
        for n in root.descendants().filter(|n| n.is_element()) {
            assert_eq!(
                n.tag_name().namespace(),
                Some(PROJECT_NS),
                "{:?}",
                n.tag_name()
            );
        }
        check_order(
            root,
            &[
                "Users",
                "CodeBook",
                "Variables",
                "Cases",
                "Sources",
                "Notes",
                "Links",
                "Sets",
                "Graphs",
                "Description",
                "NoteRef",
            ],
            &["NoteRef"],
        );
        let mut guids = HashSet::new();
        let users: HashSet<String> = root
            .descendants()
            .filter(|n| n.has_tag_name("User"))
            .map(|u| {
                let g = fresh_guid(u, &mut guids);
                g.to_owned()
            })
            .collect();
        let codes = root
            .descendants()
            .find(|n| n.has_tag_name("Codes"))
            .map(|c| check_codes(c, &mut guids))
            .unwrap_or_default();
        let notes: HashSet<String> = root
            .descendants()
            .filter(|n| n.has_tag_name("Note"))
            .map(|note| {
                let g = fresh_guid(note, &mut guids);
                check_order(
                    note,
                    &[
                        "Description",
                        "PlainTextContent",
                        "PlainTextSelection",
                        "VariableValue",
                        "NoteRef",
                    ],
                    &["PlainTextSelection", "VariableValue", "NoteRef"],
                );
                assert!(note.children().any(|c| c.has_tag_name("PlainTextContent")));
                g.to_owned()
            })
            .collect();
        let mut selections = 0;
        for n in root.descendants().filter(|n| n.is_element()) {
            for attr in ["creatingUser", "modifyingUser"] {
                if let Some(u) = n.attribute(attr) {
                    assert!(users.contains(u), "{attr} {u} is no user");
                }
            }
            for attr in ["creationDateTime", "modifiedDateTime"] {
                if let Some(t) = n.attribute(attr) {
                    assert!(t.parse::<jiff::Timestamp>().is_ok(), "{attr} {t}");
                }
            }
            if n.has_tag_name("NoteRef") {
                assert!(notes.contains(required(n, "targetGUID")));
            }
        }
        for source in root.descendants().filter(|n| n.has_tag_name("TextSource")) {
            fresh_guid(source, &mut guids);
            check_order(
                source,
                &[
                    "Description",
                    "PlainTextContent",
                    "PlainTextSelection",
                    "VariableValue",
                    "NoteRef",
                ],
                &["PlainTextSelection", "VariableValue", "NoteRef"],
            );
            let path = required(source, "plainTextPath");
            let file = path
                .strip_prefix("internal://")
                .expect("an internal source");
            let text: Vec<char> = texts
                .get(file)
                .expect("the source file is in the zip")
                .chars()
                .collect();
            for sel in source
                .children()
                .filter(|n| n.has_tag_name("PlainTextSelection"))
            {
                fresh_guid(sel, &mut guids);
                let start: usize = required(sel, "startPosition").parse().unwrap();
                let end: usize = required(sel, "endPosition").parse().unwrap();
                assert!(
                    start <= end && end <= text.len(),
                    "{start}..{end} of {}",
                    text.len()
                );
                if let Some(name) = sel.attribute("name").filter(|n| *n != "(whole document)") {
                    assert_eq!(text[start..end].iter().collect::<String>(), name);
                }
                check_order(
                    sel,
                    &["Description", "Coding", "NoteRef"],
                    &["Coding", "NoteRef"],
                );
                for coding in sel.children().filter(|n| n.has_tag_name("Coding")) {
                    fresh_guid(coding, &mut guids);
                    let refs: Vec<_> = coding.children().filter(|c| c.is_element()).collect();
                    assert_eq!(refs.len(), 1);
                    assert!(refs[0].has_tag_name("CodeRef"));
                    assert!(codes.contains(required(refs[0], "targetGUID")));
                }
                selections += 1;
            }
        }
        selections
    }

    pub fn check_codebook(xml: &str) -> usize {
        let doc = roxmltree::Document::parse(xml).unwrap();
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "CodeBook");
        assert_eq!(root.tag_name().namespace(), Some(CODEBOOK_NS));
        check_order(root, &["Codes", "Sets"], &[]);
        let codes = root.children().find(|n| n.has_tag_name("Codes")).unwrap();
        check_codes(codes, &mut HashSet::new()).len()
    }
}

#[test]
fn refi_qda_project_and_codebook_follow_the_schema_rules() {
    use std::io::Read as _;
    let dir = tempfile::tempdir().unwrap();
    // A folder of a fixed name: the project's name seeds its GUIDs.
    let corpus = dir.path().join("fixture");
    std::fs::create_dir(&corpus).unwrap();
    let project = fixture(&corpus);
    let qdpx = dir.path().join("project.qdpx");
    export(&project, "qdpx", &qdpx, &[]);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&qdpx).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("project.qde")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut texts = std::collections::HashMap::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let full = file.name().unwrap().to_string();
        if let Some(name) = full.strip_prefix("sources/") {
            let name = name.to_owned();
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            assert_eq!(text, TEXT);
            texts.insert(name, text);
        }
    }
    assert_eq!(refi_rules::check_project(&xml, &texts), 4);
    let qde = dir.path().join("project.qde");
    std::fs::write(&qde, &xml).unwrap();
    check_golden(&qde, "project.qde");
    assert!(
        xml.contains(
            "<PlainTextContent>سطر أول&#10;و&quot;اقتباس&quot;, بفاصلة</PlainTextContent>"
        ),
        "{xml}"
    );
    let qdc = dir.path().join("codes.qdc");
    export(&project, "qdc", &qdc, &[]);
    check_golden(&qdc, "codes.qdc");
    assert_eq!(
        refi_rules::check_codebook(&std::fs::read_to_string(&qdc).unwrap()),
        3
    );
}

#[test]
fn a_document_changed_since_the_corpus_was_read_stops_a_refi_qda_export_and_is_named() {
    use qari::export::{Format, Options, WithEntities};
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let project = fixture(&corpus);
    let ws = qari::project::Workspace::open(&project).unwrap();
    let out = dir.path().join("project.qdpx");
    let export = |ws: &qari::project::Workspace| {
        qari::export::export(
            ws,
            Format::Qdpx,
            &out,
            &Options::default(),
            &WithEntities::No,
        )
    };
    // Packed text by text as the corpus was read: the export is whole.
    assert_eq!(export(&ws).unwrap().annotations, 4);
    let before = std::fs::read(&out).unwrap();
    // A text longer than when the window read it: its length in the project would be wrong.
    std::fs::write(corpus.join("مقال.txt"), format!("{TEXT} وزيادة")).unwrap();
    let error = export(&ws).unwrap_err().to_string();
    assert!(
        error.contains("changed since the corpus was read"),
        "{error}"
    );
    assert!(error.contains("مقال.txt"), "{error}");
    assert_eq!(
        std::fs::read(&out).unwrap(),
        before,
        "the earlier export is kept"
    );
}

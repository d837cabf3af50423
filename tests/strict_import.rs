//! Imports are strict (issue 12): a brat id given twice, a text that is not the document's at
//! its offsets, a W3C file of another shape, a negative offset, a code name with control or
//! bidi characters are refused with their line, and nothing is added; `--lenient` takes the
//! doubtful lines with a warning each. Code names follow one rule at every door, the window's
//! intents included; a backslash in a name is kept; the annotations table never prints a raw
//! control character. A name that cleaning empties is a plain error, and warnings are printed
//! only for an import carried out. No FIFO or device found in a brat folder is read; a W3C
//! collection with pages given by address is refused.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use qari::project::{CodeChange, Intent, IntentError, Workspace, workspace};

/// The one document: `Hello` is 0–5, `world` 6–11, `foo` 12–15.
const TEXT: &str = "Hello world foo\n";

fn qari(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(args)
        .env(
            "QARI_CONFIG_DIR",
            std::env::temp_dir().join("qari-strict-import-test-config"),
        )
        .output()
        .expect("run qari")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// A corpus folder holding `a.txt` and a project; the folder's path.
fn project(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), TEXT).unwrap();
    let out = qari(&[&"init", &corpus]);
    assert!(out.status.success(), "{}", stderr(&out));
    corpus
}

/// The project's annotations as (start, end, code paths, note).
fn annotations(corpus: &Path) -> Vec<(u64, u64, Vec<String>, String)> {
    let out = qari(&[&"annotations", &corpus, &"--format", &"jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let codes = v["codes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_owned())
                .collect();
            (
                v["start"].as_u64().unwrap(),
                v["end"].as_u64().unwrap(),
                codes,
                v["note"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// A brat folder with this `.ann` for `a.txt` (and `annotation.conf`, when given).
fn brat(dir: &Path, ann: &str, conf: Option<&str>) -> PathBuf {
    let folder = dir.join("brat");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("a.ann"), ann).unwrap();
    if let Some(conf) = conf {
        std::fs::write(folder.join("annotation.conf"), conf).unwrap();
    }
    folder
}

/// `qari import` of a file or folder in a format, lenient or not.
fn import(corpus: &Path, format: &str, file: &Path, lenient: bool) -> Output {
    if lenient {
        qari(&[
            &"import",
            &corpus,
            &"--format",
            &format,
            &file,
            &"--lenient",
        ])
    } else {
        qari(&[&"import", &corpus, &"--format", &format, &file])
    }
}

/// Refused: exit 1, nothing added, and the message holds every `expected` piece.
fn assert_refused(corpus: &Path, out: &Output, expected: &[&str]) {
    let message = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{message}");
    for piece in expected {
        assert!(message.contains(piece), "{piece:?} not in:\n{message}");
    }
    assert!(annotations(corpus).is_empty(), "something was added");
}

#[test]
fn brat_import_refuses_two_t1_lines() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    let folder = brat(
        dir.path(),
        "T1\tORG 0 5\tHello\nT1\tPER 6 11\tworld\n",
        None,
    );
    let out = import(&corpus, "brat", &folder, false);
    assert_refused(
        &corpus,
        &out,
        &[
            "a.ann: line 2: the id T1 is given again (first on line 1)",
            "nothing imported",
            "--lenient",
        ],
    );
    assert!(
        stderr(&out)
            .trim_end()
            .ends_with(&folder.display().to_string())
    );

    let out = import(&corpus, "brat", &folder, true);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning: a.ann: line 2: the id T1 is given again"),
        "{}",
        stderr(&out)
    );
    // The first line is kept, the second left out (never both, never only the second).
    assert_eq!(
        annotations(&corpus),
        [(0, 5, vec!["ORG".to_owned()], String::new())]
    );
}

#[test]
fn brat_import_refuses_note_and_attribute_ids_given_twice() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    let ann = "T1\tORG 0 5\tHello\nT2\tPER 6 11\tworld\n#1\tAnnotatorNotes T1\tfirst\n\
               #1\tAnnotatorNotes T2\tsecond\nA1\tNegated T1\nA1\tNegated T2\n";
    let folder = brat(dir.path(), ann, None);
    let out = import(&corpus, "brat", &folder, false);
    assert_refused(
        &corpus,
        &out,
        &[
            "a.ann: line 4: the id #1 is given again (first on line 3)",
            "a.ann: line 6: the id A1 is given again (first on line 5)",
        ],
    );
    let out = import(&corpus, "brat", &folder, true);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out).matches("warning: ").count(), 2);
    assert_eq!(
        annotations(&corpus),
        [
            (0, 5, vec!["ORG".to_owned()], "first".to_owned()),
            (6, 11, vec!["PER".to_owned()], String::new()),
        ]
    );
}

#[test]
fn brat_import_refuses_text_that_does_not_match() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    // Right offsets, the text of another passage; then a text shifted by one code point.
    let folder = brat(
        dir.path(),
        "T1\tORG 0 5\tHello\nT2\tPER 0 5\tworld\nT3\tLOC 7 12\tworld\n",
        None,
    );
    let out = import(&corpus, "brat", &folder, false);
    assert_refused(
        &corpus,
        &out,
        &[
            "a.ann: line 2: the file's text “world” is not the document's text at 0–5 (“Hello”)",
            "a.ann: line 3: the file's text “world” is not the document's text at 7–12",
            "2 bad lines",
        ],
    );
    let out = import(&corpus, "brat", &folder, true);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("line 2: the file's text “world” is not the document's text at 0–5 (“Hello”); imported at its offsets"),
        "{}",
        stderr(&out)
    );
    // T1 and T2 are one passage with two codes.
    let codes: Vec<Vec<String>> = annotations(&corpus).into_iter().map(|a| a.2).collect();
    assert_eq!(codes, [vec!["ORG", "PER"], vec!["LOC"]]);
}

#[test]
fn brat_import_refuses_pieces_with_text_between_them() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    // Pieces over a space (as qari writes a passage over a line break) are one passage; pieces
    // that leave out a word are not.
    let folder = brat(
        dir.path(),
        "T1\tORG 0 5;6 11\tHello world\nT2\tPER 0 5;12 15\tHello foo\n",
        None,
    );
    let out = import(&corpus, "brat", &folder, false);
    assert_refused(
        &corpus,
        &out,
        &["a.ann: line 2: the pieces 0 5;12 15 leave out text between them (“ world ”)"],
    );
    assert!(!stderr(&out).contains("line 1"), "{}", stderr(&out));
    let out = import(&corpus, "brat", &folder, true);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("imported as one passage 0–15"));
    let spans: Vec<(u64, u64)> = annotations(&corpus)
        .into_iter()
        .map(|(s, e, ..)| (s, e))
        .collect();
    assert_eq!(spans, [(0, 11), (0, 15)]);
}

#[test]
fn w3c_import_refuses_a_bare_number() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    for (name, json) in [
        ("number.json", "42"),
        ("object.json", r#"{"a": 1}"#),
        ("string.json", r#""AnnotationCollection""#),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, json).unwrap();
        let out = import(&corpus, "w3c", &file, false);
        assert_refused(&corpus, &out, &[]);
        assert_eq!(
            stderr(&out).trim_end(),
            format!(
                "qari: not a W3C Web Annotation collection or annotation: {}",
                file.display()
            )
        );
        // Not a doubt a lenient import could take.
        assert_eq!(import(&corpus, "w3c", &file, true).status.code(), Some(1));
    }
}

/// A W3C annotation of `a.txt` with the code PER.
fn w3c_annotation(start: serde_json::Value, end: u64, exact: Option<&str>) -> serde_json::Value {
    let mut selectors = vec![serde_json::json!({
        "type": "TextPositionSelector", "start": start, "end": end,
    })];
    if let Some(exact) = exact {
        selectors.push(serde_json::json!({"type": "TextQuoteSelector", "exact": exact}));
    }
    serde_json::json!({
        "type": "Annotation",
        "body": {"type": "TextualBody", "purpose": "tagging", "value": "PER"},
        "target": {"source": "a.txt", "selector": selectors},
    })
}

#[test]
fn w3c_import_refuses_a_quote_that_does_not_match() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    let file = dir.path().join("notes.jsonld");
    let list = serde_json::json!([
        w3c_annotation(0.into(), 5, Some("Hello")),
        w3c_annotation(6.into(), 11, Some("wurld")),
    ]);
    std::fs::write(&file, list.to_string()).unwrap();
    let out = import(&corpus, "w3c", &file, false);
    assert_refused(
        &corpus,
        &out,
        &["line 2: the file's text “wurld” is not the document's text at 6–11 (“world”)"],
    );
    let out = import(&corpus, "w3c", &file, true);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out).matches("warning: line 2").count(), 1);
    assert_eq!(annotations(&corpus).len(), 2);

    // One annotation on its own is a W3C file too.
    let one = dir.path().join("one.jsonld");
    std::fs::write(&one, w3c_annotation(12.into(), 15, Some("foo")).to_string()).unwrap();
    let out = import(&corpus, "w3c", &one, false);
    assert!(
        stdout(&out).contains("imported 1 annotations"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn w3c_import_reports_a_negative_start_as_negative() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    let file = dir.path().join("notes.jsonld");
    let list = serde_json::json!([
        w3c_annotation((-3).into(), 5, None),
        w3c_annotation(1.5.into(), 5, None),
        w3c_annotation("0".into(), 5, None),
    ]);
    std::fs::write(&file, list.to_string()).unwrap();
    let out = import(&corpus, "w3c", &file, true);
    assert_refused(
        &corpus,
        &out,
        &[
            "line 1: annotation 1: start -3 is negative in the TextPositionSelector",
            "line 2: annotation 2: start 1.5 is not a whole number",
            "line 3: annotation 3: start \"0\" is not a number",
        ],
    );
    assert!(!stderr(&out).contains("no start"), "{}", stderr(&out));
}

#[test]
fn jsonl_import_reports_a_negative_start_and_a_line_of_another_shape() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    let file = dir.path().join("gold.jsonl");
    let lines = [
        r#"{"doc": "a.txt", "start": 0, "end": 5, "code": "PER"}"#,
        r#"{"doc": "a.txt", "start": -3, "end": 5, "code": "PER"}"#,
        "42",
        r#"{"a": 1}"#,
        r#"{"doc": "a.txt", "start": 0, "end": 5, "code": "PER", "quote": "Hallo"}"#,
        r#"{"doc": "a.txt", "start": 0, "end": 5, "type": "PER", "text": "Hello"}"#,
        r#"{"doc": "a.txt", "start": 1, "end": 6, "type": "PER", "text": "Hello"}"#,
    ];
    std::fs::write(&file, lines.join("\n")).unwrap();
    let out = import(&corpus, "jsonl", &file, false);
    assert_refused(
        &corpus,
        &out,
        &[
            "line 2: start -3 is negative",
            "line 3: not a passage: a JSON object with doc, start, end and code is wanted, not a number",
            "line 4: not a passage: missing field `doc`",
            "line 5: the file's text “Hallo” is not the document's text at 0–5 (“Hello”)",
            "line 7: the file's text “Hello” is not the document's text at 1–6 (“ello ”)",
            "5 bad lines",
        ],
    );
}

#[test]
fn code_names_with_control_characters_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());

    // JSON lines.
    let file = dir.path().join("gold.jsonl");
    std::fs::write(
        &file,
        "{\"doc\": \"a.txt\", \"start\": 0, \"end\": 5, \"code\": \"PER\\u001b[31m\"}\n\
         {\"doc\": \"a.txt\", \"start\": 6, \"end\": 11, \"code\": \"frame/\\u202eLOC\"}\n\
         {\"doc\": \"a.txt\", \"start\": 12, \"end\": 15, \"codes\": [\"two\\nlines\\u0007\"]}\n",
    )
    .unwrap();
    let out = import(&corpus, "jsonl", &file, false);
    assert_refused(
        &corpus,
        &out,
        &[
            "line 1: the code name “PER\\u{1b}[31m” holds a control character U+001B",
            "line 2: the code name “\\u{202e}LOC” holds a bidi control U+202E",
            "line 3: the code name “two\\u{a}lines\\u{7}” holds a control character U+000A",
        ],
    );
    assert!(!stderr(&out).contains('\u{1b}') && !stderr(&out).contains('\u{202e}'));
    let out = import(&corpus, "jsonl", &file, true);
    assert!(out.status.success(), "{}", stderr(&out));
    let codes: Vec<Vec<String>> = annotations(&corpus).into_iter().map(|a| a.2).collect();
    assert_eq!(
        codes,
        [
            vec!["PER[31m".to_owned()],
            vec!["frame/LOC".to_owned()],
            vec!["two lines".to_owned()]
        ]
    );

    // brat: a type mapped by annotation.conf to a name with ESC in it.
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    let folder = brat(
        dir.path(),
        "T1\tcode_1 0 5\tHello\n",
        Some("[entities]\n# qari code: bell\u{7}\ncode_1\n"),
    );
    let out = import(&corpus, "brat", &folder, false);
    assert_refused(
        &corpus,
        &out,
        &["a.ann: line 1: the code name “bell\\u{7}” holds a control character U+0007"],
    );

    // W3C.
    let file = dir.path().join("notes.jsonld");
    let mut annotation = w3c_annotation(0.into(), 5, None);
    annotation["body"]["value"] = "\u{2066}PER\u{2069}".into();
    std::fs::write(&file, annotation.to_string()).unwrap();
    let out = import(&corpus, "w3c", &file, false);
    assert_refused(&corpus, &out, &["holds a bidi control U+2066"]);

    // The window: adding, tagging with a new code and renaming go through the same rule.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), TEXT).unwrap();
    let mut ws = workspace::init(dir.path(), &dir.path().join("qari.ron")).unwrap();
    let refused = |ws: &mut Workspace, intent: Intent| match ws.perform(intent, "t") {
        Err(IntentError::Refused(message)) => message,
        other => panic!("not refused: {other:?}"),
    };
    let message = refused(
        &mut ws,
        Intent::AddCode {
            name: "PER\u{1b}[2J".into(),
            parent: None,
        },
    );
    assert_eq!(
        message,
        "the code name “PER\\u{1b}[2J” holds a control character U+001B, which a code name \
         cannot hold"
    );
    refused(
        &mut ws,
        Intent::TagWithNewCode {
            doc: "a.txt".into(),
            range: 0..5,
            name: "\u{202e}LOC".into(),
        },
    );
    let id = ws
        .perform(
            Intent::AddCode {
                name: "ORG".into(),
                parent: None,
            },
            "t",
        )
        .unwrap()
        .new_code
        .unwrap();
    refused(
        &mut ws,
        Intent::ChangeCode {
            id,
            change: CodeChange::Rename("OR\nG".into()),
        },
    );
    let names: Vec<&str> = ws
        .project()
        .codebook
        .codes
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["ORG"]);
    assert!(ws.project().annotations.is_empty());
}

#[test]
fn annotations_table_never_prints_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    let file = dir.path().join("gold.jsonl");
    let line = serde_json::json!({
        "doc": "a.txt", "start": 0, "end": 5, "code": "PER",
        "note": "\u{1b}[31mred\u{7} \u{202e}evil\nnext",
        "author": "\u{1b}]0;title\u{7}",
    });
    std::fs::write(&file, format!("{line}\n")).unwrap();
    let out = import(&corpus, "jsonl", &file, false);
    assert!(out.status.success(), "{}", stderr(&out));
    // A code name from before the rule, written into the project file by hand.
    let ron = corpus.join("qari.ron");
    let text = std::fs::read_to_string(&ron).unwrap();
    assert!(text.contains("name: \"PER\""), "{text}");
    std::fs::write(
        &ron,
        text.replace("name: \"PER\"", "name: \"P\\u{1b}[2JER\""),
    )
    .unwrap();

    let out = qari(&[&"annotations", &corpus, &"--format", &"table"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = stdout(&out);
    let hidden: Vec<char> = table
        .chars()
        .filter(|c| *c != '\n' && qari::annotations::codebook::is_hidden_control(*c))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?} in:\n{table}");
    assert!(table.contains("P\\u{1b}[2JER"), "{table}");
    assert!(
        table.contains("(\\u{1b}[31mred\\u{7} \\u{202e}evil next)"),
        "{table}"
    );
    assert_eq!(table.lines().count(), 3, "{table}");
}

#[test]
fn a_backslash_in_a_code_name_is_kept() {
    // JSON lines: the code `a\b` (written "a\\b" in JSON).
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    let file = dir.path().join("gold.jsonl");
    std::fs::write(
        &file,
        r#"{"doc": "a.txt", "start": 0, "end": 5, "code": "a\\b"}"#,
    )
    .unwrap();
    let out = import(&corpus, "jsonl", &file, false);
    assert!(out.status.success(), "{}", stderr(&out));
    let ws = Workspace::open(&corpus.join("qari.ron")).unwrap();
    let names: Vec<&str> = ws
        .project()
        .codebook
        .codes
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["a\\b"]);
    assert_eq!(annotations(&corpus)[0].2, ["a\\b"]);
    let table = stdout(&qari(&[&"annotations", &corpus, &"--format", &"table"]));
    assert!(table.contains(" a\\b "), "{table}");

    // What `qari annotations` writes reads back into another project as the same name.
    let listed = dir.path().join("listed.jsonl");
    std::fs::write(
        &listed,
        qari(&[&"annotations", &corpus, &"--format", &"jsonl"]).stdout,
    )
    .unwrap();
    let other = tempfile::tempdir().unwrap();
    let other_corpus = project(other.path());
    let out = import(&other_corpus, "jsonl", &listed, false);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(annotations(&other_corpus)[0].2, ["a\\b"]);

    // brat: a type of that name in the .ann, and a code of that name in annotation.conf.
    for (ann, conf) in [
        ("T1\ta\\b 0 5\tHello\n", None),
        (
            "T1\tcode_1 0 5\tHello\n",
            Some("[entities]\n# qari code: a\\b\ncode_1\n"),
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let corpus = project(dir.path());
        let folder = brat(dir.path(), ann, conf);
        let out = import(&corpus, "brat", &folder, false);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(annotations(&corpus)[0].2, ["a\\b"], "{ann}");
    }

    // The window: a new code and a tag with a new code keep it.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), TEXT).unwrap();
    let mut ws = workspace::init(dir.path(), &dir.path().join("qari.ron")).unwrap();
    let intent = Intent::TagWithNewCode {
        doc: "a.txt".into(),
        range: 0..5,
        name: "x\\y".into(),
    };
    let id = ws.perform(intent, "t").unwrap().new_code.unwrap();
    let book = &ws.project().codebook;
    assert_eq!(book.get(id).unwrap().name, "x\\y");
    assert_eq!(book.path(id), "x\\y");
    assert_eq!(book.find_path("x\\y").map(|c| c.id), Some(id));
}

#[test]
fn a_lenient_import_still_adds_nothing_when_a_line_is_bad() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    let folder = brat(
        dir.path(),
        "T1\tORG 0 5\tHallo\nT2\tPER 6 99\tworld\n",
        None,
    );
    let out = import(&corpus, "brat", &folder, true);
    assert_refused(
        &corpus,
        &out,
        &["a.ann: line 2: range 6..99 is empty or outside document a.txt"],
    );
}

/// The window on a folder holding `a.txt` (its project made on opening), with its config in
/// `config`.
fn window(dir: &Path, config: &Path) -> egui_kittest::Harness<'static, common::gui::State> {
    std::fs::write(dir.join("a.txt"), TEXT).unwrap();
    common::gui::open_app_sized(Some(dir.to_owned()), config, [1200.0, 800.0])
}

#[test]
fn the_import_dialog_refuses_doubtful_lines_unless_lenient() {
    use egui_kittest::kittest::Queryable as _;
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let mut harness = window(dir.path(), config.path());
    let file = dir.path().join("notes.jsonld");
    let list = serde_json::json!([
        w3c_annotation(0.into(), 5, Some("Hello")),
        w3c_annotation(6.into(), 11, Some("wurld")),
    ]);
    std::fs::write(&file, list.to_string()).unwrap();
    let count = |h: &egui_kittest::Harness<'static, Option<qari::ui::QariApp>>| {
        let app = h.state().as_ref().unwrap();
        app.workspace().unwrap().project().annotations.len()
    };

    let state = harness.state_mut().as_mut().unwrap();
    state.run_command(qari::ui::Command::ImportDialog);
    harness.run();
    harness.get_by_label("W3C Web Annotation").click();
    harness.run();
    harness.get_by_label("File or folder").focus();
    harness.run();
    harness
        .get_by_label("File or folder")
        .type_text(&file.display().to_string());
    harness.run();
    harness.get_by_label("Check").click();
    harness.run();
    harness.get_by_label("1 bad lines:");
    harness.get_by_label_contains("line 2: the file's text “wurld” is not the document's text");
    harness.get_by_label_contains("tick Lenient");
    harness.get_by_label("Import").click();
    harness.run();
    assert_eq!(count(&harness), 0);

    harness
        .get_by_label("Lenient: import doubtful lines with a warning each")
        .click();
    harness.run();
    harness.get_by_label("Check").click();
    harness.run();
    harness.get_by_label("1 doubtful lines, taken leniently:");
    harness.get_by_label_contains("; imported at its offsets");
    harness.get_by_label("Import").click();
    harness.run();
    assert_eq!(count(&harness), 2);
}

#[test]
fn the_window_says_why_a_code_name_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let mut harness = window(dir.path(), config.path());
    let state = harness.state_mut().as_mut().unwrap();
    state.run_command(qari::ui::Command::Project(Intent::AddCode {
        name: "PER\u{7}".into(),
        parent: None,
    }));
    let status = &state.status().unwrap().text;
    assert!(
        status.starts_with(
            "the code name “PER\\u{7}” holds a control character U+0007, which a code name \
             cannot hold"
        ),
        "{status}"
    );
    assert!(
        state
            .workspace()
            .unwrap()
            .project()
            .codebook
            .codes
            .is_empty()
    );
}

#[test]
fn brat_import_takes_each_document_from_the_export_list() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    let folder = dir.path().join("brat");
    std::fs::create_dir(&folder).unwrap();
    // `x.ann` names no document; the list of qari's brat export says it is `a.txt`'s.
    std::fs::write(folder.join("x.ann"), "T1\tORG 0 5\tHello\n").unwrap();
    std::fs::write(
        folder.join("qari-documents.tsv"),
        "stem\tdocument\nx\ta.txt\n",
    )
    .unwrap();
    let out = import(&corpus, "brat", &folder, false);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(annotations(&corpus).len(), 1);

    // A stem the list does not name is an error, not a guess.
    std::fs::write(folder.join("a.ann"), "T1\tPER 6 11\tworld\n").unwrap();
    let out = import(&corpus, "brat", &folder, false);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("a.ann: line 1: qari-documents.tsv does not say which document"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn brat_import_reports_a_negative_offset_as_negative() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    let folder = brat(
        dir.path(),
        "T1\tORG -3 5\tHello\nT2\tPER 6 x\tworld\n",
        None,
    );
    let out = import(&corpus, "brat", &folder, true);
    assert_refused(
        &corpus,
        &out,
        &[
            "a.ann: line 1: offset -3 is negative",
            "a.ann: line 2: offset \"x\" is not a whole number",
        ],
    );
}

#[test]
fn import_errors_never_print_control_characters_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    let file = dir.path().join("gold.jsonl");
    std::fs::write(
        &file,
        "{\"doc\": \"\\u001b[2Jx.txt\", \"start\": 0, \"end\": 5, \"code\": \"PER\"}\n",
    )
    .unwrap();
    let out = import(&corpus, "jsonl", &file, false);
    assert_refused(&corpus, &out, &["line 1: document \\u{1b}[2Jx.txt: "]);
    assert!(!stderr(&out).contains('\u{1b}'), "{}", stderr(&out));
}

/// `qari import` as [`import`], killed (and the test failed) if it has not finished within 20
/// seconds: a hang.
fn import_within(corpus: &Path, format: &str, file: &Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qari"))
        .args([
            "import".as_ref(),
            corpus.as_os_str(),
            "--format".as_ref(),
            format.as_ref(),
            file.as_os_str(),
        ])
        .env(
            "QARI_CONFIG_DIR",
            std::env::temp_dir().join("qari-strict-import-test-config"),
        )
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("qari import {} hung", file.display());
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// Refused naming `file` last, saying `why`.
fn assert_refused_reading(corpus: &Path, out: &Output, why: &str, file: &Path) {
    assert_refused(corpus, out, &[why]);
    let message = stderr(out);
    assert!(
        message.trim_end().ends_with(&file.display().to_string()),
        "{message}"
    );
}

#[cfg(unix)]
#[test]
fn brat_import_does_not_wait_on_a_fifo_or_read_a_device_it_finds() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    let mkfifo = |path: &Path| {
        let made = Command::new("mkfifo").arg(path).status().unwrap();
        assert!(made.success());
    };
    // The document list, annotation.conf, an .ann file: each a FIFO in turn.
    for name in ["qari-documents.tsv", "annotation.conf", "a.ann"] {
        let folder = dir.path().join(format!("fifo-{name}"));
        std::fs::create_dir(&folder).unwrap();
        if name != "a.ann" {
            std::fs::write(folder.join("a.ann"), "T1\tORG 0 5\tHello\n").unwrap();
        }
        mkfifo(&folder.join(name));
        let out = import_within(&corpus, "brat", &folder);
        assert_refused_reading(
            &corpus,
            &out,
            "not a regular file (a FIFO)",
            &folder.join(name),
        );
    }
    // An .ann file that is a link to /dev/zero is not read until memory runs out.
    let folder = dir.path().join("zero");
    std::fs::create_dir(&folder).unwrap();
    std::os::unix::fs::symlink("/dev/zero", folder.join("a.ann")).unwrap();
    let out = import_within(&corpus, "brat", &folder);
    assert_refused_reading(
        &corpus,
        &out,
        "not a regular file (a device)",
        &folder.join("a.ann"),
    );
    // Nor a JSON lines or W3C file given as a FIFO.
    let fifo = dir.path().join("gold.jsonl");
    mkfifo(&fifo);
    for format in ["jsonl", "w3c"] {
        let out = import_within(&corpus, format, &fifo);
        assert_refused_reading(&corpus, &out, "not a regular file (a FIFO)", &fifo);
    }
}

#[test]
fn brat_import_errors_name_the_whole_ann_file() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    let folder = dir.path().join("brat");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("A.md.ann"), "T1\tORG 0 5\tHello\n").unwrap();
    std::fs::write(folder.join("a.md~2.ann"), "T1\tORG 0 5\tHello\n").unwrap();
    std::fs::write(
        folder.join("qari-documents.tsv"),
        "stem\tdocument\nx\ta.txt\n",
    )
    .unwrap();
    let out = import(&corpus, "brat", &folder, false);
    assert_refused(
        &corpus,
        &out,
        &[
            "A.md.ann: line 1: qari-documents.tsv does not say",
            "a.md~2.ann: line 1: qari-documents.tsv does not say",
        ],
    );
    assert!(!stderr(&out).contains("\nA.ann"), "{}", stderr(&out));
}

#[test]
fn w3c_import_refuses_pages_given_by_address_and_items_of_another_shape() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    let hello = w3c_annotation(0.into(), 5, Some("Hello"));
    let by_address = "pages given by address are not read; export the collection with its \
                      pages embedded";
    for (name, json, why) in [
        (
            "first-url.jsonld",
            serde_json::json!({"type": "AnnotationCollection", "first": "http://example.org/page1"}),
            format!("page 1 is given by address (http://example.org/page1): {by_address}"),
        ),
        (
            "first-id.jsonld",
            serde_json::json!({"type": "AnnotationCollection", "total": 3,
                "first": {"id": "http://example.org/page1", "type": "AnnotationPage"}}),
            format!("page 1 is given by address (http://example.org/page1): {by_address}"),
        ),
        (
            "next-url.jsonld",
            serde_json::json!({"type": "AnnotationCollection", "first": {
                "type": "AnnotationPage", "items": [hello.clone()],
                "next": "http://example.org/page2"}}),
            format!("page 2 is given by address (http://example.org/page2): {by_address}"),
        ),
        (
            "items-object.jsonld",
            serde_json::json!({"type": "AnnotationPage", "items": {"x": 1}}),
            "the items of page 1 are an object, not a list".to_owned(),
        ),
        (
            "page-number.jsonld",
            serde_json::json!({"type": "AnnotationCollection", "first": 7}),
            "page 1 is a number, not an AnnotationPage object".to_owned(),
        ),
        (
            "no-pages.jsonld",
            serde_json::json!({"type": "AnnotationCollection", "total": 2}),
            "the collection holds 2 annotations but gives no first page".to_owned(),
        ),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, json.to_string()).unwrap();
        let out = import(&corpus, "w3c", &file, false);
        assert_refused(&corpus, &out, &[]);
        assert_eq!(
            stderr(&out).trim_end(),
            format!("qari: {why}: {}", file.display())
        );
        // Not a doubt: --lenient refuses it too.
        assert_eq!(import(&corpus, "w3c", &file, true).status.code(), Some(1));
    }
    // An item that is not an object is an error at its position.
    let file = dir.path().join("items.jsonld");
    let page = serde_json::json!({"type": "AnnotationPage", "items": [hello, 42, "x"]});
    std::fs::write(&file, page.to_string()).unwrap();
    let out = import(&corpus, "w3c", &file, false);
    assert_refused(
        &corpus,
        &out,
        &[
            "line 2: annotation 2: a number, not an annotation object",
            "line 3: annotation 3: a string, not an annotation object",
        ],
    );
    // A collection with no annotations, said or shown, imports none.
    for json in [
        serde_json::json!({"type": "AnnotationCollection"}),
        serde_json::json!({"type": "AnnotationCollection", "total": 0}),
        serde_json::json!({"type": "AnnotationCollection", "total": 0,
            "first": {"type": "AnnotationPage", "items": []}}),
    ] {
        std::fs::write(&file, json.to_string()).unwrap();
        let out = import(&corpus, "w3c", &file, false);
        assert!(
            stdout(&out).starts_with("imported 0 annotations"),
            "{json}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn w3c_import_takes_a_whole_number_written_as_a_float() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    let file = dir.path().join("notes.jsonld");
    std::fs::write(
        &file,
        r#"[{"type": "Annotation",
             "body": {"type": "TextualBody", "purpose": "tagging", "value": "PER"},
             "target": {"source": "a.txt", "selector":
               {"type": "TextPositionSelector", "start": 6e0, "end": 1.1e1}}},
            {"type": "Annotation",
             "body": {"type": "TextualBody", "purpose": "tagging", "value": "PER"},
             "target": {"source": "a.txt", "selector":
               {"type": "TextPositionSelector", "start": 1.2e1, "end": 15.0}}}]"#,
    )
    .unwrap();
    let out = import(&corpus, "w3c", &file, false);
    assert!(out.status.success(), "{}", stderr(&out));
    let spans: Vec<(u64, u64)> = annotations(&corpus)
        .iter()
        .map(|(s, e, _, _)| (*s, *e))
        .collect();
    assert_eq!(spans, [(6, 11), (12, 15)]);
    // Past 2^53 a float is too large; a fraction stays not whole.
    std::fs::write(
        &file,
        serde_json::json!([
            w3c_annotation(1e300.into(), 5, None),
            w3c_annotation(0.5.into(), 5, None)
        ])
        .to_string(),
    )
    .unwrap();
    let message = stderr(&import(&corpus, "w3c", &file, false));
    assert!(
        message.contains("line 1: annotation 1: start 1e+300 is too large"),
        "{message}"
    );
    assert!(
        message.contains("line 2: annotation 2: start 0.5 is not a whole number"),
        "{message}"
    );
}

#[test]
fn a_code_name_that_cleaning_empties_is_an_error_not_doubtful() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    let file = dir.path().join("gold.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"doc": "a.txt", "start": 0, "end": 5, "code": "\u202e"}"#,
            "\n",
            r#"{"doc": "a.txt", "start": 6, "end": 11, "code": "ok/\u0007"}"#,
            "\n"
        ),
    )
    .unwrap();
    for lenient in [false, true] {
        let out = import(&corpus, "jsonl", &file, lenient);
        assert_refused(
            &corpus,
            &out,
            &[
                "line 1: the code name “\\u{202e}” holds a bidi control U+202E, which a code name \
                 cannot hold, and without such characters the name is empty",
                "line 2: the code name “\\u{7}” holds a control character U+0007",
            ],
        );
        let message = stderr(&out);
        // Neither promises what a lenient import does not do.
        assert!(!message.contains("a lenient import"), "{message}");
        assert!(!message.contains("only doubtful"), "{message}");
        assert!(!message.contains("warning"), "{message}");
    }
}

#[test]
fn a_lenient_import_that_imports_nothing_prints_no_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    // Line 1 is only doubtful (its text), line 2 is bad: nothing is imported.
    let folder = brat(
        dir.path(),
        "T1\tORG 0 5\tHallo\nT2\tPER 6 99\tworld\n",
        None,
    );
    let out = import(&corpus, "brat", &folder, true);
    assert_refused(&corpus, &out, &["nothing imported"]);
    assert!(!stderr(&out).contains("warning:"), "{}", stderr(&out));
    // With the bad line gone the import is carried out, and says what it took.
    std::fs::write(folder.join("a.ann"), "T1\tORG 0 5\tHallo\n").unwrap();
    let out = import(&corpus, "brat", &folder, true);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out).matches("warning: a.ann: line 1").count(), 1);
}

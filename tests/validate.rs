//! A project file edited by hand: what is wrong in it is repaired (the code tree, ids taken
//! twice) or reported (ranges, missing codes) on load, by `qari check` and under "needs
//! attention", and never exported as if it were fine; an unreadable file names its backup; a
//! cut UTF-8 character says where; FIFOs in a corpus are listed as skipped.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use qari::annotations::CodeId;
use qari::corpus::ContentHash;
use qari::project::{Intent, Problem, ProjectError, Workspace, workspace};

/// The one document: 11 code points.
const TEXT: &str = "نص قصير هنا";

fn qari(args: &[&Path]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(args)
        .env(
            "QARI_CONFIG_DIR",
            std::env::temp_dir().join("qari-validate-test-config"),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run qari");
    // Never wait forever (a FIFO opened would block).
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("qari {args:?} did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// An annotation line as qari writes it.
fn annotation(id: u64, start: usize, end: usize, codes: &[u32]) -> String {
    let codes: Vec<String> = codes.iter().map(u32::to_string).collect();
    format!(
        "        (id: {id}, doc: \"a.txt\", start: {start}, end: {end}, codes: [{}], quote: \"نص\", \
         prefix: \"\", suffix: \"\", hash: \"{}\", author: \"t\", created: \"2026-11-21T17:00:00Z\", \
         modified: \"2026-11-21T17:00:00Z\"),\n",
        codes.join(", "),
        ContentHash::of(TEXT).0
    )
}

fn code(id: u32, name: &str, parent: Option<u32>) -> String {
    let parent = parent.map_or(String::new(), |p| format!(", parent: Some({p})"));
    format!("        (id: {id}, name: \"{name}\", colour: \"#f4a261\"{parent}),\n")
}

/// A corpus folder with `a.txt` and a project file holding these codes, document codings and
/// annotation lines, in the shape qari writes.
fn project(
    codes: &[String],
    codings: &str,
    annotations: &[String],
) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), TEXT).unwrap();
    let text = format!(
        "(\n    format_version: 5,\n    corpus_root: \".\",\n    documents: [\n        (id: \
         \"a.txt\", hash: \"{}\", chars: 11),\n    ],\n    register: [],\n    codebook: [\n{}    \
         ],\n    document_codings: [{codings}],\n    annotations: [\n{}    ],\n)\n",
        ContentHash::of(TEXT).0,
        codes.concat(),
        annotations.concat()
    );
    let path = dir.path().join("qari.ron");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn check_reports_an_annotation_past_the_end_of_its_document() {
    let (_dir, path) = project(
        &[code(1, "PER", None)],
        "",
        &[annotation(1, 0, 2, &[1]), annotation(2, 8, 50, &[1])],
    );
    let ws = Workspace::open(&path).unwrap();
    let problems = ws.problems();
    assert_eq!(
        problems[..],
        [Problem::PastTheEnd {
            id: qari::annotations::AnnotationId(2),
            doc: "a.txt".into(),
            end: 50,
            len: 11
        }]
    );
    let bad = ws
        .project()
        .annotations
        .iter()
        .find(|a| a.id.0 == 2)
        .unwrap();
    let good = ws
        .project()
        .annotations
        .iter()
        .find(|a| a.id.0 == 1)
        .unwrap();
    assert_eq!(
        ws.unexportable(bad).as_deref(),
        Some("ends at 50, past the end of its document (11 characters)")
    );
    assert_eq!(ws.unexportable(good), None);
    assert_eq!(ws.needs_attention().len(), 1);
    assert_eq!(ws.attention_count(), 1);

    let out = qari(&[Path::new("check"), &path]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(
        report.contains(
            "invalid\tannotation #2 ends at 50, past the end of its document (11 characters): a.txt"
        ),
        "{report}"
    );
    assert!(report.contains("attention\t#2 8–50"), "{report}");
    assert!(
        report.contains("2 annotations, 1 need attention;") && report.contains("; 1 invalid: "),
        "{report}"
    );
}

#[test]
fn check_reports_an_annotation_whose_start_is_after_its_end_and_keeps_its_offsets() {
    let (_dir, path) = project(
        &[code(1, "PER", None)],
        "",
        &[annotation(1, 6, 3, &[1]), annotation(2, 4, 4, &[1])],
    );
    let mut ws = Workspace::open(&path).unwrap();
    let what: Vec<String> = ws.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        what,
        [
            "annotation #2 is empty (starts and ends at 4): a.txt",
            "annotation #1 starts at 6, after its end 3: a.txt",
        ]
    );
    for a in ws.project().annotations.iter() {
        assert!(ws.unexportable(a).is_some(), "{a:?}");
    }
    // Not repaired: a save keeps the offsets as they were.
    ws.perform(
        Intent::SetNote {
            id: qari::annotations::AnnotationId(1),
            text: "ملاحظة".into(),
        },
        "t",
    )
    .unwrap();
    ws.save().unwrap();
    let again = workspace::load(&path).unwrap();
    let a = again.annotations.iter().find(|a| a.id.0 == 1).unwrap();
    assert_eq!((a.start, a.end), (6, 3));
    let out = qari(&[Path::new("check"), &path]);
    assert!(stdout(&out).contains("; 2 invalid: "), "{}", stdout(&out));
}

#[test]
fn a_cycle_in_the_code_tree_hides_no_code() {
    let (_dir, path) = project(
        &[
            code(1, "PER", Some(2)),
            code(2, "ORG", Some(1)),
            code(3, "sub of ORG", Some(2)),
        ],
        "",
        &[annotation(1, 0, 2, &[1]), annotation(2, 3, 7, &[2])],
    );
    let mut ws = Workspace::open(&path).unwrap();
    let book = &ws.project().codebook;
    // Every code is reachable from the top of the tree.
    let mut reachable = Vec::new();
    let mut todo: Vec<Option<CodeId>> = vec![None];
    while let Some(parent) = todo.pop() {
        for c in book.children(parent) {
            reachable.push(c.id.0);
            todo.push(Some(c.id));
        }
    }
    reachable.sort_unstable();
    assert_eq!(reachable, [1, 2, 3]);
    assert_eq!(
        book.get(CodeId(1)).unwrap().parent,
        None,
        "cut at PER, listed first"
    );
    assert_eq!(book.get(CodeId(2)).unwrap().parent, Some(CodeId(1)));
    let flagged = ws.codes_needing_attention();
    assert_eq!(flagged.len(), 1);
    assert_eq!(
        flagged[0].1,
        "sat in a cycle of the code tree (PER under ORG under PER): moved to the top level"
    );
    assert!(ws.problems().is_empty(), "repaired: {:?}", ws.problems());
    assert_eq!(ws.attention_count(), 1);

    let out = qari(&[Path::new("check"), &path]);
    let report = stdout(&out);
    assert!(
        report.contains(
            "attention\tcode 1 “PER” (sat in a cycle of the code tree (PER under ORG under PER)"
        ),
        "{report}"
    );
    assert!(
        report.contains("1 codes and 0 document codings need attention"),
        "{report}"
    );

    // The next save writes the repaired, flagged tree; looked at, the flag goes.
    ws.perform(
        Intent::Resolve(qari::project::Flagged::Code(CodeId(1))),
        "t",
    )
    .unwrap();
    ws.save().unwrap();
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        saved.contains("(id: 1, name: \"PER\", colour: \"#f4a261\"),"),
        "{saved}"
    );
    assert_eq!(Workspace::open(&path).unwrap().attention_count(), 0);
}

#[test]
fn a_code_whose_parent_is_missing_moves_to_the_top_level_flagged() {
    let (_dir, path) = project(&[code(1, "orphan", Some(9))], "", &[]);
    let ws = Workspace::open(&path).unwrap();
    let c = ws.project().codebook.get(CodeId(1)).unwrap();
    assert_eq!(c.parent, None);
    assert_eq!(
        c.attention,
        "sat under code 9, which is not in the codebook: moved to the top level"
    );
    assert_eq!(ws.attention_count(), 1);
}

#[test]
fn a_duplicate_code_id_keeps_both_codes_and_the_first_keeps_its_passages() {
    let (_dir, path) = project(
        &[code(1, "PER", None), code(1, "ORG", None)],
        "",
        &[annotation(1, 0, 2, &[1])],
    );
    let ws = Workspace::open(&path).unwrap();
    let book = &ws.project().codebook;
    assert_eq!(book.codes.len(), 2);
    assert_eq!(book.get(CodeId(1)).unwrap().name, "PER");
    let org = book.get(CodeId(2)).unwrap();
    assert_eq!(org.name, "ORG");
    assert_eq!(
        org.attention,
        "had the id 1 of the code “PER” listed before it: given the id 2; what was tagged 1 \
         stays with “PER”"
    );
    assert_eq!(
        ws.project().annotations.iter().next().unwrap().codes,
        [CodeId(1)]
    );
}

#[test]
fn a_duplicate_annotation_id_keeps_both_annotations() {
    let lines = [annotation(4, 0, 2, &[1]), annotation(4, 3, 7, &[1])];
    let (dir, path) = project(&[code(1, "PER", None)], "", &lines);
    // Also in a file not in the shape qari writes (read whole rather than line by line).
    let whole = dir.path().join("whole.ron");
    let one_line = std::fs::read_to_string(&path).unwrap().replace('\n', " ");
    std::fs::write(&whole, one_line).unwrap();
    for path in [&path, &whole] {
        let ws = Workspace::open(path).unwrap();
        let list: Vec<(u64, usize, &str)> = ws
            .project()
            .annotations
            .iter()
            .map(|a| (a.id.0, a.start, a.attention.as_str()))
            .collect();
        assert_eq!(
            list,
            [
                (4, 0, ""),
                (
                    5,
                    3,
                    "had the id 4 of an annotation listed before it: given the id 5"
                )
            ],
            "{}",
            path.display()
        );
        assert_eq!(ws.needs_attention().len(), 1);
    }
}

#[test]
fn an_annotation_with_a_missing_code_is_reported_and_not_exportable() {
    let (_dir, path) = project(&[code(1, "PER", None)], "", &[annotation(1, 0, 2, &[1, 7])]);
    let ws = Workspace::open(&path).unwrap();
    let a = ws.project().annotations.iter().next().unwrap();
    assert_eq!(
        ws.unexportable(a).as_deref(),
        Some("is tagged with code 7, which is not in the codebook")
    );
    assert_eq!(
        ws.problems()[0].to_string(),
        "annotation #1 is tagged with code 7, which is not in the codebook: a.txt"
    );
    let out = qari(&[Path::new("check"), &path]);
    assert!(stdout(&out).contains("invalid\tannotation #1 is tagged with code 7"));
}

#[test]
fn a_document_coding_naming_a_missing_code_is_reported() {
    let coding = "(doc: \"a.txt\", codes: [1, 8], memo: \"\", author: \"t\", modified: \
                  \"2026-11-21T17:00:00Z\")";
    let (_dir, path) = project(&[code(1, "PER", None)], coding, &[]);
    let ws = Workspace::open(&path).unwrap();
    let codings = ws.codings_needing_attention();
    assert_eq!(codings.len(), 1);
    assert_eq!(codings[0].1, "names code 8, which is not in the codebook");
    assert_eq!(ws.attention_count(), 1);
    let out = qari(&[Path::new("check"), &path]);
    let report = stdout(&out);
    assert!(
        report.contains(
            "invalid\tthe document's codes names code 8, which is not in the codebook: a.txt"
        ),
        "{report}"
    );
    assert!(
        report.contains("0 codes and 1 document codings need attention"),
        "{report}"
    );
}

#[test]
fn an_empty_project_file_names_its_backup() {
    let (dir, path) = project(&[code(1, "PER", None)], "", &[annotation(1, 0, 2, &[1])]);
    let backup = dir.path().join("qari.ron.bak");
    std::fs::copy(&path, &backup).unwrap();
    for broken in [&b""[..], b"  \n", b"(format_version: 5, corpus_"] {
        std::fs::write(&path, broken).unwrap();
        let err = Workspace::open(&path).unwrap_err();
        assert!(matches!(err, ProjectError::BackupReadable { .. }), "{err}");
        let message = err.to_string();
        assert!(
            message.contains("qari.ron:") || message.contains("qari.ron;"),
            "{message}"
        );
        assert!(message.contains("its backup beside it reads"), "{message}");
        assert!(message.ends_with("qari.ron.bak"), "{message}");
        let out = qari(&[Path::new("check"), &path]);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr(&out).trim_end().ends_with("qari.ron.bak"),
            "{}",
            stderr(&out)
        );
    }
    assert!(
        Workspace::open(&path)
            .unwrap_err()
            .to_string()
            .starts_with("project file syntax error")
    );
    std::fs::write(&path, b"").unwrap();
    assert!(
        Workspace::open(&path)
            .unwrap_err()
            .to_string()
            .starts_with("project file is empty: ")
    );

    // Opening the backup keeps the broken file beside it.
    let aside = workspace::restore_backup(&path).unwrap();
    assert!(
        aside
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("qari.ron.broken-"),
        "{}",
        aside.display()
    );
    assert_eq!(std::fs::read(&aside).unwrap(), b"");
    assert!(backup.exists());
    let ws = Workspace::open(&path).unwrap();
    assert_eq!(ws.project().annotations.len(), 1);
    // A file that reads is never put aside.
    assert!(workspace::restore_backup(&path).is_err());
    assert_eq!(
        Workspace::open(&path).unwrap().project().annotations.len(),
        1
    );

    // Without a backup that reads, the error is the file's own.
    std::fs::write(&backup, b"").unwrap();
    std::fs::write(&path, b"").unwrap();
    let err = Workspace::open(&path).unwrap_err();
    assert!(matches!(err, ProjectError::Empty { .. }), "{err}");
}

#[test]
fn a_cut_utf8_character_says_where() {
    let (_dir, path) = project(&[code(1, "شخص", None)], "", &[]);
    let text = std::fs::read(&path).unwrap();
    // Cut inside the second byte of "ش" (line 9: `        (id: 1, name: "ش…`), then go on.
    let at = text.windows(2).position(|w| w == "ش".as_bytes()).unwrap();
    let mut cut = text[..at + 1].to_vec();
    cut.extend_from_slice(b"\n)\n");
    std::fs::write(&path, &cut).unwrap();
    let err = Workspace::open(&path).unwrap_err();
    let message = err.to_string();
    let line = text[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let column = "        (id: 1, name: \"".chars().count() + 1;
    assert!(
        message.starts_with(&format!(
            "project file is not valid UTF-8 at line {line}, column {column} (byte {at}): "
        )),
        "{message}"
    );
    assert!(message.ends_with("qari.ron"), "{message}");
}

#[cfg(unix)]
#[test]
fn a_fifo_in_the_corpus_is_listed_as_skipped() {
    let (dir, path) = project(&[], "", &[]);
    let made = Command::new("mkfifo")
        .arg(dir.path().join("pipe.txt"))
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink(dir.path().join("pipe.txt"), dir.path().join("link.md")).unwrap();
    let out = qari(&[Path::new("list"), dir.path()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let listed = stdout(&out) + &stderr(&out);
    assert!(
        listed.contains("not a regular file: a FIFO (named pipe)"),
        "{listed}"
    );
    assert!(
        listed.contains("a FIFO (named pipe), through a symbolic link"),
        "{listed}"
    );
    let out = qari(&[Path::new("check"), &path]);
    let report = stdout(&out);
    let unreadable: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with("unreadable\t"))
        .collect();
    assert_eq!(unreadable.len(), 2, "{report}");
    assert!(unreadable[1].ends_with("pipe.txt"), "{report}");
    let ws = Workspace::open(&path).unwrap();
    assert_eq!(ws.corpus().skipped.len(), 2);
    assert_eq!(ws.corpus().documents.len(), 1);
}

mod window {
    //! The same in the window: listed under "needs attention", and the backup offered.

    use super::*;
    use crate::common::gui::{State, app, wait_until_loaded};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    /// [`common::gui::open_app`] on a project file.
    fn open_app(start: PathBuf, config: &Path) -> Harness<'static, State> {
        crate::common::gui::open_app(Some(start), config)
    }

    #[test]
    fn the_window_lists_a_cycle_and_an_annotation_past_the_end_under_needs_attention() {
        let (dir, path) = project(
            &[code(1, "PER", Some(2)), code(2, "ORG", Some(1))],
            "",
            &[
                annotation(1, 0, 2, &[1]),
                annotation(2, 8, 50, &[2]),
                annotation(3, 6, 3, &[2]),
            ],
        );
        let mut harness = open_app(path, &dir.path().join("config"));
        harness.get_by_label("Needs attention (3)").click();
        harness.run();
        harness.get_by_label_contains("code PER (sat in a cycle of the code tree");
        let past = harness.get_by_label_contains("past the end of its document (11 characters)");
        // Going to it draws the document without trouble.
        past.click();
        harness.run();
        harness.get_by_label("Needs attention (3)").click();
        harness.run();
        harness
            .get_by_label_contains("starts at 6, after its end 3")
            .click();
        harness.run();
        assert!(app(&harness).workspace().is_some());
    }

    #[test]
    fn the_window_offers_to_open_the_backup_of_an_empty_project_file() {
        let (dir, path) = project(&[code(1, "PER", None)], "", &[annotation(1, 0, 2, &[1])]);
        std::fs::copy(&path, dir.path().join("qari.ron.bak")).unwrap();
        std::fs::write(&path, b"").unwrap();
        let mut harness = open_app(path.clone(), &dir.path().join("config"));
        harness.get_by_label("Open the backup?");
        harness.get_by_label("Open the backup").click();
        harness.run();
        wait_until_loaded(&mut harness);
        let ws = app(&harness).workspace().expect("the backup opened");
        assert_eq!(ws.project().annotations.len(), 1);
        let kept: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("qari.ron.broken-"))
            .collect();
        assert_eq!(kept.len(), 1, "the empty file is kept aside");
        let status = &app(&harness).status().expect("a status").text;
        assert!(
            status.contains("the backup was opened; the unreadable file is kept as ")
                && status.contains(&kept[0]),
            "{status}"
        );
    }

    #[test]
    fn the_window_says_when_it_opens_a_repaired_project() {
        let (dir, path) = project(&[code(1, "PER", Some(2)), code(2, "ORG", Some(1))], "", &[]);
        let harness = open_app(path, &dir.path().join("config"));
        let status = &app(&harness).status().expect("a status").text;
        assert!(
            status.contains(
                "repaired on load: 1 problem of the project file (see `qari check`); the file \
                 as it was will be kept as qari.ron.before-repair.bak when saved"
            ),
            "{status}"
        );
    }
}

#[test]
fn repairs_on_load_are_reported_and_the_file_as_it_was_kept() {
    let (dir, path) = project(
        &[
            code(1, "PER", Some(2)),
            code(2, "ORG", Some(1)),
            code(3, "LOC", Some(9)),
        ],
        "",
        &[],
    );
    let original = std::fs::read(&path).unwrap();
    let jsonl = dir.path().join("one.jsonl");
    std::fs::write(
        &jsonl,
        "{\"doc\": \"a.txt\", \"start\": 3, \"end\": 7, \"code\": \"PER\"}\n",
    )
    .unwrap();
    let import = || {
        qari_str(&[
            "import",
            path.to_str().unwrap(),
            "--format",
            "jsonl",
            jsonl.to_str().unwrap(),
        ])
    };
    let out = import();
    assert!(out.status.success(), "{}", stderr(&out));
    let backup = dir.path().join("qari.ron.before-repair.bak");
    let said = stderr(&out);
    assert!(
        said.contains(&format!(
            "repaired on load: 2 problems of the project file (see `qari check`); the file as it \
             was is kept as qari.ron.before-repair.bak: {}",
            backup.display()
        )),
        "{said}"
    );
    assert_eq!(std::fs::read(&backup).unwrap(), original);
    // Repaired once: the next save says nothing and keeps the backup as it was.
    std::fs::write(
        &jsonl,
        "{\"doc\": \"a.txt\", \"start\": 8, \"end\": 11, \"code\": \"PER\"}\n",
    )
    .unwrap();
    let out = import();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("repaired on load"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&backup).unwrap(), original);

    // relocate says so as well.
    let (dir, path) = project(&[code(1, "PER", Some(1))], "", &[]);
    let out = qari_str(&[
        "relocate",
        path.to_str().unwrap(),
        dir.path().to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("repaired on load: 1 problem of the project file"),
        "{}",
        stdout(&out)
    );
    assert!(dir.path().join("qari.ron.before-repair.bak").exists());
}

#[test]
fn an_invalid_annotation_is_left_out_of_every_export_and_counted() {
    let (dir, path) = project(
        &[code(1, "PER", None)],
        "",
        &[
            annotation(1, 0, 2, &[1]),
            annotation(2, 8, 50, &[1]),
            annotation(3, 6, 3, &[1]),
            annotation(4, 3, 6, &[9]),
        ],
    );
    let out_dir = tempfile::tempdir().unwrap();
    for (format, name) in [
        ("csv", "a.csv"),
        ("jsonl", "a.jsonl"),
        ("w3c", "a.jsonld"),
        ("brat", "brat"),
        ("conll", "a.conll"),
        ("html", "a.html"),
        ("qdpx", "a.qdpx"),
    ] {
        let target = out_dir.path().join(name);
        let out = qari(&[
            Path::new("export"),
            &path,
            Path::new("--format"),
            Path::new(format),
            Path::new("--out"),
            &target,
        ]);
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        let said = stdout(&out);
        assert!(
            said.contains("3 annotations are not valid (see `qari check`) and were left out"),
            "{format}: {said}"
        );
        assert!(said.contains("exported 1 annotations"), "{format}: {said}");
    }
    let csv = std::fs::read_to_string(out_dir.path().join("a.csv")).unwrap();
    assert_eq!(
        csv.lines().count(),
        2,
        "a header and the one valid row: {csv}"
    );
    let jsonl = std::fs::read_to_string(out_dir.path().join("a.jsonl")).unwrap();
    assert_eq!(jsonl.lines().count(), 1, "{jsonl}");
    assert!(jsonl.contains("\"id\":1"), "{jsonl}");
    drop(dir);
}

/// `qari import` with args as strings.
fn qari_str(args: &[&str]) -> Output {
    let paths: Vec<&Path> = args.iter().map(Path::new).collect();
    qari(&paths)
}

#[test]
fn an_annotation_id_at_the_maximum_does_not_crash_an_import() {
    let (dir, path) = project(
        &[code(1, "PER", None)],
        "",
        &[annotation(u64::MAX, 0, 2, &[1])],
    );
    assert!(stdout(&qari(&[Path::new("check"), &path])).contains("0 invalid"));
    let jsonl = dir.path().join("one.jsonl");
    std::fs::write(
        &jsonl,
        "{\"doc\": \"a.txt\", \"start\": 3, \"end\": 7, \"code\": \"PER\"}\n\
         {\"doc\": \"a.txt\", \"start\": 8, \"end\": 11, \"code\": \"LOC\"}\n",
    )
    .unwrap();
    let out = qari_str(&[
        "import",
        path.to_str().unwrap(),
        "--format",
        "jsonl",
        jsonl.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("imported 2 annotations"),
        "{}",
        stdout(&out)
    );
    let ws = Workspace::open(&path).unwrap();
    let mut ids: Vec<u64> = ws.project().annotations.iter().map(|a| a.id.0).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [1, 2, u64::MAX],
        "the smallest free ids once the largest is taken"
    );
}

#[test]
fn a_code_id_at_the_maximum_does_not_crash_tagging() {
    let (_dir, path) = project(&[code(u32::MAX, "PER", None)], "", &[]);
    let mut ws = Workspace::open(&path).unwrap();
    let outcome = ws
        .perform(
            Intent::TagWithNewCode {
                doc: "a.txt".into(),
                range: 0..2,
                name: "LOC".into(),
            },
            "t",
        )
        .unwrap();
    let new = outcome.new_code.unwrap();
    assert_eq!(new, CodeId(1));
    // No room above the maximum: the smallest free ids, never one taken.
    let again = ws
        .perform(
            Intent::AddCode {
                name: "ORG".into(),
                parent: None,
            },
            "t",
        )
        .unwrap();
    assert_eq!(again.new_code, Some(CodeId(2)));
    let ids: Vec<u32> = ws.project().codebook.codes.iter().map(|c| c.id.0).collect();
    assert_eq!(ids, [u32::MAX, 1, 2]);
    ws.save().unwrap();
}

#[test]
fn two_ids_at_the_maximum_are_repaired_apart() {
    let (_dir, path) = project(
        &[code(u32::MAX, "A", None), code(u32::MAX, "B", None)],
        "",
        &[
            annotation(u64::MAX, 0, 2, &[]),
            annotation(u64::MAX, 3, 7, &[]),
        ],
    );
    let mut ws = Workspace::open(&path).unwrap();
    let codes: Vec<u32> = ws.project().codebook.codes.iter().map(|c| c.id.0).collect();
    assert_eq!(codes, [u32::MAX, 1]);
    let mut ids: Vec<u64> = ws.project().annotations.iter().map(|a| a.id.0).collect();
    ids.sort_unstable();
    assert_eq!(ids, [1, u64::MAX]);
    ws.save().unwrap();
    // Repaired once: the next load finds nothing to repair and the flags do not grow.
    let before = std::fs::read_to_string(&path).unwrap();
    let mut again = Workspace::open(&path).unwrap();
    again.save().unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
}

#[test]
fn repairing_a_duplicate_code_id_flags_what_was_tagged_with_it() {
    let coding = "(doc: \"a.txt\", codes: [4], memo: \"\", author: \"t\", modified: \
                  \"2026-11-21T17:00:00Z\")";
    let (_dir, path) = project(
        &[
            code(4, "A", None),
            code(4, "B", None),
            code(5, "childOfB", Some(4)),
        ],
        coding,
        &[annotation(1, 0, 2, &[4]), annotation(2, 3, 7, &[5])],
    );
    let ws = Workspace::open(&path).unwrap();
    let flagged: Vec<(u64, String)> = ws
        .needs_attention()
        .iter()
        .map(|a| (a.id.0, ws.attention_reason(a).unwrap()))
        .collect();
    assert_eq!(
        flagged,
        [(
            1,
            "tagged with code id 4, which “A” and “B” both had; kept with “A”: look which was \
             meant"
                .to_owned()
        )]
    );
    let codes: Vec<(String, String)> = ws
        .codes_needing_attention()
        .iter()
        .map(|(c, why)| (c.name.clone(), why.clone()))
        .collect();
    assert_eq!(codes.len(), 2, "{codes:?}");
    assert_eq!(codes[1].0, "childOfB");
    assert!(
        codes[1]
            .1
            .contains("sat under code id 4, which “A” and “B” both had; kept under “A”"),
        "{codes:?}"
    );
    let codings = ws.codings_needing_attention();
    assert_eq!(codings.len(), 1);
    assert!(
        codings[0]
            .1
            .starts_with("tagged with code id 4, which “A” and “B” both had")
    );
    let out = qari(&[Path::new("check"), &path]);
    let report = stdout(&out);
    assert!(report.contains("tagged with code id 4"), "{report}");
    assert!(
        report.contains("repaired\tcode “B” had the id 4 of the code “A” listed before it"),
        "{report}"
    );
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

#[cfg(unix)]
#[test]
fn a_fifo_as_the_backup_or_the_project_file_does_not_hang_check() {
    let (dir, path) = project(&[code(1, "PER", None)], "", &[]);
    std::fs::write(&path, b"").unwrap();
    mkfifo(&dir.path().join("qari.ron.bak"));
    let out = qari(&[Path::new("check"), &path]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("project file is empty"),
        "{}",
        stderr(&out)
    );

    let (dir, path) = project(&[], "", &[]);
    std::fs::remove_file(&path).unwrap();
    mkfifo(&path);
    let out = qari(&[Path::new("check"), &path]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("not a regular file but a FIFO"), "{err}");
    assert!(!err.contains("no project file"), "{err}");
    let err = Workspace::open(&path).unwrap_err().to_string();
    assert!(err.contains("not a regular file but a FIFO"), "{err}");

    drop(dir);

    // A FIFO as the write lock file is refused, not waited on forever.
    let (dir, path) = project(&[], "", &[]);
    let lock = qari::project::lock::write_lock_path(&path);
    mkfifo(&lock);
    let mut ws = Workspace::open(&path).unwrap();
    ws.set_writer("test", Duration::from_millis(100));
    let err = ws.save().unwrap_err().to_string();
    assert!(err.contains("not a regular file but a FIFO"), "{err}");
    assert!(qari::project::lock::holder(&path).is_none());
    drop(dir);
}

#[cfg(unix)]
#[test]
fn restoring_the_backup_keeps_a_symlinked_project_file_a_link() {
    let (dir, real) = project(&[code(1, "PER", None)], "", &[annotation(1, 0, 2, &[1])]);
    let good = std::fs::read(&real).unwrap();
    let elsewhere = dir.path().join("store");
    std::fs::create_dir(&elsewhere).unwrap();
    let target = elsewhere.join("real.ron");
    std::fs::rename(&real, &target).unwrap();
    let link = dir.path().join("qari.ron");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    std::fs::write(dir.path().join("qari.ron.bak"), &good).unwrap();
    std::fs::write(&target, b"").unwrap();
    let aside = workspace::restore_backup(&link).unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    assert_eq!(
        std::fs::read(&target).unwrap(),
        good,
        "its target is restored"
    );
    assert_eq!(aside.parent().unwrap(), elsewhere.canonicalize().unwrap());
    assert_eq!(std::fs::read(&aside).unwrap(), b"");
    assert_eq!(
        Workspace::open(&link).unwrap().project().annotations.len(),
        1
    );
}

#[test]
fn code_names_with_control_characters_are_flagged_on_load() {
    let names = ["a\\u{1b}b", "bell\\u{7}", "\\u{202e}LTR", "next\\u{85}line"];
    let codes: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, name)| code(i as u32 + 1, name, None))
        .chain([code(9, "fine", None)])
        .collect();
    let (_dir, path) = project(&codes, "", &[]);
    let ws = Workspace::open(&path).unwrap();
    let flagged: Vec<u32> = ws
        .codes_needing_attention()
        .iter()
        .map(|(c, why)| {
            assert!(why.contains("has a name qari refuses for a code"), "{why}");
            c.id.0
        })
        .collect();
    assert_eq!(flagged, [1, 2, 3, 4]);
    assert_eq!(
        ws.project().codebook.codes[0].name,
        "a\u{1b}b",
        "not renamed"
    );
    let out = qari(&[Path::new("check"), &path]);
    let report = stdout(&out);
    assert!(
        report.contains("code 1 has a name qari refuses"),
        "{report}"
    );
    assert!(
        !report.contains('\u{1b}'),
        "no raw control character printed: {report:?}"
    );
}

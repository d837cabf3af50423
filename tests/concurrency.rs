//! No lost update: two programs (or a program and a sync tool) changing one project keep every
//! change of both. `qari import` twice at once; a process that holds the project open the way
//! the window does (open, tag, autosave) while `qari import` adds to it; the same while the
//! file is replaced outside, as a sync tool or `git checkout` would.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use qari::project::autosave::Autosave;
use qari::project::{Intent, Workspace, format, workspace};

fn qari() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_qari"));
    command.env(
        "QARI_CONFIG_DIR",
        std::env::temp_dir().join("qari-concurrency-config"),
    );
    command
}

fn import(project: &Path, file: &Path) -> Child {
    qari()
        .args(["import", "--wait", "60"])
        .arg(project)
        .arg(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn finished(child: Child) -> Output {
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "qari import failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The passages of a saved project: (document, start, end).
fn saved_spans(project: &Path) -> BTreeSet<(String, usize, usize)> {
    workspace::load(project)
        .unwrap()
        .annotations
        .iter()
        .map(|a| (a.doc.clone(), a.start, a.end))
        .collect()
}

/// The passages of JSON lines: (document, start, end).
fn jsonl_spans(jsonl: &str) -> BTreeSet<(String, usize, usize)> {
    jsonl
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["doc"].as_str().unwrap().to_owned(),
                v["start"].as_u64().unwrap() as usize,
                v["end"].as_u64().unwrap() as usize,
            )
        })
        .collect()
}

/// A corpus of `docs` articles, its project saved, and two halves of `per_doc` passages per
/// document as JSON lines (codes differ between the halves, so new codes race too).
fn corpus_and_halves(dir: &Path, docs: usize, per_doc: usize) -> (PathBuf, [PathBuf; 2]) {
    let corpus = dir.join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let text = "قال الرئيس توكاييف إن قوات حفظ السلام وصلت إلى ألماتا. ".repeat(20);
    for d in 0..docs {
        std::fs::write(corpus.join(format!("{d:03}.txt")), &text).unwrap();
    }
    workspace::init(&corpus, &corpus.join("qari.ron")).unwrap();
    let mut halves = [String::new(), String::new()];
    for d in 0..docs {
        for p in 0..per_doc {
            let half = p % 2;
            let start = p * 7;
            halves[half].push_str(&format!(
                "{{\"doc\": \"{d:03}.txt\", \"start\": {start}, \"end\": {}, \"type\": \"{}\"}}\n",
                start + 5,
                ["PER", "LOC", "ORG"][(p / 2 + half) % 3]
            ));
        }
    }
    let files = [dir.join("a.jsonl"), dir.join("b.jsonl")];
    for (file, half) in files.iter().zip(&halves) {
        std::fs::write(file, half).unwrap();
    }
    (corpus.join("qari.ron"), files)
}

#[test]
fn two_imports_at_once_keep_both_halves() {
    for run in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let (project, [a, b]) = corpus_and_halves(dir.path(), 12, 30);
        let (first, second) = (import(&project, &a), import(&project, &b));
        finished(first);
        finished(second);
        let mut expected = jsonl_spans(&std::fs::read_to_string(&a).unwrap());
        expected.extend(jsonl_spans(&std::fs::read_to_string(&b).unwrap()));
        assert_eq!(saved_spans(&project), expected, "run {run}");
        // One code per name: the codes both made at once are one code each.
        let codes = workspace::load(&project).unwrap().codebook.codes;
        assert_eq!(codes.len(), 3, "run {run}: {codes:?}");
    }
}

#[test]
fn two_aqmar_imports_at_once_keep_all_5919_spans() {
    let Some(data) = common::shared_data("eval/aqmar/gold.jsonl") else {
        return;
    };
    let eval = data.join("eval/aqmar");
    let gold = std::fs::read_to_string(eval.join("gold.jsonl")).unwrap();
    let lines: Vec<&str> = gold.lines().collect();
    let expected = jsonl_spans(&gold);
    let runs: usize = std::env::var("QARI_AQMAR_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20);
    for run in 0..runs {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs");
        common::copy_files(&eval.join("docs"), &docs);
        workspace::init(&docs, &docs.join("qari.ron")).unwrap();
        let (one, two) = lines.split_at(lines.len() / 2);
        let halves = [dir.path().join("a.jsonl"), dir.path().join("b.jsonl")];
        std::fs::write(&halves[0], one.join("\n")).unwrap();
        std::fs::write(&halves[1], two.join("\n")).unwrap();
        let project = docs.join("qari.ron");
        let (first, second) = (import(&project, &halves[0]), import(&project, &halves[1]));
        finished(first);
        finished(second);
        let saved = saved_spans(&project);
        assert_eq!(saved.len(), expected.len(), "run {run}");
        assert_eq!(saved, expected, "run {run}");
    }
}

/// Run by the tests below in a child process: holds the project open the way the window does
/// (opens it, tags a passage every 15 ms, saves a second after the first unsaved change) and
/// logs each passage it tagged; when the stop file appears, saves once more and exits.
#[test]
#[ignore = "child process of the window-like tests"]
fn window_like_child() {
    let (Some(project), Some(log), Some(stop)) = (
        std::env::var_os("QARI_CHILD_PROJECT"),
        std::env::var_os("QARI_CHILD_LOG"),
        std::env::var_os("QARI_CHILD_STOP"),
    ) else {
        return;
    };
    let mut ws = Workspace::open(Path::new(&project)).unwrap();
    ws.set_writer("a qari window (test)", Duration::from_millis(300));
    let code = ws
        .perform(
            Intent::AddCode {
                name: "window".into(),
                parent: None,
            },
            "child",
        )
        .unwrap()
        .new_code;
    let doc = ws.corpus().documents[0].clone();
    let mut logged = String::new();
    let mut autosave = Autosave::default();
    let mut i = 0;
    while !Path::new(&stop).exists() {
        // Passages of their own: the importer uses the other documents.
        let start = (i * 11) % (doc.char_len - 20);
        let intent = Intent::Tag {
            doc: doc.id.clone(),
            range: start..start + 4 + i % 3,
            code,
        };
        if ws.perform(intent.clone(), "child").is_ok()
            && let Intent::Tag { range, .. } = intent
        {
            logged.push_str(&format!("{}\t{}\t{}\n", doc.id, range.start, range.end));
        }
        if autosave.due(ws.is_dirty(), Instant::now()) {
            autosave.saved();
            // Another program saving: try again a moment later, as the window does.
            let _ = ws.save();
        }
        i += 1;
        std::thread::sleep(Duration::from_millis(15));
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while let Err(err) = ws.save() {
        assert!(Instant::now() < deadline, "final save: {err}");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::fs::write(PathBuf::from(log), logged).unwrap();
}

fn start_child(project: &Path, dir: &Path) -> (Child, PathBuf, PathBuf) {
    let log = dir.join("child.log");
    let stop = dir.join("stop");
    let child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "window_like_child", "--ignored", "--nocapture"])
        .env("QARI_CHILD_PROJECT", project)
        .env("QARI_CHILD_LOG", &log)
        .env("QARI_CHILD_STOP", &stop)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    (child, log, stop)
}

fn stop_child(child: Child, log: &Path, stop: &Path) -> BTreeSet<(String, usize, usize)> {
    std::fs::write(stop, "").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the window-like child failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(log)
        .unwrap()
        .lines()
        .map(|l| {
            let mut f = l.split('\t');
            let doc = f.next().unwrap().to_owned();
            let start = f.next().unwrap().parse().unwrap();
            let end = f.next().unwrap().parse().unwrap();
            (doc, start, end)
        })
        .collect()
}

#[test]
fn a_window_and_an_import_at_once_keep_everything_of_both() {
    let dir = tempfile::tempdir().unwrap();
    let (project, [a, b]) = corpus_and_halves(dir.path(), 6, 40);
    let (child, log, stop) = start_child(&project, dir.path());
    std::thread::sleep(Duration::from_millis(700));
    finished(import(&project, &a));
    std::thread::sleep(Duration::from_millis(1_300));
    finished(import(&project, &b));
    std::thread::sleep(Duration::from_millis(600));
    let tagged = stop_child(child, &log, &stop);
    assert!(tagged.len() > 20, "the child tagged only {}", tagged.len());
    let saved = saved_spans(&project);
    let mut imported = jsonl_spans(&std::fs::read_to_string(&a).unwrap());
    imported.extend(jsonl_spans(&std::fs::read_to_string(&b).unwrap()));
    let lost_imported: Vec<_> = imported.difference(&saved).collect();
    let lost_tagged: Vec<_> = tagged.difference(&saved).collect();
    assert!(
        lost_imported.is_empty(),
        "imported but lost: {lost_imported:?}"
    );
    assert!(lost_tagged.is_empty(), "tagged but lost: {lost_tagged:?}");
}

#[test]
fn a_window_keeps_everything_when_the_file_is_replaced_outside() {
    let dir = tempfile::tempdir().unwrap();
    let (project, [a, _]) = corpus_and_halves(dir.path(), 6, 40);
    let (child, log, stop) = start_child(&project, dir.path());
    // Just after one of the child's saves (they come a second apart), a sync tool or `git
    // checkout` writes a version with passages of its own: no lock, a rename over the file.
    // (Were it based on an older version, what it left out would count as deleted.)
    let modified = || std::fs::metadata(&project).unwrap().modified().unwrap();
    let before = modified();
    let deadline = Instant::now() + Duration::from_secs(20);
    while modified() == before {
        assert!(Instant::now() < deadline, "the child never saved");
        std::thread::sleep(Duration::from_millis(5));
    }
    let outside = jsonl_spans(&std::fs::read_to_string(&a).unwrap());
    let text = std::fs::read_to_string(&project).unwrap();
    let mut changed = format::from_ron(&text, &project).unwrap();
    let model = qari::annotations::Annotation {
        id: qari::annotations::AnnotationId(0),
        doc: String::new(),
        start: 0,
        end: 0,
        codes: Vec::new(),
        quote: String::new(),
        prefix: String::new(),
        suffix: String::new(),
        hash: qari::corpus::ContentHash::of(""),
        note: "from outside".into(),
        attention: String::new(),
        author: "sync".into(),
        created: "2026-11-29T12:00:00Z".parse().unwrap(),
        modified: "2026-11-29T12:00:00Z".parse().unwrap(),
    };
    let corpus = qari::corpus::Corpus::open(project.parent().unwrap()).unwrap();
    for (doc, start, end) in &outside {
        let info = corpus.document(doc).unwrap();
        let text = corpus.text(info).unwrap().text;
        let anchor = qari::annotations::Anchor::of(&text, *start..*end).unwrap();
        let mut a = model.clone();
        a.id = changed.annotations.next_id().unwrap();
        a.doc = doc.clone();
        a.set_anchor(anchor, *start..*end, info.hash.clone());
        changed.annotations.insert(a).unwrap();
    }
    let replacement = dir.path().join("replacement.ron");
    std::fs::write(&replacement, format::to_ron(&changed).unwrap()).unwrap();
    std::fs::rename(&replacement, &project).unwrap();
    std::thread::sleep(Duration::from_millis(1_500));
    let tagged = stop_child(child, &log, &stop);
    let saved = saved_spans(&project);
    let lost_outside: Vec<_> = outside.difference(&saved).collect();
    let lost_tagged: Vec<_> = tagged.difference(&saved).collect();
    assert!(
        lost_outside.is_empty(),
        "written outside but lost: {lost_outside:?}"
    );
    assert!(lost_tagged.is_empty(), "tagged but lost: {lost_tagged:?}");
}

fn merge_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/merge")
        .join(name)
}

#[test]
fn qari_merge_keeps_both_sides_and_says_what_needs_a_person() {
    let dir = tempfile::tempdir().unwrap();
    // As git calls a merge driver: %O %A %B, the result written over %A.
    let ours = dir.path().join("ours.ron");
    std::fs::copy(merge_fixture("ours.ron"), &ours).unwrap();
    let out = qari()
        .arg("merge")
        .arg(merge_fixture("base.ron"))
        .arg(&ours)
        .arg(merge_fixture("theirs.ron"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a conflict needs a person: {stdout}"
    );
    assert!(stdout.contains("needs attention"), "{stdout}");
    let merged = workspace::load(&ours).unwrap();
    let notes: BTreeSet<&str> = merged.annotations.iter().map(|a| a.note.as_str()).collect();
    // Ours: a new passage and a note; theirs: a new passage and a note; both notes of the
    // passage changed on both sides are kept, each flagged.
    assert!(notes.contains("CSTO troops, about 2,000"), "{notes:?}");
    assert!(notes.contains("Russian troops"), "{notes:?}");
    assert!(notes.contains("Almaty, the old capital"), "{notes:?}");
    assert_eq!(merged.annotations.len(), 6, "{notes:?}");
    let flagged = merged
        .annotations
        .iter()
        .filter(|a| !a.attention.is_empty())
        .count();
    assert_eq!(flagged, 2);
    assert!(
        merged.codebook.find("place", None).is_some(),
        "our rename is kept"
    );
    assert_eq!(merged.register.len(), 2, "their register edit is kept");

    // Merging a side with itself changes nothing and needs no one.
    let again = dir.path().join("again.ron");
    let out = qari()
        .arg("merge")
        .arg(merge_fixture("base.ron"))
        .arg(merge_fixture("ours.ron"))
        .arg(merge_fixture("base.ron"))
        .arg("--out")
        .arg(&again)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        workspace::load(&again).unwrap(),
        workspace::load(&merge_fixture("ours.ron")).unwrap()
    );
}

#[test]
fn an_import_waits_for_a_save_in_progress_then_refuses_naming_the_holder() {
    let dir = tempfile::tempdir().unwrap();
    let (project, [a, _]) = corpus_and_halves(dir.path(), 2, 4);
    let lock =
        qari::project::lock::WriteLock::acquire(&project, "a qari window", Duration::from_secs(1))
            .unwrap();
    let out = qari()
        .args(["import", "--wait", "0.3"])
        .arg(&project)
        .arg(&a)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("being saved by a qari window ("),
        "{stderr}"
    );
    assert!(stderr.trim_end().ends_with("qari.ron"), "{stderr}");
    assert!(workspace::load(&project).unwrap().annotations.is_empty());
    // Once the save is done, the import goes through.
    drop(lock);
    finished(import(&project, &a));
    assert_eq!(saved_spans(&project).len(), 4);
}

/// Two workspaces (two programs) on one project, in one process: what the test does in each.
fn two_workspaces(dir: &Path) -> (Workspace, Workspace, String) {
    let (project, _) = corpus_and_halves(dir, 1, 0);
    two_workspaces_at(&project)
}

#[test]
fn an_id_deleted_here_is_never_given_to_a_new_annotation_the_other_side_would_mistake_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut here, mut there, doc) = two_workspaces(dir.path());
    let last = here
        .project()
        .annotations
        .iter()
        .map(|a| a.id)
        .max()
        .unwrap();
    // Here: the last annotation goes and a new passage is tagged.
    here.perform(Intent::DeleteAnnotation(last), "sara")
        .unwrap();
    let made = here
        .perform(
            Intent::Tag {
                doc: doc.clone(),
                range: 30..36,
                code: None,
            },
            "sara",
        )
        .unwrap()
        .annotation
        .unwrap();
    assert!(made > last, "a deleted id is not given again: {made:?}");
    // There: a note on the annotation deleted here.
    there
        .perform(
            Intent::SetNote {
                id: last,
                text: "ملاحظة".into(),
            },
            "omar",
        )
        .unwrap();
    there.save().unwrap();
    let saved = here.save().unwrap();
    assert!(saved.merged.is_some());
    let project = here.project();
    let new = project.annotations.get(made).unwrap();
    assert_eq!((new.start, new.end, new.note.as_str()), (30, 36, ""));
    // The note kept its passage (the deletion against an edit keeps the edit, flagged).
    let noted = project.annotations.get(last).unwrap();
    assert_eq!((noted.start, noted.note.as_str()), (10, "ملاحظة"));
    assert!(!noted.attention.is_empty());
}

#[test]
fn undo_after_a_merge_never_leaves_passages_on_a_deleted_code() {
    let dir = tempfile::tempdir().unwrap();
    let (mut here, mut there, doc) = two_workspaces(dir.path());
    let add = Intent::AddCode {
        name: "frame".into(),
        parent: None,
    };
    here.perform(add.clone(), "sara").unwrap();
    // There, the same code is made and used; here, the save merges the two into one.
    let frame = there.perform(add, "omar").unwrap().new_code;
    there
        .perform(
            Intent::Tag {
                doc: doc.clone(),
                range: 20..24,
                code: frame,
            },
            "omar",
        )
        .unwrap();
    there.save().unwrap();
    here.save().unwrap();
    let frame_here = here.project().codebook.find("frame", None).unwrap().id;
    assert!(
        here.project()
            .annotations
            .iter()
            .any(|a| a.codes == [frame_here])
    );
    // Undoing "Add code frame" here is refused (the code is in use) and taken off the list;
    // the step before it can still be undone.
    let err = here.undo().unwrap_err();
    assert!(err.to_string().contains("can no longer be undone"), "{err}");
    assert!(here.project().codebook.get(frame_here).is_some());
    for a in here.project().annotations.iter() {
        for code in &a.codes {
            assert!(here.project().codebook.get(*code).is_some(), "{a:?}");
        }
    }
    assert!(
        here.history()
            .undo_label()
            .is_none_or(|l| !l.contains("frame"))
    );
}

#[test]
fn a_file_replaced_by_an_older_version_loses_no_annotation_for_good() {
    let dir = tempfile::tempdir().unwrap();
    let (project, _) = corpus_and_halves(dir.path(), 1, 0);
    // The version a sync tool will put back: no annotations yet.
    let old = std::fs::read(&project).unwrap();
    let (mut here, _there, _doc) = two_workspaces_at(&project);
    assert_eq!(here.project().annotations.len(), 2);
    std::fs::write(&project, old).unwrap();
    let merged = here.sync_from_disk().unwrap().unwrap();
    // The replacement reads as a deletion of both annotations, as git checkout would mean it…
    assert_eq!(merged.report.annotations_deleted, 2);
    assert!(here.project().annotations.is_empty());
    // …but the project as it was here is kept, and the status line says where.
    let kept = workspace::before_merge_backup_path(&project);
    assert_eq!(merged.kept.as_deref(), Some(kept.as_path()));
    assert!(merged.summary().ends_with(&kept.display().to_string()));
    assert_eq!(workspace::load(&kept).unwrap().annotations.len(), 2);
    // A merge that only adds keeps no copy.
    here.save().unwrap();
    std::fs::remove_file(&kept).unwrap();
    let mut there = Workspace::open(&project).unwrap();
    let doc = there.corpus().documents[0].id.clone();
    there
        .perform(
            Intent::Tag {
                doc,
                range: 0..4,
                code: None,
            },
            "omar",
        )
        .unwrap();
    there.save().unwrap();
    let merged = here.sync_from_disk().unwrap().unwrap();
    assert_eq!(merged.kept, None);
    assert!(!kept.exists());
}

/// Two workspaces on `project`: the first added a code and tagged two passages, and saved.
fn two_workspaces_at(project: &Path) -> (Workspace, Workspace, String) {
    let mut first = Workspace::open(project).unwrap();
    let doc = first.corpus().documents[0].id.clone();
    let per = first
        .perform(
            Intent::AddCode {
                name: "PER".into(),
                parent: None,
            },
            "sara",
        )
        .unwrap()
        .new_code;
    for start in [0, 10] {
        let tag = Intent::Tag {
            doc: doc.clone(),
            range: start..start + 4,
            code: per,
        };
        first.perform(tag, "sara").unwrap();
    }
    first.save().unwrap();
    let second = Workspace::open(project).unwrap();
    (first, second, doc)
}

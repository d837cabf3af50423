//! A save in two halves (issue 20): begun on the window's thread, written on another, taken
//! back. Edits made while it runs stay for the next save; another program's save found by the
//! writer is merged, never written over; a second save waits for the first.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use std::path::Path;

use common::saved_starts;
use qari::project::workspace::Finished;
use qari::project::{Intent, ProjectError, Workspace};

/// A corpus of one article with a saved project and a code; the workspace.
fn saved_workspace(dir: &Path) -> Workspace {
    std::fs::write(
        dir.join("a.txt"),
        "قال الرئيس توكاييف إن قوات حفظ السلام وصلت إلى ألماتا. ".repeat(10),
    )
    .unwrap();
    let mut ws = Workspace::open(dir).unwrap();
    ws.perform(
        Intent::AddCode {
            name: "تدخل أجنبي".into(),
            parent: None,
        },
        "sara",
    )
    .unwrap();
    ws.save().unwrap();
    ws
}

fn tag(ws: &mut Workspace, start: usize, author: &str) {
    let code = ws.project().codebook.codes[0].id;
    ws.perform(
        Intent::Tag {
            doc: "a.txt".into(),
            range: start..start + 4,
            code: Some(code),
        },
        author,
    )
    .unwrap();
}

#[test]
fn an_edit_made_while_the_save_runs_stays_unsaved_for_the_next_save() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = saved_workspace(dir.path());
    tag(&mut ws, 0, "sara");
    let job = ws.begin_save().unwrap();
    assert!(ws.is_saving());
    // The window goes on while the job writes on another thread.
    tag(&mut ws, 10, "sara");
    let done = std::thread::spawn(move || job.run()).join().unwrap();
    match ws.finish_save(done).unwrap() {
        Finished::Saved(saved) => assert!(saved.merged.is_none()),
        other => panic!("expected a save, got {other:?}"),
    }
    assert_eq!(
        saved_starts(ws.path()),
        [0],
        "the job wrote the project as it began"
    );
    assert!(ws.is_dirty(), "the edit made meanwhile is not saved yet");
    ws.save().unwrap();
    assert!(!ws.is_dirty());
    assert_eq!(saved_starts(ws.path()), [0, 10]);
}

#[test]
fn another_programs_save_found_by_the_job_is_merged_and_never_written_over() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = saved_workspace(dir.path());
    tag(&mut ws, 0, "sara");
    let job = ws.begin_save().unwrap();
    // Another program saves between the window's copy and its write.
    let mut other = Workspace::open(dir.path()).unwrap();
    tag(&mut other, 20, "omar");
    other.save().unwrap();
    let before = std::fs::read_to_string(ws.path()).unwrap();
    let done = std::thread::spawn(move || job.run()).join().unwrap();
    assert_eq!(
        std::fs::read_to_string(ws.path()).unwrap(),
        before,
        "the job wrote nothing over the other program's save"
    );
    match ws.finish_save(done).unwrap() {
        Finished::TookIn(Some(merged)) => {
            assert_eq!(merged.report.annotations_added, 1, "{}", merged.summary());
        }
        other => panic!("expected the other program's changes taken in, got {other:?}"),
    }
    assert!(ws.is_dirty());
    ws.save().unwrap();
    assert_eq!(
        saved_starts(ws.path()),
        [0, 20],
        "both programs' passages are saved"
    );
}

#[test]
fn a_second_save_waits_for_the_first_and_the_watch_waits_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = saved_workspace(dir.path());
    tag(&mut ws, 0, "sara");
    let job = ws.begin_save().unwrap();
    assert!(matches!(ws.begin_save(), Err(ProjectError::Saving { .. })));
    assert!(matches!(ws.save(), Err(ProjectError::Saving { .. })));
    let done = job.run();
    // The file changed (this workspace's own save): not taken for another program's.
    assert!(!ws.changed_on_disk());
    assert!(ws.sync_from_disk().unwrap().is_none());
    assert!(matches!(ws.finish_save(done).unwrap(), Finished::Saved(_)));
    assert!(!ws.changed_on_disk());
    assert!(!ws.is_dirty());

    // A job whose thread is gone gives the save back.
    tag(&mut ws, 10, "sara");
    drop(ws.begin_save().unwrap());
    ws.abandon_save();
    ws.save().unwrap();
    assert_eq!(saved_starts(ws.path()), [0, 10]);
}

#[test]
fn a_failed_write_keeps_the_changes_for_the_next_save() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = saved_workspace(dir.path());
    tag(&mut ws, 0, "sara");
    let job = ws.begin_save().unwrap();
    // The project file is replaced by a folder: it can neither be read nor written.
    let path = ws.path().to_owned();
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    let err = ws.finish_save(job.run()).unwrap_err();
    assert!(
        err.to_string().ends_with(&path.display().to_string()),
        "{err}"
    );
    assert!(ws.is_dirty() && !ws.is_saving());
    std::fs::remove_dir(&path).unwrap();
    ws.save().unwrap();
    assert_eq!(saved_starts(&path), [0]);
}

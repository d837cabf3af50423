//! Autosave under kills: a child process tags passage after passage with the app's autosave
//! rule ([`Autosave`]) and is killed at varied moments; the project file must always open, and
//! every edit made more than 2 s before the kill must be in it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use qari::project::autosave::Autosave;
use qari::project::save::backup_path;
use qari::project::{Intent, Workspace, workspace};

fn millis_now() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis()
}

/// Run by the parent test in a child process: tags a passage every 20 ms, logging each edit
/// (annotation id and time) once it is made, and saves as the app does, until killed.
#[test]
#[ignore = "child process of killed_autosaves_lose_at_most_two_seconds"]
fn autosave_loop_child() {
    let (Some(dir), Some(log)) = (
        std::env::var_os("QARI_AUTOSAVE_DIR"),
        std::env::var_os("QARI_AUTOSAVE_LOG"),
    ) else {
        return;
    };
    let mut ws = Workspace::open(Path::new(&dir)).unwrap();
    let mut log = std::fs::File::create(PathBuf::from(log)).unwrap();
    let doc = ws.corpus().documents[0].clone();
    let len = doc.char_len;
    let code = ws.project().codebook.codes[0].id;
    let mut autosave = Autosave::default();
    for i in 0.. {
        let start = (i * 7) % (len - 10);
        let tag = Intent::Tag {
            doc: doc.id.clone(),
            range: start..start + 3 + i % 5,
            code: Some(code),
        };
        let before = ws.project().annotations.len();
        if let Ok(outcome) = ws.perform(tag, "child")
            && ws.project().annotations.len() > before
            && let Some(id) = outcome.annotation
        {
            writeln!(log, "{}\t{}", id.0, millis_now()).unwrap();
            log.sync_data().unwrap();
        }
        if autosave.due(ws.is_dirty(), Instant::now()) {
            autosave.saved();
            ws.save().unwrap();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn killed_autosaves_lose_at_most_two_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let (name, text) = qari::sample::ARTICLES[0];
    std::fs::write(corpus.join(name), text).unwrap();
    let mut ws = workspace::init(&corpus, &corpus.join("qari.ron")).unwrap();
    let add = Intent::AddCode {
        name: "حجة".into(),
        parent: None,
    };
    ws.perform(add, "t").unwrap();
    ws.save().unwrap();
    let project = corpus.join("qari.ron");
    let mut checked = 0;
    for round in 0..6u64 {
        let log = dir.path().join(format!("log-{round}.tsv"));
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "autosave_loop_child", "--ignored", "--nocapture"])
            .env("QARI_AUTOSAVE_DIR", &corpus)
            .env("QARI_AUTOSAVE_LOG", &log)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(2_200 + round * 377 % 900));
        let killed_at = millis_now();
        child.kill().unwrap();
        child.wait().unwrap();
        // The file always opens, and so does its backup.
        let saved = workspace::load(&project).unwrap_or_else(|e| panic!("round {round}: {e}"));
        if backup_path(&project).exists() {
            workspace::load(&backup_path(&project)).unwrap();
        }
        let logged = std::fs::read_to_string(&log).unwrap_or_default();
        for line in logged.lines() {
            let (id, at) = line.split_once('\t').unwrap();
            let (id, at): (u64, u128) = (id.parse().unwrap(), at.parse().unwrap());
            if at + 2_000 <= killed_at {
                assert!(
                    saved
                        .annotations
                        .get(qari::annotations::AnnotationId(id))
                        .is_some(),
                    "round {round}: annotation {id}, made {} ms before the kill, was lost",
                    killed_at - at
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked > 0,
        "the child never made an edit old enough to check"
    );
}

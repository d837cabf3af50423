//! The project file from the outside: the frozen v1 fixture loads forever, and a save killed at
//! any moment leaves a complete project file (old or new) and a complete backup.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use qari::corpus::ContentHash;
use qari::project::save::{backup_path, write_with_backup};
use qari::project::{DocumentRecord, ProjectFile, Workspace, format, workspace};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

#[test]
fn frozen_v1_fixture_loads() {
    let path = data("project_v1.ron");
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("format_version: 1,")
    );
    let project = workspace::load(&path).unwrap();
    // Read as the current version: the fields version 1 lacks are empty.
    assert_eq!(project.format_version, qari::project::FORMAT_VERSION);
    assert!(project.register.is_empty());
    assert_eq!(project.corpus_root, "v1_corpus");
    let ids: Vec<_> = project.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["article.txt", "sub/page.html"]);
    assert_eq!(project.documents[0].chars, 68);
    assert_eq!(
        project.documents[0].hash,
        ContentHash("a4e422666960b958a7f108f6bbb2bb10".into())
    );
    // The fixture's corpus is unchanged: its (BLAKE3) hashes are recognised and replaced by
    // today's kind, which makes the project differ from its file.
    assert!(project.legacy_hashes);
    let ws = Workspace::open(&path).unwrap();
    assert!(ws.changes().is_empty(), "{:?}", ws.changes());
    assert!(ws.is_dirty());
    assert!(!ws.project().legacy_hashes);
    for (record, doc) in ws.project().documents.iter().zip(&ws.corpus().documents) {
        assert_eq!(record.hash, doc.hash, "{}", record.id);
    }
}

#[test]
fn frozen_v2_fixture_loads_with_its_register_edits() {
    use qari::entities::{Kind, Register};
    let path = data("project_v2.ron");
    let project = workspace::load(&path).unwrap();
    assert_eq!(project.register.len(), 7);
    let register = Register::with_edits(&project.register);
    let added = register.get("Qari Test Entity").unwrap();
    assert_eq!(added.kind, Kind::Organisation);
    assert_eq!(added.aliases, ["هيئة الاختبار", "QTE"]);
    assert!(
        register
            .get("Almaty")
            .unwrap()
            .aliases
            .contains(&"ألماطا".to_owned())
    );
    assert!(register.get("Kremlin").is_none());
    assert!(register.get("The Kremlin").is_some());
    assert_eq!(register.get("Baikonur").unwrap().kind, Kind::Other);
    assert!(register.get("Collective Security Council").is_none());
    let csto = register
        .get("Collective Security Treaty Organization")
        .unwrap();
    assert!(csto.aliases.contains(&"مجلس الأمن الجماعي".to_owned()));
    assert!(register.get("Washington").is_none());
    // Saved and read again: the same edits, in the same order.
    let text = qari::project::format::to_ron(&project).unwrap();
    let again = qari::project::format::from_ron(&text, &path).unwrap();
    assert_eq!(again.register, project.register);
    assert_eq!(again.documents, project.documents);
    // Written as the current format, whose hashes are not the old kind.
    assert!(project.legacy_hashes && !again.legacy_hashes);
}

fn project_with(n: usize, generation: usize) -> ProjectFile {
    ProjectFile {
        format_version: qari::project::FORMAT_VERSION,
        corpus_root: ".".into(),
        documents: (0..n)
            .map(|i| DocumentRecord {
                id: format!("مقالات/{generation}/{i}.txt"),
                hash: ContentHash::of(&format!("{generation}-{i}")),
                chars: generation,
            })
            .collect(),
        ..ProjectFile::default()
    }
}

/// Run by the parent test in a child process: saves generation after generation until killed.
#[test]
#[ignore = "child process of killed_saves_never_corrupt_the_project"]
fn save_loop_child() {
    let Some(path) = std::env::var_os("QARI_SAVE_LOOP_FILE") else {
        return;
    };
    let path = PathBuf::from(path);
    for generation in 1.. {
        let text =
            format::to_ron(&project_with(5_000 + generation % 7 * 1_000, generation)).unwrap();
        write_with_backup(&path, text.as_bytes()).unwrap();
    }
}

fn check_complete(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    let project = format::from_ron(&text, path).unwrap_or_else(|e| panic!("{e}"));
    let generation = project.documents[0].chars;
    assert_eq!(project, project_with(project.documents.len(), generation));
    generation
}

#[test]
fn killed_saves_never_corrupt_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("qari.ron");
    let first = format::to_ron(&project_with(10, 0)).unwrap();
    write_with_backup(&path, first.as_bytes()).unwrap();
    let mut last_generation = 0;
    for round in 0..25u64 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "save_loop_child", "--ignored", "--nocapture"])
            .env("QARI_SAVE_LOOP_FILE", &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill at varied moments, mostly in the middle of a write; on a loaded machine the
        // child may not reach its first save that soon, so later rounds wait longer until one
        // has.
        let longer = if last_generation == 0 { round * 30 } else { 0 };
        std::thread::sleep(Duration::from_millis(40 + round * 13 % 90 + longer));
        child.kill().unwrap();
        child.wait().unwrap();
        let generation = check_complete(&path);
        if backup_path(&path).exists() {
            check_complete(&backup_path(&path));
        }
        last_generation = last_generation.max(generation);
    }
    assert!(last_generation > 0, "the child never completed a save");
}

#[test]
fn frozen_v7_fixture_loads_with_no_document_attributes_and_is_written_back_with_them_empty() {
    let path = data("project_v7.ron");
    let project = workspace::load(&path).unwrap();
    assert_eq!(project.format_version, qari::project::FORMAT_VERSION);
    assert!(project.document_codings.0["a.txt"].entities_done);
    assert!(project.attributes.0.is_empty());
    assert_eq!(project.annotations.iter().count(), 2);
    // Written as the current version, and read back the same; attributes then round-trip.
    let mut project = project;
    project.attributes.0.insert(
        "a.txt".into(),
        std::collections::BTreeMap::from([
            ("المصدر".into(), "الشرق الأوسط".into()),
            ("date".into(), "2015-07-21".into()),
        ]),
    );
    let text = format::to_ron(&project).unwrap();
    assert!(
        text.contains(
            "(doc: \"a.txt\", values: {\"date\": \"2015-07-21\", \"المصدر\": \"الشرق الأوسط\"}),"
        ),
        "{text}"
    );
    assert_eq!(format::from_ron(&text, &path).unwrap(), project);
}

#[test]
fn frozen_v6_fixture_loads_with_kinds_on_codes_and_no_document_marked_entities_done() {
    let path = data("project_v6.ron");
    let project = workspace::load(&path).unwrap();
    assert_eq!(project.format_version, qari::project::FORMAT_VERSION);
    let place = project.codebook.get(qari::annotations::CodeId(2)).unwrap();
    assert_eq!(place.kind, Some(qari::entities::Kind::Place));
    let coding = &project.document_codings.0["a.txt"];
    assert_eq!(
        (coding.memo.as_str(), coding.entities_done),
        ("مذكرة", false)
    );
    // Written as the current version without the mark, and read back the same.
    let text = format::to_ron(&project).unwrap();
    assert!(!text.contains("entities_done"), "{text}");
    assert_eq!(format::from_ron(&text, &path).unwrap(), project);
}

#[test]
fn frozen_v5_fixture_loads_with_attention_and_codes_standing_for_kinds_by_name() {
    let path = data("project_v5.ron");
    let project = workspace::load(&path).unwrap();
    assert_eq!(project.format_version, qari::project::FORMAT_VERSION);
    let book = &project.codebook;
    assert_eq!(book.path(qari::annotations::CodeId(3)), "مكان/مدينة");
    let city = book.get(qari::annotations::CodeId(3)).unwrap();
    assert_eq!(city.attention, "changed here and in the file on disk");
    // No kind set by hand in version 5: PER stands for people by its name, the others for none.
    assert!(book.codes.iter().all(|c| c.kind.is_none()));
    let per = book.get(qari::annotations::CodeId(1)).unwrap();
    assert_eq!(per.entity_kind(), Some(qari::entities::Kind::Person));
    assert_eq!(city.entity_kind(), None);
    assert_eq!(project.annotations.iter().count(), 2);
    // Written as the current version and read back the same.
    let text = format::to_ron(&project).unwrap();
    assert_eq!(format::from_ron(&text, &path).unwrap(), project);
}

#[test]
fn frozen_v4_fixture_loads_with_codes_codings_and_annotations() {
    let path = data("project_v4.ron");
    let project = workspace::load(&path).unwrap();
    assert_eq!(project.format_version, qari::project::FORMAT_VERSION);
    assert_eq!(project.register.len(), 1);
    let book = &project.codebook;
    assert_eq!(book.codes.len(), 2);
    assert_eq!(
        book.path(qari::annotations::CodeId(2)),
        "تدخل أجنبي/legitimacy"
    );
    assert_eq!(book.codes[0].shortcut, Some('f'));
    let coding = &project.document_codings.0["a.txt"];
    assert_eq!((coding.memo.as_str(), coding.codes.len()), ("مذكرة", 1));
    let list: Vec<_> = project.annotations.iter().collect();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].note, "سطر\nثان");
    assert_eq!(list[1].codes, []);
    assert!(list.iter().all(|a| a.attention.is_empty()));
    // Written as the current version and read back the same.
    let text = format::to_ron(&project).unwrap();
    assert_eq!(format::from_ron(&text, &path).unwrap(), project);
}

//! The window's autosave loop under a hostile disk: random edits made through
//! [`Workspace::perform`] and saved by the window's rule ([`Autosave`], then
//! [`Workspace::save`]) while the project file is replaced underneath it (by another qari's
//! save, by its own backup, by another valid project, by garbage), truncated, deleted, turned
//! into a folder, or made read-only.
//!
//! What must hold: nothing panics; every save that fails says what happened and names the file;
//! every annotation a save reported saved (the save returned `Ok` and the file then loaded with
//! it) is still there at the end, unless the test deleted it on purpose (a delete, or a file
//! put in place that no longer has it, which the three-way merge rightly takes as a deletion).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use qari::annotations::{AnnotationId, CodeId};
use qari::project::autosave::Autosave;
use qari::project::save::backup_path;
use qari::project::{Intent, ProjectFile, Workspace, format, workspace};

/// An annotation as the test knows it across merges (ids can be renumbered): its passage.
type Key = (String, usize, usize);

/// A tiny xorshift: the same seed, the same run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn keys(project: &ProjectFile) -> BTreeSet<Key> {
    project
        .annotations
        .iter()
        .map(|a| (a.doc.clone(), a.start, a.end))
        .collect()
}

/// The file as a project, if it loads.
fn on_disk(path: &Path) -> Option<ProjectFile> {
    workspace::load(path).ok()
}

/// Whether this process can write into a folder whose mode forbids it (root can).
fn permissions_bind(dir: &Path) -> bool {
    let probe = dir.join("probe");
    std::fs::create_dir(&probe).unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o555)).unwrap();
    let blocked = std::fs::write(probe.join("x"), b"x").is_err();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::remove_dir_all(&probe).unwrap();
    blocked
}

/// What the test did to the file, for the tally printed at the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Disturbance {
    Garbage,
    Truncate,
    Delete,
    Backup,
    EmptyProject,
    OtherQari,
    Folder,
    ReadOnlyFile,
    ReadOnlyFolder,
    Touch,
}

struct Run {
    rng: Rng,
    corpus: PathBuf,
    path: PathBuf,
    ws: Workspace,
    autosave: Autosave,
    docs: Vec<(String, usize)>,
    code: CodeId,
    /// Annotations reported saved and not deleted on purpose since.
    saved: BTreeSet<Key>,
    /// Whether a chmod stops this process from writing.
    permissions_bind: bool,
    /// Made read-only by the test, to be made writable again.
    read_only: Option<PathBuf>,
    saves_ok: usize,
    /// Annotations found again after a save, summed over the saves.
    checked: usize,
    /// Failed saves and syncs by the start of their message.
    failures: BTreeMap<String, usize>,
    disturbances: BTreeMap<Disturbance, usize>,
}

impl Run {
    fn new(dir: &Path, seed: u64) -> Self {
        let corpus = dir.join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        for (name, text) in qari::sample::ARTICLES {
            std::fs::write(corpus.join(name), text).unwrap();
        }
        let path = corpus.join("qari.ron");
        let mut ws = workspace::init(&corpus, &path).unwrap();
        ws.set_writer("qari window", Duration::from_millis(200));
        let add = Intent::AddCode {
            name: "حجة".into(),
            parent: None,
        };
        ws.perform(add, "t").unwrap();
        ws.save().unwrap();
        let code = ws.project().codebook.codes[0].id;
        let docs = ws
            .corpus()
            .documents
            .iter()
            .map(|d| (d.id.clone(), d.char_len))
            .collect();
        Self {
            rng: Rng(seed),
            permissions_bind: permissions_bind(dir),
            corpus,
            path,
            ws,
            autosave: Autosave::new(Duration::ZERO),
            docs,
            code,
            saved: BTreeSet::new(),
            read_only: None,
            saves_ok: 0,
            checked: 0,
            failures: BTreeMap::new(),
            disturbances: BTreeMap::new(),
        }
    }

    fn random_id(&mut self) -> Option<AnnotationId> {
        let ids: Vec<AnnotationId> = self.ws.project().annotations.iter().map(|a| a.id).collect();
        (!ids.is_empty()).then(|| ids[self.rng.below(ids.len())])
    }

    /// One edit by the user of the window.
    fn edit(&mut self) {
        let roll = self.rng.below(10);
        if roll < 6 {
            let (doc, len) = self.docs[self.rng.below(self.docs.len())].clone();
            let start = self.rng.below(len - 10);
            // This window's passages are 3 to 8 code points long; the other qari's are 2.
            let range = start..start + 3 + self.rng.below(6);
            let code = self.rng.chance(80).then_some(self.code);
            let _ = self.ws.perform(Intent::Tag { doc, range, code }, "sara");
        } else if roll < 8 {
            if let Some(id) = self.random_id() {
                let a = self.ws.project().annotations.get(id).unwrap();
                let key = (a.doc.clone(), a.start, a.end);
                if self
                    .ws
                    .perform(Intent::DeleteAnnotation(id), "sara")
                    .is_ok()
                {
                    self.saved.remove(&key);
                }
            }
        } else if let Some(id) = self.random_id() {
            let text = format!("ملاحظة {}", self.rng.next() % 1000);
            let _ = self.ws.perform(Intent::SetNote { id, text }, "sara");
        }
    }

    /// The window's autosave: save when due, and check what the save reported.
    fn autosave(&mut self) {
        let dirty = self.ws.is_dirty() && self.ws.is_on_disk() && !self.ws.is_read_only();
        if !self.autosave.due(dirty, Instant::now()) {
            return;
        }
        self.autosave.saved();
        match self.ws.save() {
            Ok(_) => {
                self.saves_ok += 1;
                let memory = keys(self.ws.project());
                let Some(loaded) = on_disk(&self.path) else {
                    panic!("the save said Ok but the file does not load")
                };
                let loaded = keys(&loaded);
                assert_eq!(loaded, memory, "the file is not what was saved");
                let lost: Vec<&Key> = self.saved.difference(&loaded).collect();
                assert!(
                    lost.is_empty(),
                    "annotations reported saved are gone: {lost:?}"
                );
                self.checked += self.saved.len();
                self.saved = loaded;
            }
            Err(err) => self.failed(&err.to_string()),
        }
    }

    /// The window's watcher saw the file change.
    fn sync(&mut self) {
        if self.ws.changed_on_disk()
            && let Err(err) = self.ws.sync_from_disk()
        {
            self.failed(&err.to_string());
        }
    }

    fn failed(&mut self, message: &str) {
        let name = self.path.display().to_string();
        assert!(
            message.contains(&name),
            "a failure that does not name the file: {message}"
        );
        let what = message.split([':', '(']).next().unwrap_or(message);
        let what: String = what.split(" at line").next().unwrap_or(what).into();
        assert!(
            !what.trim().is_empty(),
            "a failure that says nothing: {message}"
        );
        *self.failures.entry(what.trim().to_owned()).or_default() += 1;
    }

    fn make_writable(&mut self) {
        if let Some(path) = self.read_only.take() {
            let mode = if path.is_dir() { 0o755 } else { 0o644 };
            let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode));
        }
    }

    /// Takes the file away: what happens to it underneath the window.
    fn disturb(&mut self) {
        self.make_writable();
        if self.path.is_dir() {
            std::fs::remove_dir_all(&self.path).unwrap();
        }
        let all = [
            Disturbance::Garbage,
            Disturbance::Truncate,
            Disturbance::Delete,
            Disturbance::Backup,
            Disturbance::EmptyProject,
            Disturbance::OtherQari,
            Disturbance::OtherQari,
            Disturbance::Folder,
            Disturbance::ReadOnlyFile,
            Disturbance::ReadOnlyFolder,
            Disturbance::Touch,
        ];
        let what = all[self.rng.below(all.len())];
        let path = self.path.clone();
        match what {
            Disturbance::Garbage => {
                let len = self.rng.below(300);
                let bytes: Vec<u8> = (0..len).map(|_| self.rng.next() as u8).collect();
                std::fs::write(&path, bytes).unwrap();
            }
            Disturbance::Truncate => {
                if let Ok(bytes) = std::fs::read(&path) {
                    let cut = self.rng.below(bytes.len());
                    std::fs::write(&path, &bytes[..cut]).unwrap();
                }
            }
            Disturbance::Delete => {
                let _ = std::fs::remove_file(&path);
            }
            Disturbance::Backup => {
                let _ = std::fs::copy(backup_path(&path), &path);
            }
            Disturbance::EmptyProject => {
                let project = ProjectFile::new(".".into());
                std::fs::write(&path, format::to_ron(&project).unwrap()).unwrap();
            }
            Disturbance::OtherQari => self.other_qari(),
            Disturbance::Folder => {
                let _ = std::fs::remove_file(&path);
                std::fs::create_dir(&path).unwrap();
            }
            Disturbance::ReadOnlyFile | Disturbance::ReadOnlyFolder => {
                let target = if what == Disturbance::ReadOnlyFile {
                    path.clone()
                } else {
                    self.corpus.clone()
                };
                let mode = if target.is_dir() { 0o555 } else { 0o444 };
                if std::fs::set_permissions(&target, std::fs::Permissions::from_mode(mode)).is_ok()
                {
                    self.read_only = Some(target);
                }
            }
            Disturbance::Touch => {
                if let Ok(bytes) = std::fs::read(&path) {
                    std::fs::write(&path, bytes).unwrap();
                }
            }
        }
        *self.disturbances.entry(what).or_default() += 1;
        // A file put in place that reads as a project is an outside change: what it lacks
        // was deleted on purpose.
        if let Some(project) = on_disk(&path) {
            let there = keys(&project);
            self.saved.retain(|k| there.contains(k));
        }
    }

    /// Another qari opens the project, tags a few passages and saves (taking the lock,
    /// merging what it finds).
    fn other_qari(&mut self) {
        let Ok(mut other) = Workspace::open(&self.path) else {
            return;
        };
        other.set_writer("qari import", Duration::from_millis(200));
        let code = other.project().codebook.codes.first().map(|c| c.id);
        for _ in 0..1 + self.rng.below(3) {
            let (doc, len) = self.docs[self.rng.below(self.docs.len())].clone();
            let start = self.rng.below(len - 10);
            let _ = other.perform(
                Intent::Tag {
                    doc,
                    range: start..start + 2,
                    code,
                },
                "omar",
            );
        }
        let _ = other.save();
    }

    /// The user puts the file right (permissions back, a broken file moved away) and saves
    /// once more; everything reported saved must be in the file.
    fn finish(&mut self) {
        self.make_writable();
        if self.path.is_dir() {
            std::fs::remove_dir_all(&self.path).unwrap();
        }
        if self.path.exists() && on_disk(&self.path).is_none() {
            std::fs::rename(&self.path, self.corpus.join("broken.ron")).unwrap();
        }
        if let Err(err) = self.ws.save() {
            panic!("the last save, on a file put right, failed: {err}");
        }
        let loaded = keys(&on_disk(&self.path).expect("the last save loads"));
        let lost: Vec<&Key> = self.saved.difference(&loaded).collect();
        assert!(
            lost.is_empty(),
            "annotations reported saved are gone: {lost:?}"
        );
        assert_eq!(loaded, keys(self.ws.project()));
    }
}

fn stress(seed: u64, steps: usize) {
    let dir = tempfile::tempdir().unwrap();
    let mut run = Run::new(dir.path(), seed);
    for step in 0..steps {
        match run.rng.below(100) {
            0..55 => run.edit(),
            55..80 => run.autosave(),
            80..86 => run.sync(),
            _ => run.disturb(),
        }
        // A read-only file or folder stays so for a few steps.
        if step % 5 == 4 {
            run.make_writable();
        }
    }
    run.finish();
    if !run.permissions_bind {
        eprintln!(
            "seed {seed}: running as root, so read-only files and folders do not stop saves: \
             the read-only cases only checked that nothing breaks"
        );
    }
    eprintln!(
        "seed {seed}: {} saves ok ({} annotations found again after them), failures {:?}, \
         disturbances {:?}, {} annotations kept at the end",
        run.saves_ok,
        run.checked,
        run.failures,
        run.disturbances,
        run.saved.len()
    );
    assert!(
        run.saves_ok > 0 && run.checked > 0,
        "the run checked nothing"
    );
}

#[test]
fn autosave_under_a_hostile_disk_keeps_what_it_reported_saved() {
    for seed in [0x9E37_79B9_7F4A_7C15, 0xD1B5_4A32_D192_ED03, 42] {
        stress(seed, 400);
    }
}

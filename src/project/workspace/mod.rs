//! A project and its opened corpus: what "open a folder, a project file or an article" means,
//! for the GUI and the CLI alike, and the one owner of an open project. Its fields are
//! private: everything reads it through accessors, and every change goes through
//! [`Workspace::perform`] (an [`Intent`] planned into an undoable transaction), undo and redo,
//! or the merge of what another program saved (`disk.rs`: saving under the write lock,
//! [`Workspace::sync_from_disk`]). `fresh_ids.rs` keeps ids from being given twice.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

mod disk;
mod fresh_ids;
mod save_job;

pub use disk::{DEFAULT_WAIT, Merged, Saved, restore_backup};
use disk::{OnDisk, Writer};
pub use save_job::{Finished, SaveDone, SaveJob};

use super::intent::{self, Intent, IntentError, Outcome, Planned};
use super::save::write_atomic;
use super::validate::{self, Problem, validate};
use super::{
    Changes, DEFAULT_FILE_NAME, DocumentRecord, ProjectError, ProjectFile, SINGLE_FILE_SUFFIX,
    is_project_file, project_path_for,
};
use crate::annotations::anchor::{NewText, Reanchor};
use crate::annotations::{
    Anchor, Annotation, AnnotationId, Annotations, Code, CodeId, DocumentCoding, History,
};
use crate::corpus::{ContentHash, Corpus};

/// Where a workspace's project came from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// Made now; never saved.
    New,
    /// Read from its file.
    Loaded,
    /// Read from its file and pointed at a new corpus root (unsaved).
    Relocated,
}

/// An open project: its file, its contents and its corpus as found on disk now. The one owner
/// of the project while it is open: everything reads it through its accessors, and every
/// change goes through [`Workspace::perform`] (or undo and redo).
#[derive(Debug)]
pub struct Workspace {
    /// Where the project file is (or will be, for a project not yet saved).
    project_path: PathBuf,
    /// The project as it will be saved.
    project: ProjectFile,
    /// The corpus as found on disk when opened (shared with copies: [`Workspace::snapshot`]).
    corpus: Arc<Corpus>,
    /// What differed between the saved project and the corpus when opened (shared with
    /// copies, as the corpus is).
    changes: Arc<Changes>,
    /// How many warnings the corpus gave: files skipped and documents with warnings.
    corpus_problems: usize,
    /// The project differs from the file on disk (or there is no file yet).
    dirty: bool,
    /// Annotations of documents whose text changed, and where they were found again when the
    /// project was opened.
    reanchored: Arc<[Reanchored]>,
    /// Counts every change to the project's contents (for caches of what is derived from it).
    revision: u64,
    /// Opened read-only: intents are refused and nothing is saved.
    read_only: bool,
    history: History,
    /// The project file as this process last read or wrote it: the base of a three-way merge
    /// when another program changed the file since (`None`: not on disk yet).
    on_disk: Option<Arc<OnDisk>>,
    /// The file's stamp (size, times, identity) when last read or written here.
    disk_stamp: Option<disk::Stamp>,
    /// A save begun ([`Workspace::begin_save`]) and not finished.
    saving: bool,
    /// Who saves, for the lock file, and how long a save waits for another program's.
    writer: Writer,
    /// The largest ids this workspace has seen: new items get larger ones, so an id deleted
    /// here is never given to something else (a merge would take the two for one).
    ids_seen: fresh_ids::IdsSeen,
    /// What [`validate`] found, indexed, and at which [`Workspace::revision`]: derived,
    /// computed when first asked for after a change.
    problems: Mutex<Option<(u64, Arc<Derived>)>>,
    /// What was repaired on reading the file (the repaired items are flagged as well).
    repaired: Vec<Problem>,
    /// The file as read, when repairs were made: written to the before-repair backup by the
    /// first save, then `None`.
    before_repair: Option<Arc<OnDisk>>,
    /// Where the first save after the repairs kept the file as it was.
    before_repair_kept: Option<PathBuf>,
}

/// What [`validate`] found in the project at one revision, indexed by what it is about (so
/// that the reason of each annotation is found at once, not by a search per annotation).
#[derive(Debug, Default)]
struct Derived {
    problems: Arc<[Problem]>,
    /// The problems of each annotation, as indices into `problems`.
    by_annotation: HashMap<AnnotationId, Vec<usize>>,
    /// The problems of each code.
    by_code: HashMap<CodeId, Vec<usize>>,
    /// The codes the codebook has.
    codes: HashSet<CodeId>,
}

impl Derived {
    fn of(project: &ProjectFile, corpus: &Corpus) -> Self {
        let problems: Arc<[Problem]> = validate(project, corpus).into();
        let mut by_annotation: HashMap<AnnotationId, Vec<usize>> = HashMap::new();
        let mut by_code: HashMap<CodeId, Vec<usize>> = HashMap::new();
        for (i, p) in problems.iter().enumerate() {
            if let Some(id) = p.annotation() {
                by_annotation.entry(id).or_default().push(i);
            }
            if let Some(code) = p.code() {
                by_code.entry(code).or_default().push(i);
            }
        }
        Self {
            problems,
            by_annotation,
            by_code,
            codes: project.codebook.codes.iter().map(|c| c.id).collect(),
        }
    }

    /// What is wrong with the annotation with this id, in words.
    fn about_annotation(&self, id: AnnotationId) -> impl Iterator<Item = String> + '_ {
        self.by_annotation
            .get(&id)
            .into_iter()
            .flatten()
            .map(|&i| self.problems[i].what())
    }
}

/// What undo or redo did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stepped {
    /// The label of the transaction undone or redone.
    pub label: String,
    /// The entity register changed.
    pub register_changed: bool,
}

/// An annotation found again (or not) in its changed document.
#[derive(Clone, Debug)]
pub struct Reanchored {
    /// The annotation.
    pub id: AnnotationId,
    /// Its document.
    pub doc: String,
    /// Where it was.
    pub old: std::ops::Range<usize>,
    /// What was found.
    pub outcome: Reanchor,
}

impl Workspace {
    /// Opens a folder, a single article or a project file. A folder or article without a
    /// project gets a new, unsaved one ([`Workspace::is_dirty`]); nothing is written.
    pub fn open(path: &Path) -> Result<Self, ProjectError> {
        let project_path = project_path_for(path);
        let existing = project_path.exists() || is_project_file(path);
        if !existing {
            let project = ProjectFile::new(relative_root(&project_path, path));
            return Self::with_project(project_path, project, None, Origin::New);
        }
        disk::clean_up_after_killed_saves(&project_path);
        let read = disk::read(&project_path)?;
        let mut ws = Self::with_project(
            project_path,
            read.project,
            Some((read.on_disk, read.stamp)),
            Origin::Loaded,
        )?;
        ws.repaired_on_load(read.repaired);
        Ok(ws)
    }

    /// Opens a project whose corpus moved, pointing it at `new_root` (unsaved until
    /// [`Workspace::save`]).
    pub fn relocate(project_path: &Path, new_root: &Path) -> Result<Self, ProjectError> {
        let mut read = disk::read(project_path)?;
        read.project.corpus_root = relative_root(project_path, new_root);
        let mut ws = Self::with_project(
            project_path.to_owned(),
            read.project,
            Some((read.on_disk, read.stamp)),
            Origin::Relocated,
        )?;
        ws.repaired_on_load(read.repaired);
        Ok(ws)
    }

    /// Notes what was repaired on reading the file: the file as read is kept (in memory) for
    /// the before-repair backup the first save writes.
    fn repaired_on_load(&mut self, repaired: Vec<Problem>) {
        if repaired.is_empty() {
            return;
        }
        self.before_repair = self.on_disk.clone();
        self.repaired = repaired;
    }

    /// What was repaired on reading the project file ([`validate::repair_project`]: the code
    /// tree, ids taken twice), each repaired item flagged; empty when the file was sound.
    pub fn repaired(&self) -> &[Problem] {
        &self.repaired
    }

    /// One line saying that the project file was repaired on load, for the CLI and the status
    /// bar: how many problems, and where the file as it was is kept (once a save has kept it:
    /// [`Saved::before_repair`]) or will be. `None` when nothing was repaired.
    pub fn repair_summary(&self) -> Option<String> {
        if self.repaired.is_empty() {
            return None;
        }
        let n = self.repaired.len();
        let problems = if n == 1 { "problem" } else { "problems" };
        let head =
            format!("repaired on load: {n} {problems} of the project file (see `qari check`)");
        Some(match &self.before_repair_kept {
            Some(backup) => format!(
                "{head}; the file as it was is kept as {}: {}",
                file_name(backup),
                backup.display()
            ),
            None => format!(
                "{head}; the file as it was will be kept as {} when saved: {}",
                file_name(&before_repair_backup_path(&self.project_path)),
                self.project_path.display()
            ),
        })
    }

    fn with_project(
        project_path: PathBuf,
        mut project: ProjectFile,
        on_disk: Option<(OnDisk, Option<disk::Stamp>)>,
        origin: Origin,
    ) -> Result<Self, ProjectError> {
        let root = resolve_root(&project_path, &project.corpus_root);
        if !root.exists() {
            return Err(ProjectError::CorpusMissing {
                path: project_path,
                root,
            });
        }
        let corpus = Corpus::open(&root)?;
        let mut dirty = origin != Origin::Loaded;
        if project.legacy_hashes {
            upgrade_hashes(Arc::make_mut(&mut project.documents), &corpus);
            project.legacy_hashes = false;
            dirty = true;
        }
        let reanchored = reanchor(&mut project.annotations, &corpus);
        let moved = reanchored.iter().any(|r| r.outcome.range().is_some());
        if moved && origin == Origin::Loaded {
            // The anchors as they were, before autosave replaces them (and soon the .bak).
            // Best effort: the annotations themselves are safe either way.
            let _ = std::fs::read(&project_path)
                .and_then(|old| write_atomic(&reanchor_backup_path(&project_path), &old));
        }
        dirty |= moved;
        let changes = Changes::between(&project.documents, &corpus);
        if !changes.new.is_empty() || !changes.changed.is_empty() {
            dirty = true;
            project.documents = updated_records(&project.documents, &corpus).into();
        }
        // A project never saved has no "since last save": nothing is new or changed in it.
        let changes = match origin {
            Origin::New => Changes::default(),
            Origin::Loaded | Origin::Relocated => changes,
        };
        let ids_seen = fresh_ids::IdsSeen::of(&project);
        Ok(Self {
            project_path,
            project,
            corpus_problems: corpus.problem_count(),
            corpus: Arc::new(corpus),
            changes: Arc::new(changes),
            dirty,
            reanchored: reanchored.into(),
            revision: 0,
            read_only: false,
            history: History::default(),
            ids_seen,
            disk_stamp: on_disk.as_ref().and_then(|(_, stamp)| *stamp),
            on_disk: on_disk.map(|(text, _)| Arc::new(text)),
            saving: false,
            writer: Writer::default(),
            problems: Mutex::default(),
            repaired: Vec::new(),
            before_repair: None,
            before_repair_kept: None,
        })
    }

    /// Does what a user asked: turns the intent into a transaction from the project as it is
    /// now, applies it, records it for undo and marks the project changed. `author` is
    /// recorded on what it makes. The one door for changes to the project's contents.
    pub fn perform(&mut self, intent: Intent, author: &str) -> Result<Outcome, IntentError> {
        if self.read_only {
            return Err(IntentError::ReadOnly);
        }
        let Planned {
            transaction,
            mut outcome,
        } = intent::plan(intent, &self.project, &self.corpus, author)?;
        let transaction =
            fresh_ids::renumber(transaction, &mut outcome, &self.project, &self.ids_seen);
        outcome.label.clone_from(&transaction.label);
        let inserted = fresh_ids::IdsSeen::inserted_by(&transaction);
        self.history.apply(&mut self.project, transaction)?;
        // Undo and redo only bring back ids seen here before; a merge notes its own.
        self.ids_seen.take_in(inserted);
        self.changed();
        Ok(outcome)
    }

    /// What an intent would do, without doing it: the transaction and its outcome, or why it
    /// cannot be done (an import's bad lines, say). For previews.
    pub fn plan(&self, intent: Intent, author: &str) -> Result<Planned, IntentError> {
        intent::plan(intent, &self.project, &self.corpus, author)
    }

    /// Undoes the last transaction; `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<Stepped>, IntentError> {
        self.step(true)
    }

    /// Redoes the last undone transaction; `None` when there is nothing to redo.
    pub fn redo(&mut self) -> Result<Option<Stepped>, IntentError> {
        self.step(false)
    }

    fn step(&mut self, undo: bool) -> Result<Option<Stepped>, IntentError> {
        if self.read_only {
            return Err(IntentError::ReadOnly);
        }
        let register_before = self.project.register.clone();
        let pending = if undo {
            self.history.undo_label()
        } else {
            self.history.redo_label()
        }
        .map(str::to_owned);
        let stepped = if undo {
            self.history.undo(&mut self.project)
        } else {
            self.history.redo(&mut self.project)
        };
        let label = stepped.map_err(|err| {
            let what = if undo { "undone" } else { "redone" };
            IntentError::Refused(format!(
                "“{}” can no longer be {what} ({err}: it was changed since, by a merge or another \
                 step); it is left as it is and off the list",
                pending.unwrap_or_default()
            ))
        })?;
        let Some(label) = label else {
            return Ok(None);
        };
        self.changed();
        Ok(Some(Stepped {
            label,
            register_changed: self.project.register != register_before,
        }))
    }

    /// Where the project file is (or will be, for a project not yet saved).
    pub fn path(&self) -> &Path {
        &self.project_path
    }

    /// The project as it will be saved.
    pub fn project(&self) -> &ProjectFile {
        &self.project
    }

    /// The corpus as found on disk when the project was opened.
    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// The corpus, taken out of the workspace. (While a [`Workspace::snapshot`] shares it, a
    /// copy of its documents, without the files it skipped.)
    pub fn into_corpus(self) -> Corpus {
        Arc::try_unwrap(self.corpus).unwrap_or_else(|shared| {
            Corpus::new(
                shared.root.clone(),
                shared.documents.clone(),
                Vec::new(),
                shared.ignored,
            )
        })
    }

    /// A copy of the workspace to read on another thread (counting, checking): the project
    /// as it is now (cheap: it shares what it does not change, see
    /// [`crate::annotations::Annotations`]), the same corpus. The copy is read-only: it takes
    /// no intents, has no undo history and is never saved.
    pub fn snapshot(&self) -> Workspace {
        let cached = self
            .problems
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        Workspace {
            project_path: self.project_path.clone(),
            project: self.project.clone(),
            corpus: self.corpus.clone(),
            changes: self.changes.clone(),
            corpus_problems: self.corpus_problems,
            dirty: self.dirty,
            reanchored: self.reanchored.clone(),
            revision: self.revision,
            read_only: true,
            history: History::default(),
            on_disk: self.on_disk.clone(),
            disk_stamp: self.disk_stamp,
            saving: false,
            writer: Writer::default(),
            ids_seen: self.ids_seen,
            problems: Mutex::new(cached),
            repaired: self.repaired.clone(),
            before_repair: None,
            before_repair_kept: self.before_repair_kept.clone(),
        }
    }

    /// What differed between the saved project and the corpus when opened.
    pub fn changes(&self) -> &Changes {
        &self.changes
    }

    /// How many warnings to show: files of the corpus that could not be read, documents read
    /// with warnings, and documents of the project whose file is gone.
    pub fn warning_count(&self) -> usize {
        self.corpus_problems + self.changes.missing.len()
    }

    /// The project differs from its file (or there is no file yet).
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// The user chose to leave without saving: the changes in memory are not to be saved.
    pub fn forget_unsaved_changes(&mut self) {
        self.dirty = false;
    }

    /// Counts every change to the project's contents (a key for caches of what is derived
    /// from it).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Annotations of documents whose text changed, and where they were found again when the
    /// project was opened.
    pub fn reanchored(&self) -> &[Reanchored] {
        &self.reanchored
    }

    /// Whether the project is open read-only.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Opens the project read-only from now on (intents refused, nothing saved), or lets it
    /// be changed again.
    pub fn set_read_only(&mut self, read_only: bool) {
        self.read_only = read_only;
    }

    /// The undo history (labels of what undo and redo would do).
    pub fn history(&self) -> &History {
        &self.history
    }

    fn changed(&mut self) {
        self.dirty = true;
        self.revision += 1;
    }

    /// What is wrong in the project now ([`mod@validate`]): annotations whose range is backwards,
    /// empty or past the end of their document, codes missing from the codebook. Computed
    /// once per [`Workspace::revision`]. (What was repaired on load is flagged instead: see
    /// [`Workspace::codes_needing_attention`].)
    pub fn problems(&self) -> Arc<[Problem]> {
        self.derived().problems.clone()
    }

    /// [`Workspace::problems`], indexed; computed once per revision.
    fn derived(&self) -> Arc<Derived> {
        let mut cache = self.problems.lock().unwrap_or_else(PoisonError::into_inner);
        match &*cache {
            Some((revision, derived)) if *revision == self.revision => derived.clone(),
            _ => {
                let derived = Arc::new(Derived::of(&self.project, &self.corpus));
                *cache = Some((self.revision, derived.clone()));
                derived
            }
        }
    }

    /// Why an annotation must be left out of exports, if it must: its range is backwards,
    /// empty or past the end of its document's text as it is now, or it is tagged with a code
    /// the codebook does not have. Exports count what they leave out.
    pub fn unexportable(&self, a: &Annotation) -> Option<String> {
        let derived = self.derived();
        let has_code = |code| derived.codes.contains(&code);
        let why: Vec<String> = validate::problems_of(a, has_code, &self.corpus)
            .iter()
            .filter(|p| p.excludes_from_export())
            .map(Problem::what)
            .collect();
        (!why.is_empty()).then(|| why.join("; "))
    }

    /// Annotations that need a look: their document is gone, or changed and they could not be
    /// found in it again (they keep the old offsets and hash), their range or a code is wrong
    /// ([`Workspace::problems`]), or a merge or the repair on load flagged them.
    pub fn needs_attention(&self) -> Vec<&Annotation> {
        self.needs_attention_with_reasons()
            .into_iter()
            .map(|(a, _)| a)
            .collect()
    }

    /// [`Workspace::needs_attention`], each with its [`Workspace::attention_reason`].
    pub fn needs_attention_with_reasons(&self) -> Vec<(&Annotation, String)> {
        let derived = self.derived();
        self.project
            .annotations
            .iter()
            .filter_map(|a| Some((a, self.reason_with(a, &derived)?)))
            .collect()
    }

    /// Codes that need a look, with why: flagged by a merge, or repaired on load (a parent
    /// missing, a cycle, an id taken twice), or (not repaired yet) still so.
    pub fn codes_needing_attention(&self) -> Vec<(&Code, String)> {
        let derived = self.derived();
        self.project
            .codebook
            .codes
            .iter()
            .filter_map(|c| {
                let mut why: Vec<String> = derived
                    .by_code
                    .get(&c.id)
                    .into_iter()
                    .flatten()
                    .map(|&i| derived.problems[i].what())
                    .collect();
                if !c.attention.is_empty() {
                    why.insert(0, c.attention.clone());
                }
                (!why.is_empty()).then(|| (c, why.join("; ")))
            })
            .collect()
    }

    /// Document codings that need a look, with why: flagged by a merge, or naming a code the
    /// codebook does not have.
    pub fn codings_needing_attention(&self) -> Vec<(&DocumentCoding, String)> {
        let problems = self.problems();
        self.project
            .document_codings
            .0
            .values()
            .filter_map(|c| {
                let mut why: Vec<String> = problems
                    .iter()
                    .filter(
                        |p| matches!(p, Problem::CodingMissingCode { doc, .. } if *doc == c.doc),
                    )
                    .map(Problem::what)
                    .collect();
                if !c.attention.is_empty() {
                    why.insert(0, c.attention.clone());
                }
                (!why.is_empty()).then(|| (c, why.join("; ")))
            })
            .collect()
    }

    /// How many things need a look: annotations (see [`Workspace::needs_attention`]), codes
    /// and document codings ([`Workspace::codes_needing_attention`],
    /// [`Workspace::codings_needing_attention`]).
    pub fn attention_count(&self) -> usize {
        self.needs_attention().len()
            + self.codes_needing_attention().len()
            + self.codings_needing_attention().len()
    }

    /// Why an annotation of the project needs a look, if it does (every reason,
    /// `; `-separated).
    pub fn attention_reason(&self, a: &Annotation) -> Option<String> {
        self.reason_with(a, &self.derived())
    }

    fn reason_with(&self, a: &Annotation, derived: &Derived) -> Option<String> {
        let mut why = Vec::new();
        match self.corpus.document(&a.doc) {
            None => why.push("document missing".to_owned()),
            Some(doc) if doc.hash != a.hash => why.push("not found in the changed text".into()),
            Some(_) => {}
        }
        why.extend(derived.about_annotation(a.id));
        if !a.attention.is_empty() {
            why.push(a.attention.clone());
        }
        (!why.is_empty()).then(|| why.join("; "))
    }

    /// The project's display name: the corpus folder's name for `qari.ron`, else the file stem.
    pub fn name(&self) -> String {
        project_name(&self.project_path)
    }

    /// The corpus root on disk.
    pub fn corpus_root(&self) -> &Path {
        &self.corpus.root
    }
}

/// Loads and parses a project file.
pub fn load(path: &Path) -> Result<ProjectFile, ProjectError> {
    Ok(disk::read(path)?.project)
}

/// Creates a project for `corpus` at `project_path` and saves it; refuses to replace one.
pub fn init(corpus: &Path, project_path: &Path) -> Result<Workspace, ProjectError> {
    if project_path.exists() {
        return Err(ProjectError::Exists {
            path: project_path.into(),
        });
    }
    let project = ProjectFile::new(relative_root(project_path, corpus));
    let mut workspace = Workspace::with_project(project_path.into(), project, None, Origin::New)?;
    workspace.save()?;
    Ok(workspace)
}

/// The display name of a project file.
pub fn project_name(project_path: &Path) -> String {
    let file_name = project_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if file_name == DEFAULT_FILE_NAME {
        let folder = std::path::absolute(project_path)
            .ok()
            .and_then(|p| p.parent().and_then(|d| d.file_name()).map(|n| n.to_owned()));
        if let Some(folder) = folder {
            return folder.to_string_lossy().into_owned();
        }
    }
    file_name
        .strip_suffix(SINGLE_FILE_SUFFIX)
        .or_else(|| file_name.strip_suffix(".ron"))
        .unwrap_or(&file_name)
        .to_owned()
}

/// Where a project file is copied before annotations are moved to their documents' new text:
/// `qari.ron` → `qari.ron.before-reanchoring.bak`.
pub fn reanchor_backup_path(project: &Path) -> PathBuf {
    let mut name = project.file_name().unwrap_or_default().to_owned();
    name.push(".before-reanchoring.bak");
    project.with_file_name(name)
}

/// Where a project file is copied before the first save that writes what was repaired on
/// loading it ([`Workspace::repaired`]): `qari.ron` → `qari.ron.before-repair.bak`. It holds
/// the file as it was before the latest repair (a later repair replaces it; the earlier
/// repair is in the project file by then).
pub fn before_repair_backup_path(project: &Path) -> PathBuf {
    let mut name = project.file_name().unwrap_or_default().to_owned();
    name.push(".before-repair.bak");
    project.with_file_name(name)
}

/// Where the project as this program had it is kept when a merge of what another program
/// saved takes annotations or codes out of it (the file was replaced by an older version or
/// another project, say): `qari.ron` → `qari.ron.before-merge.bak`. A later such merge
/// replaces it.
pub fn before_merge_backup_path(project: &Path) -> PathBuf {
    let mut name = project.file_name().unwrap_or_default().to_owned();
    name.push(".before-merge.bak");
    project.with_file_name(name)
}

/// A path's file name, for messages.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Finds again the annotations whose document's text changed (their hash is not the
/// document's now); those found get the new offsets, context and hash, the others stay as
/// they were.
fn reanchor(annotations: &mut Annotations, corpus: &Corpus) -> Vec<Reanchored> {
    let stale: Vec<(&crate::corpus::DocumentInfo, Vec<Annotation>)> = annotations
        .by_doc()
        .filter_map(|(id, list)| {
            let doc = corpus.document(id)?;
            let stale: Vec<Annotation> = list
                .iter()
                .filter(|a| a.hash != doc.hash)
                .cloned()
                .collect();
            (!stale.is_empty()).then_some((doc, stale))
        })
        .collect();
    let mut report = Vec::new();
    let mut moved = Vec::new();
    for (doc, list) in stale {
        let Ok(text) = corpus.text(doc) else {
            continue; // unreadable now: left as they are, so they need attention
        };
        let new = NewText::new(&text.text);
        for a in list {
            let outcome = new.find(&a);
            if let Some(range) = outcome.range()
                && let Some(anchor) = Anchor::of(&text.text, range.clone())
            {
                let mut after = a.clone();
                after.set_anchor(anchor, range, doc.hash.clone());
                moved.push(after);
            }
            report.push(Reanchored {
                id: a.id,
                doc: a.doc.clone(),
                old: a.range(),
                outcome,
            });
        }
    }
    for after in moved {
        annotations.remove(after.id);
        // The id was just freed.
        let _ = annotations.insert(after);
    }
    report
}

/// Gives the records of a project from before format 3 the current kind of hash where their
/// document is unchanged: its text on disk has the recorded (BLAKE3) hash. The others keep
/// the old hash, so they count as changed.
fn upgrade_hashes(records: &mut [DocumentRecord], corpus: &Corpus) {
    let legacy: std::collections::HashMap<&str, ContentHash> = corpus
        .map_texts(|_, text| ContentHash::legacy_of(text))
        .into_iter()
        .zip(&corpus.documents)
        .filter_map(|(hash, doc)| Some((doc.id.as_str(), hash.ok()?)))
        .collect();
    for record in records {
        if let Some(doc) = corpus.document(&record.id)
            && legacy.get(record.id.as_str()) == Some(&record.hash)
        {
            record.hash = doc.hash.clone();
        }
    }
}

/// Records for every document now in the corpus, plus those of the old records whose documents
/// are missing (kept: the project still refers to them until the user says otherwise).
fn updated_records(old: &[DocumentRecord], corpus: &Corpus) -> Vec<DocumentRecord> {
    let mut records: Vec<DocumentRecord> =
        corpus.documents.iter().map(DocumentRecord::from).collect();
    records.extend(
        old.iter()
            .filter(|r| corpus.document(&r.id).is_none())
            .cloned(),
    );
    records.sort_by(|a, b| crate::corpus::natural_order(&a.id, &b.id));
    records
}

/// The corpus root as stored: relative to the project file's folder, `/`-separated.
pub(crate) fn relative_root(project_path: &Path, root: &Path) -> String {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let project_dir = absolute(project_path)
        .parent()
        .map(Path::to_owned)
        .unwrap_or_default();
    let root = absolute(root);
    let rel = pathdiff::diff_paths(&root, &project_dir).unwrap_or(root);
    if rel.as_os_str().is_empty() {
        return ".".into();
    }
    let parts: Vec<String> = rel
        .components()
        .map(|c| match c {
            Component::RootDir => String::new(),
            other => other.as_os_str().to_string_lossy().into_owned(),
        })
        .collect();
    parts.join("/")
}

/// The corpus root on disk from its stored form.
pub(crate) fn resolve_root(project_path: &Path, corpus_root: &str) -> PathBuf {
    let dir = project_path.parent().unwrap_or(Path::new(""));
    let joined = dir.join(corpus_root);
    // `a/b/.` and `a/b/../c` read better in messages once tidied; keep symlinks as they are.
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_folder_creates_an_unsaved_project_and_save_writes_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "نص").unwrap();
        let mut ws = Workspace::open(dir.path()).unwrap();
        assert!(ws.dirty);
        assert!(
            ws.changes.is_empty(),
            "a new project has no changes since a save"
        );
        assert_eq!(ws.project.corpus_root, ".");
        assert_eq!(ws.project.documents.len(), 1);
        assert!(!ws.project_path.exists());
        ws.save().unwrap();
        assert!(!ws.dirty);
        let again = Workspace::open(dir.path()).unwrap();
        assert!(!again.dirty);
        assert!(again.changes.is_empty());
        assert_eq!(again.project, ws.project);
    }

    #[test]
    fn single_article_gets_a_project_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("مقال.txt");
        std::fs::write(&file, "نص").unwrap();
        std::fs::write(dir.path().join("other.txt"), "نص").unwrap();
        let mut ws = Workspace::open(&file).unwrap();
        assert_eq!(ws.project.corpus_root, "مقال.txt");
        assert_eq!(ws.corpus.documents.len(), 1);
        ws.save().unwrap();
        assert!(dir.path().join("مقال.txt.qari.ron").exists());
        assert_eq!(ws.name(), "مقال.txt");
        let again = Workspace::open(&dir.path().join("مقال.txt.qari.ron")).unwrap();
        assert_eq!(again.corpus.documents.len(), 1);
    }

    #[test]
    fn moved_corpus_is_reported_and_can_be_relocated() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        std::fs::write(corpus.join("a.txt"), "نص").unwrap();
        let project = dir.path().join("projects/study.ron");
        std::fs::create_dir(dir.path().join("projects")).unwrap();
        let ws = init(&corpus, &project).unwrap();
        assert_eq!(ws.project.corpus_root, "../corpus");
        assert_eq!(ws.name(), "study");
        std::fs::rename(&corpus, dir.path().join("moved")).unwrap();
        let err = Workspace::open(&project).unwrap_err();
        assert!(matches!(err, ProjectError::CorpusMissing { .. }), "{err}");
        assert!(err.to_string().ends_with("study.ron"), "{err}");
        let mut ws = Workspace::relocate(&project, &dir.path().join("moved")).unwrap();
        assert_eq!(ws.project.corpus_root, "../moved");
        assert!(ws.changes.is_empty());
        ws.save().unwrap();
        assert!(Workspace::open(&project).is_ok());
    }

    #[test]
    fn a_project_from_before_format_3_keeps_unchanged_documents_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("same.txt"), "نص باق").unwrap();
        std::fs::write(dir.path().join("edited.txt"), "نص جديد").unwrap();
        let old = |id: &str, text: &str| {
            format!(
                "(id: \"{id}\", hash: \"{}\", chars: {}),",
                ContentHash::legacy_of(text),
                text.chars().count()
            )
        };
        let file = format!(
            "(format_version: 2, corpus_root: \".\", documents: [{} {}])",
            old("edited.txt", "نص قديم"),
            old("same.txt", "نص باق")
        );
        let path = dir.path().join(DEFAULT_FILE_NAME);
        std::fs::write(&path, file).unwrap();
        let mut ws = Workspace::open(&path).unwrap();
        assert_eq!(ws.changes.changed, ["edited.txt"]);
        assert!(ws.dirty);
        for record in ws.project.documents.iter() {
            let doc = ws.corpus.document(&record.id).unwrap();
            assert_eq!(record.hash, doc.hash, "{}", record.id);
        }
        ws.save().unwrap();
        let again = Workspace::open(&path).unwrap();
        assert!(again.changes.is_empty() && !again.dirty);
    }

    #[test]
    fn init_refuses_to_replace_a_project() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(DEFAULT_FILE_NAME);
        init(dir.path(), &p).unwrap();
        assert!(matches!(
            init(dir.path(), &p),
            Err(ProjectError::Exists { .. })
        ));
    }

    #[test]
    fn missing_documents_stay_in_the_project() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "نص").unwrap();
        std::fs::write(dir.path().join("b.txt"), "نص").unwrap();
        init(dir.path(), &dir.path().join(DEFAULT_FILE_NAME)).unwrap();
        std::fs::remove_file(dir.path().join("a.txt")).unwrap();
        std::fs::write(dir.path().join("c.txt"), "نص").unwrap();
        let ws = Workspace::open(dir.path()).unwrap();
        assert_eq!(ws.changes.missing, ["a.txt"]);
        assert_eq!(ws.changes.new, ["c.txt"]);
        let ids: Vec<_> = ws.project.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a.txt", "b.txt", "c.txt"]);
    }

    #[test]
    fn a_newer_project_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "نص").unwrap();
        let mut ws = Workspace::open(dir.path()).unwrap();
        let newer = "(format_version: 99, corpus_root: \".\")\n";
        std::fs::write(&ws.project_path, newer).unwrap();
        assert!(matches!(
            Workspace::open(dir.path()),
            Err(ProjectError::NewerVersion { found: 99, .. })
        ));
        assert!(matches!(ws.save(), Err(ProjectError::NewerVersion { .. })));
        assert_eq!(std::fs::read_to_string(&ws.project_path).unwrap(), newer);
    }
}

//! The project file: what qari saves next to a corpus, and opening a project with its corpus.
//!
//! A project is a RON file, `qari.ron` in the corpus folder by default (`NAME.qari.ron` beside a
//! single article), holding a `format_version`, the corpus root relative to the project file and
//! the documents as they were last saved (id, content hash, length in code points), and (since
//! version 2) the user's edits to the entity register. Later versions add annotations, the
//! codebook and settings as new fields with `#[serde(default)]` and a new `format_version`, so
//! every older file still loads; a file from a newer qari is refused and never overwritten.
//!
//! - [`mod@format`]: the schema version, parsing with clear errors, deterministic writing.
//! - [`save`]: atomic writes (beside, fsync, rename, fsync the folder) with a `.bak` of the
//!   previous version.
//! - [`check`]: documents missing, changed or new since the project was saved.
//! - [`workspace`]: a project together with its opened corpus, as the GUI and the CLI use it;
//!   the one owner of an open project, through whose [`Workspace::perform`] every change goes.
//! - [`intent`]: the changes a user can ask for, turned into undoable transactions.
//! - [`merge`]: the three-way merge of project files (changes made by another program, or on
//!   another git branch, kept with ours).
//! - [`lock`]: the advisory locks that keep two programs from saving at once.
//! - [`validate`]: what can be wrong in a file edited by hand; the code tree and duplicate ids
//!   repaired on load (flagged), bad ranges and missing codes reported and kept out of exports.
//! - [`tagger`]: the project's own entity tagger, learnt from the analyst's entity tags and
//!   accepted or rejected suggestions, and kept beside the project file (`qari.qtag`).
//!
//! This module does not know about the GUI.

pub mod attributes;
pub mod autosave;
pub mod check;
pub mod format;
pub mod intent;
pub mod line_parser;
pub mod lines;
pub mod lock;
pub mod merge;
pub mod save;
pub mod tagger;
pub mod validate;
pub mod workspace;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::annotations::{Annotations, Codebook, DocumentAttributes, DocumentCodings, Editable};
use crate::corpus::{ContentHash, DocumentInfo};
use crate::entities::RegisterEdit;

pub use check::Changes;
pub use format::FORMAT_VERSION;
pub use intent::{CodeChange, Flagged, Intent, IntentError, Outcome, Planned};
pub use validate::Problem;
pub use workspace::{Saved, Workspace};

/// File name of a corpus folder's project.
pub const DEFAULT_FILE_NAME: &str = "qari.ron";

/// Suffix of the project file kept beside a single opened article (`article.txt.qari.ron`).
pub const SINGLE_FILE_SUFFIX: &str = ".qari.ron";

/// The contents of a project file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectFile {
    /// Schema version; see [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The corpus folder (or single article) relative to the folder of the project file,
    /// `/`-separated; absolute when no relative path exists.
    pub corpus_root: String,
    /// The documents as they were when the project was last saved, in natural id order.
    /// Shared: a copy of the project (each save's, each count's) does not copy them.
    #[serde(default)]
    pub documents: Arc<[DocumentRecord]>,
    /// The user's changes to the bundled entity register, in the order made (version 2).
    #[serde(default)]
    pub register: Vec<RegisterEdit>,
    /// The codes passages are tagged with (version 4).
    #[serde(default)]
    pub codebook: Codebook,
    /// Codes and memos of whole documents (version 4).
    #[serde(default)]
    pub document_codings: DocumentCodings,
    /// Attributes of documents imported from a CSV: source, date, author … (version 8).
    #[serde(default)]
    pub attributes: DocumentAttributes,
    /// The tagged passages (version 4), document by document in text order. Written last, one
    /// a line, by [`lines`] rather than by `ron`.
    /// Read with [`validate::unique_annotation_ids`]: two with one id are both kept.
    #[serde(
        default,
        skip_serializing,
        deserialize_with = "validate::deserialize_annotations"
    )]
    pub annotations: Annotations,
    /// Read from a file before format 3, whose document hashes are BLAKE3: opening the
    /// workspace turns the hashes of unchanged documents into the current kind.
    #[serde(skip)]
    pub legacy_hashes: bool,
}

impl ProjectFile {
    /// An empty project of the current version for a corpus root.
    pub fn new(corpus_root: String) -> Self {
        Self {
            format_version: FORMAT_VERSION,
            corpus_root,
            ..Self::default()
        }
    }
}

impl Editable for ProjectFile {
    fn codebook_mut(&mut self) -> &mut Codebook {
        &mut self.codebook
    }

    fn annotations_mut(&mut self) -> &mut Annotations {
        &mut self.annotations
    }

    fn document_codings_mut(&mut self) -> &mut DocumentCodings {
        &mut self.document_codings
    }

    fn register_edits_mut(&mut self) -> &mut Vec<RegisterEdit> {
        &mut self.register
    }

    fn attributes_mut(&mut self) -> &mut DocumentAttributes {
        &mut self.attributes
    }
}

/// A document as the project remembers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// Path relative to the corpus root.
    pub id: String,
    /// Hash of the document text (see [`ContentHash`]).
    pub hash: ContentHash,
    /// Length of the document text in code points.
    pub chars: usize,
}

impl From<&DocumentInfo> for DocumentRecord {
    fn from(doc: &DocumentInfo) -> Self {
        Self {
            id: doc.id.clone(),
            hash: doc.hash.clone(),
            chars: doc.char_len,
        }
    }
}

/// Everything that can go wrong with a project file. Every message names the file last.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    /// Reading failed.
    #[error("could not read project ({error}): {path}")]
    Read {
        /// The project file.
        path: PathBuf,
        /// The OS error.
        error: std::io::Error,
    },
    /// Not valid RON, or not a qari project.
    #[error("project file syntax error at line {line}, column {column} ({message}): {path}")]
    Syntax {
        /// The project file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// Not UTF-8 (a file cut inside a character, or not text): where the first bad byte is.
    #[error(
        "project file is not valid UTF-8 at line {line}, column {column} (byte {byte}): {path}"
    )]
    NotUtf8 {
        /// The project file.
        path: PathBuf,
        /// 1-based line of the first bad byte.
        line: usize,
        /// 1-based column (in characters) of the first bad byte.
        column: usize,
        /// 0-based offset of the first bad byte in the file.
        byte: usize,
    },
    /// Empty (0 bytes, or only white space).
    #[error("project file is empty: {path}")]
    Empty {
        /// The project file.
        path: PathBuf,
    },
    /// The project file cannot be read as a project (empty, cut, not UTF-8, bad syntax) and
    /// the backup beside it can: the window offers to open the backup.
    #[error(
        "{error}; its backup beside it reads (the window offers to open it, keeping the broken \
         file): {backup}"
    )]
    BackupReadable {
        /// The project file.
        path: PathBuf,
        /// Why the project file itself cannot be read (names it).
        error: Box<ProjectError>,
        /// The backup that reads (`qari.ron.bak`).
        backup: PathBuf,
    },
    /// Written by a newer qari: refused, and never overwritten.
    #[error(
        "project format version {found} is newer than this qari reads (up to {FORMAT_VERSION}); open it with a newer qari: {path}"
    )]
    NewerVersion {
        /// The project file.
        path: PathBuf,
        /// Its `format_version`.
        found: u32,
    },
    /// Writing failed; the previous file is untouched.
    #[error("could not save project ({error}): {path}")]
    Write {
        /// The project file.
        path: PathBuf,
        /// The OS error.
        error: std::io::Error,
    },
    /// Another process is saving the project and did not finish within the time waited.
    #[error(
        "the project is being saved by {holder}; try again (or wait longer with --wait SECONDS): {path}"
    )]
    Locked {
        /// The project file.
        path: PathBuf,
        /// Who holds the lock, as the lock file says.
        holder: String,
    },
    /// A save of this project by this process has begun and not ended.
    #[error("the project is being saved already; it is saved again when that save ends: {path}")]
    Saving {
        /// The project file.
        path: PathBuf,
    },
    /// The project file changed each time qari was about to write it (another program keeps
    /// writing it): nothing was written, and nothing is lost.
    #[error(
        "the project file kept changing while qari saved (another program is writing it); \
         your changes are kept, save again in a moment: {path}"
    )]
    KeepsChanging {
        /// The project file.
        path: PathBuf,
    },
    /// The project is open read-only (another window has it open for writing).
    #[error("the project is open read-only; nothing was saved: {path}")]
    ReadOnly {
        /// The project file.
        path: PathBuf,
    },
    /// `init` on a folder that already has a project.
    #[error("a project already exists: {path}")]
    Exists {
        /// The project file.
        path: PathBuf,
    },
    /// The corpus folder recorded in the project is not there (moved or unmounted).
    #[error(
        "corpus folder not found: {root}; if it moved, locate it (in the GUI: Locate corpus folder…; on the command line: `qari relocate PROJECT FOLDER`): {path}"
    )]
    CorpusMissing {
        /// The project file.
        path: PathBuf,
        /// Where the corpus was expected.
        root: PathBuf,
    },
    /// The corpus exists but cannot be opened.
    #[error(transparent)]
    Corpus(#[from] crate::corpus::OpenError),
}

/// Where the project of an opened path lives: `qari.ron` in a folder, `NAME.qari.ron` beside a
/// single article, the path itself for a `.ron` file.
pub fn project_path_for(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join(DEFAULT_FILE_NAME)
    } else if is_project_file(path) {
        path.to_owned()
    } else {
        let mut name = path.file_name().unwrap_or_default().to_owned();
        name.push(SINGLE_FILE_SUFFIX);
        path.with_file_name(name)
    }
}

/// Whether a path names a project file (by its `.ron` extension).
pub fn is_project_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
}

//! qari (قارئ, "reader"): a desktop workbench for reading and annotating corpora of Arabic news
//! and opinion articles.
//!
//! The crate is a pure core that the CLI, the tests and the benches drive, and a thin egui shell
//! on top of it:
//!
//! - [`corpus`]: open a folder or a file: walk, decode (UTF-8/16, windows-1256, ISO-8859-6 …),
//!   HTML to text, per-document metadata.
//! - [`annotations`]: the codebook, annotations and document codings, invertible edits and the
//!   undo history, coder actions as transactions, re-anchoring in changed documents.
//! - [`entities`]: the entity register and finding mentions through clitics and spelling variants,
//!   and the trained tagger that finds the names the register has never seen.
//! - [`agreement`]: how far coders agree (Cohen's and Fleiss' kappa, Krippendorff's alpha).
//! - [`analysis`]: what the charts count: entity frequency, entities named together.
//! - [`import`]: annotations from other tools: JSON lines, brat folders, W3C Web Annotation
//!   collections, checked line by line and planned as one undoable step.
//! - [`layout`]: the text engine: Arabic shaping, bidi, wrapping, hit testing, highlight geometry.
//! - [`project`]: the RON project file: schema version, atomic save with backup, changes since
//!   the last save; the [`project::Workspace`] that owns an open project, through whose
//!   [`project::Workspace::perform`] every change goes as an [`project::Intent`]; the locks and
//!   the three-way merge that keep two programs from losing each other's changes.
//! - [`export`]: annotations (and entity mentions) for other tools: CSV, JSON lines, brat, W3C
//!   Web Annotation, CoNLL, an HTML report, REFI-QDA.
//! - [`files`]: reading a file an import or export opens: a regular file only, up to a limit.
//! - [`search`]: the corpus search: a query language over the folded text with the clitic rules,
//!   an in-memory index, hits in document code points, the concordance (KWIC).
//! - [`text`]: folding for matching (diacritics, alef and hamza forms, digits …) with an offset map.
//! - [`recent`], [`sample`]: the last project, and the bundled sample corpus.
//! - [`cli`]: the headless subcommands (`qari list`, `text`, `init`, `check`, `relocate`,
//!   `entities`, `register`, `import`, `annotations`, `export`, `merge`).
//! - [`ui`]: the eframe/egui application. Nothing outside it imports egui, eframe or rfd.
//!
//! Data flows one way: files → `corpus` → `text` → `entities` / `annotations` → `project` /
//! `export`. The UI and the CLI read the core and change a project only through
//! [`project::Workspace::perform`] (and undo and redo).
//!
//! **Offsets.** Every offset in qari, in the core and in every export, counts Unicode code points
//! of the decoded document text (see [`corpus`]) in logical (reading) order, end exclusive.
//! Visual order exists only inside the viewer.

#![warn(missing_docs)]

pub mod agreement;
pub mod analysis;
pub mod annotations;
pub mod cli;
pub mod corpus;
pub mod entities;
pub mod export;
pub mod files;
#[doc(hidden)]
pub mod fuzzing;
pub mod import;
pub mod layout;
pub mod project;
pub mod recent;
pub mod sample;
pub mod search;
pub mod text;
#[cfg(feature = "gui")]
pub mod ui;

//! Annotations from other tools, and from qari's own exports: reading a file (or a folder) into
//! [`Passage`]s, and planning them as one undoable step.
//!
//! - [`jsonl`]: JSON lines, one passage a line (what `qari annotations` and the JSON lines export
//!   write, and the gold files of `../shared/data/eval`).
//! - [`brat`]: a brat standoff folder, `.ann` files beside the documents' `.txt` and an
//!   `annotation.conf`.
//! - [`w3c`]: a W3C Web Annotation collection (JSON-LD).
//! - [`plan_passages`]: the passages checked against the project's documents and codebook and
//!   turned into one [`Transaction`](crate::annotations::Transaction): codes that do not exist
//!   yet are made, passages already in the project are left out.
//!
//! [`read`] reads any of the [`Format`]s into a [`Batch`]. Every line is checked, and every bad
//! one is reported with its number (and its file, for a folder); one bad line and nothing is
//! added. Offsets are code points of the document text, end exclusive, in logical order, as
//! everywhere in qari.
//!
//! Imports are strict. A line that reads but is doubtful ([`Doubt`]: a brat id given twice, a
//! text that is not the document's text at its offsets, brat pieces with text between them, a
//! code name holding a control character or a bidi control) is refused like a bad line; a
//! lenient read takes it (at its offsets, the first of two ids, the name cleaned) and lists a
//! warning for it ([`Batch::warnings`]). The planner ([`plan_passages`]) refuses doubtful
//! passages whoever asks, so nothing doubtful gets in without a lenient read saying so.
//!
//! This module does not change a project: [`crate::project::Intent::Import`] carries the
//! passages through [`crate::project::Workspace::perform`], the one door for change.

pub mod brat;
pub mod jsonl;
mod passage;
mod plan;
pub mod w3c;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use passage::{Doubt, LENIENT_MARK, LineError, Passage};
pub use plan::{ImportDoc, Plan, plan, plan_passages};

use crate::corpus::Corpus;

/// The formats qari imports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One passage a line: `doc`, `start`, `end`, `code` (or `type`), `note`, `author`.
    Jsonl,
    /// A brat standoff folder (`.ann` files beside the documents' `.txt`, `annotation.conf`).
    Brat,
    /// A W3C Web Annotation collection (JSON-LD).
    W3c,
}

impl Format {
    /// Every format, in the order a menu lists them.
    pub const ALL: [Format; 3] = [Format::Jsonl, Format::Brat, Format::W3c];

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Format::Jsonl => "JSON lines",
            Format::Brat => "brat folder",
            Format::W3c => "W3C Web Annotation",
        }
    }

    /// Whether it is read from a folder rather than a file.
    pub fn is_folder(self) -> bool {
        matches!(self, Format::Brat)
    }

    /// The file name extensions of its files, for file dialogs (none for a folder).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Jsonl => &["jsonl", "json"],
            Format::Brat => &[],
            Format::W3c => &["json", "jsonld"],
        }
    }
}

/// Passages read from a file or folder, what qari has no place for, and the bad lines.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    /// The passages that read, in file and line order.
    pub passages: Vec<Passage>,
    /// Lines qari has no place for (brat relations, events and attributes), left out.
    pub skipped: usize,
    /// The lines that do not read (and, unless the read was lenient, the doubtful ones).
    pub errors: Vec<LineError>,
    /// The doubtful lines a lenient read took, each saying what was done with it.
    pub warnings: Vec<LineError>,
}

/// A file or folder that cannot be read at all (bad lines in it are [`Batch::errors`]). Every
/// message names the file last.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Reading a file failed.
    #[error("could not read ({error}): {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error.
        error: std::io::Error,
    },
    /// A W3C file that is not JSON.
    #[error("not JSON ({error}): {path}")]
    NotJson {
        /// The file.
        path: PathBuf,
        /// Where the JSON breaks.
        error: serde_json::Error,
    },
    /// JSON that is neither a W3C Web Annotation collection, page or list, nor an annotation.
    #[error("not a W3C Web Annotation collection or annotation: {path}")]
    NotW3c {
        /// The file.
        path: PathBuf,
    },
    /// A W3C collection or page not all of whose annotations would be read (a page given by
    /// its address, `items` that are not a list …): refused rather than imported in part.
    #[error("{reason}: {path}")]
    W3cPages {
        /// What is wrong, and where.
        reason: String,
        /// The file.
        path: PathBuf,
    },
    /// A brat folder's document list (`qari-documents.tsv`) that does not read.
    #[error(transparent)]
    Manifest(#[from] crate::export::brat_names::ManifestError),
    /// A brat folder without annotations.
    #[error("no .ann files in the folder: {path}")]
    NoAnnFiles {
        /// The folder.
        path: PathBuf,
    },
}

/// Reads a file (or a brat folder) of the format; brat needs the corpus to match `.ann` files to
/// documents. Strict unless `lenient`: then every doubtful line ([`Doubt`]) is taken as a
/// lenient import takes it and listed in [`Batch::warnings`], its passage settled
/// ([`Passage::settle`]) so that the planner takes it too.
pub fn read(
    format: Format,
    path: &Path,
    corpus: &Corpus,
    lenient: bool,
) -> Result<Batch, ImportError> {
    let read_text = || {
        crate::files::read_regular_text(path, crate::files::MAX_ANNOTATION_FILE_BYTES).map_err(
            |error| ImportError::Read {
                path: path.to_owned(),
                error,
            },
        )
    };
    let mut batch = match format {
        Format::Jsonl => {
            let (passages, errors) = jsonl::jsonl_passages(&read_text()?);
            Batch {
                passages,
                errors,
                ..Batch::default()
            }
        }
        Format::Brat => brat::read_folder(path, corpus, lenient)?,
        Format::W3c => {
            let json: serde_json::Value =
                serde_json::from_str(&read_text()?).map_err(|error| ImportError::NotJson {
                    path: path.to_owned(),
                    error,
                })?;
            if let Err(reason) = w3c::items(&json) {
                return Err(if reason == w3c::NOT_W3C {
                    ImportError::NotW3c {
                        path: path.to_owned(),
                    }
                } else {
                    ImportError::W3cPages {
                        reason,
                        path: path.to_owned(),
                    }
                });
            }
            let (passages, errors) = w3c::read(&json);
            Batch {
                passages,
                errors,
                ..Batch::default()
            }
        }
    };
    if lenient {
        settle(&mut batch, corpus);
    }
    Ok(batch)
}

/// Takes every doubtful passage as a lenient import does, with a warning for each doubt.
fn settle(batch: &mut Batch, corpus: &Corpus) {
    let mut texts: HashMap<String, Option<Vec<char>>> = HashMap::new();
    for passage in &mut batch.passages {
        let chars = texts.entry(passage.doc.clone()).or_insert_with(|| {
            let doc = corpus.document(&passage.doc)?;
            corpus.text(doc).ok().map(|t| t.text.chars().collect())
        });
        // A document that cannot be read is the planner's to report.
        let Some(chars) = chars else {
            continue;
        };
        let doubts = passage.doubts(chars);
        // A passage a lenient import refuses too stays as it is: the planner refuses it,
        // without a warning promising otherwise.
        if doubts.is_empty() || !doubts.iter().all(Doubt::is_lenient) {
            continue;
        }
        let file = passage.file.as_deref();
        batch
            .warnings
            .extend(doubts.iter().filter_map(|d| d.warned(file, passage.line)));
        passage.settle();
    }
    batch
        .warnings
        .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_does_not_read_is_named_last() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = Corpus::open(dir.path()).unwrap();
        let missing = dir.path().join("gold.jsonl");
        let err = read(Format::Jsonl, &missing, &corpus, false).unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("could not read ("), "{message}");
        assert!(
            message.ends_with(&format!("): {}", missing.display())),
            "{message}"
        );

        let broken = dir.path().join("notes.jsonld");
        std::fs::write(&broken, "{\"type\": ").unwrap();
        let message = read(Format::W3c, &broken, &corpus, false)
            .unwrap_err()
            .to_string();
        assert!(message.starts_with("not JSON ("), "{message}");
        assert!(
            message.ends_with(&format!("): {}", broken.display())),
            "{message}"
        );

        let message = read(Format::Brat, dir.path(), &corpus, false)
            .unwrap_err()
            .to_string();
        assert_eq!(
            message,
            format!("no .ann files in the folder: {}", dir.path().display())
        );
    }

    #[test]
    fn bad_lines_are_in_the_batch_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = Corpus::open(dir.path()).unwrap();
        let file = dir.path().join("gold.jsonl");
        let jsonl = concat!(
            r#"{"doc": "a.txt", "start": 0, "end": 3, "code": "PER"}"#,
            "\n",
            r#"{"doc": "a.txt", "start": 0}"#,
            "\n"
        );
        std::fs::write(&file, jsonl).unwrap();
        let batch = read(Format::Jsonl, &file, &corpus, false).unwrap();
        assert_eq!(batch.passages.len(), 1);
        assert_eq!(batch.skipped, 0);
        let lines: Vec<usize> = batch.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2]);
    }

    #[test]
    fn only_brat_is_a_folder_and_folders_have_no_extensions() {
        for format in Format::ALL {
            assert_eq!(format.is_folder(), format.extensions().is_empty());
        }
        assert_eq!(Format::ALL.map(Format::label)[1], "brat folder");
    }
}

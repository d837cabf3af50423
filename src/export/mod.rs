//! Exporting a project's annotations: every format reads the same [`Selection`] (the
//! annotations chosen by code and document, in document and text order, and optionally the
//! entity mentions), one file per format.
//!
//! - [`csv`]: one row per annotation and code, UTF-8 with a BOM, RFC 4180 quoting.
//! - [`jsonl`]: one annotation a line with every field.
//! - [`brat`]: brat standoff, a `.txt` and `.ann` per document and `annotation.conf`.
//! - [`w3c`]: W3C Web Annotation, a JSON-LD `AnnotationCollection`.
//! - [`conll`]: CoNLL BIO, a token a line, for training sequence taggers.
//! - [`html`]: a self-contained, right-to-left HTML report with highlights, notes and a legend.
//! - [`refi`]: REFI-QDA, a `.qdpx` project (and `.qdc` codebook) for MAXQDA, ATLAS.ti, NVivo,
//!   QualCoder.
//!
//! Offsets are code points of the document text, end exclusive, in logical order.
//!
//! An export never writes over the project file, its backups or lock files, or a file of the
//! corpus ([`guard`]), nor a file into the corpus folder that the corpus would read as a new
//! document (`report.html`, `new.txt`); a brat export goes into an empty folder unless
//! [`Options::force`], and never into the corpus folder or a folder in it (but a hidden one).
//! Every file is
//! written atomically ([`crate::project::save::write_atomic`]: through a symbolic link to its
//! target, never over a folder, FIFO, socket or device).

pub mod brat;
pub mod brat_names;
pub mod conll;
pub mod csv;
pub mod guard;
pub mod html;
pub mod jsonl;
pub mod refi;
pub mod w3c;

use crate::annotations::{Annotation, CodeId, Codebook};
use crate::entities::{Kind, Source};

/// Which annotations an export holds, and how it is written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Only annotations with one of these codes (or a code under them); all when empty.
    pub codes: Vec<CodeId>,
    /// Only these documents; all when empty.
    pub docs: Vec<String>,
    /// Only the annotations of these coders (authors): one coder's layer, or a curated one;
    /// all when empty.
    pub authors: Vec<String>,
    /// A brat export may go into a folder that holds other files (it still never writes over
    /// the project's files or the corpus's).
    pub force: bool,
    /// CSV cells are written as they are, without the `'` that keeps a spreadsheet from running
    /// a cell as a formula ([`csv::neutralise`]).
    pub csv_raw: bool,
}

impl Options {
    /// Whether the export holds this document: it is one of `docs`, or `docs` is empty.
    pub fn takes_doc(&self, doc: &str) -> bool {
        self.docs.is_empty() || self.docs.iter().any(|d| d == doc)
    }
}

/// An entity mention, exported beside the annotations.
#[derive(Clone, Debug, PartialEq)]
pub struct MentionRow {
    /// Document id.
    pub doc: String,
    /// First code point.
    pub start: usize,
    /// One past the last.
    pub end: usize,
    /// The mention as written.
    pub text: String,
    /// The entity's canonical name; `None` for a name only the tagger found, which the
    /// register does not know.
    pub entity: Option<String>,
    /// Its kind: the entity's, or the one the tagger gave.
    pub kind: Kind,
    /// Who found it.
    pub source: Source,
    /// The tagger's probability (1 when only the register found it).
    pub score: f32,
}

impl MentionRow {
    /// Who found it and how sure the tagger is, for formats with a note but no field of their
    /// own: empty for the register alone.
    pub fn provenance(&self) -> String {
        match self.source {
            Source::Register => String::new(),
            Source::Both => format!("found by the register and the tagger ({:.2})", self.score),
            Source::Tagger => format!("suggested by the tagger ({:.2})", self.score),
        }
    }
}

/// Which entity mentions an export adds to the annotations.
#[derive(Clone, Default)]
pub enum WithEntities {
    /// None.
    #[default]
    No,
    /// The register's (the bundled register with the project's edits).
    Register,
    /// The register's and the tagger's, merged as `qari entities` and the sidebar merge them;
    /// names only the tagger found come without an entity.
    Tagger(std::sync::Arc<crate::entities::tagger::Model>),
}

impl WithEntities {
    /// Whether mentions are added.
    pub fn any(&self) -> bool {
        !matches!(self, Self::No)
    }
}

/// What an export writes.
pub struct Selection<'a> {
    /// The codebook (for code paths).
    pub codebook: &'a Codebook,
    /// The annotations, in document and text order.
    pub annotations: Vec<&'a Annotation>,
    /// For each annotation, the codes exported with it (those the options chose).
    pub codes: Vec<Vec<CodeId>>,
    /// Entity mentions, when asked for.
    pub mentions: Vec<MentionRow>,
}

impl<'a> Selection<'a> {
    /// The chosen annotations of one document, with their codes. The selection keeps
    /// documents in natural id order (as [`crate::annotations::Annotations::iter`] gives them),
    /// so a document's annotations are found by binary search, not by a pass over all.
    pub fn of_doc<'s>(
        &'s self,
        doc: &str,
    ) -> impl Iterator<Item = (&'a Annotation, &'s Vec<CodeId>)> + 's {
        let start = self
            .annotations
            .partition_point(|a| crate::corpus::natural_order(&a.doc, doc).is_lt());
        let len = self.annotations[start..].partition_point(|a| a.doc == doc);
        self.annotations[start..start + len]
            .iter()
            .copied()
            .zip(&self.codes[start..start + len])
    }

    /// The entity mentions of one document (they come in the corpus's natural id order).
    pub fn mentions_of(&self, doc: &str) -> &[MentionRow] {
        let start = self
            .mentions
            .partition_point(|m| crate::corpus::natural_order(&m.doc, doc).is_lt());
        let len = self.mentions[start..].partition_point(|m| m.doc == doc);
        &self.mentions[start..start + len]
    }

    /// Keeps only the annotations for which `keep` holds; returns how many went.
    pub fn retain(&mut self, keep: impl Fn(&Annotation) -> bool) -> usize {
        let before = self.annotations.len();
        let mut codes = std::mem::take(&mut self.codes).into_iter();
        let mut kept_codes = Vec::new();
        self.annotations.retain(|a| {
            let c = codes.next().unwrap_or_default();
            let kept = keep(a);
            if kept {
                kept_codes.push(c);
            }
            kept
        });
        self.codes = kept_codes;
        before - self.annotations.len()
    }

    /// Chooses annotations by `options` (in the order given, which is document and text order
    /// for [`crate::annotations::Annotations::iter`]).
    pub fn new(
        codebook: &'a Codebook,
        annotations: impl IntoIterator<Item = &'a Annotation>,
        options: &Options,
    ) -> Self {
        let wanted: Vec<CodeId> = options
            .codes
            .iter()
            .flat_map(|c| codebook.subtree(*c))
            .collect();
        let mut chosen = Vec::new();
        let mut codes = Vec::new();
        for a in annotations {
            if !options.takes_doc(&a.doc) {
                continue;
            }
            if !options.authors.is_empty() && !options.authors.contains(&a.author) {
                continue;
            }
            let kept: Vec<CodeId> = if wanted.is_empty() {
                a.codes.clone()
            } else {
                a.codes
                    .iter()
                    .copied()
                    .filter(|c| wanted.contains(c))
                    .collect()
            };
            if !wanted.is_empty() && kept.is_empty() {
                continue;
            }
            chosen.push(a);
            codes.push(kept);
        }
        Self {
            codebook,
            annotations: chosen,
            codes,
            mentions: Vec::new(),
        }
    }
}

/// The entity mentions of a project's documents (all, or these), found with the bundled
/// register and the project's edits to it and, given a model, the tagger.
pub fn mentions(
    ws: &crate::project::Workspace,
    docs: &[String],
    model: Option<std::sync::Arc<crate::entities::tagger::Model>>,
) -> Vec<MentionRow> {
    let register = crate::entities::Register::with_edits(&ws.project().register);
    let recogniser = crate::entities::Recogniser::new(&register, model);
    let (records, _unreadable) = crate::entities::extract(ws.corpus(), &recogniser);
    records
        .into_iter()
        .filter(|m| docs.is_empty() || docs.contains(&m.doc))
        .map(|m| MentionRow {
            entity: m
                .entity
                .and_then(|e| register.entities.get(e))
                .map(|e| e.canonical.clone()),
            doc: m.doc,
            start: m.start,
            end: m.end,
            text: m.text,
            kind: m.kind,
            source: m.source,
            score: m.score,
        })
        .collect()
}

/// The formats [`export`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A CSV file.
    Csv,
    /// A JSON lines file.
    Jsonl,
    /// A brat standoff folder.
    Brat,
    /// W3C Web Annotation (JSON-LD).
    W3c,
    /// CoNLL BIO tags, a token a line.
    Conll,
    /// An HTML report.
    Html,
    /// A REFI-QDA project (`.qdpx`).
    Qdpx,
    /// A REFI-QDA codebook (`.qdc`).
    Qdc,
}

impl Format {
    /// Every format, for menus.
    pub const ALL: [Format; 8] = [
        Format::Csv,
        Format::Jsonl,
        Format::Brat,
        Format::W3c,
        Format::Conll,
        Format::Html,
        Format::Qdpx,
        Format::Qdc,
    ];

    /// The name on the command line (`qari export --format NAME`) and in the Python package.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Brat => "brat",
            Format::W3c => "w3c",
            Format::Conll => "conll",
            Format::Html => "html",
            Format::Qdpx => "qdpx",
            Format::Qdc => "qdc",
        }
    }

    /// The format of a name ([`Format::name`]), case-insensitive.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The name shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            Format::Csv => "CSV (Excel, R)",
            Format::Jsonl => "JSON lines",
            Format::Brat => "brat standoff (folder)",
            Format::W3c => "W3C Web Annotation (JSON-LD)",
            Format::Conll => "CoNLL BIO (sequence tagging)",
            Format::Html => "HTML report",
            Format::Qdpx => "REFI-QDA project (MAXQDA, ATLAS.ti, NVivo, QualCoder)",
            Format::Qdc => "REFI-QDA codebook",
        }
    }

    /// Whether entity mentions can go with the annotations (CSV rows, JSON lines, CoNLL tags).
    pub fn takes_mentions(self) -> bool {
        matches!(self, Format::Csv | Format::Jsonl | Format::Conll)
    }

    /// Whether it writes a folder rather than a file.
    pub fn is_folder(self) -> bool {
        self == Format::Brat
    }

    /// The file extension, for a file format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Brat => "",
            Format::W3c => "jsonld",
            Format::Conll => "conll",
            Format::Html => "html",
            Format::Qdpx => "qdpx",
            Format::Qdc => "qdc",
        }
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The export would write over a file of the project or of its corpus.
    #[error("will not write over {what} ({protected}): {path}", protected = protected.display())]
    Protected {
        /// What the protected file is (`the project file`).
        what: &'static str,
        /// The protected file.
        protected: std::path::PathBuf,
        /// The file the export would write.
        path: std::path::PathBuf,
    },
    /// A brat export into the corpus folder or a folder in it, whose `.txt` files would become
    /// documents.
    #[error(
        "will not write a brat export into the corpus folder, where its texts would become \
         documents (choose a folder outside it, or a hidden one): {path}"
    )]
    IntoCorpus {
        /// The folder.
        path: std::path::PathBuf,
    },
    /// A brat export into a folder that holds other files, not forced.
    #[error("the folder is not empty (choose an empty folder, or force the export): {path}")]
    FolderNotEmpty {
        /// The folder.
        path: std::path::PathBuf,
    },
    /// A file of a brat export that a symbolic link would put outside its folder.
    #[error("will not write through a symbolic link out of the brat folder: {path}")]
    OutsideFolder {
        /// The file in the folder.
        path: std::path::PathBuf,
    },
    /// A brat export into something that is not a folder.
    #[error("not a folder: {path}")]
    NotAFolder {
        /// The path given.
        path: std::path::PathBuf,
    },
    /// A file could not be written (or a document read).
    #[error("could not write ({error}): {path}")]
    Write {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// A document could not be read.
    #[error(transparent)]
    Read(#[from] crate::corpus::ReadError),
    /// The document list of an earlier brat export in the folder could not be read.
    #[error(transparent)]
    Manifest(#[from] brat_names::ManifestError),
    /// A file in the corpus folder (or a folder in it, but a hidden one) of a kind the corpus
    /// reads, which would become one of its documents.
    #[error(
        "will not write into the corpus folder a file it would read as a new document (choose \
         a folder outside it, or another extension): {path}"
    )]
    BecomesDocument {
        /// The file.
        path: std::path::PathBuf,
    },
}

/// What an export wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exported {
    /// Annotations written.
    pub annotations: usize,
    /// Entity mentions written.
    pub mentions: usize,
    /// Annotations left out of a format that shows them in the document text, because their
    /// document is gone or changed and they were not found in it again (they need attention).
    pub left_out: usize,
    /// Annotations left out of every format because they are not valid (a range backwards,
    /// empty or past the end of its document, a code the codebook does not have): see
    /// [`crate::project::Workspace::unexportable`].
    pub invalid: usize,
}

/// Writes `file` atomically with what `fill` writes, making its folder first if need be.
fn write_file(
    file: &std::path::Path,
    fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), ExportError> {
    let fail = |error| ExportError::Write {
        path: file.to_owned(),
        error,
    };
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    crate::project::save::write_atomic_with(file, fill).map_err(fail)
}

/// Writes a project's chosen annotations (and entity mentions) to `out` (a file, or a folder
/// for brat), each file atomically.
pub fn export(
    ws: &crate::project::Workspace,
    format: Format,
    out: &std::path::Path,
    options: &Options,
    with_entities: &WithEntities,
) -> Result<Exported, ExportError> {
    let mut selection = Selection::new(
        &ws.project().codebook,
        ws.project().annotations.iter(),
        options,
    );
    if format.takes_mentions() {
        match with_entities {
            WithEntities::No => {}
            WithEntities::Register => selection.mentions = mentions(ws, &options.docs, None),
            WithEntities::Tagger(model) => {
                selection.mentions = mentions(ws, &options.docs, Some(model.clone()));
            }
        }
    }
    // What is not valid is never exported as if it were fine, in any format.
    let invalid = selection.retain(|a| ws.unexportable(a).is_none());
    // Formats that place passages in today's text cannot use offsets into another text.
    let left_out = if matches!(
        format,
        Format::Brat | Format::Conll | Format::Html | Format::Qdpx
    ) {
        selection.retain(|a| {
            ws.corpus()
                .document(&a.doc)
                .is_some_and(|d| d.hash == a.hash)
        })
    } else {
        0
    };
    let guard = guard::Guard::of(ws);
    if format.is_folder() {
        guard.check_brat_folder(out, options.force)?;
    } else {
        guard.check(out)?;
    }
    let write = |file: &std::path::Path, bytes: &[u8]| write_file(file, |w| w.write_all(bytes));
    match format {
        Format::Csv => write_file(out, |file| csv::write(file, &selection, options.csv_raw))?,
        Format::Jsonl => write_file(out, |file| jsonl::write(file, &selection))?,
        Format::W3c => write_file(out, |file| {
            w3c::write(file, &selection, "Annotations exported by qari", &ws.name())
        })?,
        Format::Qdc => {
            write(
                out,
                refi::codebook(&ws.project().codebook, &ws.name()).as_bytes(),
            )?;
        }
        Format::Qdpx => {
            let docs: Vec<&crate::corpus::DocumentInfo> = ws
                .corpus()
                .documents
                .iter()
                .filter(|doc| options.takes_doc(&doc.id))
                .collect();
            let listed: Vec<(String, usize)> =
                docs.iter().map(|d| (d.id.clone(), d.char_len)).collect();
            let (xml, files) = refi::project(
                &selection,
                &ws.project().document_codings,
                &listed,
                &ws.name(),
            );
            // Each text read as it is packed: one in memory at a time.
            let text_of = |i: usize| -> Result<String, ExportError> {
                let doc = docs[i];
                let text = ws.corpus().text(doc)?.text;
                if text.chars().count() != doc.char_len {
                    return Err(ExportError::Read(crate::corpus::ReadError::Io {
                        path: doc.path.clone(),
                        error: std::io::Error::other(
                            "it changed since the corpus was read; open the project again",
                        ),
                    }));
                }
                Ok(text)
            };
            let zip = refi::qdpx(&xml, &files, text_of, |error| ExportError::Write {
                path: out.to_owned(),
                error,
            })?;
            write(out, &zip)?;
        }
        Format::Brat | Format::Conll | Format::Html => {
            let mut texts = Vec::new();
            let annotated: std::collections::HashSet<&str> = selection
                .annotations
                .iter()
                .map(|a| a.doc.as_str())
                .collect();
            for doc in &ws.corpus().documents {
                if !options.takes_doc(&doc.id) {
                    continue;
                }
                // The report shows the documents that have something to show.
                let shown = annotated.contains(doc.id.as_str());
                if format == Format::Html && options.docs.is_empty() && !shown {
                    continue;
                }
                texts.push((doc.id.clone(), ws.corpus().text(doc)?.text));
            }
            if format == Format::Conll {
                write(out, conll::write(&selection, &texts).as_bytes())?;
            } else if format == Format::Html {
                let title = format!("qari — {}", ws.name());
                write(out, html::report(&selection, &texts, &title).as_bytes())?;
            } else {
                // An earlier export's document list (a forced export into its folder) is kept
                // where this one does not replace it; one that is not a document list is
                // replaced, one that cannot be read (a FIFO, a device) is an error.
                guard.check_in_folder(out, brat_names::MANIFEST)?;
                let earlier = match brat_names::read_manifest(out) {
                    Ok(earlier) => earlier,
                    Err(brat_names::ManifestError::Invalid { .. }) => None,
                    Err(err) => return Err(err.into()),
                };
                let files = brat::files(
                    &selection,
                    &texts,
                    |id| ws.corpus().document(id).is_some(),
                    earlier.as_ref(),
                );
                // Every file is checked before the first is written.
                for (name, _) in &files {
                    guard.check(&out.join(name))?;
                    guard.check_in_folder(out, name)?;
                }
                for (name, contents) in files {
                    write(&out.join(name), contents.as_bytes())?;
                }
            }
        }
    }
    Ok(Exported {
        annotations: selection.annotations.len(),
        mentions: selection.mentions.len(),
        left_out,
        invalid,
    })
}

//! Exporting a project's annotations: every format reads the same [`Selection`] (the
//! annotations chosen by code and document, in document and text order, and optionally the
//! entity mentions), one file per format.
//!
//! - [`csv`]: one row per annotation and code, UTF-8 with a BOM, RFC 4180 quoting.
//! - [`jsonl`]: one annotation a line with every field.
//! - [`brat`]: brat standoff, a `.txt` and `.ann` per document and `annotation.conf`.
//!
//! Offsets are code points of the document text, end exclusive, in logical order.

pub mod brat;
pub mod csv;
pub mod jsonl;

use crate::annotations::{Annotation, CodeId, Codebook};
use crate::entities::Kind;

/// Which annotations an export holds.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Only annotations with one of these codes (or a code under them); all when empty.
    pub codes: Vec<CodeId>,
    /// Only these documents; all when empty.
    pub docs: Vec<String>,
}

/// An entity mention, exported beside the annotations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentionRow {
    /// Document id.
    pub doc: String,
    /// First code point.
    pub start: usize,
    /// One past the last.
    pub end: usize,
    /// The mention as written.
    pub text: String,
    /// The entity's canonical name.
    pub entity: String,
    /// Its kind.
    pub kind: Kind,
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
            if !options.docs.is_empty() && !options.docs.contains(&a.doc) {
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
/// register and the project's edits to it.
pub fn mentions(ws: &crate::project::Workspace, docs: &[String]) -> Vec<MentionRow> {
    let register = crate::entities::Register::with_edits(&ws.project.register);
    let matcher = crate::entities::Matcher::new(&register, crate::text::FoldOptions::default());
    let (records, _unreadable) = crate::entities::extract(&ws.corpus, &matcher);
    records
        .into_iter()
        .filter(|m| docs.is_empty() || docs.contains(&m.doc))
        .filter_map(|m| {
            let entity = register.entities.get(m.entity)?;
            Some(MentionRow {
                doc: m.doc,
                start: m.start,
                end: m.end,
                text: m.text,
                entity: entity.canonical.clone(),
                kind: entity.kind,
            })
        })
        .collect()
}

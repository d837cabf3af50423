//! JSON lines: one annotation a line with every field, in document and text order:
//! `id`, `doc`, `start`, `end` (code points, end exclusive), `codes` (paths, `parent/child`),
//! `code_ids`, `quote`, `note`, `author`, `created`, `modified` (RFC 3339, UTC), `prefix`,
//! `suffix` (up to 32 code points of context) and `hash` (of the document text the offsets refer
//! to). Entity mentions, when asked for, follow as lines with `doc`, `start`, `end`, `quote`,
//! `entity` and `kind`. `qari import` reads the annotation lines back.

use std::io::Write;

use serde::Serialize;

use super::Selection;
use crate::annotations::{Annotation, CodeId, Codebook};

/// One annotation line.
#[derive(Serialize)]
pub struct Line<'a> {
    id: u64,
    doc: &'a str,
    start: usize,
    end: usize,
    codes: Vec<String>,
    code_ids: Vec<u32>,
    quote: &'a str,
    note: &'a str,
    author: &'a str,
    created: String,
    modified: String,
    prefix: &'a str,
    suffix: &'a str,
    hash: &'a str,
}

impl<'a> Line<'a> {
    /// The line of an annotation with these of its codes.
    pub fn new(a: &'a Annotation, codes: &[CodeId], book: &Codebook) -> Self {
        Self {
            id: a.id.0,
            doc: &a.doc,
            start: a.start,
            end: a.end,
            codes: codes.iter().map(|c| book.path(*c)).collect(),
            code_ids: codes.iter().map(|c| c.0).collect(),
            quote: &a.quote,
            note: &a.note,
            author: &a.author,
            created: a.created.to_string(),
            modified: a.modified.to_string(),
            prefix: &a.prefix,
            suffix: &a.suffix,
            hash: &a.hash.0,
        }
    }
}

#[derive(Serialize)]
struct MentionLine<'a> {
    doc: &'a str,
    start: usize,
    end: usize,
    quote: &'a str,
    entity: Option<&'a str>,
    kind: &'a str,
    source: &'a str,
    score: f32,
}

/// Writes the selection as JSON lines.
pub fn write(out: &mut dyn Write, selection: &Selection<'_>) -> std::io::Result<()> {
    for (a, codes) in selection.annotations.iter().zip(&selection.codes) {
        serde_json::to_writer(&mut *out, &Line::new(a, codes, selection.codebook))?;
        out.write_all(b"\n")?;
    }
    for m in &selection.mentions {
        let line = MentionLine {
            doc: &m.doc,
            start: m.start,
            end: m.end,
            quote: &m.text,
            entity: m.entity.as_deref(),
            kind: m.kind.as_str(),
            source: m.source.as_str(),
            score: m.score,
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

//! `qari import` and `qari annotations`: annotations in and out of a project from the command
//! line.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, bail};
use serde::Serialize;

use super::existing_project;
use crate::annotations::import::{ImportDoc, plan};
use crate::annotations::{Annotation, Codebook};
use crate::project::Workspace;
use crate::recent::Recent;

/// Formats `qari import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportFormat {
    /// One passage a line: `doc`, `start`, `end`, `code` (or `type`), `note`, `author`.
    Jsonl,
}

/// `qari import PROJECT --format jsonl FILE`: adds the annotations of a file to a project and
/// saves it. One bad line and nothing is added; every bad line is reported with its number.
pub fn import(
    project_arg: &Path,
    format: ImportFormat,
    file: &Path,
    out: &mut dyn Write,
) -> Result<()> {
    let path = existing_project(project_arg)?;
    let text = std::fs::read_to_string(file)
        .map_err(|e| anyhow::anyhow!("could not read ({e}): {}", file.display()))?;
    let mut ws = Workspace::open(&path)?;
    let author = Recent::from_env().author();
    let ImportFormat::Jsonl = format;
    let corpus = &ws.corpus;
    let doc_text = |id: &str| -> Result<ImportDoc, String> {
        let doc = corpus
            .document(id)
            .ok_or_else(|| "not in the project's corpus".to_owned())?;
        let text = corpus.text(doc).map_err(|e| e.to_string())?;
        Ok(ImportDoc {
            text: text.text,
            hash: doc.hash.clone(),
        })
    };
    let planned = plan(
        &text,
        &ws.project.codebook,
        &ws.project.annotations,
        doc_text,
        &author,
    );
    let planned = match planned {
        Ok(planned) => planned,
        Err(errors) => {
            let shown: Vec<String> = errors.iter().take(20).map(|e| e.to_string()).collect();
            let more = errors.len().saturating_sub(shown.len());
            let more = if more > 0 {
                format!("\n… and {more} more")
            } else {
                String::new()
            };
            bail!(
                "{} bad lines, nothing imported:\n{}{more}\nin {}",
                errors.len(),
                shown.join("\n"),
                file.display()
            );
        }
    };
    let (count, codes, duplicates) = (planned.annotations, planned.new_codes, planned.duplicates);
    if !planned.transaction.edits.is_empty() {
        ws.apply(planned.transaction)
            .map_err(|e| anyhow::anyhow!("{e}: {}", path.display()))?;
        ws.save()?;
    }
    let skipped = if duplicates > 0 {
        format!("; {duplicates} already in the project, left out")
    } else {
        String::new()
    };
    writeln!(
        out,
        "imported {count} annotations ({codes} new codes{skipped}) from {}: {}",
        file.display(),
        path.display()
    )?;
    Ok(())
}

/// Layouts of `qari annotations`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnnotationsFormat {
    /// One annotation a line as JSON.
    Jsonl,
    /// Aligned columns.
    Table,
}

/// One line of `qari annotations --format jsonl`.
#[derive(Serialize)]
struct Line<'a> {
    id: u64,
    doc: &'a str,
    start: usize,
    end: usize,
    /// Code paths (`parent/child`).
    codes: Vec<String>,
    quote: &'a str,
    note: &'a str,
    author: &'a str,
    created: String,
    modified: String,
    prefix: &'a str,
    suffix: &'a str,
    hash: &'a str,
}

fn line<'a>(a: &'a Annotation, book: &Codebook) -> Line<'a> {
    Line {
        id: a.id.0,
        doc: &a.doc,
        start: a.start,
        end: a.end,
        codes: a.codes.iter().map(|c| book.path(*c)).collect(),
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

/// `qari annotations PROJECT`: the project's annotations, document by document in text order.
pub fn annotations(
    project_arg: &Path,
    format: AnnotationsFormat,
    out: &mut dyn Write,
) -> Result<()> {
    let path = existing_project(project_arg)?;
    let ws = Workspace::open(&path)?;
    let book = &ws.project.codebook;
    match format {
        AnnotationsFormat::Jsonl => {
            for a in ws.project.annotations.iter() {
                serde_json::to_writer(&mut *out, &line(a, book))?;
                writeln!(out)?;
            }
        }
        AnnotationsFormat::Table => {
            writeln!(
                out,
                "{:<28}  {:>13}  {:<24}  QUOTE  (NOTE)",
                "DOCUMENT", "CODE POINTS", "CODES"
            )?;
            for a in ws.project.annotations.iter() {
                let codes: Vec<String> = a.codes.iter().map(|c| book.path(*c)).collect();
                let note = if a.note.is_empty() {
                    String::new()
                } else {
                    format!("  ({})", one_line(&a.note, 40))
                };
                writeln!(
                    out,
                    "{:<28}  {:>13}  {:<24}  {}{note}",
                    a.doc,
                    format!("{}–{}", a.start, a.end),
                    codes.join(", "),
                    one_line(&a.quote, 60)
                )?;
            }
            writeln!(
                out,
                "{} annotations: {}",
                ws.project.annotations.len(),
                path.display()
            )?;
        }
    }
    Ok(())
}

/// Text on one line, cut to `max` code points.
fn one_line(text: &str, max: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    match flat.char_indices().nth(max) {
        Some((byte, _)) => format!("{}…", &flat[..byte]),
        None => flat,
    }
}

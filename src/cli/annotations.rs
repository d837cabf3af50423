//! `qari import` and `qari annotations`: annotations in and out of a project from the command
//! line.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, bail};

use super::existing_project;
use crate::annotations::import::{ImportDoc, LineError, Passage, jsonl_passages, plan_passages};
use crate::export::brat;
use crate::export::{self, Options, jsonl};
use crate::project::Workspace;
use crate::recent::Recent;
use crate::text::one_line;

/// Formats `qari import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportFormat {
    /// One passage a line: `doc`, `start`, `end`, `code` (or `type`), `note`, `author`.
    Jsonl,
    /// A brat standoff folder (`.ann` files beside the documents' `.txt`, `annotation.conf`).
    Brat,
    /// A W3C Web Annotation collection (JSON-LD).
    W3c,
}

/// The passages of a brat folder, the lines qari has no place for, and the errors.
fn brat_passages(dir: &Path, ws: &Workspace) -> Result<(Vec<Passage>, usize, Vec<LineError>)> {
    let conf = std::fs::read_to_string(dir.join("annotation.conf")).unwrap_or_default();
    let types = brat::read_conf(&conf);
    let (mut passages, mut skipped, mut errors) = (Vec::new(), 0, Vec::new());
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "ann"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("no .ann files in the folder: {}", dir.display());
    }
    for file in files {
        let rel = file.strip_prefix(dir).unwrap_or(&file).with_extension("");
        let stem = rel.to_string_lossy().replace('\\', "/");
        let name = rel
            .with_extension("ann")
            .to_string_lossy()
            .replace('\\', "/");
        let doc = [stem.clone(), format!("{stem}.txt")]
            .into_iter()
            .find(|id| ws.corpus.document(id).is_some());
        let Some(doc) = doc else {
            errors.push(LineError {
                file: Some(name),
                line: 1,
                message: format!("no document {stem:?} (or {stem}.txt) in the project's corpus"),
            });
            continue;
        };
        let text = std::fs::read_to_string(&file)
            .map_err(|e| anyhow::anyhow!("could not read ({e}): {}", file.display()))?;
        let (found, skip, errs) = brat::read_ann(&text, &name, &doc, &types);
        passages.extend(found);
        skipped += skip;
        errors.extend(errs);
    }
    Ok((passages, skipped, errors))
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
    let mut ws = Workspace::open(&path)?;
    let author = Recent::from_env().author();
    let (passages, skipped, mut read_errors) = match format {
        ImportFormat::Jsonl => {
            let text = std::fs::read_to_string(file)
                .map_err(|e| anyhow::anyhow!("could not read ({e}): {}", file.display()))?;
            let (passages, errors) = jsonl_passages(&text);
            (passages, 0, errors)
        }
        ImportFormat::Brat => brat_passages(file, &ws)?,
        ImportFormat::W3c => {
            let text = std::fs::read_to_string(file)
                .map_err(|e| anyhow::anyhow!("could not read ({e}): {}", file.display()))?;
            let json: serde_json::Value = serde_json::from_str(&text)
                .map_err(|e| anyhow::anyhow!("not JSON ({e}): {}", file.display()))?;
            let (passages, errors) = export::w3c::read(&json);
            (passages, 0, errors)
        }
    };
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
    let planned = plan_passages(
        passages,
        &ws.project.codebook,
        &ws.project.annotations,
        doc_text,
        &author,
    );
    let planned = match planned {
        Ok(planned) if read_errors.is_empty() => planned,
        result => {
            let mut errors = std::mem::take(&mut read_errors);
            errors.extend(result.err().unwrap_or_default());
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
    let mut skipped_text = if duplicates > 0 {
        format!("; {duplicates} already in the project, left out")
    } else {
        String::new()
    };
    if skipped > 0 {
        skipped_text.push_str(&format!(
            "; {skipped} relation, event or attribute lines qari does not keep"
        ));
    }
    let skipped = skipped_text;
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
                serde_json::to_writer(&mut *out, &jsonl::Line::new(a, &a.codes, book))?;
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

/// `qari export PROJECT --format F --out PATH`: writes the chosen annotations (atomically).
/// `codes` are code paths (a code includes those under it); `docs` document ids.
pub fn export_project(
    project_arg: &Path,
    format: export::Format,
    out_path: &Path,
    codes: &[String],
    docs: &[String],
    with_entities: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let path = existing_project(project_arg)?;
    let ws = Workspace::open(&path)?;
    let book = &ws.project.codebook;
    let mut options = Options::default();
    for name in codes {
        match book
            .find_path(name)
            .or_else(|| book.codes.iter().find(|c| c.name == *name))
        {
            Some(code) => options.codes.push(code.id),
            None => bail!("no code {name:?} in the codebook: {}", path.display()),
        }
    }
    for doc in docs {
        if ws.corpus.document(doc).is_none() && ws.project.annotations.in_doc(doc).is_empty() {
            bail!("no document {doc:?} in the project: {}", path.display());
        }
        options.docs.push(doc.clone());
    }
    if with_entities && !format.takes_mentions() {
        bail!(
            "--with-entities goes with csv, jsonl and conll only: {}",
            out_path.display()
        );
    }
    let done = export::export(&ws, format, out_path, &options, with_entities)?;
    let (annotations, mentions) = (done.annotations, done.mentions);
    if done.left_out > 0 {
        writeln!(
            out,
            "{} annotations need attention (their document changed or is gone) and were left out",
            done.left_out
        )?;
    }
    writeln!(
        out,
        "exported {annotations} annotations{}: {}",
        if with_entities {
            format!(" and {mentions} entity mentions")
        } else {
            String::new()
        },
        out_path.display()
    )?;
    Ok(())
}

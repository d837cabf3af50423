//! `qari import` and `qari annotations`: annotations in and out of a project from the command
//! line.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, bail};

use super::existing_project;
use crate::annotations::codebook::visible;
use crate::export::{self, Options, jsonl};
use crate::import::{self, Format, LineError};
use crate::project::{Intent, IntentError, Workspace};
use crate::recent::Recent;

/// `qari import PROJECT --format jsonl FILE`: adds the annotations of a file to a project and
/// saves it. One bad line and nothing is added; every bad line is reported with its number.
/// A doubtful line (a text that is not the document's, a brat id given twice, a code name with
/// a control character) is a bad line too, unless `lenient`: then it is imported as
/// [`crate::import::Doubt`] says, with a warning on `err`.
pub fn import(
    project_arg: &Path,
    format: Format,
    file: &Path,
    wait: std::time::Duration,
    lenient: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let path = existing_project(project_arg)?;
    let mut ws = Workspace::open(&path)?;
    ws.set_writer("qari import", wait);
    let author = Recent::from_env().author();
    let import::Batch {
        passages,
        skipped,
        errors: read_errors,
        warnings,
    } = import::read(format, file, ws.corpus(), lenient)?;
    let source = file.display().to_string();
    if !read_errors.is_empty() {
        // Every bad line is reported, those the planning finds too.
        let mut errors = read_errors;
        let intent = Intent::Import {
            passages,
            source: source.clone(),
        };
        if let Err(IntentError::Import(more)) = ws.plan(intent, &author) {
            errors.extend(more);
        }
        errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        bail!("{}", bad_lines(&errors, file));
    }
    let passage_count = passages.len();
    let (count, codes, duplicates) = match ws.perform(Intent::Import { passages, source }, &author)
    {
        Ok(outcome) => {
            let imported = outcome.imported.unwrap_or_default();
            let saved = ws.save()?;
            super::report_repairs(&ws, &saved, err)?;
            (
                imported.annotations,
                imported.new_codes,
                imported.duplicates,
            )
        }
        Err(IntentError::Import(errors)) => bail!("{}", bad_lines(&errors, file)),
        // Every passage is in the project already.
        Err(IntentError::Unchanged(_)) => (0, 0, passage_count),
        Err(err) => bail!("{err}: {}", path.display()),
    };
    // Only an import carried out took the doubtful lines as the warnings say.
    for warning in &warnings {
        writeln!(err, "warning: {warning}")?;
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

/// The message for lines that cannot be imported: the first 20, how many more, a word on
/// `--lenient` when some of them are only doubtful, the file.
fn bad_lines(errors: &[LineError], file: &Path) -> String {
    let shown: Vec<String> = errors.iter().take(20).map(|e| e.to_string()).collect();
    let more = errors.len().saturating_sub(shown.len());
    let mut more = if more > 0 {
        format!("\n… and {more} more")
    } else {
        String::new()
    };
    let doubtful = errors
        .iter()
        .filter(|e| e.message.contains(import::LENIENT_MARK))
        .count();
    if doubtful > 0 {
        more.push_str(&format!(
            "\n{doubtful} of them are only doubtful: --lenient imports those as said, with a \
             warning each"
        ));
    }
    format!(
        "{} bad lines, nothing imported:\n{}{more}\nin {}",
        errors.len(),
        shown.join("\n"),
        file.display()
    )
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
    let book = &ws.project().codebook;
    match format {
        AnnotationsFormat::Jsonl => {
            for a in ws.project().annotations.iter() {
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
            for a in ws.project().annotations.iter() {
                let codes: Vec<String> = a.codes.iter().map(|c| book.path(*c)).collect();
                let note = if a.note.is_empty() {
                    String::new()
                } else {
                    format!("  ({})", cell(&a.note, 40))
                };
                writeln!(
                    out,
                    "{:<28}  {:>13}  {:<24}  {}{note}",
                    cell(&a.doc, usize::MAX),
                    format!("{}–{}", a.start, a.end),
                    cell(&codes.join(", "), usize::MAX),
                    cell(&a.quote, 60)
                )?;
            }
            writeln!(
                out,
                "{} annotations: {}",
                ws.project().annotations.len(),
                path.display()
            )?;
        }
    }
    Ok(())
}

/// Text for a table cell, which never puts a control character on the terminal: line breaks
/// and tabs as spaces, the other control characters and the bidi controls written as `\u{1b}`
/// ([`visible`]), cut to `max` code points of the text with `…`.
fn cell(text: &str, max: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => ' ',
            c => c,
        })
        .collect();
    let cut = match flat.char_indices().nth(max) {
        Some((byte, _)) => format!("{}…", &flat[..byte]),
        None => flat,
    };
    visible(&cut)
}

/// The switches of `qari export`.
#[derive(Clone, Debug, Default)]
pub struct ExportFlags {
    /// Entity mentions too (csv, jsonl, conll): the register's and the tagger's (the project's
    /// model when it has one, else the bundled one).
    pub with_entities: bool,
    /// With the entity mentions: the register's only.
    pub no_tagger: bool,
    /// brat: into a folder that holds other files ([`export::Options::force`]).
    pub force: bool,
    /// csv: cells as they are ([`export::Options::csv_raw`]).
    pub csv_raw: bool,
    /// Only the documents whose attribute (column) has this value (`qari attributes import`).
    pub only_where: Option<(String, String)>,
}

/// `qari export PROJECT --format F --out PATH`: writes the chosen annotations (atomically).
/// `codes` are code paths (a code includes those under it); `docs` document ids; `authors`
/// the coders whose annotations are written (all when empty).
#[allow(clippy::too_many_arguments)]
pub fn export_project(
    project_arg: &Path,
    format: export::Format,
    out_path: &Path,
    codes: &[String],
    docs: &[String],
    authors: &[String],
    flags: ExportFlags,
    out: &mut dyn Write,
) -> Result<()> {
    let ExportFlags {
        with_entities,
        no_tagger,
        force,
        csv_raw,
        only_where,
    } = flags;
    if force && format != export::Format::Brat {
        bail!("--force goes with brat only: {}", out_path.display());
    }
    if csv_raw && format != export::Format::Csv {
        bail!("--csv-raw goes with csv only: {}", out_path.display());
    }
    let path = existing_project(project_arg)?;
    let ws = Workspace::open(&path)?;
    let book = &ws.project().codebook;
    let mut options = Options {
        force,
        csv_raw,
        ..Options::default()
    };
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
        if ws.corpus().document(doc).is_none() && ws.project().annotations.in_doc(doc).is_empty() {
            bail!("no document {doc:?} in the project: {}", path.display());
        }
        options.docs.push(doc.clone());
    }
    if let Some((column, value)) = &only_where {
        let attributes = &ws.project().attributes;
        let matching: Vec<String> = ws
            .corpus()
            .documents
            .iter()
            .map(|d| d.id.clone())
            .filter(|id| attributes.get(id, column) == Some(value.as_str()))
            .filter(|id| options.docs.is_empty() || options.docs.contains(id))
            .collect();
        if matching.is_empty() {
            bail!(
                "no document has {column} = {value} (qari attributes import): {}",
                path.display()
            );
        }
        options.docs = matching;
    }
    for author in authors {
        if !ws.project().annotations.iter().any(|a| a.author == *author) {
            bail!(
                "no annotation by {author:?} in the project: {}",
                path.display()
            );
        }
        options.authors.push(author.clone());
    }
    if with_entities && !format.takes_mentions() {
        bail!(
            "--with-entities goes with csv, jsonl and conll only: {}",
            out_path.display()
        );
    }
    if no_tagger && !with_entities {
        bail!(
            "--no-tagger goes with --with-entities: {}",
            out_path.display()
        );
    }
    let entities = match (with_entities, no_tagger) {
        (false, _) => export::WithEntities::No,
        (true, true) => export::WithEntities::Register,
        (true, false) => match super::tagger_model(Some(&ws), out)? {
            Some(model) => export::WithEntities::Tagger(model),
            None => export::WithEntities::Register,
        },
    };
    let done = export::export(&ws, format, out_path, &options, &entities)?;
    let (annotations, mentions) = (done.annotations, done.mentions);
    if done.invalid > 0 {
        writeln!(
            out,
            "{} annotations are not valid (see `qari check`) and were left out",
            done.invalid
        )?;
    }
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

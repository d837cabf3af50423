//! The headless subcommands behind `qari list`, `text`, `init`, `check`, `relocate`, `merge`,
//! ([`combine`]) `combine`, ([`chart`]) `chart`, ([`mentions`]) `entities`, `register`, and ([`annotations`]) `import`,
//! `annotations` and `export`: each
//! takes its arguments and an output stream, and returns an error to be printed once by
//! `main`. Commands that change a project go through the workspace's one door
//! ([`crate::project::Workspace::perform`]) and save under its lock, merging what another
//! program saved meanwhile.
//!
//! Parsing the command line is `main.rs`'s job; this module only does the work and the output.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Result, bail};
use serde_json::json;

pub mod agreement;
pub mod annotations;
pub mod attributes;
pub mod chart;
pub mod combine;
pub mod mentions;
pub mod search;
pub mod train;

pub use mentions::{EntitiesFormat, EntitiesOptions, entities};
pub(crate) use mentions::{project_file_at, tagger_model};

use crate::corpus::{Corpus, DocumentInfo, Format, ReadError, read_document};
use crate::entities::Register;
use crate::project::workspace::Saved;
use crate::project::{self, DEFAULT_FILE_NAME, Intent, IntentError, Workspace, is_project_file};
use crate::recent::Recent;

/// Output layouts of `qari list`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    /// Aligned columns for people.
    Table,
    /// One JSON object a line for programs.
    Jsonl,
}

/// `qari list PATH`: every file of a folder, an article or a project's corpus.
pub fn list(
    path: &Path,
    format: ListFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let corpus = if is_project_file(path) {
        Workspace::open(path)?.into_corpus()
    } else {
        Corpus::open(path)?
    };
    match format {
        ListFormat::Table => list_table(&corpus, out)?,
        ListFormat::Jsonl => list_jsonl(&corpus, out)?,
    }
    writeln!(
        err,
        "{} documents, {} with warnings, {} skipped, {} files of other types ignored: {}",
        corpus.documents.len(),
        corpus
            .documents
            .iter()
            .filter(|d| !d.warnings.is_empty())
            .count(),
        corpus.skipped.len(),
        corpus.ignored,
        corpus.root.display()
    )?;
    Ok(())
}

fn list_table(corpus: &Corpus, out: &mut dyn Write) -> io::Result<()> {
    let id_width = corpus
        .documents
        .iter()
        .map(|d| d.id.chars().count())
        .chain(
            corpus
                .skipped
                .iter()
                .map(|s| skipped_id(corpus, s).chars().count()),
        )
        .max()
        .unwrap_or(2)
        .max(2);
    writeln!(
        out,
        "{:id_width$}  {:28}  {:>9}  {:>8}  TITLE",
        "ID", "ENCODING", "BYTES", "CHARS"
    )?;
    for doc in &corpus.documents {
        let mut title = doc.title.clone();
        for warning in &doc.warnings {
            title.push_str(&format!("  [warning: {warning}]"));
        }
        writeln!(
            out,
            "{:id_width$}  {:28}  {:>9}  {:>8}  {}",
            doc.id,
            doc.encoding.to_string(),
            doc.byte_len,
            doc.char_len,
            title
        )?;
    }
    for skipped in &corpus.skipped {
        writeln!(
            out,
            "{:id_width$}  {:28}  {:>9}  {:>8}  [skipped: {}]",
            skipped_id(corpus, skipped),
            "-",
            "-",
            "-",
            skipped
        )?;
    }
    Ok(())
}

fn list_jsonl(corpus: &Corpus, out: &mut dyn Write) -> io::Result<()> {
    for doc in &corpus.documents {
        writeln!(out, "{}", document_json(doc))?;
    }
    for skipped in &corpus.skipped {
        let line = json!({
            "id": skipped_id(corpus, skipped),
            "path": skipped.path().to_string_lossy(),
            "skipped": skipped.to_string(),
        });
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// A document as `qari list --format jsonl` writes it.
pub fn document_json(doc: &DocumentInfo) -> serde_json::Value {
    json!({
        "id": doc.id,
        "path": doc.path.to_string_lossy(),
        "format": doc.format,
        "encoding": doc.encoding.name(),
        "encoding_source": doc.encoding.source,
        "bytes": doc.byte_len,
        "chars": doc.char_len,
        "hash": doc.hash,
        "title": doc.title,
        "warnings": doc.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
    })
}

/// The id a skipped file would have had (its path relative to the root, lossily).
fn skipped_id(corpus: &Corpus, skipped: &ReadError) -> String {
    let path = skipped.path();
    path.strip_prefix(&corpus.root)
        .ok()
        .filter(|rel| !rel.as_os_str().is_empty())
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// `qari text FILE`: the document text exactly as qari indexes it.
pub fn text(path: &Path, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let Some(format) = Format::of(path) else {
        bail!("not a .txt, .md or .html file: {}", path.display());
    };
    let doc = read_document(path, format)?;
    for warning in &doc.warnings {
        writeln!(err, "warning: {warning}: {}", path.display())?;
    }
    out.write_all(doc.text.as_bytes())?;
    Ok(())
}

/// `qari init DIR [--project FILE]`: creates and saves a project for a corpus folder.
pub fn init(dir: &Path, project_file: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    if !dir.is_dir() {
        bail!("not a folder: {}", dir.display());
    }
    let project_path = project_file.map_or_else(|| dir.join(DEFAULT_FILE_NAME), Path::to_owned);
    let ws = project::workspace::init(dir, &project_path)?;
    writeln!(
        out,
        "created project with {} documents ({} files skipped): {}",
        ws.corpus().documents.len(),
        ws.corpus().skipped.len(),
        ws.path().display()
    )?;
    Ok(())
}

/// `qari check PROJECT`: documents missing, changed and new since the project was saved,
/// files that cannot be read, what reading the project file repaired (`repaired`), what is
/// wrong in it (`invalid`) and what needs a person's look (`attention`).
pub fn check(project_arg: &Path, out: &mut dyn Write) -> Result<()> {
    let project_path = existing_project(project_arg)?;
    let ws = Workspace::open(&project_path)?;
    for (label, ids) in [
        ("missing", &ws.changes().missing),
        ("changed", &ws.changes().changed),
        ("new", &ws.changes().new),
    ] {
        for id in ids {
            writeln!(out, "{label}\t{id}")?;
        }
    }
    for skipped in &ws.corpus().skipped {
        writeln!(out, "unreadable\t{skipped}")?;
    }
    for r in ws.reanchored() {
        let new = r
            .outcome
            .range()
            .map_or_else(|| "?".to_owned(), |n| format!("{}–{}", n.start, n.end));
        writeln!(
            out,
            "reanchored\t{}\t#{} {}–{} → {new}: {}",
            r.outcome.describe(),
            r.id.0,
            r.old.start,
            r.old.end,
            r.doc
        )?;
    }
    let attention = ws.needs_attention();
    for a in &attention {
        let why = ws.attention_reason(a).unwrap_or_default();
        writeln!(
            out,
            "attention\t#{} {}–{} {:?} ({why}): {}",
            a.id.0, a.start, a.end, a.quote, a.doc
        )?;
    }
    // What reading the file put right (each item is flagged as well, below).
    for problem in ws.repaired() {
        writeln!(out, "repaired\t{problem}")?;
    }
    // What the file holds that is wrong (ranges, missing codes), and what was repaired on
    // load (the code tree, ids taken twice) and so flagged.
    let invalid = ws.problems();
    for problem in invalid.iter() {
        writeln!(out, "invalid\t{problem}")?;
    }
    let codes = ws.codes_needing_attention();
    for (code, why) in &codes {
        // A name edited by hand may hold control characters: shown, never printed raw.
        let path = crate::annotations::codebook::visible(&ws.project().codebook.path(code.id));
        writeln!(out, "attention\tcode {} “{path}” ({why})", code.id.0)?;
    }
    let codings = ws.codings_needing_attention();
    for (coding, why) in &codings {
        writeln!(
            out,
            "attention\tthe document's codes ({why}): {}",
            coding.doc
        )?;
    }
    for doc in ws
        .corpus()
        .documents
        .iter()
        .filter(|d| !d.warnings.is_empty())
    {
        for warning in &doc.warnings {
            writeln!(out, "warning\t{warning}: {}", doc.id)?;
        }
    }
    writeln!(
        out,
        "{} documents; {}; {} annotations, {} need attention; {} codes and {} document codings need attention; {} invalid: {}",
        ws.corpus().documents.len(),
        ws.changes().summary(),
        ws.project().annotations.len(),
        attention.len(),
        codes.len(),
        codings.len(),
        invalid.len(),
        ws.path().display()
    )?;
    Ok(())
}

/// `qari relocate PROJECT FOLDER`: points a project at its moved corpus and saves it.
pub fn relocate(
    project_arg: &Path,
    folder: &Path,
    wait: Duration,
    out: &mut dyn Write,
) -> Result<()> {
    let project_path = existing_project(project_arg)?;
    if !folder.exists() {
        bail!("corpus folder not found: {}", folder.display());
    }
    let mut ws = Workspace::relocate(&project_path, folder)?;
    ws.set_writer("qari relocate", wait);
    let saved = ws.save()?;
    writeln!(
        out,
        "corpus root is now {:?} ({}): {}",
        ws.project().corpus_root,
        ws.changes().summary(),
        ws.path().display()
    )?;
    report_repairs(&ws, &saved, out)?;
    Ok(())
}

/// After a save that wrote what was repaired on loading the project file: one line saying
/// so and where the file as it was is kept ([`Workspace::repair_summary`]); and after a save
/// whose merge took annotations or codes out, one saying where the project as it was here is
/// kept.
pub(crate) fn report_repairs(ws: &Workspace, saved: &Saved, out: &mut dyn Write) -> Result<()> {
    if saved.before_repair.is_some()
        && let Some(line) = ws.repair_summary()
    {
        writeln!(out, "{line}")?;
    }
    // Another program took annotations or codes out meanwhile: say where ours were kept.
    if let Some(merged) = &saved.merged
        && merged.kept.is_some()
    {
        writeln!(out, "took in {}", merged.summary())?;
    }
    Ok(())
}

/// How long a command that writes a project waits, by default, for another program saving
/// it (a window's save takes well under a second).
pub const DEFAULT_WAIT_SECONDS: f64 = 5.0;

/// `--wait SECONDS` as a duration.
pub fn wait_seconds(seconds: f64) -> Result<Duration> {
    if !seconds.is_finite() || seconds < 0.0 {
        bail!("--wait takes a number of seconds (0 or more), not {seconds}");
    }
    Ok(Duration::from_secs_f64(seconds.min(86_400.0)))
}

/// `qari merge BASE OURS THEIRS`: the three-way merge of two versions of a project file that
/// share a base, written over OURS (or `out_path`), as a git merge driver does. Returns
/// whether the merge is clean (nothing needs a person).
pub fn merge(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    out_path: Option<&Path>,
    out: &mut dyn Write,
) -> Result<bool> {
    let base_project = project::workspace::load(base)?;
    let ours_project = project::workspace::load(ours)?;
    let theirs_project = project::workspace::load(theirs)?;
    let merged = project::merge::merge(
        &base_project,
        &ours_project,
        &theirs_project,
        "their version",
    );
    let text = project::format::to_ron(&merged.project).map_err(|e| {
        anyhow::anyhow!(
            "could not write the merged project ({e}): {}",
            ours.display()
        )
    })?;
    let target = out_path.unwrap_or(ours);
    project::save::write_atomic(target, text.as_bytes()).map_err(|e| {
        anyhow::anyhow!(
            "could not write the merged project ({e}): {}",
            target.display()
        )
    })?;
    let report = &merged.report;
    for conflict in &report.conflicts {
        writeln!(out, "needs attention\t{conflict}")?;
    }
    let summary = if report.is_empty() {
        "nothing new from theirs".to_owned()
    } else {
        report.summary()
    };
    writeln!(out, "merged ({summary}): {}", target.display())?;
    Ok(!report.has_conflicts())
}

/// A project argument: a project file, or a folder holding `qari.ron`; it must exist.
pub fn existing_project(arg: &Path) -> Result<PathBuf> {
    let path = if arg.is_dir() {
        arg.join(DEFAULT_FILE_NAME)
    } else {
        arg.to_owned()
    };
    if std::fs::metadata(&path).is_ok() {
        // There, but a FIFO, a device or a folder: say so rather than "no project file".
        crate::project::save::regular_or_missing(&path)
            .map_err(|err| anyhow::anyhow!("{err}: {}", path.display()))?;
    } else {
        bail!("no project file: {}", path.display());
    }
    Ok(path)
}

/// `qari register export [PROJECT]`: the register as TSV (the bundled one with the project's
/// edits applied).
pub fn register_export(project: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    let edits = match project {
        Some(arg) => project::workspace::load(&existing_project(arg)?)?.register,
        None => Vec::new(),
    };
    out.write_all(Register::with_edits(&edits).to_tsv().as_bytes())?;
    Ok(())
}

/// `qari register import PROJECT FILE.tsv`: adds a TSV register's entities to the project's
/// register (as edits, saved).
pub fn register_import(
    project_arg: &Path,
    file: &Path,
    wait: Duration,
    out: &mut dyn Write,
) -> Result<()> {
    let path = existing_project(project_arg)?;
    let imported = Register::read_tsv(file)?;
    let mut ws = Workspace::open(&path)?;
    ws.set_writer("qari register import", wait);
    let count = imported.entities.len();
    let intent = Intent::ImportRegister {
        entities: imported.entities,
        source: file.display().to_string(),
    };
    let saved = match ws.perform(intent, &Recent::from_env().author()) {
        Ok(_) => Some(ws.save()?),
        Err(IntentError::Unchanged(_)) => None,
        Err(err) => bail!("{err}: {}", file.display()),
    };
    writeln!(
        out,
        "imported {count} entities from {}: {}",
        file.display(),
        path.display()
    )?;
    if let Some(saved) = &saved {
        report_repairs(&ws, saved, out)?;
    }
    Ok(())
}

/// Whether an error is a closed output pipe (`qari list | head`), which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

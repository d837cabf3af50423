//! `qari attributes import PROJECT FILE.csv`: documents' attributes (source, date, author …)
//! from a CSV into the project ([`crate::project::attributes`]), through the one door, saved.
//! Nothing is imported when a row is bad (each is named by its line), unless `--skip-bad`.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use anyhow::{Result, bail};

use super::{existing_project, report_repairs};
use crate::project::attributes::read_csv;
use crate::project::intent::IntentError;
use crate::project::{Intent, Workspace};
use crate::recent::Recent;

/// Imports the attributes of `file` into the project at `project_arg`.
pub fn attributes_import(
    project_arg: &Path,
    file: &Path,
    skip_bad: bool,
    wait: Duration,
    out: &mut dyn Write,
) -> Result<()> {
    let path = existing_project(project_arg)?;
    let mut ws = Workspace::open(&path)?;
    ws.set_writer("qari attributes import", wait);
    let corpus = ws.corpus();
    let table = read_csv(file, &|id| corpus.index_of(id).is_some())?;
    for bad in &table.bad {
        writeln!(out, "{}:{}: {}", file.display(), bad.line, bad.message)?;
    }
    if !table.bad.is_empty() && !skip_bad {
        bail!(
            "{} bad rows, nothing imported (--skip-bad imports the others): {}",
            table.bad.len(),
            file.display()
        );
    }
    let documents = table.rows.len();
    let intent = Intent::SetAttributes {
        rows: table.rows,
        source: file.display().to_string(),
    };
    let (changed, saved) = match ws.perform(intent, &Recent::from_env().author()) {
        Ok(outcome) => (outcome.label, Some(ws.save()?)),
        Err(IntentError::Unchanged(why)) => (why, None),
        Err(err) => bail!("{err}: {}", file.display()),
    };
    writeln!(
        out,
        "{documents} documents, columns {}; {changed}: {}",
        table.columns.join(", "),
        path.display()
    )?;
    if let Some(saved) = &saved {
        report_repairs(&ws, saved, out)?;
    }
    Ok(())
}

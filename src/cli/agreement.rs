//! `qari agreement PROJECT`: how far the project's coders (the authors of its annotations)
//! agree, per code and overall ([`crate::agreement::report`]), as a table, CSV or JSON.
//!
//! The project file is only read.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, bail};

use super::existing_project;
use crate::agreement::report::{
    Figure, Figures, MEASURES, Report, SHORT_NAMES, Selection, UnitKind, report,
};
use crate::agreement::spans::Matching;
use crate::project::Workspace;

/// How the report is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgreementFormat {
    /// Aligned columns for a person, then the passages where the coders differ.
    Table,
    /// One line a code and measure.
    Csv,
    /// The whole report; each figure under its measure's name.
    Json,
}

/// `qari agreement PROJECT`: computes and writes the report.
pub fn agreement(
    project: &Path,
    selection: &Selection,
    unit: UnitKind,
    matching: Matching,
    format: AgreementFormat,
    only_where: Option<(String, String)>,
    out: &mut dyn Write,
) -> Result<()> {
    let path = existing_project(project)?;
    let ws = Workspace::open(&path)?;
    // Only the documents with an attribute's value (and among those asked for).
    let selection = match &only_where {
        None => selection.clone(),
        Some((column, value)) => {
            let mut docs = ws.project().attributes.documents_with(column, value);
            if let Some(asked) = &selection.docs {
                docs.retain(|d| asked.contains(d));
            }
            if docs.is_empty() {
                bail!(
                    "no document has {column} = {value} (qari attributes import): {}",
                    path.display()
                );
            }
            Selection {
                docs: Some(docs),
                ..selection.clone()
            }
        }
    };
    let report = report(&ws, &selection, unit, matching)
        .map_err(|e| anyhow::anyhow!("{e}: {}", path.display()))?;
    match format {
        AgreementFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
        }
        AgreementFormat::Csv => write_csv(&report, out)?,
        AgreementFormat::Table => write_table(&report, out)?,
    }
    Ok(())
}

/// Every code's figures, then the overall ones (`*` as the code).
fn rows(report: &Report) -> Vec<(&str, &Figures)> {
    report
        .codes
        .iter()
        .map(|c| (c.code.as_str(), &c.figures))
        .chain(std::iter::once(("*", &report.overall)))
        .collect()
}

fn write_csv(report: &Report, out: &mut dyn Write) -> Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record([
        "code",
        "measure",
        "value",
        "unit",
        "units",
        "coders",
        "undefined",
    ])?;
    for (code, figures) in rows(report) {
        for measure in MEASURES {
            let Some(f) = figures.get(measure) else {
                continue;
            };
            let value = f.value.map_or_else(String::new, |v| format!("{v:.6}"));
            csv.write_record([
                crate::export::csv::neutralise(code).as_ref(),
                measure,
                &value,
                f.unit,
                &f.units.to_string(),
                &f.coders.to_string(),
                f.undefined.as_deref().unwrap_or(""),
            ])?;
        }
    }
    csv.flush()?;
    Ok(())
}

fn write_table(report: &Report, out: &mut dyn Write) -> Result<()> {
    writeln!(
        out,
        "coders: {} · {} documents · unit: {} · passages matched: {} (the first coder is the reference)",
        report.coders.join(", "),
        report.documents,
        report.unit,
        report.matching
    )?;
    for unreadable in &report.unreadable {
        writeln!(out, "left out: {unreadable}")?;
    }
    let names = SHORT_NAMES;
    let width = rows(report)
        .iter()
        .map(|(c, _)| c.chars().count())
        .max()
        .unwrap_or(4)
        .max(7);
    write!(out, "{:width$}", "code")?;
    for name in names {
        write!(out, " {name:>9}")?;
    }
    writeln!(out)?;
    for (code, figures) in rows(report) {
        let code = if code == "*" { "overall" } else { code };
        write!(out, "{code:width$}")?;
        for measure in MEASURES {
            let cell = match figures.get(measure) {
                Some(Figure { value: Some(v), .. }) => format!("{v:.3}"),
                Some(_) => "n/a".to_owned(),
                None => "–".to_owned(),
            };
            write!(out, " {cell:>9}")?;
        }
        writeln!(out)?;
    }
    // Why a figure has no value, once per reason.
    let mut reasons: Vec<&str> = rows(report)
        .iter()
        .flat_map(|(_, f)| MEASURES.iter().filter_map(|m| f.get(m)))
        .filter_map(|f| f.undefined.as_deref())
        .collect();
    reasons.sort_unstable();
    reasons.dedup();
    for reason in reasons {
        writeln!(out, "n/a: {reason}")?;
    }
    writeln!(
        out,
        "\n{} passages where {} and {} differ:",
        report.disagreements.len(),
        report.coders[0],
        report.coders[1]
    )?;
    for d in &report.disagreements {
        let span =
            |s: Option<(usize, usize)>| s.map_or("–".to_owned(), |(a, b)| format!("{a}–{b}"));
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            d.doc,
            match &d.second_code {
                Some(second) => format!("{} → {second}", d.code),
                None => d.code.clone(),
            },
            d.kind,
            span(d.first),
            span(d.second)
        )?;
    }
    Ok(())
}

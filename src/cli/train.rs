//! `qari train PROJECT [--base bundled|none]`: trains the project's entity tagger from the
//! analyst's entity tags ([`crate::project::tagger`]), writes it beside the project file
//! (`qari.ron` → `qari.qtag`), and prints what it learnt from and its cross-validated
//! precision and recall.
//!
//! The project file is only read: the model is a file of its own, written atomically.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use anyhow::{Result, bail};

use super::existing_project;
use crate::entities::Kind;
use crate::entities::tagger::eval::{Prf, table};
use crate::project::Workspace;
use crate::project::tagger::{
    Base, Settings, TrainReport, save_model, train_project, training_set,
};

/// `qari train PROJECT`: trains, saves and reports. Documents that could not be read are
/// listed on `out` and left out.
pub fn train(project: &Path, base: Base, out: &mut dyn Write) -> Result<()> {
    let path = existing_project(project)?;
    let ws = Workspace::open(&path)?;
    let settings = Settings::default();
    let started = Instant::now();
    let set = training_set(&ws, &settings);
    for unreadable in &set.unreadable {
        writeln!(out, "left out: {unreadable}")?;
    }
    if set.documents.is_empty() && set.suggestions.is_empty() {
        bail!(
            "nothing to learn from: tag names with codes named PER, ORG or LOC (or person, \
             organisation, place), or accept or reject suggested names: {}",
            path.display()
        );
    }
    let (model, report) = train_project(&set, base, &settings)?;
    let seconds = started.elapsed().as_secs_f64();
    let file = save_model(ws.path(), &model)?;
    write_report(&report, out)?;
    writeln!(
        out,
        "trained in {seconds:.1} s; model written to {}",
        file.display()
    )?;
    Ok(())
}

/// The counts and, when there was cross-validation, its table.
fn write_report(report: &TrainReport, out: &mut dyn Write) -> std::io::Result<()> {
    let by_kind: Vec<String> = report
        .mentions
        .iter()
        .map(|(k, n)| format!("{} {n}", k.conll()))
        .collect();
    writeln!(
        out,
        "base: {}",
        match report.base {
            Base::Bundled => "the bundled model (warm start)",
            Base::None => "none (the project's tags alone)",
        }
    )?;
    writeln!(
        out,
        "learnt from {} documents, {} tokens, {} mentions ({})",
        report.documents,
        report.tokens,
        report.mention_count(),
        by_kind.join(", ")
    )?;
    if report.suggestion_sentences > 0 {
        writeln!(
            out,
            "and {} sentences with accepted or rejected suggestions",
            report.suggestion_sentences
        )?;
    }
    let Some(cv) = &report.cross_validation else {
        writeln!(
            out,
            "no cross-validation: it needs at least 2 tagged documents"
        )?;
        return Ok(());
    };
    writeln!(
        out,
        "{}-fold cross-validation by document (names matched as ner-eval does):",
        cv.folds
    )?;
    // Kinds the analyst never tagged nor the model found are left out.
    let per_kind: Vec<(Kind, Prf)> = cv
        .per_kind
        .iter()
        .filter(|(_, p)| p.gold + p.predicted > 0)
        .copied()
        .collect();
    write!(out, "{}", table(&per_kind, &cv.all))?;
    Ok(())
}

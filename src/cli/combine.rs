//! `qari combine A.ron B.ron … --out team.ron`: coders' project files of one corpus made into
//! one team project, every coder's passages kept under their author
//! ([`crate::project::merge::combine`]).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use super::existing_project;
use crate::project::merge::combine;
use crate::project::workspace::{load, relative_root, resolve_root};
use crate::project::{ProjectFile, format, save};

/// Combines the projects `inputs` (files, or folders holding `qari.ron`) into `out_path`. The
/// corpus is the first project's. `out_path` may be one of the inputs (adding coders to a
/// team project); any other existing file is refused rather than replaced.
pub fn combine_projects(inputs: &[PathBuf], out_path: &Path, out: &mut dyn Write) -> Result<()> {
    if inputs.len() < 2 {
        bail!("combine needs two project files or more");
    }
    let inputs: Vec<PathBuf> = inputs
        .iter()
        .map(|p| existing_project(p))
        .collect::<Result<_>>()?;
    let same_file = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if out_path.exists() && !inputs.iter().any(|p| same_file(p, out_path)) {
        bail!(
            "will not replace a file that is not one of the projects combined: {}",
            out_path.display()
        );
    }
    let first = &inputs[0];
    let mut team = load(first)?;
    // The corpus root, seen from the output's folder.
    let root = resolve_root(first, &team.corpus_root);
    team.corpus_root = relative_root(out_path, &root);
    writeln!(
        out,
        "{}: {} annotations{}",
        first.display(),
        team.annotations.len(),
        coders_of(&team)
    )?;
    let mut needs_attention = 0;
    for path in &inputs[1..] {
        let theirs = load(path)?;
        let combined = combine(&team, &theirs, &path.display().to_string());
        let r = &combined.report;
        let mut parts = vec![format!("{} annotations added", r.annotations)];
        if r.shared > 0 {
            parts.push(format!("{} already there kept once", r.shared));
        }
        if r.renumbered > 0 {
            parts.push(format!("{} given new ids", r.renumbered));
        }
        if r.moved_to_matching_document > 0 {
            parts.push(format!(
                "{} moved to the document with the same text",
                r.moved_to_matching_document
            ));
        }
        if r.new_codes > 0 {
            parts.push(format!("{} new codes", r.new_codes));
        }
        writeln!(
            out,
            "{}: {}{}",
            path.display(),
            parts.join(", "),
            coders_of(&theirs)
        )?;
        if !r.unknown_documents.is_empty() {
            let docs: Vec<&str> = r.unknown_documents.iter().map(String::as_str).collect();
            writeln!(
                out,
                "warning: {} documents of {} are not in the corpus of {} (their annotations \
                 are kept): {}",
                docs.len(),
                path.display(),
                first.display(),
                docs.join(", ")
            )?;
        }
        for conflict in &r.conflicts {
            writeln!(out, "needs attention\t{conflict}")?;
        }
        needs_attention += r.conflicts.len();
        team = combined.project;
    }
    let text = format::to_ron(&team).map_err(|e| {
        anyhow::anyhow!(
            "could not write the combined project ({e}): {}",
            out_path.display()
        )
    })?;
    save::write_with_backup(out_path, text.as_bytes()).map_err(|e| {
        anyhow::anyhow!(
            "could not write the combined project ({e}): {}",
            out_path.display()
        )
    })?;
    let attention = if needs_attention > 0 {
        format!(", {needs_attention} items need attention")
    } else {
        String::new()
    };
    writeln!(
        out,
        "combined {} projects: {} annotations{}{attention}: {}",
        inputs.len(),
        team.annotations.len(),
        authors_of(&team),
        out_path.display()
    )?;
    Ok(())
}

/// "; its coders: alice 12, bob 10", or nothing when there are no annotations.
fn coders_of(project: &ProjectFile) -> String {
    match counts(project) {
        list if list.is_empty() => String::new(),
        list => format!("; its coders: {}", list.join(", ")),
    }
}

/// " by N coders (alice 12, bob 10)", or nothing when there are no annotations.
fn authors_of(project: &ProjectFile) -> String {
    let list = counts(project);
    if list.is_empty() {
        return String::new();
    }
    let coders = if list.len() == 1 { "coder" } else { "coders" };
    format!(" by {} {coders} ({})", list.len(), list.join(", "))
}

/// Each author with the number of their annotations: "alice 12".
fn counts(project: &ProjectFile) -> Vec<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for a in project.annotations.iter() {
        *counts.entry(a.author.as_str()).or_default() += 1;
    }
    counts
        .iter()
        .map(|(author, n)| {
            let author = if author.is_empty() {
                "(no author)"
            } else {
                author
            };
            format!("{author} {n}")
        })
        .collect()
}

//! `qari chart PATH entities --out FILE.svg|FILE.png|FILE.csv`: the chart of the most
//! mentioned entities, or the data behind it, made without the window
//! ([`crate::analysis::frequency`], [`crate::analysis::svg`]).
//!
//! The mentions are the register's (the bundled register with the project's edits), found as
//! `qari entities --no-tagger` finds them.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, bail};

use super::project_file_at;
use crate::analysis::EntityMention;
use crate::analysis::frequency::entity_counts;
use crate::analysis::png::svg_to_png;
use crate::analysis::svg::{Bar, bar_chart};
use crate::entities::{self, Kind, Register};
use crate::project::Workspace;

/// What `qari chart entities` draws.
#[derive(Clone, Debug)]
pub struct EntityChart {
    /// The most mentioned entities shown.
    pub top: usize,
    /// Only entities of these kinds (all when empty).
    pub kinds: Vec<Kind>,
}

/// Writes the entity frequency chart of a folder, article or project to `out_path`: SVG, PNG,
/// or the counts as CSV (UTF-8 with BOM), by the file's extension.
pub fn entity_chart(
    path: &Path,
    chart: &EntityChart,
    out_path: &Path,
    out: &mut dyn Write,
) -> Result<()> {
    let extension = out_path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let layout = match extension.as_deref() {
        Some("svg") => Layout::Svg,
        Some("png") => Layout::Png,
        Some("csv") => Layout::Csv,
        _ => bail!(
            "the chart is written as .svg or .png, or its data as .csv: {}",
            out_path.display()
        ),
    };
    let project = project_file_at(path)
        .map(|p| Workspace::open(&p))
        .transpose()?;
    let edits = project
        .as_ref()
        .map_or(&[][..], |ws| &ws.project().register[..]);
    let register = Register::with_edits(edits);
    let build = || entities::Recogniser::new(&register, None);
    let (corpus, records) = match project {
        Some(ws) => {
            let corpus = ws.into_corpus();
            let (records, unreadable) = entities::extract(&corpus, &build());
            for problem in unreadable {
                writeln!(out, "warning: {problem}")?;
            }
            (corpus, records)
        }
        None => {
            let (corpus, records, _) = entities::open_and_extract(path, build)?;
            (corpus, records)
        }
    };
    let mentions: Vec<EntityMention> = records
        .iter()
        .filter_map(|m| {
            Some(EntityMention {
                doc: corpus.index_of(&m.doc)?,
                entity: m.entity?,
                at: m.start,
            })
        })
        .collect();
    let wanted = |e: usize| {
        chart.kinds.is_empty()
            || register
                .entities
                .get(e)
                .is_some_and(|e| chart.kinds.contains(&e.kind))
    };
    let counts: Vec<_> = entity_counts(&mentions)
        .into_iter()
        .filter(|c| wanted(c.entity))
        .take(chart.top)
        .collect();
    let bytes = if layout != Layout::Csv {
        let bars: Vec<Bar> = counts
            .iter()
            .filter_map(|c| {
                let e = register.entities.get(c.entity)?;
                let [r, g, b] = e.kind.hue();
                Some(Bar {
                    label: e.canonical.clone(),
                    arabic: arabic_name(&e.aliases),
                    value: c.mentions,
                    detail: documents(c.documents),
                    colour: format!("#{r:02x}{g:02x}{b:02x}"),
                })
            })
            .collect();
        let title = format!(
            "The {} most mentioned entities in {} documents",
            bars.len(),
            corpus.documents.len()
        );
        let svg = bar_chart(&title, "mentions", &bars);
        if layout == Layout::Png {
            svg_to_png(&svg).map_err(|e| anyhow::anyhow!("{e}: {}", out_path.display()))?
        } else {
            svg.into_bytes()
        }
    } else {
        let mut csv = csv::Writer::from_writer("\u{FEFF}".as_bytes().to_vec());
        csv.write_record(["entity", "arabic", "kind", "mentions", "documents"])?;
        for c in &counts {
            let Some(e) = register.entities.get(c.entity) else {
                continue;
            };
            csv.write_record([
                crate::export::csv::neutralise(&e.canonical).as_ref(),
                crate::export::csv::neutralise(&arabic_name(&e.aliases)).as_ref(),
                e.kind.as_str(),
                &c.mentions.to_string(),
                &c.documents.to_string(),
            ])?;
        }
        csv.into_inner()
            .map_err(|e| anyhow::anyhow!("could not write the CSV ({e})"))?
    };
    crate::project::save::write_atomic(out_path, &bytes)
        .map_err(|e| anyhow::anyhow!("could not write the chart ({e}): {}", out_path.display()))?;
    writeln!(
        out,
        "{} entities of {} mentions in {} documents: {}",
        counts.len(),
        mentions.len(),
        corpus.documents.len(),
        out_path.display()
    )?;
    Ok(())
}

/// What the output file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    Svg,
    Png,
    Csv,
}

/// The first alias written in Arabic letters (empty when none is).
fn arabic_name(aliases: &[String]) -> String {
    aliases
        .iter()
        .find(|a| a.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)))
        .cloned()
        .unwrap_or_default()
}

fn documents(n: usize) -> String {
    if n == 1 {
        "1 document".to_owned()
    } else {
        format!("{n} documents")
    }
}

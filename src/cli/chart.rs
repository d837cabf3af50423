//! `qari chart PATH entities|network|timeline|matrix|codes --out FILE.svg|FILE.png|FILE.csv`: the charts of the
//! Analysis views made without the window, or the data behind them
//! ([`crate::analysis`]).
//!
//! - `entities`: the most mentioned entities, a bar each (mentions, and in how many
//!   documents).
//! - `network`: the entities named together in one sentence, paragraph or document
//!   (`--scope`), a node each (sized by documents, coloured by kind) and an edge for each pair
//!   named together at least `--min-weight` times, laid out by force
//!   ([`crate::analysis::layout`]); the CSV lists the pairs with PMI and log-likelihood.
//! - `timeline`: mentions of chosen entities (the most mentioned by default) per day, week or
//!   month, by the dates in the documents' file names ([`crate::corpus::dates`]).
//! - `matrix`: a project's passages per code (rows) and document (columns), MAXQDA's Code
//!   Matrix Browser; the CSV lists (code, document, passages).
//! - `codes`: how often each two codes of a project meet, on one passage or on overlapping
//!   passages (its Code Relations Browser); the CSV lists (code_a, code_b, meetings).
//!
//! `--where COLUMN=VALUE` keeps the documents whose imported attribute has that value (every
//! view); `--group-by COLUMN` gives the matrix a column per value of an attribute. Dates are a
//! document's `date` attribute, else the date its page states or its file name gives.
//!
//! The mentions are the register's (the bundled register with the project's edits), found as
//! `qari entities --no-tagger` finds them.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, bail};

use super::project_file_at;
use crate::agreement::report::UnitKind;
use crate::analysis::EntityMention;
pub use crate::analysis::charts::codes::Meet;
use crate::analysis::charts::codes::{CodeGrid, document_paragraphs};
use crate::analysis::charts::entities::EntityBars;
use crate::analysis::charts::network::Network;
pub use crate::analysis::charts::timeline::TimelineOf;
use crate::analysis::charts::timeline::{TimelineChart, entities_named};
use crate::analysis::charts::{Filter, Source, Windows, document_windows};
use crate::analysis::png::svg_to_png;
use crate::analysis::timeline::Period;
use crate::annotations::{Annotations, DocumentAttributes};
use crate::corpus::{Corpus, DocumentInfo};
use crate::entities::{self, Kind, Recogniser, Register};
use crate::project::Workspace;
use crate::project::attributes::{document_dates, documents_where};

/// Which chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// The most mentioned entities.
    Entities,
    /// Entities named together.
    Network,
    /// Passages per code and document (a project's).
    Matrix,
    /// Mentions of entities per day, week or month, by the dates in the file names.
    Timeline,
    /// How often each two codes meet (a project's).
    Codes,
}

/// What to draw.
#[derive(Clone, Debug)]
pub struct ChartOptions {
    /// The chart.
    pub view: View,
    /// The most mentioned entities shown (bars, or nodes of the network).
    pub top: usize,
    /// Only entities of these kinds (all when empty).
    pub kinds: Vec<Kind>,
    /// What "named together" means for the network: the same sentence, paragraph or document.
    pub scope: UnitKind,
    /// The fewest windows naming a pair for its edge to be drawn.
    pub min_weight: usize,
    /// Timeline: these entities (English names or aliases); the most mentioned when empty.
    pub entities: Vec<String>,
    /// Timeline: the period counted.
    pub period: Period,
    /// Timeline: what is counted.
    pub timeline_of: TimelineOf,
    /// Timeline: the query whose hits are counted (the search language, or a regular expression
    /// over the folded text with `regex`).
    pub query: Option<String>,
    /// The query is a regular expression.
    pub regex: bool,
    /// Only the documents whose attribute (column) has this value.
    pub only_where: Option<(String, String)>,
    /// Matrix: a column per value of this document attribute, not per document.
    pub group_by: Option<String>,
    /// Codes: where two codes meet.
    pub meet: Meet,
}

impl ChartOptions {
    fn filter(&self, docs: &[DocumentInfo], attributes: &DocumentAttributes) -> Filter {
        let only = self
            .only_where
            .as_ref()
            .map(|(c, v)| (c.as_str(), v.as_str()));
        Filter {
            top: self.top,
            kinds: self.kinds.clone(),
            docs: documents_where(docs, attributes, only),
        }
    }

    /// A project's passages in the documents `--where` keeps.
    fn annotations_kept(&self, project: &crate::project::ProjectFile) -> Annotations {
        let Some((column, value)) = &self.only_where else {
            return project.annotations.clone();
        };
        let kept = project
            .annotations
            .iter()
            .filter(|a| project.attributes.get(&a.doc, column) == Some(value.as_str()))
            .cloned()
            .collect();
        Annotations::from_vec(kept).unwrap_or_default()
    }
}

/// What the output file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    Svg,
    Png,
    Csv,
}

/// The register's mentions of a corpus, with the window (sentence, paragraph or document) each
/// is in.
struct Found {
    corpus: Corpus,
    attributes: DocumentAttributes,
    register: Register,
    mentions: Vec<EntityMention>,
    windows: Windows,
}

impl Found {
    fn source(&self) -> Source<'_> {
        Source {
            register: &self.register,
            docs: &self.corpus.documents,
            mentions: &self.mentions,
        }
    }
}

/// Writes a chart of a folder, article or project to `out_path`: SVG, PNG, or the data as CSV
/// (UTF-8 with BOM), by the file's extension.
pub fn chart(
    path: &Path,
    options: &ChartOptions,
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
    let csv = layout == Layout::Csv;
    let (drawing, said) = match options.view {
        View::Matrix => {
            let project = project_at(path)?;
            let order: Vec<&str> = project.documents.iter().map(|d| d.id.as_str()).collect();
            let annotations = options.annotations_kept(&project);
            let mut grid = CodeGrid::matrix(&annotations, &project.codebook, &order);
            if let Some(column) = &options.group_by {
                let value_of = |doc: &str| project.attributes.get(doc, column).map(str::to_owned);
                grid = grid.grouped(column, &value_of);
            }
            (grid_drawing(&grid, csv)?, grid.said())
        }
        View::Codes => {
            let grid = match options.meet {
                Meet::Overlap => {
                    let project = project_at(path)?;
                    let annotations = options.annotations_kept(&project);
                    CodeGrid::relations(&annotations, &project.codebook)
                }
                Meet::Paragraph => {
                    let file = project_file_at(path).ok_or_else(|| {
                        anyhow::anyhow!(
                            "the code views are a project's (qari init, then tag): no project \
                             file at {}",
                            path.display()
                        )
                    })?;
                    let ws = Workspace::open(&file)?;
                    let annotations = options.annotations_kept(ws.project());
                    let paragraphs = |doc: &str| {
                        ws.corpus()
                            .document(doc)
                            .map_or_else(Vec::new, document_paragraphs)
                    };
                    CodeGrid::relations_by_paragraph(
                        &annotations,
                        &ws.project().codebook,
                        &paragraphs,
                    )
                }
            };
            (grid_drawing(&grid, csv)?, grid.said())
        }
        View::Entities => {
            let found = find(path, UnitKind::Document, out)?;
            let filter = options.filter(&found.corpus.documents, &found.attributes);
            let bars = EntityBars::build(&found.source(), &filter);
            let drawing = if csv {
                bars.csv()?
            } else {
                bars.svg().into_bytes()
            };
            (drawing, bars.said())
        }
        View::Network => {
            let found = find(path, options.scope, out)?;
            let filter = options.filter(&found.corpus.documents, &found.attributes);
            let net = Network::build(&found.source(), &filter, &found.windows);
            let drawing = if csv {
                net.csv(options.min_weight)?
            } else {
                net.svg(options.min_weight, None).into_bytes()
            };
            (drawing, net.said(options.min_weight))
        }
        View::Timeline => {
            let line = match options.timeline_of {
                TimelineOf::Entities => entity_timeline(path, options, out)?,
                TimelineOf::Codes => code_timeline(path, options)?,
                TimelineOf::Search => search_timeline(path, options, out)?,
            };
            let drawing = if csv {
                line.csv()?
            } else {
                line.svg().into_bytes()
            };
            (drawing, line.said())
        }
    };
    let bytes = if layout == Layout::Png {
        let svg = String::from_utf8(drawing)?;
        svg_to_png(&svg).map_err(|e| anyhow::anyhow!("{e}: {}", out_path.display()))?
    } else {
        drawing
    };
    crate::project::save::write_atomic(out_path, &bytes)
        .map_err(|e| anyhow::anyhow!("could not write the chart ({e}): {}", out_path.display()))?;
    writeln!(out, "{said}: {}", out_path.display())?;
    Ok(())
}

/// Mentions of chosen entities (the most mentioned when none is named) per period.
fn entity_timeline(
    path: &Path,
    options: &ChartOptions,
    out: &mut dyn Write,
) -> Result<TimelineChart> {
    let found = find(path, UnitKind::Document, out)?;
    let filter = options.filter(&found.corpus.documents, &found.attributes);
    let source = found.source();
    let chosen: Vec<usize> = if options.entities.is_empty() {
        crate::analysis::charts::top_entities(&source, &filter)
            .into_iter()
            .map(|row| row.entity)
            .take(options.top.min(8))
            .collect()
    } else {
        entities_named(&found.register, &options.entities).map_err(anyhow::Error::msg)?
    };
    let dates = document_dates(&found.corpus.documents, &found.attributes);
    Ok(TimelineChart::of_entities(
        &source,
        &filter,
        &chosen,
        &dates,
        options.period,
    ))
}

/// A project's passages per code and period.
fn code_timeline(path: &Path, options: &ChartOptions) -> Result<TimelineChart> {
    let Some(file) = project_file_at(path) else {
        bail!(
            "a timeline of codes is a project's (qari init, then tag): no project file at {}",
            path.display()
        );
    };
    let ws = Workspace::open(&file)?;
    let project = ws.project();
    let dates = document_dates(&ws.corpus().documents, &project.attributes);
    let by_id: std::collections::HashMap<&str, Option<jiff::civil::Date>> = ws
        .corpus()
        .documents
        .iter()
        .zip(&dates)
        .map(|(d, date)| (d.id.as_str(), *date))
        .collect();
    let date_of = |id: &str| by_id.get(id).copied().flatten();
    let codes: Vec<_> = project.codebook.codes.iter().map(|c| c.id).collect();
    let annotations = options.annotations_kept(project);
    Ok(TimelineChart::of_codes(
        &annotations,
        &project.codebook,
        &codes,
        &date_of,
        options.period,
    ))
}

/// The hits of a query per period.
fn search_timeline(
    path: &Path,
    options: &ChartOptions,
    out: &mut dyn Write,
) -> Result<TimelineChart> {
    let Some(query) = &options.query else {
        bail!("a timeline of search hits needs --query");
    };
    let hits = super::search::hits_by_document(path, query, options.regex, out)?;
    let (corpus, attributes) = match project_file_at(path) {
        Some(file) => {
            let ws = Workspace::open(&file)?;
            let attributes = ws.project().attributes.clone();
            (ws.into_corpus(), attributes)
        }
        None => (Corpus::open(path)?, DocumentAttributes::default()),
    };
    let only = options
        .only_where
        .as_ref()
        .map(|(c, v)| (c.as_str(), v.as_str()));
    let kept = documents_where(&corpus.documents, &attributes, only);
    let by_doc: Vec<(usize, Vec<std::ops::Range<usize>>)> = hits
        .into_iter()
        .filter_map(|(id, found)| {
            let doc = corpus.index_of(&id)?;
            let counted = kept.as_ref().is_none_or(|k| k.get(doc) == Some(&true));
            counted.then_some((doc, found))
        })
        .collect();
    let dates = document_dates(&corpus.documents, &attributes);
    let mut line = TimelineChart::of_hits(&by_doc, &dates, options.period);
    for l in &mut line.lines {
        l.label.clone_from(query);
    }
    Ok(line)
}

fn grid_drawing(grid: &CodeGrid, csv: bool) -> Result<Vec<u8>> {
    Ok(if csv {
        grid.csv()?
    } else {
        grid.svg().into_bytes()
    })
}

/// Reads the corpus and finds the register's mentions, with their windows of `scope`.
fn find(path: &Path, scope: UnitKind, out: &mut dyn Write) -> Result<Found> {
    let project = project_file_at(path)
        .map(|p| Workspace::open(&p))
        .transpose()?;
    let edits = project
        .as_ref()
        .map_or(&[][..], |ws| &ws.project().register[..]);
    let register = Register::with_edits(edits);
    let attributes = project
        .as_ref()
        .map(|ws| ws.project().attributes.clone())
        .unwrap_or_default();
    let recogniser = Recogniser::new(&register, None);
    // Each document's mentions as (entity, start), its windows and the window of each mention.
    let visit = |doc: &crate::corpus::DocumentInfo, text: &str| {
        let mentions: Vec<(usize, usize, usize)> = entities::records(&recogniser, &doc.id, text)
            .into_iter()
            .filter_map(|m| Some((m.entity?, m.start, m.end)))
            .collect();
        let starts: Vec<usize> = mentions.iter().map(|m| m.1).collect();
        let (ranges, windows) = document_windows(scope, text, &starts);
        (mentions, ranges, windows)
    };
    let (corpus, per_doc) = match project {
        Some(ws) => {
            let corpus = ws.into_corpus();
            let mut per_doc = Vec::new();
            for result in corpus.map_texts(visit) {
                match result {
                    Ok(found) => per_doc.push(found),
                    Err(err) => {
                        writeln!(out, "warning: {err}")?;
                        per_doc.push((Vec::new(), Vec::new(), Vec::new()));
                    }
                }
            }
            (corpus, per_doc)
        }
        None => Corpus::open_with(path, visit)?,
    };
    let mut mentions = Vec::new();
    let mut windows = Windows::new(scope);
    for (doc, (found, ranges, in_windows)) in per_doc.into_iter().enumerate() {
        mentions.extend(found.into_iter().map(|(entity, at, end)| EntityMention {
            doc,
            entity,
            at,
            end,
        }));
        windows.push(doc, ranges, &in_windows);
    }
    Ok(Found {
        corpus,
        attributes,
        register,
        mentions,
        windows,
    })
}

/// The project of a folder or file, for the views of its codes.
fn project_at(path: &Path) -> Result<crate::project::ProjectFile> {
    let Some(file) = project_file_at(path) else {
        bail!(
            "the code views are a project's (qari init, then tag): no project file at {}",
            path.display()
        );
    };
    Ok(crate::project::workspace::load(&file)?)
}

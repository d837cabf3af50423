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
//! The mentions are the register's (the bundled register with the project's edits), found as
//! `qari entities --no-tagger` finds them.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::{Result, bail};

use super::project_file_at;
use crate::agreement::report::UnitKind;
use crate::analysis::EntityMention;
use crate::analysis::cooccurrence::cooccurrences;
use crate::analysis::frequency::entity_counts;
use crate::analysis::layout::fruchterman_reingold;
use crate::analysis::matrix::{code_cooccurrence, code_document_matrix};
use crate::analysis::png::svg_to_png;
use crate::analysis::svg::{
    Bar, Edge, MatrixRow, Node, Series, bar_chart, matrix, network, timeline as timeline_svg,
};
use crate::analysis::timeline::{Period, timeline};
use crate::corpus::Corpus;
use crate::corpus::dates::date_in_name;
use crate::entities::{self, Kind, Recogniser, Register};
use crate::project::Workspace;

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
    register: Register,
    mentions: Vec<EntityMention>,
    /// `(window, entity)` of each mention; windows are numbered through the corpus.
    in_windows: Vec<(usize, usize)>,
    /// Windows in the corpus.
    windows: usize,
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
    let (drawing, said) = match options.view {
        View::Matrix => matrix_chart(path, layout)?,
        View::Codes => codes_chart(path, layout)?,
        View::Entities => entities_chart(&find(path, None, out)?, options, layout)?,
        View::Network => network_chart(&find(path, Some(options.scope), out)?, options, layout)?,
        View::Timeline => timeline_chart(&find(path, None, out)?, options, layout)?,
    };
    let bytes = match (layout, drawing) {
        (Layout::Png, Drawing::Svg(svg)) => {
            svg_to_png(&svg).map_err(|e| anyhow::anyhow!("{e}: {}", out_path.display()))?
        }
        (_, Drawing::Svg(svg)) => svg.into_bytes(),
        (_, Drawing::Csv(bytes)) => bytes,
    };
    crate::project::save::write_atomic(out_path, &bytes)
        .map_err(|e| anyhow::anyhow!("could not write the chart ({e}): {}", out_path.display()))?;
    writeln!(out, "{said}: {}", out_path.display())?;
    Ok(())
}

/// A chart drawn, or its data.
enum Drawing {
    Svg(String),
    Csv(Vec<u8>),
}

/// Reads the corpus and finds the register's mentions, with their windows of `scope` (each
/// document one window when `None`).
fn find(path: &Path, scope: Option<UnitKind>, out: &mut dyn Write) -> Result<Found> {
    let project = project_file_at(path)
        .map(|p| Workspace::open(&p))
        .transpose()?;
    let edits = project
        .as_ref()
        .map_or(&[][..], |ws| &ws.project().register[..]);
    let register = Register::with_edits(edits);
    let recogniser = Recogniser::new(&register, None);
    // Each document's mentions as (entity, start, window in the document), and its windows.
    let visit = |doc: &crate::corpus::DocumentInfo, text: &str| {
        let units = scope.map_or_else(Vec::new, |scope| scope.units_of(0, text));
        let mentions: Vec<(usize, usize, usize)> = entities::records(&recogniser, &doc.id, text)
            .into_iter()
            .filter_map(|m| {
                let window = units.partition_point(|u| u.range.end <= m.start);
                Some((
                    m.entity?,
                    m.start,
                    window.min(units.len().saturating_sub(1)),
                ))
            })
            .collect();
        (mentions, units.len().max(1))
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
                        per_doc.push((Vec::new(), 0));
                    }
                }
            }
            (corpus, per_doc)
        }
        None => Corpus::open_with(path, visit)?,
    };
    let mut mentions = Vec::new();
    let mut in_windows = Vec::new();
    let mut windows = 0;
    for (doc, (found, count)) in per_doc.into_iter().enumerate() {
        for (entity, at, window) in found {
            mentions.push(EntityMention { doc, entity, at });
            in_windows.push((windows + window, entity));
        }
        windows += count;
    }
    Ok(Found {
        corpus,
        register,
        mentions,
        in_windows,
        windows,
    })
}

/// The entities wanted, most mentioned first: (entity, mentions, documents).
fn top_entities(found: &Found, options: &ChartOptions) -> Vec<(usize, usize, usize)> {
    let wanted = |e: usize| {
        options.kinds.is_empty()
            || found
                .register
                .entities
                .get(e)
                .is_some_and(|e| options.kinds.contains(&e.kind))
    };
    entity_counts(&found.mentions)
        .into_iter()
        .filter(|c| wanted(c.entity))
        .take(options.top)
        .map(|c| (c.entity, c.mentions, c.documents))
        .collect()
}

fn entities_chart(
    found: &Found,
    options: &ChartOptions,
    layout: Layout,
) -> Result<(Drawing, String)> {
    let counts = top_entities(found, options);
    let register = &found.register;
    let said = format!(
        "{} entities of {} mentions in {} documents",
        counts.len(),
        found.mentions.len(),
        found.corpus.documents.len()
    );
    if layout == Layout::Csv {
        let mut csv = csv_writer();
        csv.write_record(["entity", "arabic", "kind", "mentions", "documents"])?;
        for (entity, mentions, documents) in &counts {
            let Some(e) = register.entities.get(*entity) else {
                continue;
            };
            csv.write_record([
                neutralise(&e.canonical).as_str(),
                neutralise(e.arabic_name().unwrap_or_default()).as_str(),
                e.kind.as_str(),
                &mentions.to_string(),
                &documents.to_string(),
            ])?;
        }
        return Ok((Drawing::Csv(finish(csv)?), said));
    }
    let bars: Vec<Bar> = counts
        .iter()
        .filter_map(|(entity, mentions, documents)| {
            let e = register.entities.get(*entity)?;
            Some(Bar {
                label: e.canonical.clone(),
                arabic: e.arabic_name().unwrap_or_default().to_owned(),
                value: *mentions,
                detail: documents_said(*documents),
                colour: hex(e.kind),
            })
        })
        .collect();
    let title = format!(
        "The {} most mentioned entities in {} documents",
        bars.len(),
        found.corpus.documents.len()
    );
    Ok((Drawing::Svg(bar_chart(&title, "mentions", &bars)), said))
}

fn network_chart(
    found: &Found,
    options: &ChartOptions,
    layout: Layout,
) -> Result<(Drawing, String)> {
    let register = &found.register;
    let top = top_entities(found, options);
    // Node of each entity shown.
    let node_of: BTreeMap<usize, usize> = top
        .iter()
        .enumerate()
        .map(|(i, (e, _, _))| (*e, i))
        .collect();
    let pairs: Vec<_> = cooccurrences(&found.in_windows, found.windows)
        .into_iter()
        .filter(|p| p.weight >= options.min_weight)
        .filter(|p| node_of.contains_key(&p.a) && node_of.contains_key(&p.b))
        .collect();
    let name = |e: usize| {
        register
            .entities
            .get(e)
            .map_or_else(String::new, |e| e.canonical.clone())
    };
    let said = format!(
        "{} entities, {} pairs named together in one {} at least {}, in {} documents",
        top.len(),
        pairs.len(),
        options.scope.name(),
        times(options.min_weight),
        found.corpus.documents.len()
    );
    if layout == Layout::Csv {
        let mut csv = csv_writer();
        csv.write_record([
            "entity_a",
            "entity_b",
            "weight",
            "pmi",
            "log_likelihood",
            "scope",
        ])?;
        for p in &pairs {
            csv.write_record([
                neutralise(&name(p.a)).as_str(),
                neutralise(&name(p.b)).as_str(),
                &p.weight.to_string(),
                &format!("{:.4}", p.pmi),
                &format!("{:.4}", p.log_likelihood),
                options.scope.name(),
            ])?;
        }
        return Ok((Drawing::Csv(finish(csv)?), said));
    }
    let nodes: Vec<Node> = top
        .iter()
        .filter_map(|(entity, _, documents)| {
            let e = register.entities.get(*entity)?;
            Some(Node {
                label: e.canonical.clone(),
                arabic: e.arabic_name().unwrap_or_default().to_owned(),
                size: *documents,
                colour: hex(e.kind),
            })
        })
        .collect();
    let edges: Vec<Edge> = pairs
        .iter()
        .map(|p| Edge {
            a: node_of[&p.a],
            b: node_of[&p.b],
            weight: p.weight,
            detail: format!(
                "{} and {}: {} {}s, PMI {:.2}, log-likelihood {:.1}",
                name(p.a),
                name(p.b),
                p.weight,
                options.scope.name(),
                p.pmi,
                p.log_likelihood
            ),
        })
        .collect();
    let weights: Vec<(usize, usize, f64)> =
        edges.iter().map(|e| (e.a, e.b, e.weight as f64)).collect();
    let at = fruchterman_reingold(nodes.len(), &weights, 400);
    let title = format!(
        "Entities named together in one {} (at least {}), {} documents",
        options.scope.name(),
        times(options.min_weight),
        found.corpus.documents.len()
    );
    Ok((Drawing::Svg(network(&title, &nodes, &edges, &at)), said))
}

/// Mentions of entities per period, by the dates in the documents' file names.
fn timeline_chart(
    found: &Found,
    options: &ChartOptions,
    layout: Layout,
) -> Result<(Drawing, String)> {
    let register = &found.register;
    let chosen: Vec<usize> = if options.entities.is_empty() {
        top_entities(found, options)
            .into_iter()
            .map(|(e, _, _)| e)
            .take(options.top.min(8))
            .collect()
    } else {
        options
            .entities
            .iter()
            .map(|name| {
                let wanted = name.trim().to_lowercase();
                register
                    .entities
                    .iter()
                    .position(|e| {
                        e.canonical.to_lowercase() == wanted
                            || e.aliases.iter().any(|a| a.to_lowercase() == wanted)
                    })
                    .ok_or_else(|| anyhow::anyhow!("no entity {name:?} in the register"))
            })
            .collect::<Result<_>>()?
    };
    let dates: Vec<Option<jiff::civil::Date>> = found
        .corpus
        .documents
        .iter()
        .map(|d| date_in_name(&d.id))
        .collect();
    let events: Vec<(jiff::civil::Date, usize)> = found
        .mentions
        .iter()
        .filter_map(|m| {
            let series = chosen.iter().position(|e| *e == m.entity)?;
            Some((dates.get(m.doc).copied().flatten()?, series))
        })
        .collect();
    let line = timeline(&events, chosen.len(), options.period);
    let undated = dates.iter().filter(|d| d.is_none()).count();
    let mut said = format!(
        "{} entities, {} mentions over {} {}s",
        chosen.len(),
        events.len(),
        line.periods.len(),
        options.period.name()
    );
    if undated > 0 {
        said.push_str(&format!(
            " ({undated} of {} documents have no date in their file name and are left out)",
            dates.len()
        ));
    }
    let name = |e: usize| {
        register
            .entities
            .get(e)
            .map_or_else(String::new, |e| e.canonical.clone())
    };
    let period_name = |d: &jiff::civil::Date| match options.period {
        Period::Month => format!("{:04}-{:02}", d.year(), d.month()),
        Period::Day | Period::Week => d.to_string(),
    };
    if layout == Layout::Csv {
        let mut csv = csv_writer();
        csv.write_record(["entity", "period", "start", "mentions"])?;
        for (k, entity) in chosen.iter().enumerate() {
            for (start, count) in line.periods.iter().zip(&line.counts[k]) {
                csv.write_record([
                    neutralise(&name(*entity)).as_str(),
                    options.period.name(),
                    &start.to_string(),
                    &count.to_string(),
                ])?;
            }
        }
        return Ok((Drawing::Csv(finish(csv)?), said));
    }
    let series: Vec<Series> = chosen
        .iter()
        .zip(&line.counts)
        .map(|(e, counts)| Series {
            label: name(*e),
            arabic: register
                .entities
                .get(*e)
                .and_then(|e| e.arabic_name())
                .unwrap_or_default()
                .to_owned(),
            counts: counts.clone(),
        })
        .collect();
    let periods: Vec<String> = line.periods.iter().map(period_name).collect();
    let title = format!("Mentions per {}", options.period.name());
    Ok((Drawing::Svg(timeline_svg(&title, &periods, &series)), said))
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

/// A code's colour as `#rrggbb`.
fn code_colour(book: &crate::annotations::Codebook, code: crate::annotations::CodeId) -> String {
    rgb(book.get(code).map_or([128, 128, 128], |c| c.colour.0))
}

/// How often each two codes of a project meet, on one passage or overlapping passages.
fn codes_chart(path: &Path, layout: Layout) -> Result<(Drawing, String)> {
    let project = project_at(path)?;
    let book = &project.codebook;
    let (codes, cells) = code_cooccurrence(&project.annotations, book);
    let meetings: usize = cells.iter().flatten().sum::<usize>() / 2;
    let said = format!("{} codes meeting {meetings} times", codes.len());
    if layout == Layout::Csv {
        let mut csv = csv_writer();
        csv.write_record(["code_a", "code_b", "meetings"])?;
        for (i, row) in cells.iter().enumerate() {
            for (j, n) in row.iter().enumerate().skip(i + 1) {
                if *n > 0 {
                    csv.write_record([
                        neutralise(&book.path(codes[i])).as_str(),
                        neutralise(&book.path(codes[j])).as_str(),
                        &n.to_string(),
                    ])?;
                }
            }
        }
        return Ok((Drawing::Csv(finish(csv)?), said));
    }
    let names: Vec<String> = codes.iter().map(|c| book.path(*c)).collect();
    let rows: Vec<MatrixRow> = codes
        .iter()
        .zip(cells)
        .map(|(code, cells)| MatrixRow {
            label: book.path(*code),
            colour: code_colour(book, *code),
            cells,
        })
        .collect();
    let title = format!("Codes on one passage or overlapping passages ({said})");
    Ok((Drawing::Svg(matrix(&title, &names, &rows)), said))
}

/// The code × document matrix of a project (its file, or a folder holding `qari.ron`).
fn matrix_chart(path: &Path, layout: Layout) -> Result<(Drawing, String)> {
    let project = project_at(path)?;
    let order: Vec<&str> = project.documents.iter().map(|d| d.id.as_str()).collect();
    let m = code_document_matrix(&project.annotations, &project.codebook, &order);
    let book = &project.codebook;
    let said = format!(
        "{} codes × {} documents, {} passages",
        m.codes.len(),
        m.docs.len(),
        project.annotations.len()
    );
    if layout == Layout::Csv {
        let mut csv = csv_writer();
        csv.write_record(["code", "document", "passages"])?;
        for (code, row) in m.codes.iter().zip(&m.cells) {
            for (doc, count) in m.docs.iter().zip(row) {
                if *count > 0 {
                    csv.write_record([
                        neutralise(&book.path(*code)).as_str(),
                        neutralise(doc).as_str(),
                        &count.to_string(),
                    ])?;
                }
            }
        }
        return Ok((Drawing::Csv(finish(csv)?), said));
    }
    let rows: Vec<MatrixRow> = m
        .codes
        .iter()
        .zip(&m.cells)
        .map(|(code, cells)| MatrixRow {
            label: book.path(*code),
            colour: code_colour(book, *code),
            cells: cells.clone(),
        })
        .collect();
    let title = format!("Passages per code and document ({said})");
    Ok((Drawing::Svg(matrix(&title, &m.docs, &rows)), said))
}

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::Writer::from_writer("\u{FEFF}".as_bytes().to_vec())
}

fn finish(csv: csv::Writer<Vec<u8>>) -> Result<Vec<u8>> {
    csv.into_inner()
        .map_err(|e| anyhow::anyhow!("could not write the CSV ({e})"))
}

fn neutralise(cell: &str) -> String {
    crate::export::csv::neutralise(cell).into_owned()
}

/// A kind's hue as `#rrggbb`.
fn hex(kind: Kind) -> String {
    rgb(kind.hue())
}

/// A colour as `#rrggbb`.
fn rgb([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn times(n: usize) -> String {
    if n == 1 {
        "once".to_owned()
    } else {
        format!("{n} times")
    }
}

fn documents_said(n: usize) -> String {
    if n == 1 {
        "1 document".to_owned()
    } else {
        format!("{n} documents")
    }
}

//! The Analysis views' counting, on a thread of its own: the window hands over what a chart
//! needs (the entity index, the documents, the project's codes, the search's hits) and picks
//! the chart up when it is ready, drawing the last one meanwhile.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use jiff::civil::Date;
use rayon::prelude::*;

use super::{Settings, TimelineOf, ViewKind};
use crate::agreement::report::UnitKind;
use crate::analysis::EntityMention;
use crate::analysis::charts::codes::{CodeGrid, Meet, document_paragraphs};
use crate::analysis::charts::entities::EntityBars;
use crate::analysis::charts::network::Network;
use crate::analysis::charts::timeline::TimelineChart;
use crate::analysis::charts::{Filter, Source, Windows, document_windows, top_entities};
use crate::annotations::{Annotations, Codebook, DocumentAttributes};
use crate::corpus::DocumentInfo;
use crate::entities::EntityIndex;
use crate::project::attributes::{document_dates, documents_where};
use crate::ui::search_panel::SearchHits;

/// Lines a timeline of entities draws when none is chosen: the most mentioned.
const TIMELINE_LINES: usize = 6;

/// A chart.
#[derive(Clone, Debug)]
pub enum Chart {
    /// The most mentioned entities.
    Bars(EntityBars),
    /// Entities named together.
    Network(Network),
    /// Counts over time.
    Timeline(TimelineChart),
    /// A code grid (code × document, or code × code).
    Grid(CodeGrid),
}

/// A chart and what its marks lead to.
#[derive(Debug)]
pub struct Computed {
    /// What it was computed for.
    pub settings: Settings,
    /// The chart.
    pub chart: Chart,
    /// The mentions counted.
    pub mentions: Arc<Vec<EntityMention>>,
    /// Their windows (the network's).
    pub windows: Option<Arc<Windows>>,
    /// Each document's date.
    pub dates: Arc<Vec<Option<Date>>>,
    /// A timeline's lines: the entities, or the codes, in line order.
    pub lines: Lines,
}

/// What a timeline's lines are.
#[derive(Clone, Debug, Default)]
pub enum Lines {
    /// Not a timeline.
    #[default]
    None,
    /// Entities (register indices).
    Entities(Vec<usize>),
    /// Codes.
    Codes(Vec<crate::annotations::CodeId>),
    /// The hits of a search.
    Search(SearchHits),
}

/// What a chart is computed from.
pub struct Inputs {
    /// What to compute.
    pub settings: Settings,
    /// The mentions of the corpus.
    pub index: Arc<EntityIndex>,
    /// The corpus's documents.
    pub docs: Arc<Vec<DocumentInfo>>,
    /// The project's passages and codes (the code views and code timelines).
    pub codes: Option<Arc<(Annotations, Codebook)>>,
    /// The search's hits (a search timeline, or the "documents with hits" filter).
    pub search: Option<SearchHits>,
    /// The documents' imported attributes (dates, filters, groups).
    pub attributes: Arc<DocumentAttributes>,
    /// What is already known for this index.
    pub cache: Arc<Mutex<Cache>>,
}

/// Mentions and windows kept between charts of one entity index.
#[derive(Default)]
pub struct Cache {
    /// The index they are of (held, so that no later index can have its address, the key of
    /// the charts drawn from it).
    index: Option<Arc<EntityIndex>>,
    mentions: Option<Arc<Vec<EntityMention>>>,
    windows: Vec<(UnitKind, Arc<Windows>)>,
}

impl Cache {
    /// Whether what is kept is `index`'s.
    fn is_of(&self, index: &Arc<EntityIndex>) -> bool {
        self.index
            .as_ref()
            .is_some_and(|known| Arc::ptr_eq(known, index))
    }
}

/// A chart being computed.
pub struct Job {
    /// What it is for.
    pub settings: Settings,
    rx: mpsc::Receiver<Computed>,
}

impl Job {
    /// Starts computing, waking the window when done.
    pub fn start(ctx: &egui::Context, inputs: Inputs) -> Self {
        let (tx, rx) = mpsc::channel();
        let settings = inputs.settings.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let computed = compute(inputs);
            // Gone when a newer chart was asked for meanwhile.
            let _ = tx.send(computed);
            ctx.request_repaint();
        });
        Self { settings, rx }
    }

    /// The chart, once computed.
    pub fn poll(&self) -> Option<Computed> {
        self.rx.try_recv().ok()
    }
}

/// Computes a chart.
pub fn compute(inputs: Inputs) -> Computed {
    let Inputs {
        settings,
        index,
        docs,
        codes,
        search,
        attributes,
        cache,
    } = inputs;
    let mentions = known(&cache, &index);
    let dates = Arc::new(document_dates(&docs, &attributes));
    let windows = (settings.view == ViewKind::Network)
        .then(|| windows_of(&cache, &index, &docs, settings.scope));
    let with_hits = settings
        .only_hits
        .then(|| search.as_ref().map(|s| hit_documents(s, docs.len())))
        .flatten();
    let only = settings
        .only_where
        .as_ref()
        .map(|(c, v)| (c.as_str(), v.as_str()));
    let filter = Filter {
        top: settings.top,
        kinds: settings.kinds.clone(),
        docs: both(with_hits, documents_where(&docs, &attributes, only)),
    };
    // The passages of the documents kept (the code views, the timeline of codes).
    let codes = codes.map(|codes| match only {
        None => codes,
        Some((column, value)) => {
            let kept = codes
                .0
                .iter()
                .filter(|a| attributes.get(&a.doc, column) == Some(value))
                .cloned()
                .collect();
            Arc::new((
                Annotations::from_vec(kept).unwrap_or_default(),
                codes.1.clone(),
            ))
        }
    });
    let source = Source {
        register: &index.register,
        docs: &docs,
        mentions: &mentions,
    };
    let mut lines = Lines::None;
    let chart = match settings.view {
        ViewKind::Entities => Chart::Bars(EntityBars::build(&source, &filter)),
        ViewKind::Network => Chart::Network(Network::build(
            &source,
            &filter,
            windows.as_deref().unwrap_or(&Windows::default()),
        )),
        ViewKind::Timeline => {
            let (chart, of) = timeline(&settings, &source, &filter, &dates, codes, search);
            lines = of;
            Chart::Timeline(chart)
        }
        ViewKind::Matrix | ViewKind::Codes => {
            let empty = (Annotations::default(), Codebook::default());
            let (annotations, book) = codes.as_deref().unwrap_or(&empty);
            if settings.view == ViewKind::Matrix {
                let order: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
                let grid = CodeGrid::matrix(annotations, book, &order);
                Chart::Grid(match &settings.group_by {
                    Some(column) => {
                        let value_of = |doc: &str| attributes.get(doc, column).map(str::to_owned);
                        grid.grouped(column, &value_of)
                    }
                    None => grid,
                })
            } else if settings.meet == Meet::Paragraph {
                let by_id: std::collections::HashMap<&str, &DocumentInfo> =
                    docs.iter().map(|d| (d.id.as_str(), d)).collect();
                let paragraphs = |id: &str| {
                    by_id
                        .get(id)
                        .map_or_else(Vec::new, |doc| document_paragraphs(doc))
                };
                Chart::Grid(CodeGrid::relations_by_paragraph(
                    annotations,
                    book,
                    &paragraphs,
                ))
            } else {
                Chart::Grid(CodeGrid::relations(annotations, book))
            }
        }
    };
    Computed {
        settings,
        chart,
        mentions,
        windows,
        dates,
        lines,
    }
}

/// The timeline asked for, and what its lines are.
fn timeline(
    settings: &Settings,
    source: &Source<'_>,
    filter: &Filter,
    dates: &[Option<Date>],
    codes: Option<Arc<(Annotations, Codebook)>>,
    search: Option<SearchHits>,
) -> (TimelineChart, Lines) {
    match settings.timeline_of {
        TimelineOf::Entities => {
            let chosen: Vec<usize> = if settings.entities.is_empty() {
                top_entities(source, filter)
                    .into_iter()
                    .take(TIMELINE_LINES)
                    .map(|row| row.entity)
                    .collect()
            } else {
                settings.entities.clone()
            };
            let chart = TimelineChart::of_entities(source, filter, &chosen, dates, settings.period);
            (chart, Lines::Entities(chosen))
        }
        TimelineOf::Codes => {
            let empty = (Annotations::default(), Codebook::default());
            let (annotations, book) = codes.as_deref().unwrap_or(&empty);
            let chosen: Vec<_> = book.codes.iter().map(|c| c.id).collect();
            let by_id: std::collections::HashMap<&str, Option<Date>> = source
                .docs
                .iter()
                .zip(dates)
                .map(|(d, date)| (d.id.as_str(), *date))
                .collect();
            let date_of = |id: &str| by_id.get(id).copied().flatten();
            let chart =
                TimelineChart::of_codes(annotations, book, &chosen, &date_of, settings.period);
            (chart, Lines::Codes(chosen))
        }
        TimelineOf::Search => {
            let hits = search.unwrap_or(SearchHits {
                id: 0,
                query: String::new(),
                hits: Arc::new(Vec::new()),
            });
            let mut chart = TimelineChart::of_hits(&hits.hits, dates, settings.period);
            if let Some(line) = chart.lines.first_mut() {
                line.label.clone_from(&hits.query);
            }
            (chart, Lines::Search(hits))
        }
    }
}

/// The documents both filters keep.
fn both(a: Option<Vec<bool>>, b: Option<Vec<bool>>) -> Option<Vec<bool>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.iter().zip(&b).map(|(x, y)| *x && *y).collect()),
        (a, b) => a.or(b),
    }
}

/// Which documents have hits.
fn hit_documents(search: &SearchHits, docs: usize) -> Vec<bool> {
    let mut with = vec![false; docs];
    for (d, hits) in search.hits.iter() {
        if let Some(slot) = with.get_mut(*d) {
            *slot = !hits.is_empty();
        }
    }
    with
}

/// The mentions of the index, found once per index.
fn known(cache: &Mutex<Cache>, index: &Arc<EntityIndex>) -> Arc<Vec<EntityMention>> {
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if !cache.is_of(index) {
        *cache = Cache {
            index: Some(index.clone()),
            ..Cache::default()
        };
    }
    cache
        .mentions
        .get_or_insert_with(|| Arc::new(mentions_of(index)))
        .clone()
}

/// Every mention of the index, in corpus order.
pub fn mentions_of(index: &EntityIndex) -> Vec<EntityMention> {
    index
        .by_doc
        .iter()
        .enumerate()
        .flat_map(|(doc, found)| {
            found.iter().map(move |f| EntityMention {
                doc,
                entity: f.mention.entity,
                at: f.mention.range.start,
                end: f.mention.range.end,
            })
        })
        .collect()
}

/// The windows of `scope` (each document read again for sentences and paragraphs), once per
/// index and scope.
fn windows_of(
    cache: &Mutex<Cache>,
    index: &Arc<EntityIndex>,
    docs: &[DocumentInfo],
    scope: UnitKind,
) -> Arc<Windows> {
    {
        let cache = cache.lock().unwrap_or_else(|e| e.into_inner());
        let ours = cache.is_of(index);
        if let Some((_, known)) = cache.windows.iter().find(|(s, _)| ours && *s == scope) {
            return known.clone();
        }
    }
    let per_doc: Vec<(Vec<std::ops::Range<usize>>, Vec<usize>)> = index
        .by_doc
        .par_iter()
        .enumerate()
        .map(|(d, found)| {
            let starts: Vec<usize> = found.iter().map(|f| f.mention.range.start).collect();
            if scope == UnitKind::Document {
                // The whole document, without reading it.
                return (std::iter::once(0..0).collect(), vec![0; starts.len()]);
            }
            let text = docs
                .get(d)
                .and_then(|doc| doc.read().ok())
                .map(|t| t.text)
                .unwrap_or_default();
            document_windows(scope, &text, &starts)
        })
        .collect();
    let mut windows = Windows::new(scope);
    for (d, (ranges, at)) in per_doc.into_iter().enumerate() {
        windows.push(d, ranges, &at);
    }
    let windows = Arc::new(windows);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    // Kept only while the cache is still this index's (a newer index may have come meanwhile).
    if cache.is_of(index) {
        cache.windows.push((scope, windows.clone()));
    }
    windows
}

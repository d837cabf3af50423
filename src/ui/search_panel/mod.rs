//! Searching the corpus (Ctrl+Shift+F): a panel along the bottom of the window with the query (the
//! language of [`crate::search::query`], or a regular expression over the folded text), a
//! progress bar with Cancel, the hits counted, the concordance (`concordance.rs`) and coding
//! from its rows (`coding.rs`), or the collocates of the query (`collocates.rs`).
//!
//! Nothing here holds up a frame (`jobs.rs`): the corpus is indexed in the background when a
//! project opens (a search asked for before that waits for it), a search runs on a thread of
//! its own and its hits stream back document by document (the first rows show while the rest
//! are found), and the concordance of a finished search is made and sorted in the background.
//!
//! The hits per document feed the document list ([`HitFilter`]).

mod coding;
mod collocates;
mod concordance;
mod jobs;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use egui::{ProgressBar, RichText, TextEdit, Ui};

use super::commands::Command;
use super::reader::{Highlight, HighlightStyle};
use crate::corpus::Corpus;
use crate::entities::Register;
use crate::project::Workspace;
use crate::search::kwic::Line;
use crate::search::{DocHits, SearchIndex};
use jobs::{Found, IndexJob, KnownRegister, Request, SearchJob};

pub use coding::{CHOOSE_CODE, what_is_tagged};

/// The time a frame gives to taking in the hits of a running search.
const STREAM_BUDGET: Duration = Duration::from_millis(4);

/// The label of the query field.
pub const QUERY_LABEL: &str = "Search the corpus";
/// The label of the button that runs a search.
pub const SEARCH_BUTTON: &str = "Search";
/// The label of the checkbox that filters the document list.
pub const ONLY_HITS_LABEL: &str = "Only documents with hits";

/// A file format the concordance is exported in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConcordanceFormat {
    /// CSV, UTF-8 with a byte-order mark.
    Csv,
    /// One JSON object a line.
    Jsonl,
}

impl ConcordanceFormat {
    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Jsonl => "jsonl",
        }
    }

    /// Writes lines in this format.
    pub fn write(self, out: &mut dyn std::io::Write, lines: &[Line]) -> std::io::Result<()> {
        match self {
            Self::Csv => crate::search::kwic::write_csv(out, lines),
            Self::Jsonl => crate::search::kwic::write_jsonl(out, lines),
        }
    }
}

/// A finished search's hits, for the Analysis views.
#[derive(Clone, Debug)]
pub struct SearchHits {
    /// The search's number.
    pub id: u64,
    /// Its query.
    pub query: String,
    /// Each document's hits: (corpus place, code points of each hit).
    pub hits: Arc<Vec<(usize, Vec<std::ops::Range<usize>>)>>,
}

/// The index, once built, with each indexed document's place in the corpus's list.
struct Ready {
    index: Arc<SearchIndex>,
    corpus_of: Vec<Option<usize>>,
}

/// The hits of the search shown.
pub(super) struct Results {
    /// Counts the searches; a key for what is derived from the hits.
    id: u64,
    /// Every document's hits: in the order found while the search runs, in index order after.
    hits: Arc<Vec<DocHits>>,
    total: usize,
    /// Hits per document, by the document's place in the corpus.
    counts: BTreeMap<usize, usize>,
    done: bool,
    cancelled: bool,
    started: Instant,
    /// How long the first hits and all of them took.
    first: Option<Duration>,
    took: Option<Duration>,
    /// The documents searched (by place in the index), when the search is kept to those with
    /// an attribute's value; `None`: every document.
    keep: Option<Vec<bool>>,
    /// That attribute and value.
    scope: Option<(String, String)>,
}

/// The search panel's state.
#[derive(Default)]
pub struct SearchPanel {
    open: bool,
    focus_query: bool,
    query: String,
    regex: bool,
    index_job: Option<IndexJob>,
    ready: Option<Ready>,
    unreadable: usize,
    register: Option<KnownRegister>,
    /// A search asked for before the index was ready.
    pending: bool,
    job: Option<SearchJob>,
    results: Option<Results>,
    searches: u64,
    /// Only the documents whose attribute has this value are searched (the document list's
    /// filter).
    scope: Option<(String, String)>,
    error: Option<String>,
    only_hits: bool,
    /// The documents with hits, in corpus order, for a search and a count of its hits.
    hit_docs: Option<((u64, usize), Vec<usize>)>,
    view: View,
    concordance: concordance::Concordance,
    coding: coding::HitCoding,
    collocates: collocates::Collocates,
}

/// What the panel shows of the hits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum View {
    /// One row a hit.
    #[default]
    Concordance,
    /// The words around the hits.
    Collocates,
}

/// What the document list shows of a search: hits per document and, when asked, only the
/// documents with hits.
pub struct HitFilter<'a> {
    /// Hits per document, by its place in the corpus.
    pub counts: &'a BTreeMap<usize, usize>,
    /// Only these documents (corpus places, in order), when the list is filtered.
    pub only: Option<&'a [usize]>,
}

impl SearchPanel {
    /// Starts indexing a newly opened project's corpus; what was searched before is gone.
    pub fn start(&mut self, ctx: &egui::Context, ws: &Workspace) {
        let query = std::mem::take(&mut self.query);
        let (open, regex) = (self.open, self.regex);
        *self = Self {
            open,
            regex,
            query,
            ..Self::default()
        };
        let corpus = Corpus::new(
            ws.corpus().root.clone(),
            ws.corpus().documents.clone(),
            Vec::new(),
            0,
        );
        self.index_job = Some(IndexJob::start(
            ctx,
            corpus,
            ws.project().register.clone(),
            crate::search::cache::cache_path(ws.path()),
        ));
    }

    /// Shows the panel with the keyboard in its query field, the query replaced by `text`
    /// when given (the reading view's selection).
    pub fn open(&mut self, text: Option<String>) {
        self.open = true;
        self.focus_query = true;
        if let Some(text) = text.filter(|t| !t.trim().is_empty() && !t.contains('\n')) {
            self.query = text;
        }
    }

    /// Whether the concordance has the keyboard (its arrows, Enter and Escape are its own;
    /// Ctrl+Z still undoes).
    pub fn has_keys(&self, ctx: &egui::Context) -> bool {
        self.open && ctx.memory(|m| m.has_focus(concordance::Concordance::keys_id()))
    }

    /// Whether the panel is shown.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// The corpus is being indexed, or a search or its concordance is running.
    pub fn is_working(&self) -> bool {
        self.index_job.is_some()
            || self.job.is_some()
            || self.concordance.is_working()
            || self.collocates.is_working()
    }

    /// The finished search's hits for the Analysis views: its number (a key for what is
    /// drawn from it), its query, and each document's hits (by corpus place) in text order.
    pub fn finished_hits(&self) -> Option<SearchHits> {
        let results = self.results.as_ref().filter(|r| r.done)?;
        let ready = self.ready.as_ref()?;
        let hits = results
            .hits
            .iter()
            .filter_map(|h| {
                Some((
                    ready.corpus_of.get(h.doc).copied().flatten()?,
                    h.hits.clone(),
                ))
            })
            .collect();
        Some(SearchHits {
            id: results.id,
            query: self.query.clone(),
            hits: Arc::new(hits),
        })
    }

    /// The number of hits of the search shown, and of documents with hits.
    pub fn hit_count(&self) -> Option<(usize, usize)> {
        self.results.as_ref().map(|r| (r.total, r.counts.len()))
    }

    /// How long the search shown took to find every hit, once it is done.
    pub fn took(&self) -> Option<Duration> {
        self.results.as_ref().and_then(|r| r.took)
    }

    /// Why the last query could not be run.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The concordance lines, in the order shown (all of them once the search is done).
    pub fn lines(&self) -> &[Line] {
        self.concordance.lines()
    }

    /// The concordance lines are those of the finished search in the order chosen.
    pub fn lines_complete(&self) -> bool {
        self.concordance.is_complete(self.results.as_ref())
    }

    /// The register with the project's edits, once made (for `entity:` in Find).
    pub fn register(&self) -> Option<Arc<Register>> {
        self.register.as_ref().map(|(_, r)| r.clone())
    }

    /// Picks up what the background work has done.
    pub fn poll(&mut self, ctx: &egui::Context, ws: Option<&Workspace>) {
        self.poll_index(ctx, ws);
        self.poll_search(ctx);
        if let (Some(ready), Some(results)) = (&self.ready, &self.results) {
            self.concordance.poll(ctx, &ready.index, results);
        }
    }

    fn poll_index(&mut self, ctx: &egui::Context, ws: Option<&Workspace>) {
        let Some(job) = &self.index_job else {
            return;
        };
        match job.rx.try_recv() {
            Ok(indexed) => {
                self.index_job = None;
                self.register = Some(indexed.register);
                self.unreadable = indexed.unreadable;
                let (Some(index), Some(ws)) = (indexed.index, ws) else {
                    return;
                };
                self.ready = Some(Ready {
                    index: Arc::new(index),
                    corpus_of: indexed.corpus_of,
                });
                if std::mem::take(&mut self.pending) {
                    self.search(ctx, ws);
                }
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => self.index_job = None,
            Err(std::sync::mpsc::TryRecvError::Empty) => ctx.request_repaint_after_secs(0.05),
        }
    }

    fn poll_search(&mut self, ctx: &egui::Context) {
        let Self {
            job: Some(job),
            results: Some(results),
            ready: Some(ready),
            ..
        } = self
        else {
            return;
        };
        let mut end = None;
        let polling = Instant::now();
        loop {
            if polling.elapsed() > STREAM_BUDGET {
                // More hits than a frame has time for: the rest in the next frame.
                ctx.request_repaint();
                break;
            }
            match job.rx.try_recv() {
                Ok(Found::Register(register)) => self.register = Some(register),
                Ok(Found::Hits(doc_hits)) => {
                    let kept = |d: usize| {
                        results
                            .keep
                            .as_ref()
                            .is_none_or(|k| k.get(d) == Some(&true))
                    };
                    if !kept(doc_hits.doc) {
                        continue;
                    }
                    results
                        .first
                        .get_or_insert_with(|| results.started.elapsed());
                    results.total += doc_hits.hits.len();
                    if let Some(Some(d)) = ready.corpus_of.get(doc_hits.doc) {
                        results.counts.insert(*d, doc_hits.hits.len());
                    }
                    self.concordance.stream(&ready.index, &doc_hits);
                    Arc::make_mut(&mut results.hits).push(doc_hits);
                }
                Ok(Found::Done {
                    mut hits,
                    cancelled,
                }) => {
                    if let Some(keep) = &results.keep {
                        hits.retain(|h| keep.get(h.doc) == Some(&true));
                    }
                    results.hits = Arc::new(hits);
                    results.done = true;
                    results.cancelled = cancelled;
                    results.took = Some(results.started.elapsed());
                    end = Some(None);
                    break;
                }
                Ok(Found::Failed(message)) => {
                    end = Some(Some(message));
                    break;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    ctx.request_repaint_after_secs(0.03);
                    break;
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    end = Some(None);
                    break;
                }
            }
        }
        match end {
            None => {}
            Some(None) => self.job = None,
            Some(Some(message)) => {
                self.job = None;
                self.error = Some(message);
                self.results = None;
                self.concordance.clear();
            }
        }
    }

    /// Runs the query in the field (once the index is ready).
    fn search(&mut self, ctx: &egui::Context, ws: &Workspace) {
        self.job = None;
        self.error = None;
        self.results = None;
        self.hit_docs = None;
        self.concordance.clear();
        if self.query.trim().is_empty() {
            return;
        }
        let Some(index) = self.ready.as_ref().map(|r| r.index.clone()) else {
            if self.index_job.is_none() {
                self.start(ctx, ws);
            }
            self.pending = true;
            return;
        };
        self.searches += 1;
        self.results = Some(Results {
            id: self.searches,
            hits: Arc::default(),
            total: 0,
            counts: BTreeMap::new(),
            done: false,
            cancelled: false,
            started: Instant::now(),
            first: None,
            took: None,
            keep: self.scope.as_ref().map(|(column, value)| {
                let Some(ready) = &self.ready else {
                    return Vec::new();
                };
                let attributes = &ws.project().attributes;
                ready
                    .corpus_of
                    .iter()
                    .map(|c| {
                        c.and_then(|c| ws.corpus().documents.get(c))
                            .is_some_and(|d| attributes.get(&d.id, column) == Some(value.as_str()))
                    })
                    .collect()
            }),
            scope: self.scope.clone(),
        });
        let request = Request {
            query: self.query.clone(),
            regex: self.regex,
            register: self.register.clone(),
            edits: ws.project().register.clone(),
            codebook: ws.project().codebook.clone(),
            annotations: ws.project().annotations.clone(),
        };
        self.job = Some(SearchJob::start(ctx, index, request));
    }

    /// Keeps the searches to the documents whose attribute has a value (the document list's
    /// filter; `None`: every document); the search shown runs again when it changes.
    pub fn set_scope(
        &mut self,
        ctx: &egui::Context,
        ws: &Workspace,
        scope: Option<&(String, String)>,
    ) {
        if self.scope.as_ref() == scope {
            return;
        }
        self.scope = scope.cloned();
        if self.results.is_some() {
            self.search(ctx, ws);
        }
    }

    /// What the document list shows of the search (none when nothing was searched).
    pub fn hit_filter(&mut self) -> Option<HitFilter<'_>> {
        let results = self.results.as_ref()?;
        let key = (results.id, results.counts.len());
        if self.only_hits && self.hit_docs.as_ref().is_none_or(|(k, _)| *k != key) {
            self.hit_docs = Some((key, results.counts.keys().copied().collect()));
        }
        Some(HitFilter {
            counts: &results.counts,
            only: self
                .only_hits
                .then(|| self.hit_docs.as_ref().map(|(_, d)| d.as_slice()))
                .flatten(),
        })
    }

    /// The hits of the search in a document (by its id), drawn in the reading view in the
    /// colours of the theme of `visuals`.
    pub fn highlights(&self, doc_id: &str, visuals: &egui::Visuals) -> Vec<Highlight> {
        let (Some(ready), Some(results)) = (&self.ready, &self.results) else {
            return Vec::new();
        };
        let Some(place) = ready.index.position(doc_id) else {
            return Vec::new();
        };
        results
            .hits
            .iter()
            .find(|d| d.doc == place)
            .map(|d| {
                d.hits
                    .iter()
                    .map(|range| Highlight {
                        range: range.clone(),
                        color: crate::ui::theme::hit_fill(visuals),
                        style: HighlightStyle::Background,
                        tooltip: format!("search hit: {}", self.query),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Draws the panel along the bottom of the window; returns what its widgets asked for.
    pub fn panel_ui(&mut self, ui: &mut Ui, ws: &Workspace) -> Vec<Command> {
        let mut commands = Vec::new();
        if !self.open {
            return commands;
        }
        egui::Panel::bottom("search")
            .resizable(true)
            .default_size(300.0)
            .min_size(140.0)
            .show(ui, |ui| {
                ui.add_space(4.0);
                if self.query_row_ui(ui) {
                    self.search(ui.ctx(), ws);
                }
                self.progress_ui(ui);
                self.counts_ui(ui);
                ui.separator();
                let (Some(ready), Some(results)) = (&self.ready, &self.results) else {
                    return;
                };
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut self.view, View::Concordance, "Concordance");
                    ui.selectable_value(&mut self.view, View::Collocates, "Collocates");
                });
                if self.view == View::Collocates {
                    self.collocates.collocates_ui(ui, &ready.index, results);
                    return;
                }
                let tag = self.coding.coding_ui(
                    ui,
                    ws,
                    &ready.index,
                    self.concordance.chosen(),
                    self.concordance.selected_count(),
                );
                commands.extend(tag);
                ui.separator();
                let chosen = self.concordance.concordance_ui(ui, ws, results);
                commands.extend(chosen.and_then(|line| {
                    let doc = ready.corpus_of.get(line.doc).copied().flatten()?;
                    Some(Command::OpenMention {
                        doc,
                        range: line.range,
                    })
                }));
            });
        commands
    }

    /// The query field, regex, Search, Close; whether a search was asked for.
    fn query_row_ui(&mut self, ui: &mut Ui) -> bool {
        let mut run = false;
        ui.horizontal(|ui| {
            ui.strong("Search the corpus:");
            let field = ui.add(
                TextEdit::singleline(&mut self.query)
                    .hint_text("word, \"a phrase\", word*, a|b, a NEAR/5 b, entity:…, code:…")
                    .desired_width((ui.available_width() - 260.0).max(120.0)),
            );
            field.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::TextInput, true, QUERY_LABEL)
            });
            if std::mem::take(&mut self.focus_query) {
                field.request_focus();
            }
            if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                // The keys stay in the field to refine the query; Down goes to the hits.
                run = true;
                field.request_focus();
            }
            if field.has_focus() && ui.input(|i| i.key_pressed(egui::Key::ArrowDown)) {
                self.concordance.take_keys(ui);
            }
            if self.concordance.take_leave() {
                field.request_focus();
            }
            ui.checkbox(&mut self.regex, "regex")
                .on_hover_text("a regular expression over the folded text");
            if ui.button(SEARCH_BUTTON).clicked() {
                run = true;
            }
            if ui.button("Close").clicked() {
                self.open = false;
            }
        });
        run
    }

    fn progress_ui(&mut self, ui: &mut Ui) {
        if let Some(job) = &self.index_job {
            let done = job.progress.done.load(Ordering::Relaxed);
            let fraction = done as f32 / job.total.max(1) as f32;
            ui.add(ProgressBar::new(fraction).text(format!(
                "indexing the corpus: {done} / {} documents",
                job.total
            )));
        }
        let mut cancel = false;
        if let Some(job) = &self.job {
            ui.horizontal(|ui| {
                let done = job.progress.done.load(Ordering::Relaxed);
                let fraction = done as f32 / job.total.max(1) as f32;
                ui.add(
                    ProgressBar::new(fraction)
                        .desired_width((ui.available_width() - 80.0).max(80.0))
                        .text(format!("searching: {done} / {} documents", job.total)),
                );
                cancel = ui.button("Cancel").clicked();
            });
        }
        if cancel && let Some(job) = &self.job {
            job.progress.cancel.store(true, Ordering::Relaxed);
        }
    }

    fn counts_ui(&mut self, ui: &mut Ui) {
        ui.horizontal_wrapped(|ui| {
            if let Some(error) = &self.error {
                ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
                return;
            }
            if self.pending {
                ui.label("the search starts once the corpus is indexed");
            }
            let Some(results) = &self.results else {
                return;
            };
            let mut text = format!(
                "{} hits in {} documents",
                results.total,
                results.counts.len()
            );
            if let Some((column, value)) = &results.scope {
                text.push_str(&format!(
                    " (of those where {} is {})",
                    crate::text::isolated(column),
                    crate::text::isolated(value)
                ));
            }
            if results.cancelled {
                text.push_str(" (cancelled: the hits found until then)");
            }
            if let Some(took) = results.took {
                let first = results.first.map_or(String::new(), |f| {
                    format!(", first hits after {:.0} ms", f.as_secs_f64() * 1000.0)
                });
                text.push_str(&format!(" · {:.0} ms{first}", took.as_secs_f64() * 1000.0));
            }
            ui.label(text);
            if self.unreadable > 0 {
                ui.label(
                    RichText::new(format!("{} documents could not be read", self.unreadable))
                        .color(ui.visuals().warn_fg_color),
                );
            }
            ui.checkbox(&mut self.only_hits, ONLY_HITS_LABEL)
                .on_hover_text("the document list shows only the documents with hits");
        });
    }
}

//! The Analysis tab, beside the reading view: the corpus seen rather than read. Five views
//! ([`ViewKind`]): the most mentioned entities (`bars.rs`), who is named with whom
//! (`network.rs`), counts over time of entities, codes or a search's hits (`timeline.rs`), and
//! a project's codes per document or per code (`grid.rs`). Every mark is clickable: a bar or
//! node opens the entity's mentions in the entity sidebar, an edge, a point of a line or a
//! cell lists the passages behind it (`marks.rs`), a click on one opens the document there.
//!
//! The counts are the sidebar's (the entity index: register and tagger) and are computed on
//! a thread of their own (`job.rs`) with the core's charts ([`crate::analysis::charts`]); the
//! last chart stays on screen with a spinner until the next one is ready. Each view exports
//! what is on screen as SVG, PNG, or its data as CSV, the same files `qari chart` writes.

mod bars;
mod grid;
mod job;
mod marks;
mod network;
mod timeline;

use std::path::Path;
use std::sync::{Arc, Mutex};

use egui::Ui;

use super::coders::{choice_row, text_picker};
use super::commands::Command;
use super::search_panel::SearchHits;
use super::text;
use crate::agreement::report::UnitKind;
pub use crate::analysis::charts::codes::Meet;
pub use crate::analysis::charts::timeline::TimelineOf;
use crate::analysis::png::svg_to_png;
use crate::analysis::timeline::Period;
use crate::annotations::{Annotations, Codebook, ColumnValues, DocumentAttributes};
use crate::corpus::DocumentInfo;
use crate::entities::{EntityIndex, Kind};
use crate::project::Workspace;
pub use job::Chart;
use job::{Computed, Inputs, Job};

/// What the central area shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    /// The document, in the reading view.
    #[default]
    Reading,
    /// The Analysis views.
    Analysis,
}

impl Tab {
    /// The tab's name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Reading => "Reading",
            Self::Analysis => "Analysis",
        }
    }
}

/// An Analysis view.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ViewKind {
    /// The most mentioned entities.
    #[default]
    Entities,
    /// Entities named together.
    Network,
    /// Counts over time.
    Timeline,
    /// Passages per code and document.
    Matrix,
    /// How often two codes meet.
    Codes,
}

impl ViewKind {
    /// Every view, in the order of the view bar.
    pub const ALL: [Self; 5] = [
        Self::Entities,
        Self::Network,
        Self::Timeline,
        Self::Matrix,
        Self::Codes,
    ];

    /// The view's name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Entities => "Entity frequency",
            Self::Network => "Co-occurrence network",
            Self::Timeline => "Timeline",
            Self::Matrix => "Code × document",
            Self::Codes => "Code × code",
        }
    }

    fn needs_codes(self) -> bool {
        matches!(self, Self::Matrix | Self::Codes)
    }
}

/// A file a chart is exported as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartFormat {
    /// The drawing, as SVG.
    Svg,
    /// The drawing, as a PNG image.
    Png,
    /// The data behind it, as CSV.
    Csv,
}

impl ChartFormat {
    /// Every format.
    pub const ALL: [Self; 3] = [Self::Svg, Self::Png, Self::Csv];

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Png => "png",
            Self::Csv => "csv",
        }
    }
}

/// What a chart is computed for (a change of any of it computes it again).
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// The view.
    pub view: ViewKind,
    /// The most mentioned this many entities.
    pub top: usize,
    /// Only these kinds (all when empty).
    pub kinds: Vec<Kind>,
    /// Only documents with hits of the corpus search.
    pub only_hits: bool,
    /// What "named together" means.
    pub scope: UnitKind,
    /// The timeline's period.
    pub period: Period,
    /// What the timeline counts.
    pub timeline_of: TimelineOf,
    /// The timeline's entities (the most mentioned when empty).
    pub entities: Vec<usize>,
    /// Only the documents whose attribute (column) has this value.
    pub only_where: Option<(String, String)>,
    /// The code matrix's columns: a value each of this attribute (a document each when
    /// `None`).
    pub group_by: Option<String>,
    /// Where two codes meet (code × code).
    pub meet: Meet,
    /// The entity index counted (its address).
    index: usize,
    /// The project's revision (the code views).
    revision: u64,
    /// The search counted.
    search: Option<u64>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            view: ViewKind::default(),
            top: 20,
            kinds: Vec::new(),
            only_hits: false,
            scope: UnitKind::Paragraph,
            period: Period::Month,
            timeline_of: TimelineOf::default(),
            entities: Vec::new(),
            only_where: None,
            group_by: None,
            meet: Meet::Overlap,
            index: 0,
            revision: 0,
            search: None,
        }
    }
}

/// A corpus: its address and its number of documents.
type CorpusKey = (usize, usize);

/// Each attribute column's values, in order.
type AttributeValues = Arc<ColumnValues>;

/// The Analysis tab's state.
pub struct AnalysisView {
    /// What the next chart is to show.
    settings: Settings,
    /// The fewest windows naming a pair for its edge to be drawn.
    min_weight: usize,
    job: Option<Job>,
    shown: Option<Arc<Computed>>,
    cache: Arc<Mutex<job::Cache>>,
    /// The corpus's documents, for a corpus (its address and length).
    docs: Option<(CorpusKey, Arc<Vec<DocumentInfo>>)>,
    /// The project's passages and codes, at a revision.
    codes: Option<(u64, Arc<(Annotations, Codebook)>)>,
    /// The documents' attributes, at a revision, with each column's values.
    attributes: Option<(u64, Arc<DocumentAttributes>, AttributeValues)>,
    network: network::NetworkState,
    /// The passages behind the mark clicked last.
    marks: Option<marks::Marks>,
    texts: marks::Texts,
}

impl Default for AnalysisView {
    fn default() -> Self {
        Self {
            settings: Settings::default(),
            min_weight: 2,
            job: None,
            shown: None,
            cache: Arc::default(),
            docs: None,
            codes: None,
            attributes: None,
            network: network::NetworkState::default(),
            marks: None,
            texts: marks::Texts::default(),
        }
    }
}

impl AnalysisView {
    /// Forgets what was computed for the project closed.
    pub fn reset(&mut self) {
        *self = Self {
            settings: Settings {
                index: 0,
                revision: 0,
                search: None,
                entities: Vec::new(),
                only_where: None,
                group_by: None,
                ..self.settings.clone()
            },
            min_weight: self.min_weight,
            ..Self::default()
        };
    }

    /// The view shown.
    pub fn view(&self) -> ViewKind {
        self.settings.view
    }

    /// Shows a view.
    pub fn show_view(&mut self, view: ViewKind) {
        self.settings.view = view;
        self.marks = None;
    }

    /// A chart is being computed.
    pub fn is_working(&self) -> bool {
        self.job.is_some()
    }

    /// The chart on screen, once computed.
    pub fn chart(&self) -> Option<&Chart> {
        self.shown.as_ref().map(|c| &c.chart)
    }

    /// The passages listed (title and count), if a mark was clicked.
    pub fn marks(&self) -> Option<(&str, usize)> {
        self.marks
            .as_ref()
            .map(|m| (m.title.as_str(), m.rows.len()))
    }

    /// Draws the tab; `index` is the entity sidebar's, `search` the corpus search's finished
    /// hits.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        index: Option<&Arc<EntityIndex>>,
        search: Option<SearchHits>,
    ) -> Option<Command> {
        let mut chosen = None;
        self.poll();
        self.toolbar_ui(ui, ws, index.map(|i| &**i), &mut chosen);
        let counts_codes_or_hits = self.settings.view.needs_codes()
            || (self.settings.view == ViewKind::Timeline
                && self.settings.timeline_of != TimelineOf::Entities);
        let needs_index = !counts_codes_or_hits;
        let index = match index {
            Some(index) => index.clone(),
            None if needs_index => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Finding the entities of the corpus; the chart follows.");
                });
                return chosen;
            }
            None => Arc::new(EntityIndex::default()),
        };
        self.start_if_changed(ui.ctx(), ws, index, search);
        let Some(computed) = self.shown.clone() else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Counting…");
            });
            return chosen;
        };
        ui.horizontal(|ui| {
            if self.job.is_some() {
                ui.spinner();
            }
            // An attribute's name may be Arabic: qari's text engine draws the line.
            let size = ui.style().text_styles[&egui::TextStyle::Body].size;
            let colour = ui.visuals().weak_text_color();
            text::label(ui, &said(&computed.chart, self.min_weight), size, colour);
        });
        if let Some(marks) = &mut self.marks {
            let height = (ui.available_height() * 0.35).clamp(120.0, 320.0);
            egui::Panel::bottom("analysis_marks")
                .resizable(true)
                .default_size(height)
                .show(ui, |ui| {
                    chosen = chosen.take().or(marks.ui(ui, ws, &mut self.texts));
                });
            if marks.title.is_empty() {
                self.marks = None;
            }
        }
        let clicked = match &computed.chart {
            Chart::Bars(bars) => bars::bars_ui(ui, bars),
            Chart::Network(net) => self.network.ui(ui, net, self.min_weight),
            Chart::Timeline(line) => timeline::timeline_ui(ui, line),
            Chart::Grid(grid) => grid::grid_ui(ui, grid, ws),
        };
        match clicked {
            Some(Clicked::Entity(e)) => chosen = Some(Command::ShowEntity(e)),
            Some(clicked) => {
                let codes = self.codes.as_ref().map(|(_, c)| c.clone());
                self.marks = marks::Marks::of(&clicked, &computed, ws, codes.as_deref());
            }
            None => {}
        }
        chosen
    }

    fn poll(&mut self) {
        if let Some(computed) = self.job.as_ref().and_then(Job::poll) {
            let network_changed = match (&computed.chart, self.chart()) {
                (Chart::Network(new), Some(Chart::Network(old))) => new.nodes != old.nodes,
                _ => true,
            };
            if network_changed {
                self.network.forget();
            }
            self.shown = Some(Arc::new(computed));
            self.job = None;
        }
    }

    /// Starts computing the chart when what it is for changed.
    fn start_if_changed(
        &mut self,
        ctx: &egui::Context,
        ws: &Workspace,
        index: Arc<EntityIndex>,
        search: Option<SearchHits>,
    ) {
        let view = self.settings.view;
        let codes_wanted = view.needs_codes()
            || (view == ViewKind::Timeline && self.settings.timeline_of == TimelineOf::Codes);
        self.settings.index = Arc::as_ptr(&index) as usize;
        let attributes_wanted = view == ViewKind::Timeline
            || self.settings.only_where.is_some()
            || self.settings.group_by.is_some();
        self.settings.revision = if codes_wanted || attributes_wanted {
            ws.revision()
        } else {
            0
        };
        let search_wanted = self.settings.only_hits
            || (view == ViewKind::Timeline && self.settings.timeline_of == TimelineOf::Search);
        self.settings.search = search.as_ref().filter(|_| search_wanted).map(|s| s.id);
        let current = self.shown.as_ref().map(|c| &c.settings);
        let running = self.job.as_ref().map(|j| &j.settings);
        if current == Some(&self.settings) || running == Some(&self.settings) {
            return;
        }
        let corpus = ws.corpus();
        let key = (std::ptr::from_ref(corpus) as usize, corpus.documents.len());
        let docs = match &self.docs {
            Some((k, docs)) if *k == key => docs.clone(),
            _ => {
                let docs = Arc::new(corpus.documents.clone());
                self.docs = Some((key, docs.clone()));
                docs
            }
        };
        let codes = codes_wanted.then(|| match &self.codes {
            Some((revision, codes)) if *revision == ws.revision() => codes.clone(),
            _ => {
                let project = ws.project();
                let codes = Arc::new((project.annotations.clone(), project.codebook.clone()));
                self.codes = Some((ws.revision(), codes.clone()));
                codes
            }
        });
        let attributes = self.attributes(ws).0;
        self.job = Some(Job::start(
            ctx,
            Inputs {
                settings: self.settings.clone(),
                index,
                docs,
                codes,
                attributes,
                search: search.filter(|_| search_wanted),
                cache: self.cache.clone(),
            },
        ));
    }

    /// The project's document attributes and each column's values, copied once a revision.
    fn attributes(&mut self, ws: &Workspace) -> (Arc<DocumentAttributes>, AttributeValues) {
        if self
            .attributes
            .as_ref()
            .is_some_and(|(r, _, _)| *r != ws.revision())
        {
            self.attributes = None;
        }
        let (_, attributes, values) = self.attributes.get_or_insert_with(|| {
            let attributes = ws.project().attributes.clone();
            let values = attributes.values();
            (ws.revision(), Arc::new(attributes), Arc::new(values))
        });
        (attributes.clone(), values.clone())
    }

    /// The view bar, the view's options and the export buttons.
    fn toolbar_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        index: Option<&EntityIndex>,
        chosen: &mut Option<Command>,
    ) {
        ui.horizontal_wrapped(|ui| {
            for view in ViewKind::ALL {
                if ui
                    .selectable_label(self.settings.view == view, view.label())
                    .clicked()
                {
                    self.show_view(view);
                }
            }
            ui.separator();
            for format in ChartFormat::ALL {
                let label = format!("Export {}…", format.extension().to_uppercase());
                if ui.button(label).clicked() {
                    *chosen = Some(Command::ExportChartDialog(format));
                }
            }
        });
        let (_, values) = self.attributes(ws);
        ui.horizontal_wrapped(|ui| {
            self.options_ui(ui, index);
            attributes_ui(ui, &mut self.settings, &values);
        });
        ui.separator();
    }

    fn options_ui(&mut self, ui: &mut Ui, index: Option<&EntityIndex>) {
        let s = &mut self.settings;
        let entity_view = matches!(s.view, ViewKind::Entities | ViewKind::Network)
            || (s.view == ViewKind::Timeline && s.timeline_of == TimelineOf::Entities);
        if s.view == ViewKind::Timeline {
            let count = ui.label("Count");
            egui::ComboBox::from_id_salt("timeline_of")
                .selected_text(s.timeline_of.label())
                .show_ui(ui, |ui| {
                    for of in TimelineOf::ALL {
                        ui.selectable_value(&mut s.timeline_of, of, of.label());
                    }
                })
                .response
                .labelled_by(count.id);
            let per = ui.label("per");
            egui::ComboBox::from_id_salt("period")
                .selected_text(s.period.name())
                .show_ui(ui, |ui| {
                    for period in [Period::Day, Period::Week, Period::Month] {
                        ui.selectable_value(&mut s.period, period, period.name());
                    }
                })
                .response
                .labelled_by(per.id);
            if s.timeline_of == TimelineOf::Entities
                && let Some(index) = index
            {
                entities_choice_ui(ui, &mut s.entities, index);
            }
        }
        if entity_view {
            if s.view != ViewKind::Timeline {
                ui.add(egui::Slider::new(&mut s.top, 5..=100).text("most mentioned entities"));
            }
            for kind in Kind::ALL {
                let mut on = s.kinds.is_empty() || s.kinds.contains(&kind);
                if ui.checkbox(&mut on, kind.as_str()).changed() {
                    let mut kinds: Vec<Kind> = if s.kinds.is_empty() {
                        Kind::ALL.to_vec()
                    } else {
                        s.kinds.clone()
                    };
                    kinds.retain(|k| *k != kind);
                    if on {
                        kinds.push(kind);
                    }
                    kinds.sort_by_key(|k| Kind::ALL.iter().position(|x| x == k));
                    s.kinds = if kinds.len() == Kind::ALL.len() {
                        Vec::new()
                    } else {
                        kinds
                    };
                }
            }
            ui.checkbox(&mut s.only_hits, "only documents with search hits")
                .on_hover_text("Count only the documents the corpus search (Ctrl+Shift+F) found");
        }
        if s.view == ViewKind::Codes {
            let meet = ui.label("Codes meet");
            egui::ComboBox::from_id_salt("meet")
                .selected_text(s.meet.label())
                .show_ui(ui, |ui| {
                    for m in Meet::ALL {
                        ui.selectable_value(&mut s.meet, m, m.label());
                    }
                })
                .response
                .labelled_by(meet.id);
        }
        if s.view == ViewKind::Network {
            let together = ui.label("Named together in one");
            egui::ComboBox::from_id_salt("scope")
                .selected_text(s.scope.name())
                .show_ui(ui, |ui| {
                    for scope in [UnitKind::Sentence, UnitKind::Paragraph, UnitKind::Document] {
                        ui.selectable_value(&mut s.scope, scope, scope.name());
                    }
                })
                .response
                .labelled_by(together.id);
            ui.label("at least");
            let heaviest = match self.shown.as_ref().map(|c| &c.chart) {
                Some(Chart::Network(net)) => net.heaviest().max(2),
                _ => 50,
            };
            ui.add(
                egui::Slider::new(&mut self.min_weight, 1..=heaviest)
                    .text("times")
                    .logarithmic(heaviest > 50),
            );
        }
    }

    /// Writes the chart on screen to `out`; says what was written.
    pub fn export(&self, format: ChartFormat, out: &Path) -> Result<String, String> {
        let Some(computed) = &self.shown else {
            return Err("there is no chart to export yet".to_owned());
        };
        let at = self.network.positions();
        let svg = || match &computed.chart {
            Chart::Bars(bars) => bars.svg(),
            Chart::Network(net) => net.svg(self.min_weight, at.as_deref()),
            Chart::Timeline(line) => line.svg(),
            Chart::Grid(grid) => grid.svg(),
        };
        let bytes = match format {
            ChartFormat::Svg => Ok(svg().into_bytes()),
            ChartFormat::Png => svg_to_png(&svg()).map_err(|e| e.to_string()),
            ChartFormat::Csv => match &computed.chart {
                Chart::Bars(bars) => bars.csv(),
                Chart::Network(net) => net.csv(self.min_weight),
                Chart::Timeline(line) => line.csv(),
                Chart::Grid(grid) => grid.csv(),
            }
            .map_err(|e| e.to_string()),
        }
        .map_err(|e| format!("could not draw the chart ({e}): {}", out.display()))?;
        crate::project::save::write_atomic(out, &bytes)
            .map_err(|e| format!("could not write the chart ({e}): {}", out.display()))?;
        Ok(format!(
            "{} written: {}",
            said(&computed.chart, self.min_weight),
            out.display()
        ))
    }
}

/// A mark clicked.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Clicked {
    /// An entity (a bar or a node): its mentions.
    Entity(usize),
    /// An edge of the network: the windows naming both its entities.
    Link(usize, usize),
    /// A point of a timeline: its line and period.
    Point(usize, usize),
    /// A cell of a code grid: its row and column.
    Cell(usize, usize),
}

/// The most values of an attribute offered in a list.
const VALUES_OFFERED: usize = 300;

/// Which documents are counted (those with an attribute's value) and, in the code matrix, the
/// attribute its columns group documents by; shown once the project has attributes.
fn attributes_ui(ui: &mut Ui, s: &mut Settings, values: &[(String, Vec<String>)]) {
    if values.is_empty() {
        return;
    }
    where_ui(ui, "Documents where", &mut s.only_where, values);
    if s.view == ViewKind::Matrix {
        ui.label("Columns:");
        let each = |c: &str| format!("a {c} each");
        let shown = s
            .group_by
            .as_deref()
            .map_or_else(|| "a document each".to_owned(), each);
        text_picker(ui, "Columns", &shown, |ui| {
            if choice_row(ui, "a document each", s.group_by.is_none(), None).clicked() {
                s.group_by = None;
                ui.close();
            }
            for (column, _) in values {
                let on = s.group_by.as_ref() == Some(column);
                if choice_row(ui, &each(column), on, None).clicked() {
                    s.group_by = Some(column.clone());
                    ui.close();
                }
            }
        });
    }
}

/// "Documents where *column* is *value*": pickers on qari's text engine (the names and values
/// may be Arabic); `any` clears the filter.
pub(crate) fn where_ui(
    ui: &mut Ui,
    label: &str,
    only_where: &mut Option<(String, String)>,
    values: &[(String, Vec<String>)],
) {
    ui.label(label);
    let shown = only_where
        .as_ref()
        .map_or_else(|| "any".to_owned(), |(c, _)| c.clone());
    text_picker(ui, label, &shown, |ui| {
        if choice_row(ui, "any", only_where.is_none(), None).clicked() {
            *only_where = None;
            ui.close();
        }
        for (column, column_values) in values {
            let on = only_where.as_ref().is_some_and(|(c, _)| c == column);
            if choice_row(ui, column, on, None).clicked() {
                if !on {
                    let first = column_values.first().cloned().unwrap_or_default();
                    *only_where = Some((column.clone(), first));
                }
                ui.close();
            }
        }
    });
    if let Some((column, value)) = only_where {
        ui.label("is");
        let column_values = values
            .iter()
            .find(|(c, _)| c == column)
            .map_or(&[][..], |(_, v)| v.as_slice());
        let shown = value.clone();
        text_picker(ui, &format!("{label} {column} is"), &shown, |ui| {
            for v in column_values.iter().take(VALUES_OFFERED) {
                if choice_row(ui, v, v == value, None).clicked() {
                    value.clone_from(v);
                    ui.close();
                }
            }
            if column_values.len() > VALUES_OFFERED {
                ui.label(format!("… {} values in all", column_values.len()));
            }
        });
    }
}

/// Entities the sidebar's index mentions most, offered as a timeline's lines.
const OFFERED: usize = 60;

/// The timeline's lines: the most mentioned (none chosen), or those ticked.
fn entities_choice_ui(ui: &mut Ui, chosen: &mut Vec<usize>, index: &EntityIndex) {
    let shown = if chosen.is_empty() {
        "the most mentioned".to_owned()
    } else {
        format!("{} chosen", chosen.len())
    };
    let lines = ui.label("lines:");
    egui::ComboBox::from_id_salt("timeline_entities")
        .selected_text(shown)
        .height(400.0)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(chosen.is_empty(), "the most mentioned")
                .clicked()
            {
                chosen.clear();
            }
            let mut offered: Vec<usize> = (0..index.by_entity.len())
                .filter(|e| !index.by_entity[*e].is_empty())
                .collect();
            offered.sort_by_key(|e| std::cmp::Reverse(index.by_entity[*e].len()));
            for e in offered.into_iter().take(OFFERED) {
                let Some(entity) = index.register.entities.get(e) else {
                    continue;
                };
                let mut on = chosen.contains(&e);
                let label = format!("{} ({})", entity.canonical, index.by_entity[e].len());
                if ui.checkbox(&mut on, label).changed() {
                    if on {
                        chosen.push(e);
                    } else {
                        chosen.retain(|c| *c != e);
                    }
                }
            }
        })
        .response
        .labelled_by(lines.id);
}

/// What a chart shows, in a line.
fn said(chart: &Chart, min_weight: usize) -> String {
    match chart {
        Chart::Bars(bars) => bars.said(),
        Chart::Network(net) => net.said(min_weight),
        Chart::Timeline(line) => line.said(),
        Chart::Grid(grid) => grid.said(),
    }
}

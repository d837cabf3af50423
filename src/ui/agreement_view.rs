//! The agreement window (View → Agreement between coders): two coders' figures per code and
//! overall ([`crate::agreement::report`], as `qari agreement` prints them), and the passages
//! where they differ, sortable. A row opens its document with every coder's passages shown.
//!
//! Curation: for each difference the curator takes the first coder's version, the second's,
//! both merged (from the earlier start to the later end), or the passage selected in the
//! reading view; the passage is tagged under the author [`CURATOR`] through the project's one
//! door, so Ctrl+Z undoes it. A difference the curator's layer covers (a passage with its code
//! overlapping it) is marked curated. The curated layer exports with `--author curator`.

use std::ops::Range;
use std::sync::mpsc;

use egui::{ComboBox, Sense, Ui, Vec2, WidgetInfo, vec2};

use super::commands::Command;
use super::text;
use crate::agreement::report::{
    Disagreement, MEASURES, Report, SHORT_NAMES, Selection, UnitKind, report_of,
};
use crate::agreement::spans::Matching;
use crate::annotations::Annotations;
use crate::corpus::Corpus;
use crate::project::{Intent, ProjectFile, Workspace};

/// The author of the curated layer.
pub const CURATOR: &str = "curator";

/// How the list of differences is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    /// By document, then place.
    #[default]
    Document,
    /// By code.
    Code,
    /// By kind of difference.
    Kind,
}

/// The window's state.
#[derive(Default)]
pub struct AgreementView {
    /// Shown.
    pub open: bool,
    first: Option<String>,
    second: Option<String>,
    unit: UnitKind,
    /// Passages match when they overlap by this share of their union; exact when `None`.
    overlap: Option<f64>,
    sort: SortKey,
    /// The report, for (workspace revision, settings).
    report: Option<(Key, Result<Report, String>)>,
    /// The report being computed in the background, for its key.
    pending: Option<(Key, mpsc::Receiver<Result<Report, String>>)>,
}

type Key = (u64, String, String, UnitKind, Option<u64>);

impl AgreementView {
    /// Draws the window when open; `coders` are the project's authors, `selection` the
    /// reading view's document and selected passage. Returns what was asked.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        coders: &[String],
        selection: Option<(&str, Range<usize>)>,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        if !self.open {
            return commands;
        }
        let mut open = true;
        egui::Window::new("Agreement between coders")
            .open(&mut open)
            .default_size(vec2(720.0, 520.0))
            .resizable(true)
            .show(ui.ctx(), |ui| {
                self.contents_ui(ui, ws, coders, selection, &mut commands);
            });
        self.open &= open;
        commands
    }

    fn contents_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        coders: &[String],
        selection: Option<(&str, Range<usize>)>,
        commands: &mut Vec<Command>,
    ) {
        let coders: Vec<&String> = coders.iter().filter(|c| *c != CURATOR).collect();
        if coders.len() < 2 {
            ui.label(
                "Agreement needs two coders' annotations. Each coder sets their name in \
                 Settings and tags; or combine coders' project files with qari combine.",
            );
            return;
        }
        let valid = |c: &Option<String>| c.as_ref().is_some_and(|c| coders.contains(&c));
        if !valid(&self.first) {
            self.first = Some(coders[0].clone());
        }
        if !valid(&self.second) || self.second == self.first {
            self.second = coders
                .iter()
                .find(|c| Some(**c) != self.first.as_ref())
                .map(|c| (*c).clone());
        }
        self.settings_ui(ui, &coders);
        let (Some(first), Some(second)) = (self.first.clone(), self.second.clone()) else {
            return;
        };
        let key: Key = (
            ws.revision(),
            first.clone(),
            second.clone(),
            self.unit,
            self.overlap.map(f64::to_bits),
        );
        self.take_computed();
        let current = self.report.as_ref().is_some_and(|(k, _)| *k == key);
        let asked = self.pending.as_ref().is_some_and(|(k, _)| *k == key);
        if !current && !asked {
            self.compute(
                ws,
                key,
                self.overlap.map_or(Matching::Exact, Matching::Overlap),
            );
        }
        if self.pending.is_some() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("computing the figures…");
            });
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(50));
        }
        let Some((_, computed)) = &self.report else {
            return;
        };
        match computed {
            Err(why) => {
                ui.colored_label(ui.visuals().error_fg_color, why.as_str());
            }
            Ok(report) => {
                figures_ui(ui, report);
                ui.separator();
                let sort = &mut self.sort;
                differences_ui(ui, ws, report, sort, selection, commands);
            }
        }
    }

    /// Starts computing the report for `key` on a thread of its own: reading every document
    /// for its units takes a while on a large corpus. The two coders' annotations and the
    /// document list are copied for it.
    fn compute(&mut self, ws: &Workspace, key: Key, matching: Matching) {
        let (first, second, unit) = (key.1.clone(), key.2.clone(), key.3);
        let source = ws.project();
        let mine = |a: &&crate::annotations::Annotation| a.author == first || a.author == second;
        let project = ProjectFile {
            codebook: source.codebook.clone(),
            annotations: Annotations::from_vec(
                source.annotations.iter().filter(mine).cloned().collect(),
            )
            .unwrap_or_default(),
            ..ProjectFile::new(source.corpus_root.clone())
        };
        let corpus = Corpus::new(
            ws.corpus().root.clone(),
            ws.corpus().documents.clone(),
            Vec::new(),
            0,
        );
        let (sender, receiver) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("qari-agreement".into())
            .spawn(move || {
                let selected = Selection {
                    coders: Some(vec![first, second]),
                    ..Selection::default()
                };
                let computed = report_of(&project, &corpus, &selected, unit, matching)
                    .map_err(|e| e.to_string());
                // The window may have closed meanwhile.
                let _ = sender.send(computed);
            });
        match spawned {
            Ok(_) => self.pending = Some((key, receiver)),
            Err(err) => {
                self.report = Some((key, Err(format!("could not start computing ({err})"))))
            }
        }
    }

    /// The report computed in the background, once it is there.
    fn take_computed(&mut self) {
        let Some((_, receiver)) = &self.pending else {
            return;
        };
        match receiver.try_recv() {
            Ok(computed) => {
                if let Some((key, _)) = self.pending.take() {
                    self.report = Some((key, computed));
                }
            }
            Err(mpsc::TryRecvError::Empty) => {}
            Err(mpsc::TryRecvError::Disconnected) => {
                if let Some((key, _)) = self.pending.take() {
                    self.report = Some((key, Err("computing the figures failed".into())));
                }
            }
        }
    }

    fn settings_ui(&mut self, ui: &mut Ui, coders: &[&String]) {
        ui.horizontal_wrapped(|ui| {
            for (salt, chosen) in [
                ("first coder", &mut self.first),
                ("second coder", &mut self.second),
            ] {
                ComboBox::new(salt, salt)
                    .selected_text(chosen.clone().unwrap_or_default())
                    .show_ui(ui, |ui| {
                        for c in coders {
                            ui.selectable_value(chosen, Some((*c).clone()), c.as_str());
                        }
                    });
            }
            ComboBox::new("agreement unit", "unit")
                .selected_text(self.unit.name())
                .show_ui(ui, |ui| {
                    for unit in [
                        UnitKind::Token,
                        UnitKind::Sentence,
                        UnitKind::Paragraph,
                        UnitKind::Document,
                    ] {
                        ui.selectable_value(&mut self.unit, unit, unit.name());
                    }
                });
            let mut loose = self.overlap.is_some();
            ui.checkbox(&mut loose, "Passages match at an overlap of");
            let mut share = self.overlap.unwrap_or(0.5);
            let said = format!("{share:.2} of their union");
            let slider = ui.add_enabled(
                loose,
                egui::Slider::new(&mut share, 0.05..=1.0)
                    .show_value(false)
                    .text(said),
            );
            if loose || slider.changed() {
                self.overlap = Some(share);
            }
            if !loose {
                self.overlap = None;
            }
        });
    }
}

/// The figures, per code and overall.
fn figures_ui(ui: &mut Ui, report: &Report) {
    ui.label(format!(
        "{} · {} documents · unit: {} · passages matched: {} ({} is the reference)",
        report.coders.join(" and "),
        report.documents,
        report.unit,
        report.matching,
        report.coders[0],
    ));
    for unreadable in &report.unreadable {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("left out: {unreadable}"),
        );
    }
    let names = SHORT_NAMES;
    let rows: Vec<(&str, &crate::agreement::report::Figures)> = report
        .codes
        .iter()
        .map(|c| (c.code.as_str(), &c.figures))
        .chain(std::iter::once(("overall", &report.overall)))
        .collect();
    egui::ScrollArea::vertical()
        .id_salt("agreement figures")
        .max_height(200.0)
        .show(ui, |ui| {
            egui::Grid::new("agreement grid")
                .striped(true)
                .show(ui, |ui| {
                    ui.label("code");
                    for name in names {
                        ui.label(name);
                    }
                    ui.end_row();
                    for (code, figures) in rows {
                        cell(ui, code, 160.0);
                        for measure in MEASURES {
                            let value = figures.get(measure);
                            let (text, hover) = match value {
                                Some(f) => match (f.value, &f.undefined) {
                                    (Some(v), _) => (
                                        format!("{v:.3}"),
                                        format!(
                                            "{measure}: {} units of {}, {} coders",
                                            f.units, f.unit, f.coders
                                        ),
                                    ),
                                    (None, why) => {
                                        ("n/a".to_owned(), why.clone().unwrap_or_default())
                                    }
                                },
                                None => ("–".to_owned(), String::new()),
                            };
                            let label = ui.label(text);
                            if !hover.is_empty() {
                                label.on_hover_text(hover);
                            }
                        }
                        ui.end_row();
                    }
                });
        });
}

/// The list of differences, with the curation buttons.
fn differences_ui(
    ui: &mut Ui,
    ws: &Workspace,
    report: &Report,
    sort: &mut SortKey,
    selection: Option<(&str, Range<usize>)>,
    commands: &mut Vec<Command>,
) {
    let (a, b) = (&report.coders[0], &report.coders[1]);
    ui.horizontal(|ui| {
        ui.strong(format!(
            "{} passages where {a} and {b} differ",
            report.disagreements.len()
        ));
        ui.label("· sort by");
        ui.selectable_value(sort, SortKey::Document, "document");
        ui.selectable_value(sort, SortKey::Code, "code");
        ui.selectable_value(sort, SortKey::Kind, "kind");
    });
    let mut rows: Vec<&Disagreement> = report.disagreements.iter().collect();
    match sort {
        SortKey::Document => {}
        SortKey::Code => rows.sort_by(|x, y| x.code.cmp(&y.code)),
        SortKey::Kind => rows.sort_by(|x, y| x.kind.cmp(&y.kind)),
    }
    let height = ui.text_style_height(&egui::TextStyle::Body) * 2.2;
    egui::ScrollArea::vertical()
        .id_salt("agreement differences")
        .auto_shrink([false, false])
        .show_rows(ui, height, rows.len(), |ui, shown| {
            for d in &rows[shown] {
                row_ui(ui, ws, d, (a, b), height, selection.clone(), commands);
            }
        });
}

/// One difference: where, which code, whose; a click opens it; then the curation choices.
fn row_ui(
    ui: &mut Ui,
    ws: &Workspace,
    d: &Disagreement,
    (a, b): (&str, &str),
    height: f32,
    selection: Option<(&str, Range<usize>)>,
    commands: &mut Vec<Command>,
) {
    let span = |s: Option<(usize, usize)>| s.map_or("–".to_owned(), |(x, y)| format!("{x}–{y}"));
    let place = |s: Option<(usize, usize)>| s.map(|(x, y)| x..y);
    let versions: Vec<Range<usize>> = [place(d.first), place(d.second)]
        .into_iter()
        .flatten()
        .collect();
    let whole = versions.iter().map(|r| r.start).min().unwrap_or(0)
        ..versions.iter().map(|r| r.end).max().unwrap_or(0);
    let second_code = d.second_code_id.unwrap_or(d.code_id);
    let curated = ws.project().annotations.in_doc(&d.doc).iter().any(|x| {
        x.author == CURATOR
            && (x.codes.contains(&d.code_id) || x.codes.contains(&second_code))
            && x.start < whole.end
            && whole.start < x.end
    });
    let code = match &d.second_code {
        Some(second) => format!("{} → {second}", d.code),
        None => d.code.clone(),
    };
    ui.horizontal(|ui| {
        // The document's id last: it is the longest, and cut first when room is short.
        let text = format!(
            "{}{}  ·  {}  ·  {a}: {}  {b}: {}  ·  {}",
            if curated { "curated  ·  " } else { "" },
            d.kind,
            code,
            span(d.first),
            span(d.second),
            d.doc,
        );
        let width = (ui.available_width() - 330.0).max(160.0);
        let (rect, mut response) = ui.allocate_exact_size(vec2(width, height), Sense::click());
        response.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &text));
        if ui.is_rect_visible(rect) {
            let visuals = ui.style().interact(&response);
            if response.hovered() {
                ui.painter()
                    .rect_filled(rect, visuals.corner_radius, visuals.weak_bg_fill);
            }
            let size = ui.style().text_styles[&egui::TextStyle::Body].size;
            let colour = if curated {
                ui.visuals().weak_text_color()
            } else {
                visuals.text_color()
            };
            let inner = rect.shrink2(Vec2::new(4.0, 2.0));
            if text::paint_line(ui.painter(), &text, size, inner, colour) {
                response = response.on_hover_text(&text);
            }
        }
        if response.clicked() {
            commands.push(Command::OpenPassage {
                doc: d.doc.clone(),
                range: whole.clone(),
            });
        }
        let tag = |range: Range<usize>, code| {
            Command::Curate(Intent::Tag {
                doc: d.doc.clone(),
                range,
                code: Some(code),
            })
        };
        for (label, version, code) in [
            (format!("Take {a}"), place(d.first), d.code_id),
            (format!("Take {b}"), place(d.second), second_code),
        ] {
            if let Some(range) = version
                && ui.small_button(label).clicked()
            {
                commands.push(tag(range, code));
            }
        }
        // Two versions of one code at other edges can be merged; other codes cannot.
        if versions.len() == 2
            && d.second_code.is_none()
            && ui
                .small_button("Merge")
                .on_hover_text("From the earlier start to the later end")
                .clicked()
        {
            commands.push(tag(whole.clone(), d.code_id));
        }
        let selected = selection
            .filter(|(doc, range)| *doc == d.doc && !range.is_empty())
            .map(|(_, range)| range);
        let button = ui
            .add_enabled(
                selected.is_some(),
                egui::Button::new("Use selection").small(),
            )
            .on_hover_text("Tag the passage selected in the reading view instead");
        if button.clicked()
            && let Some(range) = selected
        {
            commands.push(tag(range, d.code_id));
        }
    });
}

/// A cell of text on qari's text engine (code names may be Arabic), `width` wide.
fn cell(ui: &mut Ui, text: &str, width: f32) {
    let size = ui.style().text_styles[&egui::TextStyle::Body].size;
    let (rect, response) = ui.allocate_exact_size(vec2(width, size + 6.0), Sense::hover());
    response.widget_info(|| WidgetInfo::labeled(egui::Role::Label, true, text));
    if text::paint_line(ui.painter(), text, size, rect, ui.visuals().text_color()) {
        response.on_hover_text(text);
    }
}

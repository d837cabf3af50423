//! The concordance (key word in context): one row a hit, the hit centred on a highlight with the
//! text before it on one side and after it on the other, drawn with the app's text engine. For
//! a right-to-left hit (Arabic) what comes before is on the right, as the reader reads it; for
//! a left-to-right hit, on the left.
//!
//! Rows have one height, so only the visible ones are laid out (a query may have 100,000
//! hits). While a search runs its first rows are shown as they arrive; once it is done the
//! lines are made again, with the context asked for, and sorted in the background
//! ([`super::jobs::LinesJob`]). A click opens the document at the hit; Ctrl+click and
//! Shift+click select rows, Ctrl+A (pointer over the list) selects them all. A selection is
//! kept by hit (document and place), so it survives sorting.
//!
//! The keyboard: a click on a row, or the Down arrow in the query field, gives the list the
//! keys. Up and Down (Page Up, Page Down, Home, End) move the current row, which is framed,
//! and select it (with Shift: select from the anchor to it; with Ctrl: move without
//! selecting, and Space adds or removes the row); Enter opens its document at the hit; Escape
//! gives the keys back to the query field. The list scrolls to keep the current row in sight.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{Color32, Rect, ScrollArea, Sense, Slider, Ui, pos2, vec2};

use super::Results;
use super::jobs::{LinesJob, LinesKey};
use crate::project::Workspace;
use crate::search::kwic::{self, DEFAULT_CONTEXT, Line, SortKey};
use crate::search::{DocHits, SearchIndex};
use crate::ui::text::{self, TextEngine};
use crate::ui::theme;

/// Lines made while a search runs (a screenful or more); the rest come when it is done.
const STREAMED_LINES: usize = 500;
/// Room between the hit and its context, in points.
const GAP: f32 = 4.0;
/// Width of the document column, in points.
const DOC_COLUMN: f32 = 150.0;
/// The time a frame gives to drawing rows. A row's text is laid out the first time it is
/// shown (a screenful of new rows took 25 to 110 ms on 2 busy cores); the rows past this are
/// drawn in the next frames, from the layouts already made.
const ROWS_BUDGET: Duration = Duration::from_millis(6);

/// A hit as the selection keeps it: its document (place in the index) and first code point.
type HitKey = (usize, usize);

fn key_of(line: &Line) -> HitKey {
    (line.doc, line.range.start)
}

/// The concordance's lines, order, context and selection.
pub(super) struct Concordance {
    lines: Vec<Line>,
    /// What `lines` were made for; `None` while they are the first of a running search.
    made_for: Option<LinesKey>,
    job: Option<LinesJob>,
    context: usize,
    sort: SortKey,
    selected: HashSet<HitKey>,
    /// The row a Shift+click selects from.
    anchor: Option<usize>,
    /// The row the keyboard is on.
    cursor: Option<usize>,
    /// The rows shown last frame, and the row to show first this frame (after the keyboard
    /// moved the current row out of sight).
    shown: std::ops::Range<usize>,
    scroll_to: Option<usize>,
    /// Escape was pressed in the list.
    leave: bool,
}

impl Default for Concordance {
    fn default() -> Self {
        Self {
            lines: Vec::new(),
            made_for: None,
            job: None,
            context: DEFAULT_CONTEXT,
            sort: SortKey::Document,
            selected: HashSet::new(),
            anchor: None,
            cursor: None,
            shown: 0..0,
            scroll_to: None,
            leave: false,
        }
    }
}

/// What a key asks of the list.
enum Key {
    /// Move the current row by this many rows.
    Move(isize),
    /// Open the current row's document.
    Open,
    /// Add the current row to the selection, or take it out.
    Toggle,
    /// Give the keys back to the query field.
    Leave,
}

impl Concordance {
    /// Forgets the lines of the last search (keeps the context and order chosen).
    pub fn clear(&mut self) {
        self.lines.clear();
        self.made_for = None;
        self.job = None;
        self.selected.clear();
        self.anchor = None;
        self.cursor = None;
    }

    /// The id that holds the keyboard when the list has it.
    pub fn keys_id() -> egui::Id {
        egui::Id::unique("qari-concordance-keys")
    }

    /// Whether Escape in the list asked for the query field (once).
    pub fn take_leave(&mut self) -> bool {
        std::mem::take(&mut self.leave)
    }

    /// Gives the list the keyboard, on its first row when none is current.
    pub fn take_keys(&mut self, ui: &Ui) {
        ui.memory_mut(|m| m.request_focus(Self::keys_id()));
        if self.cursor.is_none() && !self.lines.is_empty() {
            self.move_cursor(0, egui::Modifiers::NONE);
        }
    }

    /// The lines, in the order shown.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// Lines are being made in the background.
    pub fn is_working(&self) -> bool {
        self.job.is_some()
    }

    /// The lines are all those of the finished search, in the order chosen.
    pub fn is_complete(&self, results: Option<&Results>) -> bool {
        results.is_some_and(|r| r.done && self.made_for == Some(self.key(r)))
    }

    fn key(&self, results: &Results) -> LinesKey {
        LinesKey {
            search: results.id,
            context: self.context,
            sort: self.sort,
        }
    }

    /// A document's hits found while the search runs: its first lines, unsorted.
    pub fn stream(&mut self, index: &SearchIndex, doc_hits: &DocHits) {
        if self.made_for.is_none() && self.lines.len() < STREAMED_LINES {
            let one = std::slice::from_ref(doc_hits);
            self.lines.extend(kwic::lines(index, one, self.context));
        }
    }

    /// Picks up lines made in the background; once the search is done, makes them again when
    /// they are not for its hits, context and order.
    pub fn poll(&mut self, ctx: &egui::Context, index: &Arc<SearchIndex>, results: &Results) {
        if let Some(job) = &self.job {
            match job.rx.try_recv() {
                Ok(lines) => {
                    self.made_for = Some(job.key);
                    self.lines = lines;
                    self.anchor = None;
                    self.cursor = None;
                    self.job = None;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => ctx.request_repaint_after_secs(0.03),
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.job = None,
            }
        }
        if !results.done {
            return;
        }
        let key = self.key(results);
        let asked = self.job.as_ref().map(|j| j.key).or(self.made_for);
        if asked != Some(key) {
            let hits = results.hits.clone();
            self.job = Some(LinesJob::start(ctx, index.clone(), hits, key));
        }
    }

    /// The lines coding acts on: the selected ones, or all when none is selected.
    pub fn chosen(&self) -> Vec<&Line> {
        if self.selected.is_empty() {
            self.lines.iter().collect()
        } else {
            self.lines
                .iter()
                .filter(|l| self.selected.contains(&key_of(l)))
                .collect()
        }
    }

    /// How many rows are selected.
    pub fn selected_count(&self) -> usize {
        self.selected.len()
    }

    /// The toolbar (order, context, selection, export) and the rows; returns the line whose
    /// row was clicked (to open its document at the hit).
    pub fn concordance_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        results: &Results,
    ) -> Option<Line> {
        self.toolbar_ui(ui, results);
        let body = ui.style().text_styles[&egui::TextStyle::Body].size;
        let size = body + 2.0;
        let row_height = (size * 1.9).round();
        let mut clicked = None;
        let keys_id = Self::keys_id();
        let list_rect = ui.available_rect_before_wrap();
        let keys = ui.interact(list_rect, keys_id, Sense::focusable_noninteractive());
        let has_keys = keys.has_focus();
        if has_keys {
            ui.memory_mut(|m| {
                m.set_focus_lock_filter(
                    keys_id,
                    egui::EventFilter {
                        tab: false,
                        horizontal_arrows: false,
                        vertical_arrows: true,
                        escape: true,
                    },
                );
            });
            let page = self.shown.len().saturating_sub(1).max(1) as isize;
            let (key, modifiers) = ui.input(|i| (read_key(i, page), i.modifiers));
            match key {
                Some(Key::Move(by)) => self.move_cursor(by, modifiers),
                Some(Key::Toggle) => self.toggle_cursor(),
                Some(Key::Open) => clicked = self.cursor.and_then(|r| self.lines.get(r)).cloned(),
                Some(Key::Leave) => self.leave = true,
                None => {}
            }
        }
        let select_all = (has_keys || ui.rect_contains_pointer(list_rect))
            && ui.memory(|m| m.focused().is_none() || has_keys)
            && ui.input(|i| i.modifiers.command && i.key_pressed(egui::Key::A));
        if select_all {
            self.selected = self.lines.iter().map(key_of).collect();
        }
        let drawing = Instant::now();
        let mut deferred = false;
        let mut area = ScrollArea::vertical()
            .id_salt("concordance")
            .auto_shrink([false, false]);
        if let Some(top) = self.scroll_to.take() {
            area = area
                .vertical_scroll_offset(top as f32 * (row_height + ui.spacing().item_spacing.y));
        }
        let mut shown = 0..0;
        area.show_rows(ui, row_height, self.lines.len(), |ui, rows| {
            shown = rows.clone();
            for row in rows {
                let Some(line) = self.lines.get(row) else {
                    continue;
                };
                let selected = self.selected.contains(&key_of(line));
                let paint = drawing.elapsed() < ROWS_BUDGET;
                deferred |= !paint;
                let current = has_keys && self.cursor == Some(row);
                let response = row_ui(ui, ws, line, (selected, current), (size, row_height), paint);
                if response.clicked() {
                    let line = line.clone();
                    let modifiers = ui.input(|i| i.modifiers);
                    ui.memory_mut(|m| m.request_focus(keys_id));
                    self.cursor = Some(row);
                    if self.click(row, modifiers) {
                        clicked = Some(line);
                    }
                }
            }
        });
        self.shown = shown;
        if deferred {
            ui.ctx().request_repaint();
        }
        clicked
    }

    /// Moves the current row by `by` rows (kept in the list), selecting as the modifiers say,
    /// and scrolls it into sight.
    fn move_cursor(&mut self, by: isize, modifiers: egui::Modifiers) {
        let Some(last) = self.lines.len().checked_sub(1) else {
            return;
        };
        let row = match self.cursor {
            Some(row) => row.saturating_add_signed(by).min(last),
            None => 0,
        };
        self.cursor = Some(row);
        if modifiers.shift {
            let anchor = *self.anchor.get_or_insert(row);
            let (from, to) = (anchor.min(row), anchor.max(row));
            self.selected.clear();
            self.selected
                .extend(self.lines[from..=to].iter().map(key_of));
        } else if !modifiers.command {
            self.anchor = Some(row);
            self.selected.clear();
            self.selected.insert(key_of(&self.lines[row]));
        }
        if let Some(top) = crate::ui::rows::first_row_to_show(row, &self.shown, 0) {
            self.scroll_to = Some(top);
        }
    }

    /// Adds the current row to the selection, or takes it out.
    fn toggle_cursor(&mut self) {
        if let Some(key) = self.cursor.and_then(|r| self.lines.get(r)).map(key_of) {
            if !self.selected.remove(&key) {
                self.selected.insert(key);
            }
            self.anchor = self.cursor;
        }
    }

    /// Selects on a click; whether the row's document should open (a plain click).
    fn click(&mut self, row: usize, modifiers: egui::Modifiers) -> bool {
        let Some(key) = self.lines.get(row).map(key_of) else {
            return false;
        };
        if modifiers.shift
            && let Some(anchor) = self.anchor
        {
            let (from, to) = (anchor.min(row), anchor.max(row));
            if !modifiers.command {
                self.selected.clear();
            }
            self.selected.extend(
                self.lines[from..=to.min(self.lines.len() - 1)]
                    .iter()
                    .map(key_of),
            );
            return false;
        }
        self.anchor = Some(row);
        if modifiers.command {
            if !self.selected.remove(&key) {
                self.selected.insert(key);
            }
            return false;
        }
        self.selected.clear();
        self.selected.insert(key);
        true
    }

    fn toolbar_ui(&mut self, ui: &mut Ui, results: &Results) {
        ui.horizontal_wrapped(|ui| {
            ui.label("Sort by");
            for key in SortKey::ALL {
                let name = match key {
                    SortKey::Hit => "Hit".to_owned(),
                    SortKey::Document => "Document".to_owned(),
                    _ => key.name(),
                };
                ui.selectable_value(&mut self.sort, key, name)
                    .on_hover_text(sort_help(key));
            }
            ui.separator();
            ui.add(
                Slider::new(&mut self.context, 10..=200)
                    .text("characters of context")
                    .clamping(egui::SliderClamping::Always),
            );
            ui.separator();
            if ui.button("Select all").clicked() {
                self.selected = self.lines.iter().map(key_of).collect();
            }
            if ui
                .add_enabled(!self.selected.is_empty(), egui::Button::new("Select none"))
                .clicked()
            {
                self.selected.clear();
            }
            if !results.done || self.job.is_some() {
                ui.spinner();
            }
        });
    }
}

/// The key pressed this frame that the list acts on; `page`: rows a Page Up or Down moves.
fn read_key(i: &egui::InputState, page: isize) -> Option<Key> {
    use egui::Key as K;
    let moves = [
        (K::ArrowDown, 1),
        (K::ArrowUp, -1),
        (K::PageDown, page),
        (K::PageUp, -page),
        (K::End, isize::MAX / 2),
        (K::Home, isize::MIN / 2),
    ];
    if let Some((_, by)) = moves.iter().find(|(k, _)| i.key_pressed(*k)) {
        return Some(Key::Move(*by));
    }
    if i.key_pressed(K::Enter) {
        Some(Key::Open)
    } else if i.key_pressed(K::Space) {
        Some(Key::Toggle)
    } else if i.key_pressed(K::Escape) {
        Some(Key::Leave)
    } else {
        None
    }
}

fn sort_help(key: SortKey) -> &'static str {
    match key {
        SortKey::Hit => "by the hit itself",
        SortKey::Before(1) => "by the word just before the hit (on its right in Arabic)",
        SortKey::Before(_) => "by the second or third word before the hit",
        SortKey::After(1) => "by the word just after the hit (on its left in Arabic)",
        SortKey::After(_) => "by the second or third word after the hit",
        SortKey::Document => "by document, then place in it",
    }
}

/// One row: the document on the left, the hit in its context across the rest (its text only
/// when `paint`: otherwise in a later frame); `current`: framed, the row the keyboard is on.
fn row_ui(
    ui: &mut Ui,
    ws: &Workspace,
    line: &Line,
    (selected, current): (bool, bool),
    (size, height): (f32, f32),
    paint: bool,
) -> egui::Response {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(vec2(width, height), Sense::click());
    response.widget_info(|| {
        egui::WidgetInfo::selected(
            egui::Role::Button,
            true,
            selected,
            format!("{}: {}{}{}", line.doc_id, line.before, line.hit, line.after),
        )
    });
    if !ui.is_rect_visible(rect) {
        return response;
    }
    let visuals = ui.style().interact_selectable(&response, selected);
    if selected || response.hovered() {
        ui.painter().rect_filled(rect, 2.0, visuals.weak_bg_fill);
    }
    if current {
        let stroke = ui.visuals().selection.stroke;
        ui.painter()
            .rect_stroke(rect.shrink(1.0), 2.0, stroke, egui::StrokeKind::Inside);
    }
    if !paint {
        return response;
    }
    let (doc_rect, kwic_rect) = rect.split_left_right_at_x(rect.min.x + DOC_COLUMN);
    let title = ws
        .corpus()
        .document(&line.doc_id)
        .map_or(line.doc_id.as_str(), |d| d.title.as_str());
    text::paint_line(
        ui.painter(),
        title,
        size * 0.8,
        doc_rect.shrink2(vec2(4.0, 0.0)),
        ui.visuals().weak_text_color(),
    );
    paint_kwic(
        ui,
        line,
        size,
        kwic_rect.shrink2(vec2(6.0, 0.0)),
        visuals.text_color(),
    );
    response
}

/// Paints a line's hit centred in `rect` on a highlight, what comes before it on the side a
/// reader of the hit's direction reads first, what comes after on the other.
fn paint_kwic(ui: &Ui, line: &Line, size: f32, rect: Rect, color: Color32) {
    let painter = ui.painter_at(rect);
    let hit_fill = theme::kwic_hit_fill(ui.visuals());
    let hit_color = theme::reading_text(ui.visuals());
    text::with_engine(ui.ctx(), |engine| {
        let TextEngine {
            fonts,
            atlas,
            labels,
        } = engine;
        let hit = labels.get(fonts, &line.hit, size, None);
        let rtl = hit.is_rtl();
        let (left, right) = hit.ink_bounds();
        let hit_x = rect.center().x - (right - left) / 2.0;
        let y = rect.center().y - hit.height() / 2.0;
        let hit_rect = Rect::from_min_max(
            pos2(hit_x - 2.0, rect.min.y + 3.0),
            pos2(hit_x + right - left + 2.0, rect.max.y - 3.0),
        );
        painter.rect_filled(hit_rect, 3.0, hit_fill);
        let at = pos2(hit_x - left, y);
        text::paint_paragraph(&painter, atlas, fonts, hit, at, hit_color);
        let (first, then) = if rtl {
            (&line.before, &line.after)
        } else {
            (&line.after, &line.before)
        };
        // `first` goes on the right of the hit, starting next to it; `then` on its left,
        // ending next to it. What does not fit is cut at the row's edges.
        let right_side = labels.get(fonts, first, size, None);
        let (l, _) = right_side.ink_bounds();
        let at = pos2(hit_rect.max.x + GAP - l, y);
        let clip = painter.with_clip_rect(rect.with_min_x(hit_rect.max.x));
        text::paint_paragraph(&clip, atlas, fonts, right_side, at, color);
        let left_side = labels.get(fonts, then, size, None);
        let (_, r) = left_side.ink_bounds();
        let at = pos2(hit_rect.min.x - GAP - r, y);
        let clip = painter.with_clip_rect(rect.with_max_x(hit_rect.min.x));
        text::paint_paragraph(&clip, atlas, fonts, left_side, at, color);
    });
}

//! The reading view: a document laid out right to left (or left to right, per paragraph) in a
//! centred column of comfortable width, scrolled with only the visible paragraphs laid out,
//! with mouse selection, copy, highlight layers and scroll-to-range.
//!
//! The selection and every highlight are logical code-point ranges of the document; visual
//! geometry comes from [`crate::layout`].

use std::ops::Range;

use egui::{
    Color32, CornerRadius, Event, Key, Painter, Pos2, Rect, ScrollArea, Sense, Stroke, StrokeKind,
    Ui, pos2, vec2,
};

use super::text::{self, TextEngine};
use super::theme;
use crate::layout::{DocumentLayout, Selection, TextStyle, selection::word_at};

/// The widest text column, in multiples of the font size (about 70 Arabic letters a line).
const MAX_COLUMN_EMS: f32 = 34.0;
/// Margin around the column, in points.
pub const COLUMN_MARGIN: f32 = 28.0;
const MARGIN: f32 = COLUMN_MARGIN;
/// Time spent per frame measuring paragraphs not yet laid out, in milliseconds.
const MEASURE_BUDGET_MS: f64 = 3.0;
/// How long a range brought into view with [`Reader::scroll_to`] flashes, in seconds.
const FLASH_SECONDS: f64 = 1.2;

/// How a highlight is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HighlightStyle {
    /// A filled background behind the text.
    Background,
    /// A line under the text.
    Underline,
    /// A frame around the text.
    Outline,
}

/// A range of the document drawn with a colour: entity mentions, tags, search hits.
#[derive(Clone, Debug, PartialEq)]
pub struct Highlight {
    /// Code points of the document.
    pub range: Range<usize>,
    /// The colour.
    pub color: Color32,
    /// How it is drawn.
    pub style: HighlightStyle,
    /// Shown when the pointer rests on it.
    pub tooltip: String,
}

/// What happened in the reading view this frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReaderOutput {
    /// The selection changed.
    pub selection_changed: bool,
    /// The highlight (index into the slice given) the pointer is over.
    pub hovered: Option<usize>,
    /// The highlight that was clicked.
    pub clicked: Option<usize>,
}

/// The reading view of one document.
pub struct Reader {
    doc_id: String,
    layout: DocumentLayout,
    selection: Selection,
    /// The paragraph at the top of the view and how far into it, to keep the text still when
    /// measured heights replace estimates above it.
    anchor: Option<(usize, f32)>,
    pending_offset: Option<f32>,
    scroll_target: Option<usize>,
    flash: Option<(Range<usize>, f64)>,
    /// Where the text column started and which paragraphs were visible in the last frame.
    last_frame: Option<(Pos2, Range<usize>)>,
    /// The scroll offset of the last frame.
    last_offset: f32,
    /// The id of the text area's widget (for its keyboard focus).
    widget: Option<egui::Id>,
}

impl Reader {
    /// A reading view of `text`.
    pub fn new(doc_id: impl Into<String>, text: String, style: TextStyle) -> Self {
        Self {
            doc_id: doc_id.into(),
            layout: DocumentLayout::new(text, style, 600.0),
            selection: Selection::default(),
            anchor: None,
            pending_offset: None,
            scroll_target: None,
            flash: None,
            last_frame: None,
            last_offset: 0.0,
            widget: None,
        }
    }

    /// The document's text.
    pub fn text(&self) -> &str {
        self.layout.text()
    }

    /// Whether keys go to the reading view: it has the keyboard focus, or nothing has.
    pub fn has_keyboard(&self, ctx: &egui::Context) -> bool {
        ctx.memory(|m| m.focused().is_none() || m.focused() == self.widget)
    }

    /// Scrolls by `dy` points (positive: further into the document).
    pub fn scroll_by(&mut self, dy: f32) {
        self.pending_offset = Some((self.last_offset + dy).max(0.0));
        self.anchor = None;
    }

    /// Number of paragraphs of the document.
    pub fn paragraph_count(&self) -> usize {
        self.layout.paragraph_count()
    }

    /// The paragraphs visible in the last frame.
    pub fn visible_paragraphs(&self) -> Option<Range<usize>> {
        self.last_frame.as_ref().map(|(_, visible)| visible.clone())
    }

    /// The screen rectangles of a range as drawn in the last frame (visible paragraphs only).
    pub fn screen_rects(&mut self, ctx: &egui::Context, range: Range<usize>) -> Vec<Rect> {
        let Some((origin, visible)) = self.last_frame.clone() else {
            return Vec::new();
        };
        text::with_engine(ctx, |engine| {
            self.layout
                .highlight(&mut engine.fonts, range, visible)
                .into_iter()
                .map(|r| Rect::from_min_size(origin + vec2(r.x, r.y), vec2(r.w, r.h)))
                .collect()
        })
    }

    /// The document shown.
    pub fn doc_id(&self) -> &str {
        &self.doc_id
    }

    /// The selected code points of the document (empty when nothing is selected).
    pub fn selection(&self) -> Range<usize> {
        self.selection.range()
    }

    /// The passage tagging the selection tags: the selection without white space at its ends
    /// or a dangling comma or full stop ([`crate::annotations::passage::trimmed`]).
    pub fn tag_range(&self) -> Range<usize> {
        crate::annotations::passage::trimmed(self.selected_text(), self.selection().start)
    }

    /// The width of the text column, in points, as last laid out.
    pub fn column_width(&self) -> f32 {
        self.layout.width()
    }

    /// The reading font's size, in points.
    pub fn font_size(&self) -> f32 {
        self.layout.style().font_size
    }

    /// Selects a range.
    pub fn select(&mut self, range: Range<usize>) {
        let end = range.end.min(self.layout.char_len());
        self.selection = Selection::new(range.start.min(end), end);
    }

    /// The selected text, in logical order.
    pub fn selected_text(&self) -> &str {
        self.layout.slice(self.selection.range())
    }

    /// Changes font or size.
    pub fn set_style(&mut self, style: TextStyle) {
        self.layout.set_style(style);
    }

    /// Brings the range starting at `offset` into view and flashes `range`.
    pub fn scroll_to(&mut self, range: Range<usize>, now: f64) {
        self.scroll_target = Some(range.start);
        self.flash = Some((range, now));
    }

    /// Draws the view and handles the pointer and keyboard.
    pub fn ui(&mut self, ui: &mut Ui, highlights: &[Highlight]) -> ReaderOutput {
        self.ui_with_menu(ui, highlights, &mut |_| {})
    }

    /// [`Reader::ui`] with a context menu (right click) drawn by `menu`.
    pub fn ui_with_menu(
        &mut self,
        ui: &mut Ui,
        highlights: &[Highlight],
        menu: &mut dyn FnMut(&mut Ui),
    ) -> ReaderOutput {
        let ctx = ui.ctx().clone();
        let style = self.layout.style();
        let column = (ui.available_width() - 2.0 * MARGIN)
            .min(style.font_size * MAX_COLUMN_EMS)
            .max(80.0);
        self.layout.set_width(column);
        let mut area = ScrollArea::vertical()
            .id_salt(("reader", &self.doc_id))
            .auto_shrink([false, false]);
        if let Some(offset) = self.pending_offset.take() {
            area = area.vertical_scroll_offset(offset);
        }
        let now = ui.input(|i| i.time);
        text::with_engine(&ctx, |engine| {
            area.show_viewport(ui, |ui, viewport| {
                self.measure_in_idle_time(engine, &ctx);
                let total = self.layout.total_height() + 2.0 * MARGIN;
                let width = ui.available_width();
                let (rect, response) =
                    ui.allocate_exact_size(vec2(width, total), Sense::click_and_drag());
                self.widget = Some(response.id);
                let origin = pos2(rect.center().x - column / 2.0, rect.min.y + MARGIN);
                let band = (viewport.min.y - MARGIN).max(0.0)..(viewport.max.y - MARGIN).max(0.0);
                let visible = self.layout.visible(&mut engine.fonts, band.clone());
                self.keep_anchor(&viewport, visible.start);
                self.last_frame = Some((origin, visible.clone()));
                self.last_offset = viewport.min.y;
                self.scroll_into_view(&viewport, &ctx);
                let mut output = self.handle_pointer(ui, &response, engine, origin);
                self.auto_scroll(ui, &response, &viewport);
                self.handle_keys(ui, &response, &viewport, &mut output);
                let painter = ui.painter_at(rect);
                let hovered = self.paint(&painter, engine, origin, visible, highlights);
                output.hovered = hovered;
                if response.hovered() {
                    ctx.set_cursor_icon(egui::CursorIcon::Text);
                }
                if response.clicked() && self.selection.is_empty() {
                    output.clicked = hovered;
                }
                response.context_menu(|ui| menu(ui));
                if let Some(i) = hovered {
                    let tooltip = &highlights[i].tooltip;
                    if !tooltip.is_empty() {
                        response.on_hover_text_at_pointer(tooltip.as_str());
                    }
                }
                if self
                    .flash
                    .as_ref()
                    .is_some_and(|(_, t)| now - t < FLASH_SECONDS)
                {
                    ctx.request_repaint();
                }
                output
            })
            .inner
        })
    }

    fn measure_in_idle_time(&mut self, engine: &mut TextEngine, ctx: &egui::Context) {
        if self.layout.fully_measured() {
            return;
        }
        let start = std::time::Instant::now();
        while start.elapsed().as_secs_f64() * 1000.0 < MEASURE_BUDGET_MS {
            if self.layout.measure(&mut engine.fonts, 8) == 0 {
                break;
            }
        }
        ctx.request_repaint();
    }

    /// If heights above the top paragraph changed, move the scroll offset by as much, so the
    /// text under the reader's eyes stays where it is.
    fn keep_anchor(&mut self, viewport: &Rect, first: usize) {
        let top_now = |layout: &mut DocumentLayout, i| layout.top(i) + MARGIN;
        if let Some((i, into)) = self.anchor
            && self.pending_offset.is_none()
            && self.scroll_target.is_none()
        {
            let expected = top_now(&mut self.layout, i) + into;
            if (expected - viewport.min.y).abs() > 0.5 && i < self.layout.paragraph_count() {
                self.pending_offset = Some(expected.max(0.0));
                self.anchor = Some((i, into));
                return;
            }
        }
        let into = viewport.min.y - top_now(&mut self.layout, first);
        self.anchor = Some((first, into));
    }

    fn scroll_into_view(&mut self, viewport: &Rect, ctx: &egui::Context) {
        let Some(offset) = self.scroll_target.take() else {
            return;
        };
        let i = self.layout.paragraph_of(offset);
        let y = self.layout.top(i) + MARGIN;
        let target = (y - viewport.height() / 3.0).max(0.0);
        self.pending_offset = Some(target);
        self.anchor = None;
        ctx.request_repaint();
    }

    fn hit(&mut self, engine: &mut TextEngine, origin: Pos2, pos: Pos2) -> usize {
        self.layout
            .hit(&mut engine.fonts, pos.x - origin.x, pos.y - origin.y)
    }

    fn handle_pointer(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        engine: &mut TextEngine,
        origin: Pos2,
    ) -> ReaderOutput {
        let mut output = ReaderOutput::default();
        let before = self.selection;
        let (pressed_at, press_origin, pointer, shift) = ui.input(|i| {
            (
                primary_press(i),
                i.pointer.press_origin(),
                i.pointer.interact_pos(),
                i.modifiers.shift,
            )
        });
        // The press is read from the events: a tap (press and release in one frame) leaves
        // no press origin and may come before egui sees the pointer over the view.
        if let Some(at) = pressed_at
            && response.interact_rect.contains(at)
            && ui.ctx().layer_id_at(at) == Some(response.layer_id)
        {
            response.request_focus();
            let offset = self.hit(engine, origin, at);
            self.selection = if shift {
                Selection::new(self.selection.anchor, offset)
            } else {
                Selection::new(offset, offset)
            };
        }
        if response.dragged()
            && let (Some(start), Some(now)) = (press_origin, pointer)
        {
            // The anchor is where the button went down, not where egui decided a drag began.
            let anchor = if shift {
                self.selection.anchor
            } else {
                self.hit(engine, origin, start)
            };
            let head = self.hit(engine, origin, now);
            self.selection = Selection::new(anchor, head);
        }
        if response.triple_clicked()
            && let Some(at) = pointer
        {
            let offset = self.hit(engine, origin, at);
            let p = self.layout.paragraph_of(offset);
            let chars = self.layout.paragraph_chars(p);
            self.selection = Selection::new(chars.start, chars.end);
        } else if response.double_clicked()
            && let Some(at) = pointer
        {
            let offset = self.hit(engine, origin, at);
            let p = self.layout.paragraph_of(offset);
            let chars = self.layout.paragraph_chars(p);
            let word = word_at(self.layout.paragraph_text(p), offset - chars.start);
            self.selection = Selection::new(chars.start + word.start, chars.start + word.end);
        }
        output.selection_changed = self.selection != before;
        output
    }

    /// While a selection is dragged past the top or bottom of the view, scroll towards it.
    fn auto_scroll(&mut self, ui: &Ui, response: &egui::Response, viewport: &Rect) {
        if !response.dragged() {
            return;
        }
        let Some(pointer) = ui.input(|i| i.pointer.interact_pos()) else {
            return;
        };
        let clip = ui.clip_rect();
        let edge = 16.0;
        let dy = if pointer.y < clip.min.y + edge {
            pointer.y - (clip.min.y + edge)
        } else if pointer.y > clip.max.y - edge {
            pointer.y - (clip.max.y - edge)
        } else {
            return;
        };
        self.pending_offset = Some((viewport.min.y + dy * 0.5).max(0.0));
        self.anchor = None;
        ui.ctx().request_repaint();
    }

    fn handle_keys(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        viewport: &Rect,
        output: &mut ReaderOutput,
    ) {
        if !response.has_focus() {
            return;
        }
        // Arrow keys scroll the text instead of moving the focus to another widget.
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                response.id,
                egui::EventFilter {
                    tab: false,
                    horizontal_arrows: true,
                    vertical_arrows: true,
                    escape: false,
                },
            );
        });
        let line = self.layout.style().line_height();
        let page = viewport.height() * 0.9;
        let scroll = ui.input(|i| {
            if i.key_pressed(Key::PageDown) || (i.key_pressed(Key::Space) && !i.modifiers.shift) {
                Some(page)
            } else if i.key_pressed(Key::PageUp) || (i.key_pressed(Key::Space) && i.modifiers.shift)
            {
                Some(-page)
            } else if i.key_pressed(Key::ArrowDown) {
                Some(line)
            } else if i.key_pressed(Key::ArrowUp) {
                Some(-line)
            } else if i.modifiers.command && i.key_pressed(Key::Home) {
                Some(f32::MIN)
            } else if i.modifiers.command && i.key_pressed(Key::End) {
                Some(f32::MAX / 4.0)
            } else {
                None
            }
        });
        if let Some(dy) = scroll {
            self.scroll_by(dy);
            ui.ctx().request_repaint();
        }
        let (copy, select_all) = ui.input(|i| {
            (
                i.events
                    .iter()
                    .any(|e| matches!(e, Event::Copy | Event::Cut)),
                i.modifiers.command && i.key_pressed(Key::A),
            )
        });
        if select_all {
            self.selection = Selection::new(0, self.layout.char_len());
            output.selection_changed = true;
        }
        if copy && !self.selection.is_empty() {
            ui.ctx().copy_text(self.selected_text().to_owned());
        }
    }

    /// Paints highlights, the selection and the text of the visible paragraphs; returns the
    /// highlight under the pointer.
    fn paint(
        &mut self,
        painter: &Painter,
        engine: &mut TextEngine,
        origin: Pos2,
        visible: Range<usize>,
        highlights: &[Highlight],
    ) -> Option<usize> {
        let now = painter.ctx().input(|i| i.time);
        let style = painter.ctx().global_style();
        let visuals = &style.visuals;
        let to_screen =
            |r: crate::layout::Rect| Rect::from_min_size(origin + vec2(r.x, r.y), vec2(r.w, r.h));
        let pointer = painter.ctx().pointer_hover_pos();
        let mut hovered = None;
        let mut overlays: Vec<(Rect, &Highlight)> = Vec::new();
        for (i, h) in highlights.iter().enumerate() {
            for r in self
                .layout
                .highlight(&mut engine.fonts, h.range.clone(), visible.clone())
            {
                let rect = to_screen(r).shrink2(vec2(0.0, r.h * 0.12));
                if pointer.is_some_and(|p| rect.contains(p)) {
                    hovered = Some(i);
                }
                match h.style {
                    HighlightStyle::Background => {
                        painter.rect_filled(rect, CornerRadius::same(3), h.color);
                    }
                    HighlightStyle::Underline | HighlightStyle::Outline => overlays.push((rect, h)),
                }
            }
        }
        if let Some((range, since)) = &self.flash {
            let age = now - since;
            if age < FLASH_SECONDS {
                let alpha = (1.0 - age / FLASH_SECONDS) as f32;
                let color = theme::flash_fill(visuals).gamma_multiply(alpha);
                for r in self
                    .layout
                    .highlight(&mut engine.fonts, range.clone(), visible.clone())
                {
                    painter.rect_filled(to_screen(r), CornerRadius::same(3), color);
                }
            }
        }
        let selection_color = visuals.selection.bg_fill;
        for r in self
            .layout
            .highlight(&mut engine.fonts, self.selection.range(), visible.clone())
        {
            painter.rect_filled(to_screen(r), CornerRadius::ZERO, selection_color);
        }
        let text_color = theme::reading_text(visuals);
        for i in visible {
            let top = self.layout.top(i);
            let layout = self.layout.layout(&mut engine.fonts, i);
            // `layout` borrows the document layout; the engine's fonts are separate.
            text::paint_paragraph(
                painter,
                &mut engine.atlas,
                &mut engine.fonts,
                layout,
                origin + vec2(0.0, top),
                text_color,
            );
        }
        // Frames drawn so far at each place: another frame at the same place (two coders'
        // passages of the same edges) is drawn inside the last, so every colour shows.
        let mut frames: Vec<Rect> = Vec::new();
        for (rect, h) in overlays {
            match h.style {
                HighlightStyle::Underline => {
                    let y = rect.max.y - 1.0;
                    painter.line_segment(
                        [pos2(rect.min.x, y), pos2(rect.max.x, y)],
                        Stroke::new(2.0, h.color),
                    );
                }
                HighlightStyle::Outline => {
                    let inside = frames.iter().filter(|r| **r == rect).count();
                    frames.push(rect);
                    painter.rect_stroke(
                        rect.shrink(2.0 * inside as f32),
                        CornerRadius::same(3),
                        Stroke::new(1.5, h.color),
                        StrokeKind::Inside,
                    );
                }
                HighlightStyle::Background => {}
            }
        }
        hovered
    }
}

/// Where the primary button went down this frame, if it did.
fn primary_press(input: &egui::InputState) -> Option<Pos2> {
    input.events.iter().find_map(|e| match e {
        Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed: true,
            ..
        } => Some(*pos),
        _ => None,
    })
}

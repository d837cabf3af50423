//! A multi-line editable field for Arabic notes on the text engine: the caret and selection are
//! logical (offsets in the text), the arrow keys move visually (Left goes left on screen, which
//! is forward in Arabic), and typing, Backspace/Delete, copy/cut/paste and undo/redo work.
//!
//! Editing is cosmic-text's `Editor` (it knows bidi cursor motion); every change it makes is
//! recorded as an invertible `Change`, which is what undo and redo replay.

use std::ops::Range;

use cosmic_text::{
    Action, Attrs, Buffer, Change, Cursor, Edit, Editor, Family, FontSystem, Metrics, Motion,
    Selection, Shaping, Wrap,
};
use egui::{
    CornerRadius, Event, EventFilter, Key, Modifiers, Rect, Response, Sense, Stroke, StrokeKind,
    Ui, pos2, vec2,
};

use super::{TextEngine, paint_runs, with_engine};
use crate::layout::TextStyle;

/// Lines the field shows at least.
const MIN_LINES: usize = 3;
/// Inner margin, in points.
const PADDING: f32 = 6.0;

/// The state of one note field.
pub struct NoteEditor {
    editor: Editor<'static>,
    style: TextStyle,
    undo: Vec<Change>,
    redo: Vec<Change>,
}

impl NoteEditor {
    /// A field holding `text`, caret at its end.
    pub fn new(text: &str, size: f32) -> Self {
        let style = TextStyle {
            font_size: size,
            line_spacing: 1.6,
            ..TextStyle::default()
        };
        let mut buffer = Buffer::new_empty(Metrics::new(size, style.line_height()));
        buffer.set_wrap(Wrap::WordOrGlyph);
        buffer.set_text(text, &attrs(&style), Shaping::Advanced, None);
        let end = buffer.lines.last().map_or(Cursor::new(0, 0), |line| {
            Cursor::new(buffer.lines.len() - 1, line.text().len())
        });
        let mut editor = Editor::new(buffer);
        editor.set_cursor(end);
        Self {
            editor,
            style,
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }

    /// The text, lines joined with `\n`.
    pub fn text(&self) -> String {
        self.editor.with_buffer(|b| {
            b.lines
                .iter()
                .map(|line| line.text())
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    /// The caret as a code-point offset of [`NoteEditor::text`].
    pub fn caret(&self) -> usize {
        self.offset_of(self.editor.cursor())
    }

    /// The selected code points, if any.
    pub fn selection(&self) -> Option<Range<usize>> {
        let (start, end) = self.editor.selection_bounds()?;
        let range = self.offset_of(start)..self.offset_of(end);
        (!range.is_empty()).then_some(range)
    }

    fn offset_of(&self, cursor: Cursor) -> usize {
        self.editor.with_buffer(|b| {
            let before: usize = b.lines[..cursor.line.min(b.lines.len())]
                .iter()
                .map(|l| l.text().chars().count() + 1)
                .sum();
            let line = b.lines.get(cursor.line).map_or("", |l| l.text());
            before + line[..cursor.index.min(line.len())].chars().count()
        })
    }

    /// Draws the field and applies the pointer and keyboard input it gets.
    pub fn ui(&mut self, ui: &mut Ui) -> Response {
        let width = ui.available_width().max(60.0);
        let inner_width = width - 2.0 * PADDING;
        let ctx = ui.ctx().clone();
        let height = with_engine(&ctx, |engine| {
            self.editor.with_buffer_mut(|b| {
                b.set_size(Some(inner_width), None);
                b.shape_until_scroll(&mut engine.fonts, false);
            });
            let lines = self.editor.with_buffer(|b| b.layout_runs().count());
            lines.max(MIN_LINES) as f32 * self.style.line_height()
        });
        let (rect, response) =
            ui.allocate_exact_size(vec2(width, height + 2.0 * PADDING), Sense::click_and_drag());
        response
            .widget_info(|| egui::WidgetInfo::text_edit(true, String::new(), self.text(), "note"));
        let inner = rect.shrink(PADDING);
        if response.clicked() || response.drag_started() {
            response.request_focus();
        }
        if response.has_focus() {
            ui.memory_mut(|m| {
                m.set_focus_lock_filter(
                    response.id,
                    EventFilter {
                        tab: false,
                        horizontal_arrows: true,
                        vertical_arrows: true,
                        escape: false,
                    },
                );
            });
        }
        let mut changed = false;
        with_engine(&ctx, |engine| {
            self.pointer(ui, &response, inner, engine);
            if response.has_focus() {
                changed = self.keyboard(ui, engine);
            }
            self.paint(ui, &response, rect, inner, engine);
        });
        let mut response = response;
        if changed {
            response.mark_changed();
        }
        response
    }

    fn pointer(&mut self, ui: &Ui, response: &Response, inner: Rect, engine: &mut TextEngine) {
        let Some(pos) = ui.input(|i| i.pointer.interact_pos()) else {
            return;
        };
        let (x, y) = ((pos.x - inner.min.x) as i32, (pos.y - inner.min.y) as i32);
        let shift = ui.input(|i| i.modifiers.shift);
        let fonts = &mut engine.fonts;
        if response.triple_clicked() {
            self.editor.action(fonts, Action::TripleClick { x, y });
        } else if response.double_clicked() {
            self.editor.action(fonts, Action::DoubleClick { x, y });
        } else if ui.input(|i| i.pointer.primary_pressed()) && response.hovered() {
            if shift {
                self.anchor_selection();
                self.editor.action(fonts, Action::Drag { x, y });
            } else {
                self.editor.action(fonts, Action::Click { x, y });
            }
        } else if response.dragged() {
            self.editor.action(fonts, Action::Drag { x, y });
        }
    }

    fn anchor_selection(&mut self) {
        if self.editor.selection() == Selection::None {
            let cursor = self.editor.cursor();
            self.editor.set_selection(Selection::Normal(cursor));
        }
    }

    /// Applies key and text events; returns whether the text changed.
    fn keyboard(&mut self, ui: &Ui, engine: &mut TextEngine) -> bool {
        let events = ui.input(|i| i.events.clone());
        let mut changed = false;
        for event in events {
            match event {
                Event::Text(text) => {
                    changed |= self.edit(engine, |e, _| e.insert_string(&text, None))
                }
                Event::Ime(egui::ImeEvent::Commit(text)) => {
                    changed |= self.edit(engine, |e, _| e.insert_string(&text, None));
                }
                Event::Paste(text) => {
                    changed |= self.edit(engine, |e, _| e.insert_string(&text, None));
                }
                Event::Copy => {
                    if let Some(text) = self.editor.copy_selection() {
                        ui.ctx().copy_text(text);
                    }
                }
                Event::Cut => {
                    if let Some(text) = self.editor.copy_selection() {
                        ui.ctx().copy_text(text);
                        changed |= self.edit(engine, |e, _| {
                            e.delete_selection();
                        });
                    }
                }
                Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } => changed |= self.key(engine, key, modifiers),
                _ => {}
            }
        }
        changed
    }

    fn key(&mut self, engine: &mut TextEngine, key: Key, modifiers: Modifiers) -> bool {
        let motion = match key {
            // Left and Right are visual: in an Arabic line Left moves forward in the text.
            Key::ArrowLeft if modifiers.command => Some(Motion::LeftWord),
            Key::ArrowRight if modifiers.command => Some(Motion::RightWord),
            Key::ArrowLeft => Some(Motion::Left),
            Key::ArrowRight => Some(Motion::Right),
            Key::ArrowUp => Some(Motion::Up),
            Key::ArrowDown => Some(Motion::Down),
            Key::Home if modifiers.command => Some(Motion::BufferStart),
            Key::End if modifiers.command => Some(Motion::BufferEnd),
            Key::Home => Some(Motion::Home),
            Key::End => Some(Motion::End),
            _ => None,
        };
        if let Some(motion) = motion {
            if modifiers.shift {
                self.anchor_selection();
            } else {
                self.editor.set_selection(Selection::None);
            }
            self.editor
                .action(&mut engine.fonts, Action::Motion(motion));
            return false;
        }
        match key {
            Key::Backspace => self.edit(engine, |e, f| e.action(f, Action::Backspace)),
            Key::Delete => self.edit(engine, |e, f| e.action(f, Action::Delete)),
            Key::Enter => self.edit(engine, |e, f| e.action(f, Action::Enter)),
            Key::Z if modifiers.command && modifiers.shift => self.redo(engine),
            Key::Y if modifiers.command => self.redo(engine),
            Key::Z if modifiers.command => self.undo(engine),
            Key::A if modifiers.command => {
                self.editor
                    .action(&mut engine.fonts, Action::Motion(Motion::BufferStart));
                self.anchor_selection();
                self.editor
                    .action(&mut engine.fonts, Action::Motion(Motion::BufferEnd));
                false
            }
            _ => false,
        }
    }

    /// Runs an edit, recording it for undo. Returns whether anything changed.
    fn edit(
        &mut self,
        engine: &mut TextEngine,
        f: impl FnOnce(&mut Editor<'static>, &mut FontSystem),
    ) -> bool {
        self.editor.start_change();
        f(&mut self.editor, &mut engine.fonts);
        match self.editor.finish_change() {
            Some(change) if !change.items.is_empty() => {
                self.undo.push(change);
                self.redo.clear();
                self.editor.shape_as_needed(&mut engine.fonts, false);
                true
            }
            _ => false,
        }
    }

    fn undo(&mut self, engine: &mut TextEngine) -> bool {
        let Some(change) = self.undo.pop() else {
            return false;
        };
        let mut inverse = change.clone();
        inverse.reverse();
        self.editor.apply_change(&inverse);
        self.editor.set_selection(Selection::None);
        self.redo.push(change);
        self.editor.shape_as_needed(&mut engine.fonts, false);
        true
    }

    fn redo(&mut self, engine: &mut TextEngine) -> bool {
        let Some(change) = self.redo.pop() else {
            return false;
        };
        self.editor.apply_change(&change);
        self.editor.set_selection(Selection::None);
        self.undo.push(change);
        self.editor.shape_as_needed(&mut engine.fonts, false);
        true
    }

    fn paint(
        &mut self,
        ui: &Ui,
        response: &Response,
        rect: Rect,
        inner: Rect,
        engine: &mut TextEngine,
    ) {
        let visuals = ui.visuals();
        let painter = ui.painter_at(rect);
        let stroke = if response.has_focus() {
            visuals.selection.stroke
        } else {
            visuals.widgets.inactive.bg_stroke
        };
        painter.rect(
            rect,
            CornerRadius::same(4),
            visuals.extreme_bg_color,
            stroke,
            StrokeKind::Inside,
        );
        let selection = self.editor.selection_bounds();
        let cursor = self.editor.cursor();
        let origin = inner.min;
        let TextEngine { fonts, atlas, .. } = engine;
        self.editor.with_buffer(|buffer| {
            if let Some((start, end)) = selection {
                for run in buffer.layout_runs() {
                    for (x, w) in run.highlight(start, end) {
                        let r = Rect::from_min_size(
                            origin + vec2(x, run.line_top),
                            vec2(w, run.line_height),
                        );
                        painter.rect_filled(r, CornerRadius::ZERO, visuals.selection.bg_fill);
                    }
                }
            }
            paint_runs(
                &painter,
                atlas,
                fonts,
                buffer.layout_runs(),
                origin,
                visuals.text_color(),
            );
            if response.has_focus() {
                let caret = buffer.layout_runs().find_map(|run| {
                    Some((run.cursor_position(&cursor)?, run.line_top, run.line_height))
                });
                let (x, top, height) = caret.unwrap_or((
                    if buffer.layout_runs().next().is_none_or(|r| r.rtl) {
                        inner.width()
                    } else {
                        0.0
                    },
                    0.0,
                    self.style.line_height(),
                ));
                let x = origin.x + x;
                painter.line_segment(
                    [pos2(x, origin.y + top), pos2(x, origin.y + top + height)],
                    Stroke::new(1.5, visuals.text_cursor.stroke.color),
                );
            }
        });
    }
}

fn attrs(style: &TextStyle) -> Attrs<'static> {
    Attrs::new().family(Family::Name(style.font.family()))
}

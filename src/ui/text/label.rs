//! Short user text anywhere in the interface (document titles, names, snippets) drawn with the
//! text engine, so Arabic with digits or Latin reads correctly. Each string is aligned by its
//! own direction: Arabic to the right, Latin to the left.
//!
//! Layouts are cached by (text, size, width), so a list redrawn every frame does not shape its
//! rows again.

use std::collections::HashMap;

use cosmic_text::FontSystem;
use egui::{Color32, Painter, Rect, Response, Sense, Ui, pos2, vec2};

use super::{TextEngine, paint_paragraph, with_engine};
use crate::layout::{ParagraphLayout, TextStyle};

/// Line height of labels, as a multiple of the font size (tighter than the reading view).
const LABEL_LINE_SPACING: f32 = 1.5;
/// Label layouts kept; the oldest half goes when full.
const CACHED_LABELS: usize = 2000;

/// Label layouts by text, size and wrap width.
#[derive(Default)]
pub struct LabelCache {
    layouts: HashMap<(String, u32, u32), (ParagraphLayout, u64)>,
    clock: u64,
    /// What a one-line label is cut to, by text, size and room: `None` when it fits whole, so
    /// a list redrawn every frame does not search for the cut again.
    cuts: HashMap<(String, u32, u32), Option<String>>,
}

impl LabelCache {
    /// The layout of `text` at `size` points, wrapped at `width` (one line when `None`).
    pub fn get(
        &mut self,
        fonts: &mut FontSystem,
        text: &str,
        size: f32,
        width: Option<f32>,
    ) -> &ParagraphLayout {
        self.clock += 1;
        let clock = self.clock;
        let width = width.map(f32::round);
        let key = (
            text.to_owned(),
            size.to_bits(),
            width.map_or(u32::MAX, f32::to_bits),
        );
        if !self.layouts.contains_key(&key) && self.layouts.len() >= CACHED_LABELS {
            let mut ages: Vec<u64> = self.layouts.values().map(|(_, used)| *used).collect();
            ages.sort_unstable();
            let cutoff = ages[ages.len() / 2];
            self.layouts.retain(|_, (_, used)| *used > cutoff);
        }
        let entry = self.layouts.entry(key).or_insert_with(|| {
            let style = TextStyle {
                font_size: size,
                line_spacing: LABEL_LINE_SPACING,
                ..TextStyle::default()
            };
            let layout = match width {
                Some(w) => ParagraphLayout::new(fonts, text, &style, w),
                None => ParagraphLayout::single_line(fonts, text, &style),
            };
            (layout, clock)
        });
        entry.1 = clock;
        &entry.0
    }
}

/// Paints `text` on one line inside `rect`, vertically centred and aligned by its direction.
/// What does not fit is cut at a whole character and ended with "…" (at the left of an Arabic
/// line, where it goes on); returns whether it was, so the caller can offer the whole text in a
/// tooltip.
pub fn paint_line(painter: &Painter, text: &str, size: f32, rect: Rect, color: Color32) -> bool {
    let first_line = text.lines().next().unwrap_or_default();
    let (shown, elided) = with_engine(painter.ctx(), |engine| {
        fitted(engine, first_line, size, rect.width())
    });
    paint_line_marked(
        painter,
        &shown,
        size,
        rect,
        color,
        0..0,
        Color32::TRANSPARENT,
    );
    elided || first_line.len() < text.trim_end().len()
}

/// The width `text` takes on one line at `size` points.
pub fn line_width(ctx: &egui::Context, text: &str, size: f32) -> f32 {
    with_engine(ctx, |engine| {
        let TextEngine { fonts, labels, .. } = engine;
        let (left, right) = labels.get(fonts, text, size, None).ink_bounds();
        right - left
    })
}

/// The text as it fits on one line `width` points wide: whole, or its longest beginning that
/// fits with "…" after it; and whether it was cut.
fn fitted(engine: &mut TextEngine, text: &str, size: f32, width: f32) -> (String, bool) {
    let TextEngine { fonts, labels, .. } = engine;
    let key = (text.to_owned(), size.to_bits(), width.round().to_bits());
    if let Some(cut) = labels.cuts.get(&key) {
        return match cut {
            Some(cut) => (cut.clone(), true),
            None => (text.to_owned(), false),
        };
    }
    let mut fits = |candidate: &str| {
        let (left, right) = labels.get(fonts, candidate, size, None).ink_bounds();
        right - left <= width
    };
    let cut = (!fits(text)).then(|| {
        let chars: Vec<char> = text.chars().collect();
        let cut = |n: usize| {
            let mut s: String = chars[..n].iter().collect::<String>().trim_end().to_owned();
            s.push('…');
            s
        };
        // The most characters that fit with the ellipsis (none at worst).
        let (mut low, mut high) = (0, chars.len());
        while low < high {
            let mid = (low + high).div_ceil(2);
            if fits(&cut(mid)) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        cut(low)
    });
    if labels.cuts.len() >= CACHED_LABELS {
        labels.cuts.clear();
    }
    labels.cuts.insert(key, cut.clone());
    match cut {
        Some(cut) => (cut, true),
        None => (text.to_owned(), false),
    }
}

/// Like [`paint_line`], with the code points `mark` of `text` drawn on a `mark_color`
/// background (a mention in a snippet).
pub fn paint_line_marked(
    painter: &Painter,
    text: &str,
    size: f32,
    rect: Rect,
    color: Color32,
    mark: std::ops::Range<usize>,
    mark_color: Color32,
) {
    with_engine(painter.ctx(), |engine| {
        let TextEngine {
            fonts,
            atlas,
            labels,
        } = engine;
        let layout = labels.get(fonts, text, size, None);
        let (left, right) = layout.ink_bounds();
        let x = if layout.is_rtl() {
            rect.max.x - right
        } else {
            rect.min.x - left
        };
        let y = rect.center().y - layout.height() / 2.0;
        let clipped = painter.with_clip_rect(rect.intersect(painter.clip_rect()));
        for r in layout.highlight(mark) {
            let r = Rect::from_min_size(pos2(x + r.x, y + r.y), vec2(r.w, r.h));
            clipped.rect_filled(r, 2.0, mark_color);
        }
        paint_paragraph(&clipped, atlas, fonts, layout, pos2(x, y), color);
    });
}

/// A label widget: `text` wrapped at the available width, each line aligned by its direction.
pub fn label(ui: &mut Ui, text: &str, size: f32, color: Color32) -> Response {
    let width = ui.available_width().max(20.0);
    let height = with_engine(ui.ctx(), |engine| {
        let TextEngine { fonts, labels, .. } = engine;
        labels.get(fonts, text, size, Some(width)).height()
    });
    let (rect, response) = ui.allocate_exact_size(vec2(width, height), Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
    if ui.is_rect_visible(rect) {
        let painter = ui.painter_at(rect);
        with_engine(ui.ctx(), |engine| {
            let TextEngine {
                fonts,
                atlas,
                labels,
            } = engine;
            let layout = labels.get(fonts, text, size, Some(width));
            paint_paragraph(&painter, atlas, fonts, layout, rect.min, color);
        });
    }
    response
}

//! A whole document for reading: split into paragraphs at `\n`, laid out only where the reader
//! looks, with layouts cached (by paragraph, for the current width and style) and heights kept
//! per paragraph so the document's height is known without laying everything out.
//!
//! A paragraph not yet laid out has an estimated height (from its length and the average
//! width of a character in the paragraphs measured so far); laying it out replaces the estimate.
//! [`DocumentLayout::measure`] lays out paragraphs in the background of idle frames so estimates
//! are soon replaced everywhere. Positions are points from the document's top-left; the `\n`
//! between paragraphs is an offset of its own that belongs to no paragraph.

use std::collections::HashMap;
use std::ops::Range;

use cosmic_text::FontSystem;

use super::TextStyle;
use super::paragraph::{Caret, ParagraphLayout, Rect};

/// Layouts kept in memory; others are laid out again when scrolled back to.
const CACHED_LAYOUTS: usize = 400;

#[derive(Clone, Debug)]
struct Paragraph {
    bytes: Range<usize>,
    chars: Range<usize>,
}

/// A document laid out for reading.
pub struct DocumentLayout {
    text: String,
    paragraphs: Vec<Paragraph>,
    style: TextStyle,
    width: f32,
    /// Height of each paragraph including the gap after it, measured or estimated.
    heights: Vec<f32>,
    measured: Vec<bool>,
    /// `tops[i]` is the top of paragraph `i`; `tops[n]` is the total height.
    tops: Vec<f32>,
    tops_stale: bool,
    cache: HashMap<usize, (ParagraphLayout, u64)>,
    clock: u64,
    /// Average advance of a code point in points, learnt from measured paragraphs.
    advance: f32,
    /// Index of the next paragraph [`DocumentLayout::measure`] looks at.
    measure_from: usize,
}

impl DocumentLayout {
    /// Prepares `text` for layout at `width` points; nothing is laid out yet.
    pub fn new(text: String, style: TextStyle, width: f32) -> Self {
        let mut paragraphs = Vec::new();
        let (mut byte, mut char) = (0, 0);
        for line in text.split('\n') {
            let chars = line.chars().count();
            paragraphs.push(Paragraph {
                bytes: byte..byte + line.len(),
                chars: char..char + chars,
            });
            byte += line.len() + 1;
            char += chars + 1;
        }
        // The newline that ends the last line does not start another paragraph.
        if paragraphs.len() > 1 && paragraphs.last().is_some_and(|p| p.chars.is_empty()) {
            paragraphs.pop();
        }
        let n = paragraphs.len();
        let mut layout = Self {
            text,
            paragraphs,
            style,
            width,
            heights: vec![0.0; n],
            measured: vec![false; n],
            tops: Vec::new(),
            tops_stale: true,
            cache: HashMap::new(),
            clock: 0,
            advance: style.font_size * 0.42,
            measure_from: 0,
        };
        layout.estimate_all();
        layout
    }

    /// The document text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text style.
    pub fn style(&self) -> TextStyle {
        self.style
    }

    /// The layout width in points.
    pub fn width(&self) -> f32 {
        self.width
    }

    /// Number of paragraphs.
    pub fn paragraph_count(&self) -> usize {
        self.paragraphs.len()
    }

    /// Length of the document in code points.
    pub fn char_len(&self) -> usize {
        self.paragraphs.last().map_or(0, |p| p.chars.end)
    }

    /// The code points of a paragraph.
    pub fn paragraph_chars(&self, i: usize) -> Range<usize> {
        self.paragraphs[i].chars.clone()
    }

    /// The text of a paragraph.
    pub fn paragraph_text(&self, i: usize) -> &str {
        &self.text[self.paragraphs[i].bytes.clone()]
    }

    /// Changes the width; layouts are redone lazily.
    pub fn set_width(&mut self, width: f32) {
        if (width - self.width).abs() >= 0.5 {
            self.width = width;
            self.invalidate();
        }
    }

    /// Changes the style (font, size, spacing); layouts are redone lazily.
    pub fn set_style(&mut self, style: TextStyle) {
        if style != self.style {
            self.advance *= style.font_size / self.style.font_size;
            self.style = style;
            self.invalidate();
        }
    }

    fn invalidate(&mut self) {
        self.cache.clear();
        self.measured.iter_mut().for_each(|m| *m = false);
        self.measure_from = 0;
        self.estimate_all();
    }

    fn estimate_all(&mut self) {
        for i in 0..self.paragraphs.len() {
            self.heights[i] = self.estimate(i);
        }
        self.tops_stale = true;
    }

    fn estimate(&self, i: usize) -> f32 {
        let chars = self.paragraphs[i].chars.len() as f32;
        let lines = (chars * self.advance / self.width.max(1.0)).ceil().max(1.0);
        lines * self.style.line_height() + self.style.paragraph_gap()
    }

    fn refresh_tops(&mut self) {
        if !self.tops_stale {
            return;
        }
        self.tops.clear();
        self.tops.reserve(self.heights.len() + 1);
        let mut y = 0.0;
        self.tops.push(y);
        for h in &self.heights {
            y += h;
            self.tops.push(y);
        }
        self.tops_stale = false;
    }

    /// The document height in points (estimated where not yet laid out).
    pub fn total_height(&mut self) -> f32 {
        self.refresh_tops();
        self.tops.last().copied().unwrap_or(0.0)
    }

    /// The top of paragraph `i` in points.
    pub fn top(&mut self, i: usize) -> f32 {
        self.refresh_tops();
        self.tops[i.min(self.paragraphs.len())]
    }

    /// Whether every paragraph's height is measured (none estimated).
    pub fn fully_measured(&self) -> bool {
        self.measure_from >= self.paragraphs.len() && self.measured.iter().all(|m| *m)
    }

    /// The layout of paragraph `i`, from the cache or laid out now.
    pub fn layout(&mut self, fonts: &mut FontSystem, i: usize) -> &ParagraphLayout {
        self.clock += 1;
        let clock = self.clock;
        if !self.cache.contains_key(&i) {
            self.evict();
            let text = &self.text[self.paragraphs[i].bytes.clone()];
            let layout = ParagraphLayout::new(fonts, text, &self.style, self.width);
            self.record_height(i, &layout);
            self.cache.insert(i, (layout, clock));
        }
        match self.cache.get_mut(&i) {
            Some(entry) => {
                entry.1 = clock;
                &entry.0
            }
            None => unreachable!("inserted above"),
        }
    }

    fn record_height(&mut self, i: usize, layout: &ParagraphLayout) {
        let height = layout.height() + self.style.paragraph_gap();
        if !self.measured[i] || self.heights[i] != height {
            self.heights[i] = height;
            self.tops_stale = true;
        }
        if !self.measured[i] {
            self.measured[i] = true;
            let chars = self.paragraphs[i].chars.len();
            if chars >= 40 {
                let lines = layout.height() / self.style.line_height();
                let learnt = lines * self.width / chars as f32;
                self.advance = 0.8 * self.advance + 0.2 * learnt;
            }
        }
    }

    fn evict(&mut self) {
        if self.cache.len() < CACHED_LAYOUTS {
            return;
        }
        let mut by_age: Vec<(u64, usize)> = self
            .cache
            .iter()
            .map(|(i, (_, used))| (*used, *i))
            .collect();
        by_age.sort_unstable();
        for (_, i) in by_age.into_iter().take(CACHED_LAYOUTS / 4) {
            self.cache.remove(&i);
        }
    }

    /// Lays out paragraphs not yet measured, at most `count` of them, so estimated heights give
    /// way to real ones. Returns how many were laid out.
    pub fn measure(&mut self, fonts: &mut FontSystem, count: usize) -> usize {
        let mut done = 0;
        while done < count && self.measure_from < self.paragraphs.len() {
            let i = self.measure_from;
            self.measure_from += 1;
            if self.measured[i] {
                continue;
            }
            let text = &self.text[self.paragraphs[i].bytes.clone()];
            let layout = ParagraphLayout::new(fonts, text, &self.style, self.width);
            self.record_height(i, &layout);
            done += 1;
        }
        done
    }

    /// The paragraph at height `y` (clamped to the document).
    pub fn paragraph_at_y(&mut self, y: f32) -> usize {
        self.refresh_tops();
        let n = self.paragraphs.len();
        let i = self.tops.partition_point(|top| *top <= y);
        i.saturating_sub(1).min(n.saturating_sub(1))
    }

    /// The paragraphs that intersect the band `y_range`, laid out.
    pub fn visible(&mut self, fonts: &mut FontSystem, y_range: Range<f32>) -> Range<usize> {
        // Laying out changes heights below, so settle the range twice at most.
        let mut range = 0..0;
        for _ in 0..3 {
            let first = self.paragraph_at_y(y_range.start);
            let last = self.paragraph_at_y(y_range.end);
            let next = first..(last + 1).min(self.paragraphs.len());
            for i in next.clone() {
                self.layout(fonts, i);
            }
            if next == range {
                break;
            }
            range = next;
        }
        range
    }

    /// The paragraph holding an offset; an offset on a `\n` counts as the end of the paragraph
    /// before it.
    pub fn paragraph_of(&self, offset: usize) -> usize {
        let i = self.paragraphs.partition_point(|p| p.chars.start <= offset);
        i.saturating_sub(1)
    }

    /// The offset nearest to a point of the document.
    pub fn hit(&mut self, fonts: &mut FontSystem, x: f32, y: f32) -> usize {
        if self.paragraphs.is_empty() {
            return 0;
        }
        let i = self.paragraph_at_y(y);
        let top = self.top(i);
        let start = self.paragraphs[i].chars.start;
        let layout = self.layout(fonts, i);
        if y - top >= layout.height() {
            // In the gap after the paragraph: its end.
            return start + layout.char_len();
        }
        start + layout.hit(x, y - top)
    }

    /// Where the caret for an offset is drawn, in document coordinates.
    pub fn caret(&mut self, fonts: &mut FontSystem, offset: usize) -> Option<Caret> {
        let i = self.paragraph_of(offset);
        let top = self.top(i);
        let start = self.paragraphs[i].chars.start;
        let local = offset
            .saturating_sub(start)
            .min(self.paragraphs[i].chars.len());
        let caret = self.layout(fonts, i).caret(local)?;
        Some(Caret {
            top: caret.top + top,
            ..caret
        })
    }

    /// The rectangles covering `range` in the paragraphs `within` (document coordinates).
    pub fn highlight(
        &mut self,
        fonts: &mut FontSystem,
        range: Range<usize>,
        within: Range<usize>,
    ) -> Vec<Rect> {
        let mut rects = Vec::new();
        for i in within {
            let chars = self.paragraphs[i].chars.clone();
            if range.end <= chars.start || range.start > chars.end {
                continue;
            }
            let local =
                range.start.saturating_sub(chars.start)..range.end.min(chars.end) - chars.start;
            let top = self.top(i);
            for r in self.layout(fonts, i).highlight(local) {
                rects.push(Rect { y: r.y + top, ..r });
            }
        }
        rects
    }

    /// The text of a range of offsets (the `\n` between paragraphs included).
    pub fn slice(&self, range: Range<usize>) -> &str {
        let start = self.byte_of(range.start);
        let end = self.byte_of(range.end.max(range.start));
        &self.text[start..end]
    }

    fn byte_of(&self, offset: usize) -> usize {
        if self.paragraphs.is_empty() {
            return 0;
        }
        let p = &self.paragraphs[self.paragraph_of(offset)];
        let within = offset.saturating_sub(p.chars.start);
        let text = &self.text[p.bytes.clone()];
        match text.char_indices().nth(within) {
            Some((b, _)) => p.bytes.start + b,
            None => (p.bytes.end + within - p.chars.len()).min(self.text.len()),
        }
    }
}

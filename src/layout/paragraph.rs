//! One paragraph laid out: shaping, bidi, wrapping, hit testing, caret and highlight geometry.
//!
//! Coordinates are in points, relative to the paragraph's top-left corner. Offsets are code
//! points from the start of the paragraph; cosmic-text's byte indices never leave this file.

use std::ops::Range;

use cosmic_text::{Attrs, Buffer, Family, FontSystem, LayoutRun, Metrics, Shaping, Wrap};
use unicode_segmentation::UnicodeSegmentation;

use super::TextStyle;

/// An axis-aligned rectangle in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Rect {
    /// Whether a point is inside.
    pub fn contains(&self, x: f32, y: f32) -> bool {
        x >= self.x && x < self.x + self.w && y >= self.y && y < self.y + self.h
    }
}

/// Where a caret is drawn: a vertical bar at `x` from `top`, `height` tall.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Caret {
    /// Horizontal position.
    pub x: f32,
    /// Top of the line.
    pub top: f32,
    /// Line height.
    pub height: f32,
}

/// A grapheme as drawn: its code points and the horizontal extent it occupies on its line.
#[derive(Clone, Debug, PartialEq)]
struct GraphemeBox {
    chars: Range<usize>,
    x: f32,
    w: f32,
    rtl: bool,
}

impl GraphemeBox {
    /// The edge a caret before this grapheme sits on.
    fn leading(&self) -> f32 {
        if self.rtl { self.x + self.w } else { self.x }
    }

    /// The edge a caret after this grapheme sits on.
    fn trailing(&self) -> f32 {
        if self.rtl { self.x } else { self.x + self.w }
    }
}

/// One visual line: its vertical extent and its graphemes in logical order.
#[derive(Clone, Debug)]
struct Line {
    top: f32,
    height: f32,
    boxes: Vec<GraphemeBox>,
}

/// A paragraph's text laid out at one width and style.
///
/// Hit testing, carets and highlights work on graphemes (a letter with its marks is one): a
/// caret never falls between a letter and its diacritic. A glyph that draws several graphemes
/// (a ligature) is shared between them in reading order; a grapheme drawn with no advance of its
/// own (the alef of a lam-alef that a font draws as two overlapping glyphs) shares the glyph
/// before it, so every grapheme can be selected and clicked.
pub struct ParagraphLayout {
    buffer: Buffer,
    /// Byte index of each code point of the paragraph, plus its length: `len() == chars + 1`.
    byte_of_char: Vec<usize>,
    lines: Vec<Line>,
    height: f32,
    width: f32,
    rtl: bool,
}

impl ParagraphLayout {
    /// Lays out `text` (one paragraph, no `\n`) at `width` points.
    pub fn new(fonts: &mut FontSystem, text: &str, style: &TextStyle, width: f32) -> Self {
        Self::build(fonts, text, style, Some(width.max(1.0)))
    }

    /// Lays out `text` on one line, as wide as it is (labels, list rows).
    pub fn single_line(fonts: &mut FontSystem, text: &str, style: &TextStyle) -> Self {
        Self::build(fonts, text, style, None)
    }

    fn build(fonts: &mut FontSystem, text: &str, style: &TextStyle, width: Option<f32>) -> Self {
        let metrics = Metrics::new(style.font_size, style.line_height());
        let mut buffer = Buffer::new(fonts, metrics);
        buffer.set_wrap(if width.is_some() {
            Wrap::WordOrGlyph
        } else {
            Wrap::None
        });
        buffer.set_size(width, None);
        let attrs = Attrs::new().family(Family::Name(style.font.family()));
        buffer.set_text(text, &attrs, Shaping::Advanced, None);
        buffer.shape_until_scroll(fonts, false);
        let mut byte_of_char: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_of_char.push(text.len());
        let char_of = |byte: usize| byte_of_char.partition_point(|b| *b < byte);
        let mut lines: Vec<Line> = buffer
            .layout_runs()
            .map(|run| Line {
                top: run.line_top,
                height: run.line_height,
                boxes: grapheme_boxes(&run, &char_of),
            })
            .collect();
        // A paragraph with no strong character (digits only, empty) reads right to left here:
        // this is an Arabic reader.
        let rtl = buffer.layout_runs().next().is_none_or(|run| run.rtl);
        keep_wrapped_spaces(&mut lines, rtl, style.font_size * 0.25);
        let height = lines.len().max(1) as f32 * style.line_height();
        let width = width.unwrap_or_else(|| {
            buffer
                .layout_runs()
                .map(|run| run.line_w)
                .fold(0.0, f32::max)
        });
        Self {
            buffer,
            byte_of_char,
            lines,
            height,
            width,
            rtl,
        }
    }

    /// The horizontal extent of the drawn text: leftmost and rightmost edge over all lines.
    pub fn ink_bounds(&self) -> (f32, f32) {
        let boxes = self.lines.iter().flat_map(|l| l.boxes.iter());
        let (mut left, mut right) = (f32::MAX, f32::MIN);
        for b in boxes {
            left = left.min(b.x);
            right = right.max(b.x + b.w);
        }
        if left > right {
            (0.0, 0.0)
        } else {
            (left, right)
        }
    }

    /// Height of the laid-out lines.
    pub fn height(&self) -> f32 {
        self.height
    }

    /// The paragraph's base direction is right-to-left (its first strong character is).
    pub fn is_rtl(&self) -> bool {
        self.rtl
    }

    /// Length in code points.
    pub fn char_len(&self) -> usize {
        self.byte_of_char.len() - 1
    }

    /// The visual lines, for painting.
    pub fn runs(&self) -> impl Iterator<Item = LayoutRun<'_>> {
        self.buffer.layout_runs()
    }

    fn line_at(&self, y: f32) -> Option<&Line> {
        let i = self.lines.partition_point(|l| l.top + l.height <= y);
        self.lines.get(i.min(self.lines.len().saturating_sub(1)))
    }

    /// The code-point offset nearest to a point (clamped into the paragraph): the grapheme
    /// under (or nearest to) the point, and its edge on the side the point is.
    pub fn hit(&self, x: f32, y: f32) -> usize {
        let Some(line) = self.line_at(y) else {
            return 0;
        };
        let distance = |b: &GraphemeBox| {
            if x < b.x {
                b.x - x
            } else if x > b.x + b.w {
                x - b.x - b.w
            } else {
                0.0
            }
        };
        let nearest = line
            .boxes
            .iter()
            .min_by(|a, b| distance(a).total_cmp(&distance(b)));
        match nearest {
            Some(b) => {
                let before = if b.rtl {
                    x >= b.x + b.w / 2.0
                } else {
                    x < b.x + b.w / 2.0
                };
                if before { b.chars.start } else { b.chars.end }
            }
            None => 0,
        }
    }

    /// Where the caret for an offset is drawn: before the grapheme that starts there, else
    /// after the one that ends there (end of a line or of the paragraph).
    pub fn caret(&self, char_offset: usize) -> Option<Caret> {
        let caret = |line: &Line, x: f32| Caret {
            x,
            top: line.top,
            height: line.height,
        };
        for line in &self.lines {
            if let Some(b) = line.boxes.iter().find(|b| b.chars.start == char_offset) {
                return Some(caret(line, b.leading()));
            }
        }
        for line in &self.lines {
            if let Some(b) = line.boxes.iter().find(|b| b.chars.end == char_offset) {
                return Some(caret(line, b.trailing()));
            }
        }
        // An empty paragraph: the caret sits at the start edge.
        let line = self.lines.first()?;
        Some(caret(line, if self.rtl { self.width } else { 0.0 }))
    }

    /// The rectangles covering a range of code points, following the visual runs: a range
    /// across a direction change gives several rectangles on one line.
    pub fn highlight(&self, range: Range<usize>) -> Vec<Rect> {
        let mut rects: Vec<Rect> = Vec::new();
        if range.start >= range.end {
            return rects;
        }
        for line in &self.lines {
            let mut spans: Vec<(f32, f32)> = line
                .boxes
                .iter()
                .filter(|b| b.chars.start < range.end && b.chars.end > range.start)
                .map(|b| (b.x, b.x + b.w))
                .collect();
            spans.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut merged: Vec<(f32, f32)> = Vec::new();
            for (l, r) in spans {
                match merged.last_mut() {
                    Some(last) if l <= last.1 + 0.5 => last.1 = last.1.max(r),
                    _ => merged.push((l, r)),
                }
            }
            rects.extend(merged.into_iter().map(|(l, r)| Rect {
                x: l,
                y: line.top,
                w: r - l,
                h: line.height,
            }));
        }
        rects
    }

    /// The code-point ranges of each visual line, in line order.
    pub fn line_ranges(&self) -> Vec<Range<usize>> {
        self.lines
            .iter()
            .map(|line| {
                let start = line.boxes.iter().map(|b| b.chars.start).min().unwrap_or(0);
                let end = line.boxes.iter().map(|b| b.chars.end).max().unwrap_or(0);
                start..end
            })
            .collect()
    }
}

/// The graphemes of one visual line with their horizontal extents, in logical order.
fn grapheme_boxes(run: &LayoutRun<'_>, char_of: &dyn Fn(usize) -> usize) -> Vec<GraphemeBox> {
    // Glyphs of one cluster (a letter and its marks) are drawn together: one extent per cluster.
    let mut clusters: Vec<(Range<usize>, f32, f32, bool)> = Vec::new();
    for g in run.glyphs {
        match clusters
            .iter_mut()
            .find(|(bytes, ..)| *bytes == (g.start..g.end))
        {
            Some((_, l, r, _)) => {
                *l = l.min(g.x);
                *r = r.max(g.x + g.w);
            }
            None => clusters.push((g.start..g.end, g.x, g.x + g.w, g.level.is_rtl())),
        }
    }
    clusters.sort_by_key(|(bytes, ..)| bytes.start);
    let mut boxes: Vec<GraphemeBox> = Vec::new();
    for (bytes, left, right, rtl) in clusters {
        let cluster = &run.text[bytes.clone()];
        let graphemes: Vec<(usize, &str)> = cluster.grapheme_indices(true).collect();
        let share = (right - left) / graphemes.len().max(1) as f32;
        for (i, (offset, g)) in graphemes.iter().enumerate() {
            // In a right-to-left cluster the first grapheme is the rightmost.
            let x = if rtl {
                right - share * (i + 1) as f32
            } else {
                left + share * i as f32
            };
            let start = bytes.start + offset;
            boxes.push(GraphemeBox {
                chars: char_of(start)..char_of(start + g.len()),
                x,
                w: share,
                rtl,
            });
        }
    }
    share_zero_width(&mut boxes);
    boxes
}

/// The spaces a line wraps at are not drawn; give them a narrow box at the end of the line
/// they end, so they can be clicked and a selection over them shows.
fn keep_wrapped_spaces(lines: &mut [Line], rtl: bool, width: f32) {
    for i in 0..lines.len().saturating_sub(1) {
        let end = lines[i]
            .boxes
            .iter()
            .map(|b| b.chars.end)
            .max()
            .unwrap_or(0);
        let next = lines[i + 1]
            .boxes
            .iter()
            .map(|b| b.chars.start)
            .min()
            .unwrap_or(end);
        if next <= end {
            continue;
        }
        let boxes = &lines[i].boxes;
        let x = if rtl {
            boxes.iter().map(|b| b.x).fold(f32::MAX, f32::min) - width
        } else {
            boxes.iter().map(|b| b.x + b.w).fold(0.0, f32::max)
        };
        lines[i].boxes.push(GraphemeBox {
            chars: end..next,
            x,
            w: width,
            rtl,
        });
    }
}

/// A grapheme drawn with no advance (a lam-alef's alef drawn over the lam) takes the trailing
/// half of the grapheme before it in reading order, so it can be clicked and highlighted.
fn share_zero_width(boxes: &mut [GraphemeBox]) {
    for i in 1..boxes.len() {
        if boxes[i].w > 0.01 || boxes[i - 1].chars.end != boxes[i].chars.start {
            continue;
        }
        let prev = boxes[i - 1].clone();
        if prev.w <= 0.01 || prev.rtl != boxes[i].rtl {
            continue;
        }
        let half = prev.w / 2.0;
        boxes[i - 1].w = half;
        boxes[i].w = half;
        if prev.rtl {
            // Reading right to left: the earlier grapheme keeps the right half.
            boxes[i - 1].x = prev.x + half;
            boxes[i].x = prev.x;
        } else {
            boxes[i].x = prev.x + half;
        }
    }
}

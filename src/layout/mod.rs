//! The text engine: laying out document text the way a reader of Arabic expects, hit testing,
//! carets and highlight geometry. Painting is the GUI's job (`src/ui/text/`, `src/ui/reader.rs`); this module
//! knows no egui.
//!
//! Built on `cosmic-text`: it shapes with HarfBuzz's rules (harfrust), resolves Unicode bidi per
//! paragraph (base direction from the first strong character), breaks lines, falls back across
//! fonts, rasterises with swash, and also has an editor with visual cursor motion, which the
//! Arabic note field uses. Measured before this module was written, it laid the seed articles
//! out correctly (rows in order, numbers and Latin words left-to-right inside Arabic lines,
//! brackets mirrored) and mapped mouse positions to logical offsets correctly across direction
//! changes; `parley` did too, but would have needed a separate rasteriser and editor.
//!
//! Units: positions are points; offsets are code points of the document text in logical order,
//! the one convention everywhere in qari. Byte indices stay inside [`paragraph`].
//!
//! - [`fonts`]: the bundled fonts and the font system built from them alone.
//! - [`paragraph`]: one paragraph laid out, with hit testing, carets and highlight rectangles.
//! - [`document`]: a whole document as paragraphs, laid out only where looked at, with cached
//!   layouts and heights.
//! - [`selection`]: a selection as a logical range, words and paragraphs.

pub mod document;
pub mod fonts;
pub mod paragraph;
pub mod selection;

pub use document::DocumentLayout;
pub use fonts::{FontChoice, font_system};
pub use paragraph::{Caret, ParagraphLayout, Rect};
pub use selection::Selection;

use serde::{Deserialize, Serialize};

/// How text is set: font, size and spacing.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TextStyle {
    /// The reading font.
    pub font: FontChoice,
    /// Font size in points.
    pub font_size: f32,
    /// Line height as a multiple of the font size (Arabic with marks needs about 1.7).
    pub line_spacing: f32,
    /// Space after each paragraph, as a multiple of the font size.
    pub paragraph_spacing: f32,
}

impl Default for TextStyle {
    fn default() -> Self {
        Self {
            font: FontChoice::default(),
            font_size: 20.0,
            line_spacing: 1.7,
            paragraph_spacing: 0.8,
        }
    }
}

impl TextStyle {
    /// Line height in points.
    pub fn line_height(&self) -> f32 {
        (self.font_size * self.line_spacing).round()
    }

    /// Space after a paragraph in points.
    pub fn paragraph_gap(&self) -> f32 {
        (self.font_size * self.paragraph_spacing).round()
    }
}

//! Drawing text with qari's text engine ([`crate::layout`]) inside egui: the shared engine
//! (fonts and glyph texture), painting laid-out paragraphs as textured quads, and the widgets
//! built on it.
//!
//! egui's own text layout does no bidi reordering, so Arabic mixed with digits or Latin comes
//! out scrambled; everything that shows document text, titles or names goes through here.

pub mod atlas;
mod label;
mod note_edit;
mod paint;

use std::sync::{Arc, Mutex};

use cosmic_text::FontSystem;
use egui::{Context, Id};

pub use label::{LabelCache, label, line_width, paint_line, paint_line_marked};
pub use note_edit::NoteEditor;
pub use paint::{paint_paragraph, paint_runs};

use atlas::GlyphAtlas;

/// The fonts and the glyph texture, shared by every view in one egui context.
pub struct TextEngine {
    /// The font system (bundled fonts only).
    pub fonts: FontSystem,
    /// The glyph texture.
    pub atlas: GlyphAtlas,
    /// Layouts of labels.
    pub labels: LabelCache,
}

fn shared(ctx: &Context) -> Arc<Mutex<TextEngine>> {
    ctx.data_mut(|data| {
        data.get_temp_mut_or_insert_with(Id::unique("qari-text-engine"), || {
            Arc::new(Mutex::new(TextEngine {
                fonts: crate::layout::font_system(),
                atlas: GlyphAtlas::default(),
                labels: LabelCache::default(),
            }))
        })
        .clone()
    })
}

/// Runs `f` with the context's text engine. The engine is locked while `f` runs: `f` must not
/// call back into anything that draws engine text (a label inside the reading view's closure
/// would wait for itself); pass the engine down instead.
pub fn with_engine<R>(ctx: &Context, f: impl FnOnce(&mut TextEngine) -> R) -> R {
    let engine = shared(ctx);
    // A panic while drawing text leaves the engine usable: its state is caches only.
    let mut guard = engine
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    f(&mut guard)
}

/// Once per frame, before any text is drawn: lets the glyph texture grow or clear.
pub fn begin_frame(ctx: &Context) {
    with_engine(ctx, |engine| engine.atlas.begin_frame());
}

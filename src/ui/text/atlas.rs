//! The glyph texture: glyphs rasterised by swash at the screen's physical pixel size, packed in
//! shelves into one egui texture, drawn as textured quads.
//!
//! The texture starts at 1024² and doubles up to 4096² when it fills; beyond that it is cleared
//! and refilled with what is on screen (the glyphs of one screen fit many times over). A full
//! texture is only grown or cleared between frames, so quads already emitted stay valid.

use std::collections::HashMap;

use cosmic_text::{CacheKey, FontSystem, SwashCache, SwashContent};
use egui::{Color32, ColorImage, Context, TextureHandle, TextureId, TextureOptions};

const START_SIDE: usize = 1024;
const MAX_SIDE: usize = 4096;
const PADDING: usize = 1;

/// Where a glyph is in the texture and how it sits on its pen position (physical pixels).
#[derive(Clone, Copy, Debug)]
pub struct AtlasGlyph {
    /// Top-left texel.
    pub pos: [usize; 2],
    /// Size in texels (= physical pixels).
    pub size: [usize; 2],
    /// Offset of the bitmap's left edge from the pen position.
    pub left: i32,
    /// Offset of the bitmap's top edge above the baseline.
    pub top: i32,
    /// A colour bitmap (emoji), drawn untinted.
    pub is_color: bool,
}

/// The glyph texture and its index.
pub struct GlyphAtlas {
    swash: SwashCache,
    texture: Option<TextureHandle>,
    side: usize,
    max_side: usize,
    glyphs: HashMap<CacheKey, Option<AtlasGlyph>>,
    shelf_x: usize,
    shelf_y: usize,
    shelf_height: usize,
    full: bool,
    generation: u64,
}

impl Default for GlyphAtlas {
    fn default() -> Self {
        Self::with_sides(START_SIDE, MAX_SIDE)
    }
}

impl GlyphAtlas {
    /// An atlas starting at `start`² texels and growing up to `max`².
    pub fn with_sides(start: usize, max: usize) -> Self {
        Self {
            swash: SwashCache::new(),
            texture: None,
            side: start,
            max_side: max.max(start),
            glyphs: HashMap::new(),
            shelf_x: 0,
            shelf_y: 0,
            shelf_height: 0,
            full: false,
            generation: 0,
        }
    }

    /// Called once per frame before drawing: grows or clears a texture that filled up.
    pub fn begin_frame(&mut self) {
        if !self.full {
            return;
        }
        if self.side < self.max_side {
            self.side *= 2;
        }
        self.texture = None;
        self.glyphs.clear();
        self.shelf_x = 0;
        self.shelf_y = 0;
        self.shelf_height = 0;
        self.full = false;
        self.generation += 1;
    }

    /// Side of the texture in texels.
    pub fn side(&self) -> usize {
        self.side
    }

    /// How many times the texture was grown or cleared.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Glyphs held.
    pub fn len(&self) -> usize {
        self.glyphs.len()
    }

    /// No glyphs held.
    pub fn is_empty(&self) -> bool {
        self.glyphs.is_empty()
    }

    /// The texture, created on first use.
    pub fn texture_id(&mut self, ctx: &Context) -> TextureId {
        self.texture(ctx).id()
    }

    fn texture(&mut self, ctx: &Context) -> &mut TextureHandle {
        let side = self.side;
        self.texture.get_or_insert_with(|| {
            ctx.load_texture(
                "qari-glyphs",
                ColorImage::filled([side, side], Color32::TRANSPARENT),
                TextureOptions::LINEAR,
            )
        })
    }

    /// The glyph for a cache key, rasterised and uploaded if new. `None` for glyphs with no
    /// pixels (spaces) and, until the next frame, when the texture is full.
    pub fn glyph(
        &mut self,
        ctx: &Context,
        fonts: &mut FontSystem,
        key: CacheKey,
    ) -> Option<AtlasGlyph> {
        if let Some(known) = self.glyphs.get(&key) {
            return *known;
        }
        if self.full {
            ctx.request_repaint();
            return None;
        }
        let Some(image) = self.swash.get_image_uncached(fonts, key) else {
            self.glyphs.insert(key, None);
            return None;
        };
        let (w, h) = (
            image.placement.width as usize,
            image.placement.height as usize,
        );
        if w == 0 || h == 0 {
            self.glyphs.insert(key, None);
            return None;
        }
        let Some(pos) = self.allocate(w, h) else {
            self.full = true;
            ctx.request_repaint();
            return None;
        };
        let (pixels, is_color) = match image.content {
            SwashContent::Mask => (
                image
                    .data
                    .iter()
                    .map(|a| Color32::from_white_alpha(*a))
                    .collect(),
                false,
            ),
            SwashContent::SubpixelMask => (
                image
                    .data
                    .chunks_exact(4)
                    .map(|p| Color32::from_white_alpha(p[1]))
                    .collect(),
                false,
            ),
            SwashContent::Color => (
                image
                    .data
                    .chunks_exact(4)
                    .map(|p| Color32::from_rgba_unmultiplied(p[0], p[1], p[2], p[3]))
                    .collect(),
                true,
            ),
        };
        self.texture(ctx)
            .set_partial(pos, ColorImage::new([w, h], pixels), TextureOptions::LINEAR);
        let glyph = AtlasGlyph {
            pos,
            size: [w, h],
            left: image.placement.left,
            top: image.placement.top,
            is_color,
        };
        self.glyphs.insert(key, Some(glyph));
        Some(glyph)
    }

    /// A place for a `w`×`h` bitmap: along the current shelf, else on a new shelf.
    fn allocate(&mut self, w: usize, h: usize) -> Option<[usize; 2]> {
        let (w, h) = (w + PADDING, h + PADDING);
        if w > self.side || h > self.side {
            return None;
        }
        if self.shelf_x + w > self.side {
            self.shelf_y += self.shelf_height;
            self.shelf_x = 0;
            self.shelf_height = 0;
        }
        if self.shelf_y + h > self.side {
            return None;
        }
        let pos = [self.shelf_x, self.shelf_y];
        self.shelf_x += w;
        self.shelf_height = self.shelf_height.max(h);
        Some(pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{ParagraphLayout, TextStyle, font_system};

    #[test]
    fn a_full_texture_grows_then_clears_and_never_exceeds_its_limit() {
        let ctx = Context::default();
        let mut fonts = font_system();
        let mut atlas = GlyphAtlas::with_sides(128, 256);
        let mut sides = vec![atlas.side()];
        for size in (30..200).step_by(5) {
            atlas.begin_frame();
            if *sides.last().unwrap() != atlas.side() {
                sides.push(atlas.side());
            }
            let style = TextStyle {
                font_size: size as f32,
                ..TextStyle::default()
            };
            let layout = ParagraphLayout::new(&mut fonts, "معاهدة الأمن", &style, 5000.0);
            for run in layout.runs() {
                for glyph in run.glyphs {
                    let key = glyph.physical((0.0, 0.0), 1.0).cache_key;
                    atlas.glyph(&ctx, &mut fonts, key);
                }
            }
            assert!(atlas.side() <= 256);
        }
        assert_eq!(sides, [128, 256], "grew once, then stayed at the limit");
        assert!(
            atlas.generation() >= 3,
            "cleared when full: {}",
            atlas.generation()
        );
    }
}

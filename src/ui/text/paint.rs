//! Painting a laid-out paragraph: each glyph is looked up (or rasterised) in the glyph texture
//! at the screen's physical pixel size and drawn as a textured quad on the physical pixel grid,
//! so text stays sharp at any pixels-per-point.

use egui::{Color32, Mesh, Painter, Pos2, Rect, Shape, pos2, vec2};

use cosmic_text::{FontSystem, LayoutRun};

use super::atlas::GlyphAtlas;
use crate::layout::ParagraphLayout;

/// Draws `layout` with its top-left corner at `origin` (points), in `color`. Lines outside the
/// painter's clip rectangle are skipped.
pub fn paint_paragraph(
    painter: &Painter,
    atlas: &mut GlyphAtlas,
    fonts: &mut FontSystem,
    layout: &ParagraphLayout,
    origin: Pos2,
    color: Color32,
) {
    paint_runs(painter, atlas, fonts, layout.runs(), origin, color);
}

/// Draws laid-out lines (from a paragraph or an editor's buffer) at `origin`.
pub fn paint_runs<'a>(
    painter: &Painter,
    atlas: &mut GlyphAtlas,
    fonts: &mut FontSystem,
    runs: impl Iterator<Item = LayoutRun<'a>>,
    origin: Pos2,
    color: Color32,
) {
    let ctx = painter.ctx();
    let frame = Frame {
        ppp: ctx.pixels_per_point(),
        clip: painter.clip_rect(),
        origin,
        color,
    };
    let mesh = glyph_mesh(ctx, &frame, atlas, fonts, runs);
    if !mesh.is_empty() {
        painter.add(Shape::mesh(mesh));
    }
}

/// Where and how glyphs are placed: scale, visible area, top-left corner, colour.
struct Frame {
    ppp: f32,
    clip: Rect,
    origin: Pos2,
    color: Color32,
}

/// The textured quads of the glyphs of `runs` that fall inside the frame's clip rectangle.
fn glyph_mesh<'a>(
    ctx: &egui::Context,
    frame: &Frame,
    atlas: &mut GlyphAtlas,
    fonts: &mut FontSystem,
    runs: impl Iterator<Item = LayoutRun<'a>>,
) -> Mesh {
    let Frame {
        ppp,
        clip,
        origin,
        color,
    } = *frame;
    let origin_px = pos2((origin.x * ppp).round(), (origin.y * ppp).round());
    let texture = atlas.texture_id(ctx);
    let mut mesh = Mesh::with_texture(texture);
    for run in runs {
        let top = origin.y + run.line_top;
        if top > clip.max.y || top + run.line_height < clip.min.y {
            continue;
        }
        for glyph in run.glyphs {
            let physical = glyph.physical((origin_px.x, origin_px.y + run.line_y * ppp), ppp);
            let Some(g) = atlas.glyph(ctx, fonts, physical.cache_key) else {
                continue;
            };
            let side = atlas.side() as f32;
            let min = pos2(
                (physical.x + g.left) as f32 / ppp,
                (physical.y - g.top) as f32 / ppp,
            );
            let size = vec2(g.size[0] as f32, g.size[1] as f32);
            let rect = Rect::from_min_size(min, size / ppp);
            let uv = Rect::from_min_size(
                pos2(g.pos[0] as f32 / side, g.pos[1] as f32 / side),
                size / side,
            );
            let tint = if g.is_color { Color32::WHITE } else { color };
            mesh.add_rect_with_uv(rect, uv, tint);
        }
    }
    mesh
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{TextStyle, font_system};

    #[test]
    fn glyph_quads_sit_on_physical_pixels_at_fractional_scale() {
        let ctx = egui::Context::default();
        let mut fonts = font_system();
        let mut atlas = GlyphAtlas::default();
        let layout = ParagraphLayout::new(
            &mut fonts,
            "قال توكاييف إن Elbasy صامت منذ 1989",
            &TextStyle::default(),
            600.0,
        );
        let frame = Frame {
            ppp: 1.5,
            clip: Rect::from_min_size(Pos2::ZERO, egui::vec2(1000.0, 1000.0)),
            origin: egui::pos2(10.3, 20.7),
            color: Color32::WHITE,
        };
        let mesh = glyph_mesh(&ctx, &frame, &mut atlas, &mut fonts, layout.runs());
        assert!(mesh.vertices.len() > 40);
        for v in &mesh.vertices {
            for coord in [v.pos.x * 1.5, v.pos.y * 1.5] {
                assert!(
                    (coord - coord.round()).abs() < 1e-3,
                    "{coord} is not on a pixel"
                );
            }
        }
    }
}

//! The charts as PNG images: their SVG drawn with resvg, with qari's own fonts (so Arabic
//! labels are shaped and joined the same on every machine, whatever fonts it has).

use resvg::{tiny_skia, usvg};

use crate::layout::fonts::{NOTO_NASKH_ARABIC, NOTO_SANS};

/// Pixels per SVG unit: twice the size, sharp on a report's page.
const SCALE: f32 = 2.0;

/// Why a chart could not be drawn as PNG.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    /// The SVG did not parse (a bug: qari wrote it).
    #[error("the chart's SVG could not be read ({0})")]
    Svg(#[from] usvg::Error),
    /// The image would be empty or too large.
    #[error("the chart is too large to draw ({0}×{1})")]
    Size(u32, u32),
    /// Encoding failed.
    #[error("the PNG could not be encoded ({0})")]
    Encode(String),
}

/// Draws an SVG document as a PNG image.
pub fn svg_to_png(svg: &str) -> Result<Vec<u8>, PngError> {
    let mut options = usvg::Options::default();
    let fonts = options.fontdb_mut();
    fonts.load_font_data(NOTO_SANS.to_vec());
    fonts.load_font_data(NOTO_NASKH_ARABIC.to_vec());
    fonts.set_sans_serif_family("Noto Sans");
    options.font_family = "Noto Sans".to_owned();
    let tree = usvg::Tree::from_str(svg, &options)?;
    let size = tree.size().to_int_size().scale_by(SCALE);
    let (width, height) = size.map_or((0, 0), |s| (s.width(), s.height()));
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or(PngError::Size(width, height))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_drawn_with_its_arabic_label() {
        let bars = [crate::analysis::svg::Bar {
            label: "Kazakhstan".into(),
            arabic: "كازاخستان".into(),
            value: 3,
            detail: String::new(),
            colour: "#e0963e".into(),
        }];
        let svg = crate::analysis::svg::bar_chart("Places", "mentions", &bars);
        let png = svg_to_png(&svg).unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        // The Arabic label is drawn: dark pixels in the label column's right half.
        let without = crate::analysis::svg::bar_chart(
            "Places",
            "mentions",
            &[crate::analysis::svg::Bar {
                arabic: String::new(),
                ..bars[0].clone()
            }],
        );
        assert_ne!(png, svg_to_png(&without).unwrap());
    }
}

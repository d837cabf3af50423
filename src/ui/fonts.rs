//! The fonts the GUI draws with: egui's defaults, plus Noto Sans and Noto Naskh Arabic (OFL-1.1,
//! `assets/fonts/OFL.txt`) as fallbacks so Arabic titles and names have glyphs. Embedded in the
//! binary; no system font is looked up, so every machine draws the same.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

const NOTO_SANS: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
const NOTO_NASKH_ARABIC: &[u8] = include_bytes!("../../assets/fonts/NotoNaskhArabic-Regular.ttf");

/// Installs qari's fonts into an egui context.
pub fn install(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    for (name, bytes) in [
        ("noto-sans", NOTO_SANS),
        ("noto-naskh-arabic", NOTO_NASKH_ARABIC),
    ] {
        fonts
            .font_data
            .insert(name.to_owned(), Arc::new(FontData::from_static(bytes)));
        for family in [FontFamily::Proportional, FontFamily::Monospace] {
            fonts
                .families
                .entry(family)
                .or_default()
                .push(name.to_owned());
        }
    }
    ctx.set_fonts(fonts);
}

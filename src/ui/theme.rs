//! Light and dark: which of egui's two styles is shown ([`ThemeChoice`], remembered in
//! [`crate::recent`]), and every colour qari paints itself, derived per theme from the
//! [`Visuals`] being drawn with.
//!
//! The colours keep WCAG 2.x contrast: text on a highlight at least [`TEXT_CONTRAST`] (AA for
//! body text), lines and marks (underlines, outlines, dots) against the background at least
//! [`MARK_CONTRAST`]. They are not fixed tables but the wanted hue made to pass
//! ([`tint_behind`], [`legible`]), so a code colour typed into a project file passes too. What
//! egui draws itself (widgets, menus) is egui's, apart from the light theme's warning colour
//! ([`adjust`]).

use egui::{Color32, RichText, Theme, ThemePreference, Visuals};

use super::coding::colour32;
use crate::annotations::Colour;
use crate::entities::Kind;
pub use crate::recent::ThemeChoice;

/// Least contrast of text with what is behind it (WCAG 2.x AA, body text).
pub const TEXT_CONTRAST: f32 = 4.5;
/// Least contrast of a line or mark with the background (WCAG 2.x non-text contrast).
pub const MARK_CONTRAST: f32 = 3.0;

/// The search hit's hue.
const HIT: Color32 = Color32::from_rgb(240, 200, 40);
/// The find bar's hits' hue.
const FOUND: Color32 = Color32::from_rgb(250, 170, 40);
/// The find bar's current hit's frame.
const CURRENT_FOUND: Color32 = Color32::from_rgb(230, 120, 20);
/// egui's warning orange on a light background, before [`adjust`] darkens it.
const LIGHT_WARN: Color32 = Color32::from_rgb(255, 100, 0);

/// egui's preference for a choice.
pub fn preference(choice: ThemeChoice) -> ThemePreference {
    match choice {
        ThemeChoice::System => ThemePreference::System,
        ThemeChoice::Light => ThemePreference::Light,
        ThemeChoice::Dark => ThemePreference::Dark,
    }
}

/// Shows `choice` from the next frame on (follows the operating system for
/// [`ThemeChoice::System`]; eframe tells egui what the system prefers).
pub fn apply(ctx: &egui::Context, choice: ThemeChoice) {
    ctx.set_theme(preference(choice));
}

/// Sets qari's changes to egui's two styles (call once, at start-up).
pub fn install(ctx: &egui::Context) {
    for theme in [Theme::Dark, Theme::Light] {
        ctx.style_mut_of(theme, |style| adjust(&mut style.visuals));
    }
}

/// qari's changes to egui's visuals: the light theme's warning orange is darkened until text
/// in it and a white "!" on it can be read.
pub fn adjust(visuals: &mut Visuals) {
    if !visuals.dark_mode {
        visuals.warn_fg_color = legible(LIGHT_WARN, visuals.extreme_bg_color, TEXT_CONTRAST);
    }
}

/// egui's visuals of a theme with qari's changes ([`adjust`]): what tests check colours against.
pub fn visuals(theme: Theme) -> Visuals {
    let mut visuals = theme.default_visuals();
    adjust(&mut visuals);
    visuals
}

/// What the reading view and the panels are painted on.
pub fn background(visuals: &Visuals) -> Color32 {
    visuals.panel_fill
}

/// The reading text: stronger than egui's labels, so it keeps its contrast on highlights.
pub fn reading_text(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_gray(220)
    } else {
        Color32::from_gray(20)
    }
}

/// The translucent fill behind a passage tagged with a code of this colour (overlapping
/// passages darken).
pub fn code_fill(colour: Colour, visuals: &Visuals) -> Color32 {
    let alpha = if visuals.dark_mode { 0.45 } else { 0.55 };
    tint_behind(colour32(colour), alpha, visuals)
}

/// A line in a code's colour (the underline of a passage's second and further codes, a
/// swatch's edge).
pub fn code_line(colour: Colour, visuals: &Visuals) -> Color32 {
    legible(colour32(colour), background(visuals), MARK_CONTRAST)
}

/// A code's name on its colour, as in the reading view.
pub fn code_chip(text: impl Into<String>, colour: Colour, visuals: &Visuals) -> RichText {
    RichText::new(text)
        .background_color(chip_fill(colour, visuals))
        .color(reading_text(visuals))
}

/// The opaque fill of a code chip: the reading view's fill on the background.
pub fn chip_fill(colour: Colour, visuals: &Visuals) -> Color32 {
    over(code_fill(colour, visuals), background(visuals))
}

/// A kind of entity's colour: the underline of its mentions, its dot and its heading.
pub fn kind_color(kind: Kind, visuals: &Visuals) -> Color32 {
    legible(kind_hue(kind), background(visuals), TEXT_CONTRAST)
}

/// The frame around a name the tagger suggests: the kind's hue, less strong than a
/// register mention's underline where the theme allows.
pub fn suggestion_color(kind: Kind, visuals: &Visuals) -> Color32 {
    legible(kind_hue(kind), background(visuals), MARK_CONTRAST)
}

fn kind_hue(kind: Kind) -> Color32 {
    let [r, g, b] = kind.hue();
    Color32::from_rgb(r, g, b)
}

/// The fill behind a corpus search hit in the reading view.
pub fn hit_fill(visuals: &Visuals) -> Color32 {
    let alpha = if visuals.dark_mode { 0.4 } else { 0.45 };
    tint_behind(HIT, alpha, visuals)
}

/// The fill behind the hit of a concordance line (stronger: it is the line's centre).
pub fn kwic_hit_fill(visuals: &Visuals) -> Color32 {
    tint_behind(HIT, 0.7, visuals)
}

/// The fill behind the find bar's hits.
pub fn found_fill(visuals: &Visuals) -> Color32 {
    tint_behind(FOUND, 0.45, visuals)
}

/// The frame around the find bar's current hit.
pub fn current_found(visuals: &Visuals) -> Color32 {
    legible(CURRENT_FOUND, background(visuals), MARK_CONTRAST)
}

/// The flash over a passage brought into view, at its strongest (it fades from there).
pub fn flash_fill(visuals: &Visuals) -> Color32 {
    tint_behind(visuals.warn_fg_color, 0.6, visuals)
}

/// `hue` made translucent, as strong as `alpha` (0–1) or less: the strongest, in steps of
/// 5 %, behind which the reading text keeps [`TEXT_CONTRAST`] on the background.
pub fn tint_behind(hue: Color32, alpha: f32, visuals: &Visuals) -> Color32 {
    let text = reading_text(visuals);
    let bg = background(visuals);
    let steps = (alpha.clamp(0.0, 1.0) * 20.0).round() as u8;
    (1..=steps)
        .rev()
        .map(|step| hue.gamma_multiply(f32::from(step) / 20.0))
        .find(|fill| contrast_ratio(text, over(*fill, bg)) >= TEXT_CONTRAST)
        .unwrap_or(Color32::TRANSPARENT)
}

/// `color` mixed towards black (on a light `bg`) or white (on a dark one), as little as
/// needed, in steps of 5 %, to keep `min` contrast with `bg`.
pub fn legible(color: Color32, bg: Color32, min: f32) -> Color32 {
    let towards = if contrast_ratio(Color32::BLACK, bg) >= contrast_ratio(Color32::WHITE, bg) {
        Color32::BLACK
    } else {
        Color32::WHITE
    };
    (0..=20u8)
        .map(|step| color.lerp_to_gamma(towards, f32::from(step) / 20.0))
        .find(|c| contrast_ratio(*c, bg) >= min)
        .unwrap_or(towards)
}

/// A (premultiplied) colour painted over an opaque background, as egui blends: in sRGB.
pub fn over(top: Color32, bg: Color32) -> Color32 {
    let keep = 255 - u16::from(top.a());
    let mix = |t: u8, b: u8| {
        let value = u16::from(t) + (u16::from(b) * keep + 127) / 255;
        value.min(255) as u8
    };
    Color32::from_rgb(
        mix(top.r(), bg.r()),
        mix(top.g(), bg.g()),
        mix(top.b(), bg.b()),
    )
}

/// WCAG 2.x relative luminance of an sRGB colour (0 for black, 1 for white); alpha is
/// ignored (compose translucent colours first, with [`over`]).
pub fn relative_luminance(color: Color32) -> f32 {
    let linear = |channel: u8| {
        let c = f32::from(channel) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(color.r()) + 0.7152 * linear(color.g()) + 0.0722 * linear(color.b())
}

/// WCAG 2.x contrast ratio of two opaque colours, from 1 (the same) to 21 (black and white).
pub fn contrast_ratio(a: Color32, b: Color32) -> f32 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn themes() -> [(&'static str, Visuals); 2] {
        [
            ("dark", visuals(Theme::Dark)),
            ("light", visuals(Theme::Light)),
        ]
    }

    #[test]
    fn contrast_ratio_follows_wcag() {
        assert!((relative_luminance(Color32::WHITE) - 1.0).abs() < 1e-6);
        assert!(relative_luminance(Color32::BLACK).abs() < 1e-6);
        assert!((contrast_ratio(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 1e-4);
        assert!((contrast_ratio(Color32::WHITE, Color32::BLACK) - 21.0).abs() < 1e-4);
        let grey = Color32::from_gray(119);
        assert!((contrast_ratio(grey, grey) - 1.0).abs() < 1e-6);
        // The well-known pair: #767676 is the lightest grey with AA contrast on white, #777
        // just fails (4.54 and 4.48).
        let passes = contrast_ratio(Color32::from_gray(0x76), Color32::WHITE);
        let fails = contrast_ratio(Color32::from_gray(0x77), Color32::WHITE);
        assert!((passes - 4.54).abs() < 0.01, "{passes}");
        assert!((fails - 4.48).abs() < 0.01, "{fails}");
        // Pure red on white: 4.0.
        let red = contrast_ratio(Color32::from_rgb(255, 0, 0), Color32::WHITE);
        assert!((red - 4.0).abs() < 0.01, "{red}");
    }

    #[test]
    fn over_blends_a_translucent_colour_onto_the_background() {
        let half_white = Color32::WHITE.gamma_multiply(0.5);
        assert_eq!(over(half_white, Color32::BLACK), Color32::from_gray(128));
        assert_eq!(over(Color32::TRANSPARENT, Color32::RED), Color32::RED);
        assert_eq!(over(Color32::BLUE, Color32::RED), Color32::BLUE);
    }

    #[test]
    fn legible_changes_a_colour_only_as_much_as_needed() {
        let white = Color32::WHITE;
        let blue = Color32::from_rgb(0, 0, 200);
        assert_eq!(legible(blue, white, MARK_CONTRAST), blue, "passes as it is");
        let yellow = legible(HIT, white, MARK_CONTRAST);
        assert!(contrast_ratio(yellow, white) >= MARK_CONTRAST);
        assert!(contrast_ratio(yellow.lerp_to_gamma(HIT, 0.1), white) < MARK_CONTRAST + 0.5);
        let navy = legible(Color32::from_rgb(0, 0, 90), Color32::BLACK, TEXT_CONTRAST);
        assert!(
            contrast_ratio(navy, Color32::BLACK) >= TEXT_CONTRAST,
            "lightened on black"
        );
    }

    /// Every colour qari paints, in both themes, with the lowest ratio of each check printed
    /// (`cargo test --lib theme -- --nocapture`).
    #[test]
    fn every_colour_keeps_its_contrast_in_both_themes() {
        let mut failures = Vec::new();
        for (name, v) in themes() {
            let text = reading_text(&v);
            let bg = background(&v);
            let mut check = |what: &str, ratios: Vec<f32>, min: f32| {
                let lowest = ratios.iter().copied().fold(f32::INFINITY, f32::min);
                println!("{name:5} {what:48} lowest {lowest:5.2} (at least {min})");
                if lowest < min {
                    failures.push(format!("{name}: {what} {lowest:.2} < {min}"));
                }
            };
            check(
                "reading text on the background",
                vec![contrast_ratio(text, bg)],
                7.0,
            );
            let codes = Colour::PALETTE;
            let on = |fill: Color32| contrast_ratio(text, over(fill, bg));
            check(
                "text on tagged passages (palette)",
                codes.iter().map(|c| on(code_fill(*c, &v))).collect(),
                TEXT_CONTRAST,
            );
            check(
                "text on code chips (palette)",
                codes
                    .iter()
                    .map(|c| contrast_ratio(text, chip_fill(*c, &v)))
                    .collect(),
                TEXT_CONTRAST,
            );
            check(
                "code underlines on the background (palette)",
                codes
                    .iter()
                    .map(|c| contrast_ratio(code_line(*c, &v), bg))
                    .collect(),
                MARK_CONTRAST,
            );
            check(
                "kind colours (text) on the background",
                Kind::ALL
                    .iter()
                    .map(|k| contrast_ratio(kind_color(*k, &v), bg))
                    .collect(),
                TEXT_CONTRAST,
            );
            check(
                "suggestion outlines on the background",
                Kind::ALL
                    .iter()
                    .map(|k| contrast_ratio(suggestion_color(*k, &v), bg))
                    .collect(),
                MARK_CONTRAST,
            );
            check("text on search hits", vec![on(hit_fill(&v))], TEXT_CONTRAST);
            check(
                "text on concordance hits",
                vec![on(kwic_hit_fill(&v))],
                TEXT_CONTRAST,
            );
            check("text on find hits", vec![on(found_fill(&v))], TEXT_CONTRAST);
            check(
                "current find hit's frame on the background",
                vec![contrast_ratio(current_found(&v), bg)],
                MARK_CONTRAST,
            );
            check(
                "text on the selection",
                vec![on(v.selection.bg_fill)],
                TEXT_CONTRAST,
            );
            check(
                "text on the flash, at its strongest",
                vec![on(flash_fill(&v))],
                TEXT_CONTRAST,
            );
            check(
                "warning text on the background",
                vec![contrast_ratio(v.warn_fg_color, bg)],
                TEXT_CONTRAST,
            );
            check(
                "warning badge's \"!\" on its disc",
                vec![contrast_ratio(v.extreme_bg_color, v.warn_fg_color)],
                TEXT_CONTRAST,
            );
            // The fills must still be seen: no palette colour fades to nearly nothing.
            for colour in codes {
                let fill = code_fill(colour, &v);
                if fill.a() < 64 {
                    failures.push(format!("{name}: {colour} is a faint tint ({})", fill.a()));
                }
            }
            for (what, fill) in [("hit", hit_fill(&v)), ("found", found_fill(&v))] {
                if fill.a() < 64 {
                    failures.push(format!("{name}: the {what} fill is faint ({})", fill.a()));
                }
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn a_code_colour_from_a_project_file_is_made_to_pass_too() {
        for (name, v) in themes() {
            for colour in [
                Colour([255, 255, 255]),
                Colour([0, 0, 0]),
                Colour([0, 0, 255]),
            ] {
                let text = reading_text(&v);
                let on = over(code_fill(colour, &v), background(&v));
                assert!(
                    contrast_ratio(text, on) >= TEXT_CONTRAST,
                    "{name}: text on {colour}"
                );
                let line = code_line(colour, &v);
                assert!(
                    contrast_ratio(line, background(&v)) >= MARK_CONTRAST,
                    "{name}: line of {colour}"
                );
            }
        }
    }

    #[test]
    fn the_choice_maps_to_eguis_preference() {
        assert_eq!(preference(ThemeChoice::System), ThemePreference::System);
        assert_eq!(preference(ThemeChoice::Light), ThemePreference::Light);
        assert_eq!(preference(ThemeChoice::Dark), ThemePreference::Dark);
    }
}

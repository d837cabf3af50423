//! Whose annotations the window shows: every coder's, the current coder's, or one other
//! coder's (View → Coders). With several coders shown, each coder's passages are outlined in
//! the coder's own colour, so two coders' versions of one passage are both seen. A hidden
//! coder's annotation is not drawn, listed or selectable, so it cannot be edited by mistake.

use egui::{Color32, Response, Sense, Ui, WidgetInfo, vec2};

use super::commands::Command;
use super::text;

/// Whose annotations are shown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum CoderFilter {
    /// Every coder's.
    #[default]
    All,
    /// The current coder's (the author name in Settings).
    Mine,
    /// One coder's.
    Only(String),
}

impl CoderFilter {
    /// Whether an annotation by `author` is shown, `me` being the current coder.
    pub fn shows(&self, author: &str, me: &str) -> bool {
        match self {
            Self::All => true,
            Self::Mine => author == me,
            Self::Only(coder) => author == coder,
        }
    }
}

/// Outline colours of coders, in the order of their names (colour-blind-safe Tableau 10).
const PALETTE: [[u8; 3]; 8] = [
    [0x4E, 0x79, 0xA7],
    [0xF2, 0x8E, 0x2B],
    [0xE1, 0x57, 0x59],
    [0x76, 0xB7, 0xB2],
    [0x59, 0xA1, 0x4F],
    [0xED, 0xC9, 0x48],
    [0xB0, 0x7A, 0xA1],
    [0xFF, 0x9D, 0xA7],
];

/// The filter with what it is applied to: the current coder and the project's coders.
pub struct CoderView<'a> {
    /// The filter.
    pub filter: &'a CoderFilter,
    /// The current coder.
    pub me: &'a str,
    /// The authors of the project's annotations, sorted.
    pub authors: &'a [String],
}

impl CoderView<'_> {
    /// Whether an annotation by `author` is shown.
    pub fn shows(&self, author: &str) -> bool {
        self.filter.shows(author, self.me)
    }

    /// Whether passages are outlined in their coder's colour: several coders shown.
    pub fn outlines(&self) -> bool {
        *self.filter == CoderFilter::All && self.authors.len() > 1
    }

    /// A coder's colour.
    pub fn colour(&self, author: &str) -> Color32 {
        let i = self.authors.iter().position(|a| a == author).unwrap_or(0);
        let [r, g, b] = PALETTE[i % PALETTE.len()];
        Color32::from_rgb(r, g, b)
    }
}

/// The choices of the View menu's Coders submenu; returns the one picked.
pub fn coders_menu_ui(ui: &mut Ui, view: &CoderView<'_>) -> Option<Command> {
    let mut chosen = None;
    let mine = if view.me.is_empty() {
        "Mine".to_owned()
    } else {
        format!("Mine ({})", view.me)
    };
    for (filter, label) in [
        (CoderFilter::All, "All coders".to_owned()),
        (CoderFilter::Mine, mine),
    ] {
        if choice_row(ui, &label, view.filter == &filter, None).clicked() {
            chosen = Some(Command::ShowCoders(filter));
        }
    }
    ui.separator();
    for author in view.authors {
        let filter = CoderFilter::Only(author.clone());
        let name = if author.is_empty() {
            "(no author)"
        } else {
            author
        };
        let swatch = Some(view.colour(author));
        if choice_row(ui, name, view.filter == &filter, swatch).clicked() {
            chosen = Some(Command::ShowCoders(filter));
        }
    }
    chosen
}

/// A drop-down whose button and choices are drawn on qari's text engine (the choices may be
/// Arabic): `shown` on the button, the choices added by `add` (with [`choice_row`]); labelled
/// for screen readers by `label`.
pub(crate) fn text_picker(
    ui: &mut Ui,
    label: &str,
    shown: &str,
    add: impl FnOnce(&mut Ui),
) -> Response {
    let size = ui.style().text_styles[&egui::TextStyle::Body].size;
    let width = (text::line_width(ui.ctx(), shown, size) + 34.0).clamp(80.0, 260.0);
    let (rect, response) = ui.allocate_exact_size(vec2(width, size + 10.0), Sense::click());
    response.widget_info(|| {
        WidgetInfo::labeled(egui::Role::ComboBox, true, format!("{label}: {shown}"))
    });
    if ui.is_rect_visible(rect) {
        let visuals = ui.style().interact(&response);
        ui.painter()
            .rect_filled(rect, visuals.corner_radius, visuals.weak_bg_fill);
        let inner = rect.shrink2(vec2(6.0, 4.0));
        let (text_rect, arrow) = inner.split_left_right_at_x(inner.right() - 14.0);
        text::paint_line(ui.painter(), shown, size, text_rect, visuals.text_color());
        // A small triangle pointing down (drawn: the fonts may not have the glyph).
        let c = arrow.center();
        let h = size * 0.25;
        ui.painter().add(egui::Shape::convex_polygon(
            vec![
                egui::pos2(c.x - h, c.y - h * 0.6),
                egui::pos2(c.x + h, c.y - h * 0.6),
                egui::pos2(c.x, c.y + h * 0.8),
            ],
            visuals.text_color(),
            egui::Stroke::NONE,
        ));
    }
    egui::Popup::menu(&response).show(|ui| {
        egui::ScrollArea::vertical().max_height(400.0).show(ui, add);
    });
    response
}

/// A choice drawn on qari's text engine (coder names may be Arabic), with a colour swatch.
pub(crate) fn choice_row(
    ui: &mut Ui,
    label: &str,
    selected: bool,
    swatch: Option<Color32>,
) -> Response {
    let size = ui.style().text_styles[&egui::TextStyle::Body].size;
    let width = (text::line_width(ui.ctx(), label, size) + 40.0)
        .max(160.0)
        .min(ui.available_width().max(40.0));
    let (rect, response) = ui.allocate_exact_size(vec2(width, size + 10.0), Sense::click());
    response.widget_info(|| WidgetInfo::selected(egui::Role::RadioButton, true, selected, label));
    if ui.is_rect_visible(rect) {
        let visuals = ui.style().interact_selectable(&response, selected);
        if selected || response.hovered() {
            ui.painter()
                .rect_filled(rect, visuals.corner_radius, visuals.weak_bg_fill);
        }
        let inner = rect.shrink2(vec2(6.0, 4.0));
        let mut text_rect = inner;
        if let Some(colour) = swatch {
            let dot = egui::Rect::from_center_size(
                egui::pos2(inner.right() - 6.0, inner.center().y),
                vec2(10.0, 10.0),
            );
            ui.painter().rect_filled(dot, 2.0, colour);
            text_rect.max.x -= 18.0;
        }
        text::paint_line(ui.painter(), label, size, text_rect, visuals.text_color());
    }
    response
}

//! The most mentioned entities as horizontal bars (egui_plot: hover, pan and zoom), with each
//! bar's names beside it drawn by qari's text engine (English on the left, Arabic right-aligned
//! against the bars). A click on a bar or its names opens the entity's mentions.

use egui::{Color32, Rect, Sense, Ui, UiBuilder, pos2, vec2};
use egui_plot::{Bar, BarChart, Plot};

use super::Clicked;
use crate::analysis::charts::entities::EntityBars;
use crate::ui::text;
use crate::ui::theme::kind_color;

/// The widest the names' column gets.
const NAMES_WIDTH: f32 = 380.0;

/// Draws the bars; returns the entity clicked.
pub(super) fn bars_ui(ui: &mut Ui, bars: &EntityBars) -> Option<Clicked> {
    if bars.rows.is_empty() {
        ui.label("No entity is mentioned in the documents counted.");
        return None;
    }
    let full = ui.available_rect_before_wrap();
    let names_width = (full.width() * 0.4).min(NAMES_WIDTH);
    let plot_rect = Rect::from_min_max(pos2(full.left() + names_width, full.top()), full.max);
    let visuals = ui.visuals().clone();
    let chart_bars: Vec<Bar> = bars
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            Bar::new(-(i as f64), row.mentions as f64)
                .name(format!("{} ({} documents)", row.name, row.documents))
                .fill(kind_color(row.kind, &visuals))
                .width(0.7)
        })
        .collect();
    let response = ui
        .scope_builder(UiBuilder::new().max_rect(plot_rect), |ui| {
            Plot::new("entity_bars")
                .show_grid([true, false])
                .show_axes([true, false])
                .include_x(0.0)
                .x_axis_label("mentions")
                .allow_scroll(false)
                .show(ui, |plot| {
                    plot.bar_chart(
                        BarChart::new("mentions", chart_bars)
                            .horizontal()
                            .element_formatter(Box::new(|bar, _| {
                                format!("{}: {} mentions", bar.name, bar.value)
                            })),
                    );
                    plot.pointer_coordinate()
                })
        })
        .inner;
    let mut clicked = None;
    if response.response.clicked()
        && let Some(at) = response.inner
    {
        let i = (-at.y).round();
        if i >= 0.0
            && let Some(row) = bars.rows.get(i as usize)
            && at.x <= row.mentions as f64
        {
            clicked = Some(Clicked::Entity(row.entity));
        }
    }
    // The names, a row each beside its bar, wherever the plot has panned or zoomed to.
    let transform = response.transform;
    let frame = *transform.frame();
    let size = ui.style().text_styles[&egui::TextStyle::Body].size;
    for (i, row) in bars.rows.iter().enumerate() {
        let y = |v: f64| transform.position_from_point_y(v);
        let middle = y(-(i as f64));
        let height = (y(-(i as f64) - 0.5) - y(-(i as f64) + 0.5)).abs();
        if middle < frame.top() || middle > frame.bottom() {
            continue;
        }
        let rect = Rect::from_center_size(
            pos2(full.left() + names_width / 2.0, middle),
            vec2(names_width, height.clamp(4.0, 2.5 * size)),
        );
        let id = ui.scope_id().with(("entity_bar_names", row.entity));
        let response = ui.interact(rect, id, Sense::click());
        let described = format!(
            "{} {}: {} mentions in {} documents",
            row.name, row.arabic, row.mentions, row.documents
        );
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &described));
        if response.hovered() {
            ui.painter()
                .rect_filled(rect, 3.0, visuals.widgets.hovered.weak_bg_fill);
        }
        let size = size.min(height * 0.8).max(7.0);
        let (english, arabic) = rect
            .shrink2(vec2(6.0, 0.0))
            .split_left_right_at_fraction(0.5);
        let color = visuals.text_color();
        text::paint_line(ui.painter(), &row.name, size, english, color);
        text::paint_line(ui.painter(), &row.arabic, size, arabic, color);
        if response.clicked() {
            clicked = Some(Clicked::Entity(row.entity));
        }
    }
    ui.painter().line_segment(
        [
            pos2(full.left() + names_width, frame.top()),
            pos2(full.left() + names_width, frame.bottom()),
        ],
        (1.0, Color32::from_gray(128).gamma_multiply(0.3)),
    );
    clicked
}

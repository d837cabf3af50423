//! Counts over time as lines (egui_plot: hover, pan, zoom), the periods named under the axis
//! and a legend over it. Line names may be Arabic (codes, a query), so the legend and the
//! hover label are drawn by qari's text engine, not by the plot. A click near a point lists
//! what it counts.

use egui::{Color32, Rect, Sense, Ui, vec2};
use egui_plot::{Line, Plot, PlotPoint, PlotPoints};

use super::Clicked;
use crate::analysis::charts::timeline::TimelineChart;
use crate::ui::text;

/// Draws the timeline; returns the point clicked (line, period).
pub(super) fn timeline_ui(ui: &mut Ui, chart: &TimelineChart) -> Option<Clicked> {
    if chart.periods.is_empty() {
        ui.label(format!(
            "Nothing to draw: no dated {} (a date comes from a document's date attribute, its \
             page's publication date, or its file name, such as 2015-07-21_source_0001.txt).",
            chart.what
        ));
        return None;
    }
    legend_ui(ui, chart);
    let names: Vec<String> = chart
        .periods
        .iter()
        .map(|p| chart.period_name(*p))
        .collect();
    let axis_names = names.clone();
    let last = names.len().saturating_sub(1) as f64;
    let response = Plot::new("timeline")
        .include_y(0.0)
        .y_axis_label(chart.what)
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && (0.0..=last).contains(&i) {
                axis_names[i as usize].clone()
            } else {
                String::new()
            }
        })
        .label_formatter(|_| None)
        .allow_scroll(false)
        .show(ui, |plot| {
            for line in &chart.lines {
                let points: PlotPoints<'_> = line
                    .counts
                    .iter()
                    .enumerate()
                    .map(|(i, c)| [i as f64, *c as f64])
                    .collect();
                plot.line(
                    Line::new(line.label.clone(), points)
                        .color(hex_colour(&line.colour))
                        .width(2.0),
                );
            }
            plot.pointer_coordinate()
        });
    let near = response.inner.and_then(|at| nearest(chart, at));
    if let Some((line, period)) = near
        && response.response.hovered()
    {
        let said = format!(
            "{}: {} {} in {}",
            chart.lines[line].label, chart.lines[line].counts[period], chart.what, names[period]
        );
        response.response.clone().on_hover_ui_at_pointer(|ui| {
            let size = ui.style().text_styles[&egui::TextStyle::Body].size;
            text::label(ui, &said, size, ui.visuals().text_color());
        });
    }
    if response.response.clicked() {
        return near.map(|(line, period)| Clicked::Point(line, period));
    }
    None
}

/// The line and period nearest a point of the plot.
fn nearest(chart: &TimelineChart, at: PlotPoint) -> Option<(usize, usize)> {
    let period = at.x.round();
    if period < 0.0 || period as usize >= chart.periods.len() {
        return None;
    }
    let period = period as usize;
    let line = chart
        .lines
        .iter()
        .enumerate()
        .min_by(|(_, a), (_, b)| {
            let off = |l: &crate::analysis::charts::timeline::Line| {
                (l.counts[period] as f64 - at.y).abs()
            };
            off(a).total_cmp(&off(b))
        })?
        .0;
    Some((line, period))
}

/// A swatch and the name of each line, wrapped over the plot.
fn legend_ui(ui: &mut Ui, chart: &TimelineChart) {
    let size = ui.style().text_styles[&egui::TextStyle::Body].size;
    ui.horizontal_wrapped(|ui| {
        for line in &chart.lines {
            let width = text::line_width(ui.ctx(), &line.label, size) + 26.0;
            let (rect, response) = ui.allocate_exact_size(vec2(width, size * 1.5), Sense::hover());
            response
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &line.label));
            let swatch =
                Rect::from_center_size(rect.left_center() + vec2(8.0, 0.0), vec2(14.0, 4.0));
            ui.painter()
                .rect_filled(swatch, 1.0, hex_colour(&line.colour));
            let name = rect.with_min_x(rect.left() + 20.0);
            text::paint_line(
                ui.painter(),
                &line.label,
                size,
                name,
                ui.visuals().text_color(),
            );
        }
    });
}

/// `#rrggbb` as a colour (grey when it is not one).
pub(super) fn hex_colour(hex: &str) -> Color32 {
    let channel = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(128)
    };
    Color32::from_rgb(channel(1), channel(3), channel(5))
}

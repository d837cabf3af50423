//! Counts over time as lines (egui_plot: hover, pan, zoom, a legend to hide lines), the
//! periods named under the axis. A click near a point lists what it counts.

use egui::{Color32, Ui};
use egui_plot::{HoverPosition, Legend, Line, Plot, PlotPoints};

use super::Clicked;
use crate::analysis::charts::timeline::TimelineChart;

/// Draws the timeline; returns the point clicked (line, period).
pub(super) fn timeline_ui(ui: &mut Ui, chart: &TimelineChart) -> Option<Clicked> {
    if chart.periods.is_empty() {
        ui.label(format!(
            "Nothing to draw: no dated {} (dates come from the file names, such as \
             2015-07-21_source_0001.txt).",
            chart.what
        ));
        return None;
    }
    let names: Vec<String> = chart
        .periods
        .iter()
        .map(|p| chart.period_name(*p))
        .collect();
    let period_names = names.clone();
    let last = names.len().saturating_sub(1) as f64;
    let response = Plot::new("timeline")
        .legend(Legend::default())
        .include_y(0.0)
        .y_axis_label(chart.what)
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && (0.0..=last).contains(&i) {
                names[i as usize].clone()
            } else {
                String::new()
            }
        })
        .label_formatter(move |hover| match hover {
            HoverPosition::NearDataPoint {
                plot_name,
                position,
                index,
            } => Some(format!(
                "{plot_name}: {:.0} in {}",
                position.y,
                period_names.get(*index).map_or("", String::as_str)
            )),
            HoverPosition::Elsewhere { .. } => None,
        })
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
    if !response.response.clicked() {
        return None;
    }
    let at = response.inner?;
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
    Some(Clicked::Point(line, period))
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

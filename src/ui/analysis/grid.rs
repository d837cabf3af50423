//! A project's codes as a grid (MAXQDA's Code Matrix Browser and Code Relations Browser): a row
//! per code, a column per document (or per code), a square in each cell sized by its count in
//! the code's colour. Only the cells in sight are drawn, so a grid of thousands of documents
//! scrolls as lightly as a small one; the codes stay at the left while it scrolls. A click on a
//! cell lists its passages.

use egui::{Rect, ScrollArea, Sense, Stroke, Ui, pos2, vec2};

use super::Clicked;
use super::timeline::hex_colour;
use crate::analysis::charts::codes::{CodeGrid, Columns};
use crate::project::Workspace;
use crate::ui::text;

const CELL: f32 = 30.0;
const HEADER: f32 = 26.0;
const LABELS: f32 = 220.0;

/// Draws the grid; returns the cell clicked (row, column).
pub(super) fn grid_ui(ui: &mut Ui, grid: &CodeGrid, ws: &Workspace) -> Option<Clicked> {
    if grid.codes.is_empty() {
        ui.label(match grid.columns_are {
            Columns::Documents => "No passage is coded yet: tag passages to see them here.",
            Columns::Codes => "No two codes meet yet (on one passage or on overlapping ones).",
        });
        return None;
    }
    let largest = grid.largest().max(1) as f32;
    let visuals = ui.visuals().clone();
    let size = ui.style().text_styles[&egui::TextStyle::Body].size;
    let mut clicked = None;
    let content = vec2(
        LABELS + CELL * grid.columns.len() as f32,
        HEADER + CELL * grid.codes.len() as f32,
    );
    ScrollArea::both()
        .id_salt("code_grid")
        .auto_shrink([false, false])
        .show_viewport(ui, |ui, viewport| {
            let (whole, _) = ui.allocate_exact_size(content, Sense::hover());
            let origin = whole.min;
            let painter = ui.painter().clone();
            let first_column = ((viewport.min.x - LABELS) / CELL).floor().max(0.0) as usize;
            let last_column = (((viewport.max.x - LABELS) / CELL).ceil().max(0.0) as usize)
                .min(grid.columns.len());
            let first_row = ((viewport.min.y - HEADER) / CELL).floor().max(0.0) as usize;
            let last_row =
                (((viewport.max.y - HEADER) / CELL).ceil().max(0.0) as usize).min(grid.codes.len());
            for (r, row) in grid.cells.iter().enumerate().take(last_row).skip(first_row) {
                let colour = hex_colour(&grid.colours[r]);
                for (c, count) in row.iter().enumerate().take(last_column).skip(first_column) {
                    let cell = Rect::from_min_size(
                        origin + vec2(LABELS + CELL * c as f32, HEADER + CELL * r as f32),
                        vec2(CELL, CELL),
                    );
                    painter.rect_stroke(
                        cell,
                        0.0,
                        Stroke::new(0.5, visuals.weak_text_color().gamma_multiply(0.3)),
                        egui::StrokeKind::Inside,
                    );
                    if *count == 0 {
                        continue;
                    }
                    let side = 6.0 + (CELL - 10.0) * (*count as f32 / largest).sqrt();
                    painter.rect_filled(
                        Rect::from_center_size(cell.center(), vec2(side, side)),
                        2.0,
                        colour,
                    );
                    let id = ui.scope_id().with(("code_grid_cell", r, c));
                    let response = ui.interact(cell, id, Sense::click());
                    let described = format!(
                        "{} × {}: {count} {}",
                        grid.labels[r],
                        grid.columns[c],
                        match grid.columns_are {
                            Columns::Documents => "passages",
                            Columns::Codes => "meetings",
                        }
                    );
                    response.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Button, true, &described)
                    });
                    if response.clicked() {
                        clicked = Some(Clicked::Cell(r, c));
                    }
                    response.on_hover_ui(|ui| {
                        column_title_ui(ui, grid, c, ws);
                        let colour = ui.visuals().text_color();
                        text::label(ui, &format!("{}: {count}", grid.labels[r]), size, colour);
                    });
                }
            }
            // The column numbers along the top, kept in sight.
            let top = origin.y + viewport.min.y;
            for c in first_column..last_column {
                let header = Rect::from_min_size(
                    pos2(origin.x + LABELS + CELL * c as f32, top),
                    vec2(CELL, HEADER),
                );
                painter.rect_filled(header, 0.0, visuals.panel_fill);
                let id = ui.scope_id().with(("code_grid_column", c));
                let response = ui.interact(header, id, Sense::hover());
                painter.text(
                    header.center(),
                    egui::Align2::CENTER_CENTER,
                    (c + 1).to_string(),
                    egui::FontId::proportional(size * 0.75),
                    visuals.weak_text_color(),
                );
                response.on_hover_ui(|ui| column_title_ui(ui, grid, c, ws));
            }
            // The codes at the left, kept in sight.
            let left = origin.x + viewport.min.x;
            for r in first_row..last_row {
                let label = Rect::from_min_size(
                    pos2(left, origin.y + HEADER + CELL * r as f32),
                    vec2(LABELS, CELL),
                );
                painter.rect_filled(label, 0.0, visuals.panel_fill);
                painter.rect_filled(
                    Rect::from_min_size(label.min + vec2(4.0, 8.0), vec2(10.0, CELL - 16.0)),
                    2.0,
                    hex_colour(&grid.colours[r]),
                );
                text::paint_line(
                    &painter,
                    &grid.labels[r],
                    size,
                    label
                        .shrink2(vec2(4.0, 0.0))
                        .with_min_x(label.left() + 20.0),
                    visuals.text_color(),
                );
            }
            painter.rect_filled(
                Rect::from_min_size(pos2(left, top), vec2(LABELS, HEADER)),
                0.0,
                visuals.panel_fill,
            );
        });
    clicked
}

/// The name of column `c`: a document's title and id, or a code.
fn column_title_ui(ui: &mut Ui, grid: &CodeGrid, c: usize, ws: &Workspace) {
    let Some(name) = grid.columns.get(c) else {
        return;
    };
    let size = ui.style().text_styles[&egui::TextStyle::Body].size;
    let colour = ui.visuals().text_color();
    match grid.columns_are {
        Columns::Documents => {
            if let Some(doc) = ws.corpus().document(name) {
                text::label(ui, &doc.title, size, colour);
            }
            text::label(
                ui,
                &format!("column {}: {name}", c + 1),
                size * 0.85,
                colour,
            );
        }
        Columns::Codes => {
            text::label(ui, &format!("column {}: {name}", c + 1), size, colour);
        }
    }
}

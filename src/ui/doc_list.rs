//! The document list: every document of the corpus (title, file name, encoding, whether its
//! entities are marked done, a warning marker with the reason on hover), then documents the
//! project remembers that are gone, then files that could not be read. Rows have one height so
//! only the visible ones are drawn. While a corpus search has hits, each document's count is
//! shown in its row, and the list can be narrowed to the documents with hits
//! ([`HitFilter`]).

use egui::{Align2, FontId, Response, Role, ScrollArea, Sense, TextStyle, Ui, WidgetInfo, vec2};

use super::Selected;
use super::commands::Command;
use super::doc_filter::DocFilter;
use super::search_panel::HitFilter;
use super::text;
use crate::project::Workspace;

const ROW_HEIGHT: f32 = 44.0;

/// Number of rows: documents, then missing documents, then skipped files; or only the
/// documents in `only`.
fn row_count(ws: &Workspace, only: Option<&[usize]>) -> usize {
    match only {
        Some(docs) => docs.len(),
        None => {
            ws.corpus().documents.len() + ws.changes().missing.len() + ws.corpus().skipped.len()
        }
    }
}

fn row_item(ws: &Workspace, row: usize, only: Option<&[usize]>) -> Selected {
    if let Some(docs) = only {
        return Selected::Document(docs.get(row).copied().unwrap_or_default());
    }
    let docs = ws.corpus().documents.len();
    let missing = ws.changes().missing.len();
    if row < docs {
        Selected::Document(row)
    } else if row < docs + missing {
        Selected::Missing(row - docs)
    } else {
        Selected::Skipped(row - docs - missing)
    }
}

fn item_row(ws: &Workspace, item: Selected, only: Option<&[usize]>) -> usize {
    if let Some(docs) = only {
        // An item not in the filtered list moves from the first row.
        return match item {
            Selected::Document(i) => docs.binary_search(&i).unwrap_or_else(|at| at),
            _ => 0,
        };
    }
    match item {
        Selected::Document(i) => i,
        Selected::Missing(i) => ws.corpus().documents.len() + i,
        Selected::Skipped(i) => ws.corpus().documents.len() + ws.changes().missing.len() + i,
    }
}

/// The item `delta` rows away from `from`, kept inside the list (of the documents in `only`,
/// when it is narrowed to them); `None` for an empty list.
pub fn moved(
    ws: &Workspace,
    from: Option<Selected>,
    delta: isize,
    only: Option<&[usize]>,
) -> Option<Selected> {
    let last = row_count(ws, only).checked_sub(1)?;
    let row = from.map_or(0, |item| {
        item_row(ws, item, only)
            .saturating_add_signed(delta)
            .min(last)
    });
    Some(row_item(ws, row, only))
}

/// One row's text: title, second line, warning (if any).
fn row_text(ws: &Workspace, item: Selected) -> (String, String, Option<String>) {
    match item {
        Selected::Document(i) => {
            let doc = &ws.corpus().documents[i];
            let warnings: Vec<String> = doc.warnings.iter().map(ToString::to_string).collect();
            let flags = if ws.changes().is_changed(&doc.id) {
                " · changed"
            } else if ws.changes().is_new(&doc.id) {
                " · new"
            } else {
                ""
            };
            let done = ws.project().document_codings.0.get(&doc.id);
            let done = if done.is_some_and(|c| c.entities_done) {
                " · entities done"
            } else {
                ""
            };
            // Its date and imported attributes (the date attribute first), values only.
            let attributes = ws.project().attributes.0.get(&doc.id);
            let date = attributes
                .and_then(|a| a.iter().find(|(c, _)| c.eq_ignore_ascii_case("date")))
                .map(|(_, v)| v.clone())
                // A date the file name shows already is not said twice.
                .or_else(|| {
                    doc.date
                        .filter(|d| crate::corpus::dates::date_in_name(&doc.id) != Some(*d))
                        .map(|d| d.to_string())
                });
            let values = attributes
                .into_iter()
                .flatten()
                .filter(|(c, _)| !c.eq_ignore_ascii_case("date"))
                .map(|(_, v)| v.clone());
            let about: String = date
                .into_iter()
                .chain(values)
                .map(|v| format!(" · {v}"))
                .collect();
            (
                doc.title.clone(),
                format!("{} · {}{about}{flags}{done}", doc.id, doc.encoding.name()),
                (!warnings.is_empty()).then(|| warnings.join("\n")),
            )
        }
        Selected::Missing(i) => {
            let id = &ws.changes().missing[i];
            (
                id.clone(),
                "missing".to_owned(),
                Some(format!("in the project, but the file is gone: {id}")),
            )
        }
        Selected::Skipped(i) => {
            let err = &ws.corpus().skipped[i];
            let name = err
                .path()
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, "not readable".to_owned(), Some(err.to_string()))
        }
    }
}

/// Draws the document list in `panel`; returns the item the user selected and the panel's
/// width.
pub fn doc_list_ui(
    ui: &mut Ui,
    panel: egui::Panel,
    ws: &Workspace,
    selected: Option<Selected>,
    hits: Option<HitFilter<'_>>,
    filter: &mut DocFilter,
) -> (Option<Command>, f32) {
    let mut chosen = None;
    let width = panel
        .show(ui, |ui| {
            ui.add_space(4.0);
            let total = ws.corpus().documents.len();
            let filtered = filter.only_where.is_some();
            match &hits {
                Some(hits) if !filtered => ui.strong(format!(
                    "Documents ({} of {total} with hits)",
                    hits.counts.len()
                )),
                _ => ui.strong(format!("Documents ({total})")),
            };
            filter.ui(ui, ws, "List documents where");
            let only = filter.only(ws, hits.as_ref().and_then(|h| h.only));
            if let Some(kept) = only.filter(|_| filtered) {
                ui.label(format!("{} listed", kept.len()));
            }
            ui.separator();
            let rows = row_count(ws, only);
            let follow = Follow::load(ui, selected, ws, only);
            let mut area = ScrollArea::vertical().auto_shrink([false, false]);
            if let Some(offset) = follow.offset(ui) {
                area = area.vertical_scroll_offset(offset);
            }
            area.show_rows(ui, ROW_HEIGHT, rows, |ui, range| {
                follow.store(ui, selected, range.clone());
                for row in range {
                    let item = row_item(ws, row, only);
                    let count = match (item, &hits) {
                        (Selected::Document(i), Some(hits)) => hits.counts.get(&i).copied(),
                        _ => None,
                    };
                    let response = row_ui(ui, ws, item, selected == Some(item), count);
                    if response.clicked() {
                        chosen = Some(Command::Select(item));
                    }
                }
            });
        })
        .response
        .rect
        .width();
    (chosen, width)
}

/// Keeps the selected row in sight: when the selection changes (a click elsewhere, the arrow
/// keys, a document opened from a search hit or an entity) and its row was not among those
/// shown last frame, the list scrolls to it.
struct Follow {
    /// The row to show first this frame, when the list must scroll.
    top: Option<usize>,
}

/// What the list remembers between frames: the selection and the rows shown.
#[derive(Clone, Default)]
struct Seen {
    selected: Option<Selected>,
    rows: std::ops::Range<usize>,
}

impl Follow {
    fn id() -> egui::Id {
        egui::Id::unique("qari-documents-follow")
    }

    /// Below the rows in sight, the selected row goes to the bottom (as the arrow keys move);
    /// above them, to the top with a row above it.
    fn load(ui: &Ui, selected: Option<Selected>, ws: &Workspace, only: Option<&[usize]>) -> Self {
        let seen: Seen = ui.data(|d| d.get_temp(Self::id())).unwrap_or_default();
        let top = selected
            .filter(|s| seen.selected != Some(*s))
            .and_then(|s| super::rows::first_row_to_show(item_row(ws, s, only), &seen.rows, 1));
        Self { top }
    }

    /// The scroll offset of the row to show first.
    fn offset(&self, ui: &Ui) -> Option<f32> {
        let step = ROW_HEIGHT + ui.spacing().item_spacing.y;
        self.top.map(|top| top as f32 * step)
    }

    fn store(&self, ui: &Ui, selected: Option<Selected>, rows: std::ops::Range<usize>) {
        ui.data_mut(|d| d.insert_temp(Self::id(), Seen { selected, rows }));
    }
}

/// A round "!" badge in the warning colour (drawn, so it needs no emoji font).
fn warning_marker(ui: &Ui, center: egui::Pos2) {
    let color = ui.visuals().warn_fg_color;
    ui.painter().circle_filled(center, 8.0, color);
    ui.painter().text(
        center,
        Align2::CENTER_CENTER,
        "!",
        FontId::proportional(12.0),
        ui.visuals().extreme_bg_color,
    );
}

/// One row; `hits`: the document's search hits, said first on its second line.
fn row_ui(
    ui: &mut Ui,
    ws: &Workspace,
    item: Selected,
    is_selected: bool,
    hits: Option<usize>,
) -> Response {
    let (title, mut detail, warning) = row_text(ws, item);
    if let Some(n) = hits {
        detail = format!("{n} hits · {detail}");
    }
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(vec2(width, ROW_HEIGHT), Sense::click());
    response.widget_info(|| WidgetInfo::selected(Role::Button, true, is_selected, &title));
    let mut cut = false;
    if ui.is_rect_visible(rect) {
        let visuals = ui.style().interact_selectable(&response, is_selected);
        if is_selected || response.hovered() {
            ui.painter()
                .rect_filled(rect, visuals.corner_radius, visuals.weak_bg_fill);
        }
        let body = ui.style().text_styles[&TextStyle::Body].size;
        let marker_width = if warning.is_some() { 22.0 } else { 0.0 };
        let inner = rect.shrink2(vec2(6.0, 3.0));
        let text_rect = inner.with_max_x(inner.max.x - marker_width);
        let (title_rect, detail_rect) = text_rect.split_top_bottom_at_fraction(0.58);
        cut = text::paint_line(
            ui.painter(),
            &title,
            body + 1.0,
            title_rect,
            visuals.text_color(),
        );
        cut |= text::paint_line(
            ui.painter(),
            &detail,
            body * 0.8,
            detail_rect,
            ui.visuals().weak_text_color(),
        );
        if warning.is_some() {
            warning_marker(ui, inner.right_center() - vec2(8.0, 0.0));
        }
    }
    // The whole title and file name when they were cut, and the warning.
    let hover = [cut.then(|| format!("{title}\n{detail}")), warning];
    let hover: Vec<String> = hover.into_iter().flatten().collect();
    if hover.is_empty() {
        response
    } else {
        response.on_hover_text(hover.join("\n\n"))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

    use super::*;
    use crate::project::Intent;

    #[test]
    fn a_document_marked_entities_done_says_so_in_its_row() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "قال الرئيس إن الوفد وصل.\n").unwrap();
        let mut ws = Workspace::open(dir.path()).unwrap();
        let detail = |ws: &Workspace| row_text(ws, Selected::Document(0)).1;
        assert!(!detail(&ws).contains("entities done"), "{}", detail(&ws));
        let mark = Intent::SetEntitiesDone {
            doc: "a.txt".into(),
            done: true,
        };
        ws.perform(mark, "test").unwrap();
        assert!(detail(&ws).ends_with(" · entities done"), "{}", detail(&ws));
    }
}

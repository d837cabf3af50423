//! Lists of rows of one height, of which only the rows in sight are drawn: which row to show
//! first so that a row the keyboard or another panel moved to comes into sight.

use std::ops::Range;

use egui::{Color32, Response, Sense, Ui, vec2};

use super::text;

/// Code points of context on each side of a mention in a snippet.
const SNIPPET_CONTEXT: usize = 36;
/// The height of a snippet row.
pub const SNIPPET_HEIGHT: f32 = 40.0;

/// The row to show first so that `row` is in sight, given the rows `shown` last frame; `None`
/// when it is in sight already. Below them, `row` comes in at the bottom (as the arrow keys
/// move); above them, at the top, with `above` rows over it.
pub fn first_row_to_show(row: usize, shown: &Range<usize>, above: usize) -> Option<usize> {
    // The last row shown may be cut off at the bottom.
    let in_sight = shown.start..shown.end.saturating_sub(1);
    if in_sight.contains(&row) {
        None
    } else if row >= in_sight.end {
        Some((row + 1).saturating_sub(in_sight.len().max(1)))
    } else {
        Some(row.saturating_sub(above))
    }
}

/// The mention with some context on each side, on one line, and where the mention is in it.
pub fn snippet(text: &str, range: Range<usize>) -> (String, Range<usize>) {
    let start = range.start.saturating_sub(SNIPPET_CONTEXT);
    let before: String = text.chars().skip(start).take(range.start - start).collect();
    let name: String = text.chars().skip(range.start).take(range.len()).collect();
    let after: String = text.chars().skip(range.end).take(SNIPPET_CONTEXT).collect();
    let one_line = |s: &str| s.replace('\n', " ");
    let before = one_line(&before);
    let mark_start = before.chars().count();
    let snippet = format!("{before}{}{}", one_line(&name), one_line(&after));
    (snippet, mark_start..mark_start + name.chars().count())
}

/// A row of a list of snippets: a document's title over the snippet with its mark
/// highlighted, clickable, named for screen readers by its snippet.
pub fn snippet_row(
    ui: &mut Ui,
    title: &str,
    snippet: &str,
    mark: Range<usize>,
    mark_color: Color32,
) -> Response {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(vec2(width, SNIPPET_HEIGHT), Sense::click());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, snippet));
    if response.hovered() {
        ui.painter()
            .rect_filled(rect, 3.0, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    let (title_rect, snippet_rect) = rect.split_top_bottom_at_fraction(0.4);
    let size = ui.style().text_styles[&egui::TextStyle::Body].size;
    text::paint_line(
        ui.painter(),
        title,
        size * 0.8,
        title_rect.shrink2(vec2(4.0, 0.0)),
        ui.visuals().weak_text_color(),
    );
    text::paint_line_marked(
        ui.painter(),
        snippet,
        size,
        snippet_rect.shrink2(vec2(4.0, 0.0)),
        ui.visuals().text_color(),
        mark,
        mark_color,
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_out_of_sight_comes_in_at_the_bottom_or_the_top() {
        // Rows 10 to 19 shown, 19 cut off at the bottom.
        assert_eq!(first_row_to_show(12, &(10..20), 1), None);
        assert_eq!(first_row_to_show(19, &(10..20), 1), Some(11));
        assert_eq!(first_row_to_show(30, &(10..20), 1), Some(22));
        assert_eq!(first_row_to_show(5, &(10..20), 1), Some(4));
        assert_eq!(first_row_to_show(5, &(10..20), 0), Some(5));
        assert_eq!(first_row_to_show(0, &(0..0), 1), Some(0));
    }

    #[test]
    fn snippets_keep_the_mention_marked_and_one_line() {
        let text = "سطر أول\nقال توكاييف إن القوات ستغادر";
        let start = text.chars().position(|c| c == 'ت').unwrap();
        let (s, mark) = snippet(text, start..start + 7);
        assert!(!s.contains('\n'));
        assert_eq!(
            s.chars()
                .skip(mark.start)
                .take(mark.len())
                .collect::<String>(),
            "توكاييف"
        );
    }
}

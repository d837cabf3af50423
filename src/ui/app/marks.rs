//! Moving through the marks of the document shown with F3 and Shift+F3: its annotations and
//! its entity mentions, in text order, going round at the ends.

use std::ops::Range;

use super::QariApp;
use crate::ui::Selected;
use crate::ui::coders::CoderView;
use crate::ui::coding::CodingPanel;

/// The mark after (or before) the range `from`, in text order (by start, then end); round
/// the ends. `None` when there are no marks.
pub(super) fn next_mark(
    marks: &[Range<usize>],
    from: &Range<usize>,
    forward: bool,
) -> Option<Range<usize>> {
    let key = |r: &Range<usize>| (r.start, r.end);
    let mut sorted: Vec<&Range<usize>> = marks.iter().collect();
    sorted.sort_by_key(|r| key(r));
    sorted.dedup();
    let here = key(from);
    let found = if forward {
        sorted
            .iter()
            .find(|r| key(r) > here)
            .or_else(|| sorted.first())
    } else {
        sorted
            .iter()
            .rev()
            .find(|r| key(r) < here)
            .or_else(|| sorted.last())
    };
    found.map(|r| (*r).clone())
}

impl QariApp {
    /// Selects the next (or previous) annotation or entity mention of the document shown and
    /// brings it into view.
    pub(super) fn go_to_mark(&mut self, forward: bool) {
        let (Some(ws), Some(Selected::Document(doc))) = (&self.workspace, self.selected) else {
            return;
        };
        let Some(reader) = self.reader.as_mut() else {
            return;
        };
        // Only the ranges are wanted; the colours do not matter.
        let visuals = egui::Visuals::default();
        let mut marks: Vec<Range<usize>> = self
            .entities
            .highlights(doc, &visuals)
            .into_iter()
            .map(|h| h.range)
            .collect();
        let coders = CoderView {
            filter: &self.coders,
            me: &self.author,
            authors: &self.authors.2,
        };
        marks.extend(
            CodingPanel::highlights(ws, reader.doc_id(), &visuals, &coders)
                .into_iter()
                .map(|(h, _)| h.range),
        );
        match next_mark(&marks, &reader.selection(), forward) {
            Some(range) => {
                let now = self.ctx.input(|i| i.time);
                reader.select(range.clone());
                reader.scroll_to(range, now);
            }
            None => self.set_info("no annotation or entity mention in this document".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_visited_in_text_order_and_round_the_ends() {
        let marks = [30..40, 5..9, 5..12, 30..40];
        assert_eq!(next_mark(&marks, &(0..0), true), Some(5..9));
        assert_eq!(next_mark(&marks, &(5..9), true), Some(5..12));
        assert_eq!(next_mark(&marks, &(5..12), true), Some(30..40));
        assert_eq!(next_mark(&marks, &(30..40), true), Some(5..9));
        assert_eq!(next_mark(&marks, &(20..20), false), Some(5..12));
        assert_eq!(next_mark(&marks, &(5..9), false), Some(30..40));
        assert_eq!(next_mark(&[], &(0..0), true), None);
    }
}

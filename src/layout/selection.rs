//! A selection in a document: an anchor where it started and a head where it ends now, both
//! code-point offsets in logical order. Also the units a click selects: a word, a paragraph.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// A selection; empty when anchor and head are equal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Where the selection started (the press origin of a drag).
    pub anchor: usize,
    /// Where it ends now (moves with the pointer, Shift+click).
    pub head: usize,
}

impl Selection {
    /// A selection from `anchor` to `head`.
    pub fn new(anchor: usize, head: usize) -> Self {
        Self { anchor, head }
    }

    /// The selected code points, start before end.
    pub fn range(&self) -> Range<usize> {
        self.anchor.min(self.head)..self.anchor.max(self.head)
    }

    /// Nothing selected.
    pub fn is_empty(&self) -> bool {
        self.anchor == self.head
    }
}

/// The word around `offset` in `paragraph` (offsets relative to the paragraph), as Unicode word
/// boundaries define it: Arabic letters with their marks and tatweel, a number with its
/// separators (6,2), a Latin word. Between words, the space or punctuation run there.
pub fn word_at(paragraph: &str, offset: usize) -> Range<usize> {
    let mut start = 0;
    for segment in paragraph.split_word_bounds() {
        let len = segment.chars().count();
        if offset < start + len {
            return start..start + len;
        }
        start += len;
    }
    // At the very end: the last segment.
    let last = paragraph
        .split_word_bounds()
        .next_back()
        .map_or(0, |s| s.chars().count());
    start - last..start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_is_ordered_whatever_the_drag_direction() {
        assert_eq!(Selection::new(9, 3).range(), 3..9);
        assert!(Selection::new(4, 4).is_empty());
    }

    #[test]
    fn words_keep_marks_numbers_and_latin_whole() {
        let p = "قالَ توكاييف إن 6,2 مليون (Elbasy)";
        let word = |at| {
            let r = word_at(p, at);
            p.chars().skip(r.start).take(r.len()).collect::<String>()
        };
        assert_eq!(word(1), "قالَ");
        assert_eq!(word(6), "توكاييف");
        assert_eq!(word(17), "6,2");
        assert_eq!(word(29), "Elbasy");
        assert_eq!(word(4), " ");
        assert_eq!(word(p.chars().count()), ")");
    }
}

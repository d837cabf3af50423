//! Phrases of plain words, matched as Arabic names are written: each word with or without the
//! clitics and article a word may carry (as a single word is matched), the words apart or
//! joined, and where one word ends with alef and the next begins with one, the two alefs may be
//! one. So `"الما اتا"` finds ألما آتا, الما آتا, ألماتا and ألما تا, and `"التدخل الخارجي"`
//! finds للتدخل الخارجي.
//!
//! A phrase is its words' folded stems (articles set aside by the query parser), as compact
//! bytes. Candidates are found with memmem on the first stem; from the start of the word it is
//! in, the phrase is walked: at each word, an optional prefix (at the start of a text word) or
//! article (where two query words are written joined), then the stem's bytes.

use std::ops::Range;

use memchr::memmem::Finder;

use crate::text::compact::{compact_byte, is_compact_word_byte};

/// The folded alef's byte.
fn alef() -> u8 {
    compact_byte('ا')
}

/// A phrase ready to match.
pub(super) struct PhrasePlan {
    /// Each word's stem, compact bytes.
    stems: Vec<Vec<u8>>,
    /// Prefixes a text word may carry, compact bytes.
    prefixes: Vec<Vec<u8>>,
    /// The article, compact bytes.
    article: Vec<u8>,
    finder: Finder<'static>,
}

impl PhrasePlan {
    /// A phrase of these folded stems (none empty), with these prefixes (folded bytes).
    pub(super) fn new(stems: &[String], prefixes: &[Vec<u8>]) -> Self {
        let bytes = |s: &str| -> Vec<u8> { s.chars().map(compact_byte).collect() };
        let stems: Vec<Vec<u8>> = stems.iter().map(|s| bytes(s)).collect();
        let first = stems.first().cloned().unwrap_or_default();
        Self {
            finder: Finder::new(&first).into_owned(),
            stems,
            prefixes: prefixes.to_vec(),
            article: bytes("ال"),
        }
    }

    /// Every match in folded text: (hit, words), compact positions, in text order.
    pub(super) fn find(&self, hay: &[u8]) -> Vec<(Range<usize>, Range<usize>)> {
        let mut out = Vec::new();
        let mut next_free = 0;
        for at in self.finder.find_iter(hay) {
            let mut start = at;
            while start > 0 && is_compact_word_byte(hay[start - 1]) {
                start -= 1;
            }
            if start < next_free {
                continue;
            }
            if let Some(found) = self.at(hay, start) {
                next_free = found.1.end;
                out.push(found);
            }
        }
        out
    }

    /// The match that begins at the text word starting at `start`, if any: (hit, words).
    pub(super) fn at(&self, hay: &[u8], start: usize) -> Option<(Range<usize>, Range<usize>)> {
        let empty: &[u8] = &[];
        let word = &hay[start..];
        for prefix in std::iter::once(empty).chain(self.prefixes.iter().map(Vec::as_slice)) {
            if !word.starts_with(prefix) {
                continue;
            }
            let from = start + prefix.len();
            if let Some(end) = self.walk(hay, 0, 0, from, None) {
                // The article stays in the hit where it is written in full.
                let article = prefix.ends_with(&self.article);
                let hit = if article { from - 2 } else { from };
                return Some((hit..end, start..end));
            }
        }
        None
    }

    /// Matches stem `i` from byte `j` at text position `at`; the end of the match.
    fn walk(&self, hay: &[u8], i: usize, j: usize, at: usize, last: Option<u8>) -> Option<usize> {
        let stem = &self.stems[i];
        let (mut j, mut at, mut last) = (j, at, last);
        while j < stem.len() {
            if hay.get(at) != Some(&stem[j]) {
                return None;
            }
            last = Some(stem[j]);
            j += 1;
            at += 1;
        }
        if i + 1 == self.stems.len() {
            let ends_word = hay.get(at).is_none_or(|b| !is_compact_word_byte(*b));
            return ends_word.then_some(at);
        }
        self.next(hay, i + 1, at, last)
    }

    /// Where stem `i` may begin after the one before it ended at `at`: joined to it (after an
    /// article, or not), or after one space (after a prefix, or not); an alef beginning it may
    /// be the one that ended the word before.
    fn next(&self, hay: &[u8], i: usize, at: usize, last: Option<u8>) -> Option<usize> {
        let stem = &self.stems[i];
        let shared_alef = last == Some(alef()) && stem.first() == Some(&alef());
        let empty: &[u8] = &[];
        let joined = hay.get(at).is_some_and(|b| is_compact_word_byte(*b));
        let spaced =
            hay.get(at) == Some(&b' ') && hay.get(at + 1).is_some_and(|b| is_compact_word_byte(*b));
        let mut places: Vec<(usize, &[u8])> = Vec::new();
        if joined {
            places.push((at, empty));
            places.push((at, &self.article));
        }
        if spaced {
            places.push((at + 1, empty));
            places.extend(self.prefixes.iter().map(|p| (at + 1, p.as_slice())));
        }
        for (place, prefix) in places {
            if !hay[place..].starts_with(prefix) {
                continue;
            }
            let from = place + prefix.len();
            let skips: &[usize] = if shared_alef { &[0, 1] } else { &[0] };
            for &j in skips {
                if let Some(end) = self.walk(hay, i, j, from, last) {
                    return Some(end);
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::FoldOptions;
    use crate::text::compact::normalize_compact;

    fn hits(stems: &[&str], text: &str) -> Vec<String> {
        let stems: Vec<String> = stems.iter().map(|s| (*s).to_owned()).collect();
        let prefixes: Vec<Vec<u8>> = ["و", "ب", "ل", "لل", "ال", "وال"]
            .iter()
            .map(|p| p.chars().map(compact_byte).collect())
            .collect();
        let plan = PhrasePlan::new(&stems, &prefixes);
        let compact = normalize_compact(text, FoldOptions::default());
        let chars: Vec<char> = text.chars().collect();
        plan.find(&compact.bytes)
            .into_iter()
            .map(|(hit, _)| chars[compact.to_document(hit)].iter().collect())
            .collect()
    }

    #[test]
    fn words_apart_or_joined_with_one_alef_between() {
        let text = "ألما آتا، الما آتا، وألماتا، ألما تا، ألماآتا، الما";
        assert_eq!(
            hits(&["ما", "اتا"], text),
            ["ألما آتا", "الما آتا", "ألماتا", "ألما تا", "ألماآتا"]
        );
        assert_eq!(
            hits(&["تدخل", "خارجي"], "للتدخل الخارجي والتدخل خارجيا"),
            ["تدخل الخارجي"]
        );
        assert_eq!(
            hits(&["عبد", "له"], "عبدالله وعبد الله"),
            ["عبدالله", "عبد الله"]
        );
    }
}

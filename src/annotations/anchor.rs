//! Finding an annotation again in a changed document. An annotation remembers its quote, up to
//! 32 code points of context on each side and its offsets; when the document's text changed,
//! it is looked for in turn as
//!
//! 1. the quote with the same context (the occurrence nearest the old offset),
//! 2. the quote alone, nearest the old offset,
//! 3. for a quote of at least 8 code points, the closest approximate match (Levenshtein
//!    distance at most a quarter of its length, searched near the old offset first, then in the
//!    whole text), whose confidence is one minus the edits per code point of the quote.
//!
//! What none of these finds is [`Reanchor::Lost`]: the caller keeps it as it was, to be
//! looked at ("needs attention"), and never drops it.

use std::ops::Range;

use triple_accel::SearchType;
use triple_accel::levenshtein::{LEVENSHTEIN_COSTS, levenshtein_search_simd_with_opts};

use super::model::{Annotation, CONTEXT_CHARS};

/// Where an annotation is in the new text, and how sure that is.
#[derive(Clone, Debug, PartialEq)]
pub enum Reanchor {
    /// The quote with its context, at these code points.
    Exact(Range<usize>),
    /// The quote alone (its context changed), nearest the old place.
    QuoteOnly(Range<usize>),
    /// An approximate match of the quote.
    Fuzzy {
        /// Where.
        range: Range<usize>,
        /// 1 − edits / quote length, in (0, 1].
        confidence: f32,
    },
    /// Not found.
    Lost,
}

impl Reanchor {
    /// The new range, if found.
    pub fn range(&self) -> Option<Range<usize>> {
        match self {
            Self::Exact(r) | Self::QuoteOnly(r) | Self::Fuzzy { range: r, .. } => Some(r.clone()),
            Self::Lost => None,
        }
    }

    /// A short description: `exact`, `quote only`, `fuzzy 0.87`, `lost`.
    pub fn describe(&self) -> String {
        match self {
            Self::Exact(_) => "exact".into(),
            Self::QuoteOnly(_) => "quote only".into(),
            Self::Fuzzy { confidence, .. } => format!("fuzzy {confidence:.2}"),
            Self::Lost => "lost".into(),
        }
    }
}

/// Edits allowed per code point of the quote for a fuzzy match.
const MAX_EDIT_RATE: f32 = 0.25;
/// The shortest quote looked for approximately.
const MIN_FUZZY_CHARS: usize = 8;

/// A document's new text, prepared for re-anchoring many annotations.
pub struct NewText<'a> {
    text: &'a str,
    chars: Vec<char>,
}

impl<'a> NewText<'a> {
    /// Prepares a text.
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            chars: text.chars().collect(),
        }
    }

    /// Where `annotation` is now.
    pub fn find(&self, annotation: &Annotation) -> Reanchor {
        let quote: Vec<char> = annotation.quote.chars().collect();
        if quote.is_empty() {
            return Reanchor::Lost;
        }
        let prefix: Vec<char> = annotation.prefix.chars().collect();
        let suffix: Vec<char> = annotation.suffix.chars().collect();
        let near = |start: &usize| start.abs_diff(annotation.start);
        let occurrences = self.occurrences(&annotation.quote);
        let with_context = occurrences
            .iter()
            .filter(|start| self.context_matches(**start, quote.len(), &prefix, &suffix))
            .min_by_key(|s| near(s));
        if let Some(start) = with_context {
            return Reanchor::Exact(*start..start + quote.len());
        }
        if let Some(start) = occurrences.iter().min_by_key(|s| near(s)) {
            return Reanchor::QuoteOnly(*start..start + quote.len());
        }
        self.fuzzy(&quote, annotation.start)
    }

    /// The code points where `quote` occurs, overlapping occurrences included.
    fn occurrences(&self, quote: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut chars_before = 0;
        let mut last_byte = 0;
        let mut from = 0;
        while let Some(i) = self.text[from..].find(quote) {
            let byte = from + i;
            chars_before += self.text[last_byte..byte].chars().count();
            last_byte = byte;
            out.push(chars_before);
            // Go on from the next code point.
            from = byte + self.text[byte..].chars().next().map_or(1, char::len_utf8);
        }
        out
    }

    /// Whether the recorded context surrounds the quote at `start`. Context shorter than
    /// [`CONTEXT_CHARS`] was cut by the text's edge, so the text must end there too.
    fn context_matches(&self, start: usize, len: usize, prefix: &[char], suffix: &[char]) -> bool {
        let before = &self.chars[..start];
        let after = &self.chars[start + len..];
        before.ends_with(prefix)
            && after.starts_with(suffix)
            && (prefix.len() >= CONTEXT_CHARS || before.len() == prefix.len())
            && (suffix.len() >= CONTEXT_CHARS || after.len() == suffix.len())
    }

    /// The best approximate match of `quote`, near `expected` first.
    fn fuzzy(&self, quote: &[char], expected: usize) -> Reanchor {
        // A short quote changed is too easily found in the wrong word.
        if quote.len() < MIN_FUZZY_CHARS {
            return Reanchor::Lost;
        }
        let max_edits = ((quote.len() as f32 * MAX_EDIT_RATE) as usize).max(1);
        // Each code point of the quote gets a byte of its own (1–255), every other code point
        // 0, so distances and offsets count code points.
        let mut alphabet: Vec<char> = Vec::new();
        let mut needle = Vec::with_capacity(quote.len());
        for c in quote {
            let i = match alphabet.iter().position(|a| a == c) {
                Some(i) => i,
                None => {
                    alphabet.push(*c);
                    alphabet.len() - 1
                }
            };
            let Ok(byte) = u8::try_from(i + 1) else {
                return Reanchor::Lost; // over 255 distinct code points in one quote
            };
            needle.push(byte);
        }
        let byte_of = |c: &char| {
            alphabet
                .iter()
                .position(|a| a == c)
                .map_or(0, |i| (i + 1) as u8)
        };
        let margin = quote.len() * 4 + 2_000;
        let windows = [
            expected.saturating_sub(margin)
                ..(expected + quote.len() + margin).min(self.chars.len()),
            0..self.chars.len(),
        ];
        for window in windows {
            if window.start >= window.end {
                continue;
            }
            let hay: Vec<u8> = self.chars[window.clone()].iter().map(byte_of).collect();
            let best = levenshtein_search_simd_with_opts(
                &needle,
                &hay,
                max_edits as u32,
                SearchType::Best,
                LEVENSHTEIN_COSTS,
                false,
            )
            .filter(|m| m.end > m.start)
            .min_by_key(|m| (m.k, (window.start + m.start).abs_diff(expected)));
            if let Some(m) = best {
                let confidence = 1.0 - m.k as f32 / quote.len() as f32;
                return Reanchor::Fuzzy {
                    range: window.start + m.start..window.start + m.end,
                    confidence,
                };
            }
        }
        Reanchor::Lost
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::{Anchor, AnnotationId};
    use crate::corpus::ContentHash;

    /// An annotation of `quote`'s first occurrence in `text`.
    fn tagged(text: &str, quote: &str) -> Annotation {
        let byte = text.find(quote).unwrap();
        let start = text[..byte].chars().count();
        let range = start..start + quote.chars().count();
        let anchor = Anchor::of(text, range.clone()).unwrap();
        let time = jiff::Timestamp::UNIX_EPOCH;
        Annotation {
            id: AnnotationId(1),
            doc: "a.txt".into(),
            start: range.start,
            end: range.end,
            codes: Vec::new(),
            quote: anchor.quote,
            prefix: anchor.prefix,
            suffix: anchor.suffix,
            hash: ContentHash::of(text),
            note: String::new(),
            author: "t".into(),
            created: time,
            modified: time,
            attention: String::new(),
        }
    }

    fn quote_at(text: &str, range: Range<usize>) -> String {
        text.chars().skip(range.start).take(range.len()).collect()
    }

    const OLD: &str = "أعلنت منظمة معاهدة الأمن الجماعي إرسال قوات حفظ السلام إلى كازاخستان. \
                       وقال الرئيس توكاييف إن الإرهابيين هاجموا مدينة ألماتا.";

    #[test]
    fn a_paragraph_inserted_before_moves_the_passage_exactly() {
        let a = tagged(OLD, "قوات حفظ السلام");
        let new = format!("فقرة جديدة في أول المقال.\n\n{OLD}");
        let found = NewText::new(&new).find(&a);
        let Reanchor::Exact(range) = found else {
            panic!("{found:?}")
        };
        assert_eq!(
            range.start,
            a.start + "فقرة جديدة في أول المقال.\n\n".chars().count()
        );
        assert_eq!(quote_at(&new, range), "قوات حفظ السلام");
    }

    #[test]
    fn a_changed_context_still_finds_the_quote_nearest_its_old_place() {
        let a = tagged(OLD, "الرئيس توكاييف");
        let new = OLD.replace("وقال", "وأكد");
        let found = NewText::new(&new).find(&a);
        assert_eq!(found, Reanchor::QuoteOnly(a.start..a.end));
    }

    #[test]
    fn a_word_changed_inside_the_passage_is_found_approximately() {
        let a = tagged(OLD, "الإرهابيين هاجموا مدينة ألماتا");
        let new = OLD.replace("هاجموا", "اقتحموا");
        let found = NewText::new(&new).find(&a);
        let Reanchor::Fuzzy { range, confidence } = found else {
            panic!("{found:?}")
        };
        assert_eq!(quote_at(&new, range), "الإرهابيين اقتحموا مدينة ألماتا");
        assert!((0.75..1.0).contains(&confidence), "{confidence}");
    }

    #[test]
    fn a_passage_that_was_deleted_is_lost() {
        let a = tagged(OLD, "قوات حفظ السلام");
        let new = "نص آخر تماما لا علاقة له بما سبق.";
        assert_eq!(NewText::new(new).find(&a), Reanchor::Lost);
    }
}

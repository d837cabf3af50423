//! What coding from hits tags: the hit, its sentence or its paragraph (MAXQDA's "autocode
//! search results" with the sentence or paragraph around each hit).
//!
//! A sentence is one of [`crate::text::tokens::sentences`] (ending after `.` `!` `?` `؟` `۔`
//! `…` and at a line break); a paragraph is a line of the text, without the white space around
//! it.

use std::ops::Range;

use crate::text::tokens::sentences;

/// How much around a hit is tagged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The hit itself.
    #[default]
    Hit,
    /// The sentence holding the hit's start.
    Sentence,
    /// The paragraph (line) holding the hit's start.
    Paragraph,
}

impl Scope {
    /// Every scope, for menus.
    pub const ALL: [Scope; 3] = [Scope::Hit, Scope::Sentence, Scope::Paragraph];

    /// Its name in menus and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Hit => "hit",
            Self::Sentence => "sentence",
            Self::Paragraph => "paragraph",
        }
    }
}

/// The passages (document code points) that tagging these hits of one text with a scope
/// covers, in text order, each once.
pub fn passages(text: &str, hits: &[Range<usize>], scope: Scope) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = match scope {
        Scope::Hit => hits.to_vec(),
        Scope::Sentence => {
            let spans: Vec<Range<usize>> = sentences(text)
                .into_iter()
                .filter_map(|s| Some(s.first()?.start..s.last()?.end))
                .collect();
            hits.iter()
                .map(|h| {
                    spans
                        .iter()
                        .find(|s| s.start <= h.start && h.start < s.end)
                        .map_or_else(|| h.clone(), |s| s.start.min(h.start)..s.end.max(h.end))
                })
                .collect()
        }
        Scope::Paragraph => {
            let lines = paragraphs(text);
            hits.iter()
                .map(|h| {
                    lines
                        .iter()
                        .find(|p| p.start <= h.start && h.start < p.end)
                        .map_or_else(|| h.clone(), |p| p.start.min(h.start)..p.end.max(h.end))
                })
                .collect()
        }
    };
    out.sort_by_key(|r| (r.start, r.end));
    out.dedup();
    out
}

/// The lines of a text without the white space around them (empty ones left out).
fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split('\n') {
        let len = line.chars().count();
        let lead = line.chars().take_while(|c| c.is_whitespace()).count();
        let trail = line.chars().rev().take_while(|c| c.is_whitespace()).count();
        if lead < len {
            out.push(at + lead..at + len - trail);
        }
        at += len + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hit_widens_to_its_sentence_or_paragraph_each_once() {
        let text = "قال الرئيس إن التدخل مرفوض. وأكد التدخل الخارجي خطر\n  سطر ثان عن التدخل  \n";
        let hits: Vec<Range<usize>> = text
            .match_indices("التدخل")
            .map(|(byte, _)| {
                let start = text[..byte].chars().count();
                start..start + 6
            })
            .collect();
        let quote =
            |r: &Range<usize>| -> String { text.chars().skip(r.start).take(r.len()).collect() };
        let cut =
            |scope| -> Vec<String> { passages(text, &hits, scope).iter().map(quote).collect() };
        assert_eq!(cut(Scope::Hit), ["التدخل", "التدخل", "التدخل"]);
        assert_eq!(
            cut(Scope::Sentence),
            [
                "قال الرئيس إن التدخل مرفوض.",
                "وأكد التدخل الخارجي خطر",
                "سطر ثان عن التدخل"
            ]
        );
        assert_eq!(
            cut(Scope::Paragraph),
            [
                "قال الرئيس إن التدخل مرفوض. وأكد التدخل الخارجي خطر",
                "سطر ثان عن التدخل"
            ]
        );
    }
}

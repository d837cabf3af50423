//! CoNLL BIO, for training sequence taggers: a token a line with its tag (`token<TAB>TAG`),
//! a blank line between sentences, `-DOCSTART-<TAB>O` and a blank line before each document.
//!
//! Tokenisation: a token is a run of letters, digits and combining marks (so diacritics and
//! tatweel stay inside their word, and clitics stay attached: `والكرملين` is one token), or one
//! punctuation or symbol character (Arabic `،` `؛` `؟` as well as Latin ones); white space
//! separates tokens. A sentence ends after `.`, `!`, `?`, `؟`, `۔` or `…`, and at every line
//! break.
//!
//! Tags: `B-LABEL` on the first token a passage touches, `I-LABEL` on the others, `O` elsewhere.
//! A passage that starts or ends inside a token (a mention after a clitic prefix) tags the
//! whole token. Labels: a code's brat type name (see [`super::brat::types`]) for annotations,
//! `PER`, `ORG`, `LOC`, `MISC` for entity mentions. BIO cannot nest: where passages overlap, a
//! token takes the passage that starts first (the longer one on a tie).

use std::ops::Range;

use super::Selection;
use super::brat;
use crate::entities::Kind;

/// A labelled passage of a document.
struct Span {
    range: Range<usize>,
    label: String,
}

/// The tokens of a text as code-point ranges, each sentence a list.
pub fn sentences(text: &str) -> Vec<Vec<Range<usize>>> {
    let mut out: Vec<Vec<Range<usize>>> = vec![Vec::new()];
    let mut word: Option<usize> = None;
    let close = |out: &mut Vec<Vec<Range<usize>>>| {
        if out.last().is_some_and(|s| !s.is_empty()) {
            out.push(Vec::new());
        }
    };
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let in_word = c.is_alphanumeric() || is_mark(*c);
        if in_word {
            word.get_or_insert(i);
            continue;
        }
        if let Some(start) = word.take()
            && let Some(sentence) = out.last_mut()
        {
            sentence.push(start..i);
        }
        if c.is_whitespace() {
            if *c == '\n' {
                close(&mut out);
            }
            continue;
        }
        if let Some(sentence) = out.last_mut() {
            sentence.push(i..i + 1);
        }
        if matches!(c, '.' | '!' | '?' | '؟' | '۔' | '…') {
            close(&mut out);
        }
    }
    if let (Some(start), Some(sentence)) = (word, out.last_mut()) {
        sentence.push(start..chars.len());
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Combining marks and tatweel: part of the word they are in.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'
        | '\u{06D6}'..='\u{06ED}' | '\u{0300}'..='\u{036F}' | '\u{200C}' | '\u{200D}')
}

/// The CoNLL label of an entity kind.
fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "PER",
        Kind::Organisation => "ORG",
        Kind::Place => "LOC",
        _ => "MISC",
    }
}

/// Writes the documents (`docs`: id and text) tagged with the selection's annotations (their
/// first chosen code) and entity mentions.
pub fn write(selection: &Selection<'_>, docs: &[(String, String)]) -> String {
    let types = brat::types(selection.codebook);
    let mut out = String::new();
    for (doc, text) in docs {
        let mut spans: Vec<Span> = Vec::new();
        for (a, codes) in selection.of_doc(doc) {
            if let Some(label) = codes.first().and_then(|c| types.get(c)) {
                spans.push(Span {
                    range: a.range(),
                    label: label.clone(),
                });
            }
        }
        for m in selection.mentions_of(doc) {
            spans.push(Span {
                range: m.start..m.end,
                label: kind_label(m.kind).to_owned(),
            });
        }
        // Earlier first, longer first: the passage a token takes where passages overlap.
        spans.sort_by_key(|s| (s.range.start, std::cmp::Reverse(s.range.end)));
        let chars: Vec<char> = text.chars().collect();
        out.push_str("-DOCSTART-\tO\n\n");
        for sentence in sentences(text) {
            let mut previous: Option<usize> = None;
            for token in sentence {
                let span = spans
                    .iter()
                    .position(|s| s.range.start < token.end && token.start < s.range.end);
                let tag = match span {
                    Some(i) if previous == Some(i) => format!("I-{}", spans[i].label),
                    Some(i) => format!("B-{}", spans[i].label),
                    None => "O".to_owned(),
                };
                previous = span;
                let word: String = chars[token].iter().collect();
                out.push_str(&format!("{word}\t{tag}\n"));
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Vec<String>> {
        let chars: Vec<char> = text.chars().collect();
        sentences(text)
            .into_iter()
            .map(|s| s.into_iter().map(|r| chars[r].iter().collect()).collect())
            .collect()
    }

    #[test]
    fn clitics_stay_attached_and_punctuation_is_its_own_token() {
        assert_eq!(
            words("قالَ والكرملين، إنّ «ألماتا» آمنة. وبعدُ؟\nسطر"),
            [
                vec![
                    "قالَ",
                    "والكرملين",
                    "،",
                    "إنّ",
                    "«",
                    "ألماتا",
                    "»",
                    "آمنة",
                    "."
                ],
                vec!["وبعدُ", "؟"],
                vec!["سطر"],
            ]
        );
    }
}

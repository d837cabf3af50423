//! CoNLL BIO, for training sequence taggers: a token a line with its tag (`token<TAB>TAG`),
//! a blank line between sentences, `-DOCSTART-<TAB>O` and a blank line before each document.
//!
//! Tokenisation is [`crate::text::tokens`]'s (the entity tagger's too): runs of letters, digits
//! and marks with clitics attached (`والكرملين` is one token), one punctuation character a token;
//! a sentence ends after `.`, `!`, `?`, `؟`, `۔` or `…`, and at every line break.
//!
//! Tags: `B-LABEL` on the first token a passage touches, `I-LABEL` on the others, `O` elsewhere.
//! A passage that starts or ends inside a token (a mention after a clitic prefix) tags the
//! whole token. Labels: a code's brat type name (see [`super::brat::types`]) for annotations,
//! `PER`, `ORG`, `LOC`, `MISC` for entity mentions. BIO cannot nest: where passages overlap, a
//! token takes the passage that starts first (the longer one on a tie).

use std::ops::Range;

use super::Selection;
use super::brat;
use crate::text::tokens::sentences;

/// A labelled passage of a document.
struct Span {
    range: Range<usize>,
    label: String,
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
                label: m.kind.conll().to_owned(),
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

//! Word tokens and sentences, the one tokenisation shared by the CoNLL export and the entity
//! tagger.
//!
//! A token is a run of letters, digits and combining marks (so diacritics and tatweel stay
//! inside their word, and clitics stay attached: `والكرملين` is one token), or one punctuation
//! or symbol character (Arabic `،` `؛` `؟` as well as Latin ones); white space separates tokens.
//! A sentence ends after `.`, `!`, `?`, `؟`, `۔` or `…`, and at every line break. Tokens are
//! ranges of document code points.
//!
//! This module does not know about labels or export formats.

use std::ops::Range;

/// The tokens of a text as code-point ranges, each sentence a list.
pub fn sentences(text: &str) -> Vec<Vec<Range<usize>>> {
    let mut out: Vec<Vec<Range<usize>>> = vec![Vec::new()];
    let mut word: Option<usize> = None;
    let close = |out: &mut Vec<Vec<Range<usize>>>| {
        if out.last().is_some_and(|s| !s.is_empty()) {
            out.push(Vec::new());
        }
    };
    let mut char_len = 0;
    for (i, c) in text.chars().enumerate() {
        char_len = i + 1;
        let in_word = c.is_alphanumeric() || is_mark(c);
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
            if c == '\n' {
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
        sentence.push(start..char_len);
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Combining marks and tatweel: part of the word they are in.
pub fn is_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'
        | '\u{06D6}'..='\u{06ED}' | '\u{0300}'..='\u{036F}' | '\u{200C}' | '\u{200D}')
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

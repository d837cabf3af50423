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
        let in_word = is_token_char(c);
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

/// The code points each sentence of [`sentences`] spans, from its first token's start to its
/// last token's end, found without listing the tokens (the co-occurrence windows of a whole
/// corpus need only these).
pub fn sentence_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut current: Option<Range<usize>> = None;
    let mut word: Option<usize> = None;
    let token = |current: &mut Option<Range<usize>>, t: Range<usize>| match current {
        Some(span) => span.end = t.end,
        None => *current = Some(t),
    };
    let mut char_len = 0;
    for (i, c) in text.chars().enumerate() {
        char_len = i + 1;
        if is_token_char(c) {
            word.get_or_insert(i);
            continue;
        }
        if let Some(start) = word.take() {
            token(&mut current, start..i);
        }
        if c.is_whitespace() {
            if c == '\n' {
                out.extend(current.take());
            }
            continue;
        }
        token(&mut current, i..i + 1);
        if matches!(c, '.' | '!' | '?' | '؟' | '۔' | '…') {
            out.extend(current.take());
        }
    }
    if let Some(start) = word {
        token(&mut current, start..char_len);
    }
    out.extend(current);
    out
}

/// A letter, digit or mark: part of a word. ASCII and the Arabic letters and digits are
/// answered at once; the rest of Unicode by its tables (the same answer, found more slowly).
pub fn is_token_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0660}'..='\u{0669}' => true,
        c if c.is_ascii() => false,
        c => c.is_alphanumeric() || is_mark(c),
    }
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
    fn the_quick_answers_for_word_characters_are_unicode_s() {
        for c in (0..=0x2FFF_u32).filter_map(char::from_u32) {
            assert_eq!(is_token_char(c), c.is_alphanumeric() || is_mark(c), "{c:?}");
        }
    }

    #[test]
    fn sentence_spans_are_the_spans_of_the_sentences_tokens() {
        for text in [
            "قال الرئيس. ثم غادر!\nسطر ثان بلا نقطة",
            "  ...؟ كلمة",
            "",
            "\n\n",
            "كلمة",
            "U.S. forces… left؟ نعم۔",
        ]
        .into_iter()
        .chain(crate::sample::ARTICLES.iter().map(|(_, t)| *t))
        {
            let expected: Vec<Range<usize>> = sentences(text)
                .iter()
                .map(|s| s[0].start..s[s.len() - 1].end)
                .collect();
            assert_eq!(sentence_spans(text), expected, "{text:?}");
        }
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

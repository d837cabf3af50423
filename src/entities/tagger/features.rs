//! What the tagger sees of each token: the features of a word in its sentence.
//!
//! Per token, each feature as the pieces its string is made of (`each_feature_piece`): the
//! model hashes the pieces as they are, training and [`features`] join them:
//!
//! | feature | example for `والكرملين` |
//! |---|---|
//! | `b` | a bias, on every token |
//! | `w=` the folded word ([`crate::text::normalize()`], the matcher's folding) | `w=والكرملين` |
//! | `r=` the word as written (diacritics kept) | `r=والكرملين` |
//! | `p1=`…`p4=`, `s1=`…`s4=` prefixes and suffixes of 1–4 letters of the folded word | `p2=وا`, `s3=لين` |
//! | `st=` the folded word with its clitics set aside (the matcher's: و ف, then ب ل ك, then ال; or لل) | `st=كرملين` |
//! | `sh=` the [`Shape`] | `sh=ar` |
//! | `w-2=` `w-1=` `w+1=` `w+2=` folded words around it (`<s>` and `</s>` past the ends); `r-1=` `r+1=` as written, `st-1=` `st+1=` their stems, `sh-1=` `sh+1=` their shapes | `w-1=قال` |
//! | `w-1\|w=`, `w\|w+1=` word pairs | `w-1\|w=قال\|والكرملين` |
//! | `reg=`, `reg-1=`, `reg+1=` the register's view: `B-PER`, `I-LOC` … where a register alias covers the token (or its neighbours) | `reg=B-LOC` |
//! | `trig=` a [`TRIGGERS`] word just before the token (its folded stem), `trig2=` two before | `trig=رييس` |
//!
//! This module does not know about weights or labels; it turns text into feature strings.

use std::ops::Range;

use crate::entities::matcher::{ARTICLE, ARTICLE_PREFIXES, PREFIXES};
use crate::entities::{Kind, Matcher, Register};
use crate::text::{FoldOptions, normalize};

/// Words that announce a name after them: titles, and the nouns that open names of
/// organisations and places. Compared folded (so الرئيس is seen as الرييس), with or without
/// clitics (والرئيس counts).
pub const TRIGGERS: &[&str] = &[
    // People: titles and offices.
    "الرئيس",
    "رئيس",
    "وزير",
    "الوزير",
    "وزيرة",
    "السيد",
    "السيدة",
    "الملك",
    "الأمير",
    "الشيخ",
    "الدكتور",
    "د",
    "المستشار",
    "السفير",
    "الجنرال",
    "اللواء",
    "العقيد",
    "النائب",
    "الزعيم",
    "المتحدث",
    "قال",
    "أكد",
    "الرئيسة",
    "نائب",
    "الأمين",
    "زعيم",
    "مدير",
    "المدير",
    "قائد",
    "الكاتب",
    "المخرج",
    "الفنان",
    "اللاعب",
    "المدرب",
    // Organisations.
    "شركة",
    "منظمة",
    "وكالة",
    "جامعة",
    "حزب",
    "جيش",
    "حركة",
    "جمعية",
    "مجلس",
    "اتحاد",
    "بنك",
    "مؤسسة",
    "صحيفة",
    "نادي",
    "فريق",
    "هيئة",
    "وزارة",
    "مجموعة",
    "جبهة",
    "قناة",
    // Places.
    "مدينة",
    "محافظة",
    "دولة",
    "ولاية",
    "منطقة",
    "إقليم",
    "جزيرة",
    "قرية",
    "العاصمة",
    "عاصمة",
    "بلدة",
    "مقاطعة",
    "في",
    "إلى",
    "من",
];

/// What a token looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Arabic letters (marks allowed).
    Arabic,
    /// A Latin word beginning with a capital.
    LatinCapitalised,
    /// A Latin word beginning with a small letter.
    LatinLower,
    /// Digits only (any script).
    Digits,
    /// One punctuation or symbol character.
    Punctuation,
    /// Letters of several scripts, or letters and digits.
    Mixed,
}

impl Shape {
    /// The shape of a word as written.
    pub fn of(word: &str) -> Self {
        let (mut arabic, mut latin, mut digit, mut other) = (false, false, false, false);
        for c in word.chars() {
            // Most of what the tagger sees: Arabic letters, tatweel and marks (none numeric).
            if ('\u{0621}'..='\u{065F}').contains(&c) {
                arabic = true;
                continue;
            }
            if c.is_numeric() {
                digit = true;
            } else if !c.is_alphanumeric() && !crate::text::tokens::is_mark(c) {
                return Self::Punctuation;
            } else if ('\u{0600}'..='\u{06FF}').contains(&c)
                || ('\u{0750}'..='\u{077F}').contains(&c)
                || ('\u{FB50}'..='\u{FEFF}').contains(&c)
            {
                arabic = true;
            } else if c.is_alphabetic() && c.is_ascii() || ('\u{00C0}'..='\u{024F}').contains(&c) {
                latin = true;
            } else if c.is_alphanumeric() {
                other = true;
            }
        }
        match (arabic, latin, digit, other) {
            (true, false, false, false) => Self::Arabic,
            (false, true, false, false) => {
                if word.chars().next().is_some_and(char::is_uppercase) {
                    Self::LatinCapitalised
                } else {
                    Self::LatinLower
                }
            }
            (false, false, true, false) => Self::Digits,
            (false, false, false, false) => Self::Punctuation,
            _ => Self::Mixed,
        }
    }

    /// The feature value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Arabic => "ar",
            Self::LatinCapitalised => "Lat",
            Self::LatinLower => "lat",
            Self::Digits => "dig",
            Self::Punctuation => "punct",
            Self::Mixed => "mixed",
        }
    }
}

/// A register alias found in a text: the span it covers and its entity's kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisterSpan {
    /// Document code points of the name (after any clitic prefix).
    pub range: Range<usize>,
    /// The kind of the entity it names.
    pub kind: Kind,
}

/// The register's mentions in a text, as the tagger takes them.
pub fn register_spans(matcher: &Matcher, register: &Register, text: &str) -> Vec<RegisterSpan> {
    matcher
        .find(text)
        .into_iter()
        .filter_map(|m| {
            let kind = register.entities.get(m.entity)?.kind;
            Some(RegisterSpan {
                range: m.range,
                kind,
            })
        })
        .collect()
}

/// A folded word with the clitics the matcher knows set aside: a conjunction (و ف), then a
/// preposition (ب ل ك), then the article ال; or لل (ل + ال) after an optional conjunction. At
/// least two letters are always left; of the ways to strip, the one leaving the shortest word
/// wins.
pub fn strip_clitics(folded: &str) -> &str {
    // What `str::strip_prefix` does, without a call to `memcmp` for each of the two dozen
    // prefixes of two to six bytes: a mismatch shows at the first or second byte.
    fn strip<'a>(word: &'a str, prefix: &str) -> Option<&'a str> {
        let (w, p) = (word.as_bytes(), prefix.as_bytes());
        let matches = w.len() >= p.len() && w.iter().zip(p).all(|(a, b)| a == b);
        matches.then(|| word.get(p.len()..)).flatten()
    }
    let mut best = folded;
    let mut consider = |rest: &str| {
        if rest.chars().count() >= 2 && rest.len() < best.len() {
            best = &folded[folded.len() - rest.len()..];
        }
    };
    for prefix in std::iter::once(&"").chain(PREFIXES.iter()) {
        if let Some(rest) = strip(folded, prefix) {
            consider(rest);
            if let Some(bare) = strip(rest, ARTICLE) {
                consider(bare);
            }
        }
    }
    for prefix in ARTICLE_PREFIXES {
        if let Some(rest) = strip(folded, prefix) {
            consider(rest);
        }
    }
    best
}

/// One token of a sentence, prepared for feature extraction.
#[derive(Clone, Debug)]
pub struct Word {
    /// Document code points of the token.
    pub range: Range<usize>,
    /// As written.
    pub raw: String,
    /// Folded.
    pub folded: String,
    /// Folded, clitics set aside.
    pub stem: String,
    /// Its shape.
    pub shape: Shape,
    /// The register's view: whether a register alias begins on it (`true`) or continues over it,
    /// and the alias's kind.
    pub register: Option<(bool, Kind)>,
}

/// The sentences of a text as words ready for features, with each token's code-point range.
/// `register` holds the register's mentions in the text (empty for none), in any order.
pub fn words(text: &str, register: &[RegisterSpan]) -> Vec<Vec<Word>> {
    let chars: Vec<char> = text.chars().collect();
    let mut spans: Vec<&RegisterSpan> = register.iter().collect();
    spans.sort_by_key(|s| s.range.start);
    let mut next_span = 0;
    crate::text::tokens::sentences(text)
        .into_iter()
        .map(|sentence| {
            let mut previous: Option<usize> = None;
            sentence
                .into_iter()
                .map(|range| {
                    let raw: String = chars[range.clone()].iter().collect();
                    let folded = normalize(&raw, FoldOptions::default()).text;
                    let stem = strip_clitics(&folded).to_owned();
                    while next_span < spans.len() && spans[next_span].range.end <= range.start {
                        next_span += 1;
                    }
                    let covering = spans[next_span..]
                        .iter()
                        .take_while(|s| s.range.start < range.end)
                        .position(|s| s.range.end > range.start)
                        .map(|i| i + next_span);
                    let view = covering.map(|i| (previous != Some(i), spans[i].kind));
                    previous = covering;
                    Word {
                        range,
                        shape: Shape::of(&raw),
                        raw,
                        folded,
                        stem,
                        register: view,
                    }
                })
                .collect()
        })
        .collect()
}

/// Whether a folded word (or its stem) is a trigger word.
fn trigger(word: &Word, triggers: &[String]) -> bool {
    triggers
        .iter()
        .any(|t| *t == word.folded || *t == word.stem)
}

/// The folded trigger words, computed once.
pub(crate) fn folded_triggers() -> Vec<String> {
    TRIGGERS
        .iter()
        .map(|t| normalize(t, FoldOptions::default()).text)
        .collect()
}

/// Names of the features that come in fours and pairs, by position.
const PREFIXES_OF: [&str; 4] = ["p1=", "p2=", "p3=", "p4="];
const SUFFIXES_OF: [&str; 4] = ["s1=", "s2=", "s3=", "s4="];
const AROUND: [(isize, &str); 4] = [(-2, "w-2="), (-1, "w-1="), (1, "w+1="), (2, "w+2=")];
const NEIGHBOURS: [(isize, [&str; 3]); 2] = [
    (-1, ["r-1=", "st-1=", "sh-1="]),
    (1, ["r+1=", "st+1=", "sh+1="]),
];
const REGISTER: [(isize, &str); 3] = [(0, "reg="), (-1, "reg-1="), (1, "reg+1=")];

/// Calls `emit` with each feature of the `i`th word of a sentence, as the pieces its string is
/// made of (the feature is their concatenation, so a caller can hash or compare it without
/// joining them). `is_trigger(j)` says whether the sentence's `j`th word is a trigger word.
///
/// This is the one definition of the features: [`each_feature`] joins the pieces for training
/// and inspection, and the model looks them up as they are.
pub(crate) fn each_feature_piece(
    sentence: &[Word],
    i: usize,
    is_trigger: impl Fn(usize) -> bool,
    mut emit: impl FnMut(&[&str]),
) {
    let w = &sentence[i];
    let at = |offset: isize| -> Option<usize> {
        i.checked_add_signed(offset).filter(|j| *j < sentence.len())
    };
    let folded_at = |offset: isize| -> &str {
        match at(offset) {
            Some(j) => &sentence[j].folded,
            None if offset < 0 => "<s>",
            None => "</s>",
        }
    };
    emit(&["b"]);
    emit(&["w=", &w.folded]);
    emit(&["r=", &w.raw]);
    // The ends of the first four letters and the starts of the last four.
    let mut heads = w.folded.char_indices().map(|(b, c)| b + c.len_utf8());
    let mut tails = w.folded.char_indices().rev().map(|(b, _)| b);
    for (prefix, suffix) in PREFIXES_OF.into_iter().zip(SUFFIXES_OF) {
        let (Some(end), Some(start)) = (heads.next(), tails.next()) else {
            break;
        };
        emit(&[prefix, &w.folded[..end]]);
        emit(&[suffix, &w.folded[start..]]);
    }
    emit(&["st=", &w.stem]);
    emit(&["sh=", w.shape.as_str()]);
    for (offset, name) in AROUND {
        emit(&[name, folded_at(offset)]);
    }
    for (offset, [raw, stem, shape]) in NEIGHBOURS {
        if let Some(n) = at(offset).map(|j| &sentence[j]) {
            emit(&[raw, &n.raw]);
            emit(&[stem, &n.stem]);
            emit(&[shape, n.shape.as_str()]);
        }
    }
    emit(&["w-1|w=", folded_at(-1), "|", &w.folded]);
    emit(&["w|w+1=", &w.folded, "|", folded_at(1)]);
    for (offset, name) in REGISTER {
        if let Some((begins, kind)) = at(offset).and_then(|j| sentence[j].register) {
            let bio = if begins { "B-" } else { "I-" };
            emit(&[name, bio, kind.conll()]);
        }
    }
    if let Some(j) = at(-1).filter(|j| is_trigger(*j)) {
        emit(&["trig=", &sentence[j].stem]);
    }
    if let Some(j) = at(-2).filter(|j| is_trigger(*j)) {
        emit(&["trig2=", &sentence[j].stem]);
    }
}

/// Calls `emit` with each feature of the `i`th word of a sentence, writing them into `buf`.
pub(crate) fn each_feature(
    sentence: &[Word],
    i: usize,
    triggers: &[String],
    buf: &mut String,
    mut emit: impl FnMut(&str),
) {
    each_feature_piece(
        sentence,
        i,
        |j| trigger(&sentence[j], triggers),
        |pieces| {
            buf.clear();
            buf.extend(pieces.iter().copied());
            emit(buf);
        },
    );
}

/// The features of every token of a text, sentence by sentence (for inspection and tests; the
/// tagger itself never collects them as strings).
pub fn features(text: &str, register: &[RegisterSpan]) -> Vec<Vec<Vec<String>>> {
    let triggers = folded_triggers();
    let mut buf = String::new();
    words(text, register)
        .iter()
        .map(|sentence| {
            (0..sentence.len())
                .map(|i| {
                    let mut out = Vec::new();
                    each_feature(sentence, i, &triggers, &mut buf, |f| out.push(f.to_owned()));
                    out
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clitics_are_set_aside_as_the_matcher_knows_them() {
        assert_eq!(strip_clitics("والكرملين"), "كرملين");
        assert_eq!(strip_clitics("للامم"), "امم");
        assert_eq!(strip_clitics("ولندن"), "ندن");
        assert_eq!(strip_clitics("بوتين"), "وتين");
        // At least two letters stay.
        assert_eq!(strip_clitics("وال"), "ال");
        assert_eq!(strip_clitics("macron"), "macron");
    }

    #[test]
    fn the_register_view_marks_the_first_token_of_an_alias_and_the_rest() {
        let register = [RegisterSpan {
            range: 4..12,
            kind: Kind::Place,
        }];
        let words = words("زار ألما آتا أمس", &register);
        let views: Vec<_> = words[0].iter().map(|w| w.register).collect();
        assert_eq!(
            views,
            [
                None,
                Some((true, Kind::Place)),
                Some((false, Kind::Place)),
                None
            ]
        );
    }
}

//! Candidate discovery: names the register does not know yet, found by the words around them.
//!
//! Two patterns:
//! - a title or a keyword (الرئيس، رئيس الوزراء، وزير، المتحدث باسم، السيد، الدكتور، منظمة، حزب،
//!   وكالة، مدينة، العاصمة …) followed by one to three words, up to the first function word or
//!   punctuation: "الرئيس [قاسم جومارت توكاييف]", "حزب [نور أوتان]". The keyword suggests the
//!   kind.
//! - Latin-script names: a run of one to three capitalised Latin words, counted when it occurs at
//!   least twice in the corpus ("Nezalezhnaya", "Jen Psaki").
//!
//! What the register already finds, and what the user dismissed, is left out. Candidates are
//! counted over the corpus and listed apart; accepting one adds it to the register.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::register::Kind;
use crate::text::{FoldOptions, is_word_char, normalize};

/// Keywords that introduce a name, with the kind they suggest. Several words are matched as a
/// sequence; folded forms are compared.
const TRIGGERS: &[(&str, Kind)] = &[
    ("رئيس الوزراء", Kind::Person),
    ("المتحدث باسم", Kind::Organisation),
    ("الرئيس", Kind::Person),
    ("الزعيم", Kind::Person),
    ("وزير", Kind::Person),
    ("الوزير", Kind::Person),
    ("السيد", Kind::Person),
    ("السيدة", Kind::Person),
    ("الدكتور", Kind::Person),
    ("الشيخ", Kind::Person),
    ("الأمير", Kind::Person),
    ("الملك", Kind::Person),
    ("الجنرال", Kind::Person),
    ("منظمة", Kind::Organisation),
    ("حزب", Kind::Organisation),
    ("حركة", Kind::Organisation),
    ("وكالة", Kind::Organisation),
    ("شركة", Kind::Organisation),
    ("جامعة", Kind::Organisation),
    ("صحيفة", Kind::Organisation),
    ("مدينة", Kind::Place),
    ("العاصمة", Kind::Place),
    ("محافظة", Kind::Place),
    ("ولاية", Kind::Place),
    ("إقليم", Kind::Place),
];

/// Words that end a name: prepositions, conjunctions, relatives, common verbs of reporting.
const STOP_WORDS: &[&str] = &[
    "في",
    "من",
    "إلى",
    "الى",
    "على",
    "عن",
    "مع",
    "أن",
    "إن",
    "ان",
    "الذي",
    "التي",
    "الذين",
    "كان",
    "كانت",
    "قد",
    "لقد",
    "ما",
    "لا",
    "لم",
    "لن",
    "هو",
    "هي",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "بعد",
    "قبل",
    "عند",
    "حول",
    "خلال",
    "منذ",
    "حتى",
    "ثم",
    "أو",
    "او",
    "بين",
    "أمس",
    "اليوم",
    "قال",
    "قالت",
    "أكد",
    "أكدت",
    "أعلن",
    "أعلنت",
    "يوم",
    "عام",
    "امس",
];

/// Most words a candidate name has.
const MAX_WORDS: usize = 3;

/// A name the register does not know: found by the patterns here, or suggested by the tagger
/// ([`super::recognise::tally`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The name as first written.
    pub text: String,
    /// Its folded form (what identifies it, and what a dismissal records).
    pub folded: String,
    /// The kind the context suggests.
    pub kind: Kind,
    /// How many times it was found.
    pub count: usize,
    /// In how many documents (`None` where not counted).
    pub docs: Option<usize>,
    /// The tagger's mean probability that it is a name (`None`: found by a pattern).
    pub score: Option<f32>,
}

/// Finds candidates in one text. `known` tells whether a code-point range of `text` is already
/// a mention of a registered entity.
pub fn candidates_in(
    text: &str,
    known: &dyn Fn(Range<usize>) -> bool,
) -> Vec<(String, String, Kind)> {
    let folded = normalize(text, FoldOptions::default());
    let words = words(&folded.text);
    let triggers: Vec<(Vec<String>, Kind)> = TRIGGERS
        .iter()
        .map(|(t, k)| {
            let w = normalize(t, FoldOptions::default())
                .text
                .split(' ')
                .map(str::to_owned)
                .collect();
            (w, *k)
        })
        .collect();
    let stops: HashSet<String> = STOP_WORDS
        .iter()
        .map(|w| normalize(w, FoldOptions::default()).text)
        .collect();
    let trigger_at = |i: usize| {
        triggers.iter().find(|(t, _)| {
            t.len() <= words.len() - i
                && t.iter().enumerate().all(|(k, w)| {
                    words[i + k].text(&folded.text) == w && (k == 0 || !words[i + k].after_break)
                })
        })
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let Some((trigger, kind)) = trigger_at(i) else {
            i += 1;
            continue;
        };
        let start = i + trigger.len();
        let mut end = start;
        while end < words.len()
            && end - start < MAX_WORDS
            && !words[end].after_break
            && !stops.contains(words[end].text(&folded.text))
            && !starts_with_clitic_article(words[end].text(&folded.text))
            && !words[end]
                .text(&folded.text)
                .chars()
                .all(|c| c.is_ascii_digit())
            && trigger_at(end).is_none()
        {
            end += 1;
        }
        if end > start {
            let bytes = words[start].bytes.start..words[end - 1].bytes.end;
            let range = folded.bytes_to_document(bytes.clone());
            if !known(range.clone()) {
                let written: String = text.chars().skip(range.start).take(range.len()).collect();
                out.push((written, folded.text[bytes].to_owned(), *kind));
            }
        }
        i = end.max(i + 1);
    }
    out.extend(latin_names(text, known));
    out
}

/// A word like وال… بال… لل… (a clitic and the article) is almost never inside a name: it
/// starts the sentence's next phrase.
fn starts_with_clitic_article(word: &str) -> bool {
    ["وال", "فال", "بال", "كال", "لل", "ولل", "فلل"]
        .iter()
        .any(|p| word.starts_with(p) && word.chars().count() > p.chars().count() + 1)
}

/// Runs of capitalised Latin words.
fn latin_names(text: &str, known: &dyn Fn(Range<usize>) -> bool) -> Vec<(String, String, Kind)> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = chars[i].is_ascii_uppercase() && (i == 0 || !is_word_char(chars[i - 1]));
        if !starts_word {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut words = 0;
        while end < chars.len() && chars[end].is_ascii_uppercase() && words < MAX_WORDS {
            while end < chars.len() && (chars[end].is_ascii_alphabetic() || chars[end] == '-') {
                end += 1;
            }
            words += 1;
            if end + 1 < chars.len() && chars[end] == ' ' && chars[end + 1].is_ascii_uppercase() {
                end += 1;
            } else {
                break;
            }
        }
        let name: String = chars[start..end].iter().collect();
        let name = name.trim().to_owned();
        if name.chars().count() >= 3 && !known(start..start + name.chars().count()) {
            let folded = name.to_lowercase();
            out.push((name, folded, Kind::Other));
        }
        i = end.max(i + 1);
    }
    out
}

#[derive(Clone, Debug)]
struct Word {
    bytes: Range<usize>,
    /// Punctuation (not just a space) comes before this word.
    after_break: bool,
}

impl Word {
    fn text<'t>(&self, folded: &'t str) -> &'t str {
        &folded[self.bytes.clone()]
    }
}

fn words(folded: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    let mut after_break = false;
    for (b, c) in folded.char_indices() {
        if is_word_char(c) {
            if start.is_none() {
                start = Some(b);
            }
        } else {
            if let Some(s) = start.take() {
                out.push(Word {
                    bytes: s..b,
                    after_break,
                });
                after_break = false;
            }
            if c != ' ' {
                after_break = true;
            }
        }
    }
    if let Some(s) = start {
        out.push(Word {
            bytes: s..folded.len(),
            after_break,
        });
    }
    out
}

/// Counts candidates over many texts' findings, keeping those seen at least `min_count` times
/// (Latin names at least twice whatever `min_count`) and not dismissed, most frequent first.
pub fn tally(
    found: impl IntoIterator<Item = (String, String, Kind)>,
    dismissed: &HashSet<String>,
    min_count: usize,
) -> Vec<Candidate> {
    let mut by_folded: HashMap<String, Candidate> = HashMap::new();
    for (text, folded, kind) in found {
        if dismissed.contains(&folded) {
            continue;
        }
        by_folded
            .entry(folded.clone())
            .and_modify(|c| c.count += 1)
            .or_insert(Candidate {
                text,
                folded,
                kind,
                count: 1,
                docs: None,
                score: None,
            });
    }
    let mut out: Vec<Candidate> = by_folded
        .into_values()
        .filter(|c| c.count >= min_count.max(if c.kind == Kind::Other { 2 } else { 1 }))
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.folded.cmp(&b.folded)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, Kind)> {
        candidates_in(text, &|_| false)
            .into_iter()
            .map(|(t, _, k)| (t, k))
            .collect()
    }

    #[test]
    fn a_title_then_up_to_three_words() {
        let got = found("وقال الرئيس قاسم جومارت توكاييف إن القوات ستغادر.");
        assert_eq!(got, [("قاسم جومارت توكاييف".to_owned(), Kind::Person)]);
        let got = found("أعلن حزب نور أوتان في بيان، وزارت السيدة مريم العاصمة أستانا.");
        assert!(
            got.contains(&("نور أوتان".to_owned(), Kind::Organisation)),
            "{got:?}"
        );
        assert!(got.contains(&("مريم".to_owned(), Kind::Person)), "{got:?}");
        assert!(got.contains(&("أستانا".to_owned(), Kind::Place)), "{got:?}");
    }

    #[test]
    fn a_clitic_with_the_article_ends_a_name() {
        let got = found("عاد حزب نور أوتان للاجتماع وبالتالي");
        assert_eq!(got, [("نور أوتان".to_owned(), Kind::Organisation)]);
    }

    #[test]
    fn punctuation_and_digits_end_a_name() {
        let got = found("زار الوزير، ثم العاصمة 2022 وبعدها مدينة ألماتا. ثم غادر");
        assert_eq!(got, [("ألماتا".to_owned(), Kind::Place)]);
    }

    #[test]
    fn latin_names_and_the_tally() {
        let text = "قالت Jen Psaki إن Nezalezhnaya و Jen Psaki";
        let latin: Vec<_> = candidates_in(text, &|_| false);
        let tallied = tally(latin, &HashSet::new(), 1);
        assert_eq!(tallied.len(), 1, "only the repeated one: {tallied:?}");
        assert_eq!(tallied[0].text, "Jen Psaki");
        assert_eq!(tallied[0].count, 2);
    }

    #[test]
    fn known_mentions_and_dismissed_candidates_are_left_out() {
        let text = "الرئيس توكاييف والرئيس بوتين";
        let known_start = text.chars().count() - "بوتين".chars().count();
        let got = candidates_in(text, &|r| r.start == known_start);
        assert_eq!(got.len(), 1);
        let dismissed: HashSet<String> = [got[0].1.clone()].into();
        assert!(tally(got, &dismissed, 1).is_empty());
    }
}

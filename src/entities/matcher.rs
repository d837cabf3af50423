//! Finding the register's entities in a text.
//!
//! Aliases are folded ([`crate::text::normalize`]) and put into one Aho-Corasick automaton (a
//! DFA for registers up to some tens of thousands of spellings). The folded document is scanned
//! once, reporting every occurrence of every alias (overlapping); an occurrence counts if it ends
//! a word and either starts one or follows one of the clitic prefixes a word may carry: a
//! conjunction (و ف), then a preposition (ب ل ك), so و، ف، ب، ل، ك، وب، ول، وك، فب، فل، فك; an
//! alias with the article matches after them as written (وال، بال، فال، كال، وبال …). ل + ال is
//! written لل, so after لل، ولل، فلل the alias counts without its article. Of overlapping
//! occurrences the leftmost, then the longest, wins. Multi-word aliases also match with their
//! spaces dropped, and folding already makes runs of spaces, line breaks and hyphens one space;
//! Latin aliases match case-insensitively.
//!
//! A mention's range covers the name (after the prefix), in document code points; the prefix
//! is kept as written.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::register::Register;
use crate::text::compact::{
    OTHER, OTHER_WORD, compact_byte, is_compact_word_byte, normalize_compact,
};
use crate::text::{FoldOptions, normalize};

/// Prefixes tried before a word's own start: conjunction, then preposition.
const PREFIXES: &[&str] = &["و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"];
/// Prefixes that swallowed the article's alef: ل + ال.
const ARTICLE_PREFIXES: &[&str] = &["لل", "ولل", "فلل"];
const ARTICLE: &str = "ال";
/// Largest number of folded spellings compiled to a DFA.
const DFA_MAX_PATTERNS: usize = 30_000;

/// An entity found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Code points of the document covering the name (not the prefix).
    pub range: Range<usize>,
    /// The same, in bytes of the text searched.
    pub bytes: Range<usize>,
    /// Index of the entity in the register the matcher was built from.
    pub entity: usize,
    /// The clitic prefix attached to the name, as written (empty when none).
    pub prefix: String,
}

#[derive(Clone, Debug)]
struct Pattern {
    entity: usize,
    /// The alias with its article taken off, for after لل.
    without_article: bool,
    /// The alias begins with a word that folds like a common preposition without being one
    /// (علي the name, not على "on"); such a match must not start on the preposition.
    guards_preposition: bool,
    /// The folded alias, when its compact bytes stand for letters outside ASCII and Arabic (a
    /// hit must then be checked against the folded text).
    check: Option<String>,
}

/// Prepositions that fold to the same letters as names: على → علي, إلى → الي.
const FOLDED_PREPOSITIONS: &[(&str, &str)] = &[("على", "علي"), ("إلى", "الي"), ("الى", "الي")];

/// A compiled register.
pub struct Matcher {
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    options: FoldOptions,
    prefixes: Vec<Vec<u8>>,
    article_prefixes: Vec<Vec<u8>>,
}

impl Matcher {
    /// Compiles a register's aliases.
    pub fn new(register: &Register, options: FoldOptions) -> Self {
        let mut texts: Vec<Vec<u8>> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (entity, e) in register.entities.iter().enumerate() {
            for alias in &e.aliases {
                let folded = normalize(alias, options).text;
                if folded.chars().count() < 2 {
                    continue;
                }
                let mut variants = vec![(folded.clone(), false)];
                // "نور سلطان" also as "نورسلطان"; not for short parts ("ال سيد" is not "السيد").
                if folded.contains(' ') && folded.split(' ').all(|w| w.chars().count() >= 3) {
                    variants.push((folded.replace(' ', ""), false));
                }
                let first_word = alias.split_whitespace().next().unwrap_or_default();
                let guards_preposition = FOLDED_PREPOSITIONS.iter().any(|(written, folded_as)| {
                    first_word != *written
                        && normalize(first_word, options).text == *folded_as
                        && folded.contains(' ')
                });
                if let Some(bare) = folded.strip_prefix(ARTICLE)
                    && bare.chars().count() >= 2
                {
                    variants.push((bare.to_owned(), true));
                }
                for (text, without_article) in variants {
                    // Earlier entities win a spelling they share with later ones.
                    if seen.insert((text.clone(), without_article)) {
                        let bytes: Vec<u8> = text.chars().map(compact_byte).collect();
                        let check = bytes
                            .iter()
                            .any(|b| *b == OTHER || *b == OTHER_WORD)
                            .then(|| text.clone());
                        texts.push(bytes);
                        patterns.push(Pattern {
                            entity,
                            without_article,
                            guards_preposition,
                            check,
                        });
                    }
                }
            }
        }
        // A DFA scans fastest; past some tens of thousands of spellings it grows too large
        // (memory, build time) and the library's own choice (an NFA) is better.
        let kind = (texts.len() <= DFA_MAX_PATTERNS).then_some(AhoCorasickKind::DFA);
        let automaton = AhoCorasick::builder()
            .kind(kind)
            .match_kind(MatchKind::Standard)
            .build(&texts)
            .ok();
        let compact = |p: &&str| p.chars().map(compact_byte).collect();
        Self {
            automaton,
            patterns,
            options,
            prefixes: PREFIXES.iter().map(compact).collect(),
            article_prefixes: ARTICLE_PREFIXES.iter().map(compact).collect(),
        }
    }

    /// Number of folded spellings searched for.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Every mention in `text`, in text order, not overlapping.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let folded = normalize_compact(text, self.options);
        let hay = folded.bytes.as_slice();
        let mut cursor = ByteCursor::new(text);
        // One overlapping scan reports every alias occurrence; those that are whole words
        // (after an allowed prefix) are kept, and of overlapping ones the leftmost, then the
        // longest, wins. Folded text is one byte a code point, so positions are code points.
        let mut hits: Vec<(usize, usize, usize, usize)> = Vec::new(); // start, end, pattern, word start
        for m in automaton.find_overlapping_iter(hay) {
            let pattern = &self.patterns[m.pattern().as_usize()];
            if hay.get(m.end()).is_some_and(|b| is_compact_word_byte(*b)) {
                continue;
            }
            let word_start = hay[..m.start()]
                .iter()
                .rposition(|b| !is_compact_word_byte(*b))
                .map_or(0, |i| i + 1);
            let prefix = &hay[word_start..m.start()];
            let prefix_ok = if pattern.without_article {
                self.article_prefixes.iter().any(|p| p == prefix)
            } else {
                prefix.is_empty() || self.prefixes.iter().any(|p| p == prefix)
            };
            if !prefix_ok {
                continue;
            }
            if pattern.guards_preposition || pattern.check.is_some() {
                let doc = folded.to_document(m.start()..m.end());
                let bytes = cursor.byte_of(doc.start)..cursor.byte_of(doc.end);
                if pattern.guards_preposition && starts_with_preposition(&text[bytes.start..]) {
                    continue;
                }
                if let Some(expected) = &pattern.check
                    && normalize(&text[bytes], self.options).text != *expected
                {
                    continue;
                }
            }
            hits.push((m.start(), m.end(), m.pattern().as_usize(), word_start));
        }
        hits.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut mentions = Vec::new();
        let mut taken_until = 0;
        for (start, end, pattern, word_start) in hits {
            if start < taken_until {
                continue;
            }
            taken_until = end;
            let name = folded.to_document(start..end);
            let prefix_start = folded.to_document(word_start..start).start;
            let prefix_bytes = cursor.byte_of(prefix_start);
            let bytes = cursor.byte_of(name.start)..cursor.byte_of(name.end);
            mentions.push(Mention {
                range: name,
                prefix: text[prefix_bytes..bytes.start].to_owned(),
                bytes,
                entity: self.patterns[pattern].entity,
            });
        }
        mentions
    }
}

/// Byte offsets of code-point offsets in a text, for offsets asked for mostly in increasing
/// order: it walks from the last one asked (backwards when needed).
struct ByteCursor<'a> {
    text: &'a [u8],
    char: usize,
    byte: usize,
}

impl<'a> ByteCursor<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text: text.as_bytes(),
            char: 0,
            byte: 0,
        }
    }

    /// The byte offset of code point `target` (the text's length past its end).
    fn byte_of(&mut self, target: usize) -> usize {
        let starts_char = |b: u8| (b as i8) >= -0x40;
        while self.char < target && self.byte < self.text.len() {
            self.byte += 1;
            while self.byte < self.text.len() && !starts_char(self.text[self.byte]) {
                self.byte += 1;
            }
            self.char += 1;
        }
        while self.char > target {
            self.byte -= 1;
            while !starts_char(self.text[self.byte]) {
                self.byte -= 1;
            }
            self.char -= 1;
        }
        self.byte
    }
}

/// Whether the first word of `text` (up to white space) is one of the prepositions that fold
/// like names.
fn starts_with_preposition(text: &str) -> bool {
    let word = text.split(char::is_whitespace).next().unwrap_or_default();
    FOLDED_PREPOSITIONS
        .iter()
        .any(|(written, _)| word == *written)
}

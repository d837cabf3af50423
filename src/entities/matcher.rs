//! Finding the register's entities in a text.
//!
//! Aliases are folded ([`crate::text::normalize()`]) and put into one Aho-Corasick automaton (the
//! crate's contiguous NFA). A name can only begin where a word begins, or after the clitic
//! prefixes a word may carry: a conjunction (و ف), then a preposition (ب ل ك), so و، ف، ب، ل،
//! ك، وب، ول، وك، فب، فل، فك; an alias with the article matches after them as written (وال،
//! بال، فال، كال، وبال …). ل + ال is written لل, so after لل، ولل، فلل the alias counts without
//! its article. So the automaton does not scan the folded text: the words are found 64 bytes
//! at a time (`entities::scan`), and at each word start, and after each prefix the word starts
//! with, a filter on the word's first bytes decides whether an alias can begin there; where one
//! can, the automaton is walked from its anchored start state until no alias can continue. Of
//! the names found from one place,
//! the longest that ends a word wins; of the places in a word, the first (the word start, then
//! shorter prefixes) wins; the next search begins after a mention's end. Multi-word aliases
//! also match with their spaces dropped, and folding already makes runs of spaces, line breaks
//! and hyphens one space; Latin aliases match case-insensitively.
//!
//! A mention's range covers the name (after the prefix), in document code points; the prefix
//! is kept as written.

use std::ops::Range;

use aho_corasick::automaton::Automaton;
use aho_corasick::{Anchored, MatchKind, nfa};

use super::register::Register;
use super::scan::{StartFilter, word_key, words};
use crate::text::compact::{
    Compact, OTHER, OTHER_WORD, compact_byte, is_compact_word_byte, normalize_compact,
};
use crate::text::{FoldOptions, normalize};

/// Prefixes tried before a word's own start: conjunction, then preposition.
pub(crate) const PREFIXES: &[&str] = &["و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"];
/// Prefixes that swallowed the article's alef: ل + ال.
pub(crate) const ARTICLE_PREFIXES: &[&str] = &["لل", "ولل", "فلل"];
pub(crate) const ARTICLE: &str = "ال";

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
    automaton: Option<nfa::contiguous::NFA>,
    patterns: Vec<Pattern>,
    options: FoldOptions,
    /// The clitic prefixes, by their first byte, then shortest first.
    places: Vec<PrefixPlace>,
    /// For each byte, the range of `places` that begin with it (empty for most).
    by_initial: [(u8, u8); 256],
    /// Which places an alias can begin at, by their first bytes.
    starts: StartFilter,
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
        // A contiguous NFA: small (some hundreds of KiB for ten thousand aliases, where a DFA
        // takes tens of MiB), and as fast for short anchored walks, whose cost is cache misses.
        // Dense transitions for the first few bytes, where every walk passes.
        let automaton = nfa::contiguous::Builder::new()
            .match_kind(MatchKind::Standard)
            .dense_depth(4)
            .build(&texts)
            .ok();
        let starts = StartFilter::new(texts.iter().map(Vec::as_slice));
        let compact = |p: &str| p.chars().map(compact_byte).collect::<Vec<u8>>();
        let mut places: Vec<PrefixPlace> = PREFIXES
            .iter()
            .map(|p| PrefixPlace::new(&compact(p), false))
            .chain(
                ARTICLE_PREFIXES
                    .iter()
                    .map(|p| PrefixPlace::new(&compact(p), true)),
            )
            .collect();
        places.sort_by_key(|place| (place.key & 0xFF, place.len));
        let mut by_initial = [(0, 0); 256];
        for (i, place) in places.iter().enumerate() {
            let range = &mut by_initial[(place.key & 0xFF) as usize];
            if range.0 == range.1 {
                range.0 = i as u8;
            }
            range.1 = i as u8 + 1;
        }
        Self {
            automaton,
            patterns,
            options,
            places,
            by_initial,
            starts,
        }
    }

    /// Number of folded spellings searched for.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Every mention in `text`, in text order, not overlapping.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        match &self.automaton {
            Some(automaton) => self.find_with(automaton, text),
            None => Vec::new(),
        }
    }

    fn find_with(&self, automaton: &nfa::contiguous::NFA, text: &str) -> Vec<Mention> {
        let Ok(start_state) = automaton.start_state(Anchored::Yes) else {
            return Vec::new();
        };
        let folded = normalize_compact(text, self.options);
        let hay = folded.bytes.as_slice();
        let mut cursor = ByteCursor::new(text);
        let mut mentions = Vec::new();
        // The next search begins here (after the last mention).
        let mut at = 0;
        for (word_start, word_end) in words(hay) {
            if word_start < at {
                continue;
            }
            // Where a name may begin in this word: its start, then after each prefix it has
            // (shorter prefixes first).
            let word_len = word_end - word_start;
            let key = word_key(hay, word_start, word_end);
            let (first, end) = self.by_initial[(key & 0xFF) as usize];
            let prefixes = &self.places[usize::from(first)..usize::from(end)];
            let places = std::iter::once((0, false)).chain(
                prefixes
                    .iter()
                    // The prefixes are at most three bytes, compared within the word's key.
                    .filter(|place| place.len < word_len && (key & place.mask) == place.key)
                    .map(|place| (place.len, place.article)),
            );
            let mut found = None;
            for (prefix_len, article) in places {
                let start = word_start + prefix_len;
                let place = Place {
                    start,
                    without_article: article,
                };
                if !self.starts.may_start(hay, start, word_end) {
                    continue;
                }
                if let Some(hit) =
                    self.longest_at(automaton, start_state, &folded, text, &mut cursor, place)
                {
                    found = Some((start, hit));
                    break;
                }
            }
            match found {
                Some((start, (end, pattern))) => {
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
                    at = end;
                }
                None => at = word_start + 1,
            }
        }
        mentions
    }

    /// The longest alias that begins at `place` and ends a word: its end and pattern.
    fn longest_at(
        &self,
        automaton: &nfa::contiguous::NFA,
        start_state: aho_corasick::automaton::StateID,
        folded: &Compact,
        text: &str,
        cursor: &mut ByteCursor<'_>,
        place: Place,
    ) -> Option<(usize, usize)> {
        let hay = folded.bytes.as_slice();
        let mut state = start_state;
        let mut best = None;
        for (end, byte) in hay.iter().enumerate().skip(place.start) {
            state = automaton.next_state(Anchored::Yes, state, *byte);
            if !automaton.is_special(state) {
                continue;
            }
            if automaton.is_dead(state) {
                break;
            }
            let end = end + 1;
            if !automaton.is_match(state) || hay.get(end).is_some_and(|b| is_compact_word_byte(*b))
            {
                continue;
            }
            // A match state also lists aliases that are suffixes of this one.
            for i in 0..automaton.match_len(state) {
                let id = automaton.match_pattern(state, i);
                let pattern = &self.patterns[id.as_usize()];
                if automaton.pattern_len(id) == end - place.start
                    && pattern.without_article == place.without_article
                    && self.checks_pass(pattern, folded, text, cursor, place.start..end)
                {
                    best = Some((end, id.as_usize()));
                    break;
                }
            }
        }
        best
    }

    /// The checks a few patterns need against the document text.
    fn checks_pass(
        &self,
        pattern: &Pattern,
        folded: &Compact,
        text: &str,
        cursor: &mut ByteCursor<'_>,
        range: Range<usize>,
    ) -> bool {
        if !pattern.guards_preposition && pattern.check.is_none() {
            return true;
        }
        let doc = folded.to_document(range);
        let bytes = cursor.byte_of(doc.start)..cursor.byte_of(doc.end);
        if pattern.guards_preposition && starts_with_preposition(&text[bytes.start..]) {
            return false;
        }
        match &pattern.check {
            Some(expected) => normalize(&text[bytes], self.options).text == *expected,
            None => true,
        }
    }
}

/// A clitic prefix, as compared with the key of a word ([`word_key`]: its first eight bytes).
struct PrefixPlace {
    /// The prefix's bytes, the first in the low byte.
    key: u64,
    /// Covers the prefix's bytes in a key.
    mask: u64,
    /// Its length in bytes (at most three).
    len: usize,
    /// Whether an alias after it has lost its article (لل).
    article: bool,
}

impl PrefixPlace {
    fn new(prefix: &[u8], article: bool) -> Self {
        let key = word_key(prefix, 0, prefix.len());
        Self {
            key,
            mask: (1 << (8 * prefix.len())) - 1,
            len: prefix.len(),
            article,
        }
    }
}

/// Where in the folded text a name is looked for.
#[derive(Clone, Copy)]
struct Place {
    /// Byte (= folded code point) where the name would begin.
    start: usize,
    /// After لل، ولل، فلل: only aliases with their article taken off.
    without_article: bool,
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
        // Far ahead: 32 bytes at a time, counting the code points that start in them, then
        // back to the start of the code point the block ended in.
        const BLOCK: usize = 32;
        while self.char + BLOCK < target && self.byte + BLOCK < self.text.len() {
            let block = &self.text[self.byte..self.byte + BLOCK];
            let mut starts = block.iter().filter(|b| starts_char(**b)).count();
            self.byte += BLOCK;
            if !starts_char(self.text[self.byte]) {
                // The start of that code point was counted in the block.
                while !starts_char(self.text[self.byte]) {
                    self.byte -= 1;
                }
                starts -= 1;
            }
            self.char += starts;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_finds_the_byte_of_every_code_point_in_any_order() {
        let text = "a ب ﻻ 𝔸 é ".repeat(20) + "نص";
        let bytes: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect();
        let mut cursor = ByteCursor::new(&text);
        let n = bytes.len();
        let order = (0..n).chain((0..n).rev()).chain((0..n).step_by(37));
        for (i, target) in order.chain([3, n - 1, 0, n - 1]).enumerate() {
            assert_eq!(cursor.byte_of(target), bytes[target], "step {i}: {target}");
        }
    }

    #[test]
    fn the_start_filter_lets_every_alias_through() {
        let register = Register::bundled();
        let matcher = Matcher::new(&register, FoldOptions::default());
        for e in &register.entities {
            for alias in &e.aliases {
                let folded: Vec<u8> = normalize(alias, FoldOptions::default())
                    .text
                    .chars()
                    .map(compact_byte)
                    .collect();
                let mut followed = folded.clone();
                followed.extend(" x".bytes());
                for text in [folded, followed] {
                    let Some((0, end)) = words(&text).next() else {
                        continue; // An alias not starting with a word byte never matches.
                    };
                    assert!(matcher.starts.may_start(&text, 0, end), "{alias}");
                }
            }
        }
    }
}

//! Finding the register's entities in a text.
//!
//! Aliases are folded ([`crate::text::normalize`]) and put into one Aho-Corasick automaton
//! (leftmost-longest, anchored searches). The folded document is scanned word by word; at each
//! word start the automaton is tried at the word itself and after each clitic prefix the word
//! may carry: a conjunction (و ف), then a preposition (ب ل ك), so و، ف، ب، ل، ك، وب، ول، وك، فب،
//! فل، فك; an alias with the article matches after them as written (وال، بال، فال، كال، وبال …).
//! ل + ال is written لل, so after لل، ولل، فلل the alias is tried without its article. A match
//! counts only if it ends at a word end. Multi-word aliases also match with their spaces
//! dropped, and folding already makes runs of spaces, line breaks and hyphens one space; Latin
//! aliases match case-insensitively.
//!
//! A mention's range covers the name (after the prefix), in document code points; the prefix
//! is kept as written.

use std::ops::Range;

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

use super::register::Register;
use crate::text::{FoldOptions, is_word_char, normalize};

/// Prefixes tried before a word's own start: conjunction, then preposition.
const PREFIXES: &[&str] = &["و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"];
/// Prefixes that swallowed the article's alef: ل + ال.
const ARTICLE_PREFIXES: &[&str] = &["لل", "ولل", "فلل"];
const ARTICLE: &str = "ال";

/// An entity found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Code points of the document covering the name (not the prefix).
    pub range: Range<usize>,
    /// Index of the entity in the register the matcher was built from.
    pub entity: usize,
    /// The clitic prefix attached to the name, as written (empty when none).
    pub prefix: String,
}

#[derive(Clone, Copy, Debug)]
struct Pattern {
    entity: usize,
    /// The alias with its article taken off, for after لل.
    without_article: bool,
}

/// A compiled register.
pub struct Matcher {
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    options: FoldOptions,
}

impl Matcher {
    /// Compiles a register's aliases.
    pub fn new(register: &Register, options: FoldOptions) -> Self {
        let mut texts: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (entity, e) in register.entities.iter().enumerate() {
            for alias in &e.aliases {
                let folded = normalize(alias, options).text;
                if folded.chars().count() < 2 {
                    continue;
                }
                let mut variants = vec![(folded.clone(), false)];
                if folded.contains(' ') {
                    variants.push((folded.replace(' ', ""), false));
                }
                if let Some(bare) = folded.strip_prefix(ARTICLE)
                    && bare.chars().count() >= 2
                {
                    variants.push((bare.to_owned(), true));
                }
                for (text, without_article) in variants {
                    // Earlier entities win a spelling they share with later ones.
                    if seen.insert((text.clone(), without_article)) {
                        texts.push(text);
                        patterns.push(Pattern {
                            entity,
                            without_article,
                        });
                    }
                }
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(&texts)
            .ok();
        Self {
            automaton,
            patterns,
            options,
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
        let folded = normalize(text, self.options);
        let hay = folded.text.as_str();
        // Byte index of each code point of `text`, built at the first mention.
        let mut doc_bytes: Vec<usize> = Vec::new();
        let mut mentions = Vec::new();
        let mut resume = 0;
        let mut prev: Option<char> = None;
        for (byte, c) in hay.char_indices() {
            let word_start = is_word_char(c) && !prev.is_some_and(is_word_char);
            prev = Some(c);
            if !word_start || byte < resume {
                continue;
            }
            let rest = &hay[byte..];
            let mut best: Option<(usize, usize, usize)> = None; // (prefix bytes, end, pattern)
            let starts = std::iter::once(("", false))
                .chain(PREFIXES.iter().map(|p| (*p, false)))
                .chain(ARTICLE_PREFIXES.iter().map(|p| (*p, true)));
            for (prefix, article_swallowed) in starts {
                if !rest.starts_with(prefix) {
                    continue;
                }
                let at = byte + prefix.len();
                let input = Input::new(hay).range(at..).anchored(Anchored::Yes);
                let Some(m) = automaton.find(input) else {
                    continue;
                };
                let pattern = self.patterns[m.pattern().as_usize()];
                if pattern.without_article != article_swallowed {
                    continue;
                }
                if hay[m.end()..].chars().next().is_some_and(is_word_char) {
                    continue;
                }
                // The whole word as a name beats a reading with a prefix; then the longest.
                let better = match best {
                    None => true,
                    Some((_, end, _)) => m.end() > end,
                };
                if better {
                    best = Some((prefix.len(), m.end(), m.pattern().as_usize()));
                }
                if prefix.is_empty() {
                    break;
                }
            }
            if let Some((prefix_len, end, pattern)) = best {
                let name = folded.bytes_to_document(byte + prefix_len..end);
                let prefix_range = folded.bytes_to_document(byte..byte + prefix_len);
                let prefix = if prefix_len == 0 {
                    String::new()
                } else {
                    if doc_bytes.is_empty() {
                        doc_bytes = text.char_indices().map(|(b, _)| b).collect();
                        doc_bytes.push(text.len());
                    }
                    text[doc_bytes[prefix_range.start]..doc_bytes[name.start]].to_owned()
                };
                mentions.push(Mention {
                    range: name,
                    entity: self.patterns[pattern].entity,
                    prefix,
                });
                resume = end;
            }
        }
        mentions
    }
}

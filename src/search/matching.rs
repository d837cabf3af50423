//! Finding a query's hits in one document, on its folded text as one byte a code point
//! ([`Compact`]), the form the entity matcher scans.
//!
//! A [`Search`] is a query with its names resolved (an `entity:` against the register, a
//! `code:` against the codebook and the passages tagged with it) and its words turned into
//! folded bytes, each with a [`memchr::memmem::Finder`]. In a document, a word is looked for
//! with memmem; where it occurs, the word around the occurrence is checked: it is the query
//! word, or the query word after the clitics a word may carry (و ف, then ب ل ك, then the
//! article ال; or لل for ل + ال), unless the query word is `=exact`; a `*` lets any letters
//! come before or after it. A phrase of plain words is matched by the phrase module (words
//! apart or joined, each with its clitics); any other phrase is its first item found, then
//! each next item checked at the next word (only spaces between). A hit is reported in document code points: the word
//! without the conjunction or preposition before it but with its article as written
//! (`والكرملين` → `الكرملين`, `للكرملين` → `كرملين`); with a leading `*`, the whole word.
//!
//! The regex mode ([`Search::regex`]) runs a [`regex::Regex`] over the folded text
//! ([`crate::text::normalize()`]) instead.

use std::collections::HashMap;
use std::ops::Range;

use memchr::memmem::Finder;

use super::phrase::PhrasePlan;
use super::query::{Named, Node, Query, Word};
use crate::annotations::{Annotations, CodeId, Codebook};
use crate::corpus::ContentHash;
use crate::entities::matcher::{ARTICLE, ARTICLE_PREFIXES, PREFIXES as CLITICS};
use crate::entities::{Entity, Matcher, Register};
use crate::text::compact::{Compact, OTHER, OTHER_WORD, compact_byte, is_compact_word_byte};
use crate::text::{FoldOptions, fold, normalize};

/// Prefixes a word may carry before the query word, as folded bytes, shortest first: the entity
/// matcher's clitics (a conjunction, then a preposition), the article alone or after them (not
/// after ل, where it is written لل), and the لل forms.
pub(super) fn prefixes() -> &'static [Vec<u8>] {
    static LIST: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        let mut list: Vec<String> = std::iter::once(ARTICLE.to_owned())
            .chain(CLITICS.iter().map(|p| (*p).to_owned()))
            .chain(
                CLITICS
                    .iter()
                    .filter(|p| !p.ends_with('ل'))
                    .map(|p| format!("{p}{ARTICLE}")),
            )
            .chain(ARTICLE_PREFIXES.iter().map(|p| (*p).to_owned()))
            .collect();
        list.sort_by_key(|p| p.chars().count());
        list.dedup();
        list.iter()
            .map(|p| p.chars().map(compact_byte).collect())
            .collect()
    })
}

/// What a query's names stand for: the register (the bundled one with the project's edits)
/// and, for `code:` filters, the project's codebook and annotations.
#[derive(Clone, Copy)]
pub struct Names<'a> {
    /// Entities for `entity:`.
    pub register: &'a Register,
    /// Codes for `code:`.
    pub codebook: Option<&'a Codebook>,
    /// Passages for `code:`.
    pub annotations: Option<&'a Annotations>,
}

/// A query that cannot be run: a name it uses is not known.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    /// The query text is not a query.
    #[error(transparent)]
    Parse(#[from] super::query::ParseError),
    /// `entity:` names no entity of the register.
    #[error("bad query at character {at}: no entity {name:?} in the register")]
    NoEntity {
        /// The name as written.
        name: String,
        /// Its first character in the query (from 1).
        at: usize,
    },
    /// `code:` names no code of the codebook.
    #[error("bad query at character {at}: no code {name:?} in the codebook")]
    NoCode {
        /// The name as written.
        name: String,
        /// Its first character in the query (from 1).
        at: usize,
    },
    /// The regular expression does not compile.
    #[error("bad regular expression: {0}")]
    Regex(String),
}

/// A document as search reads it.
#[derive(Clone, Copy)]
pub struct Doc<'a> {
    /// Its id (for `code:` passages).
    pub id: &'a str,
    /// The hash of its text (passages tagged on another text are not used).
    pub hash: &'a ContentHash,
    /// The text.
    pub text: &'a str,
    /// The text folded, one byte a code point.
    pub compact: &'a Compact,
}

/// A `code:` filter's passages: by document id, each with the hash of the text it was tagged
/// on and its document code points.
type Passages = HashMap<String, Vec<(ContentHash, Range<usize>)>>;

/// A query ready to run on documents.
pub struct Search {
    root: Option<Plan>,
    /// For each `code:` filter, the passages (document code points) of each document.
    codes: Vec<Passages>,
}

/// A resolved node of the query.
enum Plan {
    Seq(Vec<Plan>),
    Alt(Vec<Plan>),
    Near {
        left: Box<Plan>,
        right: Box<Plan>,
        within: usize,
    },
    Word(Box<WordPlan>),
    Phrase(Box<PhrasePlan>),
    Entity(Box<EntityPlan>),
    Regex(regex::Regex),
}

/// An entity's aliases, with an id no other plan has (the key of its spans found in a
/// document, see [`entity_spans_memo`]).
struct EntityPlan {
    id: u64,
    matcher: Matcher,
}

/// Numbers the entity plans made.
static ENTITY_PLANS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A query word as bytes to look for.
struct WordPlan {
    /// The folded stem as compact bytes.
    bytes: Vec<u8>,
    /// The folded stem (to check bytes that stand for several letters).
    folded: String,
    /// Some byte stands for several letters: a hit is checked against the folded text.
    check: bool,
    exact: bool,
    any_before: bool,
    any_after: bool,
    finder: Finder<'static>,
}

/// A hit in compact positions: the hit itself and the words it spans.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Span {
    hit: Range<usize>,
    /// From the start of its first word to the end of its last.
    words: Range<usize>,
}

impl Search {
    /// Resolves a parsed query.
    pub fn new(query: &Query, names: Names<'_>) -> Result<Self, SearchError> {
        let root = query.root.as_ref().map(|n| plan(n, names)).transpose()?;
        let codes = query
            .codes
            .iter()
            .map(|named| passages(named, names))
            .collect::<Result<_, _>>()?;
        Ok(Self { root, codes })
    }

    /// Parses and resolves a query.
    pub fn parse(text: &str, names: Names<'_>) -> Result<Self, SearchError> {
        Self::new(&Query::parse(text)?, names)
    }

    /// A regular expression over the folded text: letters in it outside ASCII are folded as
    /// the text is (so أ in the pattern finds أ, إ, آ and ا); ASCII (the syntax) is left alone.
    pub fn regex(pattern: &str) -> Result<Self, SearchError> {
        let folded: String = pattern
            .chars()
            .filter_map(|c| {
                if c.is_ascii() {
                    Some(c)
                } else {
                    fold(c, FoldOptions::default())
                }
            })
            .collect();
        let regex = regex::Regex::new(&folded).map_err(|e| SearchError::Regex(e.to_string()))?;
        Ok(Self {
            root: Some(Plan::Regex(regex)),
            codes: Vec::new(),
        })
    }

    /// The hits in a document (document code points, in text order, not overlapping).
    pub fn find(&self, doc: Doc<'_>) -> Vec<Range<usize>> {
        let mut hits = match &self.root {
            Some(Plan::Regex(regex)) => regex_hits(regex, doc.text),
            Some(root) => {
                let mut spans = find(root, doc);
                spans.sort_by_key(|s| (s.hit.start, std::cmp::Reverse(s.hit.end)));
                let mut out: Vec<Range<usize>> = Vec::with_capacity(spans.len());
                let mut end = 0;
                for span in spans {
                    if span.hit.start >= end || out.is_empty() {
                        end = span.hit.end;
                        out.push(doc.compact.to_document(span.hit));
                    }
                }
                out
            }
            // Only `code:` filters: their passages are the hits.
            None => self.code_passages(doc),
        };
        if self.root.is_some() {
            with_trailing_marks(&mut hits, doc.text);
        }
        for filter in &self.codes {
            let passages = in_doc(filter, doc);
            hits.retain(|h| {
                passages
                    .iter()
                    .any(|p| p.start <= h.start && h.end <= p.end)
            });
        }
        hits
    }

    /// The passages of the first `code:` filter in a document, in text order.
    fn code_passages(&self, doc: Doc<'_>) -> Vec<Range<usize>> {
        let Some(first) = self.codes.first() else {
            return Vec::new();
        };
        let mut out = in_doc(first, doc);
        out.sort_by_key(|r| (r.start, r.end));
        out.dedup();
        out
    }
}

/// Hits take the diacritics (and tatweel) written after their last letter, which folding
/// dropped: a passage never ends between a letter and its marks.
fn with_trailing_marks(hits: &mut [Range<usize>], text: &str) {
    if hits.is_empty() {
        return;
    }
    let chars: Vec<char> = text.chars().collect();
    for hit in hits {
        while hit.end < chars.len() && crate::text::tokens::is_mark(chars[hit.end]) {
            hit.end += 1;
        }
    }
}

/// A `code:` filter's passages in a document, where they were tagged on this text.
fn in_doc(filter: &Passages, doc: Doc<'_>) -> Vec<Range<usize>> {
    filter.get(doc.id).map_or_else(Vec::new, |list| {
        list.iter()
            .filter(|(hash, _)| hash == doc.hash)
            .map(|(_, r)| r.clone())
            .collect()
    })
}

/// The passages tagged with a code or a code under it, by document.
fn passages(named: &Named, names: Names<'_>) -> Result<Passages, SearchError> {
    let not_found = || SearchError::NoCode {
        name: named.name.clone(),
        at: named.at,
    };
    let book = names.codebook.ok_or_else(not_found)?;
    let code = book
        .find_path(&named.name)
        .or_else(|| book.codes.iter().find(|c| c.name == named.name))
        .or_else(|| {
            let lower = named.name.to_lowercase();
            book.codes.iter().find(|c| c.name.to_lowercase() == lower)
        })
        .ok_or_else(not_found)?;
    let wanted: Vec<CodeId> = book.subtree(code.id);
    let mut out = Passages::new();
    for a in names.annotations.into_iter().flat_map(Annotations::iter) {
        if a.codes.iter().any(|c| wanted.contains(c)) && a.start < a.end {
            out.entry(a.doc.clone())
                .or_default()
                .push((a.hash.clone(), a.range()));
        }
    }
    Ok(out)
}

/// Resolves a query node.
fn plan(node: &Node, names: Names<'_>) -> Result<Plan, SearchError> {
    Ok(match node {
        Node::Seq(items) if plain_words(items).is_some() => {
            let stems = plain_words(items).unwrap_or_default();
            Plan::Phrase(Box::new(PhrasePlan::new(&stems, prefixes())))
        }
        Node::Seq(items) => Plan::Seq(
            items
                .iter()
                .map(|n| plan(n, names))
                .collect::<Result<_, _>>()?,
        ),
        Node::Alt(alts) => Plan::Alt(
            alts.iter()
                .map(|n| plan(n, names))
                .collect::<Result<_, _>>()?,
        ),
        Node::Near {
            left,
            right,
            within,
        } => Plan::Near {
            left: Box::new(plan(left, names)?),
            right: Box::new(plan(right, names)?),
            within: *within,
        },
        Node::Word(word) => Plan::Word(Box::new(word_plan(word))),
        Node::Entity(named) => Plan::Entity(Box::new(EntityPlan {
            id: ENTITY_PLANS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            matcher: entity_matcher(named, names.register)?,
        })),
    })
}

/// The stems of a phrase of plain words (no `=`, no `*`, only ASCII and Arabic letters), which
/// [`PhrasePlan`] matches apart or joined; `None` for any other phrase.
fn plain_words(items: &[Node]) -> Option<Vec<String>> {
    items
        .iter()
        .map(|item| match item {
            Node::Word(w)
                if !w.exact
                    && !w.any_before
                    && !w.any_after
                    && w.stem
                        .chars()
                        .all(|c| !matches!(compact_byte(c), OTHER | OTHER_WORD)) =>
            {
                Some(w.stem.clone())
            }
            _ => None,
        })
        .collect()
}

/// A matcher for every alias of one entity, named by its canonical name (any case) or one of
/// its aliases (folded).
fn entity_matcher(named: &Named, register: &Register) -> Result<Matcher, SearchError> {
    let lower = named.name.to_lowercase();
    let folded = normalize(&named.name, FoldOptions::default()).text;
    let entity = register
        .entities
        .iter()
        .find(|e| e.canonical.to_lowercase() == lower)
        .or_else(|| {
            register.entities.iter().find(|e| {
                e.aliases
                    .iter()
                    .any(|a| normalize(a, FoldOptions::default()).text == folded)
            })
        })
        .ok_or_else(|| SearchError::NoEntity {
            name: named.name.clone(),
            at: named.at,
        })?;
    let one = Register {
        entities: vec![Entity {
            canonical: entity.canonical.clone(),
            kind: entity.kind,
            aliases: entity.aliases.clone(),
            note: None,
        }],
    };
    Ok(Matcher::new(&one, FoldOptions::default()))
}

fn word_plan(word: &Word) -> WordPlan {
    let bytes: Vec<u8> = word.stem.chars().map(compact_byte).collect();
    let check = bytes.iter().any(|b| *b == OTHER || *b == OTHER_WORD);
    WordPlan {
        finder: Finder::new(&bytes).into_owned(),
        bytes,
        folded: word.stem.clone(),
        check,
        exact: word.exact,
        any_before: word.any_before,
        any_after: word.any_after,
    }
}

/// Every span of a node in a document, in any order.
fn find(plan: &Plan, doc: Doc<'_>) -> Vec<Span> {
    match plan {
        Plan::Word(word) => find_word(word, doc),
        Plan::Phrase(phrase) => phrase
            .find(&doc.compact.bytes)
            .into_iter()
            .map(|(hit, words)| Span { hit, words })
            .collect(),
        Plan::Entity(entity) => entity_spans(&entity.matcher, doc),
        Plan::Alt(alts) => alts.iter().flat_map(|a| find(a, doc)).collect(),
        Plan::Seq(items) => {
            let Some((first, rest)) = items.split_first() else {
                return Vec::new();
            };
            find(first, doc)
                .into_iter()
                .filter_map(|span| continue_seq(span, rest, doc))
                .collect()
        }
        Plan::Near {
            left,
            right,
            within,
        } => near(&find(left, doc), &find(right, doc), *within, doc),
        // The regex mode is a whole query of its own ([`Search::find`]).
        Plan::Regex(_) => Vec::new(),
    }
}

/// A phrase's first item extended by the items after it, each at the next word.
fn continue_seq(mut span: Span, rest: &[Plan], doc: Doc<'_>) -> Option<Span> {
    for item in rest {
        let next = next_word(doc.compact.bytes.as_slice(), span.words.end)?;
        let more = match_at(item, doc, next)?;
        span = Span {
            hit: span.hit.start..more.hit.end,
            words: span.words.start..more.words.end,
        };
    }
    Some(span)
}

/// The start of the word after `end`, if only spaces come between.
fn next_word(hay: &[u8], end: usize) -> Option<usize> {
    let mut at = end;
    while at < hay.len() && hay[at] == b' ' {
        at += 1;
    }
    (at > end && at < hay.len() && is_compact_word_byte(hay[at])).then_some(at)
}

/// The span of a node that starts at the word beginning at `start`, if any (the longest).
fn match_at(plan: &Plan, doc: Doc<'_>, start: usize) -> Option<Span> {
    let hay = doc.compact.bytes.as_slice();
    match plan {
        Plan::Word(word) => {
            let end = word_end(hay, start);
            match_word(word, doc, start..end)
        }
        Plan::Phrase(phrase) => phrase
            .at(hay, start)
            .map(|(hit, words)| Span { hit, words }),
        Plan::Alt(alts) => alts
            .iter()
            .filter_map(|a| match_at(a, doc, start))
            .max_by_key(|s| s.words.end),
        Plan::Seq(items) => {
            let (first, rest) = items.split_first()?;
            let span = match_at(first, doc, start)?;
            continue_seq(span, rest, doc)
        }
        Plan::Entity(entity) => entity_spans_memo(entity, doc)
            .iter()
            .find(|s| s.words.start == start)
            .cloned(),
        Plan::Near { .. } | Plan::Regex(_) => None,
    }
}

/// Where the word starting at `start` ends.
fn word_end(hay: &[u8], start: usize) -> usize {
    let mut end = start;
    while end < hay.len() && is_compact_word_byte(hay[end]) {
        end += 1;
    }
    end
}

/// Every word holding the query word, checked.
fn find_word(word: &WordPlan, doc: Doc<'_>) -> Vec<Span> {
    let hay = doc.compact.bytes.as_slice();
    let mut out = Vec::new();
    let mut last_word = usize::MAX;
    for at in word.finder.find_iter(hay) {
        let mut start = at;
        while start > 0 && is_compact_word_byte(hay[start - 1]) {
            start -= 1;
        }
        if start == last_word {
            continue;
        }
        let end = word_end(hay, at + word.bytes.len());
        if let Some(span) = match_word(word, doc, start..end) {
            last_word = start;
            out.push(span);
        }
    }
    out
}

/// Whether the word `range` (compact positions) is the query word, and the hit if so.
fn match_word(word: &WordPlan, doc: Doc<'_>, range: Range<usize>) -> Option<Span> {
    let hay = doc.compact.bytes.as_slice();
    let w = &hay[range.clone()];
    let fits = |rest: &[u8]| {
        if word.any_after {
            rest.starts_with(&word.bytes)
        } else {
            rest == word.bytes.as_slice()
        }
    };
    let words = range.clone();
    let span = |hit_start: usize, stem_at: usize| {
        let stem = stem_at..stem_at + word.bytes.len();
        (!word.check || same_letters(doc, stem, &word.folded)).then(|| Span {
            hit: hit_start..range.end,
            words: words.clone(),
        })
    };
    if word.any_before {
        let at = if word.any_after {
            memchr::memmem::find(w, &word.bytes)?
        } else {
            w.len().checked_sub(word.bytes.len())?
        };
        return (w[at..].starts_with(&word.bytes)).then(|| span(range.start, range.start + at))?;
    }
    if fits(w) {
        return span(range.start, range.start);
    }
    if word.exact {
        return None;
    }
    let article: Vec<u8> = ARTICLE.chars().map(compact_byte).collect();
    for p in prefixes() {
        if w.len() > p.len() && w.starts_with(p) && fits(&w[p.len()..]) {
            // The article stays in the hit where it is written in full.
            let written = if p.ends_with(&article) {
                article.len()
            } else {
                0
            };
            return span(range.start + p.len() - written, range.start + p.len());
        }
    }
    None
}

/// Whether compact positions `range` of a document fold to these letters (for bytes that
/// stand for any letter outside ASCII and Arabic).
fn same_letters(doc: Doc<'_>, range: Range<usize>, folded: &str) -> bool {
    let chars = doc.compact.to_document(range);
    let text: String = doc
        .text
        .chars()
        .skip(chars.start)
        .take(chars.len())
        .collect();
    normalize(&text, FoldOptions::default()).text == folded
}

thread_local! {
    /// The entity spans of the document this thread searches, by matcher: a phrase that holds
    /// an entity asks for them at every candidate, and finding them reads the whole text.
    static ENTITY_MEMO: std::cell::RefCell<EntityMemo> = std::cell::RefCell::new(EntityMemo::default());
}

/// The entity spans of one document (known by its text's address and length and its folded
/// bytes' address), by entity plan id.
#[derive(Default)]
struct EntityMemo {
    text: (usize, usize, usize),
    spans: HashMap<u64, std::rc::Rc<Vec<Span>>>,
}

/// [`entity_spans`], found once per document and entity plan on each thread.
fn entity_spans_memo(entity: &EntityPlan, doc: Doc<'_>) -> std::rc::Rc<Vec<Span>> {
    let text = (
        doc.text.as_ptr() as usize,
        doc.text.len(),
        doc.compact.bytes.as_ptr() as usize,
    );
    ENTITY_MEMO.with_borrow_mut(|memo| {
        if memo.text != text {
            memo.text = text;
            memo.spans.clear();
        }
        memo.spans
            .entry(entity.id)
            .or_insert_with(|| std::rc::Rc::new(entity_spans(&entity.matcher, doc)))
            .clone()
    })
}

/// An entity's mentions as spans (compact positions).
fn entity_spans(matcher: &Matcher, doc: Doc<'_>) -> Vec<Span> {
    let compact = doc.compact;
    let len = compact.bytes.len();
    let position = |char: usize| compact.position_of(char);
    matcher
        .find(doc.text)
        .into_iter()
        .map(|m| {
            let start = position(m.range.start);
            let end = position(m.range.end).max(start + 1).min(len);
            let prefix = m.prefix.chars().count();
            let word_start = position(m.range.start.saturating_sub(prefix));
            Span {
                hit: start..end,
                words: word_start..word_end(&compact.bytes, end.saturating_sub(1)),
            }
        })
        .collect()
}

/// Pairs of a left and a right span at most `within` words apart (either order): for each,
/// the nearest on the other side.
fn near(left: &[Span], right: &[Span], within: usize, doc: Doc<'_>) -> Vec<Span> {
    if left.is_empty() || right.is_empty() {
        return Vec::new();
    }
    let hay = doc.compact.bytes.as_slice();
    let words_between = |a: &Span, b: &Span| -> Option<usize> {
        let (first, second) = if a.words.start <= b.words.start {
            (a, b)
        } else {
            (b, a)
        };
        if second.words.start < first.words.end {
            return Some(0);
        }
        let between = &hay[first.words.end..second.words.start];
        let mut count = 0;
        let mut in_word = false;
        for &byte in between {
            let word = is_compact_word_byte(byte);
            if word && !in_word {
                count += 1;
                if count >= within {
                    return None;
                }
            }
            in_word = word;
        }
        Some(count)
    };
    let mut out = Vec::new();
    for l in left {
        let best = right
            .iter()
            .filter(|r| r.hit != l.hit)
            .filter_map(|r| words_between(l, r).map(|n| (n, r)))
            .min_by_key(|(n, r)| (*n, r.hit.start));
        if let Some((_, r)) = best {
            out.push(Span {
                hit: l.hit.start.min(r.hit.start)..l.hit.end.max(r.hit.end),
                words: l.words.start.min(r.words.start)..l.words.end.max(r.words.end),
            });
        }
    }
    out.sort_by_key(|s| (s.hit.start, s.hit.end));
    out.dedup();
    out
}

/// A regular expression's hits on the folded text, in document code points.
fn regex_hits(regex: &regex::Regex, text: &str) -> Vec<Range<usize>> {
    let folded = normalize(text, FoldOptions::default());
    regex
        .find_iter(&folded.text)
        .filter(|m| !m.is_empty())
        .map(|m| folded.bytes_to_document(m.range()))
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

    use super::*;
    use crate::text::compact::normalize_compact;

    /// The hits of a query in a text, as the text they cover.
    fn hits(query: &str, text: &str) -> Vec<String> {
        let register = Register::bundled();
        let names = Names {
            register: &register,
            codebook: None,
            annotations: None,
        };
        let search = Search::parse(query, names).unwrap();
        found(&search, text)
    }

    fn found(search: &Search, text: &str) -> Vec<String> {
        let compact = normalize_compact(text, FoldOptions::default());
        let hash = ContentHash::of(text);
        let doc = Doc {
            id: "a.txt",
            hash: &hash,
            text,
            compact: &compact,
        };
        let chars: Vec<char> = text.chars().collect();
        search
            .find(doc)
            .into_iter()
            .map(|r| chars[r].iter().collect())
            .collect()
    }

    #[test]
    fn a_word_is_found_with_its_clitics_and_article_in_every_spelling() {
        let text = "قال الكرملين، وقال والكرملين وبالكرملين للكرملين كرملين ألكرملين الكرملينية";
        assert_eq!(
            hits("الكرملين", text),
            [
                "الكرملين",
                "الكرملين",
                "الكرملين",
                "كرملين",
                "كرملين",
                "ألكرملين"
            ]
        );
        assert_eq!(hits("=الكرملين", text), ["الكرملين", "ألكرملين"]);
        // Hamza, diacritics and tatweel do not matter.
        assert_eq!(
            hits("احمد", "قال أحمدُ وإحمد وأحـــمد"),
            ["أحمدُ", "إحمد", "أحـــمد"]
        );
        assert_eq!(hits("csto", "the CSTO and Csto's"), ["CSTO", "Csto"]);
    }

    #[test]
    fn wildcards_phrases_alternatives_and_near() {
        let text = "الاستعمار والاستعماري استعمارية. ثورة ملونة وثورات ملونة، ثورة. ملونة";
        assert_eq!(
            hits("استعمار*", text),
            ["الاستعمار", "الاستعماري", "استعمارية"]
        );
        assert_eq!(hits("*ية", text), ["استعمارية"]);
        assert_eq!(hits("\"ثورة ملونة\"", text), ["ثورة ملونة"]);
        assert_eq!(
            hits("ثورة|ثورات ملونة", text),
            ["ثورة ملونة", "ثورات ملونة"]
        );
        let text = "زار بوتين أمس مدينة ألماتي ثم عاد. وفي ألماتي لم يكن بوتين";
        assert_eq!(
            hits("بوتين NEAR/3 ألماتي", text),
            ["بوتين أمس مدينة ألماتي", "ألماتي لم يكن بوتين"]
        );
        assert!(hits("بوتين NEAR/2 ألماتي", text).is_empty());
    }

    #[test]
    fn entity_terms_find_every_alias_and_regex_runs_on_folded_text() {
        let text = "وصل إلى ألما آتا ثم الما آتا وألماتا";
        assert_eq!(
            hits("entity:Almaty", text),
            ["ألما آتا", "الما آتا", "ألماتا"]
        );
        let search = Search::regex(r"أ?لما ?آ?تا").unwrap();
        assert_eq!(found(&search, text), ["ألما آتا", "الما آتا", "ألماتا"]);
        assert!(matches!(
            Search::regex("(").err(),
            Some(SearchError::Regex(_))
        ));
        let register = Register::bundled();
        let names = Names {
            register: &register,
            codebook: None,
            annotations: None,
        };
        assert_eq!(
            Search::parse("قال entity:Atlantis", names)
                .err()
                .unwrap()
                .to_string(),
            "bad query at character 5: no entity \"Atlantis\" in the register"
        );
    }
}

//! Searching a corpus the way Arabic is written: a small query language ([`query`]) matched on
//! the folded text with the entity matcher's clitic rules ([`matching`]), over an index of the
//! corpus kept in memory ([`SearchIndex`]: each document's text and its folded form, one byte a
//! code point); hits in document code points, shown as a concordance ([`kwic`]).
//!
//! ```
//! use qari::search::{Names, Search, SearchIndex};
//! use qari::entities::Register;
//!
//! let index = SearchIndex::of_texts([("a.txt", "قال الكرملين إن الوفد وصل إلى ألما آتا.")]);
//! let register = Register::bundled();
//! let names = Names { register: &register, codebook: None, annotations: None };
//! let search = Search::parse("الكرملين|entity:Almaty", names).unwrap();
//! let hits = index.search(&search, &Default::default(), |_, _| {});
//! assert_eq!(hits[0].hits, [4..12, 30..38]);
//! ```
//!
//! This module does not know about the GUI; the project, the register and the codebook come
//! in as [`Names`].

pub mod cache;
pub mod collocates;
pub mod kwic;
pub mod matching;
mod phrase;
pub mod query;
pub mod scope;

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;

pub use matching::{Doc, Names, Search, SearchError};
pub use query::{ParseError, Query};

use crate::corpus::{ContentHash, Corpus, ReadError};
use crate::text::FoldOptions;
use crate::text::compact::{Compact, normalize_compact};

/// A document of the index.
#[derive(Clone, Debug)]
pub struct IndexedDoc {
    /// Its id in the corpus.
    pub id: String,
    /// The hash of its text.
    pub hash: ContentHash,
    /// Its text.
    pub text: Arc<str>,
    /// The text folded, one byte a code point.
    pub compact: Compact,
}

impl IndexedDoc {
    /// A document's text, indexed.
    pub fn new(id: &str, text: &str) -> Self {
        Self::with_hash(id, ContentHash::of(text), text)
    }

    /// A document's text whose hash is known already (a corpus hashes what it reads), indexed.
    pub fn with_hash(id: &str, hash: ContentHash, text: &str) -> Self {
        Self {
            id: id.to_owned(),
            hash,
            text: Arc::from(text),
            compact: normalize_compact(text, FoldOptions::default()),
        }
    }

    /// The document as a search reads it.
    pub fn doc(&self) -> Doc<'_> {
        Doc {
            id: &self.id,
            hash: &self.hash,
            text: &self.text,
            compact: &self.compact,
        }
    }
}

/// The corpus as search reads it: every document's text and folded form, in corpus order.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    /// The documents, in the corpus's order (a document that could not be read is missing).
    pub docs: Vec<IndexedDoc>,
    /// Word counts of the whole index, made on first use by [`collocates`] (so the documents
    /// are not to change once it is used).
    counts: collocates::LazyCounts,
}

/// How a search or an indexing run is going, shared with the thread that shows it.
#[derive(Debug, Default)]
pub struct Progress {
    /// Documents done.
    pub done: AtomicUsize,
    /// Set to stop early.
    pub cancel: AtomicBool,
}

impl Progress {
    /// Whether someone asked to stop.
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// A document's hits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocHits {
    /// The document's place in the index.
    pub doc: usize,
    /// Its hits in document code points, in text order.
    pub hits: Vec<Range<usize>>,
}

impl SearchIndex {
    /// Indexes a corpus (in parallel); documents that cannot be read are left out and
    /// returned. Stops early, with what it has, when `progress` is cancelled.
    pub fn build(corpus: &Corpus, progress: &Progress) -> (Self, Vec<ReadError>) {
        let read = corpus.map_texts(|doc, text| {
            if progress.cancelled() {
                return None;
            }
            let indexed = IndexedDoc::with_hash(&doc.id, doc.hash.clone(), text);
            progress.done.fetch_add(1, Ordering::Relaxed);
            Some(indexed)
        });
        let mut index = Self::default();
        let mut errors = Vec::new();
        for result in read {
            match result {
                Ok(Some(doc)) => index.docs.push(doc),
                Ok(None) => {}
                Err(err) => errors.push(err),
            }
        }
        (index, errors)
    }

    /// An index of texts given as (id, text).
    pub fn of_texts<'a>(texts: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self {
            docs: texts
                .into_iter()
                .map(|(id, text)| IndexedDoc::new(id, text))
                .collect(),
            ..Self::default()
        }
    }

    /// An index of documents already indexed (as [`Corpus::open_with`] can make them while it
    /// reads).
    pub fn of_docs(docs: Vec<IndexedDoc>) -> Self {
        Self {
            docs,
            ..Self::default()
        }
    }

    /// Runs a search over every document (in parallel): the documents with hits, in index
    /// order. `found` is told of each document's hits as they come (from any thread), so a
    /// window can show the first before the last are found. Stops early when cancelled.
    pub fn search(
        &self,
        search: &Search,
        progress: &Progress,
        found: impl Fn(usize, &[Range<usize>]) + Sync,
    ) -> Vec<DocHits> {
        let mut out: Vec<DocHits> = self
            .docs
            .par_iter()
            .enumerate()
            .filter_map(|(i, doc)| {
                if progress.cancelled() {
                    return None;
                }
                let hits = search.find(doc.doc());
                progress.done.fetch_add(1, Ordering::Relaxed);
                if hits.is_empty() {
                    return None;
                }
                found(i, &hits);
                Some(DocHits { doc: i, hits })
            })
            .collect();
        out.sort_by_key(|d| d.doc);
        out
    }

    /// The index of a document by id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.docs.iter().position(|d| d.id == id)
    }

    /// Bytes the index takes in memory (texts, folded forms), roughly.
    pub fn memory_bytes(&self) -> usize {
        self.docs
            .iter()
            .map(|d| d.text.len() + d.compact.bytes.capacity() + d.id.len() + 64)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

    use super::*;
    use crate::entities::Register;

    #[test]
    fn a_corpus_search_counts_hits_per_document_and_can_be_cancelled() {
        let index = SearchIndex::of_texts([
            ("a.txt", "قال الكرملين ثم قال الكرملين"),
            ("b.txt", "لا شيء"),
            ("c.txt", "وبالكرملين"),
        ]);
        let register = Register::default();
        let names = Names {
            register: &register,
            codebook: None,
            annotations: None,
        };
        let search = Search::parse("كرملين", names).unwrap();
        let seen = AtomicUsize::new(0);
        let hits = index.search(&search, &Progress::default(), |_, h| {
            seen.fetch_add(h.len(), Ordering::Relaxed);
        });
        let counts: Vec<(usize, usize)> = hits.iter().map(|d| (d.doc, d.hits.len())).collect();
        assert_eq!(counts, [(0, 2), (2, 1)]);
        assert_eq!(seen.load(Ordering::Relaxed), 3);
        let cancelled = Progress::default();
        cancelled.cancel.store(true, Ordering::Relaxed);
        assert!(index.search(&search, &cancelled, |_, _| {}).is_empty());
    }
}

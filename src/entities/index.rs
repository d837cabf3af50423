//! Mentions of a whole corpus, by document and by entity: what the entity sidebar shows.
//!
//! Built in the background ([`EntityIndex::build`] reports progress through an atomic
//! counter); mentions are cached by document content hash, so a document whose text did not
//! change is not searched again when the index is rebuilt with the same register.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;

use super::discover::{self, Candidate};
use super::{Kind, Matcher, Mention, Register};

/// A candidate must be found this many times to be offered (once is often noise).
const CANDIDATE_MIN_COUNT: usize = 2;
use crate::corpus::{ContentHash, DocumentInfo};

/// What was found in one document text: mentions of registered entities, and candidate names
/// (text, folded text, suggested kind).
#[derive(Clone, Debug, Default)]
pub struct Findings {
    /// Mentions of registered entities.
    pub mentions: Arc<Vec<Mention>>,
    /// Candidate names (see [`super::discover`]).
    pub candidates: Arc<Vec<(String, String, Kind)>>,
}

/// Findings per document text, by content hash.
pub type MentionCache = HashMap<ContentHash, Findings>;

/// The mentions of a corpus.
#[derive(Clone, Debug, Default)]
pub struct EntityIndex {
    /// The register the mentions refer to (by index).
    pub register: Register,
    /// Mentions of each document, in corpus document order.
    pub by_doc: Vec<Arc<Vec<Mention>>>,
    /// For each entity: (document index, mention index) of every mention, in corpus order.
    pub by_entity: Vec<Vec<(usize, usize)>>,
    /// For each entity: in how many documents it is mentioned.
    pub doc_counts: Vec<usize>,
    /// Names the register does not know, most frequent first, dismissed ones left out.
    pub candidates: Vec<Candidate>,
}

impl EntityIndex {
    /// Finds the mentions in `docs` (reading each file), reusing `cache` for unchanged texts.
    /// `done` counts documents as they finish; `cancel` stops the work early (returns `None`).
    pub fn build(
        register: Register,
        docs: &[DocumentInfo],
        cache: &MentionCache,
        dismissed: &HashSet<String>,
        done: &AtomicUsize,
        cancel: &AtomicBool,
    ) -> Option<(Self, MentionCache)> {
        let matcher = Matcher::new(&register, Default::default());
        let found: Vec<Option<(ContentHash, Findings)>> = docs
            .par_iter()
            .map(|doc| {
                if cancel.load(Ordering::Relaxed) {
                    return None;
                }
                let findings = match cache.get(&doc.hash) {
                    Some(known) => known.clone(),
                    None => {
                        // A file that cannot be read now has no mentions; the document list
                        // already says what is wrong with it.
                        let text = doc.read().map(|d| d.text).unwrap_or_default();
                        let mentions = matcher.find(&text);
                        let known = |r: std::ops::Range<usize>| {
                            mentions
                                .iter()
                                .any(|m| m.range.start < r.end && r.start < m.range.end)
                        };
                        let candidates = discover::candidates_in(&text, &known);
                        Findings {
                            mentions: Arc::new(mentions),
                            candidates: Arc::new(candidates),
                        }
                    }
                };
                done.fetch_add(1, Ordering::Relaxed);
                Some((doc.hash.clone(), findings))
            })
            .collect();
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let mut by_doc = Vec::with_capacity(found.len());
        let mut new_cache = MentionCache::new();
        let mut all_candidates = Vec::new();
        for (hash, findings) in found.into_iter().flatten() {
            by_doc.push(findings.mentions.clone());
            all_candidates.extend(findings.candidates.iter().cloned());
            new_cache.insert(hash, findings);
        }
        let candidates = discover::tally(all_candidates, dismissed, CANDIDATE_MIN_COUNT);
        let mut by_entity = vec![Vec::new(); register.entities.len()];
        for (d, mentions) in by_doc.iter().enumerate() {
            for (m, mention) in mentions.iter().enumerate() {
                by_entity[mention.entity].push((d, m));
            }
        }
        let doc_counts = by_entity
            .iter()
            .map(|hits| {
                let mut docs: Vec<usize> = hits.iter().map(|(d, _)| *d).collect();
                docs.dedup();
                docs.len()
            })
            .collect();
        Some((
            Self {
                register,
                by_doc,
                by_entity,
                doc_counts,
                candidates,
            },
            new_cache,
        ))
    }

    /// How many times an entity is mentioned in one document.
    pub fn count_in_doc(&self, entity: usize, doc: usize) -> usize {
        self.by_doc
            .get(doc)
            .map_or(0, |m| m.iter().filter(|m| m.entity == entity).count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;

    #[test]
    fn counts_by_entity_and_document_and_cache_reuse() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "زار بوتين موسكو ثم عاد إلى موسكو").unwrap();
        std::fs::write(dir.path().join("b.txt"), "وقال بوتين").unwrap();
        let corpus = Corpus::open(dir.path()).unwrap();
        let (done, cancel) = (AtomicUsize::new(0), AtomicBool::new(false));
        let (index, cache) = EntityIndex::build(
            Register::bundled(),
            &corpus.documents,
            &MentionCache::new(),
            &HashSet::new(),
            &done,
            &cancel,
        )
        .unwrap();
        assert_eq!(done.load(Ordering::Relaxed), 2);
        let putin = index.register.position("Vladimir Putin").unwrap();
        let moscow = index.register.position("Moscow").unwrap();
        assert_eq!(index.by_entity[putin].len(), 2);
        assert_eq!(index.doc_counts[putin], 2);
        assert_eq!(index.by_entity[moscow].len(), 2);
        assert_eq!(index.doc_counts[moscow], 1);
        assert_eq!(index.count_in_doc(moscow, 0), 2);
        // Rebuilt from the cache alone: the files are gone, the mentions are not.
        std::fs::remove_file(dir.path().join("a.txt")).unwrap();
        let (again, _) = EntityIndex::build(
            Register::bundled(),
            &corpus.documents,
            &cache,
            &HashSet::new(),
            &done,
            &cancel,
        )
        .unwrap();
        assert_eq!(again.by_entity[moscow].len(), 2);
    }
}

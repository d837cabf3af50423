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
use super::recognise::{self, Found, Recogniser, Suggested};
use super::tagger::Model;
use super::{Kind, Register};
use crate::corpus::{ContentHash, DocumentInfo};

/// A candidate must be found this many times to be offered (once is often noise).
const CANDIDATE_MIN_COUNT: usize = 2;
/// A name only the tagger found is offered when found at least this many times, with at least
/// this mean probability.
const SUGGESTION_MIN_COUNT: usize = 2;
const SUGGESTION_MIN_SCORE: f32 = 0.5;

/// What was found in one document text: mentions of registered entities, names only the
/// tagger found, and (without a tagger) candidate names (text, folded text, suggested kind).
#[derive(Clone, Debug, Default)]
pub struct Findings {
    /// Mentions of registered entities.
    pub mentions: Arc<Vec<Found>>,
    /// Names only the tagger found.
    pub suggested: Arc<Vec<Suggested>>,
    /// Candidate names after a title or keyword (see [`super::discover`]) that neither the
    /// register nor the tagger found.
    pub candidates: Arc<Vec<(String, String, Kind)>>,
}

/// Findings per document text, by content hash.
pub type MentionCache = HashMap<ContentHash, Findings>;

/// The mentions of a corpus.
#[derive(Clone, Debug, Default)]
pub struct EntityIndex {
    /// The register the mentions refer to (by index).
    pub register: Register,
    /// The tagger model the names were found with, if any.
    pub model: Option<Arc<Model>>,
    /// Mentions of each document, in corpus document order.
    pub by_doc: Vec<Arc<Vec<Found>>>,
    /// For each entity: (document index, mention index) of every mention, in corpus order.
    pub by_entity: Vec<Vec<(usize, usize)>>,
    /// For each entity: in how many documents it is mentioned.
    pub doc_counts: Vec<usize>,
    /// Names the register does not know, dismissed ones left out: the tagger's suggestions
    /// (with their mean probability), most frequent first, then the names found after a title or
    /// keyword ([`super::discover`]) that it did not suggest.
    pub candidates: Vec<Candidate>,
    /// Names only the tagger found, of each document, in corpus document order.
    pub suggested_by_doc: Vec<Arc<Vec<Suggested>>>,
    /// For each candidate: (document index, index in `suggested_by_doc`) of every occurrence
    /// (empty for candidates found without a tagger).
    pub by_candidate: Vec<Vec<(usize, usize)>>,
    /// Candidate index by folded form.
    candidate_keys: HashMap<String, usize>,
    /// The entities mentioned, by kind (in [`Kind::ALL`] order), most mentioned first: the
    /// sidebar's list before it is filtered or sorted otherwise.
    pub mentioned_by_kind: Vec<(Kind, Vec<usize>)>,
}

impl EntityIndex {
    /// Finds the mentions in `docs` (reading each file) with the register and, when given, the
    /// tagger model; reuses `cache` for unchanged texts (the caller keeps a cache only for the
    /// same register and model). `done` counts documents as they finish; `cancel` stops the
    /// work early (returns `None`).
    pub fn build(
        register: Register,
        model: Option<Arc<Model>>,
        docs: &[DocumentInfo],
        cache: &MentionCache,
        dismissed: &HashSet<String>,
        done: &AtomicUsize,
        cancel: &AtomicBool,
    ) -> Option<(Self, MentionCache)> {
        let recogniser = Recogniser::new(&register, model.clone());
        let tagging = model.is_some();
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
                        let found = recogniser.find(&text);
                        // Names after a title or keyword too (those the tagger suggests are
                        // told apart when tallied).
                        let known = |r: std::ops::Range<usize>| {
                            found.mentions.iter().any(|f| {
                                f.mention.range.start < r.end && r.start < f.mention.range.end
                            })
                        };
                        let candidates = discover::candidates_in(&text, &known);
                        Findings {
                            mentions: Arc::new(found.mentions),
                            suggested: Arc::new(found.suggested),
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
        let mut suggested_by_doc = Vec::with_capacity(found.len());
        let mut new_cache = MentionCache::new();
        let mut all_candidates = Vec::new();
        for (hash, findings) in found.into_iter().flatten() {
            by_doc.push(findings.mentions.clone());
            suggested_by_doc.push(findings.suggested.clone());
            all_candidates.extend(findings.candidates.iter().cloned());
            new_cache.insert(hash, findings);
        }
        let (candidates, by_candidate) = if tagging {
            let occurrences = suggested_by_doc
                .iter()
                .enumerate()
                .flat_map(|(d, list)| list.iter().map(move |s| (d, s)));
            let candidates = recognise::tally(
                occurrences,
                dismissed,
                SUGGESTION_MIN_COUNT,
                SUGGESTION_MIN_SCORE,
            );
            let mut by_candidate = recognise::occurrences(&candidates, &suggested_by_doc);
            let mut candidates = candidates;
            // Then the names found after a title or keyword that the tagger did not suggest.
            for c in discover::tally(all_candidates, dismissed, CANDIDATE_MIN_COUNT) {
                if !candidates.iter().any(|t| t.folded == c.folded) {
                    candidates.push(c);
                    by_candidate.push(Vec::new());
                }
            }
            (candidates, by_candidate)
        } else {
            let candidates = discover::tally(all_candidates, dismissed, CANDIDATE_MIN_COUNT);
            let none = vec![Vec::new(); candidates.len()];
            (candidates, none)
        };
        let candidate_keys = candidates
            .iter()
            .enumerate()
            .map(|(i, c)| (c.folded.clone(), i))
            .collect();
        let mut by_entity = vec![Vec::new(); register.entities.len()];
        for (d, mentions) in by_doc.iter().enumerate() {
            for (m, found) in mentions.iter().enumerate() {
                by_entity[found.mention.entity].push((d, m));
            }
        }
        let mut mentioned_by_kind: Vec<(Kind, Vec<usize>)> =
            Kind::ALL.iter().map(|k| (*k, Vec::new())).collect();
        for (e, hits) in by_entity.iter().enumerate() {
            let kind = register.entities[e].kind;
            if !hits.is_empty()
                && let Some((_, list)) = mentioned_by_kind.iter_mut().find(|(k, _)| *k == kind)
            {
                list.push(e);
            }
        }
        for (_, list) in &mut mentioned_by_kind {
            list.sort_by_key(|&e| std::cmp::Reverse(by_entity[e].len()));
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
                model,
                by_doc,
                by_entity,
                doc_counts,
                candidates,
                suggested_by_doc,
                by_candidate,
                candidate_keys,
                mentioned_by_kind,
            },
            new_cache,
        ))
    }

    /// The offered candidate a suggested name belongs to (by its key, [`Suggested::key`]);
    /// `None` for a name rejected, or too rare or doubtful to offer.
    pub fn candidate_of(&self, key: &str) -> Option<usize> {
        recognise::group_of(key, &self.candidate_keys)
    }

    /// How many times an entity is mentioned in one document.
    pub fn count_in_doc(&self, entity: usize, doc: usize) -> usize {
        self.by_doc.get(doc).map_or(0, |m| {
            m.iter().filter(|f| f.mention.entity == entity).count()
        })
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
            None,
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
            None,
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

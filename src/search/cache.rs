//! The search index kept beside a project (`qari.ron` → `qari.search`), so a project opens
//! searchable without reading and folding every document again: a document whose id and text
//! hash are in the cache is taken from it, the others are read and indexed, and the cache is
//! written again (atomically) when anything changed.
//!
//! The file is a cache: qari can always do without it. One that cannot be read (missing, cut,
//! from another version, a text that no longer matches its hash) is ignored and made again;
//! one that cannot be written is left out without a word (the index in memory is whole).
//!
//! Format (little-endian): the magic line `qari-search-index 1\n`, then each document as
//! `u32` length + id, `u32` length + hash, `u64` length + text (UTF-8), `u64` length + folded
//! bytes, `u32` count + the (position, shift) pairs of [`Compact`] as `u64`, `i64`; last, the
//! XXH3-128 of everything after the magic line (a file changed or cut anywhere is not used).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use super::{IndexedDoc, Progress, SearchIndex};
use crate::corpus::{ContentHash, Corpus, ReadError};
use crate::text::compact::Compact;

/// The first bytes of a cache file.
const MAGIC: &[u8] = b"qari-search-index 1\n";

/// The extension of a project's search index cache.
pub const CACHE_EXTENSION: &str = "search";

/// Where a project's search index is cached: the project file with the extension `.search`
/// instead of `.ron` (`qari.ron` → `qari.search`), as its tagger model is kept
/// ([`crate::project::tagger::model_path`]).
pub fn cache_path(project: &Path) -> PathBuf {
    project.with_extension(CACHE_EXTENSION)
}

/// How an index was made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reuse {
    /// Documents taken from the cache.
    pub cached: usize,
    /// Documents read and indexed.
    pub indexed: usize,
    /// The cache was written again.
    pub written: bool,
}

impl SearchIndex {
    /// Indexes a corpus, taking unchanged documents from the cache file `cache` and writing
    /// it again when anything changed (see the module docs). Documents that cannot be read are
    /// left out and returned.
    pub fn build_cached(
        corpus: &Corpus,
        cache: &Path,
        progress: &Progress,
    ) -> (Self, Vec<ReadError>, Reuse) {
        let mut cached = read_cache(cache).unwrap_or_default();
        let mut reuse = Reuse::default();
        let mut slots: Vec<Option<IndexedDoc>> = Vec::with_capacity(corpus.documents.len());
        for info in &corpus.documents {
            let hit = cached.remove(&info.id).filter(|d| d.hash == info.hash);
            if hit.is_some() {
                reuse.cached += 1;
                progress.done.fetch_add(1, Ordering::Relaxed);
            }
            slots.push(hit);
        }
        // The rest are read (in parallel) as a corpus of their own.
        let missing: Vec<_> = corpus
            .documents
            .iter()
            .zip(&slots)
            .filter(|(_, slot)| slot.is_none())
            .map(|(info, _)| info.clone())
            .collect();
        let rest = Corpus::new(corpus.root.clone(), missing, Vec::new(), 0);
        let (built, errors) = Self::build(&rest, progress);
        reuse.indexed = built.docs.len();
        let mut built: HashMap<String, IndexedDoc> =
            built.docs.into_iter().map(|d| (d.id.clone(), d)).collect();
        let docs: Vec<IndexedDoc> = corpus
            .documents
            .iter()
            .zip(slots)
            .filter_map(|(info, slot)| slot.or_else(|| built.remove(&info.id)))
            .collect();
        let index = Self::of_docs(docs);
        let stale = reuse.indexed > 0 || !cached.is_empty() || !cache.exists();
        if stale && !progress.cancelled() {
            reuse.written = write_cache(cache, &index).is_ok();
        }
        (index, errors, reuse)
    }
}

/// Reads a cache file: its documents by id. `None` when there is none or it does not read.
fn read_cache(path: &Path) -> Option<HashMap<String, IndexedDoc>> {
    let bytes = std::fs::read(path).ok()?;
    let body = bytes.strip_prefix(MAGIC)?;
    let (mut input, sum) = body.split_at_checked(body.len().checked_sub(16)?)?;
    if sum != xxhash_rust::xxh3::xxh3_128(input).to_le_bytes() {
        return None;
    }
    let mut out = HashMap::new();
    while !input.is_empty() {
        let id = string(&mut input, 4)?;
        let hash = ContentHash(string(&mut input, 4)?);
        let text = string(&mut input, 8)?;
        let folded = take(&mut input, 8)?.to_vec();
        let count = usize::try_from(number(&mut input, 4)?).ok()?;
        let mut shifts = Vec::with_capacity(count.min(input.len() / 16));
        for _ in 0..count {
            let at = usize::try_from(number(&mut input, 8)?).ok()?;
            let shift = isize::try_from(number(&mut input, 8)? as i64).ok()?;
            shifts.push((at, shift));
        }
        let compact = Compact::from_parts(folded, shifts)?;
        out.insert(
            id.clone(),
            IndexedDoc {
                id,
                hash,
                text: Arc::from(text),
                compact,
            },
        );
    }
    Some(out)
}

/// A little-endian number of `width` bytes.
fn number(input: &mut &[u8], width: usize) -> Option<u64> {
    let bytes = take_exact(input, width)?;
    let mut value = [0u8; 8];
    value[..width].copy_from_slice(bytes);
    Some(u64::from_le_bytes(value))
}

/// `width` bytes.
fn take_exact<'a>(input: &mut &'a [u8], width: usize) -> Option<&'a [u8]> {
    if input.len() < width {
        return None;
    }
    let (head, rest) = input.split_at(width);
    *input = rest;
    Some(head)
}

/// A length of `width` bytes, then that many bytes.
fn take<'a>(input: &mut &'a [u8], width: usize) -> Option<&'a [u8]> {
    let len = usize::try_from(number(input, width)?).ok()?;
    take_exact(input, len)
}

/// A length, then that many bytes of UTF-8.
fn string(input: &mut &[u8], width: usize) -> Option<String> {
    String::from_utf8(take(input, width)?.to_vec()).ok()
}

/// Writes the cache file atomically.
fn write_cache(path: &Path, index: &SearchIndex) -> std::io::Result<()> {
    let mut out = Vec::with_capacity(index.memory_bytes() + 64);
    out.write_all(MAGIC)?;
    for doc in &index.docs {
        let len = |n: usize| n as u64;
        out.write_all(&(doc.id.len() as u32).to_le_bytes())?;
        out.write_all(doc.id.as_bytes())?;
        out.write_all(&(doc.hash.0.len() as u32).to_le_bytes())?;
        out.write_all(doc.hash.0.as_bytes())?;
        out.write_all(&len(doc.text.len()).to_le_bytes())?;
        out.write_all(doc.text.as_bytes())?;
        out.write_all(&len(doc.compact.bytes.len()).to_le_bytes())?;
        out.write_all(&doc.compact.bytes)?;
        let shifts = doc.compact.shifts();
        out.write_all(&(shifts.len() as u32).to_le_bytes())?;
        for (at, shift) in shifts {
            out.write_all(&len(*at).to_le_bytes())?;
            out.write_all(&(*shift as i64).to_le_bytes())?;
        }
    }
    let sum = xxhash_rust::xxh3::xxh3_128(&out[MAGIC.len()..]);
    out.write_all(&sum.to_le_bytes())?;
    crate::project::save::write_atomic(path, &out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

    use super::*;

    #[test]
    fn unchanged_documents_come_from_the_cache_and_a_changed_one_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "قال الكرملين إن الوفد وصل.\n").unwrap();
        std::fs::write(dir.path().join("b.txt"), "وصل الوفد إلى ألما آتا.\n").unwrap();
        let cache = cache_path(&dir.path().join("qari.ron"));
        assert_eq!(cache, dir.path().join("qari.search"));
        let corpus = Corpus::open(dir.path()).unwrap();
        let (first, errors, reuse) =
            SearchIndex::build_cached(&corpus, &cache, &Progress::default());
        assert!(errors.is_empty());
        assert_eq!((reuse.cached, reuse.indexed, reuse.written), (0, 2, true));
        // Opened again: everything from the cache, nothing written.
        let (again, _, reuse) = SearchIndex::build_cached(&corpus, &cache, &Progress::default());
        assert_eq!((reuse.cached, reuse.indexed, reuse.written), (2, 0, false));
        for (a, b) in first.docs.iter().zip(&again.docs) {
            assert_eq!(
                (&a.id, &a.hash, &a.text, &a.compact),
                (&b.id, &b.hash, &b.text, &b.compact)
            );
        }
        // One document changed: it alone is read again.
        std::fs::write(dir.path().join("b.txt"), "وصل الوفد إلى موسكو.\n").unwrap();
        let corpus = Corpus::open(dir.path()).unwrap();
        let (changed, _, reuse) = SearchIndex::build_cached(&corpus, &cache, &Progress::default());
        assert_eq!((reuse.cached, reuse.indexed, reuse.written), (1, 1, true));
        assert_eq!(&*changed.docs[1].text, "وصل الوفد إلى موسكو.\n");
        let fresh = IndexedDoc::new("b.txt", &changed.docs[1].text);
        assert_eq!(changed.docs[1].compact, fresh.compact);
    }

    #[test]
    fn a_broken_cache_is_ignored_and_made_again() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "نص قصير.\n").unwrap();
        let cache = dir.path().join("qari.search");
        let corpus = Corpus::open(dir.path()).unwrap();
        SearchIndex::build_cached(&corpus, &cache, &Progress::default());
        let bytes = std::fs::read(&cache).unwrap();
        // Cut, or one byte changed anywhere: not used.
        let mut flipped = bytes.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 1;
        for broken in [bytes[..bytes.len() - 3].to_vec(), flipped] {
            std::fs::write(&cache, &broken).unwrap();
            let (index, _, reuse) =
                SearchIndex::build_cached(&corpus, &cache, &Progress::default());
            assert_eq!((reuse.cached, reuse.indexed, reuse.written), (0, 1, true));
            assert_eq!(&*index.docs[0].text, "نص قصير.\n");
        }
    }
}

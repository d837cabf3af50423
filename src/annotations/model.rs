//! Annotations: passages of a document tagged with codes, with a note, an author and times,
//! and the context that finds them again when the document changes ([`Anchor`]); codes and a
//! memo for a whole document ([`DocumentCoding`]); and the collections a project keeps them in.

use std::collections::BTreeMap;
use std::ops::Range;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::codebook::CodeId;
use super::ids::{FreeIds, NoMoreIds};
use crate::corpus::ContentHash;

/// Code points of context kept on each side of a passage.
pub const CONTEXT_CHARS: usize = 32;

/// The identity of an annotation in a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AnnotationId(pub u64);

/// A tagged passage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    /// Its identity.
    pub id: AnnotationId,
    /// The document's id.
    pub doc: String,
    /// First code point of the passage in the document text.
    pub start: usize,
    /// One past its last code point.
    pub end: usize,
    /// The codes it is tagged with (none: a passage with only a note).
    pub codes: Vec<CodeId>,
    /// The passage as it reads, and the context around it: what re-anchoring looks for.
    pub quote: String,
    /// Up to [`CONTEXT_CHARS`] code points before the passage.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] code points after it.
    pub suffix: String,
    /// The hash of the document text the offsets refer to.
    pub hash: ContentHash,
    /// The coder's note (memo) on it.
    #[serde(default)]
    pub note: String,
    /// Why it needs a person's look (empty: it does not), e.g. a version kept when it was
    /// changed both here and in the file on disk (format 5).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub attention: String,
    /// Who made it.
    pub author: String,
    /// When it was made.
    pub created: Timestamp,
    /// When it was last changed.
    pub modified: Timestamp,
}

impl Annotation {
    /// The passage's code points.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// Sets the range and the context from the document text.
    pub fn set_anchor(&mut self, anchor: Anchor, range: Range<usize>, hash: ContentHash) {
        self.start = range.start;
        self.end = range.end;
        self.quote = anchor.quote;
        self.prefix = anchor.prefix;
        self.suffix = anchor.suffix;
        self.hash = hash;
    }
}

/// A passage's text and its context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchor {
    /// The passage.
    pub quote: String,
    /// Up to [`CONTEXT_CHARS`] code points before it.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] code points after it.
    pub suffix: String,
}

impl Anchor {
    /// The passage `range` (code points) of `text`, or `None` if the range is empty or does
    /// not fit the text.
    pub fn of(text: &str, range: Range<usize>) -> Option<Self> {
        if range.is_empty() {
            return None;
        }
        let [before, start, end, after] = byte_offsets(
            text,
            [
                range.start.saturating_sub(CONTEXT_CHARS),
                range.start,
                range.end,
                range.end.saturating_add(CONTEXT_CHARS),
            ],
        );
        let (start, end) = (start?, end?);
        let before = before.unwrap_or(0);
        let after = after.unwrap_or(text.len());
        Some(Self {
            quote: text[start..end].to_owned(),
            prefix: text[before..start].to_owned(),
            suffix: text[end..after].to_owned(),
        })
    }
}

/// The byte offsets of code-point offsets of `text` (given in increasing order), `None` past
/// its end.
fn byte_offsets<const N: usize>(text: &str, chars: [usize; N]) -> [Option<usize>; N] {
    let mut out = [None; N];
    let mut positions = text.char_indices().map(|(b, _)| b).chain([text.len()]);
    let mut current = positions.next();
    let mut at = 0;
    for (slot, want) in out.iter_mut().zip(chars) {
        while at < want && current.is_some() {
            current = positions.next();
            at += 1;
        }
        *slot = current.filter(|_| at == want);
    }
    out
}

/// Codes and a memo for a whole document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentCoding {
    /// The document's id.
    pub doc: String,
    /// Codes for the document as a whole.
    #[serde(default)]
    pub codes: Vec<CodeId>,
    /// The document memo.
    #[serde(default)]
    pub memo: String,
    /// Every name in the document is tagged (format 7): the project's entity tagger learns from
    /// it even when it has no entity tag, its untagged words counting as not names.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub entities_done: bool,
    /// Why it needs a person's look (empty: it does not), as for annotations (format 5).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub attention: String,
    /// Who changed it last.
    pub author: String,
    /// When it was last changed.
    pub modified: Timestamp,
}

impl DocumentCoding {
    /// Whether it holds nothing (no code, a blank memo, entities not marked done).
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty() && self.memo.trim().is_empty() && !self.entities_done
    }
}

/// A project's annotations, by document, each document's in text order (start, end, id).
///
/// Held in persistent maps ([`imbl`]): a copy shares what it does not change, so copying the
/// annotations of a large project (for a save on another thread) costs next to nothing, and
/// a change after the copy copies only the document it touches.
///
/// Documents are kept in the natural order of their ids ([`DocKey`]), so going through every
/// annotation in document order sorts nothing.
#[derive(Clone, Debug, Default)]
pub struct Annotations {
    by_doc: imbl::OrdMap<DocKey, DocAnnotations>,
    /// Which document each annotation is in.
    docs: imbl::OrdMap<AnnotationId, String>,
}

/// A document id ordered naturally ([`crate::corpus::natural_order`], then by its bytes so that
/// only equal ids are equal).
#[derive(Clone, Debug, PartialEq, Eq)]
struct DocKey(String);

/// A borrowed [`DocKey`], to look a document up by its id without making a key.
#[derive(PartialEq, Eq, ref_cast::RefCast)]
#[repr(transparent)]
struct DocId(str);

impl Ord for DocId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        crate::corpus::natural_order(&self.0, &other.0).then_with(|| self.0.cmp(&other.0))
    }
}

impl PartialOrd for DocId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DocKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.id().cmp(other.id())
    }
}

impl PartialOrd for DocKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::borrow::Borrow<DocId> for DocKey {
    fn borrow(&self) -> &DocId {
        self.id()
    }
}

impl DocKey {
    fn id(&self) -> &DocId {
        key(&self.0)
    }
}

/// The key of a document id, to look it up.
fn key(doc: &str) -> &DocId {
    use ref_cast::RefCast as _;
    DocId::ref_cast(doc)
}

/// One document's annotations in text order, each with its stamp ([`Annotations::iter_stamped`])
/// in the same place.
#[derive(Clone, Debug, Default)]
struct DocAnnotations {
    list: Vec<Annotation>,
    stamps: Vec<u64>,
}

/// Two sets of annotations are equal when they hold the same annotations, whatever their
/// stamps.
impl PartialEq for Annotations {
    fn eq(&self, other: &Self) -> bool {
        self.by_doc.ptr_eq(&other.by_doc)
            || self.by_doc.len() == other.by_doc.len()
                && self
                    .by_doc
                    .iter()
                    .zip(other.by_doc.iter())
                    .all(|((d, a), (e, b))| d == e && a.list == b.list)
    }
}

impl Eq for Annotations {}

/// A stamp no annotation of this process has had.
fn new_stamp() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Annotations {
    /// The annotations of a list (in any order).
    pub fn from_vec(list: Vec<Annotation>) -> Result<Self, AnnotationId> {
        let ids: Vec<(AnnotationId, String)> = list.iter().map(|a| (a.id, a.doc.clone())).collect();
        // The two maps are built at once, each from a sorted list: inserting one by one in
        // natural order would compare ids a dozen times an annotation (a load of 100,000).
        let (docs, by_doc) = rayon::join(
            || {
                let mut ids = ids;
                ids.sort_unstable_by_key(|(id, _)| *id);
                match ids.windows(2).find(|pair| pair[0].0 == pair[1].0) {
                    Some(pair) => Err(pair[0].0),
                    None => Ok(ids.into_iter().collect()),
                }
            },
            || Self::by_doc_of(list),
        );
        Ok(Self {
            by_doc,
            docs: docs?,
        })
    }

    /// The annotations of a list by document. The list is cut where the document changes, the
    /// runs sorted (stable sorts: a file qari wrote lists documents in natural order, each in
    /// text order, and is taken as it comes) and the runs of one document joined.
    fn by_doc_of(list: Vec<Annotation>) -> imbl::OrdMap<DocKey, DocAnnotations> {
        let mut lengths: Vec<usize> = Vec::new();
        for (i, a) in list.iter().enumerate() {
            match lengths.last_mut() {
                Some(n) if list[i - 1].doc == a.doc => *n += 1,
                _ => lengths.push(1),
            }
        }
        let mut items = list.into_iter();
        let mut runs: Vec<(DocKey, Vec<Annotation>)> = lengths
            .into_iter()
            .map(|n| {
                let run: Vec<Annotation> = items.by_ref().take(n).collect();
                (DocKey(run[0].doc.clone()), run)
            })
            .collect();
        runs.sort_by(|(a, _), (b, _)| a.cmp(b));
        let mut by_doc: Vec<(DocKey, DocAnnotations)> = Vec::with_capacity(runs.len());
        for (doc, run) in runs {
            match by_doc.last_mut() {
                Some((last, joined)) if *last == doc => joined.list.extend(run),
                _ => by_doc.push((
                    doc,
                    DocAnnotations {
                        list: run,
                        stamps: Vec::new(),
                    },
                )),
            }
        }
        for (_, doc) in &mut by_doc {
            doc.list.sort_by_key(|a| (a.start, a.end, a.id));
            doc.stamps = doc.list.iter().map(|_| new_stamp()).collect();
        }
        by_doc.into_iter().collect()
    }

    /// Number of annotations.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// A document's annotations in text order.
    pub fn in_doc(&self, doc: &str) -> &[Annotation] {
        self.by_doc.get(key(doc)).map_or(&[], |d| d.list.as_slice())
    }

    /// The documents that have annotations, with them, in the documents' natural order.
    pub fn by_doc(&self) -> impl Iterator<Item = (&str, &[Annotation])> {
        self.by_doc
            .iter()
            .map(|(d, doc)| (d.0.as_str(), doc.list.as_slice()))
    }

    /// Every annotation, document by document (in the documents' natural order), each
    /// document's in text order.
    pub fn iter(&self) -> impl Iterator<Item = &Annotation> {
        self.by_doc.values().flat_map(|doc| doc.list.iter())
    }

    /// The annotation with this id.
    pub fn get(&self, id: AnnotationId) -> Option<&Annotation> {
        let doc = self.docs.get(&id)?;
        self.in_doc(doc).iter().find(|a| a.id == id)
    }

    /// Every annotation as [`Annotations::iter`] gives them, each with its stamp: a number
    /// that changes whenever the annotation does. Each annotation put in gets a stamp no other
    /// annotation of this process has had, and an annotation is changed only by taking it out
    /// and putting it back; a copy of the set keeps the stamps. A save writes again only the
    /// lines whose stamp changed ([`crate::project::lines`]).
    /// (`None` would be a stamp lost by a bug: never an annotation left out.)
    pub fn iter_stamped(&self) -> impl Iterator<Item = (&Annotation, Option<u64>)> {
        self.by_doc.values().flat_map(|doc| {
            debug_assert_eq!(doc.stamps.len(), doc.list.len());
            doc.list
                .iter()
                .enumerate()
                .map(|(i, a)| (a, doc.stamps.get(i).copied()))
        })
    }

    /// Whether an annotation has this id.
    pub fn contains(&self, id: AnnotationId) -> bool {
        self.docs.contains_key(&id)
    }

    /// The ids free for new annotations: above the largest, then (when the largest possible
    /// id is taken) the smallest free ones. Ask with [`Annotations::contains`].
    pub fn free_ids(&self) -> FreeIds {
        let largest = self.docs.get_max().map_or(0, |(id, _)| id.0);
        FreeIds::above(largest, u64::MAX)
    }

    /// An id no annotation has (see [`Annotations::free_ids`]).
    pub fn next_id(&self) -> Result<AnnotationId, NoMoreIds> {
        self.free_ids()
            .next_free(|n| self.contains(AnnotationId(n)))
            .map(AnnotationId)
            .ok_or(NoMoreIds {
                what: "annotation",
                max: u64::MAX,
            })
    }

    /// Adds an annotation; refused when its id is taken.
    pub fn insert(&mut self, a: Annotation) -> Result<(), AnnotationId> {
        if self.docs.contains_key(&a.id) {
            return Err(a.id);
        }
        self.docs.insert(a.id, a.doc.clone());
        let doc = self.by_doc.entry(DocKey(a.doc.clone())).or_default();
        let at = doc
            .list
            .partition_point(|b| (b.start, b.end, b.id) < (a.start, a.end, a.id));
        doc.stamps.insert(at, new_stamp());
        doc.list.insert(at, a);
        Ok(())
    }

    /// Takes an annotation out.
    pub fn remove(&mut self, id: AnnotationId) -> Option<Annotation> {
        let doc = self.docs.remove(&id)?;
        let annotations = self.by_doc.get_mut(key(&doc))?;
        let at = annotations.list.iter().position(|a| a.id == id)?;
        let removed = annotations.list.remove(at);
        annotations.stamps.remove(at);
        if annotations.list.is_empty() {
            self.by_doc.remove(key(&doc));
        }
        Some(removed)
    }
}

impl Serialize for Annotations {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Annotations {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let list = Vec::<Annotation>::deserialize(d)?;
        Self::from_vec(list)
            .map_err(|id| serde::de::Error::custom(format!("two annotations have the id {}", id.0)))
    }
}

/// The document codings of a project, by document (a persistent map, cheap to copy, as
/// [`Annotations`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentCodings(pub imbl::OrdMap<String, DocumentCoding>);

impl Serialize for DocumentCodings {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut list: Vec<&DocumentCoding> = self.0.values().collect();
        list.sort_by(|a, b| crate::corpus::natural_order(&a.doc, &b.doc));
        s.collect_seq(list)
    }
}

impl DocumentCodings {
    /// Changes each document's coding in place.
    pub fn for_each_mut(&mut self, mut change: impl FnMut(&mut DocumentCoding)) {
        self.0 = std::mem::take(&mut self.0)
            .into_iter()
            .map(|(doc, mut coding)| {
                change(&mut coding);
                (doc, coding)
            })
            .collect();
    }
}

impl<'de> Deserialize<'de> for DocumentCodings {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let list = Vec::<DocumentCoding>::deserialize(d)?;
        Ok(Self(list.into_iter().map(|c| (c.doc.clone(), c)).collect()))
    }
}

/// A document's attributes: column → value (source, date, author, …), as imported.
pub type Attributes = BTreeMap<String, String>;

/// Each attribute column with its values.
pub type ColumnValues = Vec<(String, Vec<String>)>;

/// The attributes of a project's documents (imported from a CSV), by document (a persistent
/// map, cheap to copy, as [`Annotations`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentAttributes(pub imbl::OrdMap<String, Attributes>);

/// One document's attributes as the project file writes them, a line each.
#[derive(Serialize, Deserialize)]
struct AttributeRow {
    doc: String,
    values: Attributes,
}

impl Serialize for DocumentAttributes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut list: Vec<AttributeRow> = self
            .0
            .iter()
            .map(|(doc, values)| AttributeRow {
                doc: doc.clone(),
                values: values.clone(),
            })
            .collect();
        list.sort_by(|a, b| crate::corpus::natural_order(&a.doc, &b.doc));
        s.collect_seq(list)
    }
}

impl<'de> Deserialize<'de> for DocumentAttributes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let list = Vec::<AttributeRow>::deserialize(d)?;
        Ok(Self(
            list.into_iter()
                .filter(|row| !row.values.is_empty())
                .map(|row| (row.doc, row.values))
                .collect(),
        ))
    }
}

impl DocumentAttributes {
    /// A document's value of an attribute (columns matched in any case).
    pub fn get(&self, doc: &str, column: &str) -> Option<&str> {
        self.0
            .get(doc)?
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(column))
            .map(|(_, v)| v.as_str())
    }

    /// The documents whose attribute (column, any case) has this value, in id order.
    pub fn documents_with(&self, column: &str, value: &str) -> Vec<String> {
        self.0
            .keys()
            .filter(|doc| self.get(doc, column) == Some(value))
            .cloned()
            .collect()
    }

    /// Every attribute column with its values, each list in natural order.
    pub fn values(&self) -> ColumnValues {
        self.columns()
            .into_iter()
            .map(|column| {
                let mut values: Vec<String> = self
                    .0
                    .values()
                    .filter_map(|a| a.get(&column).cloned())
                    .collect();
                values.sort_by(|a, b| crate::corpus::natural_order(a, b));
                values.dedup();
                (column, values)
            })
            .collect()
    }

    /// Every attribute column, in order.
    pub fn columns(&self) -> Vec<String> {
        let mut columns: Vec<String> = self.0.values().flat_map(|a| a.keys().cloned()).collect();
        columns.sort();
        columns.dedup();
        columns
    }
}

/// Now, to the second (what created and modified record).
pub fn now() -> Timestamp {
    Timestamp::from_second(Timestamp::now().as_second()).unwrap_or_else(|_| Timestamp::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A passage of three code points at `start`, with nothing else in it.
    fn annotation(id: u64, doc: &str, start: usize) -> Annotation {
        let time: Timestamp = "2026-11-21T17:00:00Z".parse().unwrap();
        Annotation {
            id: AnnotationId(id),
            doc: doc.into(),
            start,
            end: start + 3,
            codes: Vec::new(),
            quote: String::new(),
            prefix: String::new(),
            suffix: String::new(),
            hash: ContentHash(String::new()),
            note: String::new(),
            attention: String::new(),
            author: "a".into(),
            created: time,
            modified: time,
        }
    }

    #[test]
    fn every_annotation_keeps_a_stamp_of_its_own_through_inserts_and_removals() {
        let mut set = Annotations::from_vec(
            (1..=20)
                .map(|i| annotation(i, ["a", "b", "c"][i as usize % 3], (i as usize * 7) % 11))
                .collect(),
        )
        .unwrap();
        let stamps = |set: &Annotations| -> std::collections::HashMap<AnnotationId, u64> {
            set.iter_stamped()
                .map(|(a, s)| (a.id, s.expect("every annotation has a stamp")))
                .collect()
        };
        let before = stamps(&set);
        let mut changed = set.remove(AnnotationId(5)).unwrap();
        changed.start = 0;
        set.insert(changed).unwrap();
        set.remove(AnnotationId(9)).unwrap();
        set.insert(annotation(30, "a", 4)).unwrap();
        for id in [1, 4, 7] {
            set.remove(AnnotationId(id)).unwrap();
        }
        let after = stamps(&set);
        assert_eq!(after.len(), set.len());
        let unique: std::collections::HashSet<u64> = after.values().copied().collect();
        assert_eq!(
            unique.len(),
            after.len(),
            "no two annotations share a stamp"
        );
        for (id, stamp) in &after {
            let kept = before.get(id) == Some(stamp);
            assert_eq!(kept, ![5, 30].contains(&id.0), "annotation {}", id.0);
        }
        // A copy keeps them; equality does not look at them.
        assert_eq!(stamps(&set.clone()), after);
        let other = Annotations::from_vec(set.iter().cloned().collect()).unwrap();
        assert_eq!(other, set);
    }

    #[test]
    fn a_list_in_any_order_gives_the_documents_in_natural_order_each_in_text_order() {
        let docs = ["doc10.txt", "doc2.txt", "doc1.txt", "b/doc1.txt"];
        // Runs of one document broken up, documents out of order, passages backwards.
        let list: Vec<Annotation> = (0..40u64)
            .map(|i| annotation(i, docs[(i as usize / 3) % 4], 100 - i as usize))
            .collect();
        let set = Annotations::from_vec(list.clone()).unwrap();
        let order: Vec<&str> = set.by_doc().map(|(doc, _)| doc).collect();
        assert_eq!(order, ["b/doc1.txt", "doc1.txt", "doc2.txt", "doc10.txt"]);
        for (doc, list) in set.by_doc() {
            assert!(list.iter().all(|a| a.doc == doc));
            assert!(list.windows(2).all(|w| w[0].start < w[1].start), "{doc}");
        }
        assert_eq!(set.len(), 40);
        // The same set from the list as a file has it, and from the list reversed.
        let written: Vec<Annotation> = set.iter().cloned().collect();
        assert_eq!(Annotations::from_vec(written).unwrap(), set);
        assert_eq!(
            Annotations::from_vec(list.into_iter().rev().collect()).unwrap(),
            set
        );
        let twice = vec![annotation(1, "a.txt", 0), annotation(1, "b.txt", 3)];
        assert_eq!(Annotations::from_vec(twice), Err(AnnotationId(1)));
    }

    #[test]
    fn an_anchor_has_the_quote_and_up_to_32_code_points_each_side() {
        let text = "أ".repeat(40) + "قوات حفظ السلام" + &"ب".repeat(10);
        let start = 40;
        let end = start + "قوات حفظ السلام".chars().count();
        let a = Anchor::of(&text, start..end).unwrap();
        assert_eq!(a.quote, "قوات حفظ السلام");
        assert_eq!(a.prefix, "أ".repeat(32));
        assert_eq!(a.suffix, "ب".repeat(10));
        let whole = text.chars().count();
        assert_eq!(Anchor::of(&text, 0..3).unwrap().prefix, "");
        assert!(Anchor::of(&text, whole - 1..whole + 1).is_none());
        assert!(Anchor::of(&text, 5..5).is_none());
        assert_eq!(Anchor::of(&text, whole - 2..whole).unwrap().quote, "بب");
    }
}

//! Combining coders' projects (`qari combine`): each coder coded the same corpus in a file of
//! their own, and the team's project holds every coder's passages under their author, for
//! agreement and curation.
//!
//! It is not a three-way merge: the files share no version to compare with, and two coders
//! tagging the same passage with the same code is agreement, so both passages are kept. Only
//! an annotation that both files hold whole (same author, document, range, codes and note, as
//! when coders start from a shared project that already had passages) is kept once.
//!
//! - Documents are matched by content hash, so a coder whose corpus folder is laid out
//!   differently still lands on the right documents; then by id.
//! - Codes are matched by path (name under the same parent) whatever their ids, so identical
//!   codebooks merge into one; a code only one coder made is added, renumbered if its id is
//!   taken; a code both changed differently is kept twice and flagged, as the merge does.
//! - Annotation ids that collide get fresh ones; authors, times and notes are kept.
//! - Document codings and register edits are united as the merge unites additions.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::annotations::{Annotation, AnnotationId, Annotations, CodeId, FreeIds};
use crate::project::{FORMAT_VERSION, ProjectFile};

use super::{Context, attributes, codes, collect_annotations, documents, register};

/// The combined project and what each addition brought.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Combined {
    /// The team's project: the first file's corpus and documents, everyone's passages.
    pub project: ProjectFile,
    /// What the other file brought in.
    pub report: CombineReport,
}

/// What combining one more file brought in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CombineReport {
    /// Its annotations added.
    pub annotations: usize,
    /// Annotations it shared whole with the project, kept once.
    pub shared: usize,
    /// Of those added, how many got a new id because theirs was taken.
    pub renumbered: usize,
    /// Its annotations whose document was found under another id (by content hash).
    pub moved_to_matching_document: usize,
    /// Documents its annotations name that the combined corpus does not have (by hash or
    /// id): kept, and reported by validation as on a missing document.
    pub unknown_documents: BTreeSet<String>,
    /// Codes it had that the project did not (by path).
    pub new_codes: usize,
    /// Items that need a person (as the merge reports them).
    pub conflicts: Vec<String>,
}

/// Adds `theirs` (a coder's project, named `theirs_name` in reasons) to `ours`.
pub fn combine(ours: &ProjectFile, theirs: &ProjectFile, theirs_name: &str) -> Combined {
    let mut report = CombineReport::default();
    let theirs = on_our_documents(ours, theirs, &mut report);
    let base = ProjectFile {
        format_version: FORMAT_VERSION,
        corpus_root: ours.corpus_root.clone(),
        documents: ours.documents.clone(),
        ..ProjectFile::default()
    };
    let mut cx = Context {
        theirs: theirs_name,
        conflicts: Vec::new(),
    };
    let mut fresh_codes = codes::FreshIds::above([&base, ours, &theirs]);
    let theirs = codes::map_added_codes(&base, ours, &theirs, &mut fresh_codes);
    let ours_codes: BTreeSet<CodeId> = ours.codebook.codes.iter().map(|c| c.id).collect();
    report.new_codes = theirs
        .codebook
        .codes
        .iter()
        .filter(|c| !ours_codes.contains(&c.id))
        .count();
    let mut codebook = codes::Merging::new(&base.codebook, &ours.codebook, &theirs.codebook);
    codebook.merge_codes(&mut fresh_codes, &mut cx);
    let annotations = append(&ours.annotations, &theirs.annotations, &mut report);
    let document_codings = documents::merge(
        &base.document_codings,
        &ours.document_codings,
        &theirs.document_codings,
        &mut cx,
    );
    codebook.keep_used(&annotations, &document_codings, &mut cx);
    let codebook = codebook.finish(&mut cx);
    let attributes = attributes::merge(
        &base.attributes,
        &ours.attributes,
        &theirs.attributes,
        &mut cx,
    );
    let (register, _) = register::merge(&[], &ours.register, &theirs.register);
    report.conflicts = cx.conflicts;
    let project = ProjectFile {
        format_version: FORMAT_VERSION,
        corpus_root: ours.corpus_root.clone(),
        documents: ours.documents.clone(),
        register,
        codebook,
        document_codings,
        attributes,
        annotations,
        legacy_hashes: false,
    };
    Combined { project, report }
}

/// `theirs` with its annotations and document codings moved to our ids of the same documents:
/// matched by the content hash the file recorded (for the document, else for the passage),
/// else kept under their id.
fn on_our_documents(
    ours: &ProjectFile,
    theirs: &ProjectFile,
    report: &mut CombineReport,
) -> ProjectFile {
    let ours_by_hash: HashMap<&str, &str> = ours
        .documents
        .iter()
        .map(|d| (d.hash.0.as_str(), d.id.as_str()))
        .collect();
    let ours_ids: BTreeSet<&str> = ours.documents.iter().map(|d| d.id.as_str()).collect();
    let theirs_hash: HashMap<&str, &str> = theirs
        .documents
        .iter()
        .map(|d| (d.id.as_str(), d.hash.0.as_str()))
        .collect();
    // Their id (and the passage's hash) to ours.
    let our_id = |id: &str, passage_hash: Option<&str>| -> Option<String> {
        let by_hash = |hash: &str| ours_by_hash.get(hash).map(|id| (*id).to_owned());
        theirs_hash
            .get(id)
            .and_then(|hash| by_hash(hash))
            .or_else(|| passage_hash.and_then(by_hash))
            .or_else(|| ours_ids.contains(id).then(|| id.to_owned()))
    };
    let mut out = theirs.clone();
    let mut moved = Vec::with_capacity(theirs.annotations.len());
    for a in theirs.annotations.iter() {
        let mut a = a.clone();
        match our_id(&a.doc, Some(&a.hash.0)) {
            Some(id) => {
                if id != a.doc {
                    report.moved_to_matching_document += 1;
                    a.doc = id;
                }
            }
            None => {
                report.unknown_documents.insert(a.doc.clone());
            }
        }
        moved.push((a.id, a));
    }
    out.annotations = collect_annotations(moved.into_iter().collect());
    let codings = std::mem::take(&mut out.document_codings.0);
    for (doc, coding) in codings {
        let id = our_id(&doc, None).unwrap_or_else(|| {
            report.unknown_documents.insert(doc.clone());
            doc
        });
        out.document_codings.0.insert(id, coding);
    }
    let attributes = std::mem::take(&mut out.attributes.0);
    for (doc, values) in attributes {
        let id = our_id(&doc, None).unwrap_or(doc);
        out.attributes.0.insert(id, values);
    }
    out
}

/// Ours' annotations and theirs' after them: one both hold whole is kept once, and theirs
/// whose ids are taken get fresh ones.
fn append(ours: &Annotations, theirs: &Annotations, report: &mut CombineReport) -> Annotations {
    let mut out: BTreeMap<AnnotationId, Annotation> =
        ours.iter().map(|a| (a.id, a.clone())).collect();
    let largest = ours
        .iter()
        .chain(theirs.iter())
        .map(|a| a.id.0)
        .max()
        .unwrap_or(0);
    let mut fresh = FreeIds::above(largest, u64::MAX);
    let mut shared: BTreeMap<Whole<'_>, usize> = BTreeMap::new();
    for a in ours.iter() {
        *shared.entry(Whole::of(a)).or_default() += 1;
    }
    let theirs_ids: BTreeSet<AnnotationId> = theirs.iter().map(|a| a.id).collect();
    for t in theirs.iter() {
        if let Some(count) = shared.get_mut(&Whole::of(t))
            && *count > 0
        {
            *count -= 1;
            report.shared += 1;
            continue;
        }
        let mut t = t.clone();
        if out.contains_key(&t.id) {
            let taken = |n: u64| {
                out.contains_key(&AnnotationId(n)) || theirs_ids.contains(&AnnotationId(n))
            };
            // Every id taken would take 2^64 annotations: not a file qari reads.
            t.id = AnnotationId(fresh.next_free(taken).unwrap_or(0));
            report.renumbered += 1;
        }
        report.annotations += 1;
        out.insert(t.id, t);
    }
    collect_annotations(out)
}

/// What makes two coders' annotations one: who made it, where, with which codes and note.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Whole<'a> {
    author: &'a str,
    doc: &'a str,
    start: usize,
    end: usize,
    codes: BTreeSet<CodeId>,
    note: &'a str,
}

impl<'a> Whole<'a> {
    fn of(a: &'a Annotation) -> Self {
        Self {
            author: &a.author,
            doc: &a.doc,
            start: a.start,
            end: a.end,
            codes: a.codes.iter().copied().collect(),
            note: &a.note,
        }
    }
}

//! Three-way merge of project files: two programs (the window and `qari import`, or two coders
//! on git branches) changed the same project since a common base, and the merge keeps every
//! change of both, never dropping one silently.
//!
//! [`merge`] takes the base, `ours` (the side merged into: the window, the current branch) and
//! `theirs` (named in the reasons it gives: "the file on disk", "qari import", a branch), and
//! returns the merged project with a [`MergeReport`] of what theirs brought in. It is pure: no
//! files, no clock, the same output for the same input.
//!
//! ```
//! use qari::entities::RegisterEdit;
//! use qari::project::{ProjectFile, merge::merge};
//!
//! let base = ProjectFile::new(".".into());
//! let mut theirs = base.clone();
//! theirs.register.push(RegisterEdit::Dismiss { candidate: "قوات".into() });
//! let merged = merge(&base, &base, &theirs, "qari import");
//! assert_eq!(merged.project.register, theirs.register);
//! assert_eq!(merged.report.summary(), "1 register edit");
//! ```
//!
//! The rules, part by part:
//!
//! - Codes (`codes.rs`): theirs' new codes are first matched to ours' by path, or renumbered
//!   where ours uses the id; then each code is merged field by field. Both sides changing a
//!   field differently keeps both codes; a deleted code still in use stays; the merged tree
//!   has no parent cycle and no two siblings of one name.
//! - Annotations (`annotations.rs`): by id; anchor, codes (as sets), note, author and attention
//!   merged apart. Both sides changing the anchor or the note differently keeps both
//!   versions, each naming the other.
//! - Document codings (`documents.rs`): codes as sets; a memo both sides changed keeps both
//!   texts.
//! - Document attributes (`attributes.rs`): value by value; one both sides changed keeps
//!   ours, and the conflict names theirs'.
//! - Register edits (`register.rs`): an ordered log; both sides' new edits kept, those ours
//!   undid gone.
//!
//! [`combine`] is the other way of bringing projects together: coders' files with no common
//! version, every coder's passages kept under their author (`qari combine`).
//!
//! Whatever needs a person gets an `attention` reason in the project and a line in
//! [`MergeReport::conflicts`]. This module does not read, lock or write files, nor decide when
//! to merge: saving over a changed file and `qari merge` do.

mod annotations;
mod attributes;
mod codes;
mod combine;
mod documents;
mod register;
mod report;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use crate::annotations::{Annotation, AnnotationId, Annotations, CodeId};

use super::{FORMAT_VERSION, ProjectFile};

pub use combine::{CombineReport, Combined, combine};
pub use report::MergeReport;

/// A merged project and what the merge did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    /// The merged project (current format version).
    pub project: ProjectFile,
    /// What `theirs` brought in that `ours` did not have, and the conflicts.
    pub report: MergeReport,
}

/// Merges `ours` and `theirs`, two versions of the project `base`. `theirs_name` names the
/// other side in the reasons given for conflicts ("the file on disk", "qari import", a branch).
///
/// `merge(base, ours, base)` is `ours` with an empty report, and `merge(base, base, theirs)`
/// is `theirs`.
pub fn merge(
    base: &ProjectFile,
    ours: &ProjectFile,
    theirs: &ProjectFile,
    theirs_name: &str,
) -> Merged {
    let mut cx = Context {
        theirs: theirs_name,
        conflicts: Vec::new(),
    };
    let mut fresh_codes = codes::FreshIds::above([base, ours, theirs]);
    let theirs = codes::map_added_codes(base, ours, theirs, &mut fresh_codes);
    let mut codebook = codes::Merging::new(&base.codebook, &ours.codebook, &theirs.codebook);
    codebook.merge_codes(&mut fresh_codes, &mut cx);
    let annotations = annotations::merge(
        &base.annotations,
        &ours.annotations,
        &theirs.annotations,
        &mut cx,
    );
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
    let (register, register_edits) =
        register::merge(&base.register, &ours.register, &theirs.register);
    let project = ProjectFile {
        format_version: FORMAT_VERSION,
        corpus_root: scalar(&base.corpus_root, &ours.corpus_root, &theirs.corpus_root).clone(),
        documents: scalar(&base.documents, &ours.documents, &theirs.documents).clone(),
        register,
        codebook,
        document_codings,
        attributes,
        annotations,
        legacy_hashes: false,
    };
    let report = MergeReport::between(ours, &project, register_edits, cx.conflicts);
    Merged { project, report }
}

/// What the parts of a merge share: the other side's name and the conflicts found so far.
struct Context<'a> {
    /// How reasons name `theirs`.
    theirs: &'a str,
    /// One line per item that needs a person.
    conflicts: Vec<String>,
}

/// A value both sides hold whole (the corpus root, the document list): ours if ours changed
/// it, else theirs.
fn scalar<'a, T: PartialEq>(base: &T, ours: &'a T, theirs: &'a T) -> &'a T {
    if ours == base { theirs } else { ours }
}

/// The three-way merge of one value: the side that changed it, or `None` when both changed it
/// to different values.
fn three_way<T: PartialEq + Clone>(base: &T, ours: &T, theirs: &T) -> Option<T> {
    if ours == base || ours == theirs {
        Some(theirs.clone())
    } else if theirs == base {
        Some(ours.clone())
    } else {
        None
    }
}

/// Two attention reasons (or other notes) that both sides changed: both kept.
fn both_reasons(ours: &str, theirs: &str) -> String {
    match (ours.is_empty(), theirs.is_empty()) {
        (true, _) => theirs.to_owned(),
        (_, true) => ours.to_owned(),
        _ => format!("{ours}; {theirs}"),
    }
}

/// Adds a reason to an item's `attention` (after any it already has).
fn flag(attention: &mut String, reason: &str) {
    if attention.is_empty() {
        reason.clone_into(attention);
    } else if !attention.contains(reason) {
        attention.push_str("; ");
        attention.push_str(reason);
    }
}

/// Codes as sets: the base's, plus what either side added, minus what either side removed; in
/// ours' order, then theirs' new ones in theirs' order.
fn merge_code_sets(base: &[CodeId], ours: &[CodeId], theirs: &[CodeId]) -> Vec<CodeId> {
    let removed_by_theirs = |c: &CodeId| base.contains(c) && !theirs.contains(c);
    let added_by_theirs = theirs.iter().filter(|c| !base.contains(c));
    let mut out: Vec<CodeId> = Vec::with_capacity(ours.len().max(theirs.len()));
    for &c in ours
        .iter()
        .filter(|c| !removed_by_theirs(c))
        .chain(added_by_theirs)
    {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// The annotations of a map by id, sorted once (inserting one by one moves a document's list
/// on every insert).
fn collect_annotations(by_id: BTreeMap<AnnotationId, Annotation>) -> Annotations {
    let list = by_id.into_iter().map(|(id, a)| Annotation { id, ..a });
    // The ids are the keys of a map, so none is refused as taken.
    Annotations::from_vec(list.collect()).unwrap_or_default()
}

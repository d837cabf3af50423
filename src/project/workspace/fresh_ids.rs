//! Ids are never given twice: an annotation or code deleted in this workspace keeps its id to
//! itself, so a three-way merge never takes a new item for the deleted one (an edit made
//! elsewhere to the old annotation would land on the new one; a new code would take the old
//! code's passages from another program).
//!
//! Planning gives new items the next id after those in the project; [`renumber`] moves any new
//! id at or below the largest seen to fresh ones, with every reference to it in the same
//! transaction (annotations' and document codings' codes, sub-codes' parents).

use std::collections::HashMap;

use crate::annotations::{AnnotationId, CodeId, Edit, Transaction};
use crate::project::ProjectFile;
use crate::project::intent::Outcome;

/// The largest annotation and code ids a workspace has seen.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct IdsSeen {
    annotation: u64,
    code: u32,
}

impl IdsSeen {
    /// The largest ids of a project.
    pub(super) fn of(project: &ProjectFile) -> Self {
        let mut seen = Self::default();
        seen.note(project);
        seen
    }

    /// The largest ids a transaction inserts (zero where it inserts none).
    pub(super) fn inserted_by(transaction: &Transaction) -> Self {
        let mut seen = Self::default();
        for edit in &transaction.edits {
            match edit {
                Edit::InsertAnnotation(a) => seen.annotation = seen.annotation.max(a.id.0),
                Edit::InsertCode { code, .. } => seen.code = seen.code.max(code.id.0),
                _ => {}
            }
        }
        seen
    }

    /// Takes in other ids seen.
    pub(super) fn take_in(&mut self, other: Self) {
        self.annotation = self.annotation.max(other.annotation);
        self.code = self.code.max(other.code);
    }

    /// Takes in the ids of the project as it is now.
    pub(super) fn note(&mut self, project: &ProjectFile) {
        self.take_in(Self {
            annotation: project
                .annotations
                .iter()
                .map(|a| a.id.0)
                .max()
                .unwrap_or(0),
            code: project
                .codebook
                .codes
                .iter()
                .map(|c| c.id.0)
                .max()
                .unwrap_or(0),
        });
    }
}

/// Gives the items a transaction adds ids above any seen, and the outcome the new ids.
pub(super) fn renumber(
    mut transaction: Transaction,
    outcome: &mut Outcome,
    project: &ProjectFile,
    seen: &IdsSeen,
) -> Transaction {
    let new_code = |id: CodeId| id.0 <= seen.code && project.codebook.get(id).is_none();
    let new_annotation =
        |id: AnnotationId| id.0 <= seen.annotation && project.annotations.get(id).is_none();
    // Fresh ids start above those seen and those the transaction itself gives.
    let mut next = IdsSeen::inserted_by(&transaction);
    next.take_in(*seen);
    let (mut next_code, mut next_annotation) = (next.code, next.annotation);
    let mut codes: HashMap<CodeId, CodeId> = HashMap::new();
    let mut annotations: HashMap<AnnotationId, AnnotationId> = HashMap::new();
    for edit in &mut transaction.edits {
        match edit {
            Edit::InsertCode { code, .. } if new_code(code.id) => {
                next_code = next_code.saturating_add(1);
                codes.insert(code.id, CodeId(next_code));
                code.id = CodeId(next_code);
            }
            Edit::InsertAnnotation(a) if new_annotation(a.id) => {
                next_annotation = next_annotation.saturating_add(1);
                annotations.insert(a.id, AnnotationId(next_annotation));
                a.id = AnnotationId(next_annotation);
            }
            _ => {}
        }
    }
    if codes.is_empty() && annotations.is_empty() {
        return transaction;
    }
    let map = |list: &mut Vec<CodeId>| {
        for c in list.iter_mut() {
            if let Some(new) = codes.get(c) {
                *c = *new;
            }
        }
    };
    for edit in &mut transaction.edits {
        match edit {
            Edit::InsertCode { code, .. } => {
                if let Some(new) = code.parent.and_then(|p| codes.get(&p)) {
                    code.parent = Some(*new);
                }
            }
            Edit::ReplaceCode { after, .. } => {
                if let Some(new) = after.parent.and_then(|p| codes.get(&p)) {
                    after.parent = Some(*new);
                }
            }
            Edit::InsertAnnotation(a) => map(&mut a.codes),
            Edit::ReplaceAnnotation { after, .. } => map(&mut after.codes),
            Edit::SetDocumentCoding {
                after: Some(after), ..
            } => map(&mut after.codes),
            _ => {}
        }
    }
    if let Some(code) = outcome.new_code.as_mut()
        && let Some(new) = codes.get(code)
    {
        *code = *new;
    }
    if let Some(id) = outcome.annotation.as_mut()
        && let Some(new) = annotations.get(id)
    {
        *id = *new;
    }
    transaction
}

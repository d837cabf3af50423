//! Ids are never given twice: an annotation or code deleted in this workspace keeps its id to
//! itself, so a three-way merge never takes a new item for the deleted one (an edit made
//! elsewhere to the old annotation would land on the new one; a new code would take the old
//! code's passages from another program).
//!
//! Planning gives new items the next id after those in the project; [`renumber`] moves any new
//! id at or below the largest seen to fresh ones, with every reference to it in the same
//! transaction (annotations' and document codings' codes, sub-codes' parents).
//!
//! Once the largest possible id has been seen (a file edited by hand can hold it), there are no
//! fresh ids above it: new items then get the smallest ids free in the project (an id deleted
//! in this workspace may come back then; nothing ever overflows or gets a taken id).

use std::collections::{HashMap, HashSet};

use crate::annotations::codebook::next_code_id;
use crate::annotations::{AnnotationId, CodeId, Edit, FreeIds, Transaction};
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
    let mut code_ids = FreeIds::above(u64::from(next.code), u64::from(u32::MAX));
    let mut annotation_ids = FreeIds::above(next.annotation, u64::MAX);
    // Below the largest seen (at the maximum only), also the ids the transaction inserts and
    // keeps.
    let mut inserted_codes = HashSet::new();
    let mut inserted_annotations = HashSet::new();
    for edit in &transaction.edits {
        match edit {
            Edit::InsertCode { code, .. } if !new_code(code.id) => inserted_codes.insert(code.id),
            Edit::InsertAnnotation(a) if !new_annotation(a.id) => inserted_annotations.insert(a.id),
            _ => false,
        };
    }
    let code_taken =
        |id: CodeId| project.codebook.get(id).is_some() || inserted_codes.contains(&id);
    let annotation_taken = |n: u64| {
        let id = AnnotationId(n);
        project.annotations.contains(id) || inserted_annotations.contains(&id)
    };
    let mut codes: HashMap<CodeId, CodeId> = HashMap::new();
    let mut annotations: HashMap<AnnotationId, AnnotationId> = HashMap::new();
    for edit in &mut transaction.edits {
        match edit {
            Edit::InsertCode { code, .. } if new_code(code.id) => {
                // No id free at all: left as planned (free in the project, so it applies).
                if let Ok(fresh) = next_code_id(&mut code_ids, code_taken) {
                    codes.insert(code.id, fresh);
                    code.id = fresh;
                }
            }
            Edit::InsertAnnotation(a) if new_annotation(a.id) => {
                if let Some(fresh) = annotation_ids.next_free(annotation_taken) {
                    annotations.insert(a.id, AnnotationId(fresh));
                    a.id = AnnotationId(fresh);
                }
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

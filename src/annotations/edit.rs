//! Every change to a project's codebook, annotations, document codings and attributes, and entity
//! register is
//! an [`Edit`] that knows its inverse; a user action is a [`Transaction`] of edits; the
//! [`History`] applies transactions and keeps their inverses for undo and redo (no copies of the
//! whole state).

use super::codebook::{Code, CodeId, Codebook};
use super::model::{
    Annotation, AnnotationId, Annotations, Attributes, DocumentAttributes, DocumentCoding,
    DocumentCodings,
};
use crate::entities::RegisterEdit;

/// What edits change: the project keeps these.
pub trait Editable {
    /// The codebook.
    fn codebook_mut(&mut self) -> &mut Codebook;
    /// The annotations.
    fn annotations_mut(&mut self) -> &mut Annotations;
    /// The document codings.
    fn document_codings_mut(&mut self) -> &mut DocumentCodings;
    /// The user's edits to the entity register, in order.
    fn register_edits_mut(&mut self) -> &mut Vec<RegisterEdit>;
    /// The documents' attributes.
    fn attributes_mut(&mut self) -> &mut DocumentAttributes;
}

/// One invertible change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Add an annotation.
    InsertAnnotation(Annotation),
    /// Remove an annotation (it is kept here, for the inverse).
    DeleteAnnotation(Annotation),
    /// Change an annotation (codes, note, range). Boxed: the history holds many edits.
    ReplaceAnnotation {
        /// As it is now.
        before: Box<Annotation>,
        /// As it will be.
        after: Box<Annotation>,
    },
    /// Add a code at a place in the list.
    InsertCode {
        /// The code.
        code: Code,
        /// Its index in the list.
        at: usize,
    },
    /// Remove a code from its place in the list.
    DeleteCode {
        /// The code as it is now.
        code: Code,
        /// Its index in the list.
        at: usize,
    },
    /// Change a code (name, colour, description, shortcut, parent).
    ReplaceCode {
        /// As it is now.
        before: Code,
        /// As it will be.
        after: Code,
    },
    /// Set (or clear) a document's codes and memo.
    SetDocumentCoding {
        /// The document.
        doc: String,
        /// As it is now.
        before: Option<DocumentCoding>,
        /// As it will be.
        after: Option<DocumentCoding>,
    },
    /// Set (or clear) a document's attributes.
    SetAttributes {
        /// The document.
        doc: String,
        /// As they are now.
        before: Option<Attributes>,
        /// As they will be.
        after: Option<Attributes>,
    },
    /// Append an edit to the entity register's list.
    PushRegisterEdit(RegisterEdit),
    /// Remove the last edit of the entity register's list (which must be this one).
    PopRegisterEdit(RegisterEdit),
}

/// Why an edit could not be applied: the project is not in the state the edit was made for.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EditError {
    /// No annotation with this id, or not as the edit expects it.
    #[error("annotation {} is not as expected", .0.0)]
    Annotation(AnnotationId),
    /// The annotation id is taken.
    #[error("annotation id {} is already used", .0.0)]
    AnnotationExists(AnnotationId),
    /// No code with this id, or not as the edit expects it.
    #[error("code {} is not as expected", .0.0)]
    Code(CodeId),
    /// The code is still on annotations, document codings or sub-codes.
    #[error("code {} is still in use", .0.0)]
    CodeInUse(CodeId),
    /// The document coding is not as the edit expects it.
    #[error("the document coding of {0} is not as expected")]
    DocumentCoding(String),
    /// A document's attributes are not as the edit expects them.
    #[error("the attributes of {0} are not as expected")]
    Attributes(String),
    /// The last register edit is not the one to remove.
    #[error("the entity register's last edit is not the one to undo")]
    Register,
}

impl Edit {
    /// Applies the edit and returns its inverse. On error nothing changed.
    pub fn apply(self, target: &mut impl Editable) -> Result<Edit, EditError> {
        match self {
            Edit::InsertAnnotation(a) => {
                let id = a.id;
                target
                    .annotations_mut()
                    .insert(a.clone())
                    .map_err(|_| EditError::AnnotationExists(id))?;
                Ok(Edit::DeleteAnnotation(a))
            }
            Edit::DeleteAnnotation(a) => {
                take_annotation(target.annotations_mut(), &a)?;
                Ok(Edit::InsertAnnotation(a))
            }
            Edit::ReplaceAnnotation { before, after } => {
                let annotations = target.annotations_mut();
                take_annotation(annotations, &before)?;
                if annotations.insert((*after).clone()).is_err() {
                    // Put it back as it was.
                    let _ = annotations.insert((*before).clone());
                    return Err(EditError::AnnotationExists(after.id));
                }
                Ok(Edit::ReplaceAnnotation {
                    before: after,
                    after: before,
                })
            }
            Edit::InsertCode { code, at } => {
                let book = target.codebook_mut();
                if book.get(code.id).is_some() {
                    return Err(EditError::Code(code.id));
                }
                let at = at.min(book.codes.len());
                book.codes.insert(at, code.clone());
                Ok(Edit::DeleteCode { code, at })
            }
            Edit::DeleteCode { code, .. } => {
                // A code still in use is not deleted (planned deletions take it off first; an
                // undo after another program used the code is refused instead).
                let id = code.id;
                let in_use = target
                    .annotations_mut()
                    .iter()
                    .any(|a| a.codes.contains(&id))
                    || target
                        .document_codings_mut()
                        .0
                        .values()
                        .any(|c| c.codes.contains(&id))
                    || target
                        .codebook_mut()
                        .codes
                        .iter()
                        .any(|c| c.parent == Some(id));
                if in_use {
                    return Err(EditError::CodeInUse(id));
                }
                let book = target.codebook_mut();
                let at = book
                    .position(code.id)
                    .filter(|i| book.codes[*i] == code)
                    .ok_or(EditError::Code(code.id))?;
                book.codes.remove(at);
                Ok(Edit::InsertCode { code, at })
            }
            Edit::ReplaceCode { before, after } => {
                let book = target.codebook_mut();
                let slot = book
                    .codes
                    .iter_mut()
                    .find(|c| **c == before)
                    .ok_or(EditError::Code(before.id))?;
                *slot = after.clone();
                Ok(Edit::ReplaceCode {
                    before: after,
                    after: before,
                })
            }
            Edit::SetDocumentCoding { doc, before, after } => {
                let codings = &mut target.document_codings_mut().0;
                if codings.get(&doc) != before.as_ref() {
                    return Err(EditError::DocumentCoding(doc));
                }
                match after.clone() {
                    Some(coding) => codings.insert(doc.clone(), coding),
                    None => codings.remove(&doc),
                };
                Ok(Edit::SetDocumentCoding {
                    doc,
                    before: after,
                    after: before,
                })
            }
            Edit::SetAttributes { doc, before, after } => {
                let attributes = &mut target.attributes_mut().0;
                if attributes.get(&doc) != before.as_ref() {
                    return Err(EditError::Attributes(doc));
                }
                match after.clone() {
                    Some(values) => attributes.insert(doc.clone(), values),
                    None => attributes.remove(&doc),
                };
                Ok(Edit::SetAttributes {
                    doc,
                    before: after,
                    after: before,
                })
            }
            Edit::PushRegisterEdit(edit) => {
                target.register_edits_mut().push(edit.clone());
                Ok(Edit::PopRegisterEdit(edit))
            }
            Edit::PopRegisterEdit(edit) => {
                let edits = target.register_edits_mut();
                if edits.last() != Some(&edit) {
                    return Err(EditError::Register);
                }
                edits.pop();
                Ok(Edit::PushRegisterEdit(edit))
            }
        }
    }
}

/// Removes `expected` from the annotations if it is there exactly as given.
fn take_annotation(annotations: &mut Annotations, expected: &Annotation) -> Result<(), EditError> {
    if annotations.get(expected.id) != Some(expected) {
        return Err(EditError::Annotation(expected.id));
    }
    annotations.remove(expected.id);
    Ok(())
}

/// A user action: edits applied together and undone together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transaction {
    /// What the user did, as shown in Edit → Undo "…".
    pub label: String,
    /// The edits, in order.
    pub edits: Vec<Edit>,
}

impl Transaction {
    /// A transaction of one edit.
    pub fn one(label: impl Into<String>, edit: Edit) -> Self {
        Self {
            label: label.into(),
            edits: vec![edit],
        }
    }

    /// Applies every edit in order and returns the inverse transaction. If one fails, those
    /// already applied are undone and nothing changed.
    pub fn apply(self, target: &mut impl Editable) -> Result<Transaction, EditError> {
        let mut inverses: Vec<Edit> = Vec::with_capacity(self.edits.len());
        for edit in self.edits {
            match edit.apply(target) {
                Ok(inverse) => inverses.push(inverse),
                Err(err) => {
                    for inverse in inverses.into_iter().rev() {
                        // Each inverse undoes an edit just made, so it applies.
                        let _ = inverse.apply(target);
                    }
                    return Err(err);
                }
            }
        }
        inverses.reverse();
        Ok(Transaction {
            label: self.label,
            edits: inverses,
        })
    }
}

/// Undo and redo.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Transaction>,
    redo: Vec<Transaction>,
}

impl History {
    /// Applies a new transaction; it can be undone, and what was undone before cannot be
    /// redone any more.
    pub fn apply(
        &mut self,
        target: &mut impl Editable,
        transaction: Transaction,
    ) -> Result<(), EditError> {
        let inverse = transaction.apply(target)?;
        self.undo.push(inverse);
        self.redo.clear();
        Ok(())
    }

    /// Undoes the last transaction; returns its label.
    pub fn undo(&mut self, target: &mut impl Editable) -> Result<Option<String>, EditError> {
        Self::step(&mut self.undo, &mut self.redo, target)
    }

    /// Redoes the last undone transaction; returns its label.
    pub fn redo(&mut self, target: &mut impl Editable) -> Result<Option<String>, EditError> {
        Self::step(&mut self.redo, &mut self.undo, target)
    }

    fn step(
        from: &mut Vec<Transaction>,
        to: &mut Vec<Transaction>,
        target: &mut impl Editable,
    ) -> Result<Option<String>, EditError> {
        let Some(transaction) = from.pop() else {
            return Ok(None);
        };
        let label = transaction.label.clone();
        // A step that no longer applies (another program changed what it touched) is dropped,
        // so the steps before it can still be undone; nothing changed.
        let inverse = transaction.apply(target)?;
        to.push(inverse);
        Ok(Some(label))
    }

    /// The label of what Undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|t| t.label.as_str())
    }

    /// The label of what Redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|t| t.label.as_str())
    }
}

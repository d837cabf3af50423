//! What a user (in the window, on the command line or in a test) asks of a project's contents,
//! as values: an [`Intent`] names what it acts on (document, range, annotation, code) and is
//! turned into an invertible [`Transaction`] from the project as it is when it runs
//! ([`plan`]). [`super::Workspace::perform`] is the one door through which every change goes:
//! it plans, applies, records undo and marks what changed.
//!
//! Navigation, dialogs and zoom are the window's own business and are not intents.

use std::ops::Range;

use super::ProjectFile;
use crate::annotations::actions::{self, DocText};
use crate::annotations::{
    AnnotationId, CodeId, Colour, DocumentCoding, Edit, EditError, Transaction,
};
use crate::corpus::Corpus;
use crate::entities::{Entity, RegisterEdit};
use crate::import::{ImportDoc, LineError, Passage, plan_passages};

/// A change to one field of a code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeChange {
    /// A new name.
    Rename(String),
    /// A new colour.
    Recolour(Colour),
    /// A new description.
    Describe(String),
    /// A new shortcut key (or none).
    Shortcut(Option<char>),
    /// A new place in the tree (`None`: the top).
    Move(Option<CodeId>),
    /// The entity kind its passages name (`None`: the one its name stands for, if any).
    EntityKind(Option<crate::entities::Kind>),
}

/// Something about an annotation, code or document coding that a person looked at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Flagged {
    /// An annotation.
    Annotation(AnnotationId),
    /// A code.
    Code(CodeId),
    /// A document's codes and memo.
    DocumentCoding(String),
}

/// A change to a project's contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Intent {
    /// Tag a passage with a code (or make an annotation without one). A passage that already
    /// has an annotation gets the code added to it.
    Tag {
        /// The document's id.
        doc: String,
        /// The passage, in code points.
        range: Range<usize>,
        /// The code, if any.
        code: Option<CodeId>,
    },
    /// Make a code (at the top of the tree) and tag a passage with it.
    TagWithNewCode {
        /// The document's id.
        doc: String,
        /// The passage, in code points.
        range: Range<usize>,
        /// The new code's name.
        name: String,
    },
    /// Move an annotation to another passage of its document.
    SetRange {
        /// The annotation.
        id: AnnotationId,
        /// The new passage, in code points.
        range: Range<usize>,
    },
    /// Give an annotation this note.
    SetNote {
        /// The annotation.
        id: AnnotationId,
        /// The note.
        text: String,
    },
    /// Put a code on an annotation or take it off.
    SetAnnotationCode {
        /// The annotation.
        id: AnnotationId,
        /// The code.
        code: CodeId,
        /// On or off.
        on: bool,
    },
    /// Delete an annotation.
    DeleteAnnotation(AnnotationId),
    /// Put a code on a whole document or take it off.
    SetDocumentCode {
        /// The document's id.
        doc: String,
        /// The code.
        code: CodeId,
        /// On or off.
        on: bool,
    },
    /// Tag many passages with a code as one step (coding from search hits); passages already
    /// inside one with the code are left as they are.
    TagMany {
        /// The code.
        code: CodeId,
        /// The passages: document id and code points.
        passages: Vec<(String, Range<usize>)>,
        /// What they are, for the undo label ("search hits").
        what: String,
    },
    /// Mark a document's names all tagged (or not): the project's entity tagger learns from
    /// it even when it has no entity tag.
    SetEntitiesDone {
        /// The document's id.
        doc: String,
        /// Marked or not.
        done: bool,
    },
    /// Give a document this memo.
    SetMemo {
        /// The document's id.
        doc: String,
        /// The memo.
        text: String,
    },
    /// Add a code. A name with a control character or a bidi control is refused, as every
    /// new or changed code name is ([`crate::annotations::codebook::check_code_name`]).
    AddCode {
        /// Its name.
        name: String,
        /// The code it goes under (`None`: the top).
        parent: Option<CodeId>,
    },
    /// Change a code.
    ChangeCode {
        /// The code.
        id: CodeId,
        /// What changes.
        change: CodeChange,
    },
    /// Merge a code into another (its annotations, document codes and sub-codes move).
    MergeCodes {
        /// The code that goes.
        from: CodeId,
        /// The code that stays.
        into: CodeId,
    },
    /// Delete a code (its annotations lose it; sub-codes move up).
    DeleteCode(CodeId),
    /// Change the entity register.
    EditRegister(Vec<RegisterEdit>),
    /// Add the entities of a register file.
    ImportRegister {
        /// The entities.
        entities: Vec<Entity>,
        /// Where they come from (shown in the undo label).
        source: String,
    },
    /// Set documents' attributes (imported from a CSV): each value given replaces the
    /// document's value of that column; the others stay.
    SetAttributes {
        /// Each document's values.
        rows: std::collections::BTreeMap<String, crate::annotations::Attributes>,
        /// Where they come from (shown in the undo label).
        source: String,
    },
    /// Add passages read from a file (see [`crate::import`]).
    Import {
        /// The passages.
        passages: Vec<Passage>,
        /// Where they come from (shown in the undo label).
        source: String,
    },
    /// A person looked at something flagged as needing attention: clear the flag.
    Resolve(Flagged),
}

/// What [`super::Workspace::perform`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// What was done, as Edit → Undo shows it.
    pub label: String,
    /// The entity register changed (its mentions must be found again).
    pub register_changed: bool,
    /// The code an intent made (adding a code, tagging with a new one).
    pub new_code: Option<CodeId>,
    /// The annotation an intent made or changed, when there is one.
    pub annotation: Option<AnnotationId>,
    /// For an import: annotations added, codes made, passages already there.
    pub imported: Option<Imported>,
}

/// What an import added.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// Annotations added.
    pub annotations: usize,
    /// Codes made.
    pub new_codes: usize,
    /// Passages already in the project, left out.
    pub duplicates: usize,
}

/// Why an intent changed nothing.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IntentError {
    /// It would change nothing (the passage has the code already, the name is the same …).
    #[error("{0}")]
    Unchanged(String),
    /// It is not allowed (a code under its own sub-code, a name a sibling has …).
    #[error("{0}")]
    Refused(String),
    /// The document is not in the corpus.
    #[error("no document {0:?} in the project's corpus")]
    NoDocument(String),
    /// No such annotation.
    #[error("no annotation {}", .0.0)]
    NoAnnotation(AnnotationId),
    /// No such code.
    #[error("no code {}", .0.0)]
    NoCode(CodeId),
    /// The range is empty or outside the text.
    #[error("the passage {start}–{end} is not in the text of {doc}")]
    Range {
        /// The document.
        doc: String,
        /// First code point asked for.
        start: usize,
        /// One past the last.
        end: usize,
    },
    /// The document could not be read, or its text is not the one the project was opened with.
    #[error("{0}")]
    Document(String),
    /// Passages that cannot be imported (nothing was).
    #[error("{} bad lines, nothing imported", .0.len())]
    Import(Vec<LineError>),
    /// The project is open read-only.
    #[error("the project is open read-only")]
    ReadOnly,
    /// Every id is taken (a file edited by hand can take the largest): nothing new can be made.
    #[error(transparent)]
    Ids(#[from] crate::annotations::NoMoreIds),
    /// The transaction did not apply (the project is not as it was planned for).
    #[error(transparent)]
    Edit(#[from] EditError),
}

/// An intent turned into a transaction, and what it will do.
pub struct Planned {
    /// The edits.
    pub transaction: Transaction,
    /// What to report once applied (its label is the transaction's).
    pub outcome: Outcome,
}

impl Planned {
    fn of(transaction: Transaction) -> Self {
        Self {
            transaction,
            outcome: Outcome::default(),
        }
    }
}

/// Turns an intent into a transaction from the project as it is now. `author` is recorded on
/// what it makes.
pub fn plan(
    intent: Intent,
    project: &ProjectFile,
    corpus: &Corpus,
    author: &str,
) -> Result<Planned, IntentError> {
    let book = &project.codebook;
    let annotations = &project.annotations;
    let codings = &project.document_codings;
    let annotation = |id| annotations.get(id).ok_or(IntentError::NoAnnotation(id));
    let code = |id| book.get(id).ok_or(IntentError::NoCode(id));
    match intent {
        Intent::Tag { doc, range, code } => {
            if let Some(id) = code {
                book.get(id).ok_or(IntentError::NoCode(id))?;
            }
            let planned = tag(project, corpus, &doc, range, code, author)?;
            Ok(planned)
        }
        Intent::TagWithNewCode { doc, range, name } => {
            check_name(&name)?;
            // A name that is a code already (at the top of the tree) tags with that code.
            if let Some(existing) = book.find(name.trim(), None) {
                return tag(project, corpus, &doc, range, Some(existing.id), author);
            }
            let (id, add) = actions::add_code(book, &name, None)?
                .ok_or_else(|| no_new_code(book, &name, None))?;
            let mut planned = tag(project, corpus, &doc, range, Some(id), author)?;
            let mut edits = add.edits;
            edits.append(&mut planned.transaction.edits);
            planned.transaction = Transaction {
                label: format!("Tag with new code {}", name.trim()),
                edits,
            };
            planned.outcome.new_code = Some(id);
            Ok(planned)
        }
        Intent::SetRange { id, range } => {
            let a = annotation(id)?;
            let text = doc_text(corpus, &a.doc)?;
            let doc = DocText {
                id: &a.doc,
                text: &text.text,
                hash: &text.hash,
            };
            let out_of_text = || IntentError::Range {
                doc: a.doc.clone(),
                start: range.start,
                end: range.end,
            };
            let transaction = actions::set_range(a, &doc, range.clone()).ok_or_else(|| {
                if crate::annotations::Anchor::of(&text.text, range.clone()).is_none() {
                    out_of_text()
                } else {
                    IntentError::Unchanged("the annotation is on that passage already".into())
                }
            })?;
            Ok(Planned::of(transaction).annotation(id))
        }
        Intent::SetNote { id, text } => {
            let a = annotation(id)?;
            let transaction = actions::change(a, "Edit note", |x| x.note = text)
                .ok_or_else(|| IntentError::Unchanged("the note is unchanged".into()))?;
            Ok(Planned::of(transaction).annotation(id))
        }
        Intent::SetAnnotationCode { id, code: c, on } => {
            let a = annotation(id)?;
            code(c)?;
            let transaction = actions::change(a, "Change codes", |x| {
                x.codes.retain(|k| *k != c);
                if on {
                    x.codes.push(c);
                }
            })
            .ok_or_else(|| IntentError::Unchanged("the codes are unchanged".into()))?;
            Ok(Planned::of(transaction).annotation(id))
        }
        Intent::DeleteAnnotation(id) => Ok(Planned::of(actions::delete(annotation(id)?))),
        Intent::SetDocumentCode { doc, code: c, on } => {
            code(c)?;
            known_document(project, corpus, &doc)?;
            let change = |x: &mut DocumentCoding| {
                x.codes.retain(|k| *k != c);
                if on {
                    x.codes.push(c);
                }
            };
            actions::change_document_coding(codings, &doc, author, "Document codes", change)
                .map(Planned::of)
                .ok_or_else(|| IntentError::Unchanged("the document's codes are unchanged".into()))
        }
        Intent::SetMemo { doc, text } => {
            known_document(project, corpus, &doc)?;
            let change = |x: &mut DocumentCoding| x.memo = text;
            actions::change_document_coding(codings, &doc, author, "Document memo", change)
                .map(Planned::of)
                .ok_or_else(|| IntentError::Unchanged("the memo is unchanged".into()))
        }
        Intent::TagMany {
            code: c,
            passages,
            what,
        } => {
            let name = book.path(code(c)?.id);
            let mut texts: std::collections::HashMap<String, ImportDoc> = Default::default();
            for (doc, _) in &passages {
                if !texts.contains_key(doc) {
                    texts.insert(doc.clone(), doc_text(corpus, doc)?);
                }
            }
            let list: Vec<(DocText<'_>, Range<usize>)> = passages
                .iter()
                .filter_map(|(doc, range)| {
                    let text = texts.get(doc)?;
                    let doc = DocText {
                        id: doc,
                        text: &text.text,
                        hash: &text.hash,
                    };
                    Some((doc, range.clone()))
                })
                .collect();
            let (edits, left) = actions::tag_many(annotations, &list, c, author)?;
            if edits.is_empty() {
                return Err(IntentError::Unchanged(format!(
                    "all {left} {what} are tagged with {name} already"
                )));
            }
            let added = edits.len();
            let transaction = Transaction {
                label: format!("Tag {added} {what} with {name}"),
                edits,
            };
            let mut planned = Planned::of(transaction);
            planned.outcome.imported = Some(Imported {
                annotations: added,
                new_codes: 0,
                duplicates: left,
            });
            Ok(planned)
        }
        Intent::SetEntitiesDone { doc, done } => {
            known_document(project, corpus, &doc)?;
            let label = if done {
                "Mark entities done"
            } else {
                "Unmark entities done"
            };
            let change = |x: &mut DocumentCoding| x.entities_done = done;
            actions::change_document_coding(codings, &doc, author, label, change)
                .map(Planned::of)
                .ok_or_else(|| IntentError::Unchanged("the entities-done mark is unchanged".into()))
        }
        Intent::AddCode { name, parent } => {
            check_name(&name)?;
            if let Some(p) = parent {
                code(p)?;
            }
            let (id, transaction) = actions::add_code(book, &name, parent)?
                .ok_or_else(|| no_new_code(book, &name, parent))?;
            let mut planned = Planned::of(transaction);
            planned.outcome.new_code = Some(id);
            Ok(planned)
        }
        Intent::ChangeCode { id, change } => {
            let before = code(id)?;
            let mut after = before.clone();
            let label = match change {
                CodeChange::Rename(name) => {
                    check_name(&name)?;
                    after.name = name;
                    "Rename code"
                }
                CodeChange::Recolour(colour) => {
                    after.colour = colour;
                    "Recolour code"
                }
                CodeChange::Describe(text) => {
                    after.description = text;
                    "Describe code"
                }
                CodeChange::Shortcut(key) => {
                    after.shortcut = key;
                    "Code shortcut"
                }
                CodeChange::Move(parent) => {
                    if let Some(p) = parent {
                        code(p)?;
                    }
                    after.parent = parent;
                    "Move code"
                }
                CodeChange::EntityKind(kind) => {
                    after.kind = kind;
                    "Code entity kind"
                }
            };
            actions::change_code(book, id, label, |c| *c = after.clone())
                .map(Planned::of)
                .ok_or_else(|| refused_code_change(book, before, &after))
        }
        Intent::MergeCodes { from, into } => {
            code(from)?;
            code(into)?;
            actions::merge_codes(book, annotations, codings, from, into)
                .map(Planned::of)
                .ok_or_else(|| {
                    IntentError::Refused(
                        "a code cannot be merged into itself or a code under it".into(),
                    )
                })
        }
        Intent::DeleteCode(id) => {
            code(id)?;
            actions::delete_code(book, annotations, codings, id)
                .map(Planned::of)
                .ok_or(IntentError::NoCode(id))
        }
        Intent::EditRegister(edits) => {
            if edits.is_empty() {
                return Err(IntentError::Unchanged("no change to the register".into()));
            }
            let transaction = Transaction {
                label: "Edit entity register".into(),
                edits: edits.into_iter().map(Edit::PushRegisterEdit).collect(),
            };
            let mut planned = Planned::of(transaction);
            planned.outcome.register_changed = true;
            Ok(planned)
        }
        Intent::ImportRegister { entities, source } => {
            if entities.is_empty() {
                return Err(IntentError::Unchanged(format!("no entities in {source}")));
            }
            let transaction = Transaction {
                label: format!("Import {} entities from {source}", entities.len()),
                edits: entities
                    .into_iter()
                    .map(|e| Edit::PushRegisterEdit(RegisterEdit::Add(e)))
                    .collect(),
            };
            let mut planned = Planned::of(transaction);
            planned.outcome.register_changed = true;
            Ok(planned)
        }
        Intent::SetAttributes { rows, source } => {
            let current = &project.attributes.0;
            let edits: Vec<Edit> = rows
                .into_iter()
                .filter_map(|(doc, values)| {
                    let before = current.get(&doc).cloned();
                    let mut after = before.clone().unwrap_or_default();
                    after.extend(values);
                    let after = (!after.is_empty()).then_some(after);
                    (after != before).then_some(Edit::SetAttributes { doc, before, after })
                })
                .collect();
            if edits.is_empty() {
                return Err(IntentError::Unchanged(format!(
                    "the documents have these attributes already ({source})"
                )));
            }
            Ok(Planned::of(Transaction {
                label: format!(
                    "Import attributes of {} documents from {source}",
                    edits.len()
                ),
                edits,
            }))
        }
        Intent::Import { passages, source } => {
            let docs = |id: &str| -> Result<ImportDoc, String> {
                doc_text(corpus, id).map_err(|e| match e {
                    IntentError::NoDocument(_) => "not in the project's corpus".to_owned(),
                    other => other.to_string(),
                })
            };
            let planned = plan_passages(passages, book, annotations, docs, author)
                .map_err(IntentError::Import)?;
            if planned.transaction.edits.is_empty() {
                let why = if planned.duplicates > 0 {
                    format!(
                        "all {} passages are in the project already",
                        planned.duplicates
                    )
                } else {
                    "no passages to import".to_owned()
                };
                return Err(IntentError::Unchanged(why));
            }
            let transaction = Transaction {
                label: format!("Import {} annotations from {source}", planned.annotations),
                edits: planned.transaction.edits,
            };
            let mut out = Planned::of(transaction);
            out.outcome.imported = Some(Imported {
                annotations: planned.annotations,
                new_codes: planned.new_codes,
                duplicates: planned.duplicates,
            });
            Ok(out)
        }
        Intent::Resolve(item) => resolve(project, item),
    }
}

impl Planned {
    fn annotation(mut self, id: AnnotationId) -> Self {
        self.outcome.annotation = Some(id);
        self
    }
}

/// Tags a passage of a document.
fn tag(
    project: &ProjectFile,
    corpus: &Corpus,
    doc: &str,
    range: Range<usize>,
    code: Option<CodeId>,
    author: &str,
) -> Result<Planned, IntentError> {
    let text = doc_text(corpus, doc)?;
    let doc_text = DocText {
        id: doc,
        text: &text.text,
        hash: &text.hash,
    };
    let Some(transaction) =
        actions::tag(&project.annotations, &doc_text, range.clone(), code, author)?
    else {
        if crate::annotations::Anchor::of(&text.text, range.clone()).is_none() {
            return Err(IntentError::Range {
                doc: doc.to_owned(),
                start: range.start,
                end: range.end,
            });
        }
        return Err(IntentError::Unchanged(
            "the passage already has that code".into(),
        ));
    };
    let id = transaction.edits.iter().find_map(|e| match e {
        Edit::InsertAnnotation(a) => Some(a.id),
        Edit::ReplaceAnnotation { after, .. } => Some(after.id),
        _ => None,
    });
    let mut planned = Planned::of(transaction);
    planned.outcome.annotation = id;
    Ok(planned)
}

/// A document's text as the corpus has it now; refused when the file no longer has the text
/// the project was opened with (its offsets would not be the reader's).
fn doc_text(corpus: &Corpus, id: &str) -> Result<ImportDoc, IntentError> {
    let doc = corpus
        .document(id)
        .ok_or_else(|| IntentError::NoDocument(id.to_owned()))?;
    let text = corpus
        .text(doc)
        .map_err(|e| IntentError::Document(format!("{e:#}")))?;
    if crate::corpus::ContentHash::of(&text.text) != doc.hash {
        return Err(IntentError::Document(format!(
            "the document changed on disk since the project was opened; open the project again: {}",
            corpus.root.join(id).display()
        )));
    }
    Ok(ImportDoc {
        text: text.text,
        hash: doc.hash.clone(),
    })
}

/// A document the corpus has, or the project still records.
fn known_document(project: &ProjectFile, corpus: &Corpus, doc: &str) -> Result<(), IntentError> {
    let known = corpus.document(doc).is_some()
        || project.documents.iter().any(|d| d.id == doc)
        || project.document_codings.0.contains_key(doc);
    if known {
        Ok(())
    } else {
        Err(IntentError::NoDocument(doc.to_owned()))
    }
}

/// A name for a new or renamed code, by the one rule for code names
/// ([`crate::annotations::codebook::check_code_name`]): refused with its message.
fn check_name(name: &str) -> Result<(), IntentError> {
    crate::annotations::codebook::check_code_name(name)
        .map(|_| ())
        .map_err(|err| IntentError::Refused(err.to_string()))
}

fn no_new_code(
    book: &crate::annotations::Codebook,
    name: &str,
    parent: Option<CodeId>,
) -> IntentError {
    let name = name.trim();
    if name.is_empty() {
        IntentError::Refused("a code needs a name".into())
    } else if book.find(name, parent).is_some() {
        IntentError::Unchanged(format!("there is already a code “{name}”"))
    } else {
        IntentError::Refused(format!("cannot make a code “{name}”"))
    }
}

fn refused_code_change(
    book: &crate::annotations::Codebook,
    before: &crate::annotations::Code,
    after: &crate::annotations::Code,
) -> IntentError {
    let mut tidy = after.clone();
    tidy.name = tidy.name.trim().to_owned();
    if tidy == *before {
        IntentError::Unchanged("the code is unchanged".into())
    } else if tidy.name.is_empty() {
        IntentError::Refused("a code needs a name".into())
    } else if book.would_cycle(before.id, tidy.parent) {
        IntentError::Refused(format!(
            "“{}” cannot go under itself or a code under it",
            before.name
        ))
    } else {
        IntentError::Refused(format!(
            "there is already a code “{}” in that place",
            tidy.name
        ))
    }
}

/// Clears an attention flag.
fn resolve(project: &ProjectFile, item: Flagged) -> Result<Planned, IntentError> {
    let clear = || IntentError::Unchanged("nothing to resolve".into());
    let transaction = match item {
        Flagged::Annotation(id) => {
            let a = project
                .annotations
                .get(id)
                .ok_or(IntentError::NoAnnotation(id))?;
            if a.attention.is_empty() {
                return Err(clear());
            }
            let mut after = a.clone();
            after.attention.clear();
            Transaction::one(
                "Mark as looked at",
                Edit::ReplaceAnnotation {
                    before: Box::new(a.clone()),
                    after: Box::new(after),
                },
            )
        }
        Flagged::Code(id) => {
            let c = project.codebook.get(id).ok_or(IntentError::NoCode(id))?;
            if c.attention.is_empty() {
                return Err(clear());
            }
            let mut after = c.clone();
            after.attention.clear();
            Transaction::one(
                "Mark as looked at",
                Edit::ReplaceCode {
                    before: c.clone(),
                    after,
                },
            )
        }
        Flagged::DocumentCoding(doc) => {
            let c = project
                .document_codings
                .0
                .get(&doc)
                .filter(|c| !c.attention.is_empty())
                .ok_or_else(clear)?;
            let mut after = c.clone();
            after.attention.clear();
            Transaction::one(
                "Mark as looked at",
                Edit::SetDocumentCoding {
                    doc,
                    before: Some(c.clone()),
                    after: Some(after),
                },
            )
        }
    };
    Ok(Planned::of(transaction))
}

//! What a coder does, as transactions built from the current state: tag a passage, change an
//! annotation, and edit the codebook (merging and deleting codes carry their annotations along).
//! Nothing here changes anything; [`super::History::apply`] does.

use std::ops::Range;

use super::codebook::{Code, CodeId, Codebook};
use super::edit::{Edit, Transaction};
use super::model::{Anchor, Annotation, Annotations, DocumentCoding, DocumentCodings, now};
use crate::corpus::ContentHash;

/// The document a passage is tagged in.
pub struct DocText<'a> {
    /// The document's id.
    pub id: &'a str,
    /// Its text.
    pub text: &'a str,
    /// Its hash.
    pub hash: &'a ContentHash,
}

/// Tags the passage `range` of a document with `code`: adds the code to an annotation of
/// exactly that passage, or makes a new annotation. `None` when the range is empty or outside
/// the text, or the passage already has the code.
pub fn tag(
    annotations: &Annotations,
    doc: &DocText<'_>,
    range: Range<usize>,
    code: Option<CodeId>,
    author: &str,
) -> Option<Transaction> {
    let anchor = Anchor::of(doc.text, range.clone())?;
    let same = annotations
        .in_doc(doc.id)
        .iter()
        .find(|a| a.range() == range);
    if let Some(existing) = same {
        let code = code?;
        if existing.codes.contains(&code) {
            return None;
        }
        let mut after = existing.clone();
        after.codes.push(code);
        after.modified = now();
        return Some(Transaction::one(
            "Tag passage",
            Edit::ReplaceAnnotation {
                before: Box::new(existing.clone()),
                after: Box::new(after),
            },
        ));
    }
    let time = now();
    let annotation = Annotation {
        id: annotations.next_id(),
        doc: doc.id.to_owned(),
        start: range.start,
        end: range.end,
        codes: code.into_iter().collect(),
        quote: anchor.quote,
        prefix: anchor.prefix,
        suffix: anchor.suffix,
        hash: doc.hash.clone(),
        note: String::new(),
        author: author.to_owned(),
        created: time,
        modified: time,
    };
    Some(Transaction::one(
        "Tag passage",
        Edit::InsertAnnotation(annotation),
    ))
}

/// Changes an annotation with `change`; `None` when that changes nothing.
pub fn change(
    before: &Annotation,
    label: &str,
    change: impl FnOnce(&mut Annotation),
) -> Option<Transaction> {
    let mut after = before.clone();
    change(&mut after);
    if after == *before {
        return None;
    }
    after.modified = now();
    Some(Transaction::one(
        label,
        Edit::ReplaceAnnotation {
            before: Box::new(before.clone()),
            after: Box::new(after),
        },
    ))
}

/// Moves an annotation to another passage of its document.
pub fn set_range(
    before: &Annotation,
    doc: &DocText<'_>,
    range: Range<usize>,
) -> Option<Transaction> {
    let anchor = Anchor::of(doc.text, range.clone())?;
    change(before, "Set passage", |a| {
        a.set_anchor(anchor, range, doc.hash.clone())
    })
}

/// Deletes an annotation.
pub fn delete(annotation: &Annotation) -> Transaction {
    Transaction::one(
        "Delete annotation",
        Edit::DeleteAnnotation(annotation.clone()),
    )
}

/// Adds a code (at the end of the list).
pub fn add_code(
    book: &Codebook,
    name: &str,
    parent: Option<CodeId>,
) -> Option<(CodeId, Transaction)> {
    let name = name.trim();
    if name.is_empty() || book.find(name, parent).is_some() {
        return None;
    }
    let code = Code {
        id: book.next_id(),
        name: name.to_owned(),
        colour: book.next_colour(),
        description: String::new(),
        shortcut: None,
        parent,
    };
    Some((
        code.id,
        Transaction::one(
            format!("Add code {name}"),
            Edit::InsertCode {
                at: book.codes.len(),
                code,
            },
        ),
    ))
}

/// Changes a code with `change` (name, colour, description, shortcut, parent); `None` when that
/// changes nothing, or would make the code its own ancestor or give two siblings one name.
pub fn change_code(
    book: &Codebook,
    id: CodeId,
    label: &str,
    change: impl FnOnce(&mut Code),
) -> Option<Transaction> {
    let before = book.get(id)?;
    let mut after = before.clone();
    change(&mut after);
    after.name = after.name.trim().to_owned();
    let clash = book
        .find(&after.name, after.parent)
        .is_some_and(|other| other.id != id);
    if after == *before || after.name.is_empty() || clash || book.would_cycle(id, after.parent) {
        return None;
    }
    Some(Transaction::one(
        label,
        Edit::ReplaceCode {
            before: before.clone(),
            after,
        },
    ))
}

/// The number of annotations tagged with a code.
pub fn count_with(annotations: &Annotations, id: CodeId) -> usize {
    annotations.iter().filter(|a| a.codes.contains(&id)).count()
}

/// Merges code `from` into `into`: `from`'s annotations and document codings get `into`
/// instead, its children move under `into`, and it goes.
pub fn merge_codes(
    book: &Codebook,
    annotations: &Annotations,
    codings: &DocumentCodings,
    from: CodeId,
    into: CodeId,
) -> Option<Transaction> {
    let (from_code, into_code) = (book.get(from)?, book.get(into)?);
    // Not into itself or a code under it (its children would move under their own child).
    if book.ancestry(into).contains(&from) {
        return None;
    }
    let replace = |codes: &mut Vec<CodeId>| {
        for c in codes.iter_mut() {
            if *c == from {
                *c = into;
            }
        }
        let mut seen = Vec::new();
        codes.retain(|c| {
            let first = !seen.contains(c);
            seen.push(*c);
            first
        });
    };
    let mut edits = recode(annotations, codings, from, replace);
    edits.extend(reparent_children(book, from, Some(into)));
    edits.push(Edit::DeleteCode {
        code: from_code.clone(),
        at: book.position(from)?,
    });
    Some(Transaction {
        label: format!("Merge code {} into {}", from_code.name, into_code.name),
        edits,
    })
}

/// Deletes a code: it comes off its annotations (an annotation left with no code and no note
/// goes) and document codings, and its children move up to its parent.
pub fn delete_code(
    book: &Codebook,
    annotations: &Annotations,
    codings: &DocumentCodings,
    id: CodeId,
) -> Option<Transaction> {
    let code = book.get(id)?;
    let mut edits = Vec::new();
    for a in annotations.iter().filter(|a| a.codes.contains(&id)) {
        let mut after = a.clone();
        after.codes.retain(|c| *c != id);
        if after.codes.is_empty() && after.note.trim().is_empty() {
            edits.push(Edit::DeleteAnnotation(a.clone()));
        } else {
            after.modified = now();
            edits.push(Edit::ReplaceAnnotation {
                before: Box::new(a.clone()),
                after: Box::new(after),
            });
        }
    }
    edits.extend(recode_documents(codings, id, |codes| {
        codes.retain(|c| *c != id)
    }));
    edits.extend(reparent_children(book, id, code.parent));
    edits.push(Edit::DeleteCode {
        code: code.clone(),
        at: book.position(id)?,
    });
    Some(Transaction {
        label: format!("Delete code {}", code.name),
        edits,
    })
}

/// Edits that change the codes of every annotation and document coding carrying `id`.
fn recode(
    annotations: &Annotations,
    codings: &DocumentCodings,
    id: CodeId,
    change: impl Fn(&mut Vec<CodeId>),
) -> Vec<Edit> {
    let mut edits: Vec<Edit> = annotations
        .iter()
        .filter(|a| a.codes.contains(&id))
        .map(|a| {
            let mut after = a.clone();
            change(&mut after.codes);
            after.modified = now();
            Edit::ReplaceAnnotation {
                before: Box::new(a.clone()),
                after: Box::new(after),
            }
        })
        .collect();
    edits.extend(recode_documents(codings, id, change));
    edits
}

fn recode_documents(
    codings: &DocumentCodings,
    id: CodeId,
    change: impl Fn(&mut Vec<CodeId>),
) -> Vec<Edit> {
    codings
        .0
        .values()
        .filter(|c| c.codes.contains(&id))
        .map(|c| {
            let mut after = c.clone();
            change(&mut after.codes);
            after.modified = now();
            Edit::SetDocumentCoding {
                doc: c.doc.clone(),
                before: Some(c.clone()),
                after: Some(after),
            }
        })
        .collect()
}

fn reparent_children(book: &Codebook, id: CodeId, parent: Option<CodeId>) -> Vec<Edit> {
    book.codes
        .iter()
        .filter(|c| c.parent == Some(id))
        .map(|c| Edit::ReplaceCode {
            before: c.clone(),
            after: Code {
                parent,
                ..c.clone()
            },
        })
        .collect()
}

/// Sets a document's codes and memo (both empty clears it).
pub fn set_document_coding(
    codings: &DocumentCodings,
    doc: &str,
    codes: Vec<CodeId>,
    memo: String,
    author: &str,
) -> Option<Transaction> {
    let before = codings.0.get(doc).cloned();
    let after = (!codes.is_empty() || !memo.trim().is_empty()).then(|| DocumentCoding {
        doc: doc.to_owned(),
        codes,
        memo,
        author: author.to_owned(),
        modified: now(),
    });
    let same = match (&before, &after) {
        (Some(b), Some(a)) => b.codes == a.codes && b.memo == a.memo,
        (None, None) => true,
        _ => false,
    };
    (!same).then(|| {
        Transaction::one(
            "Document codes and memo",
            Edit::SetDocumentCoding {
                doc: doc.to_owned(),
                before,
                after,
            },
        )
    })
}

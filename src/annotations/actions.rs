//! What a coder does, as transactions built from the current state: tag a passage, change an
//! annotation, and edit the codebook (merging and deleting codes carry their annotations along).
//! Nothing here changes anything; [`super::History::apply`] does.

use std::ops::Range;

use super::codebook::{Code, CodeId, Codebook};
use super::edit::{Edit, Transaction};
use super::ids::NoMoreIds;
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

/// Tags the passage `range` of a document with `code`: adds the code to this author's
/// annotation of exactly that passage, or makes a new annotation (another coder's at the same
/// place stays theirs). `None` when the range is empty or outside
/// the text, or the passage already has the code; an error when no annotation id is free.
pub fn tag(
    annotations: &Annotations,
    doc: &DocText<'_>,
    range: Range<usize>,
    code: Option<CodeId>,
    author: &str,
) -> Result<Option<Transaction>, NoMoreIds> {
    let Some(anchor) = Anchor::of(doc.text, range.clone()) else {
        return Ok(None);
    };
    // Another coder's passage at the same place stays theirs: this coder gets their own.
    let same = annotations
        .in_doc(doc.id)
        .iter()
        .find(|a| a.range() == range && a.author == author);
    if let Some(existing) = same {
        let Some(code) = code else {
            return Ok(None);
        };
        if existing.codes.contains(&code) {
            return Ok(None);
        }
        let mut after = existing.clone();
        after.codes.push(code);
        after.modified = now();
        return Ok(Some(Transaction::one(
            "Tag passage",
            Edit::ReplaceAnnotation {
                before: Box::new(existing.clone()),
                after: Box::new(after),
            },
        )));
    }
    let annotation = new_annotation(
        annotations.next_id()?,
        doc,
        range,
        code.into_iter().collect(),
        anchor,
        author,
        now(),
    );
    Ok(Some(Transaction::one(
        "Tag passage",
        Edit::InsertAnnotation(annotation),
    )))
}

/// A new annotation of a passage, made and last changed at `time`.
fn new_annotation(
    id: super::AnnotationId,
    doc: &DocText<'_>,
    range: Range<usize>,
    codes: Vec<CodeId>,
    anchor: Anchor,
    author: &str,
    time: jiff::Timestamp,
) -> Annotation {
    Annotation {
        id,
        doc: doc.id.to_owned(),
        start: range.start,
        end: range.end,
        codes,
        quote: anchor.quote,
        prefix: anchor.prefix,
        suffix: anchor.suffix,
        hash: doc.hash.clone(),
        note: String::new(),
        author: author.to_owned(),
        created: time,
        modified: time,
        attention: String::new(),
    }
}

/// Tags many passages with one code as one transaction (coding from search hits): a passage
/// inside one of this author's that has the code already is left as it is; one that is
/// exactly an annotation of theirs without the code gains it; the others become new annotations (ids above the largest).
/// Returns the edits and how many passages were left as they were; a passage outside its
/// text is left out too.
pub fn tag_many(
    annotations: &Annotations,
    passages: &[(DocText<'_>, Range<usize>)],
    code: CodeId,
    author: &str,
) -> Result<(Vec<Edit>, usize), NoMoreIds> {
    let mut ids = annotations.free_ids();
    let mut edits = Vec::new();
    let mut left = 0;
    let mut done: std::collections::HashSet<(&str, Range<usize>)> = Default::default();
    let time = now();
    for (doc, range) in passages {
        // Only this coder's passages count: another coder's stay as they are.
        let in_doc: Vec<&Annotation> = annotations
            .in_doc(doc.id)
            .iter()
            .filter(|a| a.author == author)
            .collect();
        let tagged = in_doc
            .iter()
            .any(|a| a.codes.contains(&code) && a.start <= range.start && range.end <= a.end);
        let anchor = Anchor::of(doc.text, range.clone());
        let (false, Some(anchor), true) = (tagged, anchor, done.insert((doc.id, range.clone())))
        else {
            left += 1;
            continue;
        };
        if let Some(existing) = in_doc.iter().find(|a| a.range() == *range) {
            let existing: &Annotation = existing;
            let mut after = existing.clone();
            after.codes.push(code);
            after.modified = time;
            edits.push(Edit::ReplaceAnnotation {
                before: Box::new(existing.clone()),
                after: Box::new(after),
            });
            continue;
        }
        let id = ids
            .next_free(|n| annotations.contains(super::AnnotationId(n)))
            .ok_or(NoMoreIds {
                what: "annotation",
                max: u64::MAX,
            })?;
        edits.push(Edit::InsertAnnotation(new_annotation(
            super::AnnotationId(id),
            doc,
            range.clone(),
            vec![code],
            anchor,
            author,
            time,
        )));
    }
    Ok((edits, left))
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

/// Adds a code (at the end of the list). `None` when the name is empty or a sibling has it;
/// an error when no code id is free.
pub fn add_code(
    book: &Codebook,
    name: &str,
    parent: Option<CodeId>,
) -> Result<Option<(CodeId, Transaction)>, NoMoreIds> {
    let name = name.trim();
    if name.is_empty() || book.find(name, parent).is_some() {
        return Ok(None);
    }
    let code = Code {
        id: book.next_id()?,
        name: name.to_owned(),
        colour: book.next_colour(),
        description: String::new(),
        shortcut: None,
        parent,
        attention: String::new(),
        kind: None,
    };
    Ok(Some((
        code.id,
        Transaction::one(
            format!("Add code {name}"),
            Edit::InsertCode {
                at: book.codes.len(),
                code,
            },
        ),
    )))
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

/// Changes a document's coding (its codes, memo and entities-done mark) with `change`; a
/// coding left with none of them is removed. `None` when nothing changed.
pub fn change_document_coding(
    codings: &DocumentCodings,
    doc: &str,
    author: &str,
    label: &str,
    change: impl FnOnce(&mut DocumentCoding),
) -> Option<Transaction> {
    let before = codings.0.get(doc).cloned();
    let mut after = before.clone().unwrap_or_else(|| DocumentCoding {
        doc: doc.to_owned(),
        codes: Vec::new(),
        memo: String::new(),
        entities_done: false,
        attention: String::new(),
        author: String::new(),
        modified: now(),
    });
    change(&mut after);
    let fields = |c: &DocumentCoding| (c.codes.clone(), c.memo.clone(), c.entities_done);
    if before.as_ref().map(fields) == Some(fields(&after)) || (before.is_none() && after.is_empty())
    {
        return None;
    }
    after.author = author.to_owned();
    after.modified = now();
    after.attention = String::new();
    let after = (!after.is_empty()).then_some(after);
    Some(Transaction::one(
        label,
        Edit::SetDocumentCoding {
            doc: doc.to_owned(),
            before,
            after,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::edit::{Editable, History};
    use crate::annotations::model::DocumentCodings;
    use crate::entities::RegisterEdit;

    #[derive(Clone, Debug, Default, PartialEq)]
    struct Project {
        book: Codebook,
        annotations: Annotations,
        codings: DocumentCodings,
        register: Vec<RegisterEdit>,
        attributes: crate::annotations::DocumentAttributes,
    }

    impl Editable for Project {
        fn codebook_mut(&mut self) -> &mut Codebook {
            &mut self.book
        }
        fn annotations_mut(&mut self) -> &mut Annotations {
            &mut self.annotations
        }
        fn document_codings_mut(&mut self) -> &mut DocumentCodings {
            &mut self.codings
        }
        fn register_edits_mut(&mut self) -> &mut Vec<RegisterEdit> {
            &mut self.register
        }
        fn attributes_mut(&mut self) -> &mut crate::annotations::DocumentAttributes {
            &mut self.attributes
        }
    }

    const TEXT: &str = "قال الرئيس توكاييف إن قوات حفظ السلام وصلت إلى ألماتا";

    fn doc() -> (ContentHash, String) {
        (ContentHash::of(TEXT), "a.txt".to_owned())
    }

    fn add(p: &mut Project, h: &mut History, name: &str, parent: Option<CodeId>) -> CodeId {
        let (id, t) = add_code(&p.book, name, parent).unwrap().unwrap();
        h.apply(p, t).unwrap();
        id
    }

    fn tag_at(p: &mut Project, h: &mut History, range: Range<usize>, code: CodeId) {
        let (hash, id) = doc();
        let text = DocText {
            id: &id,
            text: TEXT,
            hash: &hash,
        };
        let t = tag(&p.annotations, &text, range, Some(code), "t")
            .unwrap()
            .unwrap();
        h.apply(p, t).unwrap();
    }

    #[test]
    fn tagging_again_adds_a_code_and_undo_redo_step_through() {
        let (mut p, mut h) = (Project::default(), History::default());
        let a = add(&mut p, &mut h, "أ", None);
        let b = add(&mut p, &mut h, "ب", None);
        tag_at(&mut p, &mut h, 11..18, a);
        let one = p.clone();
        tag_at(&mut p, &mut h, 11..18, b);
        let list: Vec<_> = p.annotations.iter().collect();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].codes, [a, b]);
        assert_eq!(list[0].quote, "توكاييف");
        let two = p.clone();
        h.undo(&mut p).unwrap();
        assert_eq!(p, one);
        h.undo(&mut p).unwrap();
        assert!(p.annotations.is_empty());
        h.redo(&mut p).unwrap();
        h.redo(&mut p).unwrap();
        assert_eq!(p, two);
        assert_eq!(h.redo(&mut p).unwrap(), None);
    }

    #[test]
    fn another_coders_passage_at_the_same_place_stays_theirs() {
        let (mut p, mut h) = (Project::default(), History::default());
        let a = add(&mut p, &mut h, "أ", None);
        let b = add(&mut p, &mut h, "ب", None);
        tag_at(&mut p, &mut h, 11..18, a);
        let (hash, id) = doc();
        let text = DocText {
            id: &id,
            text: TEXT,
            hash: &hash,
        };
        let t = tag(&p.annotations, &text, 11..18, Some(b), "other")
            .unwrap()
            .unwrap();
        h.apply(&mut p, t).unwrap();
        let list: Vec<(&str, &[CodeId])> = p
            .annotations
            .iter()
            .map(|x| (x.author.as_str(), x.codes.as_slice()))
            .collect();
        assert_eq!(list, [("t", &[a][..]), ("other", &[b][..])]);
        // Coding from hits: the other coder's passage with the code does not count as theirs.
        let (edits, left) = tag_many(&p.annotations, &[(text, 11..18)], a, "other").unwrap();
        assert_eq!(left, 0);
        assert!(
            matches!(&edits[..], [Edit::ReplaceAnnotation { after, .. }] if after.author == "other" && after.codes == [b, a])
        );
    }

    #[test]
    fn merging_moves_annotations_and_children_and_undo_restores_all() {
        let (mut p, mut h) = (Project::default(), History::default());
        let from = add(&mut p, &mut h, "from", None);
        let into = add(&mut p, &mut h, "into", None);
        let child = add(&mut p, &mut h, "child", Some(from));
        tag_at(&mut p, &mut h, 0..3, from);
        tag_at(&mut p, &mut h, 0..3, into);
        tag_at(&mut p, &mut h, 23..38, from);
        let before = p.clone();
        let t = merge_codes(&p.book, &p.annotations, &p.codings, from, into).unwrap();
        h.apply(&mut p, t).unwrap();
        assert!(p.book.get(from).is_none());
        assert_eq!(p.book.get(child).unwrap().parent, Some(into));
        for a in p.annotations.iter() {
            assert_eq!(a.codes, [into], "{}", a.quote);
        }
        assert!(merge_codes(&p.book, &p.annotations, &p.codings, into, child).is_none());
        h.undo(&mut p).unwrap();
        assert_eq!(p, before);
    }

    #[test]
    fn deleting_a_code_drops_bare_annotations_keeps_noted_ones_and_undoes() {
        let (mut p, mut h) = (Project::default(), History::default());
        let gone = add(&mut p, &mut h, "gone", None);
        let sub = add(&mut p, &mut h, "sub", Some(gone));
        tag_at(&mut p, &mut h, 0..3, gone);
        tag_at(&mut p, &mut h, 23..38, gone);
        let noted = p.annotations.iter().last().unwrap().clone();
        let t = change(&noted, "note", |a| a.note = "مهم".into()).unwrap();
        h.apply(&mut p, t).unwrap();
        let before = p.clone();
        assert_eq!(count_with(&p.annotations, gone), 2);
        let t = delete_code(&p.book, &p.annotations, &p.codings, gone).unwrap();
        h.apply(&mut p, t).unwrap();
        let left: Vec<_> = p.annotations.iter().collect();
        assert_eq!(left.len(), 1);
        assert_eq!((left[0].note.as_str(), left[0].codes.len()), ("مهم", 0));
        assert_eq!(p.book.get(sub).unwrap().parent, None);
        h.undo(&mut p).unwrap();
        assert_eq!(p, before);
    }

    #[test]
    fn codes_cannot_clash_or_loop() {
        let (mut p, mut h) = (Project::default(), History::default());
        let a = add(&mut p, &mut h, "a", None);
        let b = add(&mut p, &mut h, "b", Some(a));
        assert!(add_code(&p.book, "a", None).unwrap().is_none());
        assert!(add_code(&p.book, "a", Some(a)).unwrap().is_some());
        assert!(change_code(&p.book, a, "move", |c| c.parent = Some(b)).is_none());
        assert!(change_code(&p.book, b, "rename", |c| c.name = " ".into()).is_none());
        assert!(change_code(&p.book, b, "same", |_| {}).is_none());
    }
}

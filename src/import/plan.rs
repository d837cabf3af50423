//! Planning an import: passages checked against the project's documents and codebook and
//! turned into one [`Transaction`] (codes made, annotations added), or every bad line. Codes
//! that do not exist yet are made; one bad line and nothing is planned.

use std::collections::HashMap;

use super::jsonl::jsonl_passages;
use super::{LineError, Passage};
use crate::annotations::codebook::{CodeNameError, check_code_name, next_code_id, split_path};
use crate::annotations::model::now;
use crate::annotations::{
    Anchor, Annotation, AnnotationId, Annotations, Code, CodeId, Codebook, Colour, Edit, FreeIds,
    NoMoreIds, Transaction,
};
use crate::corpus::ContentHash;

/// A document as the import needs it.
pub struct ImportDoc {
    /// Its text.
    pub text: String,
    /// Its hash.
    pub hash: ContentHash,
}

/// What an import adds.
pub struct Plan {
    /// The edits, as one transaction.
    pub transaction: Transaction,
    /// Annotations it adds.
    pub annotations: usize,
    /// Codes it makes.
    pub new_codes: usize,
    /// Lines already in the project, left out.
    pub duplicates: usize,
}

/// Reads JSON lines and plans adding them (see [`plan_passages`]).
pub fn plan(
    jsonl: &str,
    book: &Codebook,
    annotations: &Annotations,
    doc_text: impl FnMut(&str) -> Result<ImportDoc, String>,
    default_author: &str,
) -> Result<Plan, Vec<LineError>> {
    let (passages, mut errors) = jsonl_passages(jsonl);
    let planned = plan_passages(passages, book, annotations, doc_text, default_author);
    match planned {
        Ok(plan) if errors.is_empty() => Ok(plan),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.extend(more);
            errors.sort_by_key(|e| e.line);
            Err(errors)
        }
    }
}

/// Plans adding passages: `doc_text` gives a document's text by id (an error message for a
/// document not in the corpus, or unreadable). Passages with a range outside the text, about
/// unknown documents or with ambiguous code names are errors, and so are doubtful ones
/// ([`Passage::doubts`]: a text that is not the document's, a code name with a control
/// character …) until a lenient read settles them; one error and nothing is planned.
pub fn plan_passages(
    passages: Vec<Passage>,
    book: &Codebook,
    annotations: &Annotations,
    mut doc_text: impl FnMut(&str) -> Result<ImportDoc, String>,
    default_author: &str,
) -> Result<Plan, Vec<LineError>> {
    let mut errors = Vec::new();
    let mut docs: HashMap<String, Result<ImportDoc, String>> = HashMap::new();
    let mut new_codes: Vec<Code> = Vec::new();
    // New ids: above the largest taken, then (at the maximum) the smallest free.
    let mut code_ids = book.free_ids();
    let mut annotation_ids = annotations.free_ids();
    let mut added: Vec<Annotation> = Vec::new();
    let mut duplicates = 0;
    // Where each passage (document, range, note, author) is in `added`.
    let mut seen: HashMap<(String, usize, usize, String, String), usize> = HashMap::new();
    // Each document's text as code points, for the doubts.
    let mut chars: HashMap<String, Vec<char>> = HashMap::new();
    let time = now();
    for line in passages {
        let fail = |message: String| LineError {
            file: line.file.clone(),
            line: line.line,
            message,
        };
        let names: Vec<&str> = line.codes.iter().map(|n| n.trim()).collect();
        let empty = |n: &&str| {
            split_path(n)
                .iter()
                .any(|s| check_code_name(s) == Err(CodeNameError::Empty))
        };
        if names.iter().any(empty) {
            errors.push(fail("an empty code name".into()));
            continue;
        }
        let doc = docs
            .entry(line.doc.clone())
            .or_insert_with(|| doc_text(&line.doc));
        let doc = match doc {
            Ok(doc) => doc,
            Err(why) => {
                errors.push(fail(format!("document {}: {why}", line.doc)));
                continue;
            }
        };
        let doc_chars = chars
            .entry(line.doc.clone())
            .or_insert_with(|| doc.text.chars().collect());
        let doubts = line.doubts(doc_chars);
        if !doubts.is_empty() {
            let file = line.file.as_deref();
            errors.extend(doubts.iter().map(|d| d.refused(file, line.line)));
            continue;
        }
        let Some(anchor) = Anchor::of(&doc.text, line.start..line.end) else {
            errors.push(fail(format!(
                "range {}..{} is empty or outside document {} ({} code points)",
                line.start,
                line.end,
                line.doc,
                doc.text.chars().count()
            )));
            continue;
        };
        let mut codes = Vec::new();
        let mut ambiguous = None;
        for name in names {
            let code = match find_code(book, &new_codes, name) {
                Ok(Some(id)) => id,
                Err(paths) => {
                    ambiguous = Some(format!(
                        "the code name {name:?} is ambiguous ({}): give its path",
                        paths.join(", ")
                    ));
                    break;
                }
                Ok(None) => match make_path(book, &mut new_codes, &mut code_ids, name) {
                    Ok(id) => id,
                    Err(no_more) => {
                        ambiguous = Some(no_more.to_string());
                        break;
                    }
                },
            };
            if !codes.contains(&code) {
                codes.push(code);
            }
        }
        if let Some(message) = ambiguous {
            errors.push(fail(message));
            continue;
        }
        let note = line.note.clone();
        let author = line
            .author
            .clone()
            .unwrap_or_else(|| default_author.to_owned());
        // Already in the project (the same file imported again): not added twice.
        let same_codes = |other: &[CodeId]| {
            other.len() == codes.len() && codes.iter().all(|c| other.contains(c))
        };
        let known = annotations.in_doc(&line.doc).iter().any(|a| {
            a.start == line.start && a.end == line.end && a.note == note && same_codes(&a.codes)
        });
        if known {
            duplicates += 1;
            continue;
        }
        // The same passage, note and author on another line: one annotation, both codes.
        let key = (
            line.doc.clone(),
            line.start,
            line.end,
            note.clone(),
            author.clone(),
        );
        if let Some(same) = seen.get(&key).map(|i| &mut added[*i]) {
            for code in codes {
                if !same.codes.contains(&code) {
                    same.codes.push(code);
                }
            }
            continue;
        }
        let Some(id) = annotation_ids.next_free(|n| annotations.contains(AnnotationId(n))) else {
            errors.push(fail(
                NoMoreIds {
                    what: "annotation",
                    max: u64::MAX,
                }
                .to_string(),
            ));
            continue;
        };
        seen.insert(key, added.len());
        added.push(Annotation {
            id: AnnotationId(id),
            doc: line.doc,
            start: line.start,
            end: line.end,
            codes,
            quote: anchor.quote,
            prefix: anchor.prefix,
            suffix: anchor.suffix,
            hash: doc.hash.clone(),
            note,
            author,
            created: line.created.unwrap_or(time),
            modified: line.modified.or(line.created).unwrap_or(time),
            attention: String::new(),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let (count, codes) = (added.len(), new_codes.len());
    let mut edits: Vec<Edit> = new_codes
        .into_iter()
        .enumerate()
        .map(|(i, code)| Edit::InsertCode {
            code,
            at: book.codes.len() + i,
        })
        .collect();
    edits.extend(added.into_iter().map(Edit::InsertAnnotation));
    Ok(Plan {
        transaction: Transaction {
            label: format!("Import {count} annotations"),
            edits,
        },
        annotations: count,
        new_codes: codes,
        duplicates,
    })
}

/// Makes the codes along a path (`parent/child`) that neither the codebook nor this import
/// has yet; the id of the last (an error when no code id is free).
fn make_path(
    book: &Codebook,
    new_codes: &mut Vec<Code>,
    code_ids: &mut FreeIds,
    path: &str,
) -> Result<CodeId, NoMoreIds> {
    let mut parent: Option<CodeId> = None;
    for segment in split_path(path) {
        let segment = segment.trim().to_owned();
        let existing = book
            .find(&segment, parent)
            .or_else(|| {
                new_codes
                    .iter()
                    .find(|c| c.name == segment && c.parent == parent)
            })
            .map(|c| c.id);
        let id = match existing {
            Some(id) => id,
            None => {
                let id = next_code_id(code_ids, |id| book.get(id).is_some())?;
                new_codes.push(Code {
                    id,
                    name: segment,
                    colour: Colour::PALETTE
                        [(book.codes.len() + new_codes.len()) % Colour::PALETTE.len()],
                    description: String::new(),
                    shortcut: None,
                    parent,
                    attention: String::new(),
                    kind: None,
                });
                id
            }
        };
        parent = Some(id);
    }
    // A path has at least one name (an empty one for an empty path, made like any other).
    match parent {
        Some(id) => Ok(id),
        None => next_code_id(code_ids, |id| book.get(id).is_some()),
    }
}

/// A code by name: an existing one (a top-level code first, then the one code of that name,
/// then a `parent/child` path), or one this import makes. Several codes of that name under
/// different parents: their paths, as an error.
fn find_code(
    book: &Codebook,
    new_codes: &[Code],
    name: &str,
) -> Result<Option<CodeId>, Vec<String>> {
    if let Some(code) = book.find(name, None) {
        return Ok(Some(code.id));
    }
    let named: Vec<&Code> = book.codes.iter().filter(|c| c.name == name).collect();
    match named.as_slice() {
        [one] => return Ok(Some(one.id)),
        [] => {}
        many => return Err(many.iter().map(|c| book.path(c.id)).collect()),
    }
    if let Some(code) = book.find_path(name) {
        return Ok(Some(code.id));
    }
    // One made by this import: by name at the top, or by path.
    let mut parent = None;
    for segment in split_path(name) {
        let found = new_codes
            .iter()
            .find(|c| c.name == segment.trim() && c.parent == parent)
            .or_else(|| book.find(segment.trim(), parent));
        match found {
            Some(c) => parent = Some(c.id),
            None => return Ok(None),
        }
    }
    Ok(parent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str) -> Result<ImportDoc, String> {
        match id {
            "a.txt" => Ok(ImportDoc {
                text: "قال الرئيس توكاييف في ألماتا".into(),
                hash: ContentHash::of("x"),
            }),
            _ => Err("not in the corpus".into()),
        }
    }

    #[test]
    fn lines_become_annotations_and_codes_are_made_once() {
        let jsonl = concat!(
            r#"{"doc": "a.txt", "start": 11, "end": 18, "type": "PER"}"#,
            "\n\n",
            r#"{"doc": "a.txt", "start": 22, "end": 28, "code": "LOC", "note": "مدينة", "author": "sara"}"#,
            "\n",
            r#"{"doc": "a.txt", "start": 11, "end": 18, "code": "actor"}"#,
            "\n"
        );
        let plan = plan(
            jsonl,
            &Codebook::default(),
            &Annotations::default(),
            doc,
            "me",
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((plan.annotations, plan.new_codes), (2, 3));
        let added: Vec<&Annotation> = plan
            .transaction
            .edits
            .iter()
            .filter_map(|e| match e {
                Edit::InsertAnnotation(a) => Some(a),
                _ => None,
            })
            .collect();
        assert_eq!(added[0].quote, "توكاييف");
        assert_eq!(added[0].codes.len(), 2);
        assert_eq!(added[0].author, "me");
        assert_eq!(
            (added[1].quote.as_str(), added[1].note.as_str()),
            ("ألماتا", "مدينة")
        );
        assert_eq!(added[1].author, "sara");
    }

    #[test]
    fn bad_lines_are_reported_by_number_and_nothing_is_planned() {
        let jsonl = concat!(
            r#"{"doc": "a.txt", "start": 11, "end": 18, "type": "PER"}"#,
            "\n",
            r#"{"doc": "a.txt", "start": 11, "end": 99, "type": "PER"}"#,
            "\n",
            r#"{"doc": "b.txt", "start": 1, "end": 2, "type": "PER"}"#,
            "\n",
            r#"{"doc": "a.txt", "start": 1}"#,
            "\n",
            r#"{"doc": "a.txt", "start": 1, "end": 2}"#,
            "\n"
        );
        let errors = plan(
            jsonl,
            &Codebook::default(),
            &Annotations::default(),
            doc,
            "me",
        )
        .err()
        .unwrap();
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 4, 5]);
        assert!(errors[1].message.contains("b.txt"), "{}", errors[1]);
    }
}

//! What can be wrong in a project file edited by hand (or by another program), found on load
//! and after every change, and what qari does about each.
//!
//! Two kinds of problem:
//!
//! - **Repaired on load, losing nothing** ([`repair_project`], [`unique_annotation_ids`],
//!   which [`crate::project::format::from_ron`] runs on every project it reads). A broken code
//!   tree would hide codes (a cycle hid PER and ORG with all their passages), and two items
//!   with one id cannot both be addressed, so these are put right in memory and flagged
//!   (`attention`, shown under "needs attention" until marked as looked at); the next save
//!   writes the repaired, flagged version (the previous file is kept as `.bak`):
//!   - a code whose parent is not in the codebook is moved to the top level;
//!   - a cycle in the code tree is cut at the code of the cycle listed first, which moves to
//!     the top level (the others stay under it, so the tree keeps as much of its shape as it
//!     can);
//!   - of two codes with one id, the one listed first keeps it, with everything tagged with
//!     that id (passages, document codes, sub-codes); the later one gets a new id, unused, and
//!     is flagged saying so (it starts with no passages: the file cannot say which were meant
//!     for it);
//!   - of two annotations with one id, the one listed first keeps it and the later one gets a
//!     new id, flagged.
//! - **Reported, never repaired** ([`validate`], [`annotation_problems`]): an annotation whose
//!   range is backwards, empty or past the end of its document's text, or that is tagged with a
//!   code not in the codebook, and a document coding naming such a code. Offsets and ids are
//!   kept as they are (the person who edited the file knows what was meant; qari does not),
//!   the annotation is listed under "needs attention" and `qari check`, and exports leave it
//!   out ([`crate::project::Workspace::unexportable`]). Also a code whose name qari would
//!   refuse (a control character such as ESC or BEL, a bidi override U+202E, U+0085, or
//!   nothing visible: [`crate::annotations::codebook::check_code_name`]): listed, not renamed.
//!
//! This module does not read files or know about the GUI.

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::annotations::codebook::{check_code_name, next_code_id};
use crate::annotations::{Annotation, AnnotationId, Annotations, CodeId, Codebook, FreeIds};
use crate::corpus::Corpus;
use crate::project::ProjectFile;

/// Something wrong in a project: what and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The annotation ends past the end of its document's text.
    PastTheEnd {
        /// The annotation.
        id: AnnotationId,
        /// Its document.
        doc: String,
        /// Its end (code points).
        end: usize,
        /// The document's length now (code points).
        len: usize,
    },
    /// The annotation starts after its end.
    Backwards {
        /// The annotation.
        id: AnnotationId,
        /// Its document.
        doc: String,
        /// Its start (code points).
        start: usize,
        /// Its end (code points).
        end: usize,
    },
    /// The annotation starts where it ends: it holds no text.
    Empty {
        /// The annotation.
        id: AnnotationId,
        /// Its document.
        doc: String,
        /// Its start and end (code points).
        at: usize,
    },
    /// The annotation is tagged with a code the codebook does not have.
    MissingCode {
        /// The annotation.
        id: AnnotationId,
        /// Its document.
        doc: String,
        /// The missing code.
        code: CodeId,
    },
    /// A document's codes name a code the codebook does not have.
    CodingMissingCode {
        /// The document.
        doc: String,
        /// The missing code.
        code: CodeId,
    },
    /// A code sits under a code the codebook does not have.
    ParentMissing {
        /// The code.
        code: CodeId,
        /// Its name.
        name: String,
        /// The missing parent.
        parent: CodeId,
    },
    /// A code is its own ancestor.
    Cycle {
        /// The code whose parent closes the cycle.
        code: CodeId,
        /// The cycle's names, from this code up to itself again: "PER under ORG under PER".
        names: String,
    },
    /// Two codes have one id.
    DuplicateCodeId {
        /// The id.
        id: CodeId,
        /// The later code's name.
        name: String,
        /// The name of the code listed first with the id.
        first: String,
    },
    /// A sub-code sat under an id two codes had: it stays under the one listed first.
    AmbiguousParent {
        /// The sub-code.
        code: CodeId,
        /// Its name.
        name: String,
        /// The id its parent had.
        parent: CodeId,
        /// The names of the codes that had that id, the one kept first.
        had: Vec<String>,
    },
    /// An annotation was tagged with an id two codes had: it stays with the one listed first.
    AmbiguousCode {
        /// The annotation.
        id: AnnotationId,
        /// Its document.
        doc: String,
        /// The code id.
        code: CodeId,
        /// The names of the codes that had that id, the one kept first.
        had: Vec<String>,
    },
    /// A document's codes named an id two codes had: it stays with the one listed first.
    CodingAmbiguousCode {
        /// The document.
        doc: String,
        /// The code id.
        code: CodeId,
        /// The names of the codes that had that id, the one kept first.
        had: Vec<String>,
    },
    /// A code's name cannot be a code name (it holds a control character or a bidi override,
    /// or shows nothing): reported, never renamed.
    BadName {
        /// The code.
        code: CodeId,
        /// Why ([`crate::annotations::codebook::check_code_name`]'s error).
        why: String,
    },
    /// Two annotations have one id.
    DuplicateAnnotationId {
        /// The id.
        id: AnnotationId,
        /// The later annotation's document.
        doc: String,
    },
}

impl Problem {
    /// The annotation the problem is about, if it is about one.
    pub fn annotation(&self) -> Option<AnnotationId> {
        match self {
            Self::PastTheEnd { id, .. }
            | Self::Backwards { id, .. }
            | Self::Empty { id, .. }
            | Self::MissingCode { id, .. }
            | Self::AmbiguousCode { id, .. }
            | Self::DuplicateAnnotationId { id, .. } => Some(*id),
            _ => None,
        }
    }

    /// The code the problem is about, if it is about one (as it is now: a code given a new id
    /// is named by its old one).
    pub fn code(&self) -> Option<CodeId> {
        match self {
            Self::ParentMissing { code, .. }
            | Self::Cycle { code, .. }
            | Self::AmbiguousParent { code, .. }
            | Self::BadName { code, .. } => Some(*code),
            Self::DuplicateCodeId { id, .. } => Some(*id),
            _ => None,
        }
    }

    /// Whether an annotation with this problem must be left out of exports (its passage or
    /// its code cannot be written as it is).
    pub fn excludes_from_export(&self) -> bool {
        matches!(
            self,
            Self::PastTheEnd { .. }
                | Self::Backwards { .. }
                | Self::Empty { .. }
                | Self::MissingCode { .. }
        )
    }

    /// What is wrong, without saying which item (for a list that names it already): "ends at
    /// 900, past the end of its document (612 characters)".
    pub fn what(&self) -> String {
        match self {
            Self::PastTheEnd { end, len, .. } => {
                format!("ends at {end}, past the end of its document ({len} characters)")
            }
            Self::Backwards { start, end, .. } => format!("starts at {start}, after its end {end}"),
            Self::Empty { at, .. } => format!("is empty (starts and ends at {at})"),
            Self::MissingCode { code, .. } => {
                format!(
                    "is tagged with code {}, which is not in the codebook",
                    code.0
                )
            }
            Self::CodingMissingCode { code, .. } => {
                format!("names code {}, which is not in the codebook", code.0)
            }
            Self::ParentMissing { parent, .. } => {
                format!("sat under code {}, which is not in the codebook", parent.0)
            }
            Self::Cycle { names, .. } => format!("sat in a cycle of the code tree ({names})"),
            Self::DuplicateCodeId { id, first, .. } => {
                format!("had the id {} of the code “{first}” listed before it", id.0)
            }
            Self::DuplicateAnnotationId { id, .. } => {
                format!("had the id {} of an annotation listed before it", id.0)
            }
            Self::BadName { why, .. } => format!("has a name qari refuses for a code ({why})"),
            Self::AmbiguousParent { parent, had, .. } => format!(
                "sat under code id {}, which {}; kept under “{}”",
                parent.0,
                both_had(had),
                had.first().map_or("", String::as_str)
            ),
            Self::AmbiguousCode { code, had, .. } | Self::CodingAmbiguousCode { code, had, .. } => {
                format!(
                    "tagged with code id {}, which {}; kept with “{}”",
                    code.0,
                    both_had(had),
                    had.first().map_or("", String::as_str)
                )
            }
        }
    }
}

/// "“A” and “B” both had", "“A”, “B” and “C” all had".
fn both_had(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("“{n}”")).collect();
    match quoted.split_last() {
        Some((last, rest)) if rest.len() == 1 => format!("{} and {last} both had", rest[0]),
        Some((last, rest)) if !rest.is_empty() => {
            format!("{} and {last} all had", rest.join(", "))
        }
        _ => format!("{} had", quoted.join("")),
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = self.what();
        match self {
            Self::PastTheEnd { id, doc, .. }
            | Self::Backwards { id, doc, .. }
            | Self::Empty { id, doc, .. }
            | Self::MissingCode { id, doc, .. }
            | Self::AmbiguousCode { id, doc, .. }
            | Self::DuplicateAnnotationId { id, doc, .. } => {
                write!(f, "annotation #{} {what}: {doc}", id.0)
            }
            Self::CodingMissingCode { doc, .. } | Self::CodingAmbiguousCode { doc, .. } => {
                write!(f, "the document's codes {what}: {doc}")
            }
            Self::ParentMissing { code, name, .. } | Self::AmbiguousParent { code, name, .. } => {
                write!(f, "code “{name}” (id {}) {what}", code.0)
            }
            Self::Cycle { code, .. } | Self::BadName { code, .. } => {
                write!(f, "code {} {what}", code.0)
            }
            Self::DuplicateCodeId { name, .. } => write!(f, "code “{name}” {what}"),
        }
    }
}

/// Everything [`validate`] finds wrong in a project against its corpus: annotations' ranges
/// and codes, document codings' codes, and the code tree (which [`repair_codebook`] has put
/// right in a project read from a file). In project order: annotations document by document,
/// then document codings, then codes.
pub fn validate(project: &ProjectFile, corpus: &Corpus) -> Vec<Problem> {
    let codes: HashSet<CodeId> = project.codebook.codes.iter().map(|c| c.id).collect();
    let mut problems: Vec<Problem> = project
        .annotations
        .iter()
        .flat_map(|a| problems_of(a, |code| codes.contains(&code), corpus))
        .collect();
    for coding in project.document_codings.0.values() {
        problems.extend(
            coding
                .codes
                .iter()
                .filter(|code| !codes.contains(code))
                .map(|&code| Problem::CodingMissingCode {
                    doc: coding.doc.clone(),
                    code,
                }),
        );
    }
    let mut tree = project.codebook.clone();
    problems.extend(repair_codebook(&mut tree));
    problems.extend(project.codebook.codes.iter().filter_map(|c| {
        check_code_name(&c.name).err().map(|err| Problem::BadName {
            code: c.id,
            why: err.to_string(),
        })
    }));
    problems
}

/// What is wrong with one annotation of a project (see [`validate`]).
pub fn annotation_problems(a: &Annotation, project: &ProjectFile, corpus: &Corpus) -> Vec<Problem> {
    problems_of(a, |code| project.codebook.get(code).is_some(), corpus)
}

/// An annotation's problems, given which codes the codebook has (see [`validate`]).
pub(crate) fn problems_of(
    a: &Annotation,
    has_code: impl Fn(CodeId) -> bool,
    corpus: &Corpus,
) -> Vec<Problem> {
    let mut out = Vec::new();
    let (id, doc) = (a.id, &a.doc);
    if a.start > a.end {
        out.push(Problem::Backwards {
            id,
            doc: doc.clone(),
            start: a.start,
            end: a.end,
        });
    } else if a.start == a.end {
        out.push(Problem::Empty {
            id,
            doc: doc.clone(),
            at: a.start,
        });
    }
    // Checked against the text the offsets were made for, when that is the text now (same
    // hash): offsets into an earlier text are the re-anchoring's business, and such an
    // annotation already needs attention as not found in the changed text.
    if let Some(info) = corpus.document(&a.doc)
        && info.hash == a.hash
        && a.start.max(a.end) > info.char_len
    {
        out.push(Problem::PastTheEnd {
            id,
            doc: doc.clone(),
            end: a.start.max(a.end),
            len: info.char_len,
        });
    }
    out.extend(
        a.codes
            .iter()
            .filter(|&&code| !has_code(code))
            .map(|&code| Problem::MissingCode {
                id,
                doc: doc.clone(),
                code,
            }),
    );
    out
}

/// Puts the code tree right, losing no code (see the module doc): later codes with a taken
/// id get new ids, codes under a missing parent and one code of each cycle move to the top
/// level. Each code changed is flagged (`attention`) saying what was wrong and what was done.
/// Returns the problems found, in the order repaired.
pub fn repair_codebook(book: &mut Codebook) -> Vec<Problem> {
    repair_codebook_ids(book).0
}

/// [`repair_codebook`], and the names of the codes that had each id taken twice (the one kept
/// first).
fn repair_codebook_ids(book: &mut Codebook) -> (Vec<Problem>, HashMap<CodeId, Vec<String>>) {
    let mut problems = Vec::new();
    // Two codes with one id: the later gets a new one (free: above the largest, or at the
    // maximum the smallest free; never an id another code has).
    let taken: HashSet<CodeId> = book.codes.iter().map(|c| c.id).collect();
    let mut fresh = book.free_ids();
    // The names of the codes that had each id taken twice, the one kept first.
    let mut had: HashMap<CodeId, Vec<String>> = HashMap::new();
    for code in &mut book.codes {
        let names = had.entry(code.id).or_default();
        if let Some(first) = names.first().cloned() {
            names.push(code.name.clone());
            let problem = Problem::DuplicateCodeId {
                id: code.id,
                name: code.name.clone(),
                first: first.clone(),
            };
            // Every id taken (2^32 codes) cannot be read from a file: kept as it is then.
            let Ok(new) = next_code_id(&mut fresh, |id| taken.contains(&id)) else {
                continue;
            };
            let done = format!(
                "given the id {}; what was tagged {} stays with “{first}”",
                new.0, code.id.0
            );
            flag(&mut code.attention, &problem.what(), &done);
            code.id = new;
            problems.push(problem);
        } else {
            names.push(code.name.clone());
        }
    }
    had.retain(|_, names| names.len() > 1);
    // Sub-codes of an id taken twice stay under the code listed first: flagged.
    for code in &mut book.codes {
        if let Some(parent) = code.parent
            && let Some(names) = had.get(&parent)
        {
            let problem = Problem::AmbiguousParent {
                code: code.id,
                name: code.name.clone(),
                parent,
                had: names.clone(),
            };
            flag(&mut code.attention, &problem.what(), "look which was meant");
            problems.push(problem);
        }
    }
    // A parent not in the codebook: to the top level.
    let index: HashMap<CodeId, usize> = book
        .codes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i))
        .collect();
    for code in &mut book.codes {
        if let Some(parent) = code.parent
            && !index.contains_key(&parent)
        {
            let problem = Problem::ParentMissing {
                code: code.id,
                name: code.name.clone(),
                parent,
            };
            flag(
                &mut code.attention,
                &problem.what(),
                "moved to the top level",
            );
            code.parent = None;
            problems.push(problem);
        }
    }
    // Cycles: cut each at its code listed first.
    let parent_of = |book: &Codebook, i: usize| -> Option<usize> {
        book.codes[i].parent.and_then(|p| index.get(&p).copied())
    };
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Unseen,
        OnPath,
        Done,
    }
    let mut state = vec![State::Unseen; book.codes.len()];
    for start in 0..book.codes.len() {
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            if state[i] != State::Unseen {
                break;
            }
            state[i] = State::OnPath;
            path.push(i);
            at = parent_of(book, i);
        }
        if let Some(i) = at
            && state[i] == State::OnPath
            && let Some(from) = path.iter().position(|&p| p == i)
        {
            let cycle = &path[from..];
            let cut = cycle.iter().copied().min().unwrap_or(i);
            // The names from the code cut, up its (old) ancestry, back to itself.
            let mut names = vec![book.codes[cut].name.clone()];
            let mut up = parent_of(book, cut);
            while let Some(p) = up
                && names.len() <= cycle.len()
            {
                names.push(book.codes[p].name.clone());
                if p == cut {
                    break;
                }
                up = parent_of(book, p);
            }
            let code = &mut book.codes[cut];
            let problem = Problem::Cycle {
                code: code.id,
                names: names.join(" under "),
            };
            flag(
                &mut code.attention,
                &problem.what(),
                "moved to the top level",
            );
            code.parent = None;
            problems.push(problem);
        }
        for i in path {
            state[i] = State::Done;
        }
    }
    (problems, had)
}

/// Puts right what [`repair_codebook`] puts right, and flags the annotations and document
/// codings tagged with an id two codes had (they stay with the code listed first, which may
/// not be the one meant). Returns the problems found and repaired.
pub fn repair_project(project: &mut ProjectFile) -> Vec<Problem> {
    let (mut problems, had) = repair_codebook_ids(&mut project.codebook);
    if had.is_empty() {
        return problems;
    }
    let ambiguous = |codes: &[CodeId]| -> Vec<(CodeId, Vec<String>)> {
        codes
            .iter()
            .filter_map(|c| had.get(c).map(|names| (*c, names.clone())))
            .collect()
    };
    let tagged: Vec<AnnotationId> = project
        .annotations
        .iter()
        .filter(|a| !ambiguous(&a.codes).is_empty())
        .map(|a| a.id)
        .collect();
    for id in tagged {
        let Some(mut a) = project.annotations.remove(id) else {
            continue;
        };
        for (code, names) in ambiguous(&a.codes) {
            let problem = Problem::AmbiguousCode {
                id,
                doc: a.doc.clone(),
                code,
                had: names,
            };
            flag(&mut a.attention, &problem.what(), "look which was meant");
            problems.push(problem);
        }
        // The id was just freed.
        let _ = project.annotations.insert(a);
    }
    project.document_codings.for_each_mut(|coding| {
        for (code, names) in ambiguous(&coding.codes) {
            let problem = Problem::CodingAmbiguousCode {
                doc: coding.doc.clone(),
                code,
                had: names,
            };
            flag(
                &mut coding.attention,
                &problem.what(),
                "look which was meant",
            );
            problems.push(problem);
        }
    });
    problems
}

/// Adds why an item was changed to its attention note (keeping what a merge wrote there).
fn flag(attention: &mut String, what: &str, done: &str) {
    if !attention.is_empty() {
        attention.push_str("; ");
    }
    attention.push_str(&format!("{what}: {done}"));
}

/// The annotations of a list read from a file, each with its own id: of two with one id the
/// later gets a new one (unused: above the largest, or at the maximum the smallest free) and
/// is flagged saying so. Refused (with the id) only if that still leaves two alike, which
/// cannot happen.
pub fn unique_annotation_ids(list: Vec<Annotation>) -> Result<Annotations, AnnotationId> {
    Ok(unique_annotation_ids_repaired(list)?.0)
}

/// [`unique_annotation_ids`], and the problems repaired.
pub fn unique_annotation_ids_repaired(
    mut list: Vec<Annotation>,
) -> Result<(Annotations, Vec<Problem>), AnnotationId> {
    let taken: HashSet<AnnotationId> = list.iter().map(|a| a.id).collect();
    let mut problems = Vec::new();
    if taken.len() < list.len() {
        let largest = taken.iter().map(|id| id.0).max().unwrap_or(0);
        let mut fresh = FreeIds::above(largest, u64::MAX);
        let mut seen = HashSet::with_capacity(list.len());
        for a in &mut list {
            if seen.insert(a.id) {
                continue;
            }
            let problem = Problem::DuplicateAnnotationId {
                id: a.id,
                doc: a.doc.clone(),
            };
            // Every id taken (2^64 annotations) cannot be read from a file.
            let Some(new) = fresh.next_free(|n| taken.contains(&AnnotationId(n))) else {
                return Err(a.id);
            };
            flag(
                &mut a.attention,
                &problem.what(),
                &format!("given the id {new}"),
            );
            a.id = AnnotationId(new);
            problems.push(problem);
        }
    }
    Ok((Annotations::from_vec(list)?, problems))
}

/// Serde's reading of a project's annotations: [`unique_annotation_ids`] of the list.
pub(crate) fn deserialize_annotations<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Annotations, D::Error> {
    use serde::Deserialize as _;
    let list = Vec::<Annotation>::deserialize(d)?;
    unique_annotation_ids(list)
        .map_err(|id| serde::de::Error::custom(format!("two annotations have the id {}", id.0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::{Code, Colour};

    fn code(id: u32, name: &str, parent: Option<u32>) -> Code {
        Code {
            id: CodeId(id),
            name: name.into(),
            colour: Colour([0, 0, 0]),
            description: String::new(),
            shortcut: None,
            parent: parent.map(CodeId),
            attention: String::new(),
            kind: None,
        }
    }

    fn tree(book: &Codebook) -> Vec<(u32, Option<u32>)> {
        book.codes
            .iter()
            .map(|c| (c.id.0, c.parent.map(|p| p.0)))
            .collect()
    }

    #[test]
    fn a_cycle_is_cut_at_its_code_listed_first_and_the_rest_keeps_its_shape() {
        let mut book = Codebook {
            codes: vec![
                code(1, "root", None),
                code(2, "PER", Some(3)),
                code(3, "ORG", Some(2)),
                code(4, "under ORG", Some(3)),
            ],
        };
        let problems = repair_codebook(&mut book);
        assert_eq!(
            tree(&book),
            [(1, None), (2, None), (3, Some(2)), (4, Some(3))]
        );
        assert_eq!(
            problems,
            [Problem::Cycle {
                code: CodeId(2),
                names: "PER under ORG under PER".into()
            }]
        );
        assert!(book.codes[1].attention.contains("moved to the top level"));
        assert!(book.codes[2].attention.is_empty());
        assert!(repair_codebook(&mut book).is_empty(), "repaired once");
    }

    #[test]
    fn a_code_under_itself_is_a_cycle() {
        let mut book = Codebook {
            codes: vec![code(1, "self", Some(1))],
        };
        assert_eq!(repair_codebook(&mut book).len(), 1);
        assert_eq!(tree(&book), [(1, None)]);
    }

    #[test]
    fn duplicate_code_ids_keep_both_and_the_first_keeps_its_passages() {
        let mut book = Codebook {
            codes: vec![
                code(1, "PER", None),
                code(1, "ORG", None),
                code(5, "child", Some(1)),
            ],
        };
        let problems = repair_codebook(&mut book);
        assert_eq!(tree(&book), [(1, None), (6, None), (5, Some(1))]);
        assert_eq!(
            problems.len(),
            2,
            "the id taken twice, and the sub-code under it"
        );
        assert!(
            book.codes[2].attention.starts_with(
                "sat under code id 1, which “PER” and “ORG” both had; kept under “PER”"
            ),
            "{}",
            book.codes[2].attention
        );
        assert!(
            book.codes[1]
                .attention
                .contains("given the id 6; what was tagged 1 stays with “PER”"),
            "{}",
            book.codes[1].attention
        );
    }

    #[test]
    fn the_largest_code_id_taken_twice_does_not_overflow() {
        let mut book = Codebook {
            codes: vec![
                code(u32::MAX, "a", Some(u32::MAX)),
                code(u32::MAX, "b", None),
            ],
        };
        assert!(!repair_codebook(&mut book).is_empty());
        assert_eq!(tree(&book), [(u32::MAX, None), (1, None)]);
    }

    #[test]
    fn a_missing_parent_moves_the_code_to_the_top_and_keeps_a_merge_note() {
        let mut book = Codebook {
            codes: vec![code(1, "orphan", Some(9))],
        };
        book.codes[0].attention = "changed here and on disk".into();
        repair_codebook(&mut book);
        assert_eq!(tree(&book), [(1, None)]);
        assert_eq!(
            book.codes[0].attention,
            "changed here and on disk; sat under code 9, which is not in the codebook: moved \
             to the top level"
        );
    }
}

//! The text of a project file: schema version, parsing with clear errors, deterministic output.
//!
//! Output is stable for the same project (fields in declaration order, documents in natural id
//! order) and diff-friendly: top-level fields one per line, each list item (a document, a code,
//! an annotation) on one line of its own, so a team can keep the file in git (and merge it with
//! `qari merge`). Strings are escaped so a note with a newline stays on its line; Arabic is
//! written as is.
//!
//! Example (`format_version: 8`):
//!
//! ```text
//! (
//!     format_version: 8,
//!     corpus_root: ".",
//!     documents: [
//!         (id: "000_05eb89a420704b8c.txt", hash: "792d49c624404b86de0888a27652690e", chars: 6491),
//!     ],
//!     register: [
//!         AddAlias(entity: "Almaty", alias: "ألماتى"),
//!     ],
//!     codebook: [
//!         (id: 1, name: "تدخل أجنبي", colour: "#f4a261", shortcut: Some('f')),
//!     ],
//!     document_codings: [],
//!     attributes: [
//!         (doc: "000_05eb89a420704b8c.txt", values: {"date": "2022-01-10", "source": "aawsat"}),
//!     ],
//!     annotations: [
//!         (id: 1, doc: "000_05eb89a420704b8c.txt", start: 24, end: 50, codes: [1], quote: "منظمة معاهدة الأمن الجماعي", prefix: "…", suffix: "…", hash: "792d49c624404b86de0888a27652690e", author: "sara", created: "2026-11-21T17:00:00Z", modified: "2026-11-21T17:00:00Z"),
//!     ],
//! )
//! ```

use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use super::{ProjectError, ProjectFile, lines, validate};

/// The project schema version this qari writes and the newest it reads.
///
/// History: 1 — corpus root and documents (id, hash, chars). 2 — `register`: the user's edits
/// to the entity register. 3 — document hashes are XXH3-128 (they were BLAKE3; see
/// [`crate::corpus::ContentHash::legacy_of`]). 4 — `codebook`, `document_codings` and
/// `annotations`. 5 — `attention` on annotations, codes and document codings: why a person
/// should look (a version kept by a merge when both sides changed it). 6 — `kind` on codes:
/// the entity kind a code's passages name, set by hand (a code stands for the entity tagger's
/// kinds by its name otherwise). 7 — `entities_done` on document codings: every name in the
/// document is tagged, so the entity tagger learns from it. 8 — `attributes`: columns of
/// document attributes imported from a CSV (`qari attributes import`). An older file loads (missing fields are empty, hashes marked
/// as the old kind) and is written back as the current version.
pub const FORMAT_VERSION: u32 = 8;

/// Only the version, read first so a newer file is refused before its fields are interpreted.
/// A missing `format_version` reads as 0 (versions start at 1).
#[derive(Deserialize)]
struct VersionProbe {
    #[serde(default)]
    format_version: u32,
}

/// Writes a project as RON text.
pub fn to_ron(project: &ProjectFile) -> Result<String, ron::Error> {
    let mut text = head(project)?;
    lines::write_block(&mut text, &project.annotations);
    text.push_str(")\n");
    Ok(text)
}

/// What a save wrote, for the next save to copy from: where each annotation's line is in the
/// text, and the project's head as written (everything but the annotations: the document
/// records, the register, the codebook …) with its length in the text.
#[derive(Debug, Default)]
pub struct Written {
    lines: lines::LineIndex,
    head: Option<(ProjectFile, usize)>,
}

/// Writes a project as RON text, copying from `previous` (the text last written and what it
/// holds) the lines of annotations unchanged since, and the head when nothing in it changed,
/// so that a save after tagging serialises one line; returns the text and what it holds.
pub fn to_ron_reusing(
    project: &ProjectFile,
    previous: Option<(&str, &Written)>,
) -> Result<(String, Written), ron::Error> {
    let unchanged_head = previous.and_then(|(text, written)| {
        let (head, len) = written.head.as_ref()?;
        if same_head(head, project) {
            text.get(..*len)
        } else {
            None
        }
    });
    let mut text = match unchanged_head {
        Some(head) => head.to_owned(),
        None => head(project)?,
    };
    let head_len = text.len();
    let lines = lines::write_block_reusing(
        &mut text,
        &project.annotations,
        previous.map(|(text, written)| (text, &written.lines)),
    );
    text.push_str(")\n");
    // The head as written (the annotations, a persistent map, are shared, not copied).
    let head = ProjectFile {
        annotations: crate::annotations::Annotations::default(),
        ..project.clone()
    };
    Ok((
        text,
        Written {
            lines,
            head: Some((head, head_len)),
        },
    ))
}

/// Whether two projects write the same head: everything but the annotations is equal
/// (the documents, document codings and attributes compared by identity first: they are
/// shared between copies of a project).
fn same_head(a: &ProjectFile, b: &ProjectFile) -> bool {
    a.format_version == b.format_version
        && a.corpus_root == b.corpus_root
        && (Arc::ptr_eq(&a.documents, &b.documents) || a.documents == b.documents)
        && a.register == b.register
        && a.codebook == b.codebook
        && (a.document_codings.0.ptr_eq(&b.document_codings.0)
            || a.document_codings == b.document_codings)
        && (a.attributes.0.ptr_eq(&b.attributes.0) || a.attributes == b.attributes)
}

/// Everything of the project but its annotations, open where the annotation block goes.
fn head(project: &ProjectFile) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .depth_limit(2)
        .indentor("    ")
        .new_line("\n")
        .struct_names(false);
    let mut text = ron::ser::to_string_pretty(project, config)?;
    // The annotations go last, before the closing parenthesis, one a line.
    let close = text.rfind(')').unwrap_or(text.len());
    text.truncate(close);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// Parses project text; `path` is only used in errors. What a hand edit can break without
/// making the text unreadable is repaired and flagged ([`validate::repair_project`],
/// [`validate::unique_annotation_ids`]).
pub fn from_ron(text: &str, path: &Path) -> Result<ProjectFile, ProjectError> {
    Ok(from_ron_repaired(text, path)?.0)
}

/// Only the annotations of a project's text, as listed (read apart to count the repairs of
/// their ids when the file is not in the shape qari writes).
#[derive(Deserialize)]
struct AnnotationList {
    #[serde(default)]
    annotations: Vec<crate::annotations::Annotation>,
}

/// [`from_ron`], and what was repaired on reading (empty: the file was sound).
pub fn from_ron_repaired(
    text: &str,
    path: &Path,
) -> Result<(ProjectFile, Vec<validate::Problem>), ProjectError> {
    let syntax = |err: ron::error::SpannedError| ProjectError::Syntax {
        path: path.into(),
        line: err.span.start.line,
        column: err.span.start.col,
        message: err.code.to_string(),
    };
    // The annotation lines, when the file has the shape qari writes, are parsed apart and in
    // parallel, while the rest of the file (the head) is parsed.
    let split = lines::split(text);
    let head = split.as_ref().map_or(text, |s| s.head.as_str());
    let (read, listed) = rayon::join(
        || ron::from_str::<ProjectFile>(head),
        || {
            let list = lines::parse_lines(&split.as_ref()?.lines).ok()?;
            validate::unique_annotation_ids_repaired(list).ok()
        },
    );
    // The version before anything else, so that a newer file is refused before its fields
    // are interpreted: the head's, or, when the head is not a project of this version, read
    // alone (from the head, else from the whole text).
    let version = match &read {
        Ok(project) => project.format_version,
        Err(_) => {
            ron::from_str::<VersionProbe>(head)
                .or_else(|_| ron::from_str(text))
                .map_err(syntax)?
                .format_version
        }
    };
    if version == 0 {
        return Err(ProjectError::Syntax {
            path: path.into(),
            line: 1,
            column: 1,
            message: "no `format_version`: not a qari project".into(),
        });
    }
    if version > FORMAT_VERSION {
        return Err(ProjectError::NewerVersion {
            path: path.into(),
            found: version,
        });
    }
    let in_parts = split.is_some();
    let (mut project, mut repaired) = match (read, listed) {
        // No annotations elsewhere in the head (the block found was commented out, say).
        (Ok(mut project), Some((annotations, repaired)))
            if in_parts && project.annotations.is_empty() =>
        {
            project.annotations = annotations;
            (project, repaired)
        }
        // Anything unusual is read whole, so errors point at the right line.
        (read, _) => {
            let project = match read {
                Ok(project) if !in_parts => project,
                _ => ron::from_str(text).map_err(syntax)?,
            };
            // The ids repaired while reading, counted on the list as written.
            let repaired = ron::from_str::<AnnotationList>(text)
                .ok()
                .and_then(|list| validate::unique_annotation_ids_repaired(list.annotations).ok())
                .map(|(_, repaired)| repaired)
                .unwrap_or_default();
            (project, repaired)
        }
    };
    // A tree edited by hand may hide codes (a cycle) or name a missing parent.
    repaired.extend(validate::repair_project(&mut project));
    project.legacy_hashes = version < 3;
    project.format_version = FORMAT_VERSION;
    Ok((project, repaired))
}

/// The `format_version` of a project file on disk, if it has one that parses.
/// Reads the head of the file only when it has the shape qari writes (the version on its
/// second line), which keeps saving a large project fast.
pub fn version_on_disk(path: &Path) -> Option<u32> {
    use std::io::Read as _;
    let mut head = Vec::new();
    // A FIFO would wait for a writer forever.
    super::save::regular_or_missing(path).ok()?;
    std::fs::File::open(path)
        .ok()?
        .take(256)
        .read_to_end(&mut head)
        .ok()?;
    let written = String::from_utf8_lossy(&head)
        .lines()
        .nth(1)
        .and_then(|line| line.trim().strip_prefix("format_version:"))
        .and_then(|rest| rest.trim().trim_end_matches(',').parse::<u32>().ok());
    if let Some(version) = written {
        return (version > 0).then_some(version);
    }
    let text = std::fs::read_to_string(path).ok()?;
    let head = lines::split(&text).map(|s| s.head);
    let version = ron::from_str::<VersionProbe>(head.as_deref().unwrap_or(&text))
        .ok()?
        .format_version;
    (version > 0).then_some(version)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::{
        Annotation, AnnotationId, Annotations, Code, CodeId, Codebook, Colour, DocumentCoding,
        DocumentCodings,
    };
    use crate::corpus::ContentHash;
    use crate::entities::RegisterEdit;
    use crate::project::DocumentRecord;

    fn sample() -> ProjectFile {
        ProjectFile {
            format_version: FORMAT_VERSION,
            corpus_root: "../مقالات".into(),
            documents: Arc::from(vec![
                DocumentRecord {
                    id: "a.txt".into(),
                    hash: ContentHash("00112233445566778899aabbccddeeff".into()),
                    chars: 12,
                },
                DocumentRecord {
                    id: "sub/\"quoted\"\nname.html".into(),
                    hash: ContentHash("ffeeddccbbaa99887766554433221100".into()),
                    chars: 0,
                },
            ]),
            register: vec![
                RegisterEdit::AddAlias {
                    entity: "Almaty".into(),
                    alias: "ألماتى".into(),
                },
                RegisterEdit::SetKind {
                    entity: "CSTO".into(),
                    kind: crate::entities::Kind::Organisation,
                },
            ],
            codebook: Codebook {
                codes: vec![
                    Code {
                        id: CodeId(1),
                        name: "تدخل أجنبي".into(),
                        colour: Colour([0xf4, 0xa2, 0x61]),
                        description: "foreign interference".into(),
                        shortcut: Some('f'),
                        parent: None,
                        attention: String::new(),
                        kind: None,
                    },
                    Code {
                        id: CodeId(2),
                        name: "legitimacy/claims".into(),
                        colour: Colour([0x8e, 0xca, 0xe6]),
                        description: String::new(),
                        shortcut: None,
                        parent: Some(CodeId(1)),
                        attention: String::new(),
                        kind: None,
                    },
                ],
            },
            document_codings: DocumentCodings(
                [(
                    "a.txt".to_owned(),
                    DocumentCoding {
                        doc: "a.txt".into(),
                        codes: vec![CodeId(2)],
                        memo: "مذكرة".into(),
                        entities_done: false,
                        author: "sara".into(),
                        modified: TIME.parse().unwrap(),
                        attention: String::new(),
                    },
                )]
                .into_iter()
                .collect(),
            ),
            annotations: Annotations::from_vec(vec![Annotation {
                id: AnnotationId(7),
                doc: "a.txt".into(),
                start: 2,
                end: 5,
                codes: vec![CodeId(1), CodeId(2)],
                quote: "نص".into(),
                prefix: "ال".into(),
                suffix: "\n".into(),
                hash: ContentHash("00112233445566778899aabbccddeeff".into()),
                note: "ملاحظة \"أولى\"".into(),
                author: "sara".into(),
                created: TIME.parse().unwrap(),
                modified: TIME.parse().unwrap(),
                attention: String::new(),
            }])
            .unwrap(),
            attributes: crate::annotations::DocumentAttributes(
                [(
                    "a.txt".to_owned(),
                    [
                        ("المصدر".to_owned(), "الشرق الأوسط".to_owned()),
                        ("date".to_owned(), "2015-07-21".to_owned()),
                    ]
                    .into_iter()
                    .collect::<crate::annotations::Attributes>(),
                )]
                .into_iter()
                .collect(),
            ),
            ..ProjectFile::default()
        }
    }

    const TIME: &str = "2026-11-21T17:00:00Z";

    #[test]
    fn output_is_one_document_a_line_with_arabic_as_is() {
        let text = to_ron(&sample()).unwrap();
        let expected = r##"(
    format_version: 8,
    corpus_root: "../مقالات",
    documents: [
        (id: "a.txt", hash: "00112233445566778899aabbccddeeff", chars: 12),
        (id: "sub/\"quoted\"\nname.html", hash: "ffeeddccbbaa99887766554433221100", chars: 0),
    ],
    register: [
        AddAlias(entity: "Almaty", alias: "ألماتى"),
        SetKind(entity: "CSTO", kind: organisation),
    ],
    codebook: [
        (id: 1, name: "تدخل أجنبي", colour: "#f4a261", description: "foreign interference", shortcut: Some('f')),
        (id: 2, name: "legitimacy/claims", colour: "#8ecae6", parent: Some(1)),
    ],
    document_codings: [
        (doc: "a.txt", codes: [2], memo: "مذكرة", author: "sara", modified: "2026-11-21T17:00:00Z"),
    ],
    attributes: [
        (doc: "a.txt", values: {"date": "2015-07-21", "المصدر": "الشرق الأوسط"}),
    ],
    annotations: [
        (id: 7, doc: "a.txt", start: 2, end: 5, codes: [1, 2], quote: "نص", prefix: "ال", suffix: "\n", hash: "00112233445566778899aabbccddeeff", note: "ملاحظة \"أولى\"", author: "sara", created: "2026-11-21T17:00:00Z", modified: "2026-11-21T17:00:00Z"),
    ],
)
"##;
        assert_eq!(text, expected);
        assert_eq!(from_ron(&text, Path::new("p.ron")).unwrap(), sample());
    }

    #[test]
    fn a_save_copies_an_unchanged_head_and_writes_a_changed_one_again() {
        let mut project = sample();
        let (first, written) = to_ron_reusing(&project, None).unwrap();
        assert_eq!(first, to_ron(&project).unwrap());
        // An annotation changed: the head is copied, the text is what a full write gives.
        let mut a = project.annotations.remove(AnnotationId(7)).unwrap();
        a.note = "ملاحظة ثانية".into();
        project.annotations.insert(a).unwrap();
        let (second, written) = to_ron_reusing(&project, Some((&first, &written))).unwrap();
        assert_eq!(second, to_ron(&project).unwrap());
        // The head changed (a code renamed, a document record): written again.
        project.codebook.codes[0].name = "تدخل".into();
        let (third, written) = to_ron_reusing(&project, Some((&second, &written))).unwrap();
        assert_eq!(third, to_ron(&project).unwrap());
        assert!(third.contains("name: \"تدخل\""));
        Arc::make_mut(&mut project.documents)[0].chars = 13;
        let (fourth, _) = to_ron_reusing(&project, Some((&third, &written))).unwrap();
        assert_eq!(fourth, to_ron(&project).unwrap());
        assert!(fourth.contains("chars: 13"));
    }

    #[test]
    fn syntax_errors_give_line_and_column_and_name_the_file() {
        let text = "(\n    format_version: 1,\n    corpus_root: \".\"\n    documents: [],\n)\n";
        let err = from_ron(text, Path::new("/x/qari.ron")).unwrap_err();
        match &err {
            ProjectError::Syntax { line, .. } => assert_eq!(*line, 4, "{err}"),
            other => panic!("expected a syntax error, got {other}"),
        }
        assert!(err.to_string().ends_with(": /x/qari.ron"), "{err}");
    }

    #[test]
    fn a_newer_version_is_refused_even_with_unknown_fields() {
        let newer = FORMAT_VERSION + 1;
        let text = format!(
            "(format_version: {newer}, corpus_root: \".\", documents: [], hologram: (x: 1))"
        );
        let err = from_ron(&text, Path::new("p.ron")).unwrap_err();
        assert!(
            matches!(err, ProjectError::NewerVersion { found, .. } if found == newer),
            "{err}"
        );
    }

    #[test]
    fn a_file_without_version_is_not_a_project() {
        let err = from_ron("(corpus_root: \".\")", Path::new("p.ron")).unwrap_err();
        assert!(err.to_string().contains("not a qari project"), "{err}");
    }
}

//! brat standoff folders, as [`crate::export::brat`] writes them: the types of
//! `annotation.conf` (with the code each stands for), and a `T` line per code in each `.ann`,
//! offsets in code points, with its `AnnotatorNotes` note and the `qari` line that carries
//! what brat has no place for (id, author, times, the other codes of the same annotation).
//! Relation, event and attribute lines are counted and passed over.
//!
//! Each `T` line's pieces (`0 5;6 10`) and text are kept on its passage, to be checked against
//! the document ([`Passage::doubts`]): pieces become one passage from the first to the last when
//! only spaces or line breaks lie between them. A line whose id (`T1`, `#1`, `A1` …, not brat's
//! `*`) an earlier line has is doubtful: refused, or left out by a lenient import.
//!
//! A `.ann` file belongs to the document its folder's `qari-documents.tsv` gives for it (what
//! qari's brat export writes, [`crate::export::brat_names`]); without that list, to the corpus
//! document of its path in the folder: `sub/a.ann` to `sub/a` or `sub/a.txt`.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::Timestamp;

use super::{Batch, Doubt, ImportError, LineError, Passage};
use crate::annotations::codebook::escape_name;
use crate::corpus::Corpus;
use crate::export::brat::{Extra, UNCODED, unescape};
use crate::export::brat_names::{CONF, MANIFEST, document_of, read_manifest};
use crate::files::{MAX_ANNOTATION_FILE_BYTES, read_regular_text};

/// The passages of a brat folder: every `.ann` file under `dir` (in path order), with the types
/// of its `annotation.conf` (none is fine: each type is then a code of its own name), each for
/// the document `qari-documents.tsv` gives (or that its path names). An `.ann` file without its
/// document in `corpus` is an error on its first line. A line that repeats an
/// id is an error, or with `lenient` a warning (the first line is kept). `annotation.conf`, the
/// document list and each `.ann` file are read only if they are regular files (links
/// followed), up to [`MAX_ANNOTATION_FILE_BYTES`] ([`crate::files::read_regular`]): anything
/// else (a FIFO, a link to a device) is an error naming the file, never waited on.
pub fn read_folder(dir: &Path, corpus: &Corpus, lenient: bool) -> Result<Batch, ImportError> {
    let read = |path: &Path| read_regular_text(path, MAX_ANNOTATION_FILE_BYTES);
    let conf_path = dir.join(CONF);
    let conf = match read(&conf_path) {
        Ok(conf) => conf,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => {
            return Err(ImportError::Read {
                path: conf_path,
                error,
            });
        }
    };
    let types = read_conf(&conf);
    let manifest = read_manifest(dir)?;
    let mut batch = Batch::default();
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "ann"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(ImportError::NoAnnFiles {
            path: dir.to_owned(),
        });
    }
    for file in files {
        let rel = file.strip_prefix(dir).unwrap_or(&file);
        // `A.md.ann` is the file of the stem `A.md`.
        let stem = slashed(&rel.with_extension(""));
        let name = slashed(rel);
        let is_doc = |id: &str| corpus.document(id).is_some();
        let doc = document_of(manifest.as_ref(), &stem, is_doc).filter(|id| is_doc(id));
        let Some(doc) = doc else {
            let message = match manifest.as_ref().map(|m| m.get(&stem)) {
                None => format!("no document {stem:?} (or {stem}.txt) in the project's corpus"),
                Some(Some(id)) => format!(
                    "no document {id:?} (the document {MANIFEST} gives for it) in the project's \
                     corpus"
                ),
                Some(None) => format!("{MANIFEST} does not say which document it belongs to"),
            };
            batch.errors.push(LineError {
                file: Some(name),
                line: 1,
                message,
            });
            continue;
        };
        let text = read(&file).map_err(|error| ImportError::Read { path: file, error })?;
        let read = read_ann_doubting(&text, &name, &doc, &types);
        batch.passages.extend(read.passages);
        batch.skipped += read.skipped;
        batch.errors.extend(read.errors);
        for (line, doubt) in read.doubts {
            if let Some(warning) = doubt.warned(Some(&name), line).filter(|_| lenient) {
                batch.warnings.push(warning);
            } else {
                batch.errors.push(doubt.refused(Some(&name), line));
            }
        }
    }
    Ok(batch)
}

/// An offset of a `T` line: a whole number, not negative.
fn offset(field: &str) -> Result<usize, String> {
    let field = field.trim();
    field.parse().map_err(|_| match field.parse::<i64>() {
        Ok(negative) if negative < 0 => format!("offset {negative} is negative"),
        _ => format!("offset {field:?} is not a whole number"),
    })
}

/// A relative path with `/` between its parts, whatever the system's separator (a `\` in a
/// file name on Unix stays).
fn slashed(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// The code paths of the types in an `annotation.conf` written by qari (a type without a
/// `# qari code:` comment stands for a code of its own name, `\` and `/` included).
pub fn read_conf(conf: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut pending: Option<String> = None;
    let conf = conf.strip_prefix('\u{feff}').unwrap_or(conf);
    for line in conf.lines() {
        let line = line.trim();
        if let Some(path) = line.strip_prefix("# qari code:") {
            pending = Some(path.trim().to_owned());
        } else if line.is_empty() || line.starts_with('#') {
            continue;
        } else if line.starts_with('[') {
            pending = None;
        } else {
            let name = line.split_whitespace().next().unwrap_or(line).to_owned();
            let path = pending.take().unwrap_or_else(|| escape_name(&name));
            out.insert(name, path);
        }
    }
    out
}

/// The passages of one `.ann` file of document `doc`, with `types` from [`read_conf`];
/// relation, event and attribute lines are counted (qari has no place for them), bad lines
/// are errors, and so is a line whose id an earlier line has ([`read_ann_doubting`] tells
/// those apart).
pub fn read_ann(
    ann: &str,
    file: &str,
    doc: &str,
    types: &BTreeMap<String, String>,
) -> (Vec<Passage>, usize, Vec<LineError>) {
    let read = read_ann_doubting(ann, file, doc, types);
    let mut errors = read.errors;
    errors.extend(
        read.doubts
            .iter()
            .map(|(line, doubt)| doubt.refused(Some(file), *line)),
    );
    errors.sort_by_key(|e| e.line);
    (read.passages, read.skipped, errors)
}

/// An `.ann` file read: its passages, the lines passed over, the bad lines, and the doubtful
/// ones by line number (an id given twice: a lenient import keeps the first line).
#[derive(Debug, Default)]
pub struct AnnRead {
    /// The passages, in file order.
    pub passages: Vec<Passage>,
    /// Relation, event and attribute lines, passed over.
    pub skipped: usize,
    /// Lines that do not read.
    pub errors: Vec<LineError>,
    /// Lines that read but repeat an earlier line's id; they are not in `passages`.
    pub doubts: Vec<(usize, Doubt)>,
}

/// [`read_ann`], with the lines that repeat an id apart from the bad lines. Each `T` line's
/// pieces and text are kept on its passage ([`Passage::pieces`], [`Passage::quote`]) to be
/// checked against the document.
pub fn read_ann_doubting(
    ann: &str,
    file: &str,
    doc: &str,
    types: &BTreeMap<String, String>,
) -> AnnRead {
    struct TLine {
        line: usize,
        kind: String,
        pieces: Vec<(usize, usize)>,
        text: Option<String>,
    }
    let mut t_lines: BTreeMap<String, TLine> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut notes: BTreeMap<String, String> = BTreeMap::new();
    let mut extras: BTreeMap<String, Extra> = BTreeMap::new();
    // The line each id is first given on.
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut read = AnnRead::default();
    let ann = ann.strip_prefix('\u{feff}').unwrap_or(ann);
    for (i, raw) in ann.lines().enumerate() {
        let n = i + 1;
        let fail = |message: String| LineError {
            file: Some(file.to_owned()),
            line: n,
            message,
        };
        if raw.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = raw.splitn(3, '\t').collect();
        let id = fields[0];
        // brat gives every equivalence line the id `*`.
        if id != "*" {
            if let Some(first) = ids.get(id) {
                read.doubts.push((
                    n,
                    Doubt {
                        message: format!("the id {id} is given again (first on line {first})"),
                        lenient: format!("this line is left out, line {first} is kept"),
                        plain: false,
                    },
                ));
                continue;
            }
            ids.insert(id.to_owned(), n);
        }
        if id.starts_with('T') {
            let Some(spec) = fields.get(1) else {
                read.errors
                    .push(fail("a T line without a type and offsets".into()));
                continue;
            };
            let (kind, spans) = spec.split_once(' ').unwrap_or((spec, ""));
            let pieces: Result<Vec<(usize, usize)>, String> = spans
                .split(';')
                .map(|f| {
                    let (s, e) = f
                        .trim()
                        .split_once(' ')
                        .ok_or_else(|| format!("bad offsets {spans:?}"))?;
                    Ok((offset(s)?, offset(e)?))
                })
                .collect();
            match pieces {
                Ok(pieces) => {
                    order.push(id.to_owned());
                    t_lines.insert(
                        id.to_owned(),
                        TLine {
                            line: n,
                            kind: kind.to_owned(),
                            pieces,
                            text: fields.get(2).map(|t| (*t).to_owned()),
                        },
                    );
                }
                Err(message) => read.errors.push(fail(message)),
            }
        } else if id.starts_with('#') {
            let Some(spec) = fields.get(1) else {
                continue;
            };
            let (kind, target) = spec.split_once(' ').unwrap_or((spec, ""));
            let text = fields.get(2).copied().unwrap_or_default();
            match kind {
                "AnnotatorNotes" => {
                    notes.insert(target.trim().to_owned(), unescape(text));
                }
                "qari" => match serde_json::from_str::<Extra>(text) {
                    Ok(extra) => {
                        extras.insert(target.trim().to_owned(), extra);
                    }
                    Err(err) => read
                        .errors
                        .push(fail(format!("a qari line that does not read: {err}"))),
                },
                _ => read.skipped += 1,
            }
        } else {
            read.skipped += 1;
        }
    }
    let mut joined: Vec<String> = Vec::new();
    for extra in extras.values() {
        joined.extend(extra.same.iter().cloned());
    }
    for id in order {
        if joined.contains(&id) {
            continue;
        }
        let Some(t) = t_lines.get(&id) else {
            continue;
        };
        let extra = extras.get(&id);
        let mut kinds = vec![t.kind.clone()];
        for other in extra.map(|e| e.same.as_slice()).unwrap_or_default() {
            if let Some(o) = t_lines.get(other) {
                kinds.push(o.kind.clone());
            }
        }
        // A type that `annotation.conf` does not map is a code of its own name.
        let codes: Vec<String> = kinds
            .into_iter()
            .filter(|k| k != UNCODED)
            .map(|k| types.get(&k).cloned().unwrap_or_else(|| escape_name(&k)))
            .collect();
        let time = |s: Option<&String>| s.and_then(|s| s.parse::<Timestamp>().ok());
        let first = t.pieces.first().map_or(0, |p| p.0);
        let last = t.pieces.last().map_or(0, |p| p.1);
        read.passages.push(Passage {
            line: t.line,
            file: Some(file.to_owned()),
            doc: doc.to_owned(),
            start: extra.and_then(|e| e.start).unwrap_or(first),
            end: extra.and_then(|e| e.end).unwrap_or(last),
            codes,
            note: notes.get(&id).cloned().unwrap_or_default(),
            author: extra.map(|e| e.author.clone()),
            created: time(extra.map(|e| &e.created)),
            modified: time(extra.map(|e| &e.modified)),
            quote: t.text.clone(),
            pieces: t.pieces.clone(),
        });
    }
    read
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ann_file_as_qari_writes_it_reads_back() {
        let conf = "[entities]\n# qari code: الناس/شخص\ncode_1\nLOC\n# qari: annotations without a code\nuncoded\n[relations]\n";
        let types = read_conf(conf);
        assert_eq!(types["code_1"], "الناس/شخص");
        assert_eq!(types["LOC"], "LOC");
        let extra = r#"{"id":1,"author":"sara","created":"2024-05-01T10:00:00Z","modified":"2024-05-02T10:00:00Z","same":["T2"],"start":11,"end":18}"#;
        let ann = [
            "T1\tcode_1 11 18\tتوكاييف",
            "T2\tactor 11 18\tتوكاييف",
            "#1\tAnnotatorNotes T1\tسطر\\nثان",
            &format!("#2\tqari T1\t{extra}"),
            "R1\tPart Arg1:T1 Arg2:T3",
            "T3\tLOC 0 3;4 10\tقال الرئيس",
            "T4\tuncoded 22 28\tألماتا",
            "T5\tLOC five 9\t?",
        ]
        .join("\n");
        let (passages, skipped, errors) = read_ann(&ann, "sub/a.ann", "sub/a.txt", &types);
        assert_eq!(skipped, 1, "the relation line");
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].file.as_deref(), errors[0].line),
            (Some("sub/a.ann"), 8)
        );
        let read: Vec<(usize, usize, Vec<&str>, &str)> = passages
            .iter()
            .map(|p| {
                let codes = p.codes.iter().map(String::as_str).collect();
                (p.start, p.end, codes, p.note.as_str())
            })
            .collect();
        assert_eq!(
            read,
            [
                (11, 18, vec!["الناس/شخص", "actor"], "سطر\nثان"),
                (0, 10, vec!["LOC"], ""),
                (22, 28, vec![], ""),
            ]
        );
        assert_eq!(passages[0].author.as_deref(), Some("sara"));
        assert!(passages[0].created < passages[0].modified);
        assert_eq!(passages[1].author, None);
        assert!(passages.iter().all(|p| p.doc == "sub/a.txt"));
    }
}

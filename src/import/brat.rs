//! brat standoff folders, as [`crate::export::brat`] writes them: the types of
//! `annotation.conf` (with the code each stands for), and a `T` line per code in each `.ann`,
//! offsets in code points, with its `AnnotatorNotes` note and the `qari` line that carries
//! what brat has no place for (id, author, times, the other codes of the same annotation).
//! Relation, event and attribute lines are counted and passed over.
//!
//! A `.ann` file belongs to the corpus document of its path in the folder: `sub/a.ann` to
//! `sub/a` or `sub/a.txt`.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::Timestamp;

use super::{Batch, ImportError, LineError, Passage};
use crate::corpus::Corpus;
use crate::export::brat::{Extra, UNCODED, unescape};

/// The passages of a brat folder: every `.ann` file under `dir` (in path order), with the types
/// of its `annotation.conf` (none is fine: each type is then a code of its own name). An `.ann`
/// file without its document in `corpus` is an error on its first line.
pub fn read_folder(dir: &Path, corpus: &Corpus) -> Result<Batch, ImportError> {
    let conf = std::fs::read_to_string(dir.join("annotation.conf")).unwrap_or_default();
    let types = read_conf(&conf);
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
        let rel = file.strip_prefix(dir).unwrap_or(&file).with_extension("");
        let stem = rel.to_string_lossy().replace('\\', "/");
        let name = rel
            .with_extension("ann")
            .to_string_lossy()
            .replace('\\', "/");
        let doc = [stem.clone(), format!("{stem}.txt")]
            .into_iter()
            .find(|id| corpus.document(id).is_some());
        let Some(doc) = doc else {
            batch.errors.push(LineError {
                file: Some(name),
                line: 1,
                message: format!("no document {stem:?} (or {stem}.txt) in the project's corpus"),
            });
            continue;
        };
        let text = std::fs::read_to_string(&file)
            .map_err(|error| ImportError::Read { path: file, error })?;
        let (found, skipped, errors) = read_ann(&text, &name, &doc, &types);
        batch.passages.extend(found);
        batch.skipped += skipped;
        batch.errors.extend(errors);
    }
    Ok(batch)
}

/// The code paths of the types in an `annotation.conf` written by qari (a type without a
/// `# qari code:` comment stands for a code of its own name).
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
            let path = pending.take().unwrap_or_else(|| name.clone());
            out.insert(name, path);
        }
    }
    out
}

/// The passages of one `.ann` file of document `doc`, with `types` from [`read_conf`];
/// relation, event and attribute lines are counted (qari has no place for them), bad lines
/// are errors.
pub fn read_ann(
    ann: &str,
    file: &str,
    doc: &str,
    types: &BTreeMap<String, String>,
) -> (Vec<Passage>, usize, Vec<LineError>) {
    struct TLine {
        line: usize,
        kind: String,
        start: usize,
        end: usize,
    }
    let mut t_lines: BTreeMap<String, TLine> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut notes: BTreeMap<String, String> = BTreeMap::new();
    let mut extras: BTreeMap<String, Extra> = BTreeMap::new();
    let mut skipped = 0;
    let mut errors = Vec::new();
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
        if id.starts_with('T') {
            let Some(spec) = fields.get(1) else {
                errors.push(fail("a T line without a type and offsets".into()));
                continue;
            };
            let (kind, spans) = spec.split_once(' ').unwrap_or((spec, ""));
            let offsets: Option<Vec<(usize, usize)>> = spans
                .split(';')
                .map(|f| {
                    let (s, e) = f.trim().split_once(' ')?;
                    Some((s.parse().ok()?, e.parse().ok()?))
                })
                .collect();
            match offsets.filter(|o| !o.is_empty()) {
                Some(o) => {
                    order.push(id.to_owned());
                    t_lines.insert(
                        id.to_owned(),
                        TLine {
                            line: n,
                            kind: kind.to_owned(),
                            start: o[0].0,
                            end: o[o.len() - 1].1,
                        },
                    );
                }
                None => errors.push(fail(format!("bad offsets {spans:?}"))),
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
                    Err(err) => errors.push(fail(format!("a qari line that does not read: {err}"))),
                },
                _ => skipped += 1,
            }
        } else {
            skipped += 1;
        }
    }
    let mut joined: Vec<String> = Vec::new();
    for extra in extras.values() {
        joined.extend(extra.same.iter().cloned());
    }
    let mut out = Vec::new();
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
        let codes: Vec<String> = kinds
            .into_iter()
            .filter(|k| k != UNCODED)
            .map(|k| types.get(&k).cloned().unwrap_or(k))
            .collect();
        let time = |s: Option<&String>| s.and_then(|s| s.parse::<Timestamp>().ok());
        out.push(Passage {
            line: t.line,
            file: Some(file.to_owned()),
            doc: doc.to_owned(),
            start: extra.and_then(|e| e.start).unwrap_or(t.start),
            end: extra.and_then(|e| e.end).unwrap_or(t.end),
            codes,
            note: notes.get(&id).cloned().unwrap_or_default(),
            author: extra.map(|e| e.author.clone()),
            created: time(extra.map(|e| &e.created)),
            modified: time(extra.map(|e| &e.modified)),
        });
    }
    (out, skipped, errors)
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

//! brat standoff: for each document its text (`NAME.txt`, the text qari indexes) and its
//! annotations (`NAME.ann`), and one `annotation.conf` for the folder.
//!
//! - `NAME` is the document id without a final `.txt` (`sub/a.txt` → `sub/a`), or the whole id
//!   for other documents (`page.html` → `page.html.txt`, `page.html.ann`).
//! - Each annotation is a `T` line per code (`T1<TAB>TYPE START END<TAB>TEXT`), offsets in code
//!   points; a passage over a line break is written as fragments (`0 5;6 12`), whose texts are
//!   joined by a space, as brat wants. An annotation without a code has the type `uncoded`.
//!   Overlapping passages are kept as they are.
//! - Code paths become valid brat types (ASCII letters, digits, `_`, `-`; `code_ID` where
//!   nothing is left, or to keep two apart); `annotation.conf` lists the types, each after a
//!   comment `# qari code: PATH` giving the code it stands for.
//! - A note is an `AnnotatorNotes` line on the annotation's first `T` line, with `\`, line breaks
//!   and tabs escaped as `\\`, `\n`, `\t`, `\r`. A `qari` line on it carries what brat has no
//!   place for (id, author, times, and the other `T` lines of the same annotation), so
//!   `qari import --format brat` gives back the same annotations.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use jiff::Timestamp;

use super::Selection;
use crate::annotations::import::{LineError, Passage};
use crate::annotations::{CodeId, Codebook};

/// The type of an annotation without a code.
pub const UNCODED: &str = "uncoded";

/// What brat has no field for, on a `#` line of type `qari`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extra {
    /// The annotation id.
    pub id: u64,
    /// Its author.
    pub author: String,
    /// Created, RFC 3339.
    pub created: String,
    /// Modified, RFC 3339.
    pub modified: String,
    /// The other `T` lines of the same annotation (one per further code).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub same: Vec<String>,
    /// The passage's own start and end (its fragments leave out line breaks at its edges).
    #[serde(default)]
    pub start: Option<usize>,
    /// See `start`.
    #[serde(default)]
    pub end: Option<usize>,
}

/// The brat types of the codebook's codes.
pub fn types(book: &Codebook) -> BTreeMap<CodeId, String> {
    let mut out: BTreeMap<CodeId, String> = BTreeMap::new();
    for code in &book.codes {
        let path = book.path(code.id);
        let mut name: String = path
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        name = name
            .split('_')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("_");
        let taken = |n: &str| n == UNCODED || out.values().any(|v| v == n);
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) || taken(&name) {
            name = format!("code_{}", code.id.0);
            // A code may itself be called `code_2`.
            while taken(&name) {
                name.push('_');
            }
        }
        out.insert(code.id, name);
    }
    out
}

/// The file name stem of a document (`sub/a.txt` → `sub/a`).
pub fn stem(doc: &str) -> &str {
    doc.strip_suffix(".txt").unwrap_or(doc)
}

/// `annotation.conf` for these types.
pub fn annotation_conf(book: &Codebook, types: &BTreeMap<CodeId, String>) -> String {
    let mut out = String::from(
        "# Written by qari. Each type stands for the code named in the comment above it.\n\
         [entities]\n",
    );
    for (id, name) in types {
        out.push_str(&format!("# qari code: {}\n{name}\n", book.path(*id)));
    }
    out.push_str(&format!("# qari: annotations without a code\n{UNCODED}\n"));
    out.push_str("[relations]\n[events]\n[attributes]\n");
    out
}

/// Escapes a note for a one-line brat field.
pub fn escape(note: &str) -> String {
    let mut out = String::with_capacity(note.len());
    for c in note.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            other => out.push(other),
        }
    }
    out
}

/// Undoes [`escape`].
pub fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The fragments of `start..end` of `chars` between line breaks, as brat wants them.
fn fragments(chars: &[char], start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = start;
    let stop = end.min(chars.len());
    for (i, c) in chars.iter().enumerate().take(stop).skip(start) {
        if *c == '\n' {
            if i > from {
                out.push((from, i));
            }
            from = i + 1;
        }
    }
    if stop > from {
        out.push((from, stop));
    }
    out
}

/// The `.ann` text of one document: `annotations` are the selection's for this document with
/// the codes to write, `text` is the document's text.
pub fn ann(
    selection: &Selection<'_>,
    doc: &str,
    text: &str,
    types: &BTreeMap<CodeId, String>,
) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let (mut t, mut n) = (0, 0);
    for (a, codes) in selection.of_doc(doc) {
        let parts = fragments(&chars, a.start, a.end);
        if parts.is_empty() {
            continue;
        }
        let spans: Vec<String> = parts.iter().map(|(s, e)| format!("{s} {e}")).collect();
        let texts: Vec<String> = parts
            .iter()
            .map(|(s, e)| chars[*s..*e].iter().collect())
            .collect();
        let names: Vec<&str> = if codes.is_empty() {
            vec![UNCODED]
        } else {
            codes
                .iter()
                .map(|c| types.get(c).map_or(UNCODED, String::as_str))
                .collect()
        };
        let first = t + 1;
        for name in &names {
            t += 1;
            out.push_str(&format!(
                "T{t}\t{name} {}\t{}\n",
                spans.join(";"),
                texts.join(" ")
            ));
        }
        if !a.note.is_empty() {
            n += 1;
            out.push_str(&format!(
                "#{n}\tAnnotatorNotes T{first}\t{}\n",
                escape(&a.note)
            ));
        }
        let extra = Extra {
            id: a.id.0,
            author: a.author.clone(),
            created: a.created.to_string(),
            modified: a.modified.to_string(),
            same: (first + 1..=t).map(|i| format!("T{i}")).collect(),
            start: Some(a.start),
            end: Some(a.end),
        };
        n += 1;
        let json = serde_json::to_string(&extra).unwrap_or_default();
        out.push_str(&format!("#{n}\tqari T{first}\t{json}\n"));
    }
    out
}

/// The files of a brat collection: `annotation.conf`, and for each document (`docs`: id and
/// text) its `.txt` and `.ann`, as (relative path, contents).
pub fn files(selection: &Selection<'_>, docs: &[(String, String)]) -> Vec<(String, String)> {
    let types = types(selection.codebook);
    let mut out = vec![(
        "annotation.conf".to_owned(),
        annotation_conf(selection.codebook, &types),
    )];
    for (doc, text) in docs {
        let stem = stem(doc);
        out.push((format!("{stem}.txt"), text.clone()));
        out.push((format!("{stem}.ann"), ann(selection, doc, text, &types)));
    }
    out
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
    use crate::annotations::{Code, Colour};

    #[test]
    fn notes_escape_and_come_back() {
        for note in ["", "سطر\nثان\tو\\ن", "a\\nb", "\\"] {
            assert_eq!(unescape(&escape(note)), note);
            assert!(!escape(note).contains('\n'));
        }
    }

    #[test]
    fn types_are_valid_and_distinct() {
        let code = |id: u32, name: &str, parent: Option<u32>| Code {
            id: CodeId(id),
            name: name.into(),
            colour: Colour::PALETTE[0],
            description: String::new(),
            shortcut: None,
            parent: parent.map(CodeId),
            attention: String::new(),
        };
        let book = Codebook {
            codes: vec![
                code(1, "حجة", None),
                code(2, "legitimacy / claims", Some(1)),
                code(3, "actor", None),
                code(4, "actor", Some(3)),
                code(5, "uncoded", None),
            ],
        };
        let t = types(&book);
        assert_eq!(t[&CodeId(1)], "code_1");
        assert_eq!(t[&CodeId(2)], "legitimacy_claims");
        assert_eq!(t[&CodeId(3)], "actor");
        assert_eq!(t[&CodeId(4)], "actor_actor");
        assert_eq!(t[&CodeId(5)], "code_5");
    }

    #[test]
    fn a_passage_over_a_line_break_is_in_fragments() {
        let chars: Vec<char> = "ab\ncd\n\nef".chars().collect();
        assert_eq!(fragments(&chars, 0, 9), [(0, 2), (3, 5), (7, 9)]);
        assert_eq!(fragments(&chars, 1, 2), [(1, 2)]);
        // Offsets past the text (an annotation of an older text) do not reach past it.
        assert_eq!(fragments(&chars, 7, 20), [(7, 9)]);
        assert!(fragments(&chars, 30, 40).is_empty());
    }
}

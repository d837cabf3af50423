//! JSON lines: one passage a line with `doc`, `start`, `end` (code points, end exclusive) and
//! `code` (or `type`, or a list `codes`, as `qari annotations` writes them), and optionally
//! `note` and `author`: the layout of the gold files in `../shared/data/eval/*/gold.jsonl`.
//! Entity mention lines of `qari export --with-entities` are passed over.

use jiff::Timestamp;
use serde::Deserialize;

use super::{LineError, Passage};

#[derive(Deserialize)]
struct Line {
    #[serde(default)]
    entity: Option<String>,
    #[serde(default)]
    created: Option<Timestamp>,
    #[serde(default)]
    modified: Option<Timestamp>,
    doc: String,
    start: usize,
    end: usize,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    codes: Option<Vec<String>>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    author: Option<String>,
}

/// Reads JSON lines into passages, and the bad lines as errors with their numbers.
pub fn jsonl_passages(jsonl: &str) -> (Vec<Passage>, Vec<LineError>) {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (i, raw) in jsonl.lines().enumerate() {
        let n = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let line: Line = match serde_json::from_str(raw) {
            Ok(line) => line,
            Err(err) => {
                errors.push(LineError::at(n, format!("not a passage: {err}")));
                continue;
            }
        };
        // An entity mention line of `qari export --with-entities`: not an annotation.
        let no_code = line.code.is_none() && line.codes.is_none() && line.kind.is_none();
        if line.entity.is_some() && no_code {
            continue;
        }
        // `codes: []` says "no code"; a line that names none at all is a mistake.
        let codes: Option<Vec<String>> = match (line.codes, line.code.or(line.kind)) {
            (Some(codes), _) => Some(codes),
            (None, Some(code)) => Some(vec![code]),
            (None, None) => None,
        };
        let Some(codes) = codes.filter(|c| c.iter().all(|c| !c.trim().is_empty())) else {
            errors.push(LineError::at(n, "no `code` (or `type`, or `codes`)".into()));
            continue;
        };
        out.push(Passage {
            line: n,
            file: None,
            doc: line.doc,
            start: line.start,
            end: line.end,
            codes,
            note: line.note.unwrap_or_default(),
            author: line.author,
            created: line.created,
            modified: line.modified,
        });
    }
    (out, errors)
}

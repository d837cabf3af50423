//! JSON lines: one passage a line with `doc`, `start`, `end` (code points, end exclusive) and
//! `code` (or `type`, or a list `codes`, as `qari annotations` writes them), and optionally
//! `note` and `author`: the layout of the gold files in `../shared/data/eval/*/gold.jsonl`.
//! The passage's text, when a line gives it (`quote`, as `qari annotations` writes it, or
//! `text`, as the gold files do), must be the document's text at the offsets.
//! Entity mention lines of `qari export --with-entities` are passed over.

use jiff::Timestamp;
use serde::Deserialize;
use serde_json::Value;

use super::passage::offset;
use super::{LineError, Passage};

#[derive(Deserialize)]
struct Line {
    #[serde(default)]
    entity: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    created: Option<Timestamp>,
    #[serde(default)]
    modified: Option<Timestamp>,
    doc: String,
    #[serde(default)]
    start: Option<Value>,
    #[serde(default)]
    end: Option<Value>,
    #[serde(default)]
    quote: Option<String>,
    #[serde(default)]
    text: Option<String>,
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
        let (line, start, end) = match read_line(raw) {
            Ok(read) => read,
            Err(message) => {
                errors.push(LineError::at(n, message));
                continue;
            }
        };
        // An entity mention line of `qari export --with-entities` (a name only the tagger
        // found has no entity, but a source): not an annotation.
        let no_code = line.code.is_none() && line.codes.is_none() && line.kind.is_none();
        if (line.entity.is_some() || line.source.is_some()) && no_code {
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
            start,
            end,
            codes,
            note: line.note.unwrap_or_default(),
            author: line.author,
            created: line.created,
            modified: line.modified,
            quote: line.quote.or(line.text),
            pieces: Vec::new(),
        });
    }
    (out, errors)
}

/// One line: an object with a `doc`, a `start` and an `end` that are whole numbers, not
/// negative.
fn read_line(raw: &str) -> Result<(Line, usize, usize), String> {
    let line: Line = match serde_json::from_str::<Value>(raw) {
        Err(err) => return Err(format!("not a passage: {err}")),
        Ok(Value::Object(map)) => serde_json::from_value(Value::Object(map))
            .map_err(|err| format!("not a passage: {err}"))?,
        Ok(other) => {
            return Err(format!(
                "not a passage: a JSON object with doc, start, end and code is wanted, not {}",
                kind(&other)
            ));
        }
    };
    let start = offset(line.start.as_ref(), "start")?;
    let end = offset(line.end.as_ref(), "end")?;
    Ok((line, start, end))
}

/// What a JSON value is, for a message.
pub(super) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

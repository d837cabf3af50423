//! W3C Web Annotation (JSON-LD): one `AnnotationCollection` with every annotation in its first
//! page. Each annotation targets its document (`source`: the document id) with a
//! `TextQuoteSelector` (exact, prefix, suffix) and a `TextPositionSelector` (start, end in code
//! points, as the model says); each code is a `TextualBody` with purpose `tagging` (the code
//! path), the note one with purpose `commenting`; `creator`, `created` and `modified` as
//! recorded. [`read`] takes such a collection (or a list of annotations) back.

use serde_json::{Value, json};

use super::Selection;
use crate::annotations::import::{LineError, Passage};

/// The collection as JSON.
pub fn collection(selection: &Selection<'_>, label: &str) -> Value {
    let items: Vec<Value> = selection
        .annotations
        .iter()
        .zip(&selection.codes)
        .map(|(a, codes)| {
            let mut body: Vec<Value> = codes
                .iter()
                .map(|c| {
                    json!({
                        "type": "TextualBody",
                        "purpose": "tagging",
                        "value": selection.codebook.path(*c),
                    })
                })
                .collect();
            if !a.note.is_empty() {
                body.push(json!({
                    "type": "TextualBody",
                    "purpose": "commenting",
                    "value": a.note,
                    "format": "text/plain",
                }));
            }
            json!({
                "id": format!("urn:qari:annotation:{}", a.id.0),
                "type": "Annotation",
                "created": a.created.to_string(),
                "modified": a.modified.to_string(),
                "creator": {"type": "Person", "name": a.author},
                "body": body,
                "target": {
                    "source": a.doc,
                    "selector": [
                        {
                            "type": "TextQuoteSelector",
                            "exact": a.quote,
                            "prefix": a.prefix,
                            "suffix": a.suffix,
                        },
                        {
                            "type": "TextPositionSelector",
                            "start": a.start,
                            "end": a.end,
                        },
                    ],
                },
            })
        })
        .collect();
    json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "label": label,
        "total": items.len(),
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    })
}

/// The passages of a collection (every page given inline), an `AnnotationPage`, or a list of
/// annotations. An annotation without a `TextPositionSelector` on a `source` is an error, with
/// its index as the "line".
pub fn read(json: &Value) -> (Vec<Passage>, Vec<LineError>) {
    let items: Vec<&Value> = match json.get("type").and_then(Value::as_str) {
        Some("AnnotationCollection") => {
            let mut items = Vec::new();
            let mut page = json.get("first");
            while let Some(p) = page {
                items.extend(
                    p.get("items")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten(),
                );
                page = p.get("next").filter(|n| n.is_object());
            }
            items
        }
        Some("AnnotationPage") => json
            .get("items")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .collect(),
        _ => json.as_array().into_iter().flatten().collect(),
    };
    let (mut out, mut errors) = (Vec::new(), Vec::new());
    for (i, item) in items.iter().enumerate() {
        let n = i + 1;
        match passage(item, n) {
            Ok(p) => out.push(p),
            Err(message) => errors.push(LineError {
                file: None,
                line: n,
                message: format!("annotation {n}: {message}"),
            }),
        }
    }
    (out, errors)
}

fn passage(item: &Value, n: usize) -> Result<Passage, String> {
    let target = item.get("target").ok_or("no target")?;
    let doc = target
        .get("source")
        .and_then(Value::as_str)
        .ok_or("no target source")?;
    let selectors: Vec<&Value> = match target.get("selector") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    let position = selectors
        .iter()
        .find(|s| s.get("type").and_then(Value::as_str) == Some("TextPositionSelector"))
        .ok_or("no TextPositionSelector")?;
    let offset = |key: &str| {
        position
            .get(key)
            .and_then(Value::as_u64)
            .map(|v| v as usize)
            .ok_or(format!("no {key} in the TextPositionSelector"))
    };
    let bodies: Vec<&Value> = match item.get("body") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    let with = |purpose: &str| -> Vec<String> {
        bodies
            .iter()
            .filter(|b| b.get("purpose").and_then(Value::as_str) == Some(purpose))
            .filter_map(|b| b.get("value").and_then(Value::as_str).map(str::to_owned))
            .collect()
    };
    let time = |key: &str| {
        item.get(key)
            .and_then(Value::as_str)
            .and_then(|t| t.parse().ok())
    };
    let author = match item.get("creator") {
        Some(Value::String(name)) => Some(name.clone()),
        Some(c) => c.get("name").and_then(Value::as_str).map(str::to_owned),
        None => None,
    };
    Ok(Passage {
        line: n,
        file: None,
        doc: doc.to_owned(),
        start: offset("start")?,
        end: offset("end")?,
        codes: with("tagging"),
        note: with("commenting").join("\n"),
        author,
        created: time("created"),
        modified: time("modified"),
    })
}

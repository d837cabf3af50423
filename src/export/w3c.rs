//! W3C Web Annotation (JSON-LD): one `AnnotationCollection` with every annotation in its first
//! page. Each annotation targets its document (`source`: the document id) with a
//! `TextQuoteSelector` (exact, prefix, suffix) and a `TextPositionSelector` (start, end in code
//! points, as the model says); each code is a `TextualBody` with purpose `tagging` (the code
//! path), the note one with purpose `commenting`; `creator`, `created` and `modified` as
//! recorded. [`crate::import::w3c::read`] takes such a collection (or a list of annotations)
//! back.

use serde_json::{Value, json};

use super::Selection;

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

//! W3C Web Annotation (JSON-LD), as [`crate::export::w3c`] writes it: an
//! `AnnotationCollection` (every page given inline), an `AnnotationPage`, a list of
//! annotations, or one `Annotation`; other JSON (`42`, `{"a": 1}`) is not read ([`items`]), nor
//! is a collection whose pages (the first, or one after it) are given only by their address:
//! qari fetches nothing, and refuses rather than import part of a collection.
//! Each annotation targets its document with a `TextPositionSelector` (start, end in code
//! points, whole numbers not negative); the `exact` of a `TextQuoteSelector` is kept to be
//! checked against the document ([`Passage::quote`]). The document is the `source`'s
//! `dcterms:identifier`, else the id inside a qari document IRI
//! (`urn:qari:project:P:document:ID`), else the source as written (files of qari before IRIs
//! have the bare document id: both forms are read). `TextualBody` bodies with purpose `tagging` are its codes, those with purpose `commenting` its
//! note; `creator`, `created` and `modified` when given.

use serde_json::Value;

use super::jsonl::kind;
use super::passage::offset;
use super::{LineError, Passage};
use crate::annotations::codebook::visible;
use crate::export::w3c::iri;
use crate::text::one_line;

/// The annotations of a collection (every page given inline), an `AnnotationPage` (and the
/// pages after it, given inline), a list of annotations or one `Annotation`, each as it is
/// (one that is not a JSON object is [`read`]'s error, at its position). An error ([`NOT_W3C`])
/// for JSON that is none of these (`42`, `{"a": 1}`), and one saying where for a collection
/// whose annotations would not all be read: a page given by its address, `items` that are not
/// a list, a page that is not an object, a collection with a `total` above 0 and no pages. A
/// collection without pages and a `total` of 0 (or none) is empty.
pub fn items(json: &Value) -> Result<Vec<&Value>, String> {
    match json.get("type").and_then(Value::as_str) {
        Some("AnnotationCollection") => match json.get("first") {
            None | Some(Value::Null) => match json.get("total") {
                Some(total) if total.as_u64() != Some(0) => Err(format!(
                    "the collection holds {} annotations but gives no first page",
                    one_line(&total.to_string(), 20)
                )),
                _ => Ok(Vec::new()),
            },
            Some(first) => pages(first),
        },
        Some("AnnotationPage") => pages(json),
        Some("Annotation") => Ok(vec![json]),
        _ => match json.as_array() {
            Some(list) => Ok(list.iter().collect()),
            None => Err(NOT_W3C.to_owned()),
        },
    }
}

/// The annotations of `first` and every page after it (`next`), each page given inline.
fn pages(first: &Value) -> Result<Vec<&Value>, String> {
    let by_address = |n: usize, address: &str| {
        format!(
            "page {n} is given by address ({}): pages given by address are not read; export the \
             collection with its pages embedded",
            visible(&one_line(address, 80))
        )
    };
    let mut items = Vec::new();
    let mut page = Some(first);
    let mut n = 1;
    while let Some(p) = page {
        match p {
            Value::String(address) => return Err(by_address(n, address)),
            Value::Object(_) => {}
            other => {
                return Err(format!(
                    "page {n} is {}, not an AnnotationPage object",
                    kind(other)
                ));
            }
        }
        match p.get("items") {
            Some(Value::Array(list)) => items.extend(list),
            None | Some(Value::Null) => {
                return Err(match p.get("id").and_then(Value::as_str) {
                    // A page of which only the address is given.
                    Some(address) => by_address(n, address),
                    None => format!("page {n} has no items"),
                });
            }
            Some(other) => {
                return Err(format!(
                    "the items of page {n} are {}, not a list",
                    kind(other)
                ));
            }
        }
        page = p.get("next").filter(|next| !next.is_null());
        n += 1;
    }
    Ok(items)
}

/// What [`read`] says of JSON that is not a W3C Web Annotation collection or annotation.
pub const NOT_W3C: &str = "not a W3C Web Annotation collection or annotation";

/// The passages of a collection (every page given inline), an `AnnotationPage`, a list of
/// annotations or one `Annotation` ([`items`]). An annotation without a `TextPositionSelector`
/// on a `source`, or that is not a JSON object, is an error, with its index as the "line"; JSON
/// of another shape, or a collection not all of whose pages are given inline, is one error
/// ([`items`]) on line 1.
pub fn read(json: &Value) -> (Vec<Passage>, Vec<LineError>) {
    let items = match items(json) {
        Ok(items) => items,
        Err(reason) => return (Vec::new(), vec![LineError::at(1, reason)]),
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
    if !item.is_object() {
        return Err(format!("{}, not an annotation object", kind(item)));
    }
    let target = item.get("target").ok_or("no target")?;
    let doc = document_of(target.get("source")).ok_or("no target source")?;
    let selectors: Vec<&Value> = match target.get("selector") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    let position = selectors
        .iter()
        .find(|s| s.get("type").and_then(Value::as_str) == Some("TextPositionSelector"))
        .ok_or("no TextPositionSelector")?;
    let at = |key: &str| {
        offset(position.get(key), key).map_err(|e| format!("{e} in the TextPositionSelector"))
    };
    let quote = selectors
        .iter()
        .find(|s| s.get("type").and_then(Value::as_str) == Some("TextQuoteSelector"))
        .and_then(|s| s.get("exact"))
        .map(|exact| {
            exact
                .as_str()
                .map(str::to_owned)
                .ok_or("the TextQuoteSelector's exact is not a string")
        })
        .transpose()?;
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
        doc,
        start: at("start")?,
        end: at("end")?,
        codes: with("tagging"),
        note: with("commenting").join("\n"),
        author,
        created: time("created"),
        modified: time("modified"),
        quote,
        pieces: Vec::new(),
    })
}

/// The document a target's `source` names: its `dcterms:identifier` (what qari writes), else
/// the id inside a qari document IRI, else the source as it is (qari before IRIs wrote the
/// bare document id; another tool's IRI is matched against the ids as written).
fn document_of(source: Option<&Value>) -> Option<String> {
    let named = |iri: &str| iri::document_id(iri).unwrap_or_else(|| iri.to_owned());
    match source? {
        Value::String(iri) => Some(named(iri)),
        Value::Object(resource) => match resource.get("dcterms:identifier") {
            Some(Value::String(id)) => Some(id.clone()),
            _ => resource.get("id").and_then(Value::as_str).map(named),
        },
        _ => None,
    }
    .filter(|doc| !doc.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_is_read_and_an_annotation_without_offsets_is_an_error() {
        let annotation = |start: u64, end: u64| {
            serde_json::json!({
                "type": "Annotation",
                "creator": {"type": "Person", "name": "sara"},
                "created": "2024-05-01T10:00:00Z",
                "body": [
                    {"type": "TextualBody", "purpose": "tagging", "value": "الناس/شخص"},
                    {"type": "TextualBody", "purpose": "commenting", "value": "الرئيس"},
                ],
                "target": {
                    "source": "a.txt",
                    "selector": {"type": "TextPositionSelector", "start": start, "end": end},
                },
            })
        };
        let no_offsets = serde_json::json!({
            "type": "Annotation",
            "target": {"source": "a.txt", "selector": {"type": "TextQuoteSelector", "exact": "قال"}},
        });
        let collection = serde_json::json!({
            "type": "AnnotationCollection",
            "first": {
                "type": "AnnotationPage",
                "items": [annotation(11, 18)],
                "next": {"type": "AnnotationPage", "items": [annotation(22, 28), no_offsets]},
            },
        });
        let (passages, errors) = read(&collection);
        let spans: Vec<(usize, usize)> = passages.iter().map(|p| (p.start, p.end)).collect();
        assert_eq!(spans, [(11, 18), (22, 28)]);
        assert_eq!(passages[0].codes, ["الناس/شخص"]);
        assert_eq!(passages[0].note, "الرئيس");
        assert_eq!(passages[0].author.as_deref(), Some("sara"));
        assert!(passages[0].created.is_some() && passages[0].modified.is_none());
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].to_string(),
            "line 3: annotation 3: no TextPositionSelector"
        );
    }
}

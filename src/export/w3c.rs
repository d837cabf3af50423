//! W3C Web Annotation (JSON-LD): one `AnnotationCollection` with every annotation in its one
//! page, as the Web Annotation Data Model has them (§3 annotations, §5 collections and pages).
//!
//! Every resource is named by an IRI ([`iri`]):
//! - each annotation `urn:qari:project:P:annotation:N`;
//! - the collection `urn:qari:project:P:collection:H`, where H is a hash of what it holds, so
//!   two exports of the same annotations share an IRI and different selections do not;
//! - its one page (none when it is empty) the collection's IRI with `:page:1`, `partOf` the
//!   collection (given as an object, its IRI, label and total, as the model's example does);
//! - each document `urn:qari:project:P:document:ID`.
//!
//! P is the project's name and ID the document id, both percent-encoded (UTF-8; the folders of
//! an id keep their `/`). A target is a `SpecificResource` whose `source` is the document: its
//! IRI, type `Text`, and its qari id as `dcterms:identifier`, so that
//! [`crate::import::w3c::read`] maps an annotation back to its document. Selectors: a
//! `TextQuoteSelector` (exact, prefix, suffix) and a `TextPositionSelector` (start, end in
//! code points, as the model says). Each code is a `TextualBody` with purpose `tagging` (the
//! code path), the note one with purpose `commenting`; `creator`, `created` and `modified` as
//! recorded (xsd:dateTime, UTC).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde_json::{Value, json};

use super::Selection;

/// What stays as it is in a name inside an IRI: the unreserved characters of RFC 3986.
const NAME: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The same, and `/` between the folders of a document id.
const PATH: &AsciiSet = &NAME.remove(b'/');

/// The Web Annotation JSON-LD context. The page and each annotation carry it too, so that each
/// is a whole document of the model when taken out of the collection.
const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The prefix of every IRI qari gives in an export.
const SCHEME: &str = "urn:qari:project:";

/// The IRIs of an export's resources.
pub mod iri {
    use super::*;

    /// The IRI prefix of a project's resources: `urn:qari:project:P`.
    pub fn project(project: &str) -> String {
        format!("{SCHEME}{}", utf8_percent_encode(project, NAME))
    }

    /// A document's IRI: `urn:qari:project:P:document:ID`.
    pub fn document(project: &str, doc: &str) -> String {
        format!(
            "{}:document:{}",
            self::project(project),
            utf8_percent_encode(doc, PATH)
        )
    }

    /// The document id a document IRI of qari names (of any project), `None` for another IRI
    /// or one whose id is not UTF-8.
    pub fn document_id(iri: &str) -> Option<String> {
        let rest = iri.strip_prefix(SCHEME)?;
        let (_, doc) = rest.split_once(":document:")?;
        let id = percent_decode_str(doc).decode_utf8().ok()?;
        (!id.is_empty()).then(|| id.into_owned())
    }
}

/// The collection as JSON; `project` is the project's name (in the IRIs).
pub fn collection(selection: &Selection<'_>, label: &str, project: &str) -> Value {
    let base = iri::project(project);
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
            let mut annotation = json!({
                "@context": CONTEXT,
                "id": format!("{base}:annotation:{}", a.id.0),
                "type": "Annotation",
                "created": a.created.to_string(),
                "modified": a.modified.to_string(),
                "creator": {"type": "Person", "name": a.author},
                "target": {
                    "type": "SpecificResource",
                    "source": {
                        "id": iri::document(project, &a.doc),
                        "type": "Text",
                        "dcterms:identifier": a.doc,
                    },
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
            });
            // A passage with neither code nor note has no body (the model allows none).
            if !body.is_empty() {
                annotation["body"] = Value::Array(body);
            }
            annotation
        })
        .collect();
    // Named by what it holds: the same annotations, the same IRI.
    let digest = blake3::hash(Value::Array(items.clone()).to_string().as_bytes());
    let id = format!("{base}:collection:{}", &digest.to_hex()[..16]);
    let total = items.len();
    let mut collection = json!({
        "@context": CONTEXT,
        "id": id,
        "type": "AnnotationCollection",
        "label": label,
        "total": total,
    });
    // An empty collection has no pages (§5.1: `first` when there are annotations).
    if total > 0 {
        let page = format!("{id}:page:1");
        collection["first"] = json!({
            "@context": CONTEXT,
            "id": page,
            "type": "AnnotationPage",
            "partOf": {"id": id, "label": label, "total": total},
            "startIndex": 0,
            "items": items,
        });
        collection["last"] = json!(page);
    }
    collection
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_iris_are_percent_encoded_and_give_the_id_back() {
        let iri = iri::document("مشروع 1", "2015/مقال #1.txt");
        assert_eq!(
            iri,
            "urn:qari:project:%D9%85%D8%B4%D8%B1%D9%88%D8%B9%201:document:\
             2015/%D9%85%D9%82%D8%A7%D9%84%20%231.txt"
        );
        assert!(iri.is_ascii());
        assert_eq!(iri::document_id(&iri).as_deref(), Some("2015/مقال #1.txt"));
        assert_eq!(iri::document_id("a.txt"), None);
        assert_eq!(iri::document_id("urn:qari:project:p:annotation:1"), None);
        assert_eq!(iri::document_id("urn:qari:project:p:document:%FF"), None);
    }
}

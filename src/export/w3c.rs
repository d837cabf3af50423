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

use std::borrow::Cow;
use std::io::Write;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde::{Serialize, Serializer};

use super::Selection;
use crate::annotations::{Annotation, CodeId};

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

/// Writes the collection as JSON (indented by two spaces, the keys of each object in
/// alphabetical order) to `out`; `project` is the project's name (in the IRIs). Goes over the
/// selection twice, to name the collection by a hash of its items and then to write them, and
/// holds only the annotation it is writing: an export of 300,000 annotations needs no more
/// memory than one of ten.
pub fn write(
    out: &mut dyn Write,
    selection: &Selection<'_>,
    label: &str,
    project: &str,
) -> std::io::Result<()> {
    let base = iri::project(project);
    let items = Items {
        selection,
        project,
        base: &base,
    };
    // Named by what it holds: the same annotations, the same IRI. The hash is of the items as
    // compact JSON, written straight into the hasher.
    let mut hasher = blake3::Hasher::new();
    serde_json::to_writer(&mut hasher, &items)?;
    let id = format!("{base}:collection:{}", &hasher.finalize().to_hex()[..16]);
    let total = selection.annotations.len();
    // An empty collection has no pages (§5.1: `first` when there are annotations).
    let page = (total > 0).then(|| format!("{id}:page:1"));
    let collection = Collection {
        context: CONTEXT,
        first: page.as_deref().map(|page| Page {
            context: CONTEXT,
            id: page,
            items: &items,
            part_of: PartOf {
                id: &id,
                label,
                total,
            },
            start_index: 0,
            kind: "AnnotationPage",
        }),
        id: &id,
        label,
        last: page.as_deref(),
        total,
        kind: "AnnotationCollection",
    };
    serde_json::to_writer_pretty(out, &collection)?;
    Ok(())
}

// The resources as the model names their properties. Fields are in alphabetical order of
// their names in JSON, the order the export has always written them in (and hashed them in).

#[derive(Serialize)]
struct Collection<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    first: Option<Page<'a>>,
    id: &'a str,
    label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    last: Option<&'a str>,
    total: usize,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Page<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: &'a str,
    items: &'a Items<'a>,
    /// The collection, as an object (its IRI, label and total), as the model's example has it.
    #[serde(rename = "partOf")]
    part_of: PartOf<'a>,
    #[serde(rename = "startIndex")]
    start_index: usize,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct PartOf<'a> {
    id: &'a str,
    label: &'a str,
    total: usize,
}

/// The annotations of a selection, made one at a time as they are written.
struct Items<'a> {
    selection: &'a Selection<'a>,
    project: &'a str,
    /// [`iri::project`] of `project`.
    base: &'a str,
}

impl Serialize for Items<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let selection = self.selection;
        serializer.collect_seq(
            selection
                .annotations
                .iter()
                .zip(&selection.codes)
                .map(|(a, codes)| self.item(a, codes)),
        )
    }
}

impl<'a> Items<'a> {
    fn item(&self, a: &'a Annotation, codes: &[CodeId]) -> Item<'a> {
        let mut body: Vec<Body<'a>> = codes
            .iter()
            .map(|c| Body {
                format: None,
                purpose: "tagging",
                kind: "TextualBody",
                value: Cow::Owned(self.selection.codebook.path(*c)),
            })
            .collect();
        if !a.note.is_empty() {
            body.push(Body {
                format: Some("text/plain"),
                purpose: "commenting",
                kind: "TextualBody",
                value: Cow::Borrowed(&a.note),
            });
        }
        Item {
            context: CONTEXT,
            body,
            created: &a.created,
            creator: Creator {
                name: &a.author,
                kind: "Person",
            },
            id: format!("{}:annotation:{}", self.base, a.id.0),
            modified: &a.modified,
            target: Target {
                selector: (
                    Quote {
                        exact: &a.quote,
                        prefix: &a.prefix,
                        suffix: &a.suffix,
                        kind: "TextQuoteSelector",
                    },
                    Position {
                        end: a.end,
                        start: a.start,
                        kind: "TextPositionSelector",
                    },
                ),
                source: Source {
                    identifier: &a.doc,
                    id: iri::document(self.project, &a.doc),
                    kind: "Text",
                },
                kind: "SpecificResource",
            },
            kind: "Annotation",
        }
    }
}

#[derive(Serialize)]
struct Item<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    /// A passage with neither code nor note has no body (the model allows none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    body: Vec<Body<'a>>,
    #[serde(serialize_with = "as_text")]
    created: &'a jiff::Timestamp,
    creator: Creator<'a>,
    id: String,
    #[serde(serialize_with = "as_text")]
    modified: &'a jiff::Timestamp,
    target: Target<'a>,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// A code (purpose `tagging`, its path) or the note (`commenting`).
#[derive(Serialize)]
struct Body<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    purpose: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    value: Cow<'a, str>,
}

#[derive(Serialize)]
struct Creator<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Target<'a> {
    selector: (Quote<'a>, Position),
    source: Source<'a>,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Quote<'a> {
    exact: &'a str,
    prefix: &'a str,
    suffix: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// Start and end in code points, end exclusive.
#[derive(Serialize)]
struct Position {
    end: usize,
    start: usize,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// The document: its IRI, and its qari id as `dcterms:identifier`.
#[derive(Serialize)]
struct Source<'a> {
    #[serde(rename = "dcterms:identifier")]
    identifier: &'a str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// A timestamp as xsd:dateTime text (UTC), written without a copy.
fn as_text<S: Serializer>(time: &&jiff::Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(time)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::{AnnotationId, Code, Codebook, Colour};
    use crate::corpus::ContentHash;
    use serde_json::Value;

    fn code(id: u32, name: &str, parent: Option<u32>) -> Code {
        Code {
            id: CodeId(id),
            name: name.into(),
            colour: Colour([1, 2, 3]),
            description: String::new(),
            shortcut: None,
            parent: parent.map(CodeId),
            attention: String::new(),
            kind: None,
        }
    }

    fn annotation(id: u64, doc: &str, codes: &[u32], note: &str) -> Annotation {
        Annotation {
            id: AnnotationId(id),
            doc: doc.into(),
            start: 3,
            end: 8,
            codes: codes.iter().map(|c| CodeId(*c)).collect(),
            quote: "الأمن".into(),
            prefix: "\"قال ".into(),
            suffix: "\n".into(),
            hash: ContentHash::of("x"),
            note: note.into(),
            attention: String::new(),
            author: "سارة".into(),
            created: "2026-11-21T17:00:00Z".parse().expect("a time"),
            modified: "2026-11-21T17:00:00.5Z".parse().expect("a time"),
        }
    }

    fn written(selection: &Selection<'_>) -> Value {
        let mut out = Vec::new();
        write(&mut out, selection, "a label", "مشروع 1").expect("written to memory");
        serde_json::from_slice(&out).expect("JSON")
    }

    #[test]
    fn the_collection_is_named_by_the_hash_of_its_items_as_written() {
        let codebook = Codebook {
            codes: vec![code(1, "أشخاص", None), code(2, "رئيس", Some(1))],
        };
        let list = [
            annotation(7, "a.txt", &[2, 1], "ملاحظة \"بين علامتين\""),
            annotation(9, "b/c.txt", &[], ""),
        ];
        let selection = Selection::new(&codebook, &list, &super::super::Options::default());
        let json = written(&selection);
        let items = &json["first"]["items"];
        // serde_json's own map writes keys in alphabetical order: the items as written are
        // the items as that map writes them, so the hash is the one the export always gave.
        let digest = blake3::hash(items.to_string().as_bytes()).to_hex();
        let id = json["id"].as_str().expect("an id");
        assert!(
            id.ends_with(&format!(":collection:{}", &digest[..16])),
            "{id}"
        );
        assert_eq!(json["first"]["id"], format!("{id}:page:1"));
        assert_eq!(json["last"], json["first"]["id"]);
        assert_eq!(json["first"]["partOf"]["id"], id);
        assert_eq!(json["total"], 2);
        let first = &items[0];
        assert_eq!(first["body"][0]["value"], "أشخاص/رئيس");
        assert_eq!(first["body"][1]["value"], "أشخاص");
        assert_eq!(first["body"][2]["purpose"], "commenting");
        assert_eq!(first["body"][2]["value"], "ملاحظة \"بين علامتين\"");
        assert_eq!(first["created"], "2026-11-21T17:00:00Z");
        assert_eq!(first["modified"], "2026-11-21T17:00:00.5Z");
        assert_eq!(first["target"]["selector"][0]["prefix"], "\"قال ");
        assert_eq!(first["target"]["selector"][1]["end"], 8);
        assert_eq!(first["target"]["source"]["dcterms:identifier"], "a.txt");
        // No code and no note: no body.
        assert!(items[1].get("body").is_none());
        assert!(items[1]["id"].as_str().unwrap().ends_with(":annotation:9"));
    }

    #[test]
    fn an_empty_collection_has_no_page() {
        let codebook = Codebook::default();
        let selection = Selection::new(&codebook, [], &super::super::Options::default());
        let json = written(&selection);
        assert_eq!(json["total"], 0);
        assert!(json.get("first").is_none() && json.get("last").is_none());
    }

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

//! REFI-QDA, the exchange standard of MAXQDA, ATLAS.ti, NVivo and QualCoder:
//!
//! - a project (`.qdpx`): a zip of `project.qde` (XML in the namespace
//!   `urn:QDA-XML:project:1.0`) and `sources/GUID.txt`, the plain text of each document (the text
//!   qari indexes). The project holds the users (annotation authors), the codebook (the code
//!   tree with colours and descriptions), each document as a `TextSource` with a
//!   `PlainTextSelection` per annotation (start and end positions in Unicode code points, as the
//!   standard counts them) carrying a `Coding` per code, and each note as a `Note` (memo) whose
//!   `NoteRef` sits in its selection; document memos are notes on their source;
//! - a codebook alone (`.qdc`): `CodeBook` in the namespace `urn:QDA-XML:codebook:1.0`.
//!
//! GUIDs are UUID version 5 of the project's name and the thing's kind and id, so exporting the
//! same project twice gives the same file.

use std::fmt::Write as _;
use std::io::Write as _;

use uuid::Uuid;

use super::Selection;
use crate::annotations::{CodeId, Codebook, DocumentCodings};

/// The namespace of `project.qde`.
pub const PROJECT_NS: &str = "urn:QDA-XML:project:1.0";
/// The namespace of a `.qdc` codebook.
pub const CODEBOOK_NS: &str = "urn:QDA-XML:codebook:1.0";

/// Whether XML 1.0 allows the character at all (its `Char` production: TAB, LF, CR, and from
/// U+0020 on, less the surrogates, which a Rust string cannot hold, and U+FFFE and U+FFFF).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// Escapes text for XML (attribute values too); a character XML 1.0 forbids becomes U+FFFD, the
/// replacement character, so the text keeps its length in code points.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if !is_xml_char(c) => out.push('\u{FFFD}'),
            other => out.push(other),
        }
    }
    out
}

/// Deterministic GUIDs for one project.
struct Guids(Uuid);

impl Guids {
    fn new(project: &str) -> Self {
        Self(Uuid::new_v5(
            &Uuid::NAMESPACE_URL,
            format!("qari:{project}").as_bytes(),
        ))
    }

    fn of(&self, kind: &str, id: &str) -> String {
        Uuid::new_v5(&self.0, format!("{kind}:{id}").as_bytes())
            .hyphenated()
            .to_string()
    }
}

/// The `<Codes>` element of a codebook.
fn codes_xml(book: &Codebook, guids: &Guids, indent: &str) -> String {
    fn tree(
        book: &Codebook,
        guids: &Guids,
        parent: Option<CodeId>,
        depth: usize,
        out: &mut String,
    ) {
        for code in book.children(parent) {
            let pad = "  ".repeat(depth);
            let _ = writeln!(
                out,
                "{pad}<Code guid=\"{}\" name=\"{}\" isCodable=\"true\" color=\"{}\">",
                guids.of("code", &code.id.0.to_string()),
                esc(&code.name),
                code.colour.to_string().to_uppercase()
            );
            if !code.description.is_empty() {
                let _ = writeln!(
                    out,
                    "{pad}  <Description>{}</Description>",
                    esc(&code.description)
                );
            }
            tree(book, guids, Some(code.id), depth + 1, out);
            let _ = writeln!(out, "{pad}</Code>");
        }
    }
    let mut out = format!("{indent}<Codes>\n");
    let mut inner = String::new();
    tree(book, guids, None, 0, &mut inner);
    for line in inner.lines() {
        let _ = writeln!(out, "{indent}  {line}");
    }
    let _ = writeln!(out, "{indent}</Codes>");
    out
}

/// A codebook alone (`.qdc`).
pub fn codebook(book: &Codebook, project: &str) -> String {
    let guids = Guids::new(project);
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CodeBook xmlns=\"{CODEBOOK_NS}\" \
         origin=\"qari {}\">\n{}</CodeBook>\n",
        env!("CARGO_PKG_VERSION"),
        codes_xml(book, &guids, "  ")
    )
}

/// `project.qde` for the documents `docs` (id, length of the text in code points), and the
/// name of each document's source file in the archive (`sources/GUID.txt`), in their order.
pub fn project(
    selection: &Selection<'_>,
    codings: &DocumentCodings,
    docs: &[(String, usize)],
    project: &str,
) -> (String, Vec<String>) {
    let guids = Guids::new(project);
    let book = selection.codebook;
    let user = |name: &str| guids.of("user", name);
    let mut users: Vec<&str> = selection
        .annotations
        .iter()
        .map(|a| a.author.as_str())
        .collect();
    users.extend(codings.0.values().map(|c| c.author.as_str()));
    users.sort_unstable();
    users.dedup();
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"{PROJECT_NS}\" \
         name=\"{}\" origin=\"qari {}\">\n",
        esc(project),
        env!("CARGO_PKG_VERSION")
    );
    if !users.is_empty() {
        xml.push_str("  <Users>\n");
        for u in &users {
            let _ = writeln!(xml, "    <User guid=\"{}\" name=\"{}\"/>", user(u), esc(u));
        }
        xml.push_str("  </Users>\n");
    }
    // The schema wants at least one code in <Codes>, one source in <Sources>.
    if !book.codes.is_empty() {
        xml.push_str("  <CodeBook>\n");
        xml.push_str(&codes_xml(book, &guids, "    "));
        xml.push_str("  </CodeBook>\n");
    }
    let mut notes = String::new();
    let mut files = Vec::new();
    if !docs.is_empty() {
        xml.push_str("  <Sources>\n");
    }
    for (doc, length) in docs {
        let source = guids.of("source", doc);
        let path = format!("{source}.txt");
        files.push(format!("sources/{path}"));
        let _ = writeln!(
            xml,
            "    <TextSource guid=\"{source}\" name=\"{}\" plainTextPath=\"internal://{path}\">",
            esc(doc)
        );
        for (a, codes) in selection.of_doc(doc) {
            let id = a.id.0.to_string();
            let _ = writeln!(
                xml,
                "      <PlainTextSelection guid=\"{}\" name=\"{}\" startPosition=\"{}\" \
                 endPosition=\"{}\" creatingUser=\"{}\" creationDateTime=\"{}\" \
                 modifyingUser=\"{}\" modifiedDateTime=\"{}\">",
                guids.of("selection", &id),
                esc(&a.quote),
                a.start,
                a.end,
                user(&a.author),
                a.created,
                user(&a.author),
                a.modified
            );
            for c in codes {
                let _ = writeln!(
                    xml,
                    "        <Coding guid=\"{}\" creatingUser=\"{}\" creationDateTime=\"{}\">\
                     <CodeRef targetGUID=\"{}\"/></Coding>",
                    guids.of("coding", &format!("{id}:{}", c.0)),
                    user(&a.author),
                    a.created,
                    guids.of("code", &c.0.to_string())
                );
            }
            if !a.note.is_empty() {
                let note = guids.of("note", &id);
                let _ = writeln!(xml, "        <NoteRef targetGUID=\"{note}\"/>");
                let _ = writeln!(
                    notes,
                    "    <Note guid=\"{note}\" name=\"{}\" creatingUser=\"{}\" \
                     creationDateTime=\"{}\"><PlainTextContent>{}</PlainTextContent></Note>",
                    esc(&format!("Note on “{}”", a.quote)),
                    user(&a.author),
                    a.modified,
                    esc(&a.note)
                );
            }
            xml.push_str("      </PlainTextSelection>\n");
        }
        let coding = codings.0.get(doc);
        // Codes of the whole document: a selection of the whole text (sources carry no
        // codings of their own in the standard).
        if let Some(coding) = coding.filter(|c| !c.codes.is_empty()) {
            let _ = writeln!(
                xml,
                "      <PlainTextSelection guid=\"{}\" name=\"(whole document)\" \
                 startPosition=\"0\" endPosition=\"{}\" creatingUser=\"{}\" \
                 creationDateTime=\"{}\">",
                guids.of("document-selection", doc),
                length,
                user(&coding.author),
                coding.modified
            );
            for c in &coding.codes {
                let _ = writeln!(
                    xml,
                    "        <Coding guid=\"{}\" creatingUser=\"{}\" creationDateTime=\"{}\">\
                     <CodeRef targetGUID=\"{}\"/></Coding>",
                    guids.of("document-coding", &format!("{doc}:{}", c.0)),
                    user(&coding.author),
                    coding.modified,
                    guids.of("code", &c.0.to_string())
                );
            }
            xml.push_str("      </PlainTextSelection>\n");
        }
        // The document memo, after the selections (the schema's order).
        if let Some(coding) = coding.filter(|c| !c.memo.is_empty()) {
            let note = guids.of("memo", doc);
            let _ = writeln!(xml, "      <NoteRef targetGUID=\"{note}\"/>");
            let _ = writeln!(
                notes,
                "    <Note guid=\"{note}\" name=\"{}\" creatingUser=\"{}\" \
                 creationDateTime=\"{}\"><PlainTextContent>{}</PlainTextContent></Note>",
                esc(&format!("Memo on {doc}")),
                user(&coding.author),
                coding.modified,
                esc(&coding.memo)
            );
        }
        xml.push_str("    </TextSource>\n");
    }
    if !docs.is_empty() {
        xml.push_str("  </Sources>\n");
    }
    if !notes.is_empty() {
        xml.push_str("  <Notes>\n");
        xml.push_str(&notes);
        xml.push_str("  </Notes>\n");
    }
    xml.push_str("</Project>\n");
    (xml, files)
}

/// The `.qdpx` zip of a project and its sources: the source `files` named as
/// [`project`] gave them, the text of the `i`th from `text_of(i)`, read as it is packed (so
/// that no more than one text is held at a time); `io_error` says what a failure of the zip
/// is.
pub fn qdpx<E>(
    project_xml: &str,
    files: &[String],
    mut text_of: impl FnMut(usize) -> Result<String, E>,
    io_error: impl Fn(std::io::Error) -> E,
) -> Result<Vec<u8>, E> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let zip_error = |error| io_error(std::io::Error::other(error));
    zip.start_file("project.qde", options).map_err(zip_error)?;
    zip.write_all(project_xml.as_bytes()).map_err(&io_error)?;
    for (i, name) in files.iter().enumerate() {
        let text = text_of(i)?;
        zip.start_file(name.as_str(), options).map_err(zip_error)?;
        zip.write_all(text.as_bytes()).map_err(&io_error)?;
    }
    let cursor = zip.finish().map_err(zip_error)?;
    Ok(cursor.into_inner())
}

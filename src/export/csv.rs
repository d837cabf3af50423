//! CSV: one row per annotation and code (an annotation without a code is one row with an empty
//! code), UTF-8 with a byte order mark so Excel shows Arabic, RFC 4180 quoting (a field with a
//! comma, quote or line break is quoted, quotes doubled), CRLF line ends. Columns: `document`,
//! `start`, `end`, `quote`, `code` (path, `parent/child`), `note`, `author`, `created`,
//! `modified`, `prefix`, `suffix`. Entity mentions, when asked for, follow as rows whose code
//! is `entity/KIND/CANONICAL NAME` and whose author is `qari`.

use std::io::Write;

use super::Selection;

/// The header row.
pub const COLUMNS: [&str; 11] = [
    "document", "start", "end", "quote", "code", "note", "author", "created", "modified", "prefix",
    "suffix",
];

/// Writes the selection as CSV.
pub fn write(out: &mut dyn Write, selection: &Selection<'_>) -> std::io::Result<()> {
    out.write_all("\u{FEFF}".as_bytes())?;
    let mut csv = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    csv.write_record(COLUMNS)?;
    for (a, codes) in selection.annotations.iter().zip(&selection.codes) {
        let paths: Vec<String> = if codes.is_empty() {
            vec![String::new()]
        } else {
            codes.iter().map(|c| selection.codebook.path(*c)).collect()
        };
        for path in paths {
            csv.write_record([
                a.doc.as_str(),
                &a.start.to_string(),
                &a.end.to_string(),
                &a.quote,
                &path,
                &a.note,
                &a.author,
                &a.created.to_string(),
                &a.modified.to_string(),
                &a.prefix,
                &a.suffix,
            ])?;
        }
    }
    for m in &selection.mentions {
        let code = format!(
            "entity/{}/{}",
            m.kind.as_str(),
            m.entity.replace('/', "\\/")
        );
        csv.write_record([
            m.doc.as_str(),
            &m.start.to_string(),
            &m.end.to_string(),
            &m.text,
            &code,
            "",
            "qari",
            "",
            "",
            "",
            "",
        ])?;
    }
    csv.flush()
}

//! CSV: one row per annotation and code (an annotation without a code is one row with an empty
//! code), UTF-8 with a byte order mark so Excel shows Arabic, RFC 4180 quoting (a field with a
//! comma, quote or line break is quoted, quotes doubled), CRLF line ends. Columns: `document`,
//! `start`, `end`, `quote`, `code` (path, `parent/child`), `note`, `author`, `created`,
//! `modified`, `prefix`, `suffix`. Entity mentions, when asked for, follow as rows whose code
//! is `entity/KIND/CANONICAL NAME` and whose author is `qari`.
//!
//! A text cell (every column but `start`, `end`, `created` and `modified`) that begins with one
//! of [`FORMULA_STARTS`] (`=`, `+`, `-`, `@`, a tab, a carriage return or NUL: the list of
//! OWASP ASVS 1.2.10) is written with a `'` before it, so that a spreadsheet shows it as text
//! rather than running it as a formula (OWASP, "CSV Injection").
//! [`write()`] with `raw` writes every cell as it is.

use std::borrow::Cow;
use std::io::Write;

use super::Selection;

/// The header row.
pub const COLUMNS: [&str; 11] = [
    "document", "start", "end", "quote", "code", "note", "author", "created", "modified", "prefix",
    "suffix",
];

/// The characters that make a spreadsheet read a cell as a formula when it begins with one (the
/// one list of them: the module doc names them).
pub const FORMULA_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\0'];

/// A text cell as a spreadsheet must not run it: with a `'` before it when it begins with one of
/// [`FORMULA_STARTS`].
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Writes the selection as CSV; text cells are [`neutralise`]d unless `raw`.
pub fn write(out: &mut dyn Write, selection: &Selection<'_>, raw: bool) -> std::io::Result<()> {
    let text = |cell: &'_ str| -> String {
        if raw {
            cell.to_owned()
        } else {
            neutralise(cell).into_owned()
        }
    };
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
                text(&a.doc),
                a.start.to_string(),
                a.end.to_string(),
                text(&a.quote),
                text(&path),
                text(&a.note),
                text(&a.author),
                a.created.to_string(),
                a.modified.to_string(),
                text(&a.prefix),
                text(&a.suffix),
            ])?;
        }
    }
    for m in &selection.mentions {
        let name = m.entity.as_deref().unwrap_or(&m.text);
        let code = format!("entity/{}/{}", m.kind.as_str(), name.replace('/', "\\/"));
        csv.write_record([
            text(&m.doc),
            m.start.to_string(),
            m.end.to_string(),
            text(&m.text),
            text(&code),
            text(&m.provenance()),
            "qari".to_owned(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ])?;
    }
    csv.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_cells_a_spreadsheet_would_run_get_a_quote() {
        for cell in [
            "=1+1",
            "+1",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "=HYPERLINK(\"x\")",
        ] {
            assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["", "قال", "1-2", "a=b", "'=x", " =x", "\nx"] {
            assert_eq!(neutralise(cell), cell, "{cell:?}");
        }
    }
}

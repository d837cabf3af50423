//! Document attributes imported from a CSV (`qari attributes import PROJECT FILE.csv`, or
//! File → Import document attributes): a column naming the document (`document`, `doc`, `id`,
//! `file` … or else the first), and any others, such as `source`, `date` or `author`. They are
//! kept in the project ([`crate::annotations::DocumentAttributes`]) and used by the Analysis
//! views and `qari chart`: a `date` column dates the documents (before a date in the page or
//! the file name), and any column filters and groups them.
//!
//! The file is read in its own encoding (UTF-8, with or without BOM, or an Arabic code page, as
//! the corpus is), separated by commas, or by semicolons or tabs when its header is. Each bad
//! row is reported with its line: a wrong number of fields, no document, a document the
//! corpus does not have, the same document twice, a date that is not one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::annotations::{Attributes, DocumentAttributes};
use crate::corpus::DocumentInfo;
use crate::corpus::dates::iso_date;

/// Header names of the column that names the document (any case).
const DOCUMENT_COLUMNS: &[&str] = &[
    "document",
    "doc",
    "id",
    "document_id",
    "doc_id",
    "file",
    "filename",
    "file_name",
    "path",
];

/// A row that cannot be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadRow {
    /// Its line in the file (the header is line 1).
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

/// The attributes read from a CSV.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttributeTable {
    /// The attribute columns (the document's column left out), as the header names them.
    pub columns: Vec<String>,
    /// Each document's values (empty cells left out).
    pub rows: BTreeMap<String, Attributes>,
    /// Rows that cannot be imported.
    pub bad: Vec<BadRow>,
}

/// A CSV that cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum AttributesError {
    /// The file cannot be read.
    #[error("could not read the attributes ({error}): {path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// The header is missing or unusable.
    #[error("{message}: {path}")]
    Header {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// Reads a CSV of document attributes; `known` says whether the corpus has a document id.
pub fn read_csv(
    path: &Path,
    known: &dyn Fn(&str) -> bool,
) -> Result<AttributeTable, AttributesError> {
    let bytes = std::fs::read(path).map_err(|error| AttributesError::Io {
        path: path.into(),
        error,
    })?;
    parse_csv(&bytes, known).map_err(|message| AttributesError::Header {
        path: path.into(),
        message,
    })
}

/// Parses a CSV of document attributes (see [`read_csv`]); the error says what is wrong with
/// its header.
pub fn parse_csv(bytes: &[u8], known: &dyn Fn(&str) -> bool) -> Result<AttributeTable, String> {
    let text = crate::corpus::decode::decode(bytes, None).text;
    let header_line = text.lines().next().unwrap_or_default();
    let delimiter = if header_line.contains(',') {
        b','
    } else if header_line.contains(';') {
        b';'
    } else if header_line.contains('\t') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| format!("the header cannot be read ({e})"))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    if header.iter().all(String::is_empty) {
        return Err(
            "no header: the first line names the columns (document, then attributes)".into(),
        );
    }
    if let Some(blank) = header.iter().position(String::is_empty) {
        return Err(format!("column {} of the header has no name", blank + 1));
    }
    let doc_column = header
        .iter()
        .position(|h| DOCUMENT_COLUMNS.contains(&h.to_lowercase().as_str()))
        .unwrap_or(0);
    let columns: Vec<String> = header
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != doc_column)
        .map(|(_, h)| h.clone())
        .collect();
    if columns.is_empty() {
        return Err("no attribute columns: only the document's".into());
    }
    let mut seen: Vec<&str> = header.iter().map(|h| h.as_str()).collect();
    seen.sort_by_key(|h| h.to_lowercase());
    if let Some(twice) = seen.windows(2).find(|w| w[0].eq_ignore_ascii_case(w[1])) {
        return Err(format!("column {} is in the header twice", twice[0]));
    }
    let mut table = AttributeTable {
        columns,
        ..AttributeTable::default()
    };
    // The line a record starts on, from where the reader started it (the CSV reader's own
    // count leaves out blank lines, and a record starts where the blank lines before it do).
    let line_at = |byte: u64| {
        let bytes = text.as_bytes();
        let mut at = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        while bytes.get(at) == Some(&b'\n') {
            at += 1;
        }
        1 + memchr::memchr_iter(b'\n', &bytes[..at]).count() as u64
    };
    let mut first_line: BTreeMap<String, u64> = BTreeMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(p.byte()));
                table.bad.push(BadRow {
                    line,
                    message: format!("not CSV ({e})"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| line_at(p.byte()));
        let mut bad = |message: String| table.bad.push(BadRow { line, message });
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() != header.len() {
            bad(format!(
                "{} fields where the header has {}",
                record.len(),
                header.len()
            ));
            continue;
        }
        let doc = record[doc_column].trim().to_owned();
        if doc.is_empty() {
            bad(format!("no document in column {}", header[doc_column]));
            continue;
        }
        if !known(&doc) {
            bad(format!("no document {doc} in the corpus"));
            continue;
        }
        if let Some(first) = first_line.get(&doc) {
            bad(format!("document {doc} again (first on line {first})"));
            continue;
        }
        let mut values = Attributes::new();
        let mut fine = true;
        for (i, field) in record.iter().enumerate() {
            let value = field.trim();
            if i == doc_column || value.is_empty() {
                continue;
            }
            if header[i].eq_ignore_ascii_case("date") && iso_date(value).is_none() {
                bad(format!(
                    "date {value:?} is not a date (year-month-day, 2015-07-21)"
                ));
                fine = false;
                break;
            }
            values.insert(header[i].clone(), value.to_owned());
        }
        if fine {
            first_line.insert(doc.clone(), line);
            table.rows.insert(doc, values);
        }
    }
    Ok(table)
}

/// Each document's date: its imported `date` attribute, else the date it states or its file
/// name gives ([`DocumentInfo::date`]).
pub fn document_dates(docs: &[DocumentInfo], attributes: &DocumentAttributes) -> Vec<Option<Date>> {
    docs.iter()
        .map(|d| attributes.get(&d.id, "date").and_then(iso_date).or(d.date))
        .collect()
}

/// Which documents have `column` = `value` (any case of the column name, the value as
/// written); `None` for every document when no filter is given.
pub fn documents_where(
    docs: &[DocumentInfo],
    attributes: &DocumentAttributes,
    filter: Option<(&str, &str)>,
) -> Option<Vec<bool>> {
    let (column, value) = filter?;
    Some(
        docs.iter()
            .map(|d| attributes.get(&d.id, column) == Some(value))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(id: &str) -> bool {
        ["a.txt", "b.txt", "c.txt"].contains(&id)
    }

    #[test]
    fn rows_are_read_by_their_document_column_and_bad_rows_are_named_by_line() {
        let csv = "\u{FEFF}source,Document,date,author\n\
                   aawsat,a.txt,2015-07-21,سارة\n\
                   alhayat,b.txt,,\n\
                   bbc,d.txt,2015-07-22,x\n\
                   bbc,c.txt,21/07/2015,x\n\
                   bbc,a.txt,2015-07-23,x\n\
                   only,two\n\
                   \n\
                   bbc,,2015-07-23,x\n";
        let table = parse_csv(csv.as_bytes(), &known).unwrap();
        assert_eq!(table.columns, ["source", "date", "author"]);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows["a.txt"]["author"], "سارة");
        assert_eq!(table.rows["a.txt"]["date"], "2015-07-21");
        assert_eq!(
            table.rows["b.txt"],
            Attributes::from([("source".to_owned(), "alhayat".to_owned())])
        );
        let bad: Vec<(u64, &str)> = table
            .bad
            .iter()
            .map(|b| (b.line, b.message.as_str()))
            .collect();
        assert_eq!(
            bad,
            [
                (4, "no document d.txt in the corpus"),
                (
                    5,
                    "date \"21/07/2015\" is not a date (year-month-day, 2015-07-21)"
                ),
                (6, "document a.txt again (first on line 2)"),
                (7, "2 fields where the header has 4"),
                (9, "no document in column Document"),
            ]
        );
    }

    #[test]
    fn semicolons_and_windows_1256_are_read_and_a_bad_header_is_refused() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode("id;المصدر\na.txt;الشرق الأوسط\n");
        let table = parse_csv(&bytes, &known).unwrap();
        assert_eq!(table.rows["a.txt"]["المصدر"], "الشرق الأوسط");
        assert!(parse_csv(b"document\na.txt\n", &known).is_err());
        assert!(parse_csv(b"document,,x\na.txt,1,2\n", &known).is_err());
        assert!(parse_csv(b"document,date,Date\na.txt,1,2\n", &known).is_err());
        assert!(parse_csv(b"", &known).is_err());
    }
}

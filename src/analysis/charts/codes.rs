//! A project's codes as grids: passages per code and document (MAXQDA's Code Matrix
//! Browser), and how often each two codes meet on one passage or on overlapping passages (its
//! Code Relations Browser).

use super::{csv_writer, finish, io, neutralise, rgb};
use crate::analysis::matrix::{
    code_cooccurrence, code_cooccurrence_by_paragraph, code_document_matrix,
};
use crate::analysis::svg::{MatrixRow, matrix};
use crate::annotations::{Annotations, CodeId, Codebook};
use crate::text::isolated;

/// What a grid's columns are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Columns {
    /// Documents: a cell counts a code's passages in a document.
    Documents,
    /// Codes again: a cell counts how often two codes meet.
    Codes,
}

/// Where two codes meet, for a code × code grid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Meet {
    /// On one passage, or on two passages that overlap.
    #[default]
    Overlap,
    /// In one paragraph.
    Paragraph,
}

impl Meet {
    /// Both, in the order offered.
    pub const ALL: [Self; 2] = [Self::Overlap, Self::Paragraph];

    /// How it is said ("on one passage or overlapping passages").
    pub fn label(self) -> &'static str {
        match self {
            Self::Overlap => "on one passage or overlapping passages",
            Self::Paragraph => "in one paragraph",
        }
    }
}

/// A document's paragraphs, read again from its file (none when it cannot be read).
pub fn document_paragraphs(doc: &crate::corpus::DocumentInfo) -> Vec<std::ops::Range<usize>> {
    doc.read()
        .map(|t| {
            crate::agreement::report::UnitKind::Paragraph
                .units_of(0, &t.text)
                .into_iter()
                .map(|u| u.range)
                .collect()
        })
        .unwrap_or_default()
}

/// A grid of counts, a row per code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeGrid {
    /// What the columns are.
    pub columns_are: Columns,
    /// The codes of the rows.
    pub codes: Vec<CodeId>,
    /// Their paths.
    pub labels: Vec<String>,
    /// Their colours, `#rrggbb`.
    pub colours: Vec<String>,
    /// The columns' names (document ids, or code paths).
    pub columns: Vec<String>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<usize>>,
    /// Passages in the project.
    pub passages: usize,
    /// The documents' attribute the columns group them by (a column a value), if any.
    pub grouped_by: Option<String>,
    /// Where two codes meet (a code × code grid).
    pub meet: Meet,
}

/// The column of documents without the attribute a grid groups by.
pub const NO_VALUE: &str = "(none)";

impl CodeGrid {
    /// Passages per code and document (documents in `order`, the corpus's).
    pub fn matrix(annotations: &Annotations, book: &Codebook, order: &[&str]) -> Self {
        let m = code_document_matrix(annotations, book, order);
        Self::of(
            Columns::Documents,
            book,
            m.codes,
            m.docs,
            m.cells,
            annotations.len(),
        )
    }

    /// How often each two codes meet in one paragraph (`paragraphs` of a document id, in text
    /// order).
    pub fn relations_by_paragraph(
        annotations: &Annotations,
        book: &Codebook,
        paragraphs: &dyn Fn(&str) -> Vec<std::ops::Range<usize>>,
    ) -> Self {
        let (codes, cells) = code_cooccurrence_by_paragraph(annotations, book, paragraphs);
        let names = codes.iter().map(|c| book.path(*c)).collect();
        Self {
            meet: Meet::Paragraph,
            ..Self::of(Columns::Codes, book, codes, names, cells, annotations.len())
        }
    }

    /// How often each two codes meet on one passage or on overlapping passages.
    pub fn relations(annotations: &Annotations, book: &Codebook) -> Self {
        let (codes, cells) = code_cooccurrence(annotations, book);
        let names = codes.iter().map(|c| book.path(*c)).collect();
        Self::of(Columns::Codes, book, codes, names, cells, annotations.len())
    }

    fn of(
        columns_are: Columns,
        book: &Codebook,
        codes: Vec<CodeId>,
        columns: Vec<String>,
        cells: Vec<Vec<usize>>,
        passages: usize,
    ) -> Self {
        Self {
            columns_are,
            labels: codes.iter().map(|c| book.path(*c)).collect(),
            colours: codes
                .iter()
                .map(|c| rgb(book.get(*c).map_or([128, 128, 128], |c| c.colour.0)))
                .collect(),
            codes,
            columns,
            cells,
            passages,
            grouped_by: None,
            meet: Meet::Overlap,
        }
    }

    /// The grid with its document columns grouped by an attribute: a column per value
    /// (`value_of` a document id; [`NO_VALUE`] for none), in natural order.
    pub fn grouped(self, attribute: &str, value_of: &dyn Fn(&str) -> Option<String>) -> Self {
        let value = |doc: &str| value_of(doc).unwrap_or_else(|| NO_VALUE.to_owned());
        let mut groups: Vec<String> = self.columns.iter().map(|d| value(d)).collect();
        groups.sort_by(|a, b| {
            (a == NO_VALUE)
                .cmp(&(b == NO_VALUE))
                .then_with(|| crate::corpus::natural_order(a, b))
        });
        groups.dedup();
        let place: std::collections::HashMap<&str, usize> = groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.as_str(), i))
            .collect();
        let at: Vec<usize> = self
            .columns
            .iter()
            .map(|d| place.get(value(d).as_str()).copied().unwrap_or(0))
            .collect();
        let cells = self
            .cells
            .iter()
            .map(|row| {
                let mut summed = vec![0; groups.len()];
                for (c, n) in row.iter().enumerate() {
                    summed[at[c]] += n;
                }
                summed
            })
            .collect();
        Self {
            columns: groups,
            cells,
            grouped_by: Some(attribute.to_owned()),
            ..self
        }
    }

    /// The largest cell.
    pub fn largest(&self) -> usize {
        self.cells.iter().flatten().copied().max().unwrap_or(0)
    }

    /// What the grid shows, in a line.
    pub fn said(&self) -> String {
        match self.columns_are {
            Columns::Documents => match &self.grouped_by {
                Some(attribute) => format!(
                    "{} codes × {} values of {}, {} passages",
                    self.codes.len(),
                    self.columns.len(),
                    isolated(attribute),
                    self.passages
                ),
                None => format!(
                    "{} codes × {} documents, {} passages",
                    self.codes.len(),
                    self.columns.len(),
                    self.passages
                ),
            },
            Columns::Codes => {
                let meetings: usize = self.cells.iter().flatten().sum::<usize>() / 2;
                format!("{} codes meeting {meetings} times", self.codes.len())
            }
        }
    }

    /// The chart's title.
    pub fn title(&self) -> String {
        match self.columns_are {
            Columns::Documents => format!("Passages per code and document ({})", self.said()),
            Columns::Codes => format!("Codes {} ({})", self.meet.label(), self.said()),
        }
    }

    /// The grid as an SVG document.
    pub fn svg(&self) -> String {
        let rows: Vec<MatrixRow> = self
            .labels
            .iter()
            .zip(&self.colours)
            .zip(&self.cells)
            .map(|((label, colour), cells)| MatrixRow {
                label: label.clone(),
                colour: colour.clone(),
                cells: cells.clone(),
            })
            .collect();
        matrix(&self.title(), &self.columns, &rows)
    }

    /// The cells that are not empty: (code, document, passages), or (code_a, code_b,
    /// meetings) once per pair.
    pub fn csv(&self) -> std::io::Result<Vec<u8>> {
        let mut csv = csv_writer();
        let header = match (self.columns_are, &self.grouped_by) {
            (Columns::Documents, None) => ["code", "document", "passages"],
            (Columns::Documents, Some(attribute)) => ["code", attribute.as_str(), "passages"],
            (Columns::Codes, _) => ["code_a", "code_b", "meetings"],
        };
        csv.write_record(header).map_err(io)?;
        for (i, row) in self.cells.iter().enumerate() {
            let from = match self.columns_are {
                Columns::Documents => 0,
                Columns::Codes => i + 1,
            };
            for (j, n) in row.iter().enumerate().skip(from) {
                if *n > 0 {
                    csv.write_record([
                        neutralise(&self.labels[i]).as_str(),
                        neutralise(&self.columns[j]).as_str(),
                        &n.to_string(),
                    ])
                    .map_err(io)?;
                }
            }
        }
        finish(csv)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_columns_add_up_their_documents_with_the_ungrouped_last() {
        let grid = CodeGrid {
            columns_are: Columns::Documents,
            codes: vec![CodeId(1), CodeId(2)],
            labels: vec!["a".into(), "b".into()],
            colours: vec!["#000000".into(); 2],
            columns: vec!["d1".into(), "d2".into(), "d3".into(), "d4".into()],
            cells: vec![vec![1, 2, 3, 4], vec![0, 5, 0, 6]],
            passages: 21,
            grouped_by: None,
            meet: Meet::Overlap,
        };
        let source = |doc: &str| match doc {
            "d1" | "d3" => Some("bbc".to_owned()),
            "d2" => Some("aawsat".to_owned()),
            _ => None,
        };
        let grouped = grid.grouped("source", &source);
        assert_eq!(grouped.columns, ["aawsat", "bbc", NO_VALUE]);
        assert_eq!(grouped.cells, [vec![2, 4, 4], vec![5, 0, 6]]);
        assert!(
            grouped
                .said()
                .contains("3 values of \u{2068}source\u{2069}")
        );
    }
}

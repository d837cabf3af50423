//! The code × document matrix (MAXQDA's Code Matrix Browser): how many passages each code has
//! in each document.

use std::collections::BTreeMap;

use crate::annotations::{Annotations, CodeId, Codebook};

/// Passages per code and document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matrix {
    /// The rows: codes with at least one passage, in codebook order.
    pub codes: Vec<CodeId>,
    /// The columns: documents with at least one coded passage, in corpus order (their ids).
    pub docs: Vec<String>,
    /// `cells[row][column]`: passages of the row's code in the column's document.
    pub cells: Vec<Vec<usize>>,
}

impl Matrix {
    /// The largest cell (0 when there is none).
    pub fn largest(&self) -> usize {
        self.cells.iter().flatten().copied().max().unwrap_or(0)
    }
}

/// The matrix of a project's passages. `doc_ids` gives the corpus order of documents; a
/// passage on a document not in it comes after them, by id. A passage with two codes counts
/// in both rows.
pub fn code_document_matrix(
    annotations: &Annotations,
    book: &Codebook,
    doc_ids: &[&str],
) -> Matrix {
    let order: BTreeMap<&str, usize> = doc_ids.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let mut counts: BTreeMap<(CodeId, &str), usize> = BTreeMap::new();
    for a in annotations.iter() {
        for code in &a.codes {
            *counts.entry((*code, a.doc.as_str())).or_default() += 1;
        }
    }
    let codes: Vec<CodeId> = book
        .codes
        .iter()
        .map(|c| c.id)
        .filter(|id| counts.keys().any(|(c, _)| c == id))
        .collect();
    let mut docs: Vec<&str> = counts.keys().map(|(_, d)| *d).collect();
    docs.sort_by_key(|d| (order.get(d).copied().unwrap_or(usize::MAX), *d));
    docs.dedup();
    let cells = codes
        .iter()
        .map(|code| {
            docs.iter()
                .map(|doc| counts.get(&(*code, *doc)).copied().unwrap_or(0))
                .collect()
        })
        .collect();
    Matrix {
        codes,
        docs: docs.into_iter().map(str::to_owned).collect(),
        cells,
    }
}

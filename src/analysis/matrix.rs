//! The code × document matrix (MAXQDA's Code Matrix Browser): how many passages each code has
//! in each document; and the code × code matrix (its Code Relations Browser): how often two
//! codes meet, on one passage or on passages that overlap.

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

/// How often each two codes meet: a passage with both, or two passages of one document that
/// overlap (each pair of passages counted once). `codes` are the codes that meet any other,
/// in codebook order; `cells[i][j]` (symmetric, zero on the diagonal) the meetings of codes
/// `i` and `j`.
pub fn code_cooccurrence(
    annotations: &Annotations,
    book: &Codebook,
) -> (Vec<CodeId>, Vec<Vec<usize>>) {
    let mut meetings: BTreeMap<(CodeId, CodeId), usize> = BTreeMap::new();
    let mut meet = |a: CodeId, b: CodeId| {
        if a != b {
            *meetings.entry((a.min(b), a.max(b))).or_default() += 1;
        }
    };
    let mut by_doc: BTreeMap<&str, Vec<&crate::annotations::Annotation>> = BTreeMap::new();
    for a in annotations.iter() {
        by_doc.entry(a.doc.as_str()).or_default().push(a);
    }
    for passages in by_doc.values_mut() {
        passages.sort_by_key(|a| (a.start, a.end));
        for (i, a) in passages.iter().enumerate() {
            // One passage's own codes.
            for (k, x) in a.codes.iter().enumerate() {
                for y in &a.codes[k + 1..] {
                    meet(*x, *y);
                }
            }
            // The passages after it that begin before it ends.
            for b in passages[i + 1..].iter().take_while(|b| b.start < a.end) {
                for x in &a.codes {
                    for y in &b.codes {
                        meet(*x, *y);
                    }
                }
            }
        }
    }
    as_grid(book, meetings)
}

/// How often each two codes meet in one paragraph: the paragraphs (`paragraphs` of each
/// document, code-point ranges in text order) that hold passages of both, each counted once.
/// A passage is in every paragraph it overlaps. As [`code_cooccurrence`] gives them.
pub fn code_cooccurrence_by_paragraph(
    annotations: &Annotations,
    book: &Codebook,
    paragraphs: &dyn Fn(&str) -> Vec<std::ops::Range<usize>>,
) -> (Vec<CodeId>, Vec<Vec<usize>>) {
    let mut by_doc: BTreeMap<&str, Vec<&crate::annotations::Annotation>> = BTreeMap::new();
    for a in annotations.iter() {
        by_doc.entry(a.doc.as_str()).or_default().push(a);
    }
    let mut meetings: BTreeMap<(CodeId, CodeId), usize> = BTreeMap::new();
    for (doc, passages) in by_doc {
        let ranges = paragraphs(doc);
        let mut codes_in: Vec<std::collections::BTreeSet<CodeId>> =
            vec![Default::default(); ranges.len()];
        for a in passages {
            let first = ranges.partition_point(|r| r.end <= a.start);
            for (codes, r) in codes_in.iter_mut().zip(&ranges).skip(first) {
                if r.start >= a.end.max(a.start + 1) {
                    break;
                }
                codes.extend(a.codes.iter().copied());
            }
        }
        for codes in codes_in {
            let codes: Vec<CodeId> = codes.into_iter().collect();
            for (k, x) in codes.iter().enumerate() {
                for y in &codes[k + 1..] {
                    *meetings.entry((*x, *y)).or_default() += 1;
                }
            }
        }
    }
    as_grid(book, meetings)
}

/// Meetings of pairs of codes as a symmetric grid of the codes that meet any other, in
/// codebook order.
fn as_grid(
    book: &Codebook,
    meetings: BTreeMap<(CodeId, CodeId), usize>,
) -> (Vec<CodeId>, Vec<Vec<usize>>) {
    let codes: Vec<CodeId> = book
        .codes
        .iter()
        .map(|c| c.id)
        .filter(|id| meetings.keys().any(|(a, b)| a == id || b == id))
        .collect();
    let index: BTreeMap<CodeId, usize> = codes.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let mut cells = vec![vec![0; codes.len()]; codes.len()];
    for ((a, b), n) in meetings {
        if let (Some(i), Some(j)) = (index.get(&a), index.get(&b)) {
            cells[*i][*j] = n;
            cells[*j][*i] = n;
        }
    }
    (codes, cells)
}

//! From coded passages to units: each coder's passages, and the reliability matrix of a code
//! over a list of units (tokens, sentences, paragraphs or whole documents).
//!
//! A coder's value for a unit and a code is 1 when one of their passages with that code
//! overlaps the unit (shares a code point with it) and 0 otherwise. Every coder is taken to
//! have read every unit given: a coder who tagged nothing in a document says "none of these
//! codes here".

use std::ops::Range;

/// One coder's passage with one code. Documents, coders and codes are numbered by the caller.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Coded {
    /// The coder (row of the matrices).
    pub coder: usize,
    /// The document.
    pub doc: usize,
    /// Its code points in the document, end exclusive.
    pub range: Range<usize>,
    /// The code.
    pub code: u32,
}

impl Coded {
    /// A coder's passage with a code.
    pub fn new(coder: usize, doc: usize, range: Range<usize>, code: u32) -> Self {
        Self {
            coder,
            doc,
            range,
            code,
        }
    }
}

/// A unit: a range of a document's code points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// The document.
    pub doc: usize,
    /// Its code points, end exclusive.
    pub range: Range<usize>,
}

/// The reliability matrix of one code: `coders` rows, one column a unit, each cell 1 when the
/// coder's passages with `code` overlap the unit, else 0. `units` are in order (by document,
/// then start) and do not overlap, as tokens or sentences are.
pub fn code_matrix(
    units: &[Unit],
    passages: &[Coded],
    coders: usize,
    code: u32,
) -> Vec<Vec<Option<u32>>> {
    let mut matrix = vec![vec![Some(0); units.len()]; coders];
    for p in passages
        .iter()
        .filter(|p| p.code == code && p.coder < coders)
    {
        // The first unit of the passage's document that ends after the passage starts.
        let first = units.partition_point(|u| (u.doc, u.range.end) <= (p.doc, p.range.start));
        for (u, unit) in units.iter().enumerate().skip(first) {
            if unit.doc != p.doc || unit.range.start >= p.range.end {
                break;
            }
            matrix[p.coder][u] = Some(1);
        }
    }
    matrix
}

/// Every code's matrix side by side: one column a (unit, code) pair, for the figure over all
/// codes.
pub fn pooled_matrix(
    units: &[Unit],
    passages: &[Coded],
    coders: usize,
    codes: &[u32],
) -> Vec<Vec<Option<u32>>> {
    let mut pooled = vec![Vec::new(); coders];
    for code in codes {
        for (row, part) in pooled
            .iter_mut()
            .zip(code_matrix(units, passages, coders, *code))
        {
            row.extend(part);
        }
    }
    pooled
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coded(coder: usize, range: Range<usize>, code: u32) -> Coded {
        Coded::new(coder, 0, range, code)
    }

    #[test]
    fn a_unit_is_coded_when_a_passage_with_the_code_overlaps_it() {
        let units: Vec<Unit> = [0..4, 5..9, 10..14]
            .into_iter()
            .map(|range| Unit { doc: 0, range })
            .collect();
        let passages = [coded(0, 3..6, 7), coded(1, 5..9, 7), coded(1, 10..14, 8)];
        assert_eq!(
            code_matrix(&units, &passages, 2, 7),
            [
                vec![Some(1), Some(1), Some(0)],
                vec![Some(0), Some(1), Some(0)]
            ]
        );
        let pooled = pooled_matrix(&units, &passages, 2, &[7, 8]);
        assert_eq!(
            pooled[1],
            [Some(0), Some(1), Some(0), Some(0), Some(0), Some(1)]
        );
        // A passage that ends where a unit begins does not touch it.
        assert_eq!(
            code_matrix(&units, &[coded(0, 0..5, 7)], 1, 7)[0],
            [Some(1), Some(0), Some(0)]
        );
    }
}

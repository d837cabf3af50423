//! Which entities are named together: in the same sentence, paragraph or document (the
//! "windows"), how often, and how much more often than chance.
//!
//! For two entities `a` and `b`, with `n` windows in the corpus, `n_a` and `n_b` the windows
//! naming each and `n_ab` the windows naming both:
//!
//! - **weight**: `n_ab`;
//! - **PMI**: log₂(n_ab · n / (n_a · n_b)), positive when they meet more often than chance;
//! - **log-likelihood** (Dunning's G²) of the 2×2 table of windows (both, `a` only, `b` only,
//!   neither): 2 Σ k log(k / expected), large when the meeting is unlikely to be chance.

use std::collections::{BTreeMap, BTreeSet};

/// Two entities named together.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pair {
    /// The entity of the lower index.
    pub a: usize,
    /// The other.
    pub b: usize,
    /// Windows naming both.
    pub weight: usize,
    /// Pointwise mutual information, in bits.
    pub pmi: f64,
    /// Dunning's log-likelihood G².
    pub log_likelihood: f64,
}

/// The pairs of entities that share a window, heaviest first (then by log-likelihood, then by
/// index). `in_windows` gives each mention's window as `(window, entity)`, a window being any
/// number that names a sentence, paragraph or document uniquely; `windows` is the number of
/// windows in the corpus, those naming nobody included (at least as many as are named).
pub fn cooccurrences(in_windows: &[(usize, usize)], windows: usize) -> Vec<Pair> {
    let mut by_window: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (window, entity) in in_windows {
        by_window.entry(*window).or_default().insert(*entity);
    }
    let n = windows.max(by_window.len()) as f64;
    let mut single: BTreeMap<usize, usize> = BTreeMap::new();
    let mut both: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for entities in by_window.values() {
        let list: Vec<usize> = entities.iter().copied().collect();
        for (i, a) in list.iter().enumerate() {
            *single.entry(*a).or_default() += 1;
            for b in &list[i + 1..] {
                *both.entry((*a, *b)).or_default() += 1;
            }
        }
    }
    let mut pairs: Vec<Pair> = both
        .into_iter()
        .map(|((a, b), weight)| {
            let (na, nb, nab) = (single[&a] as f64, single[&b] as f64, weight as f64);
            Pair {
                a,
                b,
                weight,
                pmi: (nab * n / (na * nb)).log2(),
                log_likelihood: g2(nab, na - nab, nb - nab, n - na - nb + nab),
            }
        })
        .collect();
    pairs.sort_by(|x, y| {
        y.weight
            .cmp(&x.weight)
            .then(y.log_likelihood.total_cmp(&x.log_likelihood))
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    pairs
}

/// G² of a 2×2 table (k11 both, k12 the first only, k21 the second only, k22 neither).
fn g2(k11: f64, k12: f64, k21: f64, k22: f64) -> f64 {
    let n = k11 + k12 + k21 + k22;
    let (row1, row2) = (k11 + k12, k21 + k22);
    let (col1, col2) = (k11 + k21, k12 + k22);
    let term = |k: f64, row: f64, col: f64| {
        if k > 0.0 {
            k * (k * n / (row * col)).ln()
        } else {
            0.0
        }
    };
    2.0 * (term(k11, row1, col1)
        + term(k12, row1, col2)
        + term(k21, row2, col1)
        + term(k22, row2, col2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_counted_once_a_window_with_pmi_and_log_likelihood() {
        // Windows: 0 {1, 2}, 1 {1, 2, 3}, 2 {1}, 3 {3}, 4 (nobody), entity 1 named twice in 0.
        let in_windows = [
            (0, 1),
            (0, 2),
            (0, 1),
            (1, 1),
            (1, 2),
            (1, 3),
            (2, 1),
            (3, 3),
        ];
        let pairs = cooccurrences(&in_windows, 5);
        let rows: Vec<(usize, usize, usize)> = pairs.iter().map(|p| (p.a, p.b, p.weight)).collect();
        assert_eq!(rows, [(1, 2, 2), (1, 3, 1), (2, 3, 1)]);
        // 1 in 3 windows, 2 in 2, both in 2, of 5: PMI log2(2·5 / (3·2)).
        assert!((pairs[0].pmi - (10.0f64 / 6.0).log2()).abs() < 1e-12);
        // G² of the table [[2, 1], [0, 2]], written out.
        let (n, k) = (5.0f64, [[2.0f64, 1.0], [0.0, 2.0]]);
        let rows_sum = [3.0, 2.0];
        let cols_sum = [2.0, 3.0];
        let mut expected = 0.0;
        for i in 0..2 {
            for j in 0..2 {
                if k[i][j] > 0.0 {
                    expected += k[i][j] * (k[i][j] * n / (rows_sum[i] * cols_sum[j])).ln();
                }
            }
        }
        assert!((pairs[0].log_likelihood - 2.0 * expected).abs() < 1e-12);
        assert!(cooccurrences(&[(0, 1)], 3).is_empty());
    }
}

//! Krippendorff's unitized alpha (α_u): agreement on where passages begin and end as well as on
//! their codes, for coders who each cut the text into passages of their own (Krippendorff 1995,
//! *Sociological Methodology* 25; 2004, *Quality & Quantity* 38).
//!
//! The documents are laid end to end as one continuum of `L` code points. For one code, each
//! coder's passages with that code are *units* and the rest of the continuum is *gaps* (cut at
//! every document's start, so no gap runs from one document into the next). Two sections of
//! different coders, `g` beginning at `b_g` of length `l_g` and `h` at `b_h` of length `l_h`,
//! with `d = b_g − b_h`, differ by
//!
//! - `d² + (d + l_g − l_h)²` when both are units and they overlap (the squared differences of
//!   their starts and ends);
//! - `l_g²` when `g` is a unit lying wholly inside the gap `h` (and `l_h²` the other way);
//! - 0 otherwise.
//!
//! The observed disagreement is the sum over ordered pairs of coders, divided by `m(m−1)L²`
//! (`m` coders). The expected disagreement is that of the same units placed at random:
//! `(2/L) Σ_u [(N−1)/3 · (2l³ − 3l² + l) + l² Σ_{gaps g, l_g ≥ l} (l_g − l + 1)] / [mL(mL − 1)
//! − Σ_u l(l − 1)]`, over every coder's units `u` (of length `l`; `N` units in all). Then
//! `α_u = 1 − D_o / D_e`, and over several codes `1 − Σ D_o / Σ D_e`.

use std::ops::Range;

use super::reliability::Undefined;

/// The observed and expected disagreement of one code.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Disagreement {
    /// Observed.
    pub observed: f64,
    /// Expected by chance.
    pub expected: f64,
}

impl Disagreement {
    /// `1 − observed / expected`; undefined when nothing is expected (no coder used the code).
    pub fn alpha(self) -> Result<f64, Undefined> {
        if self.expected == 0.0 {
            Err(Undefined::NoVariation)
        } else {
            Ok(1.0 - self.observed / self.expected)
        }
    }
}

/// α_u over several codes: `1 − Σ D_o / Σ D_e`.
pub fn pooled_alpha(codes: &[Disagreement]) -> Result<f64, Undefined> {
    let sum = codes
        .iter()
        .fold(Disagreement::default(), |acc, d| Disagreement {
            observed: acc.observed + d.observed,
            expected: acc.expected + d.expected,
        });
    sum.alpha()
}

/// One coder's sections of the continuum: `(begin, length, is_unit)`, in order.
fn sections(units: &[Range<usize>], breaks: &[usize], length: usize) -> Vec<(usize, usize, bool)> {
    let mut spans: Vec<Range<usize>> = units.iter().filter(|r| r.end > r.start).cloned().collect();
    spans.sort_by_key(|r| (r.start, r.end));
    // Overlapping passages of one coder are one unit.
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in spans {
        match merged.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    let mut out = Vec::new();
    let gap = |from: usize, to: usize, out: &mut Vec<(usize, usize, bool)>| {
        // Gaps are cut at every document start.
        let mut at = from;
        for b in breaks.iter().copied().filter(|b| *b > from && *b < to) {
            out.push((at, b - at, false));
            at = b;
        }
        if to > at {
            out.push((at, to - at, false));
        }
    };
    let mut at = 0;
    for r in merged {
        gap(at, r.start, &mut out);
        out.push((r.start, r.end - r.start, true));
        at = r.end;
    }
    gap(at, length, &mut out);
    out
}

/// The disagreement of `m` coders on one code. `passages[i]` are coder `i`'s passages with
/// the code, as ranges of the continuum (`0..length`); `breaks` are where documents start.
/// Undefined with fewer than two coders or an empty continuum.
pub fn disagreement(
    passages: &[Vec<Range<usize>>],
    breaks: &[usize],
    length: usize,
) -> Result<Disagreement, Undefined> {
    let m = passages.len();
    if m < 2 {
        return Err(Undefined::TooFewCoders(m));
    }
    if length == 0 {
        return Err(Undefined::NoUnits);
    }
    let coders: Vec<Vec<(usize, usize, bool)>> = passages
        .iter()
        .map(|p| sections(p, breaks, length))
        .collect();
    let big_l = length as f64;
    // Observed: only units overlapping a section of another coder can differ from it.
    let mut observed = 0.0;
    for (i, mine) in coders.iter().enumerate() {
        for (j, theirs) in coders.iter().enumerate() {
            if i == j {
                continue;
            }
            for &(bg, lg, _) in mine.iter().filter(|s| s.2) {
                // Their first section ending after this unit begins.
                let first = theirs.partition_point(|s| s.0 + s.1 <= bg);
                for &(bh, lh, unit_h) in &theirs[first..] {
                    if bh >= bg + lg {
                        break;
                    }
                    let d = bg as f64 - bh as f64;
                    let (lgf, lhf) = (lg as f64, lh as f64);
                    observed += if unit_h {
                        d * d + (d + lgf - lhf).powi(2)
                    } else if bg >= bh && bg + lg <= bh + lh {
                        // Counted for both orders of the pair: (my unit, their gap) here,
                        // (their gap, my unit) never visited, as gaps are not walked.
                        2.0 * lgf * lgf
                    } else {
                        0.0
                    };
                }
            }
        }
    }
    let mf = m as f64;
    let observed = observed / (mf * (mf - 1.0) * big_l * big_l);
    // Expected.
    let units: Vec<f64> = coders
        .iter()
        .flatten()
        .filter(|s| s.2)
        .map(|s| s.1 as f64)
        .collect();
    let mut gaps: Vec<f64> = coders
        .iter()
        .flatten()
        .filter(|s| !s.2)
        .map(|s| s.1 as f64)
        .collect();
    gaps.sort_by(f64::total_cmp);
    // Suffix sums of gap lengths, for Σ_{l_g ≥ l} (l_g − l + 1).
    let mut suffix = vec![0.0; gaps.len() + 1];
    for k in (0..gaps.len()).rev() {
        suffix[k] = suffix[k + 1] + gaps[k];
    }
    let n = units.len() as f64;
    let mut numerator = 0.0;
    let mut unit_pairs = 0.0;
    for &l in &units {
        let from = gaps.partition_point(|g| *g < l);
        let count = (gaps.len() - from) as f64;
        let fits = suffix[from] - count * (l - 1.0);
        numerator += (n - 1.0) / 3.0 * (2.0 * l * l * l - 3.0 * l * l + l) + l * l * fits;
        unit_pairs += l * (l - 1.0);
    }
    let denominator = mf * big_l * (mf * big_l - 1.0) - unit_pairs;
    let expected = if numerator == 0.0 {
        0.0
    } else {
        2.0 / big_l * numerator / denominator
    };
    Ok(Disagreement { observed, expected })
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)] // a coder with one passage
mod tests {
    use super::*;

    #[test]
    fn identical_passages_agree_fully_and_a_code_nobody_used_is_undefined() {
        let same = vec![vec![10..20, 40..45], vec![10..20, 40..45]];
        let d = disagreement(&same, &[0], 100).unwrap();
        assert_eq!(d.observed, 0.0);
        assert!(d.expected > 0.0);
        assert_eq!(d.alpha(), Ok(1.0));
        let none = disagreement(&[vec![], vec![]], &[0], 100).unwrap();
        assert_eq!(none.alpha(), Err(Undefined::NoVariation));
        assert_eq!(
            disagreement(&[vec![0..3]], &[0], 10),
            Err(Undefined::TooFewCoders(1))
        );
    }

    #[test]
    fn shifted_edges_cost_their_squared_shifts_and_a_unit_in_a_gap_its_squared_length() {
        // Coder 0: 10..20. Coder 1: 12..20 (start 2 later). Each ordered pair: 2² + 0² = 4.
        let d = disagreement(&[vec![10..20], vec![12..20]], &[0], 100).unwrap();
        assert!((d.observed - 8.0 / (2.0 * 10_000.0)).abs() < 1e-15);
        // Coder 1 has nothing: coder 0's unit lies in coder 1's gap, 10² for each order of
        // the pair.
        let d = disagreement(&[vec![10..20], vec![]], &[0], 100).unwrap();
        assert!((d.observed - 200.0 / (2.0 * 10_000.0)).abs() < 1e-15);
    }
}

//! Agreement over units every coder judged: Cohen's kappa (two coders), Fleiss' kappa (any
//! number) and Krippendorff's alpha for nominal values (any number, values missing allowed).
//!
//! The data are a reliability matrix: one row per coder, one column per unit, each cell the
//! category (a small integer) the coder gave the unit, or `None` where they gave none. What a
//! unit is (a token, a sentence, a paragraph, a document) and what its categories are (a code
//! there or not) is the caller's: [`super::units`] builds matrices from annotations.

use thiserror::Error;

/// Why a measure has no value on these data.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum Undefined {
    /// Fewer than two coders.
    #[error("agreement needs two coders or more; these data have {0}")]
    TooFewCoders(usize),
    /// No unit judged by enough coders.
    #[error("no unit was judged by every coder (or, for alpha, by two coders)")]
    NoUnits,
    /// Every judgement is one and the same category: chance agreement is perfect, so the
    /// measure divides by zero.
    #[error("every unit got the same value from every coder, so there is no variation to agree on")]
    NoVariation,
    /// Neither coder (for precision: the second coder; for recall: the first) has a passage to
    /// compare.
    #[error("no passages to compare")]
    NoPassages,
}

/// The categories and how often each was given, over units judged by every coder.
struct Complete<'a> {
    units: Vec<usize>,
    matrix: &'a [Vec<Option<u32>>],
    categories: usize,
}

impl<'a> Complete<'a> {
    fn of(matrix: &'a [Vec<Option<u32>>]) -> Result<Self, Undefined> {
        if matrix.len() < 2 {
            return Err(Undefined::TooFewCoders(matrix.len()));
        }
        let width = matrix.iter().map(Vec::len).min().unwrap_or(0);
        let units: Vec<usize> = (0..width)
            .filter(|u| matrix.iter().all(|row| row[*u].is_some()))
            .collect();
        if units.is_empty() {
            return Err(Undefined::NoUnits);
        }
        let categories = matrix
            .iter()
            .flat_map(|row| row.iter().flatten())
            .max()
            .map_or(0, |m| *m as usize + 1);
        Ok(Self {
            units,
            matrix,
            categories,
        })
    }

    fn value(&self, coder: usize, unit: usize) -> usize {
        self.matrix[coder][unit].unwrap_or(0) as usize
    }
}

/// Cohen's kappa of two coders over the units both judged.
pub fn cohen_kappa(matrix: &[Vec<Option<u32>>]) -> Result<f64, Undefined> {
    if matrix.len() != 2 {
        return Err(Undefined::TooFewCoders(matrix.len()));
    }
    let data = Complete::of(matrix)?;
    let n = data.units.len() as f64;
    let mut agree = 0.0;
    let mut margins = vec![[0.0f64; 2]; data.categories];
    for &u in &data.units {
        let (a, b) = (data.value(0, u), data.value(1, u));
        if a == b {
            agree += 1.0;
        }
        margins[a][0] += 1.0;
        margins[b][1] += 1.0;
    }
    let observed = agree / n;
    let chance: f64 = margins.iter().map(|[a, b]| (a / n) * (b / n)).sum();
    if (1.0 - chance).abs() < 1e-12 {
        return Err(Undefined::NoVariation);
    }
    Ok((observed - chance) / (1.0 - chance))
}

/// Fleiss' kappa of any number of coders over the units all of them judged.
pub fn fleiss_kappa(matrix: &[Vec<Option<u32>>]) -> Result<f64, Undefined> {
    let data = Complete::of(matrix)?;
    let raters = matrix.len() as f64;
    let n = data.units.len() as f64;
    let mut totals = vec![0.0f64; data.categories];
    let mut agreement = 0.0;
    for &u in &data.units {
        let mut counts = vec![0.0f64; data.categories];
        for coder in 0..matrix.len() {
            counts[data.value(coder, u)] += 1.0;
        }
        let squares: f64 = counts.iter().map(|c| c * c).sum();
        agreement += (squares - raters) / (raters * (raters - 1.0));
        for (t, c) in totals.iter_mut().zip(&counts) {
            *t += c;
        }
    }
    let observed = agreement / n;
    let chance: f64 = totals.iter().map(|t| (t / (n * raters)).powi(2)).sum();
    if (1.0 - chance).abs() < 1e-12 {
        return Err(Undefined::NoVariation);
    }
    Ok((observed - chance) / (1.0 - chance))
}

/// Krippendorff's alpha for nominal values: every unit that at least two coders judged counts,
/// with the coders who judged it (values may be missing).
pub fn krippendorff_alpha(matrix: &[Vec<Option<u32>>]) -> Result<f64, Undefined> {
    if matrix.len() < 2 {
        return Err(Undefined::TooFewCoders(matrix.len()));
    }
    let width = matrix.iter().map(Vec::len).max().unwrap_or(0);
    let categories = matrix
        .iter()
        .flat_map(|row| row.iter().flatten())
        .max()
        .map_or(0, |m| *m as usize + 1);
    // The coincidence matrix: each ordered pair of values within a unit, weighted 1/(m-1).
    let mut coincidences = vec![vec![0.0f64; categories]; categories];
    let mut pairable = false;
    for u in 0..width {
        let values: Vec<usize> = matrix
            .iter()
            .filter_map(|row| row.get(u).copied().flatten())
            .map(|v| v as usize)
            .collect();
        let m = values.len();
        if m < 2 {
            continue;
        }
        pairable = true;
        let weight = 1.0 / (m as f64 - 1.0);
        for (i, a) in values.iter().enumerate() {
            for (j, b) in values.iter().enumerate() {
                if i != j {
                    coincidences[*a][*b] += weight;
                }
            }
        }
    }
    if !pairable {
        return Err(Undefined::NoUnits);
    }
    let totals: Vec<f64> = coincidences.iter().map(|row| row.iter().sum()).collect();
    let n: f64 = totals.iter().sum();
    let mut observed = 0.0;
    let mut expected = 0.0;
    for c in 0..categories {
        for k in 0..categories {
            if c != k {
                observed += coincidences[c][k];
                expected += totals[c] * totals[k];
            }
        }
    }
    if expected == 0.0 {
        return Err(Undefined::NoVariation);
    }
    Ok(1.0 - (n - 1.0) * observed / expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A matrix from rows of digits, `.` for a missing value.
    fn matrix(rows: &[&str]) -> Vec<Vec<Option<u32>>> {
        rows.iter()
            .map(|r| r.chars().map(|c| c.to_digit(10)).collect())
            .collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn cohen_kappa_by_hand() {
        // 10 units: agree on 7 (4 ones, 3 zeros). Coder A: 6 ones; coder B: 5 ones.
        // po = 0.7; pe = 0.6·0.5 + 0.4·0.5 = 0.5; kappa = 0.4.
        let m = matrix(&["1111110000", "1111000100"]);
        assert!(
            close(cohen_kappa(&m).unwrap(), 0.4),
            "{:?}",
            cohen_kappa(&m)
        );
        assert!(close(cohen_kappa(&matrix(&["1100", "1100"])).unwrap(), 1.0));
        assert_eq!(
            cohen_kappa(&matrix(&["0000", "0000"])),
            Err(Undefined::NoVariation)
        );
        assert_eq!(
            cohen_kappa(&matrix(&["0101"])),
            Err(Undefined::TooFewCoders(1))
        );
    }

    #[test]
    fn fleiss_kappa_by_hand_and_equal_to_perfect_agreement() {
        // 3 coders, 4 units: [all 1], [all 0], [1,1,0], [0,0,1].
        // P_i = 1, 1, 1/3, 1/3 → P̄ = 2/3. Ones: 3+0+2+1 = 6 of 12 → pe = 0.5. kappa = 1/3.
        let m = matrix(&["1010", "1010", "1001"]);
        assert!(close(fleiss_kappa(&m).unwrap(), 1.0 / 3.0));
        assert!(close(
            fleiss_kappa(&matrix(&["10", "10", "10"])).unwrap(),
            1.0
        ));
    }

    #[test]
    fn krippendorff_alpha_by_hand_with_a_missing_value() {
        // Units: (1,1), (0,0), (1,0), (1,·). The last has one value and is left out.
        // Coincidences: o11 = 2, o00 = 2, o10 = o01 = 1; n1 = 3, n0 = 3, n = 6.
        // alpha = 1 − 5·2 / (3·3·2) = 1 − 10/18 = 4/9.
        let m = matrix(&["1011", "100."]);
        assert!(close(krippendorff_alpha(&m).unwrap(), 4.0 / 9.0));
        assert!(close(
            krippendorff_alpha(&matrix(&["10", "10"])).unwrap(),
            1.0
        ));
        assert_eq!(
            krippendorff_alpha(&matrix(&["1.", ".1"])),
            Err(Undefined::NoUnits)
        );
        assert_eq!(
            krippendorff_alpha(&matrix(&["11", "11"])),
            Err(Undefined::NoVariation)
        );
    }
}

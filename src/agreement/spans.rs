//! One coder's passages against another's: precision, recall and F1, exact or with a least
//! overlap, and the list of passages where they differ.
//!
//! Two passages match when they are in the same document, carry the same code and either
//! have the same edges (exact) or overlap by at least a share of their union: `|a ∩ b| /
//! |a ∪ b| ≥ min_overlap` (MAXQDA's "segment overlap at least x %" read as a share of both
//! passages together, so a short passage inside a long one does not match it). Each passage
//! matches at most one of the other coder's, the best overlapping first. Taking coder `a` as
//! the reference, precision is the share of `b`'s passages that match one of `a`'s, recall the
//! share of `a`'s that `b` matched.

use super::reliability::Undefined;
use super::units::Coded;

/// How two passages must agree to match.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Matching {
    /// Same edges.
    Exact,
    /// Overlap over union at least this share (0 to 1).
    Overlap(f64),
}

/// Why a passage of one coder is unmatched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Difference {
    /// Only the reference coder (`a`) has it.
    OnlyA(Coded),
    /// Only the other coder (`b`) has it.
    OnlyB(Coded),
    /// Both have a passage with this code there, but the edges differ too much (a's, b's).
    Edges(Coded, Coded),
    /// Both have a passage of exactly these edges, with different codes (a's, b's).
    Codes(Coded, Coded),
}

/// Span-level agreement of two coders.
#[derive(Clone, Debug, PartialEq)]
pub struct SpanAgreement {
    /// Passages of `a` and of `b` compared.
    pub a_count: usize,
    /// Passages of `b` compared.
    pub b_count: usize,
    /// Matched pairs.
    pub matched: usize,
    /// Where they differ, in document and text order.
    pub differences: Vec<Difference>,
}

impl SpanAgreement {
    /// Share of `b`'s passages that match one of `a`'s; undefined when `b` has none.
    pub fn precision(&self) -> Result<f64, Undefined> {
        ratio(self.matched, self.b_count)
    }

    /// Share of `a`'s passages that `b` matched; undefined when `a` has none.
    pub fn recall(&self) -> Result<f64, Undefined> {
        ratio(self.matched, self.a_count)
    }

    /// Harmonic mean of precision and recall, `2·matched / (a's + b's)`: 0 when only one coder
    /// has passages, undefined when neither has.
    pub fn f1(&self) -> Result<f64, Undefined> {
        ratio(2 * self.matched, self.a_count + self.b_count)
    }
}

fn ratio(part: usize, whole: usize) -> Result<f64, Undefined> {
    if whole == 0 {
        Err(Undefined::NoPassages)
    } else {
        Ok(part as f64 / whole as f64)
    }
}

/// Overlap over union of two ranges.
fn jaccard(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> f64 {
    let inter = a.end.min(b.end).saturating_sub(a.start.max(b.start));
    let union = a.end.max(b.end) - a.start.min(b.start);
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// Compares coder `a`'s passages with coder `b`'s (passages of other coders are ignored).
pub fn compare(passages: &[Coded], a: usize, b: usize, matching: Matching) -> SpanAgreement {
    let mut of_a: Vec<&Coded> = passages.iter().filter(|p| p.coder == a).collect();
    let mut of_b: Vec<&Coded> = passages.iter().filter(|p| p.coder == b).collect();
    let key = |p: &&Coded| (p.doc, p.range.start, p.range.end, p.code);
    of_a.sort_by_key(key);
    of_b.sort_by_key(key);
    // Candidate pairs, best overlap first (ties in text order).
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (i, pa) in of_a.iter().enumerate() {
        for (j, pb) in of_b.iter().enumerate() {
            if pa.doc != pb.doc || pa.code != pb.code {
                continue;
            }
            let share = jaccard(&pa.range, &pb.range);
            let ok = match matching {
                Matching::Exact => pa.range == pb.range,
                Matching::Overlap(min) => share > 0.0 && share >= min,
            };
            if ok {
                pairs.push((share, i, j));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let (mut used_a, mut used_b) = (vec![false; of_a.len()], vec![false; of_b.len()]);
    let mut matched = 0;
    for (_, i, j) in pairs {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            matched += 1;
        }
    }
    let mut differences = Vec::new();
    let mut left_b: Vec<usize> = (0..of_b.len()).filter(|j| !used_b[*j]).collect();
    for (i, pa) in of_a.iter().enumerate().filter(|(i, _)| !used_a[*i]) {
        // An unmatched passage of b with the same code overlapping it: the edges differ.
        let near = left_b.iter().position(|j| {
            let pb = of_b[*j];
            pb.doc == pa.doc && pb.code == pa.code && jaccard(&pa.range, &pb.range) > 0.0
        });
        match near {
            Some(at) => {
                let j = left_b.remove(at);
                differences.push(Difference::Edges((*pa).clone(), of_b[j].clone()));
            }
            None => differences.push(Difference::OnlyA((*of_a[i]).clone())),
        }
    }
    differences.extend(
        left_b
            .into_iter()
            .map(|j| Difference::OnlyB(of_b[j].clone())),
    );
    let mut differences = with_codes_paired(differences);
    differences.sort_by_key(|d| {
        let p = match d {
            Difference::OnlyA(p)
            | Difference::OnlyB(p)
            | Difference::Edges(p, _)
            | Difference::Codes(p, _) => p,
        };
        (p.doc, p.range.start, p.range.end, p.code)
    });
    SpanAgreement {
        a_count: of_a.len(),
        b_count: of_b.len(),
        matched,
        differences,
    }
}

/// The differences with each passage only `a` has paired with one only `b` has at exactly the
/// same place (another code there): one difference of codes rather than two.
fn with_codes_paired(differences: Vec<Difference>) -> Vec<Difference> {
    let place = |p: &Coded| (p.doc, p.range.start, p.range.end);
    let mut only_b: std::collections::BTreeMap<_, Vec<Coded>> = std::collections::BTreeMap::new();
    let mut rest = Vec::with_capacity(differences.len());
    for d in differences {
        match d {
            Difference::OnlyB(p) => only_b.entry(place(&p)).or_default().push(p),
            other => rest.push(other),
        }
    }
    let mut out: Vec<Difference> = rest
        .into_iter()
        .map(|d| match d {
            Difference::OnlyA(a) => match only_b.get_mut(&place(&a)).and_then(Vec::pop) {
                Some(b) => Difference::Codes(a, b),
                None => Difference::OnlyA(a),
            },
            other => other,
        })
        .collect();
    out.extend(only_b.into_values().flatten().map(Difference::OnlyB));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coded(coder: usize, range: std::ops::Range<usize>, code: u32) -> Coded {
        Coded::new(coder, 0, range, code)
    }

    #[test]
    fn exact_and_overlapping_matches_and_what_differs() {
        let passages = [
            coded(0, 0..10, 1),
            coded(1, 0..10, 1), // the same
            coded(0, 20..30, 1),
            coded(1, 22..30, 1), // edges differ: 8/10 overlap
            coded(0, 40..50, 1), // only a
            coded(1, 60..70, 2), // only b
            coded(1, 40..50, 2), // same place, another code
        ];
        let exact = compare(&passages, 0, 1, Matching::Exact);
        assert_eq!((exact.a_count, exact.b_count, exact.matched), (3, 4, 1));
        assert_eq!(exact.precision(), Ok(0.25));
        assert!((exact.recall().unwrap() - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(
            exact.differences,
            [
                Difference::Edges(coded(0, 20..30, 1), coded(1, 22..30, 1)),
                Difference::Codes(coded(0, 40..50, 1), coded(1, 40..50, 2)),
                Difference::OnlyB(coded(1, 60..70, 2)),
            ]
        );
        let loose = compare(&passages, 0, 1, Matching::Overlap(0.8));
        assert_eq!(loose.matched, 2);
        assert_eq!(compare(&passages, 0, 1, Matching::Overlap(0.81)).matched, 1);
    }

    #[test]
    fn no_passages_is_undefined_and_each_passage_matches_once() {
        let none = compare(&[], 0, 1, Matching::Exact);
        assert_eq!(none.f1(), Err(Undefined::NoPassages));
        let one_sided = compare(&[coded(0, 0..3, 1)], 0, 1, Matching::Exact);
        assert_eq!(one_sided.precision(), Err(Undefined::NoPassages));
        assert_eq!((one_sided.recall(), one_sided.f1()), (Ok(0.0), Ok(0.0)));
        // Two of b's passages over one of a's: one matches, the other is only b's.
        let passages = [coded(0, 0..10, 1), coded(1, 0..9, 1), coded(1, 1..10, 1)];
        let r = compare(&passages, 0, 1, Matching::Overlap(0.5));
        assert_eq!(r.matched, 1);
        assert_eq!(r.differences, [Difference::OnlyB(coded(1, 1..10, 1))]);
    }
}

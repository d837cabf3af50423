//! A linear-chain model: feature dictionary ([`FeatureTable`]), state and transition weights,
//! and decoding — Viterbi for the best labels, forward–backward for token marginals (in log
//! space) and the probability of each mention (on scaled probabilities, see
//! [`Chain::scaled_span_probabilities`]).
//!
//! Tagging a sentence hashes each feature from its pieces ([`each_feature_piece`]), looks the
//! whole sentence's features up at once, and sums their weights; no feature string is built.
//! Training finds its features through the same table ([`Model::encode`]), so the ids it learns
//! are the ids tagging finds.
//!
//! Scores are those of a linear-chain CRF: a labelling's score is the sum, over tokens, of the
//! weights of the token's features for its label, plus a start weight for the first label and a
//! transition weight for each pair of neighbours. Probabilities are the Gibbs distribution of
//! these scores (`exp(score) / Z`). A perceptron-trained model is not calibrated the way a
//! likelihood-trained CRF is, but the order of the probabilities is meaningful.
//!
//! This module does not train (see [`super::train`]) or read files (see [`super::serial`]).

use std::collections::HashSet;
use std::ops::Range;

use super::features::{RegisterSpan, Word, each_feature_piece, folded_triggers, words};
use super::labels::{LABEL_COUNT, Label};
use crate::entities::Kind;
use table::{FeatureHasher, Fingerprint, PieceHasher};
pub(crate) use table::{FeatureMap, FeatureTable};

mod table;

const L: usize = LABEL_COUNT;

/// A name the tagger found.
#[derive(Clone, Debug, PartialEq)]
pub struct TaggedMention {
    /// First code point of the name's first token (a clitic attached to it included).
    pub start: usize,
    /// One past the last code point of its last token.
    pub end: usize,
    /// Its kind.
    pub kind: Kind,
    /// The model's probability that exactly these tokens form a name of this kind: the first
    /// labelled `B-KIND`, the others `I-KIND`, and the token after them not `I-KIND` (from
    /// forward–backward, over the whole sentence).
    pub score: f32,
}

/// A trained tagger.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// Feature string to feature id.
    pub(crate) features: FeatureTable,
    /// `weights[feature * L + label]`.
    pub(crate) weights: Vec<f32>,
    /// `transitions[previous * L + label]`.
    pub(crate) transitions: Vec<f32>,
    /// Weight of each label on a sentence's first token.
    pub(crate) start: Vec<f32>,
    /// Folded trigger words.
    pub(crate) triggers: Vec<String>,
    /// What scores are divided by before probabilities are taken.
    pub(crate) temperature: f32,
}

/// A sentence ready for decoding: the feature ids of each token.
pub(crate) type Encoded = Vec<Vec<u32>>;

/// Buffers a document's sentences reuse.
struct Scratch<'m> {
    /// The model's trigger words.
    trigger_words: HashSet<&'m str, std::hash::BuildHasherDefault<FeatureHasher>>,
    /// Whether each word of the sentence is a trigger word.
    triggers: Vec<bool>,
    /// The fingerprint of each feature of the sentence, token after token.
    prints: Vec<Fingerprint>,
    /// Where each token's features end in `prints`.
    ends: Vec<usize>,
    /// The id of each feature in `prints`, if the model knows it.
    ids: Vec<Option<u32>>,
    /// A feature's pieces joined, when they must be.
    buf: String,
    /// The sentence's state scores.
    state: Vec<f32>,
}

impl<'m> Scratch<'m> {
    fn new(model: &'m Model) -> Self {
        Self {
            trigger_words: model.triggers.iter().map(String::as_str).collect(),
            triggers: Vec::new(),
            prints: Vec::new(),
            ends: Vec::new(),
            ids: Vec::new(),
            buf: String::new(),
            state: Vec::new(),
        }
    }
}

impl Model {
    /// A model with these features and all weights zero.
    pub(crate) fn empty(features: FeatureMap) -> Self {
        let n = features.len();
        Self {
            features: features.into(),
            weights: vec![0.0; n * L],
            transitions: vec![0.0; L * L],
            start: vec![0.0; L],
            triggers: folded_triggers(),
            temperature: 1.0,
        }
    }

    /// Number of features the model knows.
    pub fn feature_count(&self) -> usize {
        self.features.len()
    }

    /// Calls `found(t, id)` with the id of each feature of each token `t` of a sentence that
    /// the model knows, tokens in order and each token's features in [`each_feature_piece`]'s.
    fn each_known(
        &self,
        sentence: &[Word],
        scratch: &mut Scratch,
        mut found: impl FnMut(usize, u32),
    ) {
        let Scratch {
            trigger_words,
            triggers,
            prints,
            ends,
            ids,
            buf,
            ..
        } = scratch;
        triggers.clear();
        triggers.extend(sentence.iter().map(|w| {
            trigger_words.contains(w.folded.as_str()) || trigger_words.contains(w.stem.as_str())
        }));
        if self.features.has_collisions() {
            // A table that must check strings: one feature at a time.
            for t in 0..sentence.len() {
                each_feature_piece(
                    sentence,
                    t,
                    |j| triggers[j],
                    |pieces| {
                        if let Some(id) = self.features.find(pieces, buf) {
                            found(t, id);
                        }
                    },
                );
            }
            return;
        }
        prints.clear();
        ends.clear();
        for t in 0..sentence.len() {
            each_feature_piece(
                sentence,
                t,
                |j| triggers[j],
                |pieces| prints.push(PieceHasher::of(pieces)),
            );
            ends.push(prints.len());
        }
        // The whole sentence's lookups at once: loads that do not wait for one another, so
        // the processor overlaps their trips to memory.
        ids.clear();
        ids.extend(prints.iter().map(|p| self.features.id_of(*p)));
        let mut from = 0;
        for (t, end) in ends.iter().enumerate() {
            for id in ids[from..*end].iter().flatten() {
                found(t, *id);
            }
            from = *end;
        }
    }

    /// The feature ids of each token of a sentence; features the model does not know are
    /// dropped.
    pub(crate) fn encode(&self, sentence: &[Word], buf: &mut String) -> Encoded {
        let mut scratch = Scratch::new(self);
        scratch.buf = std::mem::take(buf);
        let mut encoded: Encoded = vec![Vec::new(); sentence.len()];
        self.each_known(sentence, &mut scratch, |t, id| encoded[t].push(id));
        *buf = scratch.buf;
        encoded
    }

    /// Adds the weights of feature `id` to a token's row of state scores.
    #[inline]
    fn add_weights(&self, row: &mut [f32], id: u32) {
        let at = id as usize * L;
        if let Some(w) = self.weights.get(at..at + L) {
            for (s, w) in row.iter_mut().zip(w) {
                *s += w;
            }
        }
    }

    /// `state[t * L + label]`: the summed feature weights of each token for each label.
    pub(crate) fn state_scores(&self, encoded: &Encoded) -> Vec<f32> {
        let mut state = vec![0.0f32; encoded.len() * L];
        for (t, ids) in encoded.iter().enumerate() {
            let row = &mut state[t * L..(t + 1) * L];
            for id in ids {
                self.add_weights(row, *id);
            }
        }
        state
    }

    /// A sentence's state scores (as [`Model::state_scores`] of [`Model::encode`]) into
    /// `scratch.state`, with no feature ids collected on the way.
    fn state_of(&self, sentence: &[Word], scratch: &mut Scratch) {
        let mut state = std::mem::take(&mut scratch.state);
        state.clear();
        state.resize(sentence.len() * L, 0.0);
        self.each_known(sentence, scratch, |t, id| {
            self.add_weights(&mut state[t * L..(t + 1) * L], id);
        });
        scratch.state = state;
    }

    /// The best labels (label indices) for a sentence's state scores.
    pub(crate) fn viterbi(&self, state: &[f32]) -> Vec<usize> {
        let n = state.len() / L;
        if n == 0 {
            return Vec::new();
        }
        let mut score = vec![0.0f32; n * L];
        let mut back = vec![0usize; n * L];
        for y in 0..L {
            score[y] = self.start[y] + state[y];
        }
        for t in 1..n {
            for y in 0..L {
                let mut best = (f32::NEG_INFINITY, 0);
                for p in 0..L {
                    let s = score[(t - 1) * L + p] + self.transitions[p * L + y];
                    if s > best.0 {
                        best = (s, p);
                    }
                }
                score[t * L + y] = best.0 + state[t * L + y];
                back[t * L + y] = best.1;
            }
        }
        let last = &score[(n - 1) * L..];
        let mut y = (0..L)
            .max_by(|a, b| last[*a].total_cmp(&last[*b]))
            .unwrap_or(0);
        let mut path = vec![0; n];
        for t in (0..n).rev() {
            path[t] = y;
            y = back[t * L + y];
        }
        path
    }

    /// A sentence's scores divided by the model's temperature, ready for probabilities.
    pub(crate) fn chain(&self, state: &[f32], temperature: f32) -> Chain {
        let inverse = 1.0 / temperature.max(1e-3);
        let mut transitions = [0.0; L * L];
        for (t, w) in transitions.iter_mut().zip(&self.transitions) {
            *t = w * inverse;
        }
        let mut start = [0.0; L];
        for (s, w) in start.iter_mut().zip(&self.start) {
            *s = w * inverse;
        }
        Chain {
            state: state.iter().map(|s| s * inverse).collect(),
            transitions,
            start,
        }
    }

    /// Adds the mentions of a sentence's best labels, with their probabilities, to `out`.
    fn mentions_of(&self, sentence: &[Word], state: &[f32], out: &mut Vec<TaggedMention>) {
        let spans = spans_of(&self.viterbi(state));
        if spans.is_empty() {
            return;
        }
        let probabilities = self
            .chain(state, self.temperature)
            .span_probabilities(&spans);
        out.extend(
            spans
                .into_iter()
                .zip(probabilities)
                .map(|((tokens, kind), p)| TaggedMention {
                    start: sentence[tokens.start].range.start,
                    end: sentence[tokens.end - 1].range.end,
                    kind,
                    score: p,
                }),
        );
    }

    /// The temperature the scores are divided by before probabilities are taken (1 unless
    /// calibrated; a perceptron's scores need more, see [`Model::fit_temperature`]).
    pub fn temperature(&self) -> f32 {
        self.temperature
    }

    /// Sets the temperature (values below 0.001 count as 0.001).
    pub fn set_temperature(&mut self, temperature: f32) {
        self.temperature = temperature.max(1e-3);
    }

    /// The names in a whole document. `register` holds the register's mentions in the text
    /// ([`super::register_spans`]; empty for none): a model trained with them should be given
    /// them.
    pub fn tag(&self, text: &str, register: &[RegisterSpan]) -> Vec<TaggedMention> {
        let mut scratch = Scratch::new(self);
        let mut out = Vec::new();
        for sentence in words(text, register) {
            self.state_of(&sentence, &mut scratch);
            self.mentions_of(&sentence, &scratch.state, &mut out);
        }
        out
    }

    /// Each token of a document with its probability of each label (in [`Label::ALL`] order),
    /// sentence by sentence.
    pub fn marginals(
        &self,
        text: &str,
        register: &[RegisterSpan],
    ) -> Vec<Vec<(Range<usize>, [f32; LABEL_COUNT])>> {
        let mut scratch = Scratch::new(self);
        words(text, register)
            .iter()
            .map(|sentence| {
                self.state_of(sentence, &mut scratch);
                let m = self.chain(&scratch.state, self.temperature).marginals();
                sentence
                    .iter()
                    .enumerate()
                    .map(|(t, w)| {
                        let mut p = [0.0; LABEL_COUNT];
                        p.copy_from_slice(&m[t * L..(t + 1) * L]);
                        (w.range.clone(), p)
                    })
                    .collect()
            })
            .collect()
    }
}

/// A sentence's label scores, scaled by a temperature, for probabilities.
pub(crate) struct Chain {
    /// `state[t * L + label]`.
    state: Vec<f32>,
    transitions: [f32; L * L],
    start: [f32; L],
}

impl Chain {
    /// Forward and backward log scores: `alpha[t][y]` includes token `t`'s own state score,
    /// `beta[t][y]` covers the tokens after `t`; and `log Z`.
    fn forward_backward(&self) -> (Vec<f32>, Vec<f32>, f32) {
        let state = &self.state;
        let n = state.len() / L;
        let mut alpha = vec![0.0f32; n * L];
        let mut beta = vec![0.0f32; n * L];
        if n == 0 {
            return (alpha, beta, 0.0);
        }
        for y in 0..L {
            alpha[y] = self.start[y] + state[y];
        }
        let mut terms = [0.0f32; L];
        for t in 1..n {
            for y in 0..L {
                for p in 0..L {
                    terms[p] = alpha[(t - 1) * L + p] + self.transitions[p * L + y];
                }
                alpha[t * L + y] = log_sum_exp(&terms) + state[t * L + y];
            }
        }
        for t in (0..n - 1).rev() {
            for y in 0..L {
                for z in 0..L {
                    terms[z] = self.transitions[y * L + z]
                        + state[(t + 1) * L + z]
                        + beta[(t + 1) * L + z];
                }
                beta[t * L + y] = log_sum_exp(&terms);
            }
        }
        let log_z = log_sum_exp(&alpha[(n - 1) * L..]);
        (alpha, beta, log_z)
    }

    /// Each token's probability of each label (`[t * L + label]`; each token's nine sum to 1).
    pub(crate) fn marginals(&self) -> Vec<f32> {
        let (alpha, beta, log_z) = self.forward_backward();
        alpha
            .iter()
            .zip(&beta)
            .map(|(a, b)| (a + b - log_z).exp())
            .collect()
    }

    /// The probability of each span (token range and kind) being exactly a name: its first
    /// token `B-KIND`, the others `I-KIND`, the token after it not `I-KIND`.
    ///
    /// Computed by [`Chain::scaled_span_probabilities`]; in log space (as
    /// [`Chain::log_span_probabilities`]) if scores are too far apart for that.
    pub(crate) fn span_probabilities(&self, spans: &[(Range<usize>, Kind)]) -> Vec<f32> {
        self.scaled_span_probabilities(spans)
            .unwrap_or_else(|| self.log_span_probabilities(spans))
    }

    /// [`Chain::span_probabilities`] by forward–backward on probabilities rather than their
    /// logarithms, in `f64`, each token's forward scores scaled to sum to one and its backward
    /// scores divided by the next token's scale (Rabiner's scaling): nine exponentials a token
    /// where the log space takes a hundred and sixty. The same probabilities up to rounding.
    /// `None` when a token's scale is not a normal positive number (scores hundreds apart).
    pub(crate) fn scaled_span_probabilities(
        &self,
        spans: &[(Range<usize>, Kind)],
    ) -> Option<Vec<f32>> {
        let n = self.state.len() / L;
        let max = |xs: &[f32]| xs.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        // Each exponential shifted by a maximum, which the scales take up.
        let exp_shifted = |xs: &[f32], out: &mut [f64]| {
            let m = max(xs);
            for (o, x) in out.iter_mut().zip(xs) {
                *o = f64::from(x - m).exp();
            }
        };
        let mut trans = [0.0f64; L * L];
        exp_shifted(&self.transitions, &mut trans);
        let mut start = [0.0f64; L];
        exp_shifted(&self.start, &mut start);
        let mut emit = vec![0.0f64; n * L];
        for (row, out) in self.state.chunks_exact(L).zip(emit.chunks_exact_mut(L)) {
            exp_shifted(row, out);
        }
        let mut alpha = vec![0.0f64; n * L];
        let mut scale = vec![0.0f64; n];
        for t in 0..n {
            let (done, rest) = alpha.split_at_mut(t * L);
            let row = &mut rest[..L];
            for (y, a) in row.iter_mut().enumerate() {
                let into = if t == 0 {
                    start[y]
                } else {
                    let previous = &done[(t - 1) * L..];
                    (0..L).map(|p| previous[p] * trans[p * L + y]).sum()
                };
                *a = into * emit[t * L + y];
            }
            let sum: f64 = row.iter().sum();
            if !sum.is_normal() {
                return None;
            }
            row.iter_mut().for_each(|a| *a /= sum);
            scale[t] = sum;
        }
        let mut beta = vec![1.0f64; n * L];
        for t in (0..n.saturating_sub(1)).rev() {
            for y in 0..L {
                let after: f64 = (0..L)
                    .map(|z| trans[y * L + z] * emit[(t + 1) * L + z] * beta[(t + 1) * L + z])
                    .sum();
                beta[t * L + y] = after / scale[t + 1];
            }
        }
        let probabilities = spans
            .iter()
            .map(|(tokens, kind)| {
                if tokens.start >= tokens.end || tokens.end > n {
                    return 0.0;
                }
                let b = Label::Begin(*kind).index();
                let i = Label::Inside(*kind).index();
                let mut p = alpha[tokens.start * L + b];
                let mut previous = b;
                for t in tokens.start + 1..tokens.end {
                    p *= trans[previous * L + i] * emit[t * L + i] / scale[t];
                    previous = i;
                }
                if tokens.end < n {
                    let e = tokens.end;
                    let after: f64 = (0..L)
                        .filter(|z| *z != i)
                        .map(|z| trans[previous * L + z] * emit[e * L + z] * beta[e * L + z])
                        .sum();
                    p *= after / scale[e];
                }
                p.clamp(0.0, 1.0) as f32
            })
            .collect();
        Some(probabilities)
    }

    /// [`Chain::span_probabilities`] by forward–backward in log space.
    pub(crate) fn log_span_probabilities(&self, spans: &[(Range<usize>, Kind)]) -> Vec<f32> {
        let (alpha, beta, log_z) = self.forward_backward();
        let state = &self.state;
        let n = state.len() / L;
        spans
            .iter()
            .map(|(tokens, kind)| {
                if tokens.start >= tokens.end || tokens.end > n {
                    return 0.0;
                }
                let b = Label::Begin(*kind).index();
                let i = Label::Inside(*kind).index();
                let mut log_p = alpha[tokens.start * L + b];
                let mut previous = b;
                for t in tokens.start + 1..tokens.end {
                    log_p += self.transitions[previous * L + i] + state[t * L + i];
                    previous = i;
                }
                if tokens.end < n {
                    let mut terms = [f32::NEG_INFINITY; L];
                    for (z, term) in terms.iter_mut().enumerate() {
                        if z != i {
                            *term = self.transitions[previous * L + z]
                                + state[tokens.end * L + z]
                                + beta[tokens.end * L + z];
                        }
                    }
                    log_p += log_sum_exp(&terms);
                }
                (log_p - log_z).exp().clamp(0.0, 1.0)
            })
            .collect()
    }
}

/// The names in a label sequence: token ranges and kinds. A name begins at `B-KIND`, or at an
/// `I-KIND` that does not continue a name of that kind, and goes on over `I-KIND`.
pub(crate) fn spans_of(path: &[usize]) -> Vec<(Range<usize>, Kind)> {
    let mut out: Vec<(Range<usize>, Kind)> = Vec::new();
    let mut open: Option<(usize, Kind)> = None;
    for (t, y) in path.iter().enumerate() {
        let label = Label::from_index(*y);
        let continues = matches!((label, open), (Label::Inside(k), Some((_, o))) if k == o);
        if continues {
            continue;
        }
        if let Some((start, kind)) = open.take() {
            out.push((start..t, kind));
        }
        open = label.kind().map(|k| (t, k));
    }
    if let Some((start, kind)) = open {
        out.push((start..path.len(), kind));
    }
    out
}

/// `log(sum(exp(x)))`, stable.
fn log_sum_exp(xs: &[f32]) -> f32 {
    let max = xs.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    if max == f32::NEG_INFINITY {
        return max;
    }
    max + xs.iter().map(|x| (x - max).exp()).sum::<f32>().ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chain of `n` tokens with scores from a small generator, `spread` apart.
    fn chain(n: usize, spread: f32) -> Chain {
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            ((x >> 40) as f32 / (1u64 << 24) as f32 - 0.5) * spread
        };
        let mut transitions = [0.0; L * L];
        transitions.iter_mut().for_each(|t| *t = next());
        let mut start = [0.0; L];
        start.iter_mut().for_each(|s| *s = next());
        Chain {
            state: (0..n * L).map(|_| next()).collect(),
            transitions,
            start,
        }
    }

    #[test]
    fn scaled_and_log_space_probabilities_agree() {
        let spans = [
            (0..1, Kind::Person),
            (3..6, Kind::Place),
            (10..12, Kind::Organisation),
            (38..40, Kind::Other),
        ];
        for spread in [0.5, 4.0, 20.0] {
            let c = chain(40, spread);
            let scaled = c.scaled_span_probabilities(&spans).unwrap();
            for (a, b) in scaled.iter().zip(c.log_span_probabilities(&spans)) {
                assert!((a - b).abs() < 1e-4, "{a} against {b} at spread {spread}");
            }
        }
    }

    #[test]
    fn scores_too_far_apart_to_scale_fall_back_to_log_space() {
        let mut c = chain(3, 1.0);
        // No way into the labels the second token favours, and a thousand below elsewhere:
        // its scale is zero in `f64`.
        let favoured = 4;
        for p in 0..L {
            c.transitions[p * L + favoured] = -2000.0;
        }
        for y in 0..L {
            c.state[L + y] = if y == favoured { 0.0 } else { -2000.0 };
        }
        let spans = [(0..1, Kind::Person)];
        assert_eq!(c.scaled_span_probabilities(&spans), None);
        assert_eq!(
            c.span_probabilities(&spans),
            c.log_span_probabilities(&spans)
        );
    }

    #[test]
    fn names_begin_at_b_or_at_a_stray_i_and_run_over_i() {
        let b_per = Label::Begin(Kind::Person).index();
        let i_per = Label::Inside(Kind::Person).index();
        let i_loc = Label::Inside(Kind::Place).index();
        assert_eq!(
            spans_of(&[0, b_per, i_per, 0, i_loc, i_loc, b_per]),
            [
                (1..3, Kind::Person),
                (4..6, Kind::Place),
                (6..7, Kind::Person)
            ]
        );
    }
}

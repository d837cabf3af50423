//! A linear-chain model: feature dictionary, state and transition weights, and decoding —
//! Viterbi for the best labels, forward–backward (in log space) for token marginals and the
//! probability of each mention.
//!
//! Scores are those of a linear-chain CRF: a labelling's score is the sum, over tokens, of the
//! weights of the token's features for its label, plus a start weight for the first label and a
//! transition weight for each pair of neighbours. Probabilities are the Gibbs distribution of
//! these scores (`exp(score) / Z`). A perceptron-trained model is not calibrated the way a
//! likelihood-trained CRF is, but the order of the probabilities is meaningful.
//!
//! This module does not train (see [`super::train`]) or read files (see [`super::serial`]).

use std::collections::HashMap;
use std::ops::Range;

use super::features::{RegisterSpan, Word, each_feature, folded_triggers, words};
use super::labels::{LABEL_COUNT, Label};
use crate::entities::Kind;

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

/// A fast hasher for feature strings (multiply and rotate, as rustc's FxHash): the tagger
/// looks up some fifty short strings a token, where SipHash's resistance to chosen collisions
/// buys nothing (the table is built from training data, and only read while tagging).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct FeatureHasher(u64);

impl FeatureHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for FeatureHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Feature string to feature id.
pub(crate) type FeatureMap = HashMap<String, u32, std::hash::BuildHasherDefault<FeatureHasher>>;

/// A trained tagger.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// Feature string to feature id.
    pub(crate) features: FeatureMap,
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

impl Model {
    /// A model with these features and all weights zero.
    pub(crate) fn empty(features: FeatureMap) -> Self {
        let n = features.len();
        Self {
            features,
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

    /// The feature ids of each token of a sentence; features the model does not know are
    /// dropped.
    pub(crate) fn encode(&self, sentence: &[Word], buf: &mut String) -> Encoded {
        (0..sentence.len())
            .map(|i| {
                let mut ids = Vec::with_capacity(48);
                each_feature(sentence, i, &self.triggers, buf, |f| {
                    if let Some(id) = self.features.get(f) {
                        ids.push(*id);
                    }
                });
                ids
            })
            .collect()
    }

    /// `state[t * L + label]`: the summed feature weights of each token for each label.
    pub(crate) fn state_scores(&self, encoded: &Encoded) -> Vec<f32> {
        let mut state = vec![0.0f32; encoded.len() * L];
        for (t, ids) in encoded.iter().enumerate() {
            let row = &mut state[t * L..(t + 1) * L];
            for id in ids {
                let at = *id as usize * L;
                if let Some(w) = self.weights.get(at..at + L) {
                    for (s, w) in row.iter_mut().zip(w) {
                        *s += w;
                    }
                }
            }
        }
        state
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

    /// The mentions of a sentence's best labels, with their probabilities.
    fn mentions_of(&self, sentence: &[Word], state: &[f32]) -> Vec<TaggedMention> {
        let spans = spans_of(&self.viterbi(state));
        if spans.is_empty() {
            return Vec::new();
        }
        let probabilities = self
            .chain(state, self.temperature)
            .span_probabilities(&spans);
        spans
            .into_iter()
            .zip(probabilities)
            .map(|((tokens, kind), p)| TaggedMention {
                start: sentence[tokens.start].range.start,
                end: sentence[tokens.end - 1].range.end,
                kind,
                score: p,
            })
            .collect()
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
        let mut buf = String::new();
        words(text, register)
            .iter()
            .flat_map(|sentence| {
                let state = self.state_scores(&self.encode(sentence, &mut buf));
                self.mentions_of(sentence, &state)
            })
            .collect()
    }

    /// Each token of a document with its probability of each label (in [`Label::ALL`] order),
    /// sentence by sentence.
    pub fn marginals(
        &self,
        text: &str,
        register: &[RegisterSpan],
    ) -> Vec<Vec<(Range<usize>, [f32; LABEL_COUNT])>> {
        let mut buf = String::new();
        words(text, register)
            .iter()
            .map(|sentence| {
                let state = self.state_scores(&self.encode(sentence, &mut buf));
                let m = self.chain(&state, self.temperature).marginals();
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
    pub(crate) fn span_probabilities(&self, spans: &[(Range<usize>, Kind)]) -> Vec<f32> {
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

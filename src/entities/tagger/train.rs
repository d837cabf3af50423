//! Training: an averaged structured perceptron over the linear-chain model.
//!
//! Each epoch visits the training sentences in an order shuffled by a fixed-seed xorshift, so
//! the same data always give the same model. For each sentence the current weights decode the
//! best labels (Viterbi); where they differ from the gold labels, the gold labels' features and
//! transitions gain 1 and the predicted ones lose 1. The model returned is the average of the
//! weights over every step (Collins 2002), kept lazily: beside each weight, the sum of its
//! updates each multiplied by the step it happened at, so the average is
//! `w − sum / steps` with no work for the weights a step leaves alone.
//!
//! [`train_from`] starts from a model instead of zeros (a warm start): the bundled model's
//! weights, learnt from text that cannot ship, are kept and the perceptron goes on from them
//! on a project's documents; features only those documents have are added with zero weights.
//! The average then leaves the base's weights whole and averages the new updates.
//!
//! Gold spans become BIO labels as the CoNLL export makes them: `B-KIND` on the first token a
//! span overlaps and `I-KIND` on the others it overlaps, so a span that starts after a clitic
//! (ولندن with the span on لندن) labels the whole token. Where spans overlap, the one starting
//! first (the longer on a tie) wins.

use std::collections::HashMap;
use std::ops::Range;

use super::features::{RegisterSpan, Word, each_feature, folded_triggers, words};
use super::labels::{LABEL_COUNT, Label};
use super::model::{Encoded, FeatureMap, Model};
use crate::entities::Kind;

const L: usize = LABEL_COUNT;

/// A name in a training document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldSpan {
    /// Document code points of the name.
    pub range: Range<usize>,
    /// Its kind.
    pub kind: Kind,
}

/// A document to learn from: its text, all its names, and the register's mentions in it.
#[derive(Clone, Debug, Default)]
pub struct TrainingDoc {
    /// The text.
    pub text: String,
    /// Every name in the text (tokens outside them are taken as not names).
    pub spans: Vec<GoldSpan>,
    /// The register's mentions in the text (empty to train without the register's view).
    pub register: Vec<RegisterSpan>,
}

/// How to train.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// Seed of the shuffle.
    pub seed: u64,
    /// Features seen fewer times than this in the training data are left out.
    pub min_count: u32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            epochs: 8,
            seed: 0x9E37_79B9_7F4A_7C15,
            min_count: 1,
        }
    }
}

/// A training sentence: feature ids and gold label indices of each token.
struct Example {
    encoded: Encoded,
    gold: Vec<usize>,
}

/// The gold label indices of a sentence's tokens.
pub fn gold_labels(sentence: &[Word], spans: &[GoldSpan]) -> Vec<Label> {
    let mut previous: Option<usize> = None;
    sentence
        .iter()
        .map(|w| {
            let span = spans
                .iter()
                .position(|s| s.range.start < w.range.end && w.range.start < s.range.end);
            let label = match span {
                Some(i) if previous == Some(i) => Label::Inside(spans[i].kind),
                Some(i) => Label::Begin(spans[i].kind),
                None => Label::Outside,
            };
            previous = span;
            label
        })
        .collect()
}

/// A small deterministic generator (xorshift64*), for the shuffle.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// The weights being learnt and the step-weighted sums of their updates.
struct Averaged {
    model: Model,
    weight_sums: Vec<f32>,
    transition_sums: Vec<f32>,
    start_sums: Vec<f32>,
    step: f32,
}

impl Averaged {
    fn update(&mut self, example: &Example, predicted: &[usize]) {
        let step = self.step;
        for (t, ids) in example.encoded.iter().enumerate() {
            let (g, p) = (example.gold[t], predicted[t]);
            if g != p {
                for id in ids {
                    let at = *id as usize * L;
                    self.model.weights[at + g] += 1.0;
                    self.weight_sums[at + g] += step;
                    self.model.weights[at + p] -= 1.0;
                    self.weight_sums[at + p] -= step;
                }
            }
            let (gold_pair, predicted_pair) = if t == 0 {
                (None, None)
            } else {
                (
                    Some(example.gold[t - 1] * L + g),
                    Some(predicted[t - 1] * L + p),
                )
            };
            if gold_pair != predicted_pair {
                if let Some(pair) = gold_pair {
                    self.model.transitions[pair] += 1.0;
                    self.transition_sums[pair] += step;
                }
                if let Some(pair) = predicted_pair {
                    self.model.transitions[pair] -= 1.0;
                    self.transition_sums[pair] -= step;
                }
            }
        }
        if let (Some(g), Some(p)) = (example.gold.first(), predicted.first())
            && g != p
        {
            self.model.start[*g] += 1.0;
            self.start_sums[*g] += step;
            self.model.start[*p] -= 1.0;
            self.start_sums[*p] -= step;
        }
    }

    fn finish(mut self) -> Model {
        let steps = self.step.max(1.0);
        let average = |w: &mut [f32], sums: &[f32]| {
            for (w, s) in w.iter_mut().zip(sums) {
                *w -= s / steps;
            }
        };
        average(&mut self.model.weights, &self.weight_sums);
        average(&mut self.model.transitions, &self.transition_sums);
        average(&mut self.model.start, &self.start_sums);
        self.model
    }
}

/// Trains a model on documents.
pub fn train(docs: &[TrainingDoc], options: TrainOptions) -> Model {
    learn(None, docs, options)
}

/// Trains a model on documents starting from another (a warm start): the base's features,
/// weights, trigger words and temperature are the starting point, features of `docs` it does
/// not know are added (those seen at least `min_count` times in `docs`), and the perceptron
/// then learns from `docs` alone. What the base learnt stays wherever `docs` do not contradict
/// it; the returned weights are the base's plus the average of the updates, so the base's
/// data need not be at hand (the bundled model's training text cannot ship).
pub fn train_from(base: &Model, docs: &[TrainingDoc], options: TrainOptions) -> Model {
    learn(Some(base), docs, options)
}

/// The training loop of [`train`] and [`train_from`].
fn learn(base: Option<&Model>, docs: &[TrainingDoc], options: TrainOptions) -> Model {
    let triggers = base.map_or_else(folded_triggers, |b| b.triggers.clone());
    let mut buf = String::new();
    let sentences: Vec<(Vec<Word>, Vec<usize>)> = docs
        .iter()
        .flat_map(|doc| {
            words(&doc.text, &doc.register).into_iter().map(|s| {
                let gold = gold_labels(&s, &doc.spans)
                    .iter()
                    .map(|l| l.index())
                    .collect();
                (s, gold)
            })
        })
        .collect();
    // The feature dictionary: every feature seen often enough, numbered in order of first sight.
    let mut counts: HashMap<String, u32, _> = FeatureMap::default();
    let mut order: Vec<String> = Vec::new();
    for (sentence, _) in &sentences {
        for i in 0..sentence.len() {
            each_feature(sentence, i, &triggers, &mut buf, |f| {
                if let Some(c) = counts.get_mut(f) {
                    *c += 1;
                } else {
                    counts.insert(f.to_owned(), 1);
                    order.push(f.to_owned());
                }
            });
        }
    }
    let mut model = match base {
        Some(base) => base.clone(),
        None => Model::empty(FeatureMap::default()),
    };
    for f in order {
        if !model.features.contains_key(&f)
            && counts.get(&f).is_some_and(|c| *c >= options.min_count)
        {
            let id = model.features.len() as u32;
            model.features.insert(f, id);
        }
    }
    drop(counts);
    model.weights.resize(model.features.len() * L, 0.0);
    let mut examples: Vec<Example> = sentences
        .iter()
        .map(|(sentence, gold)| Example {
            encoded: model.encode(sentence, &mut buf),
            gold: gold.clone(),
        })
        .collect();
    drop(sentences);
    let n = model.weights.len();
    let mut learner = Averaged {
        model,
        weight_sums: vec![0.0; n],
        transition_sums: vec![0.0; L * L],
        start_sums: vec![0.0; L],
        step: 1.0,
    };
    let mut rng = XorShift(options.seed | 1);
    for _ in 0..options.epochs {
        rng.shuffle(&mut examples);
        for example in &examples {
            let state = learner.model.state_scores(&example.encoded);
            let predicted = learner.model.viterbi(&state);
            if predicted != example.gold {
                learner.update(example, &predicted);
            }
            learner.step += 1.0;
        }
    }
    learner.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document whose names are the words in `names` (each one token, of `kind`).
    fn doc(text: &str, names: &[(&str, Kind)]) -> TrainingDoc {
        let chars: Vec<char> = text.chars().collect();
        let spans = names
            .iter()
            .map(|(name, kind)| {
                let len = name.chars().count();
                let start = (0..chars.len())
                    .find(|i| chars[*i..].starts_with(&name.chars().collect::<Vec<_>>()))
                    .unwrap_or_else(|| panic!("{name} is in {text}"));
                GoldSpan {
                    range: start..start + len,
                    kind: *kind,
                }
            })
            .collect();
        TrainingDoc {
            text: text.into(),
            spans,
            register: Vec::new(),
        }
    }

    fn kinds_of(model: &Model, text: &str) -> Vec<(String, Kind)> {
        let chars: Vec<char> = text.chars().collect();
        model
            .tag(text, &[])
            .into_iter()
            .map(|m| (chars[m.start..m.end].iter().collect(), m.kind))
            .collect()
    }

    #[test]
    fn a_warm_start_keeps_what_the_base_knew_and_learns_the_new_documents() {
        let options = TrainOptions {
            epochs: 10,
            ..TrainOptions::default()
        };
        let base = train(
            &[
                doc("وصل بوتين إلى المطار .", &[("بوتين", Kind::Person)]),
                doc("تحدث بوتين مع الصحفيين .", &[("بوتين", Kind::Person)]),
                doc("غادر الوفد المطار .", &[]),
            ],
            options,
        );
        assert_eq!(kinds_of(&base, "وصل أستانا أمس ."), []);
        let project = [
            doc("زار الوفد أستانا أمس .", &[("أستانا", Kind::Place)]),
            doc("في أستانا هدوء .", &[("أستانا", Kind::Place)]),
        ];
        let warm = train_from(&base, &project, options);
        assert!(warm.feature_count() > base.feature_count());
        assert_eq!(
            kinds_of(&warm, "وصل بوتين إلى أستانا ."),
            [
                ("بوتين".into(), Kind::Person),
                ("أستانا".into(), Kind::Place)
            ]
        );
        // The same data always give the same model.
        assert_eq!(warm, train_from(&base, &project, options));
    }
}

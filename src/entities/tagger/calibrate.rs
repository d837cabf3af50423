//! Calibrating a model's probabilities: the temperature that makes a mention's score match how
//! often such mentions are right.
//!
//! A perceptron's weights are not fitted to probabilities, and its scores are far apart, so at
//! temperature 1 nearly every mention scores above 0.99 while one in ten of those is wrong. The
//! temperature divides all scores before forward–backward: it leaves the best labels alone and
//! spreads the probabilities. [`Model::fit_temperature`] picks, from a fixed grid, the one with
//! the least log loss of "this mention is exactly a gold name" over held-out documents (never
//! the documents the model was trained on).

use std::collections::HashSet;

use super::features::words;
use super::model::{Model, spans_of};
use super::train::{TrainingDoc, gold_labels};

/// The temperatures tried.
const GRID: &[f32] = &[
    1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0, 16.0, 24.0, 32.0,
];

impl Model {
    /// The temperature from a fixed grid (1 to 32) whose mention scores best predict which
    /// mentions are gold names (same tokens, same kind) in `held_out`; 1 when nothing is found
    /// there.
    pub fn fit_temperature(&self, held_out: &[TrainingDoc]) -> f32 {
        let mut buf = String::new();
        // Per temperature, the summed log loss.
        let mut loss = vec![0.0f64; GRID.len()];
        let mut mentions = 0usize;
        for doc in held_out {
            for sentence in words(&doc.text, &doc.register) {
                let state = self.state_scores(&self.encode(&sentence, &mut buf));
                let spans = spans_of(&self.viterbi(&state));
                if spans.is_empty() {
                    continue;
                }
                let gold_path: Vec<usize> = gold_labels(&sentence, &doc.spans)
                    .iter()
                    .map(|l| l.index())
                    .collect();
                let gold: HashSet<_> = spans_of(&gold_path).into_iter().collect();
                let right: Vec<bool> = spans.iter().map(|s| gold.contains(s)).collect();
                mentions += spans.len();
                for (t, temperature) in GRID.iter().enumerate() {
                    let p = self.chain(&state, *temperature).span_probabilities(&spans);
                    for (p, right) in p.iter().zip(&right) {
                        let p = f64::from(*p).clamp(1e-6, 1.0 - 1e-6);
                        loss[t] -= if *right { p.ln() } else { (1.0 - p).ln() };
                    }
                }
            }
        }
        if mentions == 0 {
            return 1.0;
        }
        GRID.iter()
            .zip(&loss)
            .min_by(|a, b| a.1.total_cmp(b.1))
            .map_or(1.0, |(t, _)| *t)
    }
}

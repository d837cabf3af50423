//! A trained entity tagger: finds names of people, organisations, places and other entities
//! that the register has never seen.
//!
//! A linear-chain model over the tokens of [`crate::text::tokens`] (clitics attached, offsets
//! in code points), labelling each token `O`, `B-KIND` or `I-KIND` ([`Label`]) from the
//! features of [`features`]: the folded word, its affixes and its stem without clitics, its
//! shape, its neighbours, the register's view of it, and trigger words before it. [`train()`]
//! learns the weights with an averaged structured perceptron; [`Model::tag`] decodes a document
//! with Viterbi and gives each name the probability forward–backward assigns it;
//! [`Model::fit_temperature`] calibrates those probabilities on held-out documents;
//! [`Model::to_bytes`] and [`Model::from_bytes`] keep a model in a small versioned format.
//! [`eval`] reads evaluation sets and scores with the rule of `../shared/tools/ner-eval`.
//!
//! ```no_run
//! use qari::entities::tagger::{TrainOptions, train, eval};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let set = eval::load_eval_set(std::path::Path::new("../shared/data/eval/anercorp-train"))?;
//! let docs: Vec<_> = set.into_iter().map(|d| d.doc).collect();
//! let model = train(&docs, TrainOptions::default());
//! for m in model.tag("قال الرئيس قاسم جومارت توكاييف في أستانا", &[]) {
//!     println!("{}..{} {:?} {:.2}", m.start, m.end, m.kind, m.score);
//! }
//! # Ok(()) }
//! ```
//!
//! This module does not know about the GUI, the project file or the command line; merging its
//! mentions with the register's is left to its callers.

mod calibrate;
pub mod eval;
pub mod features;
mod labels;
mod model;
mod serial;
mod train;

pub use features::{RegisterSpan, Shape, register_spans};
pub use labels::{LABEL_COUNT, Label};
pub use model::{Model, TaggedMention};
pub use serial::{FORMAT_VERSION, ModelFormatError};
pub use train::{GoldSpan, TrainOptions, TrainingDoc, gold_labels, train, train_from};

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The bundled model's file: trained on ANERcorp-train by
/// `cargo run --release --example train_tagger -- ../shared/data --out assets/tagger/anercorp-train.qtag`
/// (see `assets/tagger/README.md` for its data, their licences and its figures).
const BUNDLED: &[u8] = include_bytes!("../../../assets/tagger/anercorp-train.qtag");

/// The bundled model, read once per process (a tenth of a second); `None` only if the file
/// built into the program is not a model this build reads, which a test rules out.
pub fn bundled() -> Option<Arc<Model>> {
    static MODEL: OnceLock<Option<Arc<Model>>> = OnceLock::new();
    MODEL
        .get_or_init(|| Model::from_bytes(BUNDLED).ok().map(Arc::new))
        .clone()
}

/// Why a model file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ModelFileError {
    /// Reading or writing failed.
    #[error("could not access tagger model: {1}")]
    Io(#[source] std::io::Error, PathBuf),
    /// The file is not a model this build can read.
    #[error("{0}: {1}")]
    Format(#[source] ModelFormatError, PathBuf),
}

impl Model {
    /// Reads a model file.
    pub fn load(path: &Path) -> Result<Self, ModelFileError> {
        let bytes = std::fs::read(path).map_err(|e| ModelFileError::Io(e, path.to_owned()))?;
        Self::from_bytes(&bytes).map_err(|e| ModelFileError::Format(e, path.to_owned()))
    }

    /// Writes the model to a file.
    pub fn save(&self, path: &Path) -> Result<(), ModelFileError> {
        std::fs::write(path, self.to_bytes()).map_err(|e| ModelFileError::Io(e, path.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_model_reads_and_finds_a_name() {
        let model = bundled().expect("the bundled model is readable");
        assert!(model.feature_count() > 100_000);
        let text = "وقال الرئيس الأمريكي جورج بوش في واشنطن";
        let found = model.tag(text, &[]);
        let bush = text.chars().skip(21).take(8).collect::<String>();
        assert_eq!(bush, "جورج بوش");
        assert!(
            found
                .iter()
                .any(|m| (m.start, m.end, m.kind) == (21, 29, crate::entities::Kind::Person)),
            "{found:?}"
        );
    }
}

//! Text for matching: Arabic-aware folding with an exact map back to document offsets
//! ([`normalize()`]). The document text itself is never changed; everything found in folded text
//! is reported in document code points.
//!
//! This module does not know about entities or the GUI.

pub mod compact;
pub mod normalize;

pub use normalize::{FoldOptions, Normalized, fold, is_word_char, normalize};

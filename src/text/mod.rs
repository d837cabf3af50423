//! Text for matching: Arabic-aware folding with an exact map back to document offsets
//! ([`normalize()`]). The document text itself is never changed; everything found in folded text
//! is reported in document code points.
//!
//! [`one_line`] cuts text for a list or table cell; [`tokens`] splits text into the word tokens
//! and sentences that the CoNLL export and the entity tagger share.
//!
//! This module does not know about entities or the GUI.

pub mod compact;
pub mod normalize;
pub mod preview;
pub mod tokens;

pub use normalize::{FoldOptions, Normalized, fold, is_word_char, normalize};
pub use preview::{isolated, one_line};

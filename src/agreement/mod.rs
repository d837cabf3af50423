//! How far coders agree: the measures a team computes before it trusts a codebook.
//!
//! - [`reliability`]: Cohen's kappa, Fleiss' kappa and Krippendorff's alpha over units every
//!   coder judged (a reliability matrix of coders × units).
//!
//! This module does not know about the GUI or the project file.

pub mod reliability;

pub use reliability::{Undefined, cohen_kappa, fleiss_kappa, krippendorff_alpha};

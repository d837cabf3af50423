//! How far coders agree: the measures a team computes before it trusts a codebook.
//!
//! - [`reliability`]: Cohen's kappa, Fleiss' kappa and Krippendorff's alpha over units every
//!   coder judged (a reliability matrix of coders × units).
//! - [`units`]: coders' passages turned into such matrices, one code at a time or all pooled.
//! - [`spans`]: one coder's passages against another's: precision, recall, F1 (exact or with a
//!   least overlap) and the passages where they differ.
//! - [`unitized`]: Krippendorff's unitized alpha (α_u), for passages whose edges differ.
//! - [`report`]: a project's report: its coders, per code and overall, at a chosen unit.
//!
//! This module does not know about the GUI; [`report`] reads an open project.

pub mod reliability;
pub mod report;
pub mod spans;
pub mod unitized;
pub mod units;

pub use reliability::{Undefined, cohen_kappa, fleiss_kappa, krippendorff_alpha};

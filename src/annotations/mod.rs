//! Tagging passages by hand: the codebook ([`codebook`]), annotations with their notes and
//! anchoring context ([`model`]), the invertible edits and the undo history ([`edit`]), what a
//! coder does as transactions ([`actions`]), the passage a selection tags ([`passage`]), giving new ids ([`ids`]), and finding annotations again in a changed
//! document ([`anchor`]). Reading annotations from other tools is [`crate::import`]'s.
//!
//! This module does not know about the GUI or the project file; the project keeps the data
//! and implements [`Editable`].

pub mod actions;
pub mod anchor;
pub mod codebook;
pub mod edit;
pub mod ids;
pub mod model;
pub mod passage;

pub use codebook::{Code, CodeId, Codebook, Colour};
pub use edit::{Edit, EditError, Editable, History, Transaction};
pub use ids::{FreeIds, NoMoreIds};
pub use model::{
    Anchor, Annotation, AnnotationId, Annotations, Attributes, CONTEXT_CHARS, ColumnValues,
    DocumentAttributes, DocumentCoding, DocumentCodings,
};

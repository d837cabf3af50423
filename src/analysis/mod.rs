//! What the Analysis views and `qari chart` count, apart from how they are drawn: how often
//! each entity is mentioned ([`frequency`]) and which entities are named together
//! ([`cooccurrence`]), laid out as a network ([`layout`]); passages per code and document
//! ([`matrix`]); counts per day, week or month ([`timeline`]); and the charts as SVG documents ([`svg`]) and PNG images ([`png`]).
//!
//! The input is neutral: mentions as (document, entity, place in the text), whoever found them
//! (the window's entity index, or `qari entities`' extraction), so the window and the command
//! line count the same way.

pub mod charts;
pub mod cooccurrence;
pub mod frequency;
pub mod layout;
pub mod matrix;
pub mod png;
pub mod svg;
pub mod timeline;

/// A mention of a register entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityMention {
    /// The document's index in the corpus.
    pub doc: usize,
    /// The entity's index in the register.
    pub entity: usize,
    /// Its first code point in the document.
    pub at: usize,
    /// The code point after its last.
    pub end: usize,
}

//! Named entities: the register of people, organisations and places ([`register`]), and finding
//! their mentions in Arabic text through clitics and spelling variants ([`matcher`]), and a
//! trained tagger for the names the register has never seen ([`tagger`]).
//!
//! ```no_run
//! use qari::entities::{Matcher, Register};
//! let register = Register::bundled();
//! let matcher = Matcher::new(&register, Default::default());
//! for m in matcher.find("أرسلت منظمة معاهدة الأمن الجماعي قوات إلى ألماتا") {
//!     println!("{:?} {}", m.range, register.entities[m.entity].canonical);
//! }
//! ```
//!
//! This module does not know about the GUI or the project file.

pub mod discover;
pub mod edits;
pub mod index;
pub mod line;
pub mod matcher;
pub mod recognise;
pub mod register;
mod scan;
pub mod tagger;

pub use edits::RegisterEdit;
pub use index::{EntityIndex, MentionCache};
pub use matcher::{Matcher, Mention};
pub use recognise::{Found, Recognised, Recogniser, Source, Suggested};
pub use register::{Entity, Kind, Register, RegisterError};

use crate::corpus::{Corpus, ReadError};

/// A mention as reported: document, code-point range, the text as written, the entity (or a
/// name only the tagger found), and who found it.
#[derive(Clone, Debug, PartialEq)]
pub struct MentionRecord {
    /// Document id.
    pub doc: String,
    /// First code point of the name.
    pub start: usize,
    /// One past its last code point.
    pub end: usize,
    /// The name as written in the document.
    pub text: String,
    /// Index of the entity in the register; `None` for a name the register does not know
    /// (suggested by the tagger).
    pub entity: Option<usize>,
    /// Its kind: the entity's, or the one the tagger gave.
    pub kind: Kind,
    /// The clitic prefix attached to it, as written (a suggested name keeps its clitic inside
    /// its range, as the tagger's tokens do).
    pub prefix: String,
    /// Who found it.
    pub source: Source,
    /// The tagger's probability (1 when only the register found it).
    pub score: f32,
}

/// The mentions in one document's text, in text order.
pub fn records(recogniser: &Recogniser, doc: &str, text: &str) -> Vec<MentionRecord> {
    let found = recogniser.find(text);
    let mut out: Vec<MentionRecord> = found
        .mentions
        .into_iter()
        .map(|f| MentionRecord {
            doc: doc.to_owned(),
            start: f.mention.range.start,
            end: f.mention.range.end,
            text: text[f.mention.bytes].to_owned(),
            entity: Some(f.mention.entity),
            kind: recogniser.kind(f.mention.entity),
            prefix: f.mention.prefix,
            source: f.source,
            score: f.score,
        })
        .chain(found.suggested.into_iter().map(|s| MentionRecord {
            doc: doc.to_owned(),
            start: s.range.start,
            end: s.range.end,
            text: text[s.bytes].to_owned(),
            entity: None,
            kind: s.kind,
            prefix: String::new(),
            source: Source::Tagger,
            score: s.score,
        }))
        .collect();
    out.sort_by_key(|m| (m.start, m.end));
    out
}

/// Opens a folder or article and finds the mentions in each document as it is read (one read
/// per file). Mentions come in document order. The recogniser is built by the first reader
/// that needs it, so building it overlaps with walking the folder and reading the first files;
/// it is returned with the results.
pub fn open_and_extract(
    path: &std::path::Path,
    build: impl Fn() -> Recogniser + Sync,
) -> Result<(Corpus, Vec<MentionRecord>, Recogniser), crate::corpus::OpenError> {
    let recogniser = std::sync::OnceLock::new();
    let (corpus, per_doc) = Corpus::open_with(path, |doc, text| {
        records(recogniser.get_or_init(&build), &doc.id, text)
    })?;
    let recogniser = recogniser.into_inner().unwrap_or_else(build);
    Ok((corpus, per_doc.into_iter().flatten().collect(), recogniser))
}

/// Finds the mentions in every document of an open corpus (in parallel, reading each file
/// again). Returns them in document order, and the documents that could not be read.
pub fn extract(corpus: &Corpus, recogniser: &Recogniser) -> (Vec<MentionRecord>, Vec<ReadError>) {
    let per_doc = corpus.map_texts(|doc, text| records(recogniser, &doc.id, text));
    let mut mentions = Vec::new();
    let mut errors = Vec::new();
    for result in per_doc {
        match result {
            Ok(found) => mentions.extend(found),
            Err(err) => errors.push(err),
        }
    }
    (mentions, errors)
}

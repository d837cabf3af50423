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

/// A mention as reported: document, code-point range, the text as written, the entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentionRecord {
    /// Document id.
    pub doc: String,
    /// First code point of the name.
    pub start: usize,
    /// One past its last code point.
    pub end: usize,
    /// The name as written in the document.
    pub text: String,
    /// Index of the entity in the register.
    pub entity: usize,
    /// The clitic prefix attached to it, as written.
    pub prefix: String,
}

/// The mentions in one document's text.
pub fn records(matcher: &Matcher, doc: &str, text: &str) -> Vec<MentionRecord> {
    matcher
        .find(text)
        .into_iter()
        .map(|m| MentionRecord {
            doc: doc.to_owned(),
            start: m.range.start,
            end: m.range.end,
            text: text[m.bytes].to_owned(),
            entity: m.entity,
            prefix: m.prefix,
        })
        .collect()
}

/// Opens a folder or article and finds the mentions in each document as it is read (one read
/// per file). Mentions come in document order. The matcher is built by the first reader that
/// needs it, so building it overlaps with walking the folder and reading the first files; it is
/// returned with the results.
pub fn open_and_extract(
    path: &std::path::Path,
    build_matcher: impl Fn() -> Matcher + Sync,
) -> Result<(Corpus, Vec<MentionRecord>, Matcher), crate::corpus::OpenError> {
    let matcher = std::sync::OnceLock::new();
    let (corpus, per_doc) = Corpus::open_with(path, |doc, text| {
        records(matcher.get_or_init(&build_matcher), &doc.id, text)
    })?;
    let matcher = matcher.into_inner().unwrap_or_else(build_matcher);
    Ok((corpus, per_doc.into_iter().flatten().collect(), matcher))
}

/// Finds the mentions in every document of an open corpus (in parallel, reading each file
/// again). Returns them in document order, and the documents that could not be read.
pub fn extract(corpus: &Corpus, matcher: &Matcher) -> (Vec<MentionRecord>, Vec<ReadError>) {
    let per_doc = corpus.map_texts(|doc, text| records(matcher, &doc.id, text));
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

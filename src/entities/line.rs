//! A mention as `qari entities --format jsonl` writes it, a line each, and as the Python
//! package returns it (the same fields in the same order, so the two agree byte for byte).

use serde::Serialize;

use super::{MentionRecord, Register};

/// One mention as reported. `start`, `end` and `text` cover the word as written, a clitic
/// attached to the name included (وفرنسا), as ANERcorp, CoNLL tokens and the tagger count
/// words; `prefix` is that clitic, so the name itself begins `prefix`'s length later.
#[derive(Serialize)]
pub struct MentionLine<'a> {
    /// The document id; left out where there is no document (a text on its own).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<&'a str>,
    /// First code point of the word.
    pub start: usize,
    /// One past the last code point of the name.
    pub end: usize,
    /// The word as written.
    pub text: Word<'a>,
    /// The register entity's canonical name; `None` for a name only the tagger found.
    pub entity: Option<&'a str>,
    /// The kind (`person`, `organisation`, `place`, `other`).
    pub kind: &'a str,
    /// The kind as ner-eval and CoNLL spell it: PER, ORG, LOC, MISC.
    #[serde(rename = "type")]
    pub kind_type: &'a str,
    /// The clitic before the name, as written.
    pub prefix: &'a str,
    /// Who found it: `register`, `tagger` or `both`.
    pub source: &'a str,
    /// The tagger's probability (1 for the register alone), as its shortest decimal.
    #[serde(serialize_with = "shortest")]
    pub score: f32,
}

impl<'a> MentionLine<'a> {
    /// The line of a mention; `register` is the one the mention's entity indexes.
    pub fn new(m: &'a MentionRecord, register: &'a Register, with_doc: bool) -> Self {
        Self {
            doc: with_doc.then_some(m.doc.as_str()),
            start: word_start(m),
            end: m.end,
            text: Word {
                prefix: &m.prefix,
                name: &m.text,
            },
            entity: m
                .entity
                .and_then(|e| register.entities.get(e))
                .map(|e| e.canonical.as_str()),
            kind: m.kind.as_str(),
            kind_type: m.kind.conll(),
            prefix: &m.prefix,
            source: m.source.as_str(),
            score: m.score,
        }
    }
}

/// Where the word of a mention starts: before the clitic the register saw.
pub fn word_start(m: &MentionRecord) -> usize {
    m.start.saturating_sub(m.prefix.chars().count())
}

/// Writes a score as the double nearest its shortest decimal (0.87654, not 0.8765400052070618),
/// so that JSON written here and by Python's `json.dumps` spell it the same.
fn shortest<S: serde::Serializer>(score: &f32, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(score_value(*score))
}

/// A score as the double nearest its shortest decimal: what a mention's `score` is in JSON
/// and in Python.
pub fn score_value(score: f32) -> f64 {
    score.to_string().parse().unwrap_or(f64::from(score))
}

/// The word of a mention as written, the clitic and the name, serialised as one string
/// without joining them first (a JSON line a mention, some hundred thousand a corpus).
pub struct Word<'a> {
    /// The clitic.
    pub prefix: &'a str,
    /// The name.
    pub name: &'a str,
}

impl std::fmt::Display for Word<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.prefix, self.name)
    }
}

impl Serialize for Word<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.prefix.is_empty() {
            serializer.serialize_str(self.name)
        } else {
            serializer.collect_str(self)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_written_as_their_shortest_decimal() {
        let mut json = Vec::new();
        let mut ser = serde_json::Serializer::new(&mut json);
        shortest(&0.87654_f32, &mut ser).expect("serialises");
        assert_eq!(String::from_utf8_lossy(&json), "0.87654");
        json.clear();
        let mut ser = serde_json::Serializer::new(&mut json);
        shortest(&1.0_f32, &mut ser).expect("serialises");
        assert_eq!(String::from_utf8_lossy(&json), "1.0");
    }
}

//! The span notation of the tests: `"قال [[PER:بوتين]] في [[LOC:موسكو]]"`, the text with each
//! passage written `[[LABEL:passage]]`.

#![allow(dead_code)] // not every test binary that uses `common` writes the notation

use std::ops::Range;

/// Parses the notation into the text and its passages: code-point range and label.
pub fn parse(notation: &str) -> (String, Vec<(Range<usize>, String)>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut rest = notation;
    while let Some(open) = rest.find("[[") {
        text.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let close = after.find("]]").expect("a passage is closed with ]]");
        let (label, name) = after[..close].split_once(':').expect("[[LABEL:name]]");
        let start = text.chars().count();
        text.push_str(name);
        spans.push((start..text.chars().count(), label.to_owned()));
        rest = &after[close + 2..];
    }
    text.push_str(rest);
    (text, spans)
}

//! The `annotations` block of a project file, written and read fast: a project may hold a
//! hundred thousand annotations (tens of MB of RON), which `ron`'s serializer writes at well
//! under 100 MB/s and its parser reads in one thread.
//!
//! Each annotation is written on one line of its own, by hand, in exactly the RON that
//! deserializes to it (a test checks this against `ron` for awkward strings). Reading finds the
//! block when it has that shape and parses its lines in parallel, each with `ron`; anything else
//! (a file edited by hand, say) is read by `ron` whole, as any RON.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

use rayon::prelude::*;

use nohash_hasher::BuildNoHashHasher;

use crate::annotations::{Annotation, Annotations};

/// The line that opens the block.
const OPEN: &str = "    annotations: [\n";
/// The line that closes it.
const CLOSE: &str = "    ],\n";
/// How each annotation line starts.
const INDENT: &str = "        ";

/// Writes the block: `annotations: [ … ],` with one annotation a line.
pub fn write_block(out: &mut String, annotations: &Annotations) {
    write_lines(out, annotations, None, None);
}

/// Where each annotation's line is in a text the block was written into, by the annotation's
/// stamp ([`Annotations::iter_stamped`]): a save copies the lines of annotations that did not
/// change since the last save instead of writing them again (after one edit to a project of
/// 100,000 annotations, one line is written and 44 MB copied).
#[derive(Debug, Default)]
pub struct LineIndex {
    lines: HashMap<u64, Range<usize>, BuildNoHashHasher<u64>>,
}

/// Writes the block as [`write_block`] does, copying from `previous` (the text last written
/// and its index) the line of each annotation whose stamp is the same; returns the index of
/// the lines in `out`.
pub fn write_block_reusing(
    out: &mut String,
    annotations: &Annotations,
    previous: Option<(&str, &LineIndex)>,
) -> LineIndex {
    let mut index = LineIndex::default();
    write_lines(out, annotations, previous, Some(&mut index));
    index
}

/// The block, with lines copied from `previous` where it has them, and each line's place
/// noted in `index` when one is asked for (a plain write, an export's, builds none).
fn write_lines(
    out: &mut String,
    annotations: &Annotations,
    previous: Option<(&str, &LineIndex)>,
    mut index: Option<&mut LineIndex>,
) {
    if annotations.is_empty() {
        out.push_str("    annotations: [],\n");
        return;
    }
    if let Some(index) = index.as_deref_mut() {
        index.lines.reserve(annotations.len());
    }
    // Room for the block at once: growing a 44 MB string by doubling copies it over and over.
    out.reserve(previous.map_or(annotations.len() * 400, |(text, _)| text.len() + 4096));
    out.push_str(OPEN);
    for (a, stamp) in annotations.iter_stamped() {
        out.push_str(INDENT);
        let start = out.len();
        let old = stamp
            .zip(previous)
            .and_then(|(stamp, (text, old))| text.get(old.lines.get(&stamp)?.clone()));
        match old {
            Some(line) => out.push_str(line),
            None => write_annotation(out, a),
        }
        if let (Some(stamp), Some(index)) = (stamp, index.as_deref_mut()) {
            index.lines.insert(stamp, start..out.len());
        }
        out.push_str(",\n");
    }
    out.push_str(CLOSE);
}

/// One annotation as RON, on one line.
fn write_annotation(out: &mut String, a: &Annotation) {
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "(id: {}, doc: {}, start: {}, end: {}, codes: [",
        a.id.0,
        Quoted(&a.doc),
        a.start,
        a.end
    );
    for (i, code) in a.codes.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{}", code.0);
    }
    let _ = write!(
        out,
        "], quote: {}, prefix: {}, suffix: {}, hash: {}, ",
        Quoted(&a.quote),
        Quoted(&a.prefix),
        Quoted(&a.suffix),
        Quoted(&a.hash.0)
    );
    if !a.note.is_empty() {
        let _ = write!(out, "note: {}, ", Quoted(&a.note));
    }
    if !a.attention.is_empty() {
        let _ = write!(out, "attention: {}, ", Quoted(&a.attention));
    }
    let _ = write!(
        out,
        "author: {}, created: \"{}\", modified: \"{}\")",
        Quoted(&a.author),
        a.created,
        a.modified
    );
}

/// A RON string literal: `"` and `\` escaped, line breaks and other control characters as
/// escapes (so a note with a newline stays on its line); everything else as it is.
struct Quoted<'a>(&'a str);

/// Whether a byte is written escaped.
fn escaped(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20 || b == 0x7f
}

/// Whether any byte of `text` is written escaped: 64 bytes at a time without a branch a byte
/// (the compiler makes it vector code), as almost no string has one.
fn needs_escapes(text: &str) -> bool {
    let mut chunks = text.as_bytes().chunks_exact(64);
    for chunk in chunks.by_ref() {
        if chunk.iter().fold(false, |any, &b| any | escaped(b)) {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| escaped(b))
}

impl std::fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_char('"')?;
        if !needs_escapes(self.0) {
            f.write_str(self.0)?;
            return f.write_char('"');
        }
        let mut rest = self.0;
        while let Some(i) = rest.bytes().position(escaped) {
            f.write_str(&rest[..i])?;
            match rest.as_bytes()[i] {
                b'"' => f.write_str("\\\"")?,
                b'\\' => f.write_str("\\\\")?,
                b'\n' => f.write_str("\\n")?,
                b'\r' => f.write_str("\\r")?,
                b'\t' => f.write_str("\\t")?,
                other => write!(f, "\\u{{{other:x}}}")?,
            }
            rest = &rest[i + 1..];
        }
        f.write_str(rest)?;
        f.write_char('"')
    }
}

/// A file whose annotations block has the written shape: the rest of the file with the block
/// emptied, and the block's lines.
pub struct Split<'a> {
    /// The file without the annotation lines (`annotations: [` directly followed by `],`).
    pub head: String,
    /// The annotation lines, each with its 1-based line number in the file.
    pub lines: Vec<(usize, &'a str)>,
}

/// Finds the annotations block, if it has the shape [`write_block`] gives it.
pub fn split(text: &str) -> Option<Split<'_>> {
    let open = find_line(text, OPEN)?;
    let body_start = open.end;
    let mut lines = Vec::new();
    let mut at = body_start;
    let first_line = text[..body_start].matches('\n').count() + 1;
    loop {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        let line = &text[at..end];
        if line == CLOSE {
            let head = format!("{}{}", &text[..body_start], &text[at..]);
            return Some(Split { head, lines });
        }
        let item = line.strip_prefix(INDENT)?.trim_end().strip_suffix(',')?;
        if !item.starts_with('(') || end == at {
            return None;
        }
        lines.push((first_line + lines.len(), item));
        at = end;
    }
}

/// The byte range of the line `line` (with its newline) in `text`, where a line starts.
fn find_line(text: &str, line: &str) -> Option<Range<usize>> {
    let mut from = 0;
    while let Some(i) = text[from..].find(line) {
        let start = from + i;
        if start == 0 || text.as_bytes()[start - 1] == b'\n' {
            return Some(start..start + line.len());
        }
        from = start + 1;
    }
    None
}

/// Parses annotation lines in parallel, each in the written shape without `ron`
/// ([`super::line_parser`]), any other with `ron`; the first bad line's number and `ron`'s
/// message.
pub fn parse_lines(lines: &[(usize, &str)]) -> Result<Vec<Annotation>, (usize, String)> {
    lines
        .par_iter()
        .with_min_len(256)
        .map(|(n, line)| match super::line_parser::parse(line) {
            Some(annotation) => Ok(annotation),
            None => ron::from_str::<Annotation>(line).map_err(|e| (*n, e.code.to_string())),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::{AnnotationId, CodeId};
    use crate::corpus::ContentHash;
    use proptest::prelude::*;

    fn annotation(id: u64, doc: &str, text: &str, note: &str) -> Annotation {
        let time: jiff::Timestamp = "2026-11-21T17:00:00Z".parse().unwrap();
        Annotation {
            id: AnnotationId(id),
            doc: doc.into(),
            start: 3,
            end: 9,
            codes: vec![CodeId(2), CodeId(7)],
            quote: text.into(),
            prefix: format!("{text}<"),
            suffix: format!(">{text}"),
            hash: ContentHash::of(text),
            note: note.into(),
            author: "سارة".into(),
            created: time,
            modified: time,
            attention: String::new(),
        }
    }

    proptest! {
        /// Whatever the strings hold, a written line reads back as the annotation.
        #[test]
        fn a_written_line_is_the_ron_of_the_annotation(text in any::<String>(), note in any::<String>(), attention in any::<String>()) {
            let mut a = annotation(1, &text, &text, &note);
            a.attention = attention;
            let mut line = String::new();
            write_annotation(&mut line, &a);
            prop_assert!(!line.contains('\n'));
            let back: Annotation = ron::from_str(&line).map_err(|e| TestCaseError::fail(format!("{e}: {line}")))?;
            prop_assert_eq!(back, a);
        }
    }

    #[test]
    fn a_block_written_again_copies_unchanged_lines_and_is_what_a_fresh_write_gives() {
        let list: Vec<Annotation> = (1..=6)
            .map(|i| annotation(i, &format!("{i}.txt"), "قال \"الرئيس\"", ""))
            .collect();
        let mut annotations = Annotations::from_vec(list).unwrap();
        let mut first = String::from("head\n");
        let index = write_block_reusing(&mut first, &annotations, None);
        // One changed, one gone, one new, one moved to another document.
        let mut changed = annotations.remove(AnnotationId(2)).unwrap();
        changed.note = "ملاحظة\nجديدة".into();
        annotations.insert(changed).unwrap();
        annotations.remove(AnnotationId(4)).unwrap();
        annotations
            .insert(annotation(9, "1.txt", "جديد", ""))
            .unwrap();
        let mut moved = annotations.remove(AnnotationId(1)).unwrap();
        moved.doc = "z.txt".into();
        annotations.insert(moved).unwrap();
        let mut again = String::from("another head\n");
        let second = write_block_reusing(&mut again, &annotations, Some((&first, &index)));
        let mut fresh = String::from("another head\n");
        write_block(&mut fresh, &annotations);
        assert_eq!(again, fresh);
        // Unchanged lines are copied, not written again: a mark put in one shows.
        let marked = again.replacen("3.txt", "3.TXT", 1);
        let mut third = String::new();
        write_block_reusing(&mut third, &annotations, Some((&marked, &second)));
        assert!(third.contains("3.TXT"));
        assert_eq!(
            third.replacen("3.TXT", "3.txt", 1),
            fresh["another head\n".len()..]
        );
    }

    #[test]
    fn a_block_splits_into_its_lines_and_anything_else_does_not() {
        let list = vec![
            annotation(1, "a.txt", "قال \"الرئيس\"\n", "سطر\nآخر"),
            annotation(2, "b/c.txt", "\\", ""),
        ];
        let annotations = Annotations::from_vec(list.clone()).unwrap();
        let mut text = "(\n    format_version: 4,\n".to_owned();
        write_block(&mut text, &annotations);
        text.push_str("    codebook: [],\n)\n");
        let split = split(&text).unwrap();
        assert_eq!(
            split.head,
            "(\n    format_version: 4,\n    annotations: [\n    ],\n    codebook: [],\n)\n"
        );
        assert_eq!(split.lines.iter().map(|l| l.0).collect::<Vec<_>>(), [4, 5]);
        assert_eq!(parse_lines(&split.lines).unwrap(), list);
        // A line broken by hand: not the written shape.
        let broken = text.replacen(", start:", ",\n start:", 1);
        assert!(super::split(&broken).is_none());
        let mut empty = String::new();
        write_block(&mut empty, &Annotations::default());
        assert_eq!(empty, "    annotations: [],\n");
        assert!(super::split(&empty).is_none());
    }
}

//! brat standoff: for each document its text (`NAME.txt`, the text qari indexes) and its
//! annotations (`NAME.ann`), and one `annotation.conf` for the folder.
//!
//! - `NAME` is the document id without a final `.txt` (`sub/a.txt` → `sub/a`), or the whole id
//!   for other documents (`page.html` → `page.html.txt`, `page.html.ann`), or for `a.md.txt`
//!   beside `a.md`; names are unique, and `qari-documents.tsv` maps each back to its document
//!   ([`super::brat_names`]).
//! - Each annotation is a `T` line per code (`T1<TAB>TYPE START END<TAB>TEXT`), offsets in code
//!   points; a passage over a line break (or another character at which brat ends a line,
//!   [`breaks_line`]) is written as fragments (`0 5;6 12`), whose texts are joined by a space,
//!   as brat wants. An annotation without a code has the type `uncoded`.
//!   Overlapping passages are kept as they are.
//! - Code paths become valid brat types (ASCII letters, digits, `_`, `-`; `code_ID` where
//!   nothing is left, or to keep two apart); `annotation.conf` lists the types, each after a
//!   comment `# qari code: PATH` giving the code it stands for.
//! - A note is an `AnnotatorNotes` line on the annotation's first `T` line, with `\`, line breaks
//!   and tabs escaped as `\\`, `\n`, `\t`, `\r` (and the other characters at which brat
//!   breaks a line, as [`escape`] says). A `qari` line on it carries what brat has no
//!   place for (id, author, times, and the other `T` lines of the same annotation), so
//!   `qari import --format brat` ([`crate::import::brat`]) gives back the same annotations.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Selection;
use crate::annotations::{CodeId, Codebook};

/// The type of an annotation without a code.
pub const UNCODED: &str = "uncoded";

/// What brat has no field for, on a `#` line of type `qari`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extra {
    /// The annotation id.
    pub id: u64,
    /// Its author.
    pub author: String,
    /// Created, RFC 3339.
    pub created: String,
    /// Modified, RFC 3339.
    pub modified: String,
    /// The other `T` lines of the same annotation (one per further code).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub same: Vec<String>,
    /// The passage's own start and end (its fragments leave out line breaks at its edges).
    #[serde(default)]
    pub start: Option<usize>,
    /// See `start`.
    #[serde(default)]
    pub end: Option<usize>,
}

/// The brat types of the codebook's codes.
pub fn types(book: &Codebook) -> BTreeMap<CodeId, String> {
    let mut out: BTreeMap<CodeId, String> = BTreeMap::new();
    for code in &book.codes {
        let path = book.path(code.id);
        let mut name: String = path
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        name = name
            .split('_')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("_");
        let taken = |n: &str| n == UNCODED || out.values().any(|v| v == n);
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) || taken(&name) {
            name = format!("code_{}", code.id.0);
            // A code may itself be called `code_2`.
            while taken(&name) {
                name.push('_');
            }
        }
        out.insert(code.id, name);
    }
    out
}

/// The file name stem a document has when nothing clashes (`sub/a.txt` → `sub/a`); the stems
/// an export writes are [`super::brat_names::stems`].
pub fn stem(doc: &str) -> &str {
    doc.strip_suffix(".txt").unwrap_or(doc)
}

/// `annotation.conf` for these types.
pub fn annotation_conf(book: &Codebook, types: &BTreeMap<CodeId, String>) -> String {
    let mut out = String::from(
        "# Written by qari. Each type stands for the code named in the comment above it.\n\
         [entities]\n",
    );
    for (id, name) in types {
        out.push_str(&format!("# qari code: {}\n{name}\n", book.path(*id)));
    }
    out.push_str(&format!("# qari: annotations without a code\n{UNCODED}\n"));
    out.push_str("[relations]\n[events]\n[attributes]\n");
    out
}

/// Escapes a note for a one-line brat field: `\` as `\\`, a line break, tab and carriage
/// return as `\n`, `\t`, `\r`, and the other characters at which Python's `splitlines` (how
/// brat reads an `.ann` file) breaks a line as `\v`, `\f` and `\u001C`, `\u001D`, `\u001E`,
/// `\u0085`, `\u2028`, `\u2029`.
pub fn escape(note: &str) -> String {
    let mut out = String::with_capacity(note.len());
    for c in note.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{b}' => out.push_str("\\v"),
            '\u{c}' => out.push_str("\\f"),
            c if breaks_line(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            other => out.push(other),
        }
    }
    out
}

/// Undoes [`escape`] (for reading notes back, [`crate::import::brat`]).
pub fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('v') => out.push('\u{b}'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                // `\u` and four hex digits; anything else is read as before, `u` itself.
                let hex: String = chars.clone().take(4).collect();
                let is_hex = hex.len() == 4 && hex.chars().all(|c| c.is_ascii_hexdigit());
                let code = is_hex
                    .then(|| u32::from_str_radix(&hex, 16).ok())
                    .flatten()
                    .and_then(char::from_u32);
                match code {
                    Some(c) => {
                        out.push(c);
                        chars.nth(3);
                    }
                    None => out.push('u'),
                }
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Whether brat, reading an `.ann` file with Python's `splitlines`, ends a line at `c`: a line
/// break, a carriage return, VT, FF, the separators U+001C–U+001E, NEL (U+0085), and the line
/// and paragraph separators (U+2028, U+2029). No note holds one ([`escape`]), and no `T` line's
/// text ([`ann`] cuts a passage into fragments at each).
pub fn breaks_line(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{1c}'..='\u{1e}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The fragments of `start..end` of `chars` between line breaks (every character at which
/// [`breaks_line`]), as brat wants them.
fn fragments(chars: &[char], start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = start;
    let stop = end.min(chars.len());
    for (i, c) in chars.iter().enumerate().take(stop).skip(start) {
        if breaks_line(*c) {
            if i > from {
                out.push((from, i));
            }
            from = i + 1;
        }
    }
    if stop > from {
        out.push((from, stop));
    }
    out
}

/// The `.ann` text of one document: `annotations` are the selection's for this document with
/// the codes to write, `text` is the document's text.
pub fn ann(
    selection: &Selection<'_>,
    doc: &str,
    text: &str,
    types: &BTreeMap<CodeId, String>,
) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let (mut t, mut n) = (0, 0);
    for (a, codes) in selection.of_doc(doc) {
        let parts = fragments(&chars, a.start, a.end);
        if parts.is_empty() {
            continue;
        }
        let spans: Vec<String> = parts.iter().map(|(s, e)| format!("{s} {e}")).collect();
        let texts: Vec<String> = parts
            .iter()
            .map(|(s, e)| chars[*s..*e].iter().collect())
            .collect();
        let names: Vec<&str> = if codes.is_empty() {
            vec![UNCODED]
        } else {
            codes
                .iter()
                .map(|c| types.get(c).map_or(UNCODED, String::as_str))
                .collect()
        };
        let first = t + 1;
        for name in &names {
            t += 1;
            out.push_str(&format!(
                "T{t}\t{name} {}\t{}\n",
                spans.join(";"),
                texts.join(" ")
            ));
        }
        if !a.note.is_empty() {
            n += 1;
            out.push_str(&format!(
                "#{n}\tAnnotatorNotes T{first}\t{}\n",
                escape(&a.note)
            ));
        }
        let extra = Extra {
            id: a.id.0,
            author: a.author.clone(),
            created: a.created.to_string(),
            modified: a.modified.to_string(),
            same: (first + 1..=t).map(|i| format!("T{i}")).collect(),
            start: Some(a.start),
            end: Some(a.end),
        };
        n += 1;
        let json = serde_json::to_string(&extra).unwrap_or_default();
        out.push_str(&format!("#{n}\tqari T{first}\t{json}\n"));
    }
    out
}

/// The files of a brat collection: `annotation.conf`, the document list
/// ([`super::brat_names::MANIFEST`]), and for each document (`docs`: id and text) its `.txt` and
/// `.ann`, as (relative path, contents). `is_doc` says whether an id is a document of the
/// corpus (see [`super::brat_names::stems`]). `earlier` is the document list of an earlier
/// export in the same folder: a document it lists keeps its stem, a new one gets a stem unlike
/// all of its stems, and every entry whose files this export does not write is kept in the new
/// list (the files are still there).
pub fn files(
    selection: &Selection<'_>,
    docs: &[(String, String)],
    is_doc: impl Fn(&str) -> bool,
    earlier: Option<&BTreeMap<String, String>>,
) -> Vec<(String, String)> {
    let types = types(selection.codebook);
    let ids: Vec<&str> = docs.iter().map(|(id, _)| id.as_str()).collect();
    let stems = super::brat_names::stems(&ids, is_doc, earlier);
    let mut listed: Vec<(&str, &str)> = stems
        .iter()
        .map(String::as_str)
        .zip(ids.iter().copied())
        .collect();
    // The stems written are the earlier ones of their documents or differ from every earlier
    // one even in case: an earlier entry of another stem names files still there.
    let written: std::collections::HashSet<&str> = stems.iter().map(String::as_str).collect();
    listed.extend(
        earlier
            .into_iter()
            .flatten()
            .filter(|(stem, _)| !written.contains(stem.as_str()))
            .map(|(stem, doc)| (stem.as_str(), doc.as_str())),
    );
    let mut out = vec![
        (
            super::brat_names::CONF.to_owned(),
            annotation_conf(selection.codebook, &types),
        ),
        (
            super::brat_names::MANIFEST.to_owned(),
            super::brat_names::manifest(listed),
        ),
    ];
    for ((doc, text), stem) in docs.iter().zip(&stems) {
        out.push((format!("{stem}.txt"), text.clone()));
        out.push((format!("{stem}.ann"), ann(selection, doc, text, &types)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::{Code, Colour};

    #[test]
    fn brat_notes_escape_every_character_python_breaks_lines_at() {
        let breaks = "\u{b}\u{c}\u{1c}\u{1d}\u{1e}\u{85}\u{2028}\u{2029}";
        let note = format!("a{breaks}b\r\nc");
        let escaped = escape(&note);
        // What Python's str.splitlines breaks at: none of it is left.
        assert!(
            !escaped.contains(|c: char| "\n\r".contains(c) || breaks.contains(c)),
            "{escaped:?}"
        );
        assert_eq!(
            escaped,
            "a\\v\\f\\u001C\\u001D\\u001E\\u0085\\u2028\\u2029b\\r\\nc"
        );
        assert_eq!(unescape(&escaped), note);
        // A `\u` not followed by four hex digits reads as before.
        assert_eq!(unescape("\\u12x \\uZZZZ \\u+123 \\u"), "u12x uZZZZ u+123 u");
        assert_eq!(unescape("\\\\u2028"), "\\u2028");
    }

    #[test]
    fn notes_escape_and_come_back() {
        for note in ["", "سطر\nثان\tو\\ن", "a\\nb", "\\"] {
            assert_eq!(unescape(&escape(note)), note);
            assert!(!escape(note).contains('\n'));
        }
    }

    #[test]
    fn types_are_valid_and_distinct() {
        let code = |id: u32, name: &str, parent: Option<u32>| Code {
            id: CodeId(id),
            name: name.into(),
            colour: Colour::PALETTE[0],
            description: String::new(),
            shortcut: None,
            parent: parent.map(CodeId),
            attention: String::new(),
            kind: None,
        };
        let book = Codebook {
            codes: vec![
                code(1, "حجة", None),
                code(2, "legitimacy / claims", Some(1)),
                code(3, "actor", None),
                code(4, "actor", Some(3)),
                code(5, "uncoded", None),
            ],
        };
        let t = types(&book);
        assert_eq!(t[&CodeId(1)], "code_1");
        assert_eq!(t[&CodeId(2)], "legitimacy_claims");
        assert_eq!(t[&CodeId(3)], "actor");
        assert_eq!(t[&CodeId(4)], "actor_actor");
        assert_eq!(t[&CodeId(5)], "code_5");
    }

    #[test]
    fn a_passage_over_a_line_break_is_in_fragments() {
        let chars: Vec<char> = "ab\ncd\n\nef".chars().collect();
        assert_eq!(fragments(&chars, 0, 9), [(0, 2), (3, 5), (7, 9)]);
        assert_eq!(fragments(&chars, 1, 2), [(1, 2)]);
        // Offsets past the text (an annotation of an older text) do not reach past it.
        assert_eq!(fragments(&chars, 7, 20), [(7, 9)]);
        assert!(fragments(&chars, 30, 40).is_empty());
    }

    #[test]
    fn brat_t_lines_are_cut_at_every_character_python_breaks_lines_at() {
        let chars: Vec<char> = "ab\u{2028}cd\u{b}ef\u{1d}gh".chars().collect();
        assert_eq!(fragments(&chars, 0, 11), [(0, 2), (3, 5), (6, 8), (9, 11)]);
    }
}

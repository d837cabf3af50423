//! The codebook: the codes passages are tagged with, as a tree (a code may have a parent).
//!
//! A code is known by its [`CodeId`], which never changes; its name, colour, description,
//! shortcut and place in the tree can. Siblings keep the order in which they are listed.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::ids::{FreeIds, NoMoreIds};
use crate::entities::Kind;

/// The identity of a code in a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CodeId(pub u32);

/// A colour as `#rrggbb` in the project file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Colour(pub [u8; 3]);

impl Colour {
    /// Colours given to new codes in turn: distinct, readable behind dark text.
    pub const PALETTE: [Colour; 10] = [
        Colour([0xf4, 0xa2, 0x61]),
        Colour([0x8e, 0xca, 0xe6]),
        Colour([0xb5, 0xe4, 0x8c]),
        Colour([0xf7, 0xb7, 0xd2]),
        Colour([0xff, 0xe0, 0x66]),
        Colour([0xc3, 0xb1, 0xe1]),
        Colour([0x9a, 0xde, 0xc5]),
        Colour([0xf0, 0x8a, 0x80]),
        Colour([0xd4, 0xc4, 0x8a]),
        Colour([0xa7, 0xc7, 0xe7]),
    ];

    /// Parses `#rrggbb`.
    pub fn parse(text: &str) -> Option<Self> {
        let hex = text.strip_prefix('#')?;
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Self([byte(0)?, byte(2)?, byte(4)?]))
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02x}{g:02x}{b:02x}")
    }
}

impl Serialize for Colour {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Self::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a #rrggbb colour: {text:?}")))
    }
}

/// A code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Code {
    /// Its identity.
    pub id: CodeId,
    /// Its name, Arabic or Latin.
    pub name: String,
    /// The colour its passages are drawn in.
    pub colour: Colour,
    /// What the code means, for the coders.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// A key that tags the selection with this code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortcut: Option<char>,
    /// The code it sits under in the tree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<CodeId>,
    /// Why it needs a person's look (empty: it does not), e.g. a version kept when the code
    /// was changed both here and in the file on disk (format 5).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub attention: String,
    /// The entity kind its passages name, set in its properties (format 6); `None`: the one
    /// its name stands for, if any ([`entity_kind_of_name`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
}

impl Code {
    /// The kind of entity the code's passages name, when it stands for one: the kind set in
    /// its properties ([`Code::kind`]), else the one its name stands for
    /// ([`entity_kind_of_name`]: PER, ORG, LOC, MISC, person, organisation, place …), so the
    /// analyst's tags with it teach the project's entity tagger.
    pub fn entity_kind(&self) -> Option<Kind> {
        self.kind.or_else(|| entity_kind_of_name(&self.name))
    }
}

/// The entity kind a code name stands for by itself, case and spaces at the ends aside: PER,
/// PERS, PERSON, شخص (people); ORG, ORGANISATION, ORGANIZATION, منظمة (organisations); LOC,
/// LOCATION, PLACE, GPE, مكان (places); MISC (other names, as in ANERcorp and CoNLL: taught as
/// names, the tagger tells them from the others better). Other names stand for none, `other`
/// among them: a codebook's "other" is seldom a name.
pub fn entity_kind_of_name(name: &str) -> Option<Kind> {
    match name.trim().to_lowercase().as_str() {
        "per" | "pers" | "person" | "شخص" => Some(Kind::Person),
        "org" | "organisation" | "organization" | "منظمة" => Some(Kind::Organisation),
        "loc" | "location" | "place" | "gpe" | "مكان" => Some(Kind::Place),
        "misc" => Some(Kind::Other),
        _ => None,
    }
}

/// The codes of a project, in list order (a parent is listed before its children is not
/// required; the tree is read from `parent`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Codebook {
    /// The codes.
    pub codes: Vec<Code>,
}

impl Codebook {
    /// The code with this id.
    pub fn get(&self, id: CodeId) -> Option<&Code> {
        self.codes.iter().find(|c| c.id == id)
    }

    /// Where the code with this id is in the list.
    pub fn position(&self, id: CodeId) -> Option<usize> {
        self.codes.iter().position(|c| c.id == id)
    }

    /// The code with this name under this parent.
    pub fn find(&self, name: &str, parent: Option<CodeId>) -> Option<&Code> {
        self.codes
            .iter()
            .find(|c| c.name == name && c.parent == parent)
    }

    /// The code at a path as [`Codebook::path`] writes it (`frame/legitimacy`).
    pub fn find_path(&self, path: &str) -> Option<&Code> {
        let mut parent = None;
        let mut found = None;
        for name in split_path(path) {
            let code = self.find(name.trim(), parent)?;
            parent = Some(code.id);
            found = Some(code);
        }
        found
    }

    /// The ids free for new codes: above the largest, then (when the largest possible id is
    /// taken) the smallest free ones. Ask with `get(id).is_some()`.
    pub fn free_ids(&self) -> FreeIds {
        let largest = self.codes.iter().map(|c| c.id.0).max().unwrap_or(0);
        FreeIds::above(u64::from(largest), u64::from(u32::MAX))
    }

    /// An id no code has (see [`Codebook::free_ids`]).
    pub fn next_id(&self) -> Result<CodeId, NoMoreIds> {
        let taken: std::collections::HashSet<CodeId> = self.codes.iter().map(|c| c.id).collect();
        next_code_id(&mut self.free_ids(), |id| taken.contains(&id))
    }

    /// The colour for a new code.
    pub fn next_colour(&self) -> Colour {
        Colour::PALETTE[self.codes.len() % Colour::PALETTE.len()]
    }

    /// The code's names from the root down, joined by `/`; a `/` in a name is written `\/`,
    /// and a `\` is written `\\` only where it would be read as an escape
    /// ([`escape_name`]), so the path reads back ([`Codebook::find_path`]).
    pub fn path(&self, id: CodeId) -> String {
        self.ancestry(id)
            .iter()
            .rev()
            .filter_map(|id| self.get(*id).map(|c| escape_name(&c.name)))
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The code and its ancestors, nearest first (stops at a missing parent or a cycle).
    pub fn ancestry(&self, id: CodeId) -> Vec<CodeId> {
        let mut chain = vec![id];
        let mut at = self.get(id).and_then(|c| c.parent);
        while let Some(parent) = at {
            if chain.contains(&parent) {
                break;
            }
            chain.push(parent);
            at = self.get(parent).and_then(|c| c.parent);
        }
        chain
    }

    /// The direct children of a code, or for `None` the top-level codes (and any whose parent
    /// is missing), in list order.
    pub fn children(&self, parent: Option<CodeId>) -> impl Iterator<Item = &Code> {
        self.codes.iter().filter(move |c| match parent {
            Some(p) => c.parent == Some(p),
            None => c.parent.is_none_or(|p| self.get(p).is_none()),
        })
    }

    /// The code and all codes under it.
    pub fn subtree(&self, id: CodeId) -> Vec<CodeId> {
        let mut out = vec![id];
        let mut i = 0;
        while i < out.len() {
            let parent = out[i];
            out.extend(
                self.codes
                    .iter()
                    .filter(|c| c.parent == Some(parent) && !out.contains(&c.id))
                    .map(|c| c.id)
                    .collect::<Vec<_>>(),
            );
            i += 1;
        }
        out
    }

    /// Whether putting `id` under `parent` would make a code its own ancestor.
    pub fn would_cycle(&self, id: CodeId, parent: Option<CodeId>) -> bool {
        parent.is_some_and(|p| self.ancestry(p).contains(&id))
    }

    /// The code a shortcut key tags with.
    pub fn by_shortcut(&self, key: char) -> Option<&Code> {
        let key = key.to_lowercase().next().unwrap_or(key);
        self.codes
            .iter()
            .find(|c| c.shortcut.is_some_and(|s| s.to_lowercase().eq([key])))
    }
}

/// A name as a path segment: a `/` is written `\/`, and a `\` is written `\\` where it
/// would otherwise be read as an escape (before `\`, `/` or at the end of the name); any
/// other `\` is kept as it is, so `a\b` is its own path.
pub fn escape_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' => out.push_str("\\/"),
            '\\' if matches!(chars.peek(), None | Some('\\' | '/')) => out.push_str("\\\\"),
            other => out.push(other),
        }
    }
    out
}

/// The names of a path written by [`Codebook::path`]: `/` separates names, `\/` and `\\` stand
/// for `/` and `\`; a `\` before anything else (or at the end) is a backslash of the name.
pub fn split_path(path: &str) -> Vec<String> {
    let mut names = vec![String::new()];
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        let push = match c {
            '\\' => match chars.peek() {
                Some(&next @ ('\\' | '/')) => {
                    chars.next();
                    next
                }
                _ => '\\',
            },
            '/' => {
                names.push(String::new());
                continue;
            }
            other => other,
        };
        if let Some(name) = names.last_mut() {
            name.push(push);
        }
    }
    names
}

/// Whether a character may not be in a code name: control characters (ESC, BEL, line breaks,
/// tabs, DEL and the C1 controls), the line and paragraph separators, and the bidi
/// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which reorder the text
/// after them wherever the name is shown. The bidi marks (U+200E, U+200F, U+061C) are allowed:
/// they reorder nothing beyond their neighbours, and Arabic keyboards type them.
pub fn is_hidden_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// Text with every [`is_hidden_control`] character written visibly as `\u{1b}`, for a
/// terminal or a message (a line break is `\u{a}`).
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_hidden_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Why a name cannot be a code's name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CodeNameError {
    /// Nothing but spaces.
    #[error("a code needs a name")]
    Empty,
    /// A control character or a bidi control (see [`is_hidden_control`]).
    #[error("the code name “{shown}” holds {kind} U+{code:04X}, which a code name cannot hold")]
    Hidden {
        /// The name, with the character written visibly ([`visible`]).
        shown: String,
        /// "a control character" or "a bidi control".
        kind: &'static str,
        /// The character's code point.
        code: u32,
    },
}

/// The one rule for code names, used wherever a name comes in (the window's intents, every
/// importer): the name without spaces at its ends, or why it cannot be one (empty or only bidi
/// marks, or holding a
/// control character or a bidi embedding, override or isolate; see [`is_hidden_control`]).
pub fn check_code_name(name: &str) -> Result<&str, CodeNameError> {
    let name = name.trim();
    // Bidi marks alone show nothing.
    if name
        .chars()
        .all(|c| matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}'))
    {
        return Err(CodeNameError::Empty);
    }
    match name.chars().find(|c| is_hidden_control(*c)) {
        None => Ok(name),
        Some(c) => Err(CodeNameError::Hidden {
            shown: visible(name),
            kind: if c.is_control() {
                "a control character"
            } else {
                "a bidi control"
            },
            code: u32::from(c),
        }),
    }
}

/// A name cleaned for [`check_code_name`]: line breaks and tabs become spaces, the other hidden
/// controls are removed, spaces at the ends are trimmed (what `qari import --lenient` does).
pub fn clean_code_name(name: &str) -> String {
    let spaced: String = name
        .chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                Some(' ')
            }
            c if is_hidden_control(c) => None,
            c => Some(c),
        })
        .collect();
    spaced.trim().to_owned()
}

/// The next code id of `ids`; `taken` says whether a code has an id.
pub fn next_code_id(
    ids: &mut FreeIds,
    taken: impl Fn(CodeId) -> bool,
) -> Result<CodeId, NoMoreIds> {
    ids.next_free(|n| u32::try_from(n).map_or(true, |n| taken(CodeId(n))))
        .and_then(|n| u32::try_from(n).ok())
        .map(CodeId)
        .ok_or(NoMoreIds {
            what: "code",
            max: u64::from(u32::MAX),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(id: u32, name: &str, parent: Option<u32>) -> Code {
        Code {
            id: CodeId(id),
            name: name.into(),
            colour: Colour::PALETTE[0],
            description: String::new(),
            shortcut: None,
            parent: parent.map(CodeId),
            attention: String::new(),
            kind: None,
        }
    }

    fn book() -> Codebook {
        Codebook {
            codes: vec![
                code(1, "frame", None),
                code(2, "legitimacy", Some(1)),
                code(3, "تدخل أجنبي", Some(1)),
                code(4, "actor", None),
                code(5, "deep", Some(2)),
            ],
        }
    }

    #[test]
    fn paths_children_and_subtrees_follow_the_tree() {
        let b = book();
        assert_eq!(b.path(CodeId(5)), "frame/legitimacy/deep");
        let mut odd = b.clone();
        odd.codes.push(code(6, "a/b \\ c", Some(4)));
        assert_eq!(odd.path(CodeId(6)), "actor/a\\/b \\ c");
        assert_eq!(
            odd.find_path(&odd.path(CodeId(6))).map(|c| c.id),
            Some(CodeId(6))
        );
        assert_eq!(split_path("x\\/y/z"), ["x/y", "z"]);
        assert_eq!(
            b.find_path("frame/تدخل أجنبي").map(|c| c.id),
            Some(CodeId(3))
        );
        let top: Vec<_> = b.children(None).map(|c| c.id.0).collect();
        assert_eq!(top, [1, 4]);
        let under: Vec<_> = b.children(Some(CodeId(1))).map(|c| c.id.0).collect();
        assert_eq!(under, [2, 3]);
        assert_eq!(
            b.subtree(CodeId(1)),
            [CodeId(1), CodeId(2), CodeId(3), CodeId(5)]
        );
        assert!(b.would_cycle(CodeId(1), Some(CodeId(5))));
        assert!(!b.would_cycle(CodeId(5), Some(CodeId(4))));
        assert_eq!(b.next_id(), Ok(CodeId(6)));
    }

    #[test]
    fn a_backslash_in_a_code_name_is_kept() {
        assert_eq!(split_path("a\\b"), ["a\\b"]);
        assert_eq!(split_path("x\\"), ["x\\"]);
        for name in [
            "a\\b", "a\\", "\\", "a\\\\b", "a\\/b", "\\\\/", "a/b", "أ\\ب",
        ] {
            let mut b = book();
            b.codes.push(code(6, name, Some(4)));
            let path = b.path(CodeId(6));
            assert_eq!(split_path(&path)[1], name, "{path}");
            assert_eq!(b.find_path(&path).map(|c| c.id), Some(CodeId(6)), "{path}");
        }
        let mut b = book();
        b.codes.push(code(6, "a\\b", None));
        assert_eq!(b.path(CodeId(6)), "a\\b");
    }

    #[test]
    fn code_names_with_control_characters_are_refused() {
        assert_eq!(check_code_name("  حجة \u{200f} "), Ok("حجة \u{200f}"));
        assert_eq!(check_code_name(" \t"), Err(CodeNameError::Empty));
        assert_eq!(check_code_name("\u{200f} "), Err(CodeNameError::Empty));
        for bad in [
            "a\u{1b}[31m",
            "bell\u{7}",
            "two\nlines",
            "\u{202e}evil",
            "x\u{2067}y",
        ] {
            let err = check_code_name(bad).unwrap_err();
            let message = err.to_string();
            assert!(!message.chars().any(is_hidden_control), "{message}");
            assert!(message.contains("U+"), "{message}");
        }
        assert_eq!(
            check_code_name("a\u{1b}b").unwrap_err().to_string(),
            "the code name “a\\u{1b}b” holds a control character U+001B, which a code name cannot hold"
        );
        assert_eq!(clean_code_name("\u{202e}two\nlines\u{7}"), "two lines");
        assert_eq!(visible("a\u{1b}\u{202e}b\n"), "a\\u{1b}\\u{202e}b\\u{a}");
    }

    #[test]
    fn codes_named_for_an_entity_kind_stand_for_it() {
        let kind = |name: &str| code(1, name, None).entity_kind();
        assert_eq!(kind("PER"), Some(Kind::Person));
        assert_eq!(kind(" person "), Some(Kind::Person));
        assert_eq!(kind("Organization"), Some(Kind::Organisation));
        assert_eq!(kind("place"), Some(Kind::Place));
        assert_eq!(kind("GPE"), Some(Kind::Place));
        assert_eq!(kind("منظمة"), Some(Kind::Organisation));
        assert_eq!(kind("مكان"), Some(Kind::Place));
        assert_eq!(kind("MISC"), Some(Kind::Other));
        for other in ["other", "frame", "personal", "تدخل أجنبي"] {
            assert_eq!(kind(other), None, "{other}");
        }
    }

    #[test]
    fn colours_read_and_write_as_hex() {
        let c = Colour::parse("#0a1B2c").unwrap();
        assert_eq!(c.0, [0x0a, 0x1b, 0x2c]);
        assert_eq!(c.to_string(), "#0a1b2c");
        assert!(Colour::parse("0a1b2c").is_none());
        assert!(Colour::parse("#0a1b2").is_none());
        assert!(Colour::parse("#ééé").is_none());
    }
}

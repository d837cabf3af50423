//! The search query language, parsed into a [`Query`] (or a [`ParseError`] that says at which
//! character it breaks). The grammar, loosest binding first:
//!
//! ```text
//! query  := near ( "NEAR/" n near )*        A NEAR/5 B: at most five words apart, either order
//! near   := item+                           items one after another: a phrase
//! item   := atom ( "|" atom )*               alternatives
//! atom   := word | "=" word | "\"" words "\"" | "=\"" words "\"" | "entity:" name | "code:" name
//! word   := letters with an optional "*" at its start and/or end (a prefix or suffix wildcard)
//! name   := a word, or a "quoted name"
//! ```
//!
//! `code:` terms are filters: hits must lie inside a passage tagged with each of them (a query of
//! `code:` terms only lists those passages). Words are folded as the entity matcher folds (see
//! [`crate::text::normalize()`]); a word written with the article (`الكرملين`) is looked for
//! with or without it. This module only parses; [`super::matching`] finds.

use std::fmt;

use crate::text::{FoldOptions, normalize};

/// The article, taken off a query word (the text's word may have it or not).
const ARTICLE: &str = "ال";

/// A parsed query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    /// What to find; `None` when the query is only `code:` filters.
    pub root: Option<Node>,
    /// Codes (names or paths as written) whose passages every hit must lie inside.
    pub codes: Vec<Named>,
}

/// A name written in a query (`entity:` or `code:`), with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    /// The name as written, without quotes.
    pub name: String,
    /// Its first character in the query (code points).
    pub at: usize,
}

/// A part of a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// Items found one right after the other (a phrase).
    Seq(Vec<Node>),
    /// Any one of these.
    Alt(Vec<Node>),
    /// Both, at most `within` words apart, in either order.
    Near {
        /// One side.
        left: Box<Node>,
        /// The other.
        right: Box<Node>,
        /// The most words from the end of one to the start of the other, plus one (`NEAR/1`:
        /// next to each other).
        within: usize,
    },
    /// One word.
    Word(Word),
    /// Every alias of a register entity.
    Entity(Named),
}

/// A query word, folded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// The folded word, without the article when it was written with one (and not `exact`).
    pub stem: String,
    /// It was written with the article.
    pub article: bool,
    /// `=word`: the text's word is this word as folded, with no clitic or article added or
    /// taken off.
    pub exact: bool,
    /// `*word`: any letters may come before it in the word.
    pub any_before: bool,
    /// `word*`: any letters may come after it in the word.
    pub any_after: bool,
}

/// Why a query could not be read, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("bad query at character {at}: {message}")]
pub struct ParseError {
    /// The character (code point, from 1) where the query breaks.
    pub at: usize,
    /// What is wrong.
    pub message: String,
}

impl ParseError {
    fn new(at: usize, message: impl Into<String>) -> Self {
        Self {
            at: at + 1,
            message: message.into(),
        }
    }
}

/// One side of a NEAR: its tokens, and the NEAR before it (position, words apart).
type Side = (Vec<(usize, Token)>, Option<(usize, usize)>);

/// A token of the query text, with its first character.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    /// A bare word (may hold `*`, `=`, a `entity:`/`code:` prefix).
    Bare(String),
    /// A quoted phrase, with what came right before the quote (`=`, `entity:`, `code:` or "").
    Quoted(String, String),
    Bar,
    Near(usize),
}

impl Query {
    /// Parses a query.
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        let tokens = tokenize(text)?;
        if tokens.is_empty() {
            return Err(ParseError::new(0, "the query is empty"));
        }
        let mut codes = Vec::new();
        // NEAR splits the query into its sides (each with the NEAR before it, if any); `code:`
        // terms come out as filters.
        let mut sides: Vec<Side> = vec![(Vec::new(), None)];
        for (at, token) in tokens {
            match token {
                Token::Near(within) => sides.push((Vec::new(), Some((at, within)))),
                Token::Bare(word) if word.starts_with("code:") => {
                    let name = &word["code:".len()..];
                    if name.is_empty() {
                        return Err(ParseError::new(at, "code: needs a code's name"));
                    }
                    codes.push(Named {
                        name: name.to_owned(),
                        at: at + 1,
                    });
                }
                Token::Quoted(text, before) if before == "code:" => codes.push(Named {
                    name: text,
                    at: at + 1,
                }),
                other => {
                    if let Some(side) = sides.last_mut() {
                        side.0.push((at, other));
                    }
                }
            }
        }
        let only_codes = sides.len() == 1 && sides[0].0.is_empty();
        if only_codes {
            return Ok(Self { root: None, codes });
        }
        let mut root: Option<Node> = None;
        for (i, (items, near)) in sides.iter().enumerate() {
            if items.is_empty() {
                // The NEAR before this side, or (for the first side) the one after it.
                let at = near
                    .or_else(|| sides.get(i + 1).and_then(|s| s.1))
                    .map_or(0, |n| n.0);
                return Err(ParseError::new(at, "NEAR needs words on both sides"));
            }
            let side = sequence(items.clone())?;
            root = Some(match (root, near) {
                (Some(left), Some((_, within))) => Node::Near {
                    left: Box::new(left),
                    right: Box::new(side),
                    within: *within,
                },
                _ => side,
            });
        }
        Ok(Self { root, codes })
    }
}

/// Splits the query text into tokens.
fn tokenize(text: &str) -> Result<Vec<(usize, Token)>, ParseError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '|' {
            out.push((i, Token::Bar));
            i += 1;
        } else {
            let start = i;
            let mut word = String::new();
            while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '|' {
                if chars[i] == '"' {
                    break;
                }
                word.push(chars[i]);
                i += 1;
            }
            if i < chars.len() && chars[i] == '"' {
                if !matches!(word.as_str(), "" | "=" | "entity:" | "code:") {
                    return Err(ParseError::new(
                        i,
                        "a quote goes at the start of a phrase (or after =, entity: or code:)",
                    ));
                }
                let open = i;
                i += 1;
                let mut phrase = String::new();
                while i < chars.len() && chars[i] != '"' {
                    phrase.push(chars[i]);
                    i += 1;
                }
                if i == chars.len() {
                    return Err(ParseError::new(open, "this quote is not closed"));
                }
                i += 1;
                if phrase.trim().is_empty() {
                    return Err(ParseError::new(open, "the quotes hold nothing"));
                }
                out.push((start, Token::Quoted(phrase, word)));
                continue;
            }
            if let Some(n) = word.strip_prefix("NEAR/") {
                let within = n.parse::<usize>().ok().filter(|n| (1..=1000).contains(n));
                let Some(within) = within else {
                    return Err(ParseError::new(
                        start + 5,
                        "NEAR/ needs a number of words from 1 to 1000 (NEAR/5)",
                    ));
                };
                out.push((start, Token::Near(within)));
            } else if word == "NEAR" {
                return Err(ParseError::new(start, "write NEAR/5 for five words apart"));
            } else {
                out.push((start, Token::Bare(word)));
            }
        }
    }
    Ok(out)
}

/// Items one after another, each with its alternatives.
fn sequence(tokens: Vec<(usize, Token)>) -> Result<Node, ParseError> {
    let mut items: Vec<Vec<Node>> = Vec::new();
    // A bar waiting for the alternative after it.
    let mut bar: Option<usize> = None;
    for (at, token) in tokens {
        match token {
            Token::Bar if items.is_empty() || bar.is_some() => {
                return Err(ParseError::new(at, "| needs a word on each side"));
            }
            Token::Bar => bar = Some(at),
            other => {
                let node = atom(at, other)?;
                match (bar.take(), items.last_mut()) {
                    (Some(_), Some(last)) => last.push(node),
                    _ => items.push(vec![node]),
                }
            }
        }
    }
    if let Some(at) = bar {
        return Err(ParseError::new(at, "| needs a word on each side"));
    }
    let items: Vec<Node> = items
        .into_iter()
        .map(|mut alts| {
            if alts.len() == 1 {
                alts.remove(0)
            } else {
                Node::Alt(alts)
            }
        })
        .collect();
    Ok(flatten_seq(items))
}

/// One item, or a sequence of several.
fn flatten_seq(mut items: Vec<Node>) -> Node {
    if items.len() == 1 {
        items.remove(0)
    } else {
        Node::Seq(items)
    }
}

/// One term of the query.
fn atom(at: usize, token: Token) -> Result<Node, ParseError> {
    match token {
        Token::Bare(word) => {
            if let Some(name) = word.strip_prefix("entity:") {
                if name.is_empty() {
                    return Err(ParseError::new(at, "entity: needs an entity's name"));
                }
                return Ok(Node::Entity(Named {
                    name: name.to_owned(),
                    at: at + 1,
                }));
            }
            let (exact, body, body_at) = match word.strip_prefix('=') {
                Some(rest) => (true, rest, at + 1),
                None => (false, word.as_str(), at),
            };
            words_node(body, body_at, exact)
        }
        Token::Quoted(phrase, before) => match before.as_str() {
            "entity:" => Ok(Node::Entity(Named {
                name: phrase.trim().to_owned(),
                at: at + 1,
            })),
            "=" => words_node(&phrase, at + 2, true),
            _ => words_node(&phrase, at + 1, false),
        },
        Token::Bar | Token::Near(_) => Err(ParseError::new(at, "a word is missing here")),
    }
}

/// The words of a bare word or a phrase (folding may split a word, as نور-سلطان).
fn words_node(text: &str, at: usize, exact: bool) -> Result<Node, ParseError> {
    let mut words = Vec::new();
    let mut offset = 0;
    for raw in text.split(char::is_whitespace) {
        let here = at + offset;
        offset += raw.chars().count() + 1;
        if raw.is_empty() {
            continue;
        }
        // Punctuation at a word's edges is not looked for (الكرملين، is الكرملين).
        let raw = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '*' && c != '=');
        if raw.is_empty() {
            return Err(ParseError::new(
                here,
                "this word has no letter or digit to look for",
            ));
        }
        let any_before = raw.starts_with('*');
        let any_after = raw.len() > 1 && raw.ends_with('*');
        let inner = raw.trim_start_matches('*').trim_end_matches('*');
        if let Some(star) = inner.chars().position(|c| c == '*') {
            let at = here + usize::from(any_before) + star;
            return Err(ParseError::new(
                at,
                "* goes at the start or the end of a word",
            ));
        }
        if inner.starts_with('=') && !exact {
            return Err(ParseError::new(here, "= goes before the * of a word"));
        }
        let folded = normalize(inner, FoldOptions::default()).text;
        let parts: Vec<&str> = folded.split(' ').filter(|p| !p.is_empty()).collect();
        if parts.is_empty() {
            let what = if raw.chars().all(|c| c == '*') {
                "* needs letters beside it"
            } else {
                "this word has no letter or digit to look for"
            };
            return Err(ParseError::new(here, what));
        }
        let count = parts.len();
        for (i, part) in parts.into_iter().enumerate() {
            words.push(Node::Word(word(
                part,
                exact,
                any_before && i == 0,
                any_after && i + 1 == count,
            )));
        }
    }
    Ok(flatten_seq(words))
}

/// A folded query word: the article is set aside unless the word is exact, or too short
/// without it.
fn word(folded: &str, exact: bool, any_before: bool, any_after: bool) -> Word {
    let stem = folded
        .strip_prefix(ARTICLE)
        .filter(|rest| !exact && !any_before && rest.chars().count() >= 2);
    Word {
        stem: stem.unwrap_or(folded).to_owned(),
        article: stem.is_some(),
        exact,
        any_before,
        any_after,
    }
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Seq(items) => {
                let parts: Vec<String> = items.iter().map(ToString::to_string).collect();
                write!(f, "\"{}\"", parts.join(" "))
            }
            Node::Alt(alts) => {
                let parts: Vec<String> = alts.iter().map(ToString::to_string).collect();
                write!(f, "{}", parts.join("|"))
            }
            Node::Near {
                left,
                right,
                within,
            } => write!(f, "{left} NEAR/{within} {right}"),
            Node::Word(w) => {
                let eq = if w.exact { "=" } else { "" };
                let before = if w.any_before { "*" } else { "" };
                let article = if w.article { ARTICLE } else { "" };
                let after = if w.any_after { "*" } else { "" };
                write!(f, "{eq}{before}{article}{}{after}", w.stem)
            }
            Node::Entity(named) => write!(f, "entity:\"{}\"", named.name),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

    use super::*;

    fn shown(query: &str) -> String {
        let q = Query::parse(query).unwrap();
        let mut out = q.root.map(|r| r.to_string()).unwrap_or_default();
        for code in q.codes {
            out.push_str(&format!(" [code:{}@{}]", code.name, code.at));
        }
        out
    }

    fn error(query: &str) -> (usize, String) {
        let e = Query::parse(query).unwrap_err();
        (e.at, e.message)
    }

    #[test]
    fn words_are_folded_and_the_article_set_aside() {
        assert_eq!(shown("الكرملين"), "الكرملين");
        let q = Query::parse("الكرملين").unwrap();
        let Some(Node::Word(w)) = q.root else {
            panic!()
        };
        assert_eq!(
            (w.stem.as_str(), w.article, w.exact),
            ("كرملين", true, false)
        );
        // Hamza forms, alef maqsura and diacritics fold; Latin is lower-cased.
        assert_eq!(shown("أحمدُ"), "احمد");
        assert_eq!(shown("مصطفى"), "مصطفي");
        assert_eq!(shown("CSTO"), "csto");
        // Exact words keep their article; a word that is too short keeps it too.
        let Some(Node::Word(w)) = Query::parse("=الكرملين").unwrap().root else {
            panic!()
        };
        assert_eq!(
            (w.stem.as_str(), w.article, w.exact),
            ("الكرملين", false, true)
        );
        assert_eq!(shown("الي"), "الي");
    }

    #[test]
    fn phrases_alternatives_wildcards_and_near() {
        assert_eq!(shown("التدخل الخارجي"), "\"التدخل الخارجي\"");
        assert_eq!(shown("\"ثورة ملونة\""), "\"ثوره ملونه\"");
        assert_eq!(shown("أحمد|احمد قال"), "\"احمد|احمد قال\"");
        assert_eq!(
            shown("\"ثورة ملونة\"|\"الربيع العربي\""),
            "\"ثوره ملونه\"|\"الربيع العربي\""
        );
        assert_eq!(shown("استعمار*"), "استعمار*");
        assert_eq!(shown("*ية"), "*يه");
        assert_eq!(shown("روسيا NEAR/5 كازاخستان"), "روسيا NEAR/5 كازاخستان");
        assert_eq!(shown("نور-سلطان"), "\"نور سلطان\"");
        assert_eq!(shown("=\"ثورة ملونة\""), "\"=ثوره =ملونه\"");
    }

    #[test]
    fn entity_and_code_terms() {
        assert_eq!(shown("entity:Almaty"), "entity:\"Almaty\"");
        assert_eq!(
            shown("entity:\"Kassym-Jomart Tokayev\" قال"),
            "\"entity:\"Kassym-Jomart Tokayev\" قال\""
        );
        assert_eq!(shown("ثورة code:legitimacy"), "ثوره [code:legitimacy@6]");
        assert_eq!(shown("code:\"حجة/شرعية\""), " [code:حجة/شرعية@1]");
    }

    #[test]
    fn bad_queries_say_where_they_break() {
        assert_eq!(error(""), (1, "the query is empty".into()));
        assert_eq!(error("   "), (1, "the query is empty".into()));
        assert_eq!(
            error("\"ثورة ملونة"),
            (1, "this quote is not closed".into())
        );
        assert_eq!(
            error("است*عمار"),
            (4, "* goes at the start or the end of a word".into())
        );
        assert_eq!(error("*"), (1, "* needs letters beside it".into()));
        assert_eq!(error("روسيا |"), (7, "| needs a word on each side".into()));
        assert_eq!(error("| روسيا"), (1, "| needs a word on each side".into()));
        assert_eq!(
            error("روسيا NEAR/x كازاخستان"),
            (
                12,
                "NEAR/ needs a number of words from 1 to 1000 (NEAR/5)".into()
            )
        );
        assert_eq!(
            error("روسيا NEAR/5"),
            (7, "NEAR needs words on both sides".into())
        );
        assert_eq!(
            error("NEAR/5 روسيا"),
            (1, "NEAR needs words on both sides".into())
        );
        assert_eq!(
            error("روسيا NEAR كازاخستان"),
            (7, "write NEAR/5 for five words apart".into())
        );
        assert_eq!(
            error("entity:"),
            (1, "entity: needs an entity's name".into())
        );
        assert_eq!(error("code:"), (1, "code: needs a code's name".into()));
        assert_eq!(
            error("،،"),
            (1, "this word has no letter or digit to look for".into())
        );
        assert_eq!(
            error("ab\"cd\""),
            (
                3,
                "a quote goes at the start of a phrase (or after =, entity: or code:)".into()
            )
        );
    }
}

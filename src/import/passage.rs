//! What every reader gives: a [`Passage`] (a span of a document with its codes, note, author and
//! times, offsets in code points) and a [`LineError`] (a line that does not read, by number);
//! and what is doubtful about a passage that reads: a text that is not the document's text at
//! its offsets, brat pieces with text between them, a code name with a control character
//! ([`Passage::doubts`]). The planner refuses such a passage; a lenient import takes it as
//! [`Passage::settle`] makes it, with a warning.

use jiff::Timestamp;
use serde_json::Value;

use crate::annotations::codebook::{
    CodeNameError, check_code_name, clean_code_name, escape_name, split_path, visible,
};
use crate::export::brat::breaks_line;
use crate::text::one_line;

/// A line that could not be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    /// The file, for formats of several files.
    pub file: Option<String>,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl LineError {
    /// An error on a line of the one file.
    pub fn at(line: usize, message: String) -> Self {
        Self {
            file: None,
            line,
            message,
        }
    }
}

/// `file: line 3: message`; control characters and bidi controls in the file name or the
/// message (a document id, a code name from the file) are written visibly, as `\u{1b}`, so that
/// a file cannot put them on a terminal.
impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let message = visible(&self.message);
        match &self.file {
            Some(file) => write!(f, "{}: line {}: {message}", visible(file), self.line),
            None => write!(f, "line {}: {message}", self.line),
        }
    }
}

/// A passage to import, from any format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passage {
    /// Where it was read: the line (1-based) and, for formats of several files, the file.
    pub line: usize,
    /// The file it was read from, when there are several.
    pub file: Option<String>,
    /// Document id.
    pub doc: String,
    /// First code point.
    pub start: usize,
    /// One past the last.
    pub end: usize,
    /// Code names or paths.
    pub codes: Vec<String>,
    /// The note.
    pub note: String,
    /// The author, if the file says.
    pub author: Option<String>,
    /// When it was made and changed, if the file says.
    pub created: Option<Timestamp>,
    /// When it was last changed.
    pub modified: Option<Timestamp>,
    /// The text the file gives for the passage, checked against the document's text: brat's
    /// `T` line text (its pieces' texts joined by a space), W3C's `TextQuoteSelector` `exact`,
    /// JSON lines' `quote`.
    pub quote: Option<String>,
    /// A brat span's pieces (`0 5;6 10`) in code points, start and end; empty for the range
    /// `start..end` itself.
    pub pieces: Vec<(usize, usize)>,
}

/// Something doubtful about a passage that reads: refused by a strict import, taken by a
/// lenient one the way [`Passage::settle`] says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doubt {
    /// What is wrong.
    pub message: String,
    /// What a lenient import does instead of refusing (or, for a [`Doubt::plain`] one, that it
    /// refuses it too).
    pub lenient: String,
    /// A plain error, which a lenient import refuses too (a code name that nothing is left of
    /// once cleaned): reported without a word on `--lenient`, and never as a warning.
    pub plain: bool,
}

/// What a strict import's message for a doubtful line says before what a lenient import would
/// do with it.
pub const LENIENT_MARK: &str = "a lenient import:";

impl Doubt {
    /// The doubt as a strict import reports it: an error on the line, saying what a lenient
    /// import would do.
    pub fn refused(&self, file: Option<&str>, line: usize) -> LineError {
        let message = if self.plain {
            self.message.clone()
        } else {
            format!("{} ({LENIENT_MARK} {})", self.message, self.lenient)
        };
        LineError {
            file: file.map(str::to_owned),
            line,
            message,
        }
    }

    /// The doubt as a lenient import reports it: a warning on the line, saying what was done
    /// (`None` for a doubt a lenient import refuses too: see [`Doubt::plain`]).
    pub fn warned(&self, file: Option<&str>, line: usize) -> Option<LineError> {
        (!self.plain).then(|| LineError {
            file: file.map(str::to_owned),
            line,
            message: format!("{}; {}", self.message, self.lenient),
        })
    }

    /// Whether a lenient import takes the line (else it is an error either way).
    pub fn is_lenient(&self) -> bool {
        !self.plain
    }
}

impl Passage {
    /// What is doubtful about the passage against its document's text (`chars`, code points):
    /// its text ([`Passage::quote`]) is not the document's at its offsets, its brat pieces leave
    /// out more than spaces and line breaks between them, or a code name holds a control
    /// character or a bidi control ([`check_code_name`]). A range outside the text is not a
    /// doubt but an error, which the planner reports.
    pub fn doubts(&self, chars: &[char]) -> Vec<Doubt> {
        let mut out = Vec::new();
        let within = |s: usize, e: usize| s <= e && e <= chars.len();
        let text = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
        let pieces: Vec<(usize, usize)> = if self.pieces.is_empty() {
            vec![(self.start, self.end)]
        } else {
            self.pieces.clone()
        };
        let readable = pieces.iter().all(|(s, e)| within(*s, *e));
        if readable && pieces.len() > 1 {
            let gap = pieces.windows(2).find(|w| {
                let (end, next) = (w[0].1, w[1].0);
                end > next
                    || chars[end..next]
                        .iter()
                        .any(|c| !c.is_whitespace() && !breaks_line(*c))
            });
            if let Some(w) = gap {
                let spans: Vec<String> = pieces.iter().map(|(s, e)| format!("{s} {e}")).collect();
                let message = if w[0].1 > w[1].0 {
                    format!("the pieces {} overlap or are out of order", spans.join(";"))
                } else {
                    format!(
                        "the pieces {} leave out text between them (“{}”), and qari keeps one \
                         passage",
                        spans.join(";"),
                        shown(&text(w[0].1, w[1].0))
                    )
                };
                out.push(Doubt {
                    message,
                    lenient: format!("imported as one passage {}–{}", self.start, self.end),
                    plain: false,
                });
            }
        }
        if let Some(quote) = &self.quote
            && readable
        {
            let at: Vec<String> = pieces.iter().map(|(s, e)| text(*s, *e)).collect();
            let at = at.join(" ");
            if *quote != at {
                out.push(Doubt {
                    message: format!(
                        "the file's text “{}” is not the document's text at {}–{} (“{}”)",
                        shown(quote),
                        self.start,
                        self.end,
                        shown(&at)
                    ),
                    lenient: "imported at its offsets".into(),
                    plain: false,
                });
            }
        }
        for name in &self.codes {
            let segments = split_path(name);
            let bad = segments
                .iter()
                .find_map(|segment| match check_code_name(segment) {
                    Err(err @ CodeNameError::Hidden { .. }) => Some(err),
                    _ => None,
                });
            let Some(err) = bad else {
                continue;
            };
            // A name (or a name of the path) that cleaning leaves empty: no lenient import
            // takes it.
            let emptied = segments
                .iter()
                .any(|s| check_code_name(&clean_code_name(s)) == Err(CodeNameError::Empty));
            out.push(if emptied {
                Doubt {
                    message: format!("{err}, and without such characters the name is empty"),
                    lenient: "refused too".into(),
                    plain: true,
                }
            } else {
                Doubt {
                    message: err.to_string(),
                    lenient: format!("imported as “{}”", clean_path(name)),
                    plain: false,
                }
            });
        }
        out
    }

    /// The passage as a lenient import takes it: at its offsets (its text and pieces are
    /// dropped), with its code names cleaned ([`clean_code_name`]). Not for a passage with a
    /// doubt a lenient import refuses ([`Doubt::is_lenient`]): that stays as it is, for the
    /// planner to refuse.
    pub fn settle(&mut self) {
        self.quote = None;
        self.pieces.clear();
        for name in &mut self.codes {
            *name = clean_path(name);
        }
    }
}

/// A code path with each name cleaned.
fn clean_path(path: &str) -> String {
    let names: Vec<String> = split_path(path)
        .iter()
        .map(|n| escape_name(&clean_code_name(n)))
        .collect();
    names.join("/")
}

/// Text for a message: cut at 40 code points, control characters and bidi controls visible
/// (a line break as `\u{a}`).
fn shown(text: &str) -> String {
    let cut = match text.char_indices().nth(40) {
        Some((byte, _)) => format!("{}…", &text[..byte]),
        None => text.to_owned(),
    };
    visible(&cut)
}

/// A start or end offset from JSON (`what` names it in the message): a whole number that is
/// not negative (`1000`, or `1e3` or `1000.0`, which JSON readers take as floats).
pub fn offset(value: Option<&Value>, what: &str) -> Result<usize, String> {
    match value {
        None | Some(Value::Null) => Err(format!("no {what}")),
        Some(Value::Number(n)) => {
            let too_large = || format!("{what} {n} is too large");
            if let Some(v) = n.as_u64() {
                usize::try_from(v).map_err(|_| too_large())
            } else if n.as_i64().is_some_and(|v| v < 0) || n.as_f64().is_some_and(|v| v < 0.0) {
                Err(format!("{what} {n} is negative"))
            } else {
                // `1e3` is read as a float: a whole one is taken, up to 2^53 (past it, floats
                // are not every whole number).
                match n.as_f64() {
                    Some(v) if v.fract() == 0.0 && v <= 9_007_199_254_740_992.0 => {
                        usize::try_from(v as u64).map_err(|_| too_large())
                    }
                    Some(v) if v.fract() == 0.0 => Err(too_large()),
                    _ => Err(format!("{what} {n} is not a whole number")),
                }
            }
        }
        Some(other) => Err(format!(
            "{what} {} is not a number",
            one_line(&other.to_string(), 20)
        )),
    }
}

//! What every reader gives: a [`Passage`] (a span of a document with its codes, note, author and
//! times, offsets in code points) and a [`LineError`] (a line that does not read, by number).

use jiff::Timestamp;

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

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.file {
            Some(file) => write!(f, "{file}: line {}: {}", self.line, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
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
}

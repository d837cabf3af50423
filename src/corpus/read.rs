//! One file to one document: read the bytes, decode, extract the text of HTML, find the title,
//! and say what was odd about it.
//!
//! A file that cannot be a document (unreadable, too large, binary, in no known encoding) is a
//! [`ReadError`] naming the file; a document that is readable but imperfect carries
//! [`DocWarning`]s. Neither ever panics, whatever the bytes.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::decode::{DetectedEncoding, decode_owned};
use super::html;

/// Files larger than this are skipped with a message, never read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Titles are cut to this many code points.
const MAX_TITLE_CHARS: usize = 120;

/// Share of suspicious characters (controls, NULs, undecodable bytes), in percent, above which a
/// file is not taken as text.
const MAX_SUSPICIOUS_PERCENT: usize = 5;

/// The kinds of file qari reads, by extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// `.txt`
    Text,
    /// `.md`, `.markdown`: read as plain text.
    Markdown,
    /// `.html`, `.htm`, `.xhtml`: the visible text.
    Html,
}

impl Format {
    /// The format of a file from its extension (case-insensitive), `None` if qari does not read it.
    pub fn of(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Self::Text),
            "md" | "markdown" => Some(Self::Markdown),
            "html" | "htm" | "xhtml" => Some(Self::Html),
            _ => None,
        }
    }
}

/// Something worth knowing about a document that was nevertheless read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum DocWarning {
    /// The file holds no text.
    Empty,
    /// NUL bytes, each shown as U+FFFD.
    NulBytes {
        /// How many.
        count: usize,
    },
    /// Byte sequences not valid in the chosen encoding, each shown as U+FFFD.
    Malformed {
        /// How many.
        count: usize,
        /// The encoding they are invalid in.
        encoding: &'static str,
    },
    /// The page declares a charset its bytes contradict; the declaration was ignored.
    FalseDeclaration {
        /// The declared charset.
        declared: &'static str,
    },
}

impl fmt::Display for DocWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("no text in the file"),
            Self::NulBytes { count } => write!(f, "{count} NUL byte(s), shown as \u{FFFD}"),
            Self::Malformed { count, encoding } => {
                write!(
                    f,
                    "{count} byte sequence(s) invalid in {encoding}, shown as \u{FFFD}"
                )
            }
            Self::FalseDeclaration { declared } => {
                write!(
                    f,
                    "declares charset {declared} but is not in it; encoding detected"
                )
            }
        }
    }
}

/// Why a file is not a document. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("could not read ({error}): {path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        error: std::io::Error,
    },
    /// Over [`MAX_FILE_BYTES`].
    #[error("larger than the 64 MiB limit ({size} bytes): {path}")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
    },
    /// Control characters and NULs: not a text file whatever its extension.
    #[error("binary content, not text: {path}")]
    Binary {
        /// The file.
        path: PathBuf,
    },
    /// Mostly byte sequences that no known encoding decodes.
    #[error("not text in any known encoding: {path}")]
    Undecodable {
        /// The file.
        path: PathBuf,
    },
    /// The name is not valid UTF-8, so it cannot be a document id.
    #[error("file name is not valid UTF-8: {path}")]
    NonUtf8Name {
        /// The file.
        path: PathBuf,
    },
    /// A symbolic link that leads back into a folder above it.
    #[error("symbolic link loop: {path}")]
    SymlinkLoop {
        /// The link.
        path: PathBuf,
    },
}

impl ReadError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            Self::Io { path, .. }
            | Self::TooLarge { path, .. }
            | Self::Binary { path }
            | Self::Undecodable { path }
            | Self::NonUtf8Name { path }
            | Self::SymlinkLoop { path } => path,
        }
    }
}

/// A file read as a document.
#[derive(Clone, Debug)]
pub struct DocumentText {
    /// The text qari indexes: every offset counts code points of this string.
    pub text: String,
    /// The title: `<title>` or first heading for HTML, the first non-empty line otherwise,
    /// the file name if there is nothing else.
    pub title: String,
    /// How it was decoded.
    pub encoding: DetectedEncoding,
    /// What was odd about it.
    pub warnings: Vec<DocWarning>,
    /// Size of the file in bytes.
    pub byte_len: u64,
    /// Length of [`DocumentText::text`] in code points.
    pub char_len: usize,
    /// The date the document states (an HTML page's publication date), if any.
    pub date: Option<jiff::civil::Date>,
}

/// Reads one file as a document of the given format.
pub fn read_document(path: &Path, format: Format) -> Result<DocumentText, ReadError> {
    document_from_bytes(read_limited(path)?, format, path)
}

/// A file's bytes as a document of the given format: what [`read_document`] does once the
/// file is read (and under [`MAX_FILE_BYTES`]). `path` names the file in errors and gives the
/// title of a document with no text.
pub fn document_from_bytes(
    bytes: Vec<u8>,
    format: Format,
    path: &Path,
) -> Result<DocumentText, ReadError> {
    let declared = match format {
        Format::Html => html::declared_charset(&bytes),
        Format::Text | Format::Markdown => None,
    };
    let byte_len = bytes.len() as u64;
    let decoded = decode_owned(bytes, declared);
    let (decoded_chars, controls) = chars_and_controls(&decoded.text);
    if (decoded.nuls + controls) * 100 > decoded_chars * MAX_SUSPICIOUS_PERCENT {
        return Err(ReadError::Binary { path: path.into() });
    }
    if decoded.malformed * 100 > decoded_chars * MAX_SUSPICIOUS_PERCENT {
        return Err(ReadError::Undecodable { path: path.into() });
    }

    let mut warnings = Vec::new();
    if decoded.nuls > 0 {
        warnings.push(DocWarning::NulBytes {
            count: decoded.nuls,
        });
    }
    if decoded.malformed > 0 {
        warnings.push(DocWarning::Malformed {
            count: decoded.malformed,
            encoding: decoded.encoding.name(),
        });
    }
    if let Some(declared) = decoded.ignored_declaration {
        warnings.push(DocWarning::FalseDeclaration {
            declared: declared.name(),
        });
    }
    let (text, title, char_len, date) = match format {
        Format::Html => {
            let page = html::extract(&decoded.text);
            let title = page.title.or_else(|| first_line_title(&page.text, format));
            let chars = page.text.chars().count();
            (page.text, title, chars, page.date)
        }
        Format::Text | Format::Markdown => {
            let title = first_line_title(&decoded.text, format);
            (decoded.text, title, decoded_chars, None)
        }
    };
    if text.trim().is_empty() {
        warnings.push(DocWarning::Empty);
    }
    let title = title.unwrap_or_else(|| file_name(path));
    Ok(DocumentText {
        text,
        title: truncate_chars(&title, MAX_TITLE_CHARS),
        encoding: decoded.encoding,
        warnings,
        byte_len,
        char_len,
        date,
    })
}

/// The number of code points of `text`, and of control characters among them other than line
/// feed, tab and form feed. Counted on the bytes (this runs over every file of a corpus): a
/// code point starts at every byte that is not a continuation byte, C0 controls and DEL are
/// single bytes, and C1 controls (U+0080–U+009F) are 0xC2 followed by 0x80–0x9F.
fn chars_and_controls(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let chars = count_bytes(bytes, |b| (b as i8) >= -0x40);
    let c0 = count_bytes(bytes, |b| {
        (b < 0x20 && b != b'\n' && b != b'\t' && b != 0x0c) || b == 0x7f
    });
    let c1 = memchr::memchr_iter(0xC2, bytes)
        .filter(|i| bytes.get(i + 1).is_some_and(|b| (0x80..=0x9F).contains(b)))
        .count();
    (chars, c0 + c1)
}

/// The bytes for which `test` holds, counted in one-byte sums of up to 255 bytes at a time (so
/// the compiler counts many bytes an instruction).
fn count_bytes(bytes: &[u8], test: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| {
            let n = chunk.iter().fold(0u8, |n, b| n + u8::from(test(*b)));
            usize::from(n)
        })
        .sum()
}

fn read_limited(path: &Path) -> Result<Vec<u8>, ReadError> {
    let io = |error| ReadError::Io {
        path: path.into(),
        error,
    };
    let file = open_without_waiting(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    crate::files::regular(&meta).map_err(io)?;
    let size = meta.len();
    if size > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: path.into(),
            size,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // `take` guards against a file that grows between the size check and the read.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: path.into(),
            size: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// Opens a file for reading without waiting: opening a FIFO (an article given by its path, or
/// swapped in after the folder was walked) would wait for a writer forever. On Unix the file is
/// opened with `O_NONBLOCK` (which regular files ignore) and its type checked on the open file,
/// one system call and one path lookup fewer a document than checking the path first, and with
/// no moment for the file to be swapped; elsewhere the path is checked first.
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(path)
    }
    #[cfg(not(unix))]
    {
        crate::files::regular(&std::fs::metadata(path)?)?;
        std::fs::File::open(path)
    }
}

fn first_line_title(text: &str, format: Format) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let line = match format {
        Format::Markdown => line.trim_start_matches('#').trim_start(),
        Format::Text | Format::Html => line,
    };
    (!line.is_empty()).then(|| line.to_owned())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((byte, _)) => format!("{}…", &s[..byte]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn byte_counts_agree_with_counting_code_points() {
        for text in [
            "",
            "نص عربي\n\tو\u{c}",
            "a\u{1}b\u{7f}\u{85}\u{9f}\u{a0}\u{80}€𝔸",
            "\u{c2}\u{80}",
        ] {
            let expected = text.chars().fold((0, 0), |(n, controls), c| {
                let control = (c < ' ' && !matches!(c, '\n' | '\t' | '\u{c}'))
                    || ('\u{7f}'..='\u{9f}').contains(&c);
                (n + 1, controls + usize::from(control))
            });
            assert_eq!(chars_and_controls(text), expected, "{text:?}");
        }
    }

    #[test]
    fn text_title_is_the_first_non_empty_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "a.txt", "\n  \n  خطأ فادح؟  \nنص".as_bytes());
        let doc = read_document(&p, Format::Text).unwrap();
        assert_eq!(doc.title, "خطأ فادح؟");
        assert!(doc.warnings.is_empty());
        let p = write(dir.path(), "b.md", "## عنوان\nنص".as_bytes());
        assert_eq!(read_document(&p, Format::Markdown).unwrap().title, "عنوان");
    }

    #[test]
    fn empty_file_is_a_document_with_a_warning_and_the_file_name_as_title() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "empty.txt", b"");
        let doc = read_document(&p, Format::Text).unwrap();
        assert_eq!(doc.text, "");
        assert_eq!(doc.title, "empty.txt");
        assert_eq!(doc.warnings, vec![DocWarning::Empty]);
    }

    #[test]
    fn binary_file_with_a_text_extension_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0".to_vec();
        png.extend((0..2000u32).map(|i| (i * 7 % 256) as u8));
        let p = write(dir.path(), "image.txt", &png);
        let err = read_document(&p, Format::Text).unwrap_err();
        assert!(matches!(err, ReadError::Binary { .. }), "{err}");
        assert!(err.to_string().ends_with("image.txt"));
    }

    #[test]
    fn a_stray_nul_is_kept_as_one_replacement_character_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "nul.txt",
            "نص عربي طويل بما يكفي\0 ثم يكمل".as_bytes(),
        );
        let doc = read_document(&p, Format::Text).unwrap();
        assert!(doc.text.contains('\u{FFFD}'));
        assert_eq!(doc.warnings, vec![DocWarning::NulBytes { count: 1 }]);
    }

    #[test]
    fn bytes_valid_in_no_encoding_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        // A UTF-8 BOM followed by bytes that are not UTF-8.
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend((0..400u32).map(|i| 0x80 + (i * 37 % 64) as u8));
        let p = write(dir.path(), "garbled.txt", &bytes);
        let err = read_document(&p, Format::Text).unwrap_err();
        assert!(matches!(err, ReadError::Undecodable { .. }), "{err}");
    }

    #[test]
    fn a_few_malformed_bytes_are_a_warning_not_a_refusal() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend(
            "نص عربي سليم في معظمه مع بايت واحد تالف "
                .repeat(5)
                .as_bytes(),
        );
        bytes.push(0xFF);
        let p = write(dir.path(), "one-bad-byte.txt", &bytes);
        let doc = read_document(&p, Format::Text).unwrap();
        assert_eq!(
            doc.warnings,
            vec![DocWarning::Malformed {
                count: 1,
                encoding: "UTF-8"
            }]
        );
    }

    #[test]
    fn files_over_the_size_limit_are_skipped_unread() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("huge.txt");
        let file = std::fs::File::create(&p).unwrap();
        file.set_len(MAX_FILE_BYTES + 1).unwrap(); // sparse: no disk used
        let err = read_document(&p, Format::Text).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { .. }), "{err}");
        assert!(err.to_string().contains("64 MiB"), "{err}");
    }

    #[test]
    fn html_title_and_text() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "page.html",
            "<title>العنوان</title><p>الفقرة</p>".as_bytes(),
        );
        let doc = read_document(&p, Format::Html).unwrap();
        assert_eq!(doc.title, "العنوان");
        assert_eq!(doc.text, "الفقرة\n");
    }

    #[test]
    fn long_titles_are_cut() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "long.txt", "ك".repeat(500).as_bytes());
        let doc = read_document(&p, Format::Text).unwrap();
        assert_eq!(doc.title.chars().count(), MAX_TITLE_CHARS + 1);
    }

    #[test]
    fn missing_file_is_an_io_error_naming_it() {
        let err = read_document(Path::new("/nonexistent/x.txt"), Format::Text).unwrap_err();
        assert!(err.to_string().ends_with("/nonexistent/x.txt"), "{err}");
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        // xorshift: deterministic pseudo-random buffers, some with HTML-ish and Arabic bytes.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let alphabet: &[u8] = b"<>/=\"' \r\n\0&;#ptdiv\xd8\xd9\xa7\xe4\xc7\xef\xbb\xbf\xff\xfe";
        for _ in 0..2_000 {
            let len = (next() % 300) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    let r = next();
                    if r % 3 == 0 {
                        alphabet[(r >> 8) as usize % alphabet.len()]
                    } else {
                        (r >> 16) as u8
                    }
                })
                .collect();
            let decoded = crate::corpus::decode::decode(&bytes, html::declared_charset(&bytes));
            let page = html::extract(&decoded.text);
            assert!(!page.text.contains('\r'));
        }
    }

    #[test]
    fn extensions() {
        assert_eq!(Format::of(Path::new("a/B.HTM")), Some(Format::Html));
        assert_eq!(Format::of(Path::new("a.md")), Some(Format::Markdown));
        assert_eq!(Format::of(Path::new("a.pdf")), None);
        assert_eq!(Format::of(Path::new("txt")), None);
    }
}

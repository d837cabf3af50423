//! Opening a corpus: a folder of articles (or a single article) to a list of documents.
//!
//! [`Corpus::open`] walks the folder ([`walk`]), reads every file in parallel ([`read`]:
//! decoding in [`decode`], HTML in [`html`]) and keeps only what a listing needs: id, title,
//! encoding, sizes, content hash and warnings. The text itself is read again on demand with
//! [`Corpus::text`], so a corpus of tens of thousands of articles costs little memory. A
//! document's date, where its file name gives one, is read by [`dates`].
//!
//! The document text is the decoded file with the BOM removed and line endings made LF, or the
//! visible text of an HTML page; every offset in qari counts Unicode code points of it.
//!
//! ```no_run
//! let corpus = qari::corpus::Corpus::open("articles/".as_ref())?;
//! for doc in &corpus.documents {
//!     println!("{} {} {}", doc.id, doc.encoding, doc.title);
//! }
//! for problem in &corpus.skipped {
//!     eprintln!("{problem}");
//! }
//! # Ok::<(), qari::corpus::OpenError>(())
//! ```
//!
//! This module knows nothing of projects or annotations.

pub mod dates;
pub mod decode;
pub mod html;
pub mod read;
pub mod walk;

use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use decode::{DetectedEncoding, EncodingSource};
pub use read::{DocWarning, DocumentText, Format, ReadError, read_document};

/// The order of document ids (`/`-separated relative paths): natural order (`page2` before
/// `page10`), as [`alphanumeric_sort::compare_path`] orders paths, but on the ids' text (that
/// converts both paths from `OsStr` at every comparison).
///
/// Ids share long prefixes (`2015-07-21_aawsat_000…`), so the common prefix is skipped first,
/// back to the start of a run of digits it ends in: an identical prefix that ends before a
/// digit run leaves `compare_str` in the state it starts in, so the answer is the same (checked
/// by a test against `compare_str` itself), several times faster.
pub fn natural_order(a: &str, b: &str) -> std::cmp::Ordering {
    let common = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let mut cut = common;
    while !a.is_char_boundary(cut) {
        cut -= 1;
    }
    while cut > 0 && a.as_bytes()[cut - 1].is_ascii_digit() {
        cut -= 1;
    }
    alphanumeric_sort::compare_str(&a[cut..], &b[cut..])
}

/// A hash of a document's text, to notice when a file changed: XXH3-128 of the UTF-8 text, as
/// 32 hex digits. Not cryptographic (nothing here is adversarial); it runs over every file of a
/// corpus each time one is opened, where BLAKE3, used before project format 3, took a tenth of
/// the time of finding the entities in a corpus.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ContentHash(pub String);

impl ContentHash {
    /// The hash of a document text.
    pub fn of(text: &str) -> Self {
        Self(format!(
            "{:032x}",
            xxhash_rust::xxh3::xxh3_128(text.as_bytes())
        ))
    }

    /// The hash project files before format 3 recorded: BLAKE3, first 128 bits, hex. Only to
    /// recognise unchanged documents when such a project is opened.
    pub fn legacy_of(text: &str) -> Self {
        let hex = blake3::hash(text.as_bytes()).to_hex();
        Self(hex[..32].to_owned())
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a listing knows of one document; the text is read with [`Corpus::text`].
#[derive(Clone, Debug)]
pub struct DocumentInfo {
    /// Path relative to the corpus root, `/`-separated: the document's identity everywhere.
    pub id: String,
    /// Where the file is.
    pub path: PathBuf,
    /// How the file is read.
    pub format: Format,
    /// The title (see [`DocumentText::title`]).
    pub title: String,
    /// How it was decoded.
    pub encoding: DetectedEncoding,
    /// File size in bytes.
    pub byte_len: u64,
    /// Length of the document text in code points.
    pub char_len: usize,
    /// Hash of the document text.
    pub hash: ContentHash,
    /// What was odd about it.
    pub warnings: Vec<DocWarning>,
    /// Its date: stated in the page (HTML), else in its file name ([`dates`]).
    pub date: Option<jiff::civil::Date>,
}

impl DocumentInfo {
    /// Reads the document's text again from disk.
    pub fn read(&self) -> Result<DocumentText, ReadError> {
        read_document(&self.path, self.format)
    }
}

/// A corpus cannot be opened at all (single bad files never cause this; they are skipped).
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The path does not exist or cannot be inspected.
    #[error("corpus not found ({error}): {path}")]
    NotFound {
        /// The path given.
        path: PathBuf,
        /// The OS error.
        error: std::io::Error,
    },
    /// A file of a type qari does not read.
    #[error("not a folder or a .txt, .md or .html file: {path}")]
    Unsupported {
        /// The path given.
        path: PathBuf,
    },
}

/// An opened corpus: its documents and what could not be read.
#[derive(Debug)]
pub struct Corpus {
    /// The folder, or the single file, that was opened.
    pub root: PathBuf,
    /// The documents, in natural order of their ids.
    pub documents: Vec<DocumentInfo>,
    /// Files that are not documents, each error naming the file.
    pub skipped: Vec<ReadError>,
    /// Files of other types in the folder, not read.
    pub ignored: usize,
    /// Where each id is in `documents`: built when first asked, and only a hint (checked, and
    /// a binary search when wrong), so a change to `documents` never gives a wrong answer.
    index: std::sync::OnceLock<std::collections::HashMap<String, usize>>,
}

/// Threads that read files. Reading is mostly waiting for the disk when the files are not
/// cached, so more threads than cores pay: on 2 cores, listing 31,030 uncached articles takes
/// 2.3 s with 2 threads and 1.1 s with 16 (`cargo bench --bench list_corpus`, README).
fn in_read_pool<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads((cores * 8).clamp(8, 32))
        .thread_name(|i| format!("qari-read-{i}"))
        .build();
    match pool {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

impl Corpus {
    /// A corpus of these documents (in natural order of their ids), as found under `root`.
    pub fn new(
        root: PathBuf,
        documents: Vec<DocumentInfo>,
        skipped: Vec<ReadError>,
        ignored: usize,
    ) -> Self {
        Self {
            root,
            documents,
            skipped,
            ignored,
            index: std::sync::OnceLock::new(),
        }
    }

    /// Opens a folder (recursively) or a single file.
    pub fn open(path: &Path) -> Result<Self, OpenError> {
        Self::open_with(path, |_, _| ()).map(|(corpus, _)| corpus)
    }

    /// Opens a folder or file and hands each document's text to `visit` while it is in memory
    /// (so work on every text needs no second read); the results are in document order.
    pub fn open_with<T: Send>(
        path: &Path,
        visit: impl Fn(&DocumentInfo, &str) -> T + Sync,
    ) -> Result<(Self, Vec<T>), OpenError> {
        let meta = std::fs::metadata(path).map_err(|error| OpenError::NotFound {
            path: path.into(),
            error,
        })?;
        let read_one = |c: walk::Candidate| -> Result<(DocumentInfo, T), ReadError> {
            let doc = read_document(&c.path, c.format)?;
            let info = DocumentInfo {
                date: doc.date.or_else(|| dates::date_in_name(&c.id)),
                char_len: doc.char_len,
                hash: ContentHash::of(&doc.text),
                id: c.id,
                path: c.path,
                format: c.format,
                title: doc.title,
                encoding: doc.encoding,
                byte_len: doc.byte_len,
                warnings: doc.warnings,
            };
            let visited = visit(&info, &doc.text);
            Ok((info, visited))
        };
        let (walk, mut results) = if meta.is_dir() {
            // The files are read while the folder is still being walked; the documents are
            // put in natural order afterwards.
            let (sender, receiver) = std::sync::mpsc::channel();
            std::thread::scope(|scope| {
                let walker = scope.spawn(move || {
                    walk::walk(path, |candidate| {
                        // The receiver lives until the walk ends (it is drained below).
                        let _ = sender.send(candidate);
                    })
                });
                let results = in_read_pool(|| {
                    receiver
                        .into_iter()
                        .par_bridge()
                        .map(read_one)
                        .collect::<Vec<_>>()
                });
                let walk = walker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (walk, results)
            })
        } else {
            let format =
                Format::of(path).ok_or_else(|| OpenError::Unsupported { path: path.into() })?;
            let id = path.file_name().and_then(|n| n.to_str()).map(str::to_owned);
            match id {
                Some(id) => {
                    let candidate = walk::Candidate {
                        id,
                        path: path.into(),
                        format,
                    };
                    (walk::Walk::default(), vec![read_one(candidate)])
                }
                None => {
                    let walk = walk::Walk {
                        skipped: vec![ReadError::NonUtf8Name { path: path.into() }],
                        ..Default::default()
                    };
                    (walk, Vec::new())
                }
            }
        };
        in_read_pool(|| {
            results.par_sort_unstable_by(|a, b| match (a, b) {
                (Ok((a, _)), Ok((b, _))) => natural_order(&a.id, &b.id),
                (Ok(_), Err(_)) => std::cmp::Ordering::Less,
                (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
                (Err(_), Err(_)) => std::cmp::Ordering::Equal,
            });
        });
        let mut documents = Vec::with_capacity(results.len());
        let mut visited = Vec::with_capacity(results.len());
        let mut skipped = walk.skipped;
        for result in results {
            match result {
                Ok((doc, v)) => {
                    documents.push(doc);
                    visited.push(v);
                }
                Err(err) => skipped.push(err),
            }
        }
        skipped.sort_by(|a, b| alphanumeric_sort::compare_path(a.path(), b.path()));
        let corpus = Self::new(path.into(), documents, skipped, walk.ignored);
        Ok((corpus, visited))
    }

    /// The document with this id.
    pub fn document(&self, id: &str) -> Option<&DocumentInfo> {
        self.index_of(id).map(|i| &self.documents[i])
    }

    /// Where the document with this id is in [`Corpus::documents`].
    pub fn index_of(&self, id: &str) -> Option<usize> {
        let index = self.index.get_or_init(|| {
            self.documents
                .iter()
                .enumerate()
                .map(|(i, d)| (d.id.clone(), i))
                .collect()
        });
        match index.get(id) {
            Some(&i) if self.documents.get(i).is_some_and(|d| d.id == id) => Some(i),
            _ => self
                .documents
                .binary_search_by(|d| natural_order(&d.id, id))
                .ok(),
        }
    }

    /// Reads a document's text again from disk.
    pub fn text(&self, doc: &DocumentInfo) -> Result<DocumentText, ReadError> {
        doc.read()
    }

    /// Reads every document and applies `f` to its text, in parallel; results in document
    /// order. The texts are not kept.
    pub fn map_texts<T: Send>(
        &self,
        f: impl Fn(&DocumentInfo, &str) -> T + Sync,
    ) -> Vec<Result<T, ReadError>> {
        let run = || {
            self.documents
                .par_iter()
                .map(|doc| self.text(doc).map(|text| f(doc, &text.text)))
                .collect()
        };
        in_read_pool(run)
    }

    /// Number of warnings: skipped files plus documents with warnings.
    pub fn problem_count(&self) -> usize {
        self.skipped.len()
            + self
                .documents
                .iter()
                .filter(|d| !d.warnings.is_empty())
                .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_gives_the_answers_of_compare_str_with_the_prefix_skipped() {
        // Pieces that meet every rule of `compare_str`: digit runs with and without leading
        // zeros, letters after numbers, characters above U+00FF, separators.
        let pieces = [
            "", "0", "00", "1", "01", "001", "2", "10", "9", "a", "b", "A", "-", ".", "_", "/",
            "點", "ا", "é", "1點", "1-1", ".txt",
        ];
        let mut ids = Vec::new();
        for a in pieces {
            for b in pieces {
                for c in ["", "0", "1", "a", "點", "10"] {
                    ids.push(format!("{a}{b}{c}"));
                    ids.push(format!("2015-07-21_aawsat_{a}{b}{c}"));
                }
            }
        }
        for a in &ids {
            for b in ids.iter().step_by(7) {
                assert_eq!(
                    natural_order(a, b),
                    alphanumeric_sort::compare_str(a, b),
                    "{a:?} and {b:?}"
                );
            }
        }
    }

    #[test]
    fn documents_come_in_natural_order_of_their_ids() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub/deeper")).unwrap();
        for name in ["a10.txt", "a2.txt", "a1.html", "sub/deeper/b.md", "a3.md"] {
            std::fs::write(root.join(name), "نص").unwrap();
        }
        let corpus = Corpus::open(root).unwrap();
        let ids: Vec<_> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(
            ids,
            ["a1.html", "a2.txt", "a3.md", "a10.txt", "sub/deeper/b.md"]
        );
    }

    #[test]
    fn natural_order_of_ids_is_the_natural_order_of_their_paths() {
        let ids = [
            "a", "a/b", "a-c", "a/b/c", "a10", "a2", "a2/x", "a2.txt", "b/a10", "b/a9", "B", "ب/ت",
            "ب2", "ب10", "x/y/z1", "x/y/z01", "x/y2", "x.y/z",
        ];
        for a in ids {
            for b in ids {
                assert_eq!(
                    natural_order(a, b),
                    alphanumeric_sort::compare_path(a, b),
                    "{a} vs {b}"
                );
            }
        }
    }

    #[test]
    fn open_folder_lists_documents_and_skips_bad_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("b.txt"), "العنوان\nنص المقال").unwrap();
        std::fs::write(root.join("a.html"), "<title>صفحة</title><p>فقرة</p>").unwrap();
        std::fs::write(root.join("bin.txt"), [0u8, 1, 2, 3, 0, 0, 0, 0]).unwrap();
        let corpus = Corpus::open(root).unwrap();
        let ids: Vec<_> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a.html", "b.txt"]);
        let b = corpus.document("b.txt").unwrap();
        assert_eq!(b.title, "العنوان");
        assert_eq!(b.char_len, "العنوان\nنص المقال".chars().count());
        assert_eq!(b.hash, ContentHash::of("العنوان\nنص المقال"));
        assert_eq!(corpus.text(b).unwrap().text, "العنوان\nنص المقال");
        assert_eq!(corpus.skipped.len(), 1);
        assert!(corpus.skipped[0].to_string().ends_with("bin.txt"));
    }

    #[test]
    fn open_single_file_and_refuse_other_types() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("one.txt");
        std::fs::write(&file, "نص").unwrap();
        let corpus = Corpus::open(&file).unwrap();
        assert_eq!(corpus.documents.len(), 1);
        assert_eq!(corpus.documents[0].id, "one.txt");
        let pdf = dir.path().join("x.pdf");
        std::fs::write(&pdf, "x").unwrap();
        assert!(matches!(
            Corpus::open(&pdf),
            Err(OpenError::Unsupported { .. })
        ));
        assert!(matches!(
            Corpus::open(&dir.path().join("nope")),
            Err(OpenError::NotFound { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_given_as_the_article_is_refused_not_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        // Were the FIFO opened, this would wait for a writer forever.
        let err = read_document(&fifo, Format::Text).unwrap_err().to_string();
        assert!(err.contains("not a regular file (a FIFO"), "{err}");
        assert!(err.ends_with(&fifo.display().to_string()), "{err}");
        let corpus = Corpus::open(&fifo).unwrap();
        assert!(corpus.documents.is_empty());
        assert_eq!(corpus.skipped.len(), 1);
    }
}

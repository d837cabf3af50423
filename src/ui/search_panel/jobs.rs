//! The search panel's background work, each on a thread of its own so no frame waits for it:
//! indexing the corpus ([`IndexJob`]), running a search whose hits stream back document by
//! document ([`SearchJob`]), and making (and sorting) the concordance lines of a finished search
//! ([`LinesJob`]). Dropping a job cancels it.
//!
//! The parallel part of each runs in a thread pool of the search's own ([`in_search_pool`]):
//! in rayon's global pool it would wait behind the entity sidebar finding the mentions of the
//! whole corpus (a one-word search took 17 s instead of 0.4 s on 1,000 articles in a debug
//! build).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock, mpsc};

use crate::annotations::{Annotations, Codebook};
use crate::corpus::Corpus;
use crate::entities::{Register, RegisterEdit};
use crate::search::kwic::{self, Line, SortKey};
use crate::search::{DocHits, Names, Progress, Search, SearchIndex};

/// Runs `work` in the search's thread pool (one thread a core), or here if it cannot be made.
pub(super) fn in_search_pool<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    let pool = POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("qari-search-{i}"))
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// The register with the project's edits, and the edits it was made with.
pub(super) type KnownRegister = (Vec<RegisterEdit>, Arc<Register>);

/// What indexing hands back.
pub(super) struct Indexed {
    /// The index (`None`: cancelled).
    pub index: Option<SearchIndex>,
    /// Each indexed document's place in the corpus's list (made here: looking 31,030 ids up
    /// in the window's thread held up a frame for 120 to 270 ms).
    pub corpus_of: Vec<Option<usize>>,
    /// Documents that could not be read.
    pub unreadable: usize,
    /// The register, made while the corpus was read.
    pub register: KnownRegister,
}

/// The corpus being indexed.
pub(super) struct IndexJob {
    pub rx: mpsc::Receiver<Indexed>,
    pub progress: Arc<Progress>,
    pub total: usize,
}

impl Drop for IndexJob {
    fn drop(&mut self) {
        self.progress.cancel.store(true, Ordering::Relaxed);
    }
}

impl IndexJob {
    /// Starts indexing these documents (and making the register with these edits), taking
    /// unchanged documents from the project's index cache and keeping it up to date
    /// ([`crate::search::cache`]).
    pub fn start(
        ctx: &egui::Context,
        corpus: Corpus,
        edits: Vec<RegisterEdit>,
        cache: std::path::PathBuf,
    ) -> Self {
        let (tx, rx) = mpsc::channel();
        let progress = Arc::new(Progress::default());
        let total = corpus.documents.len();
        let (p, ctx) = (progress.clone(), ctx.clone());
        std::thread::spawn(move || {
            let register = Arc::new(Register::with_edits(&edits));
            let (index, errors, _) =
                in_search_pool(|| SearchIndex::build_cached(&corpus, &cache, &p));
            let place: HashMap<&str, usize> = corpus
                .documents
                .iter()
                .enumerate()
                .map(|(i, d)| (d.id.as_str(), i))
                .collect();
            let corpus_of = index
                .docs
                .iter()
                .map(|d| place.get(d.id.as_str()).copied())
                .collect();
            let index = (!p.cancelled()).then_some(index);
            // The receiver is gone only if another corpus replaced this one.
            let _ = tx.send(Indexed {
                index,
                corpus_of,
                unreadable: errors.len(),
                register: (edits, register),
            });
            ctx.request_repaint();
        });
        Self {
            rx,
            progress,
            total,
        }
    }
}

/// What a search is asked with.
pub(super) struct Request {
    /// The query (or the pattern, in regex mode).
    pub query: String,
    /// A regular expression over the folded text.
    pub regex: bool,
    /// The register as last made, reused when the project's edits are still these.
    pub register: Option<KnownRegister>,
    /// The project's register edits now.
    pub edits: Vec<RegisterEdit>,
    /// The codebook and annotations, for `code:`.
    pub codebook: Codebook,
    /// The annotations, for `code:`.
    pub annotations: Annotations,
}

/// What a search sends back, in this order: the register if it had to be made again, then
/// each document's hits as found, then the end.
pub(super) enum Found {
    /// The register made with the project's current edits.
    Register(KnownRegister),
    /// A document's hits (its place in the index).
    Hits(DocHits),
    /// Every hit, in index order (`cancelled`: only those found before Cancel).
    Done {
        /// All the hits.
        hits: Vec<DocHits>,
        /// Stopped by Cancel.
        cancelled: bool,
    },
    /// The query is not a query: the message says where it breaks.
    Failed(String),
}

/// A search running.
pub(super) struct SearchJob {
    pub rx: mpsc::Receiver<Found>,
    pub progress: Arc<Progress>,
    pub total: usize,
}

impl Drop for SearchJob {
    fn drop(&mut self) {
        self.progress.cancel.store(true, Ordering::Relaxed);
    }
}

impl SearchJob {
    /// Starts a search over `index`.
    pub fn start(ctx: &egui::Context, index: Arc<SearchIndex>, request: Request) -> Self {
        let (tx, rx) = mpsc::channel();
        let progress = Arc::new(Progress::default());
        let total = index.docs.len();
        let (p, ctx) = (progress.clone(), ctx.clone());
        std::thread::spawn(move || {
            let register = match request.register {
                Some((edits, register)) if edits == request.edits => register,
                _ => {
                    let register = Arc::new(Register::with_edits(&request.edits));
                    let _ = tx.send(Found::Register((request.edits.clone(), register.clone())));
                    register
                }
            };
            let search = if request.regex {
                Search::regex(&request.query)
            } else {
                let names = Names {
                    register: &register,
                    codebook: Some(&request.codebook),
                    annotations: Some(&request.annotations),
                };
                Search::parse(&request.query, names)
            };
            let search = match search {
                Ok(search) => search,
                Err(err) => {
                    let _ = tx.send(Found::Failed(err.to_string()));
                    ctx.request_repaint();
                    return;
                }
            };
            let stream = tx.clone();
            // The window is woken for the first hits; it looks for more every few frames.
            let first = AtomicBool::new(true);
            let hits = in_search_pool(|| {
                index.search(&search, &p, |doc, hits| {
                    let _ = stream.send(Found::Hits(DocHits {
                        doc,
                        hits: hits.to_vec(),
                    }));
                    if first.swap(false, Ordering::Relaxed) {
                        ctx.request_repaint();
                    }
                })
            });
            let _ = tx.send(Found::Done {
                hits,
                cancelled: p.cancelled(),
            });
            ctx.request_repaint();
        });
        Self {
            rx,
            progress,
            total,
        }
    }
}

/// What the concordance lines are made for: the search (its number), the context and the
/// order. Lines made for another key are stale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct LinesKey {
    pub search: u64,
    pub context: usize,
    pub sort: SortKey,
}

/// Concordance lines being made and sorted.
pub(super) struct LinesJob {
    pub rx: mpsc::Receiver<Vec<Line>>,
    pub key: LinesKey,
}

impl LinesJob {
    /// Makes the lines of `hits` with `key`'s context, sorted by its key.
    pub fn start(
        ctx: &egui::Context,
        index: Arc<SearchIndex>,
        hits: Arc<Vec<DocHits>>,
        key: LinesKey,
    ) -> Self {
        let (tx, rx) = mpsc::channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let mut lines = kwic::lines(&index, &hits, key.context);
            // `lines` come in document order already.
            if key.sort != SortKey::Document {
                kwic::sort(&mut lines, &[key.sort]);
            }
            let _ = tx.send(lines);
            ctx.request_repaint();
        });
        Self { rx, key }
    }
}

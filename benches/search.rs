//! Corpus search speed on the 31,030-article corpus, side by side with ripgrep.
//!
//!     cargo bench --bench search
//!
//! Indexes the corpus (time, index size, peak memory), then runs each query of the issue (a
//! word, a phrase, an alternation with a wildcard, a NEAR) warm, best of five: every hit in
//! every spelling, and the time to the first document with hits (what the window shows
//! first). Beside each, `rg -c -F` over the same files with the literal spellings qari found
//! (`-e` once for each), best of three, warm cache. The corpus is `QARI_PERF_CORPUS` or
//! unpacked into `target/perf-corpus`.

mod common;

use std::collections::BTreeSet;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use qari::corpus::Corpus;
use qari::entities::Register;
use qari::search::{IndexedDoc, Names, Progress, Search, SearchIndex};

const QUERIES: &[&str] = &[
    "الكرملين",
    "روسيا",
    "\"التدخل الخارجي\"",
    "استعمار*|احتلال*",
    "روسيا NEAR/5 كازاخستان",
];

fn main() {
    let Some(folder) = common::perf_corpus() else {
        eprintln!("search bench: skipped, needs ../shared/data (the perf corpus)");
        return;
    };
    // Opening alone (read, decode, hash every file), as a project opens, then opening with the
    // index made in the same pass: the difference is what indexing costs.
    let start = Instant::now();
    if let Err(err) = Corpus::open(&folder) {
        eprintln!("search bench: {err}");
        std::process::exit(1);
    }
    let opened = start.elapsed();
    let start = Instant::now();
    let (corpus, docs) = match Corpus::open_with(&folder, |doc, text| {
        IndexedDoc::with_hash(&doc.id, doc.hash.clone(), text)
    }) {
        Ok(opened) => opened,
        Err(err) => {
            eprintln!("search bench: {err}");
            std::process::exit(1);
        }
    };
    let index = SearchIndex::of_docs(docs);
    let built = start.elapsed();
    println!(
        "index: {} documents opened in {:.2} s, opened and indexed in {:.2} s; index {:.0} MB; \
         peak RSS {} MB",
        corpus.documents.len(),
        opened.as_secs_f64(),
        built.as_secs_f64(),
        index.memory_bytes() as f64 / 1e6,
        common::peak_rss_bytes().map_or("?".into(), |b| (b / 1_000_000).to_string())
    );
    let register = Register::bundled();
    let names = Names {
        register: &register,
        codebook: None,
        annotations: None,
    };
    for query in QUERIES {
        let search = match Search::parse(query, names) {
            Ok(search) => search,
            Err(err) => {
                eprintln!("search bench: {err}");
                std::process::exit(1);
            }
        };
        let mut best = Duration::MAX;
        let mut first_best = Duration::MAX;
        let mut hits = Vec::new();
        for _ in 0..5 {
            let first: Mutex<Option<Duration>> = Mutex::new(None);
            let start = Instant::now();
            hits = index.search(&search, &Progress::default(), |_, _| {
                if let Ok(mut first) = first.lock() {
                    first.get_or_insert_with(|| start.elapsed());
                }
            });
            best = best.min(start.elapsed());
            if let Some(first) = first.into_inner().ok().flatten() {
                first_best = first_best.min(first);
            }
        }
        let total: usize = hits.iter().map(|d| d.hits.len()).sum();
        // The spellings found, for ripgrep.
        let mut spellings = BTreeSet::new();
        for doc in &hits {
            let chars: Vec<char> = index.docs[doc.doc].text.chars().collect();
            for hit in &doc.hits {
                spellings.insert(chars[hit.clone()].iter().collect::<String>());
            }
        }
        let rg = (!query.contains("NEAR")).then(|| ripgrep(&folder, &spellings));
        println!(
            "{query}: {total} hits in {} documents, {} spellings; all hits {:.1} ms, first hits {:.1} ms{}",
            hits.len(),
            spellings.len(),
            best.as_secs_f64() * 1e3,
            if first_best == Duration::MAX {
                f64::NAN
            } else {
                first_best.as_secs_f64() * 1e3
            },
            rg.map_or(String::new(), |ms| format!(
                "; rg -c -F with those spellings {ms:.1} ms"
            ))
        );
    }
}

/// `rg -c -F -e S…` over the folder, best of three, in milliseconds.
fn ripgrep(folder: &std::path::Path, spellings: &BTreeSet<String>) -> f64 {
    (0..3)
        .map(|_| {
            let mut c = Command::new("rg");
            c.args(["-c", "-F"]);
            for s in spellings {
                c.arg("-e").arg(s);
            }
            c.arg(folder);
            let start = Instant::now();
            let ran = c.stdout(Stdio::null()).stderr(Stdio::null()).status();
            if ran.is_err() {
                eprintln!("search bench: rg is not installed");
                return f64::NAN;
            }
            start.elapsed().as_secs_f64() * 1e3
        })
        .fold(f64::MAX, f64::min)
}

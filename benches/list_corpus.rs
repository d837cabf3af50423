//! Listing the 31,030-article SaudiNewsNet corpus: wall time and peak memory of
//! `Corpus::open` (walk, read, decode, hash every article).
//!
//!     cargo bench --bench list_corpus
//!
//! The corpus comes from `QARI_PERF_CORPUS` (a folder of articles) or is unpacked once from
//! `../shared/data/perf` into `target/perf-corpus` with `../shared/tools/unpack-perf-corpus`.
//! Targets (issue 2): under 2 s, peak memory under twice the corpus size.
//!
//! With `QARI_BENCH_DROP_CACHES=1` (as root, Linux) the first run starts with the page cache
//! dropped, so it measures reading from disk.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use qari::corpus::Corpus;

fn folder_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.metadata().map(|m| m.len()).unwrap_or(0))
                .sum()
        })
        .unwrap_or(0)
}

/// Empties the page cache so the next read comes from disk; false if not allowed.
fn drop_caches() -> bool {
    let synced = Command::new("sync").status().is_ok_and(|s| s.success());
    synced && std::fs::write("/proc/sys/vm/drop_caches", "3\n").is_ok()
}

fn main() {
    let Some(folder) = common::perf_corpus() else {
        eprintln!(
            "list_corpus: skipped, no perf corpus (set QARI_PERF_CORPUS or provide ../shared)"
        );
        return;
    };
    let corpus_mb = folder_bytes(&folder) as f64 / 1e6;
    let cold = std::env::var_os("QARI_BENCH_DROP_CACHES").is_some() && drop_caches();
    let mut times = Vec::new();
    let mut documents = 0;
    for run in 0..5 {
        let start = Instant::now();
        let corpus = match Corpus::open(&folder) {
            Ok(corpus) => corpus,
            Err(err) => {
                eprintln!("list_corpus: {err}");
                std::process::exit(1);
            }
        };
        let seconds = start.elapsed().as_secs_f64();
        if run == 0 && cold {
            println!("list_corpus: first run, page cache dropped: {seconds:.3} s");
        }
        times.push(seconds);
        documents = corpus.documents.len();
    }
    times.sort_by(f64::total_cmp);
    let peak_mb = common::peak_rss_bytes().map_or(f64::NAN, |b| b as f64 / 1e6);
    println!(
        "list_corpus: {documents} documents, {corpus_mb:.0} MB; Corpus::open min {:.3} s, median {:.3} s, max {:.3} s (5 runs); peak RSS {peak_mb:.0} MB ({:.2}x corpus size)",
        times[0],
        times[2],
        times[4],
        peak_mb / corpus_mb
    );
}

//! How opening, saving and exporting grow with a project (issue 20): 10,000, 100,000 and
//! 300,000 annotations over the 31,030-article corpus three times over (93,090 documents), and
//! 100,000 over the corpus once.
//!
//!     cargo bench --bench scale
//!
//! Each size runs in a process of its own, so that its peak memory is its own. Opening is
//! `Workspace::open` (the corpus listed and each document hashed, the project read and parsed,
//! every annotation checked against its document); reading is `workspace::load` alone (the
//! file read and parsed). A save follows an edit (a passage tagged), as autosave does: the copy
//! the window takes on its own thread (`begin_save`), then the write on the writer thread
//! (under the lock, the file read again and compared, the changed lines written, the old file
//! kept as `.bak`, fsync). Exports are `qari export`'s own code, into a temporary folder, each
//! with its own peak memory (counted again from the memory in use when it starts). The
//! corpus is `QARI_PERF_CORPUS` or unpacked into `target/perf-corpus`; the threefold corpus is
//! made of hard links beside it (`perf-corpus-x3`, no copy of the texts).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a bench: a failure is a failed run

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use qari::export::{self, Format, Options, WithEntities};
use qari::project::workspace::{self, Finished};
use qari::project::{Intent, Workspace};

/// The sizes measured: annotations, and how many times over the corpus is.
const RUNS: [(usize, usize); 4] = [(10_000, 3), (100_000, 3), (300_000, 3), (100_000, 1)];

/// The perf corpus `times` over: the folder itself once, else `a/`, `b/`, `c/`… of hard links
/// to its articles beside it.
fn corpus(articles: &Path, times: usize) -> PathBuf {
    if times == 1 {
        return articles.to_owned();
    }
    let folder = articles
        .parent()
        .unwrap()
        .with_file_name(format!("perf-corpus-x{times}"));
    let names: Vec<_> = std::fs::read_dir(articles)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".txt"))
        .map(|e| e.file_name())
        .collect();
    for copy in 0..times {
        let sub = folder.join(((b'a' + copy as u8) as char).to_string());
        std::fs::create_dir_all(&sub).unwrap();
        for name in &names {
            let link = sub.join(name);
            if !link.exists() {
                std::fs::hard_link(articles.join(name), link).unwrap();
            }
        }
    }
    folder
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1e3)
}

fn min(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[0]
}

/// One size, in this process: prints a line of figures `|`-separated for the table.
fn run(articles: &Path, annotations: usize, times: usize) {
    let folder = corpus(articles, times);
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("team.ron");
    let documents = common::annotated_project(&folder, &project, annotations);
    let size = std::fs::metadata(&project).unwrap().len();

    let mut reads = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        let loaded = workspace::load(&project).unwrap();
        reads.push(start.elapsed());
        assert_eq!(loaded.annotations.len(), annotations);
    }
    let start = Instant::now();
    let mut ws = Workspace::open(&project).unwrap();
    let open = start.elapsed();
    assert!(!ws.is_dirty(), "every annotation found where it is");

    let code = ws.project().codebook.codes[0].id;
    let (doc, len) = {
        let d = &ws.corpus().documents[0];
        (d.id.clone(), d.char_len)
    };
    let (mut copies, mut writes) = (Vec::new(), Vec::new());
    for run in 0..5 {
        let at = (run * 41) % (len - 20);
        ws.perform(
            Intent::Tag {
                doc: doc.clone(),
                range: at..at + 7,
                code: Some(code),
            },
            "bench",
        )
        .unwrap();
        let start = Instant::now();
        let job = ws.begin_save().unwrap();
        copies.push(start.elapsed());
        let start = Instant::now();
        let done = job.run();
        let finished = ws.finish_save(done).unwrap();
        writes.push(start.elapsed());
        assert!(matches!(finished, Finished::Saved(_)));
    }

    let peak = common::peak_rss_bytes().unwrap_or(0);
    let mut exports = Vec::new();
    for format in [Format::Jsonl, Format::Csv, Format::W3c, Format::Qdpx] {
        common::reset_peak_rss();
        let out = dir.path().join(format!(
            "out.{}",
            format.extension().trim_start_matches('.')
        ));
        let start = Instant::now();
        let exported =
            export::export(&ws, format, &out, &Options::default(), &WithEntities::No).unwrap();
        exports.push((
            format.name(),
            start.elapsed(),
            common::peak_rss_bytes().unwrap_or(0),
        ));
        assert_eq!(exported.annotations, annotations + 5);
    }
    let exports: Vec<String> = exports
        .iter()
        .map(|(name, took, peak)| format!("{name} {} ({:.0} MB)", ms(*took), *peak as f64 / 1e6))
        .collect();
    println!(
        "scale|{annotations}|{documents}|{:.1} MB|{}|{}|{:.2} ms|{}|{:.0} MB|{}",
        size as f64 / 1e6,
        ms(min(reads)),
        ms(open),
        min(copies).as_secs_f64() * 1e3,
        ms(min(writes)),
        peak as f64 / 1e6,
        exports.join(", "),
    );
}

fn main() {
    let Some(articles) = common::perf_corpus() else {
        eprintln!("scale bench: skipped, needs the perf corpus (../shared/data/perf)");
        return;
    };
    if let (Some(n), Some(times)) = (
        std::env::var_os("QARI_SCALE_ANNOTATIONS"),
        std::env::var_os("QARI_SCALE_TIMES"),
    ) {
        let n: usize = n.to_string_lossy().parse().unwrap();
        let times: usize = times.to_string_lossy().parse().unwrap();
        run(&articles, n, times);
        return;
    }
    println!(
        "| annotations | documents | file | read and parse | open (corpus and project) | \
         copy for the writer (window thread) | save after an edit (writer thread) | peak memory \
         (open and save) | exports (time, peak memory) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (annotations, times) in RUNS {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .env("QARI_SCALE_ANNOTATIONS", annotations.to_string())
            .env("QARI_SCALE_TIMES", times.to_string())
            .env("QARI_PERF_CORPUS", &articles)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        match text.lines().find_map(|l| l.strip_prefix("scale|")) {
            Some(row) => println!("| {} |", row.replace('|', " | ")),
            None => panic!(
                "{annotations} annotations: {}",
                String::from_utf8_lossy(&out.stderr)
            ),
        }
    }
}

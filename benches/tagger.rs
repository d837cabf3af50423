//! Entity tagger throughput (issue 13): tokens a second a core, feature extraction included,
//! and what that makes of the whole 31,030-article corpus (about 10 million tokens) tagged on
//! two cores.
//!
//!     cargo bench --bench tagger
//!
//! Loads the bundled model `assets/tagger/anercorp-train.qtag` and tags, with the bundled
//! register's mentions as the register view (as the app gives them):
//!
//! - the ANERcorp-train documents, from `QARI_SHARED_DATA` or `../shared/data`;
//! - every tenth article of the perf corpus (`QARI_PERF_CORPUS`, or unpacked once from
//!   `../shared/data/perf` into `target/perf-corpus`), on one thread and then on a rayon pool
//!   of every core.
//!
//! For the perf sample it also times reading the files (warm page cache) and the register
//! matcher, each on one thread, and projects the time for 10 million tokens on two cores, with
//! them and without. Prints figures only (best of three runs each; on a busy machine the
//! one-thread rate is also given by on-core time); the target is under 60 s for the
//! whole corpus.

mod common;

use std::path::{Path, PathBuf};
use std::time::Instant;

use qari::corpus::{Format, read_document};
use qari::entities::tagger::eval::load_eval_set;
use qari::entities::tagger::{Model, RegisterSpan, register_spans};
use qari::entities::{Matcher, Register};
use rayon::prelude::*;

/// Tokens of the whole perf corpus, as the issue counts them.
const CORPUS_TOKENS: f64 = 10_000_000.0;
/// Cores of the machine the target is set for.
const CORES: f64 = 2.0;
/// One perf-corpus article in this many is tagged.
const SAMPLE_EVERY: usize = 10;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn shared_data() -> Option<PathBuf> {
    [
        std::env::var_os("QARI_SHARED_DATA").map(PathBuf::from),
        Some(manifest().join("../shared/data")),
    ]
    .into_iter()
    .flatten()
    .find(|p| p.join("eval/anercorp-train").is_dir())
}

/// Every [`SAMPLE_EVERY`]th document of a folder (by name), with its format.
fn sample_of(folder: &Path) -> Vec<(PathBuf, Format)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| Format::of(&p).map(|f| (p, f)))
        .step_by(SAMPLE_EVERY)
        .collect()
}

/// A document to tag: its text and the register's mentions in it.
struct Doc {
    text: String,
    register: Vec<RegisterSpan>,
}

fn token_count(docs: &[Doc]) -> usize {
    docs.iter()
        .map(|d| {
            qari::text::tokens::sentences(&d.text)
                .iter()
                .map(Vec::len)
                .sum::<usize>()
        })
        .sum()
}

/// Seconds this thread has run on a core (Linux; `None` elsewhere): on a busy machine, the
/// time a core gave the work rather than the time it took.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    (ns > 0.0).then_some(ns / 1e9)
}

/// Wall and on-core seconds of a run.
#[derive(Clone, Copy)]
struct Timing {
    wall: f64,
    cpu: Option<f64>,
}

/// The run of three with the least wall time (and its on-core time, this thread's), and what
/// the last run returned.
fn best_of_three<T>(mut f: impl FnMut() -> T) -> (Timing, T) {
    let mut best = Timing {
        wall: f64::MAX,
        cpu: None,
    };
    let mut out = None;
    for _ in 0..3 {
        let cpu = thread_cpu_seconds();
        let started = Instant::now();
        out = Some(std::hint::black_box(f()));
        let wall = started.elapsed().as_secs_f64();
        if wall < best.wall {
            let cpu = cpu.zip(thread_cpu_seconds()).map(|(a, b)| b - a);
            best = Timing { wall, cpu };
        }
    }
    (best, out.unwrap_or_else(|| unreachable!("three runs")))
}

/// Tags every document on this thread; returns the mentions found.
fn tag_serial(model: &Model, docs: &[Doc]) -> usize {
    docs.iter()
        .map(|d| model.tag(&d.text, &d.register).len())
        .sum()
}

/// Tags the documents on the rayon pool; returns the mentions found.
fn tag_parallel(model: &Model, docs: &[Doc]) -> usize {
    docs.par_iter()
        .map(|d| model.tag(&d.text, &d.register).len())
        .sum()
}

/// Times tagging `docs` on one thread and prints tokens a second; returns tokens a second a
/// core (by on-core time where it is known).
fn report_serial(name: &str, model: &Model, docs: &[Doc]) -> f64 {
    let tokens = token_count(docs) as f64;
    let (timing, mentions) = best_of_three(|| tag_serial(model, docs));
    let wall_rate = tokens / timing.wall;
    let cpu_rate = timing.cpu.map(|cpu| tokens / cpu);
    println!(
        "tagger {name}: {} documents, {tokens} tokens, {mentions} mentions; one thread {:.2} s, {:.0}k tokens/s{}",
        docs.len(),
        timing.wall,
        wall_rate / 1000.0,
        cpu_rate.map_or(String::new(), |r| format!(
            " ({:.0}k tokens/s of on-core time)",
            r / 1000.0
        ))
    );
    cpu_rate.unwrap_or(wall_rate)
}

fn main() {
    let path = manifest().join("assets/tagger/anercorp-train.qtag");
    let model = match Model::load(&path) {
        Ok(model) => model,
        Err(err) => {
            eprintln!("tagger bench: skipped, no bundled model ({err:#})");
            return;
        }
    };
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "tagger bench: {} features; load average {}",
        model.feature_count(),
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    let register = Register::bundled();
    let matcher = Matcher::new(&register, Default::default());
    let mut measured = false;

    if let Some(data) = shared_data() {
        match load_eval_set(&data.join("eval/anercorp-train")) {
            Ok(set) => {
                let docs: Vec<Doc> = set
                    .into_iter()
                    .map(|d| Doc {
                        register: register_spans(&matcher, &register, &d.doc.text),
                        text: d.doc.text,
                    })
                    .collect();
                report_serial("ANERcorp-train", &model, &docs);
                measured = true;
            }
            Err(err) => eprintln!("tagger bench: ANERcorp-train not read ({err:#})"),
        }
    }

    if let Some(folder) = common::perf_corpus() {
        let sample = sample_of(&folder);
        let (read, texts) = best_of_three(|| {
            sample
                .iter()
                .filter_map(|(p, format)| read_document(p, *format).ok())
                .map(|d| d.text)
                .collect::<Vec<String>>()
        });
        let (matching, registers) = best_of_three(|| {
            texts
                .iter()
                .map(|t| register_spans(&matcher, &register, t))
                .collect::<Vec<_>>()
        });
        let docs: Vec<Doc> = texts
            .into_iter()
            .zip(registers)
            .map(|(text, register)| Doc { text, register })
            .collect();
        if docs.is_empty() {
            eprintln!("tagger bench: no articles in {}", folder.display());
        } else {
            let tokens = token_count(&docs) as f64;
            let rate = report_serial(&format!("perf corpus (1 in {SAMPLE_EVERY})"), &model, &docs);
            let threads = rayon::current_num_threads();
            let (parallel, _) = best_of_three(|| tag_parallel(&model, &docs));
            let parallel_rate = tokens / parallel.wall;
            let (read_s, match_s) = (read.wall, matching.wall);
            // Reading and matching, one thread, per token of the sample.
            let other_per_token = (read_s + match_s) / tokens;
            println!(
                "  {threads} threads: {:.2} s, {:.0}k tokens/s; reading {read_s:.2} s and matching {match_s:.2} s on one thread",
                parallel.wall,
                parallel_rate / 1000.0
            );
            let tagging = CORPUS_TOKENS / (rate * CORES);
            let whole = CORPUS_TOKENS * (1.0 / rate + other_per_token) / CORES;
            println!(
                "  10M tokens on {CORES} cores: tagging {tagging:.0} s, with reading and matching {whole:.0} s (target under 60 s); measured on {threads} threads: tagging {:.0} s",
                CORPUS_TOKENS / parallel_rate
            );
            measured = true;
        }
    }

    if !measured {
        eprintln!(
            "tagger bench: skipped, needs ../shared/data (QARI_SHARED_DATA) or the perf corpus (QARI_PERF_CORPUS)"
        );
    }
}

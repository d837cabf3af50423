//! How well a project model learns an unseen corpus from the analyst's tags (issue 13).
//!
//! ```text
//! cargo run --release --example project_training_eval -- [DATA] [--train-docs 64]
//!     [--chunk 15] [--epochs 8] [--repeat 1] [--seed 7] [--no-project]
//! ```
//!
//! AQMAR (`DATA/eval/aqmar`: 28 Arabic Wikipedia articles, a domain the bundled model was not
//! trained on) is cut into pseudo-documents of `--chunk` sentences; `--train-docs` of them,
//! chosen with a fixed seed, play the documents the analyst tagged, the others are scored.
//! Three taggers are scored by the rule of `../shared/tools/ner-eval` (PER, ORG, LOC): (a) the
//! bundled model alone, (b) `--base bundled`: the bundled model warm-started on the tagged
//! documents, (c) `--base none`: the tagged documents alone. `--repeat N` shows the tagged
//! documents N times an epoch (how much the project's data weigh against the base). Then,
//! unless `--no-project`, the same runs the real way: a project in a temporary folder made of
//! the chunks' texts, the tags imported through the project's one door, trained with
//! [`qari::project::tagger::train_project`], written beside the project file, read back and
//! tagging the other chunks. DATA defaults to `QARI_SHARED_DATA`, else `../shared/data`; when
//! it is absent the example says so and stops.

#[path = "../benches/common/mod.rs"]
mod common;

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use qari::entities::tagger::eval::{Prf, gold_spans, load_eval_set, score, table};
use qari::entities::tagger::{
    GoldSpan, Model, TrainOptions, TrainingDoc, register_spans, train, train_from,
};
use qari::entities::{Kind, Matcher, Register};
use qari::project::tagger::{Base, Settings};

const KINDS: [Kind; 3] = [Kind::Person, Kind::Organisation, Kind::Place];

struct Args {
    data: PathBuf,
    train_docs: usize,
    chunk: usize,
    epochs: usize,
    repeat: usize,
    seed: u64,
    seeds: usize,
    project: bool,
}

fn parse_args() -> Result<Args> {
    let mut args = std::env::args().skip(1);
    let mut parsed = Args {
        data: PathBuf::new(),
        train_docs: 64,
        chunk: 15,
        epochs: TrainOptions::default().epochs,
        repeat: Settings::default().repeat,
        seed: 7,
        seeds: 1,
        project: true,
    };
    let mut data = None;
    while let Some(a) = args.next() {
        let mut number = |name: &str| -> Result<usize> {
            Ok(args.next().with_context(|| format!("{name} N"))?.parse()?)
        };
        match a.as_str() {
            "--train-docs" => parsed.train_docs = number("--train-docs")?,
            "--chunk" => parsed.chunk = number("--chunk")?.max(1),
            "--epochs" => parsed.epochs = number("--epochs")?,
            "--repeat" => parsed.repeat = number("--repeat")?.max(1),
            "--seed" => parsed.seed = number("--seed")? as u64,
            "--seeds" => parsed.seeds = number("--seeds")?.max(1),
            "--no-project" => parsed.project = false,
            other if other.starts_with("--") => bail!("unknown option {other}"),
            other => data = Some(PathBuf::from(other)),
        }
    }
    parsed.data = data
        .or_else(|| std::env::var_os("QARI_SHARED_DATA").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("../shared/data"));
    Ok(parsed)
}

/// A pseudo-document: `chunk` sentences of an article, with the gold spans inside them.
struct Chunk {
    name: String,
    doc: TrainingDoc,
}

/// Cuts each article at sentence starts into pieces of `chunk` sentences (the last piece of an
/// article may be shorter). A gold span across a cut (none in AQMAR) is left out.
fn chunks(articles: &[qari::entities::tagger::eval::EvalDoc], chunk: usize) -> Vec<Chunk> {
    let mut out = Vec::new();
    for article in articles {
        let chars: Vec<char> = article.doc.text.chars().collect();
        let sentences = qari::text::tokens::sentences(&article.doc.text);
        let mut cuts: Vec<usize> = sentences
            .iter()
            .step_by(chunk)
            .filter_map(|s| s.first().map(|t| t.start))
            .collect();
        if let Some(first) = cuts.first_mut() {
            *first = 0;
        }
        cuts.push(chars.len());
        let stem = article.name.trim_end_matches(".txt");
        for (n, piece) in cuts.windows(2).enumerate() {
            let (start, end) = (piece[0], piece[1]);
            let spans = article
                .doc
                .spans
                .iter()
                .filter(|s| s.range.start >= start && s.range.end <= end)
                .map(|s| GoldSpan {
                    range: s.range.start - start..s.range.end - start,
                    kind: s.kind,
                })
                .collect();
            out.push(Chunk {
                name: format!("{stem}-{n:03}.txt"),
                doc: TrainingDoc {
                    text: chars[start..end].iter().collect(),
                    spans,
                    register: Vec::new(),
                },
            });
        }
    }
    out
}

/// `count` indices of `0..n` chosen by a fixed-seed shuffle (xorshift64*), in order.
fn choose(n: usize, count: usize, seed: u64) -> Vec<usize> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let mut all: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        all.swap(i, j);
    }
    let mut chosen: Vec<usize> = all.into_iter().take(count).collect();
    chosen.sort_unstable();
    chosen
}

/// Scores a tagger's mentions of `test` (a function giving a chunk's mentions).
fn evaluate(
    test: &[&Chunk],
    mut tag: impl FnMut(&Chunk) -> Vec<(usize, usize, Kind)>,
) -> (Vec<(Kind, Prf)>, Prf) {
    let texts: Vec<&str> = test.iter().map(|c| c.doc.text.as_str()).collect();
    let gold = gold_spans(test.iter().map(|c| &c.doc));
    let predicted: Vec<_> = test
        .iter()
        .enumerate()
        .flat_map(|(i, c)| tag(c).into_iter().map(move |(s, e, k)| (i, s, e, k)))
        .collect();
    score(&texts, &gold, &predicted, &KINDS)
}

fn model_tags(model: &Model) -> impl Fn(&Chunk) -> Vec<(usize, usize, Kind)> + '_ {
    move |c: &Chunk| {
        model
            .tag(&c.doc.text, &c.doc.register)
            .into_iter()
            .map(|m| (m.start, m.end, m.kind))
            .collect()
    }
}

fn print_table(title: &str, per_kind: &[(Kind, Prf)], all: Prf) {
    println!("{title}");
    print!("{}", table(per_kind, &all));
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let aqmar = args.data.join("eval/aqmar");
    if !aqmar.join("gold.jsonl").exists() {
        println!(
            "skipped: {} not found (give the shared data folder, or set QARI_SHARED_DATA)",
            aqmar.display()
        );
        return Ok(());
    }
    let Some(bundled) = qari::entities::tagger::bundled() else {
        bail!("the bundled tagger model does not read");
    };
    let register = Register::bundled();
    let matcher = Matcher::new(&register, Default::default());
    let mut all = chunks(&load_eval_set(&aqmar)?, args.chunk);
    for c in &mut all {
        c.doc.register = register_spans(&matcher, &register, &c.doc.text);
    }
    let settings = Settings::default();
    let options = TrainOptions {
        epochs: args.epochs,
        ..settings.options
    };
    let mut sums = [0.0f64; 3];
    let mut first_split = None;
    for seed in args.seed..args.seed + args.seeds as u64 {
        let chosen = choose(all.len(), args.train_docs.min(all.len()), seed);
        let (training, test) = split(&all, &chosen);
        let f1 = compare(&bundled, &training, &test, options, &args, seed);
        for (sum, f) in sums.iter_mut().zip(f1) {
            *sum += f;
        }
        first_split.get_or_insert((chosen, seed));
    }
    if args.seeds > 1 {
        let n = args.seeds as f64;
        println!(
            "mean over {} seeds: F1 bundled {:.3}, warm start {:.3} ({:+.3}), alone {:.3} ({:+.3})",
            args.seeds,
            sums[0] / n,
            sums[1] / n,
            (sums[1] - sums[0]) / n,
            sums[2] / n,
            (sums[2] - sums[0]) / n
        );
    }
    if let (true, Some((chosen, seed))) = (args.project, first_split) {
        let (_, test) = split(&all, &chosen);
        println!("seed {seed} through a project:");
        through_a_project(&all, &chosen, &test, Base::Bundled)?;
        through_a_project(&all, &chosen, &test, Base::None)?;
    }
    if let Some(mib) = common::peak_rss_bytes().map(|b| b as f64 / 1_048_576.0) {
        println!("peak memory {mib:.0} MiB");
    }
    Ok(())
}

/// The chunks chosen for training, and the others.
fn split<'a>(all: &'a [Chunk], chosen: &[usize]) -> (Vec<&'a Chunk>, Vec<&'a Chunk>) {
    let pick = |trained: bool| {
        all.iter()
            .enumerate()
            .filter(|(i, _)| chosen.binary_search(i).is_ok() == trained)
            .map(|(_, c)| c)
            .collect()
    };
    (pick(true), pick(false))
}

/// Scores (a), (b) and (c) on one split; returns their F1. Tables are printed for a single
/// seed, one line otherwise.
fn compare(
    bundled: &Model,
    training: &[&Chunk],
    test: &[&Chunk],
    options: TrainOptions,
    args: &Args,
    seed: u64,
) -> [f64; 3] {
    let tables = args.seeds == 1;
    let tokens = |cs: &[&Chunk]| -> usize {
        cs.iter()
            .map(|c| {
                qari::text::tokens::sentences(&c.doc.text)
                    .iter()
                    .map(Vec::len)
                    .sum::<usize>()
            })
            .sum()
    };
    if tables {
        let mentions: usize = training.iter().map(|c| c.doc.spans.len()).sum();
        println!(
            "seed {seed}: {} chunks tagged for training ({} tokens, {} mentions with MISC), {} scored ({} tokens); epochs {}, repeat {}",
            training.len(),
            tokens(training),
            mentions,
            test.len(),
            tokens(test),
            options.epochs,
            args.repeat,
        );
    }
    let show = |title: &str, (per_kind, all): &(Vec<(Kind, Prf)>, Prf)| {
        if tables {
            print_table(title, per_kind, *all);
        }
    };
    let bundled_scores = evaluate(test, model_tags(bundled));
    show("(a) the bundled model alone", &bundled_scores);
    let docs: Vec<TrainingDoc> = (0..args.repeat)
        .flat_map(|_| training.iter().map(|c| c.doc.clone()))
        .collect();
    let started = Instant::now();
    let warm = train_from(bundled, &docs, options);
    let warm_s = started.elapsed().as_secs_f64();
    let warm_scores = evaluate(test, model_tags(&warm));
    show(
        &format!("(b) --base bundled: warm start on the tagged chunks (trained in {warm_s:.2} s)"),
        &warm_scores,
    );
    let started = Instant::now();
    let alone = train(&docs, options);
    let alone_s = started.elapsed().as_secs_f64();
    let alone_scores = evaluate(test, model_tags(&alone));
    show(
        &format!("(c) --base none: the tagged chunks alone (trained in {alone_s:.2} s)"),
        &alone_scores,
    );
    let f1 = [
        bundled_scores.1.f1(),
        warm_scores.1.f1(),
        alone_scores.1.f1(),
    ];
    println!(
        "seed {seed}: F1 bundled {:.3}, warm start {:.3} ({:+.3}), alone {:.3} ({:+.3})",
        f1[0],
        f1[1],
        f1[1] - f1[0],
        f1[2],
        f1[2] - f1[0]
    );
    f1
}

/// The real path: a project of the chunks in a temporary folder, the training chunks' tags
/// imported as `qari import` does (JSON lines with `type` PER/ORG/LOC, which make codes that
/// stand for the kinds by themselves), trained as `qari train` does, the model written beside
/// the project and read back, and the other chunks tagged with the project's register view.
fn through_a_project(all: &[Chunk], chosen: &[usize], test: &[&Chunk], base: Base) -> Result<()> {
    use qari::project::tagger::{load_model, model_path};
    let dir = tempfile::tempdir()?;
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus)?;
    for c in all {
        std::fs::write(corpus.join(&c.name), &c.doc.text)?;
    }
    let mut sink = Vec::new();
    qari::cli::init(&corpus, None, &mut sink)?;
    let project = corpus.join("qari.ron");
    let mut lines = String::new();
    for i in chosen {
        let c = &all[*i];
        for s in &c.doc.spans {
            let line = serde_json::json!({
                "doc": c.name, "start": s.range.start, "end": s.range.end, "type": s.kind.conll(),
            });
            lines.push_str(&line.to_string());
            lines.push('\n');
        }
    }
    let tags = dir.path().join("tags.jsonl");
    std::fs::write(&tags, lines)?;
    let mut err = Vec::new();
    qari::cli::annotations::import(
        &project,
        qari::import::Format::Jsonl,
        &tags,
        std::time::Duration::from_secs(5),
        false,
        &mut sink,
        &mut err,
    )?;
    if let Some(line) = String::from_utf8_lossy(&sink).lines().last() {
        println!("  {line}");
    }
    let mut report = Vec::new();
    let started = Instant::now();
    qari::cli::train::train(&project, base, &mut report)?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "through a project (--base {}): qari train took {seconds:.1} s and printed:",
        match base {
            Base::Bundled => "bundled",
            Base::None => "none",
        }
    );
    for line in String::from_utf8_lossy(&report).lines() {
        println!("  | {line}");
    }
    let model = load_model(&project)?.context("no model beside the project")?;
    println!(
        "  model file {} bytes",
        std::fs::metadata(model_path(&project))?.len()
    );
    let register = Register::with_edits(&[]);
    let matcher = Matcher::new(&register, Default::default());
    let ws = qari::project::Workspace::open(&project)?;
    let mut differ = 0;
    let (per_kind, all_prf) = evaluate(test, |c| {
        let text = ws
            .corpus()
            .document(&c.name)
            .and_then(|d| ws.corpus().text(d).ok())
            .map(|t| t.text)
            .unwrap_or_default();
        if text != c.doc.text {
            differ += 1;
        }
        let view = register_spans(&matcher, &register, &text);
        model
            .tag(&text, &view)
            .into_iter()
            .map(|m| (m.start, m.end, m.kind))
            .collect()
    });
    if differ > 0 {
        println!("  {differ} documents read differently from their chunk's text");
    }
    print_table(
        "  the project's model on the other chunks",
        &per_kind,
        all_prf,
    );
    Ok(())
}

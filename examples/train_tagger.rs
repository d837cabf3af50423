//! Trains and measures the entity tagger on the shared evaluation sets.
//!
//! ```text
//! cargo run --release --example train_tagger -- ../shared/data [--folds 5] [--epochs 8]
//!     [--no-register] [--pred-dir DIR] [--out FILE]
//! ```
//!
//! Runs k-fold cross-validation by document (fold = document index mod k, documents in name
//! order) on `eval/anercorp-train` and on `eval/aqmar`, and trains on all of ANERcorp-train to
//! tag AQMAR (cross-domain). Prints precision, recall and F1 per type (PER, ORG, LOC) and over
//! them, scored with the rule of `../shared/tools/ner-eval`; training time; tagging speed.
//! With `--pred-dir` each fold's predictions are written there as JSONL (doc, start, end,
//! type), to check with `ner-eval`. With `--out` the model trained on all of ANERcorp-train is
//! written to FILE, its temperature the median of those fitted on each fold's held-out
//! documents (the precision-by-score line of the cross-validation uses each fold's own fitted
//! temperature: one parameter fitted in sample). The register's view is a feature unless
//! `--no-register` is given; with it, each evaluation is also scored on what `qari entities`
//! reports, the register's names and the tagger's merged.
//! Deterministic: the same data give the same model, byte for byte.

#[path = "../benches/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use qari::entities::recognise::{WeakAliases, combine};
use qari::entities::tagger::eval::{
    EvalDoc, Prf, SpanRecord, core_start, gold_spans, load_eval_set, score, score_docs, table,
};
use qari::entities::tagger::{Model, TrainOptions, TrainingDoc, register_spans, train};
use qari::entities::{Kind, Matcher, Register};

const KINDS: [Kind; 3] = [Kind::Person, Kind::Organisation, Kind::Place];

struct Args {
    data: PathBuf,
    folds: usize,
    epochs: usize,
    register: bool,
    pred_dir: Option<PathBuf>,
    out: Option<PathBuf>,
}

fn parse_args() -> Result<Args> {
    let mut args = std::env::args().skip(1);
    let mut parsed = Args {
        data: PathBuf::new(),
        folds: 5,
        epochs: TrainOptions::default().epochs,
        register: true,
        pred_dir: None,
        out: None,
    };
    let mut data = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--folds" => parsed.folds = args.next().context("--folds N")?.parse()?,
            "--epochs" => parsed.epochs = args.next().context("--epochs N")?.parse()?,
            "--no-register" => parsed.register = false,
            "--pred-dir" => parsed.pred_dir = Some(args.next().context("--pred-dir DIR")?.into()),
            "--out" => parsed.out = Some(args.next().context("--out FILE")?.into()),
            other if other.starts_with("--") => bail!("unknown option {other}"),
            other => data = Some(PathBuf::from(other)),
        }
    }
    parsed.data = data
        .or_else(|| std::env::var_os("QARI_SHARED_DATA").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("../shared/data"));
    if parsed.folds < 2 {
        bail!("--folds must be at least 2");
    }
    Ok(parsed)
}

fn load(dir: &Path, matcher: Option<(&Matcher, &Register)>) -> Result<Vec<EvalDoc>> {
    let mut docs = load_eval_set(dir)?;
    if let Some((matcher, register)) = matcher {
        for d in &mut docs {
            d.doc.register = register_spans(matcher, register, &d.doc.text);
        }
    }
    Ok(docs)
}

/// Tags `test` with `model`, returning the figures, predictions as records, tokens tagged and
/// seconds spent tagging.
struct Tagged {
    calibration: Vec<(f32, bool)>,
    per_kind: Vec<(Kind, Prf)>,
    all: Prf,
    records: Vec<SpanRecord>,
    tokens: usize,
    seconds: f64,
}

fn tag_and_score(model: &Model, test: &[&EvalDoc]) -> Tagged {
    let started = Instant::now();
    let mut predicted = Vec::new();
    let mut records = Vec::new();
    let mut scores = Vec::new();
    for (i, d) in test.iter().enumerate() {
        for m in model.tag(&d.doc.text, &d.doc.register) {
            predicted.push((i, m.start, m.end, m.kind));
            scores.push(m.score);
            records.push(SpanRecord {
                doc: d.name.clone(),
                start: m.start,
                end: m.end,
                kind: m.kind.conll().to_owned(),
            });
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let tokens = test
        .iter()
        .map(|d| {
            qari::text::tokens::sentences(&d.doc.text)
                .iter()
                .map(Vec::len)
                .sum::<usize>()
        })
        .sum();
    let gold = gold_spans(test.iter().map(|d| &d.doc));
    let texts: Vec<&str> = test.iter().map(|d| d.doc.text.as_str()).collect();
    let (per_kind, all) = score(&texts, &gold, &predicted, &KINDS);
    // How well the scores rank: matched and unmatched predictions, by score.
    let chars: Vec<Vec<char>> = texts.iter().map(|t| t.chars().collect()).collect();
    let key = |(i, start, end, kind): &(usize, usize, usize, Kind)| {
        (*i, core_start(&chars[*i], *start, *end), *end, *kind)
    };
    let gold_keys: std::collections::HashSet<_> = gold.iter().map(key).collect();
    let calibration = predicted
        .iter()
        .zip(&scores)
        .filter(|(p, _)| KINDS.contains(&p.3))
        .map(|(p, s)| (*s, gold_keys.contains(&key(p))))
        .collect();
    Tagged {
        calibration,
        per_kind,
        all,
        records,
        tokens,
        seconds,
    }
}

/// The register's matcher, its entities' kinds and its weak spellings: what `qari entities`
/// merges the tagger's names with.
struct Together<'a> {
    matcher: &'a Matcher,
    kinds: Vec<Kind>,
    weak: WeakAliases,
}

/// Scores the names `qari entities` would report: the register's and the model's together
/// ([`combine`]).
fn score_together(
    model: &Model,
    test: &[&EvalDoc],
    together: &Together,
) -> (Vec<(Kind, Prf)>, Prf) {
    let docs: Vec<&TrainingDoc> = test.iter().map(|d| &d.doc).collect();
    score_docs(&docs, &KINDS, |d| {
        let text = &d.text;
        let tagged = model.tag(text, &d.register);
        let found = combine(
            text,
            together.matcher.find(text),
            &tagged,
            &together.kinds,
            &together.weak,
        );
        // As `qari entities` reports them: the word, the clitic before the name included.
        let mentions = found.mentions.iter().map(|f| {
            let clitic = f.mention.prefix.chars().count();
            let start = f.mention.range.start.saturating_sub(clitic);
            (start, f.mention.range.end, together.kinds[f.mention.entity])
        });
        let suggested = found
            .suggested
            .iter()
            .map(|s| (s.range.start, s.range.end, s.kind));
        mentions.chain(suggested).collect()
    })
}

/// Adds one fold's counts to the pooled ones.
fn pool(sum_kinds: &mut [(Kind, Prf)], sum_all: &mut Prf, per_kind: &[(Kind, Prf)], all: Prf) {
    for ((_, sum), (_, p)) in sum_kinds.iter_mut().zip(per_kind) {
        sum.add(p);
    }
    sum_all.add(&all);
}

fn print_table(title: &str, per_kind: &[(Kind, Prf)], all: Prf) {
    println!("{title}");
    print!("{}", table(per_kind, &all));
}

/// Precision of the predictions in each band of score: how far a score can be trusted.
fn print_calibration(scored: &[(f32, bool)]) {
    let bands = [
        (0.0, 0.5),
        (0.5, 0.8),
        (0.8, 0.95),
        (0.95, 0.99),
        (0.99, 1.01),
    ];
    let mut line = String::from("  precision by score:");
    for (low, high) in bands {
        let in_band: Vec<bool> = scored
            .iter()
            .filter(|(s, _)| *s >= low && *s < high)
            .map(|(_, m)| *m)
            .collect();
        let matched = in_band.iter().filter(|m| **m).count();
        let precision = matched as f64 / in_band.len().max(1) as f64;
        line.push_str(&format!(
            "  [{low:.2},{:.2}) {precision:.2} of {}",
            high.min(1.0),
            in_band.len()
        ));
    }
    println!("{line}");
}

fn write_records(path: &Path, records: &[SpanRecord]) -> Result<()> {
    let mut out = String::new();
    for r in records {
        out.push_str(&serde_json::to_string(r)?);
        out.push('\n');
    }
    std::fs::write(path, out).with_context(|| format!("could not write: {}", path.display()))
}

/// Cross-validates on `docs`; returns the median of the temperatures fitted on each fold.
fn cross_validate(
    name: &str,
    docs: &[EvalDoc],
    args: &Args,
    options: TrainOptions,
    together: Option<&Together>,
) -> Result<f32> {
    let mut sum_kinds: Vec<(Kind, Prf)> = KINDS.iter().map(|k| (*k, Prf::default())).collect();
    let mut sum_all = Prf::default();
    let mut with_kinds = sum_kinds.clone();
    let mut with_all = Prf::default();
    let (mut train_s, mut tokens, mut tag_s) = (0.0, 0, 0.0);
    let mut f1s = Vec::new();
    let mut calibration = Vec::new();
    let mut temperatures = Vec::new();
    for fold in 0..args.folds {
        let training: Vec<TrainingDoc> = docs
            .iter()
            .enumerate()
            .filter(|(i, _)| i % args.folds != fold)
            .map(|(_, d)| d.doc.clone())
            .collect();
        let test: Vec<&EvalDoc> = docs
            .iter()
            .enumerate()
            .filter(|(i, _)| i % args.folds == fold)
            .map(|(_, d)| d)
            .collect();
        let started = Instant::now();
        let mut model = train(&training, options);
        let seconds = started.elapsed().as_secs_f64();
        train_s += seconds;
        let held_out: Vec<TrainingDoc> = test.iter().map(|d| d.doc.clone()).collect();
        let temperature = model.fit_temperature(&held_out);
        model.set_temperature(temperature);
        temperatures.push(temperature);
        let t = tag_and_score(&model, &test);
        tokens += t.tokens;
        tag_s += t.seconds;
        println!(
            "  {name} fold {fold}: P {:.3} R {:.3} F1 {:.3}  (train {seconds:.1} s, {} features, temperature {temperature})",
            t.all.precision(),
            t.all.recall(),
            t.all.f1(),
            model.feature_count()
        );
        f1s.push(t.all.f1());
        calibration.extend(t.calibration.iter().copied());
        pool(&mut sum_kinds, &mut sum_all, &t.per_kind, t.all);
        if let Some(together) = together {
            let (per_kind, all) = score_together(&model, &test, together);
            pool(&mut with_kinds, &mut with_all, &per_kind, all);
        }
        if let Some(dir) = &args.pred_dir {
            std::fs::create_dir_all(dir)?;
            write_records(&dir.join(format!("{name}-fold{fold}.jsonl")), &t.records)?;
        }
    }
    let mean = f1s.iter().sum::<f64>() / f1s.len() as f64;
    print_table(
        &format!(
            "{name}: {}-fold CV by document, pooled over folds (mean fold F1 {mean:.3})",
            args.folds
        ),
        &sum_kinds,
        sum_all,
    );
    print_calibration(&calibration);
    if together.is_some() {
        print_table(
            &format!("{name}: the register and the tagger together, as `qari entities` reports"),
            &with_kinds,
            with_all,
        );
    }
    println!(
        "  training {:.2} s a fold on average; tagging {:.0} tokens/s (features included, one core)",
        train_s / args.folds as f64,
        tokens as f64 / tag_s.max(1e-9)
    );
    temperatures.sort_by(f32::total_cmp);
    Ok(temperatures[temperatures.len() / 2])
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let eval = args.data.join("eval");
    let options = TrainOptions {
        epochs: args.epochs,
        ..TrainOptions::default()
    };
    let register = Register::bundled();
    let matcher = Matcher::new(&register, Default::default());
    let view = args.register.then_some((&matcher, &register));
    let aner = load(&eval.join("anercorp-train"), view)?;
    let aqmar = load(&eval.join("aqmar"), view)?;
    println!(
        "register view: {}; epochs {}; ANERcorp-train {} documents, AQMAR {} documents",
        if args.register { "on" } else { "off" },
        options.epochs,
        aner.len(),
        aqmar.len()
    );
    let together = args.register.then(|| Together {
        matcher: &matcher,
        kinds: register.entities.iter().map(|e| e.kind).collect(),
        weak: WeakAliases::of(&register),
    });
    let temperature = cross_validate("anercorp", &aner, &args, options, together.as_ref())?;
    cross_validate("aqmar", &aqmar, &args, options, together.as_ref())?;
    let all: Vec<TrainingDoc> = aner.iter().map(|d| d.doc.clone()).collect();
    let started = Instant::now();
    let mut model = train(&all, options);
    let seconds = started.elapsed().as_secs_f64();
    model.set_temperature(temperature);
    let bytes = model.to_bytes();
    println!(
        "trained on all of ANERcorp-train in {seconds:.1} s: {} features, temperature {temperature} (the median of the folds'), model {} bytes",
        model.feature_count(),
        bytes.len()
    );
    let test: Vec<&EvalDoc> = aqmar.iter().collect();
    let t = tag_and_score(&model, &test);
    print_table("ANERcorp-train → AQMAR (cross-domain)", &t.per_kind, t.all);
    print_calibration(&t.calibration);
    if let Some(together) = &together {
        let (per_kind, all) = score_together(&model, &test, together);
        print_table(
            "ANERcorp-train → AQMAR, the register and the tagger together",
            &per_kind,
            all,
        );
    }
    if let Some(dir) = &args.pred_dir {
        write_records(&dir.join("aner-to-aqmar.jsonl"), &t.records)?;
    }
    if let Some(out) = &args.out {
        std::fs::write(out, &bytes)
            .with_context(|| format!("could not write: {}", out.display()))?;
        println!("model written to {}", out.display());
    }
    if let Some(mib) = common::peak_rss_bytes().map(|b| b as f64 / 1_048_576.0) {
        println!("peak memory {mib:.0} MiB");
    }
    Ok(())
}

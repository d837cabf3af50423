//! Entity extraction speed against ripgrep on the 31,030-article corpus.
//!
//!     cargo bench --bench entities
//!
//! Two registers, each written as a register TSV and as the same aliases one a line (under
//! `target/bench-entities`), each timed as `qari entities DIR --register R --no-default-register
//! --no-tagger --format jsonl` against `rg -c -F -f aliases.txt DIR` (no folding, no clitics),
//! side by side, best of three runs each, warm cache:
//!
//! - *multi-word*: about 9,000 aliases, the first entities of the bundled register (seed
//!   entities, places, then people's full names from Wikidata; more Wikidata names from
//!   `../shared/data/gazetteer` if needed);
//! - *gazetteer*, the register issue 14 measures: the Arabic names of every CLDR country, city
//!   and subdivision in `../shared/data/gazetteer` (many of them single words), then the first
//!   5,000 Wikidata person names there; 9,071 distinct aliases.
//!
//! Then it times `qari entities DIR` as it runs by default (bundled register and trained
//! tagger). Each line gives the mentions qari reported and the lines rg counted (rg counts lines
//! with a hit, not hits). The corpus is `QARI_PERF_CORPUS` or unpacked into
//! `target/perf-corpus`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const ALIASES: usize = 9_000;
/// Wikidata person names in the gazetteer register.
const GAZETTEER_PERSONS: usize = 5_000;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn gazetteer() -> PathBuf {
    manifest().join("../shared/data/gazetteer")
}

/// A register to time: its TSV, the same aliases one a line, and how many distinct aliases.
struct Case {
    name: &'static str,
    register: PathBuf,
    list: PathBuf,
    aliases: usize,
}

/// Writes a register's TSV lines and its aliases (deduplicated) under target/.
fn write_case(name: &'static str, lines: &[String], aliases: &[String]) -> Option<Case> {
    let dir = manifest().join("target/bench-entities");
    std::fs::create_dir_all(&dir).ok()?;
    let register = dir.join(format!("{name}-register.tsv"));
    let list = dir.join(format!("{name}-aliases.txt"));
    let mut distinct: Vec<&str> = aliases.iter().map(String::as_str).collect();
    distinct.sort_unstable();
    distinct.dedup();
    std::fs::write(&register, lines.join("\n") + "\n").ok()?;
    std::fs::write(&list, distinct.join("\n") + "\n").ok()?;
    Some(Case {
        name,
        register,
        list,
        aliases: distinct.len(),
    })
}

/// The rows of a gazetteer TSV after its header, split at tabs.
fn gazetteer_rows(file: &str) -> Option<Vec<Vec<String>>> {
    let text = std::fs::read_to_string(gazetteer().join(file)).ok()?;
    Some(
        text.lines()
            .skip(1)
            .map(|row| row.split('\t').map(str::to_owned).collect())
            .collect(),
    )
}

/// Up to `n` Wikidata person names of the gazetteer (those with two words or more when
/// `multi_word`), as register lines and aliases.
fn wikidata_persons(
    n: usize,
    multi_word: bool,
    lines: &mut Vec<String>,
    aliases: &mut Vec<String>,
) -> Option<()> {
    let mut taken = 0;
    for f in gazetteer_rows("persons_wikidata_arabic_name_romanizer.tsv")? {
        if taken >= n {
            break;
        }
        if f.len() < 6 || f[5] != "wikidata" || (multi_word && f[0].split_whitespace().count() < 2)
        {
            continue;
        }
        lines.push(format!("{}\tperson\t{}", f[1].replace('|', " "), f[0]));
        aliases.push(f[0].clone());
        taken += 1;
    }
    Some(())
}

/// About 9,000 aliases from the bundled register, mostly multi-word names.
fn multi_word_case() -> Option<Case> {
    let mut lines = vec!["canonical\tkind\taliases".to_owned()];
    let mut aliases: Vec<String> = Vec::new();
    for e in qari::entities::Register::bundled().entities {
        if aliases.len() + e.aliases.len() > ALIASES {
            break;
        }
        lines.push(format!(
            "{}\t{}\t{}",
            e.canonical,
            e.kind,
            e.aliases.join("|")
        ));
        aliases.extend(e.aliases);
    }
    let more = ALIASES.saturating_sub(aliases.len());
    wikidata_persons(more, true, &mut lines, &mut aliases)?;
    write_case("multi-word", &lines, &aliases)
}

/// Issue 14's register: CLDR countries, cities and subdivisions by their Arabic names, then
/// 5,000 Wikidata person names.
fn gazetteer_case() -> Option<Case> {
    let mut lines = vec!["canonical\tkind\taliases".to_owned()];
    let mut aliases: Vec<String> = Vec::new();
    for file in [
        "countries_cldr41.tsv",
        "cities_cldr41_exemplar.tsv",
        "subdivisions_cldr41.tsv",
    ] {
        for f in gazetteer_rows(file)? {
            if f.len() < 3 || f[2].is_empty() {
                continue;
            }
            lines.push(format!("{}\tplace\t{}", f[1], f[2]));
            aliases.push(f[2].clone());
        }
    }
    wikidata_persons(GAZETTEER_PERSONS, false, &mut lines, &mut aliases)?;
    write_case("gazetteer", &lines, &aliases)
}

/// Runs a command, its stderr kept and its stdout too unless `keep_stdout` is false (then
/// /dev/null, as a user redirecting it would), failing the bench if it fails: the seconds it
/// took, and its output.
fn run(mut command: Command, keep_stdout: bool) -> (f64, std::process::Output) {
    let stdout = if keep_stdout {
        Stdio::piped()
    } else {
        Stdio::null()
    };
    let start = Instant::now();
    let output = command
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output();
    let seconds = start.elapsed().as_secs_f64();
    match output {
        Ok(output) if output.status.success() => (seconds, output),
        _ => {
            eprintln!("entities bench: a command failed: {command:?}");
            std::process::exit(1);
        }
    }
}

fn qari_entities(folder: &Path, case: &Case) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_qari"));
    c.arg("entities")
        .arg(folder)
        .arg("--register")
        .arg(&case.register);
    c.args(["--no-default-register", "--no-tagger", "--format", "jsonl"]);
    c
}

/// The mentions `qari entities` reports on stderr ("N mentions of …"); its JSON lines are not
/// counted, so that writing them costs what it costs anywhere.
fn qari_mentions(output: &std::process::Output) -> String {
    let err = String::from_utf8_lossy(&output.stderr);
    err.lines()
        .rev()
        .find_map(|l| l.split_once(" mentions of ").map(|(n, _)| n.to_owned()))
        .unwrap_or_else(|| "?".to_owned())
}

/// The lines `rg -c` counted, over every file.
fn rg_lines(output: &std::process::Output) -> usize {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| l.rsplit_once(':')?.1.parse::<usize>().ok())
        .sum()
}

/// qari and rg on one register, alternating, best of three each.
fn compare(folder: &Path, case: &Case) {
    let (mut qari, mut rg) = (f64::MAX, f64::MAX);
    let (mut mentions, mut lines) = (String::new(), 0);
    for _ in 0..3 {
        let (seconds, output) = run(qari_entities(folder, case), false);
        mentions = qari_mentions(&output);
        qari = qari.min(seconds);
        let mut r = Command::new("rg");
        r.args(["-c", "-F", "-f"]).arg(&case.list).arg(folder);
        let (seconds, output) = run(r, true);
        lines = rg_lines(&output);
        rg = rg.min(seconds);
    }
    println!(
        "entities, {} register ({} aliases): qari entities {qari:.2} s ({mentions} mentions), \
         rg -c -F -f {rg:.2} s ({lines} lines), ratio {:.2}",
        case.name,
        case.aliases,
        qari / rg
    );
}

fn main() {
    let (Some(folder), Some(multi_word), Some(gazetteer)) =
        (common::perf_corpus(), multi_word_case(), gazetteer_case())
    else {
        eprintln!("entities bench: skipped, needs ../shared/data (perf corpus and gazetteer)");
        return;
    };
    println!("corpus: {}", folder.display());
    compare(&folder, &multi_word);
    compare(&folder, &gazetteer);
    // The whole corpus with the bundled register and the trained tagger, as `qari entities`
    // runs by default.
    let mut tagged = f64::MAX;
    for _ in 0..3 {
        let mut c = Command::new(env!("CARGO_BIN_EXE_qari"));
        c.arg("entities").arg(&folder).args(["--format", "jsonl"]);
        tagged = tagged.min(run(c, false).0);
    }
    println!(
        "entities with the tagger: qari entities {} (bundled register and model) {tagged:.2} s",
        folder.display()
    );
}

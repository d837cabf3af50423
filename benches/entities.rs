//! Entity extraction speed against ripgrep on the 31,030-article corpus.
//!
//!     cargo bench --bench entities
//!
//! Builds a register of about 9,000 aliases (the first entities of the bundled register: seed
//! entities, places, then people's full names from Wikidata; more Wikidata names from
//! `../shared/data/gazetteer` if needed), writes the same aliases one a line, and times `qari entities DIR --register R --no-default-register --format jsonl` against
//! `rg -c -F -f aliases.txt DIR` (no folding, no clitics), the tagger left out; then times
//! `qari entities DIR` as it runs by default (bundled register and trained tagger): best of
//! three runs each, warm cache.
//! The corpus is `QARI_PERF_CORPUS` or unpacked into `target/perf-corpus`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const ALIASES: usize = 9_000;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The register TSV and the alias list, written under target/.
fn register_files() -> Option<(PathBuf, PathBuf, usize)> {
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
    let persons =
        manifest().join("../shared/data/gazetteer/persons_wikidata_arabic_name_romanizer.tsv");
    let text = std::fs::read_to_string(persons).ok()?;
    for row in text.lines().skip(1) {
        if aliases.len() >= ALIASES {
            break;
        }
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 6 || f[5] != "wikidata" || f[0].split_whitespace().count() < 2 {
            continue;
        }
        lines.push(format!("{}\tperson\t{}", f[1].replace('|', " "), f[0]));
        aliases.push(f[0].to_owned());
    }
    let dir = manifest().join("target/bench-entities");
    std::fs::create_dir_all(&dir).ok()?;
    let register = dir.join("register.tsv");
    let list = dir.join("aliases.txt");
    std::fs::write(&register, lines.join("\n") + "\n").ok()?;
    std::fs::write(&list, aliases.join("\n") + "\n").ok()?;
    Some((register, list, aliases.len()))
}

fn best_of_three(mut command: impl FnMut() -> Command) -> f64 {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            let status = command()
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            if !status.is_ok_and(|s| s.success()) {
                eprintln!("entities bench: a command failed");
                std::process::exit(1);
            }
            start.elapsed().as_secs_f64()
        })
        .fold(f64::MAX, f64::min)
}

fn main() {
    let (Some(folder), Some((register, list, n))) = (common::perf_corpus(), register_files())
    else {
        eprintln!("entities bench: skipped, needs ../shared/data (perf corpus and gazetteer)");
        return;
    };
    let qari = best_of_three(|| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_qari"));
        c.arg("entities")
            .arg(&folder)
            .arg("--register")
            .arg(&register);
        c.args(["--no-default-register", "--no-tagger", "--format", "jsonl"]);
        c
    });
    let rg = best_of_three(|| {
        let mut c = Command::new("rg");
        c.args(["-c", "-F", "-f"]).arg(&list).arg(&folder);
        c
    });
    println!(
        "entities: {n} aliases over {}; qari entities {qari:.2} s, rg -c -F -f {rg:.2} s, ratio {:.2}",
        folder.display(),
        qari / rg
    );
    // The whole corpus with the bundled register and the trained tagger, as `qari entities`
    // runs by default.
    let tagged = best_of_three(|| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_qari"));
        c.arg("entities").arg(&folder).args(["--format", "jsonl"]);
        c
    });
    println!(
        "entities with the tagger: qari entities {} (bundled register and model) {tagged:.2} s",
        folder.display()
    );
}

//! Builds `assets/register/places-cldr.tsv` (countries, regions and major cities with their
//! Arabic and English names) from the Unicode CLDR 41 lists in `../shared/data/gazetteer/`.
//!
//!     cargo run --example build_register -- ../shared/data/gazetteer > assets/register/places-cldr.tsv
//!
//! The output is data derived from CLDR (Unicode licence, see `assets/register/README.md`).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

/// CLDR codes whose names are ordinary words in news text ("the world").
const SKIPPED_CODES: &[&str] = &["001"];

fn rows(path: &std::path::Path) -> Vec<Vec<String>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("build_register: {err}: {}", path.display());
            std::process::exit(1);
        }
    };
    text.lines()
        .skip(1)
        .map(|line| line.split('\t').map(str::to_owned).collect())
        .collect()
}

fn main() {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: build_register GAZETTEER_DIR");
        std::process::exit(2);
    };
    // Canonical English name -> aliases, in a stable order. A country listed twice (its main
    // name and a variant) keeps the first English name as canonical.
    let mut places: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut canonical_of_code: BTreeMap<String, String> = BTreeMap::new();
    for row in rows(&dir.join("countries_cldr41.tsv")) {
        let [code, en, ar] = [0, 1, 2].map(|i| row.get(i).cloned().unwrap_or_default());
        if SKIPPED_CODES.contains(&code.as_str()) || ar.is_empty() {
            continue;
        }
        let canonical = canonical_of_code
            .entry(code)
            .or_insert_with(|| en.clone())
            .clone();
        let aliases = places.entry(canonical).or_default();
        for alias in [ar, en] {
            if !alias.is_empty() && !aliases.contains(&alias) {
                aliases.push(alias);
            }
        }
    }
    for row in rows(&dir.join("cities_cldr41_exemplar.tsv")) {
        let [en, ar] = [1, 2].map(|i| row.get(i).cloned().unwrap_or_default());
        if en.is_empty() || ar.is_empty() {
            continue;
        }
        let aliases = places.entry(en.clone()).or_default();
        for alias in [ar, en] {
            if !aliases.contains(&alias) {
                aliases.push(alias);
            }
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut write = || -> std::io::Result<()> {
        writeln!(out, "canonical\tkind\taliases")?;
        for (canonical, aliases) in &places {
            writeln!(out, "{canonical}\tplace\t{}", aliases.join("|"))?;
        }
        Ok(())
    };
    if let Err(err) = write() {
        eprintln!("build_register: {err}");
        std::process::exit(1);
    }
}

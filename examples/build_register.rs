//! Builds the bundled register files from the lists in `../shared/data/gazetteer/`:
//!
//!     cargo run --example build_register -- ../shared/data/gazetteer places > assets/register/places-cldr.tsv
//!     cargo run --example build_register -- ../shared/data/gazetteer persons > assets/register/persons-wikidata.tsv
//!
//! `places`: countries, regions and major cities with their Arabic and English names, from the
//! Unicode CLDR 41 lists (Unicode licence). `persons`: full names (two words or more) of people
//! from the Wikidata rows (CC0) of the Arabic name romanizer list. See
//! `assets/register/README.md`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

/// CLDR codes whose names are ordinary words in news text ("the world").
const SKIPPED_CODES: &[&str] = &["001"];

/// Arabic place names that are far more often ordinary words in news text: ترك "left", مالي
/// "financial", العيون "the eyes", نوم "sleep", ماهي "what is", بنين "boys", ديلي in "Daily
/// Mail", and transliterations that collide with loanwords. (Found by listing the most frequent
/// place mentions in the 31,030-article news corpus.)
const AMBIGUOUS_ARABIC: &[&str] = &[
    "ترك",
    "مالي",
    "العيون",
    "نوم",
    "ماهي",
    "بنين",
    "ديلي",
    "واك",
    "ترول",
    "سنتر",
];

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
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(what)) = (args.first().map(PathBuf::from), args.get(1)) else {
        eprintln!("usage: build_register GAZETTEER_DIR places|persons");
        std::process::exit(2);
    };
    let entities = match what.as_str() {
        "places" => places(&dir),
        "persons" => persons(&dir),
        _ => {
            eprintln!("usage: build_register GAZETTEER_DIR places|persons");
            std::process::exit(2);
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut write = || -> std::io::Result<()> {
        writeln!(out, "canonical\tkind\taliases")?;
        for (canonical, kind, aliases) in &entities {
            writeln!(out, "{canonical}\t{kind}\t{}", aliases.join("|"))?;
        }
        Ok(())
    };
    if let Err(err) = write() {
        eprintln!("build_register: {err}");
        std::process::exit(1);
    }
}

/// First words that make a two-word Arabic name a single given name or a kunya, not a full
/// name: عبد العزيز, أبو بكر, بن علي … (they match inside thousands of other people's names).
const COMPOUND_FIRST_WORDS: &[&str] = &[
    "عبد", "أبو", "ابو", "أم", "ام", "بن", "ابن", "بنت", "آل", "ال",
];

/// People with a full name in Arabic (two words or more, not a compound given name), Wikidata
/// rows only (CC0); one entity per Latin name, its Arabic spellings as aliases.
fn persons(dir: &std::path::Path) -> Vec<(String, &'static str, Vec<String>)> {
    let mut out: Vec<(String, &'static str, Vec<String>)> = Vec::new();
    let mut position: BTreeMap<String, usize> = BTreeMap::new();
    for row in rows(&dir.join("persons_wikidata_arabic_name_romanizer.tsv")) {
        let [ar, latin, source] = [0, 1, 5].map(|i| row.get(i).cloned().unwrap_or_default());
        let clean = |s: &str| s.replace(['|', '\t'], " ").trim().to_owned();
        let (ar, latin) = (clean(&ar), clean(&latin));
        let words: Vec<&str> = ar.split_whitespace().collect();
        let compound = words.len() == 2 && COMPOUND_FIRST_WORDS.contains(&words[0]);
        if source != "wikidata" || latin.is_empty() || words.len() < 2 || compound {
            continue;
        }
        let i = *position.entry(latin.clone()).or_insert_with(|| {
            out.push((latin, "person", Vec::new()));
            out.len() - 1
        });
        if !out[i].2.contains(&ar) {
            out[i].2.push(ar);
        }
    }
    out
}

fn places(dir: &std::path::Path) -> Vec<(String, &'static str, Vec<String>)> {
    // Canonical English name -> aliases, countries first (they win a spelling they share with
    // a city: عمان is Oman before Amman), in CLDR order. A country listed twice (its main name
    // and a variant) keeps the first English name as canonical.
    let mut places: Vec<(String, Vec<String>)> = Vec::new();
    let mut position: BTreeMap<String, usize> = BTreeMap::new();
    let mut entry = |places: &mut Vec<(String, Vec<String>)>, canonical: String| -> usize {
        *position.entry(canonical.clone()).or_insert_with(|| {
            places.push((canonical, Vec::new()));
            places.len() - 1
        })
    };
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
        let i = entry(&mut places, canonical);
        for alias in [ar, en] {
            if !alias.is_empty()
                && !AMBIGUOUS_ARABIC.contains(&alias.as_str())
                && !places[i].1.contains(&alias)
            {
                places[i].1.push(alias);
            }
        }
    }
    for row in rows(&dir.join("cities_cldr41_exemplar.tsv")) {
        let [en, ar] = [1, 2].map(|i| row.get(i).cloned().unwrap_or_default());
        if en.is_empty() || ar.is_empty() {
            continue;
        }
        let i = entry(&mut places, en.clone());
        for alias in [ar, en] {
            if !AMBIGUOUS_ARABIC.contains(&alias.as_str()) && !places[i].1.contains(&alias) {
                places[i].1.push(alias);
            }
        }
    }
    places
        .into_iter()
        .filter(|(_, aliases)| !aliases.is_empty())
        .map(|(canonical, aliases)| (canonical, "place", aliases))
        .collect()
}

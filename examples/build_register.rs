//! Builds the bundled register files from the lists in `../shared/data/gazetteer/`:
//!
//!     cargo run --example build_register -- ../shared/data/gazetteer places > assets/register/places-cldr.tsv
//!     cargo run --example build_register -- ../shared/data/gazetteer persons > assets/register/persons.tsv
//!
//! `places`: countries, regions and major cities with their Arabic and English names, from the
//! Unicode CLDR 41 lists (Unicode licence). `persons`: full names (two words or more) of people
//! from the Wikidata rows (CC0) of the Arabic name romanizer list and from the people of
//! arwikicats (MIT), under English canonical names. The output depends only on the input files.
//! See `assets/register/README.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::PathBuf;

use qari::text::FoldOptions;

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

/// Names that end other people's full names: عبد العزيز آل سعود (Ibn Saud, in arwikicats) ends
/// the name of every son and grandson of his (سلمان بن عبد العزيز آل سعود, محمد بن نايف بن
/// عبد العزيز آل سعود); the matcher would find him in each.
const PATRONYMIC_TAILS: &[&str] = &["عبد العزيز آل سعود"];

/// Words kept lower-case inside an English name made from arwikicats' lower-case names:
/// "Bashar al-Assad", "Osama bin Laden", "Otto von Bismarck", "Hussein of Jordan".
const PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "bint", "ud", "ul", "de", "da", "di", "del", "della", "der", "den",
    "du", "des", "van", "von", "y", "of", "the", "and",
];

/// Roman numerals of rulers' names, written in capitals: "Elizabeth II".
const ROMAN: &[&str] = &[
    "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi",
];

/// An Arabic name that can be a person's full name: two words or more, not a compound given
/// name or kunya, no digits, not the end of other people's names.
fn full_name(ar: &str) -> bool {
    let words: Vec<&str> = ar.split_whitespace().collect();
    let compound = words.len() == 2 && COMPOUND_FIRST_WORDS.contains(&words[0]);
    let tail = PATRONYMIC_TAILS.iter().any(|t| folded(t) == folded(ar));
    words.len() >= 2 && !compound && !tail && !ar.chars().any(|c| c.is_numeric())
}

/// A name without a trailing explanation in brackets ("Amir Khan (boxer)", "أمير خان (ملاكم)"),
/// with `|` and tabs made spaces and runs of spaces made one.
fn clean(s: &str) -> String {
    let s = match s.find(['(', '（']) {
        Some(i) => &s[..i],
        None => s,
    };
    s.replace(['|', '\t'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The matcher's folded form of an Arabic name: the key that says two spellings are one.
fn folded(ar: &str) -> String {
    qari::text::normalize(ar, FoldOptions::default()).text
}

/// A lower-case English name (arwikicats) in title case: each word and each hyphenated part
/// capitalised ("jean-paul sartre" → "Jean-Paul Sartre"), particles lower-case inside the
/// name ("bashar al-assad" → "Bashar al-Assad", but "al-farabi" → "Al-Farabi"), Roman numerals
/// in capitals ("elizabeth ii" → "Elizabeth II"), Mc and O' names as usual ("John McCain",
/// "Bill O'Reilly").
fn title_case(name: &str) -> String {
    fn capitalise(part: &str) -> String {
        let mut chars = part.chars();
        let Some(first) = chars.next() else {
            return String::new();
        };
        let rest: String = chars.collect();
        let mut out: String = first.to_uppercase().collect();
        if let Some(after) = rest.strip_prefix('\'').filter(|_| first == 'o') {
            out.push('\'');
            out.push_str(&capitalise(after));
        } else if let Some(after) = rest
            .strip_prefix('c')
            .filter(|a| first == 'm' && a.len() > 1)
        {
            out.push('c');
            out.push_str(&capitalise(after));
        } else {
            out.push_str(&rest);
        }
        out
    }
    let mut out = Vec::new();
    for (i, word) in name.split(' ').enumerate() {
        let bare = word.trim_end_matches(',');
        let cased = if i > 0 && ROMAN.contains(&bare) {
            word.to_uppercase()
        } else {
            word.split('-')
                .enumerate()
                .map(|(j, part)| {
                    let inside = i > 0 || j > 0;
                    if inside && PARTICLES.contains(&part) {
                        part.to_owned()
                    } else {
                        capitalise(part)
                    }
                })
                .collect::<Vec<_>>()
                .join("-")
        };
        out.push(cased);
    }
    out.join(" ")
}

/// The names one Arabic name (folded) is given in the lists.
#[derive(Default)]
struct Names {
    /// Arabic spellings as written.
    arabic: Vec<String>,
    /// Wikidata's English labels.
    en: Vec<String>,
    /// Wikidata's aliases.
    alias: Vec<String>,
    /// Wikidata's French labels.
    fr: Vec<String>,
    /// arwikicats' English name, title-cased.
    arwikicats: Option<String>,
}

impl Names {
    /// The English name if there is one: Wikidata's label (the one arwikicats also gives when
    /// two people share the Arabic name: Qasem Soleimani, not the footballer Kacem Slimani),
    /// else arwikicats' name, else a Wikidata alias; a French label only when there is nothing
    /// else. A Wikidata label written in lower case is title-cased.
    fn canonical(&self) -> Option<String> {
        let same_as_arwikicats = |en: &&String| {
            self.arwikicats
                .as_ref()
                .is_some_and(|a| a.eq_ignore_ascii_case(en))
        };
        let name = self
            .en
            .iter()
            .find(same_as_arwikicats)
            .or(self.en.first())
            .or(self.arwikicats.as_ref())
            .or(self.alias.first())
            .or(self.fr.first())?;
        Some(if name.starts_with(char::is_lowercase) {
            title_case(name)
        } else {
            name.clone()
        })
    }
}

/// People with a full name in Arabic (two words or more, not a compound given name): the
/// Wikidata rows (CC0) of the name romanizer list, then the people of arwikicats (MIT) that
/// Wikidata lacks. Spellings that fold alike are one person, under an English canonical name;
/// different spellings with one canonical name are one entity.
fn persons(dir: &std::path::Path) -> Vec<(String, &'static str, Vec<String>)> {
    let mut names: Vec<Names> = Vec::new();
    let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
    let mut entry = |names: &mut Vec<Names>, ar: &str| -> usize {
        *by_key.entry(folded(ar)).or_insert_with(|| {
            names.push(Names::default());
            names.len() - 1
        })
    };
    for row in rows(&dir.join("persons_wikidata_arabic_name_romanizer.tsv")) {
        let [ar, latin, lang, source] =
            [0, 1, 2, 5].map(|i| clean(row.get(i).map_or("", String::as_str)));
        if source != "wikidata" || latin.is_empty() || !full_name(&ar) {
            continue;
        }
        let i = entry(&mut names, &ar);
        let n = &mut names[i];
        push_new(&mut n.arabic, ar);
        match lang.as_str() {
            "en" => push_new(&mut n.en, latin),
            "fr" => push_new(&mut n.fr, latin),
            _ => push_new(&mut n.alias, latin),
        }
    }
    for row in rows(&dir.join("arwikicats_en_ar.tsv")) {
        let [en, ar, kind] = [0, 1, 2].map(|i| clean(row.get(i).map_or("", String::as_str)));
        // "works by amy schumer": the person, unless the Arabic is "أعمال …" (works of).
        let en = en.strip_prefix("works by ").unwrap_or(&en);
        if kind != "PER" || en.is_empty() || !full_name(&ar) || ar.starts_with("أعمال") {
            continue;
        }
        let i = entry(&mut names, &ar);
        let n = &mut names[i];
        if n.arwikicats.is_none() {
            n.arwikicats = Some(title_case(en));
            // Wikipedia's title spells the hamza (بشار الأسد where Wikidata has بشار الاسد):
            // the spelling shown beside the canonical name.
            n.arabic.retain(|a| *a != ar);
            n.arabic.insert(0, ar);
        }
    }
    // One entity per canonical name. The Latin names of the people arwikicats knows (the
    // famous, who also appear in Latin script: Bashar al-Assad, Bachar el-Assad) are aliases,
    // unless they are another entity's canonical name; for everyone else they would double the
    // spellings searched (+140,000, +0.7 s to build the matcher) for names seldom written so
    // in Arabic articles.
    let canonicals: Vec<Option<String>> = names.iter().map(Names::canonical).collect();
    let all_canonicals: BTreeSet<&String> = canonicals.iter().flatten().collect();
    let mut out: Vec<(String, &'static str, Vec<String>)> = Vec::new();
    let mut position: BTreeMap<String, usize> = BTreeMap::new();
    for (n, canonical) in names.iter().zip(&canonicals) {
        let Some(canonical) = canonical else {
            continue;
        };
        let i = *position.entry(canonical.clone()).or_insert_with(|| {
            out.push((canonical.clone(), "person", Vec::new()));
            out.len() - 1
        });
        let aliases = &mut out[i].2;
        for ar in &n.arabic {
            push_new(aliases, ar.clone());
            if let Some(other) = abd_variant(ar).filter(|v| full_name(v)) {
                push_new(aliases, other);
            }
        }
        let latin = std::iter::once(canonical)
            .chain(&n.en)
            .chain(&n.arwikicats)
            .chain(&n.alias)
            .chain(&n.fr);
        for name in latin.filter(|_| n.arwikicats.is_some()) {
            let own = name == canonical || !all_canonicals.contains(name);
            if own && name.split_whitespace().count() >= 2 {
                push_new(aliases, name.clone());
            }
        }
    }
    out
}

/// A name with عبد written the other way: joined to the word after it where the name has it
/// apart (علي عبد الله صالح → علي عبدالله صالح), apart where it has it joined. Both are
/// common (in the 31,030 Saudi articles عبدالعزيز outnumbers عبد العزيز five to one), and the
/// matcher only drops the spaces of a name whose words all have three letters or more.
fn abd_variant(ar: &str) -> Option<String> {
    let words: Vec<&str> = ar.split(' ').collect();
    let variant = if words.contains(&"عبد") {
        let mut out: Vec<String> = Vec::new();
        let mut words = words.iter();
        while let Some(word) = words.next() {
            match (*word, words.clone().next()) {
                ("عبد", Some(next)) => {
                    out.push(format!("عبد{next}"));
                    words.next();
                }
                _ => out.push((*word).to_owned()),
            }
        }
        out.join(" ")
    } else {
        // عبده, عبدون are names of their own: only عبد before a word of three letters or more.
        let split = |w: &str| match w.strip_prefix("عبد") {
            Some(rest) if rest.chars().count() >= 3 => format!("عبد {rest}"),
            _ => w.to_owned(),
        };
        words.iter().map(|w| split(w)).collect::<Vec<_>>().join(" ")
    };
    (variant != ar).then_some(variant)
}

fn push_new(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
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

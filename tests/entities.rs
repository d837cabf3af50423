//! Entity matching on the seed articles: every mention of the main entities found with exact
//! offsets, through clitics and spelling variants, and nothing inside longer words.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use qari::entities::{Matcher, Mention, Register};

fn seed(i: usize) -> &'static str {
    qari::sample::ARTICLES[i].1
}

/// The bundled register and its matcher, built once for all tests (a few seconds in debug).
fn bundled() -> &'static (Register, Matcher) {
    static BUNDLED: std::sync::OnceLock<(Register, Matcher)> = std::sync::OnceLock::new();
    BUNDLED.get_or_init(|| {
        let register = Register::bundled();
        let matcher = Matcher::new(&register, Default::default());
        (register, matcher)
    })
}

fn found(text: &str) -> (Register, Vec<Mention>) {
    let (register, matcher) = bundled();
    (register.clone(), matcher.find(text))
}

/// Code-point ranges of every occurrence of `needle` in `text`.
fn occurrences(text: &str, needle: &str) -> Vec<std::ops::Range<usize>> {
    text.match_indices(needle)
        .map(|(b, _)| {
            let start = text[..b].chars().count();
            start..start + needle.chars().count()
        })
        .collect()
}

/// The text of a code-point range.
fn written(text: &str, range: &std::ops::Range<usize>) -> String {
    text.chars().skip(range.start).take(range.len()).collect()
}

fn names(register: &Register, text: &str, mentions: &[Mention]) -> Vec<(String, String)> {
    mentions
        .iter()
        .map(|m| {
            let written = written(text, &m.range);
            (register.entities[m.entity].canonical.clone(), written)
        })
        .collect()
}

#[test]
fn every_mention_of_the_main_entities_in_the_seeds_has_exact_offsets() {
    let cases: &[(&str, &[&str])] = &[
        ("Kassym-Jomart Tokayev", &["توكاييف"]),
        (
            "Collective Security Treaty Organization",
            &["منظمة معاهدة الأمن الجماعي"],
        ),
        ("Almaty", &["ألما آتا", "الما آتا", "ألماتا", "ألما تا"]),
        ("Nursultan Nazarbayev", &["نزارباييف", "Elbasy"]),
        ("Vladimir Putin", &["بوتين"]),
        ("Nur-Sultan", &["نور سلطان"]),
    ];
    for i in 0..2 {
        let text = seed(i);
        let (register, mentions) = found(text);
        for (canonical, spellings) in cases {
            let entity = register.position(canonical).unwrap();
            let got: Vec<_> = mentions
                .iter()
                .filter(|m| m.entity == entity)
                .map(|m| m.range.clone())
                .collect();
            for spelling in *spellings {
                for range in occurrences(text, spelling) {
                    // نور سلطان inside the full name نور سلطان نزارباييف is the person.
                    let inside_other = mentions.iter().any(|m| {
                        m.entity != entity
                            && m.range.start <= range.start
                            && range.end <= m.range.end
                    });
                    if inside_other {
                        continue;
                    }
                    assert!(
                        got.iter()
                            .any(|g| g.end == range.end && g.start <= range.start),
                        "seed {i}: {canonical} `{spelling}` at {range:?} not found; got {got:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_four_spellings_of_almaty_in_the_seeds_are_all_found() {
    let mut almaty: Vec<String> = Vec::new();
    for i in 0..2 {
        let text = seed(i);
        let (register, mentions) = found(text);
        almaty.extend(
            names(&register, text, &mentions)
                .into_iter()
                .filter(|(c, _)| c == "Almaty")
                .map(|(_, w)| w),
        );
    }
    almaty.sort();
    assert_eq!(almaty, ["ألما آتا", "ألما تا", "ألماتا", "الما آتا"]);
}

#[test]
fn clitic_prefixes_are_seen_through_and_recorded() {
    let text = "وقال الكرملين إن قوات المنظمة وصلت بألماتا، وأرسلت موسكو رسالة للكرملين ولمنظمة معاهدة الأمن الجماعي وبالولايات المتحدة وفبروسيا.";
    let (register, mentions) = found(text);
    let got: Vec<(String, String, String)> = mentions
        .iter()
        .map(|m| {
            let written = written(text, &m.range);
            (
                register.entities[m.entity].canonical.clone(),
                written,
                m.prefix.clone(),
            )
        })
        .collect();
    let expect = |canonical: &str, written: &str, prefix: &str| {
        assert!(
            got.contains(&(canonical.into(), written.into(), prefix.into())),
            "{canonical} {written} {prefix}: {got:?}"
        );
    };
    expect("Kremlin", "الكرملين", "");
    expect("Almaty", "ألماتا", "ب");
    expect("Moscow", "موسكو", "");
    expect("Kremlin", "كرملين", "لل");
    expect(
        "Collective Security Treaty Organization",
        "منظمة معاهدة الأمن الجماعي",
        "ول",
    );
    expect("United States", "الولايات المتحدة", "وب");
}

#[test]
fn no_match_inside_a_longer_word() {
    let text = "الشعب الكازاخستاني والمواطنون الروسيون في موسكوفيا وأمريكانا";
    let (register, mentions) = found(text);
    assert!(
        mentions.is_empty(),
        "{:?}",
        names(&register, text, &mentions)
    );
}

#[test]
fn spelling_variants_fold_to_the_same_entity() {
    // Alef forms, diacritics, tatweel, taa marbuta, Arabic-Indic digits in the text around.
    let text = "إلى الما آتا و أَلْماتا و ألمــاتا ومنظمه معاهده الامن الجماعي عام ٢٠٢٢";
    let (register, mentions) = found(text);
    let got = names(&register, text, &mentions);
    assert_eq!(
        got.iter().filter(|(c, _)| c == "Almaty").count(),
        3,
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|(c, _)| c == "Collective Security Treaty Organization")
    );
}

#[test]
fn latin_aliases_match_case_insensitively_and_whole_words_only() {
    let text = "The CSTO and the csto; Elbasy spoke. CSTOs and Elbasyan are not names.";
    let (register, mentions) = found(text);
    let got = names(&register, text, &mentions);
    assert_eq!(
        got,
        [
            (
                "Collective Security Treaty Organization".to_owned(),
                "CSTO".to_owned()
            ),
            (
                "Collective Security Treaty Organization".to_owned(),
                "csto".to_owned()
            ),
            ("Nursultan Nazarbayev".to_owned(), "Elbasy".to_owned()),
        ]
    );
}

#[test]
fn with_the_bundled_tagger_the_seeds_keep_every_mention_the_register_finds() {
    let (register, matcher) = bundled();
    let model = qari::entities::tagger::bundled().expect("bundled model");
    let recogniser = qari::entities::Recogniser::with_matcher(
        Matcher::new(register, Default::default()),
        register,
        Some(model),
    );
    for i in 0..qari::sample::ARTICLES.len() {
        let text = seed(i);
        let alone = matcher.find(text);
        let together = recogniser.find(text);
        let kept: Vec<&Mention> = together.mentions.iter().map(|f| &f.mention).collect();
        assert_eq!(kept, alone.iter().collect::<Vec<_>>(), "seed {i}");
        // The tagger agrees with the register on most of them.
        let both = together
            .mentions
            .iter()
            .filter(|f| f.source == qari::entities::Source::Both)
            .count();
        assert!(
            both * 2 > alone.len(),
            "seed {i}: {both} of {}",
            alone.len()
        );
    }
}

/// The seed articles in `dir/corpus`.
fn seed_corpus(dir: &std::path::Path) -> std::path::PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for (name, text) in qari::sample::ARTICLES {
        std::fs::write(corpus.join(name), text).unwrap();
    }
    corpus
}

/// The mentions `qari entities CORPUS --no-tagger --format jsonl` lists, a JSON object each.
fn listed_mentions(corpus: &std::ffi::OsStr) -> Vec<serde_json::Value> {
    let jsonl = qari(&[
        "entities".as_ref(),
        corpus,
        "--no-tagger".as_ref(),
        "--format".as_ref(),
        "jsonl".as_ref(),
    ]);
    assert!(jsonl.status.success());
    String::from_utf8(jsonl.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// `qari chart CORPUS ARGS… --out OUT`.
fn chart(corpus: &std::ffi::OsStr, args: &[&str], out: &std::path::Path) -> std::process::Output {
    let mut all: Vec<&std::ffi::OsStr> = vec!["chart".as_ref(), corpus];
    all.extend(args.iter().map(|a| std::ffi::OsStr::new(*a)));
    all.extend(["--out".as_ref(), out.as_os_str()]);
    qari(&all)
}

fn qari(args: &[&std::ffi::OsStr]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_entity_chart_counts_what_qari_entities_lists_and_its_svg_holds_the_arabic_names() {
    use std::collections::{BTreeMap, BTreeSet};
    let dir = tempfile::tempdir().unwrap();
    let corpus = seed_corpus(dir.path());
    let c = corpus.as_os_str();
    // Counted here from the mentions `qari entities` lists: (mentions, documents) by entity.
    let listed = listed_mentions(c);
    let mut expected: BTreeMap<String, (usize, BTreeSet<String>)> = BTreeMap::new();
    for v in &listed {
        let Some(entity) = v["entity"].as_str() else {
            continue;
        };
        let row = expected.entry(entity.to_owned()).or_default();
        row.0 += 1;
        row.1.insert(v["doc"].as_str().unwrap().to_owned());
    }
    let expected: BTreeMap<String, (usize, usize)> = expected
        .into_iter()
        .map(|(e, (n, docs))| (e, (n, docs.len())))
        .collect();
    let csv_path = dir.path().join("entities.csv");
    let out = chart(c, &["entities", "--top", "100000"], &csv_path);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&csv_path).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    let charted: BTreeMap<String, (usize, usize)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                r[0].to_owned(),
                (r[3].parse().unwrap(), r[4].parse().unwrap()),
            )
        })
        .collect();
    assert_eq!(charted, expected);
    assert!(charted.len() > 10, "{charted:?}");
    // Only places, the top five, drawn: well-formed SVG with the Arabic names as text.
    let svg_path = dir.path().join("places.svg");
    let out = chart(c, &["entities", "--kind", "place", "--top", "5"], &svg_path);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    let tree = roxmltree::Document::parse(&svg).unwrap();
    let texts: Vec<&str> = tree
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        // The writer puts each text on a line of its own; SVG drops that white space.
        .map(str::trim)
        .collect();
    assert!(texts.contains(&"كازاخستان"), "{texts:?}");
    assert!(texts.contains(&"Kazakhstan"), "{texts:?}");
    assert!(
        !texts.contains(&"Collective Security Treaty Organization"),
        "places only"
    );
    let bars = tree
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .count();
    assert_eq!(bars, 1 + 5, "the background and five bars");
    // And as an image.
    let png_path = dir.path().join("places.png");
    let out = chart(c, &["entities"], &png_path);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read(&png_path).unwrap().starts_with(b"\x89PNG"));
    // Another extension is refused, naming the file.
    let bad = chart(c, &["entities"], &dir.path().join("chart.pdf"));
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("chart.pdf"));
}

#[test]
fn the_network_counts_the_pairs_named_in_one_paragraph_and_draws_them() {
    use std::collections::{BTreeMap, BTreeSet};
    let dir = tempfile::tempdir().unwrap();
    let corpus = seed_corpus(dir.path());
    let c = corpus.as_os_str();
    // Counted here: the entities of each paragraph (a line of the text), from the mentions
    // `qari entities` lists, then the pairs of each paragraph.
    let listed = listed_mentions(c);
    let mut paragraphs: BTreeMap<(String, usize), BTreeSet<String>> = BTreeMap::new();
    for v in &listed {
        let Some(entity) = v["entity"].as_str() else {
            continue;
        };
        let doc = v["doc"].as_str().unwrap();
        let text = std::fs::read_to_string(corpus.join(doc)).unwrap();
        let start = v["start"].as_u64().unwrap() as usize;
        let line = text.chars().take(start).filter(|c| *c == '\n').count();
        paragraphs
            .entry((doc.to_owned(), line))
            .or_default()
            .insert(entity.to_owned());
    }
    let mut expected: BTreeMap<(String, String), usize> = BTreeMap::new();
    for names in paragraphs.values() {
        let names: Vec<&String> = names.iter().collect();
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                *expected.entry(((*a).clone(), (*b).clone())).or_default() += 1;
            }
        }
    }
    let csv_path = dir.path().join("pairs.csv");
    let out = chart(
        c,
        &["network", "--top", "100000", "--min-weight", "1"],
        &csv_path,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&csv_path).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    let charted: BTreeMap<(String, String), usize> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            // The CSV names a pair in register order; here in name order.
            let (a, b) = (r[0].to_owned(), r[1].to_owned());
            let pair = if a < b { (a, b) } else { (b, a) };
            (pair, r[2].parse().unwrap())
        })
        .collect();
    assert_eq!(charted, expected);
    assert!(charted.len() > 20, "{charted:?}");
    // Drawn: a node a named entity, an edge a pair named together at least twice.
    let svg_path = dir.path().join("network.svg");
    let out = chart(c, &["network", "--top", "100000"], &svg_path);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    let tree = roxmltree::Document::parse(&svg).unwrap();
    let count = |tag: &str| tree.descendants().filter(|n| n.has_tag_name(tag)).count();
    let entities: BTreeSet<&String> = paragraphs.values().flatten().collect();
    assert_eq!(count("circle"), entities.len());
    assert_eq!(
        count("line"),
        expected.values().filter(|w| **w >= 2).count()
    );
    assert!(svg.contains("توكاييف"));
}

#[test]
fn the_timeline_counts_mentions_per_day_by_the_dates_in_the_file_names() {
    use std::collections::BTreeMap;
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    // The seed articles on two days three days apart, and one without a date.
    let (first, second) = (qari::sample::ARTICLES[0].1, qari::sample::ARTICLES[1].1);
    for (name, text) in [
        ("2015-07-21_a.txt", first),
        ("2015-07-21_b.txt", second),
        ("2015-07-24_a.txt", first),
        ("undated.txt", second),
    ] {
        std::fs::write(corpus.join(name), text).unwrap();
    }
    let c = corpus.as_os_str();
    let listed = listed_mentions(c);
    let mut expected: BTreeMap<String, usize> = BTreeMap::new();
    for v in &listed {
        if v["entity"] == "Kazakhstan" {
            let doc = v["doc"].as_str().unwrap();
            if let Some(day) = doc.get(..10).filter(|d| d.starts_with("2015")) {
                *expected.entry(day.to_owned()).or_default() += 1;
            }
        }
    }
    // Every day between, with nothing on the two in the middle.
    expected.insert("2015-07-22".into(), 0);
    expected.insert("2015-07-23".into(), 0);
    let csv_path = dir.path().join("timeline.csv");
    let out = chart(
        c,
        &["timeline", "--entity", "Kazakhstan", "--by", "day"],
        &csv_path,
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("1 of 4 documents have no date"), "{said}");
    let text = std::fs::read_to_string(&csv_path).unwrap();
    let counted: BTreeMap<String, usize> = text
        .trim_start_matches('\u{FEFF}')
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            assert_eq!((f[0], f[1]), ("Kazakhstan", "day"));
            (f[2].to_owned(), f[3].parse().unwrap())
        })
        .collect();
    assert_eq!(counted, expected);
    assert!(counted["2015-07-21"] > 0);
    let svg_path = dir.path().join("timeline.svg");
    let out = chart(c, &["timeline"], &svg_path);
    assert!(out.status.success());
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    let tree = roxmltree::Document::parse(&svg).unwrap();
    assert!(tree.descendants().any(|n| n.has_tag_name("polyline")));
    assert!(svg.contains("كازاخستان"));
    let unknown = chart(c, &["timeline", "--entity", "Atlantis"], &svg_path);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no entity \"Atlantis\""));
}

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

//! The bundled register's quality: people under their English names, and the common places,
//! organisations and people of Arabic news that CLDR and Wikidata lack found through clitics
//! (issue 13).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use qari::entities::{Kind, Matcher, Register};

/// The bundled register and its matcher, built once for all tests (a few seconds in debug).
fn bundled() -> &'static (Register, Matcher) {
    static BUNDLED: std::sync::OnceLock<(Register, Matcher)> = std::sync::OnceLock::new();
    BUNDLED.get_or_init(|| {
        let register = Register::bundled();
        let matcher = Matcher::new(&register, Default::default());
        (register, matcher)
    })
}

/// (canonical name, kind, name as written, clitic prefix) of each mention in `text`.
fn found(text: &str) -> Vec<(String, Kind, String, String)> {
    let (register, matcher) = bundled();
    matcher
        .find(text)
        .into_iter()
        .map(|m| {
            let e = &register.entities[m.entity];
            (
                e.canonical.clone(),
                e.kind,
                text[m.bytes].to_owned(),
                m.prefix,
            )
        })
        .collect()
}

/// The canonical name of the entity an Arabic name alone is found as.
fn entity_of(name: &str) -> Option<String> {
    let got = found(name);
    match got.as_slice() {
        [(canonical, _, written, _)] if written == name => Some(canonical.clone()),
        _ => None,
    }
}

#[test]
fn people_have_their_english_names_not_their_french_ones() {
    let (register, _) = bundled();
    let assad = register.get("Bashar al-Assad").expect("Bashar al-Assad");
    assert_eq!(assad.kind, Kind::Person);
    assert_eq!(assad.arabic_name(), Some("بشار الأسد"));
    // The French label stays a Latin spelling of the same person, never an entity of its own.
    assert!(assad.aliases.iter().any(|a| a == "Bachar el-Assad"));
    for french in ["Bachar el-Assad", "Oussama ben Laden", "Ismaël Haniyeh"] {
        assert!(
            register.get(french).is_none(),
            "{french} is a canonical name"
        );
    }
    for (arabic, english) in [
        ("بشار الأسد", "Bashar al-Assad"),
        ("بشار الاسد", "Bashar al-Assad"),
        ("أسامة بن لادن", "Osama bin Laden"),
        ("إسماعيل هنية", "Ismail Haniyeh"),
        // Two people share the Arabic name in Wikidata; the one Wikipedia knows wins.
        ("قاسم سليماني", "Qasem Soleimani"),
    ] {
        assert_eq!(entity_of(arabic).as_deref(), Some(english), "{arabic}");
    }
}

#[test]
fn people_only_arwikicats_knows_are_there_with_title_cased_names() {
    for (arabic, english) in [
        ("ديفيد كاميرون", "David Cameron"),
        ("باراك أوباما", "Barack Obama"),
        ("أوتو فون بسمارك", "Otto von Bismarck"),
        ("جون ماكين", "John McCain"),
        ("إليزابيث الثانية", "Elizabeth II"),
        ("جان جاك روسو", "Jean-Jacques Rousseau"),
    ] {
        assert_eq!(entity_of(arabic).as_deref(), Some(english), "{arabic}");
    }
}

#[test]
fn a_name_with_abd_is_found_joined_and_apart() {
    for name in ["علي عبدالله صالح", "علي عبد الله صالح"] {
        assert_eq!(
            entity_of(name).as_deref(),
            Some("Ali Abdullah Saleh"),
            "{name}"
        );
    }
    for name in ["عبدربه منصور هادي", "عبد ربه منصور هادي"] {
        assert_eq!(
            entity_of(name).as_deref(),
            Some("Abdrabbuh Mansour Hadi"),
            "{name}"
        );
    }
}

#[test]
fn the_british_counter_extremism_article_finds_cameron_britain_birmingham_and_daesh() {
    let text = "قال رئيس الوزراء ديفيد كاميرون في برمنغهام إن بريطانيا ستواجه التطرف، \
                وإن التعاون بين فرنسا وبريطانيا لن يسمح لداعش بتجنيد الشبان، وأكد كاميرون \
                أن الدولة الإسلامية في العراق والشام تهدد المملكة المتحدة.";
    let got = found(text);
    let expect = |canonical: &str, kind: Kind, written: &str, prefix: &str| {
        assert!(
            got.contains(&(canonical.into(), kind, written.into(), prefix.into())),
            "{canonical} {written} {prefix}: {got:?}"
        );
    };
    expect("David Cameron", Kind::Person, "ديفيد كاميرون", "");
    expect("David Cameron", Kind::Person, "كاميرون", "");
    expect("Birmingham", Kind::Place, "برمنغهام", "");
    expect("United Kingdom", Kind::Place, "بريطانيا", "");
    expect("United Kingdom", Kind::Place, "بريطانيا", "و");
    expect("United Kingdom", Kind::Place, "المملكة المتحدة", "");
    expect("Islamic State", Kind::Organisation, "داعش", "ل");
    expect(
        "Islamic State",
        Kind::Organisation,
        "الدولة الإسلامية في العراق والشام",
        "",
    );
}

#[test]
fn other_spellings_of_birmingham_and_of_daesh() {
    for name in ["برمنجهام", "بيرمنغهام"] {
        assert_eq!(entity_of(name).as_deref(), Some("Birmingham"), "{name}");
    }
    for name in ["تنظيم الدولة الإسلامية", "الدولة الإسلامية", "ISIS", "Daesh"]
    {
        assert_eq!(entity_of(name).as_deref(), Some("Islamic State"), "{name}");
    }
}

#[test]
fn common_organisations_of_arabic_news_are_organisations() {
    let text = "ناقش مجلس الأمن وجامعة الدول العربية والاتحاد الأوروبي وحلف الناتو موقف حماس \
                وحزب الله، ورحبت الأمم المتحدة والجامعة العربية بالقرار.";
    let got = found(text);
    for canonical in [
        "United Nations Security Council",
        "Arab League",
        "European Union",
        "NATO",
        "Hamas",
        "Hezbollah",
        "United Nations",
    ] {
        assert!(
            got.iter()
                .any(|(c, kind, _, _)| c == canonical && *kind == Kind::Organisation),
            "{canonical}: {got:?}"
        );
    }
    // CLDR lists the European Union among regions; the curated list makes it an organisation.
    let (register, _) = bundled();
    assert_eq!(
        register.get("European Union").unwrap().kind,
        Kind::Organisation
    );
}

#[test]
fn common_place_names_missing_from_cldr_are_found() {
    for (name, place) in [
        ("بريطانيا", "United Kingdom"),
        ("أمريكا", "United States"),
        ("أميركا", "United States"),
        ("واشنطن", "Washington"),
        ("السعودية", "Saudi Arabia"),
        ("الإمارات", "United Arab Emirates"),
        ("سورية", "Syria"),
        ("الشرق الأوسط", "Middle East"),
        ("مكة", "Mecca"),
        ("جدة", "Jeddah"),
        ("الدوحة", "Doha"),
        ("بكين", "Beijing"),
        ("هونج كونج", "Hong Kong"),
    ] {
        assert_eq!(entity_of(name).as_deref(), Some(place), "{name}");
    }
}

#[test]
fn ordinary_words_that_look_like_names_are_not_found() {
    // الرباط الصليبي is a knee ligament, النيل من "undermining", القاعدة "the rule", بابل and
    // كابل are not Apple after a clitic.
    let text = "أصيب اللاعب بقطع في الرباط الصليبي، ومحاولة النيل من الأمن تخالف القاعدة، \
                وزار بابل.";
    let got = found(text);
    assert!(got.is_empty(), "{got:?}");
}

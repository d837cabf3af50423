//! The entity tagger's core: the features it sees, a model that learns a tiny fixture and tags
//! it back, probabilities that add up, the model file, and (with `../shared/data`) its
//! accuracy on held-out ANERcorp documents.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use proptest::prelude::*;
use qari::entities::Kind;
use qari::entities::tagger::eval::{load_eval_set, score};
use qari::entities::tagger::features::features;
use qari::entities::tagger::{
    GoldSpan, Label, Model, ModelFormatError, RegisterSpan, TrainOptions, TrainingDoc, train,
};

/// Parses the span notation `"[[PER:توكاييف]] أرسل قوات إلى [[LOC:ألما آتا]]"` into the text
/// and its gold spans (code points).
fn doc(notation: &str) -> TrainingDoc {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut rest = notation;
    while let Some(open) = rest.find("[[") {
        text.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let close = after.find("]]").expect("a span is closed with ]]");
        let (kind, name) = after[..close].split_once(':').expect("[[KIND:name]]");
        let kind = match kind {
            "PER" => Kind::Person,
            "ORG" => Kind::Organisation,
            "LOC" => Kind::Place,
            _ => Kind::Other,
        };
        let start = text.chars().count();
        text.push_str(name);
        spans.push(GoldSpan {
            range: start..text.chars().count(),
            kind,
        });
        rest = &after[close + 2..];
    }
    text.push_str(rest);
    TrainingDoc {
        text,
        spans,
        register: Vec::new(),
    }
}

/// The names a model finds in a text, as (name, kind).
fn names(model: &Model, text: &str) -> Vec<(String, Kind)> {
    let chars: Vec<char> = text.chars().collect();
    model
        .tag(text, &[])
        .into_iter()
        .map(|m| (chars[m.start..m.end].iter().collect(), m.kind))
        .collect()
}

const FIXTURE: &[&str] = &[
    "[[PER:توكاييف]] أرسل قوات إلى [[LOC:ألما آتا]] .",
    "قال الرئيس [[PER:قاسم جومارت توكاييف]] إن [[ORG:منظمة معاهدة الأمن الجماعي]] سترسل قوات .",
    "وصل [[PER:بوتين]] إلى [[LOC:موسكو]] أمس .",
    "أعلنت [[ORG:منظمة الصحة العالمية]] عن خطة في [[LOC:جنيف]] .",
    "التقى [[PER:ماكرون]] [[PER:بوتين]] في [[LOC:باريس]] .",
    "وقال متحدث باسم [[ORG:الكرملين]] إن الوضع هادئ .",
];

fn fixture_model() -> (Vec<TrainingDoc>, Model) {
    let docs: Vec<TrainingDoc> = FIXTURE.iter().map(|s| doc(s)).collect();
    let model = train(
        &docs,
        TrainOptions {
            epochs: 10,
            ..TrainOptions::default()
        },
    );
    (docs, model)
}

#[test]
fn the_notation_parses_into_text_and_spans() {
    let d = doc("[[PER:توكاييف]] أرسل قوات إلى [[LOC:ألما آتا]]");
    assert_eq!(d.text, "توكاييف أرسل قوات إلى ألما آتا");
    assert_eq!(
        d.spans,
        [
            GoldSpan {
                range: 0..7,
                kind: Kind::Person
            },
            GoldSpan {
                range: 22..30,
                kind: Kind::Place
            }
        ]
    );
}

#[test]
fn a_word_with_clitics_is_seen_folded_stripped_and_in_its_context() {
    let register = [RegisterSpan {
        range: 15..22,
        kind: Kind::Place,
    }];
    let f = features("قال الرئيس إن والكرملين أعلن", &register);
    assert_eq!(f.len(), 1);
    let kremlin = &f[0][3];
    let expected = [
        "b",
        "w=والكرملين",
        "r=والكرملين",
        "p1=و",
        "s1=ن",
        "p2=وا",
        "s2=ين",
        "p3=وال",
        "s3=لين",
        "p4=والك",
        "s4=ملين",
        "st=كرملين",
        "sh=ar",
        "w-2=الرييس",
        "w-1=ان",
        "w+1=اعلن",
        "w+2=</s>",
        "r-1=إن",
        "st-1=ان",
        "sh-1=ar",
        "r+1=أعلن",
        "st+1=اعلن",
        "sh+1=ar",
        "w-1|w=ان|والكرملين",
        "w|w+1=والكرملين|اعلن",
        "reg=B-LOC",
        "trig2=رييس",
    ];
    assert_eq!(kremlin, &expected);
}

#[test]
fn a_latin_word_has_its_shape_and_a_lower_case_fold() {
    let f = features("زار Macron باريس", &[]);
    let macron = &f[0][1];
    for expected in [
        "w=macron",
        "r=Macron",
        "sh=Lat",
        "p2=ma",
        "s3=ron",
        "st=macron",
    ] {
        assert!(
            macron.iter().any(|x| x == expected),
            "{expected} in {macron:?}"
        );
    }
    assert!(f[0][0].iter().any(|x| x == "sh+1=Lat"));
    assert!(
        features("2024 ، abc", &[])[0]
            .iter()
            .zip(["sh=dig", "sh=punct", "sh=lat"])
            .all(|(token, shape)| token.iter().any(|x| x == shape))
    );
}

#[test]
fn a_span_after_a_clitic_labels_the_whole_token() {
    let d = doc("زار و[[LOC:لندن]] أمس");
    let words = &qari::entities::tagger::features::words(&d.text, &[])[0];
    let labels = qari::entities::tagger::gold_labels(words, &d.spans);
    assert_eq!(
        labels,
        [Label::Outside, Label::Begin(Kind::Place), Label::Outside]
    );
}

#[test]
fn a_model_trained_on_a_tiny_fixture_tags_it_back() {
    let (docs, model) = fixture_model();
    for d in &docs {
        let chars: Vec<char> = d.text.chars().collect();
        let expected: Vec<(String, Kind)> = d
            .spans
            .iter()
            .map(|s| (chars[s.range.clone()].iter().collect(), s.kind))
            .collect();
        assert_eq!(names(&model, &d.text), expected, "in {}", d.text);
    }
    for m in model.tag(&docs[0].text, &[]) {
        assert!(m.score > 0.5 && m.score <= 1.0, "{m:?}");
    }
}

#[test]
fn each_tokens_label_probabilities_sum_to_one() {
    let (_, model) = fixture_model();
    let sentences = model.marginals("التقى توكاييف بوتين في موسكو. وقال الكرملين", &[]);
    assert_eq!(sentences.len(), 2);
    for (_, p) in sentences.iter().flatten() {
        let sum: f32 = p.iter().sum();
        assert!((sum - 1.0).abs() < 1e-4, "{p:?} sums to {sum}");
    }
}

#[test]
fn training_is_deterministic_and_the_model_file_round_trips() {
    let (docs, model) = fixture_model();
    let (_, again) = fixture_model();
    let bytes = model.to_bytes();
    assert_eq!(bytes, again.to_bytes());
    let loaded = Model::from_bytes(&bytes).unwrap();
    assert_eq!(loaded.to_bytes(), bytes);
    for d in &docs {
        assert_eq!(loaded.tag(&d.text, &[]), model.tag(&d.text, &[]));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tagger.model");
    model.save(&path).unwrap();
    assert_eq!(Model::load(&path).unwrap().to_bytes(), bytes);
}

#[test]
fn bad_bytes_are_refused() {
    let (_, model) = fixture_model();
    let bytes = model.to_bytes();
    assert_eq!(
        Model::from_bytes(b"PK\x03\x04"),
        Err(ModelFormatError::NotAModel)
    );
    let mut newer = bytes.clone();
    newer[8] = 2;
    assert_eq!(Model::from_bytes(&newer), Err(ModelFormatError::Version(2)));
    for cut in [12, 20, bytes.len() / 2, bytes.len() - 1] {
        assert!(matches!(
            Model::from_bytes(&bytes[..cut]),
            Err(ModelFormatError::Corrupt(_))
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.model");
    std::fs::write(&path, &bytes[..40]).unwrap();
    let message = format!("{:#}", Model::load(&path).unwrap_err());
    assert!(message.ends_with("cut.model"), "{message}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn random_or_damaged_bytes_never_panic(
        noise in proptest::collection::vec(any::<u8>(), 0..200),
        cut in 0usize..4000,
        flip in 0usize..4000,
        value in any::<u8>(),
    ) {
        let _ = Model::from_bytes(&noise);
        let mut with_magic = b"QARITAG\0\x01\0\0\0\x09\0\0\0".to_vec();
        with_magic.extend_from_slice(&noise);
        let _ = Model::from_bytes(&with_magic);
        let bytes = FIXTURE_BYTES.with(|b| b.clone());
        let _ = Model::from_bytes(&bytes[..cut.min(bytes.len())]);
        let mut damaged = bytes;
        let at = flip % damaged.len();
        damaged[at] = value;
        if let Ok(model) = Model::from_bytes(&damaged) {
            let _ = model.tag("قال توكاييف في ألما آتا", &[]);
        }
    }
}

thread_local! {
    static FIXTURE_BYTES: Vec<u8> = fixture_model().1.to_bytes();
}

#[test]
fn trained_on_four_fifths_of_anercorp_it_finds_the_names_of_the_rest() {
    let Some(data) = common::shared_data("eval/anercorp-train/gold.jsonl") else {
        return;
    };
    let set = load_eval_set(&data.join("eval/anercorp-train")).unwrap();
    let training: Vec<TrainingDoc> = set
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 5 != 0)
        .map(|(_, d)| d.doc.clone())
        .collect();
    let model = train(&training, TrainOptions::default());
    let test: Vec<_> = set.iter().step_by(5).collect();
    let texts: Vec<&str> = test.iter().map(|d| d.doc.text.as_str()).collect();
    let mut gold = Vec::new();
    let mut predicted = Vec::new();
    for (i, d) in test.iter().enumerate() {
        gold.extend(
            d.doc
                .spans
                .iter()
                .map(|s| (i, s.range.start, s.range.end, s.kind)),
        );
        predicted.extend(
            model
                .tag(&d.doc.text, &[])
                .into_iter()
                .map(|m| (i, m.start, m.end, m.kind)),
        );
    }
    let kinds = [Kind::Person, Kind::Organisation, Kind::Place];
    let (_, all) = score(&texts, &gold, &predicted, &kinds);
    assert!(all.f1() >= 0.65, "typed F1 {:.3} on fold 0", all.f1());
}

#[test]
fn a_higher_temperature_keeps_the_names_and_lowers_their_confidence() {
    let (docs, mut model) = fixture_model();
    let text = &docs[1].text;
    let cold = model.tag(text, &[]);
    model.set_temperature(8.0);
    let warm = model.tag(text, &[]);
    assert_eq!(cold.len(), warm.len());
    for (c, w) in cold.iter().zip(&warm) {
        assert_eq!((c.start, c.end, c.kind), (w.start, w.end, w.kind));
        assert!(w.score < c.score, "{w:?} against {c:?}");
    }
    let loaded = Model::from_bytes(&model.to_bytes()).unwrap();
    assert_eq!(loaded.temperature(), 8.0);
    assert_eq!(loaded.tag(text, &[]), warm);
    // Fitted on documents it tags perfectly, the model stays sure of itself.
    assert!(model.fit_temperature(&docs) <= 2.0);
}

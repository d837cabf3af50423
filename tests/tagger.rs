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
    GoldSpan, LABEL_COUNT, Label, Model, ModelFormatError, RegisterSpan, TrainOptions, TrainingDoc,
    train,
};

/// Parses the span notation `"[[PER:توكاييف]] أرسل قوات إلى [[LOC:ألما آتا]]"` into the text
/// and its gold spans (code points); a label that is not a kind is `Other`.
fn doc(notation: &str) -> TrainingDoc {
    let (text, passages) = common::notation::parse(notation);
    let spans = passages
        .into_iter()
        .map(|(range, label)| GoldSpan {
            range,
            kind: Kind::parse(&label).unwrap_or(Kind::Other),
        })
        .collect();
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

/// The tagger written out the plain way, from a model file's bytes (the layout in
/// `serial.rs`) and the feature strings of [`features`]: each token's weights summed in `f32`
/// in feature order (as the model sums them, so the best labels are the same), Viterbi, and
/// forward–backward in `f64` log space for the mentions' probabilities. The model's own path
/// (features hashed from their pieces, scaled forward–backward) must agree with it.
struct Reference {
    weights: std::collections::HashMap<String, [f32; LABEL_COUNT]>,
    transitions: Vec<f32>,
    start: Vec<f32>,
    temperature: f32,
}

impl Reference {
    fn from_bytes(bytes: &[u8]) -> Self {
        let mut r = Cursor { bytes, at: 8 };
        assert_eq!(
            (r.u32(), r.u32()),
            (1, LABEL_COUNT),
            "version 1, nine labels"
        );
        let temperature = r.f32();
        for _ in 0..r.u32() {
            let n = r.u32();
            r.take(n);
        }
        let mut weights = std::collections::HashMap::new();
        for _ in 0..r.u32() {
            let n = r.u32();
            let name = String::from_utf8(r.take(n).to_vec()).unwrap();
            let mut row = [0.0f32; LABEL_COUNT];
            for _ in 0..r.take(1)[0] {
                let label = r.take(1)[0] as usize;
                row[label] = r.f32();
            }
            weights.insert(name, row);
        }
        let transitions = (0..LABEL_COUNT * LABEL_COUNT).map(|_| r.f32()).collect();
        let start = (0..LABEL_COUNT).map(|_| r.f32()).collect();
        assert_eq!(r.at, bytes.len());
        Self {
            weights,
            transitions,
            start,
            temperature,
        }
    }

    /// Each name found: start, end, kind and probability.
    fn tag(&self, text: &str, register: &[RegisterSpan]) -> Vec<(usize, usize, Kind, f64)> {
        const L: usize = LABEL_COUNT;
        let words = qari::entities::tagger::features::words(text, register);
        let mut out = Vec::new();
        for (sentence, features) in words.iter().zip(features(text, register)) {
            let n = sentence.len();
            let mut state = vec![0.0f32; n * L];
            for (t, token) in features.iter().enumerate() {
                for f in token {
                    if let Some(row) = self.weights.get(f) {
                        for (s, w) in state[t * L..(t + 1) * L].iter_mut().zip(row) {
                            *s += w;
                        }
                    }
                }
            }
            let path = self.viterbi(&state);
            let mut spans: Vec<(usize, usize, Kind)> = Vec::new();
            for (t, y) in path.iter().enumerate() {
                let label = Label::from_index(*y);
                let continues = matches!((label, spans.last()), (Label::Inside(k), Some(&(_, end, o))) if k == o && end == t);
                match (continues, label.kind()) {
                    (true, _) => spans.last_mut().unwrap().1 = t + 1,
                    (false, Some(kind)) => spans.push((t, t + 1, kind)),
                    (false, None) => {}
                }
            }
            if spans.is_empty() {
                continue;
            }
            // The chain's scores: the model's, divided by the temperature as the model does.
            let inverse = 1.0 / self.temperature.max(1e-3);
            let scaled =
                |xs: &[f32]| -> Vec<f64> { xs.iter().map(|x| f64::from(x * inverse)).collect() };
            let (state, transitions, start) = (
                scaled(&state),
                scaled(&self.transitions),
                scaled(&self.start),
            );
            let lse = |xs: &mut dyn Iterator<Item = f64>| -> f64 {
                let xs: Vec<f64> = xs.collect();
                let max = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                max + xs.iter().map(|x| (x - max).exp()).sum::<f64>().ln()
            };
            let mut alpha = vec![0.0f64; n * L];
            let mut beta = vec![0.0f64; n * L];
            for y in 0..L {
                alpha[y] = start[y] + state[y];
            }
            for t in 1..n {
                for y in 0..L {
                    alpha[t * L + y] =
                        lse(&mut (0..L).map(|p| alpha[(t - 1) * L + p] + transitions[p * L + y]))
                            + state[t * L + y];
                }
            }
            for t in (0..n - 1).rev() {
                for y in 0..L {
                    beta[t * L + y] = lse(&mut (0..L).map(|z| {
                        transitions[y * L + z] + state[(t + 1) * L + z] + beta[(t + 1) * L + z]
                    }));
                }
            }
            let log_z = lse(&mut alpha[(n - 1) * L..].iter().copied());
            for (first, end, kind) in spans {
                let b = Label::Begin(kind).index();
                let i = Label::Inside(kind).index();
                let mut log_p = alpha[first * L + b];
                let mut previous = b;
                for t in first + 1..end {
                    log_p += transitions[previous * L + i] + state[t * L + i];
                    previous = i;
                }
                if end < n {
                    log_p += lse(&mut (0..L).filter(|z| *z != i).map(|z| {
                        transitions[previous * L + z] + state[end * L + z] + beta[end * L + z]
                    }));
                }
                let p = (log_p - log_z).exp().clamp(0.0, 1.0);
                out.push((
                    sentence[first].range.start,
                    sentence[end - 1].range.end,
                    kind,
                    p,
                ));
            }
        }
        out
    }

    /// The best labels, as the model's Viterbi picks them (ties included).
    fn viterbi(&self, state: &[f32]) -> Vec<usize> {
        const L: usize = LABEL_COUNT;
        let n = state.len() / L;
        let mut score = vec![0.0f32; n * L];
        let mut back = vec![0usize; n * L];
        for y in 0..L {
            score[y] = self.start[y] + state[y];
        }
        for t in 1..n {
            for y in 0..L {
                let mut best = (f32::NEG_INFINITY, 0);
                for p in 0..L {
                    let s = score[(t - 1) * L + p] + self.transitions[p * L + y];
                    if s > best.0 {
                        best = (s, p);
                    }
                }
                score[t * L + y] = best.0 + state[t * L + y];
                back[t * L + y] = best.1;
            }
        }
        let last = &score[(n - 1) * L..];
        let mut y = (0..L)
            .max_by(|a, b| last[*a].total_cmp(&last[*b]))
            .unwrap_or(0);
        let mut path = vec![0; n];
        for t in (0..n).rev() {
            path[t] = y;
            y = back[t * L + y];
        }
        path
    }
}

/// Reads a model file's numbers.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> &'a [u8] {
        self.at += n;
        &self.bytes[self.at - n..self.at]
    }

    fn u32(&mut self) -> usize {
        u32::from_le_bytes(self.take(4).try_into().unwrap()) as usize
    }

    fn f32(&mut self) -> f32 {
        f32::from_le_bytes(self.take(4).try_into().unwrap())
    }
}

/// Asserts that a model tags a text as the reference path does: the same names, and
/// probabilities within `1e-5`. Returns the largest difference.
fn agrees_with_reference(
    model: &Model,
    reference: &Reference,
    text: &str,
    register: &[RegisterSpan],
) -> f64 {
    let fast = model.tag(text, register);
    let plain = reference.tag(text, register);
    let names = |v: &mut dyn Iterator<Item = (usize, usize, Kind)>| v.collect::<Vec<_>>();
    assert_eq!(
        names(&mut fast.iter().map(|m| (m.start, m.end, m.kind))),
        names(&mut plain.iter().map(|p| (p.0, p.1, p.2))),
        "in {text}"
    );
    let mut largest = 0.0f64;
    for (m, p) in fast.iter().zip(&plain) {
        let difference = (f64::from(m.score) - p.3).abs();
        assert!(difference < 1e-5, "{m:?} against {p:?} in {text}");
        largest = largest.max(difference);
    }
    largest
}

#[test]
fn the_tagger_finds_the_names_and_probabilities_of_the_plain_reference_path() {
    let (docs, model) = fixture_model();
    let reference = Reference::from_bytes(&model.to_bytes());
    let long_sentence = FIXTURE
        .iter()
        .map(|s| doc(s).text.replace(" .", " و"))
        .collect::<Vec<_>>()
        .join(" ")
        .repeat(12);
    let mut texts: Vec<String> = docs.iter().map(|d| d.text.clone()).collect();
    texts.push("التقى توكاييف بوتين في موسكو. وقال الكرملين إن ماكرون في باريس".into());
    texts.push(long_sentence);
    for text in &texts {
        agrees_with_reference(&model, &reference, text, &[]);
    }
    // The bundled model, on every fifth ANERcorp-train document, with and without the
    // register's view.
    let Some(data) = common::shared_data("eval/anercorp-train/gold.jsonl") else {
        return;
    };
    let model = qari::entities::tagger::bundled().unwrap();
    let reference = Reference::from_bytes(&model.to_bytes());
    let register = qari::entities::Register::bundled();
    let matcher = qari::entities::Matcher::new(&register, Default::default());
    let set = load_eval_set(&data.join("eval/anercorp-train")).unwrap();
    let mut largest = 0.0f64;
    for d in set.iter().step_by(5) {
        let spans = qari::entities::tagger::register_spans(&matcher, &register, &d.doc.text);
        largest = largest.max(agrees_with_reference(&model, &reference, &d.doc.text, &[]));
        largest = largest.max(agrees_with_reference(
            &model,
            &reference,
            &d.doc.text,
            &spans,
        ));
    }
    eprintln!("largest difference from the reference path: {largest:e}");
}

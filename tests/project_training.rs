//! The project's own entity tagger (issue 13): the analyst's entity tags and rejected
//! suggestions become training data, a model trained on them tags names it was taught in
//! documents nobody tagged, retraining after more tags changes what it finds, and the model
//! file beside the project reads back (or says which file is broken).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use std::path::Path;

use common::notation::parse;

use qari::entities::tagger::{Model, RegisterSpan, register_spans};
use qari::entities::{Entity, Kind, Matcher, Register, RegisterEdit};
use qari::project::tagger::{
    Base, ProjectModelError, Settings, TrainingSet, load_model, model_path, save_model,
    train_project, training_set,
};
use qari::project::{Intent, Workspace};

/// A project over a new corpus folder of documents written in the notation, their passages
/// tagged through the workspace's one door (a code made by the first passage that names it).
fn project(docs: &[(&str, &str)]) -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let parsed: Vec<_> = docs.iter().map(|(name, n)| (*name, parse(n))).collect();
    for (name, (text, _)) in &parsed {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let mut ws = Workspace::open(dir.path()).unwrap();
    for (name, (_, spans)) in &parsed {
        for (range, code) in spans {
            tag(&mut ws, name, range.clone(), code);
        }
    }
    (dir, ws)
}

/// Tags a passage with the code of this name, making the code when there is none.
fn tag(ws: &mut Workspace, doc: &str, range: std::ops::Range<usize>, code: &str) {
    let existing = ws.project().codebook.find(code, None).map(|c| c.id);
    let intent = match existing {
        Some(id) => Intent::Tag {
            doc: doc.into(),
            range,
            code: Some(id),
        },
        None => Intent::TagWithNewCode {
            doc: doc.into(),
            range,
            name: code.into(),
        },
    };
    ws.perform(intent, "test").unwrap();
}

/// Tags the analyst gave, in the notation, to a document already in the project.
fn tag_notation(ws: &mut Workspace, doc: &str, notation: &str) {
    for (range, code) in parse(notation).1 {
        tag(ws, doc, range, &code);
    }
}

/// The register's view of a text as the project sees it.
fn view(ws: &Workspace, text: &str) -> Vec<RegisterSpan> {
    let register = Register::with_edits(&ws.project().register);
    let matcher = Matcher::new(&register, Default::default());
    register_spans(&matcher, &register, text)
}

/// The names a model finds in a document of the project, as (name, kind).
fn names(model: &Model, ws: &Workspace, doc: &str) -> Vec<(String, Kind)> {
    let info = ws.corpus().document(doc).unwrap();
    let text = ws.corpus().text(info).unwrap().text;
    let chars: Vec<char> = text.chars().collect();
    model
        .tag(&text, &view(ws, &text))
        .into_iter()
        .map(|m| (chars[m.start..m.end].iter().collect(), m.kind))
        .collect()
}

/// Trains the project's model as `qari train` does, without the cross-validation.
fn train(ws: &Workspace, base: Base) -> (Model, qari::project::tagger::TrainReport) {
    let settings = without_cv();
    train_project(&training_set(ws, &settings), base, &settings).unwrap()
}

/// The default settings with one fold: no cross-validation (quicker).
fn without_cv() -> Settings {
    Settings {
        folds: 1,
        ..Settings::default()
    }
}

/// Tagged news in the notation: people after verbs and titles, places after في, إلى and مدينة.
const TAGGED: &[(&str, &str)] = &[
    (
        "t1.txt",
        "قال الرئيس [[PER:نزارباييف]] إن الوضع في [[LOC:ألماتي]] هادئ .\nوزار [[PER:نزارباييف]] مدينة [[LOC:أستانا]] أمس .",
    ),
    (
        "t2.txt",
        "التقى [[PER:ماكرون]] والرئيس [[PER:بوتين]] في [[LOC:باريس]] .\nوقال [[PER:ماكرون]] إن اللقاء كان مفيدا .",
    ),
    (
        "t3.txt",
        "وصل [[PER:بوتين]] إلى [[LOC:موسكو]] أمس .\nوزار الوفد مدينة [[LOC:حلب]] بعد ذلك .",
    ),
    (
        "t4.txt",
        "غادر [[PER:نزارباييف]] إلى [[LOC:أستانا]] صباحا .\nووصلت القافلة إلى مدينة [[LOC:حمص]] مساء .",
    ),
    (
        "t5.txt",
        "قال [[PER:بوتين]] إن [[LOC:موسكو]] ترحب بالوفد .\nوعاد [[PER:ماكرون]] إلى مدينة [[LOC:ليون]] .",
    ),
];

/// Documents nobody tagged.
const UNTAGGED: &[(&str, &str)] = &[
    ("u1.txt", "وصل نزارباييف إلى المطار صباحا ."),
    ("u2.txt", "تحدث قوسمبيك مع الصحفيين أمس ."),
    ("u3.txt", "ووصلت القافلة إلى مدينة زيلينوغورسك مساء ."),
];

fn corpus() -> Vec<(&'static str, &'static str)> {
    TAGGED.iter().chain(UNTAGGED).copied().collect()
}

#[test]
fn documents_with_entity_tags_are_training_data_and_others_are_not() {
    let (_dir, ws) = project(&[
        (
            "a.txt",
            "زار [[PER:ماكرون]] مدينة [[LOC:باريس]] أمس . وقال إن [[frame:الزيارة ناجحة]] .",
        ),
        ("b.txt", "قال [[PER:بوتين]] كلمة ."),
        ("c.txt", "هذا [[frame:نص]] بلا أسماء ."),
        ("d.txt", "لا شيء هنا ."),
    ]);
    let set = training_set(&ws, &Settings::default());
    let docs: Vec<&str> = set.documents.iter().map(|d| d.doc.as_str()).collect();
    assert_eq!(docs, ["a.txt", "b.txt"]);
    let a = &set.documents[0].training;
    let spans: Vec<(String, Kind)> = a
        .spans
        .iter()
        .map(|s| {
            (
                a.text
                    .chars()
                    .skip(s.range.start)
                    .take(s.range.len())
                    .collect(),
                s.kind,
            )
        })
        .collect();
    assert_eq!(
        spans,
        [
            ("ماكرون".into(), Kind::Person),
            ("باريس".into(), Kind::Place)
        ]
    );
    // The register's view is given as tagging gives it: the bundled register knows باريس.
    assert_eq!(a.register, view(&ws, &a.text));
    assert!(a.register.iter().any(|r| r.kind == Kind::Place), "{a:?}");
    assert!(set.suggestions.is_empty() && set.unreadable.is_empty());
}

#[test]
fn a_document_marked_entities_done_is_learnt_from_with_no_names_and_the_mark_undoes() {
    let (_dir, mut ws) = project(&corpus());
    let (before, _) = train(&ws, Base::None);
    // Taught that a word after مدينة is a place, the model takes زيلينوغورسك for one.
    assert_eq!(
        names(&before, &ws, "u3.txt"),
        [("زيلينوغورسك".into(), Kind::Place)]
    );
    let mark = |done| Intent::SetEntitiesDone {
        doc: "u3.txt".into(),
        done,
    };
    ws.perform(mark(true), "test").unwrap();
    assert!(ws.project().document_codings.0["u3.txt"].entities_done);
    let set = training_set(&ws, &without_cv());
    let u3 = set.documents.iter().find(|d| d.doc == "u3.txt").unwrap();
    assert!(u3.training.spans.is_empty(), "{:?}", u3.training.spans);
    // The analyst says the document has no name: after retraining, it has none.
    let (after, report) = train(&ws, Base::None);
    assert_eq!(report.documents, TAGGED.len() + 1);
    assert_eq!(names(&after, &ws, "u3.txt"), []);
    // Marking it again changes nothing; undo takes the mark (and the empty coding) away.
    assert!(ws.perform(mark(true), "test").is_err());
    ws.undo().unwrap();
    assert!(!ws.project().document_codings.0.contains_key("u3.txt"));
    let set = training_set(&ws, &without_cv());
    assert!(set.documents.iter().all(|d| d.doc != "u3.txt"));
}

#[test]
fn a_code_named_place_stands_for_places_by_itself() {
    let (_dir, ws) = project(&[
        ("a.txt", "وصل الوفد إلى [[place:ألماتي]] أمس ."),
        (
            "b.txt",
            "قالت [[Person:سارة]] إن [[ORGANIZATION:الوكالة]] ستعمل .",
        ),
    ]);
    let set = training_set(&ws, &Settings::default());
    let kinds: Vec<Vec<Kind>> = set
        .documents
        .iter()
        .map(|d| d.training.spans.iter().map(|s| s.kind).collect())
        .collect();
    assert_eq!(
        kinds,
        [vec![Kind::Place], vec![Kind::Person, Kind::Organisation]]
    );
}

#[test]
fn any_code_can_be_mapped_to_a_kind_in_its_properties_and_undone() {
    let (_dir, mut ws) = project(&[("a.txt", "قال [[أعلام:زيبروفسكي]] إن الوفد وصل .")]);
    let id = ws.project().codebook.find("أعلام", None).unwrap().id;
    let tagged = |ws: &Workspace| {
        training_set(ws, &Settings::default())
            .documents
            .iter()
            .flat_map(|d| d.training.spans.iter().map(|s| s.kind))
            .collect::<Vec<_>>()
    };
    // Its name stands for no kind: not training data.
    assert_eq!(tagged(&ws), []);
    ws.perform(
        Intent::ChangeCode {
            id,
            change: qari::project::CodeChange::EntityKind(Some(Kind::Person)),
        },
        "test",
    )
    .unwrap();
    assert_eq!(
        ws.project().codebook.get(id).unwrap().kind,
        Some(Kind::Person)
    );
    assert_eq!(tagged(&ws), [Kind::Person]);
    // Saved and read again, the mapping stays.
    ws.save().unwrap();
    let again = Workspace::open(ws.path()).unwrap();
    assert_eq!(tagged(&again), [Kind::Person]);
    ws.undo().unwrap();
    assert_eq!(ws.project().codebook.get(id).unwrap().kind, None);
    assert_eq!(tagged(&ws), []);
}

#[test]
fn a_model_trained_on_the_project_alone_tags_a_taught_name_in_an_untagged_document() {
    let (_dir, ws) = project(&corpus());
    let settings = Settings::default();
    let set = training_set(&ws, &settings);
    let (model, report) = train_project(&set, Base::None, &settings).unwrap();
    assert_eq!(report.documents, 5);
    assert_eq!(
        report.mentions,
        [(Kind::Person, 9), (Kind::Place, 9)],
        "{report:?}"
    );
    let cv = report
        .cross_validation
        .expect("5 documents are cross-validated");
    assert_eq!(cv.folds, 5);
    assert_eq!(cv.all.gold, 18);
    assert!(names(&model, &ws, "u1.txt").contains(&("نزارباييف".into(), Kind::Person)));
}

#[test]
fn retraining_after_new_tags_changes_a_documents_tags() {
    let (_dir, mut ws) = project(&corpus());
    let (before, _) = train(&ws, Base::None);
    let found = names(&before, &ws, "u2.txt");
    assert!(
        !found.iter().any(|(name, _)| name == "قوسمبيك"),
        "{found:?}"
    );
    // The analyst tags the name in a new document, and the model is trained again.
    std::fs::write(
        ws.corpus_root().join("t6.txt"),
        parse("استقبل [[PER:قوسمبيك]] الوفد .\nوقال [[PER:قوسمبيك]] إن الزيارة مهمة .").0,
    )
    .unwrap();
    let path = ws.path().to_owned();
    ws.save().unwrap();
    let mut ws = Workspace::open(&path).unwrap();
    tag_notation(
        &mut ws,
        "t6.txt",
        "استقبل [[PER:قوسمبيك]] الوفد .\nوقال [[PER:قوسمبيك]] إن الزيارة مهمة .",
    );
    let (after, report) = train(&ws, Base::None);
    assert_eq!(report.documents, 6);
    assert_eq!(
        names(&after, &ws, "u2.txt"),
        [("قوسمبيك".into(), Kind::Person)]
    );
}

#[test]
fn a_rejected_suggestion_is_not_tagged_after_retraining() {
    let (_dir, mut ws) = project(&corpus());
    let (before, _) = train(&ws, Base::Bundled);
    assert!(
        names(&before, &ws, "u3.txt").contains(&("زيلينوغورسك".into(), Kind::Place)),
        "the model suggests زيلينوغورسك after مدينة: {:?}",
        names(&before, &ws, "u3.txt")
    );
    // The analyst rejects the suggestion (the sidebar's Reject records its folded form).
    let candidate = qari::entities::recognise::suggestion_key("زيلينوغورسك");
    ws.perform(
        Intent::EditRegister(vec![RegisterEdit::Dismiss { candidate }]),
        "test",
    )
    .unwrap();
    let settings = without_cv();
    let set = training_set(&ws, &settings);
    assert_eq!(set.suggestions.len(), 1);
    assert_eq!(set.suggestions[0].doc, "u3.txt");
    let (after, report) = train_project(&set, Base::Bundled, &settings).unwrap();
    assert_eq!(report.suggestion_sentences, 1);
    let found = names(&after, &ws, "u3.txt");
    assert!(
        !found.iter().any(|(name, _)| name == "زيلينوغورسك"),
        "{found:?}"
    );
}

#[test]
fn an_accepted_name_is_learnt_where_it_occurs_in_untagged_documents() {
    let (_dir, mut ws) = project(&corpus());
    ws.perform(
        Intent::EditRegister(vec![RegisterEdit::Add(Entity {
            canonical: "Qosymbek".into(),
            kind: Kind::Person,
            aliases: vec!["قوسمبيك".into()],
            note: None,
        })]),
        "test",
    )
    .unwrap();
    let set: TrainingSet = training_set(&ws, &without_cv());
    let known: Vec<(&str, String, Option<Kind>)> = set
        .suggestions
        .iter()
        .flat_map(|s| {
            s.known.iter().map(|(r, k)| {
                let name = s.text.chars().skip(r.start).take(r.len()).collect();
                (s.doc.as_str(), name, *k)
            })
        })
        .collect();
    assert_eq!(known, [("u2.txt", "قوسمبيك".into(), Some(Kind::Person))]);
}

#[test]
fn the_model_file_beside_the_project_reads_back_and_a_broken_one_is_named() {
    let (_dir, ws) = project(&corpus());
    assert!(load_model(ws.path()).unwrap().is_none());
    let (model, _) = train(&ws, Base::None);
    let written = save_model(ws.path(), &model).unwrap();
    assert_eq!(written, model_path(ws.path()));
    assert_eq!(written.file_name().unwrap(), "qari.qtag");
    let read = load_model(ws.path()).unwrap().expect("the model is there");
    assert_eq!(read.to_bytes(), model.to_bytes());
    assert_eq!(read.temperature(), model.temperature());

    let bytes = std::fs::read(&written).unwrap();
    std::fs::write(&written, &bytes[..bytes.len() / 2]).unwrap();
    let err = load_model(ws.path()).unwrap_err();
    assert!(matches!(err, ProjectModelError::Format { .. }), "{err}");
    assert!(
        err.to_string().ends_with(&written.display().to_string()),
        "{err}"
    );
    std::fs::write(&written, "not a model").unwrap();
    assert!(load_model(ws.path()).is_err());
}

#[test]
fn qari_train_learns_from_the_bundled_model_and_the_projects_tags_and_says_how_well() {
    let (dir, mut ws) = project(&corpus());
    ws.save().unwrap();
    let mut out = Vec::new();
    qari::cli::train::train(dir.path(), Base::Bundled, &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("base: the bundled model"), "{out}");
    assert!(
        out.contains("learnt from 5 documents, 68 tokens, 18 mentions (PER 9, LOC 9)"),
        "{out}"
    );
    assert!(out.contains("5-fold cross-validation"), "{out}");
    assert!(out.contains("\n  all "), "{out}");
    let model = load_model(&dir.path().join("qari.ron")).unwrap().unwrap();
    assert!(names(&model, &ws, "u1.txt").contains(&("نزارباييف".into(), Kind::Person)));
}

#[test]
fn qari_train_without_entity_tags_says_what_to_tag() {
    let (dir, mut ws) = project(&[("a.txt", "هذا [[frame:نص]] بلا أسماء .")]);
    ws.save().unwrap();
    let err = qari::cli::train::train(dir.path(), Base::None, &mut Vec::new()).unwrap_err();
    let message = format!("{err:#}");
    assert!(message.contains("codes named PER, ORG or LOC"), "{message}");
    assert!(message.ends_with("qari.ron"), "{message}");
    assert!(!model_path(&dir.path().join("qari.ron")).exists());
}

#[test]
fn the_model_path_follows_the_project_file() {
    assert_eq!(
        model_path(Path::new("corpus/qari.ron")),
        Path::new("corpus/qari.qtag")
    );
}

//! The entity sidebar with the trained tagger, driven headless: names the register does not
//! know are suggested with their count and confidence, their occurrences listed; a suggestion
//! is rejected or accepted through the project's one door, and undone.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use common::gui::{State, app, open_app, wait_for_entities};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use qari::entities::{Kind, RegisterEdit, Source};
use qari::ui::Command;

/// A Croatian prime minister the bundled register does not have, named twice.
const NAME: &str = "ميلانوفيتش";

fn corpus(dir: &std::path::Path) {
    std::fs::write(
        dir.join("a.txt"),
        "وقال الرئيس ميلانوفيتش أمس إن بلاده ستدعم الاتفاق.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("b.txt"),
        "وقال الرئيس ميلانوفيتش أمس إن الحكومة تريد السلام.\n",
    )
    .unwrap();
}

fn suggested(harness: &Harness<'static, State>) -> Option<qari::entities::discover::Candidate> {
    let index = app(harness).entities().index()?;
    let key = qari::entities::recognise::suggestion_key(NAME);
    index.candidates.iter().find(|c| c.folded == key).cloned()
}

#[test]
fn a_suggested_name_is_listed_rejected_undone_and_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let mut harness = open_app(Some(dir.path().to_owned()), config.path());
    wait_for_entities(&mut harness);

    let index = app(&harness).entities().index().expect("mentions found");
    assert!(index.model.is_some(), "the bundled tagger is used");
    let candidate = suggested(&harness).expect("the name is suggested");
    assert_eq!(candidate.count, 2);
    assert_eq!(candidate.docs, Some(2));
    assert_eq!(candidate.kind, Kind::Person);
    assert!(candidate.score.unwrap() > 0.5, "{candidate:?}");
    // The sidebar offers it, and a click lists where it occurs (buttons with the name in
    // context; the document list has the titles already).
    let in_context = |harness: &Harness<'static, State>| {
        harness
            .get_all_by_role(egui::accesskit::Role::Button)
            .filter(|n| {
                n.accesskit_node()
                    .label()
                    .is_some_and(|l| l.contains(NAME) && l.chars().count() > NAME.chars().count())
            })
            .count()
    };
    let before = in_context(&harness);
    // Hovered first, as a mouse gets there before it clicks.
    harness.get_by_label(NAME).hover();
    harness.run();
    harness.get_by_label(NAME).click();
    harness.run();
    assert_eq!(in_context(&harness) - before, 2, "one snippet a mention");

    // Rejected: remembered in the project, no longer offered.
    harness.get_by_label("Reject").click();
    wait_for_entities(&mut harness);
    let register = &app(&harness).workspace().unwrap().project().register;
    assert!(
        register.iter().any(
            |e| matches!(e, RegisterEdit::Dismiss { candidate } if *candidate == candidate_key())
        ),
        "{register:?}"
    );
    assert!(suggested(&harness).is_none());

    // Undone: offered again.
    harness
        .state_mut()
        .as_mut()
        .unwrap()
        .run_command(Command::Undo);
    wait_for_entities(&mut harness);
    assert!(suggested(&harness).is_some());

    // Accepted as a new person: an entity of the register, found by the register and the
    // tagger together.
    harness.get_by_label("Accept").click();
    harness.run();
    harness.get_by_label("New person (suggested)").click();
    wait_for_entities(&mut harness);
    let index = app(&harness).entities().index().unwrap();
    let entity = index
        .register
        .position(NAME)
        .expect("a register entity now");
    assert_eq!(index.register.entities[entity].kind, Kind::Person);
    let sources: Vec<Source> = index.by_entity[entity]
        .iter()
        .map(|&(d, m)| index.by_doc[d][m].source)
        .collect();
    assert_eq!(sources, [Source::Both, Source::Both]);
    assert!(suggested(&harness).is_none());
}

fn candidate_key() -> String {
    qari::entities::recognise::suggestion_key(NAME)
}

/// Documents naming people the bundled model does not find, and a project whose analyst tagged
/// them in some documents with a code named PER.
fn tagged_project(dir: &std::path::Path) -> std::path::PathBuf {
    let names = ["زيبروفسكي", "كوفالتشيك", "ماتوشيفسكي", "غرابوفسكي"];
    let mut tags = String::new();
    for (i, name) in names.iter().enumerate() {
        for (j, other) in names.iter().enumerate() {
            let text = format!("التقى {name} مع {other} في المساء ثم عاد {name} إلى بيته.\n");
            let doc = format!("{i}{j}.txt");
            std::fs::write(dir.join(&doc), &text).unwrap();
            // The first documents are tagged; the others are left to the tagger.
            if i < 3 {
                for (start, word) in text.split(' ').scan(0, |at, w| {
                    let start = *at;
                    *at += w.chars().count() + 1;
                    Some((start, w))
                }) {
                    if names.contains(&word) {
                        let end = start + word.chars().count();
                        tags.push_str(&format!(
                            "{{\"doc\":\"{doc}\",\"start\":{start},\"end\":{end},\"type\":\"PER\"}}\n"
                        ));
                    }
                }
            }
        }
    }
    project_with_tags(dir, &tags)
}

/// A project for the corpus in `dir`, with these JSON lines of tags imported (as `qari init`
/// and `qari import` make it).
fn project_with_tags(dir: &std::path::Path, tags: &str) -> std::path::PathBuf {
    let mut out = Vec::new();
    qari::cli::init(dir, None, &mut out).unwrap();
    let project = dir.join("qari.ron");
    let jsonl = dir.join("tags.jsonl.import");
    std::fs::write(&jsonl, tags).unwrap();
    qari::cli::annotations::import(
        &project,
        qari::import::Format::Jsonl,
        &jsonl,
        std::time::Duration::from_secs(5),
        false,
        &mut out,
        &mut Vec::new(),
    )
    .unwrap();
    project
}

#[test]
fn the_project_tagger_trains_on_demand_is_kept_beside_the_project_and_used() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let project = tagged_project(dir.path());
    let mut harness = open_app(Some(project.clone()), config.path());
    wait_for_entities(&mut harness);
    assert!(!app(&harness).entities().uses_project_model());
    let names_in = |harness: &Harness<'static, State>, doc: &str| -> Vec<String> {
        let index = app(harness).entities().index().unwrap();
        let ws = app(harness).workspace().unwrap();
        let d = ws
            .corpus()
            .documents
            .iter()
            .position(|d| d.id == doc)
            .unwrap();
        index.suggested_by_doc[d]
            .iter()
            .filter(|s| s.kind == Kind::Person)
            .map(|s| s.text.clone())
            .collect()
    };
    let before = names_in(&harness, "31.txt");

    harness.get_by_label("Train on my tags").click();
    // A spinner turns while it trains: frames are stepped, not run until still.
    harness.step();
    let started = std::time::Instant::now();
    while (app(&harness).entities().is_training() || app(&harness).entities().is_working())
        && started.elapsed().as_secs() < 300
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.step();
    }
    harness.run();
    let model_file = qari::project::tagger::model_path(&project);
    assert!(model_file.is_file(), "{}", model_file.display());
    assert!(app(&harness).entities().uses_project_model());
    // Its figures on the analyst's tags are shown.
    harness.get_by_label_contains("On your tags");
    // The names the analyst taught it are found in a document they did not tag.
    let after = names_in(&harness, "31.txt");
    assert_eq!(
        after,
        ["غرابوفسكي", "كوفالتشيك", "غرابوفسكي"],
        "before: {before:?}"
    );
    assert_ne!(before, after);

    // Opened again, the project's model is read from beside it.
    drop(harness);
    let mut harness = open_app(Some(project), config.path());
    wait_for_entities(&mut harness);
    assert!(app(&harness).entities().uses_project_model());
}

#[test]
fn a_code_is_mapped_to_an_entity_kind_from_its_menu() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "قال زيبروفسكي إن الوفد وصل.\n").unwrap();
    let project = project_with_tags(
        dir.path(),
        "{\"doc\":\"a.txt\",\"start\":4,\"end\":13,\"code\":\"أعلام\"}\n",
    );
    let mut harness = open_app(Some(project), config.path());
    let code = |harness: &Harness<'static, State>| {
        app(harness)
            .workspace()
            .unwrap()
            .project()
            .codebook
            .find("أعلام", None)
            .unwrap()
            .clone()
    };
    assert_eq!(code(&harness).entity_kind(), None);
    harness.get_by_label_contains("أعلام").click_secondary();
    harness.run();
    harness.get_by_label("Entity kind").click();
    harness.run();
    harness.get_by_label("person").click();
    harness.run();
    assert_eq!(code(&harness).kind, Some(Kind::Person));
    assert_eq!(code(&harness).entity_kind(), Some(Kind::Person));
    harness
        .state_mut()
        .as_mut()
        .unwrap()
        .run_command(Command::Undo);
    assert_eq!(code(&harness).kind, None);
}

#[test]
fn training_without_entity_tags_says_what_to_tag_and_writes_no_model() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let mut harness = open_app(Some(dir.path().to_owned()), config.path());
    wait_for_entities(&mut harness);
    harness.get_by_label("Train on my tags").click();
    harness.step();
    let started = std::time::Instant::now();
    while app(&harness).entities().is_training() && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.step();
    }
    harness.run();
    harness.get_by_label_contains("Nothing to learn from yet");
    let model = qari::project::tagger::model_path(&dir.path().join("qari.ron"));
    assert!(!model.exists());
    assert!(!app(&harness).entities().uses_project_model());
}

#[test]
fn a_document_is_marked_entities_done_from_the_sidebar_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let mut harness = open_app(Some(dir.path().to_owned()), config.path());
    harness
        .state_mut()
        .as_mut()
        .unwrap()
        .run_command(Command::Select(qari::ui::Selected::Document(1)));
    wait_for_entities(&mut harness);
    let done = |harness: &Harness<'static, State>| {
        let project = app(harness).workspace().unwrap().project();
        project
            .document_codings
            .0
            .get("b.txt")
            .is_some_and(|c| c.entities_done)
    };
    assert!(!done(&harness));
    harness.get_by_label("All names here are tagged").click();
    harness.run();
    assert!(done(&harness));
    // Ctrl+Z undoes it.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(!done(&harness));
}

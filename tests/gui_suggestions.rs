//! The entity sidebar with the trained tagger, driven headless: names the register does not
//! know are suggested with their count and confidence, their occurrences listed; a suggestion
//! is rejected or accepted through the project's one door, and undone.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use common::gui::{State, app, open_app};
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

fn wait_for_entities(harness: &mut Harness<'static, State>) {
    let started = std::time::Instant::now();
    // Let a register edit start the search again before waiting for it.
    harness.run();
    while app(harness).entities().is_working() && started.elapsed().as_secs() < 120 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.step();
    }
    harness.run();
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

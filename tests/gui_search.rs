//! Searching in the window, driven headless: Ctrl+Shift+F searches the corpus (the concordance
//! lists the hits, a click opens the document at one, coding from the hits is one step that
//! Ctrl+Z undoes, the concordance is written to CSV and JSONL), Ctrl+F finds in the document
//! shown and moves between its hits, and a bad query says where it breaks.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use std::path::Path;

use common::gui::{State, app, click, open_app, set_attribute};
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use qari::project::Intent;
use qari::ui::search_panel::{ConcordanceFormat, QUERY_LABEL};
use qari::ui::{Command, Selected};

const A: &str = "أعلن الكرملين أمس أن القوات ستغادر.\nوقال مسؤول إن الكرملين لم يعلق على ذلك.\n";
const B: &str = "رد البيت الأبيض والكرملين على الاتهامات.\n";
const C: &str = "لا شيء هنا عن هذا الموضوع.\n";

fn corpus(dir: &Path) {
    std::fs::write(dir.join("a.txt"), A).unwrap();
    std::fs::write(dir.join("b.txt"), B).unwrap();
    std::fs::write(dir.join("c.txt"), C).unwrap();
}

/// Where `word` starts in `text` (its `n`-th occurrence), in code points, and its range.
fn range_of(text: &str, word: &str, n: usize) -> std::ops::Range<usize> {
    let (byte, _) = text.match_indices(word).nth(n).unwrap();
    let start = text[..byte].chars().count();
    start..start + word.chars().count()
}

/// Steps until the search panel's background work (indexing, searching, sorting) is done.
fn wait_for_search(harness: &mut Harness<'static, State>) {
    let started = std::time::Instant::now();
    harness.run();
    while app(harness).search().is_working() && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(10));
        harness.step();
    }
    harness.run();
}

/// The concordance rows (their accessible labels: `doc: before hit after`), in order.
fn rows(harness: &Harness<'static, State>) -> Vec<String> {
    harness
        .get_all_by_role(egui::accesskit::Role::Button)
        .filter_map(|n| n.accesskit_node().label())
        .filter(|l| l.starts_with("a.txt: ") || l.starts_with("b.txt: "))
        .collect()
}

/// Ctrl+Shift+F, the query typed, Enter; waits for the hits.
fn search(harness: &mut Harness<'static, State>, query: &str) {
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.run();
    let field = harness.get_by_label(QUERY_LABEL);
    field.focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(Event::Text(query.into()));
    harness.run();
    harness.key_press(Key::Enter);
    wait_for_search(harness);
}

fn status(harness: &Harness<'static, State>) -> String {
    app(harness)
        .status()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn ctrl_shift_f_lists_every_spelling_in_a_concordance_and_a_row_opens_its_document() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let mut harness = open_app(Some(dir.path().to_owned()), config.path());
    wait_for_search(&mut harness);

    search(&mut harness, "الكرملين");
    assert_eq!(app(&harness).search().hit_count(), Some((3, 2)));
    // One row a hit, in document order; والكرملين is found, the conjunction left out.
    let listed = rows(&harness);
    assert_eq!(listed.len(), 3, "{listed:?}");
    assert!(
        listed[0].starts_with("a.txt: أعلن الكرملين أمس"),
        "{listed:?}"
    );
    assert!(
        listed[2].starts_with("b.txt: رد البيت الأبيض والكرملين على"),
        "{listed:?}"
    );
    let lines = app(&harness).search().lines();
    assert_eq!(lines[2].hit, "الكرملين");
    assert_eq!(lines[2].range, range_of(B, "الكرملين", 0));
    // The document list says how many hits each document has.
    harness.get_by_label_contains("Documents (2 of 3 with hits)");

    // A click on the row in b.txt opens it with the hit selected.
    let row = listed[2].clone();
    click(&mut harness, &row);
    assert_eq!(app(&harness).selected(), Some(Selected::Document(1)));
    let reader = app(&harness).reader().expect("b.txt shown");
    assert_eq!(reader.doc_id(), "b.txt");
    assert_eq!(reader.selection(), range_of(B, "الكرملين", 0));
    assert_eq!(reader.selected_text(), "الكرملين");

    // Sorted by the word after the hit (1R): على (b), لم (a), أمس (a) → امس, على, لم.
    click(&mut harness, "1R");
    wait_for_search(&mut harness);
    let after: Vec<String> = app(&harness)
        .search()
        .lines()
        .iter()
        .map(|l| l.after.split_whitespace().next().unwrap_or("").to_owned())
        .collect();
    assert_eq!(after, ["أمس", "على", "لم"]);

    // Only the documents with hits in the list.
    click(&mut harness, qari::ui::search_panel::ONLY_HITS_LABEL);
    assert!(
        harness
            .query_by_label("لا شيء هنا عن هذا الموضوع.")
            .is_none()
    );
    harness.get_by_label("أعلن الكرملين أمس أن القوات ستغادر.");

    // The concordance is written as CSV and JSONL (the dialog's command, with its file).
    let csv = dir.path().join("out.csv");
    let jsonl = dir.path().join("out.jsonl");
    for (format, out) in [
        (ConcordanceFormat::Csv, &csv),
        (ConcordanceFormat::Jsonl, &jsonl),
    ] {
        harness
            .state_mut()
            .as_mut()
            .unwrap()
            .run_command(Command::ExportConcordance {
                format,
                out: out.clone(),
            });
    }
    let csv = std::fs::read_to_string(csv).unwrap();
    assert!(
        csv.starts_with("\u{FEFF}doc,start,end,hit,left,right\n"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 4);
    let jsonl = std::fs::read_to_string(jsonl).unwrap();
    let b_start = range_of(B, "الكرملين", 0).start;
    assert!(
        jsonl.contains(&format!(
            "{{\"doc\":\"b.txt\",\"start\":{b_start},\"end\":{},\"hit\":\"الكرملين\"",
            b_start + 8
        )),
        "{jsonl}"
    );
}

#[test]
fn coding_from_hits_tags_them_in_one_step_that_ctrl_z_undoes() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let mut harness = open_app(Some(dir.path().to_owned()), config.path());
    harness
        .state_mut()
        .as_mut()
        .unwrap()
        .run_command(Command::Project(Intent::AddCode {
            name: "Kremlin".into(),
            parent: None,
        }));
    search(&mut harness, "الكرملين");
    // On a loaded machine the search may start a frame after Enter: wait for its rows.
    let started = std::time::Instant::now();
    while rows(&harness).len() < 3 && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(10));
        wait_for_search(&mut harness);
    }
    let annotations = |harness: &Harness<'static, State>| {
        let ws = app(harness).workspace().unwrap();
        let mut found: Vec<(String, std::ops::Range<usize>)> = ws
            .project()
            .annotations
            .iter()
            .map(|a| (a.doc.clone(), a.range()))
            .collect();
        found.sort_by(|a, b| (&a.0, a.1.start).cmp(&(&b.0, b.1.start)));
        found
    };

    // The row of b.txt alone, selected with Ctrl+click, tagged with the code.
    let row = rows(&harness)[2].clone();
    harness.get_by_label(&row).hover();
    harness.run();
    harness
        .get_by_label(&row)
        .click_modifiers(Modifiers::COMMAND);
    harness.run();
    harness.get_by_label("Tag 1 selected hits with");
    let menu = harness
        .get_by_label(qari::ui::search_panel::CHOOSE_CODE)
        .rect();
    click(&mut harness, qari::ui::search_panel::CHOOSE_CODE);
    // The code's button in the menu, nearest to it (the code tree has one too).
    let distance = |r: egui::Rect| r.center().distance(menu.center());
    harness
        .get_all_by_label("Kremlin")
        .min_by(|a, b| distance(a.rect()).total_cmp(&distance(b.rect())))
        .unwrap()
        .click();
    harness.run();
    click(&mut harness, "Tag");
    assert_eq!(
        annotations(&harness),
        [("b.txt".to_owned(), range_of(B, "الكرملين", 0))]
    );

    // Then every hit: the one tagged already is left as it is.
    click(&mut harness, "Select none");
    harness.get_by_label("Tag all 3 hits with");
    click(&mut harness, "hit");
    click(&mut harness, "Tag");
    assert!(
        status(&harness).contains("Tag 2 search hits with Kremlin; 1 tagged already"),
        "{}",
        status(&harness)
    );
    assert_eq!(
        annotations(&harness),
        [
            ("a.txt".to_owned(), range_of(A, "الكرملين", 0)),
            ("a.txt".to_owned(), range_of(A, "الكرملين", 1)),
            ("b.txt".to_owned(), range_of(B, "الكرملين", 0)),
        ]
    );

    // One step: Ctrl+Z takes the two back, and the first stays.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(annotations(&harness).len(), 1, "{}", status(&harness));

    // Sentences: the whole sentence of each hit.
    click(&mut harness, "sentence");
    click(&mut harness, "Tag");
    let sentences: Vec<String> = annotations(&harness)
        .iter()
        .filter(|(doc, _)| doc == "a.txt")
        .map(|(_, r)| A.chars().skip(r.start).take(r.len()).collect())
        .collect();
    assert_eq!(
        sentences,
        [
            "أعلن الكرملين أمس أن القوات ستغادر.",
            "وقال مسؤول إن الكرملين لم يعلق على ذلك."
        ]
    );
}

#[test]
fn ctrl_f_finds_in_the_document_and_moves_between_its_hits() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let mut harness = open_app(Some(dir.path().to_owned()), config.path());
    assert_eq!(app(&harness).reader().unwrap().doc_id(), "a.txt");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    assert!(app(&harness).find().is_open());
    harness.event(Event::Text("كرملين".into()));
    harness.run();
    let first = range_of(A, "الكرملين", 0);
    let second = range_of(A, "الكرملين", 1);
    assert_eq!(app(&harness).find().hits(), [first.clone(), second.clone()]);
    // As typed, the first hit is selected.
    assert_eq!(app(&harness).reader().unwrap().selection(), first);
    harness.get_by_label("1 of 2");

    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(app(&harness).reader().unwrap().selection(), second);
    harness.get_by_label("2 of 2");
    // Past the last, back to the first; Shift+Enter goes back.
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(app(&harness).reader().unwrap().selection(), first);
    harness.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    harness.run();
    assert_eq!(app(&harness).reader().unwrap().selection(), second);
    click(&mut harness, "Previous");
    assert_eq!(app(&harness).reader().unwrap().selection(), first);

    harness.key_press(Key::Escape);
    harness.run();
    assert!(!app(&harness).find().is_open());
    assert!(app(&harness).find().hits().is_empty());
}

#[test]
fn a_bad_query_says_where_it_breaks_in_the_panel_and_in_find() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let mut harness = open_app(Some(dir.path().to_owned()), config.path());
    wait_for_search(&mut harness);

    search(&mut harness, "الكرملين NEAR/");
    let error = app(&harness).search().error().expect("an error").to_owned();
    assert!(error.starts_with("bad query at character"), "{error}");
    harness.get_by_label(&error);
    assert_eq!(app(&harness).search().hit_count(), None);

    search(&mut harness, "(");
    let error = app(&harness).search().error().map(str::to_owned);
    // Whatever the parser makes of it, nothing panicked and the panel says something.
    assert!(error.is_some() || app(&harness).search().hit_count().is_some());

    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.event(Event::Text("entity:Nowhereland".into()));
    harness.run();
    harness.get_by_label_contains("no entity \"Nowhereland\" in the register");
    assert!(app(&harness).find().hits().is_empty());
}

#[test]
fn the_concordance_is_walked_with_the_keys_and_enter_opens_a_document_the_list_scrolls_to() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    // Forty documents: the first and the last name the Kremlin.
    for n in 0..40 {
        let text = if n == 0 || n == 39 {
            format!("الوثيقة {n:02} عن الكرملين.\n")
        } else {
            format!("الوثيقة {n:02} عن شيء آخر.\n")
        };
        std::fs::write(dir.path().join(format!("doc{n:02}.txt")), text).unwrap();
    }
    let mut harness = open_app(Some(dir.path().to_owned()), config.path());
    wait_for_search(&mut harness);
    search(&mut harness, "الكرملين");
    assert_eq!(app(&harness).search().hit_count(), Some((2, 2)));
    let last = "الوثيقة 39 عن الكرملين.";
    // The document list's row of a title (the reading view shows it too, as text).
    let listed = |harness: &Harness<'static, State>, title: &str| {
        harness
            .get_all_by_role(egui::accesskit::Role::Button)
            .any(|n| n.accesskit_node().label().as_deref() == Some(title))
    };
    assert!(!listed(&harness, last), "doc39 starts out of sight");

    // The keys stay in the query field after Enter; Down gives them to the hits, on the first.
    harness.key_press(Key::ArrowDown);
    harness.run();
    assert!(app(&harness).search().has_keys(&harness.ctx));
    harness.key_press(Key::ArrowDown);
    harness.run();
    // Enter opens the current row's document at the hit; the list scrolls to it.
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(app(&harness).selected(), Some(Selected::Document(39)));
    let reader = app(&harness).reader().expect("doc39 shown");
    assert_eq!(reader.selected_text(), "الكرملين");
    assert!(listed(&harness, last));
    // Up and Enter go back to the first; Escape gives the keys back to the query field.
    harness.key_press(Key::ArrowUp);
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(app(&harness).selected(), Some(Selected::Document(0)));
    assert!(listed(&harness, "الوثيقة 00 عن الكرملين."));
    assert!(!listed(&harness, last));
    harness.key_press(Key::Escape);
    harness.run();
    assert!(!app(&harness).search().has_keys(&harness.ctx));
    assert!(harness.get_by_label(QUERY_LABEL).is_focused());
}

#[test]
fn the_document_lists_attribute_filter_keeps_the_search_to_those_documents() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let mut harness = open_app(Some(dir.path().to_owned()), config.path());
    set_attribute(
        &mut harness,
        "source",
        &[("a.txt", "aawsat"), ("b.txt", "bbc")],
    );
    search(&mut harness, "الكرملين");
    assert_eq!(app(&harness).search().hit_count(), Some((3, 2)));
    // The list filtered to one source: the search runs again over its documents only.
    click(&mut harness, "List documents where: any");
    click(&mut harness, "source");
    wait_for_search(&mut harness);
    assert_eq!(app(&harness).search().hit_count(), Some((2, 1)));
    assert!(
        rows(&harness).iter().all(|r| r.starts_with("a.txt: ")),
        "{:?}",
        rows(&harness)
    );
    click(&mut harness, "List documents where source is: aawsat");
    click(&mut harness, "bbc");
    wait_for_search(&mut harness);
    assert_eq!(app(&harness).search().hit_count(), Some((1, 1)));
    click(&mut harness, "List documents where: source");
    click(&mut harness, "any");
    wait_for_search(&mut harness);
    assert_eq!(app(&harness).search().hit_count(), Some((3, 2)));
}

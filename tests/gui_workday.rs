//! The window as an analyst uses it all day, driven headless: the keys of the codes menu,
//! quick clicks, selections trimmed before tagging, room to read.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use std::ops::Range;

use common::gui::{State, app, click, right_click_on, state, tagging_app, tap};
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use qari::annotations::CodeId;
use qari::ui::coding::TAG_FIELD_LABEL;
use qari::ui::panels::{Place, Side};

/// Selects the `n`-th occurrence of `word` in the document shown; its range.
fn select(harness: &mut Harness<'static, State>, word: &str, n: usize) -> Range<usize> {
    let reader = harness.state_mut().as_mut().unwrap().reader_mut().unwrap();
    let range = nth_range(reader.text(), word, n);
    reader.select(range.clone());
    harness.run();
    range
}

/// Where the `n`-th occurrence of `word` is in `text`, in code points.
fn nth_range(text: &str, word: &str, n: usize) -> Range<usize> {
    let (byte, _) = text.match_indices(word).nth(n).unwrap();
    let start = text[..byte].chars().count();
    start..start + word.chars().count()
}

/// The codes of the annotation on exactly `range`.
fn codes_on(harness: &Harness<'static, State>, range: &Range<usize>) -> Vec<CodeId> {
    let ws = app(harness).workspace().unwrap();
    ws.project()
        .annotations
        .iter()
        .find(|a| a.range() == *range)
        .map(|a| a.codes.clone())
        .unwrap_or_default()
}

/// Selects the `n`-th `word`, opens the codes menu on it, types `typed` and presses `keys`, a
/// frame each; the word's range.
fn in_menu(
    harness: &mut Harness<'static, State>,
    (word, n): (&str, usize),
    typed: &str,
    keys: &[Key],
) -> Range<usize> {
    let range = select(harness, word, n);
    right_click_on(harness, range.clone());
    if !typed.is_empty() {
        harness.event(egui::Event::Text(typed.into()));
        harness.run();
    }
    for key in keys {
        harness.key_press(*key);
        harness.run();
    }
    range
}

fn code(harness: &Harness<'static, State>, name: &str) -> CodeId {
    let ws = app(harness).workspace().unwrap();
    ws.project().codebook.find(name, None).unwrap().id
}

#[test]
fn enter_in_the_codes_menu_makes_the_typed_code_or_tags_with_the_highlighted_one() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let (mut harness, argument) = tagging_app(dir.path(), config.path());

    // A name no code has: Enter makes the code and tags with it.
    let first = in_menu(
        &mut harness,
        ("قيرغيزستان", 0),
        "interference",
        &[Key::Enter],
    );
    assert!(harness.query_by_label(TAG_FIELD_LABEL).is_none(), "closed");
    let made = code(&harness, "interference");
    assert_eq!(codes_on(&harness, &first), [made]);
    // Part of a code's name: its first match is highlighted and Enter tags with it.
    let second = in_menu(&mut harness, ("كازاخستان", 0), "حج", &[Key::Enter]);
    assert_eq!(codes_on(&harness, &second), [argument]);
    // Nothing typed: Down highlights the first code, Down again the second, Enter tags.
    let keys = [Key::ArrowDown, Key::ArrowDown, Key::Enter];
    let third = in_menu(&mut harness, ("كازاخستان", 1), "", &keys);
    assert_eq!(codes_on(&harness, &third), [made]);
    // Up goes round to "New code …" under the match; Escape closes without tagging.
    let fourth = in_menu(
        &mut harness,
        ("كازاخستان", 2),
        "inter",
        &[Key::ArrowUp, Key::Enter],
    );
    assert_eq!(codes_on(&harness, &fourth), [code(&harness, "inter")]);
    let fifth = select(&mut harness, "كازاخستان", 3);
    right_click_on(&mut harness, fifth.clone());
    harness.get_by_label(TAG_FIELD_LABEL);
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_label(TAG_FIELD_LABEL).is_none(), "closed");
    assert_eq!(codes_on(&harness, &fifth), []);
    assert_eq!(
        app(&harness)
            .workspace()
            .unwrap()
            .project()
            .annotations
            .len(),
        4
    );
}

#[test]
fn a_tap_clears_the_selection_and_places_the_caret_and_opens_a_document_in_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let (mut harness, _) = tagging_app(dir.path(), config.path());
    let word = select(&mut harness, "قيرغيزستان", 0);
    let elsewhere = {
        let ctx = harness.ctx.clone();
        let reader = harness.state_mut().as_mut().unwrap().reader_mut().unwrap();
        let start = nth_range(reader.text(), "كازاخستان", 0).start;
        reader.screen_rects(&ctx, start..start + 3)[0].center()
    };
    tap(&mut harness, elsewhere);
    let reader = app(&harness).reader().unwrap();
    assert!(reader.selection().is_empty(), "{:?}", reader.selection());
    assert_ne!(reader.selection().start, word.start);

    // In the document list, a tap on the second document opens it.
    let second = harness.get_by_label("آراء").rect().center();
    tap(&mut harness, second);
    assert_eq!(
        app(&harness).reader().unwrap().doc_id(),
        qari::sample::ARTICLES[1].0
    );
}

#[test]
fn a_selection_with_white_space_and_a_comma_tags_the_trimmed_passage_and_is_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let (mut harness, argument) = tagging_app(dir.path(), config.path());
    // "قيرغيزستان" selected with the space before it and the space after.
    let word = select(&mut harness, "قيرغيزستان", 0);
    harness
        .state_mut()
        .as_mut()
        .unwrap()
        .reader_mut()
        .unwrap()
        .select(word.start - 1..word.end + 1);
    harness.run();
    // The code's shortcut (f) tags the passage.
    harness.event(egui::Event::Text("f".into()));
    harness.run();
    assert_eq!(codes_on(&harness, &word), [argument]);
    // The selection no longer covers the passage, which shows in its code's colour.
    let reader = app(&harness).reader().unwrap();
    assert!(reader.selection().is_empty(), "{:?}", reader.selection());

    // The same through the codes menu, with a spaced comma after the phrase.
    let with_comma = nth_range(reader.text(), "حفظ السلام ،", 0);
    let name = with_comma.start..with_comma.end - 2;
    harness
        .state_mut()
        .as_mut()
        .unwrap()
        .reader_mut()
        .unwrap()
        .select(name.start..name.end + 2);
    harness.run();
    right_click_on(&mut harness, name.clone());
    harness.event(egui::Event::Text("حجة".into()));
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(codes_on(&harness, &name), [argument]);
}

#[test]
fn alt_down_and_ctrl_page_up_move_between_documents() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let (mut harness, _) = tagging_app(dir.path(), config.path());
    let (first, second) = (qari::sample::ARTICLES[0].0, qari::sample::ARTICLES[1].0);
    assert_eq!(app(&harness).reader().unwrap().doc_id(), first);
    harness.key_press_modifiers(egui::Modifiers::ALT, Key::ArrowDown);
    harness.run();
    assert_eq!(app(&harness).reader().unwrap().doc_id(), second);
    // At the end of the list it stays.
    harness.key_press_modifiers(egui::Modifiers::ALT, Key::ArrowDown);
    harness.run();
    assert_eq!(app(&harness).reader().unwrap().doc_id(), second);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::PageUp);
    harness.run();
    assert_eq!(app(&harness).reader().unwrap().doc_id(), first);
}

/// The reading column's width in ems of its font.
fn column_ems(harness: &Harness<'static, State>) -> f32 {
    let reader = app(harness).reader().unwrap();
    reader.column_width() / reader.font_size()
}

fn place(harness: &Harness<'static, State>, side: Side) -> Option<Place> {
    app(harness).panels().placed(side)
}

#[test]
fn at_1000_by_700_panels_fold_open_hide_and_give_way_to_focus_mode_keeping_30_ems_to_read() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    for (name, text) in qari::sample::ARTICLES {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let mut harness =
        common::gui::open_app_sized(Some(dir.path().to_owned()), config.path(), [1000.0, 700.0]);
    // Coding open; the documents and entities folded to strips.
    assert!(column_ems(&harness) >= 30.0, "{}", column_ems(&harness));
    assert!(matches!(
        place(&harness, Side::Coding),
        Some(Place::Open(_))
    ));
    assert_eq!(place(&harness, Side::Documents), Some(Place::Strip));
    assert_eq!(place(&harness, Side::Entities), Some(Place::Strip));

    // The documents strip opens the list, and coding folds to make room.
    let strip = harness
        .get_by_label(&Side::Documents.strip_label())
        .rect()
        .center();
    harness.hover_at(strip);
    harness.run();
    harness.get_by_label(&Side::Documents.strip_label()).click();
    harness.run();
    assert!(matches!(
        place(&harness, Side::Documents),
        Some(Place::Open(_))
    ));
    assert_eq!(place(&harness, Side::Coding), Some(Place::Strip));
    harness.get_by_label("آراء");
    assert!(column_ems(&harness) >= 30.0, "{}", column_ems(&harness));

    // Ctrl+3 opens coding again; pressed again, it hides it.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::Num3);
    harness.run();
    assert!(matches!(
        place(&harness, Side::Coding),
        Some(Place::Open(_))
    ));
    assert!(column_ems(&harness) >= 30.0, "{}", column_ems(&harness));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::Num3);
    harness.run();
    assert_eq!(place(&harness, Side::Coding), Some(Place::Hidden));

    // F11: the text alone, at its full measure; F11 again brings the panels back.
    harness.key_press(Key::F11);
    harness.run();
    assert_eq!(
        Side::ALL.map(|s| place(&harness, s)),
        [Some(Place::Hidden); 3]
    );
    assert!(
        (column_ems(&harness) - 34.0).abs() < 0.5,
        "{}",
        column_ems(&harness)
    );
    harness.key_press(Key::F11);
    harness.run();
    assert!(place(&harness, Side::Documents) != Some(Place::Hidden));

    // Hidden panels are remembered.
    drop(harness);
    let harness =
        common::gui::open_app_sized(Some(dir.path().to_owned()), config.path(), [1000.0, 700.0]);
    assert_eq!(place(&harness, Side::Coding), Some(Place::Hidden));
}

#[test]
fn f3_and_shift_f3_go_through_the_annotations_of_the_document_in_text_order() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let text = "كان الطقس باردا أمس. وهطل المطر في المساء. ثم عاد الهدوء.\n";
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    let mut harness = common::gui::open_app(Some(dir.path().to_owned()), config.path());
    let (rain, cold) = (nth_range(text, "المطر", 0), nth_range(text, "باردا", 0));
    let state = harness.state_mut().as_mut().unwrap();
    for range in [rain.clone(), cold.clone()] {
        state.run_command(qari::ui::Command::Project(qari::project::Intent::Tag {
            doc: "a.txt".into(),
            range,
            code: None,
        }));
    }
    harness.run();
    let selection = |h: &Harness<'static, State>| app(h).reader().unwrap().selection();
    harness.key_press(Key::F3);
    harness.run();
    assert_eq!(selection(&harness), cold);
    harness.key_press(Key::F3);
    harness.run();
    assert_eq!(selection(&harness), rain);
    // Round the end, and back.
    harness.key_press(Key::F3);
    harness.run();
    assert_eq!(selection(&harness), cold);
    harness.key_press_modifiers(egui::Modifiers::SHIFT, Key::F3);
    harness.run();
    assert_eq!(selection(&harness), rain);
}

#[test]
fn f1_lists_every_command_shortcut_from_the_commands_themselves() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let (mut harness, _) = tagging_app(dir.path(), config.path());
    harness.key_press(Key::F1);
    harness.run();
    let rows = qari::ui::shortcuts::shortcut_rows(&harness.ctx);
    for command in qari::ui::Command::with_shortcuts() {
        let label = command.label();
        assert!(rows.iter().any(|(l, _)| *l == label), "{label} listed");
        assert!(
            harness.query_all_by_label(label).count() > 0,
            "{label} shown"
        );
    }
    let focus = rows
        .iter()
        .find(|(l, _)| *l == qari::ui::Command::FocusMode.label())
        .unwrap();
    assert_eq!(focus.1, "F11");
    let next = rows
        .iter()
        .find(|(l, _)| *l == qari::ui::Command::NextDocument.label())
        .unwrap();
    assert!(
        next.1.contains("Alt") && next.1.contains(" or "),
        "{}",
        next.1
    );
    assert!(harness.query_all_by_label(&next.1).count() > 0);
    // F1 again closes it.
    harness.key_press(Key::F1);
    harness.run();
    assert!(harness.query_all_by_label(&next.1).count() == 0);
}

#[test]
fn the_annotations_list_keeps_one_row_a_passage_in_a_narrow_panel_and_a_click_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let (mut harness, argument) = tagging_app(dir.path(), config.path());
    // A long passage: its row is cut to the panel, not wrapped over the next.
    let text = app(&harness).reader().unwrap().text().to_owned();
    let long: Range<usize> = 0..text.lines().next().unwrap().chars().count();
    let state = harness.state_mut().as_mut().unwrap();
    for range in [long.clone(), nth_range(&text, "قيرغيزستان", 0)] {
        state.run_command(qari::ui::Command::Project(qari::project::Intent::Tag {
            doc: qari::sample::ARTICLES[0].0.into(),
            range,
            code: Some(argument),
        }));
    }
    harness.run();
    harness.get_by_label("Annotations").click();
    harness.run();
    let rows: Vec<egui::Rect> = harness
        .get_all_by_role(egui::accesskit::Role::Button)
        .filter(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with("حجة\n"))
        })
        .map(|n| n.rect())
        .collect();
    assert_eq!(rows.len(), 2);
    assert!((rows[0].height() - rows[1].height()).abs() < 0.5);
    assert!(rows[0].max.y <= rows[1].min.y + 0.5, "{rows:?}");
    // A click on the second row opens that annotation in the editor.
    tap(&mut harness, rows[1].center());
    let word = nth_range(&text, "قيرغيزستان", 0);
    harness.get_by_label_contains(&format!("Annotation {}–{}", word.start, word.end));
}

#[test]
fn two_coders_tag_the_filter_hides_one_and_the_curator_takes_a_version_undoably() {
    use qari::ui::agreement_view::CURATOR;
    use qari::ui::coders::{CoderFilter, CoderView};
    use qari::ui::coding::CodingPanel;
    use qari::ui::commands::Command;

    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let (mut harness, _) = tagging_app(dir.path(), config.path());
    // amal tags قيرغيزستان; badr tags it with the word before it, and a word amal left.
    state(&mut harness).run_command(Command::SetAuthor("amal".into()));
    let amal = in_menu(&mut harness, ("قيرغيزستان", 0), "حجة", &[Key::Enter]);
    state(&mut harness).run_command(Command::SetAuthor("badr".into()));
    let text = app(&harness).reader().unwrap().text().to_owned();
    let wider = {
        let before = text.chars().take(amal.start - 1).collect::<String>();
        let start = before
            .rfind(' ')
            .map_or(0, |b| before[..b].chars().count() + 1);
        start..amal.end
    };
    state(&mut harness)
        .reader_mut()
        .unwrap()
        .select(wider.clone());
    harness.run();
    right_click_on(&mut harness, wider.clone());
    harness.event(egui::Event::Text("حجة".into()));
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let authors = |h: &Harness<'static, State>| -> Vec<(String, Range<usize>)> {
        let ws = app(h).workspace().unwrap();
        let mut list: Vec<_> = ws
            .project()
            .annotations
            .iter()
            .map(|a| (a.author.clone(), a.range()))
            .collect();
        list.sort_by_key(|(_, r)| (r.start, r.end));
        list
    };
    assert_eq!(
        authors(&harness),
        [
            ("badr".to_owned(), wider.clone()),
            ("amal".to_owned(), amal.clone())
        ]
    );

    // View → Coders → amal: badr's passage is neither drawn nor listed.
    click(&mut harness, "View");
    click(&mut harness, "Coders");
    click(&mut harness, "amal");
    assert_eq!(
        app(&harness).coder_filter(),
        &CoderFilter::Only("amal".into())
    );
    let drawn = {
        let a = app(&harness);
        let ws = a.workspace().unwrap();
        let names = ["amal".to_owned(), "badr".to_owned()];
        let view = CoderView {
            filter: a.coder_filter(),
            me: a.author(),
            authors: &names,
        };
        let doc = a.reader().unwrap().doc_id().to_owned();
        CodingPanel::highlights(ws, &doc, &egui::Visuals::light(), &view)
            .into_iter()
            .map(|(h, _)| h.range)
            .collect::<Vec<_>>()
    };
    assert_eq!(drawn, std::slice::from_ref(&amal));

    // View → Agreement: the two versions differ at the edges; the curator takes amal's.
    click(&mut harness, "View");
    click(&mut harness, "Agreement between coders…");
    // The figures are computed on a thread of their own.
    for _ in 0..500 {
        if harness
            .query_by_label_contains("1 passages where amal and badr differ")
            .is_some()
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        harness.run();
    }
    assert!(
        harness
            .query_by_label_contains("1 passages where amal and badr differ")
            .is_some()
    );
    click(&mut harness, "Take amal");
    let curated: Vec<_> = authors(&harness)
        .into_iter()
        .filter(|(who, _)| who == CURATOR)
        .collect();
    assert_eq!(curated, [(CURATOR.to_owned(), amal.clone())]);
    assert!(harness.query_by_label_contains("curated").is_some());
    // The curator's passage was made as the curator, not as the coder at the keyboard.
    assert_eq!(app(&harness).author(), "badr");
    // Undo takes the curated passage back, and only it.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        authors(&harness),
        [("badr".to_owned(), wider), ("amal".to_owned(), amal)]
    );
}

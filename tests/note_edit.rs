//! The Arabic note field driven through egui_kittest: typing, visual arrow keys over logical
//! text, Backspace/Delete, selection and undo/redo.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use qari::ui::text::NoteEditor;

fn field(text: &str) -> Harness<'static, NoteEditor> {
    let mut harness = Harness::builder().with_size([500.0, 300.0]).build_ui_state(
        |ui, note: &mut NoteEditor| {
            note.ui(ui);
        },
        NoteEditor::new(text, 18.0),
    );
    harness.run();
    // Focus the field with a click at its centre.
    let centre = egui::pos2(250.0, 40.0);
    harness.event(Event::PointerMoved(centre));
    for pressed in [true, false] {
        harness.event(Event::PointerButton {
            pos: centre,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
    harness.run();
    harness
}

fn key(harness: &mut Harness<'static, NoteEditor>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

#[test]
fn typed_arabic_is_kept_as_typed_and_undo_redo_work() {
    let mut h = field("");
    h.event(Event::Text("ملاحظة: توكاييف".into()));
    h.run();
    h.event(Event::Text(" 2022".into()));
    h.run();
    assert_eq!(h.state().text(), "ملاحظة: توكاييف 2022");
    key(&mut h, Modifiers::NONE, Key::Backspace);
    assert_eq!(h.state().text(), "ملاحظة: توكاييف 202");
    key(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().text(), "ملاحظة: توكاييف 2022");
    key(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().text(), "ملاحظة: توكاييف");
    key(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(h.state().text(), "ملاحظة: توكاييف 2022");
    key(&mut h, Modifiers::NONE, Key::Enter);
    h.event(Event::Text("سطر ثان".into()));
    h.run();
    assert_eq!(h.state().text(), "ملاحظة: توكاييف 2022\nسطر ثان");
}

#[test]
fn arrow_keys_move_visually_over_arabic() {
    let mut h = field("سلام");
    // Clicking put the caret somewhere; go to the logical end of the text.
    key(&mut h, Modifiers::COMMAND, Key::End);
    assert_eq!(h.state().caret(), 4);
    // In a right-to-left line, Right goes back towards the start of the text…
    key(&mut h, Modifiers::NONE, Key::ArrowRight);
    assert_eq!(h.state().caret(), 3);
    // …and Left forward towards its end.
    key(&mut h, Modifiers::NONE, Key::ArrowLeft);
    assert_eq!(h.state().caret(), 4);
    key(&mut h, Modifiers::COMMAND, Key::Home);
    assert_eq!(h.state().caret(), 0);
    key(&mut h, Modifiers::NONE, Key::Delete);
    assert_eq!(h.state().text(), "لام");
}

#[test]
fn shift_arrows_select_and_typing_replaces_the_selection() {
    let mut h = field("قال توكاييف");
    key(&mut h, Modifiers::COMMAND, Key::Home);
    for _ in 0..3 {
        key(&mut h, Modifiers::SHIFT, Key::ArrowLeft);
    }
    assert_eq!(h.state().selection(), Some(0..3));
    h.event(Event::Text("صرح".into()));
    h.run();
    assert_eq!(h.state().text(), "صرح توكاييف");
    key(&mut h, Modifiers::COMMAND, Key::A);
    assert_eq!(
        h.state().selection(),
        Some(0.."صرح توكاييف".chars().count())
    );
}

#[test]
fn text_committed_by_an_input_method_is_inserted() {
    let mut h = field("");
    h.event(Event::Ime(egui::ImeEvent::Commit("قارئ".into())));
    h.run();
    assert_eq!(h.state().text(), "قارئ");
}

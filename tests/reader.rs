//! The reading view alone, driven through egui_kittest: keyboard scrolling, scroll-to-range,
//! highlight hover and click, copy.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use egui::{Color32, Event, Key, Modifiers, PointerButton, pos2};
use egui_kittest::Harness;
use qari::layout::TextStyle;
use qari::ui::reader::{Highlight, HighlightStyle, Reader, ReaderOutput};

struct View {
    reader: Reader,
    highlights: Vec<Highlight>,
    last: ReaderOutput,
    clicked: Option<usize>,
}

fn long_text() -> String {
    (0..200)
        .map(|i| format!("الفقرة رقم {i}: أرسلت منظمة معاهدة الأمن الجماعي قوات إلى ألماتا.\n"))
        .collect()
}

fn view(text: String, highlights: Vec<Highlight>) -> Harness<'static, View> {
    let mut harness = Harness::builder()
        .with_size([900.0, 600.0])
        // Frames 1/60 s apart, so two clicks can make a double click.
        .with_step_dt(1.0 / 60.0)
        .build_ui_state(
            |ui, v: &mut View| {
                v.last = v.reader.ui(ui, &v.highlights);
                if v.last.clicked.is_some() {
                    v.clicked = v.last.clicked;
                }
            },
            View {
                reader: Reader::new("doc", text, TextStyle::default()),
                highlights,
                last: ReaderOutput::default(),
                clicked: None,
            },
        );
    settle(&mut harness);
    harness
}

/// Runs frames until the reader has measured every paragraph (it asks for repaints until then).
fn settle(harness: &mut Harness<'static, View>) {
    for _ in 0..200 {
        harness.step();
    }
}

fn click(harness: &mut Harness<'static, View>, at: egui::Pos2) {
    harness.event(Event::PointerMoved(at));
    harness.step();
    for pressed in [true, false] {
        harness.event(Event::PointerButton {
            pos: at,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
    harness.step();
}

fn first_visible(harness: &Harness<'static, View>) -> usize {
    harness.state().reader.visible_paragraphs().unwrap().start
}

#[test]
fn page_keys_scroll_and_ctrl_home_returns_to_the_top() {
    let mut h = view(long_text(), Vec::new());
    click(&mut h, pos2(450.0, 300.0));
    assert_eq!(first_visible(&h), 0);
    h.key_press(Key::PageDown);
    settle(&mut h);
    let after_one = first_visible(&h);
    assert!(after_one > 3, "{after_one}");
    h.key_press(Key::PageDown);
    settle(&mut h);
    assert!(first_visible(&h) > after_one);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Home);
    settle(&mut h);
    assert_eq!(first_visible(&h), 0);
}

#[test]
fn scroll_to_brings_a_far_range_into_view() {
    let text = long_text();
    let target = text[..text.find("الفقرة رقم 150:").unwrap()]
        .chars()
        .count();
    let mut h = view(text, Vec::new());
    let now = h.ctx.input(|i| i.time);
    h.state_mut().reader.scroll_to(target..target + 6, now);
    settle(&mut h);
    let visible = h.state().reader.visible_paragraphs().unwrap();
    assert!(visible.contains(&150), "{visible:?}");
}

#[test]
fn hovering_and_clicking_a_highlight_reports_it() {
    let text = long_text();
    let start = text
        .find("ألماتا")
        .map(|b| text[..b].chars().count())
        .unwrap();
    let highlight = Highlight {
        range: start..start + "ألماتا".chars().count(),
        color: Color32::from_rgb(200, 120, 40),
        style: HighlightStyle::Background,
        tooltip: "Almaty (place)".into(),
    };
    let mut h = view(text, vec![highlight.clone()]);
    let ctx = h.ctx.clone();
    let rect = h
        .state_mut()
        .reader
        .screen_rects(&ctx, highlight.range.clone())[0];
    h.event(Event::PointerMoved(rect.center()));
    settle(&mut h);
    assert_eq!(h.state().last.hovered, Some(0));
    click(&mut h, rect.center());
    assert_eq!(h.state().clicked, Some(0));
}

#[test]
fn ctrl_a_then_copy_puts_the_logical_text_on_the_clipboard() {
    let text = "قال توكاييف إن Elbasy صامت منذ 6 يناير 2022.\n".to_owned();
    let mut h = view(text.clone(), Vec::new());
    click(&mut h, pos2(450.0, 60.0));
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.step();
    assert_eq!(
        h.state().reader.selected_text(),
        text.trim_end_matches('\n')
    );
    h.event(Event::Copy);
    h.step();
    let copied = h
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        });
    assert_eq!(copied.as_deref(), Some(text.trim_end_matches('\n')));
}

fn press(harness: &mut Harness<'static, View>, at: egui::Pos2, modifiers: Modifiers) {
    harness.event(Event::PointerMoved(at));
    for pressed in [true, false] {
        // With the modifier keys held, as a real keyboard reports them.
        harness.event_modifiers(
            Event::PointerButton {
                pos: at,
                button: PointerButton::Primary,
                pressed,
                modifiers,
            },
            modifiers,
        );
        harness.step();
    }
}

#[test]
fn double_click_selects_a_word_triple_click_a_paragraph_shift_click_extends() {
    let text = "قال الرئيس توكاييف إن العملية ستنتهي.\nفقرة ثانية هنا.\n".to_owned();
    let mut h = view(text.clone(), Vec::new());
    let word = "توكاييف";
    let start = text[..text.find(word).unwrap()].chars().count();
    let ctx = h.ctx.clone();
    let rect = h.state_mut().reader.screen_rects(&ctx, start..start + 7)[0];
    press(&mut h, rect.center(), Modifiers::NONE);
    press(&mut h, rect.center(), Modifiers::NONE);
    h.step();
    assert_eq!(h.state().reader.selection(), start..start + 7);
    assert_eq!(h.state().reader.selected_text(), word);
    press(&mut h, rect.center(), Modifiers::NONE);
    h.step();
    assert_eq!(
        h.state().reader.selected_text(),
        "قال الرئيس توكاييف إن العملية ستنتهي."
    );
    // Let the triple click expire, then click before the word and Shift+click into the next
    // paragraph: the selection runs across the paragraph break.
    for _ in 0..60 {
        h.step();
    }
    let second = text
        .find("ثانية")
        .map(|b| text[..b].chars().count())
        .unwrap();
    let second_rect = h.state_mut().reader.screen_rects(&ctx, second..second + 5)[0];
    press(
        &mut h,
        egui::pos2(rect.max.x - 1.0, rect.center().y),
        Modifiers::NONE,
    );
    for _ in 0..60 {
        h.step();
    }
    press(
        &mut h,
        egui::pos2(second_rect.min.x + 1.0, second_rect.center().y),
        Modifiers::SHIFT,
    );
    h.step();
    assert_eq!(h.state().reader.selection(), start..second + 5);
    assert!(h.state().reader.selected_text().contains('\n'));
}

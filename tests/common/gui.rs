//! The window driven headless through egui_kittest: an app opened on a folder or project file,
//! waited for until its project is loaded.

#![allow(dead_code)] // not every test binary that uses `common` drives the window

use std::path::{Path, PathBuf};
use std::time::Duration;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use qari::project::autosave::Autosave;
use qari::project::{CodeChange, Intent};
use qari::recent::Recent;
use qari::ui::{Command, QariApp};

/// The app is created on the first frame, when the harness's context exists.
pub type State = Option<QariApp>;

/// A 1600×800 harness on an app that remembers its last project in `config`, opened on `start`
/// (or on what `config` remembers), its project loaded.
pub fn open_app(start: Option<PathBuf>, config: &Path) -> Harness<'static, State> {
    open_app_sized(start, config, [1600.0, 800.0])
}

/// [`open_app`] in a window of `size` points.
pub fn open_app_sized(
    start: Option<PathBuf>,
    config: &Path,
    size: [f32; 2],
) -> Harness<'static, State> {
    let recent = Recent::at(config);
    let mut harness = Harness::builder()
        .with_size(size)
        // The reader measures long documents over a few frames, in a debug build slowly.
        .with_max_steps(400)
        .build_ui_state(
            move |ui, state: &mut State| {
                state
                    .get_or_insert_with(|| QariApp::new(ui.ctx(), start.clone(), recent.clone()))
                    .ui(ui);
            },
            None,
        );
    wait_until_loaded(&mut harness);
    harness
}

/// The app of a harness (made on its first frame).
pub fn app<'h>(harness: &'h Harness<'_, State>) -> &'h QariApp {
    harness
        .state()
        .as_ref()
        .expect("app created on the first frame")
}

/// Steps the harness until the app has finished opening its project (at most 5 s).
pub fn wait_until_loaded(harness: &mut Harness<'_, State>) {
    for _ in 0..500 {
        harness.step();
        if !app(harness).is_loading() {
            harness.run();
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("the project did not open within 5 s");
}

/// Steps until the entity sidebar has found the mentions (a few seconds in a debug build with
/// the full bundled register); a frame first, so a register edit starts the search again.
pub fn wait_for_entities(harness: &mut Harness<'static, State>) {
    let started = std::time::Instant::now();
    harness.run();
    while app(harness).entities().is_working() && started.elapsed().as_secs() < 120 {
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    harness.run();
}

/// Steps until the save the window runs on its own thread has been taken in (at most 20 s).
pub fn wait_until_saved(harness: &mut Harness<'_, State>) {
    let started = std::time::Instant::now();
    harness.step();
    while app(harness).workspace().is_some_and(|ws| ws.is_saving()) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the save did not end within 20 s"
        );
        std::thread::sleep(Duration::from_millis(5));
        harness.step();
    }
    harness.run();
}

/// The seed articles, the first one open, a code "حجة" with the shortcut f, saving only by hand.
pub fn tagging_app(
    dir: &Path,
    config: &Path,
) -> (Harness<'static, State>, qari::annotations::CodeId) {
    for (name, text) in qari::sample::ARTICLES {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let mut harness = open_app(Some(dir.to_owned()), config);
    let state = harness.state_mut().as_mut().unwrap();
    state.set_autosave(Autosave::new(Duration::from_secs(3600)));
    state.run_command(Command::Project(Intent::AddCode {
        name: "حجة".into(),
        parent: None,
    }));
    let book = &state.workspace().unwrap().project().codebook;
    let code = book.find("حجة", None).unwrap().id;
    state.run_command(Command::Project(Intent::ChangeCode {
        id: code,
        change: CodeChange::Shortcut(Some('f')),
    }));
    harness.run();
    (harness, code)
}

/// Presses at `from`, drags to `to` in small steps and lets go.
pub fn drag(harness: &mut Harness<'static, State>, from: egui::Pos2, to: egui::Pos2) {
    harness.event(egui::Event::PointerMoved(from));
    harness.step();
    harness.event(egui::Event::PointerButton {
        pos: from,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    harness.step();
    for i in 1..=10 {
        let t = i as f32 / 10.0;
        harness.event(egui::Event::PointerMoved(from + (to - from) * t));
        harness.step();
    }
    harness.event(egui::Event::PointerButton {
        pos: to,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    harness.run();
}

/// A right click (press and release) on the first line of `range` in the reading view.
pub fn right_click_on(harness: &mut Harness<'static, State>, range: std::ops::Range<usize>) {
    let ctx = harness.ctx.clone();
    let rect = harness
        .state_mut()
        .as_mut()
        .unwrap()
        .reader_mut()
        .unwrap()
        .screen_rects(&ctx, range)[0];
    harness.event(egui::Event::PointerMoved(rect.center()));
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: rect.center(),
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        harness.step();
    }
    harness.run();
}

/// Clicks the widget labelled `label` (hovering first, as a pointer does), a frame each.
pub fn click(harness: &mut Harness<'static, State>, label: &str) {
    harness.get_by_label(label).hover();
    harness.run();
    harness.get_by_label(label).click();
    harness.run();
}

/// The pointer moved to `at`, then a press and release of the primary button there in one
/// frame (a touchpad tap, or `xdotool click`). (`Harness::event` would give each event a frame
/// of its own.)
pub fn tap(harness: &mut Harness<'static, State>, at: egui::Pos2) {
    harness.event(egui::Event::PointerMoved(at));
    harness.run();
    for pressed in [true, false] {
        harness.input_mut().events.push(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    harness.run();
}

/// The app of a harness, to drive it.
pub fn state<'h>(harness: &'h mut Harness<'static, State>) -> &'h mut QariApp {
    harness
        .state_mut()
        .as_mut()
        .expect("app created on the first frame")
}

/// Gives documents a value of one attribute (as `qari attributes import` would), through the
/// window's one door, and lets a frame show it.
pub fn set_attribute(harness: &mut Harness<'static, State>, column: &str, values: &[(&str, &str)]) {
    let rows = values
        .iter()
        .map(|(doc, value)| {
            let values =
                std::collections::BTreeMap::from([(column.to_owned(), (*value).to_owned())]);
            ((*doc).to_owned(), values)
        })
        .collect();
    state(harness).run_command(Command::Project(Intent::SetAttributes {
        rows,
        source: "test".into(),
    }));
    harness.run();
}

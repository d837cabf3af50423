//! The window driven headless through egui_kittest: an app opened on a folder or project file,
//! waited for until its project is loaded.

#![allow(dead_code)] // not every test binary that uses `common` drives the window

use std::path::{Path, PathBuf};
use std::time::Duration;

use egui_kittest::Harness;
use qari::recent::Recent;
use qari::ui::QariApp;

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

//! File → Export… against files it must not destroy (issue 12): the refusal is a message in
//! the status bar, a brat folder that holds other files asks for the dialog's checkbox, and CSV
//! offers raw cells.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use qari::recent::Recent;
use qari::ui::export_dialog::{CSV_RAW_LABEL, FORCE_LABEL};
use qari::ui::{Command, QariApp};

/// The app is created on the first frame, when the harness's context exists.
type State = Option<QariApp>;

/// A harness on the sample articles in `dir`, its project opened.
fn open_app(dir: &Path, config: &Path) -> Harness<'static, State> {
    for (name, text) in qari::sample::ARTICLES {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let recent = Recent::at(config);
    let start = Some(dir.to_owned());
    let mut harness = Harness::builder()
        .with_size([1600.0, 800.0])
        .with_max_steps(400)
        .build_ui_state(
            move |ui, state: &mut State| {
                state
                    .get_or_insert_with(|| QariApp::new(ui.ctx(), start.clone(), recent.clone()))
                    .ui(ui);
            },
            None,
        );
    for _ in 0..500 {
        harness.step();
        if !harness.state().as_ref().unwrap().is_loading() {
            harness.run();
            return harness;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the project did not open within 5 s");
}

/// Runs an export as the dialog's Export… button asks for it; returns the status line.
fn export(
    harness: &mut Harness<'static, State>,
    format: qari::export::Format,
    out: PathBuf,
    force: bool,
) -> String {
    let state = harness.state_mut().as_mut().unwrap();
    state.run_command(Command::Export {
        format,
        out,
        options: qari::export::Options {
            force,
            ..Default::default()
        },
        with_entities: false,
    });
    state.status().unwrap().text.clone()
}

#[test]
fn gui_export_refuses_the_project_file_and_a_full_brat_folder_without_its_checkbox() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let mut harness = open_app(dir.path(), config.path());
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export…").click();
    harness.run();
    harness.get_by_label(CSV_RAW_LABEL);
    assert!(harness.query_by_label(FORCE_LABEL).is_none());
    harness.get_by_label("brat standoff (folder)").click();
    harness.run();
    harness.get_by_label(FORCE_LABEL);
    assert!(harness.query_by_label(CSV_RAW_LABEL).is_none());
    harness.get_by_label("Cancel").click();
    harness.run();

    let project = dir.path().join("qari.ron");
    let before = std::fs::read(&project).unwrap();
    let said = export(
        &mut harness,
        qari::export::Format::Csv,
        project.clone(),
        false,
    );
    assert!(
        said.starts_with("will not write over the project file")
            && said.ends_with(&project.display().to_string()),
        "{said}"
    );
    assert_eq!(std::fs::read(&project).unwrap(), before);

    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("thesis.odt"), "mine").unwrap();
    let folder = outside.path().to_owned();
    let said = export(
        &mut harness,
        qari::export::Format::Brat,
        folder.clone(),
        false,
    );
    assert!(said.contains(FORCE_LABEL), "{said}");
    assert!(said.ends_with(&folder.display().to_string()), "{said}");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1);
    let said = export(
        &mut harness,
        qari::export::Format::Brat,
        folder.clone(),
        true,
    );
    assert!(said.starts_with("exported "), "{said}");
    assert_eq!(std::fs::read(folder.join("thesis.odt")).unwrap(), b"mine");
    let said = export(
        &mut harness,
        qari::export::Format::Brat,
        dir.path().to_owned(),
        true,
    );
    assert!(
        said.starts_with("will not write a brat export into the corpus folder"),
        "{said}"
    );
}

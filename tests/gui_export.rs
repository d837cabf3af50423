//! File → Export… against files it must not destroy (issue 12): the refusal is a message in
//! the status bar, a brat folder that holds other files asks for the dialog's checkbox, and CSV
//! offers raw cells.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::path::{Path, PathBuf};

mod common;

use common::gui::{State, open_app, set_attribute};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use qari::ui::Command;
use qari::ui::export_dialog::{CSV_RAW_LABEL, FORCE_LABEL};

/// A harness on the sample articles in `dir`, its project opened.
fn open_sample(dir: &Path, config: &Path) -> Harness<'static, State> {
    for (name, text) in qari::sample::ARTICLES {
        std::fs::write(dir.join(name), text).unwrap();
    }
    open_app(Some(dir.to_owned()), config)
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
    let mut harness = open_sample(dir.path(), config.path());
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

#[test]
fn the_export_dialog_exports_only_the_documents_with_an_attributes_value() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let mut harness = open_sample(dir.path(), config.path());
    let state = harness.state_mut().as_mut().unwrap();
    let ids: Vec<String> = state
        .workspace()
        .unwrap()
        .corpus()
        .documents
        .iter()
        .map(|d| d.id.clone())
        .collect();
    set_attribute(
        &mut harness,
        "المصدر",
        &[(&ids[0], "الشرق الأوسط"), (&ids[1], "الحياة")],
    );
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export…").click();
    harness.run();
    let csv = qari::export::Format::Csv;
    let options =
        |h: &mut Harness<'static, State>| h.state_mut().as_mut().unwrap().export_options(csv);
    assert!(
        options(&mut harness).unwrap().docs.is_empty(),
        "every document"
    );
    harness
        .get_by_label("Export only documents where: any")
        .click();
    harness.run();
    harness.get_by_label("المصدر").click();
    harness.run();
    // The first value in order: الحياة, the second document's.
    assert_eq!(options(&mut harness).unwrap().docs, [ids[1].clone()]);
    harness
        .get_by_label("Export only documents where المصدر is: الحياة")
        .click();
    harness.run();
    harness.get_by_label("الشرق الأوسط").click();
    harness.run();
    assert_eq!(options(&mut harness).unwrap().docs, [ids[0].clone()]);
}

//! The central area: the selected document in the right-to-left reading view
//! ([`super::reader`]), with its mentions and annotations drawn and the codes menu on a right
//! click; what qari knows of a document it cannot show (never a scrambled rendering of its
//! text); with no project, a welcome with the ways to open one; with a moved corpus, the way to
//! locate it.

use std::path::Path;

use egui::{Grid, RichText, Ui};

use super::Selected;
use super::commands::Command;
use super::reader::{Highlight, Reader, ReaderOutput};
use super::text;
use crate::corpus::DocumentInfo;
use crate::project::Workspace;

/// What the central area shows a document with.
pub struct ReaderArgs<'a> {
    /// The reading view, when the document could be read.
    pub reader: Option<&'a mut Reader>,
    /// Mentions and annotations to draw.
    pub highlights: &'a [Highlight],
    /// The reading view's context menu.
    pub menu: &'a mut dyn FnMut(&mut Ui),
}

/// Draws the central area; returns the command its buttons asked for, and what happened in
/// the reading view.
pub fn central_ui(
    ui: &mut Ui,
    workspace: Option<&Workspace>,
    selected: Option<Selected>,
    reading: ReaderArgs<'_>,
    missing_corpus: Option<&Path>,
    loading: bool,
) -> (Option<Command>, Option<ReaderOutput>) {
    egui::CentralPanel::default()
        .show(ui, |ui| {
            if let Some(project) = missing_corpus {
                return (missing_corpus_ui(ui, project), None);
            }
            match (workspace, selected) {
                (Some(ws), Some(item)) => (None, item_ui(ui, ws, item, reading)),
                (Some(_), None) => {
                    ui.label("This corpus has no documents.");
                    (None, None)
                }
                (None, _) if loading => (None, None),
                (None, _) => (welcome_ui(ui), None),
            }
        })
        .inner
}

fn welcome_ui(ui: &mut Ui) -> Option<Command> {
    let mut chosen = None;
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() / 4.0);
        ui.heading("qari — قارئ");
        ui.label("Open a folder of articles (.txt, .md, .html) or a qari project.");
        ui.label("You can also drop a folder onto this window.");
        ui.add_space(12.0);
        for command in [
            Command::OpenFolderDialog,
            Command::OpenFileDialog,
            Command::OpenSample,
        ] {
            if ui.button(command.label()).clicked() {
                chosen = Some(command);
            }
        }
    });
    chosen
}

fn missing_corpus_ui(ui: &mut Ui, project: &Path) -> Option<Command> {
    let mut chosen = None;
    ui.heading("The corpus folder was not found");
    ui.label(format!(
        "The project {} refers to a corpus folder that is not there. If it moved, show qari \
         where it is now; the project's annotations stay as they are.",
        project.display()
    ));
    ui.add_space(8.0);
    let command = Command::LocateCorpusDialog(project.to_owned());
    if ui.button(command.label()).clicked() {
        chosen = Some(command);
    }
    chosen
}

fn item_ui(
    ui: &mut Ui,
    ws: &Workspace,
    item: Selected,
    reading: ReaderArgs<'_>,
) -> Option<ReaderOutput> {
    match item {
        Selected::Document(i) => {
            if let Some(doc) = ws.corpus().documents.get(i) {
                document_header_ui(ui, ws, doc);
                match reading.reader {
                    Some(reader) => {
                        return Some(reader.ui_with_menu(ui, reading.highlights, reading.menu));
                    }
                    None => {
                        ui.label(
                            "The text of this document could not be read (see the status bar).",
                        );
                    }
                }
            }
        }
        Selected::Missing(i) => {
            let id = ws.changes().missing.get(i)?;
            ui.heading(id);
            ui.label(
                "This document is in the project but its file is gone from the corpus folder.",
            );
            if let Some(record) = ws.project().documents.iter().find(|r| &r.id == id) {
                Grid::new("missing-doc").num_columns(2).show(ui, |ui| {
                    field(ui, "Length", format!("{} characters", record.chars));
                    field(ui, "Content hash", record.hash.to_string());
                });
            }
        }
        Selected::Skipped(i) => {
            if let Some(err) = ws.corpus().skipped.get(i) {
                ui.heading("This file could not be read");
                ui.label(RichText::new(err.to_string()).color(ui.visuals().warn_fg_color));
            }
        }
    }
    None
}

/// One line above the text: file, encoding, length, state and warnings; details on hover.
fn document_header_ui(ui: &mut Ui, ws: &Workspace, doc: &DocumentInfo) {
    let state = if ws.changes().is_changed(&doc.id) {
        "changed since the project was last saved"
    } else if ws.changes().is_new(&doc.id) {
        "new since the project was last saved"
    } else {
        "unchanged"
    };
    let heading = ui.style().text_styles[&egui::TextStyle::Heading].size;
    text::label(ui, &doc.title, heading, ui.visuals().strong_text_color());
    ui.horizontal_wrapped(|ui| {
        let summary = format!(
            "{} · {} · {} characters",
            doc.id, doc.encoding, doc.char_len
        );
        ui.label(RichText::new(summary).weak()).on_hover_ui(|ui| {
            Grid::new("document-metadata")
                .num_columns(2)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    field(ui, "File", doc.id.clone());
                    field(ui, "Location", doc.path.display().to_string());
                    field(ui, "Format", format!("{:?}", doc.format).to_lowercase());
                    field(ui, "Encoding", doc.encoding.to_string());
                    field(ui, "Size", format!("{} bytes", doc.byte_len));
                    field(ui, "Length", format!("{} characters", doc.char_len));
                    field(ui, "Content hash", doc.hash.to_string());
                    field(ui, "State", state.to_owned());
                });
        });
        for warning in &doc.warnings {
            ui.label(RichText::new(warning.to_string()).color(ui.visuals().warn_fg_color));
        }
    });
    ui.separator();
}

fn field(ui: &mut Ui, name: &str, value: String) {
    ui.label(RichText::new(name).weak());
    ui.label(value);
    ui.end_row();
}

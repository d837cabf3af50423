//! File → Import annotations…: the format, the file (or brat folder), then a check that reads
//! it and says what will be added (annotations, documents, new codes, passages already in the
//! project) and every bad line, before anything is added. Importing is one undoable step
//! through the workspace's one door. "Lenient" takes doubtful lines (a text that is not the
//! document's, a brat id given twice, a code name with control characters) with a warning each
//! instead of refusing the file, as `qari import --lenient` does.

use std::path::{Path, PathBuf};

use egui::{RichText, ScrollArea, Ui};

use super::commands::Command;
use crate::import::{self, Format, LineError, Passage};
use crate::project::{Intent, IntentError, Workspace};

/// At most this many bad lines are listed.
const SHOWN_ERRORS: usize = 200;

/// The import dialog's state.
pub struct ImportDialog {
    open: bool,
    format: Format,
    path: String,
    lenient: bool,
    /// The file as read and checked, for the format, path and leniency it was read with.
    checked: Option<Checked>,
}

impl Default for ImportDialog {
    fn default() -> Self {
        Self {
            open: false,
            format: Format::Jsonl,
            path: String::new(),
            lenient: false,
            checked: None,
        }
    }
}

/// A file read and planned against the project.
struct Checked {
    format: Format,
    path: String,
    lenient: bool,
    /// What would be added, or why nothing can be.
    result: Result<Ready, Vec<String>>,
}

/// A file that can be imported.
struct Ready {
    passages: Vec<Passage>,
    summary: String,
    /// The doubtful lines taken anyway (lenient), each saying how.
    warnings: Vec<String>,
}

impl ImportDialog {
    /// Shows the dialog.
    pub fn open(&mut self) {
        self.open = true;
        self.checked = None;
    }

    /// Draws the dialog while it is open; returns the import asked for.
    pub fn ui(&mut self, ui: &mut Ui, ws: &Workspace, author: &str) -> Option<Command> {
        if !self.open {
            return None;
        }
        let mut chosen = None;
        let mut open = self.open;
        egui::Window::new("Import annotations")
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_width(460.0)
            .show(ui.ctx(), |ui| {
                ui.label(RichText::new("Format").strong());
                for f in Format::ALL {
                    ui.radio_value(&mut self.format, f, f.label());
                }
                ui.separator();
                let what = if self.format.is_folder() {
                    "Folder"
                } else {
                    "File"
                };
                ui.horizontal(|ui| {
                    ui.label(what);
                    ui.add(
                        egui::TextEdit::singleline(&mut self.path)
                            .hint_text("path")
                            .desired_width(280.0),
                    )
                    .labelled_by(ui.label("File or folder").id);
                    if ui.button("Choose…").clicked()
                        && let Some(picked) = pick_source(self.format)
                    {
                        self.path = picked.display().to_string();
                    }
                });
                ui.checkbox(
                    &mut self.lenient,
                    "Lenient: import doubtful lines with a warning each",
                )
                .on_hover_text(
                    "A text that is not the document's at its offsets is imported at the \
                     offsets, the first of two lines with the same brat id is kept, a code name \
                     with control characters is cleaned. Without it, such a file is refused.",
                );
                // What was checked no longer applies once the format, path or leniency changes.
                if self.checked.as_ref().is_some_and(|c| {
                    c.format != self.format || c.path != self.path || c.lenient != self.lenient
                }) {
                    self.checked = None;
                }
                ui.horizontal(|ui| {
                    let can_check = !self.path.trim().is_empty();
                    if ui
                        .add_enabled(can_check, egui::Button::new("Check"))
                        .clicked()
                    {
                        self.checked =
                            Some(check(self.format, &self.path, self.lenient, ws, author));
                    }
                    let ready = matches!(&self.checked, Some(Checked { result: Ok(_), .. }));
                    if ui.add_enabled(ready, egui::Button::new("Import")).clicked()
                        && let Some(Checked {
                            result: Ok(ready), ..
                        }) = self.checked.take()
                    {
                        chosen = Some(Command::Project(Intent::Import {
                            passages: ready.passages,
                            source: self.path.trim().to_owned(),
                        }));
                    }
                    if ui.button("Cancel").clicked() {
                        self.open = false;
                    }
                });
                match &self.checked {
                    None => {
                        ui.label(
                            RichText::new(
                                "Check reads the file and says what will be added; nothing is \
                                 added until Import.",
                            )
                            .weak(),
                        );
                    }
                    Some(Checked {
                        result: Ok(ready), ..
                    }) => {
                        ui.label(&ready.summary);
                        if !ready.warnings.is_empty() {
                            ui.label(
                                RichText::new(format!(
                                    "{} doubtful lines, taken leniently:",
                                    ready.warnings.len()
                                ))
                                .color(ui.visuals().warn_fg_color),
                            );
                            ScrollArea::vertical().max_height(220.0).show(ui, |ui| {
                                for line in &ready.warnings {
                                    ui.label(line);
                                }
                            });
                        }
                    }
                    Some(Checked {
                        result: Err(errors),
                        ..
                    }) => {
                        ui.label(
                            RichText::new("Nothing can be imported:")
                                .color(ui.visuals().error_fg_color),
                        );
                        ScrollArea::vertical().max_height(220.0).show(ui, |ui| {
                            for line in errors {
                                ui.label(line);
                            }
                        });
                    }
                }
            });
        self.open &= open;
        if chosen.is_some() {
            self.open = false;
        }
        chosen
    }
}

/// Reads the file and plans the import against the project as it is now.
fn check(format: Format, path: &str, lenient: bool, ws: &Workspace, author: &str) -> Checked {
    let checked = |result| Checked {
        format,
        path: path.to_owned(),
        lenient,
        result,
    };
    let batch = match import::read(format, Path::new(path.trim()), ws.corpus(), lenient) {
        Ok(batch) => batch,
        Err(err) => return checked(Err(vec![format!("{err:#}")])),
    };
    let documents = {
        let mut docs: Vec<&str> = batch.passages.iter().map(|p| p.doc.as_str()).collect();
        docs.sort_unstable();
        docs.dedup();
        docs.len()
    };
    let intent = Intent::Import {
        passages: batch.passages.clone(),
        source: path.to_owned(),
    };
    let mut errors = batch.errors;
    let planned = ws.plan(intent, author);
    match planned {
        Err(IntentError::Import(more)) => errors.extend(more),
        _ if !errors.is_empty() => {}
        Err(IntentError::Unchanged(why)) => return checked(Err(vec![why])),
        Err(err) => return checked(Err(vec![format!("{err:#}")])),
        Ok(planned) => {
            let imported = planned.outcome.imported.unwrap_or_default();
            let mut summary = format!(
                "{} in {} will be added, with {}.",
                count(imported.annotations, "annotation"),
                count(documents, "document"),
                count(imported.new_codes, "new code")
            );
            if imported.duplicates > 0 {
                summary.push_str(&format!(
                    " {} passages are in the project already and are left out.",
                    imported.duplicates
                ));
            }
            if batch.skipped > 0 {
                summary.push_str(&format!(
                    " {} relation, event or attribute lines have no place in qari and are left \
                     out.",
                    batch.skipped
                ));
            }
            summary.push_str(" Import adds them as one step (Ctrl+Z undoes it).");
            let warnings = batch.warnings.iter().map(|w| w.to_string()).collect();
            return checked(Ok(Ready {
                passages: batch.passages,
                summary,
                warnings,
            }));
        }
    }
    checked(Err(listed(errors)))
}

/// "1 annotation", "3 annotations".
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The bad lines, in file order, the first [`SHOWN_ERRORS`] of them, and a word on Lenient
/// when some are only doubtful.
fn listed(mut errors: Vec<LineError>) -> Vec<String> {
    errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    let total = errors.len();
    let mut out: Vec<String> = errors
        .iter()
        .take(SHOWN_ERRORS)
        .map(|e| e.to_string())
        .collect();
    if total > SHOWN_ERRORS {
        out.push(format!("… and {} more", total - SHOWN_ERRORS));
    }
    out.insert(0, format!("{total} bad lines:"));
    let doubtful = errors
        .iter()
        .filter(|e| e.message.contains(import::LENIENT_MARK))
        .count();
    if doubtful > 0 {
        out.push(format!(
            "{doubtful} of them are only doubtful: tick Lenient to import those as said, with a \
             warning each."
        ));
    }
    out
}

/// Asks for the file (or the brat folder).
fn pick_source(format: Format) -> Option<PathBuf> {
    if format.is_folder() {
        rfd::FileDialog::new()
            .set_title("brat folder to import")
            .pick_folder()
    } else {
        rfd::FileDialog::new()
            .add_filter(format.label(), format.extensions())
            .pick_file()
    }
}

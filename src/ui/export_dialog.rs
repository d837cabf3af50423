//! File → Export…: the format, which annotations (codes, this document), entity mentions, how
//! (CSV cells raw or kept from running as formulas; a brat folder that holds other files), then
//! where to write (a file, or a folder for brat). What the export refuses (the project's or the
//! corpus's files, a folder not empty) is said in the status bar by [`crate::export::export`]'s
//! error.

use egui::{RichText, Ui};

use super::commands::Command;
use super::theme;
use crate::annotations::CodeId;
use crate::export::{Format, Options};
use crate::project::Workspace;

/// The export dialog's state.
#[derive(Default)]
pub struct ExportDialog {
    open: bool,
    format: Option<Format>,
    this_document: bool,
    codes: Vec<CodeId>,
    /// Coders whose annotations are exported (none: everyone's).
    authors: Vec<String>,
    with_entities: bool,
    force: bool,
    csv_raw: bool,
    /// Only the documents with an attribute's value.
    filter: super::doc_filter::DocFilter,
}

/// The CSV checkbox's label.
pub const CSV_RAW_LABEL: &str =
    "raw cells (no ' before a cell starting with =, +, -, @: a spreadsheet may run it)";

/// The brat checkbox's label.
pub const FORCE_LABEL: &str =
    "write into a folder that is not empty (never over the project or the corpus)";

impl ExportDialog {
    /// Shows the dialog.
    pub fn open(&mut self) {
        self.open = true;
    }

    /// Whether it is shown.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Draws the dialog while it is open; returns the export asked for.
    pub fn ui(&mut self, ui: &mut Ui, ws: &Workspace, doc: Option<&str>) -> Option<Command> {
        if !self.open {
            return None;
        }
        let mut chosen = None;
        let mut open = self.open;
        egui::Window::new("Export annotations")
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .show(ui.ctx(), |ui| {
                let format = self.format.get_or_insert(Format::Csv);
                ui.label(RichText::new("Format").strong());
                for f in Format::ALL {
                    ui.radio_value(format, f, f.label());
                }
                ui.separator();
                ui.label(RichText::new("Annotations").strong());
                if let Some(doc) = doc {
                    ui.checkbox(
                        &mut self.this_document,
                        format!("only this document ({doc})"),
                    );
                }
                self.filter.ui(ui, ws, "Export only documents where");
                ui.label("Codes (none ticked: every annotation; a code includes those under it):");
                let book = &ws.project().codebook;
                egui::ScrollArea::vertical()
                    .max_height(180.0)
                    .show(ui, |ui| {
                        for code in &book.codes {
                            let mut on = self.codes.contains(&code.id);
                            let text =
                                theme::code_chip(book.path(code.id), code.colour, ui.visuals());
                            if ui.checkbox(&mut on, text).changed() {
                                self.codes.retain(|c| *c != code.id);
                                if on {
                                    self.codes.push(code.id);
                                }
                            }
                        }
                    });
                let coders: std::collections::BTreeSet<&str> = ws
                    .project()
                    .annotations
                    .iter()
                    .map(|a| a.author.as_str())
                    .collect();
                if coders.len() > 1 {
                    ui.label("Coders (none ticked: every coder's; curator: the curated layer):");
                    ui.horizontal_wrapped(|ui| {
                        for coder in coders {
                            let mut on = self.authors.iter().any(|a| a == coder);
                            let name = if coder.is_empty() {
                                "(no author)"
                            } else {
                                coder
                            };
                            if ui.checkbox(&mut on, name).changed() {
                                self.authors.retain(|a| a != coder);
                                if on {
                                    self.authors.push(coder.to_owned());
                                }
                            }
                        }
                    });
                }
                if format.takes_mentions() {
                    ui.checkbox(&mut self.with_entities, "with the entity mentions");
                }
                if *format == Format::Csv {
                    ui.checkbox(&mut self.csv_raw, CSV_RAW_LABEL);
                }
                if format.is_folder() {
                    ui.checkbox(&mut self.force, FORCE_LABEL);
                }
                ui.separator();
                let format = *format;
                let options = self.options(ws, doc, format);
                let nothing = options.is_none();
                if nothing {
                    ui.label(
                        RichText::new("No document has that value: nothing to export.")
                            .color(ui.visuals().warn_fg_color),
                    );
                }
                ui.horizontal(|ui| {
                    let export = ui.add_enabled(!nothing, egui::Button::new("Export…"));
                    if export.clicked()
                        && let Some(options) = options
                    {
                        chosen = pick_target(format, &ws.name()).map(|out| Command::Export {
                            format,
                            out,
                            options,
                            with_entities: self.with_entities && format.takes_mentions(),
                        });
                    }
                    if ui.button("Cancel").clicked() {
                        self.open = false;
                    }
                });
            });
        self.open &= open;
        if chosen.is_some() {
            self.open = false;
        }
        chosen
    }
}

impl ExportDialog {
    /// What the Export… button exports as the dialog is set: the codes, coders and documents
    /// ticked (this document, those with the attribute's value, or both); `None` when the
    /// attribute leaves no document.
    pub fn options(
        &mut self,
        ws: &Workspace,
        doc: Option<&str>,
        format: Format,
    ) -> Option<Options> {
        let mut docs: Vec<String> = match doc {
            Some(d) if self.this_document => vec![d.to_owned()],
            _ => Vec::new(),
        };
        if let Some(kept) = self.filter.only(ws, None) {
            docs = kept
                .iter()
                .filter_map(|i| ws.corpus().documents.get(*i))
                .map(|d| d.id.clone())
                .filter(|id| docs.is_empty() || docs.contains(id))
                .collect();
            if docs.is_empty() {
                return None;
            }
        }
        Some(Options {
            codes: self.codes.clone(),
            docs,
            authors: self.authors.clone(),
            force: self.force && format.is_folder(),
            csv_raw: self.csv_raw && format == Format::Csv,
        })
    }
}

/// Asks where to write: a file for file formats, a folder for brat.
fn pick_target(format: Format, project: &str) -> Option<std::path::PathBuf> {
    if format.is_folder() {
        rfd::FileDialog::new()
            .set_title("Folder to write the brat files into")
            .pick_folder()
    } else {
        rfd::FileDialog::new()
            .add_filter(format.label(), &[format.extension()])
            .set_file_name(format!("{project}.{}", format.extension()))
            .save_file()
    }
}

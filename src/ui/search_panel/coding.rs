//! What is done with the concordance's rows: coding them (the selected rows, or all) with a
//! code of the codebook, each hit or its sentence or paragraph ([`Scope`]), as one undoable
//! [`Intent::TagMany`] (passages already tagged with the code are left as they are); and
//! exporting the concordance to CSV or JSONL.

use egui::{ScrollArea, TextEdit, Ui};

use super::ConcordanceFormat;
use crate::annotations::CodeId;
use crate::project::{Intent, Workspace};
use crate::search::SearchIndex;
use crate::search::kwic::Line;
use crate::search::scope::{Scope, passages};
use crate::ui::commands::Command;

/// The label of the code menu before a code is chosen.
pub const CHOOSE_CODE: &str = "Choose a code…";

/// The code and scope chosen.
#[derive(Default)]
pub(super) struct HitCoding {
    code: Option<CodeId>,
    filter: String,
    scope: Scope,
}

/// What tagging with a scope tags, for the undo label: "search hits", "sentences with search
/// hits", "paragraphs with search hits".
pub fn what_is_tagged(scope: Scope) -> &'static str {
    match scope {
        Scope::Hit => "search hits",
        Scope::Sentence => "sentences with search hits",
        Scope::Paragraph => "paragraphs with search hits",
    }
}

impl HitCoding {
    /// The coding row: code, scope, Tag; then the export buttons. `chosen` are the lines
    /// coding acts on, `selected` how many rows are selected (0: all are chosen).
    pub fn coding_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        index: &SearchIndex,
        chosen: Vec<&Line>,
        selected: usize,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        let book = &ws.project().codebook;
        if self.code.is_some_and(|c| book.get(c).is_none()) {
            self.code = None;
        }
        ui.horizontal_wrapped(|ui| {
            let rows = if selected == 0 {
                format!("Tag all {} hits with", chosen.len())
            } else {
                format!("Tag {selected} selected hits with")
            };
            ui.label(rows);
            let name = self
                .code
                .map_or_else(|| CHOOSE_CODE.to_owned(), |c| book.path(c));
            ui.menu_button(name, |ui| self.code_menu_ui(ui, ws));
            ui.label("as");
            for scope in Scope::ALL {
                ui.selectable_value(&mut self.scope, scope, scope.name());
            }
            let can_tag = self.code.is_some() && !chosen.is_empty() && !ws.is_read_only();
            let tag = ui
                .add_enabled(can_tag, egui::Button::new("Tag"))
                .on_disabled_hover_text(if ws.is_read_only() {
                    "read-only: the project is open for changes in another window"
                } else {
                    "choose a code, and search for something to tag"
                });
            if tag.clicked()
                && let Some(code) = self.code
            {
                commands.push(Command::Project(Intent::TagMany {
                    code,
                    passages: self.passages(index, &chosen),
                    what: what_is_tagged(self.scope).to_owned(),
                }));
            }
            ui.separator();
            for format in [ConcordanceFormat::Csv, ConcordanceFormat::Jsonl] {
                let command = Command::ExportConcordanceDialog(format);
                if ui.button(command.label()).clicked() {
                    commands.push(command);
                }
            }
        });
        commands
    }

    /// The codes to choose from, filtered by what is typed.
    fn code_menu_ui(&mut self, ui: &mut Ui, ws: &Workspace) {
        let book = &ws.project().codebook;
        ui.add(
            TextEdit::singleline(&mut self.filter)
                .hint_text("filter codes")
                .desired_width(180.0),
        );
        let filter = self.filter.trim().to_lowercase();
        if book.codes.is_empty() {
            ui.label("No codes yet: add one in the Codes panel.");
        }
        ScrollArea::vertical().max_height(260.0).show(ui, |ui| {
            for code in &book.codes {
                let path = book.path(code.id);
                if !filter.is_empty() && !path.to_lowercase().contains(&filter) {
                    continue;
                }
                let text = crate::ui::theme::code_chip(path, code.colour, ui.visuals());
                if ui.button(text).clicked() {
                    self.code = Some(code.id);
                    self.filter.clear();
                    ui.close();
                }
            }
        });
    }

    /// The passages the chosen lines stand for with the scope chosen, by document.
    fn passages(
        &self,
        index: &SearchIndex,
        chosen: &[&Line],
    ) -> Vec<(String, std::ops::Range<usize>)> {
        let mut by_doc: std::collections::BTreeMap<usize, Vec<std::ops::Range<usize>>> =
            Default::default();
        for line in chosen {
            by_doc.entry(line.doc).or_default().push(line.range.clone());
        }
        let mut out = Vec::new();
        for (doc, mut hits) in by_doc {
            let Some(indexed) = index.docs.get(doc) else {
                continue;
            };
            hits.sort_by_key(|r| (r.start, r.end));
            for range in passages(&indexed.text, &hits, self.scope) {
                out.push((indexed.id.clone(), range));
            }
        }
        out
    }
}

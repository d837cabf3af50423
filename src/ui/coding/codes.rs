//! The code tree: counts, adding, and each code's menu (rename, description, colour,
//! shortcut, move, merge, delete with confirmation).

use std::ops::Range;

use egui::{RichText, ScrollArea, TextEdit, Ui};

use super::{CodingPanel, Counts};
use crate::annotations::actions;
use crate::annotations::{CodeId, Codebook, Colour};
use crate::project::{CodeChange, Intent, Workspace};
use crate::ui::commands::Command;
use crate::ui::theme;

/// The command that changes a code.
fn code_change(id: CodeId, change: CodeChange) -> Command {
    Command::Project(Intent::ChangeCode { id, change })
}

impl CodingPanel {
    pub(super) fn codes_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        doc: Option<&str>,
        selection: &Range<usize>,
        commands: &mut Vec<Command>,
    ) {
        let book = &ws.project().codebook;
        ui.horizontal(|ui| {
            let field = ui.add(
                TextEdit::singleline(&mut self.new_code)
                    .hint_text("new code")
                    .desired_width(160.0),
            );
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button("Add code").clicked() || enter) && !self.new_code.trim().is_empty() {
                commands.push(Command::Project(Intent::AddCode {
                    name: std::mem::take(&mut self.new_code),
                    parent: None,
                }));
            }
        });
        if !selection.is_empty() {
            ui.label(RichText::new("Click a code (or press its key) to tag the selection.").weak());
        }
        if let Some(command) = self.delete_confirm_ui(ui, ws) {
            commands.push(command);
        }
        if let Some(command) = self.rename_ui(ui) {
            commands.push(command);
        }
        if let Some(command) = self.describe_ui(ui, book) {
            commands.push(command);
        }
        ui.separator();
        let counts = self.counts(ws, doc);
        ScrollArea::vertical().id_salt("code tree").show(ui, |ui| {
            let at = (doc, selection);
            self.tree_ui(ui, ws, None, 0, &counts, at, commands);
        });
    }
    #[allow(clippy::too_many_arguments)]
    fn tree_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        parent: Option<CodeId>,
        depth: usize,
        counts: &Counts,
        (doc, selection): (Option<&str>, &Range<usize>),
        commands: &mut Vec<Command>,
    ) {
        let book = &ws.project().codebook;
        let children: Vec<_> = book.children(parent).cloned().collect();
        for code in children {
            let (in_doc, in_corpus) = counts.get(&code.id).copied().unwrap_or_default();
            ui.horizontal(|ui| {
                ui.add_space(depth as f32 * 14.0);
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                let visuals = ui.visuals();
                let edge = egui::Stroke::new(1.0, theme::code_line(code.colour, visuals));
                let fill = theme::chip_fill(code.colour, visuals);
                ui.painter()
                    .rect(rect, 2.0, fill, edge, egui::StrokeKind::Inside);
                let mut label = code.name.clone();
                if let Some(key) = code.shortcut {
                    label.push_str(&format!("  [{key}]"));
                }
                // The counts keep their place at the right; a name too long for the rest is
                // cut with "…" (the whole name on hover) instead of widening the panel.
                let counts = format!("{in_doc} / {in_corpus}");
                let counts_width = 8.0 * counts.len() as f32 + 8.0;
                let name_width = (ui.available_width() - counts_width).max(40.0);
                let whole = label.clone();
                // qari's text engine: a code name of several Arabic words reads right to left.
                let row = ui
                    .scope(|ui| {
                        ui.set_max_width(name_width);
                        crate::ui::coders::choice_row(
                            ui,
                            &label,
                            self.code_filter == Some(code.id),
                            None,
                        )
                    })
                    .inner;
                let hover = |ui: &mut Ui, said: &str| {
                    let size = ui.style().text_styles[&egui::TextStyle::Body].size;
                    crate::ui::text::label(ui, said, size, ui.visuals().text_color());
                };
                let row = if row.rect.width() >= name_width - 1.0 {
                    row.on_hover_ui(|ui| hover(ui, &whole))
                } else {
                    row
                };
                if row.clicked() {
                    match doc.filter(|_| !selection.is_empty()) {
                        Some(doc) => commands.push(Command::Project(Intent::Tag {
                            doc: doc.to_owned(),
                            range: selection.clone(),
                            code: Some(code.id),
                        })),
                        None => self.code_filter = Some(code.id),
                    }
                }
                let row = if code.description.is_empty() {
                    row
                } else {
                    row.on_hover_ui(|ui| hover(ui, &code.description))
                };
                row.context_menu(|ui| self.code_menu_ui(ui, ws, code.id, commands));
                ui.label(RichText::new(counts).weak())
                    .on_hover_text("annotations in this document / in the corpus");
            });
            self.tree_ui(
                ui,
                ws,
                Some(code.id),
                depth + 1,
                counts,
                (doc, selection),
                commands,
            );
        }
    }
    fn code_menu_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        id: CodeId,
        commands: &mut Vec<Command>,
    ) {
        let book = &ws.project().codebook;
        let Some(code) = book.get(id).cloned() else {
            return;
        };
        if ui.button("Rename…").clicked() {
            self.renaming = Some((id, code.name.clone()));
            ui.close();
        }
        if ui.button("Description…").clicked() {
            self.describing = Some((id, code.description.clone()));
            ui.close();
        }
        ui.menu_button("Colour", |ui| {
            for colour in Colour::PALETTE {
                let swatch = theme::code_chip("      ", colour, ui.visuals());
                if ui.button(swatch).clicked() {
                    commands.push(code_change(id, CodeChange::Recolour(colour)));
                    ui.close();
                }
            }
        });
        ui.menu_button("Shortcut key", |ui| {
            for key in "123456789abcdefghijklmnopqrstuvwxyz".chars() {
                let taken = book.by_shortcut(key).is_some_and(|c| c.id != id);
                if !taken && ui.button(key.to_string()).clicked() {
                    commands.push(code_change(id, CodeChange::Shortcut(Some(key))));
                    ui.close();
                }
            }
            if ui.button("none").clicked() {
                commands.push(code_change(id, CodeChange::Shortcut(None)));
                ui.close();
            }
        });
        ui.menu_button("Entity kind", |ui| {
            // What the analyst's tags with this code teach the project's entity tagger.
            let by_name = crate::annotations::codebook::entity_kind_of_name(&code.name);
            let by_name = match by_name {
                Some(kind) => format!("by its name ({kind})"),
                None => "none".to_owned(),
            };
            if ui.radio(code.kind.is_none(), by_name).clicked() {
                commands.push(code_change(id, CodeChange::EntityKind(None)));
                ui.close();
            }
            for kind in crate::entities::Kind::ALL {
                if ui.radio(code.kind == Some(kind), kind.as_str()).clicked() {
                    commands.push(code_change(id, CodeChange::EntityKind(Some(kind))));
                    ui.close();
                }
            }
        })
        .response
        .on_hover_text(
            "The kind of name this code's passages are: tags with it teach the project's \
             entity tagger (codes named PER, ORG, LOC, person, place … are one by their name)",
        );
        ui.menu_button("Move under", |ui| {
            if code.parent.is_some() && ui.button("(top level)").clicked() {
                commands.push(code_change(id, CodeChange::Move(None)));
                ui.close();
            }
            for other in &book.codes {
                if other.id == id
                    || book.would_cycle(id, Some(other.id))
                    || code.parent == Some(other.id)
                {
                    continue;
                }
                if ui.button(book.path(other.id)).clicked() {
                    commands.push(code_change(id, CodeChange::Move(Some(other.id))));
                    ui.close();
                }
            }
        });
        ui.menu_button("Merge into", |ui| {
            for other in &book.codes {
                if book.ancestry(other.id).contains(&id) {
                    continue;
                }
                if ui.button(book.path(other.id)).clicked() {
                    commands.push(Command::Project(Intent::MergeCodes {
                        from: id,
                        into: other.id,
                    }));
                    ui.close();
                }
            }
        });
        if ui.button("Delete…").clicked() {
            self.deleting = Some(id);
            ui.close();
        }
    }
    fn rename_ui(&mut self, ui: &mut Ui) -> Option<Command> {
        let (id, name) = self.renaming.as_mut()?;
        let id = *id;
        let mut chosen = None;
        let mut done = false;
        ui.horizontal(|ui| {
            ui.label("Rename:");
            let field = ui.text_edit_singleline(name);
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button("OK").clicked() || enter {
                let new = name.clone();
                chosen = Some(code_change(id, CodeChange::Rename(new)));
                done = true;
            }
            if ui.button("Cancel").clicked() {
                done = true;
            }
        });
        if done {
            self.renaming = None;
        }
        chosen
    }
    fn describe_ui(&mut self, ui: &mut Ui, book: &Codebook) -> Option<Command> {
        let (id, text) = self.describing.as_mut()?;
        let id = *id;
        let mut chosen = None;
        let mut done = false;
        ui.label(format!(
            "What “{}” means:",
            book.get(id).map_or("", |c| c.name.as_str())
        ));
        ui.add(TextEdit::multiline(text).desired_rows(3));
        ui.horizontal(|ui| {
            if ui.button("OK").clicked() {
                let new = text.trim().to_owned();
                chosen = Some(code_change(id, CodeChange::Describe(new)));
                done = true;
            }
            if ui.button("Cancel").clicked() {
                done = true;
            }
        });
        if done {
            self.describing = None;
        }
        chosen
    }
    fn delete_confirm_ui(&mut self, ui: &mut Ui, ws: &Workspace) -> Option<Command> {
        let id = self.deleting?;
        let book = &ws.project().codebook;
        let code = book.get(id)?;
        let count = actions::count_with(&ws.project().annotations, id);
        let mut chosen = None;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(format!(
                "Delete the code “{}”? It is on {count} annotation(s); they lose it (an \
                 annotation left with no code and no note is deleted). Its sub-codes move up. \
                 Undo brings everything back.",
                code.name
            ));
            ui.horizontal(|ui| {
                if ui.button("Delete").clicked() {
                    chosen = Some(Command::Project(Intent::DeleteCode(id)));
                    self.deleting = None;
                }
                if ui.button("Cancel").clicked() {
                    self.deleting = None;
                }
            });
        });
        chosen
    }
}

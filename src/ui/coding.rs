//! Tagging by hand in the window: the codebook panel (the code tree with counts, add, rename,
//! recolour, shortcut, move, merge, delete), the annotations of the document or the corpus
//! (filter by code and author; click to go to the passage), the annotation being edited (codes,
//! note, range, delete), what needs attention, and the codes menu of the reading view.
//!
//! Every change is returned as a command: [`Command::Edit`] with a transaction built with
//! [`crate::annotations::actions`], or an intent (`SetNote`, `SetAnnotationCode` …) that the
//! app turns into a transaction from the project as it is when the command runs, so two
//! changes made in one frame never conflict. The app applies them (undoable).

use std::collections::HashMap;
use std::ops::Range;

use egui::{Color32, RichText, ScrollArea, TextEdit, Ui};

use super::commands::Command;
use super::reader::{Highlight, HighlightStyle};
use super::text::NoteEditor;
use crate::annotations::actions;
use crate::annotations::{Annotation, AnnotationId, CodeId, Codebook, Colour};
use crate::entities::{Entity, Kind, RegisterEdit};
use crate::project::Workspace;

/// The panel's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// The code tree.
    Codes,
    /// The annotations.
    Annotations,
    /// Annotations that could not be found again.
    Attention,
}

/// Annotations per code: (in the document shown, in the corpus).
type Counts = HashMap<CodeId, (usize, usize)>;

/// The state of the coding panel.
pub struct CodingPanel {
    tab: Tab,
    new_code: String,
    /// The filter of the reading view's codes menu.
    menu_filter: String,
    selected: Option<AnnotationId>,
    /// The note field: its annotation, the note it was last in step with, the editor.
    note: Option<(AnnotationId, String, NoteEditor)>,
    whole_corpus: bool,
    code_filter: Option<CodeId>,
    author_filter: String,
    renaming: Option<(CodeId, String)>,
    describing: Option<(CodeId, String)>,
    deleting: Option<CodeId>,
    /// The memo field: its document, the memo it was last in step with, the editor.
    memo: Option<(String, String, NoteEditor)>,
    /// The note and memo text as last seen while typing, and since when.
    note_typed: Option<(String, f64)>,
    memo_typed: Option<(String, f64)>,
    /// Whether the note and memo fields were drawn this frame.
    note_shown: bool,
    memo_shown: bool,
    /// Counts per code: (this document, corpus), for a workspace revision and document.
    counts: Option<(u64, String, Counts)>,
}

impl Default for CodingPanel {
    fn default() -> Self {
        Self {
            tab: Tab::Codes,
            new_code: String::new(),
            menu_filter: String::new(),
            selected: None,
            note: None,
            whole_corpus: false,
            code_filter: None,
            author_filter: String::new(),
            renaming: None,
            describing: None,
            deleting: None,
            memo: None,
            note_typed: None,
            memo_typed: None,
            note_shown: false,
            memo_shown: false,
            counts: None,
        }
    }
}

/// A code's colour on screen.
pub fn colour32(colour: Colour) -> Color32 {
    let [r, g, b] = colour.0;
    Color32::from_rgb(r, g, b)
}

impl CodingPanel {
    /// The annotation being edited.
    pub fn selected(&self) -> Option<AnnotationId> {
        self.selected
    }

    /// Selects an annotation for editing (and shows the annotations tab).
    pub fn select(&mut self, id: Option<AnnotationId>) {
        self.selected = id;
        if id.is_some() {
            self.tab = Tab::Annotations;
        }
    }

    /// Shows a tab.
    pub fn show_tab(&mut self, tab: Tab) {
        self.tab = tab;
    }

    /// What was typed in the note and memo fields and not kept yet, as commands; `hidden_only`
    /// takes it only from fields not drawn this frame (they are gone from view).
    pub fn take_typed(&mut self, hidden_only: bool) -> Vec<Command> {
        let mut out = Vec::new();
        if let Some((id, base, editor)) = self.note.as_mut()
            && !(hidden_only && self.note_shown)
        {
            let text = editor.text();
            if text != *base {
                base.clone_from(&text);
                out.push(Command::SetNote { id: *id, text });
            }
        }
        if let Some((doc, base, editor)) = self.memo.as_mut()
            && !(hidden_only && self.memo_shown)
        {
            let text = editor.text();
            if text != *base {
                base.clone_from(&text);
                out.push(Command::SetMemo {
                    doc: doc.clone(),
                    text,
                });
            }
        }
        out
    }

    /// The document's annotations as highlights (in code colours; several codes on one
    /// passage add underlines), each with its annotation.
    pub fn highlights(ws: &Workspace, doc: &str) -> Vec<(Highlight, AnnotationId)> {
        let book = &ws.project.codebook;
        let mut out = Vec::new();
        for a in ws.project.annotations.in_doc(doc) {
            let colours: Vec<Color32> = a
                .codes
                .iter()
                .filter_map(|c| book.get(*c))
                .map(|c| colour32(c.colour))
                .collect();
            let tooltip = tooltip(book, a);
            let first = colours.first().copied().unwrap_or(Color32::GRAY);
            out.push((
                Highlight {
                    range: a.range(),
                    color: first.gamma_multiply(0.55),
                    style: HighlightStyle::Background,
                    tooltip: tooltip.clone(),
                },
                a.id,
            ));
            for colour in colours.iter().skip(1) {
                out.push((
                    Highlight {
                        range: a.range(),
                        color: *colour,
                        style: HighlightStyle::Underline,
                        tooltip: tooltip.clone(),
                    },
                    a.id,
                ));
            }
        }
        out
    }

    /// A code's shortcut key pressed while text is selected in the reading view (and the
    /// keyboard is the reading view's, not a text field's): the code to tag with.
    pub fn shortcut_code(ui: &Ui, book: &Codebook, keyboard_is_readers: bool) -> Option<CodeId> {
        if !keyboard_is_readers {
            return None;
        }
        ui.input(|i| {
            if i.modifiers.command || i.modifiers.alt {
                return None;
            }
            i.events.iter().find_map(|event| match event {
                egui::Event::Text(text) => {
                    let key = text.chars().next()?;
                    book.by_shortcut(key).map(|c| c.id)
                }
                _ => None,
            })
        })
    }

    /// The codes menu of the reading view (right click on a selection): a filter box and the
    /// codes; a name that is no code yet can be made and used at once.
    pub fn tag_menu_ui(
        &mut self,
        ui: &mut Ui,
        book: &Codebook,
        selection: Option<&str>,
        entity: Option<&str>,
    ) -> Option<Command> {
        let mut chosen = None;
        ui.label(RichText::new("Tag with").strong());
        let field = ui.add(
            TextEdit::singleline(&mut self.menu_filter)
                .hint_text("filter or new code")
                .desired_width(180.0),
        );
        field.request_focus();
        let filter = self.menu_filter.trim().to_lowercase();
        let mut shown = 0;
        ScrollArea::vertical().max_height(260.0).show(ui, |ui| {
            for code in &book.codes {
                let path = book.path(code.id);
                if !filter.is_empty() && !path.to_lowercase().contains(&filter) {
                    continue;
                }
                shown += 1;
                let label = match code.shortcut {
                    Some(key) => format!("{path}   ({key})"),
                    None => path,
                };
                let text = RichText::new(label).background_color(colour32(code.colour));
                if ui.button(text).clicked() {
                    chosen = Some(Command::TagSelection(Some(code.id)));
                }
            }
        });
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if !filter.is_empty() && shown == 0 {
            let name = self.menu_filter.trim().to_owned();
            if ui.button(format!("New code “{name}”")).clicked() || enter {
                chosen = Some(Command::TagWithNewCode(name));
            }
        }
        ui.separator();
        if ui.button("Annotation without a code").clicked() {
            chosen = Some(Command::TagSelection(None));
        }
        if let Some(text) = selection
            .map(str::trim)
            .filter(|t| !t.is_empty() && !t.contains('\n'))
        {
            ui.separator();
            if let Some(name) = entity
                && ui.button(format!("Add as alias of {name}")).clicked()
            {
                chosen = Some(Command::EditRegister(RegisterEdit::AddAlias {
                    entity: name.to_owned(),
                    alias: text.to_owned(),
                }));
            }
            ui.menu_button("Add as entity…", |ui| {
                for kind in Kind::ALL {
                    if ui.button(kind.as_str()).clicked() {
                        chosen = Some(Command::EditRegister(RegisterEdit::Add(Entity {
                            canonical: text.to_owned(),
                            kind,
                            aliases: vec![text.to_owned()],
                            note: None,
                        })));
                    }
                }
            });
        }
        if chosen.is_some() {
            self.menu_filter.clear();
            ui.close();
        }
        chosen
    }

    /// Draws the panel; returns the commands its widgets asked for.
    pub fn panel_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        doc: Option<(usize, &str, &str)>,
        selection: Range<usize>,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        self.note_shown = false;
        self.memo_shown = false;
        egui::Panel::right("coding")
            .default_size(320.0)
            .min_size(240.0)
            .show(ui, |ui| {
                ui.add_space(4.0);
                let attention = ws.needs_attention().len();
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut self.tab, Tab::Codes, "Codes");
                    ui.selectable_value(&mut self.tab, Tab::Annotations, "Annotations");
                    if attention > 0 || self.tab == Tab::Attention {
                        let label = RichText::new(format!("Needs attention ({attention})"))
                            .color(ui.visuals().warn_fg_color);
                        ui.selectable_value(&mut self.tab, Tab::Attention, label);
                    }
                });
                ui.separator();
                let doc_id = doc.map(|(_, id, _)| id);
                match self.tab {
                    Tab::Codes => self.codes_ui(ui, ws, doc_id, &selection, &mut commands),
                    Tab::Annotations => self.annotations_ui(ui, ws, doc, &mut commands),
                    Tab::Attention => attention_ui(ui, ws, &mut commands),
                }
            });
        commands
    }

    /// Annotations per code in the document and in the corpus, counted again only when the
    /// project or the document changed.
    fn counts(&mut self, ws: &Workspace, doc: Option<&str>) -> Counts {
        let doc = doc.unwrap_or_default();
        let fresh = self
            .counts
            .as_ref()
            .is_some_and(|(rev, d, _)| *rev == ws.revision && d == doc);
        if !fresh {
            let mut counts = Counts::new();
            for a in ws.project.annotations.iter() {
                for code in &a.codes {
                    let entry = counts.entry(*code).or_default();
                    entry.1 += 1;
                    if a.doc == doc {
                        entry.0 += 1;
                    }
                }
            }
            self.counts = Some((ws.revision, doc.to_owned(), counts));
        }
        self.counts
            .as_ref()
            .map(|(_, _, counts)| counts.clone())
            .unwrap_or_default()
    }

    fn codes_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        doc: Option<&str>,
        selection: &Range<usize>,
        commands: &mut Vec<Command>,
    ) {
        let book = &ws.project.codebook;
        ui.horizontal(|ui| {
            let field = ui.add(
                TextEdit::singleline(&mut self.new_code)
                    .hint_text("new code")
                    .desired_width(160.0),
            );
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button("Add code").clicked() || enter)
                && let Some((_, t)) = actions::add_code(book, &self.new_code, None)
            {
                commands.push(Command::Edit(t));
                self.new_code.clear();
            }
        });
        if !selection.is_empty() {
            ui.label(RichText::new("Click a code (or press its key) to tag the selection.").weak());
        }
        if let Some(command) = self.delete_confirm_ui(ui, ws) {
            commands.push(command);
        }
        if let Some(command) = self.rename_ui(ui, book) {
            commands.push(command);
        }
        if let Some(command) = self.describe_ui(ui, book) {
            commands.push(command);
        }
        ui.separator();
        let counts = self.counts(ws, doc);
        ScrollArea::vertical().id_salt("code tree").show(ui, |ui| {
            self.tree_ui(ui, ws, None, 0, &counts, selection, commands);
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
        selection: &Range<usize>,
        commands: &mut Vec<Command>,
    ) {
        let book = &ws.project.codebook;
        let children: Vec<_> = book.children(parent).cloned().collect();
        for code in children {
            let (in_doc, in_corpus) = counts.get(&code.id).copied().unwrap_or_default();
            ui.horizontal(|ui| {
                ui.add_space(depth as f32 * 14.0);
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                ui.painter().rect_filled(rect, 2.0, colour32(code.colour));
                let mut label = code.name.clone();
                if let Some(key) = code.shortcut {
                    label.push_str(&format!("  [{key}]"));
                }
                let row = ui.selectable_label(self.code_filter == Some(code.id), label);
                if row.clicked() {
                    if selection.is_empty() {
                        self.code_filter = Some(code.id);
                    } else {
                        commands.push(Command::TagSelection(Some(code.id)));
                    }
                }
                let row = if code.description.is_empty() {
                    row
                } else {
                    row.on_hover_text(&code.description)
                };
                row.context_menu(|ui| self.code_menu_ui(ui, ws, code.id, commands));
                ui.label(RichText::new(format!("{in_doc} / {in_corpus}")).weak())
                    .on_hover_text("annotations in this document / in the corpus");
            });
            self.tree_ui(
                ui,
                ws,
                Some(code.id),
                depth + 1,
                counts,
                selection,
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
        let book = &ws.project.codebook;
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
                let swatch = RichText::new("      ").background_color(colour32(colour));
                if ui.button(swatch).clicked()
                    && let Some(t) =
                        actions::change_code(book, id, "Recolour code", |c| c.colour = colour)
                {
                    commands.push(Command::Edit(t));
                    ui.close();
                }
            }
        });
        ui.menu_button("Shortcut key", |ui| {
            for key in "123456789abcdefghijklmnopqrstuvwxyz".chars() {
                let taken = book.by_shortcut(key).is_some_and(|c| c.id != id);
                if !taken
                    && ui.button(key.to_string()).clicked()
                    && let Some(t) =
                        actions::change_code(book, id, "Code shortcut", |c| c.shortcut = Some(key))
                {
                    commands.push(Command::Edit(t));
                    ui.close();
                }
            }
            if ui.button("none").clicked()
                && let Some(t) =
                    actions::change_code(book, id, "Code shortcut", |c| c.shortcut = None)
            {
                commands.push(Command::Edit(t));
                ui.close();
            }
        });
        ui.menu_button("Move under", |ui| {
            if code.parent.is_some()
                && ui.button("(top level)").clicked()
                && let Some(t) = actions::change_code(book, id, "Move code", |c| c.parent = None)
            {
                commands.push(Command::Edit(t));
                ui.close();
            }
            for other in &book.codes {
                if other.id == id
                    || book.would_cycle(id, Some(other.id))
                    || code.parent == Some(other.id)
                {
                    continue;
                }
                if ui.button(book.path(other.id)).clicked()
                    && let Some(t) =
                        actions::change_code(book, id, "Move code", |c| c.parent = Some(other.id))
                {
                    commands.push(Command::Edit(t));
                    ui.close();
                }
            }
        });
        ui.menu_button("Merge into", |ui| {
            for other in &book.codes {
                if book.ancestry(other.id).contains(&id) {
                    continue;
                }
                if ui.button(book.path(other.id)).clicked()
                    && let Some(t) = actions::merge_codes(
                        book,
                        &ws.project.annotations,
                        &ws.project.document_codings,
                        id,
                        other.id,
                    )
                {
                    commands.push(Command::Edit(t));
                    ui.close();
                }
            }
        });
        if ui.button("Delete…").clicked() {
            self.deleting = Some(id);
            ui.close();
        }
    }

    fn rename_ui(&mut self, ui: &mut Ui, book: &Codebook) -> Option<Command> {
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
                chosen = actions::change_code(book, id, "Rename code", |c| c.name = new)
                    .map(Command::Edit);
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
                chosen = actions::change_code(book, id, "Describe code", |c| c.description = new)
                    .map(Command::Edit);
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
        let book = &ws.project.codebook;
        let code = book.get(id)?;
        let count = actions::count_with(&ws.project.annotations, id);
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
                    chosen = actions::delete_code(
                        book,
                        &ws.project.annotations,
                        &ws.project.document_codings,
                        id,
                    )
                    .map(Command::Edit);
                    self.deleting = None;
                }
                if ui.button("Cancel").clicked() {
                    self.deleting = None;
                }
            });
        });
        chosen
    }

    fn annotations_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        doc: Option<(usize, &str, &str)>,
        commands: &mut Vec<Command>,
    ) {
        let book = &ws.project.codebook;
        if let Some(id) = self.selected
            && let Some(a) = ws.project.annotations.get(id).cloned()
        {
            self.editor_ui(ui, ws, &a, doc, commands);
            ui.separator();
        }
        if let Some((_, doc_id, _)) = doc {
            self.document_coding_ui(ui, ws, doc_id, commands);
            ui.separator();
        }
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.whole_corpus, false, "This document");
            ui.selectable_value(&mut self.whole_corpus, true, "Whole corpus");
        });
        ui.horizontal(|ui| {
            let label = self
                .code_filter
                .map_or_else(|| "any code".to_owned(), |c| book.path(c));
            egui::ComboBox::new("code filter", "code")
                .width(120.0)
                .selected_text(label)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.code_filter, None, "any code");
                    for code in &book.codes {
                        ui.selectable_value(
                            &mut self.code_filter,
                            Some(code.id),
                            book.path(code.id),
                        );
                    }
                });
            ui.add(
                TextEdit::singleline(&mut self.author_filter)
                    .hint_text("author")
                    .desired_width(80.0),
            );
        });
        ui.separator();
        let doc_id = doc.map(|(_, id, _)| id);
        let list: Vec<&Annotation> = if self.whole_corpus {
            ws.project.annotations.iter().collect()
        } else {
            doc_id.map_or_else(Vec::new, |d| {
                ws.project.annotations.in_doc(d).iter().collect()
            })
        };
        let author = self.author_filter.trim().to_lowercase();
        let shown: Vec<&Annotation> = list
            .into_iter()
            .filter(|a| self.code_filter.is_none_or(|c| a.codes.contains(&c)))
            .filter(|a| author.is_empty() || a.author.to_lowercase().contains(&author))
            .collect();
        ui.label(RichText::new(format!("{} annotations", shown.len())).weak());
        ScrollArea::vertical().id_salt("annotation list").show_rows(
            ui,
            ui.text_style_height(&egui::TextStyle::Body) * 2.4,
            shown.len(),
            |ui, rows| {
                for a in &shown[rows] {
                    let codes: Vec<String> = a.codes.iter().map(|c| book.path(*c)).collect();
                    let head = if self.whole_corpus {
                        format!("{}  {}", a.doc, codes.join(", "))
                    } else {
                        codes.join(", ")
                    };
                    let mut text = format!("{head}\n{}", one_line(&a.quote, 60));
                    if !a.note.is_empty() {
                        text.push_str(&format!("  — {}", one_line(&a.note, 40)));
                    }
                    let row = ui.selectable_label(self.selected == Some(a.id), text);
                    if row.clicked() {
                        commands.push(Command::GoToAnnotation(a.id));
                    }
                }
            },
        );
    }

    /// Codes for the whole document and its memo.
    fn document_coding_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        doc: &str,
        commands: &mut Vec<Command>,
    ) {
        let book = &ws.project.codebook;
        let codings = &ws.project.document_codings;
        let current = codings.0.get(doc);
        let codes = current.map(|c| c.codes.clone()).unwrap_or_default();
        let memo = current.map(|c| c.memo.clone()).unwrap_or_default();
        egui::CollapsingHeader::new("Document codes and memo")
            .id_salt(("document coding", doc))
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    for code in &book.codes {
                        let mut on = codes.contains(&code.id);
                        let text = RichText::new(book.path(code.id))
                            .background_color(colour32(code.colour));
                        if ui.checkbox(&mut on, text).changed() {
                            commands.push(Command::SetDocumentCode {
                                doc: doc.to_owned(),
                                code: code.id,
                                on,
                            });
                        }
                    }
                });
                if self
                    .memo
                    .as_ref()
                    .is_none_or(|(d, base, _)| d != doc || *base != memo)
                {
                    self.memo = Some((doc.to_owned(), memo.clone(), NoteEditor::new(&memo, 16.0)));
                }
                if let Some((_, base, editor)) = self.memo.as_mut() {
                    self.memo_shown = true;
                    let response = editor.ui(ui);
                    let typed = editor.text();
                    let paused = settled(ui, &typed, &memo, &mut self.memo_typed);
                    let save = ui.button("Save memo").clicked() || response.lost_focus() || paused;
                    if save && typed != memo {
                        *base = typed.clone();
                        commands.push(Command::SetMemo {
                            doc: doc.to_owned(),
                            text: typed,
                        });
                    }
                }
            });
    }

    /// The annotation being edited: its codes, note, range and deletion.
    fn editor_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        a: &Annotation,
        doc: Option<(usize, &str, &str)>,
        commands: &mut Vec<Command>,
    ) {
        let book = &ws.project.codebook;
        ui.label(RichText::new(format!("Annotation {}–{} in {}", a.start, a.end, a.doc)).strong());
        ui.label(one_line(&a.quote, 120));
        ui.label(
            RichText::new(format!(
                "by {}, {} (changed {})",
                a.author, a.created, a.modified
            ))
            .weak(),
        );
        ui.horizontal_wrapped(|ui| {
            for code in &book.codes {
                let mut on = a.codes.contains(&code.id);
                let text =
                    RichText::new(book.path(code.id)).background_color(colour32(code.colour));
                if ui.checkbox(&mut on, text).changed() {
                    commands.push(Command::SetAnnotationCode {
                        id: a.id,
                        code: code.id,
                        on,
                    });
                }
            }
        });
        ui.label("Note:");
        // A new editor for another annotation, or when the note changed from outside the
        // field (undo, redo).
        if self
            .note
            .as_ref()
            .is_none_or(|(id, base, _)| *id != a.id || *base != a.note)
        {
            self.note = Some((a.id, a.note.clone(), NoteEditor::new(&a.note, 16.0)));
        }
        if let Some((_, base, editor)) = self.note.as_mut() {
            self.note_shown = true;
            let response = editor.ui(ui);
            let typed = editor.text();
            let paused = settled(ui, &typed, &a.note, &mut self.note_typed);
            let save = ui.button("Save note").clicked() || response.lost_focus() || paused;
            if save && typed != a.note {
                *base = typed.clone();
                commands.push(Command::SetNote {
                    id: a.id,
                    text: typed,
                });
            }
        }
        ui.horizontal(|ui| {
            if doc.is_some_and(|(_, doc_id, _)| doc_id == a.doc)
                && ui
                    .button("Set range to selection")
                    .on_hover_text("Select the passage in the reading view first")
                    .clicked()
            {
                commands.push(Command::SetAnnotationRange(a.id));
            }
            if ui.button("Delete annotation").clicked() {
                commands.push(Command::DeleteAnnotation(a.id));
                self.selected = None;
            }
            if ui.button("Close").clicked() {
                self.selected = None;
            }
        });
    }
}

/// How long typing in a note or memo pauses before what was typed is kept (and saved soon
/// after): a note is never more than this plus the autosave delay away from the file.
const TYPING_PAUSE: f64 = 0.8;

/// Whether `typed` differs from what is `stored` and has not changed for [`TYPING_PAUSE`];
/// `seen` remembers the text last seen and since when.
fn settled(ui: &Ui, typed: &str, stored: &str, seen: &mut Option<(String, f64)>) -> bool {
    if typed == stored {
        *seen = None;
        return false;
    }
    let now = ui.input(|i| i.time);
    match seen {
        Some((text, since)) if text == typed => {
            let waited = now - *since;
            if waited >= TYPING_PAUSE {
                *seen = None;
                return true;
            }
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(TYPING_PAUSE - waited));
            false
        }
        _ => {
            *seen = Some((typed.to_owned(), now));
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(TYPING_PAUSE));
            false
        }
    }
}

/// The annotations that need a look, with why.
fn attention_ui(ui: &mut Ui, ws: &Workspace, commands: &mut Vec<Command>) {
    let list = ws.needs_attention();
    if list.is_empty() {
        ui.label("Every annotation is where its document says it is.");
    }
    ui.label(
        RichText::new(
            "These annotations could not be found again in their changed (or missing) document. \
             They are kept as they were; open one and set its range, or delete it.",
        )
        .weak(),
    );
    ScrollArea::vertical().id_salt("attention").show(ui, |ui| {
        for a in list {
            let why = if ws.corpus.document(&a.doc).is_none() {
                "document missing"
            } else {
                "not found in the changed text"
            };
            let text = format!("{} ({why})\n{}", a.doc, one_line(&a.quote, 60));
            if ui.selectable_label(false, text).clicked() {
                commands.push(Command::GoToAnnotation(a.id));
            }
        }
    });
    for r in ws.reanchored.iter().filter(|r| r.outcome.range().is_some()) {
        ui.label(
            RichText::new(format!(
                "#{} found again ({}) in {}",
                r.id.0,
                r.outcome.describe(),
                r.doc
            ))
            .weak(),
        );
    }
}

/// An annotation's tooltip: its codes and note.
fn tooltip(book: &Codebook, a: &Annotation) -> String {
    let codes: Vec<String> = a.codes.iter().map(|c| book.path(*c)).collect();
    let mut text = if codes.is_empty() {
        "(no code)".to_owned()
    } else {
        codes.join(", ")
    };
    if !a.note.is_empty() {
        text.push('\n');
        text.push_str(&a.note);
    }
    text
}

fn one_line(text: &str, max: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    match flat.char_indices().nth(max) {
        Some((byte, _)) => format!("{}…", &flat[..byte]),
        None => flat,
    }
}

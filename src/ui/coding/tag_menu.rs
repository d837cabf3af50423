//! The codes menu of the reading view (right click on a selection): a field that filters the
//! codes or names a new one, the codes that match, "New code …", an annotation without a code,
//! and adding the selection to the register.
//!
//! The keyboard stays in the field while the menu is open. Up and Down move a highlight over
//! the matching codes and "New code …" (the first match is highlighted as soon as something is
//! typed); Enter tags with the highlighted item, or makes the typed code and tags with it when
//! nothing matches; Escape closes the menu.

use std::ops::Range;

use egui::{Button, Key, Modifiers, RichText, ScrollArea, TextEdit, Ui};

use crate::annotations::{CodeId, Codebook};
use crate::project::Intent;
use crate::ui::commands::Command;

/// The accessible label of the menu's field.
pub const TAG_FIELD_LABEL: &str = "Tag with: filter or new code";

/// What the menu remembers while it is open.
#[derive(Default)]
pub(super) struct TagMenu {
    /// What is typed in the field.
    filter: String,
    /// The highlighted item: a matching code (its place among the matches), or one past the
    /// last for "New code …".
    pick: Option<usize>,
    /// The filter `pick` was chosen for (a new filter highlights its first match again).
    picked_for: String,
}

/// An item the keyboard can highlight.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Item {
    Code(CodeId),
    NewCode,
}

impl TagMenu {
    /// Draws the menu; returns the command chosen. `doc` and `range` are the passage
    /// selected, `selection` its text, `entity` the entity selected in the sidebar.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        book: &Codebook,
        (doc, range): (&str, Range<usize>),
        selection: Option<&str>,
        entity: Option<&str>,
    ) -> Option<Command> {
        // The field would move its cursor on Up and Down: they are the menu's.
        let (up, down, enter, escape) = ui.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                i.key_pressed(Key::Enter),
                i.key_pressed(Key::Escape),
            )
        });
        ui.label(RichText::new("Tag with").strong());
        let field = ui.add(
            TextEdit::singleline(&mut self.filter)
                .hint_text("filter or new code")
                .desired_width(180.0),
        );
        field.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::TextInput, true, TAG_FIELD_LABEL)
        });
        field.request_focus();
        let items = self.items(book);
        self.move_pick(&items, up, down);
        let picked = self.pick.and_then(|p| items.get(p)).copied();
        let mut chosen: Option<Item> = None;
        ScrollArea::vertical().max_height(260.0).show(ui, |ui| {
            for item in &items {
                let Item::Code(id) = *item else { continue };
                let Some(code) = book.get(id) else { continue };
                let path = book.path(id);
                let label = match code.shortcut {
                    Some(key) => format!("{path}   ({key})"),
                    None => path,
                };
                let text = crate::ui::theme::code_chip(label, code.colour, ui.visuals());
                let button = ui.add(Button::new(text).selected(picked == Some(*item)));
                if picked == Some(*item) && (up || down) {
                    button.scroll_to_me(None);
                }
                if button.clicked() {
                    chosen = Some(*item);
                }
            }
        });
        let name = self.filter.trim().to_owned();
        if items.contains(&Item::NewCode) {
            let new =
                Button::new(format!("New code “{name}”")).selected(picked == Some(Item::NewCode));
            if ui.add(new).clicked() {
                chosen = Some(Item::NewCode);
            }
        }
        if enter && chosen.is_none() {
            chosen = picked;
        }
        let mut intent = chosen.map(|item| match item {
            Item::Code(id) => Intent::Tag {
                doc: doc.to_owned(),
                range: range.clone(),
                code: Some(id),
            },
            Item::NewCode => Intent::TagWithNewCode {
                doc: doc.to_owned(),
                range: range.clone(),
                name: name.clone(),
            },
        });
        ui.separator();
        if ui.button("Annotation without a code").clicked() {
            intent = Some(Intent::Tag {
                doc: doc.to_owned(),
                range: range.clone(),
                code: None,
            });
        }
        if let Some(text) = selection {
            ui.separator();
            if let Some(edit) = crate::ui::entities_panel::add_to_register_ui(ui, text, entity) {
                intent = Some(Intent::EditRegister(vec![edit]));
            }
        }
        if intent.is_some() || escape {
            *self = Self::default();
            ui.close();
        }
        intent.map(Command::Project)
    }

    /// The matching codes in codebook order, then "New code …" when something is typed that
    /// is no code's name.
    fn items(&self, book: &Codebook) -> Vec<Item> {
        let filter = self.filter.trim().to_lowercase();
        let mut items: Vec<Item> = book
            .codes
            .iter()
            .filter(|c| filter.is_empty() || book.path(c.id).to_lowercase().contains(&filter))
            .map(|c| Item::Code(c.id))
            .collect();
        let exists = book
            .codes
            .iter()
            .any(|c| c.name.trim().to_lowercase() == filter);
        if !filter.is_empty() && !exists {
            items.push(Item::NewCode);
        }
        items
    }

    /// Keeps the highlight on an item: the first when the filter changed, moved by Up and
    /// Down (round the ends).
    fn move_pick(&mut self, items: &[Item], up: bool, down: bool) {
        if self.picked_for != self.filter {
            self.picked_for = self.filter.clone();
            self.pick = (!self.filter.trim().is_empty() && !items.is_empty()).then_some(0);
        }
        let n = items.len();
        if n == 0 {
            self.pick = None;
            return;
        }
        self.pick = match (self.pick, up, down) {
            (None, _, true) => Some(0),
            (None, true, _) => Some(n - 1),
            (Some(p), _, true) => Some((p + 1) % n),
            (Some(p), true, _) => Some((p + n - 1) % n),
            (p, ..) => p.map(|p| p.min(n - 1)),
        };
    }
}

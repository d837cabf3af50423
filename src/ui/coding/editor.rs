//! The annotation being edited: codes, note, range, deletion.

use egui::{RichText, Ui};

use super::CodingPanel;
use super::typed::TypedField;
use crate::annotations::Annotation;
use crate::project::{Intent, Workspace};
use crate::text::one_line;
use crate::ui::commands::Command;
use crate::ui::theme;

impl CodingPanel {
    /// The annotation being edited: its codes, note, range and deletion.
    pub(super) fn editor_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        a: &Annotation,
        doc: Option<(usize, &str, &str)>,
        selection: &std::ops::Range<usize>,
        commands: &mut Vec<Command>,
    ) {
        let book = &ws.project().codebook;
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
                let text = theme::code_chip(book.path(code.id), code.colour, ui.visuals());
                if ui.checkbox(&mut on, text).changed() {
                    commands.push(Command::Project(Intent::SetAnnotationCode {
                        id: a.id,
                        code: code.id,
                        on,
                    }));
                }
            }
        });
        ui.label("Note:");
        if let Some(text) = TypedField::ui(&mut self.note, ui, &a.id, &a.note, "Save note") {
            commands.push(Command::Project(Intent::SetNote { id: a.id, text }));
        }
        // Wrapped: the three buttons in a row would widen the panel for good.
        ui.horizontal_wrapped(|ui| {
            if doc.is_some_and(|(_, doc_id, _)| doc_id == a.doc)
                && ui
                    .add_enabled(
                        !selection.is_empty(),
                        egui::Button::new("Set range to selection"),
                    )
                    .on_hover_text("Select the new passage in the reading view first")
                    .on_disabled_hover_text("Select the new passage in the reading view first")
                    .clicked()
            {
                commands.push(Command::Project(Intent::SetRange {
                    id: a.id,
                    range: selection.clone(),
                }));
            }
            if ui.button("Delete annotation").clicked() {
                commands.push(Command::Project(Intent::DeleteAnnotation(a.id)));
                self.selected = None;
            }
            if ui.button("Close").clicked() {
                self.selected = None;
            }
        });
    }
}

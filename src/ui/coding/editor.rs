//! The annotation being edited: codes, note, range, deletion; and keeping typed text.

use egui::{RichText, Ui};

use super::{CodingPanel, colour32};
use crate::annotations::Annotation;
use crate::project::Workspace;
use crate::text::one_line;
use crate::ui::commands::Command;
use crate::ui::text::NoteEditor;

impl CodingPanel {
    /// The annotation being edited: its codes, note, range and deletion.
    pub(super) fn editor_ui(
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
pub(super) fn settled(
    ui: &Ui,
    typed: &str,
    stored: &str,
    seen: &mut Option<(String, f64)>,
) -> bool {
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

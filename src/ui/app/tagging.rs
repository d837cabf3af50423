//! The app's side of changing the project: handing intents to the workspace's one door
//! ([`crate::project::Workspace::perform`]), undo and redo, going to an annotation (saving is
//! `saving.rs`).

use super::QariApp;
use crate::annotations::AnnotationId;
use crate::entities::RegisterEdit;
use crate::project::{Intent, IntentError};
use crate::ui::Selected;

impl QariApp {
    /// Does what a widget asked of the project, through the workspace's one door; the status
    /// bar says what was done (or why nothing was).
    pub(super) fn perform(&mut self, intent: Intent) {
        let author = self.author.clone();
        self.perform_as(intent, &author);
    }

    /// [`QariApp::perform`] under another author's name (the curator's).
    pub(super) fn perform_as(&mut self, intent: Intent, author: &str) {
        if let Some(loading) = &self.loading {
            // The project being left was saved when the opening began; it stays as saved.
            let path = loading.path.display().to_string();
            self.set_info(format!("wait until {path} is open"));
            return;
        }
        let Some(ws) = self.workspace.as_mut() else {
            return;
        };
        // An entity added from a selection is selected in the sidebar once it is found.
        let added_entity = match &intent {
            Intent::EditRegister(edits) => edits.iter().rev().find_map(|e| match e {
                RegisterEdit::Add(entity) => Some(entity.canonical.clone()),
                _ => None,
            }),
            _ => None,
        };
        // A passage tagged from the selection is shown in its code's colour, not under the
        // selection's.
        let tagged = match &intent {
            Intent::Tag { doc, range, .. } | Intent::TagWithNewCode { doc, range, .. } => {
                Some((doc.clone(), range.clone()))
            }
            _ => None,
        };
        match ws.perform(intent, author) {
            Ok(outcome) => {
                if let (Some((doc, range)), Some(reader)) = (tagged, self.reader.as_mut())
                    && reader.doc_id() == doc
                    && reader.selection().start < range.end
                    && range.start < reader.selection().end
                {
                    reader.select(range.end..range.end);
                }
                if outcome.register_changed {
                    if let Some(name) = added_entity {
                        self.entities.select_when_found(name);
                    }
                    self.entities.start(&self.ctx, ws);
                }
                // Coding from search hits leaves the passages tagged already as they are.
                let already = match outcome.imported {
                    Some(imported) if imported.duplicates > 0 => {
                        format!(
                            "; {} tagged already, left as they were",
                            imported.duplicates
                        )
                    }
                    _ => String::new(),
                };
                self.set_info(format!("{}{already} (Ctrl+Z undoes)", outcome.label));
            }
            Err(IntentError::Unchanged(why)) => self.set_info(why),
            Err(err) => {
                let name = ws.name();
                self.set_error(format!("{err:#}: {name}"));
            }
        }
    }

    pub(super) fn undo_redo(&mut self, undo: bool) {
        let Some(ws) = self.workspace.as_mut() else {
            return;
        };
        let result = if undo { ws.undo() } else { ws.redo() };
        match result {
            Ok(Some(stepped)) => {
                if stepped.register_changed {
                    self.entities.start(&self.ctx, ws);
                }
                let what = if undo { "undone" } else { "redone" };
                self.set_info(format!("{what}: {}", stepped.label));
            }
            Ok(None) => {
                let what = if undo { "undo" } else { "redo" };
                self.set_info(format!("nothing to {what}"));
            }
            Err(err) => self.set_error(format!("could not undo or redo: {err}")),
        }
    }

    pub(super) fn go_to_annotation(&mut self, id: AnnotationId) {
        let Some(ws) = self.workspace.as_ref() else {
            return;
        };
        let Some(a) = ws.project().annotations.get(id) else {
            return;
        };
        let range = a.range();
        self.coding.select(Some(id));
        if let Some(i) = ws.corpus().index_of(&a.doc) {
            self.select(Some(Selected::Document(i)));
            let now = self.ctx.input(|i| i.time);
            if let Some(reader) = self.reader.as_mut() {
                reader.scroll_to(range, now);
            }
        }
    }
}

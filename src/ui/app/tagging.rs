//! The app's side of tagging: applying edits, undo and redo, tagging the reading view's
//! selection, going to an annotation, and saving on its own a moment after a change.

use std::time::Instant;

use super::QariApp;
use crate::annotations::actions::{self, DocText};
use crate::annotations::{AnnotationId, CodeId, Transaction};
use crate::ui::Selected;
use crate::ui::commands::Command;

impl QariApp {
    /// Runs the commands about codes and annotations; gives back any other.
    pub(super) fn run_tagging_command(&mut self, command: Command) -> Option<Command> {
        let changes_project = !matches!(
            command,
            Command::GoToAnnotation(_)
                | Command::SetAuthor(_)
                | Command::ExportDialog
                | Command::Export { .. }
        );
        if changes_project && let Some(loading) = &self.loading {
            // The project being left was saved when the opening began; it stays as saved.
            let path = loading.path.display().to_string();
            self.set_info(format!("wait until {path} is open"));
            return None;
        }
        match command {
            Command::Edit(transaction) => self.apply(transaction),
            Command::Undo => self.undo_redo(true),
            Command::Redo => self.undo_redo(false),
            Command::TagSelection(code) => self.tag_selection(code),
            Command::TagWithNewCode(name) => {
                let ws = self.workspace.as_ref()?;
                match actions::add_code(&ws.project.codebook, &name, None) {
                    Some((id, transaction)) => {
                        self.apply(transaction);
                        self.tag_selection(Some(id));
                    }
                    None => self.set_error(format!("there is already a code “{name}”")),
                }
            }
            Command::GoToAnnotation(id) => self.go_to_annotation(id),
            Command::SetNote { id, text } => {
                let a = self.workspace.as_ref()?.project.annotations.get(id)?;
                if let Some(t) = actions::change(a, "Edit note", |x| x.note = text) {
                    self.apply(t);
                }
            }
            Command::SetAnnotationCode { id, code, on } => {
                let a = self.workspace.as_ref()?.project.annotations.get(id)?;
                let t = actions::change(a, "Change codes", |x| {
                    x.codes.retain(|c| *c != code);
                    if on {
                        x.codes.push(code);
                    }
                });
                if let Some(t) = t {
                    self.apply(t);
                }
            }
            Command::DeleteAnnotation(id) => {
                let a = self.workspace.as_ref()?.project.annotations.get(id)?;
                let t = actions::delete(a);
                self.apply(t);
            }
            Command::SetDocumentCode { doc, code, on } => {
                let ws = self.workspace.as_ref()?;
                let codings = &ws.project.document_codings;
                let current = codings.0.get(&doc);
                let mut codes = current.map(|c| c.codes.clone()).unwrap_or_default();
                codes.retain(|c| *c != code);
                if on {
                    codes.push(code);
                }
                let memo = current.map(|c| c.memo.clone()).unwrap_or_default();
                if let Some(t) =
                    actions::set_document_coding(codings, &doc, codes, memo, &self.author)
                {
                    self.apply(t);
                }
            }
            Command::ExportDialog => self.export.open(),
            Command::Export {
                format,
                out,
                options,
                with_entities,
            } => {
                let ws = self.workspace.as_ref()?;
                match crate::export::export(ws, format, &out, &options, with_entities) {
                    Ok(done) => {
                        let mentions = if with_entities {
                            format!(" and {} entity mentions", done.mentions)
                        } else {
                            String::new()
                        };
                        let left_out = if done.left_out > 0 {
                            format!(" ({} needing attention left out)", done.left_out)
                        } else {
                            String::new()
                        };
                        self.set_info(format!(
                            "exported {} annotations{mentions}{left_out}: {}",
                            done.annotations,
                            out.display()
                        ));
                    }
                    Err(err) => self.set_error(format!("{err}")),
                }
            }
            Command::SetMemo { doc, text } => {
                let ws = self.workspace.as_ref()?;
                let codings = &ws.project.document_codings;
                let codes = codings
                    .0
                    .get(&doc)
                    .map(|c| c.codes.clone())
                    .unwrap_or_default();
                if let Some(t) =
                    actions::set_document_coding(codings, &doc, codes, text, &self.author)
                {
                    self.apply(t);
                }
            }
            Command::SetAnnotationRange(id) => self.set_annotation_range(id),
            Command::SetAuthor(name) => {
                if let Err(err) = self.recent.set_author(&name) {
                    self.set_error(format!("could not remember the author name ({err})"));
                }
                self.author = self.recent.author();
                self.author_field = self.author.clone();
                self.set_info(format!("annotations are recorded as {}", self.author));
            }
            other => return Some(other),
        }
        None
    }

    /// Applies an undoable change to the project.
    fn apply(&mut self, transaction: Transaction) {
        let Some(ws) = self.workspace.as_mut() else {
            return;
        };
        let touches_register = transaction
            .edits
            .iter()
            .any(|e| matches!(e, crate::annotations::Edit::PushRegisterEdit(_)));
        let label = transaction.label.clone();
        match ws.apply(transaction) {
            Ok(()) => {
                if touches_register {
                    self.entities.start(&self.ctx, ws);
                }
                self.set_info(format!("{label} (Ctrl+Z undoes)"));
            }
            Err(err) => self.set_error(format!("could not apply “{label}”: {err}")),
        }
    }

    fn undo_redo(&mut self, undo: bool) {
        let Some(ws) = self.workspace.as_mut() else {
            return;
        };
        let register_before = ws.project.register.len();
        let result = if undo { ws.undo() } else { ws.redo() };
        let register_changed = ws.project.register.len() != register_before;
        match result {
            Ok(Some(label)) => {
                if register_changed {
                    self.entities.start(&self.ctx, ws);
                }
                let what = if undo { "undone" } else { "redone" };
                self.set_info(format!("{what}: {label}"));
            }
            Ok(None) => {
                let what = if undo { "undo" } else { "redo" };
                self.set_info(format!("nothing to {what}"));
            }
            Err(err) => self.set_error(format!("could not undo or redo: {err}")),
        }
    }

    /// Tags the reading view's selection.
    fn tag_selection(&mut self, code: Option<CodeId>) {
        let (Some(ws), Some(reader)) = (self.workspace.as_ref(), self.reader.as_ref()) else {
            return;
        };
        let range = reader.selection();
        if range.is_empty() {
            self.set_info("select a passage in the text first".to_owned());
            return;
        }
        let Some(doc) = ws.corpus.document(reader.doc_id()) else {
            return;
        };
        let text = DocText {
            id: &doc.id,
            text: reader.text(),
            hash: &doc.hash,
        };
        match actions::tag(&ws.project.annotations, &text, range, code, &self.author) {
            Some(transaction) => self.apply(transaction),
            None => self.set_info("the passage already has that code".to_owned()),
        }
    }

    fn go_to_annotation(&mut self, id: AnnotationId) {
        let Some(ws) = self.workspace.as_ref() else {
            return;
        };
        let Some(a) = ws.project.annotations.get(id) else {
            return;
        };
        let range = a.range();
        self.coding.select(Some(id));
        if let Some(i) = ws.corpus.index_of(&a.doc) {
            self.select(Some(Selected::Document(i)));
            let now = self.ctx.input(|i| i.time);
            if let Some(reader) = self.reader.as_mut() {
                reader.scroll_to(range, now);
            }
        }
    }

    fn set_annotation_range(&mut self, id: AnnotationId) {
        let (Some(ws), Some(reader)) = (self.workspace.as_ref(), self.reader.as_ref()) else {
            return;
        };
        let (Some(a), Some(doc)) = (
            ws.project.annotations.get(id),
            ws.corpus.document(reader.doc_id()),
        ) else {
            return;
        };
        let range = reader.selection();
        if a.doc != doc.id || range.is_empty() {
            self.set_info("select the new passage in the annotation's document first".to_owned());
            return;
        }
        let text = DocText {
            id: &doc.id,
            text: reader.text(),
            hash: &doc.hash,
        };
        if let Some(transaction) = actions::set_range(a, &text, range) {
            self.apply(transaction);
        }
    }

    /// Saves a moment after the first unsaved change; asks for a repaint when one is due.
    pub(super) fn autosave(&mut self) {
        let now = Instant::now();
        let Some(ws) = self.workspace.as_mut() else {
            return;
        };
        // A project never written (the user has not chosen to keep it) is not written here.
        let dirty = ws.dirty && ws.project_path.exists();
        if self.autosave.due(dirty, now) {
            self.keep_typing();
            let Some(ws) = self.workspace.as_mut() else {
                return;
            };
            self.autosave.saved();
            if let Err(err) = ws.save() {
                self.set_error(format!("autosave failed: {err:#}"));
            }
        } else if let Some(wait) = self.autosave.wait(now) {
            self.ctx.request_repaint_after(wait);
        }
    }
}

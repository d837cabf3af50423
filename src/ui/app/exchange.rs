//! The app's side of File → Export…: writing through the core's [`crate::export::export`] and
//! saying what was written, or why nothing was (a file of the project or the corpus in the way,
//! a brat folder that holds other files: the dialog's checkbox
//! [`crate::ui::export_dialog::FORCE_LABEL`] lets that one through). (File → Import annotations… is `ui/import_dialog.rs`; what it adds
//! goes through the workspace's one door like any change.)

use std::path::Path;

use super::QariApp;

impl QariApp {
    /// Writes the chosen annotations in a format; the status bar says what was written.
    pub(super) fn export(
        &mut self,
        format: crate::export::Format,
        out: &Path,
        options: &crate::export::Options,
        with_entities: bool,
    ) {
        let Some(ws) = self.workspace.as_ref() else {
            return;
        };
        let entities = if with_entities {
            self.entities.for_export(ws)
        } else {
            crate::export::WithEntities::No
        };
        match crate::export::export(ws, format, out, options, &entities) {
            Ok(done) => {
                let mentions = if with_entities {
                    format!(" and {} entity mentions", done.mentions)
                } else {
                    String::new()
                };
                let mut left = Vec::new();
                if done.left_out > 0 {
                    left.push(format!("{} needing attention", done.left_out));
                }
                if done.invalid > 0 {
                    left.push(format!("{} not valid", done.invalid));
                }
                let left_out = if left.is_empty() {
                    String::new()
                } else {
                    format!(" ({} left out)", left.join(", "))
                };
                self.set_info(format!(
                    "exported {} annotations{mentions}{left_out}: {}",
                    done.annotations,
                    out.display()
                ));
            }
            Err(crate::export::ExportError::FolderNotEmpty { path }) => {
                self.set_error(folder_not_empty_message(&path));
            }
            Err(err) => self.set_error(format!("{err}")),
        }
    }
}

/// What the status bar says when a brat folder holds other files: how to write there anyway.
fn folder_not_empty_message(folder: &Path) -> String {
    format!(
        "the folder is not empty (choose an empty folder, or tick “{}” in File → Export…): {}",
        crate::ui::export_dialog::FORCE_LABEL,
        folder.display()
    )
}

impl QariApp {
    /// Imports documents' attributes from a CSV through the one door; a bad row (named by its
    /// line) imports nothing, as `qari attributes import` does.
    pub(super) fn import_attributes(&mut self, file: &Path) {
        let Some(ws) = self.workspace.as_ref() else {
            return;
        };
        let corpus = ws.corpus();
        let table =
            match crate::project::attributes::read_csv(file, &|id| corpus.index_of(id).is_some()) {
                Ok(table) => table,
                Err(err) => return self.set_error(err.to_string()),
            };
        if let Some(first) = table.bad.first() {
            return self.set_error(format!(
                "{} bad rows, nothing imported (line {}: {}{}): {}",
                table.bad.len(),
                first.line,
                first.message,
                if table.bad.len() > 1 { "; …" } else { "" },
                file.display()
            ));
        }
        self.perform(crate::project::Intent::SetAttributes {
            rows: table.rows,
            source: file.display().to_string(),
        });
    }
}

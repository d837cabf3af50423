//! The app's side of File → Export…: writing through the core's [`crate::export::export`] and
//! saying what was written. (File → Import annotations… is `ui/import_dialog.rs`; what it adds
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
        match crate::export::export(ws, format, out, options, with_entities) {
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
}

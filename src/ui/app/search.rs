//! The app's side of searching: the find bar drawn over the reading view, and writing the
//! concordance to a file. (The search panel draws itself: [`crate::ui::search_panel`].)

use std::path::Path;
use std::sync::Arc;

use egui::Ui;

use super::QariApp;
use crate::entities::Register;
use crate::project::Workspace;
use crate::ui::commands::Command;
use crate::ui::find_bar::{FindBar, Shown};
use crate::ui::reader::Reader;

/// Draws the find bar over the reading view; returns the command that goes to a hit.
pub(super) fn find_ui(
    ui: &mut Ui,
    ws: &Workspace,
    find: &mut FindBar,
    reader: Option<&Reader>,
    register: Option<Arc<Register>>,
) -> Option<Command> {
    let shown = reader.and_then(|r| {
        Some(Shown {
            doc: ws.corpus().index_of(r.doc_id())?,
            id: r.doc_id(),
            text: r.text(),
        })
    });
    find.bar_ui(ui, ws, shown, register.as_ref())
}

impl QariApp {
    /// Writes the concordance shown to a file; the status bar says what was written.
    pub(super) fn export_concordance(
        &mut self,
        format: crate::ui::search_panel::ConcordanceFormat,
        out: &Path,
    ) {
        if !self.search.lines_complete() {
            self.set_info("the concordance is still being made: export it in a moment".into());
            return;
        }
        let lines = self.search.lines();
        let mut bytes = Vec::new();
        let written = format
            .write(&mut bytes, lines)
            .and_then(|()| crate::project::save::write_atomic(out, &bytes));
        match written {
            Ok(()) => self.set_info(format!(
                "exported {} concordance lines: {}",
                lines.len(),
                out.display()
            )),
            Err(err) => self.set_error(format!(
                "could not export the concordance ({err}): {}",
                out.display()
            )),
        }
    }
}

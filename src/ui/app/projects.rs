//! Opening projects in the background, saving (by hand, before leaving, on exit), and keeping
//! what was typed in a note field before any of these.

use std::path::PathBuf;
use std::sync::mpsc;

use super::{Loading, QariApp, Status, confirm};
use crate::project::save::SaveOutcome;
use crate::project::{ProjectError, Workspace};
use crate::ui::Selected;
use crate::ui::coding::CodingPanel;
use crate::ui::commands::Command;

impl QariApp {
    /// Saves a dirty project before it is closed. On failure asks the user (and returns false).
    pub(super) fn save_before_leaving(&mut self, then: Command) -> bool {
        self.keep_typing();
        let Some(ws) = self.workspace.as_mut().filter(|ws| ws.dirty) else {
            return true;
        };
        match ws.save() {
            Ok(_) => true,
            Err(err) => {
                self.confirm = Some(confirm::Pending {
                    message: format!("{err:#}"),
                    command: then,
                });
                false
            }
        }
    }

    /// Runs a command the user confirmed despite unsaved changes.
    pub(super) fn discard_and_run(&mut self, command: Command) {
        if let Some(ws) = self.workspace.as_mut() {
            ws.dirty = false;
        }
        self.run_command(command);
    }

    pub(super) fn save(&mut self) {
        self.keep_typing();
        let Some(ws) = self.workspace.as_mut() else {
            return;
        };
        match ws.save() {
            Ok(outcome) => {
                let what = match outcome {
                    SaveOutcome::Written => "saved",
                    SaveOutcome::WrittenWithoutBackup => {
                        "saved (the previous version could not be kept as .bak)"
                    }
                    SaveOutcome::Unchanged => "already saved",
                };
                let project = ws.project_path.clone();
                self.set_info(format!("{what}: {}", project.display()));
                self.remember(&project);
            }
            Err(err) => self.set_error(format!("{err:#}")),
        }
    }

    pub(super) fn start_loading(
        &mut self,
        path: PathBuf,
        relocated: bool,
        job: impl FnOnce() -> Result<Workspace, ProjectError> + Send + 'static,
    ) {
        let (tx, rx) = mpsc::channel();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            // The receiver is gone only if another open replaced this one; nothing to report.
            let _ = tx.send(job());
            ctx.request_repaint();
        });
        self.missing_corpus = None;
        self.loading = Some(Loading {
            path,
            relocated,
            rx,
        });
    }

    pub(super) fn poll_loading(&mut self) {
        let Some(loading) = &self.loading else {
            return;
        };
        let result = match loading.rx.try_recv() {
            Ok(result) => result,
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => Err(ProjectError::Read {
                path: loading.path.clone(),
                error: std::io::Error::other("opening stopped unexpectedly"),
            }),
        };
        let relocated = loading.relocated;
        self.loading = None;
        match result {
            Ok(ws) => self.opened(ws, relocated),
            Err(err) => {
                if let ProjectError::CorpusMissing { path, .. } = &err {
                    self.missing_corpus = Some(path.clone());
                }
                self.set_error(format!("{err:#}"));
            }
        }
    }

    pub(super) fn opened(&mut self, mut ws: Workspace, relocated: bool) {
        let mut text = format!(
            "opened {}: {} documents, {} skipped; since last save {}",
            ws.name(),
            ws.corpus.documents.len(),
            ws.corpus.skipped.len(),
            ws.changes.summary()
        );
        let mut is_error = false;
        // A new project is created on disk at once, and a relocated one records its new root.
        if ws.dirty
            && (relocated || !ws.project_path.exists())
            && let Err(err) = ws.save()
        {
            text = format!("{err:#} (the project is kept open, unsaved)");
            is_error = true;
        }
        if ws.project_path.exists() {
            self.remember(&ws.project_path);
        }
        let first = (!ws.corpus.documents.is_empty()).then_some(Selected::Document(0));
        // Changes made to the old project while the new one was opening are saved now.
        self.keep_typing();
        if let Some(old) = self.workspace.as_mut().filter(|old| old.dirty)
            && let Err(err) = old.save()
        {
            text = format!("{text}; the previous project could not be saved: {err:#}");
            is_error = true;
        }
        self.coding = CodingPanel::default();
        self.entities.start(&self.ctx, &ws);
        self.workspace = Some(ws);
        self.status = Some(Status { text, is_error });
        self.reader = None;
        self.select(first);
    }

    /// Keeps what was typed in a note or memo field and not kept yet.
    pub(super) fn keep_typing(&mut self) {
        for command in self.coding.take_typed(false) {
            self.run_command(command);
        }
    }

    /// Saves unsaved changes when the window closes; reports on stderr, the only place left.
    pub fn save_on_exit(&mut self) {
        self.keep_typing();
        if let Some(ws) = self.workspace.as_mut().filter(|ws| ws.dirty)
            && let Err(err) = ws.save()
        {
            eprintln!("qari: {err:#}");
        }
    }
}

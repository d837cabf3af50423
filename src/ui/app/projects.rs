//! Opening projects in the background, saving (by hand, before leaving, on exit), and keeping
//! what was typed in a note field before any of these.

use std::path::PathBuf;
use std::sync::mpsc;

use crate::project::workspace::DEFAULT_WAIT;

use super::{Loading, Opened, QariApp, Status, WindowHold, confirm, watch};
use crate::project::lock::WindowLock;
use crate::project::{ProjectError, Workspace};

use crate::ui::Selected;
use crate::ui::coding::CodingPanel;
use crate::ui::commands::Command;

/// A project file that cannot be read, and its backup that can.
pub(super) struct BackupOffer {
    /// The project file.
    pub(super) project: PathBuf,
    /// Its backup.
    pub(super) backup: PathBuf,
    /// Why the project file cannot be read.
    pub(super) why: String,
}

impl QariApp {
    /// Saves a dirty project before it is closed. On failure asks the user (and returns false).
    pub(super) fn save_before_leaving(&mut self, then: Command) -> bool {
        self.wait_for_save();
        self.keep_typing();
        // A read-only project has nothing of the user's to save.
        let Some(ws) = self
            .workspace
            .as_mut()
            .filter(|ws| ws.is_dirty() && !ws.is_read_only())
        else {
            return true;
        };
        match save_leaving(ws) {
            Ok(_) => true,
            Err(err) => {
                let message = match &err {
                    ProjectError::Locked { path, holder } => format!(
                        "{holder} has been saving the project for a while and has not finished; \
                         cancel and try again in a moment: {}",
                        path.display()
                    ),
                    other => format!("{other:#}"),
                };
                self.confirm = Some(confirm::Pending {
                    message,
                    command: then,
                });
                false
            }
        }
    }

    /// Runs a command the user confirmed despite unsaved changes.
    pub(super) fn discard_and_run(&mut self, command: Command) {
        if let Some(ws) = self.workspace.as_mut() {
            ws.forget_unsaved_changes();
        }
        self.run_command(command);
    }

    /// Says what a save or the watch merged in from another program ("; merged 37
    /// annotations added by qari import …"), and finds the entity mentions again when the
    /// register changed. Conflicts show in "Needs attention".
    pub(super) fn took_in(&mut self, merged: Option<crate::project::workspace::Merged>) -> String {
        let Some(merged) = merged else {
            return String::new();
        };
        if let Some(ws) = &self.workspace {
            self.entities.refresh(&self.ctx, ws);
        }
        if merged.report.has_conflicts() {
            self.coding.show_tab(crate::ui::coding::Tab::Attention);
        }
        format!("; took in {}", merged.summary())
    }

    /// Takes in what another program saved to the project file, when the watch saw it change.
    pub(super) fn poll_watch(&mut self) {
        // While another project opens, or a save runs (it takes in another program's save
        // itself), the event waits (the flag is not taken).
        let saving = self.workspace.as_ref().is_some_and(|ws| ws.is_saving());
        if self.loading.is_some()
            || saving
            || !self.watch.as_ref().is_some_and(|w| w.take_changed())
        {
            return;
        }
        // qari's own saves are seen too: they leave the file as this window wrote it.
        if !self
            .workspace
            .as_ref()
            .is_some_and(|ws| ws.changed_on_disk())
        {
            return;
        }
        // What is being typed goes in first, so the merge keeps it.
        self.keep_typing();
        let Some(ws) = self.workspace.as_mut() else {
            return;
        };
        match ws.sync_from_disk() {
            Ok(None) => {}
            Ok(Some(merged)) => {
                let path = ws.path().display().to_string();
                let text = self.took_in(Some(merged));
                let text = text.trim_start_matches("; took in ");
                self.set_info(format!("{text}: {path}"));
            }
            Err(err) => self.set_error(format!("{err:#}")),
        }
    }

    /// The question asked when another window has the project open for changes.
    pub(super) fn read_only_offer_ui(&mut self, ui: &mut egui::Ui) {
        let Some((ws, held, _)) = &self.offer_read_only else {
            return;
        };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("qari-open-read-only")).show(ui.ctx(), |ui| {
            ui.set_max_width(480.0);
            ui.heading("The project is open in another window");
            ui.label(format!(
                "{} is open for changes in {held}. Two windows changing one project would each \
                 have to merge the other's changes; open it read-only here instead? It follows \
                 the other window's saves.",
                ws.path().display()
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Cancel").clicked() {
                    answer = Some(false);
                }
                if ui.button("Open read-only").clicked() {
                    answer = Some(true);
                }
            });
        });
        match answer {
            Some(true) => {
                if let Some((mut ws, _, relocated)) = self.offer_read_only.take() {
                    ws.set_read_only(true);
                    self.opened(*ws, WindowHold::Unavailable, relocated);
                }
            }
            Some(false) => {
                if let Some((ws, _, _)) = self.offer_read_only.take() {
                    self.set_info(format!("not opened: {}", ws.path().display()));
                }
            }
            None => {}
        }
    }

    /// The question asked when a project file cannot be read and its backup can.
    pub(super) fn backup_offer_ui(&mut self, ui: &mut egui::Ui) {
        let Some(offer) = &self.offer_backup else {
            return;
        };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("qari-open-backup")).show(ui.ctx(), |ui| {
            ui.set_max_width(480.0);
            ui.heading("Open the backup?");
            ui.label(format!(
                "The project file cannot be read: {}.\n\nIts backup, {}, can: the version saved \
                 before the last save. Open the backup? The unreadable file is kept beside it, \
                 renamed …broken-TIME, and the backup is copied in its place.",
                offer.why,
                offer.backup.display()
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Cancel").clicked() {
                    answer = Some(false);
                }
                if ui.button("Open the backup").clicked() {
                    answer = Some(true);
                }
            });
        });
        let Some(open) = answer else {
            return;
        };
        let Some(offer) = self.offer_backup.take() else {
            return;
        };
        if !open {
            self.set_info(format!("not opened: {}", offer.project.display()));
            return;
        }
        match crate::project::workspace::restore_backup(&offer.project) {
            Ok(aside) => {
                let project = offer.project.clone();
                self.start_loading(offer.project, false, move || Workspace::open(&project));
                self.note_after_open = Some(format!(
                    "the backup was opened; the unreadable file is kept as {}",
                    aside.display()
                ));
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
        // The lock this window has on the project it leaves is let go once the new one opens.
        std::thread::spawn(move || {
            let opened = job().map(|ws| {
                let lock = match WindowLock::try_acquire(ws.path(), "a qari window") {
                    Ok(Ok(lock)) => WindowHold::Taken(lock),
                    // One window a process: a holder of this process is this window.
                    Ok(Err(held))
                        if held
                            .holder
                            .as_ref()
                            .is_some_and(|h| h.pid == std::process::id()) =>
                    {
                        WindowHold::AlreadyOurs
                    }
                    Ok(Err(held)) => WindowHold::Held(held),
                    Err(_) => WindowHold::Unavailable,
                };
                Opened { ws, lock }
            });
            // The receiver is gone only if another open replaced this one; nothing to report.
            let _ = tx.send(opened);
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
        let note = self.note_after_open.take();
        match result {
            Ok(Opened {
                ws,
                lock: WindowHold::Held(held),
            }) => self.offer_read_only = Some((Box::new(ws), held, relocated)),
            Ok(Opened { ws, lock }) => {
                self.opened(ws, lock, relocated);
                if let (Some(note), Some(status)) = (note, self.status.as_mut())
                    && !status.is_error
                {
                    status.text.push_str(&format!("; {note}"));
                }
            }
            Err(err) => {
                if let ProjectError::CorpusMissing { path, .. } = &err {
                    self.missing_corpus = Some(path.clone());
                }
                if let ProjectError::BackupReadable {
                    path,
                    error,
                    backup,
                    ..
                } = &err
                {
                    self.offer_backup = Some(BackupOffer {
                        project: path.clone(),
                        backup: backup.clone(),
                        why: format!("{error:#}"),
                    });
                }
                self.set_error(format!("{err:#}"));
            }
        }
    }

    pub(super) fn opened(&mut self, mut ws: Workspace, lock: WindowHold, relocated: bool) {
        // Saves run on their own thread: waiting for another program's save freezes nothing.
        ws.set_writer("a qari window", DEFAULT_WAIT);
        let mut text = format!(
            "opened {}: {} documents, {} skipped; since last save {}",
            ws.name(),
            ws.corpus().documents.len(),
            ws.corpus().skipped.len(),
            ws.changes().summary()
        );
        let mut is_error = false;
        // A new project is created on disk at once, and a relocated one records its new root.
        if ws.is_dirty()
            && (relocated || !ws.path().exists())
            && let Err(err) = ws.save()
        {
            text = format!("{err:#} (the project is kept open, unsaved)");
            is_error = true;
        }
        if ws.path().exists() {
            self.remember(ws.path());
        }
        let first = (!ws.corpus().documents.is_empty()).then_some(Selected::Document(0));
        // Changes made to the old project while the new one was opening are saved now.
        self.wait_for_save();
        self.keep_typing();
        if let Some(old) = self
            .workspace
            .as_mut()
            .filter(|old| old.is_dirty() && !old.is_read_only())
            && let Err(err) = save_leaving(old)
        {
            // Its changes would be lost: it stays open, and the new one is not shown.
            let name = old.name();
            self.set_error(format!(
                "{err:#}; {name} stays open with its changes, and {} was not opened",
                ws.path().display()
            ));
            return;
        }
        self.coding = CodingPanel::default();
        self.entities.start(&self.ctx, &ws);
        self.search.start(&self.ctx, &ws);
        self.analysis.reset();
        self.counting.reset();
        self.doc_filter = super::super::doc_filter::DocFilter::default();
        match lock {
            WindowHold::Taken(lock) => self.window_lock = Some(lock),
            WindowHold::AlreadyOurs => {}
            WindowHold::Unavailable | WindowHold::Held(_) => self.window_lock = None,
        }
        self.watch = watch::ProjectWatch::new(&self.ctx, ws.path());
        if ws.is_read_only() {
            text.push_str("; read-only (open for changes in another window)");
        }
        // Repairs made on load are flagged under "needs attention"; the status says so too.
        if !is_error && let Some(repaired) = ws.repair_summary() {
            text.push_str(&format!("; {repaired}"));
        }
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
        self.wait_for_save();
        self.keep_typing();
        if let Some(ws) = self
            .workspace
            .as_mut()
            .filter(|ws| ws.is_dirty() && !ws.is_read_only())
            && let Err(err) = save_leaving(ws)
        {
            eprintln!("qari: {err:#}");
        }
    }
}

/// Saves a project the window is leaving (quitting, opening another), there and then: waits
/// as long as a command-line save would for another program's save to finish.
fn save_leaving(ws: &mut Workspace) -> Result<crate::project::Saved, ProjectError> {
    ws.save()
}

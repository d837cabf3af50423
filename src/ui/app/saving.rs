//! Saving from the window without waiting for the disk (issue 20): autosave a moment after a
//! change and Ctrl+S hand the project to a writer thread ([`crate::project::SaveJob`]) and go on;
//! each frame looks whether it is done. The title and the status bar say "saving…", then
//! "saved". Leaving (quitting, opening another project) waits for a save in flight, then saves
//! what is left there and then.

use std::sync::mpsc;
use std::time::Instant;

use super::QariApp;
use crate::project::ProjectError;
use crate::project::autosave::{AUTOSAVE_DELAY, Autosave};
use crate::project::save::SaveOutcome;
use crate::project::workspace::{Finished, SaveDone};

/// The window's saves: when the next is due, and the one running.
#[derive(Default)]
pub(super) struct Saving {
    /// When to save on one's own.
    pub(super) autosave: Autosave,
    /// The save running on its own thread.
    in_flight: Option<InFlight>,
    /// Ctrl+S was pressed while a save ran: save again when it ends (if changes are left).
    again_by_hand: bool,
    /// When the project was last saved, as the status bar says it ("21:40:03").
    last_saved: Option<String>,
    /// What a save merged in from another program before it saved again ("; took in …"):
    /// said with the save that follows.
    took_in: String,
}

/// A save running on its own thread.
struct InFlight {
    done: mpsc::Receiver<SaveDone>,
    /// Asked for with Ctrl+S (it says where it saved), not by autosave.
    by_hand: bool,
}

/// Where the project stands with its file, for the title and the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// A save is being written.
    Saving,
    /// There are changes not saved yet.
    Unsaved,
    /// Everything is saved (at this time of day, when this window saved it).
    Saved(Option<String>),
    /// The project is open read-only: nothing is saved.
    ReadOnly,
}

impl SaveState {
    /// What the status bar says.
    pub fn label(&self) -> String {
        match self {
            SaveState::Saving => "saving…".into(),
            SaveState::Unsaved => "unsaved changes".into(),
            SaveState::Saved(Some(at)) => format!("saved {at}"),
            SaveState::Saved(None) => "saved".into(),
            SaveState::ReadOnly => "read-only".into(),
        }
    }
}

impl QariApp {
    /// Where the open project stands with its file (`None`: no project is open).
    pub fn save_state(&self) -> Option<SaveState> {
        let ws = self.workspace.as_ref()?;
        Some(if ws.is_read_only() {
            SaveState::ReadOnly
        } else if self.saving.in_flight.is_some() {
            SaveState::Saving
        } else if ws.is_dirty() {
            SaveState::Unsaved
        } else {
            SaveState::Saved(self.saving.last_saved.clone())
        })
    }

    /// Saves a moment after the first unsaved change, on the writer thread; takes in a save
    /// that ended; asks for a repaint when one is due.
    pub(super) fn autosave(&mut self) {
        self.poll_save();
        let now = Instant::now();
        let Some(ws) = self.workspace.as_ref() else {
            return;
        };
        // A project never written (the user has not chosen to keep it) is not written here.
        let dirty = ws.is_dirty() && ws.is_on_disk() && !ws.is_read_only();
        let due = self.saving.autosave.due(dirty, now);
        if self.saving.in_flight.is_some() {
            // Its thread asks for the repaint that takes it in; the next save (due meanwhile)
            // starts then.
            return;
        }
        if due {
            self.saving.autosave.saved();
            self.start_save(false);
        } else if let Some(wait) = self.saving.autosave.wait(now) {
            self.ctx.request_repaint_after(wait);
        }
    }

    /// Saves now (Ctrl+S), on the writer thread; the status bar says where when it is done.
    pub(super) fn save(&mut self) {
        if self.saving.in_flight.is_some() {
            self.saving.again_by_hand = true;
            return;
        }
        self.start_save(true);
    }

    /// Hands the project to a writer thread.
    fn start_save(&mut self, by_hand: bool) {
        // What is being typed goes in first.
        self.keep_typing();
        let Some(ws) = self.workspace.as_mut() else {
            return;
        };
        let job = match ws.begin_save() {
            Ok(job) => job,
            Err(err) => {
                self.set_error(format!("{err:#}"));
                return;
            }
        };
        let (send, done) = mpsc::channel();
        let ctx = self.ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("qari save".into())
            .spawn(move || {
                crate::ui::background::step_aside();
                // The window may be gone when the save ends (it waits on leaving).
                let _ = send.send(job.run());
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.saving.in_flight = Some(InFlight { done, by_hand }),
            Err(err) => {
                ws.abandon_save();
                let path = ws.path().display().to_string();
                self.set_error(format!(
                    "could not start saving ({err}); qari tries again in a moment: {path}"
                ));
            }
        }
    }

    /// Takes in the save in flight if it has ended.
    fn poll_save(&mut self) {
        let Some(in_flight) = &self.saving.in_flight else {
            return;
        };
        match in_flight.done.try_recv() {
            Ok(done) => self.save_ended(Some(done)),
            Err(mpsc::TryRecvError::Empty) => {}
            Err(mpsc::TryRecvError::Disconnected) => self.save_ended(None),
        }
    }

    /// Waits for the save in flight, if any, and takes it in (before leaving the project).
    pub(super) fn wait_for_save(&mut self) {
        if let Some(in_flight) = &self.saving.in_flight {
            let done = in_flight.done.recv().ok();
            self.save_ended(done);
        }
    }

    /// Takes in what a save did (`None`: its thread ended without a word), says so, and saves
    /// again at once when it found another program's changes to merge first.
    fn save_ended(&mut self, done: Option<SaveDone>) {
        let Some(in_flight) = self.saving.in_flight.take() else {
            return;
        };
        let again = std::mem::take(&mut self.saving.again_by_hand);
        let by_hand = in_flight.by_hand || again;
        let Some(ws) = self.workspace.as_mut() else {
            return;
        };
        let Some(done) = done else {
            ws.abandon_save();
            let path = ws.path().display().to_string();
            self.set_error(format!(
                "the save stopped before it ended; your changes are kept and qari saves again in \
                 a moment: {path}"
            ));
            return;
        };
        let path = ws.path().to_owned();
        match ws.finish_save(done) {
            Ok(Finished::Saved(saved)) => {
                self.saving.last_saved = Some(jiff::Zoned::now().strftime("%H:%M:%S").to_string());
                let repaired = saved
                    .before_repair
                    .is_some()
                    .then(|| ws.repair_summary())
                    .flatten();
                // Ctrl+S pressed while this save ran, with changes made since: they are saved
                // now, and that save says where.
                if again && ws.is_dirty() {
                    self.start_save(true);
                    return;
                }
                let took_in = std::mem::take(&mut self.saving.took_in);
                if by_hand || !took_in.is_empty() {
                    let what = match saved.outcome {
                        SaveOutcome::Written => "saved",
                        SaveOutcome::WrittenWithoutBackup => {
                            "saved (the previous version could not be kept as .bak)"
                        }
                        SaveOutcome::Unchanged => "already saved",
                    };
                    self.set_info(format!("{what}{took_in}: {}", path.display()));
                    if by_hand {
                        self.remember(&path);
                    }
                } else if let Some(repaired) = repaired {
                    self.set_info(format!("saved; {repaired}"));
                } else if saved.outcome == SaveOutcome::WrittenWithoutBackup {
                    self.set_info(format!(
                        "saved (the previous version could not be kept as .bak): {}",
                        path.display()
                    ));
                }
            }
            Ok(Finished::TookIn(merged)) => {
                let text = self.took_in(merged);
                // The merge is saved now, and that save says what came in.
                if self.workspace.as_ref().is_some_and(|ws| ws.is_dirty()) {
                    self.saving.took_in.push_str(&text);
                    self.start_save(by_hand);
                } else if let Some(text) = text.strip_prefix("; took in ") {
                    self.set_info(format!("{text}: {}", path.display()));
                }
            }
            // Another program is saving: try again a moment later, nothing is lost.
            Err(ProjectError::Locked { holder, .. }) => {
                self.saving.took_in.clear();
                self.set_info(format!("waiting for {holder} to finish saving"));
                self.ctx.request_repaint_after(AUTOSAVE_DELAY);
            }
            Err(err) => {
                self.saving.took_in.clear();
                let what = if by_hand { "" } else { "autosave failed: " };
                self.set_error(format!("{what}{err:#}"));
                self.ctx.request_repaint_after(AUTOSAVE_DELAY);
            }
        }
    }
}

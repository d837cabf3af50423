//! Saving in two halves, so that a window never waits for the disk: [`Workspace::begin_save`]
//! takes a copy of the project on the caller's thread (cheap: the large collections are
//! persistent maps that share what they do not change), [`SaveJob::run`] writes it on any
//! thread, and [`Workspace::finish_save`] takes the result back. [`Workspace::save`] is the
//! three in a row, for the command line and for leaving.
//!
//! The job writes only over the file this workspace last read or wrote: under the project's
//! write lock it reads the file again, and when another program changed it meanwhile it writes
//! nothing and says so ([`Finished::TookIn`]): the workspace merges the other program's changes
//! on its own thread and saves again. Changes made while the job ran stay unsaved (the project
//! stays dirty) for the next save.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::Workspace;
use super::disk::{self, Merged, OnDisk, Saved};
use crate::project::lock::{Holder, WriteLock};
use crate::project::save::{SaveOutcome, write_atomic, write_with_backup};
use crate::project::{ProjectError, ProjectFile, format};

/// How many times [`Workspace::save`] merges and tries again when the file changes under it.
const MERGE_TRIES: usize = 3;

/// A save taken from a workspace: everything writing it needs, for any thread.
#[derive(Debug)]
pub struct SaveJob {
    path: PathBuf,
    /// The project as it was when the save began.
    project: ProjectFile,
    /// The file as the workspace last read or wrote it: the file must still be this, and the
    /// lines of unchanged annotations are copied from it.
    base: Option<Arc<OnDisk>>,
    /// The stamp of that file then: the file is not read again when it still has it.
    base_stamp: Option<disk::Stamp>,
    /// Who saves (named in the lock file) and how long to wait for another program's save.
    purpose: String,
    wait: Duration,
    /// The file as read before the repairs made on loading it, to keep before the first save.
    before_repair: Option<(Arc<OnDisk>, PathBuf)>,
    /// [`Workspace::revision`] when the save began.
    revision: u64,
}

/// What a [`SaveJob`] did, for [`Workspace::finish_save`].
#[derive(Debug)]
pub struct SaveDone {
    revision: u64,
    result: Result<JobResult, ProjectError>,
}

#[derive(Debug)]
enum JobResult {
    Written {
        on_disk: Arc<OnDisk>,
        stamp: Option<disk::Stamp>,
        outcome: SaveOutcome,
        before_repair: Option<PathBuf>,
    },
    /// The file is not what the workspace last read or wrote: nothing was written.
    ChangedOnDisk { writer: Option<Holder> },
}

/// How a save ended.
#[derive(Debug)]
pub enum Finished {
    /// The project as it was when the save began is on disk.
    Saved(Saved),
    /// Another program had saved the project since this workspace last read or wrote it:
    /// nothing was written; its changes are merged into the workspace (`None`: the file held
    /// nothing new after all). Save again when the workspace is still dirty.
    TookIn(Option<Merged>),
}

impl Workspace {
    /// Begins a save: a copy of the project and what writing it needs. Refused for a project
    /// opened read-only and while another save of this workspace runs. Until
    /// [`Workspace::finish_save`], the workspace does not take in what other programs save
    /// ([`Workspace::sync_from_disk`] waits).
    pub fn begin_save(&mut self) -> Result<SaveJob, ProjectError> {
        if self.read_only {
            return Err(ProjectError::ReadOnly {
                path: self.project_path.clone(),
            });
        }
        if self.saving {
            return Err(ProjectError::Saving {
                path: self.project_path.clone(),
            });
        }
        self.saving = true;
        Ok(SaveJob {
            path: self.project_path.clone(),
            project: self.project.clone(),
            base: self.on_disk.clone(),
            base_stamp: self.disk_stamp.filter(|_| self.on_disk.is_some()),
            purpose: self.writer.purpose.clone(),
            wait: self.writer.wait,
            before_repair: self
                .before_repair
                .clone()
                .map(|text| (text, super::before_repair_backup_path(&self.project_path))),
            revision: self.revision,
        })
    }

    /// Whether a save begun by [`Workspace::begin_save`] has not been finished.
    pub fn is_saving(&self) -> bool {
        self.saving
    }

    /// Takes back what a save did. Written: the file is the new base, and the project is clean
    /// unless it changed while the job ran. Another program's save found: merged in here
    /// ([`Finished::TookIn`]). Failed: the error, with the project still dirty (nothing lost).
    pub fn finish_save(&mut self, done: SaveDone) -> Result<Finished, ProjectError> {
        self.saving = false;
        match done.result? {
            JobResult::Written {
                on_disk,
                stamp,
                outcome,
                before_repair,
            } => {
                self.on_disk = Some(on_disk);
                self.disk_stamp = stamp;
                if let Some(kept) = &before_repair {
                    self.before_repair = None;
                    self.before_repair_kept = Some(kept.clone());
                }
                if self.revision == done.revision {
                    self.dirty = false;
                }
                Ok(Finished::Saved(Saved {
                    outcome,
                    merged: None,
                    before_repair,
                }))
            }
            JobResult::ChangedOnDisk { writer } => {
                Ok(Finished::TookIn(self.merge_from_disk(writer)?))
            }
        }
    }

    /// The save that ends a [`Workspace::begin_save`] that could not be run (its thread is
    /// gone): the project stays dirty, and saves may begin again.
    pub fn abandon_save(&mut self) {
        self.saving = false;
    }

    /// Saves the project atomically, keeping the previous file as `.bak`: under the project's
    /// write lock (waiting as long as [`Workspace::set_writer`] says), merging first what
    /// another program saved since this one last read or wrote the file. Refuses to replace
    /// a file written by a newer qari, and never saves a project opened read-only.
    pub fn save(&mut self) -> Result<Saved, ProjectError> {
        let mut merged = None;
        for _ in 0..MERGE_TRIES {
            let job = self.begin_save()?;
            match self.finish_save(job.run())? {
                Finished::Saved(saved) => {
                    return Ok(Saved {
                        merged: saved.merged.or(merged),
                        ..saved
                    });
                }
                Finished::TookIn(took_in) => merged = took_in.or(merged),
            }
        }
        Err(ProjectError::KeepsChanging {
            path: self.project_path.clone(),
        })
    }
}

impl SaveJob {
    /// Writes the project (under the write lock, only over the file the workspace knows),
    /// keeping the previous file as `.bak`. Any thread; the result goes back to
    /// [`Workspace::finish_save`].
    pub fn run(self) -> SaveDone {
        SaveDone {
            revision: self.revision,
            result: self.write(),
        }
    }

    fn write(&self) -> Result<JobResult, ProjectError> {
        let path = &self.path;
        let write_error = |error| ProjectError::Write {
            path: path.clone(),
            error,
        };
        let lock = WriteLock::acquire(path, &self.purpose, self.wait)?;
        let before_repair = match &self.before_repair {
            Some((text, backup)) => {
                write_atomic(backup, text.text().as_bytes()).map_err(|error| {
                    ProjectError::Write {
                        path: backup.clone(),
                        error,
                    }
                })?;
                Some(backup.clone())
            }
            None => None,
        };
        let changed = || JobResult::ChangedOnDisk {
            writer: lock.previous_holder().cloned(),
        };
        // The file must be the one last read or written here (or gone, when it is written
        // again); anything else is another program's save, to merge first. Its stamp says
        // so without reading it; a file touched but not changed is read and compared.
        let stamp_read = disk::stamp(path);
        let unchanged = stamp_read.is_some() && stamp_read == self.base_stamp;
        if !unchanged {
            match disk::read_text(path) {
                Ok(text) => {
                    let hash = disk::hash_of(&text);
                    if self.base.as_ref().is_none_or(|base| base.hash() != hash) {
                        return Ok(changed());
                    }
                }
                Err(ProjectError::Read { error, .. })
                    if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(err) => return Err(err),
            }
        }
        let previous = self.base.as_ref().map(|b| (b.text(), b.written_parts()));
        let (text, written) = format::to_ron_reusing(&self.project, previous)
            .map_err(|err| write_error(std::io::Error::other(err.to_string())))?;
        // A program that takes no lock (a sync tool) may have written while this one
        // serialised.
        if disk::stamp(path) != stamp_read {
            return Ok(changed());
        }
        let outcome = write_with_backup(path, text.as_bytes()).map_err(write_error)?;
        let stamp = disk::stamp(path);
        drop(lock);
        Ok(JobResult::Written {
            on_disk: Arc::new(OnDisk::written(text, written)),
            stamp,
            outcome,
            before_repair,
        })
    }
}

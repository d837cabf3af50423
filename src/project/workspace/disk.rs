//! The workspace and its file on disk: nothing another program wrote is ever overwritten.
//!
//! The workspace remembers the file as it last read or wrote it ([`OnDisk`]: its text and
//! hash). Before every save, under the project's write lock ([`crate::project::lock`]), the
//! file is read again; if it changed outside (another qari, a sync tool, `git pull`), the
//! three changes are merged ([`crate::project::merge`]: base = what this process last read or
//! wrote, theirs = the file now, ours = memory) and the merge is what is written. The window
//! calls [`Workspace::sync_from_disk`] when its watcher sees the file change, so what came in
//! is shown at once.

use std::path::Path;
use std::time::{Duration, SystemTime};

use super::Workspace;
use crate::corpus::ContentHash;
use crate::project::lock::{self, Holder, WriteLock};
use crate::project::merge::{self, MergeReport};
use crate::project::save::{SaveOutcome, write_with_backup};
use crate::project::{ProjectError, ProjectFile, format};

/// How many times a save merges again when the file changes while it merges.
const MERGE_TRIES: usize = 3;

/// How long a save waits, by default, for another program that is saving the same project.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(5);

/// The project file as this process last read or wrote it.
#[derive(Debug)]
pub(super) struct OnDisk {
    /// Its text: the base of a merge (parsed only when one is needed).
    text: String,
    /// The hash of the text.
    hash: ContentHash,
    /// Its size and modification time then: when both are the same now, the file is taken
    /// to be unchanged without reading it (the watcher sees every save, qari's own too).
    stamp: Option<(u64, SystemTime)>,
}

impl OnDisk {
    fn of(text: String, path: &Path) -> Self {
        let hash = ContentHash::of(&text);
        Self {
            text,
            hash,
            stamp: stamp(path),
        }
    }
}

/// A file's size and modification time.
fn stamp(path: &Path) -> Option<(u64, SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// Who saves: named in the lock file while a save runs, and how long a save waits.
#[derive(Debug)]
pub(super) struct Writer {
    purpose: String,
    wait: Duration,
}

impl Default for Writer {
    fn default() -> Self {
        Self {
            purpose: "qari".into(),
            wait: DEFAULT_WAIT,
        }
    }
}

/// What a save did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    /// Whether the file was written (and its previous version kept).
    pub outcome: SaveOutcome,
    /// Changes another program had saved meanwhile, merged into what was written.
    pub merged: Option<Merged>,
}

/// Changes from outside merged into the workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    /// Who wrote them, as far as qari knows ("qari import (sara on host, process 4711 …)"),
    /// or "the file on disk".
    pub by: String,
    /// What came in, and what needs a person.
    pub report: MergeReport,
}

impl Merged {
    /// One line for a status bar: "37 annotations added by qari import (…)".
    pub fn summary(&self) -> String {
        format!("{} by {}", self.report.summary(), self.by)
    }
}

/// Reads and parses a project file, keeping its text.
pub(super) fn read(path: &Path) -> Result<(ProjectFile, OnDisk), ProjectError> {
    let text = std::fs::read_to_string(path).map_err(|error| ProjectError::Read {
        path: path.into(),
        error,
    })?;
    let project = format::from_ron(&text, path)?;
    Ok((project, OnDisk::of(text, path)))
}

/// Removes what saves killed half-way left beside the project (temporary files), when there
/// are any and no other program is saving it now. Best effort: a leftover harms nothing but
/// tidiness. Opening a project to read it makes no lock file.
pub(super) fn clean_up_after_killed_saves(project: &Path) {
    let (Some(name), Some(folder)) = (project.file_name(), project.parent()) else {
        return;
    };
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let any = entries
        .flatten()
        .any(|e| crate::project::save::is_temporary(name, &e.file_name()));
    if any && let Ok(Some(_lock)) = WriteLock::try_acquire(project, "qari (cleaning up)") {
        let _ = lock::remove_leftovers(project);
    }
}

impl Workspace {
    /// Names who saves (in the lock file, while a save runs: "qari import", "qari window")
    /// and how long a save waits for another program's save to finish.
    pub fn set_writer(&mut self, purpose: &str, wait: Duration) {
        self.writer = Writer {
            purpose: purpose.to_owned(),
            wait,
        };
    }

    /// Saves the project atomically, keeping the previous file as `.bak`: under the project's
    /// write lock (waiting as long as [`Workspace::set_writer`] says), merging first what
    /// another program saved since this one last read or wrote the file. Refuses to replace
    /// a file written by a newer qari, and never saves a project opened read-only.
    pub fn save(&mut self) -> Result<Saved, ProjectError> {
        if self.read_only {
            return Err(ProjectError::ReadOnly {
                path: self.project_path.clone(),
            });
        }
        let lock = WriteLock::acquire(&self.project_path, &self.writer.purpose, self.writer.wait)?;
        let path = self.project_path.clone();
        let write = |error| ProjectError::Write {
            path: path.clone(),
            error,
        };
        // The lock keeps other qari processes out; a program that takes no lock (a sync tool)
        // may still write between the merge and the write: then merge again (a few times).
        let mut merged = None;
        let mut text = String::new();
        for _ in 0..MERGE_TRIES {
            let stamp_before = stamp(&self.project_path);
            if let Some(m) = self.merge_from_disk(lock.previous_holder().cloned())? {
                merged = Some(m);
            }
            text = format::to_ron(&self.project)
                .map_err(|err| write(std::io::Error::other(err.to_string())))?;
            if stamp(&self.project_path) == stamp_before {
                break;
            }
        }
        let outcome = write_with_backup(&self.project_path, text.as_bytes()).map_err(write)?;
        self.on_disk = Some(OnDisk::of(text, &self.project_path));
        self.dirty = false;
        Ok(Saved { outcome, merged })
    }

    /// Takes in what another program saved to the project file since this one last read or
    /// wrote it, merged with the changes in memory (nothing is lost on either side; what was
    /// changed on both is kept twice and flagged). `None` when the file is as it was.
    pub fn sync_from_disk(&mut self) -> Result<Option<Merged>, ProjectError> {
        self.merge_from_disk(lock::holder(&self.project_path))
    }

    /// Whether the project file may differ from what this process last read or wrote: its
    /// size or modification time changed, or it is gone. Cheap (no reading); a `true` is
    /// confirmed by [`Workspace::sync_from_disk`], which compares contents.
    pub fn changed_on_disk(&self) -> bool {
        match &self.on_disk {
            Some(known) => known.stamp.is_none() || stamp(&self.project_path) != known.stamp,
            None => self.project_path.exists(),
        }
    }

    /// Whether the project was ever read from or written to its file.
    pub fn is_on_disk(&self) -> bool {
        self.on_disk.is_some()
    }

    /// Merges the file as it is now into memory; `writer` is who last held the write lock.
    fn merge_from_disk(&mut self, writer: Option<Holder>) -> Result<Option<Merged>, ProjectError> {
        let path = &self.project_path;
        // Taken before reading: a write after it shows as a change next time.
        let stamp_read = stamp(path);
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            // Gone (or never written): there is nothing to merge; the save writes it again.
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                if self.on_disk.is_some() {
                    self.dirty = true;
                }
                return Ok(None);
            }
            Err(error) => {
                return Err(ProjectError::Read {
                    path: path.clone(),
                    error,
                });
            }
        };
        let hash = ContentHash::of(&text);
        if let Some(known) = self.on_disk.as_mut()
            && known.hash == hash
        {
            // Touched, not changed.
            known.stamp = stamp_read;
            return Ok(None);
        }
        let theirs = format::from_ron(&text, path)?;
        let base = match &self.on_disk {
            Some(known) => format::from_ron(&known.text, path)?,
            // Written by someone else before this project was ever saved: nothing in common.
            None => ProjectFile::new(self.project.corpus_root.clone()),
        };
        let by = last_writer(path, writer);
        let result = merge::merge(&base, &self.project, &theirs, &by);
        let unchanged = result.project == self.project;
        self.dirty = result.project != theirs;
        self.project = result.project;
        self.ids_seen.note(&self.project);
        self.on_disk = Some(OnDisk {
            text,
            hash,
            stamp: stamp_read,
        });
        if !unchanged {
            self.revision += 1;
        }
        Ok(Some(Merged {
            by,
            report: result.report,
        }))
    }
}

/// Who last wrote the project, as its lock file says when that was another process; else
/// "the file on disk" (a sync tool, git, an editor).
fn last_writer(project: &Path, holder: Option<Holder>) -> String {
    // The lock's last holder wrote the file only if it took the lock shortly before the file
    // was last changed (a save takes well under a minute).
    let modified = std::fs::metadata(project)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| jiff::Timestamp::try_from(t).ok());
    match (holder, modified) {
        (Some(holder), Some(modified))
            if holder.pid != std::process::id()
                && holder.since <= modified
                && modified.duration_since(holder.since).as_secs() < 60 =>
        {
            holder.to_string()
        }
        _ => "the file on disk".to_owned(),
    }
}

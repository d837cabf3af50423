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
use crate::project::lock::{self, Holder, WriteLock};
use crate::project::merge::{self, MergeReport};
use crate::project::save::SaveOutcome;
use crate::project::{ProjectError, ProjectFile, format, validate};

/// How long a save waits, by default, for another program that is saving the same project.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(5);

/// The project file as this process last read or wrote it. Never changed once made: shared
/// with a save running on another thread ([`super::save_job`]).
#[derive(Debug)]
pub(super) struct OnDisk {
    /// Its text: the base of a merge (parsed only when one is needed).
    text: String,
    /// The hash of the text (XXH3-128: only compared with the file's text read again in this
    /// process, so a fast hash will do where a project of 100,000 annotations is 44 MB).
    hash: u128,
    /// What the text holds where, when qari wrote it: the next save copies the lines of the
    /// annotations that did not change, and the head when nothing in it did.
    written: format::Written,
}

impl OnDisk {
    /// The file's text as read or written.
    pub(super) fn text(&self) -> &str {
        &self.text
    }

    /// The hash of the text.
    pub(super) fn hash(&self) -> u128 {
        self.hash
    }

    /// What the text holds where (nothing known when another program wrote it).
    pub(super) fn written_parts(&self) -> &format::Written {
        &self.written
    }

    /// A file as read.
    fn read(text: String) -> Self {
        Self::written(text, format::Written::default())
    }

    /// A file as read, its [`hash_of`] taken already.
    fn read_hashed(text: String, hash: u128) -> Self {
        Self {
            text,
            hash,
            written: format::Written::default(),
        }
    }

    /// A file as qari wrote it, with what it holds where.
    pub(super) fn written(text: String, written: format::Written) -> Self {
        Self {
            hash: hash_of(&text),
            text,
            written,
        }
    }
}

/// The hash a file's text is known by (XXH3, 128 bits).
pub(super) fn hash_of(text: &str) -> u128 {
    xxhash_rust::xxh3::xxh3_128(text.as_bytes())
}

impl OnDisk {}

/// What tells a file changed without reading it: its size and modification time, and on Unix
/// its inode and its status-change time (which no program can set back, and which a write, a
/// rename over it or a `touch` all change). When the stamp is the one of the file as it was
/// last read or written, the file is taken to be that one (the watcher sees every save, qari's
/// own too, and a save does not read 44 MB again to find the file it wrote).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Stamp {
    len: u64,
    modified: SystemTime,
    /// Device, inode, and status-change time in nanoseconds (Unix).
    identity: Option<(u64, u64, i128)>,
}

/// A file's stamp.
pub(super) fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let identity = {
        use std::os::unix::fs::MetadataExt as _;
        Some((
            meta.dev(),
            meta.ino(),
            i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
        ))
    };
    #[cfg(not(unix))]
    let identity = None;
    Some(Stamp {
        len: meta.len(),
        modified: meta.modified().ok()?,
        identity,
    })
}

/// Who saves: named in the lock file while a save runs, and how long a save waits.
#[derive(Debug)]
pub(super) struct Writer {
    pub(super) purpose: String,
    pub(super) wait: Duration,
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
    /// Where this save first kept the file as it was before the repairs made on loading it
    /// ([`super::before_repair_backup_path`]); `None` when it did not.
    pub before_repair: Option<std::path::PathBuf>,
}

/// Changes from outside merged into the workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    /// Who wrote them, as far as qari knows ("qari import (sara on host, process 4711 …)"),
    /// or "the file on disk".
    pub by: String,
    /// What came in, and what needs a person.
    pub report: MergeReport,
    /// Where the project as it was here before the merge was kept, when the merge took
    /// annotations or codes out of it ([`super::before_merge_backup_path`]).
    pub kept: Option<std::path::PathBuf>,
}

impl Merged {
    /// One line for a status bar: "37 annotations added by qari import (…)".
    pub fn summary(&self) -> String {
        match &self.kept {
            Some(kept) => format!(
                "{} by {}; the project as it was here is kept: {}",
                self.report.summary(),
                self.by,
                kept.display()
            ),
            None => format!("{} by {}", self.report.summary(), self.by),
        }
    }
}

/// A project read from its file, with what was repaired on reading it.
pub(super) struct Read {
    /// The project (repaired).
    pub(super) project: ProjectFile,
    /// The file as read.
    pub(super) on_disk: OnDisk,
    /// Its size and modification time when read.
    pub(super) stamp: Option<Stamp>,
    /// What was repaired ([`validate::repair_project`]); empty when the file was sound.
    pub(super) repaired: Vec<validate::Problem>,
}

/// Reads and parses a project file, keeping its text. When the file cannot be read as a
/// project (empty, not UTF-8, bad syntax) but its backup can, the error says so
/// ([`ProjectError::BackupReadable`]).
pub(super) fn read(path: &Path) -> Result<Read, ProjectError> {
    let stamp = stamp(path);
    read_text(path)
        .and_then(|text| {
            // Hashed while it is parsed (the parse leaves a core free at times).
            let (read, hash) =
                rayon::join(|| format::from_ron_repaired(&text, path), || hash_of(&text));
            Ok((read?, OnDisk::read_hashed(text, hash)))
        })
        .map(|((project, repaired), on_disk)| Read {
            project,
            on_disk,
            stamp,
            repaired,
        })
        .map_err(|error| with_backup(error, path))
}

/// The text of a project file: refused when it is empty or not UTF-8 (saying where), or not a
/// regular file (a FIFO would block the read forever; the error says what it is).
pub(super) fn read_text(path: &Path) -> Result<String, ProjectError> {
    let read_error = |error| ProjectError::Read {
        path: path.into(),
        error,
    };
    crate::project::save::regular_or_missing(path).map_err(read_error)?;
    let bytes = std::fs::read(path).map_err(read_error)?;
    // Checked with SIMD first (tens of MB of mostly Arabic text); std's check, which says
    // where, only for a file that is not UTF-8.
    let text = if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: just checked to be UTF-8.
        unsafe { String::from_utf8_unchecked(bytes) }
    } else {
        String::from_utf8(bytes).map_err(|err| {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            // Valid by construction; the position is counted in it.
            let before = std::str::from_utf8(valid).unwrap_or_default();
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            ProjectError::NotUtf8 {
                path: path.into(),
                line: before.matches('\n').count() + 1,
                column: before[line_start..].chars().count() + 1,
                byte: valid.len(),
            }
        })?
    };
    if text.trim().is_empty() {
        return Err(ProjectError::Empty { path: path.into() });
    }
    Ok(text)
}

/// The error, saying that the backup reads when the file is unreadable as a project (not when
/// it is missing, locked or from a newer qari) and its backup parses.
fn with_backup(error: ProjectError, path: &Path) -> ProjectError {
    let broken = matches!(
        error,
        ProjectError::Syntax { .. } | ProjectError::NotUtf8 { .. } | ProjectError::Empty { .. }
    );
    let backup = crate::project::save::backup_path(path);
    if broken
        && read_text(&backup)
            .and_then(|text| format::from_ron(&text, &backup))
            .is_ok()
    {
        return ProjectError::BackupReadable {
            path: path.into(),
            error: Box::new(error),
            backup,
        };
    }
    error
}

/// Puts a project file that cannot be read aside and its backup in its place, under the
/// project's write lock: `qari.ron` is copied to `qari.ron.broken-20261130T004512Z` (kept,
/// never deleted), then `qari.ron.bak` is written over `qari.ron` (the backup stays). A
/// `qari.ron` that is a symbolic link stays one: the file it points to is the one copied aside
/// (beside it) and replaced. Refused, changing nothing, when the project file reads after all
/// or the backup does not. Returns where the broken file was put.
pub fn restore_backup(project: &Path) -> Result<std::path::PathBuf, ProjectError> {
    let _lock = WriteLock::acquire(project, "qari (restoring the backup)", DEFAULT_WAIT)?;
    let backup = crate::project::save::backup_path(project);
    let refused = |why: &str| ProjectError::Write {
        path: project.into(),
        error: std::io::Error::other(why.to_owned()),
    };
    if read_text(project)
        .and_then(|text| format::from_ron(&text, project))
        .is_ok()
    {
        return Err(refused(
            "the project file reads now; the backup was not put in its place",
        ));
    }
    let text = read_text(&backup)?;
    format::from_ron(&text, &backup)?;
    // The file itself, not a link to it.
    let target =
        crate::project::save::write_target(project).map_err(|error| ProjectError::Write {
            path: project.into(),
            error,
        })?;
    let time = jiff::Timestamp::now()
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string();
    let mut aside = target.as_os_str().to_owned();
    aside.push(format!(".broken-{time}"));
    let mut aside = std::path::PathBuf::from(aside);
    let mut n = 1;
    while aside.exists() {
        n += 1;
        let mut numbered = target.as_os_str().to_owned();
        numbered.push(format!(".broken-{time}-{n}"));
        aside = numbered.into();
    }
    std::fs::copy(&target, &aside).map_err(|error| ProjectError::Write {
        path: aside.clone(),
        error,
    })?;
    crate::project::save::write_atomic(&target, text.as_bytes()).map_err(|error| {
        ProjectError::Write {
            path: project.into(),
            error,
        }
    })?;
    Ok(aside)
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

    /// Takes in what another program saved to the project file since this one last read or
    /// wrote it, merged with the changes in memory (nothing is lost on either side; what was
    /// changed on both is kept twice and flagged). `None` when the file is as it was.
    /// While a save runs ([`Workspace::begin_save`]) nothing is taken in: the change seen may
    /// be that save's own; the save takes in another program's itself.
    pub fn sync_from_disk(&mut self) -> Result<Option<Merged>, ProjectError> {
        if self.saving {
            return Ok(None);
        }
        self.merge_from_disk(lock::holder(&self.project_path))
    }

    /// Whether the project file may differ from what this process last read or wrote: its
    /// size or modification time changed, or it is gone. Cheap (no reading); a `true` is
    /// confirmed by [`Workspace::sync_from_disk`], which compares contents. `false` while a
    /// save runs (its own writing is not a change from outside).
    pub fn changed_on_disk(&self) -> bool {
        if self.saving {
            return false;
        }
        match &self.on_disk {
            Some(_) => self.disk_stamp.is_none() || stamp(&self.project_path) != self.disk_stamp,
            None => self.project_path.exists(),
        }
    }

    /// Whether the project was ever read from or written to its file.
    pub fn is_on_disk(&self) -> bool {
        self.on_disk.is_some()
    }

    /// Merges the file as it is now into memory; `writer` is who last held the write lock.
    pub(super) fn merge_from_disk(
        &mut self,
        writer: Option<Holder>,
    ) -> Result<Option<Merged>, ProjectError> {
        let path = &self.project_path;
        // Taken before reading: a write after it shows as a change next time.
        let stamp_read = stamp(path);
        let text = match read_text(path) {
            Ok(text) => text,
            // Gone (or never written): there is nothing to merge; the save writes it again.
            Err(ProjectError::Read { error, .. })
                if error.kind() == std::io::ErrorKind::NotFound =>
            {
                if self.on_disk.is_some() {
                    self.dirty = true;
                }
                return Ok(None);
            }
            Err(err) => return Err(err),
        };
        let hash = hash_of(&text);
        if self
            .on_disk
            .as_ref()
            .is_some_and(|known| known.hash == hash)
        {
            // Touched, not changed.
            self.disk_stamp = stamp_read;
            return Ok(None);
        }
        let theirs = format::from_ron(&text, path)?;
        let base = match &self.on_disk {
            Some(known) => format::from_ron(&known.text, path)?,
            // Written by someone else before this project was ever saved: nothing in common.
            None => ProjectFile::new(self.project.corpus_root.clone()),
        };
        let by = last_writer(path, writer);
        let mut result = merge::merge(&base, &self.project, &theirs, &by);
        // Two moves of codes, each fine, can make a cycle together.
        validate::repair_codebook(&mut result.project.codebook);
        // What the other program took out (it may have put back an old version, or another
        // project) is gone from the merge: keep the project as it was here first.
        let kept = if result.report.annotations_deleted > 0 || result.report.codes_deleted > 0 {
            let backup = super::before_merge_backup_path(path);
            let ours = format::to_ron(&self.project).map_err(|err| ProjectError::Write {
                path: backup.clone(),
                error: std::io::Error::other(err.to_string()),
            })?;
            crate::project::save::write_atomic(&backup, ours.as_bytes()).map_err(|error| {
                ProjectError::Write {
                    path: backup.clone(),
                    error,
                }
            })?;
            Some(backup)
        } else {
            None
        };
        let unchanged = result.project == self.project;
        self.dirty = result.project != theirs;
        self.project = result.project;
        self.ids_seen.note(&self.project);
        // Another program wrote it: its lines are not known to be qari's.
        self.on_disk = Some(std::sync::Arc::new(OnDisk::read(text)));
        self.disk_stamp = stamp_read;
        if !unchanged {
            self.revision += 1;
        }
        Ok(Some(Merged {
            by,
            report: result.report,
            kept,
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

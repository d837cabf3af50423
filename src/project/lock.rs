//! Locks that keep two qari processes (or two windows) from saving one project over each other.
//!
//! Two advisory locks, each on its own hidden file beside the project:
//!
//! - [`WriteLock`], `.NAME.lock` (`.qari.ron.lock`): held for the short read–merge–write of a
//!   save, by the GUI and by every command that writes the project. Whoever waits for it waits
//!   a moment, then reports [`ProjectError::Locked`] naming the holder.
//! - [`WindowLock`], `.NAME.window.lock`: held by a window for as long as it has the project open
//!   for writing, so that a second window can offer to open it read-only instead.
//!
//! Whoever takes a lock writes one line into its file saying who it is (purpose, user, host,
//! process id, time; see [`Holder`]), so that the one who has to wait can be told by whom. The
//! line stays after the lock is released: [`holder`] then tells who saved last.
//!
//! The locks are the standard library's [`File::lock`]: `flock(2)` on Unix, `LockFileEx` on
//! Windows. The operating system releases them when the process ends, however it ends, so the
//! lock of a process that crashed or was killed is simply taken by the next one: there is no
//! stale-lock logic, and a lock file on disk means nothing by itself (it is never deleted).
//! The locks are per open file, not per process: a second open of the same lock file in the
//! same process is refused as another process would be. They are advisory: they keep out qari,
//! not other programs, nor an older qari that does not take them. On Windows the lock also bars
//! reading the file, so a waiting process cannot read the holder line there and says "another
//! qari process" instead.
//!
//! Taking a lock needs the lock file, which is created in the project's folder on first use.
//! Where it cannot be created (a read-only folder, a missing one), saving would fail just the
//! same, since a save writes a temporary file in that folder: the error is returned as
//! [`ProjectError::Write`] naming the lock file, for the caller to report. A lock file that
//! exists but cannot be written (made by another user) is opened read-only and locked all the
//! same; only the holder line is then not written.
//!
//! [`remove_leftovers`] clears the temporary files an interrupted save left, which only the
//! holder of the write lock may do.
//!
//! This module does not read or write projects; [`super::save`] writes them.
//!
//! ```no_run
//! # fn main() -> Result<(), qari::project::ProjectError> {
//! use std::path::Path;
//! use std::time::Duration;
//! use qari::project::lock::WriteLock;
//!
//! let project = Path::new("corpus/qari.ron");
//! let _lock = WriteLock::acquire(project, "qari import", Duration::from_secs(10))?;
//! // read, merge, write: no other qari saves this project meanwhile
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::fs::{File, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::Timestamp;

use super::ProjectError;
use super::save;

/// How often [`WriteLock::acquire`] tries again while it waits.
const POLL_INTERVAL: Duration = Duration::from_millis(25);

/// Who holds (or last held) a lock, as its lock file records it.
///
/// Written as one tab-separated line: purpose, user, host, process id, time (RFC 3339, UTC).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    /// What the holder is doing, e.g. `qari import` or `qari window`.
    pub purpose: String,
    /// The operating system user.
    pub user: String,
    /// The computer's host name.
    pub host: String,
    /// The process id.
    pub pid: u32,
    /// When the lock was taken, to the second.
    pub since: Timestamp,
}

impl Holder {
    /// This process, now.
    fn current(purpose: &str) -> Self {
        let now = Timestamp::now();
        Self {
            purpose: purpose.to_owned(),
            user: whoami::username().unwrap_or_else(|_| "unknown user".to_owned()),
            host: whoami::hostname().unwrap_or_else(|_| "unknown host".to_owned()),
            pid: std::process::id(),
            since: Timestamp::from_second(now.as_second()).unwrap_or(now),
        }
    }

    /// The line written into the lock file (with its newline).
    fn to_line(&self) -> String {
        format!(
            "{}\t{}\t{}\t{}\t{}\n",
            one_field(&self.purpose),
            one_field(&self.user),
            one_field(&self.host),
            self.pid,
            self.since
        )
    }

    /// Reads a line written by [`Holder::to_line`]; `None` when it is not one.
    fn parse(line: &str) -> Option<Self> {
        let mut fields = line.trim_end_matches(['\r', '\n']).split('\t');
        let holder = Self {
            purpose: fields.next()?.to_owned(),
            user: fields.next()?.to_owned(),
            host: fields.next()?.to_owned(),
            pid: fields.next()?.parse().ok()?,
            since: fields.next()?.parse().ok()?,
        };
        fields.next().is_none().then_some(holder)
    }
}

/// `qari import (sara on host1, process 4711, since 2026-11-29T21:04:05Z)`.
impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({} on {}, process {}, since {})",
            self.purpose, self.user, self.host, self.pid, self.since
        )
    }
}

/// Text that fits in one field of the holder line: tabs and line breaks become spaces.
fn one_field(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Who holds a lock that could not be taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    /// What the lock file says; `None` when it could not be read (always on Windows, where the
    /// lock bars reading; or in the instant the holder is writing it).
    pub holder: Option<Holder>,
}

/// The holder, or `another qari process` when it is not known.
impl fmt::Display for Held {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.holder {
            Some(holder) => holder.fmt(f),
            None => f.write_str("another qari process"),
        }
    }
}

/// The write lock's file: `qari.ron` → `.qari.ron.lock`, beside it.
pub fn write_lock_path(project: &Path) -> PathBuf {
    lock_file_path(project, ".lock")
}

/// The window lock's file: `qari.ron` → `.qari.ron.window.lock`, beside it.
pub fn window_lock_path(project: &Path) -> PathBuf {
    lock_file_path(project, ".window.lock")
}

fn lock_file_path(project: &Path, suffix: &str) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(project.file_name().unwrap_or_default());
    name.push(suffix);
    project.with_file_name(name)
}

/// The last holder of the project's write lock, as its lock file records it: the one saving
/// now, or the one that saved last. `None` when there is no lock file or no readable line.
pub fn holder(project: &Path) -> Option<Holder> {
    read_holder(&write_lock_path(project))
}

fn read_holder(lock_path: &Path) -> Option<Holder> {
    let mut text = String::new();
    save::regular_or_missing(lock_path).ok()?;
    File::open(lock_path).ok()?.read_to_string(&mut text).ok()?;
    Holder::parse(text.lines().next()?)
}

/// A lock file, locked by this process, with this process's holder line in it. Unlocked when
/// dropped; the file and its line stay.
#[derive(Debug)]
struct LockFile {
    file: File,
    path: PathBuf,
    /// The line that was in the file when the lock was taken: who held it last.
    previous: Option<Holder>,
}

impl LockFile {
    /// Takes the lock at `path` if it is free: `Ok(None)` when someone holds it.
    fn try_acquire(path: PathBuf, purpose: &str) -> Result<Option<Self>, ProjectError> {
        let (file, writable) = match open_lock_file(&path) {
            Ok(opened) => opened,
            Err(error) => return Err(ProjectError::Write { path, error }),
        };
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Ok(None),
            Err(TryLockError::Error(error)) => return Err(ProjectError::Write { path, error }),
        }
        // Read before this holder's line replaces it: who had the lock last.
        let previous = {
            let mut text = String::new();
            (&file)
                .read_to_string(&mut text)
                .ok()
                .and_then(|_| Holder::parse(text.lines().next()?))
        };
        let lock = Self {
            file,
            path,
            previous,
        };
        if writable {
            // Who holds it is only information for others: failing to write it is no reason
            // to give the lock up.
            let _ = lock.write_holder(&Holder::current(purpose));
        }
        Ok(Some(lock))
    }

    fn write_holder(&self, holder: &Holder) -> std::io::Result<()> {
        let mut file = &self.file;
        file.set_len(0)?;
        file.seek(std::io::SeekFrom::Start(0))?;
        file.write_all(holder.to_line().as_bytes())
    }

    /// Who holds the lock at `path`, as far as its file tells.
    fn held(path: &Path) -> Held {
        Held {
            holder: read_holder(path),
        }
    }
}

impl Drop for LockFile {
    fn drop(&mut self) {
        // Closing the file would release it as well; this says so.
        let _ = self.file.unlock();
    }
}

/// Opens (creating it if need be) a lock file for reading and writing, else for reading only;
/// never truncates (someone may hold it and have written their line). Says whether it is
/// writable. Anything but a regular file is refused (a FIFO would block the read).
fn open_lock_file(path: &Path) -> std::io::Result<(File, bool)> {
    // A FIFO would block the read of the last holder's line forever.
    save::regular_or_missing(path)?;
    let read_write = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path);
    match read_write {
        Ok(file) => Ok((file, true)),
        Err(error) => match File::open(path) {
            Ok(file) => Ok((file, false)),
            Err(_) => Err(error),
        },
    }
}

/// The lock held for reading, merging and writing a project, so that no two qari processes
/// save it at once. Released when dropped.
#[derive(Debug)]
pub struct WriteLock {
    lock: LockFile,
}

impl WriteLock {
    /// Takes the project's write lock, waiting up to `wait` for whoever holds it (trying again
    /// every 25 ms). `purpose` says who is asking, e.g. `qari import`, and is what a process
    /// kept waiting is told.
    ///
    /// # Errors
    ///
    /// [`ProjectError::Locked`] when it is still held after `wait`, naming the holder;
    /// [`ProjectError::Write`] naming the lock file when that cannot be opened or locked.
    pub fn acquire(project: &Path, purpose: &str, wait: Duration) -> Result<Self, ProjectError> {
        let start = Instant::now();
        loop {
            if let Some(lock) = Self::try_acquire(project, purpose)? {
                return Ok(lock);
            }
            let waited = start.elapsed();
            if waited >= wait {
                return Err(ProjectError::Locked {
                    path: project.to_owned(),
                    holder: LockFile::held(&write_lock_path(project)).to_string(),
                });
            }
            std::thread::sleep(POLL_INTERVAL.min(wait - waited));
        }
    }

    /// Takes the project's write lock if it is free: `Ok(None)` when another process (or
    /// another lock in this one) holds it.
    ///
    /// # Errors
    ///
    /// [`ProjectError::Write`] naming the lock file when that cannot be opened or locked.
    pub fn try_acquire(project: &Path, purpose: &str) -> Result<Option<Self>, ProjectError> {
        Ok(LockFile::try_acquire(write_lock_path(project), purpose)?.map(|lock| Self { lock }))
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.lock.path
    }

    /// Who held the lock before this process took it (the last qari to save the project), as
    /// the lock file said.
    pub fn previous_holder(&self) -> Option<&Holder> {
        self.lock.previous.as_ref()
    }
}

/// The lock a window holds while it has a project open for writing. Released when dropped.
#[derive(Debug)]
pub struct WindowLock {
    lock: LockFile,
}

impl WindowLock {
    /// Takes the project's window lock if it is free, without waiting: `Ok(Ok(lock))` when
    /// taken, `Ok(Err(held))` when another window (of this or another process) holds it; `held`
    /// says who, for a question like "open read-only?".
    ///
    /// # Errors
    ///
    /// [`ProjectError::Write`] naming the lock file when that cannot be opened or locked (a
    /// read-only folder: the project could not be saved there either).
    pub fn try_acquire(project: &Path, purpose: &str) -> Result<Result<Self, Held>, ProjectError> {
        let path = window_lock_path(project);
        Ok(match LockFile::try_acquire(path.clone(), purpose)? {
            Some(lock) => Ok(Self { lock }),
            None => Err(LockFile::held(&path)),
        })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.lock.path
    }
}

/// Deletes the temporary files an interrupted save of `project` left in its folder, and returns
/// their paths: the staging file `NAME.bak.new` and the temporary files of the atomic writes
/// (`.NAME.` and six random letters or digits; see [`save::is_temporary`]). Nothing else is
/// touched: not the project, not `NAME.bak`, not the lock files, nor the files of other
/// projects in the folder.
///
/// Call it only while holding the project's [`WriteLock`]: then no other qari is in the middle
/// of a save whose temporary files these could be.
///
/// # Errors
///
/// The first error reading the folder or deleting a file; files deleted before it stay deleted.
pub fn remove_leftovers(project: &Path) -> std::io::Result<Vec<PathBuf>> {
    let Some(file_name) = project.file_name() else {
        return Ok(Vec::new());
    };
    let mut removed = Vec::new();
    for entry in std::fs::read_dir(save::folder_of(project))? {
        let entry = entry?;
        if !save::is_temporary(file_name, &entry.file_name()) || !entry.file_type()?.is_file() {
            continue;
        }
        let path = entry.path();
        match std::fs::remove_file(&path) {
            Ok(()) => removed.push(path),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => return Err(err),
        }
    }
    removed.sort();
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Holder {
        Holder {
            purpose: "qari import".to_owned(),
            user: "sara".to_owned(),
            host: "host1".to_owned(),
            pid: 4711,
            since: "2026-11-29T21:04:05Z".parse().unwrap(),
        }
    }

    #[test]
    fn a_holder_reads_back_and_reads_well() {
        let holder = sample();
        assert_eq!(
            holder.to_line(),
            "qari import\tsara\thost1\t4711\t2026-11-29T21:04:05Z\n"
        );
        assert_eq!(Holder::parse(&holder.to_line()), Some(holder.clone()));
        assert_eq!(
            holder.to_string(),
            "qari import (sara on host1, process 4711, since 2026-11-29T21:04:05Z)"
        );
    }

    #[test]
    fn tabs_and_line_breaks_in_a_purpose_do_not_break_the_line() {
        let holder = Holder {
            purpose: "qari\timport\nx".to_owned(),
            ..sample()
        };
        let back = Holder::parse(&holder.to_line()).unwrap();
        assert_eq!(back.purpose, "qari import x");
    }

    #[test]
    fn a_line_that_is_not_a_holder_is_none() {
        for line in [
            "",
            "qari import",
            "a\tb\tc\tnot a pid\t2026-11-29T21:04:05Z",
        ] {
            assert_eq!(Holder::parse(line), None, "{line:?}");
        }
        assert_eq!(Held { holder: None }.to_string(), "another qari process");
    }

    #[test]
    fn the_holder_line_records_this_process_to_the_second() {
        let holder = Holder::current("qari test");
        assert_eq!(holder.pid, std::process::id());
        assert_eq!(holder.since.subsec_nanosecond(), 0);
        assert!(!holder.user.is_empty() && !holder.host.is_empty());
    }

    #[test]
    fn lock_files_sit_beside_the_project_hidden() {
        let project = Path::new("corpus/qari.ron");
        assert_eq!(write_lock_path(project), Path::new("corpus/.qari.ron.lock"));
        assert_eq!(
            window_lock_path(project),
            Path::new("corpus/.qari.ron.window.lock")
        );
        assert_eq!(
            write_lock_path(Path::new("a.txt.qari.ron")),
            Path::new(".a.txt.qari.ron.lock")
        );
    }
}

//! Writing files so that a crash, a kill or a full disk never leaves a half-written one.
//!
//! A file is written to a temporary file in the same folder, fsynced, renamed over the target,
//! and the folder is fsynced (the `atomic-write-file` crate does these steps). Before a project
//! file is replaced, the previous file becomes `NAME.bak`: hard-linked under a temporary name and
//! renamed over the backup (copied the same atomic way where the file system has no hard links),
//! so at every instant the target holds either the old or the new version, and the backup holds
//! a complete earlier version. Linking rather than copying keeps saving a large project (tens
//! of MB) fast.

use std::io::Write;
use std::path::{Path, PathBuf};

use atomic_write_file::AtomicWriteFile;

/// What a save did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveOutcome {
    /// The file was written.
    Written,
    /// The file was written, but the previous version could not be kept as the backup (the
    /// old backup, if any, is still there).
    WrittenWithoutBackup,
    /// The file already held exactly these bytes; nothing was touched.
    Unchanged,
}

/// The backup path of a file: `qari.ron` → `qari.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(".bak");
    path.with_file_name(name)
}

/// Replaces `path` with `contents` atomically.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut file = AtomicWriteFile::options().open(path)?;
    file.write_all(contents)?;
    file.commit()
}

/// Replaces `path` with `contents` atomically, first keeping the previous version as
/// [`backup_path`]. Identical contents are not rewritten.
pub fn write_with_backup(path: &Path, contents: &[u8]) -> std::io::Result<SaveOutcome> {
    match std::fs::metadata(path) {
        Ok(meta) => {
            // Only a file of the same size can hold the same bytes.
            if meta.len() == contents.len() as u64 && std::fs::read(path)? == contents {
                return Ok(SaveOutcome::Unchanged);
            }
            // A backup that cannot be made must not stop the save itself.
            if keep_as_backup(path).is_err() {
                write_atomic(path, contents)?;
                return Ok(SaveOutcome::WrittenWithoutBackup);
            }
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => return Err(err),
    }
    write_atomic(path, contents)?;
    Ok(SaveOutcome::Written)
}

/// Makes the file at `path` its backup as well, in one rename over the old backup.
fn keep_as_backup(path: &Path) -> std::io::Result<()> {
    let backup = backup_path(path);
    let mut staging = backup.clone().into_os_string();
    staging.push(".new");
    let staging = PathBuf::from(staging);
    // Left over from an interrupted save, if there.
    let _ = std::fs::remove_file(&staging);
    match std::fs::hard_link(path, &staging) {
        Ok(()) => std::fs::rename(&staging, &backup),
        Err(_) => write_atomic(&backup, &std::fs::read(path)?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previous_version_is_kept_as_backup_and_identical_saves_do_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("qari.ron");
        assert_eq!(
            write_with_backup(&path, b"one").unwrap(),
            SaveOutcome::Written
        );
        assert!(!backup_path(&path).exists());
        assert_eq!(
            write_with_backup(&path, b"two").unwrap(),
            SaveOutcome::Written
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read(backup_path(&path)).unwrap(), b"one");
        assert_eq!(
            write_with_backup(&path, b"two").unwrap(),
            SaveOutcome::Unchanged
        );
        assert_eq!(std::fs::read(backup_path(&path)).unwrap(), b"one");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "no temporary files left behind: {names:?}");
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-folder").join("qari.ron");
        assert!(write_with_backup(&path, b"x").is_err());
        assert!(!path.exists());
    }
}

//! Writing files so that a crash, a kill or a full disk never leaves a half-written one.
//!
//! A file is written to a temporary file in the same folder, fsynced, renamed over the target,
//! and the folder is fsynced (the `atomic-write-file` crate does these steps; its temporary file
//! is `.NAME.XXXXXX`, six random letters or digits, see [`is_temporary`]).
//!
//! A project file is saved with a backup of the previous version, `NAME.bak`, in three steps:
//!
//! 1. the current file is hard-linked to the staging name `NAME.bak.new` (copied there the same
//!    atomic way where the file system has no hard links);
//! 2. the new contents are written atomically over `NAME`;
//! 3. the staging file is renamed over `NAME.bak`, and the folder is fsynced (on Unix).
//!
//! So the backup is rotated only once the new file is safely in place: a write that fails or is
//! killed leaves `NAME` and `NAME.bak` as they were (a failed write also removes the staging
//! file; a killed one may leave it, and [`super::lock::remove_leftovers`] clears it). At every
//! instant `NAME` holds either the old or the new version, and `NAME.bak` a complete earlier one.
//! Linking rather than copying keeps saving a large project (tens of MB) fast.
//!
//! This module does not lock: two processes saving the same file at once must be kept apart by
//! the caller with [`super::lock::WriteLock`].
//!
//! What is written over, [`write_target`] decides first:
//!
//! - a symbolic link is written through: its final target (links followed, as
//!   [`std::fs::canonicalize`] does) gets the new contents, written atomically beside the target,
//!   and the link stays a link. A link to nothing (dangling) or a loop of links is refused, not
//!   created: the file it names may be anywhere. For a save with a backup, `NAME.bak` stays beside
//!   the name saved to (the link), and the staging step links (or copies) the *target*, so the
//!   backup holds the previous contents, never the link. The temporary file of a killed save
//!   through a link is beside the target, where [`super::lock::remove_leftovers`] does not look.
//! - a folder, a FIFO, a socket or a device is refused: an atomic rename would replace it (and a
//!   read of a FIFO would wait forever).
//! - the new file keeps the permissions (mode) of the file it replaces; a new file gets
//!   `0o666` less the umask. (`atomic-write-file` 0.3 copies the mode of what is at the path
//!   without following a link, so a symbolic link once gave the new file its own `0o777`: that
//!   is why links are resolved here first.)

use std::ffi::OsStr;
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
    with_suffix(path, ".bak")
}

/// Where the previous version waits while a save is written: `qari.ron` → `qari.ron.bak.new`.
/// It becomes the backup once the new file is in place.
pub fn staging_path(path: &Path) -> PathBuf {
    with_suffix(path, ".bak.new")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(suffix);
    path.with_file_name(name)
}

/// Whether `name` is a temporary file that saving the file named `file_name` makes and an
/// interrupted save can leave behind, beside it: `NAME.bak.new` (the staging file), and the
/// temporary files `atomic-write-file` 0.3 makes for `NAME`, `NAME.bak` and `NAME.bak.new`.
///
/// `atomic-write-file` (without its `unnamed-tmpfile` feature, which qari does not enable) names
/// its temporary file for `NAME` `.NAME.` followed by six random ASCII letters or digits
/// (`.qari.ron.k3Xq9Z`), on Unix and elsewhere alike. Lock files (`.NAME.lock`,
/// `.NAME.window.lock`) and `NAME.bak` never match; a file of qari's own must never be named
/// `.NAME.` and six letters or digits.
pub fn is_temporary(file_name: &OsStr, name: &OsStr) -> bool {
    let name = name.as_encoded_bytes();
    let file_name = file_name.as_encoded_bytes();
    let staging = [file_name, b".bak.new"].concat();
    if name == staging {
        return true;
    }
    let Some(rest) = name
        .strip_prefix(b".")
        .and_then(|rest| rest.strip_prefix(file_name))
    else {
        return false;
    };
    [&b"."[..], b".bak.", b".bak.new."]
        .iter()
        .filter_map(|infix| rest.strip_prefix(*infix))
        .any(is_random_suffix)
}

/// Whether `suffix` is the random part of an `atomic-write-file` temporary name.
fn is_random_suffix(suffix: &[u8]) -> bool {
    suffix.len() == RANDOM_SUFFIX_LEN && suffix.iter().all(u8::is_ascii_alphanumeric)
}

/// Length of the random part of `atomic-write-file`'s temporary names.
const RANDOM_SUFFIX_LEN: usize = 6;

/// The file that writing `path` must replace: `path` itself when it is a regular file or does
/// not exist, the final target of a symbolic link to a regular file. A dangling link, a loop of
/// links, a folder, a FIFO, a socket or a device is an error saying which.
pub fn write_target(path: &Path) -> std::io::Result<PathBuf> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(path.to_owned()),
        Err(err) => return Err(err),
    };
    if !meta.file_type().is_symlink() {
        refuse_special(&meta)?;
        return Ok(path.to_owned());
    }
    let target = std::fs::canonicalize(path).map_err(|err| {
        if err.kind() == std::io::ErrorKind::NotFound {
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "a symbolic link to a file that does not exist",
            )
        } else {
            err
        }
    })?;
    refuse_special(&std::fs::metadata(&target)?)?;
    Ok(target)
}

/// An error unless `path` is a regular file (through links) or does not exist: a FIFO, a
/// device, a socket or a folder is refused before it is opened (opening a FIFO to read it
/// would wait for a writer forever). The error says which kind it is.
pub(crate) fn regular_or_missing(path: &Path) -> std::io::Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) => refuse_special(&meta),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(err),
    }
}

/// An error unless `meta` is a regular file's.
fn refuse_special(meta: &std::fs::Metadata) -> std::io::Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    let what = if meta.is_dir() {
        "a folder"
    } else {
        crate::files::special_kind(&meta.file_type())
    };
    Err(std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("not a regular file but {what}"),
    ))
}

/// Replaces `path` with `contents` atomically (through a symbolic link to its target, keeping
/// the previous file's permissions; see [`write_target`] for what is refused). When it fails,
/// `path` is as it was, and the temporary file is removed (on Unix; elsewhere a failed rename
/// may leave it, for [`super::lock::remove_leftovers`]).
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let target = write_target(path)?;
    write_atomic_to(&target, contents)
}

/// [`write_atomic`] of what `write` writes, as it writes it (buffered): a large file is never
/// whole in memory. An error of `write` leaves `path` as it was.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let target = write_target(path)?;
    let mut file = AtomicWriteFile::options().open(&target)?;
    {
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut file);
        write(&mut buffered)?;
        buffered.flush()?;
    }
    commit(&target, file)
}

/// [`write_atomic`] of a path already checked by [`write_target`].
fn write_atomic_to(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut file = AtomicWriteFile::options().open(path)?;
    // Dropped before the commit, the temporary file removes itself.
    file.write_all(contents)?;
    commit(path, file)
}

/// Puts the written temporary file of `path` in its place (fsync, rename).
fn commit(path: &Path, file: AtomicWriteFile) -> std::io::Result<()> {
    let temporary = file_identity(&file);
    file.commit().inspect_err(|_| {
        // `atomic-write-file` 0.3.1 marks the file done before it renames it, so a failed
        // rename (or fsync) leaves the temporary file behind: find it by its identity.
        if let Some(identity) = temporary {
            remove_temporary(path, identity);
        }
    })
}

/// Device and inode of an open file, which a name found in the folder can be checked against.
fn file_identity(file: &std::fs::File) -> Option<(u64, u64)> {
    crate::files::identity(&file.metadata().ok()?)
}

/// Removes the temporary file of a failed [`write_atomic`] of `path`: the one of its names
/// (`.NAME.XXXXXX`) that is the file with this identity, so never another save's.
fn remove_temporary(path: &Path, identity: (u64, u64)) {
    let (Some(file_name), Ok(entries)) = (path.file_name(), std::fs::read_dir(folder_of(path)))
    else {
        return;
    };
    let prefix = [b".", file_name.as_encoded_bytes(), b"."].concat();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_ours = name
            .as_encoded_bytes()
            .strip_prefix(prefix.as_slice())
            .is_some_and(is_random_suffix)
            && std::fs::symlink_metadata(entry.path())
                .ok()
                .and_then(|meta| crate::files::identity(&meta))
                == Some(identity);
        if is_ours {
            let _ = std::fs::remove_file(entry.path());
            return;
        }
    }
}

/// The folder a file is in (`.` for a bare file name).
pub(super) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Replaces `path` with `contents` atomically and then makes the previous version
/// [`backup_path`] (see the module doc for the order). Identical contents are not rewritten.
///
/// When the write fails, the error is returned and both the file and its backup are as they
/// were. When the previous version cannot be kept (no room for a copy, say), the new contents
/// are written all the same and [`SaveOutcome::WrittenWithoutBackup`] says so.
pub fn write_with_backup(path: &Path, contents: &[u8]) -> std::io::Result<SaveOutcome> {
    write_with_backup_by(path, contents, write_atomic_to)
}

/// [`write_with_backup`] with the atomic write passed in, so that tests can make it fail. The
/// write is given the file to replace ([`write_target`]: a link's target).
fn write_with_backup_by(
    path: &Path,
    contents: &[u8],
    write: impl FnOnce(&Path, &[u8]) -> std::io::Result<()>,
) -> std::io::Result<SaveOutcome> {
    let target = write_target(path)?;
    match std::fs::metadata(&target) {
        Ok(meta) => {
            // Only a file of the same size can hold the same bytes.
            if meta.len() == contents.len() as u64 && std::fs::read(&target)? == contents {
                return Ok(SaveOutcome::Unchanged);
            }
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            write(&target, contents)?;
            return Ok(SaveOutcome::Written);
        }
        Err(err) => return Err(err),
    }
    // The backup and its staging name are beside the name saved to (a link's, not its
    // target's); what they keep is the target's previous contents.
    let staging = staging_path(path);
    // A backup that cannot be made must not stop the save itself.
    let staged = stage_previous(&target, &staging).is_ok();
    if let Err(err) = write(&target, contents) {
        if staged {
            let _ = std::fs::remove_file(&staging);
        }
        return Err(err);
    }
    if !staged {
        return Ok(SaveOutcome::WrittenWithoutBackup);
    }
    if std::fs::rename(&staging, backup_path(path)).is_err() {
        let _ = std::fs::remove_file(&staging);
        return Ok(SaveOutcome::WrittenWithoutBackup);
    }
    sync_folder(path);
    Ok(SaveOutcome::Written)
}

/// Puts the file at `path` (a regular file, never a link) under the staging name as well: a
/// hard link, or an atomic copy (across file systems, say, when `path` is a link's target).
fn stage_previous(path: &Path, staging: &Path) -> std::io::Result<()> {
    // Left over from an interrupted save, if there.
    let _ = std::fs::remove_file(staging);
    match std::fs::hard_link(path, staging) {
        Ok(()) => Ok(()),
        Err(_) => {
            write_atomic(staging, &std::fs::read(path)?)?;
            // The copy is as private as the file (a new file's mode could let others read it).
            std::fs::set_permissions(staging, std::fs::metadata(path)?.permissions())
        }
    }
}

/// Makes the rename of the staging file over the backup durable. Best effort: the save itself
/// is already durable, and a lost rename only leaves the older backup (and the staging file).
fn sync_folder(path: &Path) {
    #[cfg(unix)]
    if let Ok(folder) = std::fs::File::open(folder_of(path)) {
        let _ = folder.sync_all();
    }
    #[cfg(not(unix))]
    let _ = path;
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

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failed_write_leaves_the_file_and_its_backup_as_they_were() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("qari.ron");
        write_with_backup(&path, b"zero").unwrap();
        write_with_backup(&path, b"one").unwrap();
        let failing = |_: &Path, _: &[u8]| Err(std::io::Error::other("disk full"));
        let err = write_with_backup_by(&path, b"two", failing).unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        assert_eq!(std::fs::read(backup_path(&path)).unwrap(), b"zero");
        assert_eq!(names_in(dir.path()), ["qari.ron", "qari.ron.bak"]);
    }

    #[test]
    fn a_directory_in_the_way_fails_the_save_and_keeps_the_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("qari.ron");
        write_with_backup(&path, b"zero").unwrap();
        write_with_backup(&path, b"one").unwrap();
        // The final rename cannot replace a non-empty folder (permissions would not stop root).
        std::fs::remove_file(&path).unwrap();
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("inside"), b"x").unwrap();
        assert!(write_with_backup(&path, b"two").is_err());
        assert_eq!(std::fs::read(backup_path(&path)).unwrap(), b"zero");
        assert_eq!(names_in(dir.path()), ["qari.ron", "qari.ron.bak"]);
    }

    #[test]
    fn a_staging_file_left_by_a_killed_save_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("qari.ron");
        write_with_backup(&path, b"one").unwrap();
        std::fs::write(staging_path(&path), b"stale").unwrap();
        assert_eq!(
            write_with_backup(&path, b"two").unwrap(),
            SaveOutcome::Written
        );
        assert_eq!(std::fs::read(backup_path(&path)).unwrap(), b"one");
        assert_eq!(names_in(dir.path()), ["qari.ron", "qari.ron.bak"]);
    }

    #[test]
    fn temporary_names_are_those_atomic_write_file_and_the_staging_step_make() {
        let project = OsStr::new("qari.ron");
        let yes = [
            ".qari.ron.k3Xq9Z",
            "qari.ron.bak.new",
            ".qari.ron.bak.000000",
            ".qari.ron.bak.new.abcDEF",
        ];
        for name in yes {
            assert!(is_temporary(project, OsStr::new(name)), "{name}");
        }
        let no = [
            "qari.ron",
            "qari.ron.bak",
            ".qari.ron.lock",
            ".qari.ron.window.lock",
            ".qari.ron.k3Xq9",
            ".qari.ron.k3Xq9Z7",
            ".qari.ron.k3-q9Z",
            ".other.ron.k3Xq9Z",
            ".x.qari.ron.k3Xq9Z",
            "x.qari.ron.bak.new",
            "qari.ron.k3Xq9Z",
        ];
        for name in no {
            assert!(!is_temporary(project, OsStr::new(name)), "{name}");
        }
    }

    #[test]
    fn atomic_write_file_names_its_temporary_file_as_is_temporary_expects() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("qari.ron");
        let mut file = AtomicWriteFile::options().open(&path).unwrap();
        file.write_all(b"x").unwrap();
        let names = names_in(dir.path());
        assert_eq!(names.len(), 1, "{names:?}");
        assert!(
            is_temporary(OsStr::new("qari.ron"), OsStr::new(&names[0])),
            "{names:?}"
        );
        drop(file);
        assert!(names_in(dir.path()).is_empty());
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-folder").join("qari.ron");
        assert!(write_with_backup(&path, b"x").is_err());
        assert!(!path.exists());
    }

    #[test]
    fn a_file_written_as_it_is_made_is_replaced_only_when_all_of_it_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.jsonld");
        std::fs::write(&path, b"before").unwrap();
        let failed = write_atomic_with(&path, |w| {
            w.write_all(&[b'x'; 100_000])?;
            Err(std::io::Error::other("the disk is full"))
        });
        assert_eq!(failed.unwrap_err().to_string(), "the disk is full");
        assert_eq!(std::fs::read(&path).unwrap(), b"before");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left: {names:?}");
        write_atomic_with(&path, |w| {
            w.write_all(b"after, ")?;
            w.write_all(b"in two writes")
        })
        .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"after, in two writes");
    }

    #[cfg(unix)]
    fn mode_of(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[cfg(unix)]
    #[test]
    fn saving_through_a_symlink_updates_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        let target = real.join("qari.ron");
        std::fs::write(&target, b"one").unwrap();
        let link = dir.path().join("qari.ron");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(
            write_with_backup(&link, b"two").unwrap(),
            SaveOutcome::Written
        );
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        // The backup beside the link holds the previous contents, not a link to the new ones.
        let backup = backup_path(&link);
        assert!(std::fs::symlink_metadata(&backup).unwrap().is_file());
        assert_eq!(std::fs::read(&backup).unwrap(), b"one");
        assert_eq!(names_in(dir.path()), ["qari.ron", "qari.ron.bak", "real"]);
        assert_eq!(names_in(&real), ["qari.ron"]);
        // A link to a link is followed to the end; write_atomic does the same.
        let second = dir.path().join("second.ron");
        std::os::unix::fs::symlink(&link, &second).unwrap();
        write_atomic(&second, b"three").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"three");
        assert!(
            std::fs::symlink_metadata(&second)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    #[cfg(unix)]
    #[test]
    fn save_keeps_the_previous_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("qari.ron");
        std::fs::write(&path, b"one").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_with_backup(&path, b"two").unwrap();
        assert_eq!(mode_of(&path), 0o640);
        // Through a link: the target's mode, never the link's own 0o777.
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        write_with_backup(&link, b"three").unwrap();
        assert_eq!(mode_of(&path), 0o640);
        write_atomic(&link, b"four").unwrap();
        assert_eq!(mode_of(&path), 0o640);
        // (Replaced by a file, the link's name once had the link's own mode, 0o777.)
        assert_eq!(mode_of(&link), 0o640);
        // A new file: what File::create gives (0o666 less the umask).
        let plain = dir.path().join("plain");
        std::fs::File::create(&plain).unwrap();
        let fresh = dir.path().join("fresh.csv");
        write_atomic(&fresh, b"x").unwrap();
        assert_eq!(mode_of(&fresh), mode_of(&plain));
        assert_eq!(mode_of(&fresh) & 0o111, 0, "never executable");
    }

    #[cfg(unix)]
    #[test]
    fn a_backup_copied_across_file_systems_keeps_the_permissions() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        // A link to a project on another file system: the staging step copies, not links.
        let Ok(other) = tempfile::tempdir_in("/dev/shm") else {
            return;
        };
        let device = |p: &Path| std::fs::metadata(p).unwrap().dev();
        if device(dir.path()) == device(other.path()) {
            return;
        }
        let target = other.path().join("qari.ron");
        std::fs::write(&target, b"one").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.path().join("qari.ron");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(
            write_with_backup(&link, b"two").unwrap(),
            SaveOutcome::Written
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        assert_eq!(std::fs::read(backup_path(&link)).unwrap(), b"one");
        assert_eq!(mode_of(&backup_path(&link)), 0o600);
        assert_eq!(mode_of(&target), 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn export_refuses_a_fifo() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("out.csv");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let err = write_atomic(&fifo, b"x").unwrap_err();
        assert_eq!(err.to_string(), "not a regular file but a FIFO");
        let err = write_with_backup(&fifo, b"x").unwrap_err();
        assert_eq!(err.to_string(), "not a regular file but a FIFO");
        assert!(std::os::unix::fs::FileTypeExt::is_fifo(
            &std::fs::symlink_metadata(&fifo).unwrap().file_type()
        ));
        // A link to a device, a socket, a folder: the same.
        let device = dir.path().join("device.csv");
        std::os::unix::fs::symlink("/dev/null", &device).unwrap();
        let err = write_atomic(&device, b"x").unwrap_err();
        assert_eq!(err.to_string(), "not a regular file but a device");
        assert!(
            std::fs::symlink_metadata(&device)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        let socket = dir.path().join("socket");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let err = write_atomic(&socket, b"x").unwrap_err();
        assert_eq!(err.to_string(), "not a regular file but a socket");
        let err = write_atomic(dir.path(), b"x").unwrap_err();
        assert_eq!(err.to_string(), "not a regular file but a folder");
        assert_eq!(names_in(dir.path()), ["device.csv", "out.csv", "socket"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_symlink_or_a_loop_is_refused_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("qari.ron");
        std::os::unix::fs::symlink(dir.path().join("gone.ron"), &link).unwrap();
        let err = write_with_backup(&link, b"x").unwrap_err();
        assert_eq!(
            err.to_string(),
            "a symbolic link to a file that does not exist"
        );
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        assert!(write_atomic(&a, b"x").is_err());
        assert_eq!(names_in(dir.path()), ["a", "b", "qari.ron"]);
    }
}

//! Finding the files of a corpus folder: recursive, following symbolic links (loops reported),
//! hidden files and folders and qari's own project files skipped, only the formats qari reads.
//! Whatever is neither a folder nor a regular file (a FIFO, a device, a socket, or a link to
//! one), whatever its name, is reported as skipped with what it is, and never opened.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::read::{Format, ReadError};

/// A file that will be read as a document.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// Path relative to the corpus root, `/`-separated.
    pub id: String,
    /// Where it is on disk.
    pub path: PathBuf,
    /// How to read it.
    pub format: Format,
}

/// What a walk found besides the candidates it handed over.
#[derive(Debug, Default)]
pub struct Walk {
    /// Files and folders that could not be walked or named.
    pub skipped: Vec<ReadError>,
    /// Files of other types (images, PDFs, qari's own files …), not read.
    pub ignored: usize,
}

/// Walks `root` (a folder) for documents, handing each candidate to `found` as soon as it is
/// seen (in no particular order: the corpus sorts the documents), so reading can start before
/// the walk ends.
pub fn walk(root: &Path, mut found: impl FnMut(Candidate)) -> Walk {
    let mut out = Walk::default();
    let entries = WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                out.skipped.push(walk_error(root, err));
                continue;
            }
        };
        let file_type = entry.file_type();
        if file_type.is_dir() {
            continue;
        }
        if !file_type.is_file() {
            // A FIFO, device or socket (or a link to one) is never opened: reading a FIFO
            // would wait for a writer forever. Said, not silently passed over.
            if !is_qari_file(entry.file_name()) {
                out.skipped.push(not_a_file(&entry));
            }
            continue;
        }
        let path = entry.path();
        if is_qari_file(entry.file_name()) {
            continue;
        }
        let Some(format) = Format::of(path) else {
            out.ignored += 1;
            continue;
        };
        match relative_id(root, path) {
            Some(id) => found(Candidate {
                id,
                path: path.to_owned(),
                format,
            }),
            None => out
                .skipped
                .push(ReadError::NonUtf8Name { path: path.into() }),
        }
    }
    out.skipped
        .sort_by(|a, b| alphanumeric_sort::compare_path(a.path(), b.path()));
    out
}

/// qari's own files: project files (`*.ron`) and their backups (`*.ron.bak`), a project's
/// tagger model (`*.qtag`) and search index (`*.search`); its temporary files are hidden.
fn is_qari_file(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    let name = name.strip_suffix(".bak").unwrap_or(&name);
    name.ends_with(".ron") || name.ends_with(".qtag") || name.ends_with(".search")
}

/// Why an entry that is neither a folder nor a regular file is skipped: "not a regular file:
/// a FIFO (named pipe)".
fn not_a_file(entry: &walkdir::DirEntry) -> ReadError {
    let file_type = entry.file_type();
    let kind = special_kind(&file_type);
    let through = if entry.path_is_symlink() {
        ", through a symbolic link"
    } else {
        ""
    };
    ReadError::Io {
        path: entry.path().to_owned(),
        error: std::io::Error::other(format!("not a regular file: {kind}{through}")),
    }
}

#[cfg(unix)]
fn special_kind(file_type: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt as _;
    if file_type.is_fifo() {
        "a FIFO (named pipe)"
    } else if file_type.is_char_device() {
        "a character device"
    } else if file_type.is_block_device() {
        "a block device"
    } else if file_type.is_socket() {
        "a socket"
    } else {
        "of an unknown kind"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "of an unknown kind"
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

fn walk_error(root: &Path, err: walkdir::Error) -> ReadError {
    let path = err.path().unwrap_or(root).to_owned();
    if err.loop_ancestor().is_some() {
        return ReadError::SymlinkLoop { path };
    }
    let error = err
        .into_io_error()
        .unwrap_or_else(|| std::io::Error::other("walk failed"));
    ReadError::Io { path, error }
}

/// The id of a file: its path relative to the root, components joined by `/`; `None` when a
/// component is not valid UTF-8.
pub fn relative_id(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The candidates in natural order of their ids, and the rest of the walk.
    fn walk_all(root: &Path) -> (Vec<Candidate>, Walk) {
        let mut candidates = Vec::new();
        let rest = walk(root, |c| candidates.push(c));
        candidates.sort_by(|a, b| crate::corpus::natural_order(&a.id, &b.id));
        (candidates, rest)
    }

    #[test]
    fn hidden_skipped_other_types_counted() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in [
            "a10.txt",
            "a2.txt",
            "a1.html",
            "notes.pdf",
            "qari.ron",
            "qari.qtag",
            "qari.search",
            ".hidden.txt",
        ] {
            std::fs::write(root.join(name), "نص").unwrap();
        }
        std::fs::create_dir_all(root.join("sub/deeper")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/x.txt"), "x").unwrap();
        std::fs::write(root.join("sub/deeper/b.md"), "x").unwrap();
        let (candidates, w) = walk_all(root);
        let ids: Vec<_> = candidates.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["a1.html", "a2.txt", "a10.txt", "sub/deeper/b.md"]);
        assert_eq!(w.ignored, 1, "qari's own files are not counted");
        assert!(w.skipped.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loop_is_reported_not_followed_forever() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/a.txt"), "x").unwrap();
        std::os::unix::fs::symlink(root, root.join("sub/loop")).unwrap();
        let (candidates, w) = walk_all(root);
        assert_eq!(candidates.len(), 1);
        assert!(matches!(w.skipped[..], [ReadError::SymlinkLoop { .. }]));
        assert!(w.skipped[0].to_string().ends_with("sub/loop"));
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_in_the_corpus_is_listed_as_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.txt"), "نص").unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(root.join("pipe.txt"))
            .status()
            .unwrap();
        assert!(made.success());
        std::os::unix::fs::symlink(root.join("pipe.txt"), root.join("link.md")).unwrap();
        std::os::unix::fs::symlink("/dev/null", root.join("null.txt")).unwrap();
        let (candidates, w) = walk_all(root);
        assert_eq!(candidates.len(), 1);
        let skipped: Vec<String> = w.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(skipped.len(), 3, "{skipped:?}");
        assert!(skipped[0].contains("a FIFO (named pipe), through a symbolic link"));
        assert!(skipped[0].ends_with("link.md"), "{skipped:?}");
        assert!(skipped[1].contains("not a regular file: a character device"));
        assert!(skipped[2].contains("not a regular file: a FIFO (named pipe)"));
        assert!(skipped[2].ends_with("pipe.txt"), "{skipped:?}");
    }

    #[cfg(unix)]
    #[test]
    fn broken_symlink_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(dir.path().join("gone.txt"), dir.path().join("link.txt"))
            .unwrap();
        let (_, w) = walk_all(dir.path());
        assert!(matches!(w.skipped[..], [ReadError::Io { .. }]));
        assert!(
            w.skipped[0].to_string().ends_with("link.txt"),
            "{}",
            w.skipped[0]
        );
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_file_name_is_skipped_with_its_lossy_name() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
        std::fs::write(dir.path().join(name), "x").unwrap();
        let (candidates, w) = walk_all(dir.path());
        assert!(candidates.is_empty());
        assert!(matches!(w.skipped[..], [ReadError::NonUtf8Name { .. }]));
        assert!(w.skipped[0].to_string().contains("caf\u{FFFD}.txt"));
    }
}

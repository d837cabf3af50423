//! Reading a file that an import or an export opens: a brat folder's `.ann` files, its
//! `annotation.conf` and document list (`qari-documents.tsv`), a JSON lines or W3C file to
//! import. Only a regular file is read (symbolic links followed), and only up to a size limit,
//! so that a FIFO, a device, or `/dev/zero` behind a link can neither hang qari nor fill its
//! memory ([`read_regular`]). The corpus reads its documents itself
//! ([`crate::corpus::read_document`], with its own limit), checking their type with
//! [`regular`] the same way.

use std::io::Read;
use std::path::Path;

/// The largest annotation file qari reads (an `.ann` file, a document list, a W3C collection,
/// JSON lines): 256 MiB, four times the largest document ([`crate::corpus::read::MAX_FILE_BYTES`]),
/// as a collection holds the annotations of a whole corpus.
pub const MAX_ANNOTATION_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The bytes of the regular file at `path` (links followed), at most `limit` of them.
///
/// Errors are [`std::io::Error`]s, so a caller names the file as it does for any failed read:
/// [`std::io::ErrorKind::NotFound`] when there is none, [`std::io::ErrorKind::IsADirectory`]
/// for a folder, [`std::io::ErrorKind::InvalidInput`] for anything else that is not a regular
/// file ("not a regular file (a FIFO)"), [`std::io::ErrorKind::FileTooLarge`] past `limit`
/// ("larger than 256 MiB").
///
/// The file's type is checked before it is opened, since opening a FIFO for reading waits for
/// a writer; and again on the file opened (on Unix, that it is the same file), since it may
/// have been swapped in between. A FIFO swapped in within that moment would still make the open
/// wait (opening without blocking needs `O_NONBLOCK`, which std does not name); `take` bounds
/// the read whatever the file turns out to be.
pub fn read_regular(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let before = std::fs::metadata(path)?;
    regular(&before)?;
    let file = std::fs::File::open(path)?;
    let opened = file.metadata()?;
    regular(&opened)?;
    if !same_file(&before, &opened) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the file was replaced while it was opened",
        ));
    }
    if opened.len() > limit {
        return Err(too_large(limit));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(opened.len()).unwrap_or(0));
    // `take` guards against a file that grows between the size check and the read.
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

/// [`read_regular`] as UTF-8 text ([`std::io::ErrorKind::InvalidData`] if it is not).
pub fn read_regular_text(path: &Path, limit: u64) -> std::io::Result<String> {
    String::from_utf8(read_regular(path, limit)?).map_err(|err| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not UTF-8: {}", err.utf8_error()),
        )
    })
}

/// An error unless `meta` is of a regular file, saying what it is instead ("not a regular
/// file (a FIFO)"). Check it before opening a file: opening a FIFO waits for a writer.
pub fn regular(meta: &std::fs::Metadata) -> std::io::Result<()> {
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(());
    }
    if kind.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "a folder, not a file",
        ));
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("not a regular file ({})", special_kind(&kind)),
    ))
}

/// What a file that is neither a regular file nor a folder is: "a FIFO", "a device", "a
/// socket" (on Unix), else "a special file".
pub fn special_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        } else if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        } else if kind.is_socket() {
            return "a socket";
        }
    }
    let _ = kind;
    "a special file"
}

/// Device and inode of a file, which tell two names of one file (hard or symbolic links) for
/// the same file; `None` where the platform does not give them (not Unix).
pub fn identity(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Whether two metadata are of the same file (by [`identity`]; assumed where it is unknown).
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    identity(a) == identity(b)
}

/// The error for a file over `limit` bytes.
fn too_large(limit: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::FileTooLarge,
        format!("larger than {} MiB", limit.div_ceil(1024 * 1024)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_reads_and_a_larger_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.ann");
        std::fs::write(&file, "T1\tx 0 1\ta\n").unwrap();
        assert_eq!(read_regular(&file, 100).unwrap().len(), 11);
        let err = read_regular(&file, 10).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::FileTooLarge);
        assert_eq!(err.to_string(), "larger than 1 MiB");
        let err = read_regular(dir.path(), 10).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::IsADirectory);
        let err = read_regular(&dir.path().join("none"), 10).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_dev_zero_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("b.ann");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let err = read_regular(&link, MAX_ANNOTATION_FILE_BYTES).unwrap_err();
        assert_eq!(err.to_string(), "not a regular file (a device)");
    }
}

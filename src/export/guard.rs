//! What an export must never write over: the project file and the files saving it makes (its
//! backups, staging file and lock files), the project's tagger model beside it, and the files
//! of its corpus. A brat export goes only
//! into an empty (or new) folder unless forced (an earlier export's folder too: its `.ann`
//! files may have been edited in brat since); never into the
//! corpus folder or a folder in it (but a hidden one), where its `.txt` files would become
//! documents (`page.html.txt` beside `page.html`, `brat/a.txt` beside `a.txt`). No file of a
//! kind the corpus reads ([`crate::corpus::Format::of`]: `.txt`, `.md`, `.html` …) is written
//! into the corpus folder or a folder in it (but a hidden one): an HTML report or a file named
//! `new.txt` would become a document. Other files may be added to the corpus folder (a CSV or
//! `.jsonld` beside `qari.ron`): they replace nothing.
//!
//! Paths are compared as the file system sees them: a target is resolved (symbolic links
//! followed, `.` and `..` taken out, also in folders the export would create) and compared with
//! each protected file resolved the same way, and where both exist by device and inode, so a
//! hard link to the project file is caught too (on Unix; elsewhere by resolved path only).
//! Nothing is written before every file of an export has been checked.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use super::ExportError;

/// The files an export must leave alone.
#[derive(Debug, Default)]
pub struct Guard {
    /// Protected files: the path as known, and what it is.
    protected: Vec<(PathBuf, &'static str)>,
    by_path: HashMap<PathBuf, usize>,
    by_identity: HashMap<(u64, u64), usize>,
    /// The corpus folder, resolved (none for a corpus of one file).
    corpus_root: Option<PathBuf>,
    /// The project file, resolved: the unreadable versions a restored backup keeps beside it
    /// (`qari.ron.broken-TIME`) are protected by name.
    project: Option<PathBuf>,
}

impl Guard {
    /// The guard of a workspace: its project file and what saving makes beside it, and every
    /// file of its corpus (documents, and files it could not read).
    pub fn of(ws: &crate::project::Workspace) -> Self {
        use crate::project::{lock, save, workspace};
        let project = ws.path();
        let mut guard = Self::default();
        guard.protect(project, "the project file");
        guard.project = Some(resolve(project));
        for backup in [
            save::backup_path(project),
            save::staging_path(project),
            workspace::reanchor_backup_path(project),
            workspace::before_repair_backup_path(project),
            workspace::before_merge_backup_path(project),
        ] {
            guard.protect(&backup, "the project's backup");
        }
        guard.protect(
            &crate::project::tagger::model_path(project),
            "the project's tagger model",
        );
        guard.protect(
            &crate::search::cache::cache_path(project),
            "the project's search index",
        );
        for lock in [
            lock::write_lock_path(project),
            lock::window_lock_path(project),
        ] {
            guard.protect(&lock, "the project's lock file");
        }
        for doc in &ws.corpus().documents {
            guard.protect(&doc.path, "a document of the corpus");
        }
        for skipped in &ws.corpus().skipped {
            guard.protect(skipped.path(), "a file of the corpus");
        }
        let root = ws.corpus_root();
        if root.is_dir() {
            guard.corpus_root = Some(resolve(root));
        } else {
            guard.protect(root, "a document of the corpus");
        }
        guard
    }

    /// Adds a file to leave alone; `what` names it in the error (`the project file`).
    pub fn protect(&mut self, path: &Path, what: &'static str) {
        let index = self.protected.len();
        self.protected.push((path.to_owned(), what));
        self.by_path.entry(resolve(path)).or_insert(index);
        if let Some(identity) = identity(path) {
            self.by_identity.entry(identity).or_insert(index);
        }
    }

    /// An error if writing the file `target` would replace a protected file (by resolved path,
    /// or by device and inode: a hard link).
    pub fn check(&self, target: &Path) -> Result<(), ExportError> {
        let resolved = resolve(target);
        let hit = identity(target)
            .and_then(|id| self.by_identity.get(&id))
            .or_else(|| self.by_path.get(&resolved));
        if let Some((protected, what)) = hit.and_then(|i| self.protected.get(*i)) {
            return Err(ExportError::Protected {
                what,
                protected: protected.clone(),
                path: target.to_owned(),
            });
        }
        let read_as_document = crate::corpus::Format::of(target)
            .or_else(|| crate::corpus::Format::of(&resolved))
            .is_some();
        if let Some(project) = &self.project
            && is_broken_copy(project, &resolved)
        {
            return Err(ExportError::Protected {
                what: "an unreadable version of the project file kept when its backup was opened",
                protected: resolved.clone(),
                path: target.to_owned(),
            });
        }
        if read_as_document && self.in_corpus(&resolved) {
            return Err(ExportError::BecomesDocument {
                path: target.to_owned(),
            });
        }
        Ok(())
    }

    /// Whether the corpus reads what is at `resolved` (a resolved path): it is in the corpus
    /// folder, and neither it nor a folder it is in (below the corpus folder) is hidden.
    fn in_corpus(&self, resolved: &Path) -> bool {
        self.corpus_root
            .as_deref()
            .and_then(|root| resolved.strip_prefix(root).ok())
            .is_some_and(|rel| !rel.iter().any(is_hidden))
    }

    /// An error if the file `name` of the brat folder `dir` is not in it once symbolic links
    /// are followed (a link to a file or folder elsewhere, in a folder that was not empty).
    pub fn check_in_folder(&self, dir: &Path, name: &str) -> Result<(), ExportError> {
        let file = dir.join(name);
        if resolve(&file).starts_with(resolve(dir)) {
            Ok(())
        } else {
            Err(ExportError::OutsideFolder { path: file })
        }
    }

    /// An error unless `dir` may take a brat export: never the corpus folder or a folder in it
    /// (but a hidden one, which the corpus does not read); a folder that does not exist or is
    /// empty; with `force` any other folder.
    pub fn check_brat_folder(&self, dir: &Path, force: bool) -> Result<(), ExportError> {
        // The corpus reads no hidden folder (`.brat`).
        if self.in_corpus(&resolve(dir)) {
            return Err(ExportError::IntoCorpus {
                path: dir.to_owned(),
            });
        }
        check_brat_folder(dir, force)
    }
}

/// Whether a file or folder name is hidden (starts with `.`): the corpus does not read it.
fn is_hidden(part: &std::ffi::OsStr) -> bool {
    part.as_encoded_bytes().starts_with(b".")
}

/// Device and inode of the file at `path` (links followed), where it exists
/// ([`crate::files::identity`]).
fn identity(path: &Path) -> Option<(u64, u64)> {
    crate::files::identity(&std::fs::metadata(path).ok()?)
}

/// `path` as the file system will find it: the longest part that exists canonicalised (links
/// followed), the rest appended with `.` and `..` taken out (folders an export creates).
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = std::fs::canonicalize(existing) {
            let mut out = canonical;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::CurDir => {}
                    other => out.push(other.as_os_str()),
                }
            }
            return out;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// [`Guard::check_brat_folder`] but for the corpus folder.
fn check_brat_folder(dir: &Path, force: bool) -> Result<(), ExportError> {
    let meta = match std::fs::metadata(dir) {
        Ok(meta) => meta,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => {
            return Err(ExportError::Write {
                path: dir.to_owned(),
                error,
            });
        }
    };
    if !meta.is_dir() {
        return Err(ExportError::NotAFolder {
            path: dir.to_owned(),
        });
    }
    if force || is_empty(dir)? {
        return Ok(());
    }
    Err(ExportError::FolderNotEmpty {
        path: dir.to_owned(),
    })
}

/// Whether `dir` holds nothing.
fn is_empty(dir: &Path) -> Result<bool, ExportError> {
    let mut entries = std::fs::read_dir(dir).map_err(|error| ExportError::Write {
        path: dir.to_owned(),
        error,
    })?;
    Ok(entries.next().is_none())
}

/// Whether `resolved` is `NAME.broken-…` beside the project file `NAME` (both resolved), a
/// version [`crate::project::workspace::restore_backup`] kept.
fn is_broken_copy(project: &Path, resolved: &Path) -> bool {
    let (Some(name), Some(file_name)) = (project.file_name(), resolved.file_name()) else {
        return false;
    };
    let mut prefix = name.to_owned();
    prefix.push(".broken-");
    project.parent() == resolved.parent()
        && file_name
            .as_encoded_bytes()
            .starts_with(prefix.as_encoded_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_takes_out_dots_in_folders_not_there_yet() {
        let dir = tempfile::tempdir().unwrap();
        let real = std::fs::canonicalize(dir.path()).unwrap();
        assert_eq!(
            resolve(&dir.path().join("new/../x/./../qari.ron")),
            real.join("qari.ron")
        );
        assert_eq!(resolve(&dir.path().join("a/b")), real.join("a/b"));
    }

    #[test]
    fn the_project_tagger_model_and_search_index_are_never_written_over() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "نص").unwrap();
        let ws = crate::project::Workspace::open(dir.path()).unwrap();
        let model = dir.path().join("qari.qtag");
        assert_eq!(model, crate::project::tagger::model_path(ws.path()));
        let err = Guard::of(&ws).check(&model).unwrap_err();
        assert!(
            matches!(
                err,
                ExportError::Protected {
                    what: "the project's tagger model",
                    ..
                }
            ),
            "{err}"
        );
        assert!(Guard::of(&ws).check(&dir.path().join("tags.csv")).is_ok());
        let index = dir.path().join("qari.search");
        let err = Guard::of(&ws).check(&index).unwrap_err();
        assert!(
            matches!(
                err,
                ExportError::Protected {
                    what: "the project's search index",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn an_empty_or_missing_folder_takes_a_brat_export_and_a_full_one_only_when_forced() {
        let dir = tempfile::tempdir().unwrap();
        assert!(check_brat_folder(&dir.path().join("new"), false).is_ok());
        assert!(check_brat_folder(dir.path(), false).is_ok());
        // Even an earlier export: its .ann files may have been edited in brat since.
        std::fs::write(dir.path().join("a.ann"), "").unwrap();
        let err = check_brat_folder(dir.path(), false).unwrap_err();
        assert!(matches!(err, ExportError::FolderNotEmpty { .. }), "{err}");
        assert!(check_brat_folder(dir.path(), true).is_ok());
        std::fs::write(dir.path().join("b.txt"), "x").unwrap();
        let err = check_brat_folder(&dir.path().join("b.txt"), true).unwrap_err();
        assert!(matches!(err, ExportError::NotAFolder { .. }), "{err}");
    }
}

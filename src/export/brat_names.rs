//! The file names of a brat export, and the manifest that maps them back to documents.
//!
//! Each document gets a stem (a `/`-separated relative path); its files are `STEM.txt` and
//! `STEM.ann`. Stems are unique, also where a file system does not tell `A` from `a`, and a
//! stem is chosen so that a reader that only knows the names finds the right document:
//! [`crate::import::brat`] looks for the document `STEM`, then `STEM.txt`.
//!
//! - A document whose id ends in `.txt` has the id without it (`sub/a.txt` → `sub/a`), unless a
//!   document of that name exists (`a.md` beside `a.md.txt`): then, like every other document,
//!   it has its whole id (`a.md.txt` → `a.md.txt.txt`, `a.md.txt.ann`; `page.html` →
//!   `page.html.txt`).
//! - Those stems never repeat; where two would differ only in case, where a stem would not be
//!   a safe relative path (`..`, a backslash, a control character), or where a file of one would
//!   be a folder of another, the later document gets `NAME~2` (`~3`, …) at the top of the
//!   folder instead, `NAME` being its file name with unsafe characters replaced by `_`.
//!
//! - A forced export into the folder of an earlier one keeps its manifest's names: a document
//!   it lists keeps its stem, another gets one unlike all of them (also in case), and every
//!   entry whose files are not written again stays in the new manifest (see [`stems`]).
//!
//! [`MANIFEST`] (`qari-documents.tsv`) is written beside `annotation.conf`: a header line
//! `stem<TAB>document`, then a line per document, `STEM<TAB>DOCUMENT ID`, both escaped as brat
//! notes are ([`super::brat::escape`]: `\\`, `\n`, `\t`, `\r` …). A reader should take a stem's
//! document from it when it is there ([`read_manifest`], [`document_of`]).

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::brat::{escape, stem, unescape};

/// The manifest's file name, in the export folder.
pub const MANIFEST: &str = "qari-documents.tsv";

/// The brat configuration's file name, in the export folder.
pub const CONF: &str = "annotation.conf";

/// The manifest's first line.
pub const MANIFEST_HEADER: &str = "stem\tdocument";

/// The stem of each document of `docs` (in that order): see the module doc. `is_doc` says
/// whether an id is a document of the corpus (any, not only those exported), which decides
/// whether `a.txt` may be written as `a`. `earlier` is the manifest of an earlier export in the
/// same folder (a forced export): a document it lists keeps its stem there, and every other
/// document gets a stem that differs from all of its stems (also in case), so that no file of
/// the earlier export is written over but a listed document's own.
pub fn stems(
    docs: &[&str],
    is_doc: impl Fn(&str) -> bool,
    earlier: Option<&BTreeMap<String, String>>,
) -> Vec<String> {
    let mut taken = Taken::default();
    taken.files.insert(CONF.to_lowercase());
    taken.files.insert(MANIFEST.to_lowercase());
    // The first stem the earlier export gave each document.
    let mut kept: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    for (stem, doc) in earlier.into_iter().flatten() {
        taken.take(stem);
        if is_safe(stem) {
            kept.entry(doc.as_str()).or_insert(stem.as_str());
        }
    }
    let mut out = Vec::with_capacity(docs.len());
    for doc in docs {
        if let Some(stem) = kept.get(doc) {
            out.push((*stem).to_owned());
            continue;
        }
        let plain = stem(doc);
        let wanted = if plain != *doc && !plain.is_empty() && !is_doc(plain) {
            plain
        } else {
            doc
        };
        let chosen = if is_safe(wanted) && taken.is_free(wanted) {
            wanted.to_owned()
        } else {
            let leaf = safe_leaf(doc);
            (2..)
                .map(|n| format!("{leaf}~{n}"))
                .find(|name| taken.is_free(name))
                .unwrap_or_default()
        };
        taken.take(&chosen);
        out.push(chosen);
    }
    out
}

/// Names already used in the folder, in lower case.
#[derive(Default)]
struct Taken {
    files: HashSet<String>,
    folders: HashSet<String>,
}

impl Taken {
    fn is_free(&self, stem: &str) -> bool {
        let (txt, ann, folders) = parts(stem);
        !self.files.contains(&txt)
            && !self.files.contains(&ann)
            && !self.folders.contains(&txt)
            && !self.folders.contains(&ann)
            && !folders.iter().any(|f| self.files.contains(f))
    }

    fn take(&mut self, stem: &str) {
        let (txt, ann, folders) = parts(stem);
        self.files.insert(txt);
        self.files.insert(ann);
        self.folders.extend(folders);
    }
}

/// A stem's two files and the folders they are in, in lower case.
fn parts(stem: &str) -> (String, String, Vec<String>) {
    let lower = stem.to_lowercase();
    let folders = lower
        .match_indices('/')
        .map(|(i, _)| lower[..i].to_owned())
        .collect();
    (format!("{lower}.txt"), format!("{lower}.ann"), folders)
}

/// Whether a stem is a relative path of plain names that stays inside the folder and reads back
/// as the same string.
fn is_safe(stem: &str) -> bool {
    !stem.is_empty()
        && stem
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && part.chars().all(safe))
}

/// A character that may be in a file name written by an export.
fn safe(c: char) -> bool {
    !c.is_control() && !matches!(c, '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
}

/// A document's file name, with unsafe characters replaced (never empty, `.` or `..`).
fn safe_leaf(doc: &str) -> String {
    let leaf = doc.rsplit('/').next().unwrap_or_default();
    let leaf: String = leaf
        .chars()
        .map(|c| if safe(c) { c } else { '_' })
        .collect();
    if leaf.is_empty() || leaf == "." || leaf == ".." {
        "document".to_owned()
    } else {
        leaf
    }
}

/// The manifest for these (stem, document id) pairs.
pub fn manifest<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = format!("{MANIFEST_HEADER}\n");
    for (stem, doc) in pairs {
        out.push_str(&format!("{}\t{}\n", escape(stem), escape(doc)));
    }
    out
}

/// Reads a manifest's text: stem → document id. A line without a tab is an error naming it
/// (`line 3: …`); a text without the header is not a manifest (an error too).
pub fn parse_manifest(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut lines = text.lines();
    if lines.next().map(|l| l.trim_end_matches('\r')) != Some(MANIFEST_HEADER) {
        return Err(format!("line 1: not {MANIFEST_HEADER:?}"));
    }
    let mut out = BTreeMap::new();
    for (i, line) in lines.enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            continue;
        }
        let Some((stem, doc)) = line.split_once('\t') else {
            return Err(format!("line {}: no tab between stem and document", i + 2));
        };
        if out.insert(unescape(stem), unescape(doc)).is_some() {
            return Err(format!("line {}: the stem {stem:?} again", i + 2));
        }
    }
    Ok(out)
}

/// Why a manifest could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// The file is there but could not be read.
    #[error("could not read ({error}): {path}")]
    Read {
        /// The manifest.
        path: std::path::PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// The file is not a manifest as [`manifest`] writes it.
    #[error("not a qari document list ({reason}): {path}")]
    Invalid {
        /// The manifest.
        path: std::path::PathBuf,
        /// Which line and why.
        reason: String,
    },
}

/// The manifest of the brat folder `dir` (stem → document id), `None` when it has none (a
/// folder written by brat, or by qari before the manifest). Only a regular file is read, up to
/// [`crate::files::MAX_ANNOTATION_FILE_BYTES`] ([`crate::files::read_regular`]): a FIFO or a
/// device in its place is an error, never waited on.
pub fn read_manifest(dir: &Path) -> Result<Option<BTreeMap<String, String>>, ManifestError> {
    let path = dir.join(MANIFEST);
    let text = match crate::files::read_regular_text(&path, crate::files::MAX_ANNOTATION_FILE_BYTES)
    {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(ManifestError::Read { path, error }),
    };
    parse_manifest(&text)
        .map(Some)
        .map_err(|reason| ManifestError::Invalid { path, reason })
}

/// The document of a `.ann` file's stem (`sub/a` for `sub/a.ann`): the manifest's when there is
/// one (and `None` if it does not list the stem), else the first of `STEM` and `STEM.txt` for
/// which `is_doc` holds (how folders without a manifest are read).
pub fn document_of(
    manifest: Option<&BTreeMap<String, String>>,
    stem: &str,
    is_doc: impl Fn(&str) -> bool,
) -> Option<String> {
    match manifest {
        Some(manifest) => manifest.get(stem).cloned(),
        None => [stem.to_owned(), format!("{stem}.txt")]
            .into_iter()
            .find(|id| is_doc(id)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems_of(docs: &[&str]) -> Vec<String> {
        stems(docs, |id| docs.contains(&id), None)
    }

    /// What a reader without the manifest makes of each stem.
    fn read_back_without_manifest(docs: &[&str], stems: &[String]) -> Vec<Option<String>> {
        stems
            .iter()
            .map(|s| document_of(None, s, |id| docs.contains(&id)))
            .collect()
    }

    #[test]
    fn brat_export_names_a_md_and_a_md_txt_apart() {
        let docs = ["a.md", "a.md.txt"];
        let stems = stems_of(&docs);
        assert_eq!(stems, ["a.md", "a.md.txt"]);
        // Even a reader that does not know the manifest finds each document.
        assert_eq!(
            read_back_without_manifest(&docs, &stems),
            [Some("a.md".to_owned()), Some("a.md.txt".to_owned())]
        );
        // In the other order too.
        let docs = ["a.md.txt", "a.md"];
        assert_eq!(stems_of(&docs), ["a.md.txt", "a.md"]);
    }

    #[test]
    fn plain_names_stay_as_they_were() {
        let docs = ["sub/a.txt", "page.html", "b.md", "c.txt"];
        assert_eq!(stems_of(&docs), ["sub/a", "page.html", "b.md", "c"]);
        // Only a corpus document of the stripped name keeps the `.txt`, exported or not.
        let stems = stems(&["c.txt"], |id| id == "c" || id == "c.txt", None);
        assert_eq!(stems, ["c.txt"]);
    }

    #[test]
    fn names_that_clash_on_a_case_blind_or_hostile_file_system_get_a_number() {
        let docs = [
            "A.txt",
            "a.txt",
            "x.txt",
            "x.txt/y.txt",
            "../up.txt",
            "back\\slash.txt",
            "annotation.conf.txt",
            "Qari-Documents.tsv",
        ];
        let stems = stems_of(&docs);
        assert_eq!(
            stems,
            [
                "A",
                "a.txt~2",
                "x",
                "y.txt~2",
                "up.txt~2",
                "back_slash.txt~2",
                "annotation.conf",
                "Qari-Documents.tsv",
            ]
        );
        let lower: HashSet<String> = stems.iter().map(|s| s.to_lowercase()).collect();
        assert_eq!(lower.len(), stems.len());
    }

    #[test]
    fn brat_re_export_forced_keeps_each_documents_earlier_stem_and_avoids_the_others() {
        let docs = ["A.md", "a.md", "a.md.txt", "b.txt", "c.txt"];
        let is_doc = |id: &str| docs.contains(&id);
        let first = stems(&docs[..4], is_doc, None);
        assert_eq!(first, ["A.md", "a.md~2", "a.md.txt", "b"]);
        let earlier: BTreeMap<String, String> = first
            .iter()
            .cloned()
            .zip(docs.iter().map(|d| (*d).to_owned()))
            .collect();
        // `a.md` alone keeps `a.md~2`, never takes `a.md` (A.md's, in another case).
        assert_eq!(stems(&["a.md"], is_doc, Some(&earlier)), ["a.md~2"]);
        // A document new to the folder gets a stem unlike every earlier one.
        let mut renamed = earlier.clone();
        renamed.insert("C".into(), "gone.txt".into());
        assert_eq!(
            stems(&["c.txt", "a.md"], is_doc, Some(&renamed)),
            ["c.txt~2", "a.md~2"]
        );
    }

    #[test]
    fn the_manifest_reads_back_what_it_wrote() {
        let pairs = [
            ("a", "a.txt"),
            ("t\tab~2", "t\tab\\x.txt"),
            ("n~2", "n\nl.txt"),
        ];
        let text = manifest(pairs);
        let read = parse_manifest(&text).unwrap();
        assert_eq!(read.len(), 3);
        for (stem, doc) in pairs {
            assert_eq!(read[stem], doc);
            assert_eq!(
                document_of(Some(&read), stem, |_| false).as_deref(),
                Some(doc)
            );
        }
        assert_eq!(document_of(Some(&read), "b", |_| true), None);
        assert!(parse_manifest("a\tb\n").is_err());
        assert_eq!(
            parse_manifest("stem\tdocument\nab\n").unwrap_err(),
            "line 2: no tab between stem and document"
        );
    }
}

//! What a merge did, counted against `ours`: what the merged project has from `theirs` that
//! ours did not, and the items that need a person.

use std::collections::BTreeMap;

use crate::project::ProjectFile;

/// What `theirs` brought in that `ours` did not have (for a status line such as "37
/// annotations added by qari import"), and the conflicts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Annotations the merged project has and ours did not (theirs' additions, and versions
    /// kept from a conflict).
    pub annotations_added: usize,
    /// Annotations ours had that the merge changed.
    pub annotations_changed: usize,
    /// Annotations ours had that the merge left out.
    pub annotations_deleted: usize,
    /// Codes the merged project has and ours did not.
    pub codes_added: usize,
    /// Codes ours had that the merge changed.
    pub codes_changed: usize,
    /// Codes ours had that the merge left out.
    pub codes_deleted: usize,
    /// Documents whose coding (codes and memo) differs from ours'.
    pub document_codings_changed: usize,
    /// Theirs' new register edits that ours did not have.
    pub register_edits: usize,
    /// One human-readable line per item that needs a person (also flagged with `attention`).
    pub conflicts: Vec<String>,
}

impl MergeReport {
    /// The counts of what differs between ours and the merged project.
    pub(super) fn between(
        ours: &ProjectFile,
        merged: &ProjectFile,
        register_edits: usize,
        conflicts: Vec<String>,
    ) -> Self {
        let annotations = diff(
            ours.annotations.iter().map(|a| (a.id, a)).collect(),
            merged.annotations.iter().map(|a| (a.id, a)).collect(),
        );
        let codes = diff(
            ours.codebook.codes.iter().map(|c| (c.id, c)).collect(),
            merged.codebook.codes.iter().map(|c| (c.id, c)).collect(),
        );
        let codings = diff(
            ours.document_codings.0.iter().collect(),
            merged.document_codings.0.iter().collect(),
        );
        Self {
            annotations_added: annotations.added,
            annotations_changed: annotations.changed,
            annotations_deleted: annotations.deleted,
            codes_added: codes.added,
            codes_changed: codes.changed,
            codes_deleted: codes.deleted,
            document_codings_changed: codings.added + codings.changed + codings.deleted,
            register_edits,
            conflicts,
        }
    }

    /// Whether the merge brought nothing in and found no conflict.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Whether some item needs a person.
    pub fn has_conflicts(&self) -> bool {
        !self.conflicts.is_empty()
    }

    /// One line for a status bar, e.g. "37 annotations added, 2 changed, 1 code added; 1
    /// conflict" ("no changes" when there is nothing to say).
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        counts(
            &mut parts,
            ("annotation", "annotations"),
            &[
                (self.annotations_added, "added"),
                (self.annotations_changed, "changed"),
                (self.annotations_deleted, "deleted"),
            ],
        );
        counts(
            &mut parts,
            ("code", "codes"),
            &[
                (self.codes_added, "added"),
                (self.codes_changed, "changed"),
                (self.codes_deleted, "deleted"),
            ],
        );
        counts(
            &mut parts,
            ("document coding", "document codings"),
            &[(self.document_codings_changed, "changed")],
        );
        if self.register_edits > 0 {
            let noun = plural(self.register_edits, "register edit", "register edits");
            parts.push(format!("{} {noun}", self.register_edits));
        }
        let mut line = parts.join(", ");
        if self.has_conflicts() {
            if !line.is_empty() {
                line.push_str("; ");
            }
            let n = self.conflicts.len();
            line.push_str(&format!("{n} {}", plural(n, "conflict", "conflicts")));
        }
        if line.is_empty() {
            line.push_str("no changes");
        }
        line
    }
}

/// "3 annotations added", then "2 changed" … for the counts that are not zero.
fn counts(parts: &mut Vec<String>, noun: (&str, &str), counts: &[(usize, &str)]) {
    let mut named = false;
    for &(n, verb) in counts.iter().filter(|(n, _)| *n > 0) {
        if named {
            parts.push(format!("{n} {verb}"));
        } else {
            parts.push(format!("{n} {} {verb}", plural(n, noun.0, noun.1)));
            named = true;
        }
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// Items added, changed and deleted from one map to another.
struct Diff {
    added: usize,
    changed: usize,
    deleted: usize,
}

fn diff<K: Ord, V: PartialEq>(before: BTreeMap<K, V>, after: BTreeMap<K, V>) -> Diff {
    let mut d = Diff {
        added: 0,
        changed: 0,
        deleted: before.keys().filter(|k| !after.contains_key(k)).count(),
    };
    for (k, v) in &after {
        match before.get(k) {
            None => d.added += 1,
            Some(old) if old != v => d.changed += 1,
            Some(_) => {}
        }
    }
    d
}

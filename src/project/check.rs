//! Comparing what a project remembers with the corpus on disk: documents missing, changed
//! (content hash differs) and new since the project was saved.

use std::collections::HashMap;

use serde::Serialize;

use super::DocumentRecord;
use crate::corpus::Corpus;

/// Differences between a project's documents and its corpus, each list in natural id order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    /// In the project, no longer readable in the corpus.
    pub missing: Vec<String>,
    /// In both, with different text.
    pub changed: Vec<String>,
    /// In the corpus, not yet in the project.
    pub new: Vec<String>,
}

impl Changes {
    /// Compares project records with an opened corpus.
    pub fn between(records: &[DocumentRecord], corpus: &Corpus) -> Self {
        let on_disk: HashMap<&str, _> = corpus
            .documents
            .iter()
            .map(|d| (d.id.as_str(), &d.hash))
            .collect();
        let mut changes = Self::default();
        let mut known = std::collections::HashSet::new();
        for record in records {
            known.insert(record.id.as_str());
            match on_disk.get(record.id.as_str()) {
                None => changes.missing.push(record.id.clone()),
                Some(hash) if **hash != record.hash => changes.changed.push(record.id.clone()),
                Some(_) => {}
            }
        }
        changes.new = corpus
            .documents
            .iter()
            .filter(|d| !known.contains(d.id.as_str()))
            .map(|d| d.id.clone())
            .collect();
        for list in [&mut changes.missing, &mut changes.changed, &mut changes.new] {
            list.sort_by(|a, b| crate::corpus::natural_order(a, b));
        }
        changes
    }

    /// Whether the document's text changed since the project was saved.
    pub fn is_changed(&self, id: &str) -> bool {
        contains(&self.changed, id)
    }

    /// Whether the document appeared since the project was saved.
    pub fn is_new(&self, id: &str) -> bool {
        contains(&self.new, id)
    }

    /// No differences.
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.changed.is_empty() && self.new.is_empty()
    }

    /// "2 new, 1 changed, 0 missing".
    pub fn summary(&self) -> String {
        format!(
            "{} new, {} changed, {} missing",
            self.new.len(),
            self.changed.len(),
            self.missing.len()
        )
    }
}

fn contains(sorted_ids: &[String], id: &str) -> bool {
    sorted_ids
        .binary_search_by(|probe| crate::corpus::natural_order(probe, id))
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::ContentHash;

    #[test]
    fn missing_changed_and_new() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("same.txt"), "نص").unwrap();
        std::fs::write(dir.path().join("edited.txt"), "نص جديد").unwrap();
        std::fs::write(dir.path().join("added.txt"), "نص").unwrap();
        let corpus = Corpus::open(dir.path()).unwrap();
        let record = |id: &str, text: &str| DocumentRecord {
            id: id.into(),
            hash: ContentHash::of(text),
            chars: text.chars().count(),
        };
        let records = [
            record("same.txt", "نص"),
            record("edited.txt", "نص قديم"),
            record("gone.txt", "نص"),
        ];
        let changes = Changes::between(&records, &corpus);
        assert_eq!(changes.missing, ["gone.txt"]);
        assert_eq!(changes.changed, ["edited.txt"]);
        assert_eq!(changes.new, ["added.txt"]);
        assert_eq!(changes.summary(), "1 new, 1 changed, 1 missing");
        assert!(changes.is_changed("edited.txt") && !changes.is_changed("same.txt"));
        assert!(changes.is_new("added.txt") && !changes.is_new("same.txt"));
    }
}

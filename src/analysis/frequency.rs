//! How often each entity is mentioned, and in how many documents.

use std::collections::BTreeSet;

use super::EntityMention;

/// One entity's counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntityCount {
    /// The entity's index in the register.
    pub entity: usize,
    /// Its mentions.
    pub mentions: usize,
    /// The documents that mention it.
    pub documents: usize,
}

/// The counts of every entity mentioned at least once, most mentioned first (then by the
/// number of documents, then in register order).
pub fn entity_counts(mentions: &[EntityMention]) -> Vec<EntityCount> {
    let entities = mentions.iter().map(|m| m.entity).max().map_or(0, |e| e + 1);
    let mut counts: Vec<EntityCount> = (0..entities)
        .map(|entity| EntityCount {
            entity,
            mentions: 0,
            documents: 0,
        })
        .collect();
    let mut seen: BTreeSet<(usize, usize)> = BTreeSet::new();
    for m in mentions {
        counts[m.entity].mentions += 1;
        if seen.insert((m.entity, m.doc)) {
            counts[m.entity].documents += 1;
        }
    }
    counts.retain(|c| c.mentions > 0);
    counts.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then(b.documents.cmp(&a.documents))
            .then(a.entity.cmp(&b.entity))
    });
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(doc: usize, entity: usize, at: usize) -> EntityMention {
        EntityMention {
            doc,
            entity,
            at,
            end: at + 1,
        }
    }

    #[test]
    fn mentions_and_documents_are_counted_most_mentioned_first() {
        let mentions = [
            m(0, 2, 0),
            m(0, 2, 9),
            m(1, 2, 3),
            m(1, 0, 5),
            m(2, 0, 1),
            m(2, 4, 0),
        ];
        let counts = entity_counts(&mentions);
        let rows: Vec<(usize, usize, usize)> = counts
            .iter()
            .map(|c| (c.entity, c.mentions, c.documents))
            .collect();
        assert_eq!(rows, [(2, 3, 2), (0, 2, 2), (4, 1, 1)]);
        assert!(entity_counts(&[]).is_empty());
    }
}

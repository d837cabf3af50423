//! The model's feature dictionary: feature strings to ids, found from a feature's pieces
//! without joining them (see [`FeatureTable`]).
//!
//! This module does not know what the features are (see [`super::super::features`]).

use std::collections::HashMap;

/// A fast hasher for short strings (multiply and rotate, as rustc's FxHash), for training's
/// feature counts and the trigger words: SipHash's resistance to chosen collisions buys
/// nothing for strings that come from training data.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct FeatureHasher(u64);

impl FeatureHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for FeatureHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Feature string to feature id (for counting features in training; a model keeps its
/// features in a [`FeatureTable`]).
pub(crate) type FeatureMap = HashMap<String, u32, std::hash::BuildHasherDefault<FeatureHasher>>;

/// A hash of a byte string that can be fed in pieces: the result depends only on the bytes
/// joined, not on where the pieces break, so a feature hashed from its pieces while tagging
/// has the hash of its string in the model. Two lanes of the multiply-rotate step of
/// [`FeatureHasher`] (different constants) take the eight-byte words of the joined bytes, then
/// the length; each lane ends in MurmurHash3's finaliser. The table takes its slot from the
/// first lane and checks 32 bits of the second: 96 bits in all.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct PieceHasher {
    lanes: [u64; 2],
    /// The bytes not yet mixed in (fewer than eight), little-endian, higher bytes zero.
    tail: u64,
    tail_len: u32,
    len: u64,
}

impl PieceHasher {
    #[inline]
    fn mix(&mut self, word: u64) {
        let [a, b] = &mut self.lanes;
        *a = (a.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
        *b = (b.rotate_left(23) ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }

    /// Up to seven bytes as a little-endian word, higher bytes zero.
    #[inline]
    fn partial(bytes: &[u8]) -> u64 {
        let n = bytes.len();
        let u32_at = |at: usize| {
            let mut b = [0u8; 4];
            b.copy_from_slice(&bytes[at..at + 4]);
            u64::from(u32::from_le_bytes(b))
        };
        if n >= 4 {
            // Two loads that overlap in the middle: the bytes they share are the same.
            u32_at(0) | (u32_at(n - 4) << (8 * (n - 4)))
        } else {
            bytes
                .iter()
                .enumerate()
                .fold(0, |w, (i, b)| w | (u64::from(*b) << (8 * i)))
        }
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.len += bytes.len() as u64;
        let shift = self.tail_len * 8;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            let word = u64::from_le_bytes(b);
            if shift == 0 {
                self.mix(word);
            } else {
                self.mix(self.tail | (word << shift));
                self.tail = word >> (64 - shift);
            }
        }
        let rest = chunks.remainder();
        if rest.is_empty() {
            return;
        }
        let word = Self::partial(rest);
        let filled = self.tail_len as usize + rest.len();
        let joined = self.tail | (word << shift);
        if filled >= 8 {
            // Only reached with a tail already there, so `shift` is 8 to 56.
            self.mix(joined);
            self.tail = word >> (64 - shift);
            self.tail_len = (filled - 8) as u32;
        } else {
            self.tail = joined;
            self.tail_len = filled as u32;
        }
    }

    #[inline]
    fn finish(mut self) -> Fingerprint {
        self.mix(self.tail);
        self.mix(self.len);
        let [a, b] = self.lanes.map(|mut h| {
            h ^= h >> 33;
            h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
            h ^= h >> 33;
            h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
            h ^ (h >> 33)
        });
        // 0 marks an empty slot.
        Fingerprint {
            key: a.max(1),
            check: b as u32,
        }
    }

    #[inline]
    pub(super) fn of(pieces: &[&str]) -> Fingerprint {
        let mut h = Self::default();
        for p in pieces {
            h.write(p.as_bytes());
        }
        h.finish()
    }
}

/// The hash of a feature string: where it goes in the table, and a check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Fingerprint {
    key: u64,
    check: u32,
}

/// One slot of a [`FeatureTable`]: 16 bytes, four to a cache line.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    /// The fingerprint's key; 0 for an empty slot.
    key: u64,
    check: u32,
    id: u32,
}

/// A model's features: string to id, found by a [`Fingerprint`] of the string that tagging
/// computes from the feature's pieces without building the string. An open-addressed table
/// at most half full, so a lookup, found or not, reads about one cache line.
///
/// A string is taken to be the model's feature when the 96 bits of their fingerprints agree
/// (for a string the model does not know, a chance of about one in 10^24 a lookup, with
/// 100,000 features). Training finds its features through the same table, so a model learns
/// and tags with the same ids. Two features of the model with the same fingerprint (never
/// seen, but possible) are both kept: the second in a map by string, and while that map is not
/// empty every lookup is checked against the strings.
#[derive(Clone, Default)]
pub(crate) struct FeatureTable {
    slots: Vec<Slot>,
    /// Where each slot's name is in `names`.
    name_at: Vec<u32>,
    /// Each name as its length (u32, little-endian) and its bytes, one after another.
    names: Vec<u8>,
    len: usize,
    /// Features whose fingerprint another feature has.
    collided: FeatureMap,
}

impl FeatureTable {
    /// A table with room for `n` features.
    pub(crate) fn with_capacity(n: usize) -> Self {
        let size = (n.max(8) * 2).next_power_of_two();
        Self {
            slots: vec![Slot::default(); size],
            name_at: vec![0; size],
            names: Vec::with_capacity(n * 24),
            len: 0,
            collided: FeatureMap::default(),
        }
    }

    /// Number of features.
    pub(crate) fn len(&self) -> usize {
        self.len + self.collided.len()
    }

    /// The slot holding this fingerprint, or the empty slot where it would go.
    #[inline]
    fn slot_of(&self, print: Fingerprint) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = print.key as usize & mask;
        loop {
            let slot = &self.slots[i];
            if slot.key == 0 || (slot.key == print.key && slot.check == print.check) {
                return Some(i);
            }
            i = (i + 1) & mask;
        }
    }

    fn name(&self, slot: usize) -> &[u8] {
        let at = self.name_at[slot] as usize;
        let mut len = [0u8; 4];
        len.copy_from_slice(&self.names[at..at + 4]);
        &self.names[at + 4..at + 4 + u32::from_le_bytes(len) as usize]
    }

    /// Whether a slot's name is these pieces joined.
    fn name_is(&self, slot: usize, pieces: &[&str]) -> bool {
        let mut rest = self.name(slot);
        for p in pieces {
            match rest.strip_prefix(p.as_bytes()) {
                Some(r) => rest = r,
                None => return false,
            }
        }
        rest.is_empty()
    }

    /// The slot of the feature that is these pieces joined, if the table holds it there.
    #[inline]
    fn find_slot(&self, pieces: &[&str]) -> Option<usize> {
        let i = self.slot_of(PieceHasher::of(pieces))?;
        let found = self.slots[i].key != 0;
        (found && (self.collided.is_empty() || self.name_is(i, pieces))).then_some(i)
    }

    /// Whether two features share a fingerprint, so that lookups must check strings.
    pub(crate) fn has_collisions(&self) -> bool {
        !self.collided.is_empty()
    }

    /// The id of the feature with this fingerprint, unchecked (see
    /// [`FeatureTable::has_collisions`]).
    #[inline]
    pub(super) fn id_of(&self, print: Fingerprint) -> Option<u32> {
        let i = self.slot_of(print)?;
        let slot = &self.slots[i];
        (slot.key != 0).then_some(slot.id)
    }

    /// The id of the feature that is these pieces joined; `buf` is scratch space.
    #[inline]
    pub(crate) fn find(&self, pieces: &[&str], buf: &mut String) -> Option<u32> {
        if let Some(i) = self.find_slot(pieces) {
            return Some(self.slots[i].id);
        }
        if self.collided.is_empty() {
            return None;
        }
        buf.clear();
        buf.extend(pieces.iter().copied());
        self.collided.get(buf.as_str()).copied()
    }

    /// The id of a feature (as a map's `get`).
    pub(crate) fn get(&self, name: &str) -> Option<&u32> {
        match self.find_slot(&[name]) {
            Some(i) => Some(&self.slots[i].id),
            None => self.collided.get(name),
        }
    }

    /// Whether the table holds a feature.
    pub(crate) fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Adds a feature, or gives one it holds a new id; returns the old id.
    pub(crate) fn insert(&mut self, name: String, id: u32) -> Option<u32> {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let print = PieceHasher::of(&[&name]);
        let Some(i) = self.slot_of(print) else {
            return self.collided.insert(name, id);
        };
        if self.slots[i].key != 0 {
            if self.name_is(i, &[&name]) {
                return Some(std::mem::replace(&mut self.slots[i].id, id));
            }
            return self.collided.insert(name, id);
        }
        let (Ok(at), Ok(len)) = (u32::try_from(self.names.len()), u32::try_from(name.len())) else {
            // Past 4 GiB of names: kept by string.
            return self.collided.insert(name, id);
        };
        self.names.extend_from_slice(&len.to_le_bytes());
        self.names.extend_from_slice(name.as_bytes());
        self.slots[i] = Slot {
            key: print.key,
            check: print.check,
            id,
        };
        self.name_at[i] = at;
        self.len += 1;
        None
    }

    /// Twice the slots, every feature moved to its place among them.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(16);
        let slots = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        let name_at = std::mem::replace(&mut self.name_at, vec![0; size]);
        let mask = size - 1;
        for (slot, at) in slots.into_iter().zip(name_at).filter(|(s, _)| s.key != 0) {
            let mut i = slot.key as usize & mask;
            while self.slots[i].key != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
            self.name_at[i] = at;
        }
    }

    /// Every feature and its id, in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        let held = (0..self.slots.len())
            .filter(|i| self.slots[*i].key != 0)
            .map(|i| {
                // Names are inserted as strings, so their bytes are UTF-8.
                let name = std::str::from_utf8(self.name(i)).unwrap_or_default();
                (name, self.slots[i].id)
            });
        held.chain(self.collided.iter().map(|(name, id)| (name.as_str(), *id)))
    }
}

impl From<FeatureMap> for FeatureTable {
    fn from(map: FeatureMap) -> Self {
        let mut table = Self::with_capacity(map.len());
        for (name, id) in map {
            table.insert(name, id);
        }
        table
    }
}

impl PartialEq for FeatureTable {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(name, id)| other.get(name) == Some(&id))
    }
}

impl std::fmt::Debug for FeatureTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FeatureTable")
            .field("len", &self.len())
            .field("collided", &self.collided.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_string_hashes_the_same_in_any_pieces(
            text in "[a-z\u{0621}-\u{064A}|=<>/ ]{0,40}",
            cuts in proptest::collection::vec(0usize..60, 0..5),
        ) {
            let mut at: Vec<usize> = cuts
                .into_iter()
                .map(|c| c.min(text.len()))
                .filter(|c| text.is_char_boundary(*c))
                .collect();
            at.sort_unstable();
            let mut pieces = Vec::new();
            let mut from = 0;
            for cut in at.into_iter().chain([text.len()]) {
                pieces.push(&text[from..cut]);
                from = cut;
            }
            prop_assert_eq!(PieceHasher::of(&pieces), PieceHasher::of(&[&text]));
        }
    }

    #[test]
    fn pieces_that_join_differently_hash_differently() {
        assert_ne!(
            PieceHasher::of(&["ab", "c"]),
            PieceHasher::of(&["a", "bc", "d"])
        );
        assert_ne!(PieceHasher::of(&["w=", ""]), PieceHasher::of(&["w=", "\0"]));
    }

    #[test]
    fn features_are_found_from_their_pieces_and_kept_as_strings() {
        let mut table = FeatureTable::default();
        let names: Vec<String> = (0..1000).map(|i| format!("w=word{i}")).collect();
        for (id, name) in names.iter().enumerate() {
            assert_eq!(table.insert(name.clone(), id as u32), None);
        }
        assert_eq!(table.len(), 1000);
        assert_eq!(
            table.find(&["w=", "word", "417"], &mut String::new()),
            Some(417)
        );
        assert_eq!(table.find(&["w=", "word1000"], &mut String::new()), None);
        assert_eq!(table.get("w=word9"), Some(&9));
        assert_eq!(table.insert("w=word9".into(), 5000), Some(9));
        assert_eq!((table.len(), table.get("w=word9")), (1000, Some(&5000)));
        let mut all: Vec<(String, u32)> = table.iter().map(|(n, id)| (n.to_owned(), id)).collect();
        all.sort_by_key(|(_, id)| *id);
        assert_eq!(all.len(), 1000);
        assert_eq!(all[0], ("w=word0".to_owned(), 0));
        assert_eq!(all[999], ("w=word9".to_owned(), 5000));
    }

    #[test]
    fn with_two_features_of_one_fingerprint_every_lookup_checks_the_strings() {
        let mut table = FeatureTable::default();
        table.insert("w=kept".into(), 1);
        // Stand in for a feature whose fingerprint "w=kept" already has: it can only live in
        // the map by string.
        table.collided.insert("w=other".into(), 2);
        assert!(table.has_collisions());
        let mut buf = String::new();
        assert_eq!(table.find(&["w=", "kept"], &mut buf), Some(1));
        assert_eq!(table.find(&["w=", "other"], &mut buf), Some(2));
        assert_eq!(table.find(&["w=", "none"], &mut buf), None);
        assert_eq!((table.len(), table.get("w=other")), (2, Some(&2)));
    }
}

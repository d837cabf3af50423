//! Where in folded text (compact bytes, see [`crate::text::compact`]) a name may begin: the
//! words, found 64 bytes at a time ([`words`]), and a filter on the first bytes of a word
//! ([`StartFilter`]) that rules out most places before the automaton is walked.

use crate::text::compact::is_compact_word_byte;

/// The words of compact bytes as `(start, end)` byte ranges, in order. A word is a maximal run
/// of word bytes ([`is_compact_word_byte`]). Word boundaries are not predictable, so the bytes
/// are read 64 at a time into masks without branching, and the boundaries are their set bits.
pub(super) fn words(hay: &[u8]) -> Words<'_> {
    Words {
        hay,
        next_block: 0,
        bounds: 0,
        after_word: false,
        open: None,
    }
}

pub(super) struct Words<'a> {
    hay: &'a [u8],
    /// Offset of the block after the one in `bounds`.
    next_block: usize,
    /// The boundaries of the current block not yet passed, a bit each: word starts (word bytes
    /// after other bytes) and word ends (other bytes after word bytes). They alternate.
    bounds: u64,
    /// Whether the last byte of the current block is part of a word.
    after_word: bool,
    /// The start of the word being read.
    open: Option<usize>,
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        loop {
            while self.bounds == 0 {
                let block = self.hay.get(self.next_block..).unwrap_or_default();
                if block.is_empty() {
                    // A word running to the end of the text.
                    return self.open.take().map(|start| (start, self.hay.len()));
                }
                let mut word = 0u64;
                for (i, byte) in block.iter().take(64).enumerate() {
                    word |= u64::from(is_compact_word_byte(*byte)) << i;
                }
                // A short last block: the bytes past the end are not words.
                let len = block.len().min(64);
                let within = if len == 64 { u64::MAX } else { (1 << len) - 1 };
                let before = word << 1 | u64::from(self.after_word);
                self.bounds = (word ^ before) & within;
                self.after_word = word >> 63 == 1;
                self.next_block += 64;
            }
            let at = self.next_block - 64 + self.bounds.trailing_zeros() as usize;
            self.bounds &= self.bounds - 1;
            match self.open.take() {
                Some(start) => return Some((start, at)),
                None => self.open = Some(at),
            }
        }
    }
}

/// The key of a place: the bytes of the word from there, up to eight, zero past the word's end.
/// `end` is the end of the word (or of the alias's first word).
pub(super) fn word_key(bytes: &[u8], at: usize, end: usize) -> u64 {
    let n = end.saturating_sub(at).min(8);
    match bytes.get(at..at + 8) {
        Some(eight) => {
            let mut raw = [0; 8];
            raw.copy_from_slice(eight);
            let raw = u64::from_le_bytes(raw);
            if n == 8 {
                raw
            } else {
                raw & ((1 << (8 * n)) - 1)
            }
        }
        None => {
            let mut raw = [0; 8];
            raw[..n].copy_from_slice(&bytes[at..at + n]);
            u64::from_le_bytes(raw)
        }
    }
}

/// A filter on where an alias can begin: two bits for each alias's key ([`word_key`] of its
/// first word), both in one 64-bit block chosen by a hash of the key (a blocked Bloom filter).
/// Text at a place can only spell an alias if the word there has the same key, so a place
/// passes when some alias might begin there; it never rules out one that does.
///
/// The filter is looked up at every word start and after every clitic prefix, some twelve
/// million times over the 31,030-article corpus, so its size is what its cost depends on: it
/// is sized to the register, 32 bits a key (32 KiB for the ten thousand aliases of a gazetteer
/// of places and people, so it stays in the L1 cache; at most 128 KiB), and with two bits a key
/// about one place in three hundred passes by chance.
pub(super) struct StartFilter {
    blocks: Vec<u64>,
    /// log2 of the number of blocks.
    block_bits: u32,
}

impl StartFilter {
    /// Bits a key, rounded up to a power of two.
    const BITS_PER_KEY: usize = 32;
    /// At most 2^14 blocks (128 KiB), at least 2^6 (512 bytes).
    const MAX_BLOCK_BITS: u32 = 14;
    const MIN_BLOCK_BITS: u32 = 6;

    /// The filter for these (compact) aliases.
    pub(super) fn new<'a>(aliases: impl IntoIterator<Item = &'a [u8]>) -> Self {
        let mut keys: Vec<u64> = aliases
            .into_iter()
            .map(|alias| {
                let first_word_end = alias
                    .iter()
                    .position(|b| !is_compact_word_byte(*b))
                    .unwrap_or(alias.len());
                word_key(alias, 0, first_word_end)
            })
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let blocks_wanted = (keys.len() * Self::BITS_PER_KEY / 64).max(1);
        let block_bits = blocks_wanted
            .next_power_of_two()
            .trailing_zeros()
            .clamp(Self::MIN_BLOCK_BITS, Self::MAX_BLOCK_BITS);
        let mut filter = Self {
            blocks: vec![0; 1 << block_bits],
            block_bits,
        };
        for key in keys {
            let (block, bits) = filter.slot(key);
            filter.blocks[block] |= bits;
        }
        filter
    }

    /// The block of a key and its two bits there, from the high bits of a multiplicative hash
    /// (the low bits of the product depend on the low bits of the key alone).
    #[inline]
    fn slot(&self, key: u64) -> (usize, u64) {
        let hash = key.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let block = (hash >> (64 - self.block_bits)) as usize;
        let first = (hash >> (64 - self.block_bits - 6)) & 63;
        let second = (hash >> (64 - self.block_bits - 12)) & 63;
        (block, 1 << first | 1 << second)
    }

    /// Whether an alias may begin at `at`, in a word that ends at `end`.
    #[inline]
    pub(super) fn may_start(&self, hay: &[u8], at: usize, end: usize) -> bool {
        let (block, bits) = self.slot(word_key(hay, at, end));
        self.blocks[block] & bits == bits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::compact::{OTHER, OTHER_WORD};

    #[test]
    fn words_are_runs_of_word_bytes() {
        // Words of every length across the 64-byte blocks, with Arabic, Latin and other bytes.
        let mut hay = Vec::new();
        for n in 0..150 {
            hay.extend(std::iter::repeat_n([0x80, b'a', OTHER_WORD][n % 3], n % 70));
            hay.extend([b' ', OTHER, b'.'].iter().take(n % 3 + 1));
        }
        hay.extend(std::iter::repeat_n(0x81, 70));
        for len in [0, 1, 2, 63, 64, 65, 127, 128, 129, hay.len() - 3, hay.len()] {
            let hay = &hay[..len];
            let mut expected = Vec::new();
            let mut start = None;
            for (i, b) in hay.iter().enumerate() {
                match (start, is_compact_word_byte(*b)) {
                    (None, true) => start = Some(i),
                    (Some(s), false) => {
                        expected.push((s, i));
                        start = None;
                    }
                    _ => {}
                }
            }
            expected.extend(start.map(|s| (s, hay.len())));
            assert_eq!(words(hay).collect::<Vec<_>>(), expected, "{len} bytes");
        }
    }

    #[test]
    fn a_word_key_is_at_most_eight_bytes_of_the_word() {
        let hay = b"abcdefghij kl";
        assert_eq!(word_key(hay, 0, 10), u64::from_le_bytes(*b"abcdefgh"));
        assert_eq!(
            word_key(hay, 11, 13),
            u64::from_le_bytes(*b"kl\0\0\0\0\0\0")
        );
        assert_eq!(word_key(hay, 8, 10), word_key(b"ij", 0, 2));
        assert_eq!(word_key(hay, 13, 13), 0);
    }
}

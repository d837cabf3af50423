//! Folded text as one byte a code point ([`Compact`]), the form the entity matcher scans.
//!
//! [`normalize_compact`] applies exactly the folds of [`super::normalize()`], but reads the
//! document's UTF-8 bytes through a table for the code points that make up nearly all of an
//! Arabic or Latin text (ASCII and the two-byte range U+0080–U+07FF, which holds the Arabic
//! block): each is a compact byte to append, a space, or a removed mark, decided once per fold
//! option when the table is built. Only the rest (dashes, which look at their neighbours,
//! presentation forms, letters whose lower case is not one code point, anything from three bytes
//! up) goes through the general folder, one code point at a time.

use std::ops::Range;
use std::sync::OnceLock;

use super::normalize::{
    FoldOptions, FoldSink, Folder, fold, is_arabic_letter, is_dash, is_presentation_form,
    is_word_char,
};

/// Folded text as one byte a code point, for fast matching: ASCII as itself, the Arabic letters
/// U+0621–U+064A as 0x80 + (code point − 0x621), any other letter or digit as [`OTHER_WORD`],
/// anything else as [`OTHER`]. Byte `i` is folded code point `i`, so no byte/character map is
/// needed; a hit covering an `OTHER*` byte must be checked against the folded text.
///
/// Where each byte came from is kept sparsely: most bytes come from the document code point
/// a fixed distance ahead of them, and that distance changes only where folding drops or expands
/// code points (a run of spaces, a diacritic, a ligature).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Compact {
    /// One byte a folded code point.
    pub bytes: Vec<u8>,
    /// `(i, shift)`: from byte `i` on, byte `j` came from document code point `j + shift`
    /// (until the next entry). Ordered by `i`; before the first entry the shift is 0. Position
    /// `bytes.len()` stands for the document's end.
    shifts: Vec<(usize, isize)>,
}

/// The byte of a letter or digit outside ASCII and the Arabic letters.
pub const OTHER_WORD: u8 = 0xFF;
/// The byte of any other code point outside ASCII and the Arabic letters.
pub const OTHER: u8 = 0xFE;

impl FoldSink for Compact {
    fn push(&mut self, c: char, origin: u32) {
        self.record(origin);
        self.bytes.push(compact_byte(c));
    }

    fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl Compact {
    /// A folded text from its bytes and the shifts [`Compact::shifts`] gave (as a cache keeps
    /// them); `None` when the shifts are not in order or point outside the bytes.
    pub fn from_parts(bytes: Vec<u8>, shifts: Vec<(usize, isize)>) -> Option<Self> {
        let ordered = shifts.windows(2).all(|w| w[0].0 < w[1].0);
        let inside = shifts.last().is_none_or(|(at, _)| *at <= bytes.len());
        (ordered && inside).then_some(Self { bytes, shifts })
    }

    /// Where each run of bytes came from: `(i, shift)`, from byte `i` on, byte `j` came from
    /// document code point `j + shift`.
    pub fn shifts(&self) -> &[(usize, isize)] {
        &self.shifts
    }

    /// The first folded position whose document code point is at or after `char` (the
    /// inverse of [`Compact::origin`]; `bytes.len()` past the last).
    pub fn position_of(&self, char: usize) -> usize {
        let (mut lo, mut hi) = (0, self.bytes.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.origin(mid) < char {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The document range a folded range came from (see [`super::Normalized::to_document`]).
    pub fn to_document(&self, folded: Range<usize>) -> Range<usize> {
        if folded.is_empty() {
            let at = self.origin(folded.start.min(self.bytes.len()));
            return at..at;
        }
        self.origin(folded.start)..self.origin(folded.end - 1) + 1
    }

    /// The document code point byte `i` came from (the document's length for `bytes.len()`).
    pub fn origin(&self, i: usize) -> usize {
        let entry = self.shifts.partition_point(|(at, _)| *at <= i);
        let shift = entry.checked_sub(1).map_or(0, |e| self.shifts[e].1);
        i.saturating_add_signed(shift)
    }

    /// Notes that the next byte comes from document code point `origin`.
    fn record(&mut self, origin: u32) {
        let at = self.bytes.len();
        let shift = origin as isize - at as isize;
        if self.shifts.last().map_or(0, |(_, s)| *s) != shift {
            self.shifts.push((at, shift));
        }
    }

    /// Appends a kept code point's byte after the space pending before it.
    fn keep(&mut self, byte: u8, origin: u32, pending_space: &mut Option<u32>) {
        if let Some(space) = pending_space.take()
            && !self.bytes.is_empty()
        {
            self.record(space);
            self.bytes.push(b' ');
        }
        self.record(origin);
        self.bytes.push(byte);
    }
}

/// The compact byte of a folded code point.
pub fn compact_byte(c: char) -> u8 {
    match c {
        c if c.is_ascii() => c as u8,
        '\u{0621}'..='\u{064A}' => 0x80 + (c as u32 - 0x0621) as u8,
        c if c.is_alphanumeric() => OTHER_WORD,
        _ => OTHER,
    }
}

/// Whether a compact byte is part of a word.
pub fn is_compact_word_byte(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
}

/// [`is_compact_word_byte`] for every byte.
static WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] =
            byte.is_ascii_alphanumeric() || (byte >= 0x80 && byte <= 0xA9) || byte == OTHER_WORD;
        b += 1;
    }
    table
};

/// What folding does with one code point, whatever comes before or after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// Append this byte; the code point is (or is not) a letter or digit.
    Keep { byte: u8, letter: bool },
    /// White space: one space before the next kept code point.
    Space,
    /// Dropped; a letter the folder counts as such (tatweel, superscript alef) sets
    /// `last_was_letter`, a mark or control leaves it.
    Drop { letter: bool },
    /// Depends on its neighbours or folds to more than one code point: the general folder.
    General,
}

/// The steps of the code points U+0000–U+07FF for one set of fold options, packed in a `u16`
/// each (see [`Table::pack`]) so the loop over a text tests bits rather than decoding an enum.
struct Table([u16; 0x800]);

impl Table {
    /// Set for [`Step::Keep`]; the low byte is the byte to append.
    const KEEP: u16 = 0x100;
    /// Set when the code point is a letter or digit (with `KEEP` or `DROP`).
    const LETTER: u16 = 0x200;
    /// [`Step::Space`].
    const SPACE: u16 = 0x400;
    /// [`Step::Drop`].
    const DROP: u16 = 0x800;
    // [`Step::General`] is 0.

    fn new(options: FoldOptions) -> Self {
        let mut steps = [0; 0x800];
        for (cp, step) in steps.iter_mut().enumerate() {
            if let Some(c) = char::from_u32(cp as u32) {
                *step = Self::pack(step_of(c, options));
            }
        }
        Self(steps)
    }

    fn pack(step: Step) -> u16 {
        let letter = |is: bool| if is { Self::LETTER } else { 0 };
        match step {
            Step::Keep { byte, letter: is } => Self::KEEP | letter(is) | u16::from(byte),
            Step::Space => Self::SPACE,
            Step::Drop { letter: is } => Self::DROP | letter(is),
            Step::General => 0,
        }
    }

    /// The packed step and the width of the code point at `at` of valid UTF-8 `bytes`, when it
    /// is one or two bytes long (None past the end too).
    #[inline(always)]
    fn simple(&self, bytes: &[u8], at: usize) -> Option<(u16, usize)> {
        let lead = *bytes.get(at)?;
        if lead < 0x80 {
            Some((self.0[usize::from(lead)], 1))
        } else if lead < 0xE0 {
            // A two-byte sequence (the text is valid UTF-8, so the second byte is there).
            let cp = usize::from(lead & 0x1F) << 6 | usize::from(bytes[at + 1] & 0x3F);
            Some((self.0[cp], 2))
        } else {
            None
        }
    }

    /// Appends the bytes of the kept code points from `at` on, and of single spaces between
    /// them: one byte a code point, so where each came from keeps the same shift. Stops before
    /// anything else. Returns where it stopped, the code points it read, and whether the last
    /// was a letter (`letter` when none).
    fn keep_run(
        &self,
        bytes: &[u8],
        mut at: usize,
        out: &mut Vec<u8>,
        mut letter: bool,
    ) -> (usize, u32, bool) {
        let mut read = 0;
        while let Some((step, width)) = self.simple(bytes, at) {
            if step & Self::KEEP != 0 {
                out.push(step as u8);
                letter = step & Self::LETTER != 0;
                at += width;
                read += 1;
                continue;
            }
            if step & Self::SPACE == 0 || width != 1 {
                break;
            }
            match self.simple(bytes, at + 1) {
                Some((next, width)) if next & Self::KEEP != 0 => {
                    out.extend_from_slice(&[b' ', next as u8]);
                    letter = next & Self::LETTER != 0;
                    at += 1 + width;
                    read += 2;
                }
                _ => break,
            }
        }
        (at, read, letter)
    }

    /// The table for `options`, built once.
    fn get(options: FoldOptions) -> &'static Self {
        static TABLES: [OnceLock<Table>; 4] = [const { OnceLock::new() }; 4];
        let index = usize::from(options.taa_marbuta) * 2 + usize::from(options.alef_maqsura);
        TABLES[index].get_or_init(|| Self::new(options))
    }
}

/// The step for one code point, as [`Folder::feed`] decides it.
fn step_of(c: char, options: FoldOptions) -> Step {
    if is_arabic_letter(c) {
        return match fold(c, options) {
            Some(folded) => Step::Keep {
                byte: compact_byte(folded),
                letter: true,
            },
            None => Step::Drop { letter: true },
        };
    }
    if c.is_whitespace() {
        return Step::Space;
    }
    if is_dash(c) || is_presentation_form(c) {
        return Step::General;
    }
    let Some(folded) = fold(c, options) else {
        return Step::Drop { letter: false };
    };
    // As `emit` lower-cases it.
    let byte = if folded.is_ascii() {
        folded.to_ascii_lowercase() as u8
    } else if !folded.is_uppercase() {
        compact_byte(folded)
    } else {
        let mut lower = folded.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(one), None) => compact_byte(one),
            _ => return Step::General,
        }
    };
    Step::Keep {
        byte,
        letter: is_word_char(c),
    }
}

/// Folds `text` to compact bytes (see [`Compact`]): the same folds as [`super::normalize()`].
pub fn normalize_compact(text: &str, options: FoldOptions) -> Compact {
    let mut out = Compact {
        bytes: Vec::with_capacity(text.len()),
        shifts: Vec::new(),
    };
    let table = Table::get(options);
    let mut folder = Folder::new(options);
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut origin = 0u32;
    while at < bytes.len() {
        let (step, width) = table.simple(bytes, at).unwrap_or((0, 0));
        if step & Table::KEEP != 0 {
            out.keep(step as u8, origin, &mut folder.pending_space);
            let (next, read, letter) =
                table.keep_run(bytes, at + width, &mut out.bytes, step & Table::LETTER != 0);
            folder.last_was_letter = letter;
            at = next;
            origin += 1 + read;
            continue;
        }
        if step & Table::SPACE != 0 {
            folder.pending_space.get_or_insert(origin);
        } else if step & Table::DROP != 0 {
            folder.last_was_letter |= step & Table::LETTER != 0;
        } else {
            // The general folder, for one code point.
            let mut rest = text[at..].chars();
            let Some(c) = rest.next() else { break };
            folder.feed(c, origin, || rest.next(), &mut out);
            at += c.len_utf8();
            origin += 1;
            continue;
        }
        at += width;
        origin += 1;
    }
    out.record(origin);
    out
}

/// [`normalize_compact`] by the general folder alone, to check the table against.
#[cfg(test)]
fn normalize_compact_slowly(text: &str, options: FoldOptions) -> Compact {
    use super::normalize::fold_into;
    let mut out = Compact::default();
    let doc_len = fold_into(text, options, &mut out);
    out.record(doc_len);
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::text::normalize;

    #[test]
    fn compact_bytes_are_one_per_folded_code_point() {
        let doc = "قال: بِالكرملين Elbasy Мир";
        let n = normalize(doc, FoldOptions::default());
        let c = normalize_compact(doc, FoldOptions::default());
        assert_eq!(c.bytes.len(), n.char_len());
        for (i, ch) in n.text.chars().enumerate() {
            assert_eq!(c.bytes[i], compact_byte(ch));
            assert_eq!(c.to_document(i..i + 1), n.to_document(i..i + 1));
        }
        assert!(c.bytes.ends_with(&[OTHER_WORD; 3]));
    }

    /// Every code point the table decides, between letters, spaces and marks, folds as the
    /// general folder folds it, with every fold option.
    #[test]
    fn the_table_agrees_with_the_general_folder() {
        let all = [
            FoldOptions::default(),
            FoldOptions {
                taa_marbuta: false,
                alef_maqsura: false,
            },
        ];
        for options in all {
            for cp in 0..0x800 {
                let Some(c) = char::from_u32(cp) else {
                    continue;
                };
                for context in [
                    "ب{}ت",
                    " {} ",
                    "{}",
                    "A{}-b",
                    "ب\u{064E}{}\u{0640}ـ- ة",
                    "{} {}",
                    "كتب {}  و{}\nا z {}",
                ] {
                    let text = context.replace("{}", &c.to_string());
                    assert_eq!(
                        normalize_compact(&text, options),
                        normalize_compact_slowly(&text, options),
                        "{text:?} (U+{cp:04X})"
                    );
                }
            }
        }
    }

    fn agrees(text: &str) {
        for options in [
            FoldOptions::default(),
            FoldOptions {
                taa_marbuta: false,
                alef_maqsura: false,
            },
        ] {
            assert_eq!(
                normalize_compact(text, options),
                normalize_compact_slowly(text, options),
                "{text:?}"
            );
        }
    }

    /// Pieces that fold in every way there is: letters that fold, marks and tatweel dropped,
    /// clitics, Latin case (with letters whose lower case is longer), digits, spaces of every
    /// kind and line ends, dashes (between letters or not), ligatures, controls, joiners, and
    /// code points of three and four bytes.
    #[rustfmt::skip]
    const PIECES: &[&str] = &[
        "ب", "ال", "كرملين", "و", "لل", "أ", "إ", "آ", "ٱ", "ؤ", "ئ", "ى", "ة", "ک", "ی", "ء",
        "\u{064E}", "\u{0651}", "\u{0670}", "ـ", "\u{06D6}", "٢", "۹", "7", "a", "Z", "CSTO", "İ",
        "ß", "Σ", "Мир", "é", "e\u{0301}", " ", "  ", "\t", "\n", "\r\n", "\u{00A0}", "\u{0085}",
        "\u{2003}", "\u{3000}", "-", "–", "‐", "\u{2212}", "ﻻ", "ﷲ", "ﷺ", "ﺍ", "\u{200C}",
        "\u{200D}", "\u{200F}", "\u{202B}", "\u{2066}", "\u{FEFF}", "\u{061C}", "𝔸", "😀", "«", "»",
        ".", "،", "؟", "\u{00AD}", "\u{0000}", "\u{007F}", "\u{07FF}", "\u{0800}", "\u{FFFF}",
        "\u{10FFFF}",
    ];

    /// The table's path through runs of letters and single spaces, and where it hands over to
    /// the general folder and back, between any two pieces.
    #[test]
    fn every_pair_of_pieces_folds_as_the_general_folder_folds_it() {
        for a in PIECES {
            for b in PIECES {
                for text in [format!("{a}{b}"), format!("{a} {b}ب"), format!("ب{a}{b} ")] {
                    agrees(&text);
                }
            }
        }
    }

    proptest! {
        #[test]
        fn pieces_fold_as_the_general_folder_folds_them(
            picks in proptest::collection::vec(0..PIECES.len(), 0..40)
        ) {
            let text: String = picks.iter().map(|i| PIECES[*i]).collect();
            agrees(&text);
        }

        #[test]
        fn any_text_folds_as_the_general_folder_folds_it(text in any::<String>()) {
            agrees(&text);
        }
    }
}

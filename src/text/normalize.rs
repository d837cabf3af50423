//! Folding text for matching and search, with an exact map back to document offsets.
//!
//! The document text is never rewritten: [`normalize`] builds a separate folded string and, for
//! every code point of it, the document code point it came from. A hit found in the folded text
//! is reported in document offsets with [`Normalized::to_document`].
//!
//! The folds, in the order they apply to each code point:
//!
//! | fold | what | why |
//! |---|---|---|
//! | presentation forms | U+FB50–U+FDFF, U+FE70–U+FEFF to their base letters (NFKC), so ﻻ → لا, ﷲ → الله | old text and PDFs carry them |
//! | removed | diacritics U+064B–U+065F, U+0670; tatweel U+0640; zero-width and bidi controls (U+200B–U+200F, U+202A–U+202E, U+2066–U+2069, U+061C, U+FEFF) | they come and go in names |
//! | alef forms | أ إ آ ٱ → ا | hamza and madda are written loosely |
//! | hamza seats | ؤ → و, ئ → ي | the same |
//! | alef maqsura | ى → ي (can be switched off) | often swapped at word ends |
//! | taa marbuta | ة → ه (can be switched off) | often swapped at word ends |
//! | Persian/Urdu letters | ک → ك, ی → ي | text typed on Persian keyboards |
//! | digits | Arabic-Indic and Persian digits → ASCII | ٢٠٢٢ and 2022 are the same year |
//! | Latin case | lower case (full Unicode case folding of letters) | CSTO, Csto, csto |
//! | spaces | any run of whitespace, and a hyphen or dash between letters, → one space | "نور - سلطان", line breaks inside names |

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

/// Which optional folds apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FoldOptions {
    /// Fold ة to ه.
    pub taa_marbuta: bool,
    /// Fold ى to ي.
    pub alef_maqsura: bool,
}

impl Default for FoldOptions {
    fn default() -> Self {
        Self {
            taa_marbuta: true,
            alef_maqsura: true,
        }
    }
}

/// A folded text and where each of its code points came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Normalized {
    /// The folded text.
    pub text: String,
    /// Byte index in [`Normalized::text`] of each folded code point, plus its length.
    byte_starts: Vec<u32>,
    /// Document code point each folded code point came from, plus the document length.
    origins: Vec<u32>,
}

impl Normalized {
    /// Number of code points of the folded text.
    pub fn char_len(&self) -> usize {
        self.origins.len() - 1
    }

    /// The folded code-point index of a byte index of [`Normalized::text`].
    pub fn char_of_byte(&self, byte: usize) -> usize {
        self.byte_starts.partition_point(|b| (*b as usize) < byte)
    }

    /// The document range a folded range (code points) came from: from the origin of its first
    /// code point to just after the origin of its last.
    pub fn to_document(&self, folded: Range<usize>) -> Range<usize> {
        if folded.is_empty() {
            let at = self.origins[folded.start.min(self.char_len())] as usize;
            return at..at;
        }
        let start = self.origins[folded.start] as usize;
        let end = self.origins[folded.end - 1] as usize + 1;
        start..end
    }

    /// The document range a folded byte range came from.
    pub fn bytes_to_document(&self, bytes: Range<usize>) -> Range<usize> {
        self.to_document(self.char_of_byte(bytes.start)..self.char_of_byte(bytes.end))
    }
}

/// Where folded code points go: a string with its offset map ([`Normalized`]), or one byte a
/// code point for fast matching ([`Compact`]).
pub(super) trait FoldSink {
    /// Appends one folded (and lower-cased) code point that came from document code point
    /// `origin`.
    fn push(&mut self, c: char, origin: u32);
    /// Nothing appended yet.
    fn is_empty(&self) -> bool;
}

impl FoldSink for Normalized {
    fn push(&mut self, c: char, origin: u32) {
        self.byte_starts.push(self.text.len() as u32);
        self.origins.push(origin);
        self.text.push(c);
    }

    fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// Folds `text` for matching (see the module documentation).
pub fn normalize(text: &str, options: FoldOptions) -> Normalized {
    let mut out = Normalized {
        text: String::with_capacity(text.len()),
        byte_starts: Vec::with_capacity(text.len() / 2 + 1),
        origins: Vec::with_capacity(text.len() / 2 + 1),
    };
    let doc_len = fold_into(text, options, &mut out);
    out.byte_starts.push(out.text.len() as u32);
    out.origins.push(doc_len);
    out
}

/// Folds `text` into `out`; returns the document length in code points.
pub(super) fn fold_into(text: &str, options: FoldOptions, out: &mut impl FoldSink) -> u32 {
    let mut folder = Folder::new(options);
    let mut chars = text.chars().peekable();
    let mut origin = 0;
    while let Some(c) = chars.next() {
        folder.feed(c, origin, || chars.peek().copied(), out);
        origin += 1;
    }
    origin
}

/// The state of folding between code points: a space waiting for the next letter, and whether
/// the last code point kept was a letter (a hyphen between letters is a space).
pub(super) struct Folder {
    options: FoldOptions,
    /// Where a run of spaces began, while no letter has followed it yet.
    pub(super) pending_space: Option<u32>,
    /// The last code point kept was a letter or digit.
    pub(super) last_was_letter: bool,
}

impl Folder {
    pub(super) fn new(options: FoldOptions) -> Self {
        Self {
            options,
            pending_space: None,
            last_was_letter: false,
        }
    }

    /// Folds one document code point; `next` gives the one after it.
    pub(super) fn feed(
        &mut self,
        c: char,
        origin: u32,
        next: impl FnOnce() -> Option<char>,
        out: &mut impl FoldSink,
    ) {
        // Most code points of an Arabic text are plain letters: fold them without the checks
        // below (they are neither spaces, dashes nor presentation forms, and have no case).
        if is_arabic_letter(c) {
            if let Some(folded) = fold(c, self.options) {
                self.letter(folded, origin, out);
            }
            self.last_was_letter = true;
            return;
        }
        let dash_between_letters = || {
            is_dash(c)
                && self.last_was_letter
                && next().is_some_and(|n| is_word_char(n) && !n.is_numeric())
        };
        if c.is_whitespace() || dash_between_letters() {
            self.pending_space.get_or_insert(origin);
            return;
        }
        if is_presentation_form(c) {
            for base in std::iter::once(c).nfkc() {
                if let Some(folded) = fold(base, self.options) {
                    emit(out, &mut self.pending_space, folded, origin);
                }
            }
            self.last_was_letter = true;
        } else if let Some(folded) = fold(c, self.options) {
            emit(out, &mut self.pending_space, folded, origin);
            self.last_was_letter = is_word_char(c);
        }
        // A removed mark leaves `last_was_letter` as the letter before it set it.
    }

    /// Appends a folded Arabic letter (no case) after the space pending before it.
    fn letter(&mut self, folded: char, origin: u32, out: &mut impl FoldSink) {
        if let Some(space) = self.pending_space.take()
            && !out.is_empty()
        {
            out.push(' ', space);
        }
        out.push(folded, origin);
    }
}

/// Appends a folded code point, lower-cased, after the space pending before it (none at the
/// start of the text).
pub(super) fn emit(out: &mut impl FoldSink, pending_space: &mut Option<u32>, c: char, origin: u32) {
    if let Some(space) = pending_space.take()
        && !out.is_empty()
    {
        out.push(' ', space);
    }
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase(), origin);
    } else if is_arabic_letter(c) || !c.is_uppercase() {
        out.push(c, origin);
    } else {
        for lower in c.to_lowercase() {
            out.push(lower, origin);
        }
    }
}

/// The Arabic block's letters and digits (no case, and `is_alphanumeric` is slow for them).
pub(super) fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{064A}' | '\u{0660}'..='\u{0669}' | '\u{066E}'..='\u{06D3}' | '\u{06D5}' | '\u{06EE}'..='\u{06FF}')
}

pub(super) fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}

pub(super) fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
}

/// One code point folded; `None` when it is removed.
pub fn fold(c: char, options: FoldOptions) -> Option<char> {
    Some(match c {
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => return None,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => return None,
        '\u{061C}' | '\u{FEFF}' => return None,
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ؤ' => 'و',
        'ئ' => 'ي',
        'ى' if options.alef_maqsura => 'ي',
        'ة' if options.taa_marbuta => 'ه',
        'ک' => 'ك',
        'ی' => 'ي',
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        other => other,
    })
}

/// Whether a code point is part of a word (letters and digits).
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_arabic_letter(c) || c.is_alphanumeric()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(s: &str) -> String {
        normalize(s, FoldOptions::default()).text
    }

    #[test]
    fn each_fold() {
        assert_eq!(folded("مُحَمَّدٌ"), "محمد");
        assert_eq!(folded("كازاخـــستان"), "كازاخستان");
        assert_eq!(folded("أإآٱا"), "ااااا");
        assert_eq!(folded("مؤتمر رئيس"), "موتمر رييس");
        assert_eq!(folded("مستشفى منظمة"), "مستشفي منظمه");
        assert_eq!(folded("ﻻ ﷲ"), "لا الله");
        assert_eq!(folded("٢٠٢٢ ۱۹۸۹"), "2022 1989");
        assert_eq!(folded("کتاب یک"), "كتاب يك");
        assert_eq!(folded("a\u{200F}b\u{202B}c\u{2066}d\u{FEFF}"), "abcd");
        assert_eq!(folded("CSTO Elbasy İ"), "csto elbasy i\u{307}");
        assert_eq!(folded("ألما   آتا\nو"), "الما اتا و");
        assert_eq!(folded("نور-سلطان 6-2"), "نور سلطان 6-2");
    }

    #[test]
    fn optional_folds_can_be_switched_off() {
        let keep = FoldOptions {
            taa_marbuta: false,
            alef_maqsura: false,
        };
        assert_eq!(normalize("منظمة مستشفى", keep).text, "منظمة مستشفى");
    }

    #[test]
    fn offsets_map_back_to_the_document() {
        let doc = "قال: بِالكرملين و ﻻ";
        let n = normalize(doc, FoldOptions::default());
        let at = n.text.find("بالكرملين").unwrap();
        let range = n.bytes_to_document(at..at + "بالكرملين".len());
        let original: String = doc.chars().skip(range.start).take(range.len()).collect();
        assert_eq!(original, "بِالكرملين");
        // A ligature expands to two folded letters that both map back to it.
        let lam_alef = n.text.rfind("لا").unwrap();
        let range = n.bytes_to_document(lam_alef..lam_alef + "لا".len());
        assert_eq!(range.len(), 1);
    }
}

//! Property tests of the folding offset map: whatever the text, every folded code point maps
//! back to a document code point that folds to it, in order.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use proptest::prelude::*;
use qari::text::{FoldOptions, normalize};

/// Code points that exercise every fold: Arabic letters and their variants, marks, tatweel,
/// presentation forms, digits, Latin, spaces, dashes and invisible controls.
fn pieces() -> impl Strategy<Value = String> {
    let chars = prop::sample::select(vec![
        'ا', 'أ', 'إ', 'آ', 'ٱ', 'ب', 'ت', 'ة', 'ه', 'ى', 'ي', 'ئ', 'ؤ', 'و', 'ل', 'ك', 'ک', 'ی',
        '\u{064B}', '\u{064E}', '\u{0651}', '\u{0670}', 'ـ', 'ﻻ', 'ﷲ', 'ﺍ', '٢', '۹', '7', 'A',
        'b', 'İ', 'ß', ' ', '\n', '\t', '-', '–', '\u{200F}', '\u{202B}', '\u{FEFF}', '(', '،',
        '.',
    ]);
    prop::collection::vec(chars, 0..60).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #[test]
    fn folded_code_points_map_back_in_order(text in pieces()) {
        let n = normalize(&text, FoldOptions::default());
        let doc: Vec<char> = text.chars().collect();
        let folded: Vec<char> = n.text.chars().collect();
        prop_assert_eq!(folded.len(), n.char_len());
        let mut last = 0;
        for (i, c) in folded.iter().enumerate() {
            let range = n.to_document(i..i + 1);
            prop_assert_eq!(range.len(), 1);
            prop_assert!(range.start >= last, "origins never go back");
            last = range.start;
            let source = doc[range.start];
            if *c == ' ' {
                prop_assert!(source.is_whitespace() || "-–".contains(source));
            } else {
                let again = normalize(&source.to_string(), FoldOptions::default()).text;
                prop_assert!(again.contains(*c), "{c:?} from {source:?}");
            }
        }
    }

    #[test]
    fn byte_and_char_indices_agree(text in pieces()) {
        let n = normalize(&text, FoldOptions::default());
        for (char_index, (byte, _)) in n.text.char_indices().enumerate() {
            prop_assert_eq!(n.char_of_byte(byte), char_index);
        }
        prop_assert_eq!(n.char_of_byte(n.text.len()), n.char_len());
    }

    #[test]
    fn a_found_substring_maps_to_a_document_range_that_folds_to_it(
        text in pieces(), a in 0usize..60, len in 1usize..10
    ) {
        let n = normalize(&text, FoldOptions::default());
        let chars: Vec<char> = n.text.chars().collect();
        prop_assume!(a < chars.len());
        let end = (a + len).min(chars.len());
        let needle: String = chars[a..end].iter().collect();
        let range = n.to_document(a..end);
        let original: String = text.chars().skip(range.start).take(range.len()).collect();
        let refolded = normalize(&original, FoldOptions::default()).text;
        prop_assert!(refolded.contains(needle.trim()), "{needle:?} in {refolded:?}");
    }
}

proptest! {
    #[test]
    fn compact_folding_agrees_with_the_general_folding(text in pieces()) {
        use qari::text::compact::{compact_byte, normalize_compact};
        let n = normalize(&text, FoldOptions::default());
        let c = normalize_compact(&text, FoldOptions::default());
        let expected: Vec<u8> = n.text.chars().map(compact_byte).collect();
        prop_assert_eq!(&c.bytes, &expected);
        for i in 0..c.bytes.len() {
            prop_assert_eq!(c.to_document(i..i + 1), n.to_document(i..i + 1));
        }
        prop_assert_eq!(c.to_document(c.bytes.len()..c.bytes.len()), n.to_document(n.char_len()..n.char_len()));
    }
}

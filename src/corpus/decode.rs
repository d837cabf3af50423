//! Bytes to document text: encoding detection, decoding, line-ending normalisation.
//!
//! The order is fixed: a byte-order mark wins; otherwise bytes that are valid UTF-8 are UTF-8;
//! otherwise a charset declared by an HTML page's `<meta>`; otherwise UTF-16 without a BOM when
//! the byte pattern says so; otherwise `chardetng` guesses (for Arabic users that means
//! windows-1256 or ISO-8859-6) and `encoding_rs` decodes.
//!
//! The only changes made to the decoded text are that the BOM is dropped and CRLF / CR become LF;
//! a NUL becomes U+FFFD (one code point for one, so offsets do not move). Diacritics, tatweel and
//! presentation forms stay: normalisation for matching happens elsewhere and never rewrites text.
//!
//! This module does not read files or decide what is binary; see [`super::read`].

use std::borrow::Cow;
use std::fmt;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use serde::Serialize;

/// How the encoding of a document was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EncodingSource {
    /// A byte-order mark at the start of the file.
    Bom,
    /// The bytes are valid UTF-8.
    ValidUtf8,
    /// An HTML `<meta charset>` or `http-equiv="Content-Type"` declaration.
    MetaCharset,
    /// Guessed from the bytes (chardetng, or the UTF-16 byte pattern).
    Detected,
}

impl fmt::Display for EncodingSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Bom => "BOM",
            Self::ValidUtf8 => "valid UTF-8",
            Self::MetaCharset => "meta charset",
            Self::Detected => "detected",
        })
    }
}

/// The encoding a document was decoded with, and how it was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DetectedEncoding {
    /// The encoding (its WHATWG name, e.g. `windows-1256`, is [`DetectedEncoding::name`]).
    pub encoding: &'static Encoding,
    /// How it was chosen.
    pub source: EncodingSource,
}

impl DetectedEncoding {
    /// The encoding's WHATWG name, e.g. `UTF-8`, `UTF-16LE`, `windows-1256`, `ISO-8859-6`.
    pub fn name(&self) -> &'static str {
        self.encoding.name()
    }
}

impl fmt::Display for DetectedEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.source)
    }
}

/// The result of decoding a file's bytes.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// The document text: decoded, BOM removed, line endings LF.
    pub text: String,
    /// The encoding used.
    pub encoding: DetectedEncoding,
    /// Malformed byte sequences that were replaced by U+FFFD.
    pub malformed: usize,
    /// NUL characters replaced by U+FFFD.
    pub nuls: usize,
    /// The page declared a charset that its bytes contradict (e.g. `utf-8` on windows-1256
    /// bytes); the declaration was ignored.
    pub ignored_declaration: Option<&'static Encoding>,
}

/// Like [`decode`], taking the bytes: valid UTF-8 without a BOM, CR or NUL (the common case)
/// becomes the text without being copied.
pub fn decode_owned(bytes: Vec<u8>, declared: Option<&'static Encoding>) -> Decoded {
    let plain = Encoding::for_bom(&bytes).is_none()
        && memchr::memchr2(b'\r', 0, &bytes).is_none()
        && simdutf8::basic::from_utf8(&bytes).is_ok();
    if !plain {
        return decode(&bytes, declared);
    }
    // SAFETY: `simdutf8` has just validated the bytes as UTF-8 (the standard library's own
    // check is several times slower on Arabic, and this runs over every file of a corpus).
    let text = unsafe { String::from_utf8_unchecked(bytes) };
    Decoded {
        text,
        encoding: detected(UTF_8, EncodingSource::ValidUtf8),
        malformed: 0,
        nuls: 0,
        ignored_declaration: None,
    }
}

/// Decodes `bytes` to document text. `declared` is the charset an HTML page declares, if any.
pub fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> Decoded {
    let mut ignored_declaration = None;
    // Valid UTF-8 (the common case) is used as it is: no second validation by a decoder.
    if Encoding::for_bom(bytes).is_none()
        && let Ok(text) = simdutf8::basic::from_utf8(bytes)
    {
        let (text, nuls) = normalise(Cow::Borrowed(text));
        return Decoded {
            text,
            encoding: detected(UTF_8, EncodingSource::ValidUtf8),
            malformed: 0,
            nuls,
            ignored_declaration,
        };
    }
    let (encoding, body) = if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        (detected(encoding, EncodingSource::Bom), &bytes[bom_len..])
    } else {
        match declared {
            // The bytes are not UTF-8 (checked above), and a page cannot declare UTF-16 for
            // itself in an ASCII-compatible meta tag, so those declarations are not believed.
            Some(enc) if enc != UTF_8 && enc != UTF_16LE && enc != UTF_16BE => {
                (detected(enc, EncodingSource::MetaCharset), bytes)
            }
            other => {
                ignored_declaration = other;
                (detected(sniff(bytes), EncodingSource::Detected), bytes)
            }
        }
    };
    let (text, had_errors) = encoding.encoding.decode_without_bom_handling(body);
    let malformed = if had_errors {
        count_replacements(&text).saturating_sub(literal_replacements(body, encoding.encoding))
    } else {
        0
    };
    let (text, nuls) = normalise(text);
    Decoded {
        text,
        encoding,
        malformed,
        nuls,
        ignored_declaration,
    }
}

fn detected(encoding: &'static Encoding, source: EncodingSource) -> DetectedEncoding {
    DetectedEncoding { encoding, source }
}

/// Guesses the encoding of bytes that are neither BOM-marked nor valid UTF-8.
fn sniff(bytes: &[u8]) -> &'static Encoding {
    if let Some(utf16) = sniff_utf16(bytes) {
        return utf16;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// UTF-16 without a BOM: even length, and nearly every high byte is 0x00 (Latin) or 0x06
/// (Arabic), at odd positions for little-endian, even positions for big-endian.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    const SAMPLE_UNITS: usize = 4096;
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units = (bytes.len() / 2).min(SAMPLE_UNITS);
    let plausible = |high: u8| high == 0x00 || high == 0x06 || high == 0x20 || high == 0xFE;
    let share = |offset: usize| {
        let hits = (0..units)
            .filter(|unit| plausible(bytes[unit * 2 + offset]))
            .count();
        hits * 100 / units
    };
    // A text in a single-byte encoding has few NULs; UTF-16 has a NUL or 0x06 in every unit.
    let zeros = bytes[..units * 2].iter().filter(|b| **b == 0).count();
    if zeros * 10 < units {
        return None;
    }
    let candidate = if share(1) >= 95 {
        UTF_16LE
    } else if share(0) >= 95 {
        UTF_16BE
    } else {
        return None;
    };
    let (_, had_errors) = candidate.decode_without_bom_handling(bytes);
    (!had_errors).then_some(candidate)
}

fn count_replacements(text: &str) -> usize {
    text.chars()
        .filter(|c| *c == char::REPLACEMENT_CHARACTER)
        .count()
}

/// U+FFFD written literally in a UTF-8 or UTF-16 source is text, not a decoding error.
fn literal_replacements(body: &[u8], encoding: &'static Encoding) -> usize {
    let units = |pattern: [u8; 2]| body.chunks_exact(2).filter(|u| *u == pattern).count();
    if encoding == UTF_8 {
        body.windows(3).filter(|w| *w == [0xEF, 0xBF, 0xBD]).count()
    } else if encoding == UTF_16LE {
        units([0xFD, 0xFF])
    } else if encoding == UTF_16BE {
        units([0xFF, 0xFD])
    } else {
        0
    }
}

/// CRLF and lone CR become LF; NUL becomes U+FFFD. Returns the text and the NUL count.
fn normalise(text: Cow<'_, str>) -> (String, usize) {
    if memchr::memchr2(b'\r', 0, text.as_bytes()).is_none() {
        return (text.into_owned(), 0);
    }
    let mut out = String::with_capacity(text.len());
    let mut nuls = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\0' => {
                nuls += 1;
                out.push(char::REPLACEMENT_CHARACTER);
            }
            c => out.push(c),
        }
    }
    (out, nuls)
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{ISO_8859_6, WINDOWS_1256};

    const ARABIC: &str = "أرسلت منظمة معاهدة الأمن الجماعي قوات إلى ألماتا في 6 يناير 2022.\nقال توكاييف: «لن نتراجع».\n";

    fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable, "fixture text must be encodable");
        bytes.into_owned()
    }

    fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend(if little_endian {
                [0xFF, 0xFE]
            } else {
                [0xFE, 0xFF]
            });
        }
        for unit in text.encode_utf16() {
            out.extend(if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        out
    }

    #[test]
    fn utf8_with_bom_and_crlf_becomes_plain_lf_text() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend(ARABIC.replace('\n', "\r\n").as_bytes());
        let d = decode(&bytes, None);
        assert_eq!(d.text, ARABIC);
        assert_eq!(d.encoding.name(), "UTF-8");
        assert_eq!(d.encoding.source, EncodingSource::Bom);
        assert_eq!(d.malformed, 0);
    }

    #[test]
    fn utf16_with_bom_both_byte_orders() {
        for le in [true, false] {
            let d = decode(&utf16(ARABIC, le, true), None);
            assert_eq!(d.text, ARABIC);
            assert_eq!(d.encoding.source, EncodingSource::Bom);
            assert_eq!(d.encoding.name(), if le { "UTF-16LE" } else { "UTF-16BE" });
        }
    }

    #[test]
    fn utf16_without_bom_is_recognised_by_its_byte_pattern() {
        for le in [true, false] {
            let d = decode(&utf16(ARABIC, le, false), None);
            assert_eq!(d.text, ARABIC);
            assert_eq!(d.encoding.source, EncodingSource::Detected);
        }
    }

    #[test]
    fn windows_1256_is_detected() {
        let d = decode(&encode(WINDOWS_1256, ARABIC), None);
        assert_eq!(d.encoding.encoding, WINDOWS_1256);
        assert_eq!(d.encoding.source, EncodingSource::Detected);
        assert_eq!(d.text, ARABIC);
    }

    #[test]
    fn iso_8859_6_is_detected() {
        // ISO-8859-6 has no guillemets and no Arabic-Indic forms of some letters; keep to its set.
        let text = "أرسلت منظمة معاهدة الأمن الجماعي قوات إلى كازاخستان، وقال الرئيس إن العملية ستنتهي قريبا.\nوأكدت المنظمة أن القوات ستغادر البلاد بعد استعادة النظام الدستوري.\n";
        let d = decode(&encode(ISO_8859_6, text), None);
        assert_eq!(d.encoding.encoding, ISO_8859_6);
        assert_eq!(d.text, text);
    }

    #[test]
    fn declared_charset_wins_over_detection_but_not_over_valid_utf8() {
        let bytes = encode(WINDOWS_1256, ARABIC);
        let d = decode(&bytes, Some(WINDOWS_1256));
        assert_eq!(d.encoding.source, EncodingSource::MetaCharset);
        let d = decode(ARABIC.as_bytes(), Some(WINDOWS_1256));
        assert_eq!(d.encoding.source, EncodingSource::ValidUtf8);
        assert_eq!(d.text, ARABIC);
    }

    #[test]
    fn a_false_utf8_declaration_is_ignored_and_reported() {
        let d = decode(&encode(WINDOWS_1256, ARABIC), Some(UTF_8));
        assert_eq!(d.encoding.encoding, WINDOWS_1256);
        assert_eq!(d.ignored_declaration, Some(UTF_8));
    }

    #[test]
    fn owned_decoding_agrees_with_borrowed() {
        let cases: Vec<Vec<u8>> = vec![
            ARABIC.as_bytes().to_vec(),
            ARABIC.replace('\n', "\r\n").into_bytes(),
            encode(WINDOWS_1256, ARABIC),
            utf16(ARABIC, true, true),
            b"a\0b".to_vec(),
        ];
        for bytes in cases {
            let borrowed = decode(&bytes, None);
            let owned = decode_owned(bytes, None);
            assert_eq!(owned.text, borrowed.text);
            assert_eq!(owned.encoding, borrowed.encoding);
            assert_eq!(owned.nuls, borrowed.nuls);
        }
    }

    #[test]
    fn lone_cr_becomes_lf_and_nul_becomes_one_replacement_character() {
        let d = decode(b"a\rb\r\nc\0d", None);
        assert_eq!(d.text, "a\nb\nc\u{FFFD}d");
        assert_eq!(d.nuls, 1);
        assert_eq!(d.text.chars().count(), 7);
    }

    #[test]
    fn malformed_sequences_are_counted_but_literal_replacement_characters_are_not() {
        let mut bytes = "نص \u{FFFD} ".as_bytes().to_vec();
        bytes.extend([0xE4, 0xC7]); // not UTF-8: the file is decoded as a legacy encoding
        let d = decode(&bytes, Some(ISO_8859_6));
        assert_eq!(d.encoding.encoding, ISO_8859_6);
        // In ISO-8859-6 the UTF-8 bytes of the Arabic letters include unmapped bytes.
        assert!(d.malformed > 0);
        let d = decode("نص \u{FFFD}".as_bytes(), None);
        assert_eq!(d.malformed, 0);
    }

    #[test]
    fn diacritics_tatweel_and_presentation_forms_are_kept() {
        let text = "مُحَمَّدٌ ـــ ﻻ ﷲ";
        assert_eq!(decode(text.as_bytes(), None).text, text);
        let d = decode(&encode(WINDOWS_1256, "مُحَمَّدٌ ـــ"), None);
        assert_eq!(d.text, "مُحَمَّدٌ ـــ");
    }
}

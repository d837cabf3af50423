//! What a selection becomes when it is tagged: the passage without the white space a drag
//! picks up past a line's end or before a word, and without a comma or full stop left dangling
//! at its end (as MAXQDA trims a coded segment).

use std::ops::Range;

/// Punctuation dropped from the end of a passage: the Arabic comma and semicolon, the Latin
/// comma and semicolon. A full stop is dropped too, unless a Latin letter comes before it
/// (`U.S.` keeps its dot).
const DANGLING: &[char] = &['،', '؛', ',', ';'];

/// The passage of a selection: `selected` is the selection's text and `at` its first code point
/// in the document. Returned as the document's code points (end exclusive), without leading and
/// trailing white space and a dangling comma or full stop; empty (at `at`) when nothing else is
/// left. Only the selection is read, so this costs the same anywhere in a long document.
pub fn trimmed(selected: &str, at: usize) -> Range<usize> {
    let chars: Vec<char> = selected.chars().collect();
    let (mut head, mut tail) = (0, chars.len());
    loop {
        while head < tail && chars[head].is_whitespace() {
            head += 1;
        }
        while tail > head && chars[tail - 1].is_whitespace() {
            tail -= 1;
        }
        let dangling = tail > head + 1 && {
            let last = chars[tail - 1];
            DANGLING.contains(&last) || (last == '.' && !chars[tail - 2].is_ascii_alphabetic())
        };
        if !dangling {
            break;
        }
        tail -= 1;
    }
    at + head..at + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The passage tagged when `range` of `text` is selected.
    fn trim_in(text: &str, range: Range<usize>) -> Range<usize> {
        let selected: String = text.chars().skip(range.start).take(range.len()).collect();
        trimmed(&selected, range.start)
    }

    /// The trimmed passage's text.
    fn passage(text: &str, range: Range<usize>) -> String {
        let r = trim_in(text, range);
        text.chars().skip(r.start).take(r.len()).collect()
    }

    #[test]
    fn white_space_and_a_dangling_comma_or_full_stop_come_off_the_ends() {
        let text = "قال الرئيس توكاييف، إن القوات ستغادر.\nثم  غادرت";
        let n = text.chars().count();
        assert_eq!(passage(text, 3..19), "الرئيس توكاييف");
        assert_eq!(trim_in(text, 3..19), 4..18);
        // Past the line's end: the full stop and the line break.
        let start = text
            .find("القوات")
            .map(|b| text[..b].chars().count())
            .unwrap();
        let line_end = text.find('\n').map(|b| text[..b].chars().count()).unwrap();
        assert_eq!(passage(text, start..line_end + 1), "القوات ستغادر");
        // Space inside is kept, and a passage of white space alone is empty.
        assert_eq!(passage(text, line_end + 1..n), "ثم  غادرت");
        assert!(trim_in(text, 19..20).is_empty());
        assert_eq!(trim_in(text, 5..5), 5..5);
    }

    #[test]
    fn an_abbreviation_keeps_its_dot_and_a_lone_mark_is_kept() {
        assert_eq!(passage("the U.S. said", 4..9), "U.S.");
        assert_eq!(passage("، ", 0..2), "،");
    }
}

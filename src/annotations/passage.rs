//! What a selection becomes when it is tagged: the passage without the white space a drag
//! picks up past a line's end or before a word, and without a comma or full stop left dangling
//! at its end (as MAXQDA trims a coded segment).

use std::ops::Range;

/// Punctuation dropped from the end of a passage: the Arabic comma and semicolon, the Latin
/// comma and semicolon. A full stop is dropped too, unless a Latin letter comes before it
/// (`U.S.` keeps its dot).
const DANGLING: &[char] = &['،', '؛', ',', ';'];

/// `range` (code points of `text`, end exclusive) with leading and trailing white space and a
/// dangling comma or full stop taken off; empty (at its start) when nothing else is left.
pub fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    if range.is_empty() {
        return range;
    }
    let chars: Vec<char> = text
        .chars()
        .skip(range.start)
        .take(range.end.saturating_sub(range.start))
        .collect();
    let mut start = 0;
    let mut end = chars.len();
    loop {
        while start < end && chars[start].is_whitespace() {
            start += 1;
        }
        while end > start && chars[end - 1].is_whitespace() {
            end -= 1;
        }
        let dangling = end > start + 1 && {
            let last = chars[end - 1];
            DANGLING.contains(&last) || (last == '.' && !chars[end - 2].is_ascii_alphabetic())
        };
        if !dangling {
            break;
        }
        end -= 1;
    }
    range.start + start..range.start + end
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The trimmed passage's text.
    fn passage(text: &str, range: Range<usize>) -> String {
        let r = trimmed(text, range);
        text.chars().skip(r.start).take(r.len()).collect()
    }

    #[test]
    fn white_space_and_a_dangling_comma_or_full_stop_come_off_the_ends() {
        let text = "قال الرئيس توكاييف، إن القوات ستغادر.\nثم  غادرت";
        let n = text.chars().count();
        assert_eq!(passage(text, 3..19), "الرئيس توكاييف");
        assert_eq!(trimmed(text, 3..19), 4..18);
        // Past the line's end: the full stop and the line break.
        let start = text
            .find("القوات")
            .map(|b| text[..b].chars().count())
            .unwrap();
        let line_end = text.find('\n').map(|b| text[..b].chars().count()).unwrap();
        assert_eq!(passage(text, start..line_end + 1), "القوات ستغادر");
        // Space inside is kept, and a passage of white space alone is empty.
        assert_eq!(passage(text, line_end + 1..n), "ثم  غادرت");
        assert!(trimmed(text, 19..20).is_empty());
        assert_eq!(trimmed(text, 5..5), 5..5);
    }

    #[test]
    fn an_abbreviation_keeps_its_dot_and_a_lone_mark_is_kept() {
        assert_eq!(passage("the U.S. said", 4..9), "U.S.");
        assert_eq!(passage("، ", 0..2), "،");
    }
}

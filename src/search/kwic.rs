//! The concordance (key word in context): one [`Line`] a hit, with the text before and after it
//! in reading order, and the sort orders of a concordancer (by the hit, by the first, second or
//! third word before or after it, by document), compared on folded words.
//!
//! "Before" is what comes before the hit in reading order: in Arabic it is drawn to the hit's
//! right. Exports call it `left` and `right` as concordancers do (`left` = before).

use std::cmp::Ordering;
use std::ops::Range;

use super::{DocHits, SearchIndex};
use crate::text::{FoldOptions, normalize};

/// Characters of context on each side by default.
pub const DEFAULT_CONTEXT: usize = 40;

/// One hit in its context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// The document's place in the index.
    pub doc: usize,
    /// The document's id.
    pub doc_id: String,
    /// The hit, in document code points.
    pub range: Range<usize>,
    /// Up to the context's length of text before the hit (whole words, line breaks as spaces).
    pub before: String,
    /// The hit as written.
    pub hit: String,
    /// The text after the hit, as `before`.
    pub after: String,
}

/// What a concordance is sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortKey {
    /// The hit itself.
    Hit,
    /// The n-th word before the hit (1 = next to it).
    Before(usize),
    /// The n-th word after the hit.
    After(usize),
    /// The document, then the place in it.
    Document,
}

impl SortKey {
    /// Every key a concordance offers.
    pub const ALL: [SortKey; 8] = [
        SortKey::Hit,
        SortKey::Before(1),
        SortKey::Before(2),
        SortKey::Before(3),
        SortKey::After(1),
        SortKey::After(2),
        SortKey::After(3),
        SortKey::Document,
    ];

    /// Its name: `hit`, `1L`…`3L` (words before), `1R`…`3R` (after), `doc`, as AntConc names
    /// them (L is before in reading order).
    pub fn name(self) -> String {
        match self {
            Self::Hit => "hit".into(),
            Self::Before(n) => format!("{n}L"),
            Self::After(n) => format!("{n}R"),
            Self::Document => "doc".into(),
        }
    }

    /// A key by its name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(name))
    }
}

/// The concordance lines of a search's hits, in document and text order, with `context`
/// characters each side (cut back to whole words).
pub fn lines(index: &SearchIndex, hits: &[DocHits], context: usize) -> Vec<Line> {
    let mut out = Vec::new();
    for doc_hits in hits {
        let Some(doc) = index.docs.get(doc_hits.doc) else {
            continue;
        };
        let chars: Vec<char> = doc.text.chars().collect();
        for range in &doc_hits.hits {
            let end = range.end.min(chars.len());
            let start = range.start.min(end);
            let from = start.saturating_sub(context);
            let to = (end + context).min(chars.len());
            let mut before = one_line(&chars[from..start]);
            if from > 0 {
                // A word the edge cuts is left out; "…" says the text goes on.
                let cut = !chars[from - 1].is_whitespace() && !chars[from].is_whitespace();
                let kept = if cut {
                    cut_first_word(&before)
                } else {
                    &before
                };
                before = format!("…{}", kept.trim_start());
            }
            let mut after = one_line(&chars[end..to]);
            if to < chars.len() {
                let cut = !chars[to].is_whitespace() && !chars[to - 1].is_whitespace();
                let kept = if cut { cut_last_word(&after) } else { &after };
                after = format!("{}…", kept.trim_end());
            }
            out.push(Line {
                doc: doc_hits.doc,
                doc_id: doc.id.clone(),
                range: start..end,
                before,
                hit: one_line(&chars[start..end]),
                after,
            });
        }
    }
    out
}

/// Characters as one line: every run of white space one space.
fn one_line(chars: &[char]) -> String {
    let mut out = String::with_capacity(chars.len() * 2);
    let mut space = false;
    for &c in chars {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space && !out.is_empty() {
        out.push(' ');
    }
    // Text before a hit ends with the space before it; text after starts with its space.
    if chars.first().is_some_and(|c| c.is_whitespace()) {
        out.insert(0, ' ');
    }
    out
}

/// Drops a word cut by the context's edge at the start.
fn cut_first_word(text: &str) -> &str {
    text.find(' ').map_or("", |i| &text[i + 1..])
}

/// Drops a word cut by the context's edge at the end.
fn cut_last_word(text: &str) -> &str {
    text.rfind(' ').map_or("", |i| &text[..=i])
}

/// The folded words of a text, in reading order.
fn words(text: &str) -> Vec<String> {
    normalize(text, FoldOptions::default())
        .text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The folded word a key looks at, or "" when there is none.
fn key_word(line: &Line, key: SortKey) -> String {
    match key {
        SortKey::Hit => normalize(&line.hit, FoldOptions::default()).text,
        SortKey::Before(n) => {
            let before = words(&line.before);
            before
                .len()
                .checked_sub(n)
                .map(|i| before[i].clone())
                .unwrap_or_default()
        }
        SortKey::After(n) => words(&line.after)
            .get(n.saturating_sub(1))
            .cloned()
            .unwrap_or_default(),
        SortKey::Document => String::new(),
    }
}

/// Sorts lines by these keys in turn (then by document and place, so the order is stable);
/// lines without a word at a key's place come last.
pub fn sort(lines: &mut [Line], keys: &[SortKey]) {
    let mut keyed: Vec<(Vec<String>, Line)> = lines
        .iter()
        .map(|l| (keys.iter().map(|k| key_word(l, *k)).collect(), l.clone()))
        .collect();
    keyed.sort_by(|(a, la), (b, lb)| {
        for (x, y) in a.iter().zip(b) {
            let order = match (x.is_empty(), y.is_empty()) {
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                _ => x.cmp(y),
            };
            if order != Ordering::Equal {
                return order;
            }
        }
        (la.doc, la.range.start).cmp(&(lb.doc, lb.range.start))
    });
    for (slot, (_, line)) in lines.iter_mut().zip(keyed) {
        *slot = line;
    }
}

/// Writes a concordance as CSV: UTF-8 with a byte-order mark, a header `doc,start,end,hit,left,
/// right` (`left` is the text before the hit in reading order), offsets in code points; cells a
/// spreadsheet would run as a formula are neutralised as the CSV export does
/// ([`crate::export::csv::neutralise`]).
pub fn write_csv(out: &mut dyn std::io::Write, lines: &[Line]) -> std::io::Result<()> {
    out.write_all("\u{FEFF}".as_bytes())?;
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(["doc", "start", "end", "hit", "left", "right"])?;
    let cell = |s: &str| crate::export::csv::neutralise(s).into_owned();
    for line in lines {
        csv.write_record([
            cell(&line.doc_id),
            line.range.start.to_string(),
            line.range.end.to_string(),
            cell(&line.hit),
            cell(&line.before),
            cell(&line.after),
        ])?;
    }
    csv.flush()
}

/// Writes a concordance as JSON lines: `doc`, `start`, `end`, `hit`, `left` (before the hit in
/// reading order), `right`.
pub fn write_jsonl(out: &mut dyn std::io::Write, lines: &[Line]) -> std::io::Result<()> {
    #[derive(serde::Serialize)]
    struct Row<'a> {
        doc: &'a str,
        start: usize,
        end: usize,
        hit: &'a str,
        left: &'a str,
        right: &'a str,
    }
    for line in lines {
        let row = Row {
            doc: &line.doc_id,
            start: line.range.start,
            end: line.range.end,
            hit: &line.hit,
            left: &line.before,
            right: &line.after,
        };
        serde_json::to_writer(&mut *out, &row)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

    use super::*;
    use crate::entities::Register;
    use crate::search::{Names, Progress, Search};

    fn concordance(texts: &[(&str, &str)], query: &str, context: usize) -> Vec<Line> {
        let index = SearchIndex::of_texts(texts.iter().copied());
        let register = Register::default();
        let names = Names {
            register: &register,
            codebook: None,
            annotations: None,
        };
        let search = Search::parse(query, names).unwrap();
        let hits = index.search(&search, &Progress::default(), |_, _| {});
        lines(&index, &hits, context)
    }

    #[test]
    fn a_line_holds_the_hit_and_whole_words_around_it() {
        let found = concordance(
            &[(
                "a.txt",
                "أكد الرئيس أن\nالتدخل الخارجي مرفوض تماما في كل الأحوال",
            )],
            "\"التدخل الخارجي\"",
            12,
        );
        assert_eq!(found.len(), 1);
        let line = &found[0];
        assert_eq!(line.hit, "التدخل الخارجي");
        assert_eq!(line.before, "…الرئيس أن ");
        assert_eq!(line.after, " مرفوض تماما…");
        assert_eq!(line.range, 14..28);
    }

    #[test]
    fn lines_sort_by_the_hit_the_words_around_it_or_the_document() {
        let texts = [
            ("a.txt", "قال بوتين ثم رد ماكرون"),
            ("b.txt", "أكد ماكرون أن بوتين زار"),
            ("c.txt", "ثم ماكرون قال"),
        ];
        let mut found = concordance(&texts, "بوتين|ماكرون", 30);
        let order = |lines: &[Line]| -> Vec<(String, String)> {
            lines
                .iter()
                .map(|l| (l.doc_id.clone(), l.hit.clone()))
                .collect()
        };
        let pair = |d: &str, h: &str| (d.to_owned(), h.to_owned());
        sort(&mut found, &[SortKey::Hit]);
        assert_eq!(
            order(&found),
            [
                pair("a.txt", "بوتين"),
                pair("b.txt", "بوتين"),
                pair("a.txt", "ماكرون"),
                pair("b.txt", "ماكرون"),
                pair("c.txt", "ماكرون")
            ]
        );
        // 1L: the word just before (رد، قال، أن، أكد، ثم; none for none); folded, أ is ا.
        sort(&mut found, &[SortKey::Before(1)]);
        let before: Vec<String> = found
            .iter()
            .map(|l| key_word(l, SortKey::Before(1)))
            .collect();
        assert_eq!(before, ["اكد", "ان", "ثم", "رد", "قال"]);
        sort(&mut found, &[SortKey::After(1)]);
        let after: Vec<String> = found
            .iter()
            .map(|l| key_word(l, SortKey::After(1)))
            .collect();
        assert_eq!(after, ["ان", "ثم", "زار", "قال", ""]);
        sort(&mut found, &[SortKey::Document]);
        assert_eq!(found[0].doc_id, "a.txt");
        assert_eq!(found[4].doc_id, "c.txt");
        assert_eq!(SortKey::parse("2l"), Some(SortKey::Before(2)));
        let mut csv = Vec::new();
        write_csv(&mut csv, &found[..1]).unwrap();
        let csv = String::from_utf8(csv).unwrap();
        assert_eq!(
            csv,
            "\u{FEFF}doc,start,end,hit,left,right\na.txt,4,9,بوتين,قال , ثم رد ماكرون\n"
        );
        let mut jsonl = Vec::new();
        write_jsonl(&mut jsonl, &found[..1]).unwrap();
        assert_eq!(
            String::from_utf8(jsonl).unwrap(),
            "{\"doc\":\"a.txt\",\"start\":4,\"end\":9,\"hit\":\"بوتين\",\"left\":\"قال \",\"right\":\" ثم رد ماكرون\"}\n"
        );
        assert_eq!(SortKey::Before(2).name(), "2L");
    }
}

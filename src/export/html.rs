//! An HTML report: one self-contained page (no network, no scripts) with, for each chosen
//! document, its text right to left (each paragraph's direction from its own first strong
//! character, `dir="auto"`), the tagged passages highlighted in their code colours (several
//! codes on one passage, or overlapping passages, add coloured underlines), codes and notes on
//! hover, each note numbered in the margin of its paragraph, and a legend with the number of
//! passages per code. Something to send to a colleague or print.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::Selection;
use crate::annotations::{Annotation, CodeId, Colour};

/// Escapes text for HTML; a character XML forbids (a control character but TAB, LF and CR,
/// U+FFFE, U+FFFF), which HTML also calls an error, becomes U+FFFD, keeping the length in code
/// points.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if !super::refi::is_xml_char(c) => out.push('\u{FFFD}'),
            other => out.push(other),
        }
    }
    out
}

fn rgba(colour: Colour, alpha: f32) -> String {
    let [r, g, b] = colour.0;
    format!("rgba({r}, {g}, {b}, {alpha})")
}

const STYLE: &str = "
body { font-family: 'Noto Naskh Arabic', 'Amiri', 'Noto Sans', serif; margin: 2em auto;
  max-width: 52em; line-height: 1.9; color: #222; background: #fff; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; border-bottom: 1px solid #ccc; }
.legend { display: flex; flex-wrap: wrap; gap: .4em 1.2em; font-size: .9em; }
.legend span.swatch { display: inline-block; width: 1em; height: 1em; vertical-align: middle;
  margin-inline-end: .3em; border-radius: 2px; }
.doc { margin-top: 2.5em; }
.row { display: grid; grid-template-columns: 1fr 14em; gap: 1.5em; }
p { margin: 0 0 .8em 0; font-size: 1.15em; }
mark { color: inherit; border-radius: 2px; padding: 0 1px; }
sup.n { font-size: .7em; color: #555; }
aside { font-size: .85em; color: #444; border-inline-start: 2px solid #ddd; padding-inline-start: .6em; }
aside div { margin-bottom: .4em; white-space: pre-wrap; }
@media print { .row { grid-template-columns: 1fr 12em; } }
";

/// The report for the documents `docs` (id and text), with the selection's annotations.
pub fn report(selection: &Selection<'_>, docs: &[(String, String)], title: &str) -> String {
    let book = selection.codebook;
    let mut counts: BTreeMap<CodeId, usize> = BTreeMap::new();
    for codes in &selection.codes {
        for c in codes {
            *counts.entry(*c).or_default() += 1;
        }
    }
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        esc(title),
        esc(title)
    );
    out.push_str("<div class=\"legend\">\n");
    for code in &book.codes {
        let n = counts.get(&code.id).copied().unwrap_or(0);
        let _ = writeln!(
            out,
            "<div><span class=\"swatch\" style=\"background: {}\"></span>{} <bdi>({n})</bdi></div>",
            rgba(code.colour, 0.8),
            esc(&book.path(code.id))
        );
    }
    out.push_str("</div>\n");
    for (doc, text) in docs {
        let list: Vec<(&Annotation, &Vec<CodeId>)> = selection.of_doc(doc).collect();
        let _ = writeln!(
            out,
            "<section class=\"doc\">\n<h2><bdi>{}</bdi> <bdi>({} passages)</bdi></h2>",
            esc(doc),
            list.len()
        );
        document(&mut out, selection, text, &list);
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// One document's paragraphs, each with its notes beside it.
fn document(
    out: &mut String,
    selection: &Selection<'_>,
    text: &str,
    list: &[(&Annotation, &Vec<CodeId>)],
) {
    let book = selection.codebook;
    let chars: Vec<char> = text.chars().collect();
    // Where passages start and end.
    let mut bounds: Vec<usize> = vec![0, chars.len()];
    for (a, _) in list {
        bounds.push(a.start.min(chars.len()));
        bounds.push(a.end.min(chars.len()));
    }
    for (i, c) in chars.iter().enumerate() {
        if *c == '\n' {
            bounds.push(i);
            bounds.push(i + 1);
        }
    }
    bounds.sort_unstable();
    bounds.dedup();
    // Notes are numbered in text order.
    let mut numbers: BTreeMap<u64, usize> = BTreeMap::new();
    for (a, _) in list.iter().filter(|(a, _)| !a.note.is_empty()) {
        let n = numbers.len() + 1;
        numbers.insert(a.id.0, n);
    }
    let mut paragraph = String::new();
    let mut notes = String::new();
    let flush = |out: &mut String, paragraph: &mut String, notes: &mut String| {
        if !paragraph.trim().is_empty() {
            let _ = writeln!(
                out,
                "<div class=\"row\"><p dir=\"auto\">{paragraph}</p><aside>{notes}</aside></div>"
            );
        }
        paragraph.clear();
        notes.clear();
    };
    for pair in bounds.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        let piece: String = chars[from..to].iter().collect();
        if piece == "\n" {
            // Passages ending with the line break: their notes stay with this paragraph.
            for (a, _) in list.iter().filter(|(a, _)| a.end == to) {
                if let Some(n) = numbers.get(&a.id.0) {
                    let _ = write!(paragraph, "<sup class=\"n\">{n}</sup>");
                    let _ = write!(notes, "<div><b>{n}</b> {}</div>", esc(&a.note));
                }
            }
            flush(out, &mut paragraph, &mut notes);
            continue;
        }
        let active: Vec<&(&Annotation, &Vec<CodeId>)> = list
            .iter()
            .filter(|(a, _)| a.start <= from && to <= a.end && a.start < a.end)
            .collect();
        if active.is_empty() {
            paragraph.push_str(&esc(&piece));
        } else {
            let mut colours: Vec<Colour> = Vec::new();
            let mut hover: Vec<String> = Vec::new();
            for (a, codes) in &active {
                for c in codes.iter() {
                    if let Some(code) = book.get(*c) {
                        colours.push(code.colour);
                    }
                }
                let names: Vec<String> = codes.iter().map(|c| book.path(*c)).collect();
                let mut line = if names.is_empty() {
                    "(no code)".to_owned()
                } else {
                    names.join(", ")
                };
                if !a.note.is_empty() {
                    line.push_str(" — ");
                    line.push_str(&a.note);
                }
                hover.push(line);
            }
            let background = colours
                .first()
                .map_or("rgba(160, 160, 160, 0.3)".to_owned(), |c| rgba(*c, 0.45));
            let underlines: Vec<String> = colours
                .iter()
                .skip(1)
                .enumerate()
                .map(|(i, c)| format!("inset 0 -{}px 0 {}", 3 * (i + 1), rgba(*c, 0.9)))
                .collect();
            let shadow = if underlines.is_empty() {
                String::new()
            } else {
                format!(" box-shadow: {};", underlines.join(", "))
            };
            let _ = write!(
                paragraph,
                "<mark style=\"background: {background};{shadow}\" title=\"{}\">{}</mark>",
                esc(&hover.join("\n")),
                esc(&piece)
            );
        }
        // Note numbers after the passages ending here, the notes in the margin.
        for (a, _) in list.iter().filter(|(a, _)| a.end == to) {
            if let Some(n) = numbers.get(&a.id.0) {
                let _ = write!(paragraph, "<sup class=\"n\">{n}</sup>");
                let _ = write!(notes, "<div><b>{n}</b> {}</div>", esc(&a.note));
            }
        }
    }
    flush(out, &mut paragraph, &mut notes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn html_report_replaces_characters_xml_forbids() {
        assert_eq!(
            esc("a\u{FFFE}\u{FFFF}\u{1B}[0m\u{0}\tb\nc"),
            "a\u{FFFD}\u{FFFD}\u{FFFD}[0m\u{FFFD}\tb\nc"
        );
    }
}

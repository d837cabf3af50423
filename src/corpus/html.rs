//! HTML pages to document text: the visible text, one paragraph a line, and the page title.
//!
//! Parsing is html5ever's (through `scraper`), so entities, unclosed tags and broken markup are
//! handled the way a browser handles them. What is kept is what a reader sees: `head`, `script`,
//! `style`, `template`, `noscript`, embedded objects and `hidden` elements are dropped; runs of
//! whitespace collapse to one space as a browser renders them (except inside `pre`); block
//! elements (`p`, `div`, headings, list items, table rows, …) and `<br>` end a line. The text has
//! no blank lines and no spaces at the ends of a line (but for the indentation of `pre` lines).
//!
//! The charset prescan ([`declared_charset`]) also uses the parser: the first bytes are read as
//! windows-1252 (every byte maps to a character, ASCII stays ASCII) and the `<meta>` elements
//! are inspected.

use ego_tree::iter::Edge;
use encoding_rs::{Encoding, WINDOWS_1252};
use scraper::{Html, Node};

/// The text of an HTML page as qari indexes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HtmlText {
    /// Visible text, one paragraph a line.
    pub text: String,
    /// From `<title>`, else the first heading; `None` when the page has neither.
    pub title: Option<String>,
    /// The page's publication date: a `<meta>` that names one (see [`DATE_META`]), else the
    /// first `<time>` with a `datetime`.
    pub date: Option<jiff::civil::Date>,
}

/// `<meta>` names, properties and item properties that give a page's publication date (Open
/// Graph article, Dublin Core, schema.org, and the usual news-site names), matched in any case.
const DATE_META: &[&str] = &[
    "article:published_time",
    "datepublished",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.issued",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "og:published_time",
    "sailthru.date",
    "parsely-pub-date",
];

/// Elements whose content a reader never sees.
const INVISIBLE: &[&str] = &[
    "head", "script", "style", "template", "noscript", "iframe", "object", "embed", "canvas",
    "svg", "math", "select", "datalist",
];

/// Elements that start and end a paragraph.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "body",
    "html",
    "center",
    "option",
];

const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// How many bytes the charset prescan looks at (the HTML standard says 1024; pages with long
/// comments or scripts before the meta tag are common, so a little more).
const PRESCAN_BYTES: usize = 4096;

/// Extracts the visible text and the title of an HTML page.
pub fn extract(source: &str) -> HtmlText {
    let page = Html::parse_document(source);
    let mut out = TextBuilder::default();
    let mut title: Option<String> = None;
    let mut first_heading: Option<String> = None;
    let mut hidden_depth = 0usize;
    let mut pre_depth = 0usize;
    let mut heading: Option<TextBuilder> = None;
    let mut meta_date = None;
    let mut time_date = None;

    for edge in page.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let name = el.name();
                    if name == "meta" && meta_date.is_none() {
                        let names_a_date = ["name", "property", "itemprop"].iter().any(|a| {
                            el.attr(a).is_some_and(|v| {
                                DATE_META.contains(&v.to_ascii_lowercase().as_str())
                            })
                        });
                        if names_a_date {
                            meta_date = el.attr("content").and_then(super::dates::iso_date);
                        }
                    }
                    if name == "time" && time_date.is_none() {
                        time_date = el.attr("datetime").and_then(super::dates::iso_date);
                    }
                    if name == "title" && title.is_none() {
                        let raw: String = node
                            .children()
                            .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                            .collect();
                        title = non_empty(collapse_spaces(&raw));
                    }
                    if hidden_depth > 0 || INVISIBLE.contains(&name) || el.attr("hidden").is_some()
                    {
                        hidden_depth += 1;
                        continue;
                    }
                    if BLOCK.contains(&name) {
                        out.line_break();
                    }
                    if name == "br" {
                        out.line_break();
                    }
                    if name == "pre" {
                        pre_depth += 1;
                    }
                    if HEADINGS.contains(&name) && first_heading.is_none() && heading.is_none() {
                        heading = Some(TextBuilder::default());
                    }
                    if matches!(name, "td" | "th") {
                        out.space();
                    }
                }
                Node::Text(text) if hidden_depth == 0 => {
                    if pre_depth > 0 {
                        out.preformatted(text);
                    } else {
                        out.flowing(text);
                    }
                    if let Some(h) = heading.as_mut() {
                        h.flowing(text);
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    let name = el.name();
                    if hidden_depth > 0 {
                        hidden_depth -= 1;
                        continue;
                    }
                    if name == "pre" {
                        pre_depth = pre_depth.saturating_sub(1);
                    }
                    if BLOCK.contains(&name) {
                        out.line_break();
                    }
                    if HEADINGS.contains(&name)
                        && let Some(h) = heading.take()
                    {
                        first_heading = non_empty(h.out);
                    }
                }
            }
        }
    }
    HtmlText {
        text: out.finish(),
        title: title.or(first_heading),
        date: meta_date.or(time_date),
    }
}

/// The charset an HTML page declares in a `<meta charset>` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">` near its start.
pub fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let (latin, _) = WINDOWS_1252.decode_without_bom_handling(head);
    let page = Html::parse_document(&latin);
    page.tree.root().descendants().find_map(|node| {
        let el = node.value().as_element()?;
        if el.name() != "meta" {
            return None;
        }
        if let Some(label) = el.attr("charset") {
            return Encoding::for_label(label.trim().as_bytes());
        }
        let is_content_type = el
            .attr("http-equiv")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("content-type"));
        if !is_content_type {
            return None;
        }
        charset_from_content_type(el.attr("content")?)
    })
}

/// `text/html; charset=windows-1256` → windows-1256.
fn charset_from_content_type(content: &str) -> Option<&'static Encoding> {
    content.split(';').find_map(|param| {
        let (key, value) = param.split_once('=')?;
        if !key.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        Encoding::for_label(value.as_bytes())
    })
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

fn collapse_spaces(s: &str) -> String {
    s.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// Accumulates text the way a browser lays out inline content: collapsing whitespace, and
/// turning paragraph and line breaks into a single `\n`.
#[derive(Default)]
struct TextBuilder {
    out: String,
    pending_space: bool,
    pending_break: bool,
}

impl TextBuilder {
    fn flowing(&mut self, text: &str) {
        for (i, word) in text.split_ascii_whitespace().enumerate() {
            if i > 0 || text.starts_with(|c: char| c.is_ascii_whitespace()) {
                self.space();
            }
            self.push(word);
        }
        if text.ends_with(|c: char| c.is_ascii_whitespace()) {
            self.space();
        }
    }

    fn preformatted(&mut self, text: &str) {
        for (i, line) in text.split(['\n', '\r']).enumerate() {
            if i > 0 {
                self.line_break();
            }
            let line = line.trim_end();
            if !line.trim().is_empty() {
                self.push(line);
            }
        }
    }

    fn push(&mut self, word: &str) {
        if self.pending_break && !self.out.is_empty() {
            self.out.push('\n');
        } else if self.pending_space && !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push(' ');
        }
        self.pending_break = false;
        self.pending_space = false;
        self.out.push_str(word);
    }

    fn space(&mut self) {
        self.pending_space = true;
    }

    fn line_break(&mut self) {
        self.pending_break = true;
    }

    /// The text ends with a newline unless it is empty. `push` never writes a blank line, a
    /// space at a line's start or a space at its end, so nothing needs trimming here.
    fn finish(mut self) -> String {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_head_script_style_and_keeps_paragraphs() {
        let page = r#"<!doctype html><html><head><title> عنوان  الصفحة </title>
            <style>p { color: red }</style><script>var x = "<p>no</p>";</script></head>
            <body><h1>توكاييف   يطلب</h1><p>أرسلت <b>المنظمة</b> قوات&nbsp;حفظ السلام &amp; الدعم.</p>
            <div>سطر<br>ثان</div><ul><li>أ</li><li>ب</li></ul><p hidden>مخفي</p></body></html>"#;
        let got = extract(page);
        assert_eq!(got.title.as_deref(), Some("عنوان الصفحة"));
        assert_eq!(
            got.text,
            "توكاييف يطلب\nأرسلت المنظمة قوات\u{a0}حفظ السلام & الدعم.\nسطر\nثان\nأ\nب\n"
        );
    }

    #[test]
    fn the_date_is_the_meta_publication_date_else_the_first_time_element() {
        let day = |y, m, d| Some(jiff::civil::Date::new(y, m, d).unwrap());
        let page = r#"<html><head>
            <meta name="description" content="2001-01-01">
            <meta property="article:published_time" content="2015-07-21T09:30:00+03:00">
            </head><body><time datetime="2016-01-02">أمس</time><p>نص</p></body></html>"#;
        assert_eq!(extract(page).date, day(2015, 7, 21));
        let page = r#"<body><p>نص <time>أمس</time> <time datetime="2016-01-02T10:00Z">أمس</time>
            <time datetime="2017-03-04">أمس</time></p></body>"#;
        assert_eq!(extract(page).date, day(2016, 1, 2));
        let page = r#"<head><META NAME="DC.Date" CONTENT="2014-12-31"></head><p>نص</p>"#;
        assert_eq!(extract(page).date, day(2014, 12, 31));
        assert_eq!(
            extract(r#"<meta name="date" content="غدا"><p>نص</p>"#).date,
            None
        );
    }

    #[test]
    fn title_falls_back_to_first_heading_then_none() {
        let got = extract("<body><p>مقدمة</p><h2>  العنوان <i>الفرعي</i></h2><h1>آخر</h1></body>");
        assert_eq!(got.title.as_deref(), Some("العنوان الفرعي"));
        assert_eq!(extract("<p>نص</p>").title, None);
    }

    #[test]
    fn pre_keeps_its_lines_and_inline_tags_do_not_split_words() {
        let got = extract("<p>كاز<b>اخ</b>ستان</p><pre>سطر 1\n  سطر 2</pre>");
        assert_eq!(got.text, "كازاخستان\nسطر 1\n  سطر 2\n");
    }

    #[test]
    fn empty_and_broken_markup_do_not_panic() {
        assert_eq!(extract("").text, "");
        assert_eq!(extract("<p><div></p></div><<>>").text, "<<>>\n");
        let deep = "<div>".repeat(5_000) + "عميق";
        assert_eq!(extract(&deep).text, "عميق\n");
    }

    #[test]
    fn a_carriage_return_reference_never_reaches_the_text() {
        let got = extract("<p>أ&#13;ب</p><pre>ج&#13;د</pre>");
        assert_eq!(got.text, "أ ب\nج\nد\n");
    }

    #[test]
    fn finds_meta_charset_in_both_forms() {
        let a = br#"<html><head><meta charset="windows-1256"></head></html>"#;
        assert_eq!(declared_charset(a).map(|e| e.name()), Some("windows-1256"));
        let b = br#"<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-6">"#;
        assert_eq!(declared_charset(b).map(|e| e.name()), Some("ISO-8859-6"));
        assert_eq!(declared_charset(b"<p>no meta</p>"), None);
        assert_eq!(declared_charset(br#"<meta charset="klingon">"#), None);
    }
}

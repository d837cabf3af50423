//! The charts themselves, built once from the counts and then drawn by whoever shows them: the
//! window's Analysis tab (with egui) and `qari chart` (as SVG or PNG), with the data behind each
//! as CSV. Both get the same bars, nodes, series and cells, so a chart exported from the window
//! is the chart on screen.
//!
//! [`entities`]: the most mentioned entities; [`network`]: entities named together;
//! [`timeline`]: mentions or passages per day, week or month; [`codes`]: passages per code and
//! document, and how often two codes meet.

use std::ops::Range;

use crate::agreement::report::UnitKind;
use crate::analysis::EntityMention;
use crate::analysis::frequency::entity_counts;
use crate::corpus::DocumentInfo;
use crate::entities::{Kind, Register};

pub mod codes;
pub mod entities;
pub mod network;
pub mod timeline;

/// The mentions a chart counts, and what they refer to.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    /// The register the mentions' entity numbers index.
    pub register: &'a Register,
    /// The corpus's documents, which the mentions' document numbers index.
    pub docs: &'a [DocumentInfo],
    /// The mentions.
    pub mentions: &'a [EntityMention],
}

/// Which entities a chart shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    /// The most mentioned this many.
    pub top: usize,
    /// Only these kinds (all when empty).
    pub kinds: Vec<Kind>,
    /// Only mentions in these documents (by index; all when `None`).
    pub docs: Option<Vec<bool>>,
}

impl Default for Filter {
    fn default() -> Self {
        Self {
            top: 30,
            kinds: Vec::new(),
            docs: None,
        }
    }
}

impl Filter {
    /// Whether a mention in document `doc` is counted.
    pub fn counts_doc(&self, doc: usize) -> bool {
        self.docs
            .as_ref()
            .is_none_or(|docs| docs.get(doc).copied().unwrap_or(false))
    }
}

/// One entity as a chart shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityRow {
    /// Its index in the register.
    pub entity: usize,
    /// Its English name.
    pub name: String,
    /// Its Arabic name (empty: none).
    pub arabic: String,
    /// Its kind.
    pub kind: Kind,
    /// Its mentions counted.
    pub mentions: usize,
    /// The documents mentioning it.
    pub documents: usize,
}

/// The mentions a filter keeps (those in its documents).
pub fn kept(source: &Source<'_>, filter: &Filter) -> Vec<EntityMention> {
    source
        .mentions
        .iter()
        .filter(|m| filter.counts_doc(m.doc))
        .copied()
        .collect()
}

/// The entities a filter shows, most mentioned first.
pub fn top_entities(source: &Source<'_>, filter: &Filter) -> Vec<EntityRow> {
    let mentions = kept(source, filter);
    entity_counts(&mentions)
        .into_iter()
        .filter_map(|c| {
            let e = source.register.entities.get(c.entity)?;
            let wanted = filter.kinds.is_empty() || filter.kinds.contains(&e.kind);
            wanted.then(|| EntityRow {
                entity: c.entity,
                name: e.canonical.clone(),
                arabic: e.arabic_name().unwrap_or_default().to_owned(),
                kind: e.kind,
                mentions: c.mentions,
                documents: c.documents,
            })
        })
        .take(filter.top)
        .collect()
}

/// The windows of a corpus that "named together" means (its sentences, paragraphs or
/// documents), numbered through the corpus, and the window of each mention.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Windows {
    /// The scope.
    pub scope: Option<UnitKind>,
    /// Each window: its document and code points.
    pub ranges: Vec<(usize, Range<usize>)>,
    /// The window of each mention, in the order of the mentions.
    pub of_mention: Vec<usize>,
}

impl Windows {
    /// No windows yet, for `scope`.
    pub fn new(scope: UnitKind) -> Self {
        Self {
            scope: Some(scope),
            ..Self::default()
        }
    }

    /// Adds a document's windows: its units' ranges and the unit of each of its mentions (in
    /// the order its mentions are in the mention list).
    pub fn push(&mut self, doc: usize, ranges: Vec<Range<usize>>, mention_windows: &[usize]) {
        let first = self.ranges.len();
        let last = ranges.len().saturating_sub(1);
        self.of_mention
            .extend(mention_windows.iter().map(|w| first + (*w).min(last)));
        if ranges.is_empty() {
            self.ranges.push((doc, 0..0));
        }
        self.ranges.extend(ranges.into_iter().map(|r| (doc, r)));
    }

    /// The number of windows.
    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    /// No windows.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }
}

/// The units of `scope` in a text and, for each mention start, the unit it falls in.
pub fn document_windows(
    scope: UnitKind,
    text: &str,
    starts: &[usize],
) -> (Vec<Range<usize>>, Vec<usize>) {
    let ranges: Vec<Range<usize>> = scope
        .units_of(0, text)
        .into_iter()
        .map(|u| u.range)
        .collect();
    let windows = starts
        .iter()
        .map(|s| ranges.partition_point(|r| r.end <= *s))
        .collect();
    (ranges, windows)
}

/// A CSV writer whose text starts with a byte-order mark (for spreadsheets).
pub(crate) fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::Writer::from_writer("\u{FEFF}".as_bytes().to_vec())
}

/// The CSV written.
pub(crate) fn finish(csv: csv::Writer<Vec<u8>>) -> std::io::Result<Vec<u8>> {
    csv.into_inner().map_err(|e| e.into_error())
}

/// A cell a spreadsheet will not run as a formula.
pub(crate) fn neutralise(cell: &str) -> String {
    crate::export::csv::neutralise(cell).into_owned()
}

/// A kind's hue as `#rrggbb`.
pub fn kind_hex(kind: Kind) -> String {
    rgb(kind.hue())
}

/// A colour as `#rrggbb`.
pub fn rgb([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// "once", "3 times".
pub fn times(n: usize) -> String {
    if n == 1 {
        "once".to_owned()
    } else {
        format!("{n} times")
    }
}

/// "1 document", "3 documents".
pub fn documents_said(n: usize) -> String {
    if n == 1 {
        "1 document".to_owned()
    } else {
        format!("{n} documents")
    }
}

/// Converts CSV errors (which writing to memory never has) into I/O errors.
pub(crate) fn io(err: csv::Error) -> std::io::Error {
    std::io::Error::other(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_mention_falls_in_its_paragraph_numbered_through_the_corpus() {
        let (ranges, at) = document_windows(UnitKind::Paragraph, "ab\n\ncd\nef", &[0, 4, 8]);
        assert_eq!(ranges, [0..2, 4..6, 7..9]);
        assert_eq!(at, [0, 1, 2]);
        let mut windows = Windows::new(UnitKind::Paragraph);
        windows.push(0, ranges, &at);
        windows.push(1, std::iter::once(0..3).collect(), &[0, 0]);
        windows.push(2, Vec::new(), &[]);
        assert_eq!(windows.of_mention, [0, 1, 2, 3, 3]);
        assert_eq!(windows.len(), 5);
        assert_eq!(windows.ranges[3], (1, 0..3));
    }
}

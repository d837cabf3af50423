//! The passages behind a mark clicked in a view: the paragraphs (or sentences, or documents)
//! naming both entities of an edge, the mentions, passages or hits counted in a point of a
//! timeline, the passages of a cell of a code grid. Each is a snippet of its document; a click
//! opens the document there.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use egui::{ScrollArea, Ui};

use super::Clicked;
use super::job::{Chart, Computed, Lines};
use crate::analysis::charts::codes::{Columns, Meet, NO_VALUE, document_paragraphs};
use crate::analysis::charts::network::windows_naming_both;
use crate::annotations::{Annotations, Codebook};
use crate::project::Workspace;
use crate::text::isolated;
use crate::ui::commands::Command;
use crate::ui::rows;

/// Document texts kept for snippets.
const CACHED_TEXTS: usize = 64;
/// The longest passage shown whole in a snippet (a longer one shows its start).
const WHOLE: usize = 90;

/// A passage behind a mark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Row {
    /// Its document's place in the corpus.
    pub doc: usize,
    /// Its code points.
    pub range: Range<usize>,
    /// What its snippet marks (a name in a paragraph; the passage itself otherwise).
    pub mark: Range<usize>,
}

impl Row {
    fn of(doc: usize, range: Range<usize>) -> Self {
        Self {
            doc,
            mark: range.clone(),
            range,
        }
    }
}

/// The passages of the mark clicked.
#[derive(Clone, Debug)]
pub(super) struct Marks {
    /// What they are.
    pub title: String,
    /// Each passage, in corpus order.
    pub rows: Vec<Row>,
}

/// Document texts read for snippets.
#[derive(Default)]
pub(super) struct Texts {
    texts: HashMap<usize, Arc<String>>,
}

impl Marks {
    /// The passages behind `clicked` in the chart `computed`.
    pub(super) fn of(
        clicked: &Clicked,
        computed: &Computed,
        ws: &Workspace,
        codes: Option<&(Annotations, Codebook)>,
    ) -> Option<Self> {
        let corpus = ws.corpus();
        let attributes = &ws.project().attributes;
        // The documents the chart counts (those with the attribute's value it filters by).
        let kept = |doc: &str| {
            computed
                .settings
                .only_where
                .as_ref()
                .is_none_or(|(c, v)| attributes.get(doc, c) == Some(v.as_str()))
        };
        match (clicked, &computed.chart) {
            (Clicked::Link(a, b), Chart::Network(net)) => {
                let windows = computed.windows.as_deref()?;
                let register = &net.nodes;
                let name = |e: &usize| {
                    register
                        .iter()
                        .find(|n| n.entity == *e)
                        .map_or_else(String::new, |n| n.name.clone())
                };
                // Each window, its snippet marking the first of the two names in it.
                let mut first_name: std::collections::HashMap<usize, Range<usize>> =
                    std::collections::HashMap::new();
                for (m, w) in computed.mentions.iter().zip(&windows.of_mention) {
                    if m.entity == *a || m.entity == *b {
                        first_name.entry(*w).or_insert(m.at..m.end);
                    }
                }
                let rows: Vec<Row> = windows_naming_both(&computed.mentions, windows, *a, *b)
                    .into_iter()
                    .filter_map(|w| {
                        let (doc, range) = windows.ranges.get(w)?.clone();
                        let mark = first_name.get(&w).cloned().unwrap_or_else(|| range.clone());
                        Some(Row { doc, range, mark })
                    })
                    .collect();
                Some(Self {
                    title: format!(
                        "{} and {} named in one {}: {} passages",
                        name(a),
                        name(b),
                        net.scope.name(),
                        rows.len()
                    ),
                    rows,
                })
            }
            (Clicked::Point(line, period), Chart::Timeline(chart)) => {
                let start = *chart.periods.get(*period)?;
                let in_period = |doc: usize| {
                    computed
                        .dates
                        .get(doc)
                        .copied()
                        .flatten()
                        .is_some_and(|d| chart.period.start(d) == start)
                };
                let rows: Vec<Row> = match &computed.lines {
                    Lines::Entities(entities) => {
                        let entity = *entities.get(*line)?;
                        computed
                            .mentions
                            .iter()
                            .filter(|m| m.entity == entity && in_period(m.doc))
                            .map(|m| Row::of(m.doc, m.at..m.end))
                            .collect()
                    }
                    Lines::Codes(codes) => {
                        let code = *codes.get(*line)?;
                        let mut rows: Vec<Row> = ws
                            .project()
                            .annotations
                            .iter()
                            .filter(|a| a.codes.contains(&code) && kept(&a.doc))
                            .filter_map(|a| {
                                let doc = corpus.index_of(&a.doc)?;
                                in_period(doc).then(|| Row::of(doc, a.start..a.end))
                            })
                            .collect();
                        rows.sort_by_key(|r| (r.doc, r.range.start));
                        rows
                    }
                    Lines::Search(search) => search
                        .hits
                        .iter()
                        .filter(|(doc, _)| in_period(*doc))
                        .flat_map(|(doc, hits)| {
                            hits.iter().map(|range| Row::of(*doc, range.clone()))
                        })
                        .collect(),
                    Lines::None => return None,
                };
                let label = &chart.lines.get(*line)?.label;
                Some(Self {
                    title: format!(
                        "{}, {} {}: {} {}",
                        isolated(label),
                        chart.period.name(),
                        chart.period_name(start),
                        rows.len(),
                        chart.what
                    ),
                    rows,
                })
            }
            (Clicked::Cell(r, c), Chart::Grid(grid)) => {
                let (annotations, _) = codes?;
                let code = *grid.codes.get(*r)?;
                let column = grid.columns.get(*c)?;
                let in_column = |doc: &str| match &grid.grouped_by {
                    None => doc == column,
                    Some(by) => attributes.get(doc, by).unwrap_or(NO_VALUE) == column,
                };
                let mut passages: Vec<&crate::annotations::Annotation> = match grid.columns_are {
                    Columns::Documents => annotations
                        .iter()
                        .filter(|a| in_column(&a.doc) && a.codes.contains(&code))
                        .collect(),
                    Columns::Codes if grid.meet == Meet::Paragraph => {
                        // Passages of the row's code in paragraphs that hold the column's.
                        let other = *grid.codes.get(*c)?;
                        let mut paragraphs: std::collections::HashMap<&str, Vec<Range<usize>>> =
                            std::collections::HashMap::new();
                        let mut of = |doc: &str| {
                            paragraphs
                                .entry(corpus.document(doc).map_or("", |d| d.id.as_str()))
                                .or_insert_with(|| {
                                    corpus
                                        .document(doc)
                                        .map_or_else(Vec::new, document_paragraphs)
                                })
                                .clone()
                        };
                        let touched =
                            |ranges: &[Range<usize>], a: &crate::annotations::Annotation| {
                                ranges
                                    .iter()
                                    .enumerate()
                                    .filter(|(_, r)| {
                                        r.start < a.end.max(a.start + 1) && a.start < r.end
                                    })
                                    .map(|(i, _)| i)
                                    .collect::<Vec<usize>>()
                            };
                        let mut with_other: std::collections::HashSet<(String, usize)> =
                            std::collections::HashSet::new();
                        for b in annotations.iter().filter(|b| b.codes.contains(&other)) {
                            let ranges = of(&b.doc);
                            for i in touched(&ranges, b) {
                                with_other.insert((b.doc.clone(), i));
                            }
                        }
                        annotations
                            .iter()
                            .filter(|a| a.codes.contains(&code))
                            .filter(|a| {
                                let ranges = of(&a.doc);
                                touched(&ranges, a)
                                    .into_iter()
                                    .any(|i| with_other.contains(&(a.doc.clone(), i)))
                            })
                            .collect()
                    }
                    Columns::Codes => {
                        let other = *grid.codes.get(*c)?;
                        let with_other: Vec<&crate::annotations::Annotation> = annotations
                            .iter()
                            .filter(|a| a.codes.contains(&other))
                            .collect();
                        annotations
                            .iter()
                            .filter(|a| a.codes.contains(&code))
                            .filter(|a| {
                                (code != other && a.codes.contains(&other))
                                    || with_other.iter().any(|b| {
                                        b.id != a.id
                                            && b.doc == a.doc
                                            && b.start < a.end
                                            && a.start < b.end
                                    })
                            })
                            .collect()
                    }
                };
                passages.retain(|a| kept(&a.doc));
                passages.sort_by_key(|a| (corpus.index_of(&a.doc), a.start));
                let rows: Vec<Row> = passages
                    .into_iter()
                    .filter_map(|a| Some(Row::of(corpus.index_of(&a.doc)?, a.start..a.end)))
                    .collect();
                Some(Self {
                    title: format!(
                        "{} × {}: {} passages",
                        isolated(grid.labels.get(*r)?),
                        isolated(column),
                        rows.len()
                    ),
                    rows,
                })
            }
            _ => None,
        }
    }

    /// Draws the list; returns the passage to open.
    pub(super) fn ui(&mut self, ui: &mut Ui, ws: &Workspace, texts: &mut Texts) -> Option<Command> {
        let mut chosen = None;
        ui.horizontal(|ui| {
            // Code names and attribute values may be Arabic: qari's text engine draws it.
            let size = ui.style().text_styles[&egui::TextStyle::Body].size;
            let colour = ui.visuals().strong_text_color();
            let width = crate::ui::text::line_width(ui.ctx(), &self.title, size) + 8.0;
            ui.allocate_ui(egui::vec2(width, size * 1.6), |ui| {
                crate::ui::text::label(ui, &self.title, size, colour);
            });
            if ui.small_button("Close").clicked() {
                self.rows.clear();
                self.title.clear();
            }
        });
        let mark_color = ui.visuals().selection.bg_fill.gamma_multiply(0.6);
        ScrollArea::vertical()
            .id_salt("analysis_marks_rows")
            .auto_shrink([false, false])
            .show_rows(ui, rows::SNIPPET_HEIGHT, self.rows.len(), |ui, shown| {
                for row in &self.rows[shown] {
                    let Some(doc) = ws.corpus().documents.get(row.doc) else {
                        continue;
                    };
                    let text = texts.get(ws, row.doc);
                    let (snippet, mark) = match &text {
                        Some(text) if row.mark.len() <= WHOLE => {
                            rows::snippet(text, row.mark.clone())
                        }
                        Some(text) => (
                            text.chars()
                                .skip(row.mark.start)
                                .take(WHOLE * 2)
                                .collect::<String>()
                                .replace('\n', " "),
                            0..0,
                        ),
                        None => (String::new(), 0..0),
                    };
                    let response = rows::snippet_row(ui, &doc.title, &snippet, mark, mark_color);
                    if response.clicked() {
                        chosen = Some(Command::OpenMention {
                            doc: row.doc,
                            range: row.range.clone(),
                        });
                    }
                }
            });
        chosen
    }
}

impl Texts {
    /// A document's text, read once while kept.
    fn get(&mut self, ws: &Workspace, doc: usize) -> Option<Arc<String>> {
        if let Some(text) = self.texts.get(&doc) {
            return Some(text.clone());
        }
        let text = Arc::new(ws.corpus().documents.get(doc)?.read().ok()?.text);
        if self.texts.len() >= CACHED_TEXTS {
            self.texts.clear();
        }
        self.texts.insert(doc, text.clone());
        Some(text)
    }
}

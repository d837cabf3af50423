//! The sidebar's occurrence list: every mention of the selected entity, or every occurrence of
//! the selected suggestion, as a snippet with the name marked that opens the document at it.

use std::ops::Range;
use std::sync::Arc;

use egui::{RichText, ScrollArea, Ui};

use super::EntityPanel;
use crate::entities::{EntityIndex, Source};
use crate::project::Workspace;
use crate::ui::commands::Command;
use crate::ui::rows;
use crate::ui::theme::kind_color;

/// Document texts kept for snippets.
const CACHED_TEXTS: usize = 64;

/// What the occurrence list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Selection {
    /// A register entity (by index).
    Entity(usize),
    /// A suggested name (by index into the index's candidates).
    Candidate(usize),
}

impl EntityPanel {
    /// The occurrences of the selected entity or suggestion: a title line, then a snippet a
    /// row that opens the document at the name.
    pub(super) fn occurrences_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        index: &EntityIndex,
        selected: Selection,
    ) -> Option<Command> {
        let (title, color, count) = match selected {
            Selection::Entity(entity) => {
                let e = index.register.entities.get(entity)?;
                let hits = index.by_entity.get(entity)?;
                let (register, tagger) = sources(
                    hits.iter()
                        .filter_map(|&(d, m)| index.by_doc.get(d)?.get(m).map(|f| f.source)),
                );
                (
                    format!(
                        "{}: {} mentions in {} documents ({register} by the register alone, \
                         {tagger} with the tagger)",
                        e.canonical,
                        hits.len(),
                        index.doc_counts[entity]
                    ),
                    kind_color(e.kind, ui.visuals()),
                    hits.len(),
                )
            }
            Selection::Candidate(c) => {
                let candidate = index.candidates.get(c)?;
                let hits = index.by_candidate.get(c)?;
                (
                    format!(
                        "{} (suggested {}): {} times in {} documents, tagger {:.0}%",
                        candidate.text,
                        candidate.kind,
                        candidate.count,
                        candidate.docs.unwrap_or(0),
                        candidate.score.unwrap_or(0.0) * 100.0
                    ),
                    kind_color(candidate.kind, ui.visuals()),
                    hits.len(),
                )
            }
        };
        let hit = |i: usize| -> Option<(usize, Range<usize>)> {
            match selected {
                Selection::Entity(e) => {
                    let &(d, m) = index.by_entity.get(e)?.get(i)?;
                    Some((d, index.by_doc.get(d)?.get(m)?.mention.range.clone()))
                }
                Selection::Candidate(c) => {
                    let &(d, m) = index.by_candidate.get(c)?.get(i)?;
                    Some((d, index.suggested_by_doc.get(d)?.get(m)?.range.clone()))
                }
            }
        };
        ui.label(RichText::new(title).strong());
        let mut chosen = None;
        ScrollArea::vertical()
            .id_salt("occurrences")
            .auto_shrink([false, false])
            .show_rows(ui, rows::SNIPPET_HEIGHT, count, |ui, rows| {
                for i in rows {
                    let Some((d, range)) = hit(i) else {
                        continue;
                    };
                    let Some(doc) = ws.corpus().documents.get(d) else {
                        continue;
                    };
                    let Some((snippet, mark)) = self.snippet_of(ws, d, range.clone()) else {
                        continue;
                    };
                    let response = rows::snippet_row(
                        ui,
                        &doc.title,
                        &snippet,
                        mark,
                        color.gamma_multiply(0.45),
                    );
                    if response.clicked() {
                        chosen = Some(Command::OpenMention { doc: d, range });
                    }
                }
            });
        chosen
    }

    fn snippet_of(
        &mut self,
        ws: &Workspace,
        d: usize,
        range: Range<usize>,
    ) -> Option<(String, Range<usize>)> {
        if let Some(known) = self.snippets.get(&(d, range.start)) {
            return Some(known.clone());
        }
        let text = self.text_of(ws, d)?;
        let start = range.start;
        let made = rows::snippet(&text, range);
        if self.snippets.len() >= 4096 {
            self.snippets.clear();
        }
        self.snippets.insert((d, start), made.clone());
        Some(made)
    }

    fn text_of(&mut self, ws: &Workspace, d: usize) -> Option<Arc<String>> {
        if let Some(text) = self.texts.get(&d) {
            return Some(text.clone());
        }
        let doc = ws.corpus().documents.get(d)?;
        let text = Arc::new(doc.read().ok()?.text);
        if self.texts.len() >= CACHED_TEXTS {
            self.texts.clear();
        }
        self.texts.insert(d, text.clone());
        Some(text)
    }
}

/// How many of these mentions the register found alone, and how many the tagger found too.
fn sources(found: impl Iterator<Item = Source>) -> (usize, usize) {
    found.fold((0, 0), |(register, tagger), source| match source {
        Source::Register => (register + 1, tagger),
        Source::Tagger | Source::Both => (register, tagger + 1),
    })
}

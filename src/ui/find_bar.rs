//! Find in this document (Ctrl+F): a bar over the reading view where a query of the search
//! language ([`crate::search::query`]) is looked for in the document shown as it is typed; the
//! hits are drawn in the reading view, "n of m" says where the reader is, Enter and Shift+Enter
//! (or the buttons) go to the next and previous hit (selected and brought into view), Escape
//! closes. A query that is not one shows why, under the field.
//!
//! The hits are found again only when the document, the query, the project (for `code:`) or
//! the register (for `entity:`, made in the background by the search panel) change.

use std::ops::Range;
use std::sync::Arc;

use egui::{RichText, TextEdit, Ui};

use super::commands::Command;
use super::reader::{Highlight, HighlightStyle};
use super::theme;
use crate::entities::Register;
use crate::project::Workspace;
use crate::search::{IndexedDoc, Names, Search, SearchError};

/// The label of the find field.
pub const FIND_LABEL: &str = "Find in this document";

/// What the bar says of an `entity:` query while the register is still being made.
pub const REGISTER_LOADING: &str = "reading the register's names…";

/// The document shown, as the bar needs it.
pub struct Shown<'a> {
    /// Its place in the corpus.
    pub doc: usize,
    /// Its id.
    pub id: &'a str,
    /// Its text.
    pub text: &'a str,
}

/// What the hits were found for: document, query, project revision, register.
type Key = (String, String, u64, usize);

/// The hits of a query, or why it is no query.
type Hits = Result<Vec<Range<usize>>, String>;

/// The find bar's state.
#[derive(Default)]
pub struct FindBar {
    open: bool,
    focus: bool,
    query: String,
    /// The document folded for searching (made again for another document).
    folded: Option<IndexedDoc>,
    found: Option<(Key, Hits)>,
    current: Option<usize>,
}

impl FindBar {
    /// Shows the bar with the keyboard in its field, the query replaced by `text` if given.
    pub fn open(&mut self, text: Option<String>) {
        self.open = true;
        self.focus = true;
        if let Some(text) = text.filter(|t| !t.trim().is_empty() && !t.contains('\n')) {
            self.query = text;
        }
    }

    /// Whether the bar is shown.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// The hits in the document shown (empty when closed or the query is bad).
    pub fn hits(&self) -> &[Range<usize>] {
        match &self.found {
            Some((_, Ok(hits))) if self.open => hits,
            _ => &[],
        }
    }

    /// The hit gone to last.
    pub fn current(&self) -> Option<usize> {
        self.current
    }

    /// The hits as highlights of the reading view: every hit filled, the current one framed,
    /// in the colours of the theme of `visuals`.
    pub fn highlights(&self, visuals: &egui::Visuals) -> Vec<Highlight> {
        let hits = self.hits();
        hits.iter()
            .enumerate()
            .map(|(i, range)| {
                let current = self.current == Some(i);
                Highlight {
                    range: range.clone(),
                    color: if current {
                        theme::current_found(visuals)
                    } else {
                        theme::found_fill(visuals)
                    },
                    style: if current {
                        HighlightStyle::Outline
                    } else {
                        HighlightStyle::Background
                    },
                    tooltip: format!("{} of {}", i + 1, hits.len()),
                }
            })
            .collect()
    }

    /// Finds the hits again if what they depend on changed; whether they did.
    fn refresh(
        &mut self,
        ws: &Workspace,
        shown: &Shown<'_>,
        register: Option<&Arc<Register>>,
    ) -> bool {
        let key: Key = (
            shown.id.to_owned(),
            self.query.clone(),
            ws.revision(),
            register.map_or(0, |r| Arc::as_ptr(r) as usize),
        );
        if self.found.as_ref().is_some_and(|(k, _)| *k == key) {
            return false;
        }
        if self.folded.as_ref().is_none_or(|f| f.id != shown.id) {
            self.folded = Some(IndexedDoc::new(shown.id, shown.text));
        }
        let empty = Register::default();
        let names = Names {
            register: register.map_or(&empty, |r| r),
            codebook: Some(&ws.project().codebook),
            annotations: Some(&ws.project().annotations),
        };
        let hits = if self.query.trim().is_empty() {
            Ok(Vec::new())
        } else {
            Search::parse(&self.query, names)
                .map(|search| {
                    self.folded
                        .as_ref()
                        .map_or_else(Vec::new, |f| search.find(f.doc()))
                })
                .map_err(|err| match err {
                    // The register is made in the background when a corpus opens: its names
                    // are not known yet, and the hits come when it is there.
                    SearchError::NoEntity { .. } if register.is_none() => {
                        REGISTER_LOADING.to_owned()
                    }
                    err => err.to_string(),
                })
        };
        self.found = Some((key, hits));
        true
    }

    /// Draws the bar over the reading view (when open and a document is shown); returns the
    /// command that goes to a hit.
    pub fn bar_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        shown: Option<Shown<'_>>,
        register: Option<&Arc<Register>>,
    ) -> Option<Command> {
        let shown = shown.filter(|_| self.open)?;
        let asked = self
            .found
            .as_ref()
            .map(|((doc, query, ..), _)| (doc.clone(), query.clone()));
        let mut step: Option<isize> = None;
        if self.refresh(ws, &shown, register) {
            if asked
                .as_ref()
                .is_some_and(|(d, q)| d == shown.id && *q == self.query)
            {
                // The project or the register changed: stay at the hit, if it is still one.
                self.current = self.current.filter(|c| *c < self.hits().len());
            } else {
                // A new query or document: go to its first hit as it is typed.
                self.current = None;
                step = Some(0);
            }
        }
        egui::Panel::top("find").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label("Find:");
                let field = ui.add(
                    TextEdit::singleline(&mut self.query)
                        .hint_text("a word, \"a phrase\", word*, a|b …")
                        .desired_width((ui.available_width() - 250.0).clamp(80.0, 260.0)),
                );
                field.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::TextInput, true, FIND_LABEL)
                });
                if std::mem::take(&mut self.focus) {
                    field.request_focus();
                }
                let (enter, shift, escape) = ui.input(|i| {
                    (
                        i.key_pressed(egui::Key::Enter),
                        i.modifiers.shift,
                        i.key_pressed(egui::Key::Escape),
                    )
                });
                if field.lost_focus() && enter {
                    step = Some(if shift { -1 } else { 1 });
                    field.request_focus();
                }
                let count = self.hits().len();
                match &self.found {
                    Some((_, Err(message))) if message == REGISTER_LOADING => {
                        ui.spinner();
                        ui.weak(message);
                    }
                    Some((_, Err(message))) => {
                        ui.label(RichText::new(message).color(ui.visuals().error_fg_color));
                    }
                    _ if self.query.trim().is_empty() => {}
                    _ if count == 0 => {
                        ui.label("no hits");
                    }
                    _ => {
                        let at = self.current.map_or(0, |c| c + 1);
                        ui.label(format!("{at} of {count}"));
                    }
                }
                if ui
                    .add_enabled(count > 0, egui::Button::new("Previous"))
                    .clicked()
                {
                    step = Some(-1);
                }
                if ui
                    .add_enabled(count > 0, egui::Button::new("Next"))
                    .clicked()
                {
                    step = Some(1);
                }
                if ui.button("Close").clicked() || escape {
                    self.open = false;
                }
            });
        });
        let step = step.filter(|_| self.open)?;
        let hits = self.hits();
        if hits.is_empty() {
            return None;
        }
        let next = match (self.current, step) {
            (None, s) if s < 0 => hits.len() - 1,
            (None, _) => 0,
            (Some(c), 0) => c,
            (Some(c), s) => (c as isize + s).rem_euclid(hits.len() as isize) as usize,
        };
        let range = hits[next].clone();
        self.current = Some(next);
        Some(Command::OpenMention {
            doc: shown.doc,
            range,
        })
    }
}

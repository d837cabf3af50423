//! Tagging by hand in the window: the codebook panel (the code tree with counts, add, rename,
//! recolour, shortcut, move, merge, delete), the annotations of the document or the corpus
//! (filter by code and author; click to go to the passage), the annotation being edited (codes,
//! note, range, delete), what needs attention, and the codes menu of the reading view.
//!
//! `codes.rs` draws the code tree and each code's menu, `list.rs` the annotations tab (and what
//! needs attention), `editor.rs` the annotation being edited, `tag_menu.rs` the reading view's
//! codes menu, `typed.rs` keeps what is typed in the note and memo fields.
//!
//! Every change is returned as [`Command::Project`] with an [`Intent`] that names what it acts
//! on; the workspace turns it into a transaction from the project as it is when it runs, so
//! two changes made in one frame never conflict (undoable).

use std::collections::HashMap;
use std::ops::Range;

use egui::{Color32, RichText, Ui};

mod codes;
mod editor;
mod list;
mod tag_menu;
mod typed;

pub use list::{AttentionRow, attention_rows};
pub use tag_menu::TAG_FIELD_LABEL;

use super::coders::{CoderFilter, CoderView};
use super::commands::Command;
use super::reader::{Highlight, HighlightStyle};
use super::theme;
use crate::annotations::{Annotation, AnnotationId, CodeId, Codebook, Colour};
use crate::project::{Intent, Workspace};
use typed::TypedField;

/// The panel's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// The code tree.
    Codes,
    /// The annotations.
    Annotations,
    /// Annotations that could not be found again.
    Attention,
}

/// Annotations per code: (in the document shown, in the corpus).
type Counts = HashMap<CodeId, (usize, usize)>;

/// The state of the coding panel.
pub struct CodingPanel {
    tab: Tab,
    new_code: String,
    /// The reading view's codes menu.
    tag_menu: tag_menu::TagMenu,
    selected: Option<AnnotationId>,
    /// The note field of the annotation being edited.
    note: Option<TypedField<AnnotationId>>,
    whole_corpus: bool,
    code_filter: Option<CodeId>,
    author_filter: String,
    /// Whose annotations are listed (the window's coder filter), and the current coder.
    coders: CoderFilter,
    me: String,
    renaming: Option<(CodeId, String)>,
    describing: Option<(CodeId, String)>,
    deleting: Option<CodeId>,
    /// The memo field of the document shown.
    memo: Option<TypedField<String>>,
    /// What is counted over the whole project (what needs attention, passages per code), as
    /// last counted ([`crate::ui::overview`]).
    overview: Option<std::sync::Arc<crate::ui::overview::Overview>>,
    /// Passages per code in the document shown, for a workspace revision and document.
    counts: Option<(u64, String, HashMap<CodeId, usize>)>,
}

impl Default for CodingPanel {
    fn default() -> Self {
        Self {
            tab: Tab::Codes,
            new_code: String::new(),
            tag_menu: tag_menu::TagMenu::default(),
            selected: None,
            note: None,
            whole_corpus: false,
            code_filter: None,
            author_filter: String::new(),
            coders: CoderFilter::All,
            me: String::new(),
            renaming: None,
            describing: None,
            deleting: None,
            memo: None,
            overview: None,
            counts: None,
        }
    }
}

/// A code's colour on screen.
pub fn colour32(colour: Colour) -> Color32 {
    let [r, g, b] = colour.0;
    Color32::from_rgb(r, g, b)
}

impl CodingPanel {
    /// The annotation being edited.
    pub fn selected(&self) -> Option<AnnotationId> {
        self.selected
    }
    /// Selects an annotation for editing (and shows the annotations tab).
    pub fn select(&mut self, id: Option<AnnotationId>) {
        self.selected = id;
        if id.is_some() {
            self.tab = Tab::Annotations;
        }
    }
    /// Whose annotations are listed and can be selected, `me` being the current coder; an
    /// annotation selected that the filter hides is let go.
    pub fn set_coders(&mut self, filter: &CoderFilter, me: &str, ws: &Workspace) {
        if self.coders != *filter || self.me != me {
            self.coders = filter.clone();
            me.clone_into(&mut self.me);
        }
        let hidden = self
            .selected
            .and_then(|id| ws.project().annotations.get(id))
            .is_some_and(|a| !filter.shows(&a.author, me));
        if hidden {
            self.selected = None;
            self.note = None;
        }
    }
    /// What is counted over the whole project, as last counted.
    pub fn set_overview(
        &mut self,
        overview: Option<std::sync::Arc<crate::ui::overview::Overview>>,
    ) {
        self.overview = overview;
    }
    /// Shows a tab.
    pub fn show_tab(&mut self, tab: Tab) {
        self.tab = tab;
    }
    /// What was typed in the note and memo fields and not kept yet, as commands; `hidden_only`
    /// takes it only from fields not drawn this frame (they are gone from view).
    pub fn take_typed(&mut self, hidden_only: bool) -> Vec<Command> {
        let note = TypedField::take_typed(&mut self.note, hidden_only)
            .map(|(id, text)| Intent::SetNote { id, text });
        let memo = TypedField::take_typed(&mut self.memo, hidden_only)
            .map(|(doc, text)| Intent::SetMemo { doc, text });
        note.into_iter().chain(memo).map(Command::Project).collect()
    }
    /// The document's annotations as highlights (in code colours, for the theme of `visuals`;
    /// several codes on one passage add underlines), each with its annotation.
    pub fn highlights(
        ws: &Workspace,
        doc: &str,
        visuals: &egui::Visuals,
        coders: &CoderView<'_>,
    ) -> Vec<(Highlight, AnnotationId)> {
        let book = &ws.project().codebook;
        let mut out = Vec::new();
        let outlines = coders.outlines();
        for a in ws.project().annotations.in_doc(doc) {
            if !coders.shows(&a.author) {
                continue;
            }
            let colours: Vec<Colour> = a
                .codes
                .iter()
                .filter_map(|c| book.get(*c))
                .map(|c| c.colour)
                .collect();
            let tooltip = tooltip(book, a);
            // An annotation with no code (a note only) in grey.
            let first = colours.first().copied().unwrap_or(Colour([160, 160, 160]));
            out.push((
                Highlight {
                    range: a.range(),
                    color: theme::code_fill(first, visuals),
                    style: HighlightStyle::Background,
                    tooltip: tooltip.clone(),
                },
                a.id,
            ));
            if outlines {
                // Whose passage it is, in the coder's colour.
                out.push((
                    Highlight {
                        range: a.range(),
                        color: coders.colour(&a.author),
                        style: HighlightStyle::Outline,
                        tooltip: tooltip.clone(),
                    },
                    a.id,
                ));
            }
            for colour in colours.iter().skip(1) {
                out.push((
                    Highlight {
                        range: a.range(),
                        color: theme::code_line(*colour, visuals),
                        style: HighlightStyle::Underline,
                        tooltip: tooltip.clone(),
                    },
                    a.id,
                ));
            }
        }
        out
    }
    /// A code's shortcut key pressed while text is selected in the reading view (and the
    /// keyboard is the reading view's, not a text field's): the code to tag with.
    pub fn shortcut_code(ui: &Ui, book: &Codebook, keyboard_is_readers: bool) -> Option<CodeId> {
        if !keyboard_is_readers {
            return None;
        }
        ui.input(|i| {
            if i.modifiers.command || i.modifiers.alt {
                return None;
            }
            i.events.iter().find_map(|event| match event {
                egui::Event::Text(text) => {
                    let key = text.chars().next()?;
                    book.by_shortcut(key).map(|c| c.id)
                }
                _ => None,
            })
        })
    }
    /// The codes menu of the reading view (right click on a selection): [`tag_menu`].
    /// `doc` and `range` are the passage selected; `entity` the entity selected in the
    /// sidebar.
    pub fn tag_menu_ui(
        &mut self,
        ui: &mut Ui,
        book: &Codebook,
        passage: (&str, Range<usize>),
        selection: Option<&str>,
        entity: Option<&str>,
    ) -> Option<Command> {
        self.tag_menu.ui(ui, book, passage, selection, entity)
    }
    /// Draws the panel in `panel`; returns the commands its widgets asked for and the panel's
    /// width.
    pub fn panel_ui(
        &mut self,
        ui: &mut Ui,
        panel: egui::Panel,
        ws: &Workspace,
        doc: Option<(usize, &str, &str)>,
        selection: Range<usize>,
    ) -> (Vec<Command>, f32) {
        let mut commands = Vec::new();
        TypedField::begin_frame(&mut self.note);
        TypedField::begin_frame(&mut self.memo);
        let width = panel
            .show(ui, |ui| {
                ui.add_space(4.0);
                let attention = self.attention_count(ws);
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut self.tab, Tab::Codes, "Codes");
                    ui.selectable_value(&mut self.tab, Tab::Annotations, "Annotations");
                    if attention > 0 || self.tab == Tab::Attention {
                        let label = RichText::new(format!("Needs attention ({attention})"))
                            .color(ui.visuals().warn_fg_color);
                        ui.selectable_value(&mut self.tab, Tab::Attention, label);
                    }
                });
                ui.separator();
                let doc_id = doc.map(|(_, id, _)| id);
                match self.tab {
                    Tab::Codes => {
                        ui.add_enabled_ui(!ws.is_read_only(), |ui| {
                            self.codes_ui(ui, ws, doc_id, &selection, &mut commands)
                        });
                    }
                    Tab::Annotations => self.annotations_ui(ui, ws, doc, &selection, &mut commands),
                    Tab::Attention => {
                        let rows = self.attention_rows(ws);
                        list::attention_ui(ui, ws, &rows, &mut commands);
                    }
                }
            })
            .response
            .rect
            .width();
        (commands, width)
    }
    /// How many things need attention, as last counted.
    fn attention_count(&mut self, ws: &Workspace) -> usize {
        self.attention_rows(ws).len()
    }

    /// The rows of the attention tab, as last counted (once a revision).
    fn attention_rows(&mut self, _ws: &Workspace) -> std::sync::Arc<[list::AttentionRow]> {
        self.overview
            .as_ref()
            .map_or_else(|| std::sync::Arc::from([]), |o| o.attention.clone())
    }

    /// Annotations per code in the document (counted again only when the project or the
    /// document changed) and in the corpus (as last counted).
    fn counts(&mut self, ws: &Workspace, doc: Option<&str>) -> Counts {
        let doc = doc.unwrap_or_default();
        let fresh = self
            .counts
            .as_ref()
            .is_some_and(|(rev, d, _)| *rev == ws.revision() && d == doc);
        if !fresh {
            let mut in_doc: HashMap<CodeId, usize> = HashMap::new();
            for a in ws.project().annotations.in_doc(doc) {
                for code in &a.codes {
                    *in_doc.entry(*code).or_default() += 1;
                }
            }
            self.counts = Some((ws.revision(), doc.to_owned(), in_doc));
        }
        let in_doc = self.counts.as_ref().map(|(_, _, c)| c);
        let mut counts = Counts::new();
        if let Some(overview) = &self.overview {
            for (code, n) in &overview.per_code {
                counts.entry(*code).or_default().1 = *n;
            }
        }
        for (code, n) in in_doc.into_iter().flatten() {
            counts.entry(*code).or_default().0 = *n;
        }
        counts
    }
}

/// An annotation's tooltip: its codes and note.
pub(super) fn tooltip(book: &Codebook, a: &Annotation) -> String {
    let codes: Vec<String> = a.codes.iter().map(|c| book.path(*c)).collect();
    let mut text = if codes.is_empty() {
        "(no code)".to_owned()
    } else {
        codes.join(", ")
    };
    if !a.note.is_empty() {
        text.push('\n');
        text.push_str(&a.note);
    }
    if !a.author.is_empty() {
        text.push_str(&format!("\n— {}", a.author));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_code_are_the_documents_and_the_corpus() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "نص قصير هنا وهناك").unwrap();
        std::fs::write(dir.path().join("b.txt"), "نص آخر هنا").unwrap();
        let mut ws = Workspace::open(dir.path()).unwrap();
        ws.perform(
            Intent::AddCode {
                name: "PER".into(),
                parent: None,
            },
            "t",
        )
        .unwrap();
        let code = ws.project().codebook.codes[0].id;
        for (doc, start) in [("a.txt", 0), ("a.txt", 4), ("b.txt", 0)] {
            let tag = Intent::Tag {
                doc: doc.into(),
                range: start..start + 2,
                code: Some(code),
            };
            ws.perform(tag, "t").unwrap();
        }
        let mut panel = CodingPanel::default();
        panel.set_overview(Some(std::sync::Arc::new(
            crate::ui::overview::Overview::of(&ws),
        )));
        assert_eq!(panel.counts(&ws, Some("a.txt"))[&code], (2, 3));
        assert_eq!(panel.counts(&ws, Some("b.txt"))[&code], (1, 3));
    }
}

//! The annotations tab: this document's annotations or the corpus's, filtered by code and
//! author, the document's own codes and memo, and the annotations that need attention.

use egui::{RichText, ScrollArea, TextEdit, Ui};

use super::CodingPanel;
use super::typed::TypedField;
use crate::annotations::{Annotation, AnnotationId};
use crate::project::{Flagged, Intent, Workspace};
use crate::text::one_line;
use crate::ui::commands::Command;
use crate::ui::theme;

impl CodingPanel {
    pub(super) fn annotations_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        doc: Option<(usize, &str, &str)>,
        selection: &std::ops::Range<usize>,
        commands: &mut Vec<Command>,
    ) {
        let book = &ws.project().codebook;
        if let Some(id) = self.selected
            && let Some(a) = ws.project().annotations.get(id).cloned()
        {
            // A read-only project is looked at, not changed.
            ui.add_enabled_ui(!ws.is_read_only(), |ui| {
                self.editor_ui(ui, ws, &a, doc, selection, commands);
            });
            ui.separator();
        }
        if let Some((_, doc_id, _)) = doc {
            ui.add_enabled_ui(!ws.is_read_only(), |ui| {
                self.document_coding_ui(ui, ws, doc_id, commands);
            });
            ui.separator();
        }
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.whole_corpus, false, "This document");
            ui.selectable_value(&mut self.whole_corpus, true, "Whole corpus");
        });
        ui.horizontal(|ui| {
            let label = self
                .code_filter
                .map_or_else(|| "any code".to_owned(), |c| book.path(c));
            egui::ComboBox::new("code filter", "code")
                .width(120.0)
                .selected_text(label)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.code_filter, None, "any code");
                    for code in &book.codes {
                        ui.selectable_value(
                            &mut self.code_filter,
                            Some(code.id),
                            book.path(code.id),
                        );
                    }
                });
            ui.add(
                TextEdit::singleline(&mut self.author_filter)
                    .hint_text("author")
                    .desired_width(80.0),
            );
        });
        ui.separator();
        let doc_id = doc.map(|(_, id, _)| id);
        let list: Vec<&Annotation> = if self.whole_corpus {
            ws.project().annotations.iter().collect()
        } else {
            doc_id.map_or_else(Vec::new, |d| {
                ws.project().annotations.in_doc(d).iter().collect()
            })
        };
        let author = self.author_filter.trim().to_lowercase();
        let shown: Vec<&Annotation> = list
            .into_iter()
            .filter(|a| self.code_filter.is_none_or(|c| a.codes.contains(&c)))
            .filter(|a| author.is_empty() || a.author.to_lowercase().contains(&author))
            .filter(|a| self.coders.shows(&a.author, &self.me))
            .collect();
        ui.label(RichText::new(format!("{} annotations", shown.len())).weak());
        let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.4;
        ScrollArea::vertical()
            .id_salt("annotation list")
            .auto_shrink([false, true])
            .show_rows(ui, row_height, shown.len(), |ui, rows| {
                for a in &shown[rows] {
                    let codes: Vec<String> = a.codes.iter().map(|c| book.path(*c)).collect();
                    let head = if self.whole_corpus {
                        format!("{}  {}", a.doc, codes.join(", "))
                    } else {
                        codes.join(", ")
                    };
                    let mut quote = one_line(&a.quote, 200);
                    if !a.note.is_empty() {
                        quote.push_str(&format!("  — {}", one_line(&a.note, 80)));
                    }
                    let selected = self.selected == Some(a.id);
                    if annotation_row_ui(ui, (&head, &quote), selected, row_height).clicked() {
                        commands.push(Command::GoToAnnotation(a.id));
                    }
                }
            });
    }
    /// Codes for the whole document and its memo.
    fn document_coding_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        doc: &str,
        commands: &mut Vec<Command>,
    ) {
        let book = &ws.project().codebook;
        let codings = &ws.project().document_codings;
        let current = codings.0.get(doc);
        let codes = current.map(|c| c.codes.clone()).unwrap_or_default();
        let memo = current.map(|c| c.memo.clone()).unwrap_or_default();
        egui::CollapsingHeader::new("Document codes and memo")
            .id_salt(("document coding", doc))
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    for code in &book.codes {
                        let mut on = codes.contains(&code.id);
                        let text = theme::code_chip(book.path(code.id), code.colour, ui.visuals());
                        if ui.checkbox(&mut on, text).changed() {
                            commands.push(Command::Project(Intent::SetDocumentCode {
                                doc: doc.to_owned(),
                                code: code.id,
                                on,
                            }));
                        }
                    }
                });
                let key = doc.to_owned();
                if let Some(text) = TypedField::ui(&mut self.memo, ui, &key, &memo, "Save memo") {
                    commands.push(Command::Project(Intent::SetMemo { doc: key, text }));
                }
            });
    }
}

/// One row of the attention tab: two lines of text, where a click goes, what "Looked at"
/// clears.
#[derive(Debug)]
pub struct AttentionRow {
    text: String,
    go_to: Option<AnnotationId>,
    looked_at: Option<Flagged>,
}

/// What needs a look, one row each: annotations, then codes, then document codings (derived
/// from the workspace, once a revision: [`crate::ui::overview`]).
pub fn attention_rows(ws: &Workspace) -> Vec<AttentionRow> {
    let project = ws.project();
    let mut rows: Vec<AttentionRow> = ws
        .needs_attention_with_reasons()
        .into_iter()
        .map(|(a, why)| AttentionRow {
            text: format!("{} ({why})\n{}", a.doc, one_line(&a.quote, 60)),
            go_to: Some(a.id),
            looked_at: (!a.attention.is_empty()).then_some(Flagged::Annotation(a.id)),
        })
        .collect();
    rows.extend(
        ws.codes_needing_attention()
            .into_iter()
            .map(|(code, why)| AttentionRow {
                text: format!("code {} ({why})\n", project.codebook.path(code.id)),
                go_to: None,
                looked_at: (!code.attention.is_empty()).then_some(Flagged::Code(code.id)),
            }),
    );
    rows.extend(
        ws.codings_needing_attention()
            .into_iter()
            .map(|(coding, why)| AttentionRow {
                text: format!("{} codes and memo ({why})\n", coding.doc),
                go_to: None,
                looked_at: (!coding.attention.is_empty())
                    .then(|| Flagged::DocumentCoding(coding.doc.clone())),
            }),
    );
    rows
}

/// The annotations, codes and document codings that need a look, with why: only the rows in
/// view are laid out.
pub(super) fn attention_ui(
    ui: &mut Ui,
    ws: &Workspace,
    rows: &[AttentionRow],
    commands: &mut Vec<Command>,
) {
    if rows.is_empty() {
        ui.label("Every annotation is where its document says it is.");
    }
    ui.label(
        RichText::new(
            "Annotations that could not be found again in their changed (or missing) document, \
             or whose range or code in the project file is wrong, are kept as they were (and \
             left out of exports): open one and set its range, or delete it. Versions kept \
             when something was changed both here and elsewhere, and codes put right when the \
             file was read (a missing parent, a cycle, an id taken twice), say so: look, then \
             mark them as looked at.",
        )
        .weak(),
    );
    // Every row is two lines high (a label of two lines, a button beside it).
    let row_height = 2.0 * ui.text_style_height(&egui::TextStyle::Body)
        + 2.0 * ui.spacing().button_padding.y
        + ui.spacing().item_spacing.y;
    ScrollArea::vertical().id_salt("attention").show_rows(
        ui,
        row_height,
        rows.len(),
        |ui, range| {
            for row in &rows[range] {
                ui.horizontal(|ui| {
                    ui.set_height(row_height - ui.spacing().item_spacing.y);
                    match row.go_to {
                        Some(id) => {
                            if ui.selectable_label(false, &row.text).clicked() {
                                commands.push(Command::GoToAnnotation(id));
                            }
                        }
                        None => {
                            ui.label(&row.text);
                        }
                    }
                    if let Some(item) = &row.looked_at
                        && ui.small_button("Looked at").clicked()
                    {
                        commands.push(resolve(item.clone()));
                    }
                });
            }
        },
    );
    for r in ws
        .reanchored()
        .iter()
        .filter(|r| r.outcome.range().is_some())
    {
        ui.label(
            RichText::new(format!(
                "#{} found again ({}) in {}",
                r.id.0,
                r.outcome.describe(),
                r.doc
            ))
            .weak(),
        );
    }
}

fn resolve(item: Flagged) -> Command {
    Command::Project(Intent::Resolve(item))
}

/// One row of the annotations list: its codes (and document) above, the passage (and note)
/// below, each on one line cut with "…" where the panel is too narrow (the whole on hover).
fn annotation_row_ui(
    ui: &mut Ui,
    (head, quote): (&str, &str),
    selected: bool,
    height: f32,
) -> egui::Response {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::click());
    response.widget_info(|| {
        egui::WidgetInfo::selected(
            egui::Role::Button,
            true,
            selected,
            format!("{head}\n{quote}"),
        )
    });
    let mut cut = false;
    if ui.is_rect_visible(rect) {
        let visuals = ui.style().interact_selectable(&response, selected);
        if selected || response.hovered() {
            ui.painter().rect_filled(rect, 2.0, visuals.weak_bg_fill);
        }
        let size = ui.style().text_styles[&egui::TextStyle::Body].size;
        let (top, bottom) = rect
            .shrink2(egui::vec2(4.0, 2.0))
            .split_top_bottom_at_fraction(0.5);
        cut = crate::ui::text::paint_line(
            ui.painter(),
            head,
            size * 0.9,
            top,
            ui.visuals().weak_text_color(),
        );
        cut |= crate::ui::text::paint_line(ui.painter(), quote, size, bottom, visuals.text_color());
    }
    if cut {
        response.on_hover_text(format!("{head}\n{quote}"))
    } else {
        response
    }
}

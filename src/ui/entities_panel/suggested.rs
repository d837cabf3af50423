//! The sidebar's "Suggested" group: the names the register does not know, with how many times
//! and how sure the tagger is, to accept into the register or reject.

use egui::{Sense, Ui, vec2};

use super::{EntityPanel, ROW_HEIGHT, out_of_sight, register_command};
use crate::entities::{Entity, EntityIndex, Kind, RegisterEdit};
use crate::ui::commands::Command;
use crate::ui::text;
use crate::ui::theme::kind_color;

impl EntityPanel {
    /// Names the register does not know: the tagger's suggestions (or, without a tagger, the
    /// names found after a title or keyword): accept one as a new entity of a kind, or as
    /// another spelling of the selected entity; or reject it. A click lists its occurrences.
    pub(super) fn candidates_ui(&mut self, ui: &mut Ui, index: &EntityIndex) -> Option<Command> {
        if index.candidates.is_empty() {
            return None;
        }
        let tagger = index.model.is_some();
        let mut chosen = None;
        let title = if tagger { "Suggested" } else { "Candidates" };
        let into = self
            .selected
            .and_then(|e| index.register.entities.get(e))
            .map(|e| e.canonical.clone());
        egui::CollapsingHeader::new(format!("{title} ({})", index.candidates.len()))
            .id_salt("candidates")
            .default_open(tagger)
            .show(ui, |ui| {
                ui.weak(if tagger {
                    "Names the trained tagger found that the register does not know, with how \
                     many times and how sure it is. Accept or reject each; a rejected name is \
                     not offered again and teaches the project's model."
                } else {
                    "Names found after a title or keyword, or repeated in Latin script."
                });
                for (i, c) in index.candidates.iter().enumerate().take(200) {
                    if out_of_sight(ui) {
                        continue;
                    }
                    ui.horizontal(|ui| {
                        let (dot, _) = ui.allocate_exact_size(vec2(8.0, 8.0), Sense::hover());
                        let color = kind_color(c.kind, ui.visuals());
                        ui.painter().circle_filled(dot.center(), 4.0, color);
                        let counts = match c.score {
                            Some(score) => format!("{}× {:.0}%", c.count, score * 100.0),
                            None => format!("{}×", c.count),
                        };
                        ui.label(counts);
                        // The buttons at the row's end, the name in the room left: a row never
                        // runs wider than the panel.
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            let reject = if tagger { "Reject" } else { "Dismiss" };
                            if ui.small_button(reject).clicked() {
                                chosen = Some(register_command(RegisterEdit::Dismiss {
                                    candidate: c.folded.clone(),
                                }));
                            }
                            ui.menu_button("Accept", |ui| {
                                if let Some(into) = &into
                                    && ui.button(format!("As a spelling of {into}")).clicked()
                                {
                                    chosen = Some(register_command(RegisterEdit::AddAlias {
                                        entity: into.clone(),
                                        alias: c.text.clone(),
                                    }));
                                }
                                for kind in Kind::ALL {
                                    let label = if kind == c.kind {
                                        format!("New {} (suggested)", kind.as_str())
                                    } else {
                                        format!("New {}", kind.as_str())
                                    };
                                    if ui.button(label).clicked() {
                                        chosen =
                                            Some(register_command(RegisterEdit::Add(Entity {
                                                canonical: c.text.clone(),
                                                kind,
                                                aliases: vec![c.text.clone()],
                                                note: None,
                                            })));
                                    }
                                }
                            });
                            let size = ui.style().text_styles[&egui::TextStyle::Body].size;
                            let width = ui.available_width().max(40.0);
                            let (rect, response) =
                                ui.allocate_exact_size(vec2(width, ROW_HEIGHT), Sense::click());
                            let selected = self.selected_candidate == Some(i);
                            response.widget_info(|| {
                                egui::WidgetInfo::selected(
                                    egui::Role::Button,
                                    true,
                                    selected,
                                    &c.text,
                                )
                            });
                            if selected || response.hovered() {
                                let visuals = ui.style().interact_selectable(&response, selected);
                                ui.painter().rect_filled(rect, 3.0, visuals.weak_bg_fill);
                            }
                            text::paint_line(
                                ui.painter(),
                                &c.text,
                                size,
                                rect,
                                ui.visuals().text_color(),
                            );
                            if response
                                .on_hover_text(format!(
                                    "suggested {}; click for its occurrences",
                                    c.kind
                                ))
                                .clicked()
                            {
                                self.selected_candidate = if selected { None } else { Some(i) };
                                self.selected = None;
                            }
                        });
                    });
                }
            });
        chosen
    }
}

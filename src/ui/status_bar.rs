//! The status bar: the last message or error, and counts for the open corpus.

use std::path::Path;

use egui::{RichText, Ui};

use super::app::Status;
use crate::project::Workspace;

/// Draws the status bar.
pub fn status_bar_ui(
    ui: &mut Ui,
    status: Option<&Status>,
    workspace: Option<&Workspace>,
    loading: Option<&Path>,
) {
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            if let Some(path) = loading {
                ui.spinner();
                ui.label(format!("opening {}", path.display()));
            } else if let Some(status) = status {
                let mut text = RichText::new(&status.text);
                if status.is_error {
                    text = text.color(ui.visuals().error_fg_color);
                }
                ui.label(text).on_hover_text(&status.text);
            }
            if let Some(ws) = workspace {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let problems = ws.corpus().problem_count() + ws.changes().missing.len();
                    let color = if problems > 0 {
                        ui.visuals().warn_fg_color
                    } else {
                        ui.visuals().weak_text_color()
                    };
                    ui.label(RichText::new(format!("{problems} warnings")).color(color));
                    ui.label(format!("{} documents", ws.corpus().documents.len()));
                });
            }
        });
    });
}

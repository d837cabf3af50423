//! The status bar: the last message or error, whether the project is saved ("saving…",
//! "saved 21:40:03"), and counts for the open corpus.

use std::path::Path;

use egui::{RichText, Ui};

use super::app::{SaveState, Status};
use crate::project::Workspace;

/// Draws the status bar.
pub fn status_bar_ui(
    ui: &mut Ui,
    status: Option<&Status>,
    workspace: Option<(&Workspace, Option<SaveState>)>,
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
            if let Some((ws, saved)) = workspace {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if let Some(saved) = saved {
                        save_state_ui(ui, &saved);
                        ui.separator();
                    }
                    let problems = ws.warning_count();
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

/// "saving…" with a spinner while a save is written, else "saved 21:40:03" or "unsaved
/// changes" (laid out right to left: the spinner goes after the words).
fn save_state_ui(ui: &mut Ui, state: &SaveState) {
    let weak = ui.visuals().weak_text_color();
    ui.label(RichText::new(state.label()).color(weak));
    if *state == SaveState::Saving {
        ui.spinner();
    }
}

//! The modal that asks before unsaved changes would be lost (when saving failed).

use egui::{Id, Modal, Ui};

use super::commands::Command;

/// A command held back until the user answers.
pub struct Pending {
    /// Why saving failed.
    pub message: String,
    /// What to do if the user goes on.
    pub command: Command,
}

/// The user's answer.
pub enum Answer {
    /// Go on without saving.
    Proceed,
    /// Keep the project open.
    Cancel,
}

/// Draws the modal; returns the answer once given.
pub fn confirm_ui(ui: &mut Ui, pending: &Pending) -> Option<Answer> {
    let mut answer = None;
    Modal::new(Id::unique("qari-confirm-unsaved")).show(ui.ctx(), |ui| {
        ui.set_max_width(480.0);
        ui.heading("The project could not be saved");
        ui.label(&pending.message);
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Cancel").clicked() {
                answer = Some(Answer::Cancel);
            }
            let proceed = format!("{} without saving", pending.command.label());
            if ui.button(proceed).clicked() {
                answer = Some(Answer::Proceed);
            }
        });
    });
    answer
}

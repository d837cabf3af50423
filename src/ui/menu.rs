//! The menu bar.

use egui::{Button, MenuBar, Ui};

use super::commands::Command;
use crate::layout::FontChoice;

/// Draws the menu bar; returns the command chosen.
pub fn menu_bar_ui(ui: &mut Ui, has_project: bool, font: FontChoice) -> Option<Command> {
    let mut chosen = None;
    egui::Panel::top("menu").show(ui, |ui| {
        MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                for command in [
                    Command::OpenFolderDialog,
                    Command::OpenFileDialog,
                    Command::OpenSample,
                ] {
                    if menu_item(ui, &command, true) {
                        chosen = Some(command);
                    }
                }
                ui.separator();
                if menu_item(ui, &Command::Save, has_project) {
                    chosen = Some(Command::Save);
                }
                ui.separator();
                for command in [Command::ImportRegisterDialog, Command::ExportRegisterDialog] {
                    if menu_item(ui, &command, has_project) {
                        chosen = Some(command);
                    }
                }
                ui.separator();
                if menu_item(ui, &Command::Quit, true) {
                    chosen = Some(Command::Quit);
                }
            });
            ui.menu_button("View", |ui| {
                for command in [Command::ZoomIn, Command::ZoomOut, Command::ZoomReset] {
                    if menu_item(ui, &command, true) {
                        chosen = Some(command);
                    }
                }
                ui.separator();
                for choice in FontChoice::ALL {
                    if ui.radio(font == choice, choice.label()).clicked() {
                        chosen = Some(Command::SetFont(choice));
                    }
                }
            });
        });
    });
    chosen
}

fn menu_item(ui: &mut Ui, command: &Command, enabled: bool) -> bool {
    let mut button = Button::new(command.label());
    if let Some(shortcut) = command.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
    }
    ui.add_enabled(enabled, button).clicked()
}

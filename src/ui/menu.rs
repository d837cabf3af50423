//! The menu bar.

use egui::{Button, MenuBar, Ui};

use super::coders::{CoderView, coders_menu_ui};
use super::commands::Command;
use super::panels::{Panels, Side};
use crate::layout::FontChoice;
use crate::recent::ThemeChoice;

/// What the menu shows besides its commands.
pub struct MenuState<'a> {
    /// A project is open.
    pub has_project: bool,
    /// The reading font.
    pub font: FontChoice,
    /// The theme chosen.
    pub theme: ThemeChoice,
    /// What Undo and Redo would do.
    pub undo: Option<&'a str>,
    /// What Redo would do.
    pub redo: Option<&'a str>,
    /// The author name being edited in Settings.
    pub author: &'a mut String,
    /// The side panels.
    pub panels: &'a Panels,
    /// Whose annotations are shown, and the project's coders.
    pub coders: CoderView<'a>,
}

/// Draws the menu bar; returns the command chosen.
pub fn menu_bar_ui(ui: &mut Ui, state: MenuState<'_>) -> Option<Command> {
    let MenuState {
        has_project,
        font,
        theme,
        undo,
        redo,
        author,
        panels,
        coders,
    } = state;
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
                for command in [Command::ImportDialog, Command::ExportDialog] {
                    if menu_item(ui, &command, has_project) {
                        chosen = Some(command);
                    }
                }
                for command in [
                    Command::ImportAttributesDialog,
                    Command::ImportRegisterDialog,
                    Command::ExportRegisterDialog,
                ] {
                    if menu_item(ui, &command, has_project) {
                        chosen = Some(command);
                    }
                }
                ui.separator();
                if menu_item(ui, &Command::Quit, true) {
                    chosen = Some(Command::Quit);
                }
            });
            ui.menu_button("Edit", |ui| {
                for (command, label) in [(Command::Undo, undo), (Command::Redo, redo)] {
                    let text = match label {
                        Some(what) => format!("{} {what}", command.label()),
                        None => command.label().to_owned(),
                    };
                    let mut button = Button::new(text);
                    if let Some(shortcut) = command.shortcut() {
                        button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
                    }
                    if ui.add_enabled(label.is_some(), button).clicked() {
                        chosen = Some(command);
                    }
                }
                ui.separator();
                for command in [Command::Find, Command::SearchCorpus] {
                    if menu_item(ui, &command, has_project) {
                        chosen = Some(command);
                    }
                }
                ui.separator();
                for command in [
                    Command::NextDocument,
                    Command::PreviousDocument,
                    Command::NextMark,
                    Command::PreviousMark,
                ] {
                    if menu_item(ui, &command, has_project) {
                        chosen = Some(command);
                    }
                }
            });
            ui.menu_button("Settings", |ui| {
                ui.label("Author name (recorded with each annotation):");
                let field = ui.text_edit_singleline(author);
                let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button("Set").clicked() || enter {
                    chosen = Some(Command::SetAuthor(author.clone()));
                    ui.close();
                }
            });
            ui.menu_button("View", |ui| {
                for side in Side::ALL {
                    let command = Command::TogglePanel(side);
                    if check_item(ui, &command, panels.is_wanted(side) && !panels.focus) {
                        chosen = Some(command);
                    }
                }
                if check_item(ui, &Command::FocusMode, panels.focus) {
                    chosen = Some(Command::FocusMode);
                }
                ui.separator();
                ui.add_enabled_ui(has_project, |ui| {
                    ui.menu_button("Coders", |ui| {
                        if let Some(command) = coders_menu_ui(ui, &coders) {
                            chosen = Some(command);
                            ui.close();
                        }
                    });
                    if menu_item(ui, &Command::ShowAgreement, has_project) {
                        chosen = Some(Command::ShowAgreement);
                    }
                });
                ui.separator();
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
                ui.separator();
                for choice in ThemeChoice::ALL {
                    if ui.radio(theme == choice, choice.label()).clicked() {
                        chosen = Some(Command::SetTheme(choice));
                    }
                }
            });
            ui.menu_button("Help", |ui| {
                if menu_item(ui, &Command::ShowShortcuts, true) {
                    chosen = Some(Command::ShowShortcuts);
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

/// A menu item that is on or off, drawn selected when on (a button, so the menu closes on a
/// click).
fn check_item(ui: &mut Ui, command: &Command, on: bool) -> bool {
    let mut button = Button::new(command.label()).selected(on);
    if let Some(shortcut) = command.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
    }
    let response = ui.add(button);
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::Role::CheckBox, true, on, command.label())
    });
    response.clicked()
}

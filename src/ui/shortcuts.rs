//! The keyboard shortcuts window (F1, Help → Keyboard shortcuts): every command that has a
//! shortcut, read from the commands themselves ([`Command::with_shortcuts`], their labels and
//! shortcuts), so the list is never out of date.

use egui::{Grid, Ui};

use super::commands::Command;

/// The window's title (and accessible label).
pub const SHORTCUTS_TITLE: &str = "Keyboard shortcuts";

/// Each command with a shortcut: its label and its shortcuts as the platform writes them
/// (Ctrl+S; a second one after " or "), in menu order.
pub fn shortcut_rows(ctx: &egui::Context) -> Vec<(&'static str, String)> {
    Command::with_shortcuts()
        .iter()
        .filter_map(|command| {
            let keys: Vec<String> = [command.shortcut(), command.secondary_shortcut()]
                .into_iter()
                .flatten()
                .map(|s| ctx.format_shortcut(&s))
                .collect();
            (!keys.is_empty()).then(|| (command.label(), keys.join(" or ")))
        })
        .collect()
}

/// Draws the window while `open`.
pub fn shortcuts_ui(ui: &mut Ui, open: &mut bool) {
    let rows = shortcut_rows(ui.ctx());
    egui::Window::new(SHORTCUTS_TITLE)
        .open(open)
        .collapsible(false)
        .resizable(false)
        .show(ui.ctx(), |ui| {
            Grid::new("shortcuts").striped(true).show(ui, |ui| {
                for (label, keys) in rows {
                    ui.label(label);
                    ui.strong(keys);
                    ui.end_row();
                }
            });
        });
}

//! The app's side of the side panels ([`crate::ui::panels`]): the room the reading column
//! keeps, and remembering what the analyst changed (panels shown or hidden, widths dragged).

use egui::Ui;

use super::QariApp;
use crate::layout::TextStyle;
use crate::ui::commands::Command;
use crate::ui::panels::{MIN_READING_EMS, Place, Side};
use crate::ui::reader::COLUMN_MARGIN;

/// What the central area takes around the reading column besides its margins: its frame's
/// inner margins and the panels' separator lines, in points.
const CENTRAL_FRAME: f32 = 24.0;

/// The width the reading column keeps before side panels are folded, in points.
pub(super) fn reading_width(style: &TextStyle) -> f32 {
    MIN_READING_EMS * style.font_size + 2.0 * COLUMN_MARGIN + CENTRAL_FRAME
}

/// Draws one side panel where it goes: open, by `draw` in the egui panel given (at most
/// `slack` points wider than its width, the room the reading column spares), folded to a strip
/// whose click asks for it, or not at all. Returns the open panel's width.
pub(super) fn side_panel_ui<C: IntoIterator<Item = Command>>(
    ui: &mut Ui,
    commands: &mut Vec<Command>,
    side: Side,
    place: Place,
    slack: f32,
    draw: impl FnOnce(&mut Ui, egui::Panel) -> (C, f32),
) -> Option<f32> {
    match place {
        Place::Open(width) => {
            let (chosen, width) = draw(ui, side.panel(width, width + slack));
            commands.extend(chosen);
            Some(width)
        }
        Place::Strip => {
            if side.strip_ui(ui) {
                commands.push(Command::ShowPanel(side));
            }
            None
        }
        Place::Hidden => None,
    }
}

impl QariApp {
    /// Remembers the panels shown and hidden; a failure is said once in the status bar.
    pub(super) fn remember_panels(&mut self) {
        if let Err(err) = self.recent.remember_panels(self.panels.prefs()) {
            self.set_error(format!("could not remember the panels ({err})"));
        }
    }

    /// Takes in the widths the open panels were drawn at ([`Side::ALL`] order), once the
    /// pointer is up (a drag has ended), and remembers a change.
    pub(super) fn remember_panel_widths(&mut self, ui: &Ui, widths: [Option<f32>; 3]) {
        if ui.input(|i| i.pointer.any_down()) {
            return;
        }
        let mut changed = false;
        for (side, width) in Side::ALL.into_iter().zip(widths) {
            if let Some(width) = width {
                changed |= self.panels.set_width(side, width);
            }
        }
        if changed {
            self.remember_panels();
        }
    }
}

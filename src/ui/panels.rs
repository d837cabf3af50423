//! Room to read: which side panels (documents, entities, coding) are open, which are folded to a
//! narrow strip because the window is too narrow for them and the reading column, and focus
//! mode, which shows the text alone.
//!
//! The reading column keeps at least [`MIN_READING_EMS`] of the reading font (it grows to its
//! comfortable 34 em when there is room). The panels the analyst wants open get the rest of
//! the window, the one opened last first, then coding, entities and documents in that order; a
//! panel that does not fit is folded to a strip with a button that opens it (and folds another
//! if need be). The View menu
//! and Ctrl+1/2/3 show and hide each panel, F11 toggles focus mode. Which panels are hidden and
//! how wide each is are remembered between runs ([`PanelPrefs`], kept by [`crate::recent`]
//! under the panels' ids).

pub use crate::recent::PanelPrefs;

/// The reading column's least width when panels are placed, in ems of the reading font.
pub const MIN_READING_EMS: f32 = 30.0;

/// Width of a folded panel's strip, in points.
pub const STRIP: f32 = 26.0;

/// A side panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// The document list (left, outermost).
    Documents,
    /// The entity sidebar (left, next to the text).
    Entities,
    /// The coding panel (right).
    Coding,
}

impl Side {
    /// Every panel, in the order they are placed from the left.
    pub const ALL: [Self; 3] = [Self::Documents, Self::Entities, Self::Coding];

    /// The name shown in the View menu and on the strip.
    pub fn label(self) -> &'static str {
        match self {
            Self::Documents => "Documents",
            Self::Entities => "Entities",
            Self::Coding => "Coding",
        }
    }

    /// The panel's egui id (its size is kept under it).
    pub fn id(self) -> &'static str {
        match self {
            Self::Documents => "documents",
            Self::Entities => "entities",
            Self::Coding => "coding",
        }
    }

    fn index(self) -> usize {
        match self {
            Self::Documents => 0,
            Self::Entities => 1,
            Self::Coding => 2,
        }
    }

    /// Width when nothing is remembered.
    pub fn default_width(self) -> f32 {
        match self {
            Self::Documents => 240.0,
            Self::Entities => 260.0,
            Self::Coding => 240.0,
        }
    }

    /// The narrowest the panel is dragged to.
    pub fn min_width(self) -> f32 {
        match self {
            Self::Documents => 180.0,
            Self::Entities | Self::Coding => 200.0,
        }
    }
}

/// Where a panel goes this frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Place {
    /// Open at this width.
    Open(f32),
    /// Folded to a strip: the window is too narrow.
    Strip,
    /// Not shown (hidden by the analyst, or focus mode).
    Hidden,
}

/// The panels' state.
#[derive(Clone, Debug, Default)]
pub struct Panels {
    prefs: PanelPrefs,
    /// Focus mode: the text alone.
    pub focus: bool,
    /// Panels opened from a strip or the menu, the last first: they get room first.
    opened: Vec<Side>,
    /// Where the panels went in the last frame drawn.
    placed: [Option<Place>; 3],
}

impl Panels {
    /// The panels as remembered.
    pub fn new(prefs: PanelPrefs) -> Self {
        Self {
            prefs,
            ..Self::default()
        }
    }

    /// What to remember.
    pub fn prefs(&self) -> &PanelPrefs {
        &self.prefs
    }

    /// Whether the analyst wants the panel (it may still be folded for room).
    pub fn is_wanted(&self, side: Side) -> bool {
        !self.prefs.hidden.iter().any(|id| id == side.id())
    }

    /// The panel's width.
    pub fn width(&self, side: Side) -> f32 {
        self.prefs
            .widths
            .iter()
            .find(|(id, _)| id == side.id())
            .map_or(side.default_width(), |(_, w)| *w)
    }

    /// Remembers a panel's width (after a drag); whether it changed.
    pub fn set_width(&mut self, side: Side, width: f32) -> bool {
        let width = width.max(side.min_width()).round();
        if (self.width(side) - width).abs() < 1.0 {
            return false;
        }
        self.prefs.widths.retain(|(id, _)| id != side.id());
        self.prefs.widths.push((side.id().to_owned(), width));
        self.prefs.widths.sort_by(|a, b| a.0.cmp(&b.0));
        true
    }

    /// Notes where the panels went in the frame drawn ([`Panels::places`]).
    pub fn set_placed(&mut self, places: [Place; 3]) {
        self.placed = places.map(Some);
    }

    /// Where a panel went in the last frame drawn.
    pub fn placed(&self, side: Side) -> Option<Place> {
        self.placed[side.index()]
    }

    /// Hides a shown panel, or shows a hidden one or one folded to a strip (focus mode ends
    /// either way).
    pub fn toggle(&mut self, side: Side) {
        let folded = self.placed(side) == Some(Place::Strip);
        let open = self.is_wanted(side) && !self.focus && !folded;
        self.focus = false;
        if open {
            self.prefs.hidden.push(side.id().to_owned());
            self.prefs.hidden.sort();
        } else {
            self.open(side);
        }
    }

    /// Opens a panel (from its strip or the menu): it gets room before the others.
    pub fn open(&mut self, side: Side) {
        self.focus = false;
        self.prefs.hidden.retain(|id| id != side.id());
        self.opened.retain(|s| *s != side);
        self.opened.insert(0, side);
    }

    /// The room left over once the panels are placed: how much wider an open panel may be
    /// dragged before the reading column would lose its measure.
    pub fn slack(places: &[Place; 3], window: f32, reading: f32) -> f32 {
        let used: f32 = places
            .iter()
            .map(|p| match p {
                Place::Open(width) => *width,
                Place::Strip => STRIP,
                Place::Hidden => 0.0,
            })
            .sum();
        (window - reading - used).max(0.0)
    }

    /// Where each panel goes ([`Side::ALL`] order) in a window `window` points wide, leaving
    /// `reading` points to the reading column when it can.
    pub fn places(&self, window: f32, reading: f32) -> [Place; 3] {
        let mut places = [Place::Hidden; 3];
        if self.focus {
            return places;
        }
        let mut order: Vec<Side> = self.opened.clone();
        for side in [Side::Coding, Side::Entities, Side::Documents] {
            if !order.contains(&side) {
                order.push(side);
            }
        }
        order.retain(|s| self.is_wanted(*s));
        let room = window - reading;
        let mut used = 0.0;
        for (n, side) in order.iter().enumerate() {
            // The panels after this one need their strips at least.
            let strips = (order.len() - n - 1) as f32 * STRIP;
            let width = self.width(*side);
            places[side.index()] = if used + width + strips <= room {
                used += width;
                Place::Open(width)
            } else {
                used += STRIP;
                Place::Strip
            };
        }
        places
    }
}

impl Side {
    /// The egui panel of an open side panel, `width` wide until dragged, and never wider
    /// than `max` (the room the reading column leaves it).
    pub fn panel(self, width: f32, max: f32) -> egui::Panel {
        let panel = match self {
            Self::Documents | Self::Entities => egui::Panel::left(self.id()),
            Self::Coding => egui::Panel::right(self.id()),
        };
        panel
            .default_size(width)
            .min_size(self.min_width())
            .max_size(max.max(width))
    }

    /// The accessible label of a folded panel's strip.
    pub fn strip_label(self) -> String {
        format!("Show the {} panel", self.label().to_lowercase())
    }

    /// Draws the strip of a folded panel: its name down a narrow button; whether it was
    /// clicked.
    pub fn strip_ui(self, ui: &mut egui::Ui) -> bool {
        let strip = match self {
            Self::Documents | Self::Entities => egui::Panel::left((self.id(), "strip")),
            Self::Coding => egui::Panel::right((self.id(), "strip")),
        };
        strip
            .exact_size(STRIP)
            .resizable(false)
            .show(ui, |ui| {
                ui.add_space(6.0);
                let down: String = self
                    .label()
                    .chars()
                    .map(String::from)
                    .collect::<Vec<_>>()
                    .join("\n");
                let button = ui
                    .add(egui::Button::new(egui::RichText::new(down).small()))
                    .on_hover_text(format!(
                        "{} (the window is narrow: it opens in place of another panel)",
                        self.strip_label()
                    ));
                button.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, self.strip_label())
                });
                button.clicked()
            })
            .inner
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 30 em of a 20-point reading font and the column's margins.
    const READING: f32 = 30.0 * 20.0 + 56.0;

    #[test]
    fn panels_fold_to_strips_when_the_reading_column_would_lose_its_measure() {
        let panels = Panels::default();
        // Wide: everything open.
        assert_eq!(
            panels.places(1920.0, READING),
            [Place::Open(240.0), Place::Open(260.0), Place::Open(240.0)]
        );
        // 1280: coding and entities open, the documents folded.
        assert_eq!(
            panels.places(1280.0, READING),
            [Place::Strip, Place::Open(260.0), Place::Open(240.0)]
        );
        // 1000: only coding, the others folded.
        assert_eq!(
            panels.places(1000.0, READING),
            [Place::Strip, Place::Strip, Place::Open(240.0)]
        );
    }

    #[test]
    fn the_panel_opened_last_gets_room_first_and_hidden_panels_and_focus_show_nothing() {
        let mut panels = Panels::default();
        panels.open(Side::Documents);
        assert_eq!(
            panels.places(1000.0, READING),
            [Place::Open(240.0), Place::Strip, Place::Strip]
        );
        panels.toggle(Side::Coding);
        assert!(!panels.is_wanted(Side::Coding));
        assert_eq!(
            panels.places(1000.0, READING),
            [Place::Open(240.0), Place::Strip, Place::Hidden]
        );
        panels.focus = true;
        assert_eq!(panels.places(1920.0, READING), [Place::Hidden; 3]);
        // Showing a panel ends focus mode.
        panels.toggle(Side::Coding);
        assert!(!panels.focus && panels.is_wanted(Side::Coding));
        // Toggling a folded panel opens it.
        panels.set_placed(panels.places(1000.0, READING));
        assert_eq!(panels.placed(Side::Entities), Some(Place::Strip));
        panels.toggle(Side::Entities);
        assert!(panels.is_wanted(Side::Entities));
        assert_eq!(panels.places(1000.0, READING)[1], Place::Open(260.0));
    }

    #[test]
    fn widths_are_kept_within_the_minimum_and_remembered() {
        let mut panels = Panels::default();
        assert!(panels.set_width(Side::Entities, 320.4));
        assert!(!panels.set_width(Side::Entities, 320.0));
        assert!(panels.set_width(Side::Coding, 50.0));
        assert_eq!(panels.width(Side::Coding), 200.0);
        let again = Panels::new(panels.prefs().clone());
        assert_eq!(again.width(Side::Entities), 320.0);
    }
}

//! The egui shell: a window with a menu, the document list, the central view and a status bar.
//!
//! The shell only reads the core ([`crate::project::Workspace`]) and changes it through
//! [`Command`]s applied by [`QariApp::run_command`]. Each screen region has its own file and a
//! `*_ui` function that draws it and returns the commands its widgets asked for.

pub mod agreement_view;
pub mod analysis;
mod app;
pub mod background;
pub mod coders;
pub mod coding;
pub mod commands;
mod confirm;
pub mod doc_filter;
mod doc_list;
mod doc_view;
pub mod entities_panel;
pub mod export_dialog;
pub mod find_bar;
pub mod fonts;
pub mod import_dialog;
mod menu;
pub mod overview;
pub mod panels;
pub mod reader;
mod rows;
pub mod search_panel;
pub mod shortcuts;
mod status_bar;
mod tagger_training;
pub mod text;
pub mod theme;

use std::path::PathBuf;

pub use app::{QariApp, SaveState, Status};
pub use commands::Command;

/// An item of the document list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selected {
    /// A document of the corpus, by index into `corpus.documents`.
    Document(usize),
    /// A document the project remembers that is no longer on disk, by index into
    /// `changes.missing`.
    Missing(usize),
    /// A file that could not be read, by index into `corpus.skipped`.
    Skipped(usize),
}

/// Opens the GUI on `path`, or on the last project, or on the bundled sample corpus.
pub fn run(path: Option<PathBuf>) -> anyhow::Result<()> {
    let start = match path {
        Some(path) => Some(path),
        None => match crate::recent::Recent::from_env().last_project() {
            Some(project) => Some(project),
            None => Some(crate::sample::sample_folder()?),
        },
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("qari")
            .with_app_id("qari")
            .with_inner_size([1280.0, 860.0])
            .with_min_inner_size([480.0, 320.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "qari",
        options,
        Box::new(move |cc| {
            Ok(Box::new(QariApp::new(
                &cc.egui_ctx,
                start,
                crate::recent::Recent::from_env(),
            )))
        }),
    )
    .map_err(|err| anyhow::anyhow!("could not start the window: {err}"))
}

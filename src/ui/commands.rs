//! Everything the user can ask of the app, as values: widgets return a [`Command`] and
//! [`super::QariApp::run_command`] applies it. Each command carries its menu label and shortcut.
//! Changes to the project are one command, [`Command::Project`], carrying an
//! [`crate::project::Intent`] that names what it acts on.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

/// A user request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Pick a corpus folder with a dialog and open it.
    OpenFolderDialog,
    /// Pick a project file (or a single article) with a dialog and open it.
    OpenFileDialog,
    /// Open a folder, project file or article.
    Open(PathBuf),
    /// Open the bundled sample corpus.
    OpenSample,
    /// Pick the new place of a project's moved corpus folder.
    LocateCorpusDialog(PathBuf),
    /// Point the project at this corpus folder.
    Relocate {
        /// The project file.
        project: PathBuf,
        /// The corpus folder's new place.
        folder: PathBuf,
    },
    /// Save the project now.
    Save,
    /// Save and close the window.
    Quit,
    /// Larger reading text.
    ZoomIn,
    /// Smaller reading text.
    ZoomOut,
    /// Reading text at its default size.
    ZoomReset,
    /// Read in another font.
    SetFont(crate::layout::FontChoice),
    /// Show the window light, dark or as the system prefers (remembered).
    SetTheme(crate::recent::ThemeChoice),
    /// Open a document and bring a mention into view.
    OpenMention {
        /// Index of the document in the corpus.
        doc: usize,
        /// The mention's code points.
        range: std::ops::Range<usize>,
    },
    /// Add the entities of a TSV register file to the project's register.
    ImportRegisterDialog,
    /// Write the project's register to a TSV file.
    ExportRegisterDialog,
    /// Show an item of the document list.
    Select(super::Selected),
    /// Move the selection in the document list by this many rows.
    MoveSelection(isize),
    /// Open the next document of the list (of the documents with hits, when narrowed).
    NextDocument,
    /// Open the previous document of the list.
    PreviousDocument,
    /// Show a side panel, or hide it.
    TogglePanel(super::panels::Side),
    /// Open a side panel folded to a strip (it gets room before the others).
    ShowPanel(super::panels::Side),
    /// Show the text alone, or the panels again.
    FocusMode,
    /// Show the keyboard shortcuts.
    ShowShortcuts,
    /// Select the next annotation or entity mention of the document shown.
    NextMark,
    /// Select the previous annotation or entity mention of the document shown.
    PreviousMark,
    /// Change the project's contents (undoable). The intent names what it acts on (document,
    /// range, annotation, code), filled in by the widget that sends it.
    Project(crate::project::Intent),
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Open an annotation's document, bring it into view and edit it.
    GoToAnnotation(crate::annotations::AnnotationId),
    /// Set the name annotations are recorded under.
    SetAuthor(String),
    /// Show every coder's annotations, the current coder's, or one coder's.
    ShowCoders(super::coders::CoderFilter),
    /// Show the agreement window, or hide it.
    ShowAgreement,
    /// Change the project as the curator (the curated layer of the agreement window).
    Curate(crate::project::Intent),
    /// Open a document by id at a passage, with every coder's annotations shown.
    OpenPassage {
        /// The document's id.
        doc: String,
        /// The passage's code points.
        range: std::ops::Range<usize>,
    },
    /// Show the reading view or the Analysis views.
    ShowTab(super::analysis::Tab),
    /// Select an entity in the entity sidebar, its mentions listed.
    ShowEntity(usize),
    /// Ask where to export the chart on screen.
    ExportChartDialog(super::analysis::ChartFormat),
    /// Export the chart on screen.
    ExportChart {
        /// As what.
        format: super::analysis::ChartFormat,
        /// Where.
        out: PathBuf,
    },
    /// Import documents' attributes from a CSV the user picks.
    ImportAttributesDialog,
    /// Import documents' attributes from a CSV.
    ImportAttributes(PathBuf),
    /// Show the dialog that imports annotations from a file or folder.
    ImportDialog,
    /// Show the export dialog.
    ExportDialog,
    /// Write annotations in a format.
    Export {
        /// The format.
        format: crate::export::Format,
        /// The file (or folder, for brat).
        out: PathBuf,
        /// Which annotations.
        options: crate::export::Options,
        /// Entity mentions too.
        with_entities: bool,
    },
    /// Find in the document shown (the find bar over the reading view).
    Find,
    /// Search the whole corpus (the search panel).
    SearchCorpus,
    /// Pick where to write the concordance with a dialog, then write it.
    ExportConcordanceDialog(super::search_panel::ConcordanceFormat),
    /// Write the concordance shown (all its lines, in the order shown) to a file.
    ExportConcordance {
        /// The format.
        format: super::search_panel::ConcordanceFormat,
        /// The file.
        out: PathBuf,
    },
}

impl Command {
    /// The menu label.
    pub fn label(&self) -> &'static str {
        match self {
            Self::OpenFolderDialog => "Open folder…",
            Self::OpenFileDialog => "Open project or article…",
            Self::Open(_) => "Open",
            Self::OpenSample => "Open sample corpus",
            Self::LocateCorpusDialog(_) => "Locate corpus folder…",
            Self::Relocate { .. } => "Relocate corpus",
            Self::Save => "Save",
            Self::Quit => "Quit",
            Self::ZoomIn => "Larger text",
            Self::ZoomOut => "Smaller text",
            Self::ZoomReset => "Default text size",
            Self::SetFont(font) => font.label(),
            Self::SetTheme(theme) => theme.label(),
            Self::OpenMention { .. } => "Open mention",
            Self::ImportRegisterDialog => "Import entity register (TSV)…",
            Self::ExportRegisterDialog => "Export entity register (TSV)…",
            Self::Select(_) => "Select",
            Self::MoveSelection(_) => "Move selection",
            Self::NextDocument => "Next document",
            Self::PreviousDocument => "Previous document",
            Self::TogglePanel(side) => match side {
                super::panels::Side::Documents => "Documents panel",
                super::panels::Side::Entities => "Entities panel",
                super::panels::Side::Coding => "Coding panel",
            },
            Self::ShowPanel(_) => "Show panel",
            Self::FocusMode => "Focus mode (the text alone)",
            Self::ShowShortcuts => "Keyboard shortcuts",
            Self::NextMark => "Next annotation or name",
            Self::PreviousMark => "Previous annotation or name",
            Self::Project(_) => "Change the project",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::GoToAnnotation(_) => "Go to annotation",
            Self::SetAuthor(_) => "Set author name",
            Self::ShowCoders(_) => "Show coders",
            Self::ShowAgreement => "Agreement between coders…",
            Self::Curate(_) => "Curate",
            Self::OpenPassage { .. } => "Open passage",
            Self::ShowTab(tab) => match tab {
                super::analysis::Tab::Reading => "Reading view",
                super::analysis::Tab::Analysis => "Analysis: charts of the corpus",
            },
            Self::ShowEntity(_) => "Show entity",
            Self::ExportChartDialog(_) => "Export chart…",
            Self::ExportChart { .. } => "Export chart",
            Self::ImportAttributesDialog => "Import document attributes (CSV)…",
            Self::ImportAttributes(_) => "Import document attributes",
            Self::ImportDialog => "Import annotations…",
            Self::ExportDialog => "Export…",
            Self::Export { .. } => "Export",
            Self::Find => "Find in document…",
            Self::SearchCorpus => "Search corpus…",
            Self::ExportConcordanceDialog(super::search_panel::ConcordanceFormat::Csv) => {
                "Export CSV…"
            }
            Self::ExportConcordanceDialog(super::search_panel::ConcordanceFormat::Jsonl) => {
                "Export JSONL…"
            }
            Self::ExportConcordance { .. } => "Export concordance",
        }
    }

    /// The keyboard shortcut, if it has one.
    pub fn shortcut(&self) -> Option<KeyboardShortcut> {
        let ctrl = |key| Some(KeyboardShortcut::new(Modifiers::COMMAND, key));
        match self {
            Self::OpenFolderDialog => ctrl(Key::O),
            Self::OpenFileDialog => Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::O,
            )),
            Self::Save => ctrl(Key::S),
            Self::Quit => ctrl(Key::Q),
            Self::ZoomIn => ctrl(Key::Plus),
            Self::ZoomOut => ctrl(Key::Minus),
            Self::ZoomReset => ctrl(Key::Num0),
            Self::Undo => ctrl(Key::Z),
            Self::Redo => Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::Z,
            )),
            Self::Find => ctrl(Key::F),
            Self::SearchCorpus => Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::F,
            )),
            Self::TogglePanel(side) => ctrl(match side {
                super::panels::Side::Documents => Key::Num1,
                super::panels::Side::Entities => Key::Num2,
                super::panels::Side::Coding => Key::Num3,
            }),
            Self::FocusMode => Some(KeyboardShortcut::new(Modifiers::NONE, Key::F11)),
            Self::ShowTab(super::analysis::Tab::Reading) => {
                Some(KeyboardShortcut::new(Modifiers::NONE, Key::F5))
            }
            Self::ShowTab(super::analysis::Tab::Analysis) => {
                Some(KeyboardShortcut::new(Modifiers::NONE, Key::F6))
            }
            Self::ShowShortcuts => Some(KeyboardShortcut::new(Modifiers::NONE, Key::F1)),
            Self::NextMark => Some(KeyboardShortcut::new(Modifiers::NONE, Key::F3)),
            Self::PreviousMark => Some(KeyboardShortcut::new(Modifiers::SHIFT, Key::F3)),
            Self::NextDocument => Some(KeyboardShortcut::new(Modifiers::ALT, Key::ArrowDown)),
            Self::PreviousDocument => Some(KeyboardShortcut::new(Modifiers::ALT, Key::ArrowUp)),
            _ => None,
        }
    }

    /// Commands reachable by shortcut, longest modifier set first so Ctrl+Shift+O is not
    /// taken for Ctrl+O.
    pub fn with_shortcuts() -> [Self; 22] {
        use super::panels::Side;
        [
            Self::ShowShortcuts,
            Self::PreviousMark,
            Self::NextMark,
            Self::TogglePanel(Side::Documents),
            Self::TogglePanel(Side::Entities),
            Self::TogglePanel(Side::Coding),
            Self::FocusMode,
            Self::ShowTab(super::analysis::Tab::Reading),
            Self::ShowTab(super::analysis::Tab::Analysis),
            Self::NextDocument,
            Self::PreviousDocument,
            Self::Redo,
            Self::Undo,
            Self::OpenFileDialog,
            Self::OpenFolderDialog,
            Self::SearchCorpus,
            Self::Find,
            Self::Save,
            Self::Quit,
            Self::ZoomIn,
            Self::ZoomOut,
            Self::ZoomReset,
        ]
    }

    /// A second shortcut: Ctrl+= zooms in as Ctrl++ does (no Shift needed on most layouts),
    /// Ctrl+Y redoes, Ctrl+Page Down and Up move between documents.
    pub fn secondary_shortcut(&self) -> Option<KeyboardShortcut> {
        let ctrl = |key| Some(KeyboardShortcut::new(Modifiers::COMMAND, key));
        match self {
            Self::ZoomIn => Some(KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals)),
            Self::Redo => Some(KeyboardShortcut::new(Modifiers::COMMAND, Key::Y)),
            Self::NextDocument => ctrl(Key::PageDown),
            Self::PreviousDocument => ctrl(Key::PageUp),
            _ => None,
        }
    }
}

//! The application state and its one door for commands, [`QariApp::run_command`]. What is the
//! window's own (dialogs, zoom, navigation) it does itself; a change to the project
//! ([`Command::Project`]) goes to the core's one door, [`Workspace::perform`].
//!
//! Opening a project runs on a background thread (a large corpus takes a second or two to
//! list); the UI keeps drawing and picks the result up when it arrives (`projects.rs`, with
//! saving, the window's lock and the read-only question). `tagging.rs` hands intents to the
//! workspace, undoes and redoes, and saves on its own after a change. `watch.rs` sees the
//! project file change on disk, and the change is merged in at once. `exchange.rs` exports
//! and imports annotations. `search.rs` wires the corpus search panel and the find bar in.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

mod exchange;
mod marks;
mod projects;
mod saving;
mod search;
mod side_panels;
mod tagging;
mod watch;

use egui::{Context, Ui, ViewportCommand};

use super::agreement_view::{AgreementView, CURATOR};
use super::analysis::{AnalysisView, Tab};
use super::coders::{CoderFilter, CoderView};
use super::coding::CodingPanel;
use super::commands::Command;
use super::entities_panel::EntityPanel;
use super::export_dialog::ExportDialog;
use super::find_bar::FindBar;
use super::import_dialog::ImportDialog;
use super::panels::{Panels, Side};
use super::reader::Reader;
use super::search_panel::SearchPanel;
use super::{Selected, confirm, doc_list, doc_view, menu, status_bar};
use crate::annotations::AnnotationId;
use crate::entities::Register;
use crate::layout::TextStyle;
use crate::project::autosave::Autosave;
use crate::project::lock::{Held, WindowLock};
use crate::project::{Intent, ProjectError, Workspace};
use crate::recent::{Recent, ThemeChoice};
pub use saving::SaveState;

/// Smallest reading size, in points.
const MIN_FONT_SIZE: f32 = 12.0;
/// Largest reading size, in points.
const MAX_FONT_SIZE: f32 = 48.0;

/// A message in the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    /// The text.
    pub text: String,
    /// Shown as an error.
    pub is_error: bool,
}

/// A project being opened in the background.
struct Loading {
    path: PathBuf,
    relocated: bool,
    rx: mpsc::Receiver<Result<Opened, ProjectError>>,
}

/// A project opened in the background, with the window's lock on it.
struct Opened {
    ws: Workspace,
    lock: WindowHold,
}

/// The window's lock on a project it opens.
enum WindowHold {
    /// Taken now.
    Taken(WindowLock),
    /// This window holds it already (the same project opened again).
    AlreadyOurs,
    /// No lock file can be made (a read-only folder; saving will say why).
    Unavailable,
    /// Another window has the project open for changes: it can be opened read-only.
    Held(Held),
}

/// The qari GUI.
pub struct QariApp {
    ctx: Context,
    workspace: Option<Workspace>,
    /// This window's lock on the open project (none when read-only).
    window_lock: Option<WindowLock>,
    /// The watch on the open project's file.
    watch: Option<watch::ProjectWatch>,
    /// A project another window has open for changes, waiting for "open read-only?".
    offer_read_only: Option<(Box<Workspace>, Held, bool)>,
    /// A project file that cannot be read, whose backup can, waiting for "open the backup?".
    offer_backup: Option<projects::BackupOffer>,
    /// Said in the status bar once the project being opened is open ("the unreadable file is
    /// kept as …").
    note_after_open: Option<String>,
    loading: Option<Loading>,
    selected: Option<Selected>,
    status: Option<Status>,
    /// A project whose corpus folder was not found, waiting to be located.
    missing_corpus: Option<PathBuf>,
    /// A command waiting for the user to accept losing unsaved changes.
    confirm: Option<confirm::Pending>,
    title: String,
    recent: Recent,
    reader: Option<Reader>,
    text_style: TextStyle,
    theme: ThemeChoice,
    entities: EntityPanel,
    coding: CodingPanel,
    export: ExportDialog,
    import: ImportDialog,
    search: SearchPanel,
    find: FindBar,
    /// Autosave, and the save running on its own thread.
    saving: saving::Saving,
    /// The name annotations are recorded under.
    author: String,
    /// The author name as typed in Settings.
    author_field: String,
    /// The side panels: open, folded, hidden, focus mode.
    panels: Panels,
    /// The keyboard shortcuts window is open.
    show_shortcuts: bool,
    /// Whose annotations are shown.
    coders: CoderFilter,
    /// The authors of the project's annotations, for a workspace revision and author.
    authors: (u64, String, Vec<String>),
    /// The agreement and curation window.
    agreement: AgreementView,
    /// What the central area shows: the reading view or the Analysis views.
    tab: Tab,
    /// The document list's attribute filter.
    doc_filter: super::doc_filter::DocFilter,
    /// The Analysis views.
    analysis: AnalysisView,
    /// What is counted over the whole project, once a revision (on a thread for a large one).
    counting: super::overview::Counting,
}

impl QariApp {
    /// Creates the app and starts opening `start`, if given; `recent` is where the last
    /// project is remembered.
    pub fn new(ctx: &Context, start: Option<PathBuf>, recent: Recent) -> Self {
        super::fonts::install(ctx);
        // Ctrl+/Ctrl- size the reading text, not the whole interface.
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        let text_style = recent.text_style().unwrap_or_default();
        let theme = recent.theme();
        let panels = Panels::new(recent.panels());
        super::theme::install(ctx);
        super::theme::apply(ctx, theme);
        let mut app = Self {
            ctx: ctx.clone(),
            workspace: None,
            window_lock: None,
            watch: None,
            offer_read_only: None,
            offer_backup: None,
            note_after_open: None,
            loading: None,
            selected: None,
            status: None,
            missing_corpus: None,
            confirm: None,
            title: String::new(),
            recent,
            reader: None,
            text_style,
            theme,
            entities: EntityPanel::default(),
            coding: CodingPanel::default(),
            export: ExportDialog::default(),
            import: ImportDialog::default(),
            search: SearchPanel::default(),
            find: FindBar::default(),
            saving: saving::Saving::default(),
            author: String::new(),
            author_field: String::new(),
            panels,
            show_shortcuts: false,
            coders: CoderFilter::All,
            authors: (u64::MAX, String::new(), Vec::new()),
            agreement: AgreementView::default(),
            tab: Tab::Reading,
            doc_filter: super::doc_filter::DocFilter::default(),
            analysis: AnalysisView::default(),
            counting: super::overview::Counting::default(),
        };
        app.author = app.recent.author();
        app.author_field = app.author.clone();
        if let Some(path) = start {
            app.run_command(Command::Open(path));
        }
        app
    }

    /// The open project, if any.
    pub fn workspace(&self) -> Option<&Workspace> {
        self.workspace.as_ref()
    }

    /// A project is being opened.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// The status bar's message.
    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    /// The side panels.
    pub fn panels(&self) -> &Panels {
        &self.panels
    }

    /// The selected item of the document list.
    pub fn selected(&self) -> Option<Selected> {
        self.selected
    }

    /// Draws the whole window.
    pub fn ui(&mut self, ui: &mut Ui) {
        super::text::begin_frame(ui.ctx());
        self.poll_loading();
        self.poll_watch();
        self.count_project();
        self.entities.poll(ui.ctx(), self.workspace.as_ref());
        self.search.poll(ui.ctx(), self.workspace.as_ref());
        let mut commands = Vec::new();
        self.shortcuts(ui, &mut commands);
        self.dropped_files(ui, &mut commands);
        if ui.input(|i| i.viewport().close_requested()) && !self.save_before_leaving(Command::Quit)
        {
            self.ctx.send_viewport_cmd(ViewportCommand::CancelClose);
        }
        let history = self.workspace.as_ref().map(|ws| ws.history());
        commands.extend(menu::menu_bar_ui(
            ui,
            menu::MenuState {
                has_project: self.workspace.is_some(),
                font: self.text_style.font,
                theme: self.theme,
                undo: history.and_then(|h| h.undo_label()),
                redo: history.and_then(|h| h.redo_label()),
                author: &mut self.author_field,
                panels: &self.panels,
                coders: CoderView {
                    filter: &self.coders,
                    me: &self.author,
                    authors: &self.authors.2,
                },
            },
        ));
        status_bar::status_bar_ui(
            ui,
            self.status.as_ref(),
            self.workspace.as_ref().map(|ws| (ws, self.save_state())),
            self.loading.as_ref().map(|l| l.path.as_path()),
        );
        let mut panel_widths = [None; 3];
        // What tagging the selection would tag (the selection trimmed), once a frame.
        let tag_range = self.reader.as_ref().map(|r| r.tag_range()).unwrap_or(0..0);
        if let Some(ws) = &self.workspace {
            // Under everything but the status bar: the concordance has the window's width.
            // Searches keep to the documents the list is filtered to.
            self.search
                .set_scope(ui.ctx(), ws, self.doc_filter.only_where.as_ref());
            commands.extend(self.search.panel_ui(ui, ws));
            // The side panels: open, folded to a strip for room, or hidden (panels.rs).
            let reading = side_panels::reading_width(&self.text_style);
            let window = ui.available_width();
            let places = self.panels.places(window, reading);
            self.panels.set_placed(places);
            let slack = Panels::slack(&places, window, reading);
            let [documents, entities, coding] = places;
            panel_widths[0] = side_panels::side_panel_ui(
                ui,
                &mut commands,
                Side::Documents,
                documents,
                slack,
                |ui, panel| {
                    let hits = self.search.hit_filter();
                    doc_list::doc_list_ui(ui, panel, ws, self.selected, hits, &mut self.doc_filter)
                },
            );
            let doc = match self.selected {
                Some(Selected::Document(i)) => Some(i),
                _ => None,
            };
            let selection = self
                .reader
                .as_ref()
                .map(|r| r.selected_text())
                .filter(|t| !t.is_empty());
            panel_widths[1] = side_panels::side_panel_ui(
                ui,
                &mut commands,
                Side::Entities,
                entities,
                slack,
                |ui, panel| self.entities.panel_ui(ui, panel, ws, doc, selection),
            );
            let shown = self.reader.as_ref().and_then(|r| {
                let i = ws.corpus().index_of(r.doc_id())?;
                Some((i, r.doc_id(), r.text()))
            });
            self.coding.set_coders(&self.coders, &self.author, ws);
            panel_widths[2] = side_panels::side_panel_ui(
                ui,
                &mut commands,
                Side::Coding,
                coding,
                slack,
                |ui, panel| {
                    self.coding
                        .panel_ui(ui, panel, ws, shown, tag_range.clone())
                },
            );
            // Typing in a field that is no longer shown is kept, not lost.
            commands.extend(self.coding.take_typed(true));
            let reader = self.reader.as_ref();
            let register = self.search.register();
            commands.extend(search::find_ui(ui, ws, &mut self.find, reader, register));
            let keyboard = self
                .reader
                .as_ref()
                .is_some_and(|r| r.has_keyboard(ui.ctx()));
            if !tag_range.is_empty()
                && !ws.is_read_only()
                && let Some(reader) = &self.reader
                && let Some(code) = CodingPanel::shortcut_code(ui, &ws.project().codebook, keyboard)
            {
                commands.push(Command::Project(Intent::Tag {
                    doc: reader.doc_id().to_owned(),
                    range: tag_range.clone(),
                    code: Some(code),
                }));
            }
        }
        self.remember_panel_widths(ui, panel_widths);
        let mut highlights = match self.selected {
            Some(Selected::Document(i)) => self.entities.highlights(i, ui.visuals()),
            _ => Vec::new(),
        };
        // Annotations are drawn over the mentions; `tagged[i]` is the annotation of
        // highlight `mentions + i`.
        let mentions = highlights.len();
        let tagged: Vec<AnnotationId> = match (&self.workspace, &self.reader) {
            (Some(ws), Some(reader)) => {
                CodingPanel::highlights(ws, reader.doc_id(), ui.visuals(), &self.coder_view())
                    .into_iter()
                    .map(|(h, id)| {
                        highlights.push(h);
                        id
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        // Search hits last: a click on one is no annotation's.
        if let Some(reader) = &self.reader {
            highlights.extend(self.search.highlights(reader.doc_id(), ui.visuals()));
            highlights.extend(self.find.highlights(ui.visuals()));
        }
        let mut menu_commands = Vec::new();
        let book = self.workspace.as_ref().map(|ws| &ws.project().codebook);
        let selected_text = self
            .reader
            .as_ref()
            .map(|r| r.selected_text().to_owned())
            .filter(|t| !t.is_empty());
        let entity = self.entities.selected().and_then(|e| {
            let index = self.entities.index()?;
            Some(index.register.entities.get(e)?.canonical.clone())
        });
        // What the menu acts on: the document shown and its selection.
        let target = self
            .reader
            .as_ref()
            .map(|r| (r.doc_id().to_owned(), tag_range.clone()))
            .filter(|(_, range)| !range.is_empty());
        let coding = &mut self.coding;
        let read_only = self.workspace.as_ref().is_some_and(|ws| ws.is_read_only());
        let mut menu = |ui: &mut Ui| {
            if read_only {
                ui.label("Read-only: the project is open for changes in another window.");
            } else if let (Some(book), Some((doc, range))) = (book, &target) {
                menu_commands.extend(coding.tag_menu_ui(
                    ui,
                    book,
                    (doc, range.clone()),
                    selected_text.as_deref(),
                    entity.as_deref(),
                ));
            }
        };
        if self.workspace.is_some() && self.missing_corpus.is_none() {
            commands.extend(tabs_ui(ui, self.tab));
        }
        let analysis = match &self.workspace {
            Some(ws) if self.tab == Tab::Analysis && self.missing_corpus.is_none() => {
                let index = self.entities.shared_index();
                let hits = self.search.finished_hits();
                let view = &mut self.analysis;
                Some(
                    egui::CentralPanel::default()
                        .show(ui, |ui| view.ui(ui, ws, index, hits))
                        .inner,
                )
            }
            _ => None,
        };
        let (command, output) = match analysis {
            Some(command) => (command, None),
            None => doc_view::central_ui(
                ui,
                self.workspace.as_ref(),
                self.selected,
                doc_view::ReaderArgs {
                    reader: self.reader.as_mut(),
                    highlights: &highlights,
                    menu: &mut menu,
                },
                self.missing_corpus.as_deref(),
                self.loading.is_some(),
            ),
        };
        commands.extend(command);
        commands.extend(menu_commands);
        if let Some(clicked) = output.and_then(|o| o.clicked)
            && let Some(id) = clicked.checked_sub(mentions).and_then(|i| tagged.get(i))
        {
            self.coding.select(Some(*id));
        }
        if let Some(ws) = &self.workspace {
            let doc = self.reader.as_ref().map(|r| r.doc_id().to_owned());
            commands.extend(self.export.ui(ui, ws, doc.as_deref()));
            commands.extend(self.import.ui(ui, ws, &self.author));
            let selection = self
                .reader
                .as_ref()
                .map(|r| (r.doc_id(), tag_range.clone()));
            commands.extend(self.agreement.ui(ui, ws, &self.authors.2, selection));
        }
        if self.show_shortcuts {
            super::shortcuts::shortcuts_ui(ui, &mut self.show_shortcuts);
        }
        self.read_only_offer_ui(ui);
        self.backup_offer_ui(ui);
        if let Some(pending) = &self.confirm {
            match confirm::confirm_ui(ui, pending) {
                Some(confirm::Answer::Proceed) => {
                    if let Some(pending) = self.confirm.take() {
                        self.discard_and_run(pending.command);
                    }
                }
                Some(confirm::Answer::Cancel) => self.confirm = None,
                None => {}
            }
        }
        for command in commands {
            self.run_command(command);
        }
        self.autosave();
        self.update_title();
    }

    /// Applies a command: the only place the app's state changes.
    pub fn run_command(&mut self, command: Command) {
        match command {
            Command::OpenFolderDialog => {
                if let Some(folder) = rfd::FileDialog::new().pick_folder() {
                    self.run_command(Command::Open(folder));
                }
            }
            Command::OpenFileDialog => {
                let picked = rfd::FileDialog::new()
                    .add_filter(
                        "qari project or article",
                        &["ron", "txt", "md", "html", "htm"],
                    )
                    .pick_file();
                if let Some(file) = picked {
                    self.run_command(Command::Open(file));
                }
            }
            Command::Open(path) => {
                if self.save_before_leaving(Command::Open(path.clone())) {
                    self.start_loading(path.clone(), false, move || Workspace::open(&path));
                }
            }
            Command::OpenSample => match crate::sample::sample_folder() {
                Ok(folder) => self.run_command(Command::Open(folder)),
                Err(err) => self.set_error(format!("could not write the sample corpus: {err}")),
            },
            Command::LocateCorpusDialog(project) => {
                if let Some(folder) = rfd::FileDialog::new().pick_folder() {
                    self.run_command(Command::Relocate { project, folder });
                }
            }
            Command::Relocate { project, folder } => {
                let again = Command::Relocate {
                    project: project.clone(),
                    folder: folder.clone(),
                };
                if self.save_before_leaving(again) {
                    self.start_loading(project.clone(), true, move || {
                        Workspace::relocate(&project, &folder)
                    });
                }
            }
            Command::Save => self.save(),
            Command::Quit => {
                if self.save_before_leaving(Command::Quit) {
                    self.ctx.send_viewport_cmd(ViewportCommand::Close);
                }
            }
            Command::ZoomIn => self.set_font_size(self.text_style.font_size + 2.0),
            Command::ZoomOut => self.set_font_size(self.text_style.font_size - 2.0),
            Command::ZoomReset => self.set_font_size(TextStyle::default().font_size),
            Command::SetFont(font) => self.set_text_style(TextStyle {
                font,
                ..self.text_style
            }),
            Command::SetTheme(theme) => self.set_theme(theme),
            Command::OpenMention { doc, range } => {
                self.tab = Tab::Reading;
                self.select(Some(Selected::Document(doc)));
                let now = self.ctx.input(|i| i.time);
                if let Some(reader) = self.reader.as_mut() {
                    reader.select(range.clone());
                    reader.scroll_to(range, now);
                }
            }
            Command::ImportRegisterDialog => {
                let picked = rfd::FileDialog::new()
                    .add_filter("entity register", &["tsv", "txt"])
                    .pick_file();
                if let Some(file) = picked {
                    match Register::read_tsv(&file) {
                        Ok(imported) => self.perform(Intent::ImportRegister {
                            entities: imported.entities,
                            source: file.display().to_string(),
                        }),
                        Err(err) => self.set_error(format!("{err:#}")),
                    }
                }
            }
            Command::ExportRegisterDialog => {
                let Some(ws) = &self.workspace else {
                    return;
                };
                let tsv = Register::with_edits(&ws.project().register).to_tsv();
                let picked = rfd::FileDialog::new()
                    .add_filter("entity register", &["tsv"])
                    .set_file_name("register.tsv")
                    .save_file();
                if let Some(file) = picked {
                    match crate::project::save::write_atomic(&file, tsv.as_bytes()) {
                        Ok(()) => self.set_info(format!("register exported: {}", file.display())),
                        Err(err) => self.set_error(format!(
                            "could not export the register ({err}): {}",
                            file.display()
                        )),
                    }
                }
            }
            Command::Select(item) => self.select(Some(item)),
            Command::TogglePanel(side) => {
                self.panels.toggle(side);
                self.remember_panels();
            }
            Command::ShowPanel(side) => {
                self.panels.open(side);
                self.remember_panels();
            }
            Command::FocusMode => self.panels.focus = !self.panels.focus,
            Command::ShowShortcuts => self.show_shortcuts = !self.show_shortcuts,
            Command::NextMark => self.go_to_mark(true),
            Command::PreviousMark => self.go_to_mark(false),
            Command::NextDocument | Command::PreviousDocument => {
                let delta = if command == Command::NextDocument {
                    1
                } else {
                    -1
                };
                self.run_command(Command::MoveSelection(delta));
            }
            Command::MoveSelection(delta) => {
                if let Some(ws) = &self.workspace {
                    let hits = self.search.hit_filter().and_then(|h| h.only);
                    let only = self.doc_filter.only(ws, hits);
                    let item = doc_list::moved(ws, self.selected, delta, only);
                    self.select(item);
                }
            }
            Command::Project(intent) => self.perform(intent),
            Command::Undo => self.undo_redo(true),
            Command::Redo => self.undo_redo(false),
            Command::GoToAnnotation(id) => self.go_to_annotation(id),
            Command::SetAuthor(name) => {
                if let Err(err) = self.recent.set_author(&name) {
                    self.set_error(format!("could not remember the author name ({err})"));
                }
                self.author = self.recent.author();
                self.author_field = self.author.clone();
                self.set_info(format!("annotations are recorded as {}", self.author));
            }
            Command::ShowCoders(filter) => {
                let said = match &filter {
                    CoderFilter::All => "showing every coder's annotations".to_owned(),
                    CoderFilter::Mine => format!("showing {}'s annotations", self.author),
                    CoderFilter::Only(coder) => format!("showing {coder}'s annotations"),
                };
                self.coders = filter;
                self.set_info(said);
            }
            Command::ShowAgreement => self.agreement.open = !self.agreement.open,
            Command::Curate(intent) => self.perform_as(intent, CURATOR),
            Command::OpenPassage { doc, range } => {
                let found = self
                    .workspace
                    .as_ref()
                    .and_then(|ws| ws.corpus().index_of(&doc));
                match found {
                    Some(doc) => {
                        // Both coders' versions are to be seen.
                        self.coders = CoderFilter::All;
                        self.run_command(Command::OpenMention { doc, range });
                    }
                    None => self.set_error(format!("no document {doc} in the corpus")),
                }
            }
            Command::ShowTab(tab) => self.tab = tab,
            Command::ShowEntity(entity) => {
                self.entities.select(Some(entity));
                self.run_command(Command::ShowPanel(Side::Entities));
            }
            Command::ExportChartDialog(format) => {
                let picked = rfd::FileDialog::new()
                    .add_filter("chart", &[format.extension()])
                    .set_file_name(format!(
                        "{}.{}",
                        self.analysis
                            .view()
                            .label()
                            .replace(' ', "")
                            .replace('×', "-"),
                        format.extension()
                    ))
                    .save_file();
                if let Some(out) = picked {
                    self.run_command(Command::ExportChart { format, out });
                }
            }
            Command::ExportChart { format, out } => match self.analysis.export(format, &out) {
                Ok(said) => self.set_info(said),
                Err(err) => self.set_error(err),
            },
            Command::ImportAttributesDialog => {
                let picked = rfd::FileDialog::new()
                    .add_filter("document attributes", &["csv", "tsv", "txt"])
                    .pick_file();
                if let Some(file) = picked {
                    self.run_command(Command::ImportAttributes(file));
                }
            }
            Command::ImportAttributes(file) => self.import_attributes(&file),
            Command::ImportDialog => self.import.open(),
            Command::ExportDialog => self.export.open(),
            Command::Export {
                format,
                out,
                options,
                with_entities,
            } => self.export(format, &out, &options, with_entities),
            Command::Find => {
                let selected = self.reader.as_ref().map(|r| r.selected_text().to_owned());
                self.find.open(selected);
            }
            Command::SearchCorpus => {
                let selected = self.reader.as_ref().map(|r| r.selected_text().to_owned());
                self.search.open(selected);
            }
            Command::ExportConcordanceDialog(format) => {
                let picked = rfd::FileDialog::new()
                    .add_filter("concordance", &[format.extension()])
                    .set_file_name(format!("concordance.{}", format.extension()))
                    .save_file();
                if let Some(out) = picked {
                    self.run_command(Command::ExportConcordance { format, out });
                }
            }
            Command::ExportConcordance { format, out } => self.export_concordance(format, &out),
        }
    }

    fn set_font_size(&mut self, size: f32) {
        self.set_text_style(TextStyle {
            font_size: size.clamp(MIN_FONT_SIZE, MAX_FONT_SIZE),
            ..self.text_style
        });
    }

    /// Applies and remembers a reading style.
    fn set_text_style(&mut self, style: TextStyle) {
        if style == self.text_style {
            return;
        }
        self.text_style = style;
        if let Some(reader) = self.reader.as_mut() {
            reader.set_style(style);
        }
        if let Err(err) = self.recent.remember_text_style(style) {
            self.set_error(format!("could not remember the text size ({err})"));
        }
    }

    /// The reading style.
    pub fn text_style(&self) -> TextStyle {
        self.text_style
    }

    /// Shows and remembers a theme.
    fn set_theme(&mut self, theme: ThemeChoice) {
        self.theme = theme;
        super::theme::apply(&self.ctx, theme);
        if let Err(err) = self.recent.remember_theme(theme) {
            self.set_error(format!("could not remember the theme ({err})"));
        }
    }

    /// The theme chosen (the window shows `ctx.theme()`, the system's for
    /// [`ThemeChoice::System`]).
    pub fn theme(&self) -> ThemeChoice {
        self.theme
    }

    /// Selects an item of the document list; a document is read from disk into the reader.
    fn select(&mut self, item: Option<Selected>) {
        self.selected = item;
        let Some(ws) = &self.workspace else {
            self.reader = None;
            return;
        };
        let Some(Selected::Document(i)) = item else {
            self.reader = None;
            return;
        };
        let Some(doc) = ws.corpus().documents.get(i) else {
            self.reader = None;
            return;
        };
        if self.reader.as_ref().is_some_and(|r| r.doc_id() == doc.id) {
            return;
        }
        match ws.corpus().text(doc) {
            Ok(text) => {
                self.reader = Some(Reader::new(doc.id.clone(), text.text, self.text_style));
            }
            Err(err) => {
                self.reader = None;
                self.set_error(format!("{err:#}"));
            }
        }
    }

    /// What the central area shows.
    pub fn tab(&self) -> Tab {
        self.tab
    }

    /// What the export dialog's Export… button would export now, as `format`.
    pub fn export_options(
        &mut self,
        format: crate::export::Format,
    ) -> Option<crate::export::Options> {
        let ws = self.workspace.as_ref()?;
        let doc = self.reader.as_ref().map(|r| r.doc_id());
        self.export.options(ws, doc, format)
    }

    /// The Analysis views.
    pub fn analysis(&self) -> &AnalysisView {
        &self.analysis
    }

    /// The entity sidebar.
    pub fn entities(&self) -> &EntityPanel {
        &self.entities
    }

    /// The entity sidebar, to drive it.
    pub fn entities_mut(&mut self) -> &mut EntityPanel {
        &mut self.entities
    }

    /// The corpus search panel.
    pub fn search(&self) -> &SearchPanel {
        &self.search
    }

    /// The find bar of the reading view.
    pub fn find(&self) -> &FindBar {
        &self.find
    }

    /// The coding panel.
    pub fn coding(&self) -> &CodingPanel {
        &self.coding
    }

    /// Whose annotations are shown.
    pub fn coder_filter(&self) -> &CoderFilter {
        &self.coders
    }

    /// The name annotations are recorded under.
    pub fn author(&self) -> &str {
        &self.author
    }

    /// Changes when the project is saved on its own (tests).
    pub fn set_autosave(&mut self, autosave: Autosave) {
        self.saving.autosave = autosave;
    }

    /// The reading view of the selected document, if one is shown.
    pub fn reader(&self) -> Option<&Reader> {
        self.reader.as_ref()
    }

    /// The reading view, to drive it (tests, later: scroll to a mention).
    pub fn reader_mut(&mut self) -> Option<&mut Reader> {
        self.reader.as_mut()
    }

    fn remember(&mut self, project: &Path) {
        if let Err(err) = self.recent.remember(project) {
            self.set_error(format!("could not remember the last project ({err})"));
        }
    }

    fn shortcuts(&self, ui: &mut Ui, commands: &mut Vec<Command>) {
        // Undo and redo in a note field are the field's own.
        let field_has_keys = !self.search.has_keys(ui.ctx())
            && match &self.reader {
                Some(reader) => !reader.has_keyboard(ui.ctx()),
                None => ui.memory(|m| m.focused().is_some()),
            };
        for command in Command::with_shortcuts() {
            if field_has_keys && matches!(command, Command::Undo | Command::Redo) {
                continue;
            }
            let pressed = [command.shortcut(), command.secondary_shortcut()]
                .into_iter()
                .flatten()
                .any(|shortcut| ui.input_mut(|i| i.consume_shortcut(&shortcut)));
            if pressed {
                commands.push(command);
            }
        }
        if self.workspace.is_some() && ui.memory(|m| m.focused().is_none()) {
            let (up, down) = ui.input(|i| {
                (
                    i.key_pressed(egui::Key::ArrowUp),
                    i.key_pressed(egui::Key::ArrowDown),
                )
            });
            if up {
                commands.push(Command::MoveSelection(-1));
            }
            if down {
                commands.push(Command::MoveSelection(1));
            }
        }
    }

    fn dropped_files(&self, ui: &Ui, commands: &mut Vec<Command>) {
        let dropped = ui.input(|i| i.raw.dropped_files.first().map(|f| f.path().to_owned()));
        if let Some(path) = dropped {
            commands.push(Command::Open(path));
        }
    }

    /// The coder filter with the current coder and the project's coders.
    fn coder_view(&self) -> CoderView<'_> {
        CoderView {
            filter: &self.coders,
            me: &self.author,
            authors: &self.authors.2,
        }
    }

    /// Counts the project again when it changed, and hands the counts to the panels.
    fn count_project(&mut self) {
        let overview = self
            .workspace
            .as_ref()
            .and_then(|ws| self.counting.refresh(&self.ctx, ws));
        if let Some(overview) = &overview {
            self.entities
                .set_training_signal(overview.revision, overview.training_signal);
        }
        self.refresh_authors(overview.as_deref());
        self.coding.set_overview(overview);
    }

    /// What is counted over the whole project, as last counted (tests).
    pub fn counting(&mut self) -> &mut super::overview::Counting {
        &mut self.counting
    }

    /// The project's coders (and the current one), found again when they were counted again
    /// or the author changed.
    fn refresh_authors(&mut self, overview: Option<&super::overview::Overview>) {
        let Some(overview) = overview else {
            self.authors = (u64::MAX, String::new(), Vec::new());
            return;
        };
        if self.authors.0 != overview.revision || self.authors.1 != self.author {
            let mut names = overview.authors.clone();
            if !self.author.is_empty() && !names.contains(&self.author) {
                names.push(self.author.clone());
                names.sort();
            }
            self.authors = (overview.revision, self.author.clone(), names);
        }
    }

    fn update_title(&mut self) {
        let title = match &self.workspace {
            Some(ws) => {
                let state = match self.save_state() {
                    Some(SaveState::ReadOnly) => " (read-only)",
                    Some(SaveState::Saving) => " (saving…)",
                    Some(SaveState::Unsaved) => " •",
                    Some(SaveState::Saved(_)) | None => "",
                };
                format!("{}{state} — qari", ws.name())
            }
            None => "qari".to_owned(),
        };
        if title != self.title {
            self.ctx
                .send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// The window title as last set.
    pub fn title(&self) -> &str {
        &self.title
    }

    fn set_info(&mut self, text: String) {
        self.status = Some(Status {
            text,
            is_error: false,
        });
    }

    fn set_error(&mut self, text: String) {
        self.status = Some(Status {
            text,
            is_error: true,
        });
    }
}

/// The strip over the central area that switches between reading and the Analysis views.
fn tabs_ui(ui: &mut Ui, tab: Tab) -> Option<Command> {
    let mut chosen = None;
    egui::Panel::top("view_tabs").show(ui, |ui| {
        ui.horizontal(|ui| {
            for shown in [Tab::Reading, Tab::Analysis] {
                let command = Command::ShowTab(shown);
                let mut button = egui::Button::selectable(tab == shown, shown.label());
                if let Some(shortcut) = command.shortcut() {
                    button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
                }
                if ui.add(button).clicked() {
                    chosen = Some(command);
                }
            }
        });
    });
    chosen
}

impl eframe::App for QariApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        QariApp::ui(self, ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.save_on_exit();
    }
}

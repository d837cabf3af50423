//! The entity sidebar, beside the document list (the reading text keeps the right-hand side,
//! where an Arabic reader's eye starts): the people, organisations and places the corpus
//! mentions, grouped by kind, with counts in this document and in the corpus, a filter and a
//! sort; an entity's occurrences across the corpus as snippets (the mention marked) that open
//! the document at the mention; and the colours and toggles of the mention highlights in the
//! reading view.
//!
//! Mentions are found in the background when a project opens ([`EntityIndex::build`]), with a
//! progress bar; nothing here blocks a frame. They are found by the register and the trained
//! tagger together ([`crate::entities::recognise`]): each mention's tooltip says who found it
//! and how sure the tagger is, and the names only the tagger found are "Suggested", with their
//! count and confidence, to accept into the register (as a new entity or another spelling of
//! one), or to reject (remembered in the project, and not offered again).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

use egui::{ProgressBar, RichText, ScrollArea, Sense, TextEdit, Ui, vec2};

mod occurrences;
mod suggested;

use occurrences::Selection;

use super::commands::Command;
use super::reader::{Highlight, HighlightStyle};
use super::tagger_training::{TaggerTraining, entities_done_ui};
use super::text;
use super::theme::{self, kind_color};
use crate::entities::tagger::Model;
use crate::entities::{Entity, EntityIndex, Kind, MentionCache, Register, RegisterEdit, Source};
use crate::project::{Intent, Workspace};

const ROW_HEIGHT: f32 = 24.0;

fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "People",
        Kind::Organisation => "Organisations",
        Kind::Place => "Places",
        Kind::Other => "Other",
    }
}

/// What a background search sends back: the mentions found (`None`: cancelled), and why the
/// project's tagger model could not be read, if it could not.
struct Built {
    found: Option<(EntityIndex, MentionCache)>,
    model_error: Option<String>,
    /// The model was the project's own.
    project_model: bool,
}

struct Job {
    rx: mpsc::Receiver<Built>,
    done: Arc<AtomicUsize>,
    cancel: Arc<AtomicBool>,
    total: usize,
}

impl Drop for Job {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// The sidebar's state.
pub struct EntityPanel {
    index: Option<Arc<EntityIndex>>,
    job: Option<Job>,
    /// The register edits the mentions are being (or were) found with.
    built_with: Vec<RegisterEdit>,
    /// The tagger model they are found with; `None` until the first build has read it.
    model: Option<Arc<Model>>,
    /// Whether the tagger is used at all (the register alone otherwise).
    use_tagger: bool,
    /// The model in use is the project's own (trained on the analyst's tags).
    project_model: bool,
    /// The project the mentions are of (its tagger model is read again for another).
    project: Option<std::path::PathBuf>,
    /// Why the project's model could not be read (the bundled one is used instead).
    model_error: Option<String>,
    /// Training the project's model.
    training: TaggerTraining,
    /// Counts the indexes picked up, for what is cached from one.
    generation: u64,
    /// The entity list's rows, and the index generation, filter and order they are for.
    rows: Option<(RowsKey, Rows)>,
    /// The suggestion whose occurrences are listed (an index into the index's candidates).
    selected_candidate: Option<usize>,
    cache: Arc<MentionCache>,
    filter: String,
    by_count: bool,
    shown: [bool; 4],
    selected: Option<usize>,
    texts: HashMap<usize, Arc<String>>,
    /// Snippets by document and first code point of the name.
    snippets: HashMap<(usize, usize), (String, Range<usize>)>,
    /// The entity to select again once the index is rebuilt after a register edit.
    pending_selection: Option<String>,
    /// A rename being typed: entity and new name.
    renaming: Option<(usize, String)>,
}

impl Default for EntityPanel {
    fn default() -> Self {
        Self {
            index: None,
            job: None,
            built_with: Vec::new(),
            model: None,
            use_tagger: true,
            project_model: false,
            project: None,
            model_error: None,
            training: TaggerTraining::default(),
            generation: 0,
            rows: None,
            selected_candidate: None,
            cache: Arc::new(MentionCache::new()),
            filter: String::new(),
            by_count: true,
            shown: [true; 4],
            selected: None,
            texts: HashMap::new(),
            snippets: HashMap::new(),
            pending_selection: None,
            renaming: None,
        }
    }
}

impl EntityPanel {
    /// Starts finding the mentions of a newly opened project's corpus.
    pub fn start(&mut self, ctx: &egui::Context, ws: &Workspace) {
        let edits = ws.project().register.clone();
        self.built_with.clone_from(&edits);
        let dismissed: std::collections::HashSet<String> = ws
            .project()
            .register
            .iter()
            .filter_map(|edit| match edit {
                RegisterEdit::Dismiss { candidate } => Some(candidate.clone()),
                _ => None,
            })
            .collect();
        // Select again what was selected (or what an edit just named) once rebuilt.
        if self.pending_selection.is_none() {
            self.pending_selection = self.selected.and_then(|e| {
                self.index
                    .as_ref()
                    .and_then(|i| i.register.entities.get(e))
                    .map(|entity| entity.canonical.clone())
            });
        }
        let previous = self.index.take();
        self.selected = None;
        self.selected_candidate = None;
        self.texts.clear();
        self.snippets.clear();
        let docs = ws.corpus().documents.clone();
        let (tx, rx) = mpsc::channel();
        let done = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let cache = self.cache.clone();
        let (d, c, ctx2) = (done.clone(), cancel.clone(), ctx.clone());
        if self.project.as_deref() != Some(ws.path()) {
            // Another project: its own model, if it has one, is read again.
            self.project = Some(ws.path().to_owned());
            self.model = None;
            self.project_model = false;
        }
        let chosen_model = self.model.clone();
        let chosen_is_project = self.project_model;
        let use_tagger = self.use_tagger;
        let project_path = ws.path().to_owned();
        // The register (the bundled one with the project's edits) and the bundled model are
        // read here too: parsing them takes a moment and must not hold up a frame.
        std::thread::spawn(move || {
            let register = Register::with_edits(&edits);
            let mut model_error = None;
            let mut project_model = chosen_is_project;
            let model = match (use_tagger, chosen_model) {
                (false, _) => None,
                (true, Some(model)) => Some(model),
                (true, None) => match crate::project::tagger::load_model(&project_path) {
                    Ok(Some(model)) => {
                        project_model = true;
                        Some(Arc::new(model))
                    }
                    Ok(None) => crate::entities::tagger::bundled(),
                    Err(err) => {
                        model_error = Some(format!("{err:#}; the bundled model is used"));
                        crate::entities::tagger::bundled()
                    }
                },
            };
            // Cached findings belong to the register and the model they were found with.
            let empty = MentionCache::new();
            let same = previous.is_some_and(|i| {
                i.register == register
                    && match (&i.model, &model) {
                        (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                        (None, None) => true,
                        _ => false,
                    }
            });
            let cache = if same { &*cache } else { &empty };
            let found = EntityIndex::build(register, model, &docs, cache, &dismissed, &d, &c);
            // The receiver is gone only if another project replaced this one.
            let _ = tx.send(Built {
                found,
                model_error,
                project_model,
            });
            ctx2.request_repaint();
        });
        self.job = Some(Job {
            rx,
            done,
            cancel,
            total: ws.corpus().documents.len(),
        });
    }

    /// Finds the mentions again if the project's register edits are not those they were found
    /// with (a merge brought edits in or took some out).
    pub fn refresh(&mut self, ctx: &egui::Context, ws: &Workspace) {
        if ws.project().register != self.built_with {
            self.start(ctx, ws);
        }
    }

    /// The entity tags the project has, as counted at a revision (for retraining the tagger
    /// when enough were added).
    pub fn set_training_signal(&mut self, revision: u64, count: usize) {
        self.training.set_signal(revision, count);
    }

    /// Picks up a finished extraction, and a newly trained project model (the mentions are
    /// then found again with it); starts training the project's model when enough entity tags
    /// were added.
    pub fn poll(&mut self, ctx: &egui::Context, ws: Option<&Workspace>) {
        if let Some(ws) = ws
            && let Some(trained) = self.training.poll(ctx, ws)
        {
            self.project_model = true;
            self.use_model(ctx, ws, trained.model);
        }
        let Some(job) = &self.job else {
            return;
        };
        match job.rx.try_recv() {
            Ok(built) => {
                self.job = None;
                self.model_error = built.model_error;
                let Some((index, cache)) = built.found else {
                    return;
                };
                if let Some(name) = self.pending_selection.take() {
                    self.selected = index.register.position(&name);
                }
                if self.use_tagger {
                    self.model.clone_from(&index.model);
                    self.project_model = built.project_model;
                }
                self.index = Some(Arc::new(index));
                self.generation += 1;
                self.cache = Arc::new(cache);
            }
            Err(mpsc::TryRecvError::Disconnected) => self.job = None,
            Err(mpsc::TryRecvError::Empty) => ctx.request_repaint_after_secs(0.1),
        }
    }

    /// Whether the project's tagger is being trained.
    pub fn is_training(&self) -> bool {
        self.training.is_training()
    }

    /// Whether the names are found with the project's own tagger model.
    pub fn uses_project_model(&self) -> bool {
        self.project_model && self.model.is_some()
    }

    /// The mentions an export "with the entity mentions" adds: the register's and, unless the
    /// tagger is off, the tagger's with the model the sidebar finds names with (the project's
    /// when it has one, else the bundled one; read now if no search has read it yet).
    pub fn for_export(&self, ws: &Workspace) -> crate::export::WithEntities {
        use crate::export::WithEntities;
        if !self.use_tagger {
            return WithEntities::Register;
        }
        let model = self.model.clone().or_else(|| {
            match crate::project::tagger::load_model(ws.path()) {
                Ok(Some(model)) => Some(Arc::new(model)),
                // A broken model file is said in the sidebar; the bundled model stands in.
                Ok(None) | Err(_) => crate::entities::tagger::bundled(),
            }
        });
        model.map_or(WithEntities::Register, WithEntities::Tagger)
    }

    /// Trains the project's tagger now, in the background.
    pub fn train(&mut self, ctx: &egui::Context, ws: &Workspace) {
        self.training.start(ctx, ws);
    }

    /// Mentions are being found.
    pub fn is_working(&self) -> bool {
        self.job.is_some()
    }

    /// The index, once built.
    pub fn index(&self) -> Option<&EntityIndex> {
        self.index.as_deref()
    }

    /// The index, once built, to share with another thread.
    pub fn shared_index(&self) -> Option<&Arc<EntityIndex>> {
        self.index.as_ref()
    }

    /// The entity whose occurrences are listed.
    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// Selects an entity (its occurrences are listed).
    pub fn select(&mut self, entity: Option<usize>) {
        self.selected = entity;
    }

    /// Selects the entity of this canonical name once the mentions are found again (after a
    /// register edit that added or renamed it).
    pub fn select_when_found(&mut self, canonical: String) {
        self.pending_selection = Some(canonical);
    }

    /// Uses this tagger model from now on (a project's own model once trained), finding the
    /// mentions again.
    pub fn use_model(&mut self, ctx: &egui::Context, ws: &Workspace, model: Arc<Model>) {
        self.model = Some(model);
        self.use_tagger = true;
        self.start(ctx, ws);
    }

    /// The highlights of the mentions in a document, for the kinds shown: an underline in the
    /// kind's colour (a filled background behind every name made the text harder to read);
    /// names only the tagger found are outlined in the fainter colour of their kind. Colours
    /// are those of the theme of `visuals`.
    pub fn highlights(&self, doc: usize, visuals: &egui::Visuals) -> Vec<Highlight> {
        let Some(index) = &self.index else {
            return Vec::new();
        };
        let shown = |kind: Kind| {
            Kind::ALL
                .iter()
                .position(|k| *k == kind)
                .is_some_and(|k| self.shown[k])
        };
        let mentions = index.by_doc.get(doc).map_or(&[][..], |m| &m[..]);
        let suggested = index.suggested_by_doc.get(doc).map_or(&[][..], |s| &s[..]);
        mentions
            .iter()
            .filter_map(|f| {
                let e = index.register.entities.get(f.mention.entity)?;
                shown(e.kind).then(|| Highlight {
                    range: f.mention.range.clone(),
                    color: kind_color(e.kind, visuals),
                    style: HighlightStyle::Underline,
                    tooltip: format!(
                        "{} ({}) · {}",
                        e.canonical,
                        e.kind,
                        found_by(f.source, f.score)
                    ),
                })
            })
            .chain(
                suggested
                    .iter()
                    // Rejected names, and those too rare or doubtful to offer, are not marked.
                    .filter(|s| shown(s.kind) && index.candidate_of(&s.key).is_some())
                    .map(|s| Highlight {
                        range: s.range.clone(),
                        color: theme::suggestion_color(s.kind, visuals),
                        style: HighlightStyle::Outline,
                        tooltip: format!(
                            "suggested {} · not in the register · tagger {:.0}%",
                            s.kind,
                            s.score * 100.0
                        ),
                    }),
            )
            .collect()
    }

    /// Draws the sidebar in `panel`; returns a command when a snippet was clicked, and the
    /// panel's width.
    pub fn panel_ui(
        &mut self,
        ui: &mut Ui,
        panel: egui::Panel,
        ws: &Workspace,
        doc: Option<usize>,
        selection: Option<&str>,
    ) -> (Option<Command>, f32) {
        let mut chosen = None;
        let width = panel
            .show(ui, |ui| {
                ui.add_space(4.0);
                ui.strong("Entities");
                if let Some(job) = &self.job {
                    let done = job.done.load(Ordering::Relaxed);
                    let fraction = done as f32 / job.total.max(1) as f32;
                    ui.add(ProgressBar::new(fraction).text(format!(
                        "finding mentions: {done} / {} documents",
                        job.total
                    )));
                }
                if self.use_tagger
                    && self
                        .training
                        .status_ui(ui, self.uses_project_model(), ws.is_read_only())
                {
                    self.training.start(ui.ctx(), ws);
                }
                if self.use_tagger
                    && !ws.is_read_only()
                    && let Some(info) = doc.and_then(|d| ws.corpus().documents.get(d))
                    && let Some(command) = entities_done_ui(ui, ws, &info.id)
                {
                    chosen = Some(command);
                }
                if let Some(error) = &self.model_error {
                    ui.colored_label(ui.visuals().error_fg_color, RichText::new(error).small());
                }
                self.legend_ui(ui);
                ui.horizontal(|ui| {
                    ui.add(
                        TextEdit::singleline(&mut self.filter)
                            .hint_text("filter")
                            .desired_width(140.0),
                    );
                    ui.selectable_value(&mut self.by_count, true, "by count");
                    ui.selectable_value(&mut self.by_count, false, "by name");
                });
                ui.separator();
                let Some(index) = self.index.clone() else {
                    return;
                };
                // A read-only project's register is looked at, not changed.
                if !ws.is_read_only()
                    && let Some(command) = self.selection_actions_ui(ui, &index, selection)
                {
                    chosen = Some(command);
                }
                if let Some(command) = self.rename_ui(ui, &index) {
                    chosen = Some(command);
                }
                let list_height = if self.selected.is_some() || self.selected_candidate.is_some() {
                    ui.available_height() * 0.5
                } else {
                    ui.available_height()
                };
                let edit = ScrollArea::vertical()
                    .id_salt("entity-list")
                    .max_height(list_height)
                    .auto_shrink([false, false])
                    .show(ui, |ui| self.list_ui(ui, &index, doc))
                    .inner;
                if edit.is_some() {
                    chosen = edit;
                }
                let selection = match (self.selected, self.selected_candidate) {
                    (Some(e), _) => Some(Selection::Entity(e)),
                    (None, Some(c)) => Some(Selection::Candidate(c)),
                    (None, None) => None,
                };
                if let Some(selection) = selection {
                    ui.separator();
                    if let Some(command) = self.occurrences_ui(ui, ws, &index, selection) {
                        chosen = Some(command);
                    }
                }
            })
            .response
            .rect
            .width();
        (chosen, width)
    }

    fn legend_ui(&mut self, ui: &mut Ui) {
        ui.horizontal_wrapped(|ui| {
            for (k, kind) in Kind::ALL.iter().enumerate() {
                let (rect, _) = ui.allocate_exact_size(vec2(10.0, 10.0), Sense::hover());
                let color = kind_color(*kind, ui.visuals());
                ui.painter().rect_filled(rect, 2.0, color);
                ui.checkbox(&mut self.shown[k], kind_label(*kind));
            }
        });
    }

    /// The entities of each kind that the corpus mentions and the filter lets through, in the
    /// order chosen: worked out again only when the index, the filter or the order changes.
    fn rows(&mut self, index: &EntityIndex) -> Rows {
        let key = (self.generation, self.filter.clone(), self.by_count);
        if let Some((cached, rows)) = &self.rows
            && *cached == key
        {
            return rows.clone();
        }
        let filter = crate::text::normalize(&self.filter, Default::default()).text;
        let listed = |e: &usize| {
            let entity = &index.register.entities[*e];
            filter.is_empty()
                || std::iter::once(&entity.canonical)
                    .chain(&entity.aliases)
                    .any(|a| {
                        crate::text::normalize(a, Default::default())
                            .text
                            .contains(&filter)
                    })
        };
        // From the list made in the background (most mentioned first), filtered and sorted.
        let mut by_kind: Vec<(Kind, Vec<usize>)> = index
            .mentioned_by_kind
            .iter()
            .map(|(kind, rows)| (*kind, rows.iter().copied().filter(listed).collect()))
            .collect();
        if !self.by_count {
            for (_, rows) in &mut by_kind {
                rows.sort_by_cached_key(|&e| index.register.entities[e].canonical.to_lowercase());
            }
        }
        let rows = Arc::new(by_kind);
        self.rows = Some((key, rows.clone()));
        rows
    }

    fn list_ui(&mut self, ui: &mut Ui, index: &EntityIndex, doc: Option<usize>) -> Option<Command> {
        let mut chosen = None;
        // Mentions of each entity in this document, counted once a frame.
        let mut here: HashMap<usize, usize> = HashMap::new();
        for f in doc
            .and_then(|d| index.by_doc.get(d))
            .map_or(&[][..], |m| &m[..])
        {
            *here.entry(f.mention.entity).or_default() += 1;
        }
        for (kind, rows) in self.rows(index).iter() {
            let kind = *kind;
            if rows.is_empty() {
                continue;
            }
            egui::CollapsingHeader::new(
                RichText::new(format!("{} ({})", kind_label(kind), rows.len()))
                    .color(kind_color(kind, ui.visuals())),
            )
            .id_salt(("kind", kind.as_str()))
            .default_open(true)
            .show(ui, |ui| {
                for &e in rows {
                    if out_of_sight(ui) {
                        continue;
                    }
                    let count = here.get(&e).copied().unwrap_or(0);
                    let (clicked, edit) = self.entity_row_ui(ui, index, e, count);
                    if clicked {
                        self.selected = if self.selected == Some(e) {
                            None
                        } else {
                            Some(e)
                        };
                        self.selected_candidate = None;
                    }
                    if edit.is_some() {
                        chosen = edit;
                    }
                }
            });
        }
        if let Some(command) = self.candidates_ui(ui, index) {
            chosen = Some(command);
        }
        chosen
    }

    /// What can be done with the text selected in the reading view.
    fn selection_actions_ui(
        &mut self,
        ui: &mut Ui,
        index: &EntityIndex,
        selection: Option<&str>,
    ) -> Option<Command> {
        let text = selection
            .map(str::trim)
            .filter(|t| !t.is_empty() && !t.contains('\n'))?;
        let entity = self
            .selected
            .map(|e| index.register.entities[e].canonical.as_str());
        let mut chosen = None;
        ui.horizontal_wrapped(|ui| {
            ui.label("Selection:");
            ui.label(RichText::new(text).strong());
            chosen = add_to_register_ui(ui, text, entity);
        });
        ui.separator();
        chosen.map(register_command)
    }

    /// The rename field, while a rename is being typed.
    fn rename_ui(&mut self, ui: &mut Ui, index: &EntityIndex) -> Option<Command> {
        let (e, name) = self.renaming.as_mut()?;
        let old = index.register.entities.get(*e)?.canonical.clone();
        let mut chosen = None;
        let mut done = false;
        ui.horizontal(|ui| {
            ui.label("Rename:");
            let field = ui.text_edit_singleline(name);
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button("OK").clicked() || enter) && !name.trim().is_empty() {
                self.pending_selection = Some(name.trim().to_owned());
                chosen = Some(register_command(RegisterEdit::Rename {
                    from: old.clone(),
                    to: name.trim().to_owned(),
                }));
                done = true;
            }
            if ui.button("Cancel").clicked() {
                done = true;
            }
        });
        if done {
            self.renaming = None;
        }
        chosen
    }

    /// One entity: canonical name, Arabic name, counts; a right-click menu of register edits.
    /// Returns whether it was clicked, and the edit chosen.
    fn entity_row_ui(
        &mut self,
        ui: &mut Ui,
        index: &EntityIndex,
        e: usize,
        here: usize,
    ) -> (bool, Option<Command>) {
        let entity = &index.register.entities[e];
        let width = ui.available_width();
        let (rect, response) = ui.allocate_exact_size(vec2(width, ROW_HEIGHT), Sense::click());
        let label = format!(
            "{} {}",
            entity.canonical,
            entity.arabic_name().unwrap_or("")
        );
        response.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::Button, true, self.selected == Some(e), &label)
        });
        if ui.is_rect_visible(rect) {
            let visuals = ui
                .style()
                .interact_selectable(&response, self.selected == Some(e));
            if self.selected == Some(e) || response.hovered() {
                ui.painter().rect_filled(rect, 3.0, visuals.weak_bg_fill);
            }
            let counts = format!("{here} · {}", index.by_entity[e].len());
            // Counts first, then the English name, then the Arabic name ending at the row's
            // right edge, as Arabic text does.
            let (count_rect, name_rect) = rect
                .shrink2(vec2(4.0, 0.0))
                .split_left_right_at_x(rect.min.x + 52.0);
            let size = ui.style().text_styles[&egui::TextStyle::Body].size;
            // The Arabic name takes what it needs, up to half the room; the English name the
            // rest, a gap between them; each is cut with "…" where it does not fit.
            let arabic_width = entity.arabic_name().map_or(0.0, |ar| {
                text::line_width(ui.ctx(), ar, size).min(name_rect.width() * 0.5)
            });
            let (latin, arabic) =
                name_rect.split_left_right_at_x(name_rect.max.x - arabic_width - 8.0);
            let (latin, arabic) = (
                latin.shrink2(vec2(2.0, 0.0)),
                arabic.shrink2(vec2(2.0, 0.0)),
            );
            let mut cut = text::paint_line(
                ui.painter(),
                &entity.canonical,
                size,
                latin,
                visuals.text_color(),
            );
            if let Some(ar) = entity.arabic_name() {
                cut |= text::paint_line(ui.painter(), ar, size, arabic, visuals.text_color());
            }
            if cut {
                response.clone().on_hover_text(&label);
            }
            text::paint_line(
                ui.painter(),
                &counts,
                size * 0.85,
                count_rect,
                ui.visuals().weak_text_color(),
            );
        }
        let mut edit = None;
        let name = entity.canonical.clone();
        response.context_menu(|ui| {
            if ui.button("Rename…").clicked() {
                self.renaming = Some((e, name.clone()));
            }
            ui.menu_button("Kind", |ui| {
                for kind in Kind::ALL {
                    if ui.radio(entity.kind == kind, kind.as_str()).clicked() {
                        edit = Some(RegisterEdit::SetKind {
                            entity: name.clone(),
                            kind,
                        });
                    }
                }
            });
            if let Some(target) = self.selected.filter(|t| *t != e) {
                let into = index.register.entities[target].canonical.clone();
                if ui.button(format!("Merge into {into}")).clicked() {
                    edit = Some(RegisterEdit::Merge {
                        from: name.clone(),
                        into,
                    });
                }
            }
            if ui.button("Delete from the register").clicked() {
                edit = Some(RegisterEdit::Delete {
                    entity: name.clone(),
                });
            }
        });
        let clicked = response
            .on_hover_text("mentions in this document · in the corpus (right-click to edit)")
            .clicked();
        (clicked, edit.map(register_command))
    }
}

/// "Add as alias of …" (when an entity is selected) and "Add as new entity" (by kind) for a
/// text selected in the reading view; the sidebar and the reading view's menu both use it.
/// Nothing for an empty selection or one over several lines.
pub fn add_to_register_ui(ui: &mut Ui, text: &str, entity: Option<&str>) -> Option<RegisterEdit> {
    let text = text.trim();
    if text.is_empty() || text.contains('\n') {
        return None;
    }
    let mut chosen = None;
    if let Some(name) = entity
        && ui.button(format!("Add as alias of {name}")).clicked()
    {
        chosen = Some(RegisterEdit::AddAlias {
            entity: name.to_owned(),
            alias: text.to_owned(),
        });
    }
    ui.menu_button("Add as new entity", |ui| {
        for kind in Kind::ALL {
            if ui.button(kind.as_str()).clicked() {
                chosen = Some(RegisterEdit::Add(Entity {
                    canonical: text.to_owned(),
                    kind,
                    aliases: vec![text.to_owned()],
                    note: None,
                }));
            }
        }
    });
    chosen
}

/// What the entity list's rows are for: the index generation, the filter, the order.
type RowsKey = (u64, String, bool);

/// The entity list's rows: the entities listed under each kind, in order.
type Rows = Arc<Vec<(Kind, Vec<usize>)>>;

/// Who found a mention, as a tooltip says it.
fn found_by(source: Source, score: f32) -> String {
    match source {
        Source::Register => "found by the register".to_owned(),
        Source::Tagger => format!("found by the tagger ({:.0}%)", score * 100.0),
        Source::Both => format!(
            "found by the register and the tagger ({:.0}%)",
            score * 100.0
        ),
    }
}

/// A list row out of sight: it only takes its room (`ROW_HEIGHT`), nothing is laid out or
/// painted, so long lists stay cheap each frame. Returns whether the row was skipped.
fn out_of_sight(ui: &mut Ui) -> bool {
    let row = egui::Rect::from_min_size(ui.cursor().min, vec2(ui.available_width(), ROW_HEIGHT));
    if ui.is_rect_visible(row) {
        return false;
    }
    ui.allocate_space(row.size());
    true
}

/// The command that makes a change to the register.
fn register_command(edit: RegisterEdit) -> Command {
    Command::Project(Intent::EditRegister(vec![edit]))
}

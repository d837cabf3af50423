//! The project's entity tagger in the window: trained in the background from the analyst's
//! entity tags and accepted or rejected suggestions ([`crate::project::tagger`]), after every
//! [`RETRAIN_EVERY`] new entity tags and on demand; saved beside the project file and used by
//! the sidebar from then on; its cross-validated precision and recall on the analyst's own tags
//! shown, so they know how far to trust its suggestions.
//!
//! Nothing here blocks a frame: what to learn from is gathered on the window's thread without
//! reading a file ([`TrainingPlan::of`]), the documents are read and the model trained and
//! saved on another.

use std::path::PathBuf;
use std::sync::{Arc, mpsc};

use egui::{RichText, Ui};

use super::commands::Command;
use crate::entities::tagger::Model;
use crate::project::tagger::{
    Base, RETRAIN_EVERY, Settings, TrainReport, TrainingPlan, save_model, train_project,
    training_signal_count,
};
use crate::project::{Intent, Workspace};

/// The checkbox that marks the open document's names all tagged ("entities done"), so the
/// project's tagger learns from it even where it has no entity tag. Returns the change.
pub fn entities_done_ui(ui: &mut Ui, ws: &Workspace, doc: &str) -> Option<Command> {
    let done = ws
        .project()
        .document_codings
        .0
        .get(doc)
        .is_some_and(|c| c.entities_done);
    let mut checked = done;
    let response = ui
        .checkbox(
            &mut checked,
            RichText::new("All names here are tagged").small(),
        )
        .on_hover_text(
            "Entities done: the tagger learns from this document even if it has no entity \
             tag, every word not tagged as a name counting as not a name.",
        );
    (response.changed() && checked != done).then(|| {
        Command::Project(Intent::SetEntitiesDone {
            doc: doc.to_owned(),
            done: checked,
        })
    })
}

/// What the window says when the project has nothing to teach the tagger yet.
const NOTHING_TO_LEARN: &str = "Nothing to learn from yet: tag names with a code named PER, ORG \
    or LOC (or person, organisation, place), or give a code an entity kind in its menu, or \
    accept or reject suggested names.";

/// A model trained in the background, with what it learnt from and where it was saved.
pub struct Trained {
    /// The model.
    pub model: Arc<Model>,
    /// What it learnt from, and its cross-validated figures.
    pub report: TrainReport,
    /// The model file.
    pub path: PathBuf,
}

/// The project's tagger training: the job running, and what the last one gave.
#[derive(Default)]
pub struct TaggerTraining {
    job: Option<mpsc::Receiver<Result<Trained, String>>>,
    /// The project these figures are about.
    project: Option<PathBuf>,
    /// The project's revision and entity tag count when they were last counted.
    counted: Option<(u64, usize)>,
    /// The entity tags there were when the model was last trained (or the project opened).
    tags_then: Option<usize>,
    /// The last training's report.
    report: Option<TrainReport>,
    /// Why the last training failed.
    error: Option<String>,
    /// Where the last trained model was saved.
    saved: Option<PathBuf>,
}

impl TaggerTraining {
    /// Starts training the project's model in the background (unless a training is running,
    /// or the project is read-only: its model is not written).
    pub fn start(&mut self, ctx: &egui::Context, ws: &Workspace) {
        if self.job.is_some() || ws.is_read_only() {
            return;
        }
        self.follow(ws);
        let plan = TrainingPlan::of(ws);
        let project = ws.path().to_owned();
        self.tags_then = Some(training_signal_count(ws.project()));
        let (tx, rx) = mpsc::channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let settings = Settings::default();
            let set = plan.read(&settings);
            let result = if set.documents.is_empty() && set.suggestions.is_empty() {
                Err(NOTHING_TO_LEARN.to_owned())
            } else {
                train_project(&set, Base::Bundled, &settings)
                    .and_then(|(model, report)| {
                        let path = save_model(&project, &model)?;
                        Ok(Trained {
                            model: Arc::new(model),
                            report,
                            path,
                        })
                    })
                    .map_err(|err| format!("{err:#}"))
            };
            // The receiver is gone only if another project replaced this one.
            let _ = tx.send(result);
            ctx.request_repaint();
        });
        self.job = Some(rx);
        self.error = None;
    }

    /// Forgets what belongs to another project.
    fn follow(&mut self, ws: &Workspace) {
        if self.project.as_deref() != Some(ws.path()) {
            *self = Self {
                project: Some(ws.path().to_owned()),
                ..Self::default()
            };
        }
    }

    /// Picks up a finished training, and starts one when [`RETRAIN_EVERY`] entity tags were
    /// added since the last. Returns the newly trained model.
    pub fn poll(&mut self, ctx: &egui::Context, ws: &Workspace) -> Option<Trained> {
        self.follow(ws);
        let mut trained = None;
        if let Some(job) = &self.job {
            match job.try_recv() {
                Ok(Ok(done)) => {
                    self.report = Some(done.report.clone());
                    self.saved = Some(done.path.clone());
                    self.job = None;
                    trained = Some(done);
                }
                Ok(Err(error)) => {
                    self.error = Some(error);
                    self.job = None;
                }
                Err(mpsc::TryRecvError::Disconnected) => self.job = None,
                Err(mpsc::TryRecvError::Empty) => ctx.request_repaint_after_secs(0.2),
            }
        }
        // Counted with the rest of the project ([`crate::ui::overview`]).
        let Some((_, count)) = self.counted else {
            return trained;
        };
        let then = *self.tags_then.get_or_insert(count);
        if count >= then + RETRAIN_EVERY {
            self.start(ctx, ws);
        }
        trained
    }

    /// The entity tags the project has (and documents marked entities done), as counted at a
    /// revision.
    pub fn set_signal(&mut self, revision: u64, count: usize) {
        self.counted = Some((revision, count));
    }

    /// Whether a training is running.
    pub fn is_training(&self) -> bool {
        self.job.is_some()
    }

    /// The sidebar's lines about the tagger: which model finds the names, how well the
    /// project's does on the analyst's tags, and a button that trains it now. Returns whether
    /// the button was clicked.
    pub fn status_ui(&self, ui: &mut Ui, project_model: bool, read_only: bool) -> bool {
        let mut train = false;
        ui.horizontal_wrapped(|ui| {
            let which = if project_model {
                "Tagger: this project's model"
            } else {
                "Tagger: the bundled model (ANERcorp news)"
            };
            ui.label(RichText::new(which).small());
            if self.is_training() {
                ui.spinner();
                ui.label(RichText::new("training…").small());
            } else if !read_only {
                train = ui
                    .small_button("Train on my tags")
                    .on_hover_text(format!(
                        "Learn from the passages tagged with an entity code (PER, ORG, LOC, \
                         person, organisation, place, or a code mapped to a kind) and from \
                         accepted and rejected suggestions; done by itself after every \
                         {RETRAIN_EVERY} new entity tags."
                    ))
                    .clicked();
            }
        });
        if let Some(report) = &self.report {
            let line = match &report.cross_validation {
                Some(cv) => format!(
                    "On your tags ({}-fold cross-validation, {} names in {} documents): \
                     precision {:.2}, recall {:.2}, F1 {:.2}",
                    cv.folds,
                    report.mention_count(),
                    report.documents,
                    cv.all.precision(),
                    cv.all.recall(),
                    cv.all.f1()
                ),
                None => format!(
                    "Learnt from {} names in {} document(s); tag names in two documents or \
                     more to measure it",
                    report.mention_count(),
                    report.documents
                ),
            };
            ui.label(RichText::new(line).small().weak());
        }
        if let Some(name) = self.saved.as_ref().and_then(|p| p.file_name()) {
            ui.label(
                RichText::new(format!(
                    "Model kept beside the project: {}",
                    name.to_string_lossy()
                ))
                .small()
                .weak(),
            );
        }
        if let Some(error) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, RichText::new(error).small());
        }
        train
    }
}

//! The project's own entity tagger: a model learnt from the analyst's tags, kept beside the
//! project file ([`model_path`]: `qari.ron` → `qari.qtag`) and used instead of the bundled one
//! once it is there.
//!
//! What it learns from ([`TrainingPlan::of`] gathers it without reading a file,
//! [`TrainingPlan::read`] reads the documents; [`training_set`] does both):
//! - **Tagged documents.** A document with at least one annotation whose code stands for an
//!   entity kind ([`crate::annotations::Code::entity_kind`]: codes named PER, ORG, LOC, MISC,
//!   person, organisation, place …), or one the analyst marked "entities done"
//!   ([`crate::annotations::DocumentCoding::entities_done`]), is taken as fully tagged: those
//!   annotations are its names (none, in a marked document without one), every other token is a
//!   negative. Other documents are not used. An
//!   annotation whose range no longer fits its document (a document changed since, or a bad
//!   range) is left out.
//! - **Accepted and rejected suggestions.** The register's entities and aliases the analyst
//!   added (`Add`, `AddAlias`) and the suggestions they rejected (`Dismiss`, a folded form) are
//!   looked for in the documents that are not tagged; the first
//!   [`Settings::sentences_per_form`] sentences where each occurs are learnt from, with that
//!   occurrence labelled (the entity's kind; no name for a rejected form) and the rest of the
//!   sentence labelled by another model ([`train_project`] says which). In a tagged document a
//!   rejected form is already a negative, unless the analyst tagged it there: the tag wins.
//!
//! Every document is given the register's view (bundled register plus the project's edits),
//! as tagging will give it. [`train_project`] trains from the bundled model (a warm start,
//! [`crate::entities::tagger::train_from`]) or from nothing, cross-validates by document and
//! returns the model with a [`TrainReport`]; it is pure (no files), so the window can run it
//! (after [`TrainingPlan::read`]) on a background thread. [`save_model`] and [`load_model`]
//! keep the model beside the project. [`Settings::default`] is what
//! `examples/project_training_eval.rs` measured best: each tagged document shown three times an
//! epoch, eight epochs.
//!
//! This module does not know about the GUI or the command line.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{ProjectFile, Workspace, save};
use crate::annotations::{CodeId, Codebook};
use crate::corpus::DocumentInfo;
use crate::entities::tagger::eval::{Prf, score_docs};
use crate::entities::tagger::{
    GoldSpan, Model, ModelFormatError, RegisterSpan, TrainOptions, TrainingDoc, register_spans,
    train, train_from,
};
use crate::entities::{Entity, Kind, Matcher, Register, RegisterEdit};
use crate::text::FoldOptions;

/// The extension of a project's model file.
pub const MODEL_EXTENSION: &str = "qtag";

/// How many new entity tags make the window retrain the project's model in the background.
pub const RETRAIN_EVERY: usize = 25;

/// The kinds the tagger is scored on (as `../shared/tools/ner-eval` scores them).
pub const SCORED_KINDS: [Kind; 3] = [Kind::Person, Kind::Organisation, Kind::Place];

/// Where a project's model is kept: the project file with the extension `.qtag` instead of
/// `.ron` (`qari.ron` → `qari.qtag`, `article.txt.qari.ron` → `article.txt.qari.qtag`).
pub fn model_path(project: &Path) -> PathBuf {
    project.with_extension(MODEL_EXTENSION)
}

/// What a project's model starts from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Base {
    /// The bundled model (trained on ANERcorp news): its weights are the starting point and
    /// the project's documents are learnt on top (a warm start).
    #[default]
    Bundled,
    /// Nothing: the project's documents alone.
    None,
}

/// Why a project's model could not be trained, read or written. Messages name the file last.
#[derive(Debug, thiserror::Error)]
pub enum ProjectModelError {
    /// The model file could not be read.
    #[error("could not read the project's tagger model ({error}): {path}")]
    Read {
        /// The model file.
        path: PathBuf,
        /// The OS error.
        error: std::io::Error,
    },
    /// The model file is not a model this qari reads (cut short, corrupt, another version).
    #[error("the project's tagger model does not read ({error}); train it again: {path}")]
    Format {
        /// The model file.
        path: PathBuf,
        /// What is wrong with it.
        error: ModelFormatError,
    },
    /// The model file could not be written; the previous one is untouched.
    #[error("could not write the project's tagger model ({error}): {path}")]
    Write {
        /// The model file.
        path: PathBuf,
        /// The OS error.
        error: std::io::Error,
    },
    /// `Base::Bundled` asked for, and the bundled model does not read (a broken build).
    #[error("the bundled tagger model built into this qari does not read")]
    NoBundledModel,
}

/// How [`train_project`] trains.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// The perceptron's options.
    pub options: TrainOptions,
    /// How many times each tagged document is shown an epoch: more makes the project's
    /// documents weigh more against the bundled model's in a warm start.
    pub repeat: usize,
    /// Folds of the cross-validation (fewer when there are fewer tagged documents).
    pub folds: usize,
    /// Sentences learnt from for each accepted or rejected suggestion.
    pub sentences_per_form: usize,
}

impl Default for Settings {
    /// Measured by `examples/project_training_eval.rs` (64 tagged documents of an unseen
    /// corpus): see the README.
    fn default() -> Self {
        Self {
            options: TrainOptions::default(),
            repeat: 3,
            folds: 5,
            sentences_per_form: 3,
        }
    }
}

/// A tagged document of the project, ready to learn from.
#[derive(Clone, Debug)]
pub struct TaggedDocument {
    /// The document's id.
    pub doc: String,
    /// Its text, its names (from the entity-coded annotations) and the register's view.
    pub training: TrainingDoc,
}

/// A sentence of an untagged document where an accepted or rejected suggestion occurs.
#[derive(Clone, Debug)]
pub struct SuggestionSentence {
    /// The document's id.
    pub doc: String,
    /// The sentence's text (from its first token to its last).
    pub text: String,
    /// The register's view of it, in code points of `text`.
    pub register: Vec<RegisterSpan>,
    /// The occurrences whose label is known, in code points of `text`: the kind of an accepted
    /// name, `None` for a rejected form.
    pub known: Vec<(Range<usize>, Option<Kind>)>,
}

/// What a project gives its tagger to learn from (see the module docs).
#[derive(Clone, Debug, Default)]
pub struct TrainingSet {
    /// Documents with at least one entity tag, in corpus order.
    pub documents: Vec<TaggedDocument>,
    /// Sentences of the other documents holding an accepted or rejected suggestion.
    pub suggestions: Vec<SuggestionSentence>,
    /// Documents that could not be read, with why (they are left out).
    pub unreadable: Vec<String>,
}

/// Precision and recall of a model on documents it was not trained on.
#[derive(Clone, Debug, PartialEq)]
pub struct CrossValidation {
    /// How many folds (each tagged document is held out once).
    pub folds: usize,
    /// By kind ([`SCORED_KINDS`]).
    pub per_kind: Vec<(Kind, Prf)>,
    /// Over the kinds.
    pub all: Prf,
}

/// What [`train_project`] learnt from and how well the result does.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainReport {
    /// What the model started from.
    pub base: Base,
    /// Tagged documents learnt from.
    pub documents: usize,
    /// Their tokens.
    pub tokens: usize,
    /// Their names, by kind (kinds without names left out).
    pub mentions: Vec<(Kind, usize)>,
    /// Sentences of accepted or rejected suggestions learnt from.
    pub suggestion_sentences: usize,
    /// Cross-validated figures; `None` with fewer than two tagged documents.
    pub cross_validation: Option<CrossValidation>,
    /// The temperature given to the model (the median of those fitted on the held-out folds).
    pub temperature: f32,
}

impl TrainReport {
    /// All names learnt from.
    pub fn mention_count(&self) -> usize {
        self.mentions.iter().map(|(_, n)| n).sum()
    }
}

/// The codes that stand for an entity kind, with the kind.
fn entity_codes(codebook: &Codebook) -> HashMap<CodeId, Kind> {
    codebook
        .codes
        .iter()
        .filter_map(|c| Some((c.id, c.entity_kind()?)))
        .collect()
}

/// How many annotations of a project are entity tags (carry a code that stands for an entity
/// kind), plus the documents marked entities done: the window retrains after [`RETRAIN_EVERY`]
/// new ones.
pub fn training_signal_count(project: &ProjectFile) -> usize {
    let codes = entity_codes(&project.codebook);
    let tags = project
        .annotations
        .iter()
        .filter(|a| a.codes.iter().any(|c| codes.contains_key(c)))
        .count();
    tags + done_documents(project).count()
}

/// The documents marked entities done.
fn done_documents(project: &ProjectFile) -> impl Iterator<Item = &str> {
    project
        .document_codings
        .0
        .values()
        .filter(|c| c.entities_done)
        .map(|c| c.doc.as_str())
}

/// The accepted names (kind known) and rejected forms (`None`) of a project's register edits,
/// as a register to find them with (one entity each) and the label of each entity.
fn suggestion_forms(edits: &[RegisterEdit], register: &Register) -> (Register, Vec<Option<Kind>>) {
    let mut forms = Register::default();
    let mut labels = Vec::new();
    let mut push = |alias: &str, label: Option<Kind>| {
        forms.entities.push(Entity {
            canonical: format!("{}:{alias}", forms.entities.len()),
            kind: label.unwrap_or(Kind::Other),
            aliases: vec![alias.to_owned()],
            note: None,
        });
        labels.push(label);
    };
    for edit in edits {
        match edit {
            RegisterEdit::Add(entity) => {
                // The kind it has now (a later edit may have changed it).
                let kind = register
                    .get(&entity.canonical)
                    .map_or(entity.kind, |e| e.kind);
                for alias in &entity.aliases {
                    push(alias, Some(kind));
                }
            }
            RegisterEdit::AddAlias { entity, alias } => {
                if let Some(e) = register.get(entity) {
                    push(alias, Some(e.kind));
                }
            }
            RegisterEdit::Dismiss { candidate } => push(candidate, None),
            _ => {}
        }
    }
    (forms, labels)
}

/// What a project's tagger is to learn from, gathered from a workspace without reading a file
/// (cheap enough for the window's thread); [`TrainingPlan::read`] then reads the documents and
/// makes the [`TrainingSet`], on any thread.
#[derive(Clone, Debug, Default)]
pub struct TrainingPlan {
    /// The tagged documents, in corpus order, with their names.
    tagged: Vec<(DocumentInfo, Vec<GoldSpan>)>,
    /// The other documents, searched for accepted and rejected suggestions.
    untagged: Vec<DocumentInfo>,
    /// The project's register edits.
    register: Vec<RegisterEdit>,
}

impl TrainingPlan {
    /// The plan of a workspace: each document with at least one entity tag (an annotation with
    /// a code that stands for an entity kind, whose range fits the document as it is now) or
    /// marked entities done, and its names; the other documents; the register edits.
    pub fn of(ws: &Workspace) -> Self {
        let project = ws.project();
        let codes = entity_codes(&project.codebook);
        let done: std::collections::HashSet<&str> = done_documents(project).collect();
        let corpus = ws.corpus();
        let mut plan = Self {
            register: project.register.clone(),
            ..Self::default()
        };
        for info in &corpus.documents {
            let spans: Vec<GoldSpan> = project
                .annotations
                .in_doc(&info.id)
                .iter()
                .filter(|a| a.hash == info.hash && ws.unexportable(a).is_none())
                .filter_map(|a| {
                    let kind = a.codes.iter().find_map(|c| codes.get(c))?;
                    Some(GoldSpan {
                        range: a.range(),
                        kind: *kind,
                    })
                })
                .collect();
            if spans.is_empty() && !done.contains(info.id.as_str()) {
                plan.untagged.push(info.clone());
            } else {
                plan.tagged.push((info.clone(), spans));
            }
        }
        plan
    }

    /// Tagged documents in the plan.
    pub fn tagged_documents(&self) -> usize {
        self.tagged.len()
    }

    /// Reads the documents and makes the training set (see the module docs). The untagged
    /// documents are read only when the register edits hold accepted or rejected suggestions.
    /// A document that cannot be read is left out, and said in [`TrainingSet::unreadable`].
    pub fn read(&self, settings: &Settings) -> TrainingSet {
        let register = Register::with_edits(&self.register);
        let matcher = Matcher::new(&register, FoldOptions::default());
        let mut set = TrainingSet::default();
        let read: Vec<Result<TaggedDocument, String>> = self
            .tagged
            .par_iter()
            .map(|(info, spans)| {
                let text = info.read().map_err(|e| e.to_string())?.text;
                Ok(TaggedDocument {
                    doc: info.id.clone(),
                    training: TrainingDoc {
                        register: register_spans(&matcher, &register, &text),
                        text,
                        spans: spans.clone(),
                    },
                })
            })
            .collect();
        for doc in read {
            match doc {
                Ok(doc) => set.documents.push(doc),
                Err(err) => set.unreadable.push(err),
            }
        }
        let (forms, labels) = suggestion_forms(&self.register, &register);
        if forms.entities.is_empty() || settings.sentences_per_form == 0 {
            return set;
        }
        let finder = Matcher::new(&forms, FoldOptions::default());
        let found: Vec<Result<Vec<(usize, SuggestionSentence)>, String>> = self
            .untagged
            .par_iter()
            .map(|info| {
                let text = info.read().map_err(|e| e.to_string())?.text;
                let occurrences = finder.find(&text);
                if occurrences.is_empty() {
                    return Ok(Vec::new());
                }
                let chars: Vec<char> = text.chars().collect();
                Ok(sentences_with(&text, &occurrences, &labels)
                    .into_iter()
                    .map(|(range, known, form)| {
                        let sentence: String = chars[range].iter().collect();
                        let view = register_spans(&matcher, &register, &sentence);
                        let sentence = SuggestionSentence {
                            doc: info.id.clone(),
                            text: sentence,
                            register: view,
                            known,
                        };
                        (form, sentence)
                    })
                    .collect())
            })
            .collect();
        let mut per_form: HashMap<usize, usize> = HashMap::new();
        for result in found {
            match result {
                Ok(sentences) => {
                    for (form, sentence) in sentences {
                        let taken = per_form.entry(form).or_default();
                        if *taken < settings.sentences_per_form {
                            *taken += 1;
                            set.suggestions.push(sentence);
                        }
                    }
                }
                Err(err) => set.unreadable.push(err),
            }
        }
        set
    }
}

/// What a workspace's annotations and register edits give its tagger to learn from:
/// [`TrainingPlan::of`] and [`TrainingPlan::read`] at once.
pub fn training_set(ws: &Workspace, settings: &Settings) -> TrainingSet {
    TrainingPlan::of(ws).read(settings)
}

/// The sentences of a text holding occurrences of suggestion forms: each sentence's code
/// points, its occurrences (relative to the sentence) with their labels, and the first form it
/// holds.
type FoundSentence = (Range<usize>, Vec<(Range<usize>, Option<Kind>)>, usize);

fn sentences_with(
    text: &str,
    occurrences: &[crate::entities::Mention],
    labels: &[Option<Kind>],
) -> Vec<FoundSentence> {
    let mut out: Vec<FoundSentence> = Vec::new();
    for sentence in crate::text::tokens::sentences(text) {
        let (Some(first), Some(last)) = (sentence.first(), sentence.last()) else {
            continue;
        };
        let range = first.start..last.end;
        let inside: Vec<&crate::entities::Mention> = occurrences
            .iter()
            .filter(|m| m.range.start >= range.start && m.range.end <= range.end)
            .collect();
        let Some(form) = inside.first().map(|m| m.entity) else {
            continue;
        };
        let known = inside
            .iter()
            .map(|m| {
                let label = labels.get(m.entity).copied().flatten();
                (
                    m.range.start - range.start..m.range.end - range.start,
                    label,
                )
            })
            .collect();
        out.push((range, known, form));
    }
    out
}

/// A suggestion sentence as a training document: its known occurrences labelled as known, the
/// rest as `labeller` tags it (none: not names).
fn label_suggestion(sentence: &SuggestionSentence, labeller: Option<&Model>) -> TrainingDoc {
    let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
    let mut spans: Vec<GoldSpan> = sentence
        .known
        .iter()
        .filter_map(|(range, kind)| {
            Some(GoldSpan {
                range: range.clone(),
                kind: (*kind)?,
            })
        })
        .collect();
    if let Some(model) = labeller {
        for m in model.tag(&sentence.text, &sentence.register) {
            let range = m.start..m.end;
            if !sentence.known.iter().any(|(k, _)| overlaps(k, &range)) {
                spans.push(GoldSpan {
                    range,
                    kind: m.kind,
                });
            }
        }
    }
    spans.sort_by_key(|s| s.range.start);
    TrainingDoc {
        text: sentence.text.clone(),
        spans,
        register: sentence.register.clone(),
    }
}

/// Tokens of a text.
fn token_count(text: &str) -> usize {
    crate::text::tokens::sentences(text)
        .iter()
        .map(Vec::len)
        .sum()
}

/// Trains a model on `docs` (each shown `settings.repeat` times an epoch) from `base`.
fn fit(
    base: Option<&Model>,
    docs: &[&TrainingDoc],
    extra: &[TrainingDoc],
    settings: &Settings,
) -> Model {
    let shown: Vec<TrainingDoc> = (0..settings.repeat.max(1))
        .flat_map(|_| docs.iter().map(|d| (*d).clone()))
        .chain(extra.iter().cloned())
        .collect();
    match base {
        Some(base) => train_from(base, &shown, settings.options),
        None => train(&shown, settings.options),
    }
}

/// Trains the project's model from its training set, and measures it by k-fold
/// cross-validation over the tagged documents (fold = position mod k; each fold's model is
/// trained the same way and scored with `ner-eval`'s rule on the documents held out). The
/// suggestion sentences are labelled once, by the bundled model with `Base::Bundled`, with
/// `Base::None` by a model first trained on the tagged documents; every fold and the final
/// model learn from them. Pure: reads and writes no file; the folds run in parallel.
pub fn train_project(
    set: &TrainingSet,
    base: Base,
    settings: &Settings,
) -> Result<(Model, TrainReport), ProjectModelError> {
    let bundled = match base {
        Base::Bundled => {
            Some(crate::entities::tagger::bundled().ok_or(ProjectModelError::NoBundledModel)?)
        }
        Base::None => None,
    };
    let base_model = bundled.as_deref();
    let docs: Vec<&TrainingDoc> = set.documents.iter().map(|d| &d.training).collect();
    let first_pass;
    let labeller = match base_model {
        Some(model) => Some(model),
        None if !set.suggestions.is_empty() && !docs.is_empty() => {
            first_pass = fit(None, &docs, &[], settings);
            Some(&first_pass)
        }
        None => None,
    };
    let extra: Vec<TrainingDoc> = set
        .suggestions
        .iter()
        .map(|s| label_suggestion(s, labeller))
        .collect();
    let folds = settings.folds.min(docs.len());
    // The final model and the folds' at once (each training runs on one core).
    let (mut model, results) = rayon::join(
        || fit(base_model, &docs, &extra, settings),
        || {
            (folds >= 2).then(|| {
                (0..folds)
                    .into_par_iter()
                    .map(|fold| run_fold(base_model, &docs, &extra, settings, fold, folds))
                    .collect::<Vec<Fold>>()
            })
        },
    );
    let temperature = match &results {
        Some(results) => {
            let mut t: Vec<f32> = results.iter().map(|r| r.temperature).collect();
            t.sort_by(f32::total_cmp);
            t[t.len() / 2]
        }
        None => base_model.map_or(1.0, Model::temperature),
    };
    model.set_temperature(temperature);
    let cross_validation = results.map(|results| {
        let mut per_kind: Vec<(Kind, Prf)> =
            SCORED_KINDS.iter().map(|k| (*k, Prf::default())).collect();
        let mut all = Prf::default();
        for fold in &results {
            for ((_, sum), (_, p)) in per_kind.iter_mut().zip(&fold.per_kind) {
                sum.add(p);
            }
            all.add(&fold.all);
        }
        CrossValidation {
            folds,
            per_kind,
            all,
        }
    });
    let mentions: Vec<(Kind, usize)> = Kind::ALL
        .iter()
        .map(|k| {
            let n = docs
                .iter()
                .map(|d| d.spans.iter().filter(|s| s.kind == *k).count())
                .sum();
            (*k, n)
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let report = TrainReport {
        base,
        documents: docs.len(),
        tokens: docs.iter().map(|d| token_count(&d.text)).sum(),
        mentions,
        suggestion_sentences: extra.len(),
        cross_validation,
        temperature,
    };
    Ok((model, report))
}

/// One fold of the cross-validation: the figures on its held-out documents and the
/// temperature fitted on them.
struct Fold {
    per_kind: Vec<(Kind, Prf)>,
    all: Prf,
    temperature: f32,
}

/// Trains on every tagged document but those of fold `fold` (position mod `folds`) and scores
/// on those.
fn run_fold(
    base: Option<&Model>,
    docs: &[&TrainingDoc],
    extra: &[TrainingDoc],
    settings: &Settings,
    fold: usize,
    folds: usize,
) -> Fold {
    let in_fold = |i: &usize| i % folds == fold;
    let pick = |held: bool| -> Vec<&TrainingDoc> {
        docs.iter()
            .enumerate()
            .filter(|(i, _)| in_fold(i) == held)
            .map(|(_, d)| *d)
            .collect()
    };
    let (held, kept) = (pick(true), pick(false));
    let model = fit(base, &kept, extra, settings);
    let held_owned: Vec<TrainingDoc> = held.iter().map(|d| (*d).clone()).collect();
    let temperature = model.fit_temperature(&held_owned);
    let (per_kind, all) = score_on(&model, &held);
    Fold {
        per_kind,
        all,
        temperature,
    }
}

/// Scores a model's tags of documents against their names, by kind and over them.
fn score_on(model: &Model, docs: &[&TrainingDoc]) -> (Vec<(Kind, Prf)>, Prf) {
    score_docs(docs, &SCORED_KINDS, |d| {
        model
            .tag(&d.text, &d.register)
            .into_iter()
            .map(|m| (m.start, m.end, m.kind))
            .collect()
    })
}

/// Writes a project's model beside its project file ([`model_path`]), atomically: the previous
/// model stays whole until the new one is complete. Returns the model file's path.
pub fn save_model(project: &Path, model: &Model) -> Result<PathBuf, ProjectModelError> {
    let path = model_path(project);
    save::write_atomic(&path, &model.to_bytes()).map_err(|error| ProjectModelError::Write {
        path: path.clone(),
        error,
    })?;
    Ok(path)
}

/// Reads a project's model from beside its project file; `None` when it has none yet.
pub fn load_model(project: &Path) -> Result<Option<Model>, ProjectModelError> {
    let path = model_path(project);
    if let Err(error) = save::regular_or_missing(&path) {
        return Err(ProjectModelError::Read { path, error });
    }
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(ProjectModelError::Read { path, error }),
    };
    Model::from_bytes(&bytes)
        .map(Some)
        .map_err(|error| ProjectModelError::Format { path, error })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_lives_beside_the_project_file() {
        assert_eq!(
            model_path(Path::new("/corpus/qari.ron")),
            Path::new("/corpus/qari.qtag")
        );
        assert_eq!(
            model_path(Path::new("/news/article.txt.qari.ron")),
            Path::new("/news/article.txt.qari.qtag")
        );
    }

    #[test]
    fn occurrences_of_forms_give_their_sentences_with_the_labels_known() {
        let forms = Register {
            entities: vec![
                Entity {
                    canonical: "0:ألما آتا".into(),
                    kind: Kind::Place,
                    aliases: vec!["ألما آتا".into()],
                    note: None,
                },
                Entity {
                    canonical: "1:قوات".into(),
                    kind: Kind::Other,
                    aliases: vec!["قوات".into()],
                    note: None,
                },
            ],
        };
        let labels = [Some(Kind::Place), None];
        let text = "وصلت قوات إلى ألما آتا. لا شيء هنا.\nوفي ألما آتا هدوء.";
        let found = Matcher::new(&forms, FoldOptions::default()).find(text);
        let sentences = sentences_with(text, &found, &labels);
        let chars: Vec<char> = text.chars().collect();
        type Shown = (String, Vec<(String, Option<Kind>)>);
        let shown: Vec<Shown> = sentences
            .iter()
            .map(|(range, known, _)| {
                let s: Vec<char> = chars[range.clone()].to_vec();
                (
                    s.iter().collect(),
                    known
                        .iter()
                        .map(|(r, k)| (s[r.clone()].iter().collect(), *k))
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "وصلت قوات إلى ألما آتا.".to_owned(),
                    vec![
                        ("قوات".to_owned(), None),
                        ("ألما آتا".to_owned(), Some(Kind::Place))
                    ]
                ),
                (
                    "وفي ألما آتا هدوء.".to_owned(),
                    vec![("ألما آتا".to_owned(), Some(Kind::Place))]
                ),
            ]
        );
    }
}

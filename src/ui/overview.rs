//! What the window counts over the whole project: passages per code, the coders, what needs a
//! look, and the entity tags the tagger learns from. Counted again when the project changes;
//! for a small project on the frame, for a large one on a thread of its own from a copy of the
//! workspace ([`Workspace::snapshot`]), the panels showing the last counts meanwhile, so that
//! tagging in a project of 100,000 annotations never waits for a count (issue 20).

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, mpsc};

use super::coding::AttentionRow;
use crate::annotations::CodeId;
use crate::project::Workspace;

/// Below this many annotations the counts are made on the frame (a few milliseconds at most).
pub const COUNTED_ON_THE_FRAME_BELOW: usize = 20_000;

/// The counts of one revision of the project.
#[derive(Debug)]
pub struct Overview {
    /// The [`Workspace::revision`] counted.
    pub revision: u64,
    /// Passages per code, in the whole corpus.
    pub per_code: HashMap<CodeId, usize>,
    /// Who made the annotations, in order.
    pub authors: Vec<String>,
    /// What needs a look, a row each.
    pub attention: Arc<[AttentionRow]>,
    /// Entity tags and documents marked entities done ([`crate::project::tagger`]).
    pub training_signal: usize,
}

impl Overview {
    /// Counts a workspace.
    pub fn of(ws: &Workspace) -> Self {
        let mut per_code: HashMap<CodeId, usize> = HashMap::new();
        let mut authors: BTreeSet<&str> = BTreeSet::new();
        for a in ws.project().annotations.iter() {
            for code in &a.codes {
                *per_code.entry(*code).or_default() += 1;
            }
            authors.insert(&a.author);
        }
        Self {
            revision: ws.revision(),
            per_code,
            authors: authors.into_iter().map(str::to_owned).collect(),
            attention: super::coding::attention_rows(ws).into(),
            training_signal: crate::project::tagger::training_signal_count(ws.project()),
        }
    }
}

/// The last counts, and the counting under way.
pub struct Counting {
    last: Option<Arc<Overview>>,
    running: Option<(u64, mpsc::Receiver<Overview>)>,
    /// Projects with fewer annotations are counted on the frame.
    on_the_frame_below: usize,
}

impl Default for Counting {
    fn default() -> Self {
        Self {
            last: None,
            running: None,
            on_the_frame_below: COUNTED_ON_THE_FRAME_BELOW,
        }
    }
}

impl Counting {
    /// Counts the workspace when it changed (on the frame, or on a thread when it is large)
    /// and takes in counts that are done; the latest counts (`None` before the first are).
    pub fn refresh(&mut self, ctx: &egui::Context, ws: &Workspace) -> Option<Arc<Overview>> {
        if let Some((_, done)) = &self.running {
            match done.try_recv() {
                Ok(overview) => {
                    self.last = Some(Arc::new(overview));
                    self.running = None;
                }
                Err(mpsc::TryRecvError::Empty) => {}
                Err(mpsc::TryRecvError::Disconnected) => self.running = None,
            }
        }
        let revision = ws.revision();
        let fresh = self.last.as_ref().is_some_and(|o| o.revision == revision);
        let counting = self.running.as_ref().is_some_and(|(r, _)| *r == revision);
        if !fresh && !counting {
            if ws.project().annotations.len() < self.on_the_frame_below {
                self.last = Some(Arc::new(Overview::of(ws)));
                self.running = None;
            } else if self.running.is_none() {
                // One count at a time: the next starts when this one is done, from the
                // project as it is then.
                self.start(ctx, ws);
            }
        }
        self.last.clone()
    }

    /// The counts last made (without counting again).
    pub fn last(&self) -> Option<&Arc<Overview>> {
        self.last.as_ref()
    }

    /// Whether a count is under way.
    pub fn is_counting(&self) -> bool {
        self.running.is_some()
    }

    /// Counts projects of this many annotations or more on a thread (tests).
    pub fn set_on_the_frame_below(&mut self, annotations: usize) {
        self.on_the_frame_below = annotations;
    }

    /// Forgets the counts (another project was opened).
    pub fn reset(&mut self) {
        *self = Self {
            on_the_frame_below: self.on_the_frame_below,
            ..Self::default()
        };
    }

    fn start(&mut self, ctx: &egui::Context, ws: &Workspace) {
        let copy = ws.snapshot();
        let (send, done) = mpsc::channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("qari-counts".into())
            .spawn(move || {
                super::background::step_aside();
                // The window may have closed meanwhile.
                let _ = send.send(Overview::of(&copy));
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.running = Some((ws.revision(), done)),
            // No thread to be had: counted here, late rather than never.
            Err(_) => self.last = Some(Arc::new(Overview::of(ws))),
        }
    }
}

//! The collocates of the search shown ([`crate::search::collocates`]): the words most associated
//! with its hits within a window of words, ranked by log-likelihood or mutual information, with
//! their counts in the windows and in the corpus. Counted in the background once the search is
//! done (the corpus's own word counts once per index), again when the window, the measure or
//! the least count change. Rows have one height, so only the visible ones are drawn.

use std::sync::{Arc, mpsc};

use egui::{DragValue, ScrollArea, Slider, Ui, vec2};

use super::Results;
use crate::search::SearchIndex;
use crate::search::collocates::{Collocate, Measure, Options, collocates};
use crate::ui::text;

/// What a table is counted for: the search (its number) and the options.
type Key = (u64, usize, Measure, u32);

/// The collocates view's options and table.
#[derive(Default)]
pub(super) struct Collocates {
    options: Options,
    table: Option<(Key, Arc<[Collocate]>)>,
    job: Option<(Key, mpsc::Receiver<Vec<Collocate>>)>,
}

impl Collocates {
    fn key(&self, results: &Results) -> Key {
        let o = self.options;
        (results.id, o.window, o.measure, o.min_count)
    }

    /// Counting in the background.
    pub fn is_working(&self) -> bool {
        self.job.is_some()
    }

    /// Picks up a table counted in the background; starts counting one when the table is not
    /// for the finished search and the options chosen.
    fn poll(&mut self, ctx: &egui::Context, index: &Arc<SearchIndex>, results: &Results) {
        if let Some((key, rx)) = &self.job {
            match rx.try_recv() {
                Ok(table) => {
                    self.table = Some((*key, table.into()));
                    self.job = None;
                }
                Err(mpsc::TryRecvError::Empty) => ctx.request_repaint_after_secs(0.05),
                Err(mpsc::TryRecvError::Disconnected) => self.job = None,
            }
        }
        if !results.done {
            return;
        }
        let key = self.key(results);
        let asked = self
            .job
            .as_ref()
            .map(|(k, _)| *k)
            .or(self.table.as_ref().map(|(k, _)| *k));
        if asked != Some(key) {
            let (tx, rx) = mpsc::channel();
            let (index, hits, options, ctx) = (
                index.clone(),
                results.hits.clone(),
                self.options,
                ctx.clone(),
            );
            std::thread::spawn(move || {
                let table = super::jobs::in_search_pool(|| collocates(&index, &hits, options));
                let _ = tx.send(table);
                ctx.request_repaint();
            });
            self.job = Some((key, rx));
        }
    }

    /// The options and the table.
    pub fn collocates_ui(&mut self, ui: &mut Ui, index: &Arc<SearchIndex>, results: &Results) {
        self.poll(ui.ctx(), index, results);
        ui.horizontal_wrapped(|ui| {
            ui.add(Slider::new(&mut self.options.window, 1..=10).text("words each side"));
            ui.separator();
            ui.selectable_value(
                &mut self.options.measure,
                Measure::LogLikelihood,
                "log-likelihood",
            );
            ui.selectable_value(
                &mut self.options.measure,
                Measure::MutualInformation,
                "mutual information",
            );
            ui.separator();
            ui.label("seen at least");
            ui.add(DragValue::new(&mut self.options.min_count).range(1..=1000));
            ui.label("times");
            if self.job.is_some() || !results.done {
                ui.spinner();
            }
        });
        let Some((_, table)) = &self.table else {
            return;
        };
        let body = ui.style().text_styles[&egui::TextStyle::Body].size;
        let height = (body * 1.8).round();
        let columns = ["count", "in corpus", "log-likelihood", "MI"];
        let cell = 110.0;
        ui.horizontal(|ui| {
            ui.add_sized(vec2(200.0, height), egui::Label::new("word"));
            for name in columns {
                ui.add_sized(vec2(cell, height), egui::Label::new(name));
            }
        });
        ScrollArea::vertical()
            .id_salt("collocates")
            .auto_shrink([false, false])
            .show_rows(ui, height, table.len(), |ui, rows| {
                for row in rows {
                    let Some(c) = table.get(row) else {
                        continue;
                    };
                    ui.horizontal(|ui| {
                        let (rect, _) =
                            ui.allocate_exact_size(vec2(200.0, height), egui::Sense::hover());
                        text::paint_line(
                            ui.painter(),
                            &c.word,
                            body + 1.0,
                            rect,
                            ui.visuals().text_color(),
                        );
                        let values = [
                            c.count.to_string(),
                            c.corpus_count.to_string(),
                            format!("{:.1}", c.log_likelihood),
                            format!("{:.2}", c.mutual_information),
                        ];
                        for value in values {
                            ui.add_sized(vec2(cell, height), egui::Label::new(value));
                        }
                    });
                }
            });
    }
}

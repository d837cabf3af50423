//! Counts over time: mentions of chosen entities, or passages of chosen codes, per day, week
//! or month, by the documents' dates.

use jiff::civil::Date;

use super::{Filter, Source, csv_writer, finish, io, neutralise};
use crate::analysis::svg::{LINE_COLOURS, Series, timeline as timeline_svg};
use crate::analysis::timeline::{Period, timeline};
use crate::annotations::{Annotations, CodeId, Codebook};
use crate::entities::Register;

/// What a timeline counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimelineOf {
    /// Mentions of entities.
    #[default]
    Entities,
    /// A project's passages, per code.
    Codes,
    /// Hits of a search.
    Search,
}

impl TimelineOf {
    /// Every kind, in the order offered.
    pub const ALL: [Self; 3] = [Self::Entities, Self::Codes, Self::Search];

    /// Its name ("entities").
    pub fn label(self) -> &'static str {
        match self {
            Self::Entities => "entities",
            Self::Codes => "codes",
            Self::Search => "search hits",
        }
    }
}

/// One line of a timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Its name (an entity's English name, or a code's path).
    pub label: String,
    /// Its Arabic name (empty: none).
    pub arabic: String,
    /// Its colour, `#rrggbb`.
    pub colour: String,
    /// Its count per period.
    pub counts: Vec<usize>,
}

/// A timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineChart {
    /// What is counted ("mentions", "passages").
    pub what: &'static str,
    /// The period.
    pub period: Period,
    /// The first day of each period.
    pub periods: Vec<Date>,
    /// A line per entity or code.
    pub lines: Vec<Line>,
    /// Events counted.
    pub counted: usize,
    /// Documents counted.
    pub documents: usize,
    /// Documents left out for having no date.
    pub undated: usize,
}

/// The register entities named (English names or aliases, any case).
pub fn entities_named(register: &Register, names: &[String]) -> Result<Vec<usize>, String> {
    names
        .iter()
        .map(|name| {
            let wanted = name.trim().to_lowercase();
            register
                .entities
                .iter()
                .position(|e| {
                    e.canonical.to_lowercase() == wanted
                        || e.aliases.iter().any(|a| a.to_lowercase() == wanted)
                })
                .ok_or_else(|| format!("no entity {name:?} in the register"))
        })
        .collect()
}

impl TimelineChart {
    /// Mentions of `chosen` entities per period; `dates` holds each document's date.
    pub fn of_entities(
        source: &Source<'_>,
        filter: &Filter,
        chosen: &[usize],
        dates: &[Option<Date>],
        period: Period,
    ) -> Self {
        let events: Vec<(Date, usize)> = source
            .mentions
            .iter()
            .filter(|m| filter.counts_doc(m.doc))
            .filter_map(|m| {
                let series = chosen.iter().position(|e| *e == m.entity)?;
                Some((dates.get(m.doc).copied().flatten()?, series))
            })
            .collect();
        let line = timeline(&events, chosen.len(), period);
        let lines = chosen
            .iter()
            .zip(line.counts)
            .enumerate()
            .map(|(k, (e, counts))| {
                let entity = source.register.entities.get(*e);
                Line {
                    label: entity.map_or_else(String::new, |e| e.canonical.clone()),
                    arabic: entity
                        .and_then(|e| e.arabic_name())
                        .unwrap_or_default()
                        .to_owned(),
                    colour: LINE_COLOURS[k % LINE_COLOURS.len()].to_owned(),
                    counts,
                }
            })
            .collect();
        let kept = |d: &usize| filter.counts_doc(*d);
        Self {
            what: "mentions",
            period,
            periods: line.periods,
            lines,
            counted: events.len(),
            documents: (0..dates.len()).filter(kept).count(),
            undated: (0..dates.len())
                .filter(kept)
                .filter(|d| dates[*d].is_none())
                .count(),
        }
    }

    /// Passages of `chosen` codes per period, by their documents' dates (`date_of` a document
    /// id).
    pub fn of_codes(
        annotations: &Annotations,
        book: &Codebook,
        chosen: &[CodeId],
        date_of: &dyn Fn(&str) -> Option<Date>,
        period: Period,
    ) -> Self {
        let mut events = Vec::new();
        let mut docs: std::collections::BTreeMap<&str, bool> = Default::default();
        for a in annotations.iter() {
            let date = date_of(&a.doc);
            docs.insert(a.doc.as_str(), date.is_some());
            let Some(date) = date else {
                continue;
            };
            for code in &a.codes {
                if let Some(series) = chosen.iter().position(|c| c == code) {
                    events.push((date, series));
                }
            }
        }
        let line = timeline(&events, chosen.len(), period);
        let lines = chosen
            .iter()
            .zip(line.counts)
            .map(|(code, counts)| Line {
                label: book.path(*code),
                arabic: String::new(),
                colour: super::rgb(book.get(*code).map_or([128, 128, 128], |c| c.colour.0)),
                counts,
            })
            .collect();
        Self {
            what: "passages",
            period,
            periods: line.periods,
            lines,
            counted: events.len(),
            documents: docs.len(),
            undated: docs.values().filter(|dated| !**dated).count(),
        }
    }

    /// Hits of a search per period: `hits` holds each document's hits (by its index in
    /// `dates`).
    pub fn of_hits(
        hits: &[(usize, Vec<std::ops::Range<usize>>)],
        dates: &[Option<Date>],
        period: Period,
    ) -> Self {
        let mut events = Vec::new();
        let mut undated = 0;
        for (doc, found) in hits {
            match dates.get(*doc).copied().flatten() {
                Some(date) => events.extend(found.iter().map(|_| (date, 0))),
                None => undated += 1,
            }
        }
        let line = timeline(&events, 1, period);
        Self {
            what: "hits",
            period,
            periods: line.periods,
            lines: line
                .counts
                .into_iter()
                .map(|counts| Line {
                    label: "hits".to_owned(),
                    arabic: String::new(),
                    colour: LINE_COLOURS[0].to_owned(),
                    counts,
                })
                .collect(),
            counted: events.len(),
            documents: hits.len(),
            undated,
        }
    }

    /// A period's name: `2015-07` for a month, its first day otherwise.
    pub fn period_name(&self, start: Date) -> String {
        match self.period {
            Period::Month => format!("{:04}-{:02}", start.year(), start.month()),
            Period::Day | Period::Week => start.to_string(),
        }
    }

    /// What the chart shows, in a line.
    pub fn said(&self) -> String {
        let mut said = format!(
            "{} lines, {} {} over {} {}s",
            self.lines.len(),
            self.counted,
            self.what,
            self.periods.len(),
            self.period.name()
        );
        if self.undated > 0 {
            said.push_str(&format!(
                " ({} of {} documents have no date and are left out)",
                self.undated, self.documents
            ));
        }
        said
    }

    /// The chart as an SVG document.
    pub fn svg(&self) -> String {
        let series: Vec<Series> = self
            .lines
            .iter()
            .map(|l| Series {
                label: l.label.clone(),
                arabic: l.arabic.clone(),
                counts: l.counts.clone(),
                colour: l.colour.clone(),
            })
            .collect();
        let periods: Vec<String> = self.periods.iter().map(|p| self.period_name(*p)).collect();
        let title = format!("{} per {}", capitalised(self.what), self.period.name());
        timeline_svg(&title, &periods, &series)
    }

    /// The counts: (series, period, start, count); the column of the series is named after
    /// what it is ("entity" or "code").
    pub fn csv(&self) -> std::io::Result<Vec<u8>> {
        let mut csv = csv_writer();
        let name = match self.what {
            "passages" => "code",
            "hits" => "query",
            _ => "entity",
        };
        csv.write_record([name, "period", "start", self.what])
            .map_err(io)?;
        for line in &self.lines {
            for (start, count) in self.periods.iter().zip(&line.counts) {
                csv.write_record([
                    neutralise(&line.label).as_str(),
                    self.period.name(),
                    &start.to_string(),
                    &count.to_string(),
                ])
                .map_err(io)?;
            }
        }
        finish(csv)
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

//! The most mentioned entities, a bar each: how often each is mentioned and in how many
//! documents.

use super::{
    EntityRow, Filter, Source, csv_writer, documents_said, finish, io, kind_hex, neutralise,
    top_entities,
};
use crate::analysis::svg::{Bar, bar_chart};

/// The bar chart of the most mentioned entities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityBars {
    /// A bar each, most mentioned first.
    pub rows: Vec<EntityRow>,
    /// Every mention counted (of every entity, shown or not).
    pub mentions: usize,
    /// The documents counted.
    pub documents: usize,
}

impl EntityBars {
    /// The chart of what `filter` shows.
    pub fn build(source: &Source<'_>, filter: &Filter) -> Self {
        let documents = (0..source.docs.len())
            .filter(|d| filter.counts_doc(*d))
            .count();
        Self {
            rows: top_entities(source, filter),
            mentions: source
                .mentions
                .iter()
                .filter(|m| filter.counts_doc(m.doc))
                .count(),
            documents,
        }
    }

    /// What the chart shows, in a line.
    pub fn said(&self) -> String {
        format!(
            "{} entities of {} mentions in {} documents",
            self.rows.len(),
            self.mentions,
            self.documents
        )
    }

    /// The chart's title.
    pub fn title(&self) -> String {
        format!(
            "The {} most mentioned entities in {} documents",
            self.rows.len(),
            self.documents
        )
    }

    /// The chart as an SVG document.
    pub fn svg(&self) -> String {
        let bars: Vec<Bar> = self
            .rows
            .iter()
            .map(|row| Bar {
                label: row.name.clone(),
                arabic: row.arabic.clone(),
                value: row.mentions,
                detail: documents_said(row.documents),
                colour: kind_hex(row.kind),
            })
            .collect();
        bar_chart(&self.title(), "mentions", &bars)
    }

    /// The data behind the chart: (entity, arabic, kind, mentions, documents).
    pub fn csv(&self) -> std::io::Result<Vec<u8>> {
        let mut csv = csv_writer();
        csv.write_record(["entity", "arabic", "kind", "mentions", "documents"])
            .map_err(io)?;
        for row in &self.rows {
            csv.write_record([
                neutralise(&row.name).as_str(),
                neutralise(&row.arabic).as_str(),
                row.kind.as_str(),
                &row.mentions.to_string(),
                &row.documents.to_string(),
            ])
            .map_err(io)?;
        }
        finish(csv)
    }
}

//! Mentions as columns (a dict of equal-length lists), the shape a data frame or an Arrow
//! record batch is built from in one step: `find_batch`, `entities`.

use pyo3::prelude::*;
use pyo3::types::PyDict;
use qari::entities::line::{MentionLine, score_value};
use qari::entities::{MentionRecord, Register};

/// Where the rows come from: the position of each text in the batch, and its document id when
/// the caller gave ids (or the corpus has them).
#[derive(Default)]
pub(crate) struct MentionColumns {
    row: Vec<usize>,
    doc: Option<Vec<String>>,
    start: Vec<usize>,
    end: Vec<usize>,
    text: Vec<String>,
    entity: Vec<Option<String>>,
    kind: Vec<&'static str>,
    kind_type: Vec<&'static str>,
    prefix: Vec<String>,
    source: Vec<&'static str>,
    score: Vec<f64>,
}

impl MentionColumns {
    /// Empty columns, with a `doc` column or without.
    pub(crate) fn new(with_doc: bool) -> Self {
        Self {
            doc: with_doc.then(Vec::new),
            ..Self::default()
        }
    }

    /// Adds one mention, of text `row` in the batch; `doc` is used when there is a `doc`
    /// column.
    pub(crate) fn push(&mut self, row: usize, m: &MentionRecord, register: &Register) {
        let line = MentionLine::new(m, register, false);
        self.row.push(row);
        if let Some(doc) = &mut self.doc {
            doc.push(m.doc.clone());
        }
        self.start.push(line.start);
        self.end.push(line.end);
        self.text.push(line.text.to_string());
        self.entity.push(line.entity.map(str::to_owned));
        self.kind.push(m.kind.as_str());
        self.kind_type.push(m.kind.conll());
        self.prefix.push(m.prefix.clone());
        self.source.push(m.source.as_str());
        self.score.push(score_value(m.score));
    }

    /// The columns as a dict, in the order of `qari entities` JSON lines (`row` first).
    pub(crate) fn into_dict(self, py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
        let out = PyDict::new(py);
        out.set_item("row", self.row)?;
        if let Some(doc) = self.doc {
            out.set_item("doc", doc)?;
        }
        out.set_item("start", self.start)?;
        out.set_item("end", self.end)?;
        out.set_item("text", self.text)?;
        out.set_item("entity", self.entity)?;
        out.set_item("kind", self.kind)?;
        out.set_item("type", self.kind_type)?;
        out.set_item("prefix", self.prefix)?;
        out.set_item("source", self.source)?;
        out.set_item("score", self.score)?;
        Ok(out)
    }
}

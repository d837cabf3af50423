//! A project's agreement report: its coders (the authors of its annotations), per code and over
//! all codes, the figures of [`super::reliability`] at a chosen unit and the span figures of
//! [`super::spans`], with the passages where the coders differ.
//!
//! Every document of the selection counts as read by every coder. Codes are named by their
//! path in the codebook (`parent/child`).

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use serde::Serialize;

use super::reliability::{Undefined, cohen_kappa, fleiss_kappa, krippendorff_alpha};
use super::spans::{Difference, Matching, SpanAgreement, compare};
use super::unitized::{Disagreement as UnitizedDisagreement, disagreement, pooled_alpha};
use super::units::{Coded, Unit, code_matrix, pooled_matrix};
use crate::corpus::Corpus;
use crate::project::{ProjectFile, Workspace};

/// What a unit of the unit-based figures is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    /// A word or punctuation mark (the CoNLL export's tokens).
    #[default]
    Token,
    /// A sentence.
    Sentence,
    /// A line of text (the reading view's paragraph).
    Paragraph,
    /// A whole document.
    Document,
}

impl UnitKind {
    /// The name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Self::Token => "token",
            Self::Sentence => "sentence",
            Self::Paragraph => "paragraph",
            Self::Document => "document",
        }
    }

    /// The units of a text.
    pub fn units_of(self, doc: usize, text: &str) -> Vec<Unit> {
        let unit = |range: Range<usize>| Unit { doc, range };
        let sentences = || crate::text::tokens::sentences(text);
        match self {
            Self::Token => sentences().into_iter().flatten().map(unit).collect(),
            Self::Sentence => crate::text::tokens::sentence_spans(text)
                .into_iter()
                .map(unit)
                .collect(),
            Self::Paragraph => {
                let mut out = Vec::new();
                let mut start = 0;
                for line in text.split('\n') {
                    let len = line.chars().count();
                    if !line.trim().is_empty() {
                        out.push(unit(start..start + len));
                    }
                    start += len + 1;
                }
                out
            }
            Self::Document => vec![unit(0..text.chars().count())],
        }
    }
}

/// Which coders, codes and documents to compare; `None` for all.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Coders (annotation authors).
    pub coders: Option<Vec<String>>,
    /// Codes, by path or name.
    pub codes: Option<Vec<String>>,
    /// Documents, by id (file name in the corpus).
    pub docs: Option<Vec<String>>,
}

/// The measures of a report, by the names CSV and JSON give them, in the order they are
/// written.
pub const MEASURES: [&str; 7] = [
    "krippendorff_alpha_u",
    "krippendorff_alpha",
    "cohen_kappa",
    "fleiss_kappa",
    "span_precision",
    "span_recall",
    "span_f1",
];

/// The measures' short names, for column heads, in the order of [`MEASURES`].
pub const SHORT_NAMES: [&str; 7] = [
    "α_u",
    "α",
    "Cohen κ",
    "Fleiss κ",
    "span P",
    "span R",
    "span F1",
];

/// One figure: its value (or why it has none) and what it was computed over.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figure {
    /// The value, `None` when undefined.
    pub value: Option<f64>,
    /// Why there is no value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undefined: Option<String>,
    /// What was counted: `token`, `sentence`, `paragraph`, `document` or `passage`.
    pub unit: &'static str,
    /// How many of them (for span figures: the passages of both coders).
    pub units: usize,
    /// How many coders.
    pub coders: usize,
}

impl Figure {
    fn of(value: Result<f64, Undefined>, unit: &'static str, units: usize, coders: usize) -> Self {
        let (value, undefined) = match value {
            Ok(v) => (Some(v), None),
            Err(why) => (None, Some(why.to_string())),
        };
        Self {
            value,
            undefined,
            unit,
            units,
            coders,
        }
    }
}

/// The figures of one code, or of all codes together.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figures {
    /// Krippendorff's unitized alpha over the documents end to end (its units are code points).
    pub krippendorff_alpha_u: Figure,
    /// Cohen's kappa (two coders only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cohen_kappa: Option<Figure>,
    /// Fleiss' kappa.
    pub fleiss_kappa: Figure,
    /// Krippendorff's alpha (nominal).
    pub krippendorff_alpha: Figure,
    /// The second coder's passages against the first's: precision.
    pub span_precision: Figure,
    /// Recall.
    pub span_recall: Figure,
    /// F1.
    pub span_f1: Figure,
}

impl Figures {
    /// The figure of a measure, by its name in [`MEASURES`] (`None` for Cohen's kappa with
    /// more than two coders, and for a name that is no measure).
    pub fn get(&self, measure: &str) -> Option<&Figure> {
        match measure {
            "krippendorff_alpha_u" => Some(&self.krippendorff_alpha_u),
            "krippendorff_alpha" => Some(&self.krippendorff_alpha),
            "cohen_kappa" => self.cohen_kappa.as_ref(),
            "fleiss_kappa" => Some(&self.fleiss_kappa),
            "span_precision" => Some(&self.span_precision),
            "span_recall" => Some(&self.span_recall),
            "span_f1" => Some(&self.span_f1),
            _ => None,
        }
    }
}

/// The figures of one code.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CodeFigures {
    /// The code's path in the codebook.
    pub code: String,
    /// Its figures.
    #[serde(flatten)]
    pub figures: Figures,
}

/// A passage where the coders differ, named for people.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Disagreement {
    /// The document.
    pub doc: String,
    /// The code's path (the first coder's, for `codes`).
    pub code: String,
    /// The code.
    #[serde(skip)]
    pub code_id: crate::annotations::CodeId,
    /// The second coder's code, when it is another (`codes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub second_code: Option<String>,
    /// Its id.
    #[serde(skip)]
    pub second_code_id: Option<crate::annotations::CodeId>,
    /// `only <coder>`, `edges` (the same code, other edges) or `codes` (the same edges, other
    /// codes).
    pub kind: String,
    /// The first coder's passage (code points), when they have one.
    pub first: Option<(usize, usize)>,
    /// The second coder's passage, when they have one.
    pub second: Option<(usize, usize)>,
}

/// The report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The coders compared, in order; span figures take the first as the reference.
    pub coders: Vec<String>,
    /// The unit of the unit-based figures.
    pub unit: &'static str,
    /// How passages must agree for the span figures: `exact` or `overlap ≥ x`.
    pub matching: String,
    /// Documents compared.
    pub documents: usize,
    /// Over all codes.
    pub overall: Figures,
    /// Per code, in codebook order.
    pub codes: Vec<CodeFigures>,
    /// Where the first two coders differ, in document and text order.
    pub disagreements: Vec<Disagreement>,
    /// Documents that could not be read (left out).
    pub unreadable: Vec<String>,
}

/// Why there is no report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Fewer than two coders among the annotations selected.
    #[error(
        "agreement needs two coders; the annotations here are by {found} (give --coders, or combine two coders' projects with qari combine)"
    )]
    TooFewCoders {
        /// The coders found, comma-separated (or "nobody").
        found: String,
    },
    /// A coder, code or document named in the selection is not in the project.
    #[error("no {what} {name:?} in the project")]
    Unknown {
        /// "coder", "code" or "document".
        what: &'static str,
        /// The name given.
        name: String,
    },
}

/// Computes the report of an open project.
pub fn report(
    ws: &Workspace,
    selection: &Selection,
    unit: UnitKind,
    matching: Matching,
) -> Result<Report, ReportError> {
    report_of(ws.project(), ws.corpus(), selection, unit, matching)
}

/// Computes the report of a project's annotations over its corpus (apart from a workspace,
/// as a background thread does).
pub fn report_of(
    project: &ProjectFile,
    corpus: &Corpus,
    selection: &Selection,
    unit: UnitKind,
    matching: Matching,
) -> Result<Report, ReportError> {
    let book = &project.codebook;
    // Documents.
    let all_docs: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
    let docs: Vec<&str> = match &selection.docs {
        Some(wanted) => {
            for w in wanted {
                if corpus.index_of(w).is_none() {
                    return Err(ReportError::Unknown {
                        what: "document",
                        name: w.clone(),
                    });
                }
            }
            all_docs
                .iter()
                .copied()
                .filter(|d| wanted.iter().any(|w| w == d))
                .collect()
        }
        None => all_docs,
    };
    // Codes, in codebook order.
    let mut codes: Vec<(u32, String)> = book
        .codes
        .iter()
        .map(|c| (c.id.0, book.path(c.id)))
        .collect();
    if let Some(wanted) = &selection.codes {
        for w in wanted {
            let known = book
                .codes
                .iter()
                .any(|c| c.name == *w || book.path(c.id) == *w);
            if !known {
                return Err(ReportError::Unknown {
                    what: "code",
                    name: w.clone(),
                });
            }
        }
        codes.retain(|(id, path)| {
            wanted.iter().any(|w| {
                w == path
                    || book
                        .get(crate::annotations::CodeId(*id))
                        .is_some_and(|c| c.name == *w)
            })
        });
    }
    // Coders.
    let doc_index: HashMap<&str, usize> = docs.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let in_docs = |a: &&crate::annotations::Annotation| doc_index.contains_key(a.doc.as_str());
    let authors: BTreeSet<&str> = project
        .annotations
        .iter()
        .filter(in_docs)
        .map(|a| a.author.as_str())
        .collect();
    let coders: Vec<String> = match &selection.coders {
        Some(wanted) => {
            for w in wanted {
                if !authors.contains(w.as_str()) {
                    return Err(ReportError::Unknown {
                        what: "coder",
                        name: w.clone(),
                    });
                }
            }
            wanted.clone()
        }
        None => authors.iter().map(|a| (*a).to_owned()).collect(),
    };
    if coders.len() < 2 {
        let found = if coders.is_empty() {
            "nobody".to_owned()
        } else {
            coders.join(", ")
        };
        return Err(ReportError::TooFewCoders { found });
    }
    // Passages and units.
    let wanted_codes: Vec<u32> = codes.iter().map(|(id, _)| *id).collect();
    let passages: Vec<Coded> = project
        .annotations
        .iter()
        .filter(in_docs)
        .filter_map(|a| {
            let coder = coders.iter().position(|c| *c == a.author)?;
            let doc = *doc_index.get(a.doc.as_str())?;
            Some(
                a.codes
                    .iter()
                    .filter(|c| wanted_codes.contains(&c.0))
                    .map(move |c| Coded::new(coder, doc, a.start..a.end, c.0)),
            )
        })
        .flatten()
        .collect();
    let mut units = Vec::new();
    let mut unreadable = Vec::new();
    // Where each document starts on the continuum of α_u (documents end to end).
    let mut starts = Vec::with_capacity(docs.len());
    let mut length = 0;
    for (i, id) in docs.iter().enumerate() {
        starts.push(length);
        let Some(doc) = corpus.document(id) else {
            continue;
        };
        match corpus.text(doc) {
            Ok(text) => {
                units.extend(unit.units_of(i, &text.text));
                length += text.text.chars().count();
            }
            Err(err) => unreadable.push(format!("{err:#}")),
        }
    }
    let unitized = |passages: &[Coded]| -> Result<UnitizedDisagreement, Undefined> {
        let by_coder: Vec<Vec<Range<usize>>> = (0..coders.len())
            .map(|c| {
                passages
                    .iter()
                    .filter(|p| p.coder == c)
                    .map(|p| starts[p.doc] + p.range.start..starts[p.doc] + p.range.end)
                    .collect()
            })
            .collect();
        disagreement(&by_coder, &starts, length)
    };
    let figures =
        |spans: &SpanAgreement, matrix: Vec<Vec<Option<u32>>>, alpha_u: Result<f64, Undefined>| {
            let n = matrix.first().map_or(0, Vec::len);
            let k = coders.len();
            let span = |value| Figure::of(value, "passage", spans.a_count + spans.b_count, 2);
            Figures {
                krippendorff_alpha_u: Figure::of(alpha_u, "code point", length, k),
                cohen_kappa: (k == 2).then(|| Figure::of(cohen_kappa(&matrix), unit.name(), n, k)),
                fleiss_kappa: Figure::of(fleiss_kappa(&matrix), unit.name(), n, k),
                krippendorff_alpha: Figure::of(krippendorff_alpha(&matrix), unit.name(), n, k),
                span_precision: span(spans.precision()),
                span_recall: span(spans.recall()),
                span_f1: span(spans.f1()),
            }
        };
    let mut unitized_codes = Vec::new();
    let per_code: Vec<CodeFigures> = codes
        .iter()
        .map(|(id, path)| {
            let mine: Vec<Coded> = passages.iter().filter(|p| p.code == *id).cloned().collect();
            let matrix = code_matrix(&units, &mine, coders.len(), *id);
            let d = unitized(&mine);
            unitized_codes.extend(d.as_ref().ok().copied());
            CodeFigures {
                code: path.clone(),
                figures: figures(
                    &compare(&mine, 0, 1, matching),
                    matrix,
                    d.and_then(|d| d.alpha()),
                ),
            }
        })
        .collect();
    // The second coder's passages against the first's, once: for the figures and the list.
    let overall_spans = compare(&passages, 0, 1, matching);
    let overall = figures(
        &overall_spans,
        pooled_matrix(&units, &passages, coders.len(), &wanted_codes),
        pooled_alpha(&unitized_codes),
    );
    let path_of = |code: u32| {
        codes
            .iter()
            .find(|(id, _)| *id == code)
            .map_or_else(String::new, |(_, p)| p.clone())
    };
    let span = |p: &Coded| Some((p.range.start, p.range.end));
    let disagreements = overall_spans
        .differences
        .into_iter()
        .map(|d| {
            let (p, kind, first, second) = match &d {
                Difference::OnlyA(p) => (p, format!("only {}", coders[0]), span(p), None),
                Difference::OnlyB(p) => (p, format!("only {}", coders[1]), None, span(p)),
                Difference::Edges(a, b) | Difference::Codes(a, b) => {
                    let kind = if a.code == b.code { "edges" } else { "codes" };
                    (a, kind.to_owned(), span(a), span(b))
                }
            };
            let second_code = match &d {
                Difference::Codes(_, b) => Some(b.code),
                _ => None,
            };
            Disagreement {
                doc: docs[p.doc].to_owned(),
                code: path_of(p.code),
                code_id: crate::annotations::CodeId(p.code),
                second_code: second_code.map(path_of),
                second_code_id: second_code.map(crate::annotations::CodeId),
                kind,
                first,
                second,
            }
        })
        .collect();
    let matching = match matching {
        Matching::Exact => "exact".to_owned(),
        Matching::Overlap(x) => format!("overlap ≥ {x}"),
    };
    Ok(Report {
        coders,
        unit: unit.name(),
        matching,
        documents: docs.len(),
        overall,
        codes: per_code,
        disagreements,
        unreadable,
    })
}

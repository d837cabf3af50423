//! Measuring a tagger: reading an evaluation set (a `docs/` folder of UTF-8 texts and a
//! `gold.jsonl` of spans, as `../shared/data/eval/*` holds them), splitting it into folds by
//! document, and scoring predictions with the rule of `../shared/tools/ner-eval`.
//!
//! The rule: a prediction matches a gold span of the same type when their ends agree and their
//! starts agree once a leading Arabic clitic (و ف, then ب ل ك, then ال) is set aside on each
//! side, keeping at least two code points. Types PER, ORG, LOC are scored (MISC is left out
//! unless asked for); precision, recall and F1 are micro-averaged.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use super::train::{GoldSpan, TrainingDoc};
use crate::entities::Kind;

/// Why an evaluation set could not be read.
#[derive(Debug, thiserror::Error)]
pub enum EvalSetError {
    /// A file could not be read.
    #[error("could not read: {1}")]
    Read(#[source] std::io::Error, PathBuf),
    /// A line of the gold file is not a span.
    #[error("line {0} is not a span ({1}): {2}")]
    Line(usize, String, PathBuf),
    /// A span names a document that is not in the folder.
    #[error("line {0} names a document not in docs/: {1}")]
    NoDocument(usize, PathBuf),
}

/// One line of `gold.jsonl` (or of a prediction file).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SpanRecord {
    /// Document file name.
    pub doc: String,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// PER, ORG, LOC or MISC.
    #[serde(rename = "type")]
    pub kind: String,
}

/// A document of an evaluation set.
#[derive(Clone, Debug)]
pub struct EvalDoc {
    /// Its file name under `docs/`.
    pub name: String,
    /// Its text and gold spans (no register mentions).
    pub doc: TrainingDoc,
}

/// The kind of a type name (PER, ORG, LOC, MISC and their long spellings).
pub fn kind_of_type(t: &str) -> Option<Kind> {
    match t.to_ascii_uppercase().as_str() {
        "PER" | "PERS" | "PERSON" => Some(Kind::Person),
        "ORG" | "ORGANIZATION" | "ORGANISATION" => Some(Kind::Organisation),
        "LOC" | "LOCATION" | "PLACE" | "GPE" => Some(Kind::Place),
        "MISC" | "OTHER" => Some(Kind::Other),
        _ => None,
    }
}

/// Reads an evaluation set folder (`docs/*.txt` and `gold.jsonl`), documents in name order.
pub fn load_eval_set(dir: &Path) -> Result<Vec<EvalDoc>, EvalSetError> {
    let docs_dir = dir.join("docs");
    let read_dir =
        std::fs::read_dir(&docs_dir).map_err(|e| EvalSetError::Read(e, docs_dir.clone()))?;
    let mut docs: BTreeMap<String, TrainingDoc> = BTreeMap::new();
    for entry in read_dir {
        let entry = entry.map_err(|e| EvalSetError::Read(e, docs_dir.clone()))?;
        let path = entry.path();
        let text =
            std::fs::read_to_string(&path).map_err(|e| EvalSetError::Read(e, path.clone()))?;
        docs.insert(
            entry.file_name().to_string_lossy().into_owned(),
            TrainingDoc {
                text,
                ..TrainingDoc::default()
            },
        );
    }
    let gold_path = dir.join("gold.jsonl");
    let gold = std::fs::read_to_string(&gold_path)
        .map_err(|e| EvalSetError::Read(e, gold_path.clone()))?;
    for (n, line) in gold.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record: SpanRecord = serde_json::from_str(line)
            .map_err(|e| EvalSetError::Line(n + 1, e.to_string(), gold_path.clone()))?;
        let Some(kind) = kind_of_type(&record.kind) else {
            continue;
        };
        let doc = docs
            .get_mut(&record.doc)
            .ok_or_else(|| EvalSetError::NoDocument(n + 1, gold_path.clone()))?;
        doc.spans.push(GoldSpan {
            range: record.start..record.end,
            kind,
        });
    }
    Ok(docs
        .into_iter()
        .map(|(name, doc)| EvalDoc { name, doc })
        .collect())
}

/// Precision, recall and F1 of one type or all.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Prf {
    /// Gold spans.
    pub gold: usize,
    /// Predicted spans.
    pub predicted: usize,
    /// Predicted spans that match a gold span.
    pub matched: usize,
}

impl Prf {
    /// Matched over predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted)
    }

    /// Matched over gold.
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Adds another count to this one (pooling folds).
    pub fn add(&mut self, other: &Prf) {
        self.gold += other.gold;
        self.predicted += other.predicted;
        self.matched += other.matched;
    }
}

/// Figures by kind and over them, as a table: a header line, then one line a kind and one for
/// all, each indented two spaces and ended by a newline.
pub fn table(per_kind: &[(Kind, Prf)], all: &Prf) -> String {
    let mut out = format!(
        "  {:4} {:>6} {:>6} {:>6} {:>6} {:>6}\n",
        "type", "gold", "pred", "P", "R", "F1"
    );
    for (name, p) in per_kind
        .iter()
        .map(|(k, p)| (k.conll(), p))
        .chain([("all", all)])
    {
        out.push_str(&format!(
            "  {name:4} {:6} {:6} {:6.3} {:6.3} {:6.3}\n",
            p.gold,
            p.predicted,
            p.precision(),
            p.recall(),
            p.f1()
        ));
    }
    out
}

/// The names of documents as [`score`] takes them: (document index, start, end, kind).
pub fn gold_spans<'a>(
    docs: impl IntoIterator<Item = &'a TrainingDoc>,
) -> Vec<(usize, usize, usize, Kind)> {
    docs.into_iter()
        .enumerate()
        .flat_map(|(i, d)| {
            d.spans
                .iter()
                .map(move |s| (i, s.range.start, s.range.end, s.kind))
        })
        .collect()
}

/// Scores what `tag` finds in each document (start, end, kind) against the document's names,
/// per kind (of `kinds`) and over them.
pub fn score_docs(
    docs: &[&TrainingDoc],
    kinds: &[Kind],
    mut tag: impl FnMut(&TrainingDoc) -> Vec<(usize, usize, Kind)>,
) -> (Vec<(Kind, Prf)>, Prf) {
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    let predicted: Vec<_> = docs
        .iter()
        .enumerate()
        .flat_map(|(i, d)| tag(d).into_iter().map(move |(s, e, k)| (i, s, e, k)))
        .collect();
    score(&texts, &gold_spans(docs.iter().copied()), &predicted, kinds)
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// The start of a span once a leading clitic (و ف, then ب ل ك, then ال) is set aside, keeping
/// at least two code points: `ner-eval`'s `core`.
pub fn core_start(chars: &[char], start: usize, end: usize) -> usize {
    let span = chars.get(start..end).unwrap_or(&[]);
    let mut cut = 0;
    if span.first().is_some_and(|c| matches!(c, 'و' | 'ف')) {
        cut += 1;
    }
    if span.get(cut).is_some_and(|c| matches!(c, 'ب' | 'ل' | 'ك')) {
        cut += 1;
    }
    if span.get(cut) == Some(&'ا') && span.get(cut + 1) == Some(&'ل') {
        cut += 2;
    }
    if end - (start + cut) < 2 {
        cut = 0;
    }
    start + cut
}

/// Scores predicted spans against gold ones, per kind (of `kinds`) and over them all. Each
/// list holds (document index, start, end, kind); `texts` are the documents' texts.
pub fn score(
    texts: &[&str],
    gold: &[(usize, usize, usize, Kind)],
    predicted: &[(usize, usize, usize, Kind)],
    kinds: &[Kind],
) -> (Vec<(Kind, Prf)>, Prf) {
    let chars: Vec<Vec<char>> = texts.iter().map(|t| t.chars().collect()).collect();
    let key = |(doc, start, end, kind): &(usize, usize, usize, Kind)| {
        let start = chars
            .get(*doc)
            .map_or(*start, |c| core_start(c, *start, *end));
        (*doc, start, *end, *kind)
    };
    let gold: HashSet<_> = gold
        .iter()
        .filter(|s| kinds.contains(&s.3))
        .map(key)
        .collect();
    let predicted: HashSet<_> = predicted
        .iter()
        .filter(|s| kinds.contains(&s.3))
        .map(key)
        .collect();
    let count = |kind: Option<Kind>| {
        let of = |s: &&(usize, usize, usize, Kind)| kind.is_none_or(|k| s.3 == k);
        Prf {
            gold: gold.iter().filter(of).count(),
            predicted: predicted.iter().filter(of).count(),
            matched: predicted
                .iter()
                .filter(of)
                .filter(|s| gold.contains(s))
                .count(),
        }
    };
    (
        kinds.iter().map(|k| (*k, count(Some(*k)))).collect(),
        count(None),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_clitic_is_set_aside_as_ner_eval_does() {
        let chars: Vec<char> = "ولندن والأمم لبنان ال".chars().collect();
        assert_eq!(core_start(&chars, 0, 5), 2);
        assert_eq!(core_start(&chars, 6, 12), 9);
        assert_eq!(core_start(&chars, 13, 18), 14);
        assert_eq!(core_start(&chars, 19, 21), 19);
    }

    #[test]
    fn scores_match_with_the_clitic_set_aside_and_the_kind_equal() {
        let texts = ["زار ولندن وباريس"];
        let gold = [(0, 4, 9, Kind::Place), (0, 10, 16, Kind::Place)];
        let predicted = [(0, 5, 9, Kind::Place), (0, 10, 16, Kind::Person)];
        let (_, all) = score(&texts, &gold, &predicted, &[Kind::Place, Kind::Person]);
        assert_eq!((all.gold, all.predicted, all.matched), (2, 2, 1));
    }
}

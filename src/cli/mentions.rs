//! `qari entities PATH`: the entity mentions of a folder, an article or a project's corpus, as
//! JSON lines, CSV or a table of counts. [`find`] is the finding alone, which the Python package
//! calls too.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::corpus::{Corpus, ReadError};
use crate::entities::{self, Register};
use crate::project::{DEFAULT_FILE_NAME, Workspace, is_project_file};

/// Output layouts of `qari entities`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntitiesFormat {
    /// One mention a line as JSON.
    Jsonl,
    /// One mention a row, CSV with a UTF-8 BOM (Excel shows Arabic).
    Csv,
    /// Counts per entity.
    Table,
}

/// What `qari entities` finds names with.
#[derive(Clone, Debug, Default)]
pub struct EntitiesOptions {
    /// Register TSVs to use before the bundled one.
    pub registers: Vec<PathBuf>,
    /// Whether the bundled register (with a project's edits) is used.
    pub bundled: bool,
    /// Whether the trained tagger is used (the project's model for a project that has one,
    /// else the bundled model).
    pub tagger: bool,
    /// Mentions scored below this are left out.
    pub min_score: f32,
}

/// The mentions `qari entities` reports, and what found them.
pub struct Found {
    /// The register the mentions' entities index.
    pub register: Register,
    /// The documents searched.
    pub corpus: Corpus,
    /// The mentions, in document order, each document's in text order.
    pub mentions: Vec<entities::MentionRecord>,
    /// Documents of a project's corpus that could not be read.
    pub unreadable: Vec<ReadError>,
    /// The register's matcher and the tagger.
    pub recogniser: entities::Recogniser,
}

/// The register (TSVs given, then the bundled one with a project's edits) and the tagger
/// model (the project's, else the bundled one) that `options` ask for at `path`. Says on
/// `err` when the model is the project's.
pub fn register_and_model(
    path: &Path,
    options: &EntitiesOptions,
    err: &mut dyn Write,
) -> Result<(
    Register,
    Option<std::sync::Arc<entities::tagger::Model>>,
    Option<Workspace>,
)> {
    let mut register = Register::default();
    for file in &options.registers {
        register.extend(Register::read_tsv(file)?);
    }
    // A project file, or a folder holding one: the project's register edits and tagger apply.
    let project_file = project_file_at(path);
    let project = project_file.map(|p| Workspace::open(&p)).transpose()?;
    if options.bundled {
        // A project's own edits to the register apply.
        let edits = project
            .as_ref()
            .map_or(&[][..], |ws| &ws.project().register[..]);
        register.extend(Register::with_edits(edits));
    }
    let model = if options.tagger {
        tagger_model(project.as_ref(), err)?
    } else {
        None
    };
    Ok((register, model, project))
}

/// The entity mentions of a folder, an article or a project's corpus: what `qari entities`
/// writes.
pub fn find(path: &Path, options: &EntitiesOptions, err: &mut dyn Write) -> Result<Found> {
    let (register, model, project) = register_and_model(path, options, err)?;
    let build = || entities::Recogniser::new(&register, model.clone());
    let (corpus, mut mentions, unreadable, recogniser) = if let Some(ws) = project {
        let corpus = ws.into_corpus();
        let recogniser = build();
        let (mentions, unreadable) = entities::extract(&corpus, &recogniser);
        (corpus, mentions, unreadable, recogniser)
    } else {
        let (corpus, mentions, recogniser) = entities::open_and_extract(path, build)?;
        (corpus, mentions, Vec::new(), recogniser)
    };
    mentions.retain(|m| m.score >= options.min_score);
    Ok(Found {
        register,
        corpus,
        mentions,
        unreadable,
        recogniser,
    })
}

/// `qari entities PATH`: the entity mentions of a folder, an article or a project's corpus.
pub fn entities(
    path: &Path,
    options: &EntitiesOptions,
    format: EntitiesFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let Found {
        register,
        corpus,
        mentions,
        unreadable,
        recogniser,
    } = find(path, options, err)?;
    let canonical = |m: &entities::MentionRecord| {
        m.entity
            .and_then(|e| register.entities.get(e))
            .map(|e| e.canonical.as_str())
    };
    let register = &register;
    match format {
        EntitiesFormat::Jsonl => {
            // Lines are formatted in parallel, in blocks, and written in order.
            use rayon::prelude::*;
            let blocks: Vec<Result<Vec<u8>, serde_json::Error>> = mentions
                .par_chunks(2048)
                .map(|chunk| {
                    let mut block = Vec::with_capacity(chunk.len() * 200);
                    for m in chunk {
                        let line = entities::line::MentionLine::new(m, register, true);
                        serde_json::to_writer(&mut block, &line)?;
                        block.push(b'\n');
                    }
                    Ok(block)
                })
                .collect();
            for block in blocks {
                out.write_all(&block?)?;
            }
            out.flush()?;
        }
        EntitiesFormat::Csv => {
            out.write_all("\u{FEFF}".as_bytes())?;
            let mut csv = csv::Writer::from_writer(out);
            csv.write_record([
                "doc", "start", "end", "text", "entity", "kind", "prefix", "type", "source",
                "score",
            ])?;
            for m in &mentions {
                let (start, text) = word(m);
                csv.write_record([
                    m.doc.as_str(),
                    &start.to_string(),
                    &m.end.to_string(),
                    &text,
                    canonical(m).unwrap_or_default(),
                    m.kind.as_str(),
                    &m.prefix,
                    m.kind.conll(),
                    m.source.as_str(),
                    &format!("{:.4}", m.score),
                ])?;
            }
            csv.flush()?;
        }
        EntitiesFormat::Table => entities_table(register, &mentions, out)?,
    }
    for problem in unreadable.iter().chain(&corpus.skipped) {
        writeln!(err, "warning: {problem}")?;
    }
    let suggested = mentions.iter().filter(|m| m.entity.is_none()).count();
    writeln!(
        err,
        "{} mentions of {} entities, and {suggested} of names the register does not know, in {} \
         documents ({} spellings searched{}): {}",
        mentions.len() - suggested,
        mentions
            .iter()
            .filter_map(|m| m.entity)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        corpus.documents.len(),
        recogniser.matcher.pattern_count(),
        match recogniser.model() {
            Some(model) => format!(", tagger with {} features", model.feature_count()),
            None => String::new(),
        },
        corpus.root.display()
    )?;
    Ok(())
}

/// The project a path stands for: a project file, or a folder holding `qari.ron`.
pub(crate) fn project_file_at(path: &Path) -> Option<PathBuf> {
    if is_project_file(path) {
        Some(path.to_owned())
    } else {
        Some(path.join(DEFAULT_FILE_NAME)).filter(|p| path.is_dir() && p.is_file())
    }
}

/// The tagger model for `qari entities` and `qari export --with-entities`: a project's own model
/// when it has one (`qari train`), else the bundled one; says which when it is the project's.
pub(crate) fn tagger_model(
    project: Option<&Workspace>,
    err: &mut dyn Write,
) -> Result<Option<std::sync::Arc<entities::tagger::Model>>> {
    if let Some(ws) = project
        && let Some(model) = crate::project::tagger::load_model(ws.path())?
    {
        writeln!(
            err,
            "tagger: the project's model, {}",
            crate::project::tagger::model_path(ws.path()).display()
        )?;
        return Ok(Some(std::sync::Arc::new(model)));
    }
    Ok(entities::tagger::bundled())
}

/// Where the word of a mention starts, and the word as written: the name with the clitic the
/// register saw before it.
fn word(m: &entities::MentionRecord) -> (usize, String) {
    (
        entities::line::word_start(m),
        format!("{}{}", m.prefix, m.text),
    )
}

/// `qari entities --format table`: mentions and documents per entity, most mentioned first;
/// names only the tagger found are listed by their most common spelling, marked "suggested".
fn entities_table(
    register: &Register,
    mentions: &[entities::MentionRecord],
    out: &mut dyn Write,
) -> Result<()> {
    use std::collections::{BTreeSet, HashMap};
    /// Mentions, documents, and how often each spelling is written.
    type Row<'a> = (usize, BTreeSet<&'a str>, HashMap<&'a str, usize>);
    // Rows keyed by entity, or by a suggested name's folded form.
    let mut rows: HashMap<Result<usize, String>, Row<'_>> = HashMap::new();
    for m in mentions {
        let key = match m.entity {
            Some(e) => Ok(e),
            None => Err(entities::recognise::suggestion_key(&m.text)),
        };
        let row = rows.entry(key).or_default();
        row.0 += 1;
        row.1.insert(m.doc.as_str());
        *row.2.entry(m.text.as_str()).or_default() += 1;
    }
    let mut rows: Vec<_> = rows.into_iter().collect();
    rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(&b.0)));
    writeln!(
        out,
        "{:>8}  {:>9}  {:13}  ENTITY (ARABIC)",
        "MENTIONS", "DOCUMENTS", "KIND"
    )?;
    for (key, (n, docs, written)) in rows {
        let docs = docs.len();
        match key {
            Ok(entity) => {
                let Some(e) = register.entities.get(entity) else {
                    continue;
                };
                writeln!(
                    out,
                    "{n:>8}  {docs:>9}  {:13}  {} ({})",
                    e.kind.as_str(),
                    e.canonical,
                    e.arabic_name().unwrap_or("")
                )?;
            }
            Err(_) => {
                let kind = mentions
                    .iter()
                    .find(|m| m.entity.is_none() && written.contains_key(m.text.as_str()))
                    .map_or("other", |m| m.kind.as_str());
                let text = written
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map_or("", |(t, _)| *t);
                writeln!(out, "{n:>8}  {docs:>9}  {kind:13}  suggested ({text})")?;
            }
        }
    }
    Ok(())
}

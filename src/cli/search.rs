//! `qari search` and `qari collocates`: the corpus search of [`crate::search`] on the command
//! line, over a folder, an article or a project (whose register edits, codes and passages
//! `entity:` and `code:` then use).

use std::io::Write;
use std::path::Path;

use anyhow::{Result, bail};

use crate::corpus::Corpus;
use crate::entities::Register;
use crate::project::Workspace;
use crate::search::collocates::{self, Measure};
use crate::search::kwic::{self, SortKey};
use crate::search::{DocHits, IndexedDoc, Names, Progress, Search, SearchIndex};

/// How `qari search` writes its hits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchFormat {
    /// Hits per document, then the total.
    Table,
    /// The concordance, one JSON object a hit.
    Jsonl,
    /// The concordance as CSV (UTF-8 with a byte-order mark).
    Csv,
    /// The concordance as text, one hit a line: document, offsets, before ⟦hit⟧ after.
    Kwic,
}

/// What `qari search` looks for and how it writes it.
#[derive(Clone, Debug)]
pub struct SearchOptions {
    /// The query is a regular expression over the folded text.
    pub regex: bool,
    /// Characters of context each side.
    pub context: usize,
    /// Concordance order (document order when empty).
    pub sort: Vec<String>,
    /// Only the documents whose attribute (column) has this value (a project's).
    pub only_where: Option<(String, String)>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        Self {
            regex: false,
            context: kwic::DEFAULT_CONTEXT,
            sort: Vec::new(),
            only_where: None,
        }
    }
}

/// A corpus opened for search: its index, and the project it belongs to, if any.
struct Opened {
    index: SearchIndex,
    /// Documents in the corpus (some may not have been readable).
    documents: usize,
    project: Option<Workspace>,
}

/// Opens a folder, an article, a project file or a folder holding one, and indexes it.
fn open(path: &Path, err: &mut dyn Write) -> Result<Opened> {
    if let Some(file) = super::project_file_at(path) {
        let ws = Workspace::open(&file)?;
        let cache = crate::search::cache::cache_path(ws.path());
        let (index, unreadable, _) =
            SearchIndex::build_cached(ws.corpus(), &cache, &Progress::default());
        for e in unreadable {
            writeln!(err, "left out: {e}")?;
        }
        return Ok(Opened {
            index,
            documents: ws.corpus().documents.len(),
            project: Some(ws),
        });
    }
    let (corpus, docs) = Corpus::open_with(path, |doc, text| {
        IndexedDoc::with_hash(&doc.id, doc.hash.clone(), text)
    })?;
    Ok(Opened {
        index: SearchIndex::of_docs(docs),
        documents: corpus.documents.len(),
        project: None,
    })
}

/// Runs a query on an opened corpus.
fn run(opened: &Opened, query: &str, regex: bool) -> Result<Vec<DocHits>> {
    let edits = opened
        .project
        .as_ref()
        .map_or(&[][..], |ws| &ws.project().register[..]);
    let register = Register::with_edits(edits);
    let names = Names {
        register: &register,
        codebook: opened.project.as_ref().map(|ws| &ws.project().codebook),
        annotations: opened.project.as_ref().map(|ws| &ws.project().annotations),
    };
    let search = if regex {
        Search::regex(query)?
    } else {
        Search::parse(query, names)?
    };
    Ok(opened
        .index
        .search(&search, &Progress::default(), |_, _| {}))
}

/// The hits of a query in a folder, article or project, by document id (for `qari chart
/// timeline --query`).
pub(crate) fn hits_by_document(
    path: &Path,
    query: &str,
    regex: bool,
    err: &mut dyn Write,
) -> Result<Vec<(String, Vec<std::ops::Range<usize>>)>> {
    let opened = open(path, err)?;
    let hits = run(&opened, query, regex)?;
    Ok(hits
        .into_iter()
        .filter_map(|h| Some((opened.index.docs.get(h.doc)?.id.clone(), h.hits)))
        .collect())
}

/// `qari search PATH QUERY`: every hit of a query.
pub fn search(
    path: &Path,
    query: &str,
    format: SearchFormat,
    options: &SearchOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let mut keys = Vec::new();
    for name in &options.sort {
        match SortKey::parse(name) {
            Some(key) => keys.push(key),
            None => bail!(
                "unknown sort key {name:?} (hit, 1L, 2L, 3L, 1R, 2R, 3R or doc): {}",
                path.display()
            ),
        }
    }
    let opened = open(path, err)?;
    let mut hits = run(&opened, query, options.regex)?;
    if let Some((column, value)) = &options.only_where {
        let Some(ws) = &opened.project else {
            bail!(
                "--where reads a project's document attributes (qari attributes import): {}",
                path.display()
            );
        };
        let attributes = &ws.project().attributes;
        hits.retain(|h| {
            attributes.get(&opened.index.docs[h.doc].id, column) == Some(value.as_str())
        });
    }
    let total: usize = hits.iter().map(|d| d.hits.len()).sum();
    if format == SearchFormat::Table {
        for doc in &hits {
            writeln!(out, "{}\t{}", opened.index.docs[doc.doc].id, doc.hits.len())?;
        }
        writeln!(
            out,
            "{total} hits in {} of {} documents",
            hits.len(),
            opened.documents
        )?;
        return Ok(());
    }
    let mut lines = kwic::lines(&opened.index, &hits, options.context);
    if !keys.is_empty() {
        kwic::sort(&mut lines, &keys);
    }
    match format {
        SearchFormat::Jsonl => kwic::write_jsonl(out, &lines)?,
        SearchFormat::Csv => kwic::write_csv(out, &lines)?,
        SearchFormat::Kwic | SearchFormat::Table => {
            for line in &lines {
                writeln!(
                    out,
                    "{}:{}-{}\t{}⟦{}⟧{}",
                    line.doc_id,
                    line.range.start,
                    line.range.end,
                    line.before,
                    line.hit,
                    line.after
                )?;
            }
        }
    }
    writeln!(err, "{total} hits in {} documents", hits.len())?;
    Ok(())
}

/// `qari collocates PATH QUERY`: the words most associated with a query's hits.
pub fn collocates(
    path: &Path,
    query: &str,
    regex: bool,
    options: collocates::Options,
    top: usize,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let opened = open(path, err)?;
    let hits = run(&opened, query, regex)?;
    let total: usize = hits.iter().map(|d| d.hits.len()).sum();
    let found = collocates::collocates(&opened.index, &hits, options);
    let words = collocates::corpus_counts(&opened.index).words();
    writeln!(
        out,
        "{total} hits; {} words each side; {words} words in the corpus",
        options.window
    )?;
    writeln!(out, "word\tcount\tcorpus\tlog-likelihood\tMI")?;
    for c in found.iter().take(top) {
        writeln!(
            out,
            "{}\t{}\t{}\t{:.2}\t{:.2}",
            c.word, c.count, c.corpus_count, c.log_likelihood, c.mutual_information
        )?;
    }
    if matches!(options.measure, Measure::MutualInformation) && options.min_count < 3 {
        writeln!(err, "note: MI favours rare words; --min 3 or more is usual")?;
    }
    Ok(())
}

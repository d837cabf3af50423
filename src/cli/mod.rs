//! The headless subcommands behind `qari list`, `text`, `init`, `check`, `relocate`, `merge`,
//! ([`combine`]) `combine`, ([`chart`]) `chart`, `entities`, `register`, and ([`annotations`]) `import`,
//! `annotations` and `export`: each
//! takes its arguments and an output stream, and returns an error to be printed once by
//! `main`. Commands that change a project go through the workspace's one door
//! ([`crate::project::Workspace::perform`]) and save under its lock, merging what another
//! program saved meanwhile.
//!
//! Parsing the command line is `main.rs`'s job; this module only does the work and the output.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Result, bail};
use serde_json::json;

pub mod agreement;
pub mod annotations;
pub mod attributes;
pub mod chart;
pub mod combine;
pub mod search;
pub mod train;

use crate::corpus::{Corpus, DocumentInfo, Format, ReadError, read_document};
use crate::entities::{self, Register};
use crate::project::workspace::Saved;
use crate::project::{self, DEFAULT_FILE_NAME, Intent, IntentError, Workspace, is_project_file};
use crate::recent::Recent;

/// Output layouts of `qari list`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    /// Aligned columns for people.
    Table,
    /// One JSON object a line for programs.
    Jsonl,
}

/// `qari list PATH`: every file of a folder, an article or a project's corpus.
pub fn list(
    path: &Path,
    format: ListFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let corpus = if is_project_file(path) {
        Workspace::open(path)?.into_corpus()
    } else {
        Corpus::open(path)?
    };
    match format {
        ListFormat::Table => list_table(&corpus, out)?,
        ListFormat::Jsonl => list_jsonl(&corpus, out)?,
    }
    writeln!(
        err,
        "{} documents, {} with warnings, {} skipped, {} files of other types ignored: {}",
        corpus.documents.len(),
        corpus
            .documents
            .iter()
            .filter(|d| !d.warnings.is_empty())
            .count(),
        corpus.skipped.len(),
        corpus.ignored,
        corpus.root.display()
    )?;
    Ok(())
}

fn list_table(corpus: &Corpus, out: &mut dyn Write) -> io::Result<()> {
    let id_width = corpus
        .documents
        .iter()
        .map(|d| d.id.chars().count())
        .chain(
            corpus
                .skipped
                .iter()
                .map(|s| skipped_id(corpus, s).chars().count()),
        )
        .max()
        .unwrap_or(2)
        .max(2);
    writeln!(
        out,
        "{:id_width$}  {:28}  {:>9}  {:>8}  TITLE",
        "ID", "ENCODING", "BYTES", "CHARS"
    )?;
    for doc in &corpus.documents {
        let mut title = doc.title.clone();
        for warning in &doc.warnings {
            title.push_str(&format!("  [warning: {warning}]"));
        }
        writeln!(
            out,
            "{:id_width$}  {:28}  {:>9}  {:>8}  {}",
            doc.id,
            doc.encoding.to_string(),
            doc.byte_len,
            doc.char_len,
            title
        )?;
    }
    for skipped in &corpus.skipped {
        writeln!(
            out,
            "{:id_width$}  {:28}  {:>9}  {:>8}  [skipped: {}]",
            skipped_id(corpus, skipped),
            "-",
            "-",
            "-",
            skipped
        )?;
    }
    Ok(())
}

fn list_jsonl(corpus: &Corpus, out: &mut dyn Write) -> io::Result<()> {
    for doc in &corpus.documents {
        writeln!(out, "{}", document_json(doc))?;
    }
    for skipped in &corpus.skipped {
        let line = json!({
            "id": skipped_id(corpus, skipped),
            "path": skipped.path().to_string_lossy(),
            "skipped": skipped.to_string(),
        });
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn document_json(doc: &DocumentInfo) -> serde_json::Value {
    json!({
        "id": doc.id,
        "path": doc.path.to_string_lossy(),
        "format": doc.format,
        "encoding": doc.encoding.name(),
        "encoding_source": doc.encoding.source,
        "bytes": doc.byte_len,
        "chars": doc.char_len,
        "hash": doc.hash,
        "title": doc.title,
        "warnings": doc.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
    })
}

/// The id a skipped file would have had (its path relative to the root, lossily).
fn skipped_id(corpus: &Corpus, skipped: &ReadError) -> String {
    let path = skipped.path();
    path.strip_prefix(&corpus.root)
        .ok()
        .filter(|rel| !rel.as_os_str().is_empty())
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// `qari text FILE`: the document text exactly as qari indexes it.
pub fn text(path: &Path, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let Some(format) = Format::of(path) else {
        bail!("not a .txt, .md or .html file: {}", path.display());
    };
    let doc = read_document(path, format)?;
    for warning in &doc.warnings {
        writeln!(err, "warning: {warning}: {}", path.display())?;
    }
    out.write_all(doc.text.as_bytes())?;
    Ok(())
}

/// `qari init DIR [--project FILE]`: creates and saves a project for a corpus folder.
pub fn init(dir: &Path, project_file: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    if !dir.is_dir() {
        bail!("not a folder: {}", dir.display());
    }
    let project_path = project_file.map_or_else(|| dir.join(DEFAULT_FILE_NAME), Path::to_owned);
    let ws = project::workspace::init(dir, &project_path)?;
    writeln!(
        out,
        "created project with {} documents ({} files skipped): {}",
        ws.corpus().documents.len(),
        ws.corpus().skipped.len(),
        ws.path().display()
    )?;
    Ok(())
}

/// `qari check PROJECT`: documents missing, changed and new since the project was saved,
/// files that cannot be read, what reading the project file repaired (`repaired`), what is
/// wrong in it (`invalid`) and what needs a person's look (`attention`).
pub fn check(project_arg: &Path, out: &mut dyn Write) -> Result<()> {
    let project_path = existing_project(project_arg)?;
    let ws = Workspace::open(&project_path)?;
    for (label, ids) in [
        ("missing", &ws.changes().missing),
        ("changed", &ws.changes().changed),
        ("new", &ws.changes().new),
    ] {
        for id in ids {
            writeln!(out, "{label}\t{id}")?;
        }
    }
    for skipped in &ws.corpus().skipped {
        writeln!(out, "unreadable\t{skipped}")?;
    }
    for r in ws.reanchored() {
        let new = r
            .outcome
            .range()
            .map_or_else(|| "?".to_owned(), |n| format!("{}–{}", n.start, n.end));
        writeln!(
            out,
            "reanchored\t{}\t#{} {}–{} → {new}: {}",
            r.outcome.describe(),
            r.id.0,
            r.old.start,
            r.old.end,
            r.doc
        )?;
    }
    let attention = ws.needs_attention();
    for a in &attention {
        let why = ws.attention_reason(a).unwrap_or_default();
        writeln!(
            out,
            "attention\t#{} {}–{} {:?} ({why}): {}",
            a.id.0, a.start, a.end, a.quote, a.doc
        )?;
    }
    // What reading the file put right (each item is flagged as well, below).
    for problem in ws.repaired() {
        writeln!(out, "repaired\t{problem}")?;
    }
    // What the file holds that is wrong (ranges, missing codes), and what was repaired on
    // load (the code tree, ids taken twice) and so flagged.
    let invalid = ws.problems();
    for problem in invalid.iter() {
        writeln!(out, "invalid\t{problem}")?;
    }
    let codes = ws.codes_needing_attention();
    for (code, why) in &codes {
        // A name edited by hand may hold control characters: shown, never printed raw.
        let path = crate::annotations::codebook::visible(&ws.project().codebook.path(code.id));
        writeln!(out, "attention\tcode {} “{path}” ({why})", code.id.0)?;
    }
    let codings = ws.codings_needing_attention();
    for (coding, why) in &codings {
        writeln!(
            out,
            "attention\tthe document's codes ({why}): {}",
            coding.doc
        )?;
    }
    for doc in ws
        .corpus()
        .documents
        .iter()
        .filter(|d| !d.warnings.is_empty())
    {
        for warning in &doc.warnings {
            writeln!(out, "warning\t{warning}: {}", doc.id)?;
        }
    }
    writeln!(
        out,
        "{} documents; {}; {} annotations, {} need attention; {} codes and {} document codings need attention; {} invalid: {}",
        ws.corpus().documents.len(),
        ws.changes().summary(),
        ws.project().annotations.len(),
        attention.len(),
        codes.len(),
        codings.len(),
        invalid.len(),
        ws.path().display()
    )?;
    Ok(())
}

/// `qari relocate PROJECT FOLDER`: points a project at its moved corpus and saves it.
pub fn relocate(
    project_arg: &Path,
    folder: &Path,
    wait: Duration,
    out: &mut dyn Write,
) -> Result<()> {
    let project_path = existing_project(project_arg)?;
    if !folder.exists() {
        bail!("corpus folder not found: {}", folder.display());
    }
    let mut ws = Workspace::relocate(&project_path, folder)?;
    ws.set_writer("qari relocate", wait);
    let saved = ws.save()?;
    writeln!(
        out,
        "corpus root is now {:?} ({}): {}",
        ws.project().corpus_root,
        ws.changes().summary(),
        ws.path().display()
    )?;
    report_repairs(&ws, &saved, out)?;
    Ok(())
}

/// After a save that wrote what was repaired on loading the project file: one line saying
/// so and where the file as it was is kept ([`Workspace::repair_summary`]); and after a save
/// whose merge took annotations or codes out, one saying where the project as it was here is
/// kept.
pub(crate) fn report_repairs(ws: &Workspace, saved: &Saved, out: &mut dyn Write) -> Result<()> {
    if saved.before_repair.is_some()
        && let Some(line) = ws.repair_summary()
    {
        writeln!(out, "{line}")?;
    }
    // Another program took annotations or codes out meanwhile: say where ours were kept.
    if let Some(merged) = &saved.merged
        && merged.kept.is_some()
    {
        writeln!(out, "took in {}", merged.summary())?;
    }
    Ok(())
}

/// How long a command that writes a project waits, by default, for another program saving
/// it (a window's save takes well under a second).
pub const DEFAULT_WAIT_SECONDS: f64 = 5.0;

/// `--wait SECONDS` as a duration.
pub fn wait_seconds(seconds: f64) -> Result<Duration> {
    if !seconds.is_finite() || seconds < 0.0 {
        bail!("--wait takes a number of seconds (0 or more), not {seconds}");
    }
    Ok(Duration::from_secs_f64(seconds.min(86_400.0)))
}

/// `qari merge BASE OURS THEIRS`: the three-way merge of two versions of a project file that
/// share a base, written over OURS (or `out_path`), as a git merge driver does. Returns
/// whether the merge is clean (nothing needs a person).
pub fn merge(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    out_path: Option<&Path>,
    out: &mut dyn Write,
) -> Result<bool> {
    let base_project = project::workspace::load(base)?;
    let ours_project = project::workspace::load(ours)?;
    let theirs_project = project::workspace::load(theirs)?;
    let merged = project::merge::merge(
        &base_project,
        &ours_project,
        &theirs_project,
        "their version",
    );
    let text = project::format::to_ron(&merged.project).map_err(|e| {
        anyhow::anyhow!(
            "could not write the merged project ({e}): {}",
            ours.display()
        )
    })?;
    let target = out_path.unwrap_or(ours);
    project::save::write_atomic(target, text.as_bytes()).map_err(|e| {
        anyhow::anyhow!(
            "could not write the merged project ({e}): {}",
            target.display()
        )
    })?;
    let report = &merged.report;
    for conflict in &report.conflicts {
        writeln!(out, "needs attention\t{conflict}")?;
    }
    let summary = if report.is_empty() {
        "nothing new from theirs".to_owned()
    } else {
        report.summary()
    };
    writeln!(out, "merged ({summary}): {}", target.display())?;
    Ok(!report.has_conflicts())
}

/// A project argument: a project file, or a folder holding `qari.ron`; it must exist.
pub(crate) fn existing_project(arg: &Path) -> Result<PathBuf> {
    let path = if arg.is_dir() {
        arg.join(DEFAULT_FILE_NAME)
    } else {
        arg.to_owned()
    };
    if std::fs::metadata(&path).is_ok() {
        // There, but a FIFO, a device or a folder: say so rather than "no project file".
        crate::project::save::regular_or_missing(&path)
            .map_err(|err| anyhow::anyhow!("{err}: {}", path.display()))?;
    } else {
        bail!("no project file: {}", path.display());
    }
    Ok(path)
}

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

/// One line of `qari entities --format jsonl`. `start`, `end` and `text` cover the word as
/// written, a clitic attached to the name included (وفرنسا), as ANERcorp, CoNLL tokens and the
/// tagger count words; `prefix` is that clitic, so the name itself begins `prefix`'s length
/// later.
#[derive(serde::Serialize)]
struct MentionLine<'a> {
    doc: &'a str,
    start: usize,
    end: usize,
    text: Word<'a>,
    /// The register entity's canonical name; `null` for a name only the tagger found.
    entity: Option<&'a str>,
    kind: &'a str,
    /// The kind as ner-eval and CoNLL spell it: PER, ORG, LOC, MISC.
    #[serde(rename = "type")]
    kind_type: &'a str,
    prefix: &'a str,
    source: &'a str,
    score: f32,
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

/// `qari entities PATH`: the entity mentions of a folder, an article or a project's corpus.
pub fn entities(
    path: &Path,
    options: &EntitiesOptions,
    format: EntitiesFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
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
    let canonical = |m: &entities::MentionRecord| {
        m.entity
            .and_then(|e| register.entities.get(e))
            .map(|e| e.canonical.as_str())
    };
    match format {
        EntitiesFormat::Jsonl => {
            // Lines are formatted in parallel, in blocks, and written in order.
            use rayon::prelude::*;
            let blocks: Vec<Result<Vec<u8>, serde_json::Error>> = mentions
                .par_chunks(2048)
                .map(|chunk| {
                    let mut block = Vec::with_capacity(chunk.len() * 200);
                    for m in chunk {
                        let line = MentionLine {
                            doc: &m.doc,
                            start: word_start(m),
                            end: m.end,
                            text: Word {
                                prefix: &m.prefix,
                                name: &m.text,
                            },
                            entity: canonical(m),
                            kind: m.kind.as_str(),
                            kind_type: m.kind.conll(),
                            prefix: &m.prefix,
                            source: m.source.as_str(),
                            score: m.score,
                        };
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
        EntitiesFormat::Table => entities_table(&register, &mentions, out)?,
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
    (word_start(m), format!("{}{}", m.prefix, m.text))
}

/// Where the word of a mention starts: before the clitic the register saw.
fn word_start(m: &entities::MentionRecord) -> usize {
    m.start.saturating_sub(m.prefix.chars().count())
}

/// The word of a mention as written, the clitic and the name, serialised as one string
/// without joining them first (a JSON line a mention, some hundred thousand a corpus).
struct Word<'a> {
    prefix: &'a str,
    name: &'a str,
}

impl serde::Serialize for Word<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.prefix.is_empty() {
            serializer.serialize_str(self.name)
        } else {
            serializer.collect_str(&format_args!("{}{}", self.prefix, self.name))
        }
    }
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

/// `qari register export [PROJECT]`: the register as TSV (the bundled one with the project's
/// edits applied).
pub fn register_export(project: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    let edits = match project {
        Some(arg) => project::workspace::load(&existing_project(arg)?)?.register,
        None => Vec::new(),
    };
    out.write_all(Register::with_edits(&edits).to_tsv().as_bytes())?;
    Ok(())
}

/// `qari register import PROJECT FILE.tsv`: adds a TSV register's entities to the project's
/// register (as edits, saved).
pub fn register_import(
    project_arg: &Path,
    file: &Path,
    wait: Duration,
    out: &mut dyn Write,
) -> Result<()> {
    let path = existing_project(project_arg)?;
    let imported = Register::read_tsv(file)?;
    let mut ws = Workspace::open(&path)?;
    ws.set_writer("qari register import", wait);
    let count = imported.entities.len();
    let intent = Intent::ImportRegister {
        entities: imported.entities,
        source: file.display().to_string(),
    };
    let saved = match ws.perform(intent, &Recent::from_env().author()) {
        Ok(_) => Some(ws.save()?),
        Err(IntentError::Unchanged(_)) => None,
        Err(err) => bail!("{err}: {}", file.display()),
    };
    writeln!(
        out,
        "imported {count} entities from {}: {}",
        file.display(),
        path.display()
    )?;
    if let Some(saved) = &saved {
        report_repairs(&ws, saved, out)?;
    }
    Ok(())
}

/// Whether an error is a closed output pipe (`qari list | head`), which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

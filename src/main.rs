//! The `qari` binary: parses the command line and dispatches to the GUI or a headless
//! subcommand. Exit status: 0 on success, 1 on a user error (one line naming the file on stderr),
//! 2 on bad usage.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use qari::cli::{self, ListFormat};

/// qari (قارئ): read and annotate corpora of Arabic articles.
///
/// With no command, opens the GUI on PATH (a folder, a project file or an article), or on the
/// last project, or on the bundled sample corpus.
#[derive(Parser)]
#[command(name = "qari", version, about)]
struct Args {
    /// Folder, project file (.ron) or article to open in the GUI.
    path: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// List the documents of a folder, article or project: encoding, size, title, warnings.
    List {
        /// Folder, article or project file.
        path: PathBuf,
        /// Output layout.
        #[arg(long, value_enum, default_value_t = Layout::Table)]
        format: Layout,
    },
    /// Print a document's text exactly as qari indexes it (decoded, LF line endings).
    Text {
        /// A .txt, .md or .html file.
        file: PathBuf,
    },
    /// Create a project for a corpus folder (qari.ron in the folder unless --project).
    Init {
        /// The corpus folder.
        dir: PathBuf,
        /// Where to write the project file.
        #[arg(long)]
        project: Option<PathBuf>,
    },
    /// Report documents missing, changed and new since the project was saved.
    Check {
        /// Project file, or a folder holding qari.ron.
        project: PathBuf,
    },
    /// Find the people, organisations and places a folder, article or project's corpus names:
    /// the register's entities and, with the trained tagger, names the register does not know
    /// (`entity` null). Each mention has its type (PER, ORG, LOC, MISC), who found it (`source`:
    /// register, tagger, both) and the tagger's probability (`score`, 1 for the register alone).
    /// `start`, `end` and `text` cover the word as written, a clitic before the name included
    /// (`prefix`), as ANERcorp and CoNLL count words; offsets in code points.
    Entities {
        /// Folder, article or project file.
        path: PathBuf,
        /// A register TSV (canonical, kind, aliases) to use before the bundled one; repeatable.
        #[arg(long)]
        register: Vec<PathBuf>,
        /// Use only the registers given with --register.
        #[arg(long)]
        no_default_register: bool,
        /// Find only the register's names, without the trained tagger (which otherwise also
        /// finds names the register does not know: the project's model, or the bundled one).
        #[arg(long)]
        no_tagger: bool,
        /// Leave out mentions the tagger gives a probability below this (register-only
        /// mentions score 1).
        #[arg(long, default_value_t = 0.0)]
        min_score: f32,
        /// Output layout: one mention a line (jsonl, csv) or counts per entity (table).
        #[arg(long, value_enum, default_value_t = EntitiesLayout::Jsonl)]
        format: EntitiesLayout,
    },
    /// Search a folder, an article or a project's corpus: words found with or without the
    /// article and clitics (=word: as written), "phrases", * at a word's start or end, a|b,
    /// A NEAR/5 B, entity:NAME (every alias), code:NAME (inside passages with that code), all on
    /// the folded text (hamza forms, diacritics, ى/ي, ة/ه, digits, Latin case).
    Search {
        /// Folder, article or project file.
        path: PathBuf,
        /// The query (see README: Search).
        query: String,
        /// Output: hits per document (table), or the concordance (jsonl, csv, kwic).
        #[arg(long, value_enum, default_value_t = SearchLayout::Table)]
        format: SearchLayout,
        /// Characters of context each side of a hit.
        #[arg(long, default_value_t = qari::search::kwic::DEFAULT_CONTEXT)]
        context: usize,
        /// The query is a regular expression over the folded text.
        #[arg(long)]
        regex: bool,
        /// Concordance order: hit, 1L, 2L, 3L (words before), 1R, 2R, 3R (after), doc; several
        /// in turn.
        #[arg(long, num_args = 1..)]
        sort: Vec<String>,
        /// Only the documents whose attribute has a value: COLUMN=VALUE (`qari attributes
        /// import`).
        #[arg(long = "where", value_name = "COLUMN=VALUE")]
        only_where: Option<String>,
    },
    /// The words most associated with a query's hits: counted within --window words each side
    /// and ranked by log-likelihood (or mutual information) against the whole corpus.
    Collocates {
        /// Folder, article or project file.
        path: PathBuf,
        /// The query (as for `qari search`).
        query: String,
        /// Words each side of a hit.
        #[arg(long, default_value_t = 5)]
        window: usize,
        /// Ranking.
        #[arg(long, value_enum, default_value_t = MeasureLayout::Ll)]
        measure: MeasureLayout,
        /// Leave out words seen fewer times than this beside the hits.
        #[arg(long, default_value_t = 3)]
        min: u32,
        /// How many to list.
        #[arg(long, default_value_t = 30)]
        top: usize,
        /// The query is a regular expression over the folded text.
        #[arg(long)]
        regex: bool,
    },
    /// Train the project's entity tagger on its entity tags (passages tagged with codes named
    /// PER, ORG, LOC, person, organisation, place …) and on accepted or rejected suggestions;
    /// written beside the project (qari.ron → qari.qtag) and used from then on by `qari
    /// entities PROJECT` and the window. Prints what it learnt from and its cross-validated
    /// precision and recall.
    Train {
        /// Project file, or a folder holding qari.ron.
        project: PathBuf,
        /// What the model starts from: the bundled model (trained on ANERcorp news), or
        /// nothing (the project's tags alone).
        #[arg(long, value_enum, default_value_t = BaseLayout::Bundled)]
        base: BaseLayout,
    },
    /// How far the project's coders (the authors of its annotations) agree, per code and
    /// overall: Krippendorff's unitized alpha (passages whose edges differ) and alpha, Cohen's
    /// kappa (two coders) and Fleiss' kappa at a unit, and span precision, recall and F1 of the
    /// second coder against the first; then the passages where they differ.
    Agreement {
        /// Project file, or a folder holding qari.ron.
        project: PathBuf,
        /// Coders to compare (annotation authors), comma-separated; all by default.
        #[arg(long, value_delimiter = ',')]
        coders: Option<Vec<String>>,
        /// Codes (names or paths), comma-separated; all by default.
        #[arg(long, value_delimiter = ',')]
        codes: Option<Vec<String>>,
        /// Documents (file names in the corpus), comma-separated; all by default.
        #[arg(long, value_delimiter = ',')]
        docs: Option<Vec<String>>,
        /// The unit of alpha and the kappas.
        #[arg(long, value_enum, default_value_t = UnitLayout::Token)]
        unit: UnitLayout,
        /// Passages match when they overlap by at least this share of their union (0 to 1);
        /// exact edges by default.
        #[arg(long)]
        overlap: Option<f64>,
        /// Output layout.
        #[arg(long, value_enum, default_value_t = AgreementLayout::Table)]
        format: AgreementLayout,
        /// Only the documents whose attribute has a value: COLUMN=VALUE (`qari attributes
        /// import`).
        #[arg(long = "where", value_name = "COLUMN=VALUE")]
        only_where: Option<String>,
    },
    /// Document attributes (source, date, author …) from a CSV: a column naming the document,
    /// any others; kept in the project, they date, filter and group documents in the charts.
    Attributes {
        #[command(subcommand)]
        action: AttributesAction,
    },
    /// Export or import the entity register (TSV: canonical, kind, aliases separated by |).
    Register {
        #[command(subcommand)]
        action: RegisterAction,
    },
    /// Add annotations to a project: JSON lines (doc, start, end, code or type, note, author),
    /// a brat folder or a W3C Web Annotation collection; nothing is added if any line is bad.
    /// Changes another program saved meanwhile are merged, never overwritten.
    Import {
        /// Project file, or a folder holding qari.ron.
        project: PathBuf,
        /// The file's format.
        #[arg(long, value_enum, default_value_t = ImportLayout::Jsonl)]
        format: ImportLayout,
        /// The file to import.
        file: PathBuf,
        /// Import doubtful lines with a warning each instead of refusing the file: a text that
        /// is not the document's at its offsets (imported at the offsets), a brat id given
        /// twice (the first kept), a code name with control characters (cleaned).
        #[arg(long)]
        lenient: bool,
        /// How long to wait for another program saving the project, in seconds.
        #[arg(long, default_value_t = cli::DEFAULT_WAIT_SECONDS)]
        wait: f64,
    },
    /// Export annotations: csv (a row per annotation and code, UTF-8 with BOM), jsonl (an
    /// annotation a line), brat (a folder of .txt/.ann files), w3c (Web Annotation JSON-LD),
    /// conll (BIO tokens), html (a right-to-left report), qdpx (REFI-QDA project), qdc
    /// (REFI-QDA codebook).
    Export {
        /// Project file, or a folder holding qari.ron.
        project: PathBuf,
        /// The format.
        #[arg(long, value_enum)]
        format: ExportLayout,
        /// The file to write (a folder for brat, empty unless --force); never the project's
        /// files or the corpus's.
        #[arg(long)]
        out: PathBuf,
        /// Only annotations with these codes (paths; a code includes those under it).
        #[arg(long, num_args = 1..)]
        codes: Vec<String>,
        /// Only these documents (ids).
        #[arg(long, num_args = 1..)]
        docs: Vec<String>,
        /// Only these coders' annotations (authors): one coder's layer, or the curator's.
        #[arg(long = "author", num_args = 1..)]
        authors: Vec<String>,
        /// Only the documents whose attribute has a value: COLUMN=VALUE (`qari attributes
        /// import`).
        #[arg(long = "where", value_name = "COLUMN=VALUE")]
        only_where: Option<String>,
        /// Entity mentions too (csv, jsonl, conll): the register's and the trained tagger's
        /// (the project's model when it has one, else the bundled one).
        #[arg(long)]
        with_entities: bool,
        /// With --with-entities: the register's mentions only.
        #[arg(long, requires = "with_entities")]
        no_tagger: bool,
        /// brat: write into a folder that is not empty (never over the project's files
        /// or the corpus's, which an export always refuses).
        #[arg(long)]
        force: bool,
        /// csv: write cells as they are, without the ' before a cell starting with =, +, -, @,
        /// a tab or a carriage return that keeps a spreadsheet from running it as a formula.
        #[arg(long)]
        csv_raw: bool,
    },
    /// List a project's annotations, document by document in text order.
    Annotations {
        /// Project file, or a folder holding qari.ron.
        project: PathBuf,
        /// Output layout.
        #[arg(long, value_enum, default_value_t = Layout::Jsonl)]
        format: Layout,
    },
    /// Merge two versions of a project file that share a base (three-way, by annotation,
    /// code and register entry): usable as a git merge driver (`qari merge %O %A %B`). The
    /// result replaces OURS unless --out; exit status 1 when something needs a person.
    Merge {
        /// The common ancestor.
        base: PathBuf,
        /// Our version (replaced by the result, as git expects).
        ours: PathBuf,
        /// Their version.
        theirs: PathBuf,
        /// Write the result here instead of over OURS.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Combine coders' project files of one corpus into one team project: every coder's
    /// passages kept under their author (for `qari agreement` and curation), documents matched
    /// by their text, identical codes merged by name and place in the tree.
    Combine {
        /// Two project files (or folders holding qari.ron) or more; the corpus is the first's.
        #[arg(required = true, num_args = 2..)]
        projects: Vec<PathBuf>,
        /// The team project to write: a new file, or one of the projects combined.
        #[arg(long)]
        out: PathBuf,
    },
    /// Draw a chart of a folder, article or project without the window: `entities`, the most
    /// mentioned entities; `network`, the entities named together; `timeline`, mentions per
    /// day, week or month (dates from the file names); `matrix`, a project's passages per code
    /// and document; `codes`, how often its codes meet. SVG or PNG, or the data behind it as CSV, by the
    /// file's extension.
    Chart {
        /// Folder, article or project file.
        path: PathBuf,
        /// What to draw.
        #[arg(value_enum)]
        view: ChartView,
        /// The file to write: .svg or .png, or .csv for the data behind the chart.
        #[arg(long)]
        out: PathBuf,
        /// How many entities (bars, or nodes of the network).
        #[arg(long, default_value_t = 30)]
        top: usize,
        /// Only these kinds (person, organisation, place, other), comma-separated.
        #[arg(long, value_delimiter = ',')]
        kind: Vec<String>,
        /// Network: entities are named together in one sentence, paragraph or document.
        #[arg(long, value_enum, default_value_t = ScopeLayout::Paragraph)]
        scope: ScopeLayout,
        /// Network: the fewest times two entities are named together for their edge.
        #[arg(long, default_value_t = 2)]
        min_weight: usize,
        /// Timeline: these entities (English names or aliases), comma-separated; the most
        /// mentioned by default.
        #[arg(long, value_delimiter = ',')]
        entity: Vec<String>,
        /// Timeline: count per day, week or month.
        #[arg(long, value_enum, default_value_t = PeriodLayout::Month)]
        by: PeriodLayout,
        /// Timeline: a project's passages per code, instead of entity mentions.
        #[arg(long, conflicts_with = "query")]
        codes: bool,
        /// Timeline: the hits of this query (see "Search" in the README), instead of entity
        /// mentions.
        #[arg(long)]
        query: Option<String>,
        /// The query is a regular expression over the folded text.
        #[arg(long, requires = "query")]
        regex: bool,
        /// Only the documents whose attribute has a value: COLUMN=VALUE (`qari attributes
        /// import`).
        #[arg(long = "where", value_name = "COLUMN=VALUE")]
        only_where: Option<String>,
        /// Matrix: a column per value of a document attribute instead of per document.
        #[arg(long, value_name = "COLUMN")]
        group_by: Option<String>,
        /// Codes: two codes meet on one passage or overlapping passages, or in one paragraph.
        #[arg(long, value_enum, default_value_t = MeetLayout::Overlap)]
        meet: MeetLayout,
    },
    /// Point a project at its corpus folder after the folder moved.
    Relocate {
        /// Project file, or a folder holding qari.ron.
        project: PathBuf,
        /// Where the corpus folder is now.
        folder: PathBuf,
        /// How long to wait for another program saving the project, in seconds.
        #[arg(long, default_value_t = cli::DEFAULT_WAIT_SECONDS)]
        wait: f64,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ChartView {
    /// The most mentioned entities.
    Entities,
    /// The entities named together.
    Network,
    /// A project's passages per code and document.
    Matrix,
    /// Mentions per day, week or month, by the dates in the file names.
    Timeline,
    /// How often each two codes of a project meet (one passage, or overlapping passages).
    Codes,
}

#[derive(Clone, Copy, ValueEnum)]
enum PeriodLayout {
    Day,
    Week,
    Month,
}

#[derive(Clone, Copy, ValueEnum)]
enum ScopeLayout {
    Sentence,
    Paragraph,
    Document,
}

#[derive(Clone, Copy, ValueEnum)]
enum UnitLayout {
    Token,
    Sentence,
    Paragraph,
    Document,
}

#[derive(Clone, Copy, ValueEnum)]
enum AgreementLayout {
    Table,
    Csv,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum MeetLayout {
    Overlap,
    Paragraph,
}

#[derive(Subcommand)]
enum AttributesAction {
    /// Import a CSV of document attributes into a project (nothing is imported when a row is
    /// bad; each is named by its line).
    Import {
        /// Project file, or a folder holding qari.ron.
        project: PathBuf,
        /// The CSV file: a header, a column naming the document (document, doc, id, file …;
        /// else the first), any others (a `date` column is year-month-day).
        file: PathBuf,
        /// Import the good rows when some are bad.
        #[arg(long)]
        skip_bad: bool,
        /// How long to wait for another program saving the project, in seconds.
        #[arg(long, default_value_t = cli::DEFAULT_WAIT_SECONDS)]
        wait: f64,
    },
}

#[derive(Subcommand)]
enum RegisterAction {
    /// Print the register as TSV: the bundled one, with a project's edits when given.
    Export {
        /// Project file, or a folder holding qari.ron.
        project: Option<PathBuf>,
    },
    /// Add the entities of a TSV register to a project's register.
    Import {
        /// Project file, or a folder holding qari.ron.
        project: PathBuf,
        /// The TSV file.
        file: PathBuf,
        /// How long to wait for another program saving the project, in seconds.
        #[arg(long, default_value_t = cli::DEFAULT_WAIT_SECONDS)]
        wait: f64,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportLayout {
    Csv,
    Jsonl,
    Brat,
    W3c,
    Conll,
    Html,
    Qdpx,
    Qdc,
}

#[derive(Clone, Copy, ValueEnum)]
enum ImportLayout {
    Jsonl,
    Brat,
    W3c,
}

#[derive(Clone, Copy, ValueEnum)]
enum EntitiesLayout {
    Jsonl,
    Csv,
    Table,
}

#[derive(Clone, Copy, ValueEnum)]
enum SearchLayout {
    Table,
    Jsonl,
    Csv,
    Kwic,
}

#[derive(Clone, Copy, ValueEnum)]
enum MeasureLayout {
    /// Log-likelihood.
    Ll,
    /// Mutual information.
    Mi,
}

#[derive(Clone, Copy, ValueEnum)]
enum BaseLayout {
    Bundled,
    None,
}

#[derive(Clone, Copy, ValueEnum)]
enum Layout {
    Table,
    Jsonl,
}

/// The window, on a project, a folder, or the last project.
#[cfg(feature = "gui")]
fn run_window(path: Option<PathBuf>) -> anyhow::Result<()> {
    qari::ui::run(path)
}

/// Built without the window (`--no-default-features`): say so.
#[cfg(not(feature = "gui"))]
fn run_window(_path: Option<PathBuf>) -> anyhow::Result<()> {
    anyhow::bail!("this qari was built without the window (feature `gui`); use a subcommand")
}

fn main() -> ExitCode {
    let args = Args::parse();
    let stdout = std::io::stdout();
    // Standard error is not held locked: a message or a panic from a worker thread while a
    // command runs would wait for the lock forever.
    let (mut out, mut err) = (stdout.lock(), std::io::stderr());
    let result = match args.command {
        None => {
            drop((out, err));
            run_window(args.path)
        }
        Some(Command::List { path, format }) => {
            let format = match format {
                Layout::Table => ListFormat::Table,
                Layout::Jsonl => ListFormat::Jsonl,
            };
            cli::list(&path, format, &mut out, &mut err)
        }
        Some(Command::Text { file }) => cli::text(&file, &mut out, &mut err),
        Some(Command::Init { dir, project }) => cli::init(&dir, project.as_deref(), &mut out),
        Some(Command::Check { project }) => cli::check(&project, &mut out),
        Some(Command::Relocate {
            project,
            folder,
            wait,
        }) => cli::wait_seconds(wait)
            .and_then(|wait| cli::relocate(&project, &folder, wait, &mut out)),
        Some(Command::Merge {
            base,
            ours,
            theirs,
            out: merged,
        }) => match cli::merge(&base, &ours, &theirs, merged.as_deref(), &mut out) {
            Ok(true) => Ok(()),
            // Something needs a person: the result is written, with those items flagged.
            Ok(false) => return ExitCode::FAILURE,
            Err(e) => Err(e),
        },
        Some(Command::Chart {
            path,
            view,
            out: to,
            top,
            kind,
            scope,
            min_weight,
            entity,
            by,
            codes,
            query,
            regex,
            only_where,
            group_by,
            meet,
        }) => kind
            .iter()
            .map(|k| {
                qari::entities::Kind::parse(k).ok_or_else(|| {
                    anyhow::anyhow!("--kind is person, organisation, place or other, not {k:?}")
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()
            .and_then(|kinds| {
                use qari::agreement::report::UnitKind;
                let only_where = only_where.map(|pair| parse_where(&pair)).transpose()?;
                let options = cli::chart::ChartOptions {
                    view: match view {
                        ChartView::Entities => cli::chart::View::Entities,
                        ChartView::Network => cli::chart::View::Network,
                        ChartView::Matrix => cli::chart::View::Matrix,
                        ChartView::Timeline => cli::chart::View::Timeline,
                        ChartView::Codes => cli::chart::View::Codes,
                    },
                    top,
                    kinds,
                    scope: match scope {
                        ScopeLayout::Sentence => UnitKind::Sentence,
                        ScopeLayout::Paragraph => UnitKind::Paragraph,
                        ScopeLayout::Document => UnitKind::Document,
                    },
                    min_weight,
                    entities: entity,
                    period: match by {
                        PeriodLayout::Day => qari::analysis::timeline::Period::Day,
                        PeriodLayout::Week => qari::analysis::timeline::Period::Week,
                        PeriodLayout::Month => qari::analysis::timeline::Period::Month,
                    },
                    timeline_of: if codes {
                        cli::chart::TimelineOf::Codes
                    } else if query.is_some() {
                        cli::chart::TimelineOf::Search
                    } else {
                        cli::chart::TimelineOf::Entities
                    },
                    query,
                    regex,
                    only_where,
                    group_by,
                    meet: match meet {
                        MeetLayout::Overlap => cli::chart::Meet::Overlap,
                        MeetLayout::Paragraph => cli::chart::Meet::Paragraph,
                    },
                };
                cli::chart::chart(&path, &options, &to, &mut out)
            }),
        Some(Command::Combine { projects, out: to }) => {
            cli::combine::combine_projects(&projects, &to, &mut out)
        }
        Some(Command::Import {
            project,
            format,
            file,
            lenient,
            wait,
        }) => {
            let format = match format {
                ImportLayout::Jsonl => qari::import::Format::Jsonl,
                ImportLayout::Brat => qari::import::Format::Brat,
                ImportLayout::W3c => qari::import::Format::W3c,
            };
            cli::wait_seconds(wait).and_then(|wait| {
                cli::annotations::import(&project, format, &file, wait, lenient, &mut out, &mut err)
            })
        }
        Some(Command::Export {
            project,
            format,
            out: out_path,
            codes,
            docs,
            authors,
            only_where,
            with_entities,
            no_tagger,
            force,
            csv_raw,
        }) => {
            let format = match format {
                ExportLayout::Csv => qari::export::Format::Csv,
                ExportLayout::Jsonl => qari::export::Format::Jsonl,
                ExportLayout::Brat => qari::export::Format::Brat,
                ExportLayout::W3c => qari::export::Format::W3c,
                ExportLayout::Conll => qari::export::Format::Conll,
                ExportLayout::Html => qari::export::Format::Html,
                ExportLayout::Qdpx => qari::export::Format::Qdpx,
                ExportLayout::Qdc => qari::export::Format::Qdc,
            };
            only_where
                .map(|pair| parse_where(&pair))
                .transpose()
                .and_then(|only_where| {
                    cli::annotations::export_project(
                        &project,
                        format,
                        &out_path,
                        &codes,
                        &docs,
                        &authors,
                        cli::annotations::ExportFlags {
                            with_entities,
                            no_tagger,
                            force,
                            csv_raw,
                            only_where,
                        },
                        &mut out,
                    )
                })
        }
        Some(Command::Annotations { project, format }) => {
            let format = match format {
                Layout::Table => cli::annotations::AnnotationsFormat::Table,
                Layout::Jsonl => cli::annotations::AnnotationsFormat::Jsonl,
            };
            cli::annotations::annotations(&project, format, &mut out)
        }
        Some(Command::Attributes { action }) => match action {
            AttributesAction::Import {
                project,
                file,
                skip_bad,
                wait,
            } => cli::wait_seconds(wait).and_then(|wait| {
                cli::attributes::attributes_import(&project, &file, skip_bad, wait, &mut out)
            }),
        },
        Some(Command::Register { action }) => match action {
            RegisterAction::Export { project } => {
                cli::register_export(project.as_deref(), &mut out)
            }
            RegisterAction::Import {
                project,
                file,
                wait,
            } => cli::wait_seconds(wait)
                .and_then(|wait| cli::register_import(&project, &file, wait, &mut out)),
        },
        Some(Command::Agreement {
            project,
            coders,
            codes,
            docs,
            unit,
            overlap,
            format,
            only_where,
        }) => {
            use qari::agreement::report::{Selection, UnitKind};
            use qari::agreement::spans::Matching;
            let unit = match unit {
                UnitLayout::Token => UnitKind::Token,
                UnitLayout::Sentence => UnitKind::Sentence,
                UnitLayout::Paragraph => UnitKind::Paragraph,
                UnitLayout::Document => UnitKind::Document,
            };
            let format = match format {
                AgreementLayout::Table => cli::agreement::AgreementFormat::Table,
                AgreementLayout::Csv => cli::agreement::AgreementFormat::Csv,
                AgreementLayout::Json => cli::agreement::AgreementFormat::Json,
            };
            let matching = match overlap {
                Some(x) if (0.0..=1.0).contains(&x) => Ok(Matching::Overlap(x)),
                Some(x) => Err(anyhow::anyhow!("--overlap is a share from 0 to 1, not {x}")),
                None => Ok(Matching::Exact),
            };
            let selection = Selection {
                coders,
                codes,
                docs,
            };
            let only_where = only_where.map(|pair| parse_where(&pair)).transpose();
            matching.and_then(|matching| {
                cli::agreement::agreement(
                    &project,
                    &selection,
                    unit,
                    matching,
                    format,
                    only_where?,
                    &mut out,
                )
            })
        }
        Some(Command::Train { project, base }) => {
            let base = match base {
                BaseLayout::Bundled => qari::project::tagger::Base::Bundled,
                BaseLayout::None => qari::project::tagger::Base::None,
            };
            cli::train::train(&project, base, &mut out)
        }
        Some(Command::Search {
            path,
            query,
            format,
            context,
            regex,
            sort,
            only_where,
        }) => {
            let format = match format {
                SearchLayout::Table => cli::search::SearchFormat::Table,
                SearchLayout::Jsonl => cli::search::SearchFormat::Jsonl,
                SearchLayout::Csv => cli::search::SearchFormat::Csv,
                SearchLayout::Kwic => cli::search::SearchFormat::Kwic,
            };
            only_where
                .map(|pair| parse_where(&pair))
                .transpose()
                .and_then(|only_where| {
                    let options = cli::search::SearchOptions {
                        regex,
                        context,
                        sort,
                        only_where,
                    };
                    cli::search::search(&path, &query, format, &options, &mut out, &mut err)
                })
        }
        Some(Command::Collocates {
            path,
            query,
            window,
            measure,
            min,
            top,
            regex,
        }) => {
            let options = qari::search::collocates::Options {
                window,
                measure: match measure {
                    MeasureLayout::Ll => qari::search::collocates::Measure::LogLikelihood,
                    MeasureLayout::Mi => qari::search::collocates::Measure::MutualInformation,
                },
                min_count: min,
            };
            cli::search::collocates(&path, &query, regex, options, top, &mut out, &mut err)
        }
        Some(Command::Entities {
            path,
            register,
            no_default_register,
            no_tagger,
            min_score,
            format,
        }) => {
            let format = match format {
                EntitiesLayout::Jsonl => cli::EntitiesFormat::Jsonl,
                EntitiesLayout::Csv => cli::EntitiesFormat::Csv,
                EntitiesLayout::Table => cli::EntitiesFormat::Table,
            };
            let options = cli::EntitiesOptions {
                registers: register,
                bundled: !no_default_register,
                tagger: !no_tagger,
                min_score,
            };
            cli::entities(&path, &options, format, &mut out, &mut err)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "qari: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `--where COLUMN=VALUE`.
fn parse_where(pair: &str) -> anyhow::Result<(String, String)> {
    pair.split_once('=')
        .map(|(c, v)| (c.trim().to_owned(), v.trim().to_owned()))
        .ok_or_else(|| anyhow::anyhow!("--where is COLUMN=VALUE, not {pair:?}"))
}

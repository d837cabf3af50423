//! `qari.Register`: the entity register and the trained tagger, finding mentions as `qari
//! entities` does, in one text or a batch of texts.
//!
//! A register is described by a [`Spec`] (TSV texts, the bundled register and a project's
//! edits, which tagger) and built from it once per process: pickling sends the spec (the
//! bundled register and model as a word, not their megabytes), and unpickling in a worker
//! looks the built engine up in a per-process cache by the spec's hash, so a Spark or Dask
//! worker compiles the matcher once, however many tasks ship the register.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBytes, PyDict, PyList, PyTuple};
use qari::entities::tagger::Model;
use qari::entities::{self, MentionRecord, Recogniser, RegisterEdit};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::columns::MentionColumns;
use crate::error;

/// Which tagger finds the names the register does not know.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
enum Tagger {
    /// None: the register's names only.
    None,
    /// The model bundled with qari (trained on ANERcorp).
    Bundled,
    /// A project's model (`qari train`), whose bytes travel beside the spec.
    Project,
}

/// What a register is made of; built into an [`Engine`] the same way `qari entities` builds
/// its register: the TSVs first, then the bundled register with a project's edits.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Spec {
    /// Register TSVs: (file name for messages, text).
    tsv: Vec<(String, String)>,
    /// Whether the bundled register follows them.
    bundled: bool,
    /// A project's edits to the bundled register.
    edits: Vec<RegisterEdit>,
    /// The tagger.
    tagger: Tagger,
}

/// A register built: its entities and the recogniser compiled from them.
pub(crate) struct Engine {
    register: entities::Register,
    recogniser: Recogniser,
    spec: Spec,
    /// The project model's bytes ([`Tagger::Project`]), for pickling.
    model: Option<Arc<Vec<u8>>>,
    /// The hash of the spec and the model: the cache key and the Dask token.
    key: String,
}

/// Engines built in this process, by key.
fn cache() -> &'static Mutex<HashMap<String, Arc<Engine>>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Engine>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

impl Engine {
    /// The engine of a spec: from the cache, else built (without the GIL) and cached.
    fn of(py: Python<'_>, spec: Spec, model: Option<Vec<u8>>) -> PyResult<Arc<Engine>> {
        let json = serde_json::to_string(&spec).map_err(error)?;
        let mut hasher = blake3::Hasher::new();
        hasher.update(json.as_bytes());
        if let Some(bytes) = &model {
            hasher.update(bytes);
        }
        let key = hasher.finalize().to_hex().to_string();
        if let Some(engine) = lock(cache()).get(&key) {
            return Ok(engine.clone());
        }
        let engine = py.detach(|| Engine::build(spec, model, key.clone()))?;
        let engine = Arc::new(engine);
        lock(cache()).insert(key, engine.clone());
        Ok(engine)
    }

    fn build(spec: Spec, model: Option<Vec<u8>>, key: String) -> PyResult<Engine> {
        let mut register = entities::Register::default();
        for (name, text) in &spec.tsv {
            register.extend(entities::Register::from_tsv(text, Path::new(name)).map_err(error)?);
        }
        if spec.bundled {
            register.extend(entities::Register::with_edits(&spec.edits));
        }
        let tagger = match (spec.tagger, &model) {
            (Tagger::None, _) => None,
            (Tagger::Bundled, _) => entities::tagger::bundled(),
            (Tagger::Project, Some(bytes)) => {
                Some(Arc::new(Model::from_bytes(bytes).map_err(error)?))
            }
            (Tagger::Project, None) => return Err(error("a project tagger without its model")),
        };
        let recogniser = Recogniser::new(&register, tagger);
        Ok(Engine {
            register,
            recogniser,
            spec,
            model: model.map(Arc::new),
            key,
        })
    }

    /// The register's entities.
    pub(crate) fn register(&self) -> &entities::Register {
        &self.register
    }

    /// The mentions in one text, in text order, with `doc` as their document.
    fn records(&self, doc: &str, text: &str) -> Vec<MentionRecord> {
        entities::records(&self.recogniser, doc, text)
    }
}

/// A lock that a panic elsewhere does not poison for good (the cache holds only finished
/// engines).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// An entity register (people, organisations, places with their Arabic and Latin spellings)
/// and, unless left out, the trained tagger that finds names the register does not know.
///
/// Build one with `Register.default()`, `Register.from_tsv(path)` or
/// `Register.from_project(path)`; find mentions with `find(text)` or `find_batch(texts)`.
/// Registers pickle small (the bundled data as a word) and are built once per process.
#[pyclass(module = "qari", frozen)]
pub(crate) struct Register {
    pub(crate) engine: Arc<Engine>,
}

impl Register {
    /// The default register (bundled, with the bundled tagger), built once per process.
    pub(crate) fn default_engine(py: Python<'_>) -> PyResult<Arc<Engine>> {
        Engine::of(py, default_spec(true), None).map(|e| e as Arc<Engine>)
    }
}

fn default_spec(tagger: bool) -> Spec {
    Spec {
        tsv: Vec::new(),
        bundled: true,
        edits: Vec::new(),
        tagger: if tagger {
            Tagger::Bundled
        } else {
            Tagger::None
        },
    }
}

/// Finds the mentions of a batch of texts (`None` is an empty text), in parallel when asked,
/// without the GIL; each text's mentions in text order, with its document id when given.
fn find_all(
    py: Python<'_>,
    engine: &Engine,
    texts: &[Option<PyBackedStr>],
    docs: Option<&[String]>,
    parallel: bool,
) -> PyResult<MentionColumns> {
    if let Some(docs) = docs
        && docs.len() != texts.len()
    {
        return Err(pyo3::exceptions::PyValueError::new_err(format!(
            "{} texts but {} document ids",
            texts.len(),
            docs.len()
        )));
    }
    Ok(py.detach(|| {
        let one = |(row, text): (usize, &Option<PyBackedStr>)| {
            let doc = docs.map_or("", |d| d[row].as_str());
            let text: &str = text.as_deref().unwrap_or_default();
            engine.records(doc, text)
        };
        let per_text: Vec<Vec<MentionRecord>> = if parallel {
            texts.par_iter().enumerate().map(one).collect()
        } else {
            texts.iter().enumerate().map(one).collect()
        };
        let mut columns = MentionColumns::new(docs.is_some());
        for (row, mentions) in per_text.iter().enumerate() {
            for m in mentions {
                columns.push(row, m, &engine.register);
            }
        }
        columns
    }))
}

#[pymethods]
impl Register {
    /// The register bundled with qari, and the bundled tagger unless `tagger=False`.
    #[staticmethod]
    #[pyo3(signature = (*, tagger = true))]
    fn default(py: Python<'_>, tagger: bool) -> PyResult<Self> {
        Ok(Self {
            engine: Engine::of(py, default_spec(tagger), None)?,
        })
    }

    /// A register from a TSV file (`canonical`, `kind`, `aliases` …, as `qari register
    /// export` writes), alone unless `bundled=True` (then the bundled register follows it, as
    /// `qari entities --register FILE` does); the bundled tagger with `tagger=True`.
    #[staticmethod]
    #[pyo3(signature = (path, *, bundled = false, tagger = false))]
    fn from_tsv(py: Python<'_>, path: PathBuf, bundled: bool, tagger: bool) -> PyResult<Self> {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| error(format!("could not read register ({e}): {}", path.display())))?;
        // Checked now, so a bad file is reported here rather than on a worker.
        entities::Register::from_tsv(&text, &path).map_err(error)?;
        let spec = Spec {
            tsv: vec![(path.display().to_string(), text)],
            bundled,
            edits: Vec::new(),
            tagger: if tagger {
                Tagger::Bundled
            } else {
                Tagger::None
            },
        };
        Ok(Self {
            engine: Engine::of(py, spec, None)?,
        })
    }

    /// A project's register (the bundled one with the project's edits) and its tagger (the
    /// model `qari train` made for it, else the bundled one; none with `tagger=False`): what
    /// `qari entities PROJECT` finds names with. `path` is the project file or its folder.
    #[staticmethod]
    #[pyo3(signature = (path, *, tagger = true))]
    fn from_project(py: Python<'_>, path: PathBuf, tagger: bool) -> PyResult<Self> {
        let file = qari::cli::existing_project(&path).map_err(error)?;
        let project = qari::project::workspace::load(&file).map_err(error)?;
        let model = if tagger {
            qari::project::tagger::load_model(&file).map_err(error)?
        } else {
            None
        };
        let spec = Spec {
            tsv: Vec::new(),
            bundled: true,
            edits: project.register.clone(),
            tagger: match (&model, tagger) {
                (Some(_), _) => Tagger::Project,
                (None, true) => Tagger::Bundled,
                (None, false) => Tagger::None,
            },
        };
        let bytes = model.map(|m| m.to_bytes());
        Ok(Self {
            engine: Engine::of(py, spec, bytes)?,
        })
    }

    /// Rebuilds a register from its pickled state (see `__reduce__`).
    #[staticmethod]
    fn _from_state(py: Python<'_>, spec: &str, model: Option<Vec<u8>>) -> PyResult<Self> {
        let spec: Spec = serde_json::from_str(spec).map_err(error)?;
        Ok(Self {
            engine: Engine::of(py, spec, model)?,
        })
    }

    /// The mentions in a text, in text order: dicts with `start`, `end` (code points of the
    /// word, a clitic before the name included), `text`, `entity` (canonical name, `None` for
    /// a name only the tagger found), `kind`, `type` (PER/ORG/LOC/MISC), `prefix`, `source`,
    /// `score`; and `doc` first when given: each dict is then a line of `qari entities`.
    #[pyo3(signature = (text, *, doc = None))]
    fn find<'py>(
        &self,
        py: Python<'py>,
        text: PyBackedStr,
        doc: Option<String>,
    ) -> PyResult<Bound<'py, PyList>> {
        let engine = &self.engine;
        let id = doc.as_deref().unwrap_or_default();
        let mentions = py.detach(|| engine.records(id, &text));
        let list = PyList::empty(py);
        for m in &mentions {
            let line = entities::line::MentionLine::new(m, &engine.register, doc.is_some());
            list.append(pythonize::pythonize(py, &line)?)?;
        }
        Ok(list)
    }

    /// The mentions of a batch of texts as columns (a dict of equal-length lists: `row`, the
    /// text's position in the batch; `doc` when `docs` are given; then the fields of
    /// `find`). `None` texts have no mentions. `parallel=True` uses all cores (not in a
    /// process that will fork).
    #[pyo3(signature = (texts, *, docs = None, parallel = false))]
    fn find_batch<'py>(
        &self,
        py: Python<'py>,
        texts: Vec<Option<PyBackedStr>>,
        docs: Option<Vec<String>>,
        parallel: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        find_all(py, &self.engine, &texts, docs.as_deref(), parallel)?.into_dict(py)
    }

    /// The register's entities: dicts with `canonical`, `kind`, `aliases` and `note`.
    fn entities<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for e in &self.engine.register.entities {
            list.append(pythonize::pythonize(py, e)?)?;
        }
        Ok(list)
    }

    /// Whether a trained tagger finds names besides the register's.
    #[getter]
    fn has_tagger(&self) -> bool {
        self.engine.recogniser.model().is_some()
    }

    fn __len__(&self) -> usize {
        self.engine.register.entities.len()
    }

    fn __repr__(&self) -> String {
        let spec = &self.engine.spec;
        let mut parts: Vec<String> = spec.tsv.iter().map(|(name, _)| name.clone()).collect();
        if spec.bundled {
            parts.push(if spec.edits.is_empty() {
                "bundled".to_owned()
            } else {
                format!("bundled with {} edits", spec.edits.len())
            });
        }
        let tagger = match spec.tagger {
            Tagger::None => "no tagger",
            Tagger::Bundled => "bundled tagger",
            Tagger::Project => "project tagger",
        };
        format!(
            "<qari.Register {} entities ({}), {tagger}>",
            self.engine.register.entities.len(),
            parts.join(", ")
        )
    }

    /// Pickles as its spec (and a project model's bytes): `qari._restore_register(spec,
    /// model)`.
    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let restore = py.import("qari")?.getattr("_restore_register")?;
        let spec = serde_json::to_string(&self.engine.spec).map_err(error)?;
        let model = self
            .engine
            .model
            .as_ref()
            .map(|bytes| PyBytes::new(py, bytes).into_any());
        let args = PyTuple::new(
            py,
            [spec.into_pyobject(py)?.into_any(), model.into_pyobject(py)?],
        )?;
        Ok((restore, args))
    }

    /// Dask's token: equal registers tokenise the same, without pickling.
    fn __dask_tokenize__(&self) -> String {
        self.engine.key.clone()
    }
}

/// The mentions of a batch of texts as columns, with the default register (or `register`):
/// see `Register.find_batch`.
#[pyfunction]
#[pyo3(signature = (texts, *, register = None, docs = None, parallel = false))]
pub(crate) fn find_batch<'py>(
    py: Python<'py>,
    texts: Vec<Option<PyBackedStr>>,
    register: Option<&Bound<'py, Register>>,
    docs: Option<Vec<String>>,
    parallel: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let engine = match register {
        Some(r) => r.get().engine.clone(),
        None => Register::default_engine(py)?,
    };
    find_all(py, &engine, &texts, docs.as_deref(), parallel)?.into_dict(py)
}

/// `qari entities PATH` in Python: the mentions of a folder, an article or a project's
/// corpus, as columns with `doc` (see `Register.find_batch`). A project's register edits and
/// tagger model apply. Unreadable documents are reported as warnings.
#[pyfunction]
#[pyo3(name = "entities", signature = (path, *, registers = Vec::new(), bundled = true, tagger = true, min_score = 0.0))]
pub(crate) fn corpus_entities<'py>(
    py: Python<'py>,
    path: PathBuf,
    registers: Vec<PathBuf>,
    bundled: bool,
    tagger: bool,
    min_score: f32,
) -> PyResult<Bound<'py, PyDict>> {
    let options = qari::cli::EntitiesOptions {
        registers,
        bundled,
        tagger,
        min_score,
    };
    let (found, problems) = py
        .detach(|| {
            let mut sink = Vec::new();
            let found = qari::cli::mentions::find(&path, &options, &mut sink);
            found.map(|found| {
                let problems: Vec<String> = found
                    .unreadable
                    .iter()
                    .chain(&found.corpus.skipped)
                    .map(ToString::to_string)
                    .collect();
                (found, problems)
            })
        })
        .map_err(error)?;
    for problem in problems {
        PyErr::warn(
            py,
            &py.get_type::<pyo3::exceptions::PyUserWarning>(),
            &std::ffi::CString::new(problem).unwrap_or_default(),
            1,
        )?;
    }
    let columns = py.detach(|| {
        let row_of: HashMap<&str, usize> = found
            .corpus
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect();
        let mut columns = MentionColumns::new(true);
        for m in &found.mentions {
            let row = row_of.get(m.doc.as_str()).copied().unwrap_or_default();
            columns.push(row, m, &found.register);
        }
        columns
    });
    columns.into_dict(py)
}

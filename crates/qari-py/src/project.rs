//! `qari.Project`: a qari project (its RON file and its corpus) read from Python: documents,
//! codebook, annotations, attributes, document texts, and the exports of `qari export`.
//! Nothing here changes the project.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use qari::export;
use qari::project::Workspace;

use crate::error;

/// A qari project, opened read-only: `Project(path)` with the project file (`qari.ron`) or the
/// folder holding it.
#[pyclass(module = "qari", frozen)]
pub(crate) struct Project {
    ws: Workspace,
    path: PathBuf,
}

#[pymethods]
impl Project {
    #[new]
    fn new(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let file = qari::cli::existing_project(&path).map_err(error)?;
        let ws = py.detach(|| Workspace::open(&file)).map_err(error)?;
        Ok(Self { ws, path: file })
    }

    /// The project file.
    #[getter]
    fn path(&self) -> PathBuf {
        self.path.clone()
    }

    /// The project's name (the file's, without `.ron`).
    #[getter]
    fn name(&self) -> String {
        self.ws.name()
    }

    /// The folder of the corpus.
    #[getter]
    fn corpus_root(&self) -> PathBuf {
        self.ws.corpus_root().to_owned()
    }

    /// The corpus's documents, as `qari list --format jsonl` lists them: dicts with `id`,
    /// `path`, `format`, `encoding`, `encoding_source`, `bytes`, `chars`, `hash`, `title`,
    /// `warnings`; and `attributes` (imported with `qari attributes import`) and `date` (its
    /// `date` attribute, else the page's date or the file name's, as the charts date it).
    fn documents<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let attributes = &self.ws.project().attributes;
        let docs = &self.ws.corpus().documents;
        let dates = qari::project::attributes::document_dates(docs, attributes);
        let list = PyList::empty(py);
        for (doc, date) in docs.iter().zip(dates) {
            let dict = pythonize::pythonize(py, &qari::cli::document_json(doc))?;
            let dict = dict.cast_into::<PyDict>()?;
            dict.set_item("date", date.map(|d| d.to_string()))?;
            let values = attributes.0.get(&doc.id).cloned().unwrap_or_default();
            dict.set_item("attributes", pythonize::pythonize(py, &values)?)?;
            list.append(dict)?;
        }
        Ok(list)
    }

    /// The decoded text of a document (by id): every offset qari reports counts its code
    /// points.
    fn text(&self, py: Python<'_>, doc: &str) -> PyResult<String> {
        let corpus = self.ws.corpus();
        let info = corpus.document(doc).ok_or_else(|| {
            pyo3::exceptions::PyKeyError::new_err(format!(
                "no document {doc:?} in the project: {}",
                self.path.display()
            ))
        })?;
        let read = py.detach(|| corpus.text(info)).map_err(error)?;
        Ok(read.text)
    }

    /// The codebook: dicts with `id`, `name`, `path` (names from the root, joined with `/`),
    /// `parent`, `colour`, `description`, `shortcut`, `kind`.
    fn codebook<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let book = &self.ws.project().codebook;
        let list = PyList::empty(py);
        for code in &book.codes {
            let dict = PyDict::new(py);
            dict.set_item("id", code.id.0)?;
            dict.set_item("name", &code.name)?;
            dict.set_item("path", book.path(code.id))?;
            dict.set_item("parent", code.parent.map(|p| p.0))?;
            dict.set_item(
                "colour",
                format!(
                    "#{:02x}{:02x}{:02x}",
                    code.colour.0[0], code.colour.0[1], code.colour.0[2]
                ),
            )?;
            dict.set_item("description", &code.description)?;
            dict.set_item("shortcut", code.shortcut.map(String::from))?;
            dict.set_item("kind", code.kind.map(|k| k.as_str()))?;
            list.append(dict)?;
        }
        Ok(list)
    }

    /// The annotations, document by document in text order, as `qari annotations --format
    /// jsonl` writes them: dicts with `id`, `doc`, `start`, `end` (code points), `codes`
    /// (paths), `code_ids`, `quote`, `note`, `author`, `created`, `modified`, `prefix`,
    /// `suffix`, `hash`.
    fn annotations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let book = &self.ws.project().codebook;
        let list = PyList::empty(py);
        for a in self.ws.project().annotations.iter() {
            let line = export::jsonl::Line::new(a, &a.codes, book);
            list.append(pythonize::pythonize(py, &line)?)?;
        }
        Ok(list)
    }

    /// Document attributes (`qari attributes import`): `{document id: {column: value}}`.
    fn attributes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let attributes: std::collections::BTreeMap<&String, &qari::annotations::Attributes> =
            self.ws.project().attributes.0.iter().collect();
        Ok(pythonize::pythonize(py, &attributes)?)
    }

    /// Writes an export as `qari export` does (atomically; never over the project's or the
    /// corpus's files): `format` is `csv`, `jsonl`, `brat`, `w3c`, `conll`, `html`, `qdpx` or
    /// `qdc`; `out` the file (a folder for brat). `codes` (paths), `docs`, `authors` and
    /// `where` (`(column, value)`) choose the annotations; `with_entities` adds entity
    /// mentions (csv, jsonl, conll), found with the tagger unless `tagger=False`. Returns
    /// what `qari export` prints.
    #[pyo3(signature = (
        format, out, *, codes = Vec::new(), docs = Vec::new(), authors = Vec::new(),
        r#where = None, with_entities = false, tagger = true, force = false, csv_raw = false
    ))]
    #[allow(clippy::too_many_arguments)]
    fn export(
        &self,
        py: Python<'_>,
        format: &str,
        out: PathBuf,
        codes: Vec<String>,
        docs: Vec<String>,
        authors: Vec<String>,
        r#where: Option<(String, String)>,
        with_entities: bool,
        tagger: bool,
        force: bool,
        csv_raw: bool,
    ) -> PyResult<String> {
        let format = export::Format::parse(format).ok_or_else(|| {
            let names: Vec<&str> = export::Format::ALL.iter().map(|f| f.name()).collect();
            pyo3::exceptions::PyValueError::new_err(format!(
                "no export format {format:?}: {}",
                names.join(", ")
            ))
        })?;
        let flags = qari::cli::annotations::ExportFlags {
            with_entities,
            no_tagger: with_entities && !tagger,
            force,
            csv_raw,
            only_where: r#where,
        };
        let mut said = Vec::new();
        py.detach(|| {
            qari::cli::annotations::export_project(
                &self.path, format, &out, &codes, &docs, &authors, flags, &mut said,
            )
        })
        .map_err(error)?;
        Ok(String::from_utf8_lossy(&said).trim_end().to_owned())
    }

    /// Pickles as its path: a worker opens the project again (read-only).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (PathBuf,))> {
        Ok((slf.get_type().into_any(), (slf.get().path.clone(),)))
    }

    fn __repr__(&self) -> String {
        format!(
            "<qari.Project {:?}: {} documents, {} codes, {} annotations>",
            self.path.display().to_string(),
            self.ws.corpus().documents.len(),
            self.ws.project().codebook.codes.len(),
            self.ws.project().annotations.len()
        )
    }
}

//! One text: `qari.read` (the corpus decoder), `qari.fold` (folding for matching) and
//! `qari.Query` / `qari.search` (the corpus search's query language over a text).

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyTuple};
use qari::corpus::read::document_from_bytes;
use qari::corpus::{self, Format};
use qari::search::{IndexedDoc, Names, Search};
use qari::text::{FoldOptions, normalize};

use crate::error;
use crate::register::Register;

/// The format named `name` (`text`, `markdown`, `html`).
fn format_named(name: &str) -> PyResult<Format> {
    match name.to_ascii_lowercase().as_str() {
        "text" | "txt" => Ok(Format::Text),
        "markdown" | "md" => Ok(Format::Markdown),
        "html" | "htm" => Ok(Format::Html),
        _ => Err(pyo3::exceptions::PyValueError::new_err(format!(
            "no format {name:?}: text, markdown or html"
        ))),
    }
}

/// Reads an article as qari does: a path (`str` or `os.PathLike`) or the file's `bytes`,
/// decoded whatever its encoding (UTF-8 or UTF-16 with or without BOM, windows-1256,
/// ISO-8859-6 …), the text of an HTML page extracted. `format` is `text`, `markdown` or
/// `html` (by default from the file's extension, `text` for bytes); `name` names bytes in
/// messages. Returns a dict: `text`, `title`, `encoding`, `encoding_source`, `warnings`
/// (messages), `date` (ISO: an HTML page's publication date, else a date in the file name
/// such as `2015-07-21_aawsat_00000.txt`, else `None`), `chars`, `bytes`.
/// Raises `QariError` naming the file when it is not text.
#[pyfunction]
#[pyo3(signature = (source, *, format = None, name = None))]
pub(crate) fn read<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    format: Option<&str>,
    name: Option<PathBuf>,
) -> PyResult<Bound<'py, PyDict>> {
    let format = format.map(format_named).transpose()?;
    let bytes = if let Ok(bytes) = source.cast::<PyBytes>() {
        Some(bytes.as_bytes().to_vec())
    } else if let Ok(array) = source.cast::<PyByteArray>() {
        Some(array.to_vec())
    } else {
        None
    };
    // The file name, for a date in it (`2015-07-21_aawsat_00000.txt`).
    let named = match &bytes {
        Some(_) => name.clone(),
        None => source.extract::<PathBuf>().ok(),
    };
    let document = match bytes {
        Some(bytes) => {
            let name = name.unwrap_or_else(|| PathBuf::from("<bytes>"));
            let format = format.or_else(|| Format::of(&name)).unwrap_or(Format::Text);
            py.detach(|| document_from_bytes(bytes, format, &name))
        }
        None => {
            let path: PathBuf = source.extract()?;
            let format = format.or_else(|| Format::of(&path)).unwrap_or(Format::Text);
            py.detach(|| corpus::read_document(&path, format))
        }
    }
    .map_err(error)?;
    let out = PyDict::new(py);
    out.set_item("text", &document.text)?;
    out.set_item("title", &document.title)?;
    out.set_item("encoding", document.encoding.name())?;
    out.set_item(
        "encoding_source",
        pythonize::pythonize(py, &document.encoding.source)?,
    )?;
    let warnings: Vec<String> = document.warnings.iter().map(ToString::to_string).collect();
    out.set_item("warnings", warnings)?;
    // As the corpus dates a document: the page's own date, else one in the file name.
    let date = document.date.or_else(|| {
        named
            .as_ref()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .and_then(corpus::dates::date_in_name)
    });
    out.set_item("date", date.map(|d| d.to_string()))?;
    out.set_item("chars", document.char_len)?;
    out.set_item("bytes", document.byte_len)?;
    Ok(out)
}

/// A text folded for matching as qari matches names and queries: diacritics and tatweel
/// dropped, alef and hamza forms to ا, ة to ه, ى to ي, Arabic-Indic digits to ASCII, spaces
/// and dashes between words to one space (see the README). The result's code points do not
/// line up with the text's; offsets qari reports are always the text's.
#[pyfunction]
pub(crate) fn fold(py: Python<'_>, text: PyBackedStr) -> String {
    py.detach(|| normalize(&text, FoldOptions::default()).text)
}

/// A query of qari's corpus search (the README's query language: words match through
/// clitics and spelling variants, `"phrases"`, `*`, `=exact`, `AND`/`OR`/`NOT`, `NEAR/n`,
/// `entity:NAME`), or with `regex=True` a regular expression over the folded text.
/// `entity:` names are looked up in `register` (the bundled one by default).
#[pyclass(module = "qari", frozen)]
pub(crate) struct Query {
    search: Search,
    query: String,
    regex: bool,
    /// The register `entity:` names were looked up in, when not the bundled one.
    register: Option<Py<Register>>,
}

impl Query {
    /// The hits in one text, in document code points.
    fn hits(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        let doc = IndexedDoc::new("", text);
        self.search.find(doc.doc())
    }
}

/// A hit as a dict: `start`, `end` (code points), `text`.
fn hit_dict<'py>(
    py: Python<'py>,
    text: &str,
    hit: &std::ops::Range<usize>,
) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item("start", hit.start)?;
    out.set_item("end", hit.end)?;
    out.set_item("text", slice_chars(text, hit))?;
    Ok(out)
}

/// The code points `range` of `text`.
fn slice_chars(text: &str, range: &std::ops::Range<usize>) -> String {
    text.chars().skip(range.start).take(range.len()).collect()
}

#[pymethods]
impl Query {
    #[new]
    #[pyo3(signature = (query, *, regex = false, register = None))]
    fn new(
        py: Python<'_>,
        query: String,
        regex: bool,
        register: Option<&Bound<'_, Register>>,
    ) -> PyResult<Self> {
        let search = if regex {
            Search::regex(&query)
        } else {
            let engine = match register {
                Some(r) => r.get().engine.clone(),
                None => Register::default_engine(py)?,
            };
            let names = Names {
                register: engine.register(),
                codebook: None,
                annotations: None,
            };
            Search::parse(&query, names)
        }
        .map_err(error)?;
        Ok(Self {
            search,
            query,
            regex,
            register: register.map(|r| r.clone().unbind()),
        })
    }

    /// The hits in a text, in text order: dicts with `start`, `end` (code points) and `text`.
    fn find<'py>(&self, py: Python<'py>, text: PyBackedStr) -> PyResult<Bound<'py, PyList>> {
        let hits = py.detach(|| self.hits(&text));
        let list = PyList::empty(py);
        for hit in &hits {
            list.append(hit_dict(py, &text, hit)?)?;
        }
        Ok(list)
    }

    /// How many hits a text has.
    fn count(&self, py: Python<'_>, text: PyBackedStr) -> usize {
        py.detach(|| self.hits(&text).len())
    }

    /// The hits of a batch of texts as columns: `row` (the text's position), `doc` when
    /// `docs` are given, `start`, `end`, `text`. `None` texts have no hits.
    #[pyo3(signature = (texts, *, docs = None))]
    fn find_batch<'py>(
        &self,
        py: Python<'py>,
        texts: Vec<Option<PyBackedStr>>,
        docs: Option<Vec<String>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        if let Some(docs) = &docs
            && docs.len() != texts.len()
        {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "{} texts but {} document ids",
                texts.len(),
                docs.len()
            )));
        }
        let (rows, starts, ends, words) = py.detach(|| {
            let mut columns = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for (row, text) in texts.iter().enumerate() {
                let text: &str = text.as_deref().unwrap_or_default();
                for hit in self.hits(text) {
                    columns.0.push(row);
                    columns.1.push(hit.start);
                    columns.2.push(hit.end);
                    columns.3.push(slice_chars(text, &hit));
                }
            }
            columns
        });
        let out = PyDict::new(py);
        if let Some(docs) = docs {
            let doc: Vec<&str> = rows.iter().map(|&r: &usize| docs[r].as_str()).collect();
            out.set_item("row", &rows)?;
            out.set_item("doc", doc)?;
        } else {
            out.set_item("row", &rows)?;
        }
        out.set_item("start", starts)?;
        out.set_item("end", ends)?;
        out.set_item("text", words)?;
        Ok(out)
    }

    fn __repr__(&self) -> String {
        format!(
            "<qari.Query {:?}{}>",
            self.query,
            if self.regex { " (regex)" } else { "" }
        )
    }

    /// Pickles as its source and its register: `qari._restore_query(query, regex, register)`.
    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let restore = py.import("qari")?.getattr("_restore_query")?;
        let register = self
            .register
            .as_ref()
            .map(|r| r.bind(py).clone().into_any());
        let args = PyTuple::new(
            py,
            [
                self.query.clone().into_pyobject(py)?.into_any(),
                pyo3::types::PyBool::new(py, self.regex)
                    .to_owned()
                    .into_any(),
                register.into_pyobject(py)?,
            ],
        )?;
        Ok((restore, args))
    }
}

/// The hits of a query in a text (see `Query`): dicts with `start`, `end`, `text`.
#[pyfunction]
#[pyo3(signature = (query, text, *, regex = false, register = None))]
pub(crate) fn search<'py>(
    py: Python<'py>,
    query: String,
    text: PyBackedStr,
    regex: bool,
    register: Option<&Bound<'py, Register>>,
) -> PyResult<Bound<'py, PyList>> {
    Query::new(py, query, regex, register)?.find(py, text)
}

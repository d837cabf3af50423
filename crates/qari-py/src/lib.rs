//! The Python package `qari`: qari's core (the same code the app and the CLI run) as the
//! extension module `qari._qari`, wrapped by the pure-Python `qari` package
//! (`python/qari/__init__.py`, typed in `_qari.pyi`).
//!
//! - [`read`](text::read), [`fold`](text::fold): the corpus decoder and the folding for
//!   matching;
//! - [`register::Register`]: the entity register and tagger, finding mentions in a text or a
//!   batch of texts (columns for data frames); picklable, built once per process;
//! - [`text::Query`]: the corpus search's query language over a text;
//! - [`project::Project`]: a qari project's documents, codebook, annotations and exports.
//!
//! The GIL is released while the core works. Nothing here uses a thread pool unless asked
//! (`parallel=True`), so the module is safe in processes that fork (Spark's Python workers).

use pyo3::prelude::*;

mod columns;
mod project;
mod register;
mod text;

pyo3::create_exception!(
    qari,
    QariError,
    pyo3::exceptions::PyException,
    "A file qari cannot read, a project it cannot open, a query it cannot run: the message \
     names the file or the place."
);

/// Turns any error of the core into a [`QariError`] with its message (which names the file).
pub(crate) fn error(err: impl std::fmt::Display) -> PyErr {
    QariError::new_err(err.to_string())
}

/// The extension module.
#[pymodule]
fn _qari(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("QariError", m.py().get_type::<QariError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(text::read, m)?)?;
    m.add_function(wrap_pyfunction!(text::fold, m)?)?;
    m.add_function(wrap_pyfunction!(text::search, m)?)?;
    m.add_class::<text::Query>()?;
    m.add_class::<register::Register>()?;
    m.add_function(wrap_pyfunction!(register::find_batch, m)?)?;
    m.add_function(wrap_pyfunction!(register::corpus_entities, m)?)?;
    m.add_class::<project::Project>()?;
    Ok(())
}

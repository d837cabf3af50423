"""qari's core for Python: read Arabic articles in any encoding, find the people,
organisations and places they name, search them, and read and export qari projects.

The same Rust code as the qari app and its command line, so the mentions found here are
those of ``qari entities``, offset for offset. Every offset counts Unicode code points of
the decoded text, in reading order, end exclusive.

>>> import qari
>>> doc = qari.read("ألماتا ترحب".encode("cp1256"), name="a.txt")
>>> doc["encoding"], doc["text"]
('windows-1256', 'ألماتا ترحب')
>>> register = qari.Register.default()
>>> [m["entity"] for m in register.find("وصل توكاييف إلى ألماتا")]
['Kassym-Jomart Tokayev', 'Almaty']

For data frames, ``find_batch`` takes a batch of texts and returns columns (a dict of
lists, or a ``pyarrow`` table with ``arrow=True``), so a Spark ``mapInArrow`` or a Dask
``map_partitions`` calls it once per batch. Registers pickle small and are built once per
worker process.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Iterable, Optional, Sequence, Union

from ._qari import (
    Project,
    QariError,
    Query,
    Register,
    __version__,
    fold,
    read,
    search,
)
from . import _qari

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow

__all__ = [
    "MENTION_COLUMNS",
    "Project",
    "QariError",
    "Query",
    "Register",
    "__version__",
    "annotations_table",
    "codebook_table",
    "documents_table",
    "entities",
    "find_batch",
    "fold",
    "mention_schema",
    "read",
    "search",
]

#: The columns of ``find_batch`` and ``entities``, in order (``doc`` only when there are
#: document ids). ``start`` and ``end`` are code points of the word (a clitic before the
#: name included, ``prefix`` being that clitic); ``entity`` is the register's canonical
#: name, or ``None`` for a name only the tagger found.
MENTION_COLUMNS = (
    "row",
    "doc",
    "start",
    "end",
    "text",
    "entity",
    "kind",
    "type",
    "prefix",
    "source",
    "score",
)


def mention_schema(with_doc: bool = True) -> "pyarrow.Schema":
    """The Arrow schema of mention columns (needs ``pyarrow``)."""
    import pyarrow as pa

    fields = [
        pa.field("row", pa.int64(), nullable=False),
        pa.field("doc", pa.string(), nullable=False),
        pa.field("start", pa.int64(), nullable=False),
        pa.field("end", pa.int64(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("entity", pa.string()),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("type", pa.string(), nullable=False),
        pa.field("prefix", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("score", pa.float64(), nullable=False),
    ]
    if not with_doc:
        fields = [f for f in fields if f.name != "doc"]
    return pa.schema(fields)


def _texts(texts: Any) -> list:
    """A batch of texts as a list: a list or tuple as it is, a pyarrow array or chunked
    array, a pandas Series, or any iterable of strings (``None`` for a missing text)."""
    if isinstance(texts, list):
        return texts
    to_pylist = getattr(texts, "to_pylist", None)
    if to_pylist is not None:  # pyarrow
        return to_pylist()
    tolist = getattr(texts, "tolist", None)
    if tolist is not None:  # pandas, numpy: a missing text may be NaN
        return [t if t is None or isinstance(t, str) or t == t else None for t in tolist()]
    return list(texts)


def _to_table(columns: dict, with_doc: bool) -> "pyarrow.Table":
    import pyarrow as pa

    return pa.Table.from_pydict(columns, schema=mention_schema(with_doc))


def find_batch(
    texts: Union[Sequence[Optional[str]], Iterable[Optional[str]], Any],
    *,
    register: Optional[Register] = None,
    docs: Optional[Sequence[str]] = None,
    parallel: bool = False,
    arrow: bool = False,
) -> Union[dict, "pyarrow.Table"]:
    """The entity mentions of a batch of texts, as columns.

    ``texts`` is a list, a pyarrow array or a pandas Series of strings (``None`` has no
    mentions); ``docs`` optional document ids, one a text, which add a ``doc`` column.
    ``register`` defaults to ``Register.default()`` (the bundled register and tagger).
    Returns a dict of equal-length lists (``MENTION_COLUMNS``; ``row`` is the text's
    position in the batch), or a ``pyarrow.Table`` with ``arrow=True``. ``parallel=True``
    uses every core (not in a process that forks afterwards). The GIL is released while
    mentions are found.
    """
    batch = _texts(texts)
    ids = None if docs is None else [str(d) for d in _texts(docs)]
    columns = _qari.find_batch(batch, register=register, docs=ids, parallel=parallel)
    return _to_table(columns, ids is not None) if arrow else columns


def entities(
    path: Union[str, "os.PathLike[str]"],
    *,
    registers: Sequence[Union[str, "os.PathLike[str]"]] = (),
    bundled: bool = True,
    tagger: bool = True,
    min_score: float = 0.0,
    arrow: bool = False,
) -> Union[dict, "pyarrow.Table"]:
    """``qari entities PATH`` in Python: the mentions of a folder of articles, one article,
    or a project's corpus (with the project's register edits and trained model), as columns
    with ``doc`` (or a ``pyarrow.Table`` with ``arrow=True``). Files that cannot be read are
    reported as warnings. Uses every core."""
    columns = _qari.entities(
        path,
        registers=list(registers),
        bundled=bundled,
        tagger=tagger,
        min_score=min_score,
    )
    return _to_table(columns, True) if arrow else columns


def annotations_table(project: Project) -> "pyarrow.Table":
    """A project's annotations as a ``pyarrow.Table``, one row an annotation (``codes`` and
    ``code_ids`` as lists)."""
    import pyarrow as pa

    rows = project.annotations()
    schema = pa.schema(
        [
            pa.field("id", pa.uint64(), nullable=False),
            pa.field("doc", pa.string(), nullable=False),
            pa.field("start", pa.int64(), nullable=False),
            pa.field("end", pa.int64(), nullable=False),
            pa.field("codes", pa.list_(pa.string()), nullable=False),
            pa.field("code_ids", pa.list_(pa.uint32()), nullable=False),
            pa.field("quote", pa.string(), nullable=False),
            pa.field("note", pa.string(), nullable=False),
            pa.field("author", pa.string(), nullable=False),
            pa.field("created", pa.string(), nullable=False),
            pa.field("modified", pa.string(), nullable=False),
            pa.field("prefix", pa.string(), nullable=False),
            pa.field("suffix", pa.string(), nullable=False),
            pa.field("hash", pa.string(), nullable=False),
        ]
    )
    return pa.Table.from_pylist(rows, schema=schema)


def documents_table(project: Project) -> "pyarrow.Table":
    """A project's documents as a ``pyarrow.Table``, one row a document (the fields of
    ``Project.documents``; ``attributes`` as a map of column to value)."""
    import pyarrow as pa

    rows = project.documents()
    schema = pa.schema(
        [
            pa.field("id", pa.string(), nullable=False),
            pa.field("path", pa.string(), nullable=False),
            pa.field("format", pa.string(), nullable=False),
            pa.field("encoding", pa.string(), nullable=False),
            pa.field("encoding_source", pa.string(), nullable=False),
            pa.field("bytes", pa.int64(), nullable=False),
            pa.field("chars", pa.int64(), nullable=False),
            pa.field("hash", pa.string(), nullable=False),
            pa.field("title", pa.string(), nullable=False),
            pa.field("warnings", pa.list_(pa.string()), nullable=False),
            pa.field("date", pa.string()),
            pa.field("attributes", pa.map_(pa.string(), pa.string()), nullable=False),
        ]
    )
    for row in rows:
        row["attributes"] = list(row["attributes"].items())
    return pa.Table.from_pylist(rows, schema=schema)


def codebook_table(project: Project) -> "pyarrow.Table":
    """A project's codebook as a ``pyarrow.Table``, one row a code."""
    import pyarrow as pa

    schema = pa.schema(
        [
            pa.field("id", pa.uint32(), nullable=False),
            pa.field("name", pa.string(), nullable=False),
            pa.field("path", pa.string(), nullable=False),
            pa.field("parent", pa.uint32()),
            pa.field("colour", pa.string(), nullable=False),
            pa.field("description", pa.string(), nullable=False),
            pa.field("shortcut", pa.string()),
            pa.field("kind", pa.string()),
        ]
    )
    return pa.Table.from_pylist(project.codebook(), schema=schema)


def _restore_register(spec: str, model: Optional[bytes]) -> Register:
    """Unpickles a ``Register`` (built once per process, then taken from a cache)."""
    return Register._from_state(spec, model)


def _restore_query(query: str, regex: bool, register: Optional[Register]) -> Query:
    """Unpickles a ``Query``."""
    return Query(query, regex=regex, register=register)


"""Types of qari's extension module (the Rust core); use it through ``qari``."""

import os
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple, TypedDict, Union, final

__version__: str

_Path = Union[str, "os.PathLike[str]"]

class QariError(Exception):
    """A file qari cannot read, a project it cannot open, a query it cannot run; the
    message names the file or the place."""

class Document(TypedDict):
    text: str
    title: str
    encoding: str
    encoding_source: str
    warnings: List[str]
    date: Optional[str]
    chars: int
    bytes: int

class Mention(TypedDict, total=False):
    doc: str
    start: int
    end: int
    text: str
    entity: Optional[str]
    kind: str
    type: str
    prefix: str
    source: str
    score: float

class Hit(TypedDict):
    start: int
    end: int
    text: str

class Entity(TypedDict, total=False):
    canonical: str
    kind: str
    aliases: List[str]
    note: str

class Code(TypedDict):
    id: int
    name: str
    path: str
    parent: Optional[int]
    colour: str
    description: str
    shortcut: Optional[str]
    kind: Optional[str]

class Annotation(TypedDict):
    id: int
    doc: str
    start: int
    end: int
    codes: List[str]
    code_ids: List[int]
    quote: str
    note: str
    author: str
    created: str
    modified: str
    prefix: str
    suffix: str
    hash: str

def read(
    source: Union[_Path, bytes, bytearray],
    *,
    format: Optional[str] = None,
    name: Optional[_Path] = None,
) -> Document:
    """Reads an article as qari does (any encoding; the text of an HTML page)."""

def fold(text: str) -> str:
    """The text folded for matching (diacritics dropped, alef and hamza forms unified …)."""

def search(
    query: str, text: str, *, regex: bool = False, register: Optional[Register] = None
) -> List[Hit]:
    """The hits of a corpus-search query in a text."""

@final
class Query:
    """A query of qari's corpus search, compiled once, run on many texts."""

    def __new__(
        cls, query: str, *, regex: bool = False, register: Optional[Register] = None
    ) -> Query: ...
    def find(self, text: str) -> List[Hit]: ...
    def count(self, text: str) -> int: ...
    def find_batch(
        self, texts: Sequence[Optional[str]], *, docs: Optional[Sequence[str]] = None
    ) -> Dict[str, List[Any]]: ...

@final
class Register:
    """An entity register and (unless left out) the trained tagger."""

    @staticmethod
    def default(*, tagger: bool = True) -> Register: ...
    @staticmethod
    def from_tsv(path: _Path, *, bundled: bool = False, tagger: bool = False) -> Register: ...
    @staticmethod
    def from_project(path: _Path, *, tagger: bool = True) -> Register: ...
    @staticmethod
    def _from_state(spec: str, model: Optional[bytes]) -> Register: ...
    def find(self, text: str, *, doc: Optional[str] = None) -> List[Mention]: ...
    def find_batch(
        self,
        texts: Sequence[Optional[str]],
        *,
        docs: Optional[Sequence[str]] = None,
        parallel: bool = False,
    ) -> Dict[str, List[Any]]: ...
    def entities(self) -> List[Entity]: ...
    @property
    def has_tagger(self) -> bool: ...
    def __len__(self) -> int: ...
    def __dask_tokenize__(self) -> str: ...

def find_batch(
    texts: Sequence[Optional[str]],
    *,
    register: Optional[Register] = None,
    docs: Optional[Sequence[str]] = None,
    parallel: bool = False,
) -> Dict[str, List[Any]]: ...
def entities(
    path: _Path,
    *,
    registers: Sequence[_Path] = ...,
    bundled: bool = True,
    tagger: bool = True,
    min_score: float = 0.0,
) -> Dict[str, List[Any]]: ...

@final
class Project:
    """A qari project, read-only."""

    def __new__(cls, path: _Path) -> Project: ...
    @property
    def path(self) -> Path: ...
    @property
    def name(self) -> str: ...
    @property
    def corpus_root(self) -> Path: ...
    def documents(self) -> List[Dict[str, Any]]: ...
    def text(self, doc: str) -> str: ...
    def codebook(self) -> List[Code]: ...
    def annotations(self) -> List[Annotation]: ...
    def attributes(self) -> Dict[str, Dict[str, str]]: ...
    def export(
        self,
        format: str,
        out: _Path,
        *,
        codes: Sequence[str] = ...,
        docs: Sequence[str] = ...,
        authors: Sequence[str] = ...,
        where: Optional[Tuple[str, str]] = None,
        with_entities: bool = False,
        tagger: bool = True,
        force: bool = False,
        csv_raw: bool = False,
    ) -> str: ...

"""What the Spark and Dask examples share: listing a folder of articles as qari does, reading
and tagging a batch of them through the qari wheel, and the columns they write.

A document's id is its path under the folder with ``/`` between folders, as in qari; the files
are those qari reads (``.txt``, ``.text``, ``.md``, ``.markdown``, ``.html``, ``.htm``,
``.xhtml``; hidden files and folders left out).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Dict, Iterable, List, Optional, Tuple

import qari

EXTENSIONS = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml"}

#: The columns written for each mention: the document, its date (ISO, from the page or the
#: file name) and the fields of ``qari entities``.
COLUMNS = ("doc", "date", "start", "end", "text", "entity", "kind", "type", "prefix", "source", "score")


def list_articles(root: str) -> List[Tuple[str, str]]:
    """(id, path) of every article under ``root``, in a stable order."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in EXTENSIONS:
                continue
            path = os.path.join(folder, name)
            found.append((os.path.relpath(path, root).replace(os.sep, "/"), path))
    return found


def mentions_of_texts(
    docs: List[str],
    texts: List[Optional[str]],
    dates: List[Optional[str]],
    register: qari.Register,
) -> Dict[str, list]:
    """The mentions of a batch of texts as ``COLUMNS``."""
    columns = qari.find_batch(texts, docs=docs, register=register)
    out = {"doc": columns["doc"], "date": [dates[r] for r in columns["row"]]}
    for name in COLUMNS[2:]:
        out[name] = columns[name]
    return out


def mentions_of_files(
    docs: Iterable[str], paths: Iterable[str], register: qari.Register
) -> Tuple[Dict[str, list], List[str]]:
    """Reads a batch of files (any encoding) and finds their mentions; returns ``COLUMNS``
    and a message for each file that could not be read (naming it)."""
    ids, texts, dates, problems = [], [], [], []
    for doc, path in zip(docs, paths):
        try:
            article = qari.read(path)
        except qari.QariError as err:
            problems.append(str(err))
            continue
        ids.append(doc)
        texts.append(article["text"])
        dates.append(article["date"])
    return mentions_of_texts(ids, texts, dates, register), problems


def arrow_schema():
    """The Arrow schema of ``COLUMNS``."""
    import pyarrow as pa

    mention = qari.mention_schema(with_doc=True)
    fields = [mention.field("doc"), pa.field("date", pa.string())]
    fields += [mention.field(name) for name in COLUMNS[2:]]
    return pa.schema(fields)


def jsonl_key(row: dict) -> str:
    """A mention as the line ``qari entities`` writes for it (without the date), to compare
    engines."""
    import json

    line = {name: row[name] for name in COLUMNS if name != "date"}
    return json.dumps(line, ensure_ascii=False, separators=(",", ":"))


def arguments(doc: str, outputs: str) -> argparse.ArgumentParser:
    """The arguments both examples take (each adds its engine's own)."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("source", help="a folder of articles, or a Parquet file of doc, text[, date]")
    parser.add_argument("out", help=f"the output folder ({outputs})")
    parser.add_argument("--top", type=int, default=10, help="entities per month (default 10)")
    parser.add_argument("--no-tagger", action="store_true", help="the register's names only")
    parser.add_argument("--partitions", type=int, default=0, help="partitions of a folder's listing")
    return parser


def report(result: dict, out: str) -> None:
    """Says on standard error what a run did."""
    print(
        f"{result['mentions']} mentions in {result['documents']} documents: "
        f"{result['extract_seconds']:.1f} s to Parquet, {result['total_seconds']:.1f} s in all "
        f"({result['documents'] / result['extract_seconds']:.0f} articles/s): {out}",
        file=sys.stderr,
    )

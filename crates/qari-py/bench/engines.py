"""The four ways to find the entity mentions of a folder of articles, timed and compared:
the CLI (``qari entities``), the Python package in one process, Dask with 2 workers and Spark
``local[2]`` (the examples). Prints a Markdown table: wall time, articles/s, mentions, and
whether each gives exactly the CLI's mentions (as ``qari entities`` JSON lines, sorted).

    cargo build --release
    python crates/qari-py/bench/engines.py target/perf-corpus/articles \
        [--qari target/release/qari] [--skip spark] [--no-tagger]

Needs the wheel installed with pyarrow, dask[dataframe,distributed] and pyspark (and a JDK);
an engine whose package is missing is skipped with a message.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO / "examples"))

import qari  # noqa: E402
import qari_articles  # noqa: E402


def jsonl_lines(columns: dict) -> list:
    names = [n for n in ("doc", "start", "end", "text", "entity", "kind", "type", "prefix", "source", "score")]
    return [
        json.dumps({n: columns[n][i] for n in names}, ensure_ascii=False, separators=(",", ":"))
        for i in range(len(columns["start"]))
    ]


def parquet_lines(folder: str) -> list:
    import pyarrow.parquet as pq

    table = pq.read_table(folder)
    return jsonl_lines(table.to_pydict())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder")
    parser.add_argument("--qari", default=str(REPO / "target" / "release" / "qari"))
    parser.add_argument("--skip", action="append", default=[], help="cli, python, single, dask or spark")
    parser.add_argument("--no-tagger", action="store_true")
    args = parser.parse_args()
    count = len(qari_articles.list_articles(args.folder))
    tagger = not args.no_tagger
    rows = []
    reference = None
    work = tempfile.mkdtemp(prefix="qari-engines-")

    def record(name, seconds, lines, note=""):
        nonlocal reference
        lines = sorted(lines)
        if reference is None:
            reference = lines
        same = "yes" if lines == reference else f"NO ({len(set(lines) ^ set(reference))} differ)"
        rows.append((name, seconds, len(lines), same, note))
        print(f"{name}: {seconds:.1f} s, {len(lines)} mentions, identical: {same}", file=sys.stderr)

    if "cli" not in args.skip:
        flags = [] if tagger else ["--no-tagger"]
        started = time.perf_counter()
        done = subprocess.run(
            [args.qari, "entities", args.folder, *flags], check=True, capture_output=True
        )
        seconds = time.perf_counter() - started
        record("CLI `qari entities`", seconds, done.stdout.decode("utf-8").splitlines(), "all cores")
    if "python" not in args.skip:
        started = time.perf_counter()
        columns = qari.entities(args.folder, tagger=tagger)
        record("Python `qari.entities` (one process)", time.perf_counter() - started,
               jsonl_lines(columns), "all cores")
    if "single" not in args.skip:
        register = qari.Register.default(tagger=tagger)
        articles = qari_articles.list_articles(args.folder)
        started = time.perf_counter()
        lines = []
        for at in range(0, len(articles), 1000):
            batch = articles[at : at + 1000]
            columns, _ = qari_articles.mentions_of_files(
                [d for d, _ in batch], [p for _, p in batch], register
            )
            lines += jsonl_lines(columns)
        record("Python `read` + `find_batch` (one thread)", time.perf_counter() - started, lines,
               "batches of 1,000")
    engines = [
        ("dask", "Dask, 2 worker processes", ("distributed", "dask_entities"),
         lambda module, out: module.run(args.folder, out, workers=2, tagger=tagger, quiet=True)),
        ("spark", "Spark local[2]", ("pyspark", "spark_entities"),
         lambda module, out: module.run(args.folder, out, master="local[2]", tagger=tagger, quiet=True)),
    ]
    for key, name, modules, run in engines:
        if key in args.skip:
            continue
        try:
            module = [importlib.import_module(m) for m in modules][-1]
        except ImportError as err:
            print(f"{key} skipped: {err}", file=sys.stderr)
            continue
        out = os.path.join(work, key)
        result = run(module, out)
        record(name, result["extract_seconds"], parquet_lines(os.path.join(out, "mentions")),
               f"{result['total_seconds']:.1f} s with the per-month ranking")

    print(f"\n{count} articles in {args.folder}, tagger {'on' if tagger else 'off'}\n")
    print("| run | wall time | articles/s | mentions | identical to the CLI | note |")
    print("|---|---|---|---|---|---|")
    for name, seconds, mentions, same, note in rows:
        print(f"| {name} | {seconds:.1f} s | {count / seconds:,.0f} | {mentions:,} | {same} | {note} |")


if __name__ == "__main__":
    main()

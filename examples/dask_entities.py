"""Entity mentions of Arabic articles with Dask, through the qari wheel.

Reads a folder of articles (any encoding; each worker reads and decodes its own files) or a
Parquet file of texts (columns ``doc``, ``text`` and optionally ``date``), finds the people,
organisations and places with the bundled register and tagger, writes the mentions as Parquet
(``OUT/mentions``: doc, date, start, end, text, entity, kind, type, prefix, source, score, with
offsets in code points as ``qari entities`` gives them), then the most mentioned entities of
each month (``OUT/top_per_month.csv``, also printed).

    pip install target/wheels/qari-*.whl 'dask[dataframe,distributed]'   # the wheel: see the README
    python examples/dask_entities.py ARTICLES OUT --workers 2

Each partition is one call of ``qari.find_batch`` in ``map_partitions``, on a local cluster of
worker processes (one thread each); the register is an argument of the task (it pickles as a
few bytes and is built once per worker process).
"""

from __future__ import annotations

import logging
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import qari  # noqa: E402
import qari_articles  # noqa: E402


def _meta():
    return qari_articles.arrow_schema().empty_table().to_pandas()


def _files_partition(frame, register):
    columns, problems = qari_articles.mentions_of_files(
        frame["doc"].tolist(), frame["path"].tolist(), register
    )
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    return _frame(columns)


def _texts_partition(frame, register):
    dates = frame["date"].tolist() if "date" in frame else [None] * len(frame)
    columns = qari_articles.mentions_of_texts(
        frame["doc"].tolist(), frame["text"].tolist(), dates, register
    )
    return _frame(columns)


def _frame(columns):
    import pyarrow as pa

    table = pa.Table.from_pydict(columns, schema=qari_articles.arrow_schema())
    return table.to_pandas()


def run(source: str, out: str, workers: int = 2, top: int = 10, tagger: bool = True,
        partitions: int = 0, quiet: bool = False) -> dict:
    """Runs the job; returns counts and timings."""
    import dask.dataframe as dd
    import pandas as pd
    from dask.distributed import Client, LocalCluster

    started = time.perf_counter()
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.ERROR)
    client = Client(cluster)
    try:
        register = qari.Register.default(tagger=tagger)
        if os.path.isdir(source):
            articles = qari_articles.list_articles(source)
            count = len(articles)
            listing = pd.DataFrame(articles, columns=["doc", "path"])
            frame = dd.from_pandas(listing, npartitions=partitions or max(2 * workers, count // 1000 or 1))
            mentions = frame.map_partitions(_files_partition, register, meta=_meta())
        else:
            frame = dd.read_parquet(source)
            count = len(frame)
            mentions = frame.map_partitions(_texts_partition, register, meta=_meta())
        mentions_path = os.path.join(out, "mentions")
        mentions.to_parquet(mentions_path, write_index=False, overwrite=True)
        extracted = time.perf_counter()

        found = dd.read_parquet(mentions_path)
        named = found[found["entity"].notnull() & found["date"].notnull()]
        named = named.assign(month=named["date"].str.slice(0, 7))
        keys = ["month", "entity", "kind"]
        counted = named.groupby(keys).size().rename("mentions")
        documents = named[keys + ["doc"]].drop_duplicates().groupby(keys).size().rename("documents")
        per_month = dd.concat([counted, documents], axis=1).compute().reset_index()
        per_month = per_month.sort_values(["month", "mentions", "entity"], ascending=[True, False, True])
        per_month["rank"] = per_month.groupby("month").cumcount() + 1
        top_rows = per_month[per_month["rank"] <= top]
        top_rows.to_csv(os.path.join(out, "top_per_month.csv"), index=False)
        total = len(found)
        if not quiet:
            print(top_rows.head(3 * top).to_string(index=False))
    finally:
        client.close()
        cluster.close()
    done = time.perf_counter()
    return {
        "documents": count,
        "mentions": total,
        "extract_seconds": extracted - started,
        "total_seconds": done - started,
    }


def main() -> None:
    parser = qari_articles.arguments(__doc__, "mentions/, top_per_month.csv")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    args = parser.parse_args()
    qari_articles.report(run(args.source, args.out, args.workers, args.top, not args.no_tagger, args.partitions), args.out)


if __name__ == "__main__":
    main()

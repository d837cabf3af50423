"""The Spark and Dask examples give exactly the mentions of ``qari entities``, on the seed
articles and on a sample of the shared articles. Each engine's test skips with a message when
its package (or, for Spark, a JDK) is not installed."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from test_qari import REPO, SAMPLE, cli_entities, shared_data

sys.path.insert(0, str(REPO / "examples"))
sys.path.insert(0, str(REPO / "crates" / "qari-py" / "bench"))


def mentions_of(out: Path) -> list:
    from engines import parquet_lines

    return sorted(parquet_lines(str(out / "mentions")))


def a_sample(tmp_path: Path) -> Path:
    """Sixty of the shared articles in three encodings, dated by their names."""
    data = shared_data()
    sample = tmp_path / "sample"
    sample.mkdir()
    for folder in ("cp1256_transcoded", "utf16le_bom_transcoded", "utf8"):
        for i, path in enumerate(sorted((data / "import-test" / folder).iterdir())[:20]):
            shutil.copy(path, sample / f"2015-0{i % 9 + 1}-15_{folder}_{path.name}")
    return sample


def check(run, folder: Path, out: Path):
    result = run(str(folder), str(out), tagger=True, quiet=True)
    expected = sorted(cli_entities(folder).splitlines())
    assert mentions_of(out) == expected
    assert result["mentions"] == len(expected)
    return result


def texts_parquet(folder: Path, path: Path) -> Path:
    """The articles of a folder as a Parquet file of doc, text, date."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    import qari
    import qari_articles

    rows = []
    for doc, file in qari_articles.list_articles(str(folder)):
        article = qari.read(file)
        rows.append({"doc": doc, "text": article["text"], "date": article["date"]})
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def test_dask_gives_the_cli_mentions(tmp_path):
    pytest.importorskip("dask.dataframe")
    pytest.importorskip("distributed")
    import dask_entities

    check(lambda *a, **k: dask_entities.run(*a, workers=2, **k), SAMPLE, tmp_path / "seeds")
    sample = a_sample(tmp_path)
    check(lambda *a, **k: dask_entities.run(*a, workers=2, **k), sample, tmp_path / "dask")
    import pandas as pd

    top = pd.read_csv(tmp_path / "dask" / "top_per_month.csv")
    assert len(top) > 0 and top["month"].str.match(r"2015-0\d").all()
    # A Parquet file of texts rather than a folder.
    parquet = texts_parquet(sample, tmp_path / "texts.parquet")
    dask_entities.run(str(parquet), str(tmp_path / "dask-parquet"), workers=2, quiet=True)
    assert mentions_of(tmp_path / "dask-parquet") == mentions_of(tmp_path / "dask")


def test_spark_gives_the_cli_mentions(tmp_path):
    pytest.importorskip("pyspark")
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        pytest.skip("no JDK for Spark (set JAVA_HOME)")
    import spark_entities

    sample = a_sample(tmp_path)
    check(lambda *a, **k: spark_entities.run(*a, master="local[2]", **k), sample,
          tmp_path / "spark")
    assert list((tmp_path / "spark" / "top_per_month").glob("*.csv"))
    parquet = texts_parquet(sample, tmp_path / "texts.parquet")
    spark_entities.run(str(parquet), str(tmp_path / "spark-parquet"), quiet=True)
    assert mentions_of(tmp_path / "spark-parquet") == mentions_of(tmp_path / "spark")

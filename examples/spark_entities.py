"""Entity mentions of Arabic articles with Apache Spark, through the qari wheel.

Reads a folder of articles (any encoding; each worker reads and decodes its own files) or a
Parquet file of texts (columns ``doc``, ``text`` and optionally ``date``), finds the people,
organisations and places with the bundled register and tagger, writes the mentions as Parquet
(``OUT/mentions``: doc, date, start, end, text, entity, kind, type, prefix, source, score, with
offsets in code points as ``qari entities`` gives them), then the most mentioned entities of
each month (``OUT/top_per_month``, CSV, also printed).

    pip install target/wheels/qari-*.whl pyspark pyarrow 'pandas<3'   # the wheel: see the README
    apt-get install openjdk-17-jre-headless                            # Spark runs on a JDK
    python examples/spark_entities.py ARTICLES OUT --master 'local[2]'

Each batch of rows is one call of ``qari.find_batch`` inside ``mapInArrow``; the register is
broadcast once (it pickles as a few bytes and is built once per Python worker).
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import qari  # noqa: E402
import qari_articles  # noqa: E402


def run(source: str, out: str, master: str = "local[2]", top: int = 10, tagger: bool = True,
        partitions: int = 0, quiet: bool = False) -> dict:
    """Runs the job; returns counts and timings."""
    import pyarrow as pa
    from pyspark.sql import SparkSession, Window
    from pyspark.sql import functions as F

    started = time.perf_counter()
    # Python workers run this interpreter (the one with qari installed) unless told otherwise.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(master)
        .appName("qari-entities")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    # The helpers this job's functions use, shipped to the workers.
    spark.sparkContext.addPyFile(qari_articles.__file__)
    shipped = spark.sparkContext.broadcast(qari.Register.default(tagger=tagger))
    schema = qari_articles.arrow_schema()
    parallelism = spark.sparkContext.defaultParallelism

    if os.path.isdir(source):
        articles = qari_articles.list_articles(source)
        count = len(articles)
        frame = spark.createDataFrame(articles, "doc string, path string")
        frame = frame.repartition(partitions or max(2 * parallelism, count // 1000 or 1))

        def extract(batches):
            register = shipped.value
            for batch in batches:
                columns, problems = qari_articles.mentions_of_files(
                    batch.column("doc").to_pylist(), batch.column("path").to_pylist(), register
                )
                for problem in problems:
                    print(f"warning: {problem}", file=sys.stderr)
                yield pa.RecordBatch.from_pydict(columns, schema=schema)
    else:
        frame = spark.read.parquet(source)
        count = frame.count()
        if "date" not in frame.columns:
            frame = frame.withColumn("date", F.lit(None).cast("string"))
        frame = frame.select("doc", "text", "date")

        def extract(batches):
            register = shipped.value
            for batch in batches:
                columns = qari_articles.mentions_of_texts(
                    batch.column("doc").to_pylist(),
                    batch.column("text").to_pylist(),
                    batch.column("date").to_pylist(),
                    register,
                )
                yield pa.RecordBatch.from_pydict(columns, schema=schema)

    spark_schema = (
        "doc string, date string, start long, end long, text string, entity string, "
        "kind string, type string, prefix string, source string, score double"
    )
    mentions_path = os.path.join(out, "mentions")
    frame.mapInArrow(extract, spark_schema).write.mode("overwrite").parquet(mentions_path)
    extracted = time.perf_counter()

    mentions = spark.read.parquet(mentions_path)
    per_month = (
        mentions.where(F.col("entity").isNotNull() & F.col("date").isNotNull())
        .withColumn("month", F.substring("date", 1, 7))
        .groupBy("month", "entity", "kind")
        .agg(F.count("*").alias("mentions"), F.countDistinct("doc").alias("documents"))
    )
    rank = Window.partitionBy("month").orderBy(F.desc("mentions"), F.asc("entity"))
    top_rows = (
        per_month.withColumn("rank", F.row_number().over(rank))
        .where(F.col("rank") <= top)
        .orderBy("month", "rank")
    )
    top_rows.coalesce(1).write.mode("overwrite").option("header", True).csv(
        os.path.join(out, "top_per_month")
    )
    total = mentions.count()
    if not quiet:
        top_rows.show(3 * top, truncate=False)
    spark.stop()
    done = time.perf_counter()
    return {
        "documents": count,
        "mentions": total,
        "extract_seconds": extracted - started,
        "total_seconds": done - started,
    }


def main() -> None:
    parser = qari_articles.arguments(__doc__, "mentions/, top_per_month/")
    parser.add_argument("--master", default="local[2]", help="Spark master (default local[2])")
    args = parser.parse_args()
    qari_articles.report(run(args.source, args.out, args.master, args.top, not args.no_tagger, args.partitions), args.out)


if __name__ == "__main__":
    main()

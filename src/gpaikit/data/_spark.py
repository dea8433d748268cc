"""The Apache Spark engine (``--engine spark``): the same SQL as DuckDB, run by Spark SQL.

Locally (``--master local[N]``) the driver binds to the loopback interface only. On a cluster
the job runs under ``spark-submit`` and uses the master and settings spark-submit provides
(docs/data.md has a runnable example).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from gpaikit.data._engine import AGGREGATE_SCHEMA, ProgressFn, sql_summary_scan
from gpaikit.data._readers import ManifestSource
from gpaikit.data._scan import ScanResult
from gpaikit.data._sql import SPARK, Dialect, aggregate_sql, bad_examples_sql, projection_sql

__all__ = ["LOOPBACK_CONF", "SparkEngine", "local_spark_session"]

#: Settings that keep a local Spark off every network interface but loopback.
LOOPBACK_CONF = {
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.ui.enabled": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.shuffle.partitions": "8",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}


_DDL = {
    "string": "STRING",
    "int64": "BIGINT",
    "int32": "INT",
    "bool": "BOOLEAN",
    "double": "DOUBLE",
}


_ARROW = {
    "string": pa.string(),
    "bigint": pa.int64(),
    "int": pa.int32(),
    "boolean": pa.bool_(),
    "double": pa.float64(),
}


def _apply(
    fn: Callable[[pa.RecordBatch], pa.RecordBatch],
    chunk: list[dict[str, Any]],
    schema: pa.Schema,
) -> Iterator[tuple[Any, ...]]:
    out = fn(pa.RecordBatch.from_pylist(chunk, schema=schema))
    columns = [out.column(i).to_pylist() for i in range(out.num_columns)]
    yield from zip(*columns, strict=True)


def local_spark_session(master: str = "local[2]", app_name: str = "gpaikit") -> Any:
    """A SparkSession for one machine, bound to 127.0.0.1 (also sets ``SPARK_LOCAL_IP``)."""
    from pyspark.sql import SparkSession

    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers import gpaikit too
    builder = SparkSession.builder.master(master).appName(app_name)
    for key, value in LOOPBACK_CONF.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def _rows_to_table(df: Any, schema: pa.Schema) -> pa.Table:
    table = df.toArrow()
    return pa.table({f.name: table.column(f.name).cast(f.type) for f in schema}, schema=schema)


class SparkEngine:
    """Runs the jobs' SQL on a SparkSession (given, or a local loopback-only one)."""

    name = "spark"

    def __init__(self, spark: Any = None, *, master: str | None = "local[2]") -> None:
        if spark is None:
            if master is None or master.startswith("local"):
                spark = local_spark_session(master or "local[2]")
            else:
                from pyspark.sql import SparkSession

                spark = SparkSession.builder.master(master).appName("gpaikit").getOrCreate()
                spark.conf.set("spark.sql.session.timeZone", "UTC")
        self.spark = spark
        self._views = 0

    @property
    def dialect(self) -> Dialect:
        return SPARK

    def _view(self, files: Sequence[str], base: str | None = None) -> str:
        self._views += 1
        name = f"gpaikit_src_{self._views}"
        reader = self.spark.read.option("mergeSchema", "true")
        if base:
            reader = reader.option("basePath", base)
        reader.parquet(*files).createOrReplaceTempView(name)
        return name

    def union_sql(self, sources: Sequence[ManifestSource]) -> str:
        parts = []
        for source in sources:
            base = source.origin if source.mapping and Path(source.origin).is_dir() else None
            view = self._view(source.files, base)
            columns = self.spark.table(view).columns
            parts.append(projection_sql(view, columns, source.mapping, SPARK))
        return " UNION ALL ".join(parts)

    def aggregate(
        self, sources: Sequence[ManifestSource], progress: ProgressFn | None = None
    ) -> pa.Table:
        df = self.spark.sql(aggregate_sql(self.union_sql(sources), SPARK))
        table = _rows_to_table(df, AGGREGATE_SCHEMA)
        if progress is not None:
            progress(1.0)
        return table

    def bad_examples(self, sources: Sequence[ManifestSource], keep: int) -> list[dict[str, Any]]:
        df = self.spark.sql(bad_examples_sql(self.union_sql(sources), keep, SPARK))
        return [row.asDict() for row in df.collect()]

    def summary_scan(
        self, sources: Sequence[ManifestSource], keep: int, progress: ProgressFn | None = None
    ) -> ScanResult:
        return sql_summary_scan(self, sources, keep, progress)

    def register_parquet(self, name: str, files: Sequence[str]) -> None:
        self.spark.read.parquet(*files).createOrReplaceTempView(name)

    def register_arrow(self, name: str, table: pa.Table) -> None:
        ddl = ", ".join(f"{f.name} {_DDL[str(f.type)]}" for f in table.schema)
        self.spark.createDataFrame(table.to_pylist(), ddl).createOrReplaceTempView(name)

    def sql_table(self, sql: str, schema: pa.Schema) -> pa.Table:
        return _rows_to_table(self.spark.sql(sql), schema)

    def map_table(
        self, sql: str, fn: Callable[[pa.RecordBatch], pa.RecordBatch], schema: pa.Schema
    ) -> pa.Table:
        """``mapInArrow``: ``fn`` (with what it carries) is shipped once per partition.

        Without pandas (which PySpark's ``mapInArrow`` requires) the same function runs over
        ``rdd.mapPartitions`` on Arrow batches built from the partition's rows.
        """
        ddl = ", ".join(f"{f.name} {_DDL[str(f.type)]}" for f in schema)
        frame = self.spark.sql(sql)
        if importlib.util.find_spec("pandas") is None:
            in_schema = pa.schema(
                [(f.name, _ARROW[f.dataType.simpleString()]) for f in frame.schema.fields]
            )

            def rows_partition(rows: Iterator[Any]) -> Iterator[tuple[Any, ...]]:
                chunk: list[dict[str, Any]] = []
                for row in rows:
                    chunk.append(row.asDict())
                    if len(chunk) >= 65_536:
                        yield from _apply(fn, chunk, in_schema)
                        chunk = []
                if chunk:
                    yield from _apply(fn, chunk, in_schema)

            result = self.spark.createDataFrame(frame.rdd.mapPartitions(rows_partition), ddl)
        else:

            def per_partition(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
                for batch in batches:
                    yield fn(batch)

            result = frame.mapInArrow(per_partition, ddl)
        return _rows_to_table(result, schema)

    def materialize(self, name: str, sql: str) -> None:
        self.spark.sql(sql).cache().createOrReplaceTempView(name)

    def write_parquet(self, sql: str, out_dir: Path) -> list[str]:
        self.spark.sql(sql).write.mode("overwrite").parquet(str(out_dir))
        return sorted(str(p) for p in Path(out_dir).glob("*.parquet"))

    def close(self) -> None:
        """The session may be shared (tests, spark-submit); it is left running."""

"""The ``Engine`` protocol and the default engine, embedded DuckDB (out of core).

An engine runs the heavy, row-level part of a job over canonical Parquet and returns small
Arrow tables (one row per host, per robots snapshot, ...). Everything after that is shared
Python code, so that DuckDB and Spark give identical results.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa

from gpaikit._exceptions import InputError
from gpaikit.data._readers import ManifestSource
from gpaikit.data._scan import ScanResult, native_aggregate
from gpaikit.data._schema import AGGREGATE_SCHEMA, DataInputError
from gpaikit.data._sql import DUCKDB, Dialect, aggregate_sql, bad_examples_sql, projection_sql

__all__ = [
    "AGGREGATE_SCHEMA",
    "DuckDBEngine",
    "Engine",
    "ProgressFn",
    "engine_errors",
    "make_engine",
    "sql_summary_scan",
]

ProgressFn = Callable[[float], None]
_BATCH_ROWS = 131_072


class Engine(Protocol):
    """What a job needs from an execution engine."""

    name: str

    def aggregate(
        self, sources: Sequence[ManifestSource], progress: ProgressFn | None = None
    ) -> pa.Table:
        """Per (host, modality, ok, bad_reason): counts, volumes, time span (AGGREGATE_SCHEMA)."""
        ...

    def bad_examples(self, sources: Sequence[ManifestSource], keep: int) -> list[dict[str, Any]]:
        """Up to ``keep`` bad rows per reason, the smallest by url (``bad_examples_sql``)."""
        ...

    def summary_scan(
        self, sources: Sequence[ManifestSource], keep: int, progress: ProgressFn | None = None
    ) -> ScanResult:
        """:meth:`aggregate` and, when there are bad rows, :meth:`bad_examples`."""
        ...

    def sql_table(self, sql: str, schema: pa.Schema) -> pa.Table:
        """Run a query in this engine's dialect over views registered by the job."""
        ...

    def register_parquet(self, name: str, files: Sequence[str]) -> None: ...

    def register_arrow(self, name: str, table: pa.Table) -> None: ...

    def map_table(
        self, sql: str, fn: Callable[[pa.RecordBatch], pa.RecordBatch], schema: pa.Schema
    ) -> pa.Table:
        """Apply the pure batch function ``fn`` to the rows of ``sql`` (on the workers)."""
        ...

    def materialize(self, name: str, sql: str) -> None:
        """Compute ``sql`` once and keep it as table ``name`` for later queries."""
        ...

    def write_parquet(self, sql: str, out_dir: Path) -> list[str]:
        """Write the rows of ``sql`` as Parquet files into ``out_dir``."""
        ...

    def union_sql(self, sources: Sequence[ManifestSource]) -> str: ...

    @property
    def dialect(self) -> Dialect: ...

    def close(self) -> None: ...


_ENGINE_MODULES = ("duckdb", "_duckdb", "pyspark", "py4j", "pyarrow")


@contextmanager
def engine_errors(name: str) -> Iterator[None]:
    """What an engine raises on an input it cannot read (a corrupt Parquet file, a column of
    the wrong shape, a sum beyond 64 bits) becomes a clear error, never a traceback."""
    try:
        yield
    except InputError:
        raise
    except Exception as exc:
        if not type(exc).__module__.startswith(_ENGINE_MODULES):
            raise
        lines = str(exc).strip().splitlines() or [type(exc).__name__]
        raise DataInputError(
            f"the {name} engine could not process the input: {lines[0][:300]}",
            hint="check that every manifest is a complete file of its format "
            "(docs/data.md lists the formats and columns)",
        ) from None


def _to_schema(table: pa.Table, schema: pa.Schema) -> pa.Table:
    return pa.table({f.name: table.column(f.name).cast(f.type) for f in schema}, schema=schema)


class DuckDBEngine:
    """Embedded DuckDB: streams Parquet, spills to disk beyond ``memory_limit``."""

    name = "duckdb"

    def __init__(
        self,
        *,
        threads: int | None = None,
        memory_limit: str = "2GB",
        temp_directory: Path | None = None,
    ) -> None:
        import duckdb

        self.threads = threads or os.cpu_count() or 1
        config: dict[str, Any] = {
            "threads": self.threads,
            "memory_limit": memory_limit,
        }
        # Spill beyond memory_limit to the system temporary directory unless told otherwise.
        spill = temp_directory or Path(tempfile.gettempdir()) / f"gpaikit-duckdb-{os.getpid()}"
        config["temp_directory"] = str(spill)
        self._con = duckdb.connect(config=config)
        self._con.execute("SET TimeZone = 'UTC'")
        self._con.execute("SET preserve_insertion_order = false")
        self._arrow: dict[str, pa.Table] = {}

    @property
    def dialect(self) -> Dialect:
        return DUCKDB

    def union_sql(self, sources: Sequence[ManifestSource]) -> str:
        parts = []
        for source in sources:
            files = ", ".join("'" + f.replace("'", "''") + "'" for f in source.files)
            hive = "true" if source.mapping else "false"
            table = f"read_parquet([{files}], union_by_name = true, hive_partitioning = {hive})"
            parts.append(projection_sql(table, source.columns, source.mapping, DUCKDB))
        return " UNION ALL ".join(parts)

    def _run(self, sql: str, progress: ProgressFn | None) -> pa.Table:
        if progress is None:
            return self._con.sql(sql).to_arrow_table()
        result: dict[str, Any] = {}

        def work() -> None:
            try:
                result["table"] = self._con.sql(sql).to_arrow_table()
            except BaseException as exc:  # re-raised in the calling thread
                result["error"] = exc

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        while worker.is_alive():
            worker.join(0.2)
            try:
                done = self._con.query_progress()
            except Exception:  # no query running at this instant
                done = -1
            if done >= 0:
                progress(min(done, 100.0) / 100.0)
        if "error" in result:
            raise result["error"]
        progress(1.0)
        table: pa.Table = result["table"]
        return table

    def aggregate(
        self, sources: Sequence[ManifestSource], progress: ProgressFn | None = None
    ) -> pa.Table:
        sql = aggregate_sql(self.union_sql(sources), DUCKDB)
        return _to_schema(self._run(sql, progress), AGGREGATE_SCHEMA)

    def bad_examples(self, sources: Sequence[ManifestSource], keep: int) -> list[dict[str, Any]]:
        sql = bad_examples_sql(self.union_sql(sources), keep, DUCKDB)
        table: pa.Table = self._con.sql(sql).to_arrow_table()
        rows: list[dict[str, Any]] = table.to_pylist()
        return rows

    def summary_scan(
        self, sources: Sequence[ManifestSource], keep: int, progress: ProgressFn | None = None
    ) -> ScanResult:
        """The native one-pass scan where it applies (``gpaikit.data._scan``), else the SQL."""
        found = native_aggregate(sources, keep, threads=self.threads, progress=progress)
        if found is not None:
            return found  # already AGGREGATE_SCHEMA, checked in full
        return sql_summary_scan(self, sources, keep, progress)

    def register_parquet(self, name: str, files: Sequence[str]) -> None:
        listed = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
        self._con.execute(
            f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet([{listed}])"
        )

    def register_arrow(self, name: str, table: pa.Table) -> None:
        self._arrow[name] = table
        self._con.register(name, table)

    def sql_table(self, sql: str, schema: pa.Schema) -> pa.Table:
        return _to_schema(self._con.sql(sql).to_arrow_table(), schema)

    def map_table(
        self, sql: str, fn: Callable[[pa.RecordBatch], pa.RecordBatch], schema: pa.Schema
    ) -> pa.Table:
        reader = self._con.sql(sql).to_arrow_reader(_BATCH_ROWS)
        parts = [fn(batch) for batch in reader]
        return pa.Table.from_batches(parts, schema=schema)

    def materialize(self, name: str, sql: str) -> None:
        self._con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}")

    def write_parquet(self, sql: str, out_dir: Path) -> list[str]:
        out_dir.mkdir(parents=True, exist_ok=True)
        target = str(out_dir).replace("'", "''")
        self._con.execute(
            f"COPY ({sql}) TO '{target}' "
            "(FORMAT parquet, COMPRESSION zstd, PER_THREAD_OUTPUT true, OVERWRITE_OR_IGNORE true)"
        )
        return sorted(str(p) for p in out_dir.glob("*.parquet"))

    def close(self) -> None:
        self._con.close()


def sql_summary_scan(
    engine: Engine, sources: Sequence[ManifestSource], keep: int, progress: ProgressFn | None
) -> ScanResult:
    """:meth:`Engine.summary_scan` by the engine's SQL (the reference)."""
    table = engine.aggregate(sources, progress)
    has_bad = any(r for r in table.column("bad_reason").to_pylist())
    return ScanResult(table, engine.bad_examples(sources, keep) if has_bad else [])


def make_engine(name: str, *, master: str | None = None, threads: int | None = None) -> Engine:
    """``duckdb`` (default) or ``spark`` (needs the ``spark`` extra and a Java runtime)."""
    if name == "duckdb":
        return DuckDBEngine(threads=threads)
    if name == "spark":
        from gpaikit.data._spark import SparkEngine

        return SparkEngine(master=master or "local[2]")
    from gpaikit.data._schema import DataInputError

    raise DataInputError(f"unknown engine '{name}'", hint="use --engine duckdb or --engine spark")

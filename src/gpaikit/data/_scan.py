"""The native one-pass manifest aggregation behind ``DuckDBEngine.aggregate``.

``aggregate_sql`` (``gpaikit.data._sql``) is the reference: per (raw host, modality, ok, bad
reason) the records, volumes, time span and example keys. When the native core is installed
(``gpaikit[fast]``; switch ``GPAIKIT_HOST_ENGINE``) and the manifests are Parquet files whose
columns have plain types, the same table comes from one pass in Rust over the Arrow buffers
pyarrow decodes (row groups on the engine's threads), with the example rows of each bad reason kept
on the way, so that no second pass is needed. Anything else (text formats are staged as
Parquet first, so this means unusual column types, timestamps in nanoseconds, non-ASCII
modalities or content types, URLs that are not UTF-8, more groups than ``MAX_GROUPS``) makes
:func:`native_aggregate` return None and the engine runs the SQL.
``tests/data/test_scan.py`` checks the two on hostile manifests.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from gpaikit._hosts import native_module
from gpaikit.data._readers import ManifestSource
from gpaikit.data._schema import AGGREGATE_SCHEMA

__all__ = ["MAX_GROUPS", "ScanResult", "native_aggregate"]

#: Beyond this many (host, class) groups the in-memory scan gives way to DuckDB, which
#: spills to disk (about 150 bytes a group).
MAX_GROUPS = 12_000_000

_STRINGS = ("url", "content_type", "modality")
_INTS = ("http_status", "content_length", "tokens")
_ORDER = (
    "url",
    "fetch_time",
    "http_status",
    "content_length",
    "content_type",
    "modality",
    "tokens",
    "duration_s",
)


class _UnsupportedError(Exception):
    """The native scan cannot read this input exactly as the SQL does."""


@dataclass(frozen=True)
class ScanResult:
    """The aggregation (``AGGREGATE_SCHEMA``) and the kept bad rows per reason."""

    table: pa.Table
    examples: list[dict[str, Any]]


def _string_type(t: pa.DataType) -> bool:
    if pa.types.is_dictionary(t):
        return _string_type(t.value_type)
    return bool(pa.types.is_string(t) or pa.types.is_large_string(t))


def _int_type(t: pa.DataType) -> bool:
    return bool(pa.types.is_signed_integer(t) or t in (pa.uint8(), pa.uint16(), pa.uint32()))


def _supported(name: str, t: pa.DataType) -> bool:
    if pa.types.is_null(t):
        return True
    if name in _STRINGS:
        return _string_type(t)
    if name == "fetch_time":
        return bool(pa.types.is_timestamp(t) and t.unit in ("s", "ms", "us"))
    if name in _INTS:
        return _int_type(t)
    return bool(pa.types.is_floating(t) or _int_type(t))  # duration_s


def _columns(source: ManifestSource, schema: pa.Schema) -> dict[str, str]:
    """Canonical name -> the file's column, for the columns the scan reads."""
    mapping = source.mapping or {}
    found: dict[str, str] = {}
    for name in _ORDER:
        column = mapping.get(name, name)
        if column not in source.columns:
            continue  # absent from the source: NULL, as in the SQL
        if column not in schema.names:  # a partition key, or missing from this file
            raise _UnsupportedError(f"column {column} is not in every file")
        if not _supported(name, schema.field(column).type):
            raise _UnsupportedError(f"column {column} has type {schema.field(column).type}")
        found[name] = column
    return found


def _bytes(buffer: pa.Buffer | None) -> memoryview | None:
    """An Arrow buffer as unsigned bytes (pyarrow exports them as signed chars)."""
    return None if buffer is None else memoryview(buffer).cast("B")


def _buffers(name: str, array: pa.Array) -> tuple[Any, ...] | None:
    if pa.types.is_null(array.type):
        return None
    if name in _STRINGS:
        if not pa.types.is_string(array.type):
            array = pc.cast(array, pa.string())
        validity, offsets, data = array.buffers()
        return (_bytes(validity), _bytes(data) or b"", _bytes(offsets), array.offset)
    if name == "fetch_time":
        array = pc.cast(pc.cast(array, pa.timestamp("us")), pa.int64())
    elif name in _INTS:
        array = pc.cast(array, pa.int64())
    else:
        array = pc.cast(array, pa.float64(), safe=False)
    validity, data = array.buffers()
    return (_bytes(validity), _bytes(data), None, array.offset)


def _column(field: pa.Field, length: int, buffers: tuple[Any, ...]) -> pa.Array:
    """One column of the scan's groups from its Arrow buffers (strings come with 64-bit
    offsets and are narrowed to the schema's type, which checks that they fit)."""
    validity, offsets, data = (None if b is None else pa.py_buffer(b) for b in buffers)
    if pa.types.is_string(field.type):
        wide = pa.Array.from_buffers(pa.large_string(), length, [validity, offsets, data])
        return wide.cast(pa.string())
    return pa.Array.from_buffers(field.type, length, [validity, data])


def _group_table(groups: dict[str, tuple[Any, ...]]) -> pa.Table | None:
    """The groups as ``AGGREGATE_SCHEMA``, checked in full (UTF-8, offsets, sizes), or None
    when they do not pass (the SQL then decides)."""
    length = len(groups["records"][2]) // 8
    try:
        columns = [_column(f, length, groups[f.name]) for f in AGGREGATE_SCHEMA]
        table = pa.Table.from_arrays(columns, schema=AGGREGATE_SCHEMA)
        table.validate(full=True)
    except (pa.ArrowException, ValueError):
        return None
    return table


def _scan_tasks(
    fast: Any,
    tasks: Sequence[tuple[ManifestSource, str, int]],
    keep: int,
    done: Callable[[], None],
) -> Any:
    scan = fast.ManifestScan(keep, MAX_GROUPS)
    files: dict[str, pq.ParquetFile] = {}
    for source, path, group in tasks:
        handle = files.get(path)
        if handle is None:
            handle = files[path] = pq.ParquetFile(path)
        wanted = _columns(source, handle.schema_arrow)
        table = handle.read_row_group(group, columns=list(dict.fromkeys(wanted.values())))
        for batch in table.to_batches():
            specs = [
                _buffers(name, batch.column(wanted[name])) if name in wanted else None
                for name in _ORDER
            ]
            refused = scan.add(batch.num_rows, *specs)
            if refused:
                raise _UnsupportedError(refused)
        done()
    return scan


def native_aggregate(
    sources: Sequence[ManifestSource],
    keep: int,
    *,
    threads: int | None = None,
    progress: Callable[[float], None] | None = None,
) -> ScanResult | None:
    """The aggregation by the native scan, or None where it cannot answer exactly."""
    fast = native_module()
    if fast is None or not hasattr(fast, "ManifestScan"):
        return None
    try:
        tasks = [
            (source, path, group)
            for source in sources
            for path in source.files
            for group in range(pq.ParquetFile(path).num_row_groups)
        ]
        workers = max(1, min(threads or os.cpu_count() or 1, len(tasks) or 1))
        share = [tasks[i::workers] for i in range(workers)]
        counter = [0]

        def done() -> None:
            counter[0] += 1
            if progress is not None and tasks:
                progress(counter[0] / len(tasks))

        with ThreadPoolExecutor(max_workers=workers) as pool:
            scans = list(pool.map(lambda part: _scan_tasks(fast, part, keep, done), share))
    except (_UnsupportedError, OverflowError, pa.ArrowException, OSError):
        return None  # the SQL decides, and reports what it cannot read
    scan = scans[0]
    for other in scans[1:]:
        scan.merge(other)
    try:
        groups = scan.groups()
    except OverflowError:
        return None  # the SQL raises the engine's error for a sum beyond 64 bits
    table = _group_table(groups)
    if table is None:
        return None
    examples = [
        {
            "bad_reason": reason,
            "url": url,
            "fetch_us": fetch,
            "http_status": status,
            "content_length": length,
        }
        for reason, url, fetch, status, length in scan.examples()
    ]
    examples.sort(key=lambda e: e["bad_reason"])  # stable: as the SQL's ORDER BY reason, rn
    return ScanResult(table, examples)

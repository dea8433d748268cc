"""Readers: every supported manifest format becomes canonical Parquet the engines can scan.

Parquet files (canonical, or Common Crawl's columnar URL index) are scanned in place through a
column mapping. Text and archive formats (CSV, JSON Lines, CDX/CDXJ, WARC) are parsed here,
streaming, into staged canonical Parquet; a line or record that cannot be parsed is counted as
a bad row with its line number, never dropped silently and never fatal. WARC files also yield
the robots.txt responses they contain (for the snapshot store).
"""

from __future__ import annotations

import datetime as dt
import math
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from gpaikit._exceptions import Location
from gpaikit.data._formats import (
    BadRecord,
    Record,
    cdx_records,
    csv_records,
    jsonl_records,
    warc_records,
)
from gpaikit.data._schema import CANONICAL_SCHEMA, BadRowReport, DataInputError
from gpaikit.data._sql import CC_INDEX_MAPPING, MAX_CONTENT_LENGTH, MAX_DURATION_S, MAX_TOKENS

__all__ = [
    "FORMATS",
    "ManifestSource",
    "PreparedInput",
    "RobotsCapture",
    "detect_format",
    "parse_time",
    "prepare_inputs",
]

FORMATS = ("parquet", "cc-index", "csv", "jsonl", "cdx", "warc")
_BATCH = 65_536
_ALIASES = {
    "status": "http_status",
    "fetch_status": "http_status",
    "length": "content_length",
    "mime": "content_type",
    "timestamp": "fetch_time",
}


@dataclass(frozen=True)
class ManifestSource:
    """Parquet files the engines scan, with how their columns map to the canonical ones."""

    files: tuple[str, ...]
    columns: tuple[str, ...]
    mapping: dict[str, str] | None = None
    volume_basis: str = "payload_bytes"
    origin: str = ""


@dataclass(frozen=True)
class RobotsCapture:
    """One robots.txt response: the host it governs, when it was fetched, status and body."""

    host: str
    fetch_time: dt.datetime
    http_status: int | None
    body: bytes | None


@dataclass
class PreparedInput:
    sources: list[ManifestSource] = field(default_factory=list)
    bad_rows: BadRowReport = field(default_factory=BadRowReport)
    robots: list[RobotsCapture] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def detect_format(path: Path) -> str:
    name = path.name.lower().removesuffix(".gz")
    if path.is_dir() or name.endswith((".parquet", ".pq")):
        return "parquet"
    for suffix, fmt in (
        (".csv", "csv"),
        (".jsonl", "jsonl"),
        (".ndjson", "jsonl"),
        (".json", "jsonl"),
        (".cdxj", "cdx"),
        (".cdx", "cdx"),
        (".warc", "warc"),
    ):
        if name.endswith(suffix):
            return fmt
    raise DataInputError(
        f"cannot tell the format of {path.name}",
        location=Location(path),
        hint="use one of .parquet, .csv, .jsonl, .cdx/.cdxj, .warc(.gz), or pass --format",
    )


def parse_time(value: Any) -> dt.datetime | None:
    """ISO 8601 (naive = UTC), 14-digit WARC/CDX timestamps, or epoch seconds; None if not."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value, dt.UTC)
    text = str(value).strip()
    try:
        if text.isdigit() and len(text) == 14:
            return dt.datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


_INT64 = (-(2**63), 2**63 - 1)
_INT32 = (-(2**31), 2**31 - 1)


def _int(value: Any, bounds: tuple[int, int] = _INT64) -> int | None:
    """A whole number that fits the staged column (values beyond it are bad rows, not
    overflows); the engines then apply the job's own ranges (``classified_sql``)."""
    if value is None or value == "" or value == "-":
        return None
    if isinstance(value, bool):
        raise ValueError("boolean")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("not an integer")
        number = int(value)
    else:
        text = str(value).strip()
        if len(text) > 24:
            raise ValueError("too many digits")
        number = int(text)
    if not bounds[0] <= number <= bounds[1]:
        raise ValueError("out of range")
    return number


def _float(value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("boolean")
    return float(value)


_CONVERT: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "fetch_time": ("missing_fetch_time", parse_time),
    "http_status": ("invalid_http_status", lambda v: _int(v, _INT32)),
    "content_length": ("invalid_content_length", _int),
    "tokens": ("invalid_tokens", _int),
    "duration_s": ("invalid_duration", _float),
}


def _coerce(raw: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    """Map a parsed record to canonical types; a value of the wrong type makes the row bad."""
    row: dict[str, Any] = {}
    for key, value in raw.items():
        name = _ALIASES.get(key, key)
        if name in CANONICAL_SCHEMA.names and name not in row:
            row[name] = value
    for name, (reason, convert) in _CONVERT.items():
        value = row.get(name)
        try:
            row[name] = convert(value)
        except (ValueError, TypeError, OverflowError, OSError):
            return None, reason
        if name == "fetch_time" and value not in (None, "") and row[name] is None:
            return None, reason
    for name in CANONICAL_SCHEMA.names:
        value = row.get(name)
        if name not in _CONVERT and value is not None and not isinstance(value, str):
            row[name] = str(value)
    return row, _out_of_range(row)


def _out_of_range(row: dict[str, Any]) -> str | None:
    """The engines' per-row limits (``classified_sql``), applied while a text format is read so
    that the bad row's example names its file and line; Parquet inputs meet them in SQL."""
    status, length = row.get("http_status"), row.get("content_length")
    tokens, duration = row.get("tokens"), row.get("duration_s")
    if status is not None and not 100 <= status <= 599:
        return "invalid_http_status"
    if length is not None and not 0 <= length <= MAX_CONTENT_LENGTH:
        return "invalid_content_length"
    if tokens is not None and not 0 <= tokens <= MAX_TOKENS:
        return "invalid_tokens"
    if duration is not None and not (math.isfinite(duration) and 0 <= duration <= MAX_DURATION_S):
        return "invalid_duration"
    return None


class _Stager:
    """Writes canonical rows to Parquet files in a staging directory, batch by batch."""

    def __init__(self, staging: Path, stem: str) -> None:
        self.path = staging / f"{stem}.parquet"
        self.rows: list[dict[str, Any]] = []
        self.writer: pq.ParquetWriter | None = None
        self.count = 0

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if len(self.rows) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        if self.writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.writer = pq.ParquetWriter(self.path, CANONICAL_SCHEMA, compression="zstd")
        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=CANONICAL_SCHEMA))
            self.count += len(self.rows)
            self.rows = []

    def close(self) -> ManifestSource:
        self.flush()
        assert self.writer is not None
        self.writer.close()
        return ManifestSource((str(self.path),), tuple(CANONICAL_SCHEMA.names))


def _warc(path: Path, found: list[RobotsCapture]) -> Iterator[Record]:
    """WARC response records; robots.txt responses also go to ``found``."""

    def robots(host: str, when: str | None, status: int | None, body: bytes) -> None:
        moment = parse_time(when)
        if moment is not None:
            found.append(RobotsCapture(host, moment, status, body))

    return warc_records(path, robots)


def _stage_records(
    path: Path,
    records: Iterable[Record],
    stager: _Stager,
    report: BadRowReport,
    unit: str = "line",
) -> None:
    for number, raw in records:
        if raw is None or isinstance(raw, BadRecord):
            kind = raw.reason if isinstance(raw, BadRecord) else "unparsable"
            report.add(kind, {"file": path.name, unit: number})
            continue
        row, reason = _coerce(raw)
        if row is None or reason is not None:
            assert reason is not None
            example = {"file": path.name, unit: number}
            example.update({k: raw.get(k) for k in ("url", "fetch_time") if k in raw})
            report.add(reason, example)
            continue
        stager.add(row)


def _regular(path: Path) -> None:
    """A manifest named directly must be a regular file (a FIFO would hang the engine)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise DataInputError(
            f"cannot read the manifest: {exc.strerror or exc}", location=Location(path)
        ) from None
    if not stat.S_ISREG(mode):
        raise DataInputError(
            "the manifest is not a regular file",
            location=Location(path),
            hint="give Parquet files or directories of them",
        )


def _parquet_source(path: Path, fmt: str | None) -> ManifestSource:
    found = sorted(path.rglob("*.parquet")) if path.is_dir() else [path]
    for file in found:
        _regular(file)
    files = [str(p) for p in found]
    if not files:
        raise DataInputError("no .parquet files in this directory", location=Location(path))
    try:
        schema = pq.read_schema(files[0])
    except (OSError, pa.ArrowInvalid) as exc:
        raise DataInputError(
            f"not a readable Parquet file: {exc}", location=Location(path)
        ) from exc
    names = tuple(schema.names)
    if path.is_dir():  # hive partition keys (crawl=..., subset=...) are columns too
        parts = Path(files[0]).relative_to(path).parts[:-1]
        names += tuple(
            p.split("=", 1)[0] for p in parts if "=" in p and p.split("=")[0] not in names
        )
    is_cc = fmt == "cc-index" or ("url_surtkey" in names and "warc_record_length" in names)
    if is_cc:
        return ManifestSource(
            tuple(files), names, CC_INDEX_MAPPING, "compressed_record_length", str(path)
        )
    if "url" not in names:
        raise DataInputError(
            "the Parquet file has no 'url' column",
            location=Location(path, field="url"),
            hint="rename columns to the canonical schema (docs/data.md) or use --format cc-index",
        )
    return ManifestSource(tuple(files), names, None, "payload_bytes", str(path))


def prepare_inputs(paths: Iterable[Path], staging: Path, fmt: str | None = None) -> PreparedInput:
    """Map every input to scannable Parquet; parse errors go to the bad-row report."""
    prepared = PreparedInput()
    for index, path in enumerate(paths):
        path = Path(path)
        if not path.exists():
            raise DataInputError("manifest not found", location=Location(path))
        kind = fmt or detect_format(path)
        if kind in ("parquet", "cc-index"):
            source = _parquet_source(path, kind)
            if source.volume_basis != "payload_bytes":
                prepared.notes.append(
                    f"{path.name}: Common Crawl index; volume is the compressed WARC record "
                    "length (warc_record_length), a proxy for payload size"
                )
            prepared.sources.append(source)
            continue
        stager = _Stager(staging, f"{index:04d}-{path.name.replace('.', '_')}")
        unit = "line"
        if kind == "csv":
            records = csv_records(path)
        elif kind == "jsonl":
            records = jsonl_records(path)
        elif kind == "cdx":
            records = cdx_records(path)
            prepared.notes.append(
                f"{path.name}: CDX; volume is the compressed WARC record length, a proxy "
                "for payload size"
            )
        elif kind == "warc":
            records, unit = _warc(path, prepared.robots), "record"
        else:
            raise DataInputError(f"unknown format '{kind}'", hint=f"one of {', '.join(FORMATS)}")
        before = prepared.bad_rows.counts.get("truncated", 0)
        _stage_records(path, records, stager, prepared.bad_rows, unit)
        if prepared.bad_rows.counts.get("truncated", 0) > before:
            prepared.notes.append(
                f"{path.name}: the file ends in the middle of a record (cut short?); "
                "what came before was read, the rest is missing"
            )
        source = stager.close()
        basis = "compressed_record_length" if kind == "cdx" else "payload_bytes"
        prepared.sources.append(
            ManifestSource(source.files, source.columns, None, basis, str(path))
        )
    return prepared

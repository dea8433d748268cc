"""Readers: every supported manifest format becomes canonical Parquet the engines can scan.

Parquet files (canonical, or Common Crawl's columnar URL index) are scanned in place through a
column mapping. Text and archive formats (CSV, JSON Lines, CDX/CDXJ, WARC) are parsed here,
streaming, into staged canonical Parquet; a line or record that cannot be parsed is counted as
a bad row with its line number, never dropped silently and never fatal. WARC files also yield
the robots.txt responses they contain (for the snapshot store).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from gpaikit._exceptions import Location
from gpaikit._hosts import url_host
from gpaikit.data._schema import CANONICAL_SCHEMA, BadRowReport, DataInputError
from gpaikit.data._sql import CC_INDEX_MAPPING

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
ROBOTS_BODY_LIMIT = 512 * 1024  # RFC 9309 §2.5: parse at least 500 KiB
_BATCH = 65_536
_ALIASES = {
    "status": "http_status",
    "fetch_status": "http_status",
    "length": "content_length",
    "mime": "content_type",
    "timestamp": "fetch_time",
}
_META = re.compile(
    rb"<meta\s[^>]*name\s*=\s*[\"']?(?:robots|tdm-[a-z]+|[a-z_-]*bot)[\"'\s>][^>]*>", re.I
)


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


def _int(value: Any) -> int | None:
    if value is None or value == "" or value == "-":
        return None
    if isinstance(value, bool):
        raise ValueError("boolean")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("not an integer")
        return int(value)
    return int(str(value).strip())


_CONVERT: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "fetch_time": ("missing_fetch_time", parse_time),
    "http_status": ("invalid_http_status", _int),
    "content_length": ("invalid_content_length", _int),
    "tokens": ("invalid_tokens", _int),
    "duration_s": ("invalid_duration", lambda v: None if v in (None, "") else float(v)),
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
        except (ValueError, TypeError, OverflowError):
            return None, reason
        if name == "fetch_time" and value not in (None, "") and row[name] is None:
            return None, reason
    for name in CANONICAL_SCHEMA.names:
        value = row.get(name)
        if name not in _CONVERT and value is not None and not isinstance(value, str):
            row[name] = str(value)
    return row, None


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


def _open_text(path: Path) -> IO[str]:
    if path.name.lower().endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", errors="replace")
    return path.open(encoding="utf-8", errors="replace", newline="")


def _csv_records(path: Path) -> Iterator[tuple[int, dict[str, Any] | None]]:
    with _open_text(path) as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "url" not in reader.fieldnames:
            raise DataInputError(
                "the CSV header has no 'url' column",
                location=Location(path, 1),
                hint="the first line must name the columns (url, fetch_time, http_status, ...)",
            )
        for record in reader:
            ok = None not in record and all(v is not None for v in record.values())
            yield reader.line_num, (dict(record) if ok else None)


def _jsonl_records(path: Path) -> Iterator[tuple[int, dict[str, Any] | None]]:
    with _open_text(path) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            yield number, (record if isinstance(record, dict) else None)


# Classic CDX field letters (archive.org's CDX format) -> canonical names.
_CDX_LETTERS = {"a": "url", "b": "fetch_time", "m": "content_type", "s": "http_status"}
_CDX_DEFAULT = ["N", "b", "a", "m", "s", "k", "r", "M", "S", "V", "g"]


def _cdx_records(path: Path) -> Iterator[tuple[int, dict[str, Any] | None]]:
    letters = _CDX_DEFAULT
    with _open_text(path) as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            if line.startswith(" CDX ") or line.startswith("CDX "):
                letters = line.split()[1:]
                continue
            parts = line.split(" ", 2)
            if len(parts) == 3 and parts[2].startswith("{"):  # CDXJ: surt time {json}
                try:
                    record = json.loads(parts[2])
                except ValueError:
                    yield number, None
                    continue
                if not isinstance(record, dict):
                    yield number, None
                    continue
                yield (
                    number,
                    {
                        "url": record.get("url"),
                        "fetch_time": parts[1],
                        "http_status": record.get("status"),
                        "content_length": record.get("length"),
                        "content_type": record.get("mime"),
                        "source_id": record.get("filename"),
                    },
                )
                continue
            fields = line.split()
            if len(fields) != len(letters):
                yield number, None
                continue
            row: dict[str, Any] = {
                _CDX_LETTERS[k]: v
                for k, v in zip(letters, fields, strict=True)
                if k in _CDX_LETTERS
            }
            size = dict(zip(letters, fields, strict=True))
            row["content_length"] = size.get("S", size.get("n"))
            yield number, row


def _warc_records(
    path: Path, robots: list[RobotsCapture]
) -> Iterator[tuple[int, dict[str, Any] | None]]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    with path.open("rb") as stream:
        try:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response":
                    continue
                number += 1
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                http = record.http_headers
                status = http.get_statuscode() if http is not None else None
                body = record.content_stream().read()
                headers: dict[str, str] = {}
                if http is not None:
                    for key in ("X-Robots-Tag", "tdm-reservation", "tdm-policy", "Content-Usage"):
                        values = [v for k, v in http.headers if k.lower() == key.lower()]
                        if values:
                            headers[key.lower()] = ", ".join(values)
                fetch_time = record.rec_headers.get_header("WARC-Date")
                if url.split("?")[0].split("#")[0].endswith("/robots.txt"):
                    when = parse_time(fetch_time)
                    if when is not None:
                        robots.append(
                            RobotsCapture(
                                url_host(url),
                                when,
                                int(status) if status and status.isdigit() else None,
                                body[:ROBOTS_BODY_LIMIT],
                            )
                        )
                metas = [
                    m.group(0).decode("utf-8", "replace") for m in _META.finditer(body[:65536])
                ]
                yield (
                    number,
                    {
                        "url": url,
                        "fetch_time": fetch_time,
                        "http_status": status,
                        "content_length": len(body),
                        "content_type": (
                            http.get_header("Content-Type") if http is not None else None
                        ),
                        "x_robots_tag": headers.get("x-robots-tag"),
                        "tdm_reservation": headers.get("tdm-reservation"),
                        "tdm_policy": headers.get("tdm-policy"),
                        "content_usage": headers.get("content-usage"),
                        "html_meta": "".join(metas) or None,
                    },
                )
        except ArchiveLoadFailed:
            yield number + 1, None  # the rest of the file cannot be resynchronised


def _stage_records(
    path: Path,
    records: Iterable[tuple[int, dict[str, Any] | None]],
    stager: _Stager,
    report: BadRowReport,
) -> None:
    for number, raw in records:
        if raw is None:
            report.add("unparsable", {"file": path.name, "line": number})
            continue
        row, reason = _coerce(raw)
        if row is None:
            assert reason is not None
            example = {"file": path.name, "line": number}
            example.update({k: raw.get(k) for k in ("url", "fetch_time") if k in raw})
            report.add(reason, example)
            continue
        stager.add(row)


def _parquet_source(path: Path, fmt: str | None) -> ManifestSource:
    files = sorted(str(p) for p in path.rglob("*.parquet")) if path.is_dir() else [str(path)]
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
        if kind == "csv":
            records = _csv_records(path)
        elif kind == "jsonl":
            records = _jsonl_records(path)
        elif kind == "cdx":
            records = _cdx_records(path)
            prepared.notes.append(
                f"{path.name}: CDX; volume is the compressed WARC record length, a proxy "
                "for payload size"
            )
        elif kind == "warc":
            records = _warc_records(path, prepared.robots)
        else:
            raise DataInputError(f"unknown format '{kind}'", hint=f"one of {', '.join(FORMATS)}")
        _stage_records(path, records, stager, prepared.bad_rows)
        source = stager.close()
        basis = "compressed_record_length" if kind == "cdx" else "payload_bytes"
        prepared.sources.append(
            ManifestSource(source.files, source.columns, None, basis, str(path))
        )
    return prepared

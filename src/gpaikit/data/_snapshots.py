"""Robots snapshot store: which robots.txt capture was in force when each URL was fetched.

A capture is (host, fetch time, HTTP status, body), read from Parquet, from WARC files, or
from the robots.txt responses found in WARC manifests. The capture in force for a URL fetched
at ``t`` is the host's latest capture taken at or before ``t`` (a capture at exactly ``t``
counts). Identical (status, body) pairs share one *variant*, parsed once.

What a capture means for a URL follows RFC 9309 as implemented by :mod:`gpaikit.rep`
(``effective_robots``): a copy older than 24 hours is not used (``OS.REP.CACHE``), 4xx means
"unavailable" (allow), 5xx, 429 or no response means "unreachable" (disallow), and a URL with
no capture at all is ``unknown``, never ``allowed``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from gpaikit._exceptions import Location
from gpaikit._hosts import check_host, quoted_host, url_host
from gpaikit.data._readers import RobotsCapture, _regular, _warc
from gpaikit.data._schema import BadRowReport, DataInputError

__all__ = ["CACHE_CEILING", "SNAPSHOT_SCHEMA", "Snapshot", "SnapshotStore"]

#: RFC 9309 §2.4 (OS.REP.CACHE): a cached robots.txt SHOULD NOT be used after 24 hours.
CACHE_CEILING = dt.timedelta(hours=24)

SNAPSHOT_SCHEMA = pa.schema(
    [
        ("snap_id", pa.int64()),
        ("host", pa.string()),
        ("t_us", pa.int64()),
        ("next_us", pa.int64()),
        ("variant", pa.int64()),
    ]
)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_CAPTURES = pa.schema([("host", pa.string()), ("t_us", pa.int64()), ("variant", pa.int64())])


def _us(moment: dt.datetime) -> int:
    return (moment - _EPOCH) // dt.timedelta(microseconds=1)


@dataclass(frozen=True)
class Snapshot:
    host: str
    fetch_time: dt.datetime
    http_status: int | None
    body: bytes | None
    variant: int


_SITEMAP = re.compile(rb"(?im)^[ \t]*sitemap[ \t]*:[^\r\n]*")


def _normalised(body: bytes | None) -> bytes | None:
    """Sitemap lines blanked (line numbers kept): they never change a verdict (RFC 9309
    §2.2.4, OS.REP.OTHER_RECORDS), and without them most sites share a handful of files."""
    return _SITEMAP.sub(b"", body) if body and b"itemap" in body.lower() else body


@dataclass
class SnapshotStore:
    """All robots.txt captures of a crawl, by host and time; equal files parsed once."""

    variants: list[tuple[int | None, bytes | None]] = field(default_factory=list)
    bad_rows: BadRowReport = field(default_factory=BadRowReport)
    variant_index: dict[tuple[int | None, bytes | None], int] = field(default_factory=dict)
    _chunks: list[pa.Table] = field(default_factory=list)
    _pending: dict[str, list[Any]] = field(
        default_factory=lambda: {"host": [], "t_us": [], "variant": []}
    )
    _sorted: pa.Table | None = None
    _lookup: dict[str, tuple[list[int], list[int]]] | None = None

    @classmethod
    def from_captures(cls, captures: Iterable[RobotsCapture]) -> SnapshotStore:
        store = cls()
        for capture in captures:
            store.add(capture)
        store.seal()
        return store

    def _variant(self, status: int | None, body: bytes | None) -> int:
        key = (status, _normalised(body))
        index = self.variant_index.get(key)
        if index is None:
            index = len(self.variants)
            self.variants.append(key)
            self.variant_index[key] = index
        return index

    def add(self, capture: RobotsCapture) -> None:
        """Add one capture; a capture whose host is not a valid host is a bad row."""
        checked = check_host(capture.host)
        if checked.host is None:
            self.bad_rows.add(
                "invalid_host", {"host": quoted_host(capture.host), "problem": checked.problem}
            )
            return
        self._pending["host"].append(checked.host)
        self._pending["t_us"].append(_us(capture.fetch_time))
        self._pending["variant"].append(self._variant(capture.http_status, capture.body))

    def _flush(self) -> None:
        if self._pending["host"]:
            self._chunks.append(pa.table(self._pending, schema=_CAPTURES))
            self._pending = {"host": [], "t_us": [], "variant": []}

    def seal(self) -> None:
        """Sort captures by host and time (same time: the later one in the input wins)."""
        self._flush()
        table = (
            pa.concat_tables(self._chunks)
            if self._chunks
            else pa.table({n: [] for n in _CAPTURES.names}, schema=_CAPTURES)
        )
        table = table.append_column("seq", pa.array(range(table.num_rows), pa.int64()))
        self._sorted = table.sort_by(
            [("host", "ascending"), ("t_us", "ascending"), ("seq", "ascending")]
        ).drop_columns(["seq"])
        self._chunks = [self._sorted]  # keep one copy only
        self._lookup = None

    def _table(self) -> pa.Table:
        if self._sorted is None or self._pending["host"]:
            self.seal()
        assert self._sorted is not None
        return self._sorted

    @property
    def host_count(self) -> int:
        return len(pc.unique(self._table().column("host")))

    def in_force(self, host: str, when: dt.datetime) -> Snapshot | None:
        """The capture of ``host`` in force at ``when`` (latest at or before it), or None."""
        if self._lookup is None:
            lookup: dict[str, tuple[list[int], list[int]]] = {}
            cols = self._table().to_pydict()
            for h, t, v in zip(cols["host"], cols["t_us"], cols["variant"], strict=True):
                times, variants = lookup.setdefault(h, ([], []))
                times.append(t)
                variants.append(v)
            self._lookup = lookup
        entry = self._lookup.get(check_host(host).host or "")
        if entry is None:
            return None
        times, variants = entry
        position = bisect.bisect_right(times, _us(when)) - 1
        if position < 0:
            return None
        status, body = self.variants[variants[position]]
        moment = _EPOCH + dt.timedelta(microseconds=times[position])
        return Snapshot(host, moment, status, body, variants[position])

    def table(self) -> pa.Table:
        """One row per capture with the time the next capture of the host replaced it."""
        table = self._table()
        hosts = table.column("host")
        n = table.num_rows
        same_next = pc.equal(hosts.slice(1), hosts.slice(0, max(n - 1, 0))) if n else None
        next_us = pc.if_else(same_next, table.column("t_us").slice(1), None) if n > 1 else None
        next_col = (
            pa.concat_arrays(
                [
                    next_us.combine_chunks() if isinstance(next_us, pa.ChunkedArray) else next_us,
                    pa.array([None], pa.int64()),
                ]
            )
            if next_us is not None
            else pa.array([None] * n, pa.int64())
        )
        return pa.table(
            {
                "snap_id": pa.array(range(n), pa.int64()),
                "host": hosts,
                "t_us": table.column("t_us"),
                "next_us": next_col,
                "variant": table.column("variant"),
            },
            schema=SNAPSHOT_SCHEMA,
        )

    def __len__(self) -> int:
        return int(self._table().num_rows)

    # -- reading ----------------------------------------------------------------------------

    @classmethod
    def from_files(
        cls, paths: Iterable[Path], extra: Iterable[RobotsCapture] = ()
    ) -> SnapshotStore:
        """Read captures from Parquet (host or url, fetch_time, http_status, body) or WARC."""
        store = cls()
        for capture in extra:
            store.add(capture)
        for path in paths:
            path = Path(path)
            if not path.exists():
                raise DataInputError("robots snapshot file not found", location=Location(path))
            name = path.name.lower()
            if name.endswith((".warc", ".warc.gz")):
                found: list[RobotsCapture] = []
                for number, record in _warc(path, found):
                    if record is None or isinstance(record, tuple):
                        reason = record.reason if isinstance(record, tuple) else "unparsable"
                        store.bad_rows.add(reason, {"file": path.name, "record": number})
                for capture in found:
                    store.add(capture)
            else:
                store._add_parquet(path)
        store.seal()
        return store

    @staticmethod
    def _canonical(raw: pa.Array | pa.ChunkedArray) -> pa.Array:
        """Each capture's canonical host (checked once per distinct host); ``""`` for a
        capture whose host is missing or invalid."""
        distinct = pc.unique(raw)
        checks = [check_host(h) if h else None for h in distinct.to_pylist()]
        canonical = pa.array([(c.host or "") if c else "" for c in checks], pa.string())
        taken = pc.take(canonical, pc.index_in(raw, value_set=distinct))
        return taken.combine_chunks() if isinstance(taken, pa.ChunkedArray) else taken

    def _add_parquet(self, path: Path) -> None:
        _regular(path)
        try:  # bodies repeat across captures: keep them dictionary-encoded, as stored
            table = pq.read_table(path, read_dictionary=["body", "content"])
        except (OSError, pa.ArrowInvalid) as exc:
            raise DataInputError(
                f"not a readable Parquet file: {exc}", location=Location(path)
            ) from exc
        names = set(table.column_names)
        missing = [
            label
            for label, options in (
                ("host or url", ("host", "url")),
                ("fetch_time", ("fetch_time",)),
                ("http_status", ("http_status", "status")),
                ("body", ("body", "content")),
            )
            if not names & set(options)
        ]
        if missing:
            raise DataInputError(
                f"robots snapshots lack column(s): {', '.join(missing)}",
                location=Location(path),
                hint="columns: host (or url), fetch_time, http_status, body (bytes or text)",
            )
        if "host" in names:
            raw = pc.cast(table.column("host"), pa.string())
        else:
            raw = pa.array([url_host(u or "") for u in table.column("url").to_pylist()])
        hosts = self._canonical(raw)
        times = table.column("fetch_time")
        if not pa.types.is_timestamp(times.type):
            times = pc.cast(times, pa.timestamp("us", tz="UTC"), safe=False)
        t_us = pc.cast(pc.cast(times, pa.timestamp("us", tz="UTC")), pa.int64())
        statuses = pc.cast(
            table.column("http_status" if "http_status" in names else "status"), pa.int64()
        )
        # a status outside 0-999 is kept as 999, which rep rejects: the capture is unusable
        in_range = pc.and_(pc.greater_equal(statuses, 0), pc.less_equal(statuses, 999))
        statuses = pc.if_else(pc.fill_null(in_range, True), statuses, 999)
        bodies = table.column("body" if "body" in names else "content")
        if not pa.types.is_dictionary(bodies.type):
            bodies = pc.dictionary_encode(bodies)
        bodies = bodies.unify_dictionaries() if isinstance(bodies, pa.ChunkedArray) else bodies
        chunks = bodies.chunks if isinstance(bodies, pa.ChunkedArray) else [bodies]
        dictionary = chunks[0].dictionary if chunks else pa.array([], pa.binary())
        body_index = pa.chunked_array([c.indices for c in chunks], pa.int32())
        missing_host = pc.fill_null(pc.equal(hosts, ""), True)
        no_host = pc.fill_null(pc.equal(raw, ""), True)
        missing_time = pc.is_null(t_us)
        for reason, mask in (
            ("missing_url", no_host),
            ("invalid_host", pc.and_(pc.invert(no_host), missing_host)),
            ("missing_fetch_time", pc.and_(pc.invert(missing_host), missing_time)),
        ):
            for row in pc.indices_nonzero(mask).to_pylist():
                self.bad_rows.add(reason, {"file": path.name, "row": row + 1})
        keep = pc.invert(pc.or_(missing_host, missing_time))
        hosts, t_us, statuses, body_index = (
            pc.filter(x, keep) for x in (hosts, t_us, statuses, body_index)
        )
        # one code per (status, body): (body index + 1) * 1024 + (status + 1)
        codes = pc.add(
            pc.multiply(pc.add(pc.cast(pc.fill_null(body_index, -1), pa.int64()), 1), 1024),
            pc.add(pc.fill_null(statuses, -1), 1),
        )
        unique = pc.unique(codes)
        mapping = []
        for code in unique.to_pylist():
            body_at, status_plus = divmod(code, 1024)
            body = dictionary[body_at - 1].as_py() if body_at > 0 else None
            if isinstance(body, str):
                body = body.encode("utf-8")
            mapping.append(self._variant(status_plus - 1 if status_plus else None, body))
        variant = pc.take(pa.array(mapping, pa.int64()), pc.index_in(codes, unique))
        self._flush()
        self._chunks.append(
            pa.table({"host": hosts, "t_us": t_us, "variant": variant}, schema=_CAPTURES)
        )

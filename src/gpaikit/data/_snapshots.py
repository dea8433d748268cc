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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from gpaikit._exceptions import Location
from gpaikit.data._readers import RobotsCapture, _host_of, _warc_records
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


def _us(moment: dt.datetime) -> int:
    return (moment - _EPOCH) // dt.timedelta(microseconds=1)


@dataclass(frozen=True)
class Snapshot:
    host: str
    fetch_time: dt.datetime
    http_status: int | None
    body: bytes | None
    variant: int


@dataclass
class SnapshotStore:
    """All robots.txt captures of a crawl, by host and time; bodies deduplicated."""

    variants: list[tuple[int | None, bytes | None]] = field(default_factory=list)
    hosts: dict[str, tuple[list[int], list[int]]] = field(default_factory=dict)
    bad_rows: BadRowReport = field(default_factory=BadRowReport)
    variant_index: dict[tuple[int | None, bytes | None], int] = field(default_factory=dict)

    @classmethod
    def from_captures(cls, captures: Iterable[RobotsCapture]) -> SnapshotStore:
        store = cls()
        for capture in captures:
            store.add(capture)
        store.seal()
        return store

    def add(self, capture: RobotsCapture) -> None:
        key = (capture.http_status, capture.body)
        index = self.variant_index.get(key)
        if index is None:
            index = len(self.variants)
            self.variants.append(key)
            self.variant_index[key] = index
        times, variants = self.hosts.setdefault(capture.host.lower().rstrip("."), ([], []))
        times.append(_us(capture.fetch_time))
        variants.append(index)

    def seal(self) -> None:
        """Sort each host's captures by time (same time: the later capture in input wins)."""
        for host, (times, variants) in list(self.hosts.items()):
            order = sorted(range(len(times)), key=lambda i: (times[i], i))
            self.hosts[host] = ([times[i] for i in order], [variants[i] for i in order])

    def in_force(self, host: str, when: dt.datetime) -> Snapshot | None:
        """The capture of ``host`` in force at ``when`` (latest at or before it), or None."""
        entry = self.hosts.get(host.lower().rstrip("."))
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
        cols: dict[str, list[Any]] = {n: [] for n in SNAPSHOT_SCHEMA.names}
        snap = 0
        for host in sorted(self.hosts):
            times, variants = self.hosts[host]
            for i, (t, v) in enumerate(zip(times, variants, strict=True)):
                cols["snap_id"].append(snap)
                cols["host"].append(host)
                cols["t_us"].append(t)
                cols["next_us"].append(times[i + 1] if i + 1 < len(times) else None)
                cols["variant"].append(v)
                snap += 1
        return pa.table(cols, schema=SNAPSHOT_SCHEMA)

    def __len__(self) -> int:
        return sum(len(t) for t, _ in self.hosts.values())

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
                for number, record in _warc_records(path, found):
                    if record is None:
                        store.bad_rows.add("unparsable", {"file": path.name, "record": number})
                for capture in found:
                    store.add(capture)
            else:
                store._add_parquet(path)
        store.seal()
        return store

    def _add_parquet(self, path: Path) -> None:
        try:
            table = pq.read_table(path)
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
        hosts = (
            table.column("host").to_pylist()
            if "host" in names
            else [_host_of(u or "") for u in table.column("url").to_pylist()]
        )
        times = table.column("fetch_time")
        if not pa.types.is_timestamp(times.type):
            times = pc.cast(times, pa.timestamp("us", tz="UTC"), safe=False)
        statuses = table.column("http_status" if "http_status" in names else "status").to_pylist()
        bodies = table.column("body" if "body" in names else "content").to_pylist()
        for row, (host, when, status, body) in enumerate(
            zip(hosts, times.to_pylist(), statuses, bodies, strict=True), start=1
        ):
            if not host or when is None:
                self.bad_rows.add(
                    "missing_fetch_time" if host else "missing_url",
                    {"file": path.name, "row": row},
                )
                continue
            if isinstance(body, str):
                body = body.encode("utf-8")
            when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
            self.add(RobotsCapture(host, when, int(status) if status is not None else None, body))

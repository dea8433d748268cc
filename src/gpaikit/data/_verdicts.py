"""Per-URL verdicts: a pure function over Arrow record batches, run unchanged by every engine.

The engine joins each fetched URL with the robots.txt capture in force (and the TDMRep file,
the host's domain, the blocklist and the judged response headers); :class:`VerdictFn` turns
those rows into verdicts. It carries only the raw capture variants; each is parsed once per
process (per Spark partition), the first time a batch needs it, never once per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from gpaikit.data._signals import RobotsMatcher, TdmFileMatcher, robots_matcher

__all__ = ["AUDIT_ROW_SCHEMA", "VERDICT_SCHEMA", "VerdictFn"]

#: What the engine feeds to :class:`VerdictFn`.
AUDIT_ROW_SCHEMA = pa.schema(
    [
        ("url", pa.string()),
        ("host", pa.string()),
        ("domain", pa.string()),
        ("blocked", pa.bool_()),
        ("fetch_us", pa.int64()),
        ("http_status", pa.int32()),
        ("content_length", pa.int64()),
        ("variant", pa.int64()),
        ("snap_us", pa.int64()),
        ("stale", pa.bool_()),
        ("tdm_variant", pa.int64()),
        ("header_reason", pa.string()),
    ]
)

#: One row per fetched URL in ``verdicts/`` of an audit.
VERDICT_SCHEMA = pa.schema(
    [
        ("url", pa.string()),
        ("host", pa.string()),
        ("domain", pa.string()),
        ("fetch_us", pa.int64()),
        ("http_status", pa.int32()),
        ("content_length", pa.int64()),
        ("snapshot_us", pa.int64()),
        ("crawl_verdict", pa.string()),  # allowed | disallowed | unknown
        ("crawl_reason", pa.string()),
        ("ai_verdict", pa.string()),  # allowed | reserved | unknown
        ("ai_source", pa.string()),  # blocklist | robots.txt | tdmrep | noai | aipref
        ("ai_reason", pa.string()),
    ]
)

_NO_SNAPSHOT = "no robots.txt capture at or before the fetch"


class VerdictFn:
    """Picklable batch function: audit rows in, verdict rows out."""

    def __init__(
        self,
        agents: Sequence[str],
        robots_variants: Sequence[tuple[int | None, bytes | None]],
        tdm_variants: Sequence[tuple[int | None, bytes | None]] = (),
    ) -> None:
        self.agents = tuple(agents)
        self.robots_variants = list(robots_variants)
        self.tdm_variants = list(tdm_variants)
        self._robots: dict[int, RobotsMatcher] = {}
        self._tdm: dict[int, TdmFileMatcher] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"a": self.agents, "r": self.robots_variants, "t": self.tdm_variants}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["a"], state["r"], state["t"])  # type: ignore[misc]

    def _matcher(self, key: int) -> RobotsMatcher:
        found = self._robots.get(key)
        if found is None:
            status, body = self.robots_variants[key // 2]
            found = robots_matcher(status, body, bool(key % 2))
            self._robots[key] = found
        return found

    def _crawl(self, batch: pa.RecordBatch) -> tuple[list[Any], list[Any]]:
        """Crawl verdicts for a batch sorted by (variant, stale); runs share one matcher."""
        key = batch.column("key")
        runs = pc.run_end_encode(key)
        ends = runs.run_ends.to_pylist()
        values = runs.values.to_pylist()
        verdicts: list[Any] = []
        reasons: list[Any] = []
        start = 0
        for end, value in zip(ends, values, strict=True):
            size = end - start
            if value < 0:
                verdicts.extend(["unknown"] * size)
                reasons.extend([_NO_SNAPSHOT] * size)
            else:
                matcher = self._matcher(value)
                constant = matcher.constant_for(self.agents)
                if constant is not None:
                    verdicts.extend([constant] * size)
                    reasons.extend([None if constant == "allowed" else matcher.reason] * size)
                else:
                    urls = batch.column("url").slice(start, size).to_pylist()
                    per_agent = [matcher.verdicts(urls, a) for a in self.agents]
                    for i, url in enumerate(urls):
                        refusing = next(
                            (a for a, v in zip(self.agents, per_agent, strict=True) if not v[i]),
                            None,
                        )
                        if refusing is None and matcher.stale:
                            verdicts.append("unknown")  # allowed only by a stale copy
                            reasons.append(matcher.reason)
                        elif refusing is None:
                            verdicts.append("allowed")
                            reasons.append(None)
                        else:
                            verdicts.append("disallowed")
                            reasons.append(matcher.deciding_rule(url, refusing))
            start = end
        return verdicts, reasons

    def _tdm_file(self, batch: pa.RecordBatch) -> pa.Array:
        column = batch.column("tdm_variant")
        out: list[Any] = [None] * batch.num_rows
        if column.null_count == batch.num_rows:
            return pa.array(out, pa.string())
        groups: dict[int, list[int]] = {}
        for index in pc.indices_nonzero(pc.is_valid(column)).to_pylist():
            groups.setdefault(column[index].as_py(), []).append(index)
        urls = batch.column("url")
        for variant, indices in groups.items():
            matcher = self._tdm.get(variant)
            if matcher is None:
                matcher = TdmFileMatcher.parse(*self.tdm_variants[variant])
                self._tdm[variant] = matcher
            chosen = [urls[i].as_py() for i in indices]
            for index, reserved in zip(indices, matcher.reserved(chosen), strict=True):
                if reserved:
                    out[index] = "tdmrep: tdm-reservation 1 (/.well-known/tdmrep.json)"
        return pa.array(out, pa.string())

    def __call__(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        variant = batch.column("variant")
        stale = pc.cast(pc.fill_null(batch.column("stale"), False), pa.int64())
        key = pc.fill_null(pc.add(pc.multiply(variant, 2), stale), -1)
        table = pa.Table.from_batches([batch]).append_column("key", key)
        table = table.take(pc.sort_indices(key)).combine_chunks()
        rows = table.to_batches()[0] if table.num_rows else None
        if rows is None:
            return pa.RecordBatch.from_pylist([], schema=VERDICT_SCHEMA)
        verdict_list, reason_list = self._crawl(rows)
        crawl = pa.array(verdict_list, pa.string())
        crawl_reason = pa.array(reason_list, pa.string())
        null = pa.scalar(None, pa.string())
        robots_reason = pc.if_else(pc.equal(crawl, "disallowed"), crawl_reason, null)
        blocked = pc.if_else(
            pc.fill_null(rows.column("blocked"), False), "blocklist: domain excluded", null
        )
        ai_reason = pc.coalesce(
            blocked, robots_reason, self._tdm_file(rows), rows.column("header_reason")
        )
        source = pc.if_else(pc.is_valid(ai_reason), "robots.txt", null)
        for prefix in ("blocklist", "tdmrep", "noai", "aipref"):
            source = pc.if_else(pc.starts_with(pc.fill_null(ai_reason, ""), prefix), prefix, source)
        ai = pc.if_else(
            pc.is_valid(ai_reason),
            "reserved",
            pc.if_else(pc.equal(crawl, "unknown"), "unknown", "allowed"),
        )
        return pa.RecordBatch.from_arrays(
            [
                rows.column("url"),
                rows.column("host"),
                rows.column("domain"),
                rows.column("fetch_us"),
                rows.column("http_status"),
                rows.column("content_length"),
                rows.column("snap_us"),
                crawl,
                crawl_reason,
                ai,
                source,
                ai_reason,
            ],
            schema=VERDICT_SCHEMA,
        )

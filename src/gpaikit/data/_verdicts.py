"""Per-URL verdicts: a pure function over Arrow record batches, run unchanged by every engine.

The engine joins each fetched URL with the robots.txt capture in force (and the TDMRep file,
the host's domain, the blocklist and the judged response headers); :class:`VerdictFn` turns
those rows into verdicts. It carries only the raw capture variants; each is parsed once per
process (per Spark partition), the first time a batch needs it, never once per row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from gpaikit.data._signals import RobotsMatcher, TdmFileMatcher, robots_matcher

__all__ = ["AUDIT_ROW_SCHEMA", "VERDICT_SCHEMA", "VerdictFn", "by_prefix"]

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
_TDM_FILE = "tdmrep: tdm-reservation 1 (/.well-known/tdmrep.json)"
_AUTHORITY = r"^[a-zA-Z][a-zA-Z0-9+.\-]*://[^/?#]*"
#: Paths whose RFC 9309 normal form is the path itself (no %, *, $, #, non-ASCII).
_SAFE_PATH = r"^[A-Za-z0-9\-._~/!&'()+,;=:@?]*$"


def _paths(urls: pa.Array) -> tuple[pa.Array, pa.Array]:
    """The path (with query) of every URL, and whether the prefix shortcut may use it."""
    paths = pc.replace_substring_regex(urls, pattern=_AUTHORITY, replacement="", max_replacements=1)
    safe = pc.and_(
        pc.match_substring_regex(paths, _SAFE_PATH),
        pc.invert(pc.starts_with(paths, "/robots.txt")),
    )
    return paths, pc.fill_null(safe, False)


def by_prefix(
    urls: pa.Array,
    paths: pa.Array,
    safe: pa.Array,
    width: int | None,
    judge: Callable[[list[str]], list[Any]],
) -> list[Any]:
    """``judge`` each URL, asking only once per distinct leading ``width`` path characters.

    When every pattern is literal, a verdict depends only on the first ``width`` characters
    of the path (see :func:`gpaikit.data._signals._prefix_width`), so URLs sharing them share
    the verdict; ``judge`` sees one representative URL per prefix. URLs whose path is not in
    normal form, or any URL when ``width`` is None, are judged one by one.
    """
    if width is None:
        return judge(urls.to_pylist())
    keys = pc.utf8_slice_codeunits(paths, 0, width)
    unique = pc.unique(keys.filter(safe))
    answers = judge(["http://x" + k for k in unique.to_pylist()])
    out: list[Any] = [
        answers[j] if ok else None
        for j, ok in zip(pc.index_in(keys, unique).to_pylist(), safe.to_pylist(), strict=True)
    ]
    slow = pc.indices_nonzero(pc.invert(safe)).to_pylist()
    if slow:
        for index, answer in zip(slow, judge(urls.take(slow).to_pylist()), strict=True):
            out[index] = answer
    return out


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
        runs = pc.run_end_encode(batch.column("key"))
        verdicts: list[Any] = []
        reasons: list[Any] = []
        start = 0
        for end, value in zip(runs.run_ends.to_pylist(), runs.values.to_pylist(), strict=True):
            size = end - start
            if value < 0:
                verdicts.extend(["unknown"] * size)
                reasons.extend([_NO_SNAPSHOT] * size)
                start = end
                continue
            matcher = self._matcher(value)
            constant = matcher.constant_for(self.agents)
            if constant is not None:
                verdicts.extend([constant] * size)
                reasons.extend([None if constant == "allowed" else matcher.reason] * size)
                start = end
                continue
            urls = batch.column("url").slice(start, size)
            paths, safe = _paths(urls)
            refusal: list[Any] = [None] * size
            for agent in self.agents:

                def judge(
                    chosen: list[str], agent: str = agent, m: RobotsMatcher = matcher
                ) -> list[Any]:
                    allowed = m.verdicts(chosen, agent)
                    return [
                        None if ok else m.deciding_rule(url, agent)
                        for url, ok in zip(chosen, allowed, strict=True)
                    ]

                found = by_prefix(urls, paths, safe, matcher.prefix_width(agent), judge)
                refusal = [r if r is not None else f for r, f in zip(refusal, found, strict=True)]
            for reason in refusal:
                if reason is not None:
                    verdicts.append("disallowed")
                    reasons.append(reason)
                elif matcher.stale:  # allowed only by a copy older than 24 hours
                    verdicts.append("unknown")
                    reasons.append(matcher.reason)
                else:
                    verdicts.append("allowed")
                    reasons.append(None)
            start = end
        return verdicts, reasons

    def _tdm_file(self, batch: pa.RecordBatch) -> pa.Array:
        column = batch.column("tdm_variant")
        out: list[Any] = [None] * batch.num_rows
        if column.null_count == batch.num_rows:
            return pa.array(out, pa.string())
        for variant in pc.unique(column.drop_null()).to_pylist():
            matcher = self._tdm.get(variant)
            if matcher is None:
                matcher = TdmFileMatcher.parse(*self.tdm_variants[variant])
                self._tdm[variant] = matcher
            positions = pc.indices_nonzero(pc.fill_null(pc.equal(column, variant), False))
            urls = batch.column("url").take(positions)
            paths, safe = _paths(urls)

            def judge(chosen: list[str], m: TdmFileMatcher = matcher) -> list[Any]:
                return [_TDM_FILE if r else None for r in m.reserved(chosen)]

            found = by_prefix(urls, paths, safe, matcher.prefix_width(), judge)
            for index, reason in zip(positions.to_pylist(), found, strict=True):
                out[index] = reason
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

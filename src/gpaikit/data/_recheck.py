"""Re-audit against today's opt-outs: collected URLs reserved *now* though not at fetch time.

A provider keeps collected content across training runs; a site that opts out after the
fetch did not make the fetch wrong, but its content should not go into the next run. Given
newer robots.txt / tdmrep.json captures (``gpaikit data audit --current-robots``,
``--current-tdmrep``), each host's latest capture (old and new together) is applied to every
2xx URL of the crawl as if fetched now (never stale), with the same engine, classes and
verdicts as the audit (:mod:`gpaikit.data._audit_sql`); URLs reserved now whose verdict at
fetch time was not ``reserved`` are listed per URL (``reserved-since-fetch/``, the working
record) and summed by domain and signal (``audit.json``, ``reserved_since_fetch.parquet``,
sample URLs redacted). The response's own signals and the blocklist do not change between
the two verdicts, so what is new comes from robots.txt (a refusal, Content-Signal,
Content-Usage) or a TDMRep file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from gpaikit._hosts import UrlPolicy, redact_url
from gpaikit.data._audit_sql import (
    CLASSES_SQL,
    KEYS_SQL,
    register_captures,
    rows_sql,
    verdict_sql,
)
from gpaikit.data._engine import Engine
from gpaikit.data._snapshots import SnapshotStore
from gpaikit.data._verdicts import KEY_VERDICT_SCHEMA, KeyJudge

__all__ = ["RECHECK_SCHEMA", "recheck"]

#: Later than any capture: each host's latest capture is the one in force.
_NOW_US = 2**62

RECHECK_SCHEMA = pa.schema(
    [
        ("domain", pa.string()),
        ("signal", pa.string()),  # robots.txt | content-signal | aipref | tdmrep
        ("reason", pa.string()),
        ("urls", pa.int64()),
        ("bytes", pa.int64()),
        ("sample_urls", pa.list_(pa.string())),
    ]
)
_GROUPS = pa.schema(
    [
        ("domain", pa.string()),
        ("signal", pa.string()),
        ("reason", pa.string()),
        ("urls", pa.int64()),
        ("bytes", pa.int64()),
        ("first_url", pa.string()),
        ("last_url", pa.string()),
    ]
)
_NOW_COLUMNS = "url, host, domain, fetch_us, http_status, content_length"

_NEW_SQL = """
SELECT n.url, n.host, n.domain, n.fetch_us, n.http_status, n.content_length,
  n.ai_source AS signal, n.ai_reason AS reason
FROM (SELECT * FROM ({now}) AS v WHERE ai_verdict = 'reserved'
      AND http_status >= 200 AND http_status < 300) AS n
JOIN (SELECT url, fetch_us, max(CASE WHEN ai_verdict = 'reserved' THEN 1 ELSE 0 END) AS r
      FROM audit_then GROUP BY url, fetch_us) AS t
  ON t.url = n.url AND t.fetch_us = n.fetch_us
WHERE t.r = 0"""

_GROUPS_SQL = """
SELECT domain, signal, reason, CAST(count(*) AS BIGINT) AS urls,
  CAST(sum(content_length) AS BIGINT) AS bytes, min(url) AS first_url, max(url) AS last_url
FROM audit_newly GROUP BY 1, 2, 3"""


def _by_domain(groups: pa.Table, policy: UrlPolicy) -> pa.Table:
    rows = sorted(
        groups.to_pylist(),
        key=lambda r: (-(r["bytes"] or 0), r["domain"], r["signal"], r["reason"]),
    )
    samples = [
        list(dict.fromkeys(redact_url(u, policy) for u in (r["first_url"], r["last_url"])))
        for r in rows
    ]
    return pa.table(
        {
            "domain": [r["domain"] for r in rows],
            "signal": [r["signal"] for r in rows],
            "reason": [r["reason"] for r in rows],
            "urls": [r["urls"] for r in rows],
            "bytes": [r["bytes"] or 0 for r in rows],
            "sample_urls": samples,
        },
        schema=RECHECK_SCHEMA,
    )


def recheck(
    engine: Engine,
    union: str,
    agents: Sequence[str],
    stores: tuple[SnapshotStore, SnapshotStore],
    then_files: Sequence[str],
    work: Path,
    policy: UrlPolicy,
    note: Callable[[str], None],
) -> dict[str, Any]:
    """Run the re-audit after the audit (its tables ``audit_hostmap``, ``audit_hosts`` and
    ``audit_signals`` stay; the capture tables are replaced by ``stores``, robots and TDMRep
    captures old and new). Writes ``reserved-since-fetch/`` and
    ``reserved_since_fetch.parquet`` into ``work``; returns the summary section."""
    robots, tdm = stores
    note(f"re-audit: latest captures of {robots.host_count:,} hosts on {engine.name}")
    engine.register_parquet("audit_then", then_files)
    rule_sets, used = register_captures(engine, agents, robots, tdm)
    rows = f"({rows_sql(union, engine.dialect, used, at=_NOW_US)})"
    engine.materialize("audit_classes", CLASSES_SQL.format(rows=rows))
    judge = KeyJudge(agents, rule_sets.representatives, tdm.variants)
    engine.register_arrow(
        "audit_key_verdicts", engine.map_table(KEYS_SQL, judge, KEY_VERDICT_SCHEMA)
    )
    engine.materialize("audit_newly", _NEW_SQL.format(now=verdict_sql(rows, _NOW_COLUMNS)))
    engine.write_parquet("SELECT * FROM audit_newly", work / "reserved-since-fetch")
    table = _by_domain(engine.sql_table(_GROUPS_SQL, _GROUPS), policy)
    pq.write_table(table, work / "reserved_since_fetch.parquet")
    listed = table.to_pylist()
    by_signal: dict[str, int] = {}
    for row in listed:
        by_signal[row["signal"]] = by_signal.get(row["signal"], 0) + row["urls"]
    return {
        "urls": sum(r["urls"] for r in listed),
        "bytes": sum(r["bytes"] for r in listed),
        "domains": len({r["domain"] for r in listed}),
        "by_signal": dict(sorted(by_signal.items())),
        "top": listed[:20],
        "robots_captures": len(robots),
        "tdmrep_captures": len(tdm),
    }

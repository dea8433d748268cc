"""``audit``: for every fetched URL, the crawl verdict and the AI-training-use verdict.

Crawl verdict (``allowed`` / ``disallowed`` / ``unknown``): robots.txt in force at the fetch
for every declared token; ``disallowed`` if any token is refused. AI-training-use verdict
(``allowed`` / ``reserved`` / ``unknown``): reserved by, in this order, the blocklist, robots.txt,
a TDMRep file, the response's tdm-reservation header, noai directives or aipref Content-Usage.
``unknown`` when nothing reserves but robots.txt could not be established at fetch time.

Violations: a URL fetched although the crawl verdict was ``disallowed`` (crawl), and a
successfully fetched (2xx) URL whose AI use is ``reserved`` (training: must be excluded).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from gpaikit._exceptions import Location
from gpaikit._io import atomic_directory, atomic_write_text
from gpaikit.data._domains import psl_info, registrable_domain
from gpaikit.data._engine import Engine, ProgressFn
from gpaikit.data._readers import prepare_inputs
from gpaikit.data._schema import DataInputError
from gpaikit.data._signals import SIGNAL_IMPLEMENTATION, header_reservation
from gpaikit.data._snapshots import CACHE_CEILING, SnapshotStore
from gpaikit.data._sql import classified_sql
from gpaikit.data._verdicts import VERDICT_SCHEMA, VerdictFn

__all__ = ["AuditResult", "audit", "read_blocklist"]

_HOSTS = pa.schema([("host", pa.string()), ("domain", pa.string()), ("blocked", pa.bool_())])
_SIGNALS = pa.schema(
    [
        ("xr", pa.string()),
        ("mr", pa.string()),
        ("cu", pa.string()),
        ("tr", pa.string()),
        ("reason", pa.string()),
    ]
)
_DISTINCT = pa.schema(
    [
        ("host", pa.string()),
        ("xr", pa.string()),
        ("mr", pa.string()),
        ("cu", pa.string()),
        ("tr", pa.string()),
    ]
)
_TOTALS = pa.schema(
    [
        ("crawl_verdict", pa.string()),
        ("ai_verdict", pa.string()),
        ("ai_source", pa.string()),
        ("ok", pa.bool_()),
        ("urls", pa.int64()),
        ("bytes", pa.int64()),
    ]
)
_GROUPS = pa.schema(
    [
        ("domain", pa.string()),
        ("kind", pa.string()),
        ("reason", pa.string()),
        ("urls", pa.int64()),
        ("bytes", pa.int64()),
        ("first_url", pa.string()),
        ("last_url", pa.string()),
    ]
)
VIOLATION_SCHEMA = pa.schema(
    [
        ("kind", pa.string()),
        ("domain", pa.string()),
        ("urls", pa.int64()),
        ("bytes", pa.int64()),
        ("deciding_rule", pa.string()),
        ("sample_urls", pa.list_(pa.string())),
    ]
)


@dataclass(frozen=True)
class AuditResult:
    summary: dict[str, Any]
    violations: pa.Table


def read_blocklist(path: Path) -> set[str]:
    """One registrable domain per line; ``#`` starts a comment; hosts are reduced to domains."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataInputError(
            f"cannot read the blocklist: {exc.strerror}", location=Location(path)
        ) from exc
    out = set()
    for number, line in enumerate(lines, start=1):
        entry = line.split("#", 1)[0].strip().lower()
        if not entry:
            continue
        if "/" in entry or " " in entry:
            raise DataInputError(
                f"not a domain name: {entry!r}",
                location=Location(path, number),
                hint="write one domain per line, e.g. example.com",
            )
        out.add(registrable_domain(entry))
    return out


def _audit_sql(union: str, epoch: str) -> str:
    ceiling = int(CACHE_CEILING.total_seconds()) * 1_000_000
    return f"""
WITH c AS (
  SELECT host, url, {epoch.format("fetch_time")} AS fetch_us, http_status, content_length,
    coalesce(x_robots_tag, '') AS xr, coalesce(html_meta, '') AS mr,
    coalesce(content_usage, '') AS cu, coalesce(tdm_reservation, '') AS tr
  FROM ({classified_sql(union)}) AS k WHERE bad_reason IS NULL
)
SELECT c.url, c.host, h.domain, h.blocked, c.fetch_us, c.http_status, c.content_length,
  s.variant AS variant, s.t_us AS snap_us, (c.fetch_us - s.t_us) > {ceiling} AS stale,
  t.variant AS tdm_variant, g.reason AS header_reason
FROM c
JOIN audit_hosts AS h ON h.host = c.host
LEFT JOIN audit_snaps AS s ON s.host = c.host AND s.t_us <= c.fetch_us
  AND (s.next_us IS NULL OR c.fetch_us < s.next_us)
LEFT JOIN audit_tdm AS t ON t.host = c.host AND t.t_us <= c.fetch_us
  AND (t.next_us IS NULL OR c.fetch_us < t.next_us)
LEFT JOIN audit_signals AS g ON g.xr = c.xr AND g.mr = c.mr AND g.cu = c.cu AND g.tr = c.tr"""


def _distinct_sql(union: str) -> str:
    return f"""
SELECT DISTINCT host, coalesce(x_robots_tag, '') AS xr, coalesce(html_meta, '') AS mr,
  coalesce(content_usage, '') AS cu, coalesce(tdm_reservation, '') AS tr
FROM ({classified_sql(union)}) AS k WHERE bad_reason IS NULL"""


_TOTALS_SQL = """
SELECT crawl_verdict, ai_verdict, ai_source,
  coalesce(http_status >= 200 AND http_status < 300, false) AS ok,
  CAST(count(*) AS BIGINT) AS urls, CAST(sum(content_length) AS BIGINT) AS bytes
FROM audit_verdicts GROUP BY 1, 2, 3, 4"""

_GROUPS_SQL = """
SELECT domain, 'crawl' AS kind, crawl_reason AS reason, CAST(count(*) AS BIGINT) AS urls,
  CAST(sum(content_length) AS BIGINT) AS bytes, min(url) AS first_url, max(url) AS last_url
FROM audit_verdicts WHERE crawl_verdict = 'disallowed' GROUP BY 1, 2, 3
UNION ALL
SELECT domain, 'training' AS kind, ai_reason AS reason, CAST(count(*) AS BIGINT) AS urls,
  CAST(sum(content_length) AS BIGINT) AS bytes, min(url) AS first_url, max(url) AS last_url
FROM audit_verdicts
WHERE ai_verdict = 'reserved' AND http_status >= 200 AND http_status < 300 GROUP BY 1, 2, 3
UNION ALL
SELECT domain, 'unverified' AS kind, crawl_reason AS reason, CAST(count(*) AS BIGINT) AS urls,
  CAST(sum(content_length) AS BIGINT) AS bytes, min(url) AS first_url, max(url) AS last_url
FROM audit_verdicts WHERE ai_verdict = 'unknown' GROUP BY 1, 2, 3"""


def _tables(
    engine: Engine, union: str, blocklist: set[str], agents: Sequence[str]
) -> tuple[pa.Table, pa.Table]:
    distinct = engine.sql_table(_distinct_sql(union), _DISTINCT).to_pydict()
    hosts: dict[str, str] = {}
    combos: dict[tuple[str, str, str, str], str | None] = {}
    for host, xr, mr, cu, tr in zip(*(distinct[n] for n in _DISTINCT.names), strict=True):
        if host not in hosts:
            hosts[host] = registrable_domain(host)
        combo = (xr, mr, cu, tr)
        if combo not in combos:
            combos[combo] = header_reservation(
                agents, xr or None, mr or None, cu or None, tr or None
            )
    host_table = pa.table(
        {
            "host": list(hosts),
            "domain": list(hosts.values()),
            "blocked": [d in blocklist for d in hosts.values()],
        },
        schema=_HOSTS,
    )
    keys = sorted(combos)
    signal_table = pa.table(
        {
            "xr": [k[0] for k in keys],
            "mr": [k[1] for k in keys],
            "cu": [k[2] for k in keys],
            "tr": [k[3] for k in keys],
            "reason": [combos[k] for k in keys],
        },
        schema=_SIGNALS,
    )
    return host_table, signal_table


def _violations(groups: pa.Table) -> pa.Table:
    per: dict[tuple[str, str], dict[str, Any]] = {}
    rows = groups.to_pylist()
    rows.sort(key=lambda r: (r["kind"], r["domain"], -r["urls"], r["reason"] or ""))
    for row in rows:
        slot = per.setdefault(
            (row["kind"], row["domain"]),
            {"urls": 0, "bytes": 0, "rule": row["reason"], "samples": []},
        )
        slot["urls"] += row["urls"]
        slot["bytes"] += row["bytes"] or 0
        for url in (row["first_url"], row["last_url"]):
            if url not in slot["samples"] and len(slot["samples"]) < 3:
                slot["samples"].append(url)
    ordered = sorted(per.items(), key=lambda kv: (kv[0][0], -kv[1]["bytes"], kv[0][1]))
    return pa.table(
        {
            "kind": [k for (k, _d), _v in ordered],
            "domain": [d for (_k, d), _v in ordered],
            "urls": [v["urls"] for _k, v in ordered],
            "bytes": [v["bytes"] for _k, v in ordered],
            "deciding_rule": [v["rule"] for _k, v in ordered],
            "sample_urls": [v["samples"] for _k, v in ordered],
        },
        schema=VIOLATION_SCHEMA,
    )


def _summary(totals: pa.Table, violations: pa.Table) -> dict[str, Any]:
    crawl: dict[str, int] = defaultdict(int)
    ai: dict[str, int] = defaultdict(int)
    sources: dict[str, int] = defaultdict(int)
    urls = 0
    for row in totals.to_pylist():
        urls += row["urls"]
        crawl[row["crawl_verdict"]] += row["urls"]
        ai[row["ai_verdict"]] += row["urls"]
        if row["ai_source"]:
            sources[row["ai_source"]] += row["urls"]
    kinds: dict[str, Any] = {}
    for kind in ("crawl", "training", "unverified"):
        part = [r for r in violations.to_pylist() if r["kind"] == kind]
        kinds[kind] = {
            "urls": sum(r["urls"] for r in part),
            "bytes": sum(r["bytes"] for r in part),
            "domains": len(part),
            "top_domains": part[:20],
        }
    return {
        "urls": urls,
        "crawl_verdicts": {k: crawl.get(k, 0) for k in ("allowed", "disallowed", "unknown")},
        "ai_use_verdicts": {k: ai.get(k, 0) for k in ("allowed", "reserved", "unknown")},
        "reserved_by": dict(sorted(sources.items())),
        "violations": kinds,
    }


def audit(
    inputs: Sequence[Path],
    out: Path,
    engine: Engine,
    *,
    robots: Sequence[Path],
    agents: Sequence[str],
    blocklist: Path | None = None,
    tdmrep: Sequence[Path] = (),
    fmt: str | None = None,
    progress: ProgressFn | None = None,
    stage: Callable[[str], None] | None = None,
) -> AuditResult:
    """Audit ``inputs`` against robots.txt captures and the other signals; write ``out/``.

    ``out`` receives ``audit.json`` (what the copyright policy's evidence consumes),
    ``violations.parquet`` and ``verdicts/`` (one row per fetched URL).
    """
    if not agents:
        raise DataInputError("no crawler token given", hint="pass --agent TOKEN (e.g. GPTBot)")
    note = stage or (lambda _s: None)
    blocked = read_blocklist(blocklist) if blocklist else set()
    with atomic_directory(Path(out)) as work:
        note("reading manifests")
        prepared = prepare_inputs(inputs, work / "staged", fmt)
        note("loading robots.txt captures")
        store = SnapshotStore.from_files(robots, prepared.robots)
        tdm_store = SnapshotStore.from_files(tdmrep)
        union = engine.union_sql(prepared.sources)
        note(f"signals per host on {engine.name}")
        hosts, signals = _tables(engine, union, blocked, agents)
        engine.register_arrow("audit_hosts", hosts)
        engine.register_arrow("audit_signals", signals)
        engine.register_arrow("audit_snaps", store.table())
        engine.register_arrow("audit_tdm", tdm_store.table())
        fn = VerdictFn(agents, store.variants, tdm_store.variants)
        note(f"verdicts per URL on {engine.name}")
        rows = sum(pq.ParquetFile(f).metadata.num_rows for s in prepared.sources for f in s.files)
        sql = _audit_sql(union, engine.dialect.epoch_us)
        files = engine.map_to_parquet(sql, fn, VERDICT_SCHEMA, work / "verdicts", progress, rows)
        note("aggregating violations")
        engine.register_parquet("audit_verdicts", files)
        totals = engine.sql_table(_TOTALS_SQL, _TOTALS)
        violations = _violations(engine.sql_table(_GROUPS_SQL, _GROUPS))
        summary = _summary(totals, violations)
        summary.update(
            {
                "job": "audit",
                "engine": engine.name,
                "agents": list(agents),
                "inputs": [s.origin for s in prepared.sources],
                "manifest_bad_rows": prepared.bad_rows.to_json(),
                "robots_snapshots": {
                    "captures": len(store),
                    "hosts": len(store.hosts),
                    "distinct_files": len(store.variants),
                    "bad_rows": store.bad_rows.to_json(),
                    "cache_ceiling_hours": CACHE_CEILING.total_seconds() / 3600,
                },
                "tdmrep_files": {"captures": len(tdm_store), "hosts": len(tdm_store.hosts)},
                "blocklist": {
                    "domains": len(blocked),
                    "file": str(blocklist) if blocklist else None,
                },
                "signal_implementation": SIGNAL_IMPLEMENTATION,
                "public_suffix_list": psl_info(),
            }
        )
        pq.write_table(violations, work / "violations.parquet")
        atomic_write_text(work / "audit.json", json.dumps(summary, indent=2, sort_keys=True) + "\n")
    summary["verdict_files"] = [str(Path(out) / "verdicts" / Path(f).name) for f in files]
    return AuditResult(summary, violations)

"""``audit``: for every fetched URL, the crawl verdict and the AI-training-use verdict.

Crawl verdict (``allowed`` / ``disallowed`` / ``unknown``): robots.txt in force at the fetch
for every declared token; ``disallowed`` if any token is refused. AI-training-use verdict
(``allowed`` / ``reserved`` / ``unknown``): reserved by, in this order, the blocklist, robots.txt
(a refusal, then its usage lines in force for the URL and agent: aipref ``Content-Usage``
``train-ai=n``, Cloudflare ``Content-Signal`` ``ai-train=no``), a TDMRep file, the response's
tdm-reservation header, noai directives or aipref Content-Usage.
``unknown`` when nothing reserves but robots.txt could not be established at fetch time.

Violations: a URL fetched although the crawl verdict was ``disallowed`` (crawl), and a
successfully fetched (2xx) URL whose AI use is ``reserved`` (training: must be excluded).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from gpaikit._exceptions import Location
from gpaikit._hosts import UrlPolicy, check_host, quoted_host, redact_url
from gpaikit._io import atomic_directory, atomic_write_text, dumps_json
from gpaikit._untrusted import DEFAULT_LIMITS, read_text
from gpaikit.data._audit_sql import (
    CHECKED_CLASSES_SQL,
    CLASSES_SQL,
    KEYS_SQL,
    PER_CLASS,
    PER_URL,
    register_captures,
    rows_sql,
    verdict_sql,
)
from gpaikit.data._domains import psl_info, registrable_domain
from gpaikit.data._engine import Engine, ProgressFn, engine_errors
from gpaikit.data._readers import prepare_inputs
from gpaikit.data._recheck import recheck
from gpaikit.data._schema import BadRowReport, DataInputError
from gpaikit.data._signals import SIGNAL_IMPLEMENTATION, header_reservation
from gpaikit.data._snapshots import CACHE_CEILING, SnapshotStore
from gpaikit.data._verdicts import (
    KEY_VERDICT_SCHEMA,
    KeyJudge,
)

__all__ = ["BLOCKLIST_LIMITS", "AuditResult", "audit", "read_blocklist"]

#: A blocklist is a text file of domains; a few million lines at most.
BLOCKLIST_LIMITS = DEFAULT_LIMITS.but(max_bytes=256 * 1024 * 1024)

_HOSTS = pa.schema([("host", pa.string()), ("domain", pa.string()), ("blocked", pa.bool_())])
_SIGNALS = pa.schema(
    [
        ("source", pa.string()),
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
    """One domain per line; ``#`` starts a comment; hosts are reduced to registrable domains.

    Entries are canonical hosts (:func:`gpaikit.data.check_host`): ``Bücher.de`` and
    ``xn--bcher-kva.de`` block the same domain; anything that is not a host is an error.
    """
    text = read_text(path, limits=BLOCKLIST_LIMITS, what="blocklist", error=DataInputError)
    out = set()
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        checked = check_host(entry)
        if checked.host is None:
            raise DataInputError(
                f"not a domain name: {entry[:80]!r} ({checked.problem})",
                location=Location(path, number),
                hint="write one domain per line, e.g. example.com",
            )
        out.add(registrable_domain(checked.host))
    return out


_HOSTS_SQL = "SELECT DISTINCT host, xr, mr, cu, tr FROM audit_classes"


_TOTALS_SQL = """
SELECT crawl_verdict, ai_verdict, ai_source, ok,
  CAST(sum(urls) AS BIGINT) AS urls, CAST(sum(bytes) AS BIGINT) AS bytes
FROM audit_class_verdicts GROUP BY 1, 2, 3, 4"""

_GROUPS_SQL = """
SELECT domain, 'crawl' AS kind, crawl_reason AS reason, CAST(sum(urls) AS BIGINT) AS urls,
  CAST(sum(bytes) AS BIGINT) AS bytes, min(first_url) AS first_url, max(last_url) AS last_url
FROM audit_class_verdicts WHERE crawl_verdict = 'disallowed' GROUP BY 1, 2, 3
UNION ALL
SELECT domain, 'training' AS kind, ai_reason AS reason, CAST(sum(urls) AS BIGINT) AS urls,
  CAST(sum(bytes) AS BIGINT) AS bytes, min(first_url) AS first_url, max(last_url) AS last_url
FROM audit_class_verdicts WHERE ai_verdict = 'reserved' AND ok GROUP BY 1, 2, 3
UNION ALL
SELECT domain, 'unverified' AS kind, crawl_reason AS reason, CAST(sum(urls) AS BIGINT) AS urls,
  CAST(sum(bytes) AS BIGINT) AS bytes, min(first_url) AS first_url, max(last_url) AS last_url
FROM audit_class_verdicts WHERE ai_verdict = 'unknown' GROUP BY 1, 2, 3"""


#: Every distinct host and bad reason with its URLs, from the classes of the unchecked pass
#: (``rows_sql(hostmap=None)``); hosts are checked in Python, once each, by
#: :func:`check_host`, and the map of valid ones joins the later passes.
_HOSTS_FROM_CLASSES = """
SELECT CASE WHEN bad_reason IS NULL THEN host ELSE '' END AS host,
  coalesce(bad_reason, '') AS bad_reason, CAST(sum(urls) AS BIGINT) AS urls
FROM audit_raw_classes GROUP BY 1, 2"""
_HOSTS_PASS_SCHEMA = pa.schema(
    [("host", pa.string()), ("bad_reason", pa.string()), ("urls", pa.int64())]
)
_HOSTMAP = pa.schema([("raw", pa.string()), ("host", pa.string())])


def _redacted(bad: BadRowReport, policy: UrlPolicy) -> dict[str, Any]:
    bad.redact_urls(policy)
    return bad.to_json()


def _host_map(found: pa.Table, bad: BadRowReport) -> pa.Table:
    """Raw host -> canonical host for the valid ones; the rest are counted in ``bad``."""
    raw, canonical = [], []
    rows = sorted(zip(*found.to_pydict().values(), strict=True), key=lambda r: (r[1], r[0]))
    for host, reason, urls in rows:  # sorted: examples do not depend on the engine
        if reason:
            bad.counts[reason] = bad.counts.get(reason, 0) + urls  # counted; summarize shows rows
            continue
        checked = check_host(host)
        if checked.host is None:
            example = {"host": quoted_host(host), "problem": checked.problem}
            bad.add("invalid_host", example, count=urls)
            continue
        raw.append(host)
        canonical.append(checked.host)
    return pa.table({"raw": raw, "host": canonical}, schema=_HOSTMAP)


def _classes(engine: Engine, union: str, used: tuple[int, int], bad: BadRowReport) -> None:
    """Materialize ``audit_classes`` and register ``audit_hostmap``, reading the crawl once
    when every valid host is its own canonical form (lower-case ASCII, the usual case).

    The classes are first grouped by raw host, unchecked (``rows_sql(hostmap=None)``); their
    hosts and bad reasons give the host map (:func:`_host_map`), as a pass of its own over the
    crawl would. A host whose canonical form differs (an IDN, a trailing dot, ...) had
    its captures looked up under the wrong name: its rows, and only those, are read again.
    """
    engine.materialize(
        "audit_raw_classes",
        CLASSES_SQL.format(rows=f"({rows_sql(union, engine.dialect, used, hostmap=None)})"),
    )
    found = engine.sql_table(_HOSTS_FROM_CLASSES, _HOSTS_PASS_SCHEMA)
    hostmap = _host_map(found, bad)
    engine.register_arrow("audit_hostmap", hostmap)
    moved = pc.not_equal(hostmap.column("raw"), hostmap.column("host"))
    fixed = ""
    if pc.any(moved).as_py():
        engine.register_arrow("audit_moved_hosts", hostmap.filter(moved))
        rows = rows_sql(union, engine.dialect, used, hostmap="audit_moved_hosts")
        fixed = "UNION ALL " + CLASSES_SQL.format(rows=f"({rows})")
    engine.materialize("audit_classes", CHECKED_CLASSES_SQL.format(fixed=fixed))


def _tables(
    engine: Engine, blocklist: set[str], agents: Sequence[str]
) -> tuple[pa.Table, pa.Table]:
    distinct = engine.sql_table(_HOSTS_SQL, _DISTINCT).to_pydict()
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
            "source": [(combos[k] or "").split(":", 1)[0] or None for k in keys],
            "xr": [k[0] for k in keys],
            "mr": [k[1] for k in keys],
            "cu": [k[2] for k in keys],
            "tr": [k[3] for k in keys],
            "reason": [combos[k] for k in keys],
        },
        schema=_SIGNALS,
    )
    return host_table, signal_table


def _violations(groups: pa.Table, policy: UrlPolicy) -> pa.Table:
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
            shown = redact_url(url, policy)
            if shown not in slot["samples"] and len(slot["samples"]) < 3:
                slot["samples"].append(shown)
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
    listed = violations.to_pylist()
    for kind in ("crawl", "training", "unverified"):
        part = [r for r in listed if r["kind"] == kind]
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
    current_robots: Sequence[Path] = (),
    current_tdmrep: Sequence[Path] = (),
    fmt: str | None = None,
    progress: ProgressFn | None = None,
    stage: Callable[[str], None] | None = None,
    policy: UrlPolicy = UrlPolicy(),
    per_url: bool = True,
) -> AuditResult:
    """Audit ``inputs`` against robots.txt captures and the other signals; write ``out/``.

    ``out`` receives ``audit.json`` (what the copyright policy's evidence consumes),
    ``violations.parquet`` and ``verdicts/`` (one row per fetched URL). Sample URLs in
    ``audit.json`` and ``violations.parquet`` are redacted by ``policy``; ``verdicts/`` keeps
    every URL as fetched (it is the provider's working record, not for publication). Rows
    with an invalid host (:func:`gpaikit.data.check_host`) are bad rows, not audited.

    With ``current_robots`` / ``current_tdmrep`` (newer captures), the audit also reports
    the 2xx URLs reserved by each host's latest capture though not at fetch time
    (:mod:`gpaikit.data._recheck`: ``reserved_since_fetch`` in ``audit.json``,
    ``reserved_since_fetch.parquet``, ``reserved-since-fetch/``).

    With ``per_url=False`` no ``verdicts/`` is written: every URL is still judged (the totals
    and violations come from its class), but the crawl is read once instead of twice.
    The re-audit compares against the per-URL verdicts, so it needs ``per_url``.
    """
    if not agents:
        raise DataInputError("no crawler token given", hint="pass --agent TOKEN (e.g. GPTBot)")
    if not per_url and (current_robots or current_tdmrep):
        raise DataInputError(
            "the re-audit (--current-robots / --current-tdmrep) compares against the verdict "
            "of every URL, which --no-verdicts leaves out",
            hint="drop --no-verdicts, or run the re-audit separately",
        )
    note = stage or (lambda _s: None)
    blocked = read_blocklist(blocklist) if blocklist else set()
    listed = (*inputs, *robots, *tdmrep, *current_robots, *current_tdmrep)
    read = [Path(p) for p in (*listed, *([blocklist] if blocklist else []))]
    with (
        atomic_directory(Path(out), command="data audit", inputs=read, outside=read) as work,
        engine_errors(engine.name),
    ):
        note("reading manifests")
        prepared = prepare_inputs(inputs, work / "staged", fmt)
        note("loading robots.txt captures")
        store = SnapshotStore.from_files(robots, prepared.robots)
        tdm_store = SnapshotStore.from_files(tdmrep)
        union = engine.union_sql(prepared.sources)
        bad = BadRowReport()
        bad.merge(prepared.bad_rows)
        rule_sets, used = register_captures(engine, agents, store, tdm_store)
        note(f"classes of URLs on {engine.name}")
        if progress:
            progress(0.0)
        # Streaming passes over the crawl (classes, then verdicts) cost less than keeping
        # every row: a materialized crawl spills to disk long before 50 million rows.
        _classes(engine, union, used, bad)
        rows = f"({rows_sql(union, engine.dialect, used)})"
        hosts, signals = _tables(engine, blocked, agents)
        engine.register_arrow("audit_hosts", hosts)
        engine.register_arrow("audit_signals", signals)
        judge = KeyJudge(agents, rule_sets.representatives, tdm_store.variants)
        answers = engine.map_table(KEYS_SQL, judge, KEY_VERDICT_SCHEMA)
        engine.register_arrow("audit_key_verdicts", answers)
        engine.materialize("audit_class_verdicts", verdict_sql("audit_classes", PER_CLASS))
        files: list[str] = []
        if per_url:
            note(f"verdicts per URL on {engine.name}")
            if progress:
                progress(0.5)
            files = engine.write_parquet(verdict_sql(rows, PER_URL), work / "verdicts")
        if progress:
            progress(1.0)
        note("aggregating violations")
        totals = engine.sql_table(_TOTALS_SQL, _TOTALS)
        violations = _violations(engine.sql_table(_GROUPS_SQL, _GROUPS), policy)
        summary = _summary(totals, violations)
        if current_robots or current_tdmrep:
            stores = (
                SnapshotStore.from_files([*robots, *current_robots], prepared.robots),
                SnapshotStore.from_files([*tdmrep, *current_tdmrep]),
            )
            summary["reserved_since_fetch"] = recheck(
                engine, union, agents, stores, files, work, policy, note
            )
        summary.update(
            {
                "job": "audit",
                "engine": engine.name,
                "agents": list(agents),
                "inputs": [s.origin for s in prepared.sources],
                "manifest_bad_rows": _redacted(bad, policy),
                "url_redaction": dataclasses.asdict(policy),
                "robots_snapshots": {
                    "captures": len(store),
                    "hosts": store.host_count,
                    "distinct_files": len(store.variants),
                    "bad_rows": store.bad_rows.to_json(),
                    "cache_ceiling_hours": CACHE_CEILING.total_seconds() / 3600,
                },
                "tdmrep_files": {"captures": len(tdm_store), "hosts": tdm_store.host_count},
                "blocklist": {
                    "domains": len(blocked),
                    "file": str(blocklist) if blocklist else None,
                },
                "distinct_questions": answers.num_rows,
                "signal_implementation": SIGNAL_IMPLEMENTATION,
                "public_suffix_list": psl_info(),
            }
        )
        pq.write_table(violations, work / "violations.parquet")
        atomic_write_text(work / "audit.json", dumps_json(summary) + "\n")
    summary["verdict_files"] = [str(Path(out) / "verdicts" / Path(f).name) for f in files]
    return AuditResult(summary, violations)

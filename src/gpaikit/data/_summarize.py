"""``summarize``: volume per registrable domain, the top-domain list, size per modality.

The engine returns one row per (host, modality, ok, bad_reason); this module turns that into
the public summary's numbers, identically for every engine. Volume is the sum of
``content_length`` over successful (2xx) fetches; the basis (payload bytes, or the compressed
WARC record length of the Common Crawl index and CDX) is stated in the result.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from gpaikit._hosts import UrlPolicy, check_hosts, quoted_host
from gpaikit._io import atomic_directory, atomic_write_text, dumps_json
from gpaikit.data._domains import psl_info, registrable_domain, registrable_domains, select_top
from gpaikit.data._engine import Engine, ProgressFn, engine_errors
from gpaikit.data._readers import PreparedInput, prepare_inputs
from gpaikit.data._schema import MODALITIES, BadRowReport
from gpaikit.forms import SIZE_UNITS, size_range_of
from gpaikit.law import load_catalog

__all__ = ["SummaryResult", "size_range", "summarize", "summarize_prepared"]


DOMAIN_SCHEMA = pa.schema(
    [
        ("rank", pa.int64()),
        ("domain", pa.string()),
        ("bytes", pa.int64()),
        ("records", pa.int64()),
        ("hosts", pa.int64()),
        ("share", pa.float64()),
        ("top", pa.bool_()),
        ("top_sme", pa.bool_()),
    ]
)


@dataclass(frozen=True)
class SummaryResult:
    summary: dict[str, Any]
    domains: pa.Table


def size_range(modality: str, value: float | None) -> str | None:
    """The template's size range (TS.1.3.size) for ``value``; boundary values are in range 2."""
    found = size_range_of(modality, value) if value is not None else None
    return found.label if found else None


def _iso(micros: int | None) -> str | None:
    if micros is None:
        return None
    moment = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=micros)
    return moment.isoformat().replace("+00:00", "Z")


def _modality_json(name: str, acc: dict[str, int]) -> dict[str, Any]:
    records = acc["records"]
    entry: dict[str, Any] = {
        "records": records,
        "bytes": acc["bytes"],
        "tokens": acc["tokens"] if acc["tokens_known"] else None,
        "tokens_known_records": acc["tokens_known"],
        "duration_hours": round(acc["duration_ms"] / 3.6e6, 3) if acc["duration_ms"] else None,
    }
    value: float | None
    if name == "text":
        value = acc["tokens"] if acc["tokens_known"] else None
        complete = acc["tokens_known"] == records
    elif name == "image":
        value, complete = records, True
    elif name in ("audio", "video"):
        value = entry["duration_hours"]
        complete = value is not None
    else:
        value, complete = None, False
    entry["size"] = {
        "value": value,
        "unit": SIZE_UNITS.get(name, "bytes"),
        "range": size_range(name, value),
        "complete": complete,
    }
    return entry


def _sum(table: pa.Table, column: str) -> int:
    value = pc.sum(table.column(column)).as_py()
    return int(value or 0)


def checked_hosts(agg: pa.Table, bad: BadRowReport) -> pa.Table:
    """``agg`` with every good row's host in its canonical form (:func:`check_host`, once per
    distinct host); rows whose host is not a valid host become bad rows ``invalid_host``."""
    good = pc.equal(agg.column("bad_reason"), "")
    raw = agg.column("host")
    distinct = pc.unique(pc.filter(raw, good))
    checks = check_hosts(distinct.to_pylist())
    canonical = pa.array([c.host for c in checks], pa.string())
    mapped = pc.take(canonical, pc.index_in(raw, value_set=distinct))
    invalid = pc.and_(good, pc.is_null(mapped))
    if pc.any(invalid).as_py():
        records: dict[str, int] = {}
        for host, n in zip(
            pc.filter(raw, invalid).to_pylist(),
            pc.filter(agg.column("records"), invalid).to_pylist(),
            strict=True,
        ):
            records[host] = records.get(host, 0) + n
        problems = dict(zip(distinct.to_pylist(), (c.problem for c in checks), strict=True))
        for host in sorted(records):
            example = {"host": quoted_host(host), "rows": records[host]}
            bad.add("invalid_host", {**example, "problem": problems[host]}, count=0)
    reasons = pc.if_else(invalid, "invalid_host", agg.column("bad_reason"))
    hosts = pc.if_else(pc.is_null(mapped), "", mapped)
    agg = agg.set_column(agg.schema.get_field_index("host"), "host", hosts)
    return agg.set_column(agg.schema.get_field_index("bad_reason"), "bad_reason", reasons)


def _finish(
    agg: pa.Table,
    prepared: PreparedInput,
    examples: list[dict[str, Any]],
    policy: UrlPolicy = UrlPolicy(),
) -> SummaryResult:
    bad = BadRowReport()
    bad.merge(prepared.bad_rows)
    agg = checked_hosts(agg, bad)
    zero = {"records": 0, "bytes": 0, "tokens": 0, "tokens_known": 0, "duration_ms": 0}
    is_bad = pc.not_equal(agg.column("bad_reason"), "")
    for reason, records in zip(
        *agg.filter(is_bad)
        .group_by("bad_reason")
        .aggregate([("records", "sum")])
        .to_pydict()
        .values(),
        strict=True,
    ):
        bad.counts[reason] = bad.counts.get(reason, 0) + records
    total = _sum(agg, "records")
    good_rows = agg.filter(pc.invert(is_bad))
    good = _sum(good_rows, "records")
    first = pc.min(good_rows.column("first_us")).as_py()
    last = pc.max(good_rows.column("last_us")).as_py()
    ok_rows = good_rows.filter(good_rows.column("ok"))
    ok_records = _sum(ok_rows, "records")
    modal: dict[str, dict[str, int]] = {m: dict(zero) for m in MODALITIES}
    by_modality = ok_rows.group_by("modality").aggregate([(k, "sum") for k in zero])
    for row in by_modality.to_pylist():
        modal[row["modality"]] = {k: row[f"{k}_sum"] or 0 for k in zero}
    per_host = (
        pa.table(
            {
                "host": ok_rows.column("host"),
                "records": ok_rows.column("records"),
                "bytes": pc.fill_null(ok_rows.column("bytes"), 0),
            }
        )
        .group_by("host")
        .aggregate([("records", "sum"), ("bytes", "sum")])
    )
    host_names = per_host.column("host").to_pylist()
    per_domain = (
        per_host.append_column("domain", pa.array(registrable_domains(host_names), pa.string()))
        .group_by("domain")
        .aggregate([("records_sum", "sum"), ("bytes_sum", "sum"), ("host", "count")])
    )
    for row in examples:
        fetch = row.pop("fetch_us", None)
        row["fetch_time"] = _iso(fetch)
        bad.examples.setdefault(row.pop("bad_reason"), []).append(row)
    bad.redact_urls(policy)
    domains = {d: (r, v, n) for d, r, v, n in zip(*per_domain.to_pydict().values(), strict=True)}
    ranked = sorted(domains.items(), key=lambda kv: (-kv[1][1], kv[0]))
    pairs = [(d, v[1]) for d, v in ranked]
    catalog = load_catalog()
    top = select_top(pairs, catalog.value("TPL.domains.top_fraction"), "TPL.domains.top_fraction")
    sme = select_top(
        pairs,
        catalog.value("TPL.domains.top_fraction_sme"),
        "TPL.domains.top_fraction_sme",
        cap=catalog.value("TPL.domains.top_cap_sme"),
    )
    total_bytes = sum(v for _, v in pairs)
    ranks, rank = [], 0
    for index, (_, volume) in enumerate(pairs):
        if index == 0 or volume != pairs[index - 1][1]:
            rank = index + 1
        ranks.append(rank)
    domain_table = pa.table(
        {
            "rank": ranks,
            "domain": [d for d, _ in ranked],
            "bytes": [v[1] for _, v in ranked],
            "records": [v[0] for _, v in ranked],
            "hosts": [v[2] for _, v in ranked],
            "share": [round(v[1] / total_bytes, 9) if total_bytes else 0.0 for _, v in ranked],
            "top": [i < len(top.listed) for i in range(len(ranked))],
            "top_sme": [i < len(sme.listed) for i in range(len(ranked))],
        },
        schema=DOMAIN_SCHEMA,
    )
    bases = sorted({s.volume_basis for s in prepared.sources})
    modalities = {m: _modality_json(m, modal[m]) for m in MODALITIES if modal[m]["records"]}
    summary: dict[str, Any] = {
        "job": "summarize",
        "inputs": [s.origin for s in prepared.sources],
        "volume_basis": bases,
        "notes": prepared.notes,
        "public_suffix_list": psl_info(),
        "url_redaction": dataclasses.asdict(policy),
        "rows": {"read": total + prepared.bad_rows.total, "good": good, "bad": bad.total},
        "bad_rows": bad.to_json(),
        "fetches": {"good": good, "ok_2xx": ok_records, "other_status": good - ok_records},
        "time_span": {"first": _iso(first), "last": _iso(last)},
        "domains": {
            "count": len(pairs),
            "hosts": per_host.num_rows,
            "total_bytes": total_bytes,
            "ranking_head": domain_table.slice(0, 25)
            .select(["rank", "domain", "bytes", "share"])
            .to_pylist(),
            "top": top.to_json(total_bytes),
            "top_sme": sme.to_json(total_bytes),
        },
        "modalities": modalities,
        "public_summary": {
            "TS.2.3.domains": top.to_json(total_bytes)["domains"],
            "TS.2.3.domains_sme": sme.to_json(total_bytes)["domains"],
            "TS.1.3.size": {m: v["size"] for m, v in modalities.items()},
        },
    }
    return SummaryResult(summary, domain_table)


def _warm_up() -> None:
    load_catalog()
    registrable_domain("www.example.com")
    # pyarrow imports pandas, where it is installed, on its first conversion of a Python
    # value (a quarter of a second); let that happen here too.
    pc.equal(pa.array([0], pa.int64()), 0)


def summarize_prepared(
    prepared: PreparedInput,
    engine: Engine,
    progress: ProgressFn | None = None,
    policy: UrlPolicy = UrlPolicy(),
) -> SummaryResult:
    """Run the aggregation on ``engine`` and finish it; no files written."""
    # The legal catalog, the Public Suffix List and pyarrow's conversions load while the
    # engine works (all cached per process; the engine releases the GIL while it runs).
    warm = threading.Thread(target=_warm_up, daemon=True)
    warm.start()
    try:
        scanned = engine.summary_scan(prepared.sources, prepared.bad_rows.keep, progress)
    finally:
        warm.join()
    result = _finish(scanned.table, prepared, scanned.examples, policy)
    result.summary["engine"] = engine.name
    return result


def summarize(
    inputs: Sequence[Path],
    out: Path,
    engine: Engine,
    *,
    fmt: str | None = None,
    progress: ProgressFn | None = None,
    stage: Callable[[str], None] | None = None,
    policy: UrlPolicy = UrlPolicy(),
) -> SummaryResult:
    """Read ``inputs``, summarize them on ``engine`` and write ``out/`` atomically.

    ``out`` receives ``summary.json`` (what the documents consume), ``domains.parquet`` (the
    ranked domain list) and ``staged/`` (canonical Parquet of text and archive inputs). URLs
    in the report's examples are redacted by ``policy``; hosts are canonical
    (:func:`gpaikit.data.check_host`).
    """
    sources = [Path(p) for p in inputs]
    with (
        atomic_directory(
            Path(out), command="data summarize", inputs=sources, outside=sources
        ) as work,
        engine_errors(engine.name),
    ):
        if stage:
            stage("reading manifests")
        prepared = prepare_inputs(inputs, work / "staged", fmt)
        if stage:
            stage(f"aggregating on {engine.name}")
        result = summarize_prepared(prepared, engine, progress, policy)
        pq.write_table(result.domains, work / "domains.parquet")
        atomic_write_text(work / "summary.json", dumps_json(result.summary) + "\n")
    return result

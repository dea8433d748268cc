"""Training-data results in the dossier: the ranked domain list and the opt-out audit.

Reads the artefacts of ``gpaikit data summarize`` (``summary.json``) and ``gpaikit data audit``
(``audit.json``) found in the workspace and turns them into values for the site's index page
and for ``data/training-data.json``. Everything shown comes from the artefacts' JSON; nothing
is recomputed, so the dossier states exactly what the jobs found.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gpaikit._exceptions import InputError, Location
from gpaikit._hosts import redact_url
from gpaikit._untrusted import open_regular
from gpaikit.forms import AUDIT_PATHS
from gpaikit.workspace import Model, Workspace, find_artifact, load_job_output

__all__ = [
    "AUDIT_PATHS",
    "TOP_VIOLATIONS",
    "audit_context",
    "display",
    "find_audit",
    "load_audit",
    "summary_context",
]

TOP_VIOLATIONS = 10
"""Domains shown per kind of violation (``audit.json`` keeps the top 20)."""

_KINDS = {
    "crawl": "Fetched although robots.txt disallowed it",
    "training": "AI-training use reserved (exclude from training)",
    "unverified": "No usable robots.txt at fetch time",
}


def find_audit(workspace: Workspace, model: Model) -> Path | None:
    return find_artifact(workspace, model, AUDIT_PATHS)


def load_audit(path: Path) -> Mapping[str, Any]:
    """Read an ``audit.json`` of ``gpaikit data audit``; errors name the file."""
    return load_job_output(path, job="audit", what="opt-out audit")


def _number(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else "—" if value is None else str(value)


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f} %" if whole else "—"


def _source(path: Path, workspace: Workspace) -> dict[str, str]:
    """Where the artefact came from: its path in the workspace and its SHA-256."""
    shown = str(path)
    if workspace.root is not None:
        try:
            shown = Path(path).resolve().relative_to(workspace.root.resolve()).as_posix()
        except ValueError:
            shown = Path(path).name
    digest = hashlib.sha256()
    with open_regular(path, what="artefact") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return {"file": shown, "sha256": digest.hexdigest()}


class _Fields:
    """Typed reads from an artefact's JSON: a missing key gives the default, a value of the
    wrong type is an input error naming the file and the field (never a crash later)."""

    def __init__(self, data: Any, path: Path, where: str) -> None:
        self.data = data if isinstance(data, Mapping) else {}
        self.path, self.where = path, where
        if not isinstance(data, Mapping) and data is not None:
            raise self._bad("", "an object")

    def _bad(self, key: str, expected: str) -> InputError:
        field = f"{self.where}.{key}".strip(".")
        return InputError(
            f"expected {expected}",
            location=Location(file=self.path, field=field),
            hint="regenerate the artefact with `gpaikit data`",
        )

    def sub(self, key: str) -> _Fields:
        return _Fields(self.data.get(key), self.path, f"{self.where}.{key}".strip("."))

    def count(self, key: str, default: int | None = 0) -> int | None:
        value = self.data.get(key, default)
        if value is None and default is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self._bad(key, "a whole number of 0 or more")
        return value

    def number(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._bad(key, "a number")
        return float(value)

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is not None and not isinstance(value, str):
            raise self._bad(key, "text")
        return value

    def texts(self, key: str) -> list[str]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._bad(key, "a list of texts")
        return list(value)

    def rows(self, key: str) -> list[_Fields]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise self._bad(key, "a list")
        return [_Fields(v, self.path, f"{self.where}.{key}[{i}]") for i, v in enumerate(value)]

    def counts(self, key: str) -> dict[str, int]:
        part = self.sub(key)
        return {str(k): part.count(str(k)) or 0 for k in part.data}


def _selection(top: _Fields, label: str) -> dict[str, Any]:
    return {
        "label": label,
        "rule": top.text("rule"),
        "domain_count": top.count("domain_count"),
        "required": top.count("required"),
        "listed": top.count("listed"),
        "tie_extended": top.count("tie_extended"),
        "cutoff_volume": top.count("cutoff_volume", None),
        "volume_share": top.number("volume_share"),
        "domains": top.texts("domains"),
    }


def summary_context(summary: Mapping[str, Any], path: Path, workspace: Workspace) -> dict[str, Any]:
    """The ranked domain table with the top-domain selections of a ``summary.json``; the
    selection the public summary uses (the provider's size decides) is marked as applying."""
    data = _Fields(summary, path, "")
    domains = data.sub("domains")
    provider = workspace.provider
    sme_applies = provider.size == "sme" or provider.microenterprise
    applies = " - used in the public summary"
    top = _selection(
        domains.sub("top"), "Top domains, standard rule" + ("" if sme_applies else applies)
    )
    sme = _selection(
        domains.sub("top_sme"), "Top domains, SME rule" + (applies if sme_applies else "")
    )
    in_top, in_sme = set(top["domains"]), set(sme["domains"])
    ranking = []
    for row in domains.rows("ranking_head"):
        domain = row.text("domain") or ""
        ranking.append(
            {
                "rank": row.count("rank"),
                "domain": domain,
                "bytes": row.count("bytes"),
                "share": row.number("share") or 0.0,
                "top": domain in in_top,
                "top_sme": domain in in_sme,
            }
        )
    span = data.sub("time_span")
    return {
        "source": _source(path, workspace),
        "engine": data.text("engine"),
        "inputs": data.texts("inputs"),
        "volume_basis": data.texts("volume_basis"),
        "notes": data.texts("notes"),
        "rows": {k: data.sub("rows").count(k) for k in ("read", "good", "bad")},
        "time_span": {"first": span.text("first"), "last": span.text("last")},
        "domain_count": domains.count("count"),
        "host_count": domains.count("hosts"),
        "total_bytes": domains.count("total_bytes"),
        "ranking": ranking,
        "selections": [top, sme],
    }


def audit_context(audit: Mapping[str, Any], path: Path, workspace: Workspace) -> dict[str, Any]:
    """Totals, verdict counts by source and the top violations of an ``audit.json``.

    Sample URLs are shown redacted (:func:`gpaikit._hosts.redact_url`) even when the artefact
    was written by an older gpaikit that kept credentials or query strings.
    """
    data = _Fields(audit, path, "")
    violations = data.sub("violations")
    kinds = []
    for kind, title in _KINDS.items():
        part = violations.sub(kind)
        kinds.append(
            {
                "kind": kind,
                "title": title,
                "urls": part.count("urls"),
                "bytes": part.count("bytes"),
                "domains": part.count("domains"),
                "top_domains": [
                    {
                        "domain": row.text("domain") or "",
                        "urls": row.count("urls"),
                        "bytes": row.count("bytes"),
                        "deciding_rule": row.text("deciding_rule"),
                        "sample_urls": [redact_url(u) for u in row.texts("sample_urls")],
                    }
                    for row in part.rows("top_domains")[:TOP_VIOLATIONS]
                ],
            }
        )
    snapshots = data.sub("robots_snapshots")
    return {
        "source": _source(path, workspace),
        "engine": data.text("engine"),
        "agents": data.texts("agents"),
        "inputs": data.texts("inputs"),
        "urls": data.count("urls"),
        "crawl_verdicts": data.counts("crawl_verdicts"),
        "ai_use_verdicts": data.counts("ai_use_verdicts"),
        "reserved_by": data.counts("reserved_by"),
        "robots_snapshots": {
            "captures": snapshots.count("captures"),
            "hosts": snapshots.count("hosts"),
            "distinct_files": snapshots.count("distinct_files"),
            "cache_ceiling_hours": snapshots.number("cache_ceiling_hours"),
        },
        "distinct_questions": data.count("distinct_questions", None),
        "violations": kinds,
    }


def display(
    summary: Mapping[str, Any] | None, audit: Mapping[str, Any] | None
) -> dict[str, Any] | None:
    """The same values with the figures formatted for the HTML page."""
    if summary is None and audit is None:
        return None
    out: dict[str, Any] = {"summary": None, "audit": None}
    if summary is not None:
        total = summary["total_bytes"]
        out["summary"] = {
            **summary,
            "total_bytes_text": _number(total),
            "rows_text": {k: _number(v) for k, v in summary["rows"].items()},
            "ranking": [
                {**r, "bytes_text": _number(r["bytes"]), "share_text": f"{100 * r['share']:.2f} %"}
                for r in summary["ranking"]
            ],
            "selections": [
                {
                    **s,
                    "cutoff_text": _number(s["cutoff_volume"]),
                    "share_text": "—"
                    if s["volume_share"] is None
                    else f"{100 * s['volume_share']:.2f} %",
                }
                for s in summary["selections"]
            ],
        }
    if audit is not None:
        urls = audit["urls"]

        def counts(values: Mapping[str, int]) -> list[dict[str, str]]:
            return [
                {"name": k, "urls": _number(v), "share": _percent(v, urls)}
                for k, v in values.items()
            ]

        out["audit"] = {
            **audit,
            "urls_text": _number(urls),
            "crawl_rows": counts(audit["crawl_verdicts"]),
            "ai_rows": counts(audit["ai_use_verdicts"]),
            "source_rows": counts(audit["reserved_by"]),
            "violations": [
                {
                    **k,
                    "urls_text": _number(k["urls"]),
                    "bytes_text": _number(k["bytes"]),
                    "top_domains": [
                        {**d, "urls_text": _number(d["urls"]), "bytes_text": _number(d["bytes"])}
                        for d in k["top_domains"]
                    ],
                }
                for k in audit["violations"]
            ],
        }
    return out

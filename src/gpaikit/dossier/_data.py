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

from gpaikit._untrusted import open_regular
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

AUDIT_PATHS = (
    "artifacts/{model}/opt-out-audit/audit.json",
    "artifacts/opt-out-audit/audit.json",
)
"""Where a workspace keeps the ``audit.json`` of ``gpaikit data audit`` (first match wins)."""

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


def _selection(top: Mapping[str, Any], label: str) -> dict[str, Any]:
    return {
        "label": label,
        "rule": top.get("rule"),
        "domain_count": top.get("domain_count", 0),
        "required": top.get("required", 0),
        "listed": top.get("listed", 0),
        "tie_extended": top.get("tie_extended", 0),
        "cutoff_volume": top.get("cutoff_volume"),
        "volume_share": top.get("volume_share"),
        "domains": list(top.get("domains", [])),
    }


def summary_context(summary: Mapping[str, Any], path: Path, workspace: Workspace) -> dict[str, Any]:
    """The ranked domain table with the top-domain selections of a ``summary.json``."""
    domains = summary.get("domains", {})
    top = _selection(domains.get("top", {}), "Top domains (TS.2.3.domains)")
    sme = _selection(domains.get("top_sme", {}), "Top domains, SME variant (TS.2.3.domains_sme)")
    in_top, in_sme = set(top["domains"]), set(sme["domains"])
    ranking = [
        {
            "rank": row["rank"],
            "domain": row["domain"],
            "bytes": row["bytes"],
            "share": row["share"],
            "top": row["domain"] in in_top,
            "top_sme": row["domain"] in in_sme,
        }
        for row in domains.get("ranking_head", [])
    ]
    return {
        "source": _source(path, workspace),
        "engine": summary.get("engine"),
        "inputs": list(summary.get("inputs", [])),
        "volume_basis": list(summary.get("volume_basis", [])),
        "notes": list(summary.get("notes", [])),
        "rows": dict(summary.get("rows", {})),
        "time_span": dict(summary.get("time_span", {})),
        "domain_count": domains.get("count", 0),
        "host_count": domains.get("hosts", 0),
        "total_bytes": domains.get("total_bytes", 0),
        "ranking": ranking,
        "selections": [top, sme],
    }


def audit_context(audit: Mapping[str, Any], path: Path, workspace: Workspace) -> dict[str, Any]:
    """Totals, verdict counts by source and the top violations of an ``audit.json``."""
    urls = int(audit.get("urls", 0))
    violations = audit.get("violations", {})
    kinds = []
    for kind, title in _KINDS.items():
        part = violations.get(kind, {})
        kinds.append(
            {
                "kind": kind,
                "title": title,
                "urls": part.get("urls", 0),
                "bytes": part.get("bytes", 0),
                "domains": part.get("domains", 0),
                "top_domains": [
                    {
                        "domain": row["domain"],
                        "urls": row["urls"],
                        "bytes": row["bytes"],
                        "deciding_rule": row["deciding_rule"],
                        "sample_urls": list(row["sample_urls"]),
                    }
                    for row in part.get("top_domains", [])[:TOP_VIOLATIONS]
                ],
            }
        )
    return {
        "source": _source(path, workspace),
        "engine": audit.get("engine"),
        "agents": list(audit.get("agents", [])),
        "inputs": list(audit.get("inputs", [])),
        "urls": urls,
        "crawl_verdicts": dict(audit.get("crawl_verdicts", {})),
        "ai_use_verdicts": dict(audit.get("ai_use_verdicts", {})),
        "reserved_by": dict(audit.get("reserved_by", {})),
        "robots_snapshots": {
            k: v
            for k, v in dict(audit.get("robots_snapshots", {})).items()
            if k in ("captures", "hosts", "distinct_files", "cache_ceiling_hours")
        },
        "distinct_questions": audit.get("distinct_questions"),
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

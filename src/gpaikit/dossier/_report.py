"""``gpaikit verify --report``: one HTML page with what a reviewer needs.

Signer, date, classification and obligations (from the AI Office's site, the only one that
holds them), documents and their versions, and every check with what it found. The page is
rendered like the sites (autoescaped, strict Content-Security-Policy, no script); everything
on it comes from the input, so nothing is trusted into markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from gpaikit.dossier._result import MAX_DETAILS, SiteReport, as_list, as_map
from gpaikit.render import html_page

__all__ = ["assessment_summary", "verify_report_html"]

_CSS = {"pass": "status-met", "fail": "status-overdue", "warn": "status-partial", "skip": ""}


def _fact(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "unknown"
    return str(value).replace("_", " ")


def assessment_summary(assessment: Any) -> dict[str, dict[str, Any]]:
    """Per model: classification rows and obligations, from the site's ``assessment.json``
    (read defensively: it is input)."""
    found: dict[str, dict[str, Any]] = {}
    models = assessment.get("models") if isinstance(assessment, Mapping) else None
    for m in as_list(models):
        if not isinstance(m, Mapping):
            continue
        c = as_map(m.get("classification"))

        def value(key: str) -> Any:
            entry = c.get(key)  # noqa: B023 - read at once
            return entry.get("value") if isinstance(entry, Mapping) else entry

        summary = as_map(m.get("summary"))
        rows = [
            ("Obligations under Arts 53-55", _fact(summary.get("text"))),
            ("General-purpose AI model", _fact(value("gpai"))),
            ("Role", _fact(c.get("role"))),
            ("Systemic risk", _fact(value("systemic_risk"))),
            ("In scope", _fact(value("in_scope"))),
            ("Third-country provider", _fact(value("third_country"))),
        ]
        obligations = []
        for o in as_list(m.get("obligations")):
            if isinstance(o, Mapping):
                obligations.append(
                    {
                        "id": _fact(o.get("id")),
                        "title": _fact(o.get("title")),
                        "citation": _fact(o.get("citation")),
                        "due": _fact(o.get("due_date") or o.get("due_rule")),
                        "status": _fact(o.get("status")),
                    }
                )
        found[str(m.get("name"))] = {"classification": rows, "obligations": obligations}
    return found


def _site(report: SiteReport) -> dict[str, Any]:
    p = report.predicate
    summary: Mapping[str, Any] = report.extra.get("assessment") or {}
    models = []
    raw = as_list(p.get("models"))
    for m in raw:
        if not isinstance(m, Mapping):
            continue
        docs = []
        for d in as_list(m.get("documents")):
            if not isinstance(d, Mapping):
                continue
            chain = as_list(d.get("chain"))
            docs.append(
                {
                    "title": _fact(d.get("title")),
                    "form": _fact(d.get("form")),
                    "view": _fact(d.get("view")),
                    "owed": _fact(d.get("required"))
                    + (f" ({d.get('reason')})" if d.get("reason") else ""),
                    "version": _fact(d.get("version")),
                    "date": _fact(d.get("date")),
                    "chain": ", ".join(
                        f"v{c.get('version')} ({c.get('date')})"
                        for c in chain
                        if isinstance(c, Mapping)
                    ),
                    "missing": ", ".join(str(x) for x in d.get("missing") or []) or "none",
                }
            )
        mine = summary.get(str(m.get("name")), {})
        models.append(
            {
                "name": _fact(m.get("name")),
                "documents": docs,
                "classification": mine.get("classification"),
                "obligations": mine.get("obligations"),
            }
        )
    return {
        "label": report.label,
        "audience": report.audience,
        "verified": report.verified,
        "provider": _fact(p.get("provider")),
        "signer": report.signer or "unknown",
        "trusted": "yes" if report.trusted else "no (no trusted key matched)",
        "as_of": _fact(p.get("as_of")),
        "built_with": (
            f"gpaikit {_fact(p.get('gpaikit_version'))}, catalog {_fact(p.get('catalog_version'))}"
        ),
        "checks": [
            {
                "name": c.name,
                "status": c.status,
                "css": _CSS[c.status],
                "summary": c.summary,
                "details": c.details[:MAX_DETAILS],
            }
            for c in report.checks
        ],
        "models": models,
    }


def verify_report_html(reports: Sequence[SiteReport], today: dt.date | None = None) -> str:
    """The reviewer's page for every site verified in one run."""
    ok = all(r.verified for r in reports)
    return html_page(
        "verify.html.j2",
        page_title="Verification report",
        checked_on=(today or dt.date.today()).isoformat(),
        verdict="Every site verified." if ok else "At least one check FAILED: see below.",
        sites=[_site(r) for r in reports],
    )

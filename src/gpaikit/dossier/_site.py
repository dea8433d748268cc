"""One self-contained site per audience: the files an audience receives, and nothing else.

Layout of ``gpaikit build WS --out OUT`` (documented in docs/forms.md and docs/security.md)::

    OUT/
      index.html                      which folder is for whom (no item of any document)
      public/                         publish this folder as it is
      downstream_provider/            hand to integrators
      national_authority/             hand to national competent authorities on request
      ai_office/                      hand to the AI Office
        index.html                    the audience's dossier page
        docs/<model>/<form>/<view>.{html,md,json,docx,pdf}
        docs/<model>/model-card-section.md      (downstream providers only)
        schemas/<form>.<view>.schema.json
        data/documents.json           versions and this audience's values
        data/assessment.json, data/problems.json, data/training-data.json   (AI Office only)

Every document comes from the forms engine's recipient views (:func:`gpaikit.forms.view`), the
single place where audiences are decided, so a new document or item is routed by its spec.
An audience's site holds its own view of each document that has one, and the public view of
documents that have no view for it (public items are public). The assessment, the validation
problems and the training-data artefacts are the AI Office's only. Non-public pages carry a
confidentiality line.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gpaikit._io import dumps_json
from gpaikit.assess import Assessment, ModelAssessment
from gpaikit.compute import Stage, estimate
from gpaikit.dossier._data import display
from gpaikit.forms import (
    CONFIDENTIALITY,
    RECIPIENT_LABELS,
    Document,
    FormView,
    Problem,
    Recipient,
    json_schema,
    load_forms,
    view,
)
from gpaikit.law import load_catalog
from gpaikit.render import form_html, form_markdown, html_page, model_card_markdown

__all__ = ["AUDIENCES", "Site", "binary_renderers", "unique_slugs", "write_root", "write_site"]

AUDIENCES: tuple[Recipient, ...] = (
    "public",
    "downstream_provider",
    "national_authority",
    "ai_office",
)
"""The audiences, each with its own site folder ``OUT/<audience>/`` (same order as shown)."""

_CHAPTERS = {
    "transparency": "Transparency",
    "copyright": "Copyright",
    "safety_security": "Safety & Security",
}
_AUDIENCE_NOTES: dict[Recipient, str] = {
    "public": "Publish this folder as it is: it holds only what the public is entitled to.",
    "downstream_provider": "Hand this folder to providers integrating the model.",
    "national_authority": "Hand this folder to national competent authorities on request.",
    "ai_office": "Hand this folder to the AI Office on request.",
}

Binary = Mapping[str, Callable[[FormView, dict[str, Any]], bytes]]


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.").lower() or "model"


def unique_slugs(names: Sequence[str]) -> dict[str, str]:
    """A folder name per model name, never shared: two names that reduce to the same slug
    both get a short hash of their exact name appended, except a name that is already its
    own slug (so adding a look-alike model does not move an existing one's folder)."""
    import hashlib

    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(_slug(name), []).append(name)
    out: dict[str, str] = {}
    for base, members in groups.items():
        for name in members:
            if len(members) == 1 or name == base:
                out[name] = base
            else:
                out[name] = f"{base}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:8]}"
    return out


def binary_renderers() -> dict[str, Callable[[FormView, dict[str, Any]], bytes]]:
    """DOCX and PDF renderers whose optional extras are installed."""
    found: dict[str, Callable[[FormView, dict[str, Any]], bytes]] = {}
    if importlib.util.find_spec("docx") is not None:
        from gpaikit.render._docx import form_docx

        found["docx"] = form_docx
    if importlib.util.find_spec("weasyprint") is not None:
        from gpaikit.render._pdf import form_pdf

        found["pdf"] = form_pdf
    return found


def _dump(data: Any) -> str:
    return dumps_json(data) + "\n"


def _natural(identifier: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that puts SS.C2 before SS.C10 (numbers compare as numbers)."""
    parts = re.split(r"(\d+)", identifier)
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)


@dataclass
class Site:
    """What every audience's site is built from (one build, four sites)."""

    assessment: Assessment
    documents: Sequence[Document]
    problems: Sequence[Problem]
    binary: Binary
    histories: Mapping[int, list[dict[str, Any]]]
    training: Mapping[str, dict[str, Any]]
    slugs: Mapping[str, str]
    workspace_root: Path | None = None
    """Problems name their files relative to it (no builder's path in a dossier)."""

    def views(self, audience: Recipient) -> list[tuple[Document, FormView]]:
        """The view of every document this audience receives: its own, or the public one."""
        found = []
        for d in self.documents:
            recipients = d.form.spec.recipients
            if audience in recipients:
                found.append((d, view(d.form, audience)))
            elif "public" in recipients:
                found.append((d, view(d.form, "public")))
        return found


class _Writer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = 0

    def text(self, rel: str, content: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        self.files += 1

    def data(self, rel: str, content: bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        self.files += 1


def _classification(m: ModelAssessment) -> list[tuple[str, str]]:
    c = m.classification

    def fact(value: bool | str | None) -> str:
        if isinstance(value, str):
            return value.replace("_", " ")
        return "unknown" if value is None else "yes" if value else "no"

    rows = [
        ("Obligations under Arts 53–55", m.summary.text),
        ("In scope of the AI Act", fact(c.in_scope.value)),
        ("General-purpose AI model", fact(c.gpai.value)),
        ("Role", c.role.replace("_", " ")),
        ("Systemic risk", fact(c.systemic_risk.value)),
        ("Open-source exemption", fact(c.open_source.holds)),
        ("Third-country provider", fact(c.third_country.value)),
        ("Placed before 2 August 2025", fact(c.legacy.value)),
        (
            "Placed on the Union market",
            str(c.placement.date or c.placement.status.replace("_", " ")),
        ),
    ]
    if c.training_compute is not None:
        figure = estimate([Stage(name="assessed", flop=c.training_compute.flop)])
        rows.append(("Training compute (FLOP)", figure.two_significant()))
    titles = {spec.id: spec.title for spec in load_forms()}
    if m.documents and all(d.required is False for d in m.documents) and not m.obligations:
        rows.append(("Documents owed", "none (see the first line)"))
    else:
        rows += [
            (f"Not owed: {titles.get(d.form, d.form)}", d.reason)
            for d in m.documents
            if d.required is False
        ]
    return rows


def _assessment_context(m: ModelAssessment) -> dict[str, Any]:
    obligations = [
        {
            "id": o.id,
            "title": o.title,
            "citation": o.citation,
            "due": o.due_date.isoformat() if o.due_date else o.due_rule,
            "status": o.status,
            "status_text": o.status.replace("_", " "),
        }
        for o in sorted(m.obligations, key=lambda o: (o.due_date or dt.date.max, o.id))
    ]
    measures: dict[str, dict[str, str]] = {}
    for o in m.obligations:
        for x in o.measures:
            measures.setdefault(
                x.measure,
                {
                    "measure": x.measure,
                    "title": x.title,
                    "status": x.status,
                    "evidence": ", ".join(x.evidence) or (x.note or ""),
                },
            )
    return {
        "classification": _classification(m),
        "obligations": obligations,
        "measures": sorted(measures.values(), key=lambda x: _natural(x["measure"])),
    }


def _document_row(
    d: Document, v: FormView, base: str, site: Site, extensions: Sequence[str]
) -> dict[str, Any]:
    done = v.completeness()
    ids = {f.item.id for f in v.items}
    mine = [p for p in site.problems if p.form == d.form.spec.id and p.item in ids]
    return {
        "title": d.form.spec.title,
        "version": d.record.version,
        "history": ", ".join(
            f"v{h['version']} ({h['date']})" for h in site.histories.get(id(d), [])
        ),
        "date": d.record.date.isoformat(),
        "hash_short": v.content_hash()[:19],
        "retention": d.retention_until.isoformat() if d.retention_until else None,
        "completeness": done.text(),
        "complete": done.complete,
        "missing": sum(1 for p in mine if p.kind == "missing"),
        "warnings": sum(1 for p in mine if p.severity == "warning"),
        "views": [
            {
                "label": v.recipient_label,
                "html": f"{base}.html",
                "md": f"{base}.md",
                "json": f"{base}.json",
                "extra": [{"label": ext.upper(), "href": f"{base}.{ext}"} for ext in extensions],
            }
        ],
    }


def _checks_context(model: str, problems: Sequence[Problem]) -> dict[str, Any]:
    """The consistency findings of ``model`` (their messages quote figures meant for the AI
    Office, so only its site shows them)."""
    return {
        "rules": len(load_catalog().consistency_rules()),
        "violations": [
            {
                "rule": p.rule,
                "severity": p.severity,
                "item": p.item,
                "message": p.message,
                "where": str(p.location) if p.location else "",
            }
            for p in problems
            if p.kind == "inconsistent" and p.model == model
        ],
    }


def write_site(root: Path, audience: Recipient, site: Site) -> int:
    """Write ``audience``'s site into ``root``; the number of files written."""
    out = _Writer(root)
    ai_office = audience == "ai_office"
    shown = site.views(audience)
    contexts = []
    entries = []
    schemas: set[tuple[str, Recipient]] = set()
    for m in site.assessment.models:
        folder = site.slugs[m.name]
        rows = []
        card = None
        for d, v in ((d, v) for d, v in shown if d.form.model == m.name):
            spec = d.form.spec
            meta = v.meta(d.meta())
            base = f"docs/{folder}/{spec.id}/{v.recipient}"
            out.text(f"{base}.html", form_html(v, meta, home="../../../index.html"))
            out.text(f"{base}.md", form_markdown(v, meta))
            out.text(f"{base}.json", _dump(v.to_json(meta)))
            for ext, render in site.binary.items():
                out.data(f"{base}.{ext}", render(v, meta))
            schemas.add((spec.id, v.recipient))
            rows.append(_document_row(d, v, base, site, tuple(site.binary)))
            entry: dict[str, Any] = {
                "model": m.name,
                "form": spec.id,
                "recipient": v.recipient,
                **meta,
                "history": [
                    {"version": h["version"], "date": h["date"]}
                    for h in site.histories.get(id(d), [])
                ],
                "values": v.values(),
            }
            if ai_office:
                entry["record_hash"] = d.record.content_hash
            entries.append(entry)
            if v.recipient == "downstream_provider" and spec.id == "mdf":
                card = f"docs/{folder}/model-card-section.md"
                out.text(card, model_card_markdown(v, meta))
        context: dict[str, Any] = {
            "name": m.name,
            "anchor": "model-" + folder,
            "documents": rows,
            "card": card,
            "assessment": _assessment_context(m) if ai_office else None,
            "training": None,
            "checks": None,
        }
        if ai_office:
            found = site.training.get(m.name, {})
            context["training"] = display(found.get("summary"), found.get("audit"))
            context["checks"] = _checks_context(m.name, site.problems)
        contexts.append(context)
    for form_id, recipient in sorted(schemas):
        spec = next(d.form.spec for d, _ in shown if d.form.spec.id == form_id)
        out.text(f"schemas/{form_id}.{recipient}.schema.json", _dump(json_schema(spec, recipient)))
    out.text("data/documents.json", _dump(entries))
    if ai_office:
        out.text("data/assessment.json", _dump(site.assessment.model_dump(mode="json")))
        seen = {(e["form"], item) for e in entries for item in e["values"]}
        out.text(
            "data/problems.json",
            _dump(
                [p.to_json(site.workspace_root) for p in site.problems if (p.form, p.item) in seen]
            ),
        )
        if site.training:
            out.text(
                "data/training-data.json",
                _dump([{"model": n, **site.training[n]} for n in sorted(site.training)]),
            )
    a = site.assessment
    out.text(
        "index.html",
        html_page(
            "index.html.j2",
            page_title=f"Compliance dossier: {a.provider} ({RECIPIENT_LABELS[audience]})",
            provider=a.provider,
            country=a.provider_country,
            as_of=a.as_of.isoformat(),
            audience=RECIPIENT_LABELS[audience],
            audience_note=_AUDIENCE_NOTES[audience],
            confidentiality=CONFIDENTIALITY[audience],
            code_of_practice=[
                (_CHAPTERS.get(k, k), v.replace("_", " "))
                for k, v in sorted(a.code_of_practice.items())
            ],
            models=contexts,
            show_assessment=ai_office,
            training_data=ai_office and bool(site.training),
        ),
    )
    return out.files


def write_root(root: Path, assessment: Assessment) -> int:
    """``OUT/index.html``: which folder goes to whom. It names no item of any document."""
    sites = [
        {
            "folder": audience,
            "label": RECIPIENT_LABELS[audience],
            "note": _AUDIENCE_NOTES[audience],
            "confidential": CONFIDENTIALITY[audience] is not None,
        }
        for audience in AUDIENCES
    ]
    page = html_page(
        "sites.html.j2",
        page_title=f"Compliance dossier: {assessment.provider}",
        provider=assessment.provider,
        as_of=assessment.as_of.isoformat(),
        sites=sites,
    )
    (root / "index.html").write_text(page, encoding="utf-8")
    return 1

"""``build_site``: workspace -> assessment + every document for every recipient -> static site.

The site is written into a temporary sibling directory and renamed into place, so a failed
build never leaves half a site. Malformed answers stop the build before anything is written;
missing answers are shown as gaps. Output is deterministic for the same inputs and date.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gpaikit._exceptions import InputError, Location, WorkspaceError
from gpaikit._io import atomic_directory, dumps_json
from gpaikit._untrusted import load_json, read_bytes
from gpaikit.assess import Assessment, ModelAssessment, assess
from gpaikit.compute import Stage, estimate
from gpaikit.dossier._data import (
    audit_context,
    display,
    find_audit,
    load_audit,
    summary_context,
)
from gpaikit.forms import (
    Document,
    FormContext,
    FormView,
    Problem,
    VersionRecord,
    find_data_summary,
    git_commit,
    json_schema,
    latest_version,
    load_data_summary,
    load_forms,
    load_record,
    prepare,
    unknown_answer_keys,
    view,
    write_record,
)
from gpaikit.forms._versions import record_path
from gpaikit.law import Catalog, load_catalog
from gpaikit.render import form_html, form_markdown, html_page, model_card_markdown
from gpaikit.workspace import Model, Workspace, load_workspace

__all__ = ["LEDGER_DIR", "PROPOSED_FILE", "BuildResult", "build_documents", "build_site"]

LEDGER_DIR = "records/documents"
"""Where a workspace keeps its document version records (commit them; keep 10 years)."""
PROPOSED_FILE = "artifacts/{model}/proposed.json"
"""Proposed values imported from a model card (``gpaikit docs import-card``)."""


@dataclass(frozen=True)
class BuildResult:
    out: Path
    documents: tuple[Document, ...]
    problems: tuple[Problem, ...]
    files: int
    new_versions: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


_CHAPTERS = {
    "transparency": "Transparency",
    "copyright": "Copyright",
    "safety_security": "Safety & Security",
}


def slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-").lower() or "model"


def _natural(identifier: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that puts SS.C2 before SS.C10 (numbers compare as numbers)."""
    parts = re.split(r"(\d+)", identifier)
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)


def _dump(data: Any) -> str:
    return dumps_json(data) + "\n"


def _proposed(workspace: Workspace, model: Model) -> dict[str, Any]:
    if workspace.root is None:
        return {}
    path = workspace.root / PROPOSED_FILE.format(model=slug(model.name))
    if not path.is_file():
        return {}
    data = load_json(
        read_bytes(path, what="proposed values"),
        source=path,
        what="proposed values",
        hint="re-import the model card with `gpaikit docs import-card`",
    )
    if not isinstance(data, dict):
        raise InputError(
            "proposed values must be a JSON object of item IDs",
            location=Location(file=path),
            hint="re-import the model card with `gpaikit docs import-card`",
        )
    return {k: v for k, v in data.items() if k not in model.answers}


def build_documents(
    workspace: Workspace,
    *,
    as_of: dt.date,
    ledger: Path | None,
    catalog: Catalog | None = None,
    data_summaries: Mapping[str, Path] | None = None,
) -> tuple[list[Document], list[Problem]]:
    """Fill every form for every model at its version; reads only (nothing is written)."""
    catalog = catalog or load_catalog()
    documents: list[Document] = []
    problems: list[Problem] = []
    commit: str | None = None
    commit_known = False
    for model in workspace.models:
        summary_path = (data_summaries or {}).get(model.name) or find_data_summary(workspace, model)
        summary = load_data_summary(summary_path) if summary_path else None
        ctx = FormContext(
            workspace, model, catalog, data_summary=summary, proposed=_proposed(workspace, model)
        )
        problems.extend(unknown_answer_keys(ctx))
        for spec in load_forms():
            previous = latest_version(ledger, model.name, spec.id) if ledger else None
            if not commit_known and workspace.root is not None:
                commit, commit_known = git_commit(workspace.root), True
            document = prepare(spec, ctx, previous=previous, date=as_of, commit=commit)
            documents.append(document)
            problems.extend(document.form.problems)
    return documents, problems


def history(ledger: Path | None, document: Document) -> list[dict[str, Any]]:
    """Every recorded version of the document up to the current one (oldest first)."""
    found: dict[int, VersionRecord] = {}
    if ledger is not None:
        folder = record_path(ledger, document.form.model, document.form.spec.id, 1).parent
        if folder.is_dir():
            for path in folder.glob("v*.json"):
                if path.stem[1:].isdigit():
                    found[int(path.stem[1:])] = load_record(path)
    found[document.record.version] = document.record
    return [
        {
            "version": r.version,
            "date": r.date.isoformat(),
            "content_hash": r.content_hash,
            "commit": r.commit,
        }
        for n, r in sorted(found.items())
        if n <= document.record.version
    ]


def _blocking_error(problems: list[Problem]) -> WorkspaceError:
    blocking = [p for p in problems if p.blocking]
    return WorkspaceError(
        f"{len(blocking)} malformed answer(s) in the workspace; nothing was written",
        problems=tuple(
            InputError(f"{p.form} {p.item}: {p.message}", location=p.location, hint=p.hint)
            for p in blocking
        ),
    )


def _classification(m: ModelAssessment) -> list[tuple[str, str]]:
    c = m.classification

    def fact(value: bool | None) -> str:
        return "unknown" if value is None else "yes" if value else "no"

    rows = [
        ("In scope of the AI Act", fact(c.in_scope.value)),
        ("General-purpose AI model", fact(c.gpai.value)),
        ("Role", c.role.replace("_", " ")),
        ("Systemic risk", fact(c.systemic_risk.value)),
        ("Open-source exemption", fact(c.open_source.holds)),
        ("Third-country provider", fact(c.third_country.value)),
        ("Placed before 2 August 2025", fact(c.legacy.value)),
        ("Placed on the Union market", str(m.eu_placement_date or "not declared")),
    ]
    if c.training_compute is not None:
        figure = estimate([Stage(name="assessed", flop=c.training_compute.flop)])
        rows.append(("Training compute (FLOP)", figure.two_significant()))
    return rows


def _model_context(
    m: ModelAssessment,
    docs: list[Document],
    probs: list[Problem],
    card: str | None,
    extensions: tuple[str, ...],
    histories: Mapping[int, list[dict[str, Any]]],
) -> dict[str, Any]:
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
    documents = []
    for d in docs:
        spec = d.form.spec
        base = f"docs/{slug(d.form.model)}/{spec.id}"
        mine = [p for p in probs if p.form == spec.id]
        documents.append(
            {
                "title": spec.title,
                "version": d.record.version,
                "history": ", ".join(
                    f"v{h['version']} ({h['date']})" for h in histories.get(id(d), [])
                ),
                "date": d.record.date.isoformat(),
                "hash_short": d.record.content_hash[:19],
                "retention": d.retention_until.isoformat() if d.retention_until else None,
                "answered": sum(1 for f in d.form.items if f.value is not None),
                "total": len(d.form.items),
                "missing": sum(1 for p in mine if p.kind == "missing"),
                "warnings": sum(1 for p in mine if p.severity == "warning"),
                "views": [
                    {
                        "label": view(d.form, r).recipient_label,
                        "html": f"{base}/{r}.html",
                        "md": f"{base}/{r}.md",
                        "json": f"{base}/{r}.json",
                        "extra": [
                            {"label": ext.upper(), "href": f"{base}/{r}.{ext}"}
                            for ext in extensions
                        ],
                    }
                    for r in spec.recipients
                ],
            }
        )
    return {
        "name": m.name,
        "anchor": "model-" + slug(m.name),
        "classification": _classification(m),
        "obligations": obligations,
        "measures": sorted(measures.values(), key=lambda x: _natural(x["measure"])),
        "documents": documents,
        "card": card,
    }


def _write(root: Path, rel: str, text: str) -> int:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return 1


def binary_renderers() -> dict[str, Callable[[FormView, dict[str, Any]], bytes]]:
    """DOCX and PDF renderers whose optional extras are installed."""
    found: dict[str, Callable[[FormView, dict[str, Any]], bytes]] = {}
    if importlib.util.find_spec("docx") is not None:
        from gpaikit.render._docx import form_docx

        found["docx"] = form_docx
    if importlib.util.find_spec("fpdf") is not None:
        from gpaikit.render._pdf import form_pdf

        found["pdf"] = form_pdf
    return found


def _write_site(
    root: Path,
    assessment: Assessment,
    documents: list[Document],
    problems: list[Problem],
    binary: Mapping[str, Callable[[FormView, dict[str, Any]], bytes]],
    histories: Mapping[int, list[dict[str, Any]]],
    training: Mapping[str, dict[str, Any]],
) -> int:
    files = 0
    contexts = []
    for m in assessment.models:
        docs = [d for d in documents if d.form.model == m.name]
        card = None
        for d in docs:
            spec, meta = d.form.spec, d.meta()
            base = f"docs/{slug(d.form.model)}/{spec.id}"
            for r in spec.recipients:
                v = view(d.form, r)
                files += _write(
                    root, f"{base}/{r}.html", form_html(v, meta, home="../../../index.html")
                )
                files += _write(root, f"{base}/{r}.md", form_markdown(v, meta))
                files += _write(root, f"{base}/{r}.json", _dump(v.to_json(meta)))
                for ext, render in binary.items():
                    (root / f"{base}/{r}.{ext}").write_bytes(render(v, meta))
                    files += 1
            if "downstream_provider" in spec.recipients and spec.id == "mdf":
                card = f"docs/{slug(d.form.model)}/model-card-section.md"
                files += _write(
                    root, card, model_card_markdown(view(d.form, "downstream_provider"), meta)
                )
        mine = [p for d in docs for p in d.form.problems]
        context = _model_context(m, docs, mine, card, tuple(binary), histories)
        found = training.get(m.name, {})
        context["training"] = display(found.get("summary"), found.get("audit"))
        contexts.append(context)
    for spec in load_forms():
        files += _write(root, f"schemas/{spec.id}.schema.json", _dump(json_schema(spec)))
        for r in spec.recipients:
            files += _write(root, f"schemas/{spec.id}.{r}.schema.json", _dump(json_schema(spec, r)))
    files += _write(root, "data/assessment.json", _dump(assessment.model_dump(mode="json")))
    files += _write(
        root,
        "data/documents.json",
        _dump(
            [
                {
                    "model": d.form.model,
                    "form": d.form.spec.id,
                    **d.meta(),
                    "history": histories.get(id(d), []),
                    "values": d.form.values(),
                }
                for d in documents
            ]
        ),
    )
    files += _write(root, "data/problems.json", _dump([p.to_json() for p in problems]))
    if training:
        files += _write(
            root,
            "data/training-data.json",
            _dump([{"model": name, **training[name]} for name in sorted(training)]),
        )
    files += _write(
        root,
        "index.html",
        html_page(
            "index.html.j2",
            page_title=f"Compliance dossier: {assessment.provider}",
            provider=assessment.provider,
            country=assessment.provider_country,
            as_of=assessment.as_of.isoformat(),
            code_of_practice=[
                (_CHAPTERS.get(k, k), v.replace("_", " "))
                for k, v in sorted(assessment.code_of_practice.items())
            ],
            models=contexts,
            training_data=bool(training),
        ),
    )
    return files


def _training_data(
    workspace: Workspace,
    data_summaries: Mapping[str, Path] | None = None,
    audits: Mapping[str, Path] | None = None,
) -> dict[str, dict[str, Any]]:
    """Per model with artefacts: the data summary and the opt-out audit as the site shows them."""
    found: dict[str, dict[str, Any]] = {}
    for model in workspace.models:
        summary_path = (data_summaries or {}).get(model.name) or find_data_summary(workspace, model)
        audit_path = (audits or {}).get(model.name) or find_audit(workspace, model)
        if summary_path is None and audit_path is None:
            continue
        found[model.name] = {
            "summary": summary_context(load_data_summary(summary_path), summary_path, workspace)
            if summary_path
            else None,
            "audit": audit_context(load_audit(audit_path), audit_path, workspace)
            if audit_path
            else None,
        }
    return found


def build_site(
    directory: Path,
    out: Path,
    *,
    as_of: dt.date,
    record: bool = True,
    ledger: Path | None = None,
    data_summaries: Mapping[str, Path] | None = None,
    binary_formats: bool = True,
    audits: Mapping[str, Path] | None = None,
) -> BuildResult:
    """Build the dossier site for the workspace in ``directory`` into ``out`` (replaced whole).

    ``ledger`` defaults to ``<workspace>/records/documents``; with ``record`` new document
    versions are written there after the site was built. ``binary_formats`` adds DOCX and PDF
    when their extras are installed. ``data_summaries`` and ``audits`` (model name -> the
    ``summary.json`` / ``audit.json`` of ``gpaikit data``) override the workspace's
    ``artifacts/`` lookup; the site shows the domain ranking and the opt-out audit found.
    """
    workspace = load_workspace(directory)
    catalog = load_catalog()
    if ledger is None and workspace.root is not None:
        ledger = workspace.root / LEDGER_DIR
    documents, problems = build_documents(
        workspace, as_of=as_of, ledger=ledger, catalog=catalog, data_summaries=data_summaries
    )
    if any(p.blocking for p in problems):
        raise _blocking_error(problems)
    assessment = assess(workspace, as_of=as_of)
    training = _training_data(workspace, data_summaries, audits)
    read = [Path(directory), *(data_summaries or {}).values(), *(audits or {}).values()]
    with atomic_directory(Path(out), command="build", inputs=read) as staging:
        files = _write_site(
            staging,
            assessment,
            documents,
            problems,
            binary_renderers() if binary_formats else {},
            {id(d): history(ledger, d) for d in documents},
            training,
        )
    new = 0
    if record and ledger is not None:
        for d in documents:
            if latest_version(ledger, d.form.model, d.form.spec.id) != d.record:
                write_record(ledger, d.record)
                new += 1
    return BuildResult(Path(out), tuple(documents), tuple(problems), files, new)

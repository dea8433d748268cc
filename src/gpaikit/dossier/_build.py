"""``build_site``: workspace -> assessment + every document -> one static site per audience.

The sites are written into a temporary sibling directory and renamed into place, so a failed
build never leaves half a site. Malformed answers stop the build before anything is written;
missing answers are shown as gaps. Output is deterministic for the same inputs and date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gpaikit._exceptions import InputError, Location, WorkspaceError
from gpaikit._io import atomic_directory
from gpaikit._untrusted import load_json, read_bytes
from gpaikit.assess import DocumentApplicability, assess, safety_anchors
from gpaikit.dossier._checks import consistency_problems, document_evidence
from gpaikit.dossier._data import audit_context, find_audit, load_audit, summary_context
from gpaikit.dossier._manifest import WEIGHTS_DIR
from gpaikit.dossier._sign import document_entry, sign_site
from gpaikit.dossier._site import (
    AUDIENCES,
    Site,
    binary_renderers,
    unique_slugs,
    write_root,
    write_site,
)
from gpaikit.forms import (
    Document,
    FormContext,
    Problem,
    Recipient,
    VersionRecord,
    find_data_summary,
    git_commit,
    latest_version,
    load_artefacts,
    load_data_summary,
    load_forms,
    load_record,
    prepare,
    unknown_answer_keys,
    write_record,
)
from gpaikit.forms._spec import load_form
from gpaikit.forms._versions import record_path
from gpaikit.law import Catalog, load_catalog
from gpaikit.safety import supplied_values
from gpaikit.signing import SigningKey
from gpaikit.weights import find_weights_manifest, load_weights_manifest
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


def proposed_path(workspace: Workspace, model: Model) -> Path:
    """Where ``gpaikit docs import-card`` keeps a model's proposed values."""
    folder = unique_slugs([m.name for m in workspace.models])[model.name]
    return (workspace.root or Path()) / PROPOSED_FILE.format(model=folder)


def _proposed(workspace: Workspace, model: Model) -> dict[str, Any]:
    if workspace.root is None:
        return {}
    path = proposed_path(workspace, model)
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
    """Fill every form each model owes at its version; reads only (nothing is written).

    A form none of whose obligations applies to the model (the assessment's ``documents``) is
    neither filled nor validated: nothing that is not owed is demanded or shown as missing.
    The problems include the consistency rules' violations across each model's documents.
    """
    catalog = catalog or load_catalog()
    assessed = {m.name: m for m in assess(workspace, as_of=as_of, catalog=catalog).models}
    not_owed = {
        name: {d.form for d in m.documents if d.required is False} for name, m in assessed.items()
    }
    documents: list[Document] = []
    problems: list[Problem] = []
    commit: str | None = None
    commit_known = False
    for model in workspace.models:
        summary_path = (data_summaries or {}).get(model.name) or find_data_summary(workspace, model)
        summary = load_data_summary(summary_path) if summary_path else None
        found = assessed[model.name]
        systemic = found.safety is not None
        supplied = (
            supplied_values(
                workspace,
                model,
                catalog,
                as_of,
                anchors=safety_anchors(model, found.classification, catalog),
                report=found.safety,
            )
            if systemic
            else {}
        )
        ctx = FormContext(
            workspace,
            model,
            catalog,
            data_summary=summary,
            proposed=_proposed(workspace, model),
            supplied=supplied,
            artefacts=load_artefacts(workspace, model),
            placement=found.classification.placement.date,
        )
        problems.extend(unknown_answer_keys(ctx))
        for spec in load_forms():
            if (
                spec.id in not_owed[model.name]
                or spec.per != "model"
                or (spec.systemic_risk_only and not systemic)
            ):
                continue
            previous = latest_version(ledger, model.name, spec.id) if ledger else None
            if not commit_known and workspace.root is not None:
                commit, commit_known = git_commit(workspace.root), True
            document = prepare(spec, ctx, previous=previous, date=as_of, commit=commit)
            documents.append(document)
            problems.extend(document.form.problems)
        problems.extend(consistency_problems(ctx, documents, assessed.get(model.name)))
    return documents, problems


def history(ledger: Path | None, document: Document) -> list[dict[str, Any]]:
    """Every recorded version of the document up to the current one (oldest first), with the
    fields of its link in the version chain and its link hash."""
    found: dict[int, VersionRecord] = {}
    if ledger is not None:
        folder = record_path(ledger, document.form.model, document.form.spec.id, 1).parent
        if folder.is_dir():
            for path in folder.glob("v*.json"):
                if path.stem[1:].isdigit():
                    found[int(path.stem[1:])] = load_record(path)
    found[document.record.version] = document.record
    return [
        {**r.link_fields(), "link": r.link()}
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
    sign: SigningKey | None = None,
) -> BuildResult:
    """Build one site per audience for the workspace in ``directory`` into ``out``.

    ``out`` is replaced whole, and only if it is absent, empty or an earlier build (see
    :func:`gpaikit._io.check_output_dir`); ``out/<audience>/`` is each audience's site
    (:data:`AUDIENCES`, layout in :mod:`gpaikit.dossier._site`). ``ledger`` defaults to
    ``<workspace>/records/documents``; with ``record`` new document versions are written there
    after the sites were built. ``binary_formats`` adds DOCX and PDF when their extras are
    installed. ``data_summaries`` and ``audits`` (model name -> the ``summary.json`` /
    ``audit.json`` of ``gpaikit data``) override the workspace's ``artifacts/`` lookup.
    With ``sign``, every audience's site gets its signed manifest (:mod:`gpaikit.dossier._sign`).
    A model's weights manifest (``gpaikit weights digest``) is copied into the sites of the
    audiences that receive the MDF's model-authenticity item.
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
    evidence = document_evidence(
        documents, problems, workspace, ledger=ledger, recording=record and ledger is not None
    )
    assessment = assess(workspace, as_of=as_of, documents=evidence)
    site = Site(
        assessment=assessment,
        documents=documents,
        problems=problems,
        binary=binary_renderers() if binary_formats else {},
        histories={id(d): history(ledger, d) for d in documents},
        training=_training_data(workspace, data_summaries, audits),
        slugs=unique_slugs([m.name for m in workspace.models]),
        workspace_root=workspace.root,
    )
    read = [Path(directory), *(data_summaries or {}).values(), *(audits or {}).values()]
    weights = _weights(workspace, site.slugs)
    files = 0
    with atomic_directory(Path(out), command="build", inputs=read) as staging:
        for audience in AUDIENCES:
            root = staging / audience
            files += write_site(root, audience, site)
            files += _copy_weights(root, audience, weights)
            if sign is not None:
                plan = _site_models(root, audience, site, weights)
                files += sign_site(root, audience, assessment, plan, sign)
        files += write_root(staging, assessment)
    new = 0
    if record and ledger is not None:
        for d in documents:
            if latest_version(ledger, d.form.model, d.form.spec.id) != d.record:
                write_record(ledger, d.record)
                new += 1
    extra = {"key_id": sign.key_id} if sign is not None else {}
    return BuildResult(Path(out), tuple(documents), tuple(problems), files, new, extra)


Weights = dict[str, tuple[str, bytes, str]]
"""Model name -> (site path of its weights manifest, the manifest's bytes, its root digest)."""


def _weights(workspace: Workspace, slugs: Mapping[str, str]) -> Weights:
    found: Weights = {}
    for model in workspace.models:
        path = find_weights_manifest(workspace, model)
        if path is None:
            continue
        manifest = load_weights_manifest(path)
        data = read_bytes(path, what="weights manifest")
        found[model.name] = (f"{WEIGHTS_DIR}/{slugs[model.name]}.json", data, manifest.root_digest)
    return found


def _weights_audiences() -> frozenset[str]:
    """Who receives the weights manifest: the audiences of the MDF's authenticity item."""
    return frozenset(load_form("mdf").item("MDF.GI.03").recipients)


def _copy_weights(root: Path, audience: str, weights: Weights) -> int:
    if audience not in _weights_audiences():
        return 0
    for rel, data, _ in weights.values():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return len(weights)


def _reason(document: DocumentApplicability, audience: Recipient) -> str:
    """Why a document is owed, as an audience's manifest says it: the assessment's reason for
    the AI Office; for the others only the provisions, since the reason can name facts of the
    classification (what is unknown, scope notes) that only the AI Office receives."""
    if audience == "ai_office":
        return document.reason
    owed = "owed" if document.required else "may be owed"
    return f"{owed} under {', '.join(document.citations)}" if document.citations else owed


def _catalog_findings(model: str, problems: Sequence[Problem]) -> dict[str, Any]:
    """The catalog's consistency rules as the build evaluated them for ``model`` (they need
    the workspace, which a reviewer does not have). Their messages quote figures meant for the
    AI Office, so only its manifest carries them."""
    return {
        "rules": [r.id for r in load_catalog().consistency_rules()],
        "findings": [
            {
                "rule": p.rule,
                "severity": p.severity,
                "form": p.form,
                "item": p.item,
                "message": p.message,
            }
            for p in problems
            if p.kind == "inconsistent" and p.model == model
        ],
    }


def _chain(history: list[dict[str, Any]], audience: Recipient) -> list[dict[str, Any]]:
    """The version chain as an audience's manifest gives it. A record's content hash covers
    every item of the document, including those the audience may not see; published, it
    would let anyone confirm a guess of a confidential value (a name, a parameter count). So
    only the AI Office's manifest gives it; the others give each version's link hash, whose
    predecessor links they can still check."""
    if audience == "ai_office":
        return history
    return [{**h, "content_hash": None} for h in history]


def _site_models(
    root: Path, audience: Recipient, site: Site, weights: Weights
) -> list[dict[str, Any]]:
    """Per model, what the audience's signed manifest says the site holds."""
    owed = {
        (m.name, d.form): {"required": d.required, "reason": _reason(d, audience)}
        for m in site.assessment.models
        for d in m.documents
    }
    shown = site.views(audience)
    models = []
    for m in site.assessment.models:
        folder = site.slugs[m.name]
        entries = []
        for d, v in shown:
            if d.form.model != m.name:
                continue
            base = root / "docs" / folder / d.form.spec.id
            files = sorted(p.relative_to(root).as_posix() for p in base.glob(f"{v.recipient}.*"))
            ids = {f.item.id for f in v.items}
            missing = [p.item for p in d.form.problems if p.kind == "missing" and p.item in ids]
            entries.append(
                document_entry(
                    d,
                    v.recipient,
                    owed.get((m.name, d.form.spec.id), {}),
                    files,
                    missing,
                    v.content_hash(),
                    _chain(site.histories.get(id(d), []), audience),
                )
            )
        entry: dict[str, Any] = {"name": m.name, "folder": folder, "documents": entries}
        if audience == "ai_office":
            entry["consistency"] = _catalog_findings(m.name, site.problems)
        if m.name in weights and audience in _weights_audiences():
            rel, _, root_digest = weights[m.name]
            entry["weights"] = {"file": rel, "root_digest": "sha256:" + root_digest}
        models.append(entry)
    return models

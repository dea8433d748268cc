"""The cross-document checks of one model: its filled documents against each other, against
the assessment and against the artefacts (:mod:`gpaikit.forms` consistency rules)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from gpaikit.assess import DocumentEvidence, ModelAssessment
from gpaikit.forms import (
    ConsistencyInputs,
    Document,
    FormContext,
    Problem,
    check_consistency,
    latest_version,
)
from gpaikit.workspace import Workspace

__all__ = ["assessed_flop", "consistency_problems", "document_evidence"]


def assessed_flop(assessed: ModelAssessment | None) -> float | None:
    """The figure the MDF's compute must equal: the modification's for a modifier that became
    provider (its MDF covers the modification only), else the training compute."""
    if assessed is None:
        return None
    c = assessed.classification
    figure = c.modification_compute if c.role == "modifier_provider" else c.training_compute
    return figure.flop if figure is not None else None


def consistency_problems(
    ctx: FormContext, documents: Sequence[Document], assessed: ModelAssessment | None
) -> list[Problem]:
    """Violations of the consistency rules among ``documents`` of ``ctx.model``."""
    forms = {d.form.spec.id: d.form for d in documents if d.form.model == ctx.model.name}
    return check_consistency(ConsistencyInputs(ctx, forms, assessed_flop(assessed)))


def document_evidence(
    documents: Sequence[Document],
    problems: Sequence[Problem],
    workspace: Workspace,
    *,
    ledger: Path | None,
    recording: bool = False,
) -> dict[str, dict[str, DocumentEvidence]]:
    """Per model and form: is the document complete, versioned, published?

    ``recording`` says that the caller writes the current versions to the ledger (``gpaikit
    build``), so they count as recorded.
    """
    found: dict[str, dict[str, DocumentEvidence]] = {}
    for doc in documents:
        form, model = doc.form.spec.id, doc.form.model
        mine = [*doc.form.problems, *(p for p in problems if p.model == model and p.form == form)]
        gaps = [p for p in mine if p.severity == "missing" or p.blocking or _inconsistent(p)]
        latest = latest_version(ledger, model, form) if ledger is not None else None
        recorded = recording or (
            latest is not None and latest.content_hash == doc.record.content_hash
        )
        published = workspace.model(model).published.get(form)
        found.setdefault(model, {})[form] = DocumentEvidence(
            form=form,
            title=doc.form.spec.title,
            version=doc.record.version,
            date=doc.record.date,
            complete=not gaps,
            recorded=recorded,
            published_url=published.url if published else None,
            published_on=published.date if published else None,
        )
    return found


def _inconsistent(problem: Problem) -> bool:
    return problem.kind == "inconsistent" and problem.severity == "error"

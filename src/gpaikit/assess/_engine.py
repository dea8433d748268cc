"""The assessment: workspace + catalog + date -> :class:`Assessment`. Pure and deterministic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from gpaikit import __version__
from gpaikit._exceptions import Location, WorkspaceError
from gpaikit.assess._classify import PROVIDER_ROLES, classify
from gpaikit.assess._dates import key_dates
from gpaikit.assess._deadlines import notification_due
from gpaikit.assess._documents import document_applicability
from gpaikit.assess._model import (
    Assessment,
    Classification,
    ComputeFigure,
    DocumentEvidence,
    ModelAssessment,
    ObligationResult,
    Reason,
    ThresholdWarning,
)
from gpaikit.assess._obligations import evaluate_obligations
from gpaikit.assess._provider import provider_notes
from gpaikit.assess._runs import RunError
from gpaikit.law import Catalog, load_catalog
from gpaikit.safety import Anchors, SafetyReport, assess_safety
from gpaikit.workspace import WORKSPACE_FILE, Model, Workspace

__all__ = ["assess", "assess_model", "safety_anchors"]


def _straddles(
    figure: ComputeFigure, threshold_id: str, catalog: Catalog
) -> ThresholdWarning | None:
    limit = catalog.value(threshold_id)
    if not figure.low <= limit < figure.high:
        return None
    margin = catalog.value("PAR.compute_error_margin")
    side = "above" if figure.flop > limit else "at or below"
    return ThresholdWarning(
        threshold=threshold_id,
        threshold_flop=limit,
        estimate_flop=figure.flop,
        low=figure.low,
        high=figure.high,
        message=(
            f"the ±{margin:.0%} band of {figure.flop:.2e} FLOP "
            f"({figure.low:.2e}-{figure.high:.2e}) "
            f"straddles {limit:.0e} FLOP; the best estimate is {side} it, and the legal test uses "
            "the best estimate: document the method and keep the figure under review"
        ),
    )


def _warnings(c: Classification, catalog: Catalog) -> tuple[ThresholdWarning, ...]:
    found: list[ThresholdWarning | None] = []
    if c.training_compute is not None:
        found.append(_straddles(c.training_compute, "THR.gpai_indicative_compute", catalog))
    if c.cumulative_compute is not None:
        found.append(_straddles(c.cumulative_compute, "THR.systemic_risk_compute", catalog))
    mod, line = c.modification_compute, c.modification_threshold_flop
    threshold = c.modification_threshold
    if mod is not None and line is not None and threshold and mod.low <= line < mod.high:
        margin = catalog.value("PAR.compute_error_margin")
        found.append(
            ThresholdWarning(
                threshold=threshold,
                threshold_flop=line,
                estimate_flop=mod.flop,
                low=mod.low,
                high=mod.high,
                message=f"the ±{margin:.0%} band of the modification compute "
                f"{mod.flop:.2e} FLOP straddles the modification line ({line:.2e} FLOP)",
            )
        )
    return tuple(w for w in found if w is not None)


def _articles(obligations: tuple[ObligationResult, ...]) -> str:
    """ "Art. 53" or "Arts 53, 54 and 55": the articles of the obligations' first basis."""
    found = sorted({o.basis[0].split(".")[1].split("_")[0] for o in obligations if o.basis})
    if len(found) == 1:
        return f"Art. {found[0]}"
    return "Arts " + ", ".join(found[:-1]) + f" and {found[-1]}"


def _summary(c: Classification, obligations: tuple[ObligationResult, ...]) -> Reason:
    """One line: what this model owes under Chapter V, or why nothing."""
    first = c.role_reasons[0] if c.role_reasons else Reason(text="")
    if c.role in ("none", "modifier_not_provider"):
        return Reason(
            text=f"No obligations under Arts 53–55: {first.text}", citations=first.citations
        )
    applying = tuple(o for o in obligations if o.applies is not False)
    dropped = len(obligations) - len(applying)
    if c.role == "unknown":
        return Reason(
            text=f"Whether obligations under Arts 53–55 apply is unknown: {first.text}",
            citations=first.citations,
        )
    kind = "with systemic risk" if c.systemic_risk.value else "without systemic risk"
    who = "modifier that became the provider" if c.role == "modifier_provider" else "provider"
    return Reason(
        text=f"As {who} of a general-purpose AI model {kind}: {len(applying)} obligations "
        f"under {_articles(applying)} apply; {dropped} "
        f"{'does' if dropped == 1 else 'do'} not (listed with reasons)",
        citations=("AIA.3_3", "AIA.2_1_a"),
    )


def _next_steps(
    c: Classification, obligations: tuple[ObligationResult, ...], as_of: dt.date
) -> tuple[str, ...]:
    steps: list[str] = []
    for o in sorted(
        (o for o in obligations if o.status == "overdue"), key=lambda o: o.due_date or as_of
    ):
        steps.append(f"OVERDUE since {o.due_date}: {o.title} ({o.citation})")
    for o in sorted(
        (o for o in obligations if o.status == "not_yet_due"), key=lambda o: o.days_left or 0
    ):
        steps.append(f"due in {o.days_left} days ({o.due_date}): {o.title}")
    for o in obligations:
        if o.status == "unknown":
            why = o.due_note or ", ".join(o.applies_reasons) or "declare its status"
            steps.append(f"cannot judge {o.id}: {why}")
    for o in obligations:
        if o.proposed:
            steps.append(
                f"confirm {o.id} as met ({'; '.join(o.evidence)}): add it under compliance, "
                "or give another status there to override the proposal"
            )
    for fact_name, value, reasons in (
        ("GPAI status", c.gpai.value, c.gpai.reasons),
        ("systemic risk", c.systemic_risk.value, c.systemic_risk.reasons),
        ("scope", c.in_scope.value, c.in_scope.reasons),
    ):
        if value is None and reasons:
            steps.append(f"declare the facts for {fact_name}: {reasons[0].text}")
    if c.gpai.value == "rebuttable":
        steps.append(
            "keep the evidence for the declared generality: the indicative criterion points "
            "the other way (GL §2.1)"
        )
    if c.open_source.holds is None and c.open_source.unknown:
        steps.append(f"open-source exemption undecided: {c.open_source.unknown[0].text}")
    for o in obligations:
        if o.route == "alternative_means" and o.status != "met":
            steps.append(
                f"{o.id}: not a Code signatory for the {o.chapter} chapter; prepare the gap "
                "analysis against its measures (other adequate means)"
            )
            break
    return tuple(steps)


def _safety_steps(safety: SafetyReport | None) -> tuple[str, ...]:
    if safety is None:
        return ()
    return tuple(
        f"OVERDUE since {c.due_date}: {c.subject or c.title} ({c.code_ref})"
        for c in safety.overdue()
    )


def safety_anchors(model: Model, c: Classification, catalog: Catalog) -> Anchors:
    """The dates the safety engine counts from, as this assessment decided them."""
    due = None
    if c.role in PROVIDER_ROLES and c.notification_required.value:
        due = notification_due(model, c, catalog).date
    return Anchors(
        systemic_since=c.systemic_risk_since, placement=c.placement.date, notification_due=due
    )


def assess_model(
    model: Model,
    workspace: Workspace,
    catalog: Catalog,
    as_of: dt.date,
    documents: Mapping[str, DocumentEvidence] | None = None,
) -> ModelAssessment:
    classification = classify(model, workspace.provider, catalog, as_of, workspace.root)
    obligations = evaluate_obligations(
        model, workspace.provider, classification, catalog, as_of, documents
    )
    safety = None
    if classification.systemic_risk.value is True:
        safety = assess_safety(
            workspace, model, catalog, as_of, anchors=safety_anchors(model, classification, catalog)
        )
    summary = _summary(classification, obligations)
    return ModelAssessment(
        name=model.name,
        eu_placement_date=model.eu_placement_date,
        summary=summary,
        classification=classification,
        obligations=obligations,
        dates=key_dates(model, classification, obligations, catalog, as_of, safety),
        documents=document_applicability(catalog, obligations, summary),
        warnings=_warnings(classification, catalog),
        next_steps=_next_steps(classification, obligations, as_of) + _safety_steps(safety),
        safety=safety,
    )


def _migrations(workspace: Workspace) -> tuple[str, ...]:
    file = workspace.root / WORKSPACE_FILE if workspace.root else None
    notes = []
    for path, message in workspace.migrations():
        line = workspace.line_of(*path)
        where = f"{file}:{line}: " if file and line else ""
        notes.append(f"{where}{'.'.join(map(str, path))}: {message}")
    return tuple(notes)


def assess(
    workspace: Workspace,
    *,
    as_of: dt.date,
    catalog: Catalog | None = None,
    model: str | None = None,
    documents: Mapping[str, Mapping[str, DocumentEvidence]] | None = None,
) -> Assessment:
    """Assess every model of ``workspace`` (or only ``model``) as of ``as_of``.

    ``documents`` (model name -> form ID -> evidence, from the forms engine) lets obligations
    met through complete, versioned documents be proposed as met (``proposed``).
    """
    catalog = catalog or load_catalog()
    models = (workspace.model(model),) if model is not None else workspace.models
    cop = workspace.provider.code_of_practice
    results = []
    for m in models:
        try:
            mine = documents.get(m.name, {}) if documents is not None else None
            results.append(assess_model(m, workspace, catalog, as_of, mine))
        except RunError as exc:
            index = workspace.models.index(m)
            path = ("models", index, "training_runs", exc.index)
            file = workspace.root / WORKSPACE_FILE if workspace.root else None
            inner = exc.error.location.field if exc.error.location else None
            field = ".".join(map(str, path)) + (f".{inner.rsplit('.', 1)[-1]}" if inner else "")
            raise WorkspaceError(
                f"training run {exc.index + 1} of model '{m.name}': {exc.error.message}",
                location=Location(file, workspace.line_of(*path), field),
                hint=exc.error.hint,
            ) from None
    return Assessment(
        gpaikit_version=__version__,
        as_of=as_of,
        provider=workspace.provider.legal_name,
        provider_country=workspace.provider.country,
        code_of_practice=cop.model_dump(),
        provider_notes=provider_notes(workspace.provider, catalog, as_of),
        migrations=_migrations(workspace),
        models=tuple(results),
    )

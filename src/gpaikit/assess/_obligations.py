"""Which obligations apply to a model, by which date, by which route, and their status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from gpaikit.assess._deadlines import due_date
from gpaikit.assess._declared import declared_evidence
from gpaikit.assess._model import (
    Classification,
    DocumentEvidence,
    FindingStatus,
    MeasureFinding,
    ObligationResult,
    Reason,
    Status,
)
from gpaikit.assess._proposed import propose
from gpaikit.law import Applicability, Catalog, Measure, Obligation
from gpaikit.workspace import Evidence, Model, Provider

__all__ = ["evaluate_obligations", "facts_of", "holds", "not_applicable_reasons"]


def _and(*values: bool | None) -> bool | None:
    if any(v is False for v in values):
        return False
    if all(v is True for v in values):
        return True
    return None


def facts_of(c: Classification) -> dict[str, bool | None]:
    """The named facts that obligations' ``applies_when`` conditions refer to."""
    provider: bool | None = {
        "provider": True,
        "modifier_provider": True,
        "modifier_not_provider": False,
        "none": False,
        "unknown": None,
    }[c.role]
    exempt = c.open_source.holds
    return {
        "gpai": c.gpai.treated_as,
        "provider": provider,
        "systemic_risk": c.systemic_risk.value,
        "notification_required": c.notification_required.value,
        "open_source_exempt": False if exempt == "not_applicable" else exempt,
        "third_country": c.third_country.value,
        "modifier_provider": None if c.role == "unknown" else c.role == "modifier_provider",
        "legacy": c.legacy.value,
    }


_FACT_LABELS = {
    "gpai": ("not a general-purpose AI model", "a general-purpose AI model"),
    "provider": ("not the provider", "the provider"),
    "systemic_risk": ("no systemic risk", "systemic risk"),
    "notification_required": ("no notification duty", "notification duty"),
    "open_source_exempt": ("the open-source exemption does not hold", "open-source exemption"),
    "third_country": ("established in the Union", "established outside the Union"),
    "modifier_provider": ("not a modifier that became the provider", "modifier that is provider"),
    "legacy": ("placed on or after 2 August 2025", "placed before 2 August 2025"),
}


def _fact_reasons(name: str, c: Classification) -> tuple[Reason, ...]:
    found: dict[str, tuple[Reason, ...]] = {
        "gpai": c.gpai.reasons,
        "provider": c.role_reasons,
        "systemic_risk": c.systemic_risk.reasons,
        "notification_required": c.notification_required.reasons,
        "open_source_exempt": c.open_source.reasons,
        "third_country": c.third_country.reasons,
        "modifier_provider": c.role_reasons,
        "legacy": c.legacy.reasons,
    }
    return found[name]


def not_applicable_reasons(
    condition: Applicability, facts: dict[str, bool | None], c: Classification
) -> tuple[Reason, ...]:
    """Why a condition fails: each fact that makes it false, with the classification's reasons."""
    failing: list[tuple[str, bool]] = [(n, False) for n in condition.all if facts[n] is False]
    failing += [(n, True) for n in condition.none if facts[n] is True]
    if condition.any and all(facts[n] is False for n in condition.any):
        failing += [(n, False) for n in condition.any]
    reasons: list[Reason] = []
    for name, value in failing:
        label = _FACT_LABELS[name][1 if value else 0]
        prefix = "exempt" if value else "not applicable"
        why = _fact_reasons(name, c)
        text = f"{prefix}: {label}" + (f" ({'; '.join(r.text for r in why)})" if why else "")
        cites = tuple(dict.fromkeys(x for r in why for x in r.citations))
        reasons.append(Reason(text=text, citations=cites))
    return tuple(reasons)


def holds(condition: Applicability, facts: dict[str, bool | None]) -> tuple[bool | None, list[str]]:
    """Evaluate a declarative condition three-valued; also return the facts still unknown."""
    values: list[bool | None] = [facts[name] for name in condition.all]
    values += [None if facts[n] is None else not facts[n] for n in condition.none]
    if condition.any:
        options = [facts[n] for n in condition.any]
        values.append(True if True in options else (None if None in options else False))
    unknown = [n for n in (*condition.all, *condition.none, *condition.any) if facts[n] is None]
    return _and(*values), unknown


def _measure_findings(
    obligation: Obligation, model: Model, catalog: Catalog
) -> tuple[MeasureFinding, ...]:
    if obligation.chapter is None:
        return ()
    basis = set(obligation.basis)
    findings = []
    for measure in catalog.measures(obligation.chapter):
        top_level = measure.level == "measure" and measure.parent is None
        if not top_level or measure.nature != "required" or not basis & set(measure.serves):
            continue
        declared = model.measures.get(measure.id)
        findings.append(_finding(measure, declared))
    return tuple(findings)


def _finding(measure: Measure, declared: Evidence | None) -> MeasureFinding:
    status: FindingStatus = declared.status if declared else "unknown"
    return MeasureFinding(
        measure=measure.id,
        title=measure.title,
        citation=measure.citation,
        status=status,
        evidence=declared.evidence if declared else (),
        note=declared.note if declared else None,
    )


def _evidence_status(
    declared: Evidence | None, findings: tuple[MeasureFinding, ...]
) -> tuple[FindingStatus, tuple[str, ...]]:
    """Declared evidence wins; otherwise derive it from the Code measures' findings."""
    if declared is not None:
        return declared.status, declared.evidence
    relevant = [f for f in findings if f.status != "not_applicable"]
    if not relevant or all(f.status == "unknown" for f in relevant):
        return "unknown", ()
    evidence = tuple(e for f in relevant for e in f.evidence)
    if all(f.status == "met" for f in relevant):
        return "met", evidence
    if any(f.status in ("met", "partial") for f in relevant):
        return "partial", evidence
    return "missing", evidence


def _status(
    applies: bool | None, evidence: FindingStatus, due: dt.date | None, rule: str, as_of: dt.date
) -> tuple[Status, int | None]:
    if evidence == "met":
        return "met", None
    if evidence == "not_applicable":
        return "not_applicable", None
    if rule == "continuous":
        return ("unknown" if applies is None else "ongoing"), None
    if due is None or applies is None:
        return "unknown", (due - as_of).days if due else None
    days = (due - as_of).days
    return ("not_yet_due", days) if days >= 0 else ("overdue", days)


def evaluate_obligations(
    model: Model,
    provider: Provider,
    classification: Classification,
    catalog: Catalog,
    as_of: dt.date,
    documents: Mapping[str, DocumentEvidence] | None = None,
) -> tuple[ObligationResult, ...]:
    """Every catalog obligation, in catalog order, for a model that has (or may have) a
    provider under Chapter V: those that do not apply are listed as ``not_applicable`` with the
    reasons. A model without a provider role gets none (the summary says why).

    ``documents`` (form ID -> evidence) lets an obligation whose status is otherwise unknown be
    proposed as met from its complete, versioned (and, where required, published) documents.
    """
    if classification.role in ("none", "modifier_not_provider"):
        return ()
    facts = facts_of(classification)
    results = []
    for obligation in catalog.obligations():
        applies, unknown = holds(obligation.applies_when, facts)
        signed = (
            obligation.chapter is not None
            and getattr(provider.code_of_practice, obligation.chapter) == "signed"
        )
        route = (
            "direct"
            if obligation.chapter is None
            else ("code_of_practice" if signed else "alternative_means")
        )
        common: dict[str, Any] = {
            "id": obligation.id,
            "title": obligation.title,
            "citation": obligation.citation,
            "basis": obligation.basis,
            "route": route,
            "chapter": obligation.chapter,
            "due_rule": obligation.due.rule,
        }
        if applies is False:
            reasons = not_applicable_reasons(obligation.applies_when, facts, classification)
            results.append(
                ObligationResult(
                    **common,
                    applies=False,
                    applies_reasons=tuple(r.text for r in reasons),
                    reasons=reasons,
                    due_date=None,
                    status="not_applicable",
                )
            )
            continue
        due = due_date(obligation, model, classification, catalog)
        declared = declared_evidence(obligation.id, provider, model)
        findings = _measure_findings(obligation, model, catalog)
        evidence_status, evidence = _evidence_status(declared, findings)
        proposal = None
        if evidence_status == "unknown" and documents is not None:
            proposal, _ = propose(obligation, documents)
            if proposal is not None:
                evidence_status, evidence = "met", proposal.evidence
        status, days = _status(applies, evidence_status, due.date, obligation.due.rule, as_of)
        met_on = declared.date if declared is not None and status == "met" else None
        if proposal is not None and status == "met":
            met_on = proposal.date
        late = (met_on - due.date).days if met_on and due.date and met_on > due.date else None
        results.append(
            ObligationResult(
                **common,
                applies=applies,
                applies_reasons=tuple(f"unknown: {name}" for name in unknown),
                due_date=due.date,
                due_note=due.note,
                status=status,
                days_left=days,
                evidence=evidence,
                evidence_status=evidence_status,
                met_on=met_on,
                late_by_days=late,
                measures=findings,
                scope_note=obligation.scope_note_for_modifiers
                if classification.role == "modifier_provider"
                else None,
                proposed=proposal is not None,
            )
        )
    return tuple(results)

"""Result types of an assessment. Immutable, JSON-serialisable, deterministic."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

from gpaikit.safety import SafetyReport

__all__ = [
    "Assessment",
    "Classification",
    "ComputeFigure",
    "Fact",
    "MeasureFinding",
    "ModelAssessment",
    "ObligationResult",
    "OpenSourceResult",
    "ProviderRole",
    "Reason",
    "Status",
    "ThresholdWarning",
]

Status = Literal["met", "not_yet_due", "overdue", "ongoing", "unknown", "not_applicable"]
ProviderRole = Literal["provider", "modifier_provider", "modifier_not_provider", "unknown"]
FindingStatus = Literal["met", "partial", "missing", "not_applicable", "unknown"]


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Reason(_Result):
    """One step of reasoning, with the catalog IDs it rests on."""

    text: str
    citations: tuple[str, ...] = ()


class Fact(_Result):
    """A derived yes / no / unknown fact (``None`` = unknown) and why."""

    value: bool | None
    reasons: tuple[Reason, ...] = ()


class ComputeFigure(_Result):
    """A compute figure used by the classification, with its ±margin band and origin."""

    flop: float
    low: float
    high: float
    origin: str


class OpenSourceResult(_Result):
    """Whether the Art. 53(2) / 54(6) exemption holds, and which conditions fail or are unknown."""

    holds: bool | None
    failing: tuple[Reason, ...] = ()
    unknown: tuple[Reason, ...] = ()


class Classification(_Result):
    in_scope: Fact
    gpai: Fact
    role: ProviderRole
    role_reasons: tuple[Reason, ...]
    systemic_risk: Fact
    systemic_risk_since: dt.date | None
    notification_required: Fact
    open_source: OpenSourceResult
    third_country: Fact
    legacy: Fact
    training_compute: ComputeFigure | None
    cumulative_compute: ComputeFigure | None


class MeasureFinding(_Result):
    """Adherence to one Code measure (signatories) or one gap-analysis line (others)."""

    measure: str
    title: str
    citation: str
    status: FindingStatus
    evidence: tuple[str, ...] = ()
    note: str | None = None


class ObligationResult(_Result):
    id: str
    title: str
    citation: str
    basis: tuple[str, ...]
    applies: bool | None
    applies_reasons: tuple[str, ...] = ()
    route: Literal["code_of_practice", "alternative_means", "direct"]
    chapter: str | None
    due_date: dt.date | None
    due_rule: str
    due_note: str | None = None
    status: Status
    days_left: int | None = None
    evidence: tuple[str, ...] = ()
    evidence_status: FindingStatus = "unknown"
    met_on: dt.date | None = None
    late_by_days: int | None = None
    measures: tuple[MeasureFinding, ...] = ()
    scope_note: str | None = None


class ThresholdWarning(_Result):
    threshold: str
    threshold_flop: float
    estimate_flop: float
    low: float
    high: float
    message: str


class ModelAssessment(_Result):
    name: str
    eu_placement_date: dt.date | None
    classification: Classification
    obligations: tuple[ObligationResult, ...]
    warnings: tuple[ThresholdWarning, ...] = ()
    next_steps: tuple[str, ...] = ()
    safety: SafetyReport | None = None


class Assessment(_Result):
    """Everything `gpaikit assess` reports, for one workspace on one date."""

    gpaikit_version: str
    as_of: dt.date
    provider: str
    provider_country: str
    code_of_practice: dict[str, str]
    provider_notes: tuple[Reason, ...] = ()
    models: tuple[ModelAssessment, ...]

    def has_failures(self) -> bool:
        """True when any applicable obligation or Safety & Security clock (an incident report,
        say) is overdue (what ``--check`` fails on)."""
        return any(o.status == "overdue" for m in self.models for o in m.obligations) or any(
            m.safety is not None and m.safety.overdue() for m in self.models
        )

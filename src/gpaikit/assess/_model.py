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
    "DateFact",
    "DocumentApplicability",
    "DocumentEvidence",
    "Fact",
    "GpaiFact",
    "KeyDates",
    "MeasureFinding",
    "ModelAssessment",
    "ObligationResult",
    "OpenSourceResult",
    "Placement",
    "ProviderRole",
    "Reason",
    "RunCount",
    "Status",
    "ThresholdWarning",
]

Status = Literal["met", "not_yet_due", "overdue", "ongoing", "unknown", "not_applicable"]
ProviderRole = Literal["provider", "modifier_provider", "modifier_not_provider", "none", "unknown"]
FindingStatus = Literal["met", "partial", "missing", "not_applicable", "unknown"]
PlacementStatus = Literal["placed", "planned", "not_placed", "unknown"]


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


class GpaiFact(_Result):
    """Whether the model is a general-purpose AI model (Art. 3(63); GL §2.1).

    ``value`` is ``"rebuttable"`` when the indicative criterion and the declared generality point
    in opposite directions; ``treated_as`` is then the declared generality, which is what gates
    every other Chapter V fact (the provider carries the burden of showing it).
    """

    value: bool | Literal["rebuttable"] | None
    treated_as: bool | None
    reasons: tuple[Reason, ...] = ()


class Placement(_Result):
    """Whether and when the model is placed on the Union market (Art. 3(9); GL §3.1)."""

    status: PlacementStatus
    date: dt.date | None
    reasons: tuple[Reason, ...] = ()


class ComputeFigure(_Result):
    """A compute figure used by the classification, with its ±margin band and origin."""

    flop: float
    low: float
    high: float
    origin: str


class RunCount(_Result):
    """How one declared training run counts (GL Annex A.1): counted toward which notions, or
    left out, and why."""

    name: str
    kind: str
    counted: bool
    notions: tuple[Literal["training", "cumulative"], ...]
    flop: float | None
    reason: Reason


class OpenSourceResult(_Result):
    """Whether the Art. 53(2) / 54(6) exemption holds, and which conditions fail or are unknown.

    ``holds`` is ``"not_applicable"`` when there is nothing to exempt (no Chapter V obligations
    for this model); ``reasons`` then says why, and when it holds, what it exempts.
    """

    holds: bool | Literal["not_applicable"] | None
    failing: tuple[Reason, ...] = ()
    unknown: tuple[Reason, ...] = ()
    reasons: tuple[Reason, ...] = ()


class Classification(_Result):
    in_scope: Fact
    gpai: GpaiFact
    placement: Placement
    role: ProviderRole
    role_reasons: tuple[Reason, ...]
    systemic_risk: Fact
    systemic_risk_since: dt.date | None
    systemic_risk_until: dt.date | None = None
    notification_required: Fact
    open_source: OpenSourceResult
    third_country: Fact
    legacy: Fact
    training_compute: ComputeFigure | None
    cumulative_compute: ComputeFigure | None
    modification_compute: ComputeFigure | None = None
    modification_threshold: str | None = None
    modification_threshold_flop: float | None = None
    runs: tuple[RunCount, ...] = ()


class DateFact(_Result):
    """A date the assessment derives (``None`` = cannot be computed yet), with its basis."""

    date: dt.date | None
    text: str
    citations: tuple[str, ...] = ()


class KeyDates(_Result):
    """Every date and enforcement fact of one model, as structured fields (``None`` = does not
    apply to this model)."""

    placement: DateFact | None = None
    compliance_due: DateFact | None = None
    threshold_foreseen: DateFact | None = None
    threshold_exceeded: DateFact | None = None
    notification_due: DateFact | None = None
    systemic_risk_since: DateFact | None = None
    systemic_risk_until: DateFact | None = None
    representative_due: DateFact | None = None
    representative_retention_until: DateFact | None = None
    framework_confirmation_due: DateFact | None = None
    fines_possible_from: DateFact | None = None
    reassessment_possible_from: DateFact | None = None


class DocumentApplicability(_Result):
    """Whether one form is owed for this model (``None`` = unknown), and why."""

    form: str
    required: bool | None
    reason: str
    obligations: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()


class MeasureFinding(_Result):
    """Adherence to one Code measure (signatories) or one gap-analysis line (others)."""

    measure: str
    title: str
    citation: str
    status: FindingStatus
    evidence: tuple[str, ...] = ()
    note: str | None = None


class DocumentEvidence(_Result):
    """A document of the model as the forms engine left it: the evidence a proposal rests on.

    ``complete``: no required item missing, no malformed answer, no violated consistency rule;
    ``recorded``: this content is a version in the ledger (records/documents), or is being
    recorded by the build; ``published_*``: where and when the model declares it published.
    """

    form: str
    title: str
    version: int
    date: dt.date
    complete: bool
    recorded: bool
    published_url: str | None = None
    published_on: dt.date | None = None


class ObligationResult(_Result):
    id: str
    title: str
    citation: str
    basis: tuple[str, ...]
    applies: bool | None
    applies_reasons: tuple[str, ...] = ()
    reasons: tuple[Reason, ...] = ()
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
    proposed: bool = False
    """``met`` was proposed from complete, versioned (and, where the law asks, published)
    documents; confirm it, or override it, under ``compliance`` in gpaikit.yaml."""


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
    summary: Reason
    classification: Classification
    obligations: tuple[ObligationResult, ...]
    dates: KeyDates = KeyDates()
    documents: tuple[DocumentApplicability, ...] = ()
    warnings: tuple[ThresholdWarning, ...] = ()
    next_steps: tuple[str, ...] = ()
    safety: SafetyReport | None = None

    def document(self, form: str) -> DocumentApplicability | None:
        """The applicability of form ``form`` (``None`` when no obligation is met through it)."""
        return next((d for d in self.documents if d.form == form), None)


class Assessment(_Result):
    """Everything `gpaikit assess` reports, for one workspace on one date."""

    gpaikit_version: str
    as_of: dt.date
    provider: str
    provider_country: str
    code_of_practice: dict[str, str]
    provider_notes: tuple[Reason, ...] = ()
    migrations: tuple[str, ...] = ()
    models: tuple[ModelAssessment, ...]

    def has_failures(self) -> bool:
        """True when any applicable obligation or Safety & Security clock (an incident report,
        say) is overdue (what ``--check`` fails on)."""
        return any(o.status == "overdue" for m in self.models for o in m.obligations) or any(
            m.safety is not None and m.safety.overdue() for m in self.models
        )

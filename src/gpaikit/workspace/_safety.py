"""What a provider of a systemic-risk model declares for the Code's Safety & Security chapter.

One section of ``gpaikit.yaml``, ``safety_security:``, holds the provider-wide Framework
(Commitment 1, with its risks, tiers and acceptance criteria), the governance of Commitment 8,
the settings of the clock engine, the gap-analysis mapping of a non-signatory, and per model the
systemic-risk register, evaluations, mitigations, security and Model Report facts. The engine
(:mod:`gpaikit.safety`) judges them; these models only check their shape. Free-text items of
the Model Report are answered like any document item, under ``models[].answers`` (``SSR.*``).
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from gpaikit._exceptions import InputError, Location, WorkspaceError

__all__ = [
    "BenchmarkComparison",
    "EvaluationSource",
    "EvaluatorCall",
    "EvaluatorFinding",
    "ExternalReport",
    "Framework",
    "FrameworkAssessment",
    "FrameworkVersion",
    "Governance",
    "GraceRequest",
    "ModelReportFacts",
    "ModelSafety",
    "OwnMeasure",
    "ReferenceModel",
    "ReportTrigger",
    "ReportVersion",
    "Responsibility",
    "RiskAssessment",
    "RiskDefinition",
    "RiskEstimate",
    "SafetyDecision",
    "SafetyMitigation",
    "SafetySecurity",
    "SafetySettings",
    "Sample",
    "Scenario",
    "Security",
    "SecurityObjective",
    "Threshold",
    "Tier",
    "UpdateTrigger",
    "check_safety_section",
]

KEY = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
Text = str


def _no_duplicates(values: list[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{what} '{value}' is declared twice")
        seen.add(value)


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class SafetySettings(_Strict):
    """Choices the Code leaves open, kept visible (UNCONFIRMED items are switchable)."""

    day_unit: Literal["calendar", "business"] = Field(
        default="calendar",
        description="how the incident clocks' 'days' count (SS.C9.M9.3.DAY_UNIT, UNCONFIRMED)",
    )
    holidays: tuple[dt.date, ...] = Field(
        default=(), description="public holidays that business-day clocks skip"
    )


# --- Framework (Commitment 1) and acceptance criteria (Commitment 4) -------------------------


class Threshold(_Strict):
    """A measurable tier boundary: an evaluation's score compared with a value (M4.1(a)(ii))."""

    evaluation: str = Field(pattern=KEY)
    op: Literal[">=", ">", "<=", "<"] = ">="
    value: float
    margin: float = Field(
        default=0.0, ge=0, description="safety margin: within it the tier counts as reached"
    )


class Tier(_Strict):
    """A systemic risk tier, defined by capabilities and measured by thresholds."""

    id: str = Field(pattern=KEY)
    name: str
    capability: Text = Field(min_length=1, description="the capability that defines the tier")
    thresholds: tuple[Threshold, ...] = ()
    acceptable: bool = Field(description="risk acceptable at this tier with its mitigations")
    mitigations: Text = Field(
        default="", description="mitigations needed once the tier is reached (M1.1(2)(b))"
    )


class RiskDefinition(_Strict):
    """A systemic risk the Framework covers: one of Appendix 1.4 or provider-identified."""

    id: str = Field(pattern=KEY)
    name: str
    specified: str | None = Field(
        default=None, description="the Appendix 1.4 entry (SS.APP1.4.1-4) for specified risks"
    )
    types: tuple[
        Literal["public_health", "safety", "public_security", "fundamental_rights", "society"], ...
    ] = ()
    description: Text | None = None
    tiers: tuple[Tier, ...] = ()
    acceptance_criteria: Text | None = Field(
        default=None, description="other criteria, only where tiers do not suit (M4.1(b))"
    )
    criteria_reason: Text | None = None
    timeline: Text | None = Field(
        default=None, description="when a model above the highest tier reached is expected"
    )


class FrameworkVersion(_Strict):
    """A version of the Framework: changelog, number and date of change (M1.3)."""

    version: str = Field(min_length=1)
    date: dt.date
    changelog: Text = Field(min_length=1)
    confirmed_on: dt.date | None = None
    ai_office_access_on: dt.date | None = None
    follows_assessment: dt.date | None = None


class FrameworkAssessment(_Strict):
    """A Framework assessment: adequacy (12 months ahead) and adherence (M1.3)."""

    date: dt.date
    adequacy: Text
    adherence: Text
    non_adherence: Text | None = None
    remediation_plan: Text | None = None
    risk_of_non_adherence: bool = False
    update_needed: bool = False
    grounds: Text | None = Field(default=None, description="why it ran before the 12 months")


class UpdateTrigger(_Strict):
    """Reasonable grounds that the Framework's adequacy or adherence is materially undermined."""

    date: dt.date
    kind: Literal["development_change", "serious_incident", "near_miss", "risk_change", "other"]
    description: Text


class Framework(_Strict):
    title: str = "Safety and Security Framework"
    description: Text | None = None
    trigger_points: Text | None = None
    acceptance_use: Text | None = None
    external_input: Text | None = None
    update_process: Text | None = None
    risks: tuple[RiskDefinition, ...] = ()
    versions: tuple[FrameworkVersion, ...] = ()
    assessments: tuple[FrameworkAssessment, ...] = ()
    update_triggers: tuple[UpdateTrigger, ...] = ()
    public_summary_url: str | None = None

    @model_validator(mode="after")
    def _unique(self) -> Framework:
        _no_duplicates([r.id for r in self.risks], "risk id")
        _no_duplicates([v.version for v in self.versions], "framework version")
        return self


# --- Governance (Commitment 8) ---------------------------------------------------------------


class Responsibility(_Strict):
    role: Literal["oversight", "ownership", "support_monitoring", "assurance"]
    holder: str = Field(min_length=1)
    level: Literal[
        "supervisory", "executive", "operational", "internal_assurance", "external_assurance"
    ]
    runs_risk_business: bool | None = Field(
        default=None, description="the holder runs the business that generates the risk"
    )


class Governance(_Strict):
    responsibilities: tuple[Responsibility, ...] = ()
    resources: Text | None = None
    risk_culture: Text | None = None
    whistleblower_notices: tuple[dt.date, ...] = ()
    whistleblower_policy_url: str | None = None


# --- Per model: register, evaluations, mitigations, security, report ------------------------


class Scenario(_Strict):
    id: str = Field(pattern=KEY)
    description: Text = Field(min_length=1)


class RiskEstimate(_Strict):
    """Probability and severity (M3.4), with mitigations and fully elicited (7.3(1)(d))."""

    format: Literal["qualitative", "semi_quantitative", "quantitative"] = "qualitative"
    probability: str
    severity: str
    method: Text | None = None
    fully_elicited: Text | None = None


class BenchmarkComparison(_Strict):
    """A light-weight benchmark score of the model against the reference model's (App. 2.2(2))."""

    name: str
    model_score: float | None = None
    evaluation: str | None = Field(default=None, description="take the model's score from it")
    reference_score: float
    higher_is_more_capable: bool = True
    margin: float = Field(default=0.0, ge=0, description="negligible margin of error")


class ReferenceModel(_Strict):
    """The safe reference model of Appendix 2.1 and the comparison of Appendix 2.2."""

    name: str
    provider: str | None = None
    placed_on: dt.date | None = None
    full_assessment_acceptable: bool = False
    report_received_by_ai_office: bool = False
    visibility: Literal["own_model", "full_information_with_weights", "partial"] = "partial"
    other_grounds_unacceptable: bool = False
    materially_different_scenario: bool = True
    benchmarks: tuple[BenchmarkComparison, ...] = ()
    known_risk_increasing_differences: bool = True
    margin_note: Text | None = None
    lost_on: dt.date | None = None
    replaced_on: dt.date | None = None
    completed_on: dt.date | None = None


class RiskAssessment(_Strict):
    """One entry of the systemic-risk register for one model."""

    risk: str = Field(pattern=KEY)
    identification: Text | None = None
    scenarios: tuple[Scenario, ...] = ()
    sources: tuple[str, ...] = ()
    modelling: Text | None = None
    estimate: RiskEstimate | None = None
    mitigations: tuple[str, ...] = ()
    acceptable: bool | None = None
    justification: Text | None = None
    reference: ReferenceModel | None = None


class EvaluationSource(_Strict):
    """Where an evaluation's results are: an lm-evaluation-harness or Inspect AI log."""

    format: Literal["lm_eval", "inspect"]
    path: str = Field(min_length=1, description="relative to the workspace")
    samples_path: str | None = Field(
        default=None, description="lm-eval: the samples_<task>_*.jsonl of --log_samples"
    )
    task: str | None = Field(default=None, description="lm-eval task name")
    metric: str = Field(min_length=1, description="lm-eval 'acc' / 'acc,none'; Inspect 'accuracy'")
    scorer: str | None = Field(default=None, description="Inspect scorer name")


class Sample(_Strict):
    input: Text
    output: Text
    target: Text | None = None
    score: str | None = None
    id: str | None = None


class Evaluation(_Strict):
    """A model evaluation (M3.2), tied to one risk."""

    id: str = Field(pattern=KEY)
    title: str
    risk: str = Field(pattern=KEY)
    method: Literal[
        "benchmark",
        "qa_set",
        "task_based",
        "red_teaming",
        "human_uplift",
        "open_ended",
        "model_organism",
        "simulation",
        "proxy",
        "other",
    ] = "benchmark"
    team: Literal["internal", "external"] = "internal"
    evaluator: str | None = None
    qualification: Literal["phd", "published_method", "experience", "publications"] | None = None
    experience_years: float | None = Field(default=None, ge=0)
    started_on: dt.date | None = None
    completed_on: dt.date | None = None
    elicitation: Text | None = None
    human_baseline: Text | None = None
    lighter_touch: bool = False
    source: EvaluationSource | None = None
    score: float | None = Field(default=None, description="when no log is imported")
    samples: tuple[Sample, ...] = ()

    @model_validator(mode="after")
    def _dates(self) -> Evaluation:
        if self.started_on and self.completed_on and self.completed_on < self.started_on:
            raise ValueError("completed_on is before started_on")
        return self


class SafetyMitigation(_Strict):
    id: str = Field(pattern=KEY)
    kind: Literal[
        "data_filtering",
        "io_filtering",
        "behaviour",
        "staged_access",
        "tools_for_others",
        "quantitative_guarantees",
        "agent_ecosystem",
        "emerging",
        "other",
    ]
    description: Text
    risks: tuple[str, ...] = ()
    status: Literal["implemented", "planned"] = "implemented"
    limitations: Text | None = None
    adversarial_testing: Text | None = None
    evidence: tuple[str, ...] = ()


class SecurityObjective(_Strict):
    """One Appendix 4 point: met by its point (a) measures, or by an alternative."""

    status: Literal["met", "partial", "missing", "alternative", "not_applicable"]
    evidence: tuple[str, ...] = ()
    alternative: Text | None = None
    justification: Text | None = None


class Security(_Strict):
    goal: Text | None = None
    threat_actors: tuple[Literal["non_state_external", "insider", "state", "other"], ...] = ()
    standards: Text | None = None
    objectives: dict[str, SecurityObjective] = Field(default_factory=dict)
    encryption_bits: int | None = Field(default=None, gt=0)
    keys_on_tpm: bool | None = None
    access_reviews: tuple[dt.date, ...] = ()
    exempt_below_open_weights_model: str | None = Field(
        default=None, description="C6 exemption: a more capable model with public weights"
    )


class GraceRequest(_Strict):
    """Measure 7.7: up to 15 business days' delay, with an interim report given without delay."""

    interim_report_on: dt.date | None = None
    ai_office_good_faith: bool = False


class ReportVersion(_Strict):
    version: str = Field(min_length=1)
    date: dt.date
    changelog: Text = Field(min_length=1)
    confirmed_on: dt.date | None = None
    ai_office_access_on: dt.date | None = None
    full_assessment_on: dt.date | None = None
    grace: GraceRequest | None = None


class ReportTrigger(_Strict):
    """Grounds that the justification of Measure 7.2(1) is materially undermined (7.6)."""

    id: str = Field(pattern=KEY)
    aware_on: dt.date
    kind: Literal[
        "condition_occurred",
        "capability_change",
        "use_change",
        "serious_incident",
        "near_miss",
        "evaluation_validity",
        "other",
    ]
    description: Text
    deliberate_change_release_on: dt.date | None = None


class ExternalReport(_Strict):
    title: str
    kind: Literal["evaluation", "security_review"]
    link: str


class EvaluatorCall(_Strict):
    opened_on: dt.date
    closed_on: dt.date | None = None


class EvaluatorFinding(_Strict):
    evaluator: str
    aware_on: dt.date
    publication_cleared_on: dt.date | None = None
    exceptional_necessity: Text | None = None


class ModelReportFacts(_Strict):
    versions: tuple[ReportVersion, ...] = ()
    most_capable: bool = True
    unchanged_since_last_report: bool = False
    successor: str | None = Field(default=None, description="a more capable model of yours")
    triggers: tuple[ReportTrigger, ...] = ()
    external_reports: tuple[ExternalReport, ...] = ()
    no_external_evaluator: Literal["similarly_safe", "no_qualified_evaluator"] | None = None
    evaluator_calls: tuple[EvaluatorCall, ...] = ()
    evaluator_findings: tuple[EvaluatorFinding, ...] = ()

    @model_validator(mode="after")
    def _unique(self) -> ModelReportFacts:
        _no_duplicates([v.version for v in self.versions], "model report version")
        _no_duplicates([t.id for t in self.triggers], "trigger id")
        return self


class SafetyDecision(_Strict):
    """The proceed / not-proceed determination (M4.2) with its reasons."""

    outcome: Literal["proceed", "restrict", "not_release", "withdraw", "recall"]
    date: dt.date | None = None
    reasons: Text
    external_input: Text | None = None


class ModelSafety(_Strict):
    full_assessment_on: dt.date | None = None
    risks: tuple[RiskAssessment, ...] = ()
    evaluations: tuple[Evaluation, ...] = ()
    mitigations: tuple[SafetyMitigation, ...] = ()
    security: Security = Security()
    model_report: ModelReportFacts = ModelReportFacts()
    decision: SafetyDecision | None = None

    @model_validator(mode="after")
    def _unique(self) -> ModelSafety:
        _no_duplicates([r.risk for r in self.risks], "register risk")
        _no_duplicates([e.id for e in self.evaluations], "evaluation id")
        _no_duplicates([m.id for m in self.mitigations], "mitigation id")
        return self


class OwnMeasure(_Strict):
    """Gap analysis of a non-signatory: the provider's own measure for one Code measure."""

    measure: Text
    evidence: tuple[str, ...] = ()
    coverage: Literal["full", "partial", "none"] = "full"
    note: Text | None = None


class SafetySecurity(_Strict):
    settings: SafetySettings = SafetySettings()
    framework: Framework | None = None
    governance: Governance | None = None
    models: dict[str, ModelSafety] = Field(default_factory=dict)
    own_measures: dict[str, OwnMeasure] = Field(default_factory=dict)


def check_safety_section(
    section: SafetySecurity | None,
    model_names: list[str],
    measure_ids: list[str],
    line_of: Any,
    file: Path,
) -> None:
    """Cross-references the models cannot check alone: model names, risk IDs, Code measures."""
    if section is None:
        return
    problems: list[InputError] = []

    def problem(
        loc: tuple[str | int, ...], message: str, known: list[str], value: str | None = None
    ) -> None:
        close = difflib.get_close_matches(value or str(loc[-1]), known, n=3, cutoff=0.5)
        hint = f"did you mean {' or '.join(close)}?" if close else f"known: {', '.join(known)}"
        field = ".".join(map(str, loc))
        problems.append(
            InputError(message, location=Location(file, line_of(loc), field), hint=hint)
        )

    base: tuple[str | int, ...] = ("safety_security",)
    risks = [r.id for r in section.framework.risks] if section.framework else []
    for name, entry in section.models.items():
        if name not in model_names:
            problem((*base, "models", name), f"no model named '{name}'", model_names)
            continue
        for index, item in enumerate(entry.risks):
            if risks and item.risk not in risks:
                loc = (*base, "models", name, "risks", index, "risk")
                problems.append(
                    InputError(
                        f"risk '{item.risk}' is not defined in safety_security.framework.risks",
                        location=Location(file, line_of(loc), ".".join(map(str, loc))),
                        hint=f"known: {', '.join(risks)}",
                    )
                )
        for key in entry.security.objectives:
            if key not in measure_ids or not key.startswith("SS.APP4."):
                loc = (*base, "models", name, "security", "objectives", key)
                known = [m for m in measure_ids if m.startswith("SS.APP4.")]
                problem(loc, f"'{key}' is not an Appendix 4 point", known)
        if entry.model_report.successor and entry.model_report.successor not in model_names:
            loc = (*base, "models", name, "model_report", "successor")
            successor = entry.model_report.successor
            problem(loc, f"no model named '{successor}'", model_names, successor)
    for key in section.own_measures:
        if key not in measure_ids or not key.startswith("SS."):
            loc = (*base, "own_measures", key)
            known = [m for m in measure_ids if m.startswith("SS.")]
            problem(loc, f"'{key}' is not a Safety & Security measure", known)
    if problems:
        raise WorkspaceError(
            f"{file} has {len(problems)} problem{'s' if len(problems) != 1 else ''}",
            problems=tuple(problems),
        )

"""``assess_safety``: one systemic-risk model -> its Safety & Security clocks and findings.

The assessment engine calls this for models it classified as having systemic risk; the safety
engine does not classify. Every catalog clock with a ``rule`` is computed by the function of
that name below (an explicit registry; a test checks it covers every rule in the catalog).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from gpaikit.law import Catalog, Clock
from gpaikit.safety import _clocks_framework as fw
from gpaikit.safety import _clocks_report as mr
from gpaikit.safety._checks import (
    GapRow,
    ObjectiveRow,
    RoleCheck,
    check_evaluations,
    check_governance,
    gap_analysis,
    security_checklist,
)
from gpaikit.safety._clocks_incidents import incident_clocks
from gpaikit.safety._context import Anchors, SafetyContext
from gpaikit.safety._evals import EvalEvidence, read_inspect_log, read_lm_eval
from gpaikit.safety._register import RiskResult, evaluate_register
from gpaikit.safety._results import ClockResult, SafetyFinding
from gpaikit.workspace import Incident, Model, Workspace, load_incidents

__all__ = ["RULES", "SafetyReport", "assess_safety", "load_evidence", "report_of", "safety_context"]


def _grace(ctx: SafetyContext) -> list[ClockResult]:
    return [
        r
        for r in mr.model_report_access(ctx, with_grace=True)
        if r.clock == "CLOCK.SS.model_report_grace"
    ]


RULES: dict[str, Callable[[SafetyContext], list[ClockResult]]] = {
    "framework_confirmation": fw.framework_confirmation,
    "framework_access": fw.framework_access,
    "framework_assessment": fw.framework_assessment,
    "framework_update": fw.framework_update,
    "framework_horizon": fw.framework_horizon,
    "full_assessment": fw.full_assessment,
    "model_report_created": mr.model_report_created,
    "model_report_access": mr.model_report_access,
    "model_report_grace": _grace,
    "model_report_six_monthly": mr.model_report_six_monthly,
    "model_report_trigger": mr.model_report_trigger,
    "development_outlook": mr.development_outlook,
    "evaluator_disclosure": fw.evaluator_disclosure,
    "evaluator_call": fw.evaluator_call,
    "evaluation_time": fw.evaluation_time,
    "whistleblower_notice": fw.whistleblower_notice,
    "documentation_retention": fw.documentation_retention,
    "reference_model_replacement": fw.reference_model_replacement,
    "access_review": fw.access_review,
    "incident_initial": incident_clocks,
    "incident_intermediate": lambda ctx: [],
    "incident_final": lambda ctx: [],
    "incident_retention": lambda ctx: [],
}
"""Rule name -> function. The four incident rules are computed together by
``incident_initial`` (an incident's clocks depend on each other)."""


class SafetyReport(BaseModel):
    """The Safety & Security chapter for one systemic-risk model (part of the assessment)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    route: str
    clocks: tuple[ClockResult, ...]
    findings: tuple[SafetyFinding, ...]
    risks: tuple[RiskResult, ...] = ()
    security: tuple[ObjectiveRow, ...] = ()
    governance: tuple[RoleCheck, ...] = ()
    gaps: tuple[GapRow, ...] = ()
    similarly_safe_for_every_risk: bool = False

    def overdue(self) -> tuple[ClockResult, ...]:
        return tuple(c for c in self.clocks if c.status == "overdue")


def load_evidence(workspace: Workspace, model: Model, catalog: Catalog) -> dict[str, EvalEvidence]:
    """Read every evaluation log the model's evaluations point to (bounded readers)."""
    section = workspace.safety_security
    facts = section.models.get(model.name) if section else None
    if facts is None or workspace.root is None:
        return {}
    need = int(catalog.value("PAR.SS.samples_per_evaluation"))
    found: dict[str, EvalEvidence] = {}
    for ev in facts.evaluations:
        source = ev.source
        if source is None:
            continue
        path = _inside(workspace.root, source.path)
        if source.format == "lm_eval":
            samples = _inside(workspace.root, source.samples_path) if source.samples_path else None
            found[ev.id] = read_lm_eval(
                path,
                task=source.task,
                metric=source.metric,
                evaluation_id=ev.id,
                samples_path=samples,
                samples=need,
            )
        else:
            found[ev.id] = read_inspect_log(
                path, scorer=source.scorer, metric=source.metric, evaluation_id=ev.id, samples=need
            )
        # documents name the log as the workspace does: an absolute path would publish the
        # builder's file system and make the dossier differ from machine to machine
        found[ev.id] = dataclasses.replace(
            found[ev.id], file=path.relative_to(workspace.root.resolve()).as_posix()
        )
    return found


def _inside(root: Path, relative: str) -> Path:
    from gpaikit._exceptions import InputError, Location

    path = (root / relative).resolve()
    if not path.is_relative_to(root.resolve()):
        raise InputError(
            f"evaluation log path '{relative}' leaves the workspace",
            location=Location(field="safety_security.models.*.evaluations.source"),
            hint="keep evaluation logs inside the workspace (e.g. artifacts/evals/)",
        )
    return path


def safety_context(
    workspace: Workspace,
    model: Model,
    catalog: Catalog,
    as_of: dt.date,
    *,
    anchors: Anchors | None = None,
    incidents: tuple[Incident, ...] | None = None,
) -> SafetyContext:
    if incidents is None:
        incidents = load_incidents(workspace, catalog)
    mine = tuple(i for i in incidents if i.fields.model == model.name)
    return SafetyContext(
        workspace=workspace,
        model=model,
        catalog=catalog,
        as_of=as_of,
        anchors=anchors or Anchors(),
        incidents=mine,
        evidence=load_evidence(workspace, model, catalog),
    )


def _rules_in_order(catalog: Catalog) -> list[str]:
    names: list[str] = []
    for clock in catalog.of_kind(Clock):
        if clock.rule and clock.rule not in names:
            names.append(clock.rule)
    return names


def assess_safety(
    workspace: Workspace,
    model: Model,
    catalog: Catalog,
    as_of: dt.date,
    *,
    anchors: Anchors | None = None,
    incidents: tuple[Incident, ...] | None = None,
) -> SafetyReport:
    """Every clock of the chapter for ``model`` (a systemic-risk model) and what is missing;
    ``anchors`` are the assessment's dates."""
    ctx = safety_context(workspace, model, catalog, as_of, anchors=anchors, incidents=incidents)
    return report_of(ctx)


def report_of(ctx: SafetyContext) -> SafetyReport:
    """The report for a context already gathered (its logs and incidents read once)."""
    workspace, catalog = ctx.workspace, ctx.catalog
    risks, findings = evaluate_register(ctx)
    everywhere = bool(risks) and all(
        r.reference is not None and r.reference.similarly_safe for r in risks
    )
    clocks: list[ClockResult] = []
    for name in _rules_in_order(catalog):
        if name == "model_report_six_monthly":
            clocks.extend(mr.model_report_six_monthly(ctx, similarly_safe_everywhere=everywhere))
        else:
            clocks.extend(RULES[name](ctx))
    security, found = security_checklist(ctx)
    findings.extend(found)
    governance, found = check_governance(ctx)
    findings.extend(found)
    findings.extend(check_evaluations(ctx))
    signed = workspace.provider.code_of_practice.safety_security == "signed"
    return SafetyReport(
        route="code_of_practice" if signed else "alternative_means",
        clocks=tuple(clocks),
        findings=tuple(findings),
        risks=risks,
        security=security,
        governance=governance,
        gaps=() if signed else gap_analysis(ctx),
        similarly_safe_for_every_risk=everywhere,
    )

"""Checks of mitigations (Commitments 5-6, Appendix 4), governance (Commitment 8), evaluation
evidence (Measure 3.2, 7.3(1)(f)) and the gap analysis of a non-signatory."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from gpaikit.safety._context import SafetyContext
from gpaikit.safety._results import SafetyFinding

__all__ = [
    "GapRow",
    "ObjectiveRow",
    "RoleCheck",
    "check_evaluations",
    "check_governance",
    "gap_analysis",
    "security_checklist",
]

APP4_POINT = re.compile(r"^SS\.APP4\.\d\.\d$")


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ObjectiveRow(_Result):
    point: str
    title: str
    status: str
    evidence: tuple[str, ...] = ()
    alternative: str | None = None


class RoleCheck(_Result):
    role: str
    holder: str | None
    presumed_adequate: bool
    reason: str


class GapRow(_Result):
    measure: str
    title: str
    own_measure: str | None
    evidence: tuple[str, ...]
    coverage: str
    scrutiny_risk: bool


def security_checklist(ctx: SafetyContext) -> tuple[tuple[ObjectiveRow, ...], list[SafetyFinding]]:
    """Appendix 4 as a checklist: each point (a) met, or an alternative with its justification."""
    security = ctx.facts.security
    findings: list[SafetyFinding] = []
    rows = []
    exempt = security.exempt_below_open_weights_model
    for measure in ctx.catalog.measures("safety_security"):
        if not APP4_POINT.match(measure.id):
            continue
        declared = security.objectives.get(measure.id)
        status = declared.status if declared else ("not_applicable" if exempt else "undeclared")
        rows.append(
            ObjectiveRow(
                point=measure.id,
                title=measure.title,
                status=status,
                evidence=declared.evidence if declared else (),
                alternative=declared.alternative if declared else None,
            )
        )
        if exempt:
            continue
        if declared is None or declared.status in ("missing", "partial"):
            findings.append(
                SafetyFinding(
                    id=f"app4-{measure.id}",
                    severity="warning",
                    measure=measure.id,
                    message=f"{measure.title}: {status}",
                    subject="security",
                )
            )
        elif declared.status == "alternative" and not (
            declared.alternative and declared.justification
        ):
            findings.append(
                SafetyFinding(
                    id=f"app4-{measure.id}",
                    severity="error",
                    measure="SS.APP4.DEPARTURE",
                    message=f"{measure.id}: a departure needs the alternative and its "
                    "justification in the Model Report",
                    subject="security",
                )
            )
    if exempt:
        findings.append(
            SafetyFinding(
                id="c6-exempt",
                severity="info",
                measure="SS.C6.EXEMPTION",
                message=f"security mitigations not needed: capabilities below {exempt}, whose "
                "weights are publicly downloadable",
                subject="security",
            )
        )
        return tuple(rows), findings
    minimum = ctx.catalog.value("PAR.SS.weight_encryption_bits")
    if security.encryption_bits is None or security.encryption_bits < minimum:
        findings.append(
            SafetyFinding(
                id="app4-encryption",
                severity="warning",
                measure="SS.APP4.2.3",
                message=f"weights encryption declared {security.encryption_bits or 'nowhere'}; "
                f"the Code asks for at least {minimum:.0f}-bit security",
                subject="security",
            )
        )
    if security.keys_on_tpm is not True:
        findings.append(
            SafetyFinding(
                id="app4-tpm",
                severity="warning",
                measure="SS.APP4.2.3",
                message="keys are not declared to be stored on a TPM",
                subject="security",
            )
        )
    for actor in ("non_state_external", "insider"):
        if actor not in security.threat_actors:
            findings.append(
                SafetyFinding(
                    id=f"goal-{actor}",
                    severity="error",
                    measure="SS.C6.M6.1",
                    message=f"the Security Goal does not cover {actor.replace('_', ' ')} threats",
                    subject="security",
                )
            )
    return tuple(rows), findings


_PRESUMED = {
    "oversight": ("supervisory", None, "a committee of the supervisory body or independent body"),
    "ownership": ("executive", True, "executives who also run the risk-generating business"),
    "support_monitoring": ("executive", False, "an executive not running the risk business"),
    "assurance": ("internal_assurance", None, "a head of internal audit or equivalent"),
}


def check_governance(ctx: SafetyContext) -> tuple[tuple[RoleCheck, ...], list[SafetyFinding]]:
    """Measure 8.1: the allocation the Code presumes adequate, role by role (SME variants)."""
    sme = (
        ctx.workspace.provider.size in ("sme", "small_mid_cap")
        or ctx.workspace.provider.microenterprise
    )
    checks = []
    findings = []
    for role, (level, runs, words) in _PRESUMED.items():
        holders = [r for r in ctx.governance.responsibilities if r.role == role]
        ok = any(
            (r.level == level or (sme and role == "assurance" and r.level == "supervisory"))
            and (runs is None or r.runs_risk_business is runs)
            for r in holders
        )
        holder = ", ".join(r.holder for r in holders) or None
        reason = f"presumed adequate: {words}" + (" (SME/SMC variant accepted)" if sme else "")
        checks.append(RoleCheck(role=role, holder=holder, presumed_adequate=ok, reason=reason))
        if not ok:
            findings.append(
                SafetyFinding(
                    id=f"c8-{role}",
                    severity="warning",
                    measure="SS.C8.M8.1.PRESUMPTION",
                    message=f"{role.replace('_', ' ')}: no allocation the Code presumes adequate "
                    f"({words}); explain why yours is adequate",
                    subject="governance",
                )
            )
    return tuple(checks), findings


def check_evaluations(ctx: SafetyContext) -> list[SafetyFinding]:
    """Each evaluation has a score and at least the samples the Model Report needs."""
    need = int(ctx.catalog.value("PAR.SS.samples_per_evaluation"))
    risks = {r.id for r in ctx.framework.risks}
    findings = []
    for ev in ctx.facts.evaluations:
        evidence = ctx.evidence.get(ev.id)
        samples = len(evidence.samples) if evidence is not None else len(ev.samples)
        if risks and ev.risk not in risks:
            findings.append(
                SafetyFinding(
                    id=f"eval-risk-{ev.id}",
                    severity="error",
                    measure="SS.C3.M3.2",
                    message=f"evaluation {ev.id} names unknown risk '{ev.risk}'",
                    subject=ev.id,
                )
            )
        if evidence is None and ev.score is None:
            findings.append(
                SafetyFinding(
                    id=f"eval-score-{ev.id}",
                    severity="warning",
                    measure="SS.C7.M7.3.1.e",
                    message=f"evaluation {ev.id} has no result (import a log or declare score)",
                    subject=ev.id,
                )
            )
        if not ev.lighter_touch and samples < need:
            findings.append(
                SafetyFinding(
                    id=f"eval-samples-{ev.id}",
                    severity="error",
                    measure="SS.C7.M7.3.1.f",
                    message=f"evaluation {ev.id} has {samples} input/output sample(s); the Model "
                    f"Report needs at least {need} random ones",
                    subject=ev.id,
                )
            )
        if ev.team == "external" and ev.qualification is None:
            findings.append(
                SafetyFinding(
                    id=f"eval-qualification-{ev.id}",
                    severity="info",
                    measure="SS.APP3.5.QUALIFICATION",
                    message=f"declare the qualification of the external evaluator of {ev.id}",
                    subject=ev.id,
                )
            )
        years = ctx.catalog.clock("CLOCK.SS.evaluator_experience").years or 0
        if ev.qualification == "experience" and (ev.experience_years or 0) < years:
            findings.append(
                SafetyFinding(
                    id=f"eval-experience-{ev.id}",
                    severity="warning",
                    measure="SS.APP3.4.QUALIFICATIONS",
                    message=f"{ev.id}: {ev.experience_years or 0:g} years of relevant experience, "
                    f"below the indicative {years}",
                    subject=ev.id,
                )
            )
    if ctx.facts.evaluations and not any(
        e.method in ("open_ended", "red_teaming") for e in ctx.facts.evaluations
    ):
        findings.append(
            SafetyFinding(
                id="eval-open-ended",
                severity="warning",
                measure="SS.C3.M3.2",
                message="no open-ended testing (open_ended or red_teaming) declared",
            )
        )
    if ctx.facts.mitigations == ():
        findings.append(
            SafetyFinding(
                id="c5-none",
                severity="warning",
                measure="SS.C5.M5.1",
                message="no safety mitigation declared",
            )
        )
    return findings


def gap_analysis(ctx: SafetyContext) -> tuple[GapRow, ...]:
    """Each Code measure -> the provider's own measure and evidence; gaps are scrutiny risks."""
    rows = []
    own = ctx.section.own_measures
    for measure in ctx.catalog.measures("safety_security"):
        if measure.level != "measure":
            continue
        mine = own.get(measure.id)
        coverage = mine.coverage if mine else "undeclared"
        rows.append(
            GapRow(
                measure=measure.id,
                title=measure.title,
                own_measure=mine.measure if mine else None,
                evidence=mine.evidence if mine else (),
                coverage=coverage,
                scrutiny_risk=coverage in ("none", "partial", "undeclared"),
            )
        )
    return tuple(rows)

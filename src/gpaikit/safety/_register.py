"""The systemic-risk register (Commitments 2-4) and Appendix 2's "similarly safe or safer".

Tiers are the provider's own data (the Code sets no numbers): each tier names thresholds on
evaluation scores; a tier counts as reached when a score meets its threshold, or comes within
the declared safety margin of it (Measure 4.1). A risk is acceptable when no tier is reached or
the highest reached tier is declared acceptable; the model may proceed only when every risk is
acceptable (Measure 4.2).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from gpaikit.law import Measure
from gpaikit.safety._clockwork import shift
from gpaikit.safety._context import SafetyContext
from gpaikit.safety._results import SafetyFinding
from gpaikit.workspace._safety import ReferenceModel, RiskDefinition, Threshold

__all__ = ["ReferenceResult", "RiskResult", "ThresholdResult", "evaluate_register"]


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ThresholdResult(_Result):
    tier: str
    evaluation: str
    op: str
    threshold: float
    margin: float
    score: float | None
    reached: bool | None


class ReferenceResult(_Result):
    """Appendix 2.1 (safe reference model) and 2.2 (similarly safe or safer) for one risk."""

    reference: str
    qualifies: bool
    similarly_safe: bool
    reasons: tuple[str, ...]


class RiskResult(_Result):
    risk: str
    name: str
    specified: str | None
    in_register: bool
    tiers: tuple[str, ...]
    thresholds: tuple[ThresholdResult, ...]
    highest_tier_reached: str | None
    acceptable: bool | None
    declared_acceptable: bool | None
    reference: ReferenceResult | None = None


def _compare(score: float, t: Threshold) -> bool:
    # The margin moves the boundary towards the safe side: within it the tier counts as reached.
    if t.op in (">=", ">"):
        limit = t.value - t.margin
        return score >= limit if t.op == ">=" or t.margin else score > limit
    limit = t.value + t.margin
    return score <= limit if t.op == "<=" or t.margin else score < limit


def _score(ctx: SafetyContext, evaluation: str) -> float | None:
    found = ctx.evidence.get(evaluation)
    if found is not None:
        return float(found.value)
    for ev in ctx.facts.evaluations:
        if ev.id == evaluation:
            return ev.score
    return None


def reference_result(ctx: SafetyContext, ref: ReferenceModel) -> ReferenceResult:
    reasons: list[str] = []
    cutoff = ctx.catalog.date("DATE.code_published")
    placed_before = ref.placed_on is not None and ref.placed_on < cutoff
    assessed = ref.full_assessment_acceptable and ref.report_received_by_ai_office
    ok1 = placed_before or assessed
    reasons.append(
        f"2.1(1) {'met' if ok1 else 'not met'}: "
        + (
            f"placed on {ref.placed_on}, before {cutoff}"
            if placed_before
            else "full assessment acceptable and Model Report received by the AI Office"
            if assessed
            else f"not placed before {cutoff} and no acceptable full assessment reported"
        )
    )
    ok2 = ref.visibility in ("own_model", "full_information_with_weights")
    reasons.append(f"2.1(2) {'met' if ok2 else 'not met'}: visibility '{ref.visibility}'")
    ok3 = not ref.other_grounds_unacceptable
    reasons.append(
        f"2.1(3) {'met' if ok3 else 'not met'}: other grounds "
        f"{'declared' if not ok3 else 'none declared'}"
    )
    qualifies = ok1 and ok2 and ok3
    s1 = not ref.materially_different_scenario
    reasons.append(
        f"2.2(1) {'met' if s1 else 'not met'}: materially different risk scenario "
        f"{'foreseen' if not s1 else 'not foreseen'}"
    )
    s2 = bool(ref.benchmarks)
    for bench in ref.benchmarks:
        score = bench.model_score
        if score is None and bench.evaluation is not None:
            score = _score(ctx, bench.evaluation)
        if score is None:
            s2 = False
            reasons.append(f"2.2(2) {bench.name}: no score for the model")
            continue
        fine = (
            (score <= bench.reference_score + bench.margin)
            if bench.higher_is_more_capable
            else (score >= bench.reference_score - bench.margin)
        )
        s2 = s2 and fine
        reasons.append(
            f"2.2(2) {bench.name}: {score:g} vs reference {bench.reference_score:g} "
            f"(margin {bench.margin:g}): {'not above' if fine else 'above'}"
        )
    if not ref.benchmarks:
        reasons.append("2.2(2) not met: no light-weight benchmark compared")
    s3 = not ref.known_risk_increasing_differences
    reasons.append(
        f"2.2(3) {'met' if s3 else 'not met'}: known risk-increasing differences "
        f"{'declared' if not s3 else 'none'}"
    )
    similar = qualifies and s1 and s2 and s3
    if ref.lost_on is not None and ref.lost_on <= ctx.as_of and ref.replaced_on is None:
        until = shift(
            ref.lost_on, ctx.catalog.clock("CLOCK.SS.reference_model_replacement"), ctx.rules
        )
        if ctx.as_of > until:
            similar = False
            reasons.append(f"reference lost on {ref.lost_on} and not replaced by {until}")
        else:
            reasons.append(f"reference lost on {ref.lost_on}: replace it by {until}")
    return ReferenceResult(
        reference=ref.name, qualifies=qualifies, similarly_safe=similar, reasons=tuple(reasons)
    )


def _specified(ctx: SafetyContext) -> list[Measure]:
    return [
        m
        for m in ctx.catalog.measures("safety_security")
        if m.id.startswith("SS.APP1.4.") and m.id.removeprefix("SS.APP1.4.").isdigit()
    ]


def evaluate_register(ctx: SafetyContext) -> tuple[tuple[RiskResult, ...], list[SafetyFinding]]:
    """Per risk of the Framework: tiers reached, acceptability, Appendix 2; and findings."""
    findings: list[SafetyFinding] = []

    def find(
        fid: str, severity: str, measure: str, message: str, subject: str | None = None
    ) -> None:
        findings.append(
            SafetyFinding(
                id=fid,
                severity=severity,
                measure=measure,
                message=message,
                subject=subject,
            )
        )

    framework = ctx.framework
    defined = {r.id: r for r in framework.risks}
    entries = {e.risk: e for e in ctx.facts.risks}
    covered = {r.specified for r in framework.risks if r.specified}
    for m in _specified(ctx):
        if m.id not in covered:
            find(
                f"specified-{m.id}",
                "error",
                "SS.C2.M2.1.2",
                f"the specified systemic risk {m.title} ({m.id}) is not in the Framework",
            )
    results = []
    for risk in framework.risks:
        results.append(_risk(ctx, risk, entries.get(risk.id), find))
    for name in entries:
        if name not in defined:
            find(
                f"undefined-{name}",
                "error",
                "SS.C4.M4.1",
                f"register risk '{name}' has no tiers or criteria in the Framework",
            )
    acceptable = [r.acceptable for r in results]
    decision = ctx.facts.decision
    if decision is not None and decision.outcome == "proceed" and False in acceptable:
        find(
            "proceed-unacceptable",
            "error",
            "SS.C4.M4.2",
            "the decision is to proceed although a risk is not acceptable: do not release, "
            "restrict, withdraw or recall, add mitigations and assess again",
        )
    if decision is None and results:
        find("no-decision", "warning", "SS.C4.M4.2", "declare the proceed / not-proceed decision")
    return tuple(results), findings


def _risk(ctx: SafetyContext, risk: RiskDefinition, entry: object, find: object) -> RiskResult:
    from gpaikit.workspace._safety import RiskAssessment

    assert callable(find)
    subject = f"risk {risk.id}"
    if risk.specified and not risk.tiers:
        find(
            f"tiers-{risk.id}",
            "error",
            "SS.C4.M4.1.a",
            f"{risk.name} is a specified systemic risk and needs tiers",
            subject,
        )
    if (
        not risk.tiers
        and not risk.specified
        and not (risk.acceptance_criteria and risk.criteria_reason)
    ):
        find(
            f"criteria-{risk.id}",
            "error",
            "SS.C4.M4.1.b",
            f"{risk.name} has neither tiers nor other criteria with the reason tiers do not suit",
            subject,
        )
    thresholds: list[ThresholdResult] = []
    reached_tiers: list[str] = []
    unknown = False
    for tier in risk.tiers:
        if not tier.thresholds:
            find(
                f"measurable-{risk.id}-{tier.id}",
                "warning",
                "SS.C4.M4.1.a",
                f"tier {tier.id} has no measurable threshold",
                subject,
            )
        hits: list[bool | None] = []
        for t in tier.thresholds:
            score = _score(ctx, t.evaluation)
            hit = None if score is None else _compare(score, t)
            hits.append(hit)
            thresholds.append(
                ThresholdResult(
                    tier=tier.id,
                    evaluation=t.evaluation,
                    op=t.op,
                    threshold=t.value,
                    margin=t.margin,
                    score=score,
                    reached=hit,
                )
            )
        if True in hits:
            reached_tiers.append(tier.id)
        elif None in hits:
            unknown = True
    if risk.tiers and len(reached_tiers) == len(risk.tiers):
        find(
            f"unreached-{risk.id}",
            "error",
            "SS.C4.M4.1.a",
            f"every tier of {risk.name} is reached: define at least one tier not reached",
            subject,
        )
    highest = reached_tiers[-1] if reached_tiers else None
    acceptable: bool | None
    if highest is None:
        acceptable = None if unknown else True
    else:
        acceptable = next(t.acceptable for t in risk.tiers if t.id == highest)
    register = entry if isinstance(entry, RiskAssessment) else None
    if register is None:
        find(
            f"register-{risk.id}",
            "error" if risk.specified else "warning",
            "SS.C2.M2.1",
            f"{risk.name} is not in this model's register",
            subject,
        )
    else:
        if not register.scenarios:
            find(
                f"scenarios-{risk.id}",
                "warning",
                "SS.C2.M2.2",
                f"no systemic risk scenario for {risk.name}",
                subject,
            )
        if register.estimate is None:
            find(
                f"estimate-{risk.id}",
                "warning",
                "SS.C3.M3.4",
                f"no probability and severity estimate for {risk.name}",
                subject,
            )
        if register.acceptable is True and acceptable is False:
            find(
                f"determination-{risk.id}",
                "error",
                "SS.C4.M4.1.DECISION",
                f"{risk.name} is declared acceptable but tier {highest} is not",
                subject,
            )
        if not register.justification:
            find(
                f"justification-{risk.id}",
                "warning",
                "SS.C7.M7.2.1",
                f"no justification (with safety margin) for {risk.name}",
                subject,
            )
    evals = [e for e in ctx.facts.evaluations if e.risk == risk.id]
    if not evals:
        find(
            f"evaluations-{risk.id}",
            "warning",
            "SS.C3.M3.2",
            f"no evaluation tied to {risk.name}",
            subject,
        )
    reference = None
    if register is not None and register.reference is not None:
        reference = reference_result(ctx, register.reference)
    return RiskResult(
        risk=risk.id,
        name=risk.name,
        specified=risk.specified,
        in_register=register is not None,
        tiers=tuple(t.id for t in risk.tiers),
        thresholds=tuple(thresholds),
        highest_tier_reached=highest,
        acceptable=acceptable,
        declared_acceptable=register.acceptable if register else None,
        reference=reference,
    )


_ = dt

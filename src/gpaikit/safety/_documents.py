"""Values for the Safety & Security documents (``ss_*`` form specs), computed once here.

The forms engine fills and validates the documents and decides the recipient views; this
module hands it the ``safety.*`` derivations through ``FormContext.supplied``. Every value is
built from the workspace, the imported evaluation logs, the incident log and the clocks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gpaikit.law import Catalog
from gpaikit.safety._clocks_incidents import incident_clocks, retention_until
from gpaikit.safety._context import Anchors, SafetyContext
from gpaikit.safety._engine import SafetyReport, report_of, safety_context
from gpaikit.safety._results import ClockResult
from gpaikit.workspace import Incident, Model, Workspace, load_incidents

__all__ = [
    "incident_reports",
    "incident_rows",
    "incident_timeline",
    "incident_values",
    "supplied_values",
]


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _yes(value: bool | None) -> str:
    return "unknown" if value is None else "yes" if value else "no"


def _clock_text(rows: list[ClockResult]) -> str:
    if not rows:
        return "-"
    parts = []
    for r in rows:
        when = f"due {r.due_date}" if r.due_date else "no date yet"
        met = f", sent {r.met_on}" if r.met_on else ""
        parts.append(f"{when} ({r.status.replace('_', ' ')}{met})")
    return "; ".join(parts)


def incident_rows(
    workspace: Workspace, incident: Incident, catalog: Catalog, as_of: dt.date
) -> list[ClockResult]:
    """The clocks of one incident (a bundled incident follows the one it is bundled into)."""
    model = workspace.model(incident.fields.model or "")
    others = load_incidents(workspace, catalog) if incident.fields.bundled_into else ()
    pool = {i.id: i for i in (*others, incident)}
    ctx = SafetyContext(
        workspace=workspace,
        model=model,
        catalog=catalog,
        as_of=as_of,
        incidents=tuple(pool.values()),
    )
    return [r for r in incident_clocks(ctx) if r.incident == incident.id]


def incident_timeline(incident: Incident) -> list[dict[str, str]]:
    """Dated events of an incident, oldest first: the facts and the log's own records."""
    f = incident.fields
    found: list[tuple[str, int, str]] = []
    if f.started_on:
        found.append((f.started_on.isoformat(), 0, "incident started"))
    if f.aware_on:
        found.append((f.aware_on.isoformat(), 1, "became aware of the model's involvement"))
    if f.ended_on:
        found.append((f.ended_on.isoformat(), 2, "incident ended"))
    for s in incident.submissions:
        to = ", ".join(s.recipients)
        found.append((s.on.isoformat(), 3, f"{s.report} report sent to {to}"))
    if incident.resolution:
        found.append(
            (incident.resolution.on.isoformat(), 4, "resolved (corrective measures adopted)")
        )
    for event in incident.events:
        keys = ", ".join(sorted(event.data)) if event.event in ("opened", "updated") else ""
        what = f"log: {event.event}" + (f" ({keys})" if keys else "")
        found.append((event.at.date().isoformat(), 5, what))
    return [{"date": d, "what": w} for d, _, w in sorted(found)]


def incident_reports(incident: Incident) -> list[dict[str, Any]]:
    return [s.model_dump(mode="json") for s in incident.submissions]


def incident_values(
    incident: Incident, catalog: Catalog, kind: str, on: dt.date | None
) -> dict[str, Any]:
    """The ``safety.incident.*`` values of one report of one incident."""
    f = incident.fields
    sent = [s for s in incident.submissions if s.report == kind]
    date = on or (sent[-1].on if sent else None)
    recipients = sorted({r for s in sent for r in s.recipients} | {"ai_office"})
    recipients += [a for a in (f.authorities or ()) if a not in recipients]
    dates = f"started {f.started_on or 'unknown'}; ended {f.ended_on or 'not yet'}"
    harm = " ".join(x for x in (f.harm, f"Affected: {f.affected}" if f.affected else None) if x)
    types = [catalog.incident_type(t).title for t in f.types or ()]
    model = f.model or ""
    return {
        "safety.incident.report_type": kind,
        "safety.incident.report_date": _iso(date),
        "safety.incident.id": incident.id,
        "safety.incident.types": types,
        "safety.incident.follow_up": kind != "initial",
        "safety.incident.recipients": recipients,
        "safety.incident.dates": dates,
        "safety.incident.harm": harm or None,
        "safety.incident.chain": f.chain_of_events,
        "safety.incident.model": model
        + (f", version {f.model_version}" if f.model_version else ""),
        "safety.incident.involvement": f.involvement,
        "safety.incident.response": f.response,
        "safety.incident.recommendations": f.recommendations,
        "safety.incident.root_cause": f.root_cause,
        "safety.incident.patterns": f.pmm_patterns,
        "safety.incident.missing": f.missing_information,
        "safety.incident.resolution": incident.resolution.corrective_measures
        if incident.resolution
        else None,
    }


def _framework(ctx: SafetyContext, report: SafetyReport) -> dict[str, Any]:
    fw = ctx.framework
    latest = max(fw.versions, key=lambda v: v.date, default=None)
    tiers, mitigations = [], []
    for risk in fw.risks:
        for tier in risk.tiers:
            measured = (
                "; ".join(
                    f"{t.evaluation} {t.op} {t.value:g} (margin {t.margin:g})"
                    for t in tier.thresholds
                )
                or "no threshold"
            )
            tiers.append(
                {
                    "risk": risk.name,
                    "tier": f"{tier.id} {tier.name}",
                    "capability": tier.capability,
                    "measured_by": measured,
                    "acceptable": _yes(tier.acceptable),
                }
            )
            if tier.mitigations:
                mitigations.append(
                    {"risk": risk.name, "tier": tier.id, "mitigations": tier.mitigations}
                )
        if not risk.tiers and risk.acceptance_criteria:
            tiers.append(
                {
                    "risk": risk.name,
                    "tier": "other criteria",
                    "capability": risk.acceptance_criteria,
                    "measured_by": risk.criteria_reason or "-",
                    "acceptable": "-",
                }
            )
    access = [c for c in report.clocks if c.clock == "CLOCK.SS.framework_notification"]
    nxt = [
        c
        for c in report.clocks
        if c.clock == "CLOCK.SS.framework_assessment" and c.status in ("not_yet_due", "overdue")
    ]
    roles = {g.role: g.presumed_adequate for g in report.governance}
    return {
        "safety.framework.version": latest.version if latest else None,
        "safety.framework.date": _iso(latest.date) if latest else None,
        "safety.framework.versions": [
            {
                "version": v.version,
                "date": _iso(v.date),
                "changelog": v.changelog,
                "confirmed_on": _iso(v.confirmed_on),
            }
            for v in fw.versions
        ]
        or None,
        "safety.framework.description": fw.description,
        "safety.framework.trigger_points": fw.trigger_points,
        "safety.framework.tiers": tiers or None,
        "safety.framework.acceptance_use": fw.acceptance_use,
        "safety.framework.tier_mitigations": mitigations or None,
        "safety.framework.timelines": [
            {"risk": r.name, "timeline": r.timeline} for r in fw.risks if r.timeline
        ]
        or None,
        "safety.framework.external_input": fw.external_input,
        "safety.framework.responsibilities": [
            {
                "role": r.role.replace("_", " "),
                "holder": r.holder,
                "level": r.level.replace("_", " "),
                "presumed_adequate": _yes(roles.get(r.role)),
            }
            for r in ctx.governance.responsibilities
        ]
        or None,
        "safety.framework.update_process": fw.update_process,
        "safety.framework.assessments": [
            {
                "date": _iso(a.date),
                "adequacy": a.adequacy,
                "adherence": a.adherence,
                "remediation": a.remediation_plan,
            }
            for a in fw.assessments
        ]
        or None,
        "safety.framework.update_triggers": [
            {"date": _iso(t.date), "kind": t.kind.replace("_", " "), "description": t.description}
            for t in fw.update_triggers
        ]
        or None,
        "safety.framework.next_assessment": _iso(nxt[-1].due_date) if nxt else None,
        "safety.framework.notifications": [
            {
                "version": (c.subject or "").removeprefix("Framework version "),
                "confirmed_on": _iso(c.anchor_date),
                "due": _iso(c.due_date),
                "access_on": _iso(c.met_on),
                "status": c.status.replace("_", " "),
            }
            for c in access
        ]
        or None,
    }


def _register(ctx: SafetyContext, report: SafetyReport) -> dict[str, Any]:
    facts = ctx.facts
    need = int(ctx.catalog.value("PAR.SS.samples_per_evaluation"))
    evaluations, samples = [], []
    for ev in facts.evaluations:
        evidence = ctx.evidence.get(ev.id)
        if evidence is not None:
            result = f"{evidence.metric} = {evidence.value:.4g} ({evidence.task})"
            source = f"{evidence.format}: {evidence.file}"
            if evidence.evaluated_model:
                source += f"; evaluated model {evidence.evaluated_model}"
            drawn = [(s.id, s.input, s.output, s.target, s.score) for s in evidence.samples]
        else:
            result = f"{ev.score:g}" if ev.score is not None else "no result"
            source = "declared"
            drawn = [
                (s.id or str(n), s.input, s.output, s.target, s.score)
                for n, s in enumerate(ev.samples, start=1)
            ]
        evaluations.append(
            {
                "evaluation": ev.title,
                "risk": ev.risk,
                "method": ev.method.replace("_", " "),
                "team": ev.team,
                "result": result,
                "elicitation": ev.elicitation,
                "source": source,
                "samples": f"{len(drawn)} of at least {need}",
            }
        )
        for sid, text_in, text_out, target, score in drawn:
            samples.append(
                {
                    "evaluation": ev.id,
                    "sample": sid,
                    "input": text_in or "-",
                    "output": text_out or "-",
                    "target": target,
                    "score": score,
                }
            )
    entries = {e.risk: e for e in facts.risks}
    names = {r.id: r.name for r in ctx.framework.risks}
    risks = [
        {
            "risk": r.name,
            "specified": r.specified or "no",
            "in_register": _yes(r.in_register),
            "tier_reached": r.highest_tier_reached or "none",
            "acceptable": _yes(r.acceptable),
            "declared": _yes(r.declared_acceptable),
        }
        for r in report.risks
    ]
    scenarios = [
        {"risk": names.get(e.risk, e.risk), "scenario": s.id, "description": s.description}
        for e in facts.risks
        for s in e.scenarios
    ]
    estimates = [
        {
            "risk": names.get(e.risk, e.risk),
            "format": e.estimate.format.replace("_", "-"),
            "probability": e.estimate.probability,
            "severity": e.estimate.severity,
            "fully_elicited": e.estimate.fully_elicited,
        }
        for e in facts.risks
        if e.estimate is not None
    ]
    thresholds = [
        {
            "risk": r.name,
            "tier": t.tier,
            "evaluation": t.evaluation,
            "threshold": f"{t.op} {t.threshold:g} (margin {t.margin:g})",
            "score": "no score" if t.score is None else f"{t.score:.4g}",
            "reached": _yes(t.reached),
        }
        for r in report.risks
        for t in r.thresholds
    ]
    references = [
        {
            "risk": r.name,
            "reference": r.reference.reference,
            "qualifies": _yes(r.reference.qualifies),
            "similarly_safe": _yes(r.reference.similarly_safe),
            "reasons": "; ".join(r.reference.reasons),
        }
        for r in report.risks
        if r.reference is not None
    ]
    decision = facts.decision
    decision_text = None
    if decision is not None:
        decision_text = (
            f"{decision.outcome.replace('_', ' ')}"
            + (f" on {decision.date}" if decision.date else "")
            + f": {decision.reasons}"
        )
    findings = [
        {"severity": f.severity, "measure": f.measure, "message": f.message}
        for f in report.findings
    ]
    return {
        "safety.register.risks": risks or None,
        "safety.register.scenarios": scenarios or None,
        "safety.register.estimates": estimates or None,
        "safety.register.evaluations": evaluations or None,
        "safety.register.thresholds": thresholds or None,
        "safety.register.references": references or None,
        "safety.register.decision": decision_text,
        "safety.register.findings": findings or None,
        "safety.report.evaluations": evaluations or None,
        "safety.report.samples": samples or None,
        "safety.report.justifications": [
            {
                "risk": names.get(e.risk, e.risk),
                "tier_reached": next(
                    (r.highest_tier_reached or "none" for r in report.risks if r.risk == e.risk),
                    "none",
                ),
                "justification": e.justification,
            }
            for e in facts.risks
            if e.justification
        ]
        or None,
        "safety.report.decision": None
        if decision is None
        else " ".join(
            x
            for x in (
                decision_text,
                decision.external_input and f"External input: {decision.external_input}",
            )
            if x
        ),
        "safety.report.identification": "; ".join(
            f"{names.get(e.risk, e.risk)}: {e.identification}"
            for e in facts.risks
            if e.identification
        )
        or None,
        "safety.report.modelling": [
            {"risk": names.get(e.risk, e.risk), "modelling": e.modelling}
            for e in facts.risks
            if e.modelling
        ]
        or None,
        "_entries": entries,
    }


def _report(ctx: SafetyContext, report: SafetyReport) -> dict[str, Any]:
    facts = ctx.facts
    mr = facts.model_report
    security = facts.security
    goal = None
    if security.goal:
        actors = ", ".join(a.replace("_", " ") for a in security.threat_actors) or "none declared"
        goal = f"{security.goal} Threat actors: {actors}."
        if security.standards:
            goal += f" Standards and guidance: {security.standards}"
    objectives = [
        {
            "point": o.point,
            "objective": o.title,
            "status": o.status.replace("_", " "),
            "evidence": ", ".join(o.evidence) or None,
            "alternative": o.alternative,
        }
        for o in report.security
    ]
    clocks = [c for c in report.clocks if (c.code_ref or "").startswith("SS.C7")]
    return {
        "safety.report.versions": [
            {
                "version": v.version,
                "date": _iso(v.date),
                "changelog": v.changelog,
                "access_on": _iso(v.ai_office_access_on),
            }
            for v in mr.versions
        ]
        or None,
        "safety.report.mitigations": [
            {
                "mitigation": m.description,
                "kind": m.kind.replace("_", " "),
                "risks": ", ".join(m.risks) or "-",
                "status": m.status,
                "limitations": m.limitations,
            }
            for m in facts.mitigations
        ]
        or None,
        "safety.report.security_goal": goal,
        "safety.report.security": objectives or None,
        "safety.report.external_reports": [
            {"title": r.title, "kind": r.kind.replace("_", " "), "link": r.link}
            for r in mr.external_reports
        ]
        or None,
        "safety.report.no_external": mr.no_external_evaluator.replace("_", " ")
        if mr.no_external_evaluator
        else None,
        "safety.report.clocks": [
            {
                "clock": c.subject or c.title,
                "due": _iso(c.due_date),
                "status": c.status.replace("_", " "),
                "note": c.note,
            }
            for c in clocks
        ]
        or None,
    }


def _incidents(ctx: SafetyContext, report: SafetyReport) -> dict[str, Any]:
    summary, timeline = [], []
    for incident in ctx.incidents:
        rows = [c for c in report.clocks if c.incident == incident.id]

        def of(clock: str, rows: list[ClockResult] = rows) -> list[ClockResult]:
            return [r for r in rows if r.clock == clock]

        initial = [r for r in rows if r.clock in {t.clock for t in ctx.catalog.incident_types()}]
        _, keep = retention_until(ctx, incident)
        summary.append(
            {
                "incident": incident.id,
                "types": ", ".join(incident.fields.types or ()),
                "aware_on": _iso(incident.fields.aware_on),
                "initial": _clock_text(initial),
                "intermediate": _clock_text(of("CLOCK.SS.incident_intermediate")),
                "final": _clock_text(of("CLOCK.SS.incident_final")),
                "retention": keep.isoformat(),
            }
        )
        for entry in incident_timeline(incident):
            timeline.append({"date": entry["date"], "incident": incident.id, "what": entry["what"]})
    timeline.sort(key=lambda e: (e["date"], e["incident"]))
    unit = ctx.rules.day_unit
    return {
        "safety.incidents.summary": summary or None,
        "safety.incidents.timeline": timeline or None,
        "safety.incidents.day_unit": f"{unit} days (configurable: safety_security.settings."
        "day_unit; the Code's wording is UNCONFIRMED)",
    }


def supplied_values(
    workspace: Workspace,
    model: Model,
    catalog: Catalog,
    as_of: dt.date,
    *,
    anchors: Anchors | None = None,
    report: SafetyReport | None = None,
) -> dict[str, Any]:
    """Every ``safety.*`` derivation of the per-model documents, for ``FormContext.supplied``.

    ``anchors`` are the assessment's dates; ``report`` saves recomputing the clocks when the
    caller has them."""
    ctx = safety_context(workspace, model, catalog, as_of, anchors=anchors)
    if report is None:
        report = report_of(ctx)
    values: dict[str, Any] = {}
    values.update(_framework(ctx, report))
    values.update(_register(ctx, report))
    values.update(_report(ctx, report))
    values.update(_incidents(ctx, report))
    values.pop("_entries", None)
    return values

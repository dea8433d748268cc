"""Clocks of serious-incident reporting (Commitment 9, Measures 9.3 and 9.4).

The initial report is due a number of days after the provider became aware of its model's
involvement, by the incident's type (2/5/10/15 days; the shortest applies when several types
fit, derived reading); intermediate reports follow at least every 4 weeks while the incident is
unresolved; the final report is due 60 days after resolution; documentation is kept 5 years.
Whether "days" are calendar days is UNCONFIRMED (``safety_security.settings.day_unit``).
"""

from __future__ import annotations

import datetime as dt

from gpaikit.safety._clocks_framework import recurring_rows
from gpaikit.safety._clockwork import shift
from gpaikit.safety._context import SafetyContext, make_row
from gpaikit.safety._results import ClockResult
from gpaikit.workspace import Incident

__all__ = ["incident_clocks", "initial_due"]


def _submitted(incident: Incident, kind: str) -> list[dt.date]:
    return sorted(s.on for s in incident.submissions if s.report == kind)


def initial_due(ctx: SafetyContext, incident: Incident) -> tuple[dt.date, str]:
    """The initial report's due date and the clock that decided it."""
    aware = incident.fields.aware_on
    assert aware is not None  # the log reader requires it
    options = []
    for key in incident.fields.types or ():
        clock = ctx.catalog.clock(ctx.catalog.incident_type(key).clock)
        options.append((shift(aware, clock, ctx.rules), clock.id))
    return min(options)


def _unit_note(ctx: SafetyContext) -> str:
    unit = ctx.rules.day_unit
    return f"days counted as {unit} days (SS.C9.M9.3.DAY_UNIT, UNCONFIRMED; settings.day_unit)"


def incident_clocks(ctx: SafetyContext) -> list[ClockResult]:
    """Every clock of every incident of this model."""
    by_id = {i.id: i for i in ctx.incidents}
    rows: list[ClockResult] = []
    for incident in ctx.incidents:
        primary = by_id.get(incident.fields.bundled_into or "", incident)
        rows.extend(_initial(ctx, incident, primary))
        if primary is incident:
            rows.extend(_intermediate(ctx, incident))
            rows.extend(_final(ctx, incident))
        rows.extend(_retention(ctx, incident))
    return rows


def _initial(ctx: SafetyContext, incident: Incident, primary: Incident) -> list[ClockResult]:
    due, clock_id = initial_due(ctx, primary)
    sent = _submitted(primary, "initial")
    note = _unit_note(ctx)
    if primary is not incident:
        note = f"bundled into {primary.id}: reported with it, on its deadlines; {note}"
    types = ", ".join(incident.fields.types or ())
    return [
        make_row(
            ctx,
            clock_id,
            key=incident.id,
            subject=f"incident {incident.id}: initial report ({types})",
            incident=incident.id,
            anchor_date=primary.fields.aware_on,
            due=due,
            met_on=sent[0] if sent else None,
            note=note,
        )
    ]


def _intermediate(ctx: SafetyContext, incident: Incident) -> list[ClockResult]:
    clock_id = "CLOCK.SS.incident_intermediate"
    initial = _submitted(incident, "initial")
    resolved = incident.resolution.on if incident.resolution else None
    subject = f"incident {incident.id}: intermediate report"
    if not initial:
        if resolved is not None:
            return []
        return [
            make_row(
                ctx,
                clock_id,
                key=incident.id,
                subject=subject,
                incident=incident.id,
                status="unknown",
                note="runs from the initial report, not yet sent",
            )
        ]
    done = _submitted(incident, "intermediate") + _submitted(incident, "final")
    rows = recurring_rows(
        ctx,
        clock_id,
        initial[0],
        done,
        subject=subject,
        stop=resolved,
        note="while unresolved",
    )
    return [
        r.model_copy(update={"id": f"{r.id}@{incident.id}", "incident": incident.id}) for r in rows
    ]


def _final(ctx: SafetyContext, incident: Incident) -> list[ClockResult]:
    clock_id = "CLOCK.SS.incident_final"
    subject = f"incident {incident.id}: final report"
    if incident.resolution is None:
        return [
            make_row(
                ctx,
                clock_id,
                key=incident.id,
                subject=subject,
                incident=incident.id,
                status="info",
                note="due 60 days after the incident is resolved",
            )
        ]
    resolved = incident.resolution.on
    sent = _submitted(incident, "final")
    return [
        make_row(
            ctx,
            clock_id,
            key=incident.id,
            subject=subject,
            incident=incident.id,
            anchor_date=resolved,
            due=shift(resolved, ctx.catalog.clock(clock_id), ctx.rules),
            met_on=sent[0] if sent else None,
            note=_unit_note(ctx),
        )
    ]


def retention_until(ctx: SafetyContext, incident: Incident) -> tuple[dt.date, dt.date]:
    """Measure 9.4: 5 years from the later of the documentation date and the incident date."""
    documented = incident.events[-1].at.date()
    fields = incident.fields
    happened = fields.ended_on or fields.started_on or fields.aware_on or documented
    anchor = max(documented, happened)
    return anchor, shift(anchor, ctx.catalog.clock("CLOCK.SS.incident_retention"), ctx.rules)


def _retention(ctx: SafetyContext, incident: Incident) -> list[ClockResult]:
    anchor, until = retention_until(ctx, incident)
    return [
        make_row(
            ctx,
            "CLOCK.SS.incident_retention",
            key=incident.id,
            subject=f"incident {incident.id}: keep the documentation",
            incident=incident.id,
            anchor_date=anchor,
            due=until,
            status="info",
        )
    ]

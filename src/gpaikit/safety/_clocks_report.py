"""Clocks of the Safety and Security Model Report (Commitment 7)."""

from __future__ import annotations

import datetime as dt

from gpaikit.safety._clocks_framework import recurring_rows
from gpaikit.safety._clockwork import add_months, shift
from gpaikit.safety._context import SafetyContext, make_row
from gpaikit.safety._results import ClockResult
from gpaikit.workspace._safety import ReportVersion

__all__ = [
    "development_outlook",
    "model_report_access",
    "model_report_created",
    "model_report_six_monthly",
    "model_report_trigger",
]


def model_report_created(ctx: SafetyContext) -> list[ClockResult]:
    """SS.C7.GENERAL: the Model Report exists before placement."""
    clock_id = "CLOCK.SS.model_report_before_placement"
    due, note = ctx.placement_due(ctx.catalog.clock(clock_id))
    versions = ctx.facts.model_report.versions
    created = min((v.date for v in versions), default=None)
    return [
        make_row(
            ctx,
            clock_id,
            subject="Model Report",
            anchor_date=ctx.placed_on,
            due=due,
            met_on=created,
            note=note,
        )
    ]


def _grace(
    ctx: SafetyContext, version: ReportVersion, base: dt.date | None
) -> tuple[dt.date | None, ClockResult | None]:
    """Measure 7.7 grace: the extended due date and a row for the interim report, if asked."""
    clock_id = "CLOCK.SS.model_report_grace"
    grace = version.grace
    if grace is None or base is None:
        return base, None
    key = f"report-{version.version}"
    subject = f"Model Report version {version.version}: interim report (7.2 and 7.5 content)"
    interim = grace.interim_report_on
    if not grace.ai_office_good_faith:
        note = "not available: the AI Office has not found the provider acting in good faith"
        return base, make_row(
            ctx,
            clock_id,
            key=key,
            subject=subject,
            status="not_applicable",
            anchor_date=base,
            note=note,
        )
    if interim is None or interim > base:
        why = "no interim report declared" if interim is None else f"interim report on {interim}"
        row = make_row(
            ctx,
            clock_id,
            key=key,
            subject=subject,
            anchor_date=base,
            due=base,
            met_on=interim if interim is not None and interim <= base else None,
            note=f"grace needs an interim report without delay (by {base}, derived reading); "
            f"{why}: the undelayed date applies",
        )
        return base, row
    extended = shift(base, ctx.catalog.clock(clock_id), ctx.rules)
    row = make_row(
        ctx,
        clock_id,
        key=key,
        subject=subject,
        anchor_date=base,
        due=base,
        met_on=interim,
        note=f"grace granted: access due by {extended} (15 business days after {base})",
    )
    return extended, row


def model_report_access(ctx: SafetyContext, *, with_grace: bool = False) -> list[ClockResult]:
    """SS.C7.M7.7.INITIAL and .UPDATE: AI Office access by placement, updates +5 business days;
    SS.C7.M7.7.GRACE: up to 15 business days more with an interim report."""
    versions = sorted(ctx.facts.model_report.versions, key=lambda v: v.date)
    rows: list[ClockResult] = []
    initial_id = "CLOCK.SS.model_report_access_initial"
    update_id = "CLOCK.SS.model_report_update_notification"
    base, note = ctx.placement_due(ctx.catalog.clock(initial_id))
    first = versions[0] if versions else None
    due, grace_row = _grace(ctx, first, base) if first else (base, None)
    rows.append(
        make_row(
            ctx,
            initial_id,
            subject=f"Model Report version {first.version}" if first else "Model Report",
            anchor_date=ctx.placed_on,
            due=due,
            met_on=first.ai_office_access_on if first else None,
            note=note,
        )
    )
    if grace_row is not None and with_grace:
        rows.append(grace_row)
    update_clock = ctx.catalog.clock(update_id)
    for version in versions[1:]:
        subject = f"Model Report version {version.version}"
        key = f"report-{version.version}"
        if version.confirmed_on is None:
            rows.append(
                make_row(
                    ctx,
                    update_id,
                    key=key,
                    subject=subject,
                    status="unknown",
                    note="declare confirmed_on: the clock runs from confirmation",
                )
            )
            continue
        base = shift(version.confirmed_on, update_clock, ctx.rules)
        due, grace_row = _grace(ctx, version, base)
        rows.append(
            make_row(
                ctx,
                update_id,
                key=key,
                subject=subject,
                anchor_date=version.confirmed_on,
                due=due,
                met_on=version.ai_office_access_on,
            )
        )
        if grace_row is not None and with_grace:
            rows.append(grace_row)
    return rows


def model_report_six_monthly(
    ctx: SafetyContext, *, similarly_safe_everywhere: bool = False
) -> list[ClockResult]:
    """SS.C7.M7.6.SIX_MONTHLY: at least every 6 months for the most capable models, unless an
    exception holds (unchanged; a more capable model within a month; similarly safe or safer
    for every risk)."""
    clock_id = "CLOCK.SS.model_report_six_monthly"
    facts = ctx.facts.model_report
    if not facts.most_capable:
        return [
            make_row(
                ctx,
                clock_id,
                status="not_applicable",
                note="not among the provider's most capable models on the market",
            )
        ]
    given = sorted(v.ai_office_access_on for v in facts.versions if v.ai_office_access_on)
    if not given:
        return [
            make_row(
                ctx,
                clock_id,
                status="unknown",
                note="runs from the last Model Report given to the AI Office "
                "(ai_office_access_on, derived anchor)",
            )
        ]
    rows = recurring_rows(ctx, clock_id, given[0], given[1:], subject="Model Report update")
    open_row = rows[-1]
    if open_row.status in ("met",) or open_row.due_date is None:
        return rows
    reason = _exception(ctx, open_row.due_date, open_row.anchor_date, similarly_safe_everywhere)
    if reason is not None:
        rows[-1] = open_row.model_copy(
            update={"status": "not_applicable", "days_left": None, "note": reason}
        )
    return rows


def _exception(
    ctx: SafetyContext, due: dt.date, start: dt.date | None, similarly_safe: bool
) -> str | None:
    facts = ctx.facts.model_report
    if facts.unchanged_since_last_report:
        return (
            "exception 1: capabilities, propensities and affordances unchanged since the last "
            "report"
        )
    if facts.successor:
        successor = ctx.workspace.model(facts.successor)
        placed = successor.eu_placement_date
        window = ctx.catalog.clock("CLOCK.SS.more_capable_model_exception")
        limit = add_months(due, window.months or 0)
        if placed is not None and (start is None or placed > start) and placed < limit:
            return (
                f"exception 2: the more capable {successor.name} is placed on {placed}, less than "
                f"a month after the due date {due}"
            )
    if similarly_safe:
        return "exception 3: similarly safe or safer (Appendix 2.2) for every identified risk"
    return None


def model_report_trigger(ctx: SafetyContext) -> list[ClockResult]:
    """SS.C7.M7.6.TIMING: update within a reasonable time of the grounds; before a deliberate
    change goes on the market, with the full assessment."""
    rows = []
    versions = ctx.facts.model_report.versions
    before = ctx.catalog.clock("CLOCK.SS.model_report_before_change")
    for trigger in ctx.facts.model_report.triggers:
        updates = [v for v in versions if v.date >= trigger.aware_on]
        met = min((v.date for v in updates), default=None)
        subject = f"Model Report update for {trigger.id} ({trigger.kind})"
        if trigger.deliberate_change_release_on is not None:
            due = shift(trigger.deliberate_change_release_on, before, ctx.rules)
            assessed = [v for v in updates if v.full_assessment_on is not None]
            note = None if assessed or met is None else "declare full_assessment_on of the update"
            rows.append(
                make_row(
                    ctx,
                    before.id,
                    key=trigger.id,
                    subject=subject,
                    anchor_date=trigger.deliberate_change_release_on,
                    due=due,
                    met_on=met,
                    note=note,
                )
            )
            continue
        rows.append(
            make_row(
                ctx,
                "CLOCK.SS.model_report_triggered_update",
                key=trigger.id,
                subject=subject,
                anchor_date=trigger.aware_on,
                met_on=met,
                status="met" if met is not None and met <= ctx.as_of else "pending",
                note="with the underlying full assessment",
            )
        )
    return rows


def development_outlook(ctx: SafetyContext) -> list[ClockResult]:
    """SS.C7.M7.3.4: the report's development outlook covers the next 6 months."""
    clock_id = "CLOCK.SS.development_outlook"
    versions = ctx.facts.model_report.versions
    if not versions:
        return []
    last = max(v.date for v in versions)
    due = shift(last, ctx.catalog.clock(clock_id), ctx.rules)
    return [make_row(ctx, clock_id, anchor_date=last, due=due, status="info")]

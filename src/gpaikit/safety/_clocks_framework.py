"""Clocks of the Framework (Commitment 1), governance, security and evaluations.

Each function is one ``rule`` named by clocks in the catalog (``clocks_code.yaml``); it reads
its clock's period from the catalog and the anchors from the workspace.
"""

from __future__ import annotations

import datetime as dt

from gpaikit.safety._clockwork import earliest_due, recurring_due, shift
from gpaikit.safety._context import SafetyContext, make_row
from gpaikit.safety._results import ClockResult

__all__ = [
    "access_review",
    "documentation_retention",
    "evaluation_time",
    "evaluator_call",
    "evaluator_disclosure",
    "framework_access",
    "framework_assessment",
    "framework_confirmation",
    "framework_horizon",
    "framework_update",
    "full_assessment",
    "recurring_rows",
    "reference_model_replacement",
    "whistleblower_notice",
]

HISTORY = 3
"""Met periods of a recurring clock shown before the open one."""


def framework_confirmation(ctx: SafetyContext) -> list[ClockResult]:
    """SS.C1.M1.1.CONFIRM_BY: the earlier of notification + 4 weeks and placement - 2 weeks.

    The one computation of this date: ``gpaikit assess`` shows it as a key date too. While the
    notification date is not declared the latest Art. 52(1) date stands in for it (derived:
    the Framework is due at the latest then). A model placed before it had systemic risk has
    no "before placement" date left; one placed before 2 August 2025 owes it by the Art. 111(3)
    date at the earliest (derived reading, as the obligations engine does).
    """
    clock_id = "CLOCK.SS.framework_confirmation"
    clock = ctx.catalog.clock(clock_id)
    after, before = clock.earliest_of
    placed = ctx.placed_on
    since = ctx.systemic_since
    placed_first = placed is not None and since is not None and since > placed
    notified = ctx.model.systemic_risk.notified_on
    anchors = {
        after: notified or ctx.notification_due,
        before: None if placed_first else placed,
    }
    due, decided, unknown = earliest_due(clock, anchors, ctx.catalog, ctx.rules)
    notes: list[str] = []
    if decided is not None:
        which = "the Art. 52(1) notification" if decided == after else "placement"
        notes.append(f"earliest of the two: the date from {which} applies")
    if notified is None and anchors[after] is not None:
        notes.append(
            f"the notification date is not declared: the latest notification date, "
            f"{anchors[after]}, stands in (derived)"
        )
    if unknown and due is not None:
        missing = "systemic_risk.notified_on" if after in unknown else "eu_placement_date"
        notes.append(f"at the latest: declare {missing} for the other date")
    elif unknown:
        notes.append("declare systemic_risk.notified_on or eu_placement_date")
    if placed_first:
        notes.append("placed before it had systemic risk: only the notification date applies")
    if due is not None and ctx.legacy:
        legacy = ctx.catalog.date("DATE.legacy_deadline")
        if due < legacy:
            due = legacy
            notes.append("placed before 2 Aug 2025: Art. 111(3) date (derived reading)")
    confirmed = [v.confirmed_on for v in ctx.framework.versions if v.confirmed_on is not None]
    return [
        make_row(
            ctx,
            clock_id,
            subject="Framework",
            anchor_date=anchors[after] or anchors[before],
            due=due,
            met_on=min(confirmed) if confirmed else None,
            note="; ".join(notes) or None,
        )
    ]


def framework_access(ctx: SafetyContext) -> list[ClockResult]:
    """SS.C1.M1.4: AI Office access to the Framework and each update, 5 business days."""
    clock_id = "CLOCK.SS.framework_notification"
    clock = ctx.catalog.clock(clock_id)
    rows = []
    for version in ctx.framework.versions:
        subject = f"Framework version {version.version}"
        if version.confirmed_on is None:
            rows.append(
                make_row(
                    ctx,
                    clock_id,
                    key=f"framework-{version.version}",
                    subject=subject,
                    status="unknown",
                    note="declare confirmed_on: the clock runs from confirmation",
                )
            )
            continue
        rows.append(
            make_row(
                ctx,
                clock_id,
                key=f"framework-{version.version}",
                subject=subject,
                anchor_date=version.confirmed_on,
                due=shift(version.confirmed_on, clock, ctx.rules),
                met_on=version.ai_office_access_on,
            )
        )
    if not rows:
        rows.append(
            make_row(
                ctx,
                clock_id,
                subject="Framework",
                status="unknown",
                note="declare safety_security.framework.versions",
            )
        )
    return rows


def recurring_rows(
    ctx: SafetyContext,
    clock_id: str,
    anchor: dt.date,
    done: list[dt.date],
    *,
    subject: str,
    stop: dt.date | None = None,
    note: str | None = None,
) -> list[ClockResult]:
    """Rows for the last met periods and the open period of a recurring clock."""
    clock = ctx.catalog.clock(clock_id)
    periods = recurring_due(anchor, clock, done, ctx.as_of, ctx.rules, stop=stop)
    rows = []
    for period in periods[-(HISTORY + 1) :]:
        rows.append(
            make_row(
                ctx,
                clock_id,
                key=period.due.isoformat(),
                subject=subject,
                anchor_date=period.start,
                due=period.due,
                met_on=period.met_on,
                note=note,
            )
        )
    return rows


def framework_assessment(ctx: SafetyContext) -> list[ClockResult]:
    """SS.C1.M1.3.CADENCE: every 12 months from placement, again from each assessment."""
    clock_id = "CLOCK.SS.framework_assessment"
    anchor = ctx.cadence_start()
    if anchor is None:
        return [make_row(ctx, clock_id, status="unknown", note="declare eu_placement_date")]
    done = [a.date for a in ctx.framework.assessments if a.date >= anchor]
    rows = recurring_rows(
        ctx,
        clock_id,
        anchor,
        list(done),
        subject="Framework assessment",
        note="restarts from each assessment (derived reading of 'every 12 months')",
    )
    last = max(done, default=anchor)
    grounds = [t for t in ctx.framework.update_triggers if t.date > last and t.date <= ctx.as_of]
    for trigger in grounds:
        rows.append(
            make_row(
                ctx,
                clock_id,
                key=f"grounds-{trigger.date.isoformat()}",
                subject=f"Framework assessment on reasonable grounds ({trigger.kind})",
                anchor_date=trigger.date,
                status="pending",
                note="earlier than 12 months: reasonable grounds declared on "
                f"{trigger.date}, whichever comes first",
            )
        )
    return rows


def framework_update(ctx: SafetyContext) -> list[ClockResult]:
    """SS.C1.M1.3.UPDATE: update without undue delay after an assessment that calls for it."""
    clock_id = "CLOCK.SS.framework_update"
    rows = []
    for assessment in ctx.framework.assessments:
        if not assessment.update_needed:
            continue
        later = [v.date for v in ctx.framework.versions if v.date >= assessment.date]
        met = min(later) if later else None
        rows.append(
            make_row(
                ctx,
                clock_id,
                key=assessment.date.isoformat(),
                subject=f"Framework update after the assessment of {assessment.date}",
                anchor_date=assessment.date,
                met_on=met,
                status="met" if met is not None and met <= ctx.as_of else "pending",
            )
        )
    return rows


def framework_horizon(ctx: SafetyContext) -> list[ClockResult]:
    """SS.C1.M1.3.ASSESSMENT: the last assessment looks 12 months ahead."""
    clock_id = "CLOCK.SS.framework_adequacy_horizon"
    if not ctx.framework.assessments:
        return []
    last = max(a.date for a in ctx.framework.assessments)
    due = shift(last, ctx.catalog.clock(clock_id), ctx.rules)
    return [make_row(ctx, clock_id, anchor_date=last, due=due, status="info")]


def full_assessment(ctx: SafetyContext) -> list[ClockResult]:
    """SS.C1.M1.2.FULL_PROCESS: the full process before placement (and on 7.6 triggers)."""
    clock_id = "CLOCK.SS.full_assessment_before_placement"
    due, note = ctx.placement_due(ctx.catalog.clock(clock_id))
    done = ctx.facts.full_assessment_on
    if done is None:
        dates = [v.full_assessment_on for v in ctx.facts.model_report.versions]
        done = min((d for d in dates if d is not None), default=None)
    return [
        make_row(
            ctx,
            clock_id,
            anchor_date=ctx.placed_on,
            due=due,
            met_on=done,
            note=note,
        )
    ]


def whistleblower_notice(ctx: SafetyContext) -> list[ClockResult]:
    """SS.C8.M8.3.6: inform workers of the whistleblower-protection policy every year."""
    clock_id = "CLOCK.SS.whistleblower_notice"
    notices = sorted(ctx.governance.whistleblower_notices)
    if not notices:
        return [
            make_row(
                ctx,
                clock_id,
                status="pending",
                note="no notice declared: declare safety_security.governance.whistleblower_notices",
            )
        ]
    return recurring_rows(
        ctx, clock_id, notices[0], list(notices[1:]), subject="Whistleblower-policy notice"
    )


def access_review(ctx: SafetyContext) -> list[ClockResult]:
    """SS.APP4.3.1: review authorisations to unreleased weights at least every 6 months."""
    clock_id = "CLOCK.SS.interface_access_review"
    reviews = sorted(ctx.facts.security.access_reviews)
    if reviews:
        return recurring_rows(ctx, clock_id, reviews[0], list(reviews[1:]), subject="Access review")
    start = ctx.cadence_start()
    if start is None:
        return [make_row(ctx, clock_id, status="unknown", note="declare access_reviews")]
    return recurring_rows(
        ctx,
        clock_id,
        start,
        [],
        subject="Access review",
        note="no review declared: counted from placement (derived reading)",
    )


def documentation_retention(ctx: SafetyContext) -> list[ClockResult]:
    """SS.C10.M10.1.RETENTION: keep the additional documentation 10 years after placement."""
    clock_id = "CLOCK.SS.documentation_retention"
    placed = ctx.placed_on
    if placed is None:
        return []
    due = shift(placed, ctx.catalog.clock(clock_id), ctx.rules)
    return [make_row(ctx, clock_id, anchor_date=placed, due=due, status="info")]


def reference_model_replacement(ctx: SafetyContext) -> list[ClockResult]:
    """SS.APP2.2.LOSS: within 6 months of losing a reference model, replace it or comply."""
    clock_id = "CLOCK.SS.reference_model_replacement"
    clock = ctx.catalog.clock(clock_id)
    rows = []
    for entry in ctx.facts.risks:
        ref = entry.reference
        if ref is None or ref.lost_on is None:
            continue
        met = min((d for d in (ref.replaced_on, ref.completed_on) if d is not None), default=None)
        rows.append(
            make_row(
                ctx,
                clock_id,
                key=entry.risk,
                subject=f"reference model {ref.name} for {entry.risk}",
                anchor_date=ref.lost_on,
                due=shift(ref.lost_on, clock, ctx.rules),
                met_on=met,
                note="find another reference model, or complete everything previously "
                "exempted or reduced",
            )
        )
    return rows


def evaluator_disclosure(ctx: SafetyContext) -> list[ClockResult]:
    """SS.C3.M3.5.DISCLOSURE: publication blocked at most 30 business days after awareness."""
    clock_id = "CLOCK.SS.evaluator_disclosure_block"
    clock = ctx.catalog.clock(clock_id)
    rows = []
    for n, found in enumerate(ctx.facts.model_report.evaluator_findings, start=1):
        due = shift(found.aware_on, clock, ctx.rules)
        exceptional = found.exceptional_necessity
        rows.append(
            make_row(
                ctx,
                clock_id,
                key=f"finding-{n}",
                subject=f"findings of {found.evaluator}",
                anchor_date=found.aware_on,
                due=due,
                met_on=found.publication_cleared_on,
                status="info" if exceptional and found.publication_cleared_on is None else None,
                note=f"longer block claimed as exceptionally necessary: {exceptional}"
                if exceptional
                else None,
            )
        )
    return rows


def _minimum_duration(
    ctx: SafetyContext,
    clock_id: str,
    *,
    key: str,
    subject: str,
    start: dt.date,
    end: dt.date | None,
    short: str,
) -> ClockResult:
    """A guideline duration: the date it ends, and a note when the period was shorter."""
    until = shift(start, ctx.catalog.clock(clock_id), ctx.rules)
    return make_row(
        ctx,
        clock_id,
        key=key,
        subject=subject,
        anchor_date=start,
        due=until,
        status="info",
        note=short.format(end=end) if end is not None and end < until else None,
    )


def evaluator_call(ctx: SafetyContext) -> list[ClockResult]:
    """SS.APP3.5.2: a public call for external evaluators open 20 business days (an example)."""
    return [
        _minimum_duration(
            ctx,
            "CLOCK.SS.external_evaluator_call",
            key=call.opened_on.isoformat(),
            subject="public call for external evaluators",
            start=call.opened_on,
            end=call.closed_on,
            short="closed on {end}, before the 20 business days of the example",
        )
        for call in ctx.facts.model_report.evaluator_calls
    ]


def evaluation_time(ctx: SafetyContext) -> list[ClockResult]:
    """SS.APP3.4.RESOURCES: at least 20 business days for most risks and methods."""
    return [
        _minimum_duration(
            ctx,
            "CLOCK.SS.evaluation_time",
            key=ev.id,
            subject=f"evaluation {ev.id}",
            start=ev.started_on,
            end=ev.completed_on,
            short="completed on {end}, in less than the 20 business days the Code finds "
            "appropriate for most risks and methods",
        )
        for ev in ctx.facts.evaluations
        if ev.started_on is not None and not ev.lighter_touch
    ]

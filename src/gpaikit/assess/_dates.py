"""Every date and enforcement fact of one model as a structured field (:class:`KeyDates`).

The rules follow the reference's deadline rules (ai-act-gpai.md §5): the representative is
appointed before placement and keeps the documentation 10 years after it (Art. 54); the
Safety & Security Framework is confirmed by the earlier of four weeks after the Art. 52(1)
notification and two weeks before placement (Code, Measure 1.1); fines are possible from
2 August 2026 (Art. 101, 113), and not before an obligation of this model falls due; a
designated provider may ask for reassessment six months after the designation or the last
decision maintaining it (Art. 52(5)).
"""

from __future__ import annotations

import datetime as dt

from gpaikit.assess._classify import PROVIDER_ROLES
from gpaikit.assess._deadlines import add_clock, compliance_start, notification_due
from gpaikit.assess._model import Classification, DateFact, KeyDates, ObligationResult
from gpaikit.law import Catalog
from gpaikit.safety import SafetyReport
from gpaikit.workspace import Model

__all__ = ["key_dates"]


def _framework(safety: SafetyReport | None) -> DateFact:
    """The safety engine's Framework confirmation date (one computation, two views)."""
    clock_id = "CLOCK.SS.framework_confirmation"
    rows = [r for r in safety.clocks if r.clock == clock_id] if safety else []
    cites = (
        clock_id,
        "CLOCK.SS.framework_confirm_after_notification",
        "CLOCK.SS.framework_confirm_before_placement",
        "SS.C1.M1.1",
    )
    row = rows[0] if rows else None
    if row is None or row.due_date is None:
        return DateFact(
            date=None,
            text="declare the notification date (systemic_risk.notified_on) or the placement date",
            citations=cites,
        )
    return DateFact(
        date=row.due_date,
        text="the earlier of 4 weeks after the Art. 52(1) notification and 2 weeks before "
        f"placement ({row.note or 'both dates known'}; Code of Practice, Safety & Security, "
        "Measure 1.1; for non-signatories the benchmark of the gap analysis)",
        citations=cites,
    )


def _fines(obligations: tuple[ObligationResult, ...], catalog: Catalog) -> DateFact:
    start = catalog.date("DATE.enforcement_start")
    cites = ("DATE.enforcement_start", "AIA.101", "AIA.113", "GL.5_2.fines")
    due = [o.due_date for o in obligations if o.applies and o.due_date is not None]
    if not due:
        return DateFact(
            date=None,
            text=f"fines are possible from {start}, once an obligation of this model falls due "
            "(its due dates are not known yet)",
            citations=cites,
        )
    first = min(due)
    date = max(start, first)
    why = (
        f"the Commission's power to fine applies from {start} (Art. 113), and this model's "
        f"first obligation fell due on {first}"
        if date == start
        else f"this model's first obligation falls due on {first}, after {start}"
    )
    share = catalog.value("PAR.fine_ceiling_turnover_share")
    fixed = catalog.value("PAR.fine_ceiling_fixed_eur")
    return DateFact(
        date=date,
        text=f"fines (up to {share:.0%} of worldwide turnover or EUR {fixed:,.0f}, whichever "
        f"is higher) are possible from {date}: {why}",
        citations=(*cites, "PAR.fine_ceiling_turnover_share", "PAR.fine_ceiling_fixed_eur"),
    )


def _representative(
    obligations: tuple[ObligationResult, ...], c: Classification, catalog: Catalog
) -> tuple[DateFact | None, DateFact | None]:
    rep = next(
        (o for o in obligations if o.due_rule == "before_placement" and o.applies is not False),
        None,
    )
    if rep is None:
        return None, None
    due = DateFact(
        date=rep.due_date,
        text=rep.due_note or "appoint the representative before placement",
        citations=rep.basis,
    )
    clock = catalog.clock("CLOCK.representative_retention")
    placed = c.placement.date
    keep = DateFact(
        date=add_clock(placed, clock) if placed is not None else None,
        text="the representative keeps the Annex XI documentation and the provider's contact "
        "details available for 10 years after placement"
        + ("" if placed is not None else " (placement date not declared)"),
        citations=(clock.id, "AIA.54_3"),
    )
    return due, keep


def key_dates(
    model: Model,
    c: Classification,
    obligations: tuple[ObligationResult, ...],
    catalog: Catalog,
    as_of: dt.date,
    safety: SafetyReport | None = None,
) -> KeyDates:
    """The structured dates of one model; a field is ``None`` when it does not apply.

    ``safety`` is the Safety & Security report of a systemic-risk model (its clocks hold the
    Framework confirmation date)."""
    fields: dict[str, DateFact | None] = {}
    if c.placement.status in ("placed", "planned"):
        first = c.placement.reasons[0] if c.placement.reasons else None
        fields["placement"] = DateFact(
            date=c.placement.date,
            text=first.text if first else "placement on the Union market",
            citations=first.citations if first else ("AIA.3_9",),
        )
    provider = c.role in PROVIDER_ROLES
    if provider:
        start = compliance_start(c, catalog)
        fields["compliance_due"] = DateFact(
            date=start.date,
            text=start.note or "",
            citations=("AIA.113", "AIA.111_3", "DATE.gpai_obligations_apply"),
        )
    status = model.systemic_risk
    if c.gpai.treated_as is not False:
        if status.threshold_foreseen_on is not None:
            fields["threshold_foreseen"] = DateFact(
                date=status.threshold_foreseen_on,
                text="declared: it became known that the systemic-risk threshold will be met",
                citations=("AIA.52_1", "GL.2_3.notify_early"),
            )
        if status.threshold_exceeded_on is not None:
            fields["threshold_exceeded"] = DateFact(
                date=status.threshold_exceeded_on,
                text="declared: cumulative compute exceeded the systemic-risk threshold",
                citations=("AIA.51_2", "GL.2_3.condition_met"),
            )
    if c.notification_required.value and provider:
        due = notification_due(model, c, catalog)
        fields["notification_due"] = DateFact(
            date=due.date, text=due.note or "", citations=("AIA.52_1", "CLOCK.notification")
        )
    if c.systemic_risk.value and provider:
        fields["systemic_risk_since"] = DateFact(
            date=c.systemic_risk_since,
            text="Art. 55 obligations run from when the condition was met or the designation "
            "took effect"
            if c.systemic_risk_since
            else "the date the condition was met is not declared: the obligations apply from "
            "placement at the latest",
            citations=("GL.2_3.condition_met", "GL.2_3.rebuttal_effect"),
        )
        fields["framework_confirmation_due"] = _framework(safety)
    if c.systemic_risk_until is not None:
        fields["systemic_risk_until"] = DateFact(
            date=c.systemic_risk_until,
            text="rebuttal accepted: the Art. 55 obligations ended when the provider was informed",
            citations=("AIA.52_2", "GL.2_3.rebuttal_effect"),
        )
    fields["representative_due"], fields["representative_retention_until"] = (
        _representative(obligations, c, catalog) if provider else (None, None)
    )
    if provider:
        fields["fines_possible_from"] = _fines(obligations, catalog)
    if status.designated_on is not None and status.designated_on <= as_of:
        last = max(d for d in (status.designated_on, status.designation_maintained_on) if d)
        clock = catalog.clock("CLOCK.reassessment_request")
        fields["reassessment_possible_from"] = DateFact(
            date=add_clock(last, clock),
            text="a reasoned request for reassessment is possible 6 months after "
            + (
                "the designation"
                if last == status.designated_on
                else "the last decision maintaining the designation"
            )
            + f" of {last}",
            citations=("AIA.52_5", clock.id),
        )
    return KeyDates(**fields)

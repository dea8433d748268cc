"""Due dates of obligations, by the rule each obligation names in the catalog.

The rules follow the reference's deadline rules (ai-act-gpai.md §5): compliance on placement
(or by the Art. 111(3) date for models placed before 2 August 2025), representative before
placement, notification within the Art. 52(1) clock of the date the condition was met or
foreseen.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from gpaikit.assess._model import Classification
from gpaikit.law import Catalog, Clock, Obligation
from gpaikit.workspace import Model

__all__ = [
    "Due",
    "add_clock",
    "compliance_start",
    "due_date",
    "notification_anchor",
    "notification_due",
]


@dataclass(frozen=True)
class Due:
    date: dt.date | None
    note: str | None = None


def add_clock(start: dt.date, clock: Clock) -> dt.date:
    """``start`` plus the clock's duration (months and years clamp to the month's last day)."""
    if clock.days is not None:
        return start + dt.timedelta(days=clock.days)
    if clock.business_days is not None:
        current, left = start, clock.business_days
        while left > 0:
            current += dt.timedelta(days=1)
            if current.weekday() < 5:
                left -= 1
        return current
    months = clock.months if clock.months is not None else 12 * (clock.years or 0)
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def placement_date(classification: Classification) -> dt.date | None:
    """The date the model is (or will be) placed: the EU date or the first counting internal use."""
    return classification.placement.date


def compliance_start(classification: Classification, catalog: Catalog) -> Due:
    """Art. 53 obligations apply on placement, or by the Art. 111(3) date for legacy models."""
    placed = placement_date(classification)
    if placed is None:
        return Due(
            None,
            "declare eu_placement_date (actual or planned) or internal_use.since to get a due date",
        )
    if placed < catalog.date("DATE.gpai_obligations_apply"):
        return Due(catalog.date("DATE.legacy_deadline"), "placed before 2 Aug 2025: Art. 111(3)")
    return Due(placed, "due on placement on the Union market")


def notification_anchor(model: Model) -> dt.date | None:
    """The earlier of the two Art. 52(1) triggers: threshold foreseen, threshold exceeded."""
    status = model.systemic_risk
    dates = [d for d in (status.threshold_foreseen_on, status.threshold_exceeded_on) if d]
    return min(dates) if dates else None


def notification_due(
    model: Model,
    classification: Classification,
    catalog: Catalog,
    clock_id: str = "CLOCK.notification",
) -> Due:
    """Two weeks after the condition is met or foreseen (never before Chapter V applied)."""
    clock = catalog.clock(clock_id)
    met = notification_anchor(model)
    if met is None:
        return Due(
            None,
            "declare systemic_risk.threshold_foreseen_on (when it became known that cumulative "
            "compute will exceed the threshold) or threshold_exceeded_on (when it did)",
        )
    start = max(met, catalog.date("DATE.gpai_obligations_apply"))
    due = add_clock(start, clock)
    placed = placement_date(classification)
    if placed is not None and placed < catalog.date("DATE.gpai_obligations_apply"):
        return Due(
            max(due, catalog.date("DATE.legacy_deadline")),
            "placed before 2 Aug 2025: Art. 111(3) deadline (derived reading)",
        )
    return Due(due, f"{clock.days or ''} days after the condition was met or foreseen")


def due_date(
    obligation: Obligation, model: Model, classification: Classification, catalog: Catalog
) -> Due:
    """The last day by which ``obligation`` must be met, or ``Due(None, why)``."""
    rule = obligation.due.rule
    if rule == "continuous":
        return Due(None, "continuous obligation")
    if rule == "compliance_start":
        base = compliance_start(classification, catalog)
        since = classification.systemic_risk_since
        systemic = "systemic_risk" in obligation.applies_when.all
        if systemic and since is not None and base.date is not None and since > base.date:
            return Due(since, "from the date the systemic-risk condition was met or designated")
        return base
    if rule == "before_placement":
        placed = placement_date(classification)
        if placed is None:
            return Due(None, "declare eu_placement_date to get a due date")
        if placed < catalog.date("DATE.gpai_obligations_apply"):
            return Due(
                catalog.date("DATE.legacy_deadline"),
                "placed before 2 Aug 2025: Art. 111(3) deadline (derived reading)",
            )
        return Due(placed - dt.timedelta(days=1), "must be in place before placement")
    if rule == "notification":
        return notification_due(
            model, classification, catalog, obligation.due.clock or "CLOCK.notification"
        )
    raise AssertionError(f"unhandled due rule {rule}")

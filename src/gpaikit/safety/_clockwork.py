"""Clock arithmetic: a catalog :class:`~gpaikit.law.Clock` applied to an anchor date.

Everything a clock can say is data (direction, unit, earliest-of, recurring, a configurable day
unit); this module only counts. Business days are Monday to Friday minus the holidays a
workspace declares; counting starts the day after (or before) the anchor. Months and years clamp
to the last day of a shorter month (31 January + 1 month = 28 or 29 February).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from gpaikit.law import Catalog, Clock

__all__ = ["DayRules", "add_business_days", "add_months", "earliest_due", "recurring_due", "shift"]


@dataclass(frozen=True)
class DayRules:
    """How days count: the unit of clocks whose unit is configurable, and declared holidays."""

    day_unit: str = "calendar"
    holidays: frozenset[dt.date] = field(default_factory=frozenset)

    def is_business_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self.holidays


def add_business_days(
    start: dt.date, count: int, rules: DayRules, *, backwards: bool = False
) -> dt.date:
    """``count`` business days after (or before) ``start``; ``start`` itself is day 0."""
    step = dt.timedelta(days=-1 if backwards else 1)
    current, left = start, count
    while left > 0:
        current += step
        if rules.is_business_day(current):
            left -= 1
    return current


def add_months(start: dt.date, months: int) -> dt.date:
    """``start`` plus (or minus) whole months, clamped to the last day of the target month."""
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def business_unit(clock: Clock, rules: DayRules) -> bool:
    """Whether the clock counts business days (declared, or by the configurable day unit)."""
    if clock.business_days is not None:
        return True
    return clock.day_unit_configurable and rules.day_unit == "business"


def shift(anchor: dt.date, clock: Clock, rules: DayRules | None = None) -> dt.date:
    """The due date ``clock`` gives for ``anchor`` (a clock with a period of its own)."""
    rules = rules or DayRules()
    back = clock.direction == "before"
    sign = -1 if back else 1
    if clock.business_days is not None:
        return add_business_days(anchor, clock.business_days, rules, backwards=back)
    if clock.days is not None:
        if business_unit(clock, rules):
            return add_business_days(anchor, clock.days, rules, backwards=back)
        return anchor + dt.timedelta(days=sign * clock.days)
    if clock.months is not None:
        return add_months(anchor, sign * clock.months)
    if clock.years is not None:
        return add_months(anchor, sign * 12 * clock.years)
    raise ValueError(f"{clock.id} has no period of its own (composite or open-ended)")


def earliest_due(
    clock: Clock,
    anchors: Mapping[str, dt.date | None],
    catalog: Catalog,
    rules: DayRules | None = None,
) -> tuple[dt.date | None, str | None, tuple[str, ...]]:
    """Due date of a composite clock: the earliest of its parts whose anchor is known.

    Returns the date, the ID of the part that decided it, and the parts whose anchor is
    unknown (then the date is only an upper bound).
    """
    known: list[tuple[dt.date, str]] = []
    unknown: list[str] = []
    for part_id in clock.earliest_of:
        anchor = anchors.get(part_id)
        if anchor is None:
            unknown.append(part_id)
            continue
        known.append((shift(anchor, catalog.clock(part_id), rules), part_id))
    if not known:
        return None, None, tuple(unknown)
    date, decided = min(known)
    return date, decided, tuple(unknown)


@dataclass(frozen=True)
class Period:
    """One period of a recurring clock: its due date and when (if ever) it was met."""

    start: dt.date
    due: dt.date
    met_on: dt.date | None


def recurring_due(
    anchor: dt.date,
    clock: Clock,
    done: Iterable[dt.date],
    as_of: dt.date,
    rules: DayRules | None = None,
    *,
    stop: dt.date | None = None,
) -> list[Period]:
    """The periods of a clock that starts again from each occurrence, up to the open one.

    Each occurrence after a period's start fulfils that period (late if after its due date) and
    starts the next. The series ends with the first unfulfilled period, or at ``stop`` (a
    period due after ``stop`` is not owed, e.g. once an incident is resolved).
    """
    periods: list[Period] = []
    dates = sorted(set(done))
    start = anchor
    for _ in range(10_000):
        due = shift(start, clock, rules)
        if stop is not None and due >= stop:
            break
        after = [d for d in dates if d > start]
        if not after or after[0] > as_of:
            periods.append(Period(start, due, None))
            break
        periods.append(Period(start, due, after[0]))
        start = after[0]
    return periods

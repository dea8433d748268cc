"""Clock arithmetic at its boundaries: weekends, holidays, month ends, direction, recurrence."""

from __future__ import annotations

import datetime as dt

import pytest
from safety_helpers import d

from gpaikit.law import Catalog
from gpaikit.safety import DayRules, add_business_days, add_months, shift
from gpaikit.safety._clockwork import earliest_due, recurring_due


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        ("2026-11-27", 5, "2026-12-04"),  # Friday + 5 business days = next Friday
        ("2026-11-28", 5, "2026-12-04"),  # Saturday: Monday is day 1
        ("2026-11-29", 1, "2026-11-30"),  # Sunday + 1 = Monday
        ("2026-11-30", 4, "2026-12-04"),
        ("2026-12-31", 1, "2027-01-01"),  # no holidays declared: Friday 1 January counts
    ],
)
def test_business_days_skip_weekends(start: str, count: int, expected: str) -> None:
    assert add_business_days(d(start), count, DayRules()) == d(expected)


def test_business_days_skip_declared_holidays() -> None:
    rules = DayRules(holidays=frozenset({d("2026-12-25"), d("2027-01-01")}))
    # Wed 23 Dec + 5: 24, (25 holiday), (26, 27 weekend), 28, 29, 30, 31
    assert add_business_days(d("2026-12-23"), 5, rules) == d("2026-12-31")
    assert add_business_days(d("2026-12-31"), 1, rules) == d("2027-01-04")


def test_business_days_backwards() -> None:
    assert add_business_days(d("2026-11-30"), 1, DayRules(), backwards=True) == d("2026-11-27")


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2026-01-31", 1, "2026-02-28"),
        ("2028-01-31", 1, "2028-02-29"),
        ("2026-08-31", 6, "2027-02-28"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2026-03-31", -1, "2026-02-28"),
        ("2026-12-15", 1, "2027-01-15"),
    ],
)
def test_months_clamp_to_month_end(start: str, months: int, expected: str) -> None:
    assert add_months(d(start), months) == d(expected)


def test_direction_before_and_configurable_unit(catalog: Catalog) -> None:
    before = catalog.clock("CLOCK.SS.framework_confirm_before_placement")
    assert shift(d("2026-06-15"), before) == d("2026-06-01")
    death = catalog.clock("CLOCK.SS.incident_death")
    assert shift(d("2026-11-27"), death) == d("2026-12-07")
    assert shift(d("2026-11-27"), death, DayRules(day_unit="business")) == d("2026-12-11")
    # a clock whose unit is not configurable ignores the setting
    final_weeks = catalog.clock("CLOCK.SS.incident_intermediate")
    assert shift(d("2026-11-27"), final_weeks, DayRules(day_unit="business")) == d("2026-12-25")


def test_earliest_of_two_anchors(catalog: Catalog) -> None:
    composite = catalog.clock("CLOCK.SS.framework_confirmation")
    after, before = composite.earliest_of
    due, decided, unknown = earliest_due(
        composite, {after: d("2026-01-12"), before: d("2026-06-15")}, catalog
    )
    assert (due, decided, unknown) == (d("2026-02-09"), after, ())
    due, decided, _ = earliest_due(
        composite, {after: d("2026-06-01"), before: d("2026-06-15")}, catalog
    )
    assert (due, decided) == (d("2026-06-01"), before)
    # equal dates: both give the same day
    due, _, _ = earliest_due(composite, {after: d("2026-05-04"), before: d("2026-06-15")}, catalog)
    assert due == d("2026-06-01")
    due, _, unknown = earliest_due(composite, {after: None, before: d("2026-06-15")}, catalog)
    assert due == d("2026-06-01") and unknown == (after,)
    assert earliest_due(composite, {}, catalog) == (None, None, (after, before))


def test_recurring_restarts_from_each_occurrence(catalog: Catalog) -> None:
    six = catalog.clock("CLOCK.SS.model_report_six_monthly")
    periods = recurring_due(d("2026-03-06"), six, [d("2026-09-02")], d("2026-11-28"))
    assert [(p.due, p.met_on) for p in periods] == [
        (d("2026-09-06"), d("2026-09-02")),
        (d("2027-03-02"), None),
    ]
    late = recurring_due(d("2026-03-06"), six, [d("2026-10-01")], d("2026-11-28"))
    assert [(p.due, p.met_on) for p in late] == [
        (d("2026-09-06"), d("2026-10-01")),
        (d("2027-04-01"), None),
    ]
    future = recurring_due(d("2026-03-06"), six, [d("2026-12-01")], d("2026-11-28"))
    assert [(p.due, p.met_on) for p in future] == [(d("2026-09-06"), None)]


def test_recurring_stops_at_the_stop_date(catalog: Catalog) -> None:
    weeks = catalog.clock("CLOCK.SS.incident_intermediate")
    periods = recurring_due(d("2026-06-05"), weeks, [], d("2026-12-01"), stop=d("2026-07-03"))
    assert periods == []  # resolved on the due date: nothing owed
    periods = recurring_due(d("2026-06-05"), weeks, [], d("2026-12-01"), stop=d("2026-07-04"))
    assert [p.due for p in periods] == [d("2026-07-03")]


def test_a_composite_clock_has_no_period() -> None:
    from gpaikit.law import Clock

    with pytest.raises(ValueError, match="no duration"):
        Clock(
            id="X.y",
            title="x x x",
            citation="x x",
            source="COP",
            anchor="a",
            days=1,
            earliest_of=("A", "B"),
        )
    with pytest.raises(ValueError, match="exactly one"):
        Clock(id="X.y", title="x x x", citation="x x", source="COP", anchor="a")
    assert dt.date(2026, 1, 1)

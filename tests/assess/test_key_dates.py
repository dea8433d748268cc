"""Dates and enforcement facts as structured fields, each at its boundary with its citation:
the representative (Art. 54), the Safety & Security Framework confirmation (Code, Measure 1.1),
the date fines become possible (Art. 101, 113)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gpaikit.assess import KeyDates, assess
from gpaikit.law import Catalog
from tests.conftest import AS_OF, WorkspaceFactory

D = dt.date


def _dates(
    make_workspace: WorkspaceFactory,
    catalog: Catalog,
    model: dict[str, Any],
    provider: dict[str, Any] | None = None,
    as_of: dt.date = AS_OF,
) -> KeyDates:
    ws = make_workspace(model=model, provider=provider)
    return assess(ws, as_of=as_of, catalog=catalog).models[0].dates


CLOSED = {"licence": {"name": "Closed", "access": False}}


@pytest.mark.parametrize(
    ("placed", "due", "keep"),
    [
        (D(2026, 3, 1), D(2026, 2, 28), D(2036, 3, 1)),
        (D(2028, 3, 1), D(2028, 2, 29), D(2038, 3, 1)),  # leap year: the day before is 29 Feb
        (D(2028, 2, 29), D(2028, 2, 28), D(2038, 2, 28)),  # 10 years after 29 Feb
        (D(2025, 8, 2), D(2025, 8, 1), D(2035, 8, 2)),
        (D(2025, 8, 1), D(2027, 8, 2), D(2035, 8, 1)),  # legacy: Art. 111(3) (derived)
    ],
)
def test_representative_before_placement_and_retention(
    make_workspace: WorkspaceFactory,
    catalog: Catalog,
    placed: dt.date,
    due: dt.date,
    keep: dt.date,
) -> None:
    dates = _dates(
        make_workspace, catalog, {"eu_placement_date": placed, **CLOSED}, {"country": "CH"}
    )
    assert dates.representative_due is not None and dates.representative_due.date == due
    assert "AIA.54_1" in dates.representative_due.citations
    retention = dates.representative_retention_until
    assert retention is not None and retention.date == keep
    assert "CLOCK.representative_retention" in retention.citations


def test_no_representative_dates_in_the_union(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    dates = _dates(make_workspace, catalog, CLOSED)
    assert dates.representative_due is None and dates.representative_retention_until is None


def _systemic(placed: dt.date, **status: Any) -> dict[str, Any]:
    return {"training_compute_flop": 2e25, "eu_placement_date": placed, "systemic_risk": status}


@pytest.mark.parametrize(
    ("placed", "status", "confirm"),
    [
        # earlier of notification + 4 weeks and placement - 2 weeks
        (
            D(2026, 6, 1),
            {"threshold_exceeded_on": D(2026, 1, 1), "notified_on": D(2026, 1, 10)},
            D(2026, 2, 7),
        ),
        (
            D(2026, 3, 1),
            {"threshold_exceeded_on": D(2026, 1, 1), "notified_on": D(2026, 2, 10)},
            D(2026, 2, 15),
        ),
        # both the same day
        (
            D(2026, 3, 24),
            {"threshold_exceeded_on": D(2026, 1, 1), "notified_on": D(2026, 2, 10)},
            D(2026, 3, 10),
        ),
        # not notified yet: the latest notification date stands in (derived)
        (D(2026, 6, 1), {"threshold_foreseen_on": D(2026, 1, 1)}, D(2026, 2, 12)),
    ],
)
def test_framework_confirmation_is_the_earlier_of_two_anchors(
    make_workspace: WorkspaceFactory,
    catalog: Catalog,
    placed: dt.date,
    status: dict[str, Any],
    confirm: dt.date,
) -> None:
    dates = _dates(make_workspace, catalog, _systemic(placed, **status))
    fact = dates.framework_confirmation_due
    assert fact is not None and fact.date == confirm
    assert {
        "CLOCK.SS.framework_confirm_after_notification",
        "CLOCK.SS.framework_confirm_before_placement",
        "SS.C1.M1.1",
    } <= set(fact.citations)


@pytest.mark.parametrize(
    ("model", "confirm"),
    [
        # placed before 2 Aug 2025, notified early: the Art. 111(3) date (derived reading)
        (
            _systemic(
                D(2025, 3, 1), threshold_exceeded_on=D(2025, 1, 1), notified_on=D(2025, 8, 4)
            ),
            D(2027, 8, 2),
        ),
        # systemic risk after placement: only the notification date counts
        (
            _systemic(
                D(2025, 9, 1), threshold_exceeded_on=D(2026, 1, 1), notified_on=D(2026, 1, 5)
            ),
            D(2026, 2, 2),
        ),
        # used internally only: a systemic-risk model is placed by internal use (Art. 3(9),
        # reference §2.6), so its first internal use is the placement two weeks before which
        # the Framework is due
        (
            {
                "training_compute_flop": 2e25,
                "eu_placement_date": None,
                "internal_use": {"since": D(2026, 4, 1)},
                "systemic_risk": {
                    "threshold_exceeded_on": D(2026, 1, 1),
                    "notified_on": D(2026, 3, 20),
                },
            },
            D(2026, 3, 18),
        ),
    ],
)
def test_framework_date_is_the_safety_clock(
    make_workspace: WorkspaceFactory, catalog: Catalog, model: dict[str, Any], confirm: dt.date
) -> None:
    """``assess`` shows the safety engine's clock: one computation, the same date twice."""
    ws = make_workspace(model={**CLOSED, **model})
    found = assess(ws, as_of=D(2026, 1, 15), catalog=catalog).models[0]
    fact = found.dates.framework_confirmation_due
    assert fact is not None and fact.date == confirm
    assert found.safety is not None
    (row,) = (c for c in found.safety.clocks if c.clock == "CLOCK.SS.framework_confirmation")
    assert row.due_date == confirm


def test_no_framework_date_without_systemic_risk(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    assert _dates(make_workspace, catalog, CLOSED).framework_confirmation_due is None


@pytest.mark.parametrize(
    ("placed", "fines"),
    [
        (D(2026, 8, 1), D(2026, 8, 2)),  # due before enforcement: from 2 Aug 2026
        (D(2026, 8, 2), D(2026, 8, 2)),
        (D(2026, 8, 3), D(2026, 8, 3)),  # due later: from the first due date
        (D(2025, 3, 1), D(2027, 8, 2)),  # legacy model: nothing due before 2 Aug 2027
    ],
)
def test_fines_possible_from(
    make_workspace: WorkspaceFactory, catalog: Catalog, placed: dt.date, fines: dt.date
) -> None:
    fact = _dates(
        make_workspace, catalog, {"eu_placement_date": placed, **CLOSED}
    ).fines_possible_from
    assert fact is not None and fact.date == fines
    assert {"DATE.enforcement_start", "AIA.101"} <= set(fact.citations)


def test_compliance_and_placement_dates(make_workspace: WorkspaceFactory, catalog: Catalog) -> None:
    dates = _dates(make_workspace, catalog, {"eu_placement_date": D(2025, 7, 1), **CLOSED})
    assert dates.placement is not None and dates.placement.date == D(2025, 7, 1)
    assert dates.compliance_due is not None and dates.compliance_due.date == D(2027, 8, 2)
    assert "AIA.111_3" in dates.compliance_due.citations

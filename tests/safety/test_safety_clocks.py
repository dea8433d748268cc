"""Every clock of the reference's §18 for a systemic-risk model, at its boundaries.

Dates are worked out by hand from safety-and-security.md §18; the base model is placed on
Monday 15 June 2026 and notified under Art. 52(1) on 12 January 2026.
"""

from __future__ import annotations

from typing import Any

import pytest
from safety_helpers import MakeWs, clock, d, report

from gpaikit.law import Catalog

FW = "CLOCK.SS.framework_confirmation"


def _fw(**extra: Any) -> dict[str, Any]:
    return {"framework": {"versions": [], **extra}}


# --- SS.C1.M1.1.CONFIRM_BY: earliest of notification + 4 weeks and placement - 2 weeks -------


def test_confirmation_notification_decides(make_ws: MakeWs, catalog: Catalog) -> None:
    ws = make_ws(safety=_fw())
    (row,) = clock(report(ws, "2026-02-09", catalog), FW)
    assert row.due_date == d("2026-02-09") and row.status == "not_yet_due" and row.days_left == 0
    (row,) = clock(report(ws, "2026-02-10", catalog), FW)
    assert row.status == "overdue" and "notification" in row.note


def test_confirmation_placement_decides(make_ws: MakeWs, catalog: Catalog) -> None:
    ws = make_ws(model={"systemic_risk": {"notified_on": "2026-05-20"}}, safety=_fw())
    (row,) = clock(report(ws, "2026-05-25", catalog), FW)
    assert row.due_date == d("2026-06-01") and "placement applies" in row.note


def test_confirmation_met_on_the_due_date(make_ws: MakeWs, catalog: Catalog) -> None:
    versions = [
        {"version": "1", "date": "2026-02-01", "changelog": "first", "confirmed_on": "2026-02-09"}
    ]
    ws = make_ws(safety=_fw(versions=versions))
    (row,) = clock(report(ws, "2026-03-01", catalog), FW)
    assert row.status == "met" and row.late_by_days is None
    versions[0]["confirmed_on"] = "2026-02-10"
    (row,) = clock(report(make_ws(safety=_fw(versions=versions)), "2026-03-01", catalog), FW)
    assert row.status == "met" and row.late_by_days == 1


def test_confirmation_with_one_anchor_unknown(make_ws: MakeWs, catalog: Catalog) -> None:
    ws = make_ws(model={"systemic_risk": {"notified_on": None}}, safety=_fw())
    (row,) = clock(report(ws, "2026-05-01", catalog), FW)
    assert row.due_date == d("2026-06-01") and "at the latest" in row.note


def test_confirmation_legacy_model_gets_article_111_3(make_ws: MakeWs, catalog: Catalog) -> None:
    ws = make_ws(
        model={
            "eu_placement_date": "2025-03-01",
            "systemic_risk": {"threshold_met_on": "2025-01-01", "notified_on": "2025-08-04"},
        },
        safety=_fw(),
    )
    (row,) = clock(report(ws, "2026-11-28", catalog), FW)
    assert row.due_date == d("2027-08-02") and row.status == "not_yet_due"


# --- SS.C1.M1.4: AI Office access within 5 business days of confirmation --------------------


def test_framework_access_five_business_days(make_ws: MakeWs, catalog: Catalog) -> None:
    versions = [
        {"version": "1", "date": "2026-02-01", "changelog": "first", "confirmed_on": "2026-02-06"}
    ]  # a Friday
    ws = make_ws(safety=_fw(versions=versions))
    (row,) = clock(report(ws, "2026-02-13", catalog), "CLOCK.SS.framework_notification")
    assert row.due_date == d("2026-02-13") and row.status == "not_yet_due"
    (row,) = clock(report(ws, "2026-02-16", catalog), "CLOCK.SS.framework_notification")
    assert row.status == "overdue"
    holiday = make_ws(safety={**_fw(versions=versions), "settings": {"holidays": ["2026-02-09"]}})
    (row,) = clock(report(holiday, "2026-02-13", catalog), "CLOCK.SS.framework_notification")
    assert row.due_date == d("2026-02-16")


# --- SS.C1.M1.3: 12-month Framework assessment, update, horizon -----------------------------


def test_framework_assessment_every_twelve_months(make_ws: MakeWs, catalog: Catalog) -> None:
    ws = make_ws(model={"eu_placement_date": "2028-02-29"}, safety=_fw())
    rows = clock(report(ws, "2029-02-28", catalog), "CLOCK.SS.framework_assessment")
    assert rows[-1].due_date == d("2029-02-28") and rows[-1].status == "not_yet_due"
    rows = clock(report(ws, "2029-03-01", catalog), "CLOCK.SS.framework_assessment")
    assert rows[-1].status == "overdue"


def test_framework_assessment_of_a_legacy_model_starts_with_article_111_3(
    make_ws: MakeWs, catalog: Catalog
) -> None:
    ws = make_ws(
        model={
            "eu_placement_date": "2024-05-02",
            "systemic_risk": {"threshold_met_on": "2024-01-01", "notified_on": "2025-08-04"},
        },
        safety=_fw(),
    )
    rows = clock(report(ws, "2026-11-28", catalog), "CLOCK.SS.framework_assessment")
    assert [(r.due_date, r.status) for r in rows] == [(d("2028-08-02"), "not_yet_due")]


def test_framework_assessment_restarts_and_triggers(make_ws: MakeWs, catalog: Catalog) -> None:
    fw = _fw(
        assessments=[
            {"date": "2027-03-01", "adequacy": "ok", "adherence": "ok", "update_needed": True}
        ],
        update_triggers=[{"date": "2027-05-02", "kind": "near_miss", "description": "x"}],
        versions=[{"version": "2", "date": "2027-03-20", "changelog": "after assessment"}],
    )
    ws = make_ws(safety=fw)
    rep = report(ws, "2027-06-01", catalog)
    rows = clock(rep, "CLOCK.SS.framework_assessment")
    assert [r.due_date for r in rows if r.due_date] == [d("2027-06-15"), d("2028-03-01")]
    assert rows[0].status == "met" and rows[-1].status == "pending"
    assert "reasonable grounds" in rows[-1].note
    (update,) = clock(rep, "CLOCK.SS.framework_update")
    assert update.status == "met" and update.met_on == d("2027-03-20")
    (horizon,) = clock(rep, "CLOCK.SS.framework_adequacy_horizon")
    assert horizon.due_date == d("2028-03-01") and horizon.status == "info"


def test_framework_update_without_undue_delay_is_pending(make_ws: MakeWs, catalog: Catalog) -> None:
    fw = _fw(
        assessments=[
            {"date": "2027-03-01", "adequacy": "a", "adherence": "b", "update_needed": True}
        ]
    )
    (row,) = clock(report(make_ws(safety=fw), "2027-04-01", catalog), "CLOCK.SS.framework_update")
    assert row.status == "pending" and row.due_date is None
    assert "without undue delay" in row.note


# --- SS.C1.M1.2 and SS.C7.GENERAL / 7.7: before and at placement ----------------------------


def _report(**mr: Any) -> dict[str, Any]:
    return {"models": {"m": {"model_report": mr}}}


def test_model_report_before_placement(make_ws: MakeWs, catalog: Catalog) -> None:
    ws = make_ws(safety=_report())
    (row,) = clock(report(ws, "2026-06-14", catalog), "CLOCK.SS.model_report_before_placement")
    assert row.due_date == d("2026-06-14") and row.status == "not_yet_due"
    (row,) = clock(report(ws, "2026-06-15", catalog), "CLOCK.SS.model_report_before_placement")
    assert row.status == "overdue"
    ver = [{"version": "1", "date": "2026-06-15", "changelog": "first"}]
    (row,) = clock(
        report(make_ws(safety=_report(versions=ver)), "2026-06-20", catalog),
        "CLOCK.SS.model_report_before_placement",
    )
    assert row.status == "met" and row.late_by_days == 1


def test_full_assessment_before_placement(make_ws: MakeWs, catalog: Catalog) -> None:
    ws = make_ws(safety={"models": {"m": {"full_assessment_on": "2026-06-14"}}})
    (row,) = clock(report(ws, "2026-07-01", catalog), "CLOCK.SS.full_assessment_before_placement")
    assert row.due_date == d("2026-06-14") and row.status == "met"


def test_model_report_access_by_placement(make_ws: MakeWs, catalog: Catalog) -> None:
    ver = [
        {
            "version": "1",
            "date": "2026-06-01",
            "changelog": "first",
            "ai_office_access_on": "2026-06-15",
        }
    ]
    rep = report(make_ws(safety=_report(versions=ver)), "2026-07-01", catalog)
    (row,) = clock(rep, "CLOCK.SS.model_report_access_initial")
    assert row.due_date == d("2026-06-15") and row.status == "met"


def test_model_report_update_access_five_business_days(make_ws: MakeWs, catalog: Catalog) -> None:
    ver = [
        {
            "version": "1",
            "date": "2026-06-01",
            "changelog": "a",
            "ai_office_access_on": "2026-06-12",
        },
        {"version": "2", "date": "2026-09-01", "changelog": "b", "confirmed_on": "2026-09-03"},
    ]
    rep = report(make_ws(safety=_report(versions=ver)), "2026-09-11", catalog)
    (row,) = clock(rep, "CLOCK.SS.model_report_update_notification")
    assert row.due_date == d("2026-09-10") and row.status == "overdue"


# --- SS.C7.M7.7.GRACE: up to 15 business days with an interim report ------------------------


def _grace(good_faith: bool, interim: str | None, access: str | None = None) -> dict[str, Any]:
    grace = {"ai_office_good_faith": good_faith, "interim_report_on": interim}
    return _report(
        versions=[
            {
                "version": "1",
                "date": "2026-06-01",
                "changelog": "a",
                "ai_office_access_on": "2026-06-12",
            },
            {
                "version": "2",
                "date": "2026-09-01",
                "changelog": "b",
                "confirmed_on": "2026-09-03",
                "ai_office_access_on": access,
                "grace": grace,
            },
        ]
    )


def test_grace_extends_by_fifteen_business_days(make_ws: MakeWs, catalog: Catalog) -> None:
    rep = report(make_ws(safety=_grace(True, "2026-09-10")), "2026-09-30", catalog)
    (access,) = clock(rep, "CLOCK.SS.model_report_update_notification")
    assert access.due_date == d("2026-10-01") and access.status == "not_yet_due"
    (interim,) = clock(rep, "CLOCK.SS.model_report_grace")
    assert interim.status == "met" and interim.due_date == d("2026-09-10")
    rep = report(make_ws(safety=_grace(True, "2026-09-10")), "2026-10-02", catalog)
    assert clock(rep, "CLOCK.SS.model_report_update_notification")[0].status == "overdue"


def test_grace_needs_good_faith_and_a_timely_interim(make_ws: MakeWs, catalog: Catalog) -> None:
    rep = report(make_ws(safety=_grace(False, "2026-09-10")), "2026-09-30", catalog)
    (access,) = clock(rep, "CLOCK.SS.model_report_update_notification")
    assert access.due_date == d("2026-09-10") and access.status == "overdue"
    assert clock(rep, "CLOCK.SS.model_report_grace")[0].status == "not_applicable"
    rep = report(make_ws(safety=_grace(True, "2026-09-11")), "2026-09-30", catalog)
    assert clock(rep, "CLOCK.SS.model_report_update_notification")[0].due_date == d("2026-09-10")
    assert "undelayed date applies" in clock(rep, "CLOCK.SS.model_report_grace")[0].note


def test_grace_on_the_initial_report(make_ws: MakeWs, catalog: Catalog) -> None:
    mr = _report(
        versions=[
            {
                "version": "1",
                "date": "2026-06-01",
                "changelog": "a",
                "grace": {"ai_office_good_faith": True, "interim_report_on": "2026-06-15"},
            }
        ]
    )
    rep = report(make_ws(safety=mr), "2026-07-01", catalog)
    assert clock(rep, "CLOCK.SS.model_report_access_initial")[0].due_date == d("2026-07-06")


# --- SS.C7.M7.6: six-monthly updates, their exceptions, and triggered updates ---------------


def _six(**extra: Any) -> dict[str, Any]:
    return _report(
        versions=[
            {
                "version": "1",
                "date": "2026-06-01",
                "changelog": "a",
                "ai_office_access_on": "2026-08-31",
            }
        ],
        **extra,
    )


def test_six_monthly_update(make_ws: MakeWs, catalog: Catalog) -> None:
    ws = make_ws(safety=_six())
    rows = clock(report(ws, "2027-02-28", catalog), "CLOCK.SS.model_report_six_monthly")
    assert rows[-1].due_date == d("2027-02-28") and rows[-1].status == "not_yet_due"
    rows = clock(report(ws, "2027-03-01", catalog), "CLOCK.SS.model_report_six_monthly")
    assert rows[-1].status == "overdue"


@pytest.mark.parametrize(
    ("extra", "applies"),
    [
        ({"unchanged_since_last_report": True}, "exception 1"),
        ({"most_capable": False}, "not among"),
    ],
)
def test_six_monthly_declared_exceptions(
    make_ws: MakeWs, catalog: Catalog, extra: dict[str, Any], applies: str
) -> None:
    rows = clock(
        report(make_ws(safety=_six(**extra)), "2027-03-01", catalog),
        "CLOCK.SS.model_report_six_monthly",
    )
    assert rows[-1].status == "not_applicable" and applies in rows[-1].note


@pytest.mark.parametrize(("placed", "exempt"), [("2027-03-27", True), ("2027-03-28", False)])
def test_six_monthly_more_capable_model_within_a_month(
    make_ws: MakeWs, catalog: Catalog, placed: str, exempt: bool
) -> None:
    successor = {
        "name": "next",
        "eu_placement_date": placed,
        "modalities": {"output": ["text"]},
        "training_compute_flop": 5e25,
    }
    ws = make_ws(safety=_six(successor="next"), extra_models=[successor])
    rows = clock(report(ws, "2027-03-01", catalog), "CLOCK.SS.model_report_six_monthly")
    assert (rows[-1].status == "not_applicable") is exempt


def test_six_monthly_similarly_safe_for_every_risk(make_ws: MakeWs, catalog: Catalog) -> None:
    safety = _six()
    safety["framework"] = {
        "risks": [
            {"id": "r", "name": "R", "acceptance_criteria": "c", "criteria_reason": "no tiers fit"}
        ]
    }
    reference = {
        "name": "old",
        "placed_on": "2025-05-01",
        "visibility": "own_model",
        "materially_different_scenario": False,
        "known_risk_increasing_differences": False,
        "benchmarks": [{"name": "b", "model_score": 0.5, "reference_score": 0.5}],
    }
    safety["models"]["m"]["risks"] = [{"risk": "r", "reference": reference}]
    rep = report(make_ws(safety=safety), "2027-03-01", catalog)
    assert rep.similarly_safe_for_every_risk
    rows = clock(rep, "CLOCK.SS.model_report_six_monthly")
    assert rows[-1].status == "not_applicable" and "exception 3" in rows[-1].note


def test_triggered_update_before_a_deliberate_change(make_ws: MakeWs, catalog: Catalog) -> None:
    trig = [
        {
            "id": "t",
            "aware_on": "2026-10-15",
            "kind": "capability_change",
            "description": "tools",
            "deliberate_change_release_on": "2026-12-15",
        }
    ]
    ws = make_ws(safety=_report(triggers=trig))
    (row,) = clock(report(ws, "2026-12-14", catalog), "CLOCK.SS.model_report_before_change")
    assert row.due_date == d("2026-12-14") and row.status == "not_yet_due"
    (row,) = clock(report(ws, "2026-12-15", catalog), "CLOCK.SS.model_report_before_change")
    assert row.status == "overdue"
    trig[0].pop("deliberate_change_release_on")
    (row,) = clock(
        report(make_ws(safety=_report(triggers=trig)), "2027-01-01", catalog),
        "CLOCK.SS.model_report_triggered_update",
    )
    assert row.status == "pending" and "reasonable time" in row.note


# --- other §18 clocks -----------------------------------------------------------------------


def test_reference_model_replacement_six_months(make_ws: MakeWs, catalog: Catalog) -> None:
    ref = {"name": "old", "lost_on": "2026-08-31"}
    safety = {
        "framework": {
            "risks": [{"id": "r", "name": "R", "acceptance_criteria": "c", "criteria_reason": "x"}]
        },
        "models": {"m": {"risks": [{"risk": "r", "reference": ref}]}},
    }
    (row,) = clock(
        report(make_ws(safety=safety), "2027-03-01", catalog),
        "CLOCK.SS.reference_model_replacement",
    )
    assert row.due_date == d("2027-02-28") and row.status == "overdue"


def test_access_review_every_six_months(make_ws: MakeWs, catalog: Catalog) -> None:
    safety = {"models": {"m": {"security": {"access_reviews": ["2026-03-01", "2026-08-31"]}}}}
    rows = clock(
        report(make_ws(safety=safety), "2027-02-28", catalog), "CLOCK.SS.interface_access_review"
    )
    assert rows[-1].due_date == d("2027-02-28") and rows[-1].status == "not_yet_due"


def test_whistleblower_notice_every_year(make_ws: MakeWs, catalog: Catalog) -> None:
    safety = {"governance": {"whistleblower_notices": ["2028-02-29"]}}
    rows = clock(
        report(make_ws(safety=safety), "2029-03-01", catalog), "CLOCK.SS.whistleblower_notice"
    )
    assert rows[-1].due_date == d("2029-02-28") and rows[-1].status == "overdue"
    (none,) = clock(
        report(make_ws(safety={}), "2029-03-01", catalog), "CLOCK.SS.whistleblower_notice"
    )
    assert none.status == "pending"


def test_documentation_retention_ten_years(make_ws: MakeWs, catalog: Catalog) -> None:
    ws = make_ws(model={"eu_placement_date": "2028-02-29"}, safety={})
    (row,) = clock(report(ws, "2029-01-01", catalog), "CLOCK.SS.documentation_retention")
    assert row.due_date == d("2038-02-28") and row.status == "info"


def test_evaluator_disclosure_thirty_business_days(make_ws: MakeWs, catalog: Catalog) -> None:
    finding = {"evaluator": "Lab", "aware_on": "2026-11-27"}
    ws = make_ws(safety=_report(evaluator_findings=[finding]))
    (row,) = clock(report(ws, "2027-01-08", catalog), "CLOCK.SS.evaluator_disclosure_block")
    assert row.due_date == d("2027-01-08") and row.status == "not_yet_due"
    (row,) = clock(report(ws, "2027-01-11", catalog), "CLOCK.SS.evaluator_disclosure_block")
    assert row.status == "overdue"


def test_evaluator_call_and_evaluation_time_guidelines(make_ws: MakeWs, catalog: Catalog) -> None:
    safety = _report(evaluator_calls=[{"opened_on": "2026-11-02", "closed_on": "2026-11-27"}])
    safety["models"]["m"]["evaluations"] = [
        {
            "id": "e",
            "title": "E",
            "risk": "r",
            "started_on": "2026-11-02",
            "completed_on": "2026-11-27",
            "score": 0.1,
        }
    ]
    rep = report(make_ws(safety=safety), "2026-12-01", catalog)
    (call,) = clock(rep, "CLOCK.SS.external_evaluator_call")
    assert call.due_date == d("2026-11-30") and "before the 20 business days" in call.note
    (time,) = clock(rep, "CLOCK.SS.evaluation_time")
    assert time.due_date == d("2026-11-30") and "less than the 20 business days" in time.note

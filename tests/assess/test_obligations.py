"""Which obligations apply, their due dates at the boundaries, routes, evidence and status."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from gpaikit._exceptions import WorkspaceError
from gpaikit.assess import ModelAssessment, ObligationResult, assess
from gpaikit.law import Catalog
from gpaikit.workspace import load_workspace
from tests.assess.test_classification import OPEN
from tests.conftest import AS_OF, WorkspaceFactory

BASE_SET = {"OBL.copyright_policy", "OBL.training_summary", "OBL.cooperation"}
DOCS = {"OBL.technical_documentation", "OBL.downstream_information"}
SYSTEMIC = {
    "OBL.systemic_risk_notification",
    "OBL.model_evaluation",
    "OBL.systemic_risk_management",
    "OBL.serious_incidents",
    "OBL.cybersecurity",
    "OBL.systemic_risk_documentation",
}


def _assess(
    make_workspace: WorkspaceFactory,
    catalog: Catalog,
    model: dict[str, Any] | None = None,
    provider: dict[str, Any] | None = None,
    as_of: dt.date = AS_OF,
) -> ModelAssessment:
    ws = make_workspace(model=model, provider=provider)
    return assess(ws, as_of=as_of, catalog=catalog).models[0]


def _one(m: ModelAssessment, obligation_id: str) -> ObligationResult:
    return next(o for o in m.obligations if o.id == obligation_id)


APPLICABILITY = [
    ("open-source exempt, EU", {**OPEN}, {}, BASE_SET),
    ("proprietary, EU", {}, {}, BASE_SET | DOCS),
    (
        "proprietary, third country",
        {},
        {"country": "US"},
        BASE_SET | DOCS | {"OBL.authorised_representative"},
    ),
    ("open-source exempt, third country", {**OPEN}, {"country": "US"}, BASE_SET),
    (
        "systemic risk, open licence, third country",
        {**OPEN, "training_compute_flop": 2e25},
        {"country": "US"},
        BASE_SET | DOCS | SYSTEMIC | {"OBL.authorised_representative"},
    ),
    ("not a GPAI model", {"training_compute_flop": 1e22}, {}, set()),
    ("research only", {"research_only": True, "eu_placement_date": None}, {}, set()),
    (
        "modifier below the line",
        {
            "role": "modifier",
            "base_model": {"name": "b", "training_compute_flop": 3e24},
            "modification_compute_flop": 1e20,
        },
        {},
        set(),
    ),
]


@pytest.mark.parametrize(
    ("label", "model", "provider", "expected"), APPLICABILITY, ids=[c[0] for c in APPLICABILITY]
)
def test_applicable_obligations(
    make_workspace: WorkspaceFactory,
    catalog: Catalog,
    label: str,
    model: dict[str, Any],
    provider: dict[str, Any],
    expected: set[str],
) -> None:
    m = _assess(make_workspace, catalog, model, provider)
    assert {o.id for o in m.obligations if o.applies is not False} == expected
    for o in m.obligations:
        assert o.basis and all(b in catalog for b in o.basis)
        if o.applies is False:  # listed, with the reason it does not apply
            assert o.status == "not_applicable" and o.reasons and o.reasons[0].citations


def test_unknown_exemption_lists_documentation_as_unknown(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    m = _assess(make_workspace, catalog, {"licence": {"name": "X", "access": True}})
    doc = _one(m, "OBL.technical_documentation")
    assert doc.applies is None
    assert doc.status == "unknown"
    assert "unknown: open_source_exempt" in doc.applies_reasons


DEADLINES = [
    (
        "placed on 2 Aug 2025: due on placement",
        dt.date(2025, 8, 2),
        "OBL.copyright_policy",
        dt.date(2025, 8, 2),
    ),
    (
        "placed 1 Aug 2025: legacy deadline",
        dt.date(2025, 8, 1),
        "OBL.copyright_policy",
        dt.date(2027, 8, 2),
    ),
    (
        "placed 2024: legacy deadline",
        dt.date(2024, 5, 1),
        "OBL.training_summary",
        dt.date(2027, 8, 2),
    ),
    (
        "representative the day before placement",
        dt.date(2026, 3, 1),
        "OBL.authorised_representative",
        dt.date(2026, 2, 28),
    ),
    (
        "legacy representative uses Art. 111(3)",
        dt.date(2025, 1, 1),
        "OBL.authorised_representative",
        dt.date(2027, 8, 2),
    ),
]


@pytest.mark.parametrize(
    ("label", "placed", "obligation", "due"), DEADLINES, ids=[c[0] for c in DEADLINES]
)
def test_due_dates(
    make_workspace: WorkspaceFactory,
    catalog: Catalog,
    label: str,
    placed: dt.date,
    obligation: str,
    due: dt.date,
) -> None:
    m = _assess(make_workspace, catalog, {"eu_placement_date": placed}, {"country": "US"})
    assert _one(m, obligation).due_date == due


@pytest.mark.parametrize(
    ("met_on", "due"),
    [
        (dt.date(2025, 9, 1), dt.date(2025, 9, 15)),  # two weeks after the condition was met
        (dt.date(2025, 5, 1), dt.date(2025, 8, 16)),  # met before Chapter V applied
        (dt.date(2025, 12, 25), dt.date(2026, 1, 8)),
    ],
)
def test_notification_clock(
    make_workspace: WorkspaceFactory, catalog: Catalog, met_on: dt.date, due: dt.date
) -> None:
    m = _assess(
        make_workspace,
        catalog,
        {"training_compute_flop": 2e25, "systemic_risk": {"threshold_exceeded_on": met_on}},
    )
    assert _one(m, "OBL.systemic_risk_notification").due_date == due


def test_notification_without_date_is_unknown(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    m = _assess(make_workspace, catalog, {"training_compute_flop": 2e25})
    o = _one(m, "OBL.systemic_risk_notification")
    assert o.status == "unknown"
    assert o.due_note is not None and "threshold_exceeded_on" in o.due_note


def test_systemic_obligations_start_when_designated(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    m = _assess(
        make_workspace,
        catalog,
        {
            "training_compute_flop": 5e24,
            "systemic_risk": {
                "designated_on": dt.date(2026, 5, 4),
                "designation_basis": "annex_xiii",
            },
        },
    )
    assert _one(m, "OBL.model_evaluation").due_date == dt.date(2026, 5, 4)
    assert _one(m, "OBL.copyright_policy").due_date == dt.date(2025, 9, 1)
    assert _one(m, "OBL.systemic_risk_notification").status == "not_applicable"


@pytest.mark.parametrize(
    ("as_of", "status", "days"),
    [
        (dt.date(2025, 8, 31), "not_yet_due", 1),
        (dt.date(2025, 9, 1), "not_yet_due", 0),
        (dt.date(2025, 9, 2), "overdue", -1),
    ],
)
def test_status_at_the_boundary(
    make_workspace: WorkspaceFactory, catalog: Catalog, as_of: dt.date, status: str, days: int
) -> None:
    m = _assess(make_workspace, catalog, {}, as_of=as_of)
    o = _one(m, "OBL.training_summary")
    assert (o.status, o.days_left) == (status, days)


def test_routes_follow_signatory_status(make_workspace: WorkspaceFactory, catalog: Catalog) -> None:
    m = _assess(
        make_workspace,
        catalog,
        {},
        {"code_of_practice": {"copyright": "signed", "transparency": "not_signed"}},
    )
    assert _one(m, "OBL.copyright_policy").route == "code_of_practice"
    assert _one(m, "OBL.technical_documentation").route == "alternative_means"
    assert _one(m, "OBL.training_summary").route == "direct"
    # the gap analysis lists the chapter's measures that serve the obligation
    measures = {f.measure for f in _one(m, "OBL.copyright_policy").measures}
    assert measures and all(catalog.get(x).citation for x in measures)


def test_evidence_from_measures(make_workspace: WorkspaceFactory, catalog: Catalog) -> None:
    copyright_measures = [
        f.measure for f in _one(_assess(make_workspace, catalog), "OBL.copyright_policy").measures
    ]
    all_met = {mid: {"status": "met"} for mid in copyright_measures}
    m = _assess(make_workspace, catalog, {"measures": all_met})
    assert _one(m, "OBL.copyright_policy").status == "met"
    one_partial = {**all_met, copyright_measures[0]: {"status": "partial"}}
    m = _assess(make_workspace, catalog, {"measures": one_partial})
    o = _one(m, "OBL.copyright_policy")
    assert (o.evidence_status, o.status) == ("partial", "overdue")


def test_declared_evidence_and_lateness(make_workspace: WorkspaceFactory, catalog: Catalog) -> None:
    m = _assess(
        make_workspace,
        catalog,
        {
            "training_compute_flop": 2e25,
            "systemic_risk": {
                "threshold_exceeded_on": dt.date(2025, 9, 1),
                "notified_on": dt.date(2025, 9, 20),
            },
            "compliance": {"OBL.training_summary": {"status": "met", "date": dt.date(2025, 8, 30)}},
        },
        {"country": "US", "eu_representative": {"name": "Rep", "country": "BE"}},
    )
    notification = _one(m, "OBL.systemic_risk_notification")
    assert (notification.status, notification.late_by_days) == ("met", 5)
    assert _one(m, "OBL.authorised_representative").status == "met"
    summary = _one(m, "OBL.training_summary")
    assert (summary.status, summary.late_by_days) == ("met", None)


@pytest.mark.parametrize(
    ("flop", "threshold"),
    [
        (0.8e25, "THR.systemic_risk_compute"),
        (1.2e25, "THR.systemic_risk_compute"),
        (0.9e23, "THR.gpai_indicative_compute"),
    ],
)
def test_near_threshold_warnings(
    make_workspace: WorkspaceFactory, catalog: Catalog, flop: float, threshold: str
) -> None:
    m = _assess(make_workspace, catalog, {"training_compute_flop": flop})
    assert threshold in {w.threshold for w in m.warnings}


def test_no_warning_far_from_thresholds(make_workspace: WorkspaceFactory, catalog: Catalog) -> None:
    assert _assess(make_workspace, catalog, {"training_compute_flop": 1e24}).warnings == ()


def test_modification_line_warning(make_workspace: WorkspaceFactory, catalog: Catalog) -> None:
    m = _assess(
        make_workspace,
        catalog,
        {
            "training_compute_flop": None,
            "role": "modifier",
            "base_model": {"name": "b", "training_compute_flop": 3e23},
            "modification_compute_flop": 1.1e23,
        },
    )
    assert "THR.modification_fraction" in {w.threshold for w in m.warnings}


def test_check_fails_only_on_overdue(make_workspace: WorkspaceFactory, catalog: Catalog) -> None:
    ws = make_workspace(model={"eu_placement_date": dt.date(2027, 1, 1)})
    assert not assess(ws, as_of=AS_OF, catalog=catalog).has_failures()
    assert assess(ws, as_of=dt.date(2027, 1, 2), catalog=catalog).has_failures()


def test_rejected_training_run_names_the_workspace_line(tmp_path: Path) -> None:
    (tmp_path / "gpaikit.yaml").write_text(
        "provider: {legal_name: X, country: FR}\n"
        "models:\n"
        "  - name: a\n"
        "    eu_placement_date: 2025-09-01\n"
        "    training_runs:\n"
        "      - {name: pt, params: 1.0e9, tokens: 1.0e12}\n"
        "      - name: ft\n"
        "        fleet: [{accelerator: H900, count: 8, hours: 10}]\n"
    )
    with pytest.raises(WorkspaceError) as info:
        assess(load_workspace(tmp_path), as_of=AS_OF)
    rendered = info.value.render()
    assert "gpaikit.yaml:7" in rendered
    assert "models.0.training_runs.1" in rendered
    assert "H100" in rendered  # the estimator lists close accelerator names


@pytest.mark.parametrize(
    ("start", "clock_id", "due"),
    [
        (
            dt.date(2026, 11, 27),
            "CLOCK.SS.framework_notification",
            dt.date(2026, 12, 4),
        ),  # Fri + 5 working days
        (
            dt.date(2026, 11, 28),
            "CLOCK.SS.framework_notification",
            dt.date(2026, 12, 4),
        ),  # from a Saturday
        (dt.date(2025, 8, 2), "CLOCK.notification", dt.date(2025, 8, 16)),
        (dt.date(2026, 1, 31), "CLOCK.reassessment_request", dt.date(2026, 7, 31)),
        (dt.date(2024, 2, 29), "CLOCK.documentation_retention", dt.date(2034, 2, 28)),
    ],
)
def test_clock_arithmetic(catalog: Catalog, start: dt.date, clock_id: str, due: dt.date) -> None:
    from gpaikit.assess._deadlines import add_clock

    assert add_clock(start, catalog.clock(clock_id)) == due

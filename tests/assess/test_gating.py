"""GPAI status gates every Chapter V fact; placement, internal use and the research exclusion,
each at its boundary and with its citation (reference §1, §2.1, §2.6, §11)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gpaikit.assess import Classification, Reason, assess, classify
from gpaikit.law import Catalog
from tests.conftest import AS_OF, WorkspaceFactory


def _classify(
    make_workspace: WorkspaceFactory,
    catalog: Catalog,
    model: dict[str, Any],
    as_of: dt.date = AS_OF,
) -> Classification:
    ws = make_workspace(model=model)
    return classify(ws.models[0], ws.provider, catalog, as_of)


def _cites(reasons: tuple[Reason, ...]) -> set[str]:
    return {c for r in reasons for c in r.citations}


NON_GPAI = [
    ("image-to-image above 1e25", {"modalities": {"input": ["image"], "output": ["image"]}}),
    (
        "declared narrow above 1e25",
        {"generality": "narrow", "generality_reason": "weather forecasting only"},
    ),
]


@pytest.mark.parametrize(("label", "changes"), NON_GPAI, ids=[c[0] for c in NON_GPAI])
def test_a_model_that_is_not_gpai_has_no_chapter_v_facts(
    make_workspace: WorkspaceFactory, catalog: Catalog, label: str, changes: dict[str, Any]
) -> None:
    model = {"training_compute_flop": 3e25, "systemic_risk": {"threshold_exceeded_on": None}}
    ws = make_workspace(model={**model, **changes}, provider={"country": "US"})
    m = assess(ws, as_of=AS_OF, catalog=catalog).models[0]
    c = m.classification
    assert c.gpai.treated_as is False
    # Art. 51(1): systemic risk is a property of GPAI models only
    assert c.systemic_risk.value is False
    assert {"AIA.51_1_a", "AIA.51_1_b"} <= _cites(c.systemic_risk.reasons)
    assert c.notification_required.value is False
    # Art. 3(3), 2(1)(a): no provider role, not in scope
    assert (c.role, c.in_scope.value) == ("none", False)
    assert {"AIA.3_3", "AIA.2_1_a"} <= _cites(c.role_reasons)
    # Art. 53(2): nothing to exempt
    assert c.open_source.holds == "not_applicable"
    assert "AIA.53_2" in _cites(c.open_source.reasons)
    assert c.legacy.value is False
    assert m.obligations == ()
    assert m.summary.text.startswith("No obligations under Arts 53–55: not a general-purpose")
    assert all(d.required is False for d in m.documents)
    assert m.dates.notification_due is None and m.dates.fines_possible_from is None


def test_research_only_is_excluded_from_the_definition_until_placed(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    research = {"research_only": True, "eu_placement_date": None, "training_compute_flop": 3e25}
    c = _classify(make_workspace, catalog, research)
    assert (c.gpai.value, c.role, c.in_scope.value) == (False, "none", False)
    assert {"AIA.3_63", "AIA.2_8"} <= _cites(c.gpai.reasons)
    assert c.systemic_risk.value is False and c.notification_required.value is False
    assert c.legacy.value is False  # a model never placed is not a legacy model
    placed = _classify(
        make_workspace, catalog, {**research, "eu_placement_date": dt.date(2026, 6, 1)}
    )
    assert (placed.gpai.value, placed.role, placed.systemic_risk.value) == (True, "provider", True)
    assert "AIA.2_8" in _cites(placed.placement.reasons)


INTERNAL = [
    # (essential, rights, compute, placement status, in scope)
    (False, False, 4e23, "not_placed", False),
    (True, False, 4e23, "placed", True),
    (False, True, 4e23, "placed", True),
    (True, True, 4e23, "placed", True),
    (None, False, 4e23, "unknown", None),
    (False, None, 4e23, "unknown", None),
    (None, True, 4e23, "placed", True),
    # never for a model with systemic risk (Recital 97)
    (False, False, 2e25, "placed", True),
    (None, None, 2e25, "placed", True),
]


@pytest.mark.parametrize(("essential", "rights", "flop", "status", "in_scope"), INTERNAL)
def test_internal_use_places_the_model_only_in_the_cases_of_recital_97(
    make_workspace: WorkspaceFactory,
    catalog: Catalog,
    essential: bool | None,
    rights: bool | None,
    flop: float,
    status: str,
    in_scope: bool | None,
) -> None:
    use = {
        "since": dt.date(2026, 2, 1),
        "essential_to_third_party_services": essential,
        "affects_natural_persons_rights": rights,
    }
    c = _classify(
        make_workspace,
        catalog,
        {"eu_placement_date": None, "training_compute_flop": flop, "internal_use": use},
    )
    assert c.placement.status == status
    assert c.in_scope.value is in_scope
    assert {"GL.3_1.internal_use", "AIA.REC_97"} <= _cites(c.placement.reasons)
    if status == "placed":
        assert c.placement.date == dt.date(2026, 2, 1)
        assert c.role == "provider"
    if status == "not_placed":
        assert (c.role, c.open_source.holds, c.legacy.value) == ("none", "not_applicable", False)


def test_internal_use_with_unknown_systemic_risk_is_undecided(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    use = {"essential_to_third_party_services": False, "affects_natural_persons_rights": False}
    c = _classify(
        make_workspace,
        catalog,
        {"eu_placement_date": None, "training_compute_flop": None, "internal_use": use},
    )
    assert c.placement.status == "unknown"
    assert "unless the model has systemic risk" in c.placement.reasons[0].text


def test_placement_is_the_first_of_internal_use_and_eu_availability(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    use = {
        "since": dt.date(2025, 7, 20),
        "essential_to_third_party_services": True,
        "affects_natural_persons_rights": False,
    }
    c = _classify(
        make_workspace, catalog, {"eu_placement_date": dt.date(2025, 9, 1), "internal_use": use}
    )
    assert c.placement.date == dt.date(2025, 7, 20)
    assert c.legacy.value is True  # placed before 2 August 2025 through internal use


def test_union_distribution_excluded_means_no_provider_role(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    c = _classify(make_workspace, catalog, {"eu_distribution_excluded": True})
    assert (c.placement.status, c.role, c.in_scope.value) == ("not_placed", "none", False)
    assert "GL.3_1.union_excluded" in _cites(c.role_reasons)


@pytest.mark.parametrize(
    ("as_of", "status"),
    [(dt.date(2026, 2, 28), "planned"), (dt.date(2026, 3, 1), "placed")],
)
def test_planned_placement_becomes_placement_on_its_date(
    make_workspace: WorkspaceFactory, catalog: Catalog, as_of: dt.date, status: str
) -> None:
    c = _classify(make_workspace, catalog, {"eu_placement_date": dt.date(2026, 3, 1)}, as_of)
    assert c.placement.status == status
    assert (c.role, c.in_scope.value) == ("provider", True)


def test_unknown_placement_leaves_role_and_scope_unknown(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    m = assess(make_workspace(model={"eu_placement_date": None}), as_of=AS_OF, catalog=catalog)
    model = m.models[0]
    c = model.classification
    assert (c.role, c.in_scope.value, c.legacy.value) == ("unknown", None, None)
    assert {"AIA.3_9", "AIA.2_1_a"} <= _cites(c.role_reasons)
    assert model.summary.text.startswith("Whether obligations under Arts 53–55 apply is unknown")
    assert {o.status for o in model.obligations if o.applies is not False} == {"unknown"}


def test_unknown_gpai_status_leaves_the_role_unknown(
    make_workspace: WorkspaceFactory, catalog: Catalog, drop: object
) -> None:
    c = _classify(make_workspace, catalog, {"training_compute_flop": drop})
    assert (c.gpai.value, c.role, c.in_scope.value) == (None, "unknown", None)


def test_unknown_compute_of_a_model_that_fails_the_modality_is_not_gpai(
    make_workspace: WorkspaceFactory, catalog: Catalog, drop: object
) -> None:
    c = _classify(
        make_workspace,
        catalog,
        {"training_compute_flop": drop, "modalities": {"input": ["text"], "output": ["tabular"]}},
    )
    assert c.gpai.value is False and c.role == "none"

"""Every classification branch, at the exact thresholds, with the expected citations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gpaikit.assess import Classification, Fact, GpaiFact, classify
from gpaikit.law import Catalog
from tests.conftest import AS_OF, WorkspaceFactory


def _classify(
    make_workspace: WorkspaceFactory,
    catalog: Catalog,
    model: dict[str, Any],
    provider: dict[str, Any] | None = None,
    as_of: dt.date = AS_OF,
) -> Classification:
    ws = make_workspace(model=model, provider=provider)
    return classify(ws.models[0], ws.provider, catalog, as_of)


def _cites(fact: Fact | GpaiFact) -> set[str]:
    return {c for r in fact.reasons for c in r.citations}


GPAI_CASES = [
    ("exactly 1e23 is not above the threshold", {"training_compute_flop": 1e23}, False),
    ("just above 1e23", {"training_compute_flop": 1.0000001e23}, True),
    ("below, language", {"training_compute_flop": 9.9e22}, False),
    (
        "text-to-image above threshold",
        {"training_compute_flop": 2e23, "modalities": {"input": ["text"], "output": ["image"]}},
        True,
    ),
    (
        "text-to-video above threshold",
        {"training_compute_flop": 2e23, "modalities": {"input": ["text"], "output": ["video"]}},
        True,
    ),
    (
        "image-to-image fails the modality condition",
        {"training_compute_flop": 1e24, "modalities": {"input": ["image"], "output": ["image"]}},
        False,
    ),
    (
        "speech output counts as language",
        {"training_compute_flop": 2e23, "modalities": {"input": ["text"], "output": ["speech"]}},
        True,
    ),
]


@pytest.mark.parametrize(("label", "model", "expected"), GPAI_CASES, ids=[c[0] for c in GPAI_CASES])
def test_indicative_gpai_criterion(
    make_workspace: WorkspaceFactory,
    catalog: Catalog,
    label: str,
    model: dict[str, Any],
    expected: bool,
) -> None:
    c = _classify(make_workspace, catalog, model)
    assert c.gpai.value is expected
    assert {"GL.2_1.indicative_gpai", "THR.gpai_indicative_compute"} <= _cites(c.gpai)


def test_gpai_rebuttals_both_ways(make_workspace: WorkspaceFactory, catalog: Catalog) -> None:
    narrow = _classify(
        make_workspace,
        catalog,
        {
            "training_compute_flop": 1e24,
            "generality": "narrow",
            "generality_reason": "transcription only",
        },
    )
    # the indicative criterion (1e24, language) and the declaration disagree: rebuttable,
    # decided by the declaration (GL §2.1), which gates every other Chapter V fact
    assert narrow.gpai.value == "rebuttable"
    assert narrow.gpai.treated_as is False
    assert {"GL.2_1.rebuttal_narrow", "GL.2_1.indicative_gpai"} <= _cites(narrow.gpai)
    assert (narrow.role, narrow.in_scope.value) == ("none", False)
    general = _classify(
        make_workspace,
        catalog,
        {
            "training_compute_flop": 1e22,
            "generality": "general",
            "generality_reason": "broad evals",
        },
    )
    assert general.gpai.value == "rebuttable"
    assert general.gpai.treated_as is True
    assert "GL.2_1.rebuttal_general" in _cites(general.gpai)
    assert (general.role, general.in_scope.value) == ("provider", True)


def test_unknown_compute_gives_unknown_gpai(
    make_workspace: WorkspaceFactory, catalog: Catalog, drop: object
) -> None:
    c = _classify(make_workspace, catalog, {"training_compute_flop": drop})
    assert c.gpai.value is None
    assert c.systemic_risk.value is None
    assert "training compute unknown" in c.gpai.reasons[0].text


SYSTEMIC_CASES = [
    ("exactly 1e25 is not above", {"training_compute_flop": 1e25}, False),
    ("just above 1e25", {"training_compute_flop": 1.00000001e25}, True),
    (
        "cumulative counts, training alone below",
        {"training_compute_flop": 9e24, "cumulative_compute_flop": 1.1e25},
        True,
    ),
]


@pytest.mark.parametrize(
    ("label", "model", "expected"), SYSTEMIC_CASES, ids=[c[0] for c in SYSTEMIC_CASES]
)
def test_systemic_risk_presumption(
    make_workspace: WorkspaceFactory,
    catalog: Catalog,
    label: str,
    model: dict[str, Any],
    expected: bool,
) -> None:
    c = _classify(make_workspace, catalog, model)
    assert c.systemic_risk.value is expected
    assert c.notification_required.value is expected
    assert {"AIA.51_2", "THR.systemic_risk_compute"} <= _cites(c.systemic_risk)


def test_designation_on_annex_xiii_starts_when_informed(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    c = _classify(
        make_workspace,
        catalog,
        {
            "training_compute_flop": 5e24,
            "systemic_risk": {
                "designated_on": dt.date(2026, 3, 1),
                "designation_basis": "annex_xiii",
            },
        },
    )
    assert c.systemic_risk.value is True
    assert c.notification_required.value is False
    assert c.systemic_risk_since == dt.date(2026, 3, 1)
    assert {"AIA.51_1_b", "AIA.52_4", "AIA.ANNEX_XIII"} <= _cites(c.systemic_risk)


def test_designation_in_the_future_does_not_count_yet(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    c = _classify(
        make_workspace,
        catalog,
        {
            "training_compute_flop": 5e24,
            "systemic_risk": {
                "designated_on": dt.date(2027, 1, 1),
                "designation_basis": "annex_xiii",
            },
        },
    )
    assert c.systemic_risk.value is False


def test_designation_for_failure_to_notify_applies_from_condition(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    c = _classify(
        make_workspace,
        catalog,
        {
            "training_compute_flop": 3e25,
            "systemic_risk": {
                "threshold_exceeded_on": dt.date(2025, 10, 1),
                "designated_on": dt.date(2026, 9, 1),
                "designation_basis": "failure_to_notify",
            },
        },
    )
    assert c.systemic_risk.value is True
    assert c.systemic_risk_since == dt.date(2025, 10, 1)


REBUTTAL_CASES = [
    ("accepted before as-of ends obligations", "accepted", dt.date(2026, 6, 1), False),
    ("accepted after as-of: still systemic", "accepted", dt.date(2027, 1, 1), True),
    ("rejected", "rejected", dt.date(2026, 6, 1), True),
    ("pending does not suspend", "pending", None, True),
]


@pytest.mark.parametrize(
    ("label", "rebuttal", "decided", "expected"), REBUTTAL_CASES, ids=[c[0] for c in REBUTTAL_CASES]
)
def test_rebuttal_outcomes(
    make_workspace: WorkspaceFactory,
    catalog: Catalog,
    label: str,
    rebuttal: str,
    decided: dt.date | None,
    expected: bool,
) -> None:
    c = _classify(
        make_workspace,
        catalog,
        {
            "training_compute_flop": 2e25,
            "systemic_risk": {
                "threshold_exceeded_on": dt.date(2025, 9, 1),
                "rebuttal": rebuttal,
                "rebuttal_decided_on": decided,
            },
        },
    )
    assert c.systemic_risk.value is expected
    assert c.notification_required.value is True
    assert "GL.2_3.rebuttal_effect" in _cites(c.systemic_risk)


def _modifier(mod: float, base_flop: float | None, base_systemic: bool = False) -> dict[str, Any]:
    return {
        "training_compute_flop": None,
        "role": "modifier",
        "base_model": {
            "name": "base",
            "training_compute_flop": base_flop,
            "systemic_risk": base_systemic,
        },
        "modification_compute_flop": mod,
    }


MODIFIER_CASES = [
    (
        "exactly one third is not above",
        1e23,
        3e23,
        False,
        "modifier_not_provider",
        "THR.modification_fraction",
    ),
    (
        "just above one third",
        1.0000001e23,
        3e23,
        False,
        "modifier_provider",
        "THR.modification_fraction",
    ),
    (
        "fallback general, at the line",
        1 / 3 * 1e23,
        None,
        False,
        "modifier_not_provider",
        "THR.modification_fallback_general",
    ),
    (
        "fallback general, above",
        3.4e22,
        None,
        False,
        "modifier_provider",
        "THR.modification_fallback_general",
    ),
    (
        "fallback systemic, below",
        3.3e24,
        None,
        True,
        "modifier_not_provider",
        "THR.modification_fallback_systemic",
    ),
    (
        "fallback systemic, above",
        3.4e24,
        None,
        True,
        "modifier_provider",
        "THR.modification_fallback_systemic",
    ),
]


@pytest.mark.parametrize(
    ("label", "mod", "base", "base_systemic", "role", "threshold"),
    MODIFIER_CASES,
    ids=[c[0] for c in MODIFIER_CASES],
)
def test_modifier_becomes_provider(
    make_workspace: WorkspaceFactory,
    catalog: Catalog,
    label: str,
    mod: float,
    base: float | None,
    base_systemic: bool,
    role: str,
    threshold: str,
) -> None:
    c = _classify(make_workspace, catalog, _modifier(mod, base, base_systemic))
    assert c.role == role
    cites = {x for r in c.role_reasons for x in r.citations}
    assert {"GL.3_2.modification", threshold} <= cites


def test_modifier_of_systemic_model_that_becomes_provider_is_systemic(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    c = _classify(make_workspace, catalog, _modifier(5e24, 1.2e25, True))
    assert c.role == "modifier_provider"
    assert c.systemic_risk.value is True
    assert c.notification_required.value is True
    assert "GL.3_2.modified_systemic" in _cites(c.systemic_risk)


def test_modifier_with_unknown_compute(make_workspace: WorkspaceFactory, catalog: Catalog) -> None:
    model = _modifier(1.0, 3e23)
    model["modification_compute_flop"] = None
    c = _classify(make_workspace, catalog, model)
    assert c.role == "unknown"


OPEN = {
    "licence": {
        "name": "Apache-2.0",
        "access": True,
        "use": True,
        "modify": True,
        "distribute": True,
    },
    "monetisation": {
        "dual_licensing": False,
        "tied_paid_services": False,
        "mandatory_paid_support": False,
        "exclusive_paid_hosting": False,
        "personal_data_for_access": False,
    },
    "publication": {"weights": True, "architecture": True, "usage_information": True},
}

OPEN_SOURCE_CASES: list[tuple[str, dict[str, Any], bool | None, str]] = [
    ("all conditions hold", {}, True, ""),
    ("no modify right", {"licence": {"modify": False}}, False, "GL.4.licence_rights"),
    (
        "non-commercial licence",
        {"licence": {"restrictions": ["non_commercial"]}},
        False,
        "GL.4.licence_rights",
    ),
    (
        "user-scale threshold",
        {"licence": {"restrictions": ["user_threshold"]}},
        False,
        "GL.4.licence_rights",
    ),
    ("dual licensing", {"monetisation": {"dual_licensing": True}}, False, "GL.4.no_monetisation"),
    (
        "exclusive paid hosting",
        {"monetisation": {"exclusive_paid_hosting": True}},
        False,
        "GL.4.no_monetisation",
    ),
    ("weights not public", {"publication": {"weights": False}}, False, "GL.4.public_availability"),
    ("systemic risk", {"training_compute_flop": 2e25}, False, "GL.4.never_systemic"),
    ("distribute right undeclared", {"licence": {"distribute": None}}, None, "GL.4.licence_rights"),
]


@pytest.mark.parametrize(
    ("label", "changes", "holds", "citation"),
    OPEN_SOURCE_CASES,
    ids=[c[0] for c in OPEN_SOURCE_CASES],
)
def test_open_source_exemption(
    make_workspace: WorkspaceFactory,
    catalog: Catalog,
    label: str,
    changes: dict[str, Any],
    holds: bool | None,
    citation: str,
) -> None:
    model: dict[str, Any] = {key: {**value, **changes.get(key, {})} for key, value in OPEN.items()}
    model.update({k: v for k, v in changes.items() if k not in OPEN})
    c = _classify(make_workspace, catalog, model)
    assert c.open_source.holds is holds
    if citation:
        reasons = c.open_source.failing if holds is False else c.open_source.unknown
        assert any(citation in r.citations for r in reasons)


def test_open_source_without_licence_is_unknown(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    c = _classify(make_workspace, catalog, {})
    assert c.open_source.holds is None


@pytest.mark.parametrize(
    ("country", "expected"), [("US", True), ("FR", False), ("NO", True), ("IE", False)]
)
def test_third_country(
    make_workspace: WorkspaceFactory, catalog: Catalog, country: str, expected: bool
) -> None:
    c = _classify(make_workspace, catalog, {}, provider={"country": country})
    assert c.third_country.value is expected
    assert "AIA.54_1" in _cites(c.third_country)


@pytest.mark.parametrize(
    ("placed", "legacy"),
    [(dt.date(2025, 8, 1), True), (dt.date(2025, 8, 2), False), (dt.date(2024, 3, 1), True)],
)
def test_legacy_model(
    make_workspace: WorkspaceFactory, catalog: Catalog, placed: dt.date, legacy: bool
) -> None:
    c = _classify(make_workspace, catalog, {"eu_placement_date": placed})
    assert c.legacy.value is legacy
    assert "AIA.111_3" in _cites(c.legacy)


def test_research_only_is_out_of_scope(
    make_workspace: WorkspaceFactory, catalog: Catalog, drop: object
) -> None:
    c = _classify(make_workspace, catalog, {"research_only": True, "eu_placement_date": drop})
    assert c.in_scope.value is False
    assert "AIA.2_8" in _cites(c.in_scope)
    assert (c.gpai.value, c.role, c.legacy.value) == (False, "none", False)


def test_training_runs_feed_the_figures(make_workspace: WorkspaceFactory, catalog: Catalog) -> None:
    c = _classify(
        make_workspace,
        catalog,
        {
            "training_compute_flop": None,
            "training_runs": [
                {"name": "pt", "params": 1e10, "tokens": 1e12},
                {
                    "name": "synthetic",
                    "kind": "synthetic_data_generation",
                    "params": 1e11,
                    "tokens": 1e11,
                },
                {
                    "name": "public synthetic",
                    "kind": "synthetic_data_generation",
                    "flop": 1e30,
                    "publicly_accessible_output": True,
                },
            ],
        },
    )
    assert c.training_compute is not None and c.cumulative_compute is not None
    assert c.training_compute.flop == pytest.approx(6e22)
    # non-public generation counts as forward passes (2 P D) towards cumulative compute only;
    # publicly accessible synthetic data may be excluded.
    assert c.cumulative_compute.flop == pytest.approx(6e22 + 2e22)
    assert c.training_compute.low == pytest.approx(6e22 * 0.7)

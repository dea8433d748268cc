"""The two Art. 52(1) triggers (threshold foreseen, threshold exceeded) and which clock uses
which; modifiers' base-model facts (GL §3.2); each at its boundary, with its citation."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from gpaikit.assess import ModelAssessment, ObligationResult, assess
from gpaikit.law import Catalog, load_catalog_from
from tests.conftest import AS_OF, WorkspaceFactory

D = dt.date


def _assess(
    make_workspace: WorkspaceFactory,
    catalog: Catalog,
    model: dict[str, Any],
    as_of: dt.date = AS_OF,
) -> ModelAssessment:
    return assess(make_workspace(model=model), as_of=as_of, catalog=catalog).models[0]


def _one(m: ModelAssessment, obligation_id: str) -> ObligationResult:
    return next(o for o in m.obligations if o.id == obligation_id)


NOTIFY = [
    # (foreseen, exceeded, notification due): two weeks after the earlier trigger, never counted
    # from before Chapter V applied (2 Aug 2025)
    (D(2026, 1, 5), D(2026, 3, 1), D(2026, 1, 19)),
    (None, D(2026, 3, 1), D(2026, 3, 15)),
    (D(2026, 4, 1), D(2026, 3, 1), D(2026, 3, 15)),
    (D(2025, 8, 1), None, D(2025, 8, 16)),
    (D(2025, 8, 2), None, D(2025, 8, 16)),
    (D(2025, 8, 3), None, D(2025, 8, 17)),
]


@pytest.mark.parametrize(("foreseen", "exceeded", "due"), NOTIFY)
def test_notification_runs_from_the_earlier_trigger(
    make_workspace: WorkspaceFactory,
    catalog: Catalog,
    foreseen: dt.date | None,
    exceeded: dt.date | None,
    due: dt.date,
) -> None:
    m = _assess(
        make_workspace,
        catalog,
        {
            "training_compute_flop": 2e25,
            "eu_placement_date": D(2026, 6, 1),
            "systemic_risk": {"threshold_foreseen_on": foreseen, "threshold_exceeded_on": exceeded},
        },
    )
    o = _one(m, "OBL.systemic_risk_notification")
    assert o.due_date == due
    assert m.dates.notification_due is not None and m.dates.notification_due.date == due
    assert {"AIA.52_1", "CLOCK.notification"} <= set(m.dates.notification_due.citations)


@pytest.mark.parametrize(
    ("exceeded", "due"),
    [
        (D(2026, 5, 31), D(2026, 6, 1)),  # met before placement: due on placement
        (D(2026, 6, 1), D(2026, 6, 1)),
        (D(2026, 6, 2), D(2026, 6, 2)),  # met after placement: due when met (GL §2.3.1)
    ],
)
def test_art_55_runs_from_the_date_the_threshold_was_exceeded(
    make_workspace: WorkspaceFactory, catalog: Catalog, exceeded: dt.date, due: dt.date
) -> None:
    m = _assess(
        make_workspace,
        catalog,
        {
            "training_compute_flop": 2e25,
            "eu_placement_date": D(2026, 6, 1),
            "systemic_risk": {
                "threshold_foreseen_on": D(2025, 9, 1),
                "threshold_exceeded_on": exceeded,
            },
        },
    )
    assert _one(m, "OBL.model_evaluation").due_date == due
    assert m.classification.systemic_risk_since == exceeded
    # the notification still counts from the foreseen date
    assert _one(m, "OBL.systemic_risk_notification").due_date == D(2025, 9, 15)


def test_foreseen_threshold_requires_notification_before_compute_is_spent(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    model = {
        "training_compute_flop": 4e24,
        "eu_placement_date": D(2027, 6, 1),
        "systemic_risk": {"threshold_foreseen_on": D(2026, 11, 1)},
    }
    m = _assess(make_workspace, catalog, model)
    assert m.classification.notification_required.value is True
    assert "GL.2_3.notify_early" in {
        c for r in m.classification.notification_required.reasons for c in r.citations
    }
    assert _one(m, "OBL.systemic_risk_notification").due_date == D(2026, 11, 15)
    # a trigger dated after the assessment date is not known yet
    before = _assess(make_workspace, catalog, model, as_of=D(2026, 10, 31))
    assert before.classification.notification_required.value is False


def test_rejected_rebuttal_applies_from_when_the_condition_was_met(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    m = _assess(
        make_workspace,
        catalog,
        {
            "training_compute_flop": 2e25,
            "eu_placement_date": D(2025, 9, 1),
            "systemic_risk": {
                "threshold_foreseen_on": D(2025, 8, 20),
                "threshold_exceeded_on": D(2025, 12, 1),
                "rebuttal": "rejected",
                "rebuttal_decided_on": D(2026, 4, 1),
            },
        },
    )
    assert _one(m, "OBL.systemic_risk_management").due_date == D(2025, 12, 1)
    assert "GL.2_3.rebuttal_effect" in m.classification.systemic_risk.reasons[-1].citations


def test_accepted_rebuttal_lists_art_55_as_not_applicable_with_the_reason(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    m = _assess(
        make_workspace,
        catalog,
        {
            "training_compute_flop": 2e25,
            "systemic_risk": {
                "threshold_exceeded_on": D(2025, 9, 1),
                "rebuttal": "accepted",
                "rebuttal_decided_on": D(2026, 2, 1),
            },
        },
    )
    o = _one(m, "OBL.cybersecurity")
    assert (o.applies, o.status) == (False, "not_applicable")
    assert "rebuttal accepted on 2026-02-01" in o.reasons[0].text
    assert "GL.2_3.rebuttal_effect" in o.reasons[0].citations
    assert m.dates.systemic_risk_until is not None
    assert m.dates.systemic_risk_until.date == D(2026, 2, 1)


@pytest.mark.parametrize(
    ("designated", "maintained", "as_of", "earliest"),
    [
        (D(2026, 2, 28), None, AS_OF, D(2026, 8, 28)),
        (D(2026, 8, 31), None, AS_OF, D(2027, 2, 28)),  # month end clamps
        (D(2026, 3, 1), D(2026, 10, 2), AS_OF, D(2027, 4, 2)),  # from the last decision
    ],
)
def test_reassessment_request_date(
    make_workspace: WorkspaceFactory,
    catalog: Catalog,
    designated: dt.date,
    maintained: dt.date | None,
    as_of: dt.date,
    earliest: dt.date,
) -> None:
    m = _assess(
        make_workspace,
        catalog,
        {
            "training_compute_flop": 5e24,
            "systemic_risk": {
                "designated_on": designated,
                "designation_basis": "annex_xiii",
                "designation_maintained_on": maintained,
            },
        },
        as_of,
    )
    fact = m.dates.reassessment_possible_from
    assert fact is not None and fact.date == earliest
    assert {"AIA.52_5", "CLOCK.reassessment_request"} <= set(fact.citations)


# --- modifiers: base-model facts (GL §3.2) ---------------------------------------------------


def _modifier(mod: float, **base: Any) -> dict[str, Any]:
    return {
        "training_compute_flop": None,
        "role": "modifier",
        "base_model": {"name": "base", **base},
        "modification_compute_flop": mod,
    }


def test_fallback_of_a_base_declared_without_systemic_risk_does_not_make_it_systemic(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    m = _assess(make_workspace, catalog, _modifier(3.4e24, systemic_risk=False))
    c = m.classification
    assert c.role == "modifier_provider"
    assert c.modification_threshold == "THR.modification_fallback_general"
    assert c.systemic_risk.value is False
    assert c.notification_required.value is False
    assert "GL.3_2.modification" in c.systemic_risk.reasons[0].citations


@pytest.mark.parametrize(("mod", "systemic"), [(1e25, False), (1.1e25, True)])
def test_a_modification_alone_above_1e25_is_systemic(
    make_workspace: WorkspaceFactory, catalog: Catalog, mod: float, systemic: bool
) -> None:
    c = _assess(make_workspace, catalog, _modifier(mod)).classification
    assert c.systemic_risk.value is systemic


@pytest.mark.parametrize(("base_cumulative", "systemic"), [(9.4e24, False), (9.6e24, True)])
def test_base_cumulative_compute_plus_modification(
    make_workspace: WorkspaceFactory, catalog: Catalog, base_cumulative: float, systemic: bool
) -> None:
    # base training 1.2e24: line 4e23; a 5e23 modification makes the modifier the provider,
    # and the modified model's cumulative compute is the base's plus the modification's
    model = _modifier(5e23, training_compute_flop=1.2e24, cumulative_compute_flop=base_cumulative)
    c = _assess(make_workspace, catalog, model).classification
    assert c.role == "modifier_provider"
    assert c.cumulative_compute is not None
    assert c.cumulative_compute.flop == pytest.approx(base_cumulative + 5e23)
    assert c.systemic_risk.value is systemic


def test_modified_systemic_model_is_presumed_systemic(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    c = _assess(
        make_workspace, catalog, _modifier(5e24, training_compute_flop=1.2e25, systemic_risk=True)
    ).classification
    assert (c.role, c.systemic_risk.value, c.notification_required.value) == (
        "modifier_provider",
        True,
        True,
    )
    assert "GL.3_2.modified_systemic" in c.systemic_risk.reasons[0].citations
    assert c.open_source.holds is False


def _catalog_with(tmp_path: Path, repo_root: Path, switch: int) -> Catalog:
    data = tmp_path / "data"
    shutil.copytree(repo_root / "src" / "gpaikit" / "law" / "data", data)
    path = data / "parameters.yaml"
    text = path.read_text()
    marker = "  - id: PAR.modification_cumulative_if_systemic"
    head, tail = text.split(marker)
    tail = tail.replace("    value: 1\n", f"    value: {switch}\n", 1)
    path.write_text(head + marker + tail)
    return load_catalog_from(data)


@pytest.mark.parametrize(
    ("switch", "role"), [(1, "modifier_not_provider"), (0, "modifier_provider")]
)
def test_cumulative_rule_for_systemic_originals_is_a_switch(
    make_workspace: WorkspaceFactory,
    tmp_path: Path,
    repo_root: Path,
    switch: int,
    role: str,
) -> None:
    # original with systemic risk: training 9e24, cumulative 1.2e25; modification 3.5e24 is
    # above a third of the training compute (3e24), not of the cumulative compute (4e24)
    catalog = _catalog_with(tmp_path, repo_root, switch)
    model = _modifier(
        3.5e24, training_compute_flop=9e24, cumulative_compute_flop=1.2e25, systemic_risk=True
    )
    c = _assess(make_workspace, catalog, model).classification
    assert c.role == role
    cites = {x for r in c.role_reasons for x in r.citations}
    assert ("PAR.modification_cumulative_if_systemic" in cites) is bool(switch)


def test_modification_runs_are_the_modification_compute(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    model = {
        "training_compute_flop": None,
        "role": "modifier",
        "base_model": {"name": "base", "training_compute_flop": 3e23},
        "training_runs": [
            {"name": "sft", "kind": "fine_tuning", "flop": 1.2e23},
            {"name": "evals", "kind": "evaluation", "flop": 5e23},
        ],
    }
    c = _assess(make_workspace, catalog, model).classification
    assert c.modification_compute is not None
    assert c.modification_compute.flop == pytest.approx(1.2e23)  # evaluations left out
    assert c.role == "modifier_provider"
    assert c.training_compute is not None
    assert c.training_compute.flop == pytest.approx(4.2e23)


def test_a_later_designation_does_not_move_an_earlier_presumption(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    m = _assess(
        make_workspace,
        catalog,
        {
            "training_compute_flop": 2e25,
            "eu_placement_date": D(2025, 9, 1),
            "systemic_risk": {
                "threshold_exceeded_on": D(2025, 10, 1),
                "designated_on": D(2026, 4, 1),
                "designation_basis": "annex_xiii",
            },
        },
    )
    assert m.classification.systemic_risk_since == D(2025, 10, 1)
    assert _one(m, "OBL.model_evaluation").due_date == D(2025, 10, 1)

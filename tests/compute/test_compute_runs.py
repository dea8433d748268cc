"""Workspace training runs -> one estimate: per-run methods, then a sum."""

from __future__ import annotations

import pytest

from gpaikit.compute import estimate_runs, run_inputs, sum_estimates
from gpaikit.workspace import TrainingRun

PT = TrainingRun.model_validate(
    {
        "name": "pt",
        "params": 8e9,
        "tokens": 1.5e13,
        "fleet": [{"accelerator": "H100", "count": 2048, "hours": 247, "utilization": 0.4}],
    }
)
SYN = TrainingRun.model_validate(
    {"name": "syn", "kind": "synthetic_data_generation", "params": 7e10, "tokens": 1e11}
)
PUBLIC_SYN = TrainingRun.model_validate(
    {
        "name": "pub",
        "kind": "synthetic_data_generation",
        "flop": 1e30,
        "publicly_accessible_output": True,
    }
)
HW_ONLY = TrainingRun.model_validate(
    {
        "name": "rl",
        "kind": "rl_policy_updates",
        "fleet": [{"accelerator": "H100", "count": 64, "hours": 100}],
    }
)


def test_run_inputs_map_kinds_and_methods() -> None:
    stages, fleet = run_inputs(PT)
    assert [s.kind for s in stages] == ["pretraining"] and [f.kind for f in fleet] == [
        "pretraining"
    ]
    stages, fleet = run_inputs(HW_ONLY)
    assert not stages and [f.kind for f in fleet] == ["rl_policy"]


def test_runs_are_estimated_separately_and_summed() -> None:
    total = estimate_runs([PT, SYN, PUBLIC_SYN, HW_ONLY])
    assert total is not None
    pt, syn, rl = (estimate_runs([r]) for r in (PT, SYN, HW_ONLY))
    assert pt is not None and syn is not None and rl is not None
    assert pt.method == "combined" and pt.agree  # both methods of the same run agree
    assert total.training_flop == pytest.approx(pt.training_flop + rl.training_flop)
    # non-public synthetic data counts towards cumulative compute only; public is skipped
    assert total.cumulative_flop == pytest.approx(
        pt.cumulative_flop + syn.cumulative_flop + rl.cumulative_flop
    )
    assert syn.training_flop == 0
    assert total.low == pytest.approx(pt.low + syn.low + rl.low)
    assert total.method == "combined"


def test_a_run_without_inputs_makes_the_total_unknown() -> None:
    empty = TrainingRun.model_validate({"name": "x"})
    assert estimate_runs([PT, empty]) is None
    assert estimate_runs([PUBLIC_SYN]) is None


def test_sum_of_one_is_itself_and_of_none_is_an_error() -> None:
    one = estimate_runs([PT])
    assert one is not None and sum_estimates([one]) is one
    with pytest.raises(ValueError):
        sum_estimates([])

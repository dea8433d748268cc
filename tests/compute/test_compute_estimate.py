"""Architecture and hardware methods, both together, thresholds, modification, formatting."""

from __future__ import annotations

import math

import pytest

from gpaikit._exceptions import ComputeInputError
from gpaikit.compute import (
    FleetSegment,
    Stage,
    architecture_estimate,
    combine,
    estimate,
    find_accelerator,
    hardware_estimate,
    modification_assessment,
    threshold_flags,
)
from gpaikit.law import load_catalog

CAT = load_catalog()
MARGIN = CAT.value("PAR.compute_error_margin")


def test_stages_are_summed_and_notions_kept_apart() -> None:
    est = architecture_estimate(
        [
            Stage(name="pre-training", params=7e9, tokens=2e12),
            Stage(name="continued", kind="continued_pretraining", params=7e9, tokens=1e11),
            Stage(name="sft", kind="fine_tuning", params=7e9, tokens=1e9, epochs=3),
            Stage(name="rl", kind="rl_policy", params=7e9, tokens=5e8),
            Stage(name="synthetic", kind="synthetic_data", params=70e9, tokens=1e11),
            Stage(name="init", kind="inherited", flop=1e22),
        ]
    )
    training = 6 * 7e9 * (2e12 + 1e11 + 3e9 + 5e8) + 1e22
    synthetic = 2 * 70e9 * 1e11
    assert math.isclose(est.training_flop, training)
    assert math.isclose(est.cumulative_flop, training + synthetic)
    assert est.flop == est.cumulative_flop and est.notion == "cumulative"
    assert est.params_total == 7_000_000_000
    assert [p.training for p in est.parts] == [True, True, True, True, False, True]
    assert any("discarded samples" in a for a in est.assumptions)
    assert any("merged or initialising" in a for a in est.assumptions)
    as_training = architecture_estimate(
        [Stage(name="s", kind="synthetic_data", params=1e9, tokens=1e9)], notion="training"
    )
    assert as_training.flop == 0 and as_training.cumulative_flop == 2e18


def test_moe_uses_active_parameters() -> None:
    est = architecture_estimate(
        [Stage(name="pt", params=46.7e9, active_params=12.9e9, tokens=1e12)]
    )
    assert math.isclose(est.flop, 6 * 12.9e9 * 1e12)
    assert est.params_active == 12_900_000_000
    assert any("mixture-of-experts" in a for a in est.assumptions)


def test_factors_come_from_the_catalog() -> None:
    est = architecture_estimate([Stage(name="pt", params=1e9, tokens=1e9)])
    assert est.flop == CAT.value("PAR.flop_per_param_token") * 1e18
    assert est.margin == MARGIN


@pytest.mark.parametrize(
    ("stage", "field"),
    [
        (Stage(name="x", params=-1e9, tokens=1e9), "params"),
        (Stage(name="x", params=1e9, tokens=-1), "tokens"),
        (Stage(name="x", params=1e9, tokens=1e9, epochs=0), "epochs"),
        (Stage(name="x", params=1e9), "tokens"),
        (Stage(name="x", params=1e9, active_params=2e9, tokens=1), "active_params"),
        (Stage(name="x", flop=-1.0), "flop"),
        (Stage(name="x", params=float("nan"), tokens=1), "params"),
    ],
)
def test_invalid_stage_names_the_field(stage: Stage, field: str) -> None:
    with pytest.raises(ComputeInputError) as info:
        architecture_estimate([stage])
    assert f"stages[0] (x).{field}" in info.value.render()


def test_no_stage_is_an_error() -> None:
    with pytest.raises(ComputeInputError, match="no training stage"):
        architecture_estimate([])


def test_accelerator_lookup() -> None:
    for name in ("H100", "h100-sxm", "HW.nvidia_h100_sxm", "nvidia_h100_sxm", "NVIDIA H100 SXM5"):
        assert find_accelerator(name).id == "HW.nvidia_h100_sxm"
    assert find_accelerator("TPU v5p").id == "HW.google_tpu_v5p"
    with pytest.raises(ComputeInputError) as info:
        find_accelerator("H10O")
    assert "H100" in info.value.render() and "did you mean" in info.value.render()


def test_mixed_fleet_and_periods() -> None:
    est = hardware_estimate(
        [
            FleetSegment(accelerator="A100", count=512, hours=100, utilization=0.4),
            FleetSegment(accelerator="H100", count=256, hours=100, utilization=0.4),
            FleetSegment(accelerator="H100", count=1024, hours=50, utilization=0.35),
        ]
    )
    expected = (
        512 * 100 * 3600 * 312e12 * 0.4
        + 256 * 100 * 3600 * 989.4e12 * 0.4
        + 1024 * 50 * 3600 * 989.4e12 * 0.35
    )
    assert math.isclose(est.flop, expected)
    # same-duration types: the sum equals the guidelines' unit-weighted average peak
    weighted = (512 * 312e12 + 256 * 989.4e12) / 768
    two = hardware_estimate(
        [
            FleetSegment(accelerator="A100", count=512, hours=100, utilization=0.4),
            FleetSegment(accelerator="H100", count=256, hours=100, utilization=0.4),
        ]
    )
    assert math.isclose(two.flop, 768 * 100 * 3600 * weighted * 0.4)
    assert est.inputs["hardware_days"]["NVIDIA H100 SXM5"] == pytest.approx(
        (256 * 100 + 1024 * 50) / 24
    )


def test_default_utilization_is_documented() -> None:
    est = hardware_estimate([FleetSegment(accelerator="H100", gpu_hours=1000)])
    u = CAT.value("PAR.utilization_default_llm")
    assert math.isclose(est.flop, 1000 * 3600 * 989.4e12 * u)
    assert any("PAR.utilization_default_llm" in a for a in est.assumptions)
    other = hardware_estimate(
        [FleetSegment(accelerator="H100", gpu_hours=1000)], utilization_default="dense_bf16"
    )
    assert math.isclose(other.flop, 1000 * 3600 * 989.4e12 * 0.4)


def test_precision_and_unconfirmed_flags() -> None:
    fp8 = hardware_estimate(
        [FleetSegment(accelerator="H100", gpu_hours=1, utilization=1, precision="fp8")]
    )
    assert math.isclose(fp8.flop, 3600 * 1978.9e12)
    gb = hardware_estimate([FleetSegment(accelerator="GB200", gpu_hours=1, utilization=0.3)])
    assert any("UNCONFIRMED" in a for a in gb.assumptions)
    with pytest.raises(ComputeInputError, match="no fp8 figure"):
        hardware_estimate([FleetSegment(accelerator="tpu-v4", gpu_hours=1, precision="fp8")])


@pytest.mark.parametrize(
    ("segment", "fragment"),
    [
        (FleetSegment(accelerator="H100", count=-8, hours=10), "count"),
        (FleetSegment(accelerator="H100", count=8, hours=-10), "hours"),
        (FleetSegment(accelerator="H100", gpu_hours=-1), "gpu_hours"),
        (FleetSegment(accelerator="H100", count=8), "hours"),
        (FleetSegment(accelerator="H100", gpu_hours=8, count=1, hours=8), "not both"),
        (FleetSegment(accelerator="H100", gpu_hours=8, utilization=40), "fraction"),
        (FleetSegment(accelerator="H100", gpu_hours=8, utilization=0), "utilization"),
        (FleetSegment(accelerator="Z9000", gpu_hours=8), "unknown accelerator"),
    ],
)
def test_invalid_fleet(segment: FleetSegment, fragment: str) -> None:
    with pytest.raises(ComputeInputError) as info:
        hardware_estimate([segment])
    assert fragment in info.value.render()


def test_combine_agreeing_methods_tightens_the_band() -> None:
    arch = architecture_estimate([Stage(name="pt", params=8e9, tokens=15e12)])
    gpu_hours = arch.flop / (3600 * 989.4e12 * 0.4) * 1.1  # hardware 10 % above
    hw = hardware_estimate([FleetSegment(accelerator="H100", gpu_hours=gpu_hours, utilization=0.4)])
    both = combine(arch, hw)
    assert both.method == "combined" and both.agree
    assert both.ratio == pytest.approx(1 / 1.1)
    assert both.flop == arch.flop
    assert both.low == pytest.approx(hw.low) and both.high == pytest.approx(arch.high)
    assert both.high - both.low < arch.high - arch.low
    data = both.to_dict()
    assert data["architecture"]["method"] == "architecture" and data["ratio"] == both.ratio


def test_combine_disagreeing_methods_says_so() -> None:
    arch = architecture_estimate([Stage(name="pt", params=8e9, tokens=15e12)])
    hw = hardware_estimate([FleetSegment(accelerator="H100", gpu_hours=1e7, utilization=0.4)])
    both = combine(arch, hw)
    assert not both.agree and (both.low, both.high) == (arch.low, arch.high)
    assert any("DISAGREE" in a for a in both.assumptions)
    with pytest.raises(ComputeInputError, match="in that order"):
        combine(hw, arch)


def test_threshold_flags_and_straddling() -> None:
    est = architecture_estimate([Stage(name="pt", params=1e9, tokens=1.5e13)])  # 9.0e22
    gpai, systemic = threshold_flags(est)
    assert gpai.id == "THR.gpai_indicative_compute" and not gpai.exceeded and gpai.straddles
    assert systemic.id == "THR.systemic_risk_compute" and not systemic.straddles
    big = architecture_estimate([Stage(name="pt", params=4e11, tokens=4.5e12)])  # 1.08e25
    _, systemic = threshold_flags(big)
    assert systemic.exceeded and systemic.straddles
    assert "above" in systemic.text()


def test_gpai_flag_uses_training_compute_and_systemic_uses_cumulative() -> None:
    est = architecture_estimate(
        [
            Stage(name="pt", params=1e9, tokens=1e13),  # 6e22 training
            Stage(name="gen", kind="synthetic_data", params=1e11, tokens=1e12),  # 2e23
        ]
    )
    gpai, _ = threshold_flags(est)
    assert gpai.value == est.training_flop and not gpai.exceeded


def test_modification_rule() -> None:
    relative = modification_assessment(4e23, 1e24, original_systemic_risk=False)
    assert relative.becomes_provider and relative.threshold_id == "THR.modification_fraction"
    assert relative.fraction_of_original == pytest.approx(0.4)
    below = modification_assessment(3e23, 1e24, original_systemic_risk=False)
    assert not below.becomes_provider and below.straddles
    fallback = modification_assessment(4e24, None, original_systemic_risk=True)
    assert fallback.threshold_id == "THR.modification_fallback_systemic"
    assert fallback.becomes_provider and fallback.presumed_systemic_risk
    general = modification_assessment(4e22, None, original_systemic_risk=False)
    assert general.threshold == CAT.value("THR.modification_fallback_general")
    assert general.becomes_provider and not general.presumed_systemic_risk
    est = architecture_estimate([Stage(name="ft", kind="fine_tuning", params=7e9, tokens=1e12)])
    flags = threshold_flags(est, original_flop=1e23)
    assert flags[-1].notion == "modification" and flags[-1].exceeded
    with pytest.raises(ComputeInputError):
        modification_assessment(-1.0, None, original_systemic_risk=False)


def test_formatting_for_the_forms() -> None:
    est = architecture_estimate([Stage(name="pt", params=4e11, tokens=1e13)])  # 2.4e25
    assert est.two_significant() == "2.4e25"
    assert est.order_of_magnitude() == "1e25"
    small = architecture_estimate([Stage(name="pt", params=1e9, tokens=1.6666e12)])  # 9.9998e21
    assert small.two_significant() == "1.0e22" and small.order_of_magnitude() == "1e22"
    text = est.notification_text()
    assert "Cumulative training compute: 2.4e25 FLOP" in text
    assert "architecture-based method" in text and "Approximations and assumptions" in text
    assert "1.7e25 to 3.1e25" in text
    data = est.to_dict()
    for key in ("flop", "low", "high", "method", "params_total", "params_active", "assumptions"):
        assert key in data


def test_estimate_picks_the_methods_given() -> None:
    stages = [Stage(name="pt", params=8e9, tokens=15e12)]
    fleet = [FleetSegment(accelerator="H100", count=1024, hours=600, utilization=0.4)]
    assert estimate(stages=stages).method == "architecture"
    assert estimate(fleet=fleet).method == "hardware"
    both = estimate(stages=stages, fleet=fleet, notion="training")
    assert both.method == "combined" and both.notion == "training"
    with pytest.raises(ComputeInputError, match="nothing to estimate"):
        estimate()


def test_accelerator_outside_the_catalog_with_a_given_peak() -> None:
    est = hardware_estimate(
        [FleetSegment(accelerator="H800", gpu_hours=2.788e6, utilization=0.2, peak_tflops=989)]
    )
    assert math.isclose(est.flop, 2.788e6 * 3600 * 989e12 * 0.2)
    assert est.inputs["fleet"][0]["accelerator"] is None
    assert any("not in the catalog" in a for a in est.assumptions)
    with pytest.raises(ComputeInputError, match="--peak-tflops"):
        hardware_estimate([FleetSegment(accelerator="H800", gpu_hours=1)])


def test_active_parameters_alone_are_enough() -> None:
    est = architecture_estimate([Stage(name="pt", active_params=3.3e9, tokens=1e12)])
    assert math.isclose(est.flop, 6 * 3.3e9 * 1e12)
    assert est.params_total is None and est.params_active == 3_300_000_000

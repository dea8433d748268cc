"""The Commission guidelines' worked examples (GL Annex A.3, models A-H), to their own rounding.

The guidelines round some figures (A, C, E, F) and truncate others (D, G, H): model D is
6 x 1.54e9 x 18e12 = 1.66e23, printed as 1.6e23. Each row says which the guidelines did.
"""

from __future__ import annotations

import math

import pytest

from gpaikit.compute import FleetSegment, Stage, architecture_estimate, hardware_estimate


def _truncate(value: float) -> str:
    exponent = math.floor(math.log10(value))
    mantissa = math.floor(value / 10**exponent * 10) / 10
    return f"{mantissa:.1f}e{exponent}"


ARCHITECTURE = [
    # model, params, tokens, epochs, guideline figure, rounding the guideline used
    ("A", 3.8e9, 3.3e12, 1, "7.5e22", "round"),
    ("C", 0.6e9, 36e12, 1, "1.3e23", "round"),
    ("D", 1.54e9, 18e12, 1, "1.6e23", "truncate"),
    ("E", 1.7e9, 36e12, 1, "3.7e23", "round"),
    ("F", 2.5e9, 12e12, 1, "1.8e23", "round"),
    ("G", 2.6e9, 61e9, 164, "1.5e23", "truncate"),
]


@pytest.mark.parametrize(("model", "params", "tokens", "epochs", "figure", "mode"), ARCHITECTURE)
def test_architecture_examples(
    model: str, params: float, tokens: float, epochs: float, figure: str, mode: str
) -> None:
    est = architecture_estimate(
        [Stage(name=f"model {model}", params=params, tokens=tokens, epochs=epochs)]
    )
    shown = est.two_significant() if mode == "round" else _truncate(est.flop)
    assert shown == figure
    assert est.method == "architecture"
    assert math.isclose(est.low, 0.7 * est.flop) and math.isclose(est.high, 1.3 * est.flop)


def test_model_b_hardware_with_guideline_peak() -> None:
    est = hardware_estimate(
        [FleetSegment(accelerator="A100", gpu_hours=200_000, utilization=0.5, peak_tflops=300)]
    )
    assert est.order_of_magnitude() == "1e23"  # the guidelines: "about 10^23"
    assert est.two_significant() == "1.1e23"


def test_model_b_with_catalog_peak_stays_within_margin() -> None:
    gl = 200_000 * 3600 * 300e12 * 0.5
    est = hardware_estimate([FleetSegment(accelerator="A100", gpu_hours=200_000, utilization=0.5)])
    assert est.low <= gl <= est.high


def test_model_h_hardware() -> None:
    est = hardware_estimate(
        [FleetSegment(accelerator="H100", gpu_hours=370_000, utilization=0.5, peak_tflops=989)]
    )
    assert _truncate(est.flop) == "6.5e23"
    catalog_est = hardware_estimate(
        [FleetSegment(accelerator="h100-80gb", gpu_hours=370_000, utilization=0.5)]
    )
    assert _truncate(catalog_est.flop) == "6.5e23"

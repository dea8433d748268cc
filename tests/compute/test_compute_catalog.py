"""The hardware catalog (law/data/hardware.yaml) holds what the estimator promises."""

from __future__ import annotations

import pytest

from gpaikit.compute import find_accelerator
from gpaikit.law import load_catalog

CAT = load_catalog()
ACCELERATORS = {a.id: a for a in CAT.accelerators()}

REQUIRED = {
    # id: dense BF16 TFLOP/s per reference §9
    "HW.nvidia_a100": 312,
    "HW.nvidia_h100_sxm": 989.4,
    "HW.nvidia_h100_pcie": 756,
    "HW.nvidia_h200": 989.4,
    "HW.nvidia_b200": 2250,
    "HW.nvidia_gb200": 2500,
    "HW.amd_mi300x": 1307.4,
    "HW.amd_mi325x": 1307.4,
    "HW.google_tpu_v4": 275,
    "HW.google_tpu_v5e": 197,
    "HW.google_tpu_v5p": 459,
    "HW.google_tpu_v6e": 918,
}


@pytest.mark.parametrize(("acc_id", "bf16"), sorted(REQUIRED.items()))
def test_required_accelerators_with_dense_bf16(acc_id: str, bf16: float) -> None:
    acc = ACCELERATORS[acc_id]
    assert acc.peak_tflops["bf16"] == bf16
    assert acc.source == "HW" and acc.citation


def test_blackwell_ultra_is_not_shipped() -> None:
    labels = " ".join(" ".join((a.id, a.name, *a.aliases)).lower() for a in ACCELERATORS.values())
    assert "b300" not in labels and "gb300" not in labels


def test_flags_follow_the_reference() -> None:
    assert {a.id for a in ACCELERATORS.values() if a.optional} == {
        "HW.nvidia_h100_pcie",
        "HW.amd_mi355x",
        "HW.google_tpu7x",
    }
    unconfirmed = {a.id for a in ACCELERATORS.values() if a.unconfirmed}
    assert {"HW.amd_mi355x", "HW.nvidia_gb200", "HW.amd_mi300x"} <= unconfirmed


def test_precisions_are_known_and_fp8_is_at_most_twice_bf16() -> None:
    # a sparse figure mislabelled as dense would show up as FP8 = 4 x BF16
    for acc in ACCELERATORS.values():
        assert set(acc.peak_tflops) <= {"bf16", "fp16", "fp8", "fp4", "tf32", "fp32"}
        if "fp8" in acc.peak_tflops:
            assert acc.peak_tflops["fp8"] <= 2.01 * acc.peak_tflops["bf16"]


def test_aliases_are_unique() -> None:
    seen: dict[str, str] = {}
    for acc in ACCELERATORS.values():
        for alias in acc.aliases:
            assert alias.lower() not in seen, (alias, seen.get(alias.lower()))
            seen[alias.lower()] = acc.id


def test_lookup_labels_do_not_collide() -> None:
    for acc in ACCELERATORS.values():
        for label in (acc.id, acc.name, *acc.aliases):
            assert find_accelerator(label).id == acc.id, label

"""The public surface of gpaikit.compute is exactly what __all__ lists."""

from __future__ import annotations

import gpaikit.compute as compute

EXPECTED = {
    "RUN_KINDS",
    "SUPPORTED_MODEL_TYPES",
    "UTILIZATION_DEFAULTS",
    "EnergyEstimate",
    "EnergyPart",
    "Estimate",
    "FleetSegment",
    "ModificationAssessment",
    "Notion",
    "ParameterCount",
    "RunArtefacts",
    "Stage",
    "StageCompute",
    "StageKind",
    "ThresholdFlag",
    "architecture_estimate",
    "artefact_path",
    "combine",
    "count_from_config",
    "count_from_safetensors",
    "estimate",
    "estimate_runs",
    "find_accelerator",
    "fleet_energy",
    "hardware_estimate",
    "modification_assessment",
    "run_artefacts",
    "run_excluded",
    "run_inputs",
    "run_parameters",
    "significant",
    "sum_estimates",
    "threshold_flags",
    "training_energy",
}


def test_exported_names_are_exact() -> None:
    assert set(compute.__all__) == EXPECTED
    assert len(compute.__all__) == len(EXPECTED)


def test_every_exported_name_exists() -> None:
    for name in compute.__all__:
        assert hasattr(compute, name), name


def test_public_names_have_no_private_twins_exported() -> None:
    public = {n for n in dir(compute) if not n.startswith("_")}
    assert public - set(compute.__all__) <= {"annotations"}

"""Training compute: the architecture method (C ≈ 6·P·D and friends), the hardware method
(C = N·L·H·U), parameter counts from ``config.json`` and safetensors headers, the ±30 % band,
the legal thresholds and the figures the forms ask for.

Pure functions over plain values::

    from gpaikit.compute import Stage, FleetSegment, architecture_estimate, hardware_estimate

    arch = architecture_estimate([Stage(name="pre-training", params=8.03e9, tokens=15e12)])
    hw = hardware_estimate([FleetSegment(accelerator="H100", gpu_hours=1.46e6)])
    both = combine(arch, hw)  # or: estimate(stages=[...], fleet=[...])
    both.two_significant(), both.order_of_magnitude(), threshold_flags(both)
"""

from gpaikit.compute._architecture import architecture_estimate
from gpaikit.compute._artefacts import (
    RunArtefacts,
    artefact_path,
    run_artefacts,
    run_parameters,
)
from gpaikit.compute._config import SUPPORTED_MODEL_TYPES, count_from_config
from gpaikit.compute._energy import EnergyEstimate, EnergyPart, fleet_energy, training_energy
from gpaikit.compute._hardware import UTILIZATION_DEFAULTS, find_accelerator, hardware_estimate
from gpaikit.compute._judge import combine, estimate, modification_assessment, threshold_flags
from gpaikit.compute._model import (
    Estimate,
    FleetSegment,
    ModificationAssessment,
    Notion,
    ParameterCount,
    Stage,
    StageCompute,
    StageKind,
    ThresholdFlag,
    significant,
)
from gpaikit.compute._runs import (
    RUN_KINDS,
    estimate_runs,
    run_excluded,
    run_inputs,
    sum_estimates,
)
from gpaikit.compute._safetensors import count_from_safetensors

__all__ = [
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
]

"""The provider's declared facts: ``gpaikit.yaml`` loaded into typed, validated models."""

from gpaikit.workspace._artifacts import find_artifact, load_job_output
from gpaikit.workspace._loader import WORKSPACE_FILE, load_workspace, parse_workspace
from gpaikit.workspace._model import (
    BaseModelRef,
    CodeOfPractice,
    ContactPoint,
    Evidence,
    FleetSegment,
    InternalUse,
    Licence,
    Modalities,
    Model,
    Monetisation,
    Provider,
    Publication,
    Representative,
    SystemicRiskStatus,
    TrainingRun,
    Version,
    Workspace,
)
from gpaikit.workspace._scaffold import scaffold_workspace

__all__ = [
    "WORKSPACE_FILE",
    "BaseModelRef",
    "CodeOfPractice",
    "ContactPoint",
    "Evidence",
    "FleetSegment",
    "InternalUse",
    "Licence",
    "Modalities",
    "Model",
    "Monetisation",
    "Provider",
    "Publication",
    "Representative",
    "SystemicRiskStatus",
    "TrainingRun",
    "Version",
    "Workspace",
    "find_artifact",
    "load_job_output",
    "load_workspace",
    "parse_workspace",
    "scaffold_workspace",
]

"""The artefacts a model's documents are derived from, read once at the edge.

A workspace points to files the provider already has: a training run's ``config`` and
``weights`` (the Hugging Face model folder), a dataset's ``card``, and the job outputs under
``artifacts/`` (the opt-out audit). They are read here, bounded, into plain values; the
derivations then stay pure functions of a :class:`FormContext`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gpaikit.compute import ParameterCount, artefact_path, run_artefacts
from gpaikit.workspace import (
    DatasetFacts,
    Model,
    Workspace,
    dataset_facts,
    find_artifact,
    read_card,
    read_json_object,
)

__all__ = ["AUDIT_PATHS", "ModelArtefacts", "load_artefacts"]

AUDIT_PATHS = (
    "artifacts/{model}/opt-out-audit/audit.json",
    "artifacts/opt-out-audit/audit.json",
)
"""Where a workspace keeps the ``audit.json`` of ``gpaikit data audit`` (first match wins)."""


@dataclass(frozen=True)
class ModelArtefacts:
    """Values read from a model's artefacts; empty when the workspace references none."""

    config: Mapping[str, Any] | None = None
    config_file: str | None = None
    generation_config: Mapping[str, Any] | None = None
    tokenizer_config: Mapping[str, Any] | None = None
    parameters: ParameterCount | None = None
    parameters_run: str | None = None
    counts: Mapping[str, tuple[ParameterCount | None, ParameterCount | None]] = field(
        default_factory=dict
    )
    """Per training run: (config count, weights count)."""
    datasets: Mapping[str, DatasetFacts] = field(default_factory=dict)
    audit_file: Path | None = None


def _folder_of(root: Path | None, model: Model) -> Path | None:
    """The model folder: where the first referenced config.json lives."""
    for run in model.training_runs:
        if run.config is not None:
            return artefact_path(root, run.config).parent
        if run.weights is not None:
            path = artefact_path(root, run.weights)
            folder = path if path.is_dir() else path.parent
            if (folder / "config.json").is_file():
                return folder
    return None


def _optional_json(folder: Path, name: str) -> Mapping[str, Any] | None:
    path = folder / name
    return read_json_object(path, what=name) if path.is_file() else None


def load_artefacts(workspace: Workspace, model: Model) -> ModelArtefacts:
    """Read what ``model`` references; raises :class:`InputError` naming an unreadable file."""
    root = workspace.root
    counts: dict[str, tuple[ParameterCount | None, ParameterCount | None]] = {}
    best: tuple[ParameterCount, str] | None = None
    for run in model.training_runs:
        if run.config is None and run.weights is None:
            continue
        found = run_artefacts(run, root)
        counts[run.name] = (found.config, found.weights)
        if found.best is not None and (best is None or found.best.total > best[0].total):
            best = (found.best, run.name)
    folder = _folder_of(root, model)
    config = generation = tokenizer = None
    config_file = None
    if folder is not None:
        config = _optional_json(folder, "config.json")
        config_file = str(folder / "config.json") if config is not None else None
        generation = _optional_json(folder, "generation_config.json")
        tokenizer = _optional_json(folder, "tokenizer_config.json")
    datasets = {
        d.name: dataset_facts(read_card(artefact_path(root, d.card), what="dataset card"))
        for d in model.datasets
        if d.card is not None
    }
    return ModelArtefacts(
        config=config,
        config_file=config_file,
        generation_config=generation,
        tokenizer_config=tokenizer,
        parameters=best[0] if best else None,
        parameters_run=best[1] if best else None,
        counts=counts,
        datasets=datasets,
        audit_file=find_artifact(workspace, model, AUDIT_PATHS),
    )

"""Per-run compute, delegated to the estimator (`gpaikit.compute`) when it can tell."""

from __future__ import annotations

from gpaikit.law import Catalog
from gpaikit.workspace import TrainingRun

__all__ = ["estimate_run"]


def estimate_run(run: TrainingRun, catalog: Catalog) -> float | None:
    """The run's FLOP: a declared figure first, else the architecture method (k·P·D)."""
    if run.flop is not None:
        return run.flop
    params = run.active_params or run.params
    if params is not None and run.tokens is not None:
        per_token = (
            catalog.value("PAR.flop_per_param_token_forward")
            if run.kind == "synthetic_data_generation"
            else catalog.value("PAR.flop_per_param_token")
        )
        return per_token * params * run.tokens * run.epochs
    return None

"""Workspace training runs -> compute figures, through the estimator (`gpaikit.compute`)."""

from __future__ import annotations

from gpaikit import compute
from gpaikit._exceptions import InputError
from gpaikit.law import Catalog
from gpaikit.workspace import TrainingRun

__all__ = ["RunError", "estimate_runs"]


class RunError(Exception):
    """A training run the estimator rejected; the engine adds the workspace location."""

    def __init__(self, index: int, error: InputError):
        self.index = index
        self.error = error
        super().__init__(error.render())


def estimate_runs(runs: tuple[TrainingRun, ...], catalog: Catalog) -> compute.Estimate | None:
    """Like :func:`gpaikit.compute.estimate_runs`, but says which run was rejected."""
    estimates: list[compute.Estimate] = []
    for index, run in enumerate(runs):
        if run.kind == "synthetic_data_generation" and run.publicly_accessible_output:
            continue
        stages, fleet = compute.run_inputs(run)
        if not stages and not fleet:
            return None
        try:
            estimates.append(compute.estimate(stages, fleet, notion="cumulative", catalog=catalog))
        except InputError as exc:
            raise RunError(index, exc) from exc
    return compute.sum_estimates(estimates) if estimates else None

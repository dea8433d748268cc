"""Compute figures the classification uses, from declared numbers or training runs."""

from __future__ import annotations

from gpaikit.assess._model import ComputeFigure
from gpaikit.law import Catalog
from gpaikit.workspace import Model, TrainingRun

__all__ = ["band", "figures"]


def band(flop: float, origin: str, catalog: Catalog) -> ComputeFigure:
    """A figure with the guidelines' ±margin band (GL Annex A.2)."""
    margin = catalog.value("PAR.compute_error_margin")
    return ComputeFigure(
        flop=flop, low=flop * (1 - margin), high=flop * (1 + margin), origin=origin
    )


def _run_flop(run: TrainingRun, catalog: Catalog) -> float | None:
    from gpaikit.assess._runs import estimate_run

    return estimate_run(run, catalog)


def figures(model: Model, catalog: Catalog) -> tuple[ComputeFigure | None, ComputeFigure | None]:
    """(training compute, cumulative compute) of the model as it stands, or None when unknown.

    Training compute counts parameter updates (GL A.1); cumulative compute adds what only the
    systemic-risk notion counts (non-public synthetic data generation). A modifier's model adds
    the base model's compute when it is known.
    """
    training: float | None = model.training_compute_flop
    cumulative: float | None = model.cumulative_compute_flop
    origin = "declared"
    if training is None and model.training_runs:
        updates, generation, complete = 0.0, 0.0, True
        for run in model.training_runs:
            flop = _run_flop(run, catalog)
            if flop is None:
                complete = False
                continue
            if run.kind == "synthetic_data_generation":
                if not run.publicly_accessible_output:
                    generation += flop
            else:
                updates += flop
        if complete:
            training = updates
            origin = "training runs"
            if cumulative is None:
                cumulative = updates + generation
    if model.role == "modifier" and model.modification_compute_flop is not None:
        base = model.base_model
        if training is None and base is not None and base.training_compute_flop is not None:
            training = base.training_compute_flop + model.modification_compute_flop
            origin = "base model + modification"
    if cumulative is None:
        cumulative = training
    return (
        band(training, origin, catalog) if training is not None else None,
        band(cumulative, origin, catalog) if cumulative is not None else None,
    )

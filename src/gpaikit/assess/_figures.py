"""Compute figures the classification uses, from declared numbers or training runs."""

from __future__ import annotations

from gpaikit.assess._model import ComputeFigure
from gpaikit.assess._runs import estimate_runs
from gpaikit.law import Catalog
from gpaikit.workspace import Model

__all__ = ["band", "figures"]


def band(flop: float, origin: str, catalog: Catalog) -> ComputeFigure:
    """A declared figure with the guidelines' ±margin band (GL Annex A.2)."""
    margin = catalog.value("PAR.compute_error_margin")
    low, high = flop * (1 - margin), flop * (1 + margin)
    return ComputeFigure(flop=flop, low=low, high=high, origin=origin)


def figures(model: Model, catalog: Catalog) -> tuple[ComputeFigure | None, ComputeFigure | None]:
    """(training compute, cumulative compute) of the model as it stands, or None when unknown.

    Declared figures win. Otherwise the training runs are estimated with `gpaikit.compute`:
    training compute counts parameter updates (GL Annex A.1); cumulative compute adds what only
    the systemic-risk notion counts (non-public synthetic data generation, inherited weights).
    A modifier's model adds the base model's compute when it is known.
    """
    training: ComputeFigure | None = None
    cumulative: ComputeFigure | None = None
    if model.training_compute_flop is not None:
        training = band(model.training_compute_flop, "declared", catalog)
    if model.cumulative_compute_flop is not None:
        cumulative = band(model.cumulative_compute_flop, "declared", catalog)
    if (training is None or cumulative is None) and model.training_runs:
        runs = estimate_runs(model.training_runs, catalog)
        if runs is not None:
            origin = f"estimated from training runs ({runs.method} method, gpaikit.compute)"
            if training is None:
                low, high = runs.band("training")
                training = ComputeFigure(flop=runs.training_flop, low=low, high=high, origin=origin)
            if cumulative is None:
                low, high = runs.band("cumulative")
                cumulative = ComputeFigure(
                    flop=runs.cumulative_flop, low=low, high=high, origin=origin
                )
    base = model.base_model
    if (
        training is None
        and model.role == "modifier"
        and model.modification_compute_flop is not None
        and base is not None
        and base.training_compute_flop is not None
    ):
        total = base.training_compute_flop + model.modification_compute_flop
        training = band(total, "base model + modification", catalog)
    if cumulative is None:
        cumulative = training
    return training, cumulative

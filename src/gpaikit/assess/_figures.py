"""Compute figures the classification uses, from declared numbers or training runs.

A developer's runs describe its model; a modifier's runs (or ``modification_compute_flop``)
describe only its modification, and the modified model's figures add the base model's (GL §3.2;
weights a model starts from count toward its compute, GL Annex A.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gpaikit.assess._model import ComputeFigure, RunCount
from gpaikit.assess._runs import count_runs
from gpaikit.law import Catalog
from gpaikit.workspace import Model

__all__ = ["Figures", "band", "figures"]


def band(flop: float, origin: str, catalog: Catalog) -> ComputeFigure:
    """A declared figure with the guidelines' ±margin band (GL Annex A.2)."""
    margin = catalog.value("PAR.compute_error_margin")
    low, high = flop * (1 - margin), flop * (1 + margin)
    return ComputeFigure(flop=flop, low=low, high=high, origin=origin)


def _add(a: ComputeFigure, b: ComputeFigure, origin: str) -> ComputeFigure:
    return ComputeFigure(
        flop=a.flop + b.flop, low=a.low + b.low, high=a.high + b.high, origin=origin
    )


@dataclass(frozen=True)
class Figures:
    """The model's training and cumulative compute; for a modifier also the modification's."""

    training: ComputeFigure | None
    cumulative: ComputeFigure | None
    modification_training: ComputeFigure | None = None
    modification_cumulative: ComputeFigure | None = None
    runs: tuple[RunCount, ...] = ()
    cumulative_is_lower_bound: bool = False


def figures(model: Model, catalog: Catalog, root: Path | None = None) -> Figures:
    """Declared figures win; otherwise the training runs, counted by kind (GL Annex A.1).

    Without a cumulative figure the training figure stands in for it (no other compute was
    declared). A modifier's model adds the base model's compute when it is known; with only the
    base's training compute, the cumulative figure is a lower bound.
    """
    totals = count_runs(model.training_runs, catalog, root) if model.training_runs else None
    runs = totals.runs if totals else ()
    if model.role == "modifier":
        return _modifier_figures(
            model,
            catalog,
            totals.training if totals else None,
            totals.cumulative if totals else None,
            runs,
        )
    training = (
        band(model.training_compute_flop, "declared", catalog)
        if model.training_compute_flop is not None
        else (totals.training if totals else None)
    )
    cumulative = (
        band(model.cumulative_compute_flop, "declared", catalog)
        if model.cumulative_compute_flop is not None
        else (totals.cumulative if totals else None)
    )
    if training is not None and (cumulative is None or cumulative.flop < training.flop):
        cumulative = training.model_copy(
            update={"origin": f"{training.origin} (training compute; no other compute declared)"}
        )
    return Figures(training=training, cumulative=cumulative, runs=runs)


def _modifier_figures(
    model: Model,
    catalog: Catalog,
    run_training: ComputeFigure | None,
    run_cumulative: ComputeFigure | None,
    runs: tuple[RunCount, ...],
) -> Figures:
    base = model.base_model
    assert base is not None  # guaranteed by the workspace model
    mod_training: ComputeFigure | None
    mod_cumulative: ComputeFigure | None
    if model.modification_compute_flop is not None:
        mod_training = band(model.modification_compute_flop, "declared", catalog)
        mod_cumulative = mod_training
    else:
        mod_training, mod_cumulative = run_training, run_cumulative or run_training
    training: ComputeFigure | None = None
    if model.training_compute_flop is not None:
        training = band(model.training_compute_flop, "declared", catalog)
    elif mod_training is not None and base.training_compute_flop is not None:
        training = _add(
            band(base.training_compute_flop, "base model", catalog),
            mod_training,
            "base model + modification",
        )
    cumulative: ComputeFigure | None = None
    lower_bound = False
    if model.cumulative_compute_flop is not None:
        cumulative = band(model.cumulative_compute_flop, "declared", catalog)
    elif mod_cumulative is not None:
        base_flop = base.cumulative_compute_flop or base.training_compute_flop
        if base_flop is not None:
            lower_bound = base.cumulative_compute_flop is None
            origin = (
                "base model's training compute + modification (a lower bound: the base model's "
                "cumulative compute is not declared)"
                if lower_bound
                else "base model's cumulative compute + modification"
            )
            cumulative = _add(band(base_flop, "base model", catalog), mod_cumulative, origin)
    if cumulative is None and training is not None and model.cumulative_compute_flop is None:
        cumulative = training.model_copy(
            update={"origin": f"{training.origin} (training compute; no other compute declared)"}
        )
        lower_bound = True
    return Figures(
        training=training,
        cumulative=cumulative,
        modification_training=mod_training,
        modification_cumulative=mod_cumulative,
        runs=runs,
        cumulative_is_lower_bound=lower_bound,
    )

"""Workspace training runs -> compute figures, through the estimator (`gpaikit.compute`).

Each run is estimated on its own (both methods when it declares both, so that the hardware
cross-check compares like with like); the runs' figures are then summed per notion.
"""

from __future__ import annotations

from dataclasses import dataclass

from gpaikit import compute
from gpaikit._exceptions import InputError
from gpaikit.law import Catalog
from gpaikit.workspace import TrainingRun

__all__ = ["RunError", "RunsTotal", "estimate_runs", "stage_kind"]


class RunError(Exception):
    """A training run the estimator rejected; the engine adds the workspace location."""

    def __init__(self, index: int, error: InputError):
        self.index = index
        self.error = error
        super().__init__(error.render())


_KINDS: dict[str, compute.StageKind] = {
    "pre_training": "pretraining",
    "continued_pre_training": "continued_pretraining",
    "fine_tuning": "fine_tuning",
    "rl_policy_updates": "rl_policy",
    "synthetic_data_generation": "synthetic_data",
    "merged_or_initialised_weights": "inherited",
}


def stage_kind(run: TrainingRun) -> compute.StageKind:
    return _KINDS[run.kind]


@dataclass(frozen=True)
class RunsTotal:
    """Summed figures of all runs, with the summed bands and the estimator's notes."""

    training: float
    cumulative: float
    training_band: tuple[float, float]
    cumulative_band: tuple[float, float]
    assumptions: tuple[str, ...]


def _estimate(run: TrainingRun, catalog: Catalog) -> compute.Estimate | None:
    kind = stage_kind(run)
    has_arch = run.flop is not None or (
        (run.params or run.active_params) is not None and run.tokens is not None
    )
    stages = (
        [
            compute.Stage(
                name=run.name,
                params=run.params,
                active_params=run.active_params,
                tokens=run.tokens,
                epochs=run.epochs,
                kind=kind,
                flop=run.flop,
            )
        ]
        if has_arch
        else []
    )
    fleet = [
        compute.FleetSegment(
            accelerator=seg.accelerator,
            count=seg.count,
            hours=seg.hours,
            utilization=seg.utilization,
            precision=seg.precision,
            kind=kind,
            name=run.name,
        )
        for seg in run.fleet
    ]
    if not stages and not fleet:
        return None
    return compute.estimate(stages, fleet, notion="cumulative", catalog=catalog)


def estimate_runs(runs: tuple[TrainingRun, ...], catalog: Catalog) -> RunsTotal | None:
    """The summed figures, or ``None`` when some run lacks what either method needs."""
    totals = {"training": [0.0, 0.0, 0.0], "cumulative": [0.0, 0.0, 0.0]}
    notes: list[str] = []
    for index, run in enumerate(runs):
        if run.kind == "synthetic_data_generation" and run.publicly_accessible_output:
            notes.append(f"{run.name}: publicly accessible synthetic data excluded (GL Annex A.1)")
            continue
        try:
            estimate = _estimate(run, catalog)
        except InputError as exc:
            raise RunError(index, exc) from exc
        if estimate is None:
            return None
        for notion, acc in totals.items():
            low, high = estimate.band("training" if notion == "training" else "cumulative")
            acc[0] += estimate.value("training" if notion == "training" else "cumulative")
            acc[1] += low
            acc[2] += high
        notes += [f"{run.name}: {a}" for a in estimate.assumptions]
    t, c = totals["training"], totals["cumulative"]
    return RunsTotal(
        training=t[0],
        cumulative=c[0],
        training_band=(t[1], t[2]),
        cumulative_band=(c[1], c[2]),
        assumptions=tuple(notes),
    )

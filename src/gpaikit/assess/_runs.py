"""Workspace training runs -> compute figures, counted as the guidelines count them.

Each run's kind (``RUN.*`` in the catalog, GL Annex A.1) says which notions it adds to and
whether it may be left out; the estimator (`gpaikit.compute`) gives each counted run's figure.
Every run gets a :class:`RunCount` with the reason, so the output shows what was left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from gpaikit import compute
from gpaikit._exceptions import InputError
from gpaikit.assess._model import ComputeFigure, Reason, RunCount
from gpaikit.law import Catalog
from gpaikit.workspace import TrainingRun

__all__ = ["RunError", "RunTotals", "count_runs"]


class RunError(Exception):
    """A training run the estimator rejected; the engine adds the workspace location."""

    def __init__(self, index: int, error: InputError):
        self.index = index
        self.error = error
        super().__init__(error.render())


@dataclass(frozen=True)
class RunTotals:
    """The runs' figures per notion (``None`` when a counted run gives no inputs) and counts."""

    training: ComputeFigure | None
    cumulative: ComputeFigure | None
    runs: tuple[RunCount, ...]


def _notions(text: tuple[str, ...]) -> str:
    return " and ".join(text) + " compute"


def _what(title: str) -> str:
    """The subject of a run-kind title ("Pre-training ... - counts toward ...")."""
    first = title.split(" - ")[0]
    return first[:1].lower() + first[1:]


def _count(
    run: TrainingRun,
    notions: tuple[Literal["training", "cumulative"], ...],
    flop: float | None,
    reason: Reason,
) -> RunCount:
    return RunCount(
        name=run.name,
        kind=run.kind,
        counted=bool(notions),
        notions=notions,
        flop=flop,
        reason=reason,
    )


def count_runs(
    runs: Sequence[TrainingRun], catalog: Catalog, root: Path | None = None
) -> RunTotals:
    """Count ``runs``; raises :class:`RunError` naming the run the estimator rejected (or whose
    ``config``/``weights`` file, resolved against ``root``, cannot be read)."""
    counts: list[RunCount] = []
    sums = {"training": [0.0, 0.0, 0.0], "cumulative": [0.0, 0.0, 0.0]}
    methods: set[str] = set()
    complete = True
    counted_training = False
    for index, run in enumerate(runs):
        try:
            excluded, rule = compute.run_excluded(run, catalog)
        except InputError as exc:
            raise RunError(index, exc) from exc
        if excluded:
            why = Reason(
                text=f"left out: {_what(rule.title)} may be excluded from the compute figures "
                f"({rule.citation}); set `excluded: false` to count it",
                citations=(rule.id, "GL.A_1.may_exclude"),
            )
            counts.append(_count(run, (), None, why))
            continue
        try:
            stages, fleet = compute.run_inputs(run, root)
        except InputError as exc:
            raise RunError(index, exc) from exc
        if not stages and not fleet:
            complete = False
            why = Reason(
                text="counted, but its compute is unknown: give params and tokens, a fleet, "
                "or flop",
                citations=(rule.id,),
            )
            counts.append(_count(run, rule.counts_toward, None, why))
            continue
        try:
            est = compute.estimate(stages, fleet, notion="cumulative", catalog=catalog)
        except InputError as exc:
            raise RunError(index, exc) from exc
        methods.add(est.method)
        for notion in ("training", "cumulative"):
            if notion not in rule.counts_toward:
                continue
            low, high = est.band(notion)
            for slot, value in enumerate((est.value(notion), low, high)):
                sums[notion][slot] += value
        counted_training = counted_training or "training" in rule.counts_toward
        why = Reason(
            text=f"counted toward {_notions(rule.counts_toward)}: {_what(rule.title)} "
            f"({rule.citation})",
            citations=(rule.id, "GL.A_1.notions"),
        )
        counts.append(_count(run, rule.counts_toward, est.cumulative_flop, why))
    method = methods.pop() if len(methods) == 1 else "combined"
    origin = f"estimated from training runs ({method} method, gpaikit.compute)"

    def figure(notion: str) -> ComputeFigure | None:
        flop, low, high = sums[notion]
        return ComputeFigure(flop=flop, low=low, high=high, origin=origin)

    any_counted = any(c.counted for c in counts)
    return RunTotals(
        training=figure("training") if complete and counted_training else None,
        cumulative=figure("cumulative") if complete and any_counted else None,
        runs=tuple(counts),
    )

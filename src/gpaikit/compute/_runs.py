"""Training runs declared in a workspace -> one estimate.

Each run is estimated on its own, so that a run declaring both methods is cross-checked against
itself (like with like), then the runs are summed. Both the assessment and the documents use
this, so a model has one compute figure everywhere.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from gpaikit._exceptions import ComputeInputError, Location
from gpaikit.compute._artefacts import run_parameters
from gpaikit.compute._common import catalog_or_default
from gpaikit.compute._judge import estimate
from gpaikit.compute._model import Estimate, FleetSegment, Notion, Stage, StageKind
from gpaikit.law import Catalog, RunKind
from gpaikit.workspace import TrainingRun

__all__ = ["RUN_KINDS", "estimate_runs", "run_excluded", "run_inputs", "sum_estimates"]

RUN_KINDS: dict[str, StageKind] = {
    "pre_training": "pretraining",
    "continued_pre_training": "continued_pretraining",
    "fine_tuning": "fine_tuning",
    "rl_policy_updates": "rl_policy",
    "merged_or_initialised_weights": "inherited",
    "synthetic_data_generation": "synthetic_data",
    "rl_rollout_generation": "synthetic_data",
    "evaluation": "synthetic_data",
    "red_teaming": "synthetic_data",
    "failed_synthetic_data_experiment": "synthetic_data",
    "activation_recomputation": "synthetic_data",
    "exploratory_research": "auxiliary",
    "discarded_run": "auxiliary",
    "teacher_model_training": "auxiliary",
    "auxiliary_model_training": "auxiliary",
}
"""How the estimator computes each workspace run kind: forward-pass kinds as ``synthetic_data``
(2·P·D), training of other weights as ``auxiliary`` (6·P·D, cumulative only). Which notions a kind
counts toward, and whether it may be left out, is law data (``RUN.*``, GL Annex A.1); a test
keeps the two in step."""


def run_excluded(run: TrainingRun, catalog: Catalog | None = None) -> tuple[bool, RunKind]:
    """Whether ``run`` is left out of the compute figures, and the rule that says so.

    A kind the guidelines allow to leave out (GL Annex A.1) follows the run's ``excluded`` or
    else the catalog default; any other kind is always counted, and ``excluded: true`` on it is
    an error.
    """
    rule = catalog_or_default(catalog).typed(f"RUN.{run.kind}", RunKind)
    excludable = rule.excludable == "always" or (
        rule.excludable == "if_public_output" and run.publicly_accessible_output
    )
    if run.excluded and not excludable:
        why = (
            "synthetic data that is not publicly accessible"
            if rule.excludable == "if_public_output"
            else f"compute of kind '{run.kind}'"
        )
        raise ComputeInputError(
            f"run '{run.name}' cannot be excluded: the guidelines count {why} ({rule.citation})",
            location=Location(field="excluded"),
            hint="remove `excluded: true`, or give the run the kind that describes it "
            "(`gpaikit law list --kind run_kind`)",
        )
    if run.excluded is not None:
        return run.excluded and excludable, rule
    return excludable and rule.excluded_by_default, rule


def run_inputs(
    run: TrainingRun, root: Path | None = None
) -> tuple[list[Stage], list[FleetSegment]]:
    """The estimator's inputs for one workspace run: an architecture stage and/or fleet.

    Parameters not declared come from the run's ``weights`` or ``config`` file, resolved
    against ``root`` (the workspace folder).
    """
    kind = RUN_KINDS[run.kind]
    stages: list[Stage] = []
    params, active = (
        run_parameters(run, root) if run.tokens is not None else (run.params, run.active_params)
    )
    if run.flop is not None or (run.tokens is not None and (params or active)):
        stages.append(
            Stage(
                name=run.name,
                params=params,
                active_params=active,
                tokens=run.tokens,
                epochs=run.epochs,
                kind=kind,
                flop=run.flop,
            )
        )
    fleet = [
        FleetSegment(
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
    return stages, fleet


def sum_estimates(estimates: Sequence[Estimate]) -> Estimate:
    """Several runs' estimates as one: figures and bands add up, notes are kept in order."""
    if not estimates:
        raise ValueError("sum_estimates needs at least one estimate")
    if len(estimates) == 1:
        return estimates[0]
    first = estimates[0]
    methods = {e.method for e in estimates}
    method = first.method if len(methods) == 1 else "combined"
    notes: list[str] = []
    for e in estimates:
        notes += [n for n in e.assumptions if n not in notes]
    return dataclasses.replace(
        first,
        flop=sum(e.flop for e in estimates),
        low=sum(e.low for e in estimates),
        high=sum(e.high for e in estimates),
        method=method,
        training_flop=sum(e.training_flop for e in estimates),
        cumulative_flop=sum(e.cumulative_flop for e in estimates),
        params_total=max((e.params_total or 0 for e in estimates), default=0) or None,
        params_active=max((e.params_active or 0 for e in estimates), default=0) or None,
        inputs={"runs": [dict(e.inputs) for e in estimates]},
        assumptions=tuple(notes),
        parts=tuple(p for e in estimates for p in e.parts),
        architecture=None,
        hardware=None,
        ratio=None,
        agree=None,
    )


def estimate_runs(
    runs: Sequence[TrainingRun],
    *,
    notion: Notion = "cumulative",
    catalog: Catalog | None = None,
    root: Path | None = None,
) -> Estimate | None:
    """One estimate for all ``runs``, or ``None`` when a run gives neither method's inputs.

    Runs the guidelines allow to leave out are skipped unless they say ``excluded: false``
    (:func:`run_excluded`). Raises the estimator's :class:`~gpaikit.ComputeInputError` for
    invalid inputs, with the run's name.
    """
    estimates: list[Estimate] = []
    for run in runs:
        if run_excluded(run, catalog)[0]:
            continue
        stages, fleet = run_inputs(run, root)
        if not stages and not fleet:
            return None
        estimates.append(estimate(stages, fleet, notion=notion, catalog=catalog))
    return sum_estimates(estimates) if estimates else None

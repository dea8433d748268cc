"""The architecture method (GL Annex A.2.2): C ≈ 6·P·D per stage, summed."""

from __future__ import annotations

from collections.abc import Iterable

from gpaikit._exceptions import ComputeInputError, Location
from gpaikit.compute._common import band, catalog_or_default, check_number, check_plausible
from gpaikit.compute._model import (
    CUMULATIVE_ONLY,
    STAGE_KINDS,
    Estimate,
    Notion,
    Stage,
    StageCompute,
)
from gpaikit.law import Catalog

__all__ = ["architecture_estimate"]

UPDATES_PARAMETERS = ("pretraining", "continued_pretraining", "fine_tuning", "rl_policy")


def _stage_compute(
    stage: Stage, index: int, catalog: Catalog, notes: list[str]
) -> tuple[StageCompute, float | None, float | None]:
    field = f"stages[{index}] ({stage.name})"
    if stage.kind not in STAGE_KINDS:
        raise ComputeInputError(
            f"unknown stage kind '{stage.kind}'",
            location=Location(field=f"{field}.kind"),
            hint=f"use one of: {', '.join(STAGE_KINDS)}",
        )
    training = stage.kind not in CUMULATIVE_ONLY
    if stage.flop is not None:
        flop = check_number(stage.flop, f"{field}.flop")
        assert flop is not None
        return StageCompute(stage.name, stage.kind, flop, training, "given"), None, None
    active = check_number(stage.active_params, f"{field}.active_params", required=False)
    params = check_number(
        stage.params,
        f"{field}.params",
        required=active is None,
        positive=True,
        hint="give params (or active_params), or flop if known",
    )
    tokens = check_number(stage.tokens, f"{field}.tokens", hint="give the training tokens")
    epochs = check_number(stage.epochs, f"{field}.epochs", positive=True)
    assert tokens is not None and epochs is not None
    if active is not None and params is not None and active > params:
        raise ComputeInputError(
            f"active parameters ({active:g}) exceed total parameters ({params:g})",
            location=Location(field=f"{field}.active_params"),
            hint="active_params is the number of parameters used per token (MoE)",
        )
    p = active if active is not None else params
    assert p is not None
    if stage.kind == "synthetic_data":
        factor = catalog.value("PAR.flop_per_param_token_forward")
        formula = f"{factor:g}·P·D (forward passes of the generator)"
    else:
        factor = catalog.value("PAR.flop_per_param_token")
        formula = f"{factor:g}·P·D"
    if epochs != 1:
        formula += f" × {epochs:g} epochs"
    if active is not None and params is not None and active < params:
        notes.append(
            f"{stage.name}: mixture-of-experts, P = active parameters per token "
            f"({active:.3g} of {params:.3g}) (Epoch AI practice; derived)"
        )
    flop = factor * p * tokens * epochs
    check_plausible(flop, f"{field} (6·P·D)", "flop")
    return StageCompute(stage.name, stage.kind, flop, training, formula), params, p


def architecture_estimate(
    stages: Iterable[Stage],
    *,
    notion: Notion = "cumulative",
    catalog: Catalog | None = None,
) -> Estimate:
    """Estimate compute by the architecture method, one :class:`Stage` per training stage.

    Each stage costs ``6·P·D·epochs`` (``PAR.flop_per_param_token``), P being the active
    parameters per token; ``synthetic_data`` stages cost ``2·P·D`` (forward passes,
    ``PAR.flop_per_param_token_forward``) and count toward cumulative compute only; a stage with
    ``flop`` set contributes that figure. ``training_flop`` sums the stages that update
    parameters (and ``inherited`` weights); ``cumulative_flop`` sums everything. The headline
    ``flop`` is the figure for ``notion``. The band is ±``PAR.compute_error_margin``.

    Example::

        est = architecture_estimate([
            Stage(name="pre-training", params=8.03e9, tokens=15e12),
            Stage(name="sft", kind="fine_tuning", params=8.03e9, tokens=1e10, epochs=2),
        ])
        est.two_significant()  # '7.2e23'
    """
    cat = catalog_or_default(catalog)
    stage_list = list(stages)
    if not stage_list:
        raise ComputeInputError(
            "no training stage given",
            location=Location(field="stages"),
            hint="give at least one stage with params and tokens (or flop)",
        )
    notes: list[str] = []
    parts: list[StageCompute] = []
    params_total: float | None = None
    params_active: float | None = None
    counted = False
    for index, stage in enumerate(stage_list):
        part, total, active = _stage_compute(stage, index, cat, notes)
        parts.append(part)
        if not counted and active is not None and stage.kind in UPDATES_PARAMETERS:
            params_total, params_active, counted = total, active, True
    training = sum(p.flop for p in parts if p.training)
    cumulative = sum(p.flop for p in parts)
    margin = cat.value("PAR.compute_error_margin")
    flop = training if notion == "training" else cumulative
    low, high = band(flop, margin)
    assumptions = [
        "C ≈ 6·P·D (Kaplan et al. 2020; GL Annex A.2.2): holds for large dense transformers "
        "where the context-length-dependent attention term is negligible",
        "all operations count equally whatever the floating-point precision (GL Annex A.1)",
        *notes,
    ]
    kinds = {p.kind for p in parts}
    if "synthetic_data" in kinds:
        assumptions.append(
            "non-public synthetic data counted as generator forward passes at 2·P per generated "
            "token, discarded samples included (GL Annex A.1); counted in cumulative compute, "
            "not in training compute, as it does not update this model's parameters (derived)"
        )
    if "inherited" in kinds:
        assumptions.append(
            "compute that trained merged or initialising weights is included (GL Annex A.1) "
            "in both notions (derived)"
        )
    if "rl_policy" in kinds:
        assumptions.append(
            "RL policy updates counted; reward-model training excluded; rollouts that become "
            "non-public training data belong in a synthetic_data stage (derived, UNCONFIRMED)"
        )
    return Estimate(
        flop=flop,
        low=low,
        high=high,
        method="architecture",
        notion=notion,
        training_flop=training,
        cumulative_flop=cumulative,
        margin=margin,
        significant_figures=int(cat.value("PAR.notification_significant_figures")),
        params_total=round(params_total) if params_total is not None else None,
        params_active=round(params_active) if params_active is not None else None,
        inputs={
            "stages": [
                {
                    "name": s.name,
                    "kind": s.kind,
                    "params": s.params,
                    "active_params": s.active_params,
                    "tokens": s.tokens,
                    "epochs": s.epochs,
                    "flop": s.flop,
                    "note": s.note,
                }
                for s in stage_list
            ]
        },
        assumptions=tuple(assumptions),
        parts=tuple(parts),
    )

"""Does a downstream modifier become the provider? The one-third rule and its fallbacks (GL §3.2).

The line is one third of the original's training compute, or of its cumulative compute when the
original has systemic risk (a derived reading, switchable as
``PAR.modification_cumulative_if_systemic``). When the original's compute is unknown, the
fallback is 10^25/3 for an original with systemic risk and 10^23/3 otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from gpaikit.assess._figures import Figures
from gpaikit.assess._gpai import fmt
from gpaikit.assess._model import ComputeFigure, Reason
from gpaikit.law import Catalog, Parameter
from gpaikit.workspace import Model

__all__ = ["ModifierOutcome", "modifier_outcome"]


@dataclass(frozen=True)
class ModifierOutcome:
    """Whether the modifier becomes the provider; the line and the figure compared with it."""

    becomes_provider: bool | None
    reasons: tuple[Reason, ...]
    line: float
    line_id: str
    compared: ComputeFigure | None
    basis: str


def _compare(value: float, line: float, line_id: str, catalog: Catalog) -> bool:
    comparison = catalog.typed(line_id, Parameter).comparison
    return value > line if comparison == ">" else value >= line


def modifier_outcome(model: Model, figures: Figures, catalog: Catalog) -> ModifierOutcome:
    """The one-third rule for ``model`` (``role: modifier``)."""
    base = model.base_model
    assert base is not None  # guaranteed by the workspace model
    cumulative_rule = bool(catalog.value("PAR.modification_cumulative_if_systemic"))
    use_cumulative = base.systemic_risk and cumulative_rule
    original = base.training_compute_flop
    notion = "training"
    if base.cumulative_compute_flop is not None and (use_cumulative or original is None):
        original, notion = base.cumulative_compute_flop, "cumulative"
    cites: tuple[str, ...]
    if original is not None:
        line_id = "THR.modification_fraction"
        line = catalog.value(line_id) * original
        basis = f"one third of {base.name}'s {notion} compute ({fmt(original)})"
        cites = ("GL.3_2.modification", line_id)
        if notion == "cumulative" and base.systemic_risk:
            cites += ("PAR.modification_cumulative_if_systemic",)
    else:
        line_id = (
            "THR.modification_fallback_systemic"
            if base.systemic_risk
            else "THR.modification_fallback_general"
        )
        line = catalog.value(line_id)
        basis = (
            f"the fallback for an original {'with' if base.systemic_risk else 'without'} "
            "systemic risk (the original's compute is unknown)"
        )
        cites = ("GL.3_2.modification", line_id)
    compared = figures.modification_training
    if use_cumulative and figures.modification_cumulative is not None:
        compared = figures.modification_cumulative
    if compared is None:
        return ModifierOutcome(
            None,
            (
                Reason(
                    text=f"modification compute unknown (declare modification_compute_flop or "
                    f"the modification's training runs); it is compared with {basis}, "
                    f"{fmt(line)}",
                    citations=cites,
                ),
            ),
            line,
            line_id,
            None,
            basis,
        )
    above = _compare(compared.flop, line, line_id, catalog)
    text = (
        f"modification compute {fmt(compared.flop)} "
        f"{'exceeds' if above else 'does not exceed'} {basis}: {fmt(line)}"
    )
    reasons: tuple[Reason, ...]
    if above:
        reasons = (
            Reason(text=f"{text}; the modifier becomes the provider", citations=cites),
            Reason(
                text="its obligations under Art. 53 cover only the modification",
                citations=("AIA.REC_109",),
            ),
        )
    else:
        reasons = (
            Reason(
                text=f"{text}; the modification does not make the modifier a provider: "
                f"{base.provider or 'the original provider'} remains the provider",
                citations=cites,
            ),
        )
    return ModifierOutcome(above, reasons, line, line_id, compared, basis)

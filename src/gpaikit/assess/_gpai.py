"""Is it a general-purpose AI model? The indicative criterion (GL §2.1), the declared
generality that rebuts it either way, and the research exclusion of Art. 3(63)."""

from __future__ import annotations

from gpaikit.assess._model import ComputeFigure, GpaiFact, Placement, Reason
from gpaikit.law import Catalog, Parameter
from gpaikit.workspace import Model

__all__ = ["LANGUAGE_OUTPUTS", "exceeds", "fmt", "gpai"]

LANGUAGE_OUTPUTS = frozenset({"text", "code", "audio", "speech"})
"""Outputs that count as generating language: text (code included) and audio (speech)."""

_CRITERION = ("GL.2_1.indicative_gpai", "THR.gpai_indicative_compute")


def exceeds(value: float, threshold_id: str, catalog: Catalog) -> bool:
    """Compare ``value`` with a catalog threshold using the threshold's own comparison."""
    entry = catalog.typed(threshold_id, Parameter)
    limit, comparison = entry.value, entry.comparison
    return {
        ">": value > limit,
        ">=": value >= limit,
        "<": value < limit,
        "<=": value <= limit,
        "=": value == limit,
    }[comparison]


def fmt(flop: float) -> str:
    return f"{flop:.2e} FLOP"


def _modality(model: Model) -> tuple[bool, str]:
    outputs = set(model.modalities.output)
    inputs = set(model.modalities.input)
    if outputs & LANGUAGE_OUTPUTS:
        return True, f"generates language ({', '.join(sorted(outputs & LANGUAGE_OUTPUTS))})"
    if "text" in inputs and "image" in outputs:
        return True, "is text-to-image"
    if "text" in inputs and "video" in outputs:
        return True, "is text-to-video"
    shown = ", ".join(sorted(outputs)) or "none declared"
    return False, f"does not generate language, text-to-image or text-to-video (outputs: {shown})"


def _criterion(
    model: Model, training: ComputeFigure | None, catalog: Catalog
) -> tuple[bool | None, Reason]:
    """The indicative criterion alone: (met?, why)."""
    if model.role == "modifier" and training is None:
        base = model.base_model.name if model.base_model else "a general-purpose model"
        return True, Reason(
            text=f"a modification of the general-purpose AI model {base}",
            citations=("GL.3_2.modification", "AIA.3_63"),
        )
    modality_ok, modality_text = _modality(model)
    if training is None:
        if not modality_ok:
            return False, Reason(
                text=f"the model {modality_text}; training compute unknown", citations=_CRITERION
            )
        return None, Reason(
            text="training compute unknown: declare training_compute_flop or training runs; "
            f"the model {modality_text}",
            citations=_CRITERION,
        )
    above = exceeds(training.flop, "THR.gpai_indicative_compute", catalog)
    limit = catalog.value("THR.gpai_indicative_compute")
    return above and modality_ok, Reason(
        text=f"training compute {fmt(training.flop)} "
        f"{'exceeds' if above else 'does not exceed'} {fmt(limit)}; the model {modality_text}",
        citations=_CRITERION,
    )


def gpai(
    model: Model, training: ComputeFigure | None, placed: Placement, catalog: Catalog
) -> GpaiFact:
    """GPAI status; ``treated_as`` is what gates the other Chapter V facts."""
    if model.research_only and placed.status == "not_placed":
        return GpaiFact(
            value=False,
            treated_as=False,
            reasons=(
                Reason(
                    text="used only for research, development or prototyping before being placed "
                    "on the market: excluded from the definition of a general-purpose AI model",
                    citations=("AIA.3_63", "AIA.2_8"),
                ),
            ),
        )
    presumed, criterion = _criterion(model, training, catalog)
    if model.generality == "presumed":
        return GpaiFact(value=presumed, treated_as=presumed, reasons=(criterion,))
    general = model.generality == "general"
    declared = Reason(
        text=f"declared to {'display' if general else 'lack'} significant generality: "
        f"{model.generality_reason}",
        citations=("GL.2_1.rebuttal_general" if general else "GL.2_1.rebuttal_narrow", "AIA.3_63"),
    )
    if presumed is None or presumed == general:
        return GpaiFact(value=general, treated_as=general, reasons=(declared, criterion))
    flag = Reason(
        text="the indicative criterion and the declared generality point in opposite "
        "directions: a rebuttable presumption, decided here by the declared generality; the "
        "provider must be able to show it (Art. 3(63) is the legal test)",
        citations=("GL.2_1.indicative_gpai", "AIA.3_63"),
    )
    return GpaiFact(value="rebuttable", treated_as=general, reasons=(criterion, declared, flag))

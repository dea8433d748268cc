"""The open-source exemption of Art. 53(2) and 54(6), condition by condition (GL §4)."""

from __future__ import annotations

from gpaikit.assess._model import OpenSourceResult, Reason
from gpaikit.workspace import Model

__all__ = ["open_source", "open_source_not_applicable"]

_RIGHTS = ("GL.4.licence_rights", "AIA.53_2")
_MONEY = ("GL.4.no_monetisation", "AIA.REC_103")
_PUBLIC = ("GL.4.public_availability", "AIA.53_2")


def open_source_not_applicable(why: tuple[Reason, ...]) -> OpenSourceResult:
    """Nothing to exempt: no Chapter V obligations apply to this model."""
    return OpenSourceResult(
        holds="not_applicable",
        reasons=(
            Reason(
                text="nothing to exempt: no obligations under Arts 53-54 apply to this model",
                citations=("AIA.53_2", "AIA.54_6"),
            ),
            *why,
        ),
    )


def _licence(model: Model, failing: list[Reason], unknown: list[Reason]) -> None:
    licence = model.licence
    if licence is None:
        unknown.append(Reason(text="no licence declared", citations=_RIGHTS))
        return
    for right in ("access", "use", "modify", "distribute"):
        granted = getattr(licence, right)
        if granted is False:
            failing.append(
                Reason(text=f"licence {licence.name} does not grant '{right}'", citations=_RIGHTS)
            )
        elif granted is None:
            unknown.append(
                Reason(
                    text=f"licence {licence.name}: '{right}' right not declared", citations=_RIGHTS
                )
            )
    for restriction in licence.restrictions:
        failing.append(
            Reason(
                text=f"licence {licence.name} has a disqualifying term: "
                f"{restriction.replace('_', ' ')}",
                citations=_RIGHTS,
            )
        )


def open_source(model: Model, systemic_risk: bool | None) -> OpenSourceResult:
    """Every condition; ``holds`` is False as soon as one fails, None while one is unknown."""
    failing: list[Reason] = []
    unknown: list[Reason] = []
    _licence(model, failing, unknown)
    for name, value in model.monetisation:
        label = name.replace("_", " ")
        if value is True:
            failing.append(Reason(text=f"monetisation: {label}", citations=_MONEY))
        elif value is None:
            unknown.append(
                Reason(text=f"monetisation fact not declared: {label}", citations=_MONEY)
            )
    for name, value in model.publication:
        label = name.replace("_", " ")
        if value is False:
            failing.append(Reason(text=f"{label} not publicly available", citations=_PUBLIC))
        elif value is None:
            unknown.append(Reason(text=f"publication of {label} not declared", citations=_PUBLIC))
    if systemic_risk:
        failing.insert(
            0,
            Reason(
                text="the exemption is never available for models with systemic risk",
                citations=("GL.4.never_systemic", "AIA.53_2", "AIA.54_6"),
            ),
        )
    if systemic_risk is None:
        unknown.append(
            Reason(
                text="whether the model has systemic risk is unknown; the exemption is never "
                "available for systemic-risk models",
                citations=("GL.4.never_systemic",),
            )
        )
    holds: bool | None = False if failing else (None if unknown else True)
    reasons: tuple[Reason, ...] = ()
    if holds:
        reasons = (
            Reason(
                text="free and open-source licence with all four rights, not monetised, "
                "weights, architecture and usage information public, no systemic risk: exempt "
                "from Art. 53(1)(a)-(b) and Art. 54; the copyright policy and the training "
                "summary still apply",
                citations=(
                    "AIA.53_2",
                    "AIA.54_6",
                    "GL.4.licence_rights",
                    "GL.4.no_monetisation",
                    "GL.4.public_availability",
                ),
            ),
        )
    return OpenSourceResult(
        holds=holds, failing=tuple(failing), unknown=tuple(unknown), reasons=reasons
    )

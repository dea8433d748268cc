"""Systemic risk (Art. 51), the notification duty (Art. 52(1)) and the Art. 52 procedure.

Systemic risk is a property of general-purpose AI models only (Art. 51(1)). It is presumed when
cumulative compute exceeds 10^25 FLOP (Art. 51(2)), when the declared dates say the threshold
was exceeded, or when a modifier that became the provider modified a model with systemic risk
(GL §3.2); the Commission may designate a model (Art. 51(1)(b), 52(4)). Notification is due when
the condition is met or when it becomes known that it will be (Art. 52(1)).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gpaikit.assess._figures import Figures
from gpaikit.assess._gpai import exceeds, fmt
from gpaikit.assess._model import Fact, Reason
from gpaikit.assess._modifier import ModifierOutcome
from gpaikit.law import Catalog
from gpaikit.workspace import Model

__all__ = ["SystemicOutcome", "systemic_risk"]

_PRESUMPTION = ("AIA.51_2", "THR.systemic_risk_compute")


@dataclass(frozen=True)
class SystemicOutcome:
    systemic: Fact
    notification: Fact
    since: dt.date | None
    until: dt.date | None


def _and(a: bool | None, b: bool | None) -> bool | None:
    if a is False or b is False:
        return False
    return True if a is True and b is True else None


def _presumption(
    model: Model, modifier: ModifierOutcome | None, figures: Figures, catalog: Catalog
) -> tuple[bool | None, list[Reason]]:
    """The Art. 51(2) presumption from compute (or, for a modifier, from its original)."""
    limit = catalog.value("THR.systemic_risk_compute")
    base = model.base_model
    if modifier is not None and base is not None and base.systemic_risk:
        return modifier.becomes_provider, [
            Reason(
                text=f"a modification of {base.name}, a model with systemic risk, by a modifier "
                f"that {'became' if modifier.becomes_provider else 'may become'} its provider: "
                "presumed to have high-impact capabilities; notify and comply with Art. 55",
                citations=("GL.3_2.modified_systemic", "AIA.51_2", "AIA.52_1"),
            )
        ]
    cumulative = figures.cumulative
    if cumulative is not None:
        over = exceeds(cumulative.flop, "THR.systemic_risk_compute", catalog)
        text = (
            f"cumulative training compute {fmt(cumulative.flop)} "
            f"{'exceeds' if over else 'does not exceed'} {fmt(limit)}"
        )
        if over:
            return True, [
                Reason(
                    text=f"{text}: high-impact capabilities presumed",
                    citations=(*_PRESUMPTION, "GL.A_1.notions"),
                )
            ]
        if figures.cumulative_is_lower_bound:
            text += " (a lower bound"
            text += f"; {base.name} is declared without systemic risk)" if base else ")"
        return False, [Reason(text=text, citations=(*_PRESUMPTION, "GL.A_1.notions"))]
    if modifier is not None and base is not None:
        own = figures.modification_cumulative
        if own is None:
            return None, [
                Reason(
                    text="the modification compute is unknown; the original is declared without "
                    "systemic risk",
                    citations=("GL.3_2.modification", *_PRESUMPTION),
                )
            ]
        over = exceeds(own.flop, "THR.systemic_risk_compute", catalog)
        return over, [
            Reason(
                text=f"{base.name} is declared without systemic risk and its compute is unknown; "
                f"the modification compute alone ({fmt(own.flop)}) "
                f"{'exceeds' if over else 'does not exceed'} {fmt(limit)} (declare "
                "base_model.cumulative_compute_flop to test the modified model's cumulative "
                "compute)",
                citations=("GL.3_2.modification", *_PRESUMPTION),
            )
        ]
    return None, [
        Reason(
            text="cumulative training compute unknown: declare cumulative_compute_flop or "
            "training runs",
            citations=_PRESUMPTION,
        )
    ]


def _designation(
    model: Model, catalog: Catalog, as_of: dt.date
) -> tuple[dt.date | None, list[Reason]]:
    """(date obligations start, reasons) when a designation is in force on ``as_of``."""
    status = model.systemic_risk
    if status.designated_on is None or status.designated_on > as_of:
        return None, []
    if status.designation_basis == "annex_xiii":
        return status.designated_on, [
            Reason(
                text=f"designated by the Commission (Annex XIII criteria); obligations run from "
                f"when the provider was informed, {status.designated_on}",
                citations=("AIA.51_1_b", "AIA.52_4", "AIA.ANNEX_XIII", "GL.2_3.designation_effect"),
            )
        ]
    since = status.threshold_exceeded_on or status.designated_on
    return since, [
        Reason(
            text=f"designated on {status.designated_on} for failure to notify: obligations apply "
            f"from when the condition was met ({since}) and fines are possible",
            citations=("AIA.52_4", "AIA.101", "GL.2_3.designation_effect"),
        )
    ]


def systemic_risk(
    model: Model,
    gpai: bool | None,
    modifier: ModifierOutcome | None,
    figures: Figures,
    catalog: Catalog,
    as_of: dt.date,
) -> SystemicOutcome:
    """Systemic risk as of ``as_of``, the notification duty before the role gate, and dates."""
    status = model.systemic_risk
    if gpai is False:
        why = Reason(
            text="systemic risk is a property of general-purpose AI models only, and this is not "
            "one",
            citations=("AIA.51_1_a", "AIA.51_1_b", "AIA.3_65"),
        )
        return SystemicOutcome(Fact(value=False, reasons=(why,)), Fact(value=False), None, None)
    base = model.base_model
    if modifier is not None and base is not None and modifier.becomes_provider is False:
        keeps = Reason(
            text=f"the modification does not make the modifier the provider: the model keeps "
            f"the classification of {base.name}, declared "
            f"{'with' if base.systemic_risk else 'without'} systemic risk",
            citations=("GL.3_2.modification",),
        )
        duty = Reason(
            text="no notification duty: the modifier is not the provider",
            citations=("AIA.52_1", "GL.3_2.modification"),
        )
        return SystemicOutcome(
            Fact(value=base.systemic_risk, reasons=(keeps,)),
            Fact(value=False, reasons=(duty,)),
            None,
            None,
        )
    presumed, reasons = _presumption(model, modifier, figures, catalog)
    exceeded = status.threshold_exceeded_on
    declared = (
        (
            exceeded,
            "cumulative compute exceeded the threshold on",
            ("AIA.51_2", "GL.2_3.condition_met"),
        ),
        (
            status.threshold_foreseen_on,
            "it became known that the threshold will be met, on",
            ("AIA.52_1", "GL.2_3.notify_early"),
        ),
    )
    for date, text, cites in declared:
        if date is not None and date <= as_of and presumed is not True:
            presumed = True
            reasons.append(Reason(text=f"declared: {text} {date}", citations=cites))
    notification = Fact(value=_and(gpai, presumed), reasons=tuple(reasons))
    since = exceeded if presumed else None
    until: dt.date | None = None
    value = presumed
    designated_since, designation = _designation(model, catalog, as_of)
    if designation:
        # a presumption already in force keeps its earlier start
        starts = [d for d in (since if presumed else None, designated_since) if d is not None]
        value, since = True, min(starts) if starts else None
        reasons += designation
    elif presumed:
        decided = status.rebuttal_decided_on
        if status.rebuttal == "accepted" and decided is not None and decided <= as_of:
            value, until = False, decided
            reasons.append(
                Reason(
                    text=f"rebuttal accepted on {decided}: the Art. 55 obligations ended when the "
                    "provider was informed; re-notify if the facts change substantially",
                    citations=("AIA.52_2", "GL.2_3.rebuttal_effect"),
                )
            )
        elif status.rebuttal in ("pending", "accepted"):
            reasons.append(
                Reason(
                    text="rebuttal submitted and not yet decided: the obligations are not "
                    "suspended",
                    citations=("AIA.52_2", "GL.2_3.rebuttal_effect"),
                )
            )
        elif status.rebuttal == "rejected":
            reasons.append(
                Reason(
                    text=f"rebuttal rejected on {decided}: the obligations apply from when the "
                    "condition was met",
                    citations=("AIA.52_2", "GL.2_3.rebuttal_effect"),
                )
            )
    if gpai is None and value:
        reasons.append(
            Reason(
                text="whether the model is a general-purpose AI model is unknown; systemic risk "
                "is a property of general-purpose AI models only",
                citations=("AIA.51_1_a", "AIA.3_63"),
            )
        )
        value = None if not designation else value
    return SystemicOutcome(
        Fact(value=value, reasons=tuple(reasons)), notification, since if value else None, until
    )

"""Classification of one model: scope, GPAI, provider role, systemic risk, open source, legacy.

Pure: facts in, :class:`Classification` out. Every reason cites catalog IDs.
"""

from __future__ import annotations

import datetime as dt

from gpaikit.assess._deadlines import add_clock
from gpaikit.assess._figures import figures
from gpaikit.assess._model import (
    Classification,
    ComputeFigure,
    Fact,
    OpenSourceResult,
    ProviderRole,
    Reason,
)
from gpaikit.law import Catalog, Parameter, Region
from gpaikit.workspace import Model, Provider

__all__ = ["classify", "exceeds"]

LANGUAGE_OUTPUTS = frozenset({"text", "code", "audio", "speech"})


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


def _fmt(flop: float) -> str:
    return f"{flop:.2e} FLOP"


def _in_scope(model: Model) -> Fact:
    if model.research_only:
        return Fact(
            value=False,
            reasons=(
                Reason(
                    text="used only for research, development or prototyping before placement",
                    citations=("AIA.2_8", "AIA.3_63"),
                ),
            ),
        )
    if model.eu_placement_date is None:
        return Fact(
            value=None,
            reasons=(
                Reason(
                    text="no EU placement date declared (actual or planned); obligations attach to "
                    "placing on the market",
                    citations=("AIA.3_9", "AIA.2_1_a"),
                ),
            ),
        )
    return Fact(
        value=True,
        reasons=(
            Reason(
                text=f"placed (or to be placed) on the Union market on {model.eu_placement_date}",
                citations=("AIA.2_1_a", "AIA.3_9"),
            ),
        ),
    )


def _generates_qualifying_modality(model: Model) -> tuple[bool, str]:
    outputs = set(model.modalities.output)
    inputs = set(model.modalities.input)
    if outputs & LANGUAGE_OUTPUTS:
        return True, f"generates language ({', '.join(sorted(outputs & LANGUAGE_OUTPUTS))})"
    if "text" in inputs and "image" in outputs:
        return True, "text-to-image"
    if "text" in inputs and "video" in outputs:
        return True, "text-to-video"
    shown = ", ".join(sorted(outputs)) or "none declared"
    return False, f"does not generate language, text-to-image or text-to-video (outputs: {shown})"


def _gpai(model: Model, training: ComputeFigure | None, catalog: Catalog) -> Fact:
    if model.generality == "narrow":
        return Fact(
            value=False,
            reasons=(
                Reason(
                    text=f"declared to lack significant generality: {model.generality_reason}",
                    citations=("GL.2_1.rebuttal_narrow", "AIA.3_63"),
                ),
            ),
        )
    if model.generality == "general":
        return Fact(
            value=True,
            reasons=(
                Reason(
                    text=f"declared to display significant generality: {model.generality_reason}",
                    citations=("GL.2_1.rebuttal_general", "AIA.3_63"),
                ),
            ),
        )
    if model.role == "modifier" and training is None:
        return Fact(
            value=True,
            reasons=(
                Reason(
                    text=f"modification of the general-purpose model {model.base_model.name}"
                    if model.base_model
                    else "modification of a general-purpose model",
                    citations=("GL.3_2.modification",),
                ),
            ),
        )
    modality_ok, modality_text = _generates_qualifying_modality(model)
    threshold = catalog.value("THR.gpai_indicative_compute")
    if training is None:
        return Fact(
            value=None,
            reasons=(
                Reason(
                    text="training compute unknown: declare training_compute_flop or training runs"
                    f"; the model {modality_text}",
                    citations=("GL.2_1.indicative_gpai", "THR.gpai_indicative_compute"),
                ),
            ),
        )
    above = exceeds(training.flop, "THR.gpai_indicative_compute", catalog)
    compute_text = (
        f"training compute {_fmt(training.flop)} {'exceeds' if above else 'does not exceed'} "
        f"{_fmt(threshold)}"
    )
    reason = Reason(
        text=f"{compute_text}; the model {modality_text}",
        citations=("GL.2_1.indicative_gpai", "THR.gpai_indicative_compute"),
    )
    return Fact(value=above and modality_ok, reasons=(reason,))


def _role(model: Model, catalog: Catalog) -> tuple[ProviderRole, tuple[Reason, ...]]:
    if model.role == "developer":
        return "provider", (
            Reason(
                text="develops the model and places it on the market under its own name",
                citations=("AIA.3_3",),
            ),
        )
    base = model.base_model
    assert base is not None  # guaranteed by the workspace model
    if base.training_compute_flop is not None:
        threshold = catalog.value("THR.modification_fraction") * base.training_compute_flop
        basis = f"one third of {base.name}'s training compute ({_fmt(base.training_compute_flop)})"
        cites: tuple[str, ...] = ("GL.3_2.modification", "THR.modification_fraction")
    else:
        fallback = (
            "THR.modification_fallback_systemic"
            if base.systemic_risk
            else "THR.modification_fallback_general"
        )
        threshold = catalog.value(fallback)
        basis = (
            "the fallback threshold for an original "
            f"{'with' if base.systemic_risk else 'without'} systemic risk"
            " (original compute unknown)"
        )
        cites = ("GL.3_2.modification", fallback)
    if model.modification_compute_flop is None:
        return "unknown", (
            Reason(
                text=f"modification compute unknown; it is compared with {basis}, "
                f"{_fmt(threshold)}",
                citations=cites,
            ),
        )
    above = model.modification_compute_flop > threshold
    text = (
        f"modification compute {_fmt(model.modification_compute_flop)} "
        f"{'exceeds' if above else 'does not exceed'} {basis}: {_fmt(threshold)}"
    )
    if above:
        return "modifier_provider", (
            Reason(text=text + "; the modifier becomes the provider", citations=cites),
            Reason(
                text="obligations under Art. 53 cover only the modification",
                citations=("AIA.REC_109",),
            ),
        )
    return "modifier_not_provider", (
        Reason(
            text=text + f"; {base.provider or 'the original provider'} remains the provider",
            citations=cites,
        ),
    )


def _systemic_risk(
    model: Model,
    role: ProviderRole,
    cumulative: ComputeFigure | None,
    catalog: Catalog,
    as_of: dt.date,
) -> tuple[Fact, Fact, dt.date | None]:
    """(systemic risk, notification required, date the obligations start)."""
    status = model.systemic_risk
    reasons: list[Reason] = []
    presumed: bool | None
    if role == "modifier_provider" and model.base_model and model.base_model.systemic_risk:
        presumed = True
        reasons.append(
            Reason(
                text=f"modifier of {model.base_model.name}, a model with systemic risk, that "
                "became provider: presumed to have high-impact capabilities",
                citations=("GL.3_2.modified_systemic", "AIA.51_2"),
            )
        )
    elif cumulative is None:
        presumed = None
        reasons.append(
            Reason(
                text="cumulative training compute unknown",
                citations=("AIA.51_2", "THR.systemic_risk_compute"),
            )
        )
    else:
        presumed = exceeds(cumulative.flop, "THR.systemic_risk_compute", catalog)
        limit = catalog.value("THR.systemic_risk_compute")
        reasons.append(
            Reason(
                text=f"cumulative training compute {_fmt(cumulative.flop)} "
                f"{'exceeds' if presumed else 'does not exceed'} {_fmt(limit)}",
                citations=("AIA.51_2", "THR.systemic_risk_compute"),
            )
        )
    notification = Fact(value=presumed, reasons=tuple(reasons))
    since = status.threshold_met_on if presumed else None

    value: bool | None = presumed
    designated = status.designated_on is not None and status.designated_on <= as_of
    if designated:
        assert status.designated_on is not None
        value = True
        if status.designation_basis == "annex_xiii":
            since = status.designated_on
            text = f"designated by the Commission on {status.designated_on} (Annex XIII criteria)"
        else:
            since = status.threshold_met_on or status.designated_on
            text = (
                f"designated on {status.designated_on} for failure to notify; obligations apply "
                "from when the condition was met and fines are possible"
            )
        reasons.append(Reason(text=text, citations=("AIA.51_1_b", "AIA.52_4", "AIA.ANNEX_XIII")))
        earliest = add_clock(status.designated_on, catalog.clock("CLOCK.reassessment_request"))
        reasons.append(
            Reason(
                text=f"a reasoned request for reassessment is possible from {earliest}",
                citations=("AIA.52_5", "CLOCK.reassessment_request"),
            )
        )
    if presumed and not designated:
        decided = status.rebuttal_decided_on
        if status.rebuttal == "accepted" and decided is not None and decided <= as_of:
            value = False
            reasons.append(
                Reason(
                    text=f"rebuttal accepted on {decided}: Art. 55 obligations ended when the "
                    "provider was informed; re-notify if the facts change substantially",
                    citations=("AIA.52_2", "GL.2_3.rebuttal_effect"),
                )
            )
        elif status.rebuttal in ("pending", "accepted"):
            reasons.append(
                Reason(
                    text="rebuttal submitted and not yet decided: obligations are not suspended",
                    citations=("AIA.52_2", "GL.2_3.rebuttal_effect"),
                )
            )
        elif status.rebuttal == "rejected":
            reasons.append(
                Reason(
                    text=f"rebuttal rejected on {decided}: obligations apply from when the "
                    "condition was met",
                    citations=("AIA.52_2", "GL.2_3.rebuttal_effect"),
                )
            )
    return Fact(value=value, reasons=tuple(reasons)), notification, since


def _open_source(model: Model, systemic_risk: bool | None) -> OpenSourceResult:
    failing: list[Reason] = []
    unknown: list[Reason] = []
    rights = ("GL.4.licence_rights", "AIA.53_2")
    licence = model.licence
    if licence is None:
        unknown.append(Reason(text="no licence declared", citations=rights))
    else:
        for right in ("access", "use", "modify", "distribute"):
            granted = getattr(licence, right)
            if granted is False:
                failing.append(
                    Reason(
                        text=f"licence {licence.name} does not grant '{right}'", citations=rights
                    )
                )
            elif granted is None:
                unknown.append(
                    Reason(
                        text=f"licence {licence.name}: '{right}' right not declared",
                        citations=rights,
                    )
                )
        for restriction in licence.restrictions:
            failing.append(
                Reason(
                    text=f"licence {licence.name} has a disqualifying term: "
                    f"{restriction.replace('_', ' ')}",
                    citations=rights,
                )
            )
    money = ("GL.4.no_monetisation",)
    for name, value in model.monetisation:
        label = name.replace("_", " ")
        if value is True:
            failing.append(Reason(text=f"monetisation: {label}", citations=money))
        elif value is None:
            unknown.append(Reason(text=f"monetisation fact not declared: {label}", citations=money))
    public = ("GL.4.public_availability", "AIA.53_2")
    for name, value in model.publication:
        label = name.replace("_", " ")
        if value is False:
            failing.append(Reason(text=f"{label} not publicly available", citations=public))
        elif value is None:
            unknown.append(Reason(text=f"publication of {label} not declared", citations=public))
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
    return OpenSourceResult(holds=holds, failing=tuple(failing), unknown=tuple(unknown))


def _third_country(provider: Provider, catalog: Catalog) -> Fact:
    eu = catalog.typed("REGION.EU", Region)
    inside = provider.country in eu.members
    text = (
        f"established in {provider.country}, a Member State"
        if inside
        else f"established in {provider.country}, outside the Union"
    )
    return Fact(value=not inside, reasons=(Reason(text=text, citations=("AIA.54_1", "REGION.EU")),))


def _legacy(model: Model, catalog: Catalog) -> Fact:
    start = catalog.date("DATE.gpai_obligations_apply")
    placed = model.eu_placement_date
    if placed is None:
        return Fact(value=None, reasons=(Reason(text="no EU placement date declared"),))
    legacy = placed < start
    text = (
        f"placed on {placed}, before {start}: compliance due by "
        f"{catalog.date('DATE.legacy_deadline')}"
        if legacy
        else f"placed on {placed}, on or after {start}: must comply on placement"
    )
    return Fact(
        value=legacy,
        reasons=(Reason(text=text, citations=("AIA.111_3", "DATE.legacy_deadline", "AIA.113")),),
    )


def classify(model: Model, provider: Provider, catalog: Catalog, as_of: dt.date) -> Classification:
    """Classify ``model`` of ``provider`` as of ``as_of``."""
    training, cumulative = figures(model, catalog)
    role, role_reasons = _role(model, catalog)
    gpai = _gpai(model, training, catalog)
    systemic, notification, since = _systemic_risk(model, role, cumulative, catalog, as_of)
    return Classification(
        in_scope=_in_scope(model),
        gpai=gpai,
        role=role,
        role_reasons=role_reasons,
        systemic_risk=systemic,
        systemic_risk_since=since,
        notification_required=notification,
        open_source=_open_source(model, systemic.value),
        third_country=_third_country(provider, catalog),
        legacy=_legacy(model, catalog),
        training_compute=training,
        cumulative_compute=cumulative,
    )

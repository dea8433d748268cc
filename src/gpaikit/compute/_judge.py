"""Both methods together, and where an estimate sits against the legal thresholds."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable

from gpaikit._exceptions import ComputeInputError, Location
from gpaikit.compute._architecture import architecture_estimate
from gpaikit.compute._common import band, catalog_or_default, check_number
from gpaikit.compute._hardware import hardware_estimate
from gpaikit.compute._model import (
    Estimate,
    FleetSegment,
    ModificationAssessment,
    Notion,
    Stage,
    ThresholdFlag,
    significant,
)
from gpaikit.law import Catalog, Parameter

__all__ = ["combine", "estimate", "modification_assessment", "threshold_flags"]

_COMPARE: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "=": operator.eq,
}


def combine(architecture: Estimate, hardware: Estimate) -> Estimate:
    """Report both methods, their ratio, and one figure with a band.

    The headline figure is the architecture estimate (operation counting needs no utilisation
    assumption; Epoch AI practice). The methods *agree* when each figure lies inside the other's
    band; the band is then the intersection of both bands, which is tighter than either. When
    they disagree the architecture band is kept and an assumption says by how much they differ.
    """
    if architecture.method != "architecture" or hardware.method != "hardware":
        raise ComputeInputError(
            "combine() takes an architecture estimate and a hardware estimate, in that order",
            location=Location(field="combine"),
        )
    notion = architecture.notion
    a, h = architecture.value(notion), hardware.value(notion)
    a_low, a_high = architecture.band(notion)
    h_low, h_high = hardware.band(notion)
    ratio = a / h if h > 0 else float("inf")
    agree = h_low <= a <= h_high and a_low <= h <= a_high
    notes = list(architecture.assumptions)
    notes += [n for n in hardware.assumptions if n not in notes]
    if agree:
        low, high = max(a_low, h_low), min(a_high, h_high)
        notes.append(
            f"architecture and hardware methods agree (ratio {ratio:.2f}); "
            "the band is the intersection of both ±margins"
        )
    else:
        low, high = a_low, a_high
        notes.append(
            f"the methods DISAGREE: architecture / hardware = {ratio:.2f}; check the token "
            "count, the parameter count (active vs total) and the utilisation"
        )
    return Estimate(
        flop=a,
        low=low,
        high=high,
        method="combined",
        notion=notion,
        training_flop=architecture.training_flop,
        cumulative_flop=architecture.cumulative_flop,
        margin=architecture.margin,
        significant_figures=architecture.significant_figures,
        params_total=architecture.params_total,
        params_active=architecture.params_active,
        inputs={**architecture.inputs, **hardware.inputs},
        assumptions=tuple(notes),
        parts=architecture.parts,
        architecture=architecture,
        hardware=hardware,
        ratio=ratio,
        agree=agree,
    )


def estimate(
    stages: Iterable[Stage] = (),
    fleet: Iterable[FleetSegment] = (),
    *,
    notion: Notion = "cumulative",
    utilization_default: str = "llm",
    catalog: Catalog | None = None,
) -> Estimate:
    """One estimate for a training run: the architecture method from ``stages``, the hardware
    method from ``fleet``, and :func:`combine` when both are given. This is what
    ``gpaikit compute estimate`` and the assessment of workspace training runs call.

    Example::

        estimate(
            stages=[Stage(name="pre-training", params=8.03e9, tokens=15e12)],
            fleet=[FleetSegment(accelerator="H100", count=1024, hours=1000, utilization=0.4)],
        )
    """
    stage_list, segments = list(stages), list(fleet)
    arch = architecture_estimate(stage_list, notion=notion, catalog=catalog) if stage_list else None
    hw = (
        hardware_estimate(
            segments, utilization_default=utilization_default, notion=notion, catalog=catalog
        )
        if segments
        else None
    )
    if arch is not None and hw is not None:
        return combine(arch, hw)
    if arch is not None:
        return arch
    if hw is not None:
        return hw
    raise ComputeInputError(
        "nothing to estimate",
        location=Location(field="stages/fleet"),
        hint="give training stages (params and tokens) and/or accelerators (count and hours)",
    )


def _flag(
    param: Parameter, threshold: float, notion: str, value: float, low: float, high: float
) -> ThresholdFlag:
    compare = _COMPARE[param.comparison]
    return ThresholdFlag(
        id=param.id,
        title=param.title,
        threshold=threshold,
        notion=notion,
        value=value,
        low=low,
        high=high,
        exceeded=compare(value, threshold),
        straddles=(high > threshold >= value) or (value > threshold >= low),
    )


def threshold_flags(
    estimate: Estimate,
    *,
    original_flop: float | None = None,
    original_systemic_risk: bool | None = None,
    catalog: Catalog | None = None,
) -> tuple[ThresholdFlag, ...]:
    """Where the estimate sits against 10^23 (training compute, ``THR.gpai_indicative_compute``)
    and 10^25 (cumulative compute, ``THR.systemic_risk_compute``); with ``original_flop`` or
    ``original_systemic_risk`` also against the one-third modification line (the estimate then
    being the modification's compute). ``straddles`` flags a band that crosses a line."""
    cat = catalog_or_default(catalog)
    flags: list[ThresholdFlag] = []
    for param_id, notion in (
        ("THR.gpai_indicative_compute", "training"),
        ("THR.systemic_risk_compute", "cumulative"),
    ):
        param = cat.typed(param_id, Parameter)
        n: Notion = "training" if notion == "training" else "cumulative"
        low, high = estimate.band(n)
        flags.append(_flag(param, param.value, notion, estimate.value(n), low, high))
    if original_flop is not None or original_systemic_risk is not None:
        mod = modification_assessment(
            estimate,
            original_flop,
            original_systemic_risk=bool(original_systemic_risk),
            catalog=cat,
        )
        param = cat.typed(mod.threshold_id, Parameter)
        low, high = estimate.band("training")
        flags.append(_flag(param, mod.threshold, "modification", estimate.training_flop, low, high))
    return tuple(flags)


def modification_assessment(
    modification_flop: float | Estimate,
    original_flop: float | None,
    *,
    original_systemic_risk: bool,
    catalog: Catalog | None = None,
) -> ModificationAssessment:
    """Whether a downstream modification makes the modifier a provider (GL §3.2).

    The line is ``THR.modification_fraction`` (one third) of the original's training compute
    (cumulative when the original has systemic risk, derived). Without ``original_flop`` the
    fallback applies: ``THR.modification_fallback_systemic`` when the original has systemic
    risk, else ``THR.modification_fallback_general``. A modifier that becomes the provider of a
    model whose original has systemic risk is presumed to have systemic risk too.
    """
    cat = catalog_or_default(catalog)
    margin = cat.value("PAR.compute_error_margin")
    if isinstance(modification_flop, Estimate):
        mod = modification_flop.training_flop
        low, high = modification_flop.band("training")
    else:
        checked = check_number(modification_flop, "modification_flop")
        assert checked is not None
        mod = checked
        low, high = band(mod, margin)
    reasons: list[str] = []
    fraction_of_original: float | None = None
    if original_flop is not None:
        original = check_number(original_flop, "original_flop", positive=True)
        assert original is not None
        fraction_param = cat.typed("THR.modification_fraction", Parameter)
        threshold = fraction_param.value * original
        threshold_id = fraction_param.id
        fraction_of_original = mod / original
        basis = (
            f"one third of the original's {'cumulative' if original_systemic_risk else 'training'}"
            f" compute ({significant(original, 2)} FLOP)"
        )
    else:
        threshold_id = (
            "THR.modification_fallback_systemic"
            if original_systemic_risk
            else "THR.modification_fallback_general"
        )
        threshold = cat.value(threshold_id)
        basis = "fallback threshold: the original's compute is unknown"
    compare = _COMPARE[cat.typed(threshold_id, Parameter).comparison]
    becomes = compare(mod, threshold)
    straddles = (high > threshold >= mod) or (mod > threshold >= low)
    reasons.append(
        f"modification compute {significant(mod, 2)} FLOP "
        f"{'exceeds' if becomes else 'does not exceed'} {significant(threshold, 2)} FLOP "
        f"({basis}; {threshold_id})"
    )
    if straddles:
        reasons.append("the ±band of the modification compute straddles the line")
    presumed = becomes and original_systemic_risk
    if presumed:
        reasons.append(
            "the original has systemic risk: the modified model is presumed to have "
            "high-impact capabilities; notify under Art. 52(1) and comply with Art. 55 (GL §3.2)"
        )
    return ModificationAssessment(
        modification_flop=mod,
        threshold=threshold,
        threshold_id=threshold_id,
        basis=basis,
        original_flop=original_flop,
        fraction_of_original=fraction_of_original,
        becomes_provider=becomes,
        straddles=straddles,
        presumed_systemic_risk=presumed,
        reasons=tuple(reasons),
    )

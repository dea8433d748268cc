"""The hardware method (GL Annex A.2.1): C = N·L·H·U per accelerator type and period, summed."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from gpaikit._exceptions import ComputeInputError, Location
from gpaikit.compute._common import band, catalog_or_default, check_number, check_plausible
from gpaikit.compute._model import (
    CUMULATIVE_ONLY,
    STAGE_KINDS,
    Estimate,
    FleetSegment,
    Notion,
    StageCompute,
)
from gpaikit.law import Accelerator, Catalog

__all__ = ["UTILIZATION_DEFAULTS", "find_accelerator", "hardware_estimate"]

SECONDS_PER_HOUR = 3600
TERA = 1e12

UTILIZATION_DEFAULTS = {
    "llm": "PAR.utilization_default_llm",
    "other": "PAR.utilization_default_other",
    "dense_bf16": "PAR.utilization_default_dense_bf16",
}
"""Names of the documented utilisation defaults and the catalog parameters that hold them."""


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def find_accelerator(name: str, catalog: Catalog | None = None) -> Accelerator:
    """The catalog accelerator with this ID, name or alias (case and punctuation ignored).

    Raises :class:`ComputeInputError` listing close names when there is no match.
    """
    cat = catalog_or_default(catalog)
    wanted = _key(name)
    names: dict[str, Accelerator] = {}
    for acc in cat.accelerators():
        for label in (acc.id, acc.id.removeprefix("HW."), acc.name, *acc.aliases):
            names.setdefault(_key(label), acc)
    if wanted and wanted in names:
        return names[wanted]
    labels = sorted({a for acc in cat.accelerators() for a in (acc.id, *acc.aliases)})
    close = difflib.get_close_matches(name, labels, n=5, cutoff=0.5)
    close += [
        label
        for label in labels
        if wanted and wanted in _key(label) and label not in close and len(close) < 5
    ]
    hint = f"did you mean: {', '.join(close)}? " if close else ""
    raise ComputeInputError(
        f"unknown accelerator '{name}'",
        location=Location(field="accelerator"),
        hint=hint + "`gpaikit compute hardware` lists the catalog; for another accelerator give "
        "its dense peak (peak_tflops, --peak-tflops)",
    )


def _segment(
    seg: FleetSegment, index: int, default_u: float, default_id: str, cat: Catalog
) -> tuple[StageCompute, dict[str, object], list[str]]:
    field = f"fleet[{index}] ({seg.name or seg.accelerator})"
    notes: list[str] = []
    if seg.kind not in STAGE_KINDS:
        raise ComputeInputError(
            f"unknown kind '{seg.kind}'",
            location=Location(field=f"{field}.kind"),
            hint=f"use one of: {', '.join(STAGE_KINDS)}",
        )
    acc: Accelerator | None
    if seg.peak_tflops is not None:
        peak = check_number(seg.peak_tflops, f"{field}.peak_tflops", positive=True)
        assert peak is not None
        try:
            acc = find_accelerator(seg.accelerator, cat)
        except ComputeInputError:
            acc = None
        catalog_peak = acc.peak_tflops.get(seg.precision, "n/a") if acc else "not in the catalog"
        notes.append(
            f"{acc.name if acc else seg.accelerator}: peak {peak:g} TFLOP/s given "
            f"({seg.precision}; catalog: {catalog_peak}); check it is a dense figure"
        )
    else:
        acc = find_accelerator(seg.accelerator, cat)
        if seg.precision not in acc.peak_tflops:
            raise ComputeInputError(
                f"{acc.name} has no {seg.precision} figure in the catalog",
                location=Location(field=f"{field}.precision"),
                hint=f"use one of: {', '.join(acc.peak_tflops)}",
            )
        peak = acc.peak_tflops[seg.precision]
    acc_name = acc.name if acc else seg.accelerator
    if seg.gpu_hours is not None:
        if seg.count is not None or seg.hours is not None:
            raise ComputeInputError(
                "give either gpu_hours, or count and hours, not both",
                location=Location(field=f"{field}.gpu_hours"),
            )
        gpu_hours = check_number(seg.gpu_hours, f"{field}.gpu_hours")
        assert gpu_hours is not None
        count: float | None = None
        hours: float | None = None
    else:
        hint = "give count (accelerators) and hours (wall-clock), or gpu_hours"
        count = check_number(seg.count, f"{field}.count", hint=hint)
        hours = check_number(seg.hours, f"{field}.hours", hint=hint)
        assert count is not None and hours is not None
        gpu_hours = count * hours
    if seg.utilization is None:
        utilization = default_u
        notes.append(
            f"{acc_name}: utilisation unknown, default U = {default_u:g} ({default_id}); "
            "reported MFU of large runs ranges from about 0.2 to 0.5"
        )
    else:
        utilization = check_number(seg.utilization, f"{field}.utilization", positive=True) or 0.0
        if utilization > 1:
            raise ComputeInputError(
                f"utilisation must be a fraction in (0, 1], got {utilization:g}",
                location=Location(field=f"{field}.utilization"),
                hint="write 40 % as 0.4",
            )
    if acc is not None and acc.unconfirmed:
        notes.append(f"{acc.name}: catalog figures UNCONFIRMED ({acc.note or acc.citation})")
    flop = gpu_hours * SECONDS_PER_HOUR * peak * TERA * utilization
    check_plausible(flop, f"{field} (N·L·H·U)", "flop")
    formula = (
        f"N·L·H·U = {gpu_hours:g} accelerator-hours × 3600 s × {peak:g} TFLOP/s × {utilization:g}"
    )
    record: dict[str, object] = {
        "name": seg.name,
        "kind": seg.kind,
        "accelerator": acc.id if acc else None,
        "accelerator_name": acc_name,
        "count": count,
        "hours": hours,
        "gpu_hours": gpu_hours,
        "hardware_days": gpu_hours / 24,
        "precision": seg.precision,
        "peak_tflops": peak,
        "utilization": utilization,
        "utilization_source": "given" if seg.utilization is not None else default_id,
        "source": (acc.citation + (f" <{acc.url}>" if acc.url else "")) if acc else "given",
        "flop": flop,
    }
    training = seg.kind not in CUMULATIVE_ONLY
    part = StageCompute(seg.name or acc_name, seg.kind, flop, training, formula)
    return part, record, notes


def hardware_estimate(
    fleet: Iterable[FleetSegment],
    *,
    utilization_default: str = "llm",
    notion: Notion = "cumulative",
    catalog: Catalog | None = None,
) -> Estimate:
    """Estimate compute by the hardware method, one :class:`FleetSegment` per type and period.

    Each segment costs ``accelerator-hours × 3600 × H × U`` with H the catalog's dense peak at
    the segment's precision (sparsity figures are never used). Summing segments applies the
    guidelines' rules for mixed fleets (H weighted by units) and for periods with different N.
    A segment without utilisation takes the documented default named by
    ``utilization_default`` (``llm``: Epoch's 0.30, ``other``: 0.40, ``dense_bf16``: 0.40; see
    ``UTILIZATION_DEFAULTS``). The band is ±``PAR.compute_error_margin``.

    Example::

        hardware_estimate([FleetSegment(accelerator="H100", count=1024, hours=1440,
                                        utilization=0.4)])
    """
    cat = catalog_or_default(catalog)
    if utilization_default not in UTILIZATION_DEFAULTS:
        raise ComputeInputError(
            f"unknown utilisation default '{utilization_default}'",
            location=Location(field="utilization_default"),
            hint=f"use one of: {', '.join(UTILIZATION_DEFAULTS)}",
        )
    default_id = UTILIZATION_DEFAULTS[utilization_default]
    default_u = cat.value(default_id)
    segments = list(fleet)
    if not segments:
        raise ComputeInputError(
            "no accelerators given",
            location=Location(field="fleet"),
            hint="give at least one accelerator with count and hours, or gpu_hours",
        )
    parts: list[StageCompute] = []
    records: list[dict[str, object]] = []
    notes: list[str] = []
    for index, seg in enumerate(segments):
        part, record, seg_notes = _segment(seg, index, default_u, default_id, cat)
        parts.append(part)
        records.append(record)
        notes.extend(n for n in seg_notes if n not in notes)
    training = sum(p.flop for p in parts if p.training)
    cumulative = sum(p.flop for p in parts)
    margin = cat.value("PAR.compute_error_margin")
    flop = training if notion == "training" else cumulative
    low, high = band(flop, margin)
    days: dict[str, float] = {}
    for record in records:
        key = str(record["accelerator_name"])
        days[key] = days.get(key, 0.0) + float(record["hardware_days"])  # type: ignore[arg-type]
    assumptions = (
        "C = N·L·H·U (GL Annex A.2.1), summed over accelerator types and periods",
        "H = dense peak per accelerator at the precision used for the bulk of the compute; "
        "2:4-sparsity figures never used (derived)",
        "all operations count equally whatever the floating-point precision (GL Annex A.1)",
        *notes,
    )
    return Estimate(
        flop=flop,
        low=low,
        high=high,
        method="hardware",
        notion=notion,
        training_flop=training,
        cumulative_flop=cumulative,
        margin=margin,
        significant_figures=int(cat.value("PAR.notification_significant_figures")),
        inputs={"fleet": records, "hardware_days": days},
        assumptions=assumptions,
        parts=tuple(parts),
    )

"""Derivations: values computed from the workspace, the estimator and artefacts, never typed twice.

Each spec item may name one derivation in ``derived_from``. The registry below is explicit (no
registration by import side effect); a test checks that every name a spec uses exists here.
A derivation returns ``None`` when the facts it needs are not declared.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from gpaikit._exceptions import GpaikitError
from gpaikit.compute import Estimate, Stage, estimate, estimate_runs, significant
from gpaikit.forms._context import FormContext, summary_value
from gpaikit.forms._derive_data import DATA_DERIVATIONS
from gpaikit.forms._derive_model import MODEL_DERIVATIONS, Origin, Sourced, parameter_count
from gpaikit.forms._spec import FormSpec
from gpaikit.law import Catalog, Region
from gpaikit.weights import authenticity
from gpaikit.workspace import Model, Workspace

__all__ = ["DERIVATIONS", "ORIGINS", "FormContext", "Sourced", "model_estimate"]


def model_estimate(model: Model, catalog: Catalog, root: Path | None = None) -> Estimate | None:
    """The training compute the form reports, from :mod:`gpaikit.compute`.

    A modifier documents only its modification; otherwise a declared figure wins, then the
    training runs (architecture and/or hardware method, training notion; parameters from
    the runs' ``config``/``weights`` files resolved against ``root``).
    """
    if model.role == "modifier" and model.modification_compute_flop is not None:
        stages = [Stage(name="modification", flop=model.modification_compute_flop)]
    elif model.training_compute_flop is not None:
        stages = [Stage(name="declared", flop=model.training_compute_flop)]
    else:
        try:
            return estimate_runs(model.training_runs, notion="training", catalog=catalog, root=root)
        except GpaikitError:
            return None
    try:
        return estimate(stages, notion="training", catalog=catalog)
    except GpaikitError:
        return None


def _compute(attr: str) -> Callable[[FormContext], Any]:
    def derive(ctx: FormContext) -> Any:
        found = model_estimate(ctx.model, ctx.catalog, ctx.workspace.root)
        if found is None or found.flop <= 0:
            return None
        if attr == "method":
            return (
                "In the absence of a delegated act under Art. 53(5): estimated with the "
                f"{found.method_text()} (gpaikit.compute; error band ±{found.margin:.0%})."
            )
        return found.two_significant() if attr == "two" else found.order_of_magnitude()

    return derive


def _fleet_days(model: Model) -> tuple[float, dict[str, float]] | None:
    runs = [r for r in model.training_runs if r.fleet]
    if not runs:
        return None
    wall = sum(max(seg.hours for seg in run.fleet) for run in runs) / 24
    hardware: dict[str, float] = {}
    for run in runs:
        for seg in run.fleet:
            hardware[seg.accelerator] = hardware.get(seg.accelerator, 0.0) + seg.count * seg.hours
    return wall, {k: v / 24 for k, v in sorted(hardware.items())}


def _days(value: float) -> str:
    """Days to two significant figures, written plainly (``41``, ``680000``)."""
    return f"{float(significant(value, 2)):g}" if value < 1e6 else significant(value, 2)


def _wall_days(ctx: FormContext) -> Any:
    days = _fleet_days(ctx.model)
    return _days(days[0]) if days else None


def _hardware_days(ctx: FormContext) -> Any:
    days = _fleet_days(ctx.model)
    if not days:
        return None
    return [{"accelerator": k, "days": _days(v)} for k, v in days[1].items()]


def _training_period(ctx: FormContext) -> Any:
    runs = [r.name for r in ctx.model.training_runs if r.fleet]
    return ("Wall-clock time of the training runs: " + ", ".join(runs)) if runs else None


def _time_band(ctx: FormContext) -> Any:
    from gpaikit.forms._spec import load_form

    days = _fleet_days(ctx.model)
    if not days:
        return None
    item = load_form("mdf").item("MDF.CR.01a")
    for option in item.options:
        if (option.low is None or days[0] >= option.low) and (
            option.high is None or days[0] < option.high
        ):
            return option.id
    return None


_MDF_MODALITY = {"text": "text", "code": "text", "image": "images", "audio": "audio"}
_MDF_MODALITY |= {"speech": "audio", "video": "video"}


def _modalities(values: tuple[str, ...], mapping: Mapping[str, str]) -> list[str] | None:
    if not values:
        return None
    out = [mapping.get(v, f"other: {v}") for v in values]
    return list(dict.fromkeys(out))


def _parameter_bracket(ctx: FormContext) -> Any:
    from gpaikit.forms._spec import load_form

    found = parameter_count(ctx)
    if found is None:
        return None
    count = found[0]
    for option in load_form("mdf").item("MDF.MP.08").options:
        if (option.low is None or count >= option.low) and (
            option.high is None or count < option.high
        ):
            return option.id
    return None


def _licence_category(ctx: FormContext) -> Any:
    licence = ctx.model.licence
    if licence is None:
        return None
    rights = (licence.access, licence.use, licence.modify, licence.distribute)
    if all(r is True for r in rights) and not licence.restrictions:
        return "free_open_source"
    if licence.access is True or ctx.model.publication.weights is True:
        return "open_weights_restricted"
    return "proprietary"


def _is_sme(workspace: Workspace) -> bool:
    return workspace.provider.size == "sme" or workspace.provider.microenterprise


def top_domain_selection(ctx: FormContext) -> Mapping[str, Any] | None:
    """The data summary's selection for this provider: ``top`` or, for SMEs, ``top_sme``."""
    found = summary_value(ctx, "domains", "top_sme" if _is_sme(ctx.workspace) else "top")
    return found if isinstance(found, Mapping) else None


def _top_domains(ctx: FormContext) -> Any:
    found = top_domain_selection(ctx)
    return list(found["domains"]) if found and found.get("domains") is not None else None


def _top_domains_rule(ctx: FormContext) -> Any:
    found = top_domain_selection(ctx)
    if not found:
        return None
    catalog = ctx.catalog
    if _is_sme(ctx.workspace):
        rule = (
            f"SME rule: top {catalog.value('TPL.domains.top_fraction_sme'):.0%} of domain names "
            f"or the top {catalog.value('TPL.domains.top_cap_sme'):,.0f}, whichever is lower"
        )
    else:
        rule = f"top {catalog.value('TPL.domains.top_fraction'):.0%} of domain names"
    extended = int(found.get("tie_extended") or 0)
    ties = f", plus {extended} tied at the cut-off" if extended else ""
    return (
        f"{rule}, ranked by size of content scraped, rounded up: {found.get('required')} of "
        f"{found.get('domain_count')} domains{ties}."
    )


def _month_of(*keys: str) -> Callable[[FormContext], Any]:
    def derive(ctx: FormContext) -> Any:
        found = summary_value(ctx, *keys)
        return str(found)[:7] if found else None

    return derive


def _period(ctx: FormContext) -> Any:
    first, last = summary_value(ctx, "time_span", "first"), summary_value(ctx, "time_span", "last")
    return {"start": str(first)[:7], "end": str(last)[:7]} if first and last else None


def _name_contact(ctx: FormContext) -> Any:
    provider = ctx.workspace.provider
    contact = provider.contact_point
    parts = [c for c in ((contact.email, contact.url) if contact else ()) if c]
    return provider.legal_name + (f" ({', '.join(parts)})" if parts else "")


def _representative(ctx: FormContext) -> Any:
    provider = ctx.workspace.provider
    if provider.eu_representative is not None:
        rep = provider.eu_representative
        return f"{rep.name} ({rep.country})"
    eu = ctx.catalog.typed("REGION.EU", Region)
    return "N/A" if provider.country in eu.members else None


def _contact(ctx: FormContext) -> Any:
    contact = ctx.workspace.provider.contact_point
    parts = [c for c in ((contact.email, contact.url) if contact else ()) if c]
    return ", ".join(parts) or None


def _legacy(ctx: FormContext) -> Any:
    placed = ctx.placed_on
    if placed is None:
        return None
    return placed < ctx.catalog.date("DATE.gpai_obligations_apply")


def _unavailable(ctx: FormContext) -> Any:
    rows = [
        {"item": key, "reason": str(value["unavailable"])}
        for key, value in sorted(ctx.model.answers.items())
        if isinstance(value, Mapping) and set(value) == {"unavailable"}
    ]
    return rows or None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _dependencies(ctx: FormContext) -> Any:
    base = ctx.model.base_model
    if ctx.model.role == "modifier" and base is not None:
        return [{"model_name": base.name + (f" ({base.provider})" if base.provider else "")}]
    return "N/A"


def _dependency_text(ctx: FormContext) -> Any:
    deps = _dependencies(ctx)
    return deps if deps == "N/A" else deps[0]["model_name"]


def _name_versions(ctx: FormContext) -> Any:
    versions = [v.name for v in ctx.model.versions]
    return ctx.model.name + (f" (versions: {', '.join(versions)})" if versions else "")


DERIVATIONS: dict[str, Callable[[FormContext], Any]] = {
    "document.version": lambda ctx: ctx.version,
    "document.date": lambda ctx: _iso(ctx.date),
    "document.unavailable": _unavailable,
    "provider.legal_name": lambda ctx: ctx.workspace.provider.legal_name,
    "provider.name_contact": _name_contact,
    "provider.representative": _representative,
    "provider.contact": _contact,
    "provider.copyright_signatory": lambda ctx: (
        ctx.workspace.provider.code_of_practice.copyright == "signed"
    ),
    "workspace.model_names": lambda ctx: [m.name for m in ctx.workspace.models],
    "model.name_versions": _name_versions,
    "model.version_names": lambda ctx: [v.name for v in ctx.model.versions] or [ctx.model.name],
    "model.release_date": lambda ctx: _iso(ctx.model.release_date),
    "model.eu_placement_date": lambda ctx: _iso(ctx.model.eu_placement_date),
    "model.dependencies": _dependencies,
    "model.dependency_text": _dependency_text,
    "model.input_modalities": lambda ctx: _modalities(ctx.model.modalities.input, _MDF_MODALITY),
    "model.output_modalities": lambda ctx: _modalities(ctx.model.modalities.output, _MDF_MODALITY),
    "model.parameter_bracket": _parameter_bracket,
    "model.distribution": lambda ctx: [{"channel": c} for c in ctx.model.distribution] or None,
    "model.licence_url": lambda ctx: ctx.model.licence.url if ctx.model.licence else None,
    "model.licence_category": _licence_category,
    "model.crawlers": lambda ctx: list(ctx.model.crawlers) or None,
    "model.crawler_records": lambda ctx: (
        [{"name": c, "token": c} for c in ctx.model.crawlers] or None
    ),
    "model.legacy": _legacy,
    "model.authenticity": lambda ctx: authenticity(ctx.workspace, ctx.model),
    "compute.two_significant": _compute("two"),
    "compute.order_of_magnitude": _compute("magnitude"),
    "compute.method": _compute("method"),
    "compute.wall_clock_days": _wall_days,
    "compute.hardware_days": _hardware_days,
    "compute.training_period": _training_period,
    "compute.training_time_band": _time_band,
    "data.top_domains": _top_domains,
    "data.top_domains_rule": _top_domains_rule,
    "data.latest_month": _month_of("time_span", "last"),
    "data.period": _period,
    **MODEL_DERIVATIONS,
    **DATA_DERIVATIONS,
}

_COMPUTED = ("document.", "compute.", "model.parameter_bracket", "model.licence_category")
_ARTEFACTS = ("data.",)


def _default_origin(name: str) -> Origin:
    if name.startswith(_COMPUTED):
        return "computation"
    if name.startswith(_ARTEFACTS):
        return "artefact"
    return "fact"


ORIGINS: dict[str, Origin] = {name: _default_origin(name) for name in DERIVATIONS}
"""Where each derivation's value comes from, unless it says otherwise (:class:`Sourced`):
declared workspace facts, artefacts the provider has (config, weights, cards, data summary),
or gpaikit's computation. ``docs validate --stats`` counts items by it."""
ORIGINS |= {
    "data.top_domains_rule": "computation",
    "model.legacy": "computation",
    "model.dependency_text": "fact",
    "datasets.public_rest": "computation",
    "model.authenticity": "artefact",
}


SUPPLIED_PREFIX = "safety."
"""Derivations with this prefix are computed by :mod:`gpaikit.safety` and handed in through
``FormContext.supplied`` (the forms engine does not depend on the safety engine)."""


def origin_of(name: str) -> Origin:
    """The origin of derivation ``name`` (another engine's values count as computation)."""
    if name in ORIGINS:
        return ORIGINS[name]
    return "computation" if name.startswith(SUPPLIED_PREFIX) else "fact"


def derive(name: str, ctx: FormContext) -> Any:
    """The value of derivation ``name``: the registry's, or one supplied by another engine."""
    if name in DERIVATIONS:
        return DERIVATIONS[name](ctx)
    return ctx.supplied.get(name) if name.startswith(SUPPLIED_PREFIX) else None


def unknown_derivations(spec: FormSpec) -> list[str]:
    """Names a spec uses that the registry lacks (a bug in the spec)."""
    used = {i.derived_from for i in spec.items() if i.derived_from}
    return sorted(n for n in used - set(DERIVATIONS) if not n.startswith(SUPPLIED_PREFIX))

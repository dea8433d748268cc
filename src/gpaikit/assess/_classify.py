"""Classification of one model, in the order of the reference's rules-engine sketch (§11):

1. compute figures, counted as the guidelines count them (GL Annex A.1);
2. is it a general-purpose AI model? (research exclusion, indicative criterion, rebuttal);
3. for a modifier, does it become the provider? (GL §3.2);
4. systemic risk, gated by GPAI status (Art. 51(1));
5. placement on the Union market (internal use never exempts a model with systemic risk);
6. the provider role, gated by GPAI status and placement (Art. 3(3), 2(1)(a));
7. scope, notification duty, open-source exemption, third country, legacy (Art. 111(3)).

Pure: facts in, :class:`Classification` out. Every reason cites catalog IDs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from gpaikit.assess._figures import figures
from gpaikit.assess._gpai import exceeds, gpai
from gpaikit.assess._model import (
    Classification,
    Fact,
    GpaiFact,
    Placement,
    ProviderRole,
    Reason,
)
from gpaikit.assess._modifier import ModifierOutcome, modifier_outcome
from gpaikit.assess._open_source import open_source, open_source_not_applicable
from gpaikit.assess._placement import placement
from gpaikit.assess._systemic import systemic_risk
from gpaikit.law import Catalog, Region
from gpaikit.workspace import Model, Provider

__all__ = ["PROVIDER_ROLES", "classify", "exceeds"]

PROVIDER_ROLES: frozenset[ProviderRole] = frozenset({"provider", "modifier_provider"})


def _role(
    model: Model, g: GpaiFact, modifier: ModifierOutcome | None, placed: Placement
) -> tuple[ProviderRole, tuple[Reason, ...]]:
    no_role = ("AIA.3_3", "AIA.2_1_a")
    if g.treated_as is False:
        decisive = g.reasons[1] if g.value == "rebuttable" else g.reasons[0]
        return "none", (
            Reason(
                text=f"not a general-purpose AI model ({decisive.text}): there is no provider "
                "role under Chapter V",
                citations=tuple(dict.fromkeys((*no_role, "AIA.3_63", *decisive.citations))),
            ),
        )
    if modifier is not None and modifier.becomes_provider is False:
        return "modifier_not_provider", modifier.reasons
    if placed.status == "not_placed":
        return "none", (
            Reason(
                text="not placed on the Union market: a provider is who places the model on the "
                "market under its own name",
                citations=(*no_role, "AIA.3_9"),
            ),
            *placed.reasons,
        )
    if g.treated_as is None:
        return "unknown", (
            Reason(
                text="whether it is a general-purpose AI model is unknown",
                citations=("AIA.3_63", "GL.2_1.indicative_gpai"),
            ),
        )
    if modifier is not None and modifier.becomes_provider is None:
        return "unknown", modifier.reasons
    if placed.status == "unknown":
        return "unknown", placed.reasons
    if modifier is not None:
        return "modifier_provider", modifier.reasons
    return "provider", (
        Reason(
            text="develops the model (or has it developed) and places it on the Union market "
            "under its own name, paid or free",
            citations=("AIA.3_3", "AIA.2_1_a"),
        ),
    )


def _in_scope(role: ProviderRole, reasons: tuple[Reason, ...], placed: Placement) -> Fact:
    if role in PROVIDER_ROLES:
        return Fact(
            value=True,
            reasons=(
                Reason(
                    text="a general-purpose AI model placed (or to be placed) on the Union market "
                    "by its provider, wherever established",
                    citations=("AIA.2_1_a", "AIA.3_3"),
                ),
                *placed.reasons,
            ),
        )
    return Fact(value=None if role == "unknown" else False, reasons=reasons)


def _notification(role: ProviderRole, duty: Fact) -> Fact:
    if role in PROVIDER_ROLES:
        return duty
    if role == "unknown":
        return Fact(value=None if duty.value is not False else False, reasons=duty.reasons)
    return Fact(
        value=False,
        reasons=(
            Reason(
                text="no notification duty: not the provider of a general-purpose AI model",
                citations=("AIA.52_1", "AIA.3_3"),
            ),
        ),
    )


def _third_country(provider: Provider, catalog: Catalog) -> Fact:
    eu = catalog.typed("REGION.EU", Region)
    inside = provider.country in eu.members
    text = (
        f"established in {provider.country}, a Member State"
        if inside
        else f"established in {provider.country}, outside the Union"
    )
    return Fact(value=not inside, reasons=(Reason(text=text, citations=("AIA.54_1", "REGION.EU")),))


def _legacy(g: GpaiFact, placed: Placement, catalog: Catalog) -> Fact:
    start = catalog.date("DATE.gpai_obligations_apply")
    cites = ("AIA.111_3", "DATE.legacy_deadline", "AIA.113")
    if g.treated_as is False:
        return Fact(
            value=False,
            reasons=(Reason(text="not a general-purpose AI model", citations=("AIA.111_3",)),),
        )
    if placed.status == "not_placed":
        return Fact(
            value=False,
            reasons=(Reason(text="never placed on the market", citations=("AIA.111_3",)),),
        )
    if placed.date is None:
        return Fact(
            value=None,
            reasons=(Reason(text="placement date not declared", citations=("AIA.111_3",)),),
        )
    if placed.date < start:
        value: bool | None = True if g.treated_as else None
        text = (
            f"placed on {placed.date}, before {start}: compliance due by "
            f"{catalog.date('DATE.legacy_deadline')}"
        )
    else:
        value = False
        when = "placed" if placed.status == "placed" else "to be placed"
        text = f"{when} on {placed.date}, on or after {start}: obligations apply on placement"
    return Fact(value=value, reasons=(Reason(text=text, citations=cites),))


def classify(
    model: Model,
    provider: Provider,
    catalog: Catalog,
    as_of: dt.date,
    root: Path | None = None,
) -> Classification:
    """Classify ``model`` of ``provider`` as of ``as_of`` (``root``: the workspace folder)."""
    figs = figures(model, catalog, root)
    g = gpai(model, figs.training, placement(model, None, as_of), catalog)
    modifier = (
        modifier_outcome(model, figs, catalog)
        if model.role == "modifier" and g.treated_as is not False
        else None
    )
    risk = systemic_risk(model, g.treated_as, modifier, figs, catalog, as_of)
    placed = placement(model, risk.systemic.value, as_of)
    role, role_reasons = _role(model, g, modifier, placed)
    in_scope = _in_scope(role, role_reasons, placed)
    open_result = (
        open_source_not_applicable(role_reasons)
        if in_scope.value is False
        else open_source(model, risk.systemic.value)
    )
    return Classification(
        in_scope=in_scope,
        gpai=g,
        placement=placed,
        role=role,
        role_reasons=role_reasons,
        systemic_risk=risk.systemic,
        systemic_risk_since=risk.since,
        systemic_risk_until=risk.until,
        notification_required=_notification(role, risk.notification),
        open_source=open_result,
        third_country=_third_country(provider, catalog),
        legacy=_legacy(g, placed, catalog),
        training_compute=figs.training,
        cumulative_compute=figs.cumulative,
        modification_compute=modifier.compared if modifier else None,
        modification_threshold=modifier.line_id if modifier else None,
        modification_threshold_flop=modifier.line if modifier else None,
        runs=figs.runs,
    )

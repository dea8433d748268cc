"""Whether and when a model is placed on the Union market (Art. 3(9); Recital 97; GL §3.1).

Placement is decided from the declared facts: the EU placement date (actual or planned), use
for internal processes only (placement when essential to third-party products or services or
affecting natural persons' rights, and always for a model with systemic risk), research-only
use, and a clear exclusion of distribution in the Union by an upstream supplier.
"""

from __future__ import annotations

import datetime as dt

from gpaikit.assess._model import Placement, Reason
from gpaikit.workspace import InternalUse, Model

__all__ = ["placement"]

_INTERNAL = ("GL.3_1.internal_use", "AIA.REC_97")


def _internal_counts(use: InternalUse, systemic: bool | None) -> tuple[bool | None, Reason]:
    """Whether internal-only use places the model on the market, and why."""
    essential, rights = use.essential_to_third_party_services, use.affects_natural_persons_rights
    if systemic is True:
        return True, Reason(
            text="used for internal processes: the internal-use exception never applies to a "
            "model with systemic risk, so this use places it on the market",
            citations=(*_INTERNAL, "AIA.3_9"),
        )
    grounds = [
        text
        for flag, text in (
            (essential, "are essential to a product or service offered to third parties"),
            (rights, "affect natural persons' rights in the Union"),
        )
        if flag
    ]
    if grounds:
        return True, Reason(
            text=f"used for internal processes that {' and '.join(grounds)}: this use places "
            "the model on the market",
            citations=(*_INTERNAL, "AIA.3_9"),
        )
    if essential is False and rights is False:
        if systemic is None:
            return None, Reason(
                text="used only for internal processes that are not essential to third-party "
                "products or services and do not affect natural persons' rights: not placed on "
                "the market, unless the model has systemic risk (unknown)",
                citations=_INTERNAL,
            )
        return False, Reason(
            text="used only for internal processes that are not essential to third-party "
            "products or services and do not affect natural persons' rights: not placed on "
            "the market",
            citations=_INTERNAL,
        )
    missing = [
        name
        for name, flag in (
            ("essential_to_third_party_services", essential),
            ("affects_natural_persons_rights", rights),
        )
        if flag is None
    ]
    return None, Reason(
        text="used for internal processes; declare internal_use."
        + " and internal_use.".join(missing)
        + ": such use places the model on the market when essential to third-party products "
        "or services or when it affects natural persons' rights",
        citations=_INTERNAL,
    )


def placement(model: Model, systemic: bool | None, as_of: dt.date) -> Placement:
    """Placement status and date as of ``as_of``; ``systemic`` matters for internal use only."""
    if model.eu_distribution_excluded:
        return Placement(
            status="not_placed",
            date=None,
            reasons=(
                Reason(
                    text="supplied outside the Union with its distribution and use in the Union "
                    "clearly and unequivocally excluded: not placed on the Union market by this "
                    "actor; a downstream actor that integrates it into a system placed on the "
                    "Union market becomes the model's provider",
                    citations=("GL.3_1.union_excluded", "AIA.3_3", "AIA.3_9"),
                ),
            ),
        )
    reasons: list[Reason] = []
    dates: list[dt.date] = []
    counts: bool | None = None  # does declared internal use place the model?
    if model.eu_placement_date is not None:
        dates.append(model.eu_placement_date)
        reasons.append(
            Reason(
                text=f"first made available on the Union market on {model.eu_placement_date}"
                if model.eu_placement_date <= as_of
                else f"to be placed on the Union market on {model.eu_placement_date}",
                citations=("AIA.3_9", "AIA.2_1_a", "GL.3_1.placement"),
            )
        )
    if model.internal_use is not None:
        counts, why = _internal_counts(model.internal_use, systemic)
        reasons.append(why)
        since = model.internal_use.since
        if counts and since is not None:
            dates.append(since)
        elif counts and model.eu_placement_date is None:
            reasons.append(
                Reason(
                    text="declare internal_use.since (first internal use) to date the placement",
                    citations=_INTERNAL,
                )
            )
    if model.eu_placement_date is not None or counts:
        first = min(dates) if dates else None
        if model.research_only:
            reasons.append(
                Reason(
                    text="research_only is declared, but the research exclusion lasts only until "
                    "the model is placed on the market",
                    citations=("AIA.2_8", "AIA.3_63"),
                )
            )
        status = "planned" if first is not None and first > as_of else "placed"
        return Placement(status=status, date=first, reasons=tuple(reasons))
    if model.research_only:
        return Placement(
            status="not_placed",
            date=None,
            reasons=(
                Reason(
                    text="used only for research, development or prototyping and not placed on "
                    "the market",
                    citations=("AIA.2_8", "AIA.3_63"),
                ),
                *reasons,
            ),
        )
    if model.internal_use is not None and counts is False:
        return Placement(status="not_placed", date=None, reasons=tuple(reasons))
    if not reasons:
        reasons.append(
            Reason(
                text="no EU placement date declared (actual or planned), and no internal use: "
                "obligations attach to placing on the Union market",
                citations=("AIA.3_9", "AIA.2_1_a"),
            )
        )
    return Placement(status="unknown", date=None, reasons=tuple(reasons))

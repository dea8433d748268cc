"""Evidence that other declared facts already give for an obligation.

A provider who declares its EU representative, or the date it notified the Commission, should not
have to declare the same fact again under ``compliance``.
"""

from __future__ import annotations

import datetime as dt

from gpaikit.workspace import Evidence, Model, Provider

__all__ = ["declared_evidence"]


def _representative(provider: Provider, model: Model) -> Evidence | None:
    rep = provider.eu_representative
    if rep is None:
        return None
    signed = rep.mandate_signed_on
    when = f", mandate signed {signed}" if signed else ", mandate date not declared"
    return Evidence(
        status="met",
        evidence=(f"authorised representative {rep.name} ({rep.country}){when}",),
        date=signed,
    )


def _notification(provider: Provider, model: Model) -> Evidence | None:
    notified: dt.date | None = model.systemic_risk.notified_on
    if notified is None:
        return None
    return Evidence(status="met", evidence=(f"Commission notified on {notified}",), date=notified)


DECLARED = {
    "OBL.authorised_representative": _representative,
    "OBL.systemic_risk_notification": _notification,
}


def declared_evidence(obligation_id: str, provider: Provider, model: Model) -> Evidence | None:
    """Explicit ``compliance`` entries win; otherwise the facts above, where one applies."""
    explicit = model.compliance.get(obligation_id)
    if explicit is not None:
        return explicit
    derive = DECLARED.get(obligation_id)
    return derive(provider, model) if derive else None

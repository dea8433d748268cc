"""Shared helpers: catalog values the estimator needs and input validation."""

from __future__ import annotations

import math

from gpaikit._exceptions import ComputeInputError, Location
from gpaikit._untrusted import PLAUSIBLE_MAX
from gpaikit.law import Catalog, load_catalog

__all__ = ["PLAUSIBLE_MAX", "band", "catalog_or_default", "check_number", "check_plausible"]

_QUANTITY = {"active_params": "params", "parameters": "params"}


def _quantity(field: str) -> str:
    last = field.rsplit(".", 1)[-1].lstrip("-").replace("-", "_")
    return _QUANTITY.get(last, last)


def check_plausible(value: float, field: str, quantity: str | None = None) -> None:
    """Reject a value above the plausible ceiling of its quantity (``PLAUSIBLE_MAX``)."""
    limit = PLAUSIBLE_MAX.get(quantity or _quantity(field))
    if limit is not None and value > limit:
        raise ComputeInputError(
            f"{value:.3g} is not a plausible value (more than {limit:.0e})",
            location=Location(field=field),
            hint="check the exponent: parameters, tokens and FLOP are plain counts (7e9, 15e12)",
        )


def catalog_or_default(catalog: Catalog | None) -> Catalog:
    return catalog if catalog is not None else load_catalog()


def check_number(
    value: float | None,
    field: str,
    *,
    required: bool = True,
    positive: bool = False,
    hint: str | None = None,
) -> float | None:
    """Reject missing, non-finite and negative numbers with a message naming the field."""
    if value is None:
        if required:
            raise ComputeInputError(
                "a value is required", location=Location(field=field), hint=hint
            )
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ComputeInputError(
            f"expected a finite number, got {value!r}", location=Location(field=field), hint=hint
        )
    if value < 0 or (positive and value == 0):
        bound = "greater than 0" if positive else "0 or more"
        raise ComputeInputError(
            f"must be {bound}, got {value:g}",
            location=Location(field=field),
            hint=hint or "compute, parameters, tokens, counts and hours cannot be negative",
        )
    check_plausible(float(value), field)
    return float(value)


def band(flop: float, margin: float) -> tuple[float, float]:
    return (flop * (1 - margin), flop * (1 + margin))

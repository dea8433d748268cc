"""Shared helpers: catalog values the estimator needs and input validation."""

from __future__ import annotations

import math

from gpaikit._exceptions import ComputeInputError, Location
from gpaikit.law import Catalog, load_catalog

__all__ = ["band", "catalog_or_default", "check_number"]


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
    return float(value)


def band(flop: float, margin: float) -> tuple[float, float]:
    return (flop * (1 - margin), flop * (1 + margin))

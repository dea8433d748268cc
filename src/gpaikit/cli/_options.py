"""Option parsing shared by several commands."""

from __future__ import annotations

import datetime as dt

import typer

from gpaikit._untrusted import DEFAULT_LIMITS

__all__ = ["parse_as_of"]


def parse_as_of(value: str | None) -> dt.date:
    """The ``--as-of`` date (YYYY-MM-DD), today when not given; a clear error otherwise."""
    if value is None:
        return dt.date.today()
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"'{value}' is not a date; use YYYY-MM-DD", param_hint="--as-of"
        ) from None
    limits = DEFAULT_LIMITS
    if not limits.min_year <= date.year <= limits.max_year:
        raise typer.BadParameter(
            f"{value} is outside {limits.min_year}-{limits.max_year}", param_hint="--as-of"
        )
    return date

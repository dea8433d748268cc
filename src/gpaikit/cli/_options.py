"""Option parsing shared by several commands."""

from __future__ import annotations

import datetime as dt

import typer

__all__ = ["parse_as_of"]


def parse_as_of(value: str | None) -> dt.date:
    """The ``--as-of`` date (YYYY-MM-DD), today when not given; a clear error otherwise."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"'{value}' is not a date; use YYYY-MM-DD", param_hint="--as-of"
        ) from None

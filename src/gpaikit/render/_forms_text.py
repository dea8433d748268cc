"""Display values of filled form items, shared by the Markdown, HTML, DOCX and PDF renderers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from gpaikit.forms import FilledItem

__all__ = ["NOT_ANSWERED", "Shown", "meta_line", "shown"]

NOT_ANSWERED = "Not answered."
_SHORT = {
    "ai_office": "AI Office",
    "national_authority": "national authorities",
    "downstream_provider": "downstream providers",
    "public": "public",
}


@dataclass(frozen=True)
class Shown:
    """An item's value ready for display: ``text``, or ``bullets``, or a ``table``."""

    text: str | None = None
    bullets: tuple[str, ...] = ()
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    missing: bool = False


def _choice(filled: FilledItem, value: str) -> str:
    if value.startswith("other: "):
        return "Other: " + value[len("other: ") :]
    return filled.item.option_label(value)


def shown(filled: FilledItem) -> Shown:
    item, value = filled.item, filled.value
    if value is None:
        return Shown(text=NOT_ANSWERED, missing=True)
    if isinstance(value, Mapping) and set(value) == {"unavailable"}:
        return Shown(text=f"Information not available: {value['unavailable']}")
    if value == "N/A":
        return Shown(text="N/A")
    if item.type == "bool":
        return Shown(text="Yes" if value else "No")
    if item.type in ("enum", "bracket"):
        return Shown(text=_choice(filled, str(value)))
    if item.type == "multi":
        return Shown(text=", ".join(_choice(filled, str(v)) for v in value))
    if item.type == "list":
        return Shown(bullets=tuple(str(v) for v in value))
    if item.type == "map":
        return Shown(bullets=tuple(f"{k}: {v}" for k, v in value.items()))
    if item.type == "period":
        return Shown(text=f"{value['start']} to {value['end']}")
    if item.type == "records":
        headers = tuple(f.label for f in item.fields)
        rows = tuple(tuple(str(row.get(f.name, "")) for f in item.fields) for row in value)
        return Shown(headers=headers, rows=rows)
    if item.type == "magnitude":
        return Shown(text=str(value))
    return Shown(text=str(value))


def meta_line(filled: FilledItem) -> str:
    """Provenance of the value and the item's legal basis, in one line."""
    item = filled.item
    parts = [f"Source: {filled.source}" if filled.value is not None else "Source: none"]
    parts.append("For: " + ", ".join(_SHORT[r] for r in item.recipients))
    parts.append(f"Basis: {item.citation}")
    if item.unconfirmed:
        parts.append(f"Unconfirmed: {item.unconfirmed}")
    return " · ".join(parts)

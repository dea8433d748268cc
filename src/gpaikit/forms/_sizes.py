"""The template's training-data size ranges per modality (TS.1.3.size).

The Explanatory Notice (para 22) asks only for the size per modality in one of three very broad
ranges; any modality may instead give an approximate size in another unit. The bounds live in
the catalog (``TPL.size.<modality>_low`` / ``_high``, with their citations and UNCONFIRMED
notes); this module turns them into the ranges a form offers, their labels and the check of an
answer against them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gpaikit._quantities import decimal_of, words
from gpaikit.law import Catalog, load_catalog

__all__ = ["SIZE_UNITS", "SizeRange", "check_size", "size_range_of", "size_ranges"]

SIZE_UNITS = {"text": "tokens", "image": "images", "audio": "hours", "video": "hours"}
"""The unit of each modality's ranges (the template's)."""
_MODALITY = {"images": "image", "videos": "video"}
_APPROX = re.compile(
    r"^(?:approximately|approx\.?|about|around|ca\.?|~|≈)?\s*"
    r"(?P<number>\d[\d,._]*(?:\.\d+)?(?:\s*(?:[x×*]\s*10\s*\^?\s*[+-]?\d+|e[+-]?\d+))?)\s*"
    r"(?P<scale>thousand|million|billion|trillion|quadrillion)?\s+"
    r"(?P<unit>[^\W\d_][^\d]*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SizeRange:
    """One of a modality's three ranges; ``low <= size <= high`` with open ends at either end
    (boundary values count in the middle range: inclusivity is not stated, UNCONFIRMED)."""

    id: str
    label: str
    low: float | None
    high: float | None


def _count(value: float) -> str:
    return words(value) or f"{value:,.0f}"


def _modality(name: str) -> str:
    key = name.strip().lower().removeprefix("other: ")
    return _MODALITY.get(key, key)


def size_ranges(
    modality: str, prefix: str = "TPL.size", catalog: Catalog | None = None
) -> tuple[SizeRange, ...] | None:
    """The three ranges of ``modality`` (text, image, audio, video), or None for another."""
    name = _modality(modality)
    if name not in SIZE_UNITS:
        return None
    catalog = catalog or load_catalog()
    low = catalog.value(f"{prefix}.{name}_low")
    high = catalog.value(f"{prefix}.{name}_high")
    unit = SIZE_UNITS[name]
    return (
        SizeRange("small", f"Less than {_count(low)} {unit}", None, low),
        SizeRange("medium", f"{_count(low)} to {_count(high)} {unit}", low, high),
        SizeRange("large", f"More than {_count(high)} {unit}", high, None),
    )


def size_range_of(
    modality: str, value: float, prefix: str = "TPL.size", catalog: Catalog | None = None
) -> SizeRange | None:
    """The range ``value`` (in the modality's unit) falls in; None for another modality."""
    ranges = size_ranges(modality, prefix, catalog)
    if ranges is None:
        return None
    small, medium, large = ranges
    if medium.low is not None and value < medium.low:
        return small
    if medium.high is not None and value > medium.high:
        return large
    return medium


def check_size(modality: str, raw: str, prefix: str = "TPL.size") -> tuple[str | None, str | None]:
    """``(normalised value, error)`` of one size answer.

    A range is written as its label (any case) or its ID (``small``, ``medium``, ``large``) and
    normalised to the label; an approximate size (``approximately 15 trillion tokens``,
    ``2.4e13 tokens``) keeps the provider's number and unit after ``approximately``. A modality
    without ranges ("Other") takes any text naming its size.
    """
    text = " ".join(raw.split())
    ranges = size_ranges(modality, prefix)
    if ranges is None:
        return (text or None), (None if text else "give the approximate size and its unit")
    for found in ranges:
        if text.lower() in (found.label.lower(), found.id):
            return found.label, None
    match = _APPROX.match(text)
    if match and decimal_of(match.group("number")) is not None:
        scale = f" {match.group('scale').lower()}" if match.group("scale") else ""
        return f"approximately {match.group('number')}{scale} {match.group('unit')}", None
    offered = "; ".join(r.label for r in ranges)
    return None, (
        f"'{text}' is not one of the template's ranges for {_modality(modality)} ({offered}) "
        "nor an approximate size with a number and a unit (e.g. 'approximately 15 trillion "
        "tokens')"
    )

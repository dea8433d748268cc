"""Numbers, quantities and dates as a reader sees them: the one place that formats them.

Values are stored as the provider wrote them (``2.4e25`` keeps its two significant figures in
JSON); every document format shows them through this module, with their unit:
``2.4 × 10²⁵ FLOP``, ``21,000 MWh``, ``1.2 × 10¹² parameters (1.2 trillion)``, ``41 days``,
``10 March 2026``. Significant figures are kept as written (``2.40e25`` stays ``2.40 × 10²⁵``),
because the forms ask for a precision and the display must not invent or drop one.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = [
    "date_text",
    "decimal_of",
    "magnitude_text",
    "month_text",
    "number_source",
    "number_text",
    "quantity_text",
    "significant_figures",
    "words",
]

_TIMES = re.compile(r"^\s*([+-]?[\d.]+)\s*[x×*]\s*10\s*\^\s*([+-]?\d+)\s*$")
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SCALE = ((1e15, "quadrillion"), (1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
#: units whose large counts read better with their name in words as well
_COUNTED = {"parameters", "tokens", "images", "documents"}
#: units always written in scientific notation from 10^4 (compute is read in powers of ten)
_SCIENTIFIC = {"FLOP", "FLOP/s"}
_SINGULAR = {"days": "day", "hours": "hour", "parameters": "parameter", "tokens": "token"}
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def number_source(raw: Any) -> str | None:
    """The number as text the way it was written (``2.4×10^25`` -> ``2.4e25``); None if not."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        return f"{raw:.15g}" if math.isfinite(raw) else None
    if isinstance(raw, str):
        text = raw.strip().replace(",", "").replace("_", "")
        match = _TIMES.match(text)
        if match:
            text = f"{match.group(1)}e{match.group(2)}"
        return text or None
    return None


def decimal_of(raw: Any) -> Decimal | None:
    """The exact decimal of a number as written, or None when it is not a finite number."""
    text = number_source(raw)
    if text is None:
        return None
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def significant_figures(raw: Any) -> int | None:
    """Significant figures as written: ``2.4e25`` -> 2, ``2.40e25`` -> 3, ``73000000000`` -> 2."""
    text = number_source(raw)
    number = decimal_of(raw)
    if text is None or number is None:
        return None
    if number == 0:
        return 1
    mantissa = "".join(str(d) for d in number.as_tuple().digits).lstrip("0")
    if "." not in text.lower().split("e")[0]:
        mantissa = mantissa.rstrip("0") or "0"
    return max(len(mantissa), 1)


def _superscript(exponent: int) -> str:
    return str(exponent).translate(_SUPERSCRIPT)


def _scientific(number: Decimal, figures: int) -> str:
    exponent = number.adjusted()
    mantissa = number.scaleb(-exponent)
    text = f"{mantissa:.{max(figures - 1, 0)}f}"
    if text.lstrip("-").startswith("10"):  # rounding carried into a new digit
        exponent += 1
        text = f"{mantissa / 10:.{max(figures - 1, 0)}f}"
    return f"{text} × 10{_superscript(exponent)}"


def _plain(number: Decimal) -> str:
    exponent = number.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if places == 0:
        return f"{int(number):,}"
    return f"{number:,.{places}f}"


def number_text(raw: Any, *, scientific_from: float = 1e6) -> str:
    """A number for reading: plain with thousands separators below ``scientific_from``
    (``21,000``; ``590``), scientific with superscript exponents above it (``7.3 × 10¹⁰``);
    text that is no number is returned as it is."""
    number = decimal_of(raw)
    if number is None:
        return str(raw)
    if number == 0:
        return "0"
    figures = significant_figures(raw) or 1
    size = abs(number)
    if size >= Decimal(str(scientific_from)) or size < Decimal("0.001"):
        return _scientific(number, figures)
    return _plain(number)


def words(value: float) -> str | None:
    """Large counts in words (``1.2e12`` -> ``1.2 trillion``); None below a million."""
    for scale, name in _SCALE:
        if abs(value) >= scale:
            shown = f"{value / scale:.3g}"
            return f"{shown} {name}"
    return None


def quantity_text(raw: Any, unit: str | None) -> str:
    """A number with its unit, e.g. ``2.4 × 10²⁵ FLOP``, ``21,000 MWh``,
    ``1.2 × 10¹² parameters (1.2 trillion)``, ``1 day``; what is no number (``N/A``, a reason
    given instead) is shown as written, without a unit that would misread it as a quantity."""
    number = decimal_of(raw)
    if number is None:
        return str(raw)
    shown = number_text(raw, scientific_from=1e4 if unit in _SCIENTIFIC else 1e6)
    if not unit:
        return shown
    name = _SINGULAR.get(unit, unit) if number == 1 else unit
    text = f"{shown} {name}"
    spelled = words(float(number)) if unit in _COUNTED else None
    if spelled and "×" in shown:
        text += f" ({spelled})"
    return text


def magnitude_text(raw: Any, unit: str | None) -> str:
    """An order of magnitude (``1e25``) as a power of ten with its unit: ``10²⁵ FLOP``."""
    number = decimal_of(raw)
    if number is None or number <= 0:
        return str(raw)
    text = f"10{_superscript(number.adjusted())}"
    return f"{text} {unit}" if unit else text


def date_text(value: Any) -> str:
    """An ISO date as ``10 March 2026`` (unambiguous in every EU reading order)."""
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def month_text(value: Any) -> str:
    """A ``YYYY-MM`` month as ``November 2025``."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", str(value))
    if not match or not 1 <= int(match.group(2)) <= 12:
        return str(value)
    return f"{_MONTHS[int(match.group(2)) - 1]} {match.group(1)}"

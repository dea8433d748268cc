"""Type checks of single answers: each returns the normalised value or the problems found.

Normalised values are plain JSON values: numbers stay as the text the provider wrote (so that
``7.30e10`` keeps its three significant figures), dates become ISO strings, choices become
option IDs, and "Other (specify)" entries of a multi-select become ``"other: <text>"``.
A YAML float such as ``7.0e10`` has lost its trailing zero: write it as a string to keep it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gpaikit._quantities import decimal_of, number_source, significant_figures
from gpaikit.forms._sizes import check_size
from gpaikit.forms._spec import Item, RecordField

__all__ = [
    "NA",
    "Checked",
    "check_value",
    "count_words",
    "is_power_of_ten",
    "parse_number",
    "significant_figures",
]

NA = "N/A"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass
class Checked:
    value: Any = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def count_words(text: str) -> int:
    return len(text.split())


def parse_number(raw: Any) -> float | None:
    """``2.4e25``, ``2.4×10^25``, ``1,000``, 7.3e10 -> float; anything else -> None."""
    number = decimal_of(raw)
    if number is None:
        return None
    value = float(number)
    return value if math.isfinite(value) else None


def is_power_of_ten(value: float) -> bool:
    if value <= 0:
        return False
    exponent = round(math.log10(value))
    return math.isclose(value, 10.0**exponent, rel_tol=1e-12)


def _date(raw: Any) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw.strip())
        except ValueError:
            return None
    return None


def _month(raw: Any) -> str | None:
    day = _date(raw)
    if day is not None:
        return f"{day.year:04d}-{day.month:02d}"
    if isinstance(raw, str):
        match = _MONTH.match(raw.strip())
        if match and 1 <= int(match.group(2)) <= 12:
            return raw.strip()
    return None


def _url(raw: Any) -> str | None:
    if isinstance(raw, str) and re.match(r"^https?://[^\s/]+\S*$", raw.strip()):
        return raw.strip()
    return None


def _text(raw: Any) -> str | None:
    if isinstance(raw, str) and raw.strip():
        return raw.strip()
    return None


def _sigfig_check(item: Item, raw: Any, out: Checked, where: str = "") -> None:
    if item.min_sigfigs is None:
        return
    figures = significant_figures(raw)
    if figures is not None and figures < item.min_sigfigs:
        out.errors.append(
            f"{where}'{raw}' has {figures} significant figure(s); the form asks for at least "
            f'{item.min_sigfigs} (write e.g. "{parse_number(raw):.{item.min_sigfigs - 1}e}" '
            "as a quoted string)"
        )


def _field(item: Item, spec: RecordField, raw: Any, out: Checked, where: str) -> Any:
    if spec.type == "number":
        value = parse_number(raw)
        if value is None:
            out.errors.append(f"{where}'{raw}' is not a number")
            return None
        _sigfig_check(item, raw, out, where)
        return number_source(raw)
    if spec.type == "url":
        url = _url(raw)
        if url is None:
            out.errors.append(f"{where}'{raw}' is not an http(s) URL")
        return url
    if spec.type == "date":
        day = _date(raw)
        if day is None:
            out.errors.append(f"{where}'{raw}' is not a date (YYYY-MM-DD)")
        return day.isoformat() if day else None
    if spec.type == "month":
        month = _month(raw)
        if month is None:
            out.errors.append(f"{where}'{raw}' is not a month (YYYY-MM)")
        return month
    if isinstance(raw, (str, int, float)) and not isinstance(raw, bool) and str(raw).strip():
        return str(raw).strip()
    out.errors.append(f"{where}expected text, got {raw!r}")
    return None


def _records(item: Item, raw: Any, out: Checked) -> Any:
    if not isinstance(raw, (list, tuple)):
        out.errors.append(f"expected a list of entries with {_field_names(item)}")
        return None
    rows: list[dict[str, Any]] = []
    names = {f.name for f in item.fields}
    for index, entry in enumerate(raw, start=1):
        where = f"entry {index}: "
        if not isinstance(entry, Mapping):
            out.errors.append(f"{where}expected a mapping with {_field_names(item)}")
            continue
        unknown = sorted(set(map(str, entry)) - names)
        if unknown:
            out.errors.append(f"{where}unknown key(s) {', '.join(unknown)}")
        row: dict[str, Any] = {}
        for spec in item.fields:
            value = entry.get(spec.name)
            if value is None or (isinstance(value, str) and not value.strip()):
                if not spec.optional:
                    out.errors.append(f"{where}'{spec.name}' is missing")
                continue
            row[spec.name] = _field(item, spec, value, out, f"{where}{spec.name}: ")
        rows.append(row)
    return rows


def _field_names(item: Item) -> str:
    return ", ".join(f.name + ("?" if f.optional else "") for f in item.fields)


def _choice(item: Item, raw: Any) -> str | None:
    if not isinstance(raw, str):
        return None
    option = item.option(raw)
    return option.id if option is not None else None


def _multi(item: Item, raw: Any, out: Checked) -> Any:
    entries = [raw] if isinstance(raw, str) else raw
    if not isinstance(entries, (list, tuple)) or not entries:
        out.errors.append("expected a non-empty list of choices")
        return None
    chosen: list[str] = []
    for entry in entries:
        option = _choice(item, entry)
        if option is not None:
            chosen.append(option)
            continue
        text = str(entry).strip()
        if text.lower() in ("other", "other:", "other (specify)"):
            out.errors.append("'Other' is ticked but not specified; write 'other: <what>'")
        elif not item.other:
            out.errors.append(f"'{text}' is not one of {', '.join(item.option_ids())}")
        else:
            name = re.sub(r"^other\s*:\s*", "", text, flags=re.IGNORECASE)
            chosen.append(f"other: {name}")
    return list(dict.fromkeys(chosen))


def _sizes(prefix: str, raw: Mapping[Any, Any], out: Checked) -> dict[str, str]:
    """Per modality, one of the template's size ranges or an approximate size with a unit."""
    sizes: dict[str, str] = {}
    for key, value in raw.items():
        shown, error = check_size(str(key), str(value), prefix)
        if error:
            out.errors.append(f"{key}: {error}")
        elif shown is not None:
            sizes[str(key)] = shown
    return sizes


def check_value(item: Item, raw: Any, *, allow_unavailable: bool = False) -> Checked:
    """Check one answer against its item's type; never raises on bad input."""
    out = Checked()
    if item.na and isinstance(raw, str) and raw.strip().upper() in ("N/A", "NA"):
        out.value = NA
        return out
    if allow_unavailable and isinstance(raw, Mapping) and set(raw) == {"unavailable"}:
        reason = _text(raw["unavailable"])
        if reason is None:
            out.errors.append("'unavailable' needs the reason as text")
        out.value = {"unavailable": reason}
        return out
    kind = item.type
    if kind == "text":
        out.value = _text(raw) if not isinstance(raw, (int, float)) else str(raw)
        if out.value is None:
            out.errors.append(f"expected text, got {raw!r}")
        elif item.words is not None and count_words(out.value) > item.words:
            out.warnings.append(
                f"{count_words(out.value)} words; the form recommends at most {item.words}"
            )
    elif kind in ("enum", "bracket"):
        out.value = _choice(item, raw)
        if out.value is None:
            out.errors.append(f"'{raw}' is not one of {', '.join(item.option_ids())}")
    elif kind == "multi":
        out.value = _multi(item, raw, out)
    elif kind == "bool":
        if isinstance(raw, bool):
            out.value = raw
        elif isinstance(raw, str) and raw.strip().lower() in ("yes", "no", "true", "false"):
            out.value = raw.strip().lower() in ("yes", "true")
        else:
            out.errors.append(f"expected yes or no, got {raw!r}")
    elif kind == "date":
        day = _date(raw)
        out.value = day.isoformat() if day else None
        if day is None:
            out.errors.append(f"'{raw}' is not a date (YYYY-MM-DD)")
    elif kind == "month":
        out.value = _month(raw)
        if out.value is None:
            out.errors.append(f"'{raw}' is not a month (YYYY-MM)")
    elif kind == "period":
        if isinstance(raw, Mapping) and set(raw) <= {"start", "end"} and "start" in raw:
            start, end = _month(raw.get("start")), _month(raw.get("end", raw.get("start")))
            if start is None or end is None:
                out.errors.append("start and end must be months (YYYY-MM)")
            elif end < start:
                out.errors.append(f"the period ends ({end}) before it starts ({start})")
            out.value = {"start": start, "end": end}
        else:
            out.errors.append("expected {start: YYYY-MM, end: YYYY-MM}")
    elif kind == "number":
        if parse_number(raw) is None:
            out.errors.append(f"'{raw}' is not a number")
        else:
            out.value = number_source(raw)
            _sigfig_check(item, raw, out)
    elif kind == "magnitude":
        value = parse_number(raw)
        if value is None or not is_power_of_ten(value):
            out.errors.append(f"'{raw}' is not a power of ten (write e.g. 1e25)")
        else:
            out.value = f"1e{round(math.log10(value))}"
    elif kind == "records":
        out.value = _records(item, raw, out)
    elif kind == "list":
        entries = [raw] if isinstance(raw, str) else raw
        if not isinstance(entries, (list, tuple)) or not all(_text(e) for e in entries):
            out.errors.append("expected a list of non-empty texts")
        else:
            out.value = [str(e).strip() for e in entries]
    elif kind == "map":
        if not isinstance(raw, Mapping) or not raw:
            out.errors.append("expected a mapping, e.g. {text: '128,000 tokens'}")
        elif item.ranges is not None:
            out.value = _sizes(item.ranges, raw, out)
        else:
            out.value = {str(k): str(v).strip() for k, v in raw.items()}
    elif kind == "url":
        out.value = _url(raw)
        if out.value is None:
            hint = " or N/A" if item.na else ""
            out.errors.append(f"'{raw}' is not an http(s) URL{hint}")
    return out

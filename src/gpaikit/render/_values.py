"""What an item's answer looks like on the page, in every format: tick boxes, lists, tables,
numbers with their units (:mod:`gpaikit._quantities`), dates, N/A and gaps."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gpaikit._quantities import date_text, magnitude_text, month_text, quantity_text
from gpaikit.forms import FilledForm, FilledItem, Item, RecordField, gate_of, item_status
from gpaikit.render._blocks import Content, Grid, Items, Text, Ticks

__all__ = ["NOT_ANSWERED", "OPTIONAL_GAP", "choice_label", "content", "key_label", "yes_no"]

NOT_ANSWERED = "Not answered."
OPTIONAL_GAP = "—"
"""An optional item left unanswered (published summaries leave such fields empty)."""
_NA = "N/A"


def yes_no(value: Any) -> str:
    return "Yes" if value is True else "No" if value is False else str(value)


def choice_label(item: Item, value: str) -> str:
    """The label of a stored choice (``other: x`` is shown as ``Other: x``)."""
    if value.startswith("other: "):
        return "Other: " + value[len("other: ") :]
    return item.option_label(value)


def key_label(form: FilledForm, item: Item, key: str) -> str:
    """A map key shown as the label of the choice it stands for (``images`` -> ``Images``)."""
    if item.keys_of:
        source = form.spec.item(item.keys_of)
        option = source.option(key.removeprefix("other: "))
        if option is not None:
            return option.label
    return key[:1].upper() + key[1:]


def _ticks(item: Item, value: Any) -> Ticks:
    chosen = [str(v) for v in (value if isinstance(value, list) else [value])]
    boxes = [(o.label, o.id in chosen) for o in item.options]
    others = [c[len("other: ") :] for c in chosen if c.startswith("other: ")]
    boxes += [(f"Other: {o}", True) for o in others]
    if item.other and not others:
        boxes.append(("Other", False))
    return Ticks(tuple(boxes))


def _cell(spec: RecordField, value: Any) -> str:
    if value is None:
        return ""
    if spec.type == "number":
        return quantity_text(value, spec.unit)
    if spec.type == "date":
        return date_text(value)
    if spec.type == "month":
        return month_text(value)
    return str(value)


def _gap(form: FilledForm, filled: FilledItem) -> tuple[Content, ...]:
    state = item_status(form, filled)
    if state == "missing":
        return (Text(NOT_ANSWERED, "missing"),)
    gate = gate_of(form, filled.item)
    cond = filled.item.required_when
    if gate is not None and cond is not None:
        labels = [f"“{form.spec.item(i).label}”" for i in cond.items()]
        answer = yes_no(gate[1])
        if len(labels) == 1:
            why = f"not applicable: the answer to {labels[0]} is {answer}"
        else:
            why = f"not applicable: the answers to {' and '.join(labels)} are {answer}"
        return (Text(_NA, "na"), Text(why, "muted"))
    if cond is not None and filled.item.required:
        label = form.spec.item(cond.item).label
        return (Text(f"No answer yet (depends on “{label}”).", "muted"),)
    return (Text(OPTIONAL_GAP, "muted"),)


def content(form: FilledForm, filled: FilledItem, *, ticks: bool = True) -> tuple[Content, ...]:
    """The answer of ``filled`` as content; ``ticks`` shows choices as the form's tick boxes
    (every option, the chosen ones ticked) instead of the chosen labels only."""
    item, value = filled.item, filled.value
    if item_status(form, filled) != "answered":
        return _gap(form, filled)
    if isinstance(value, Mapping) and set(value) == {"unavailable"}:
        return (Text(f"Information not available: {value['unavailable']}"),)
    if value == _NA:
        return (Text(_NA),)
    kind = item.type
    if kind == "bool":
        if ticks:
            return (Ticks((("Yes", value is True), ("No", value is False))),)
        return (Text(yes_no(value)),)
    if kind in ("enum", "bracket", "multi"):
        if ticks:
            return (_ticks(item, value),)
        chosen = value if isinstance(value, list) else [value]
        labels = tuple(choice_label(item, str(v)) for v in chosen)
        return (Items(labels),) if len(labels) > 1 else (Text(labels[0]),)
    if kind == "list":
        return (Items(tuple(str(v) for v in value)),)
    if kind == "map":
        return (Items(tuple(f"{key_label(form, item, k)}: {v}" for k, v in value.items())),)
    if kind == "period":
        return (Text(f"{month_text(value['start'])} to {month_text(value['end'])}"),)
    if kind == "records":
        headers = tuple(f.label for f in item.fields)
        rows = tuple(tuple(_cell(f, row.get(f.name)) for f in item.fields) for row in value)
        return (Grid(headers, rows),)
    if kind == "number":
        return (Text(quantity_text(value, item.unit)),)
    if kind == "magnitude":
        return (Text(magnitude_text(value, item.unit)),)
    if kind == "date":
        return (Text(date_text(value)),)
    if kind == "month":
        return (Text(month_text(value)),)
    return (Text(str(value)),)

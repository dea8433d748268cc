"""Where each item of a filled form stands, and how complete a view is.

An item is *answered*; or *missing* (required and unanswered); or *not applicable* (an earlier
answer made it irrelevant: the fields under a yes/no question answered no); or *optional*
(unanswered and not required, including fields whose yes/no question is still open).
Completeness counts required and optional items apart, so that a document with every required
item answered reads as complete however many optional items are left.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from gpaikit.forms._fill import FilledForm, FilledItem, _empty, is_required
from gpaikit.forms._spec import Item

__all__ = ["Completeness", "ItemStatus", "completeness", "gate_of", "is_required", "item_status"]

ItemStatus = Literal["answered", "missing", "not_applicable", "optional"]


def gate_of(form: FilledForm, item: Item) -> tuple[Item, Any] | None:
    """The earlier question whose answer makes ``item`` irrelevant, with that answer.

    ``None`` when ``item`` has no condition, when the condition holds, or when the question
    is still unanswered (then nothing is decided yet).
    """
    cond = item.required_when
    if cond is None:
        return None
    values = [form.value(i) for i in cond.items()]
    if any(v is None for v in values) or any(cond.holds(v) for v in values):
        return None
    return form.spec.item(cond.item), values[0]


def item_status(form: FilledForm, filled: FilledItem) -> ItemStatus:
    if not _empty(filled.value):
        return "answered"
    if gate_of(form, filled.item) is not None:
        return "not_applicable"
    return "missing" if is_required(form, filled.item) else "optional"


@dataclass(frozen=True)
class Completeness:
    """Counts over the items a recipient receives."""

    required: int
    required_answered: int
    optional: int
    optional_answered: int
    not_applicable: int

    @property
    def missing(self) -> int:
        return self.required - self.required_answered

    @property
    def complete(self) -> bool:
        return self.missing == 0

    def text(self) -> str:
        """E.g. ``all 31 required items answered; 4 of 12 optional items answered; 6 not
        applicable`` (or ``2 of 31 required items missing; ...``)."""
        if self.complete:
            head = f"all {self.required} required items answered"
        else:
            head = f"{self.missing} of {self.required} required items missing"
        parts = [head]
        if self.optional:
            parts.append(f"{self.optional_answered} of {self.optional} optional items answered")
        if self.not_applicable:
            parts.append(f"{self.not_applicable} not applicable")
        return "; ".join(parts)


def completeness(form: FilledForm, items: tuple[FilledItem, ...]) -> Completeness:
    """Completeness of ``items`` (a view's) of ``form``."""
    required = required_answered = optional = optional_answered = not_applicable = 0
    for filled in items:
        state = item_status(form, filled)
        if state == "not_applicable":
            not_applicable += 1
        elif is_required(form, filled.item):
            required += 1
            required_answered += state == "answered"
        else:
            optional += 1
            optional_answered += state == "answered"
    return Completeness(required, required_answered, optional, optional_answered, not_applicable)

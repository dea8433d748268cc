"""Layouts: how a form is laid out on the page, as data next to its spec.

A layout (``gpaikit/law/data/forms/layout/<form>.yaml``) names the official layout a form's
documents follow, in every format:

- ``recipient_table``: the Model Documentation Form's table, a row per item with a cross per
  recipient column;
- ``template``: the Commission's public-summary template, its numbered sections (1.1 ... 3.3),
  its questions as written and tick boxes, each row naming the items that answer it;
- ``sections`` (no layout file): a clean document, a heading per section and each item under
  its label (the copyright policy, the Safety & Security documents).

The layout holds no rule: which items exist, who receives them and what is required stays in
the spec. A template layout must place every item of its spec exactly once (checked on load).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gpaikit._exceptions import LawDataError
from gpaikit.forms._spec import FormSpec, Recipient, load_form
from gpaikit.law._yaml import YAMLError, load_packaged

__all__ = ["FormLayout", "LayoutPart", "LayoutRow", "load_layout"]

Style = Literal["recipient_table", "template", "sections"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LayoutRow(_Frozen):
    """One question of a template and the items that answer it (in the order shown)."""

    items: tuple[str, ...] = Field(min_length=1)
    question: str
    help: str = ""
    kind: Literal["field", "modalities"] = "field"


class LayoutPart(_Frozen):
    """A numbered part of a template (``1.3``), with its rows and sub-parts (``2.2.1``)."""

    number: str | None = None
    title: str
    optional: bool = Field(
        default=False, description="shown only when one of its items is answered other than no"
    )
    rows: tuple[LayoutRow, ...] = ()
    parts: tuple[LayoutPart, ...] = ()

    def walk(self) -> Iterator[LayoutRow]:
        yield from self.rows
        for part in self.parts:
            yield from part.walk()


class FormLayout(_Frozen):
    form: str
    style: Style = "sections"
    citation: str = ""
    unconfirmed: str | None = None
    columns: tuple[Recipient, ...] = ()
    parts: tuple[LayoutPart, ...] = ()

    def rows(self) -> Iterator[LayoutRow]:
        for part in self.parts:
            yield from part.walk()

    def check(self, spec: FormSpec) -> None:
        """A template places every item of ``spec`` exactly once and names no other."""
        if self.style != "template":
            return
        placed = [i for row in self.rows() for i in row.items]
        known = set(spec.item_ids())
        unknown = sorted(set(placed) - known)
        twice = sorted({i for i in placed if placed.count(i) > 1})
        missing = [i for i in spec.item_ids() if i not in placed]
        if unknown or twice or missing:
            raise ValueError(
                f"layout of {spec.id}: unknown items {unknown}, placed twice {twice}, "
                f"not placed {missing}"
            )


@cache
def load_layout(form_id: str) -> FormLayout:
    """The layout of form ``form_id`` (``sections`` when the form has no layout file)."""
    spec = load_form(form_id)
    entry = resources.files("gpaikit.law").joinpath("data", "forms", "layout", f"{form_id}.yaml")
    if not entry.is_file():
        return FormLayout(form=form_id)
    name = f"forms/layout/{form_id}.yaml"
    try:
        raw = load_packaged(entry.read_text(encoding="utf-8"))
        layout = FormLayout.model_validate(raw)
        if layout.form != form_id:
            raise ValueError(f"names form '{layout.form}'")
        layout.check(spec)
    except (YAMLError, ValidationError, ValueError) as exc:
        raise LawDataError(f"{name}: invalid layout: {exc}") from exc
    return layout

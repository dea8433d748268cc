"""Form specifications: sections and items with stable IDs, types, recipients and conditions.

A spec is legal data (``gpaikit/law/data/forms/*.yaml``); this module only describes its shape
and loads it. Behaviour (filling, validation, views) lives in the other modules of the package.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from gpaikit._exceptions import LawDataError
from gpaikit.law._yaml import YAMLError, load_packaged

__all__ = [
    "ITEM_TYPES",
    "RECIPIENTS",
    "Condition",
    "FormSpec",
    "Item",
    "Option",
    "Recipient",
    "RecordField",
    "Section",
    "load_form",
    "load_forms",
]

Recipient = Literal["ai_office", "national_authority", "downstream_provider", "public"]
RECIPIENTS: tuple[Recipient, ...] = (
    "ai_office",
    "national_authority",
    "downstream_provider",
    "public",
)
ItemType = Literal[
    "text",
    "enum",
    "multi",
    "bool",
    "date",
    "month",
    "period",
    "number",
    "magnitude",
    "bracket",
    "records",
    "list",
    "map",
    "url",
]
ITEM_TYPES: tuple[str, ...] = ItemType.__args__  # type: ignore[attr-defined]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Option(_Frozen):
    """A choice of an enum, multi-select or bracket. Brackets give ``low <= x < high``.

    ``aliases`` are other spellings a provider may write for the same choice (``image`` for
    the MDF's ``images``, ``licensed_data`` for its private third-party datasets); they are
    read as the option, never shown.
    """

    id: str
    label: str
    low: float | None = None
    high: float | None = None
    aliases: tuple[str, ...] = ()

    def matches(self, text: str) -> bool:
        wanted = text.strip().lower()
        return wanted in (self.id.lower(), self.label.lower(), *(a.lower() for a in self.aliases))


class RecordField(_Frozen):
    """One column of a list-of-records item."""

    name: str
    label: str
    type: Literal["text", "url", "date", "month", "number"] = "text"
    optional: bool = False
    unit: str | None = Field(default=None, description="number: the unit its value is in")


class Condition(_Frozen):
    """``item`` (or any of ``also``) equals ``equals``, or (multi-select) contains ``contains``."""

    item: str
    equals: Any = None
    contains: str | None = None
    also: tuple[str, ...] = ()

    def items(self) -> tuple[str, ...]:
        return (self.item, *self.also)

    def holds(self, value: Any) -> bool:
        if self.contains is not None:
            return isinstance(value, (list, tuple)) and any(
                str(v).lower().startswith(self.contains.lower()) for v in value
            )
        return bool(value == self.equals)


class Item(_Frozen):
    """One question of a form."""

    id: str = Field(pattern=r"^[A-Z]+(\.[A-Za-z0-9_]+)+$")
    label: str
    help: str = ""
    type: ItemType
    recipients: tuple[Recipient, ...] = Field(min_length=1)
    citation: str
    confidence: str = "F"
    unconfirmed: str | None = Field(default=None, description="what is unconfirmed, and why")
    required: bool = True
    required_when: Condition | None = None
    derived_from: str | None = None
    words: int | None = Field(default=None, gt=0, description="recommended maximum word count")
    options: tuple[Option, ...] = ()
    other: bool = Field(default=False, description="multi-select: free 'Other (specify)' entries")
    na: bool = Field(default=False, description="the literal 'N/A' is an accepted answer")
    min_sigfigs: int | None = Field(default=None, ge=1)
    unit: str | None = Field(
        default=None, description="number or magnitude: the unit the form asks the value in"
    )
    ranges: str | None = Field(
        default=None,
        description="map: each value is one of the catalog's size ranges under this prefix "
        "for its key (e.g. TPL.size), or an approximate size in another unit",
    )
    or_item: str | None = Field(
        default=None, description="the requirement is also met when this other item is answered"
    )
    fields: tuple[RecordField, ...] = ()
    bracket_of: str | None = Field(default=None, description="bracket: the exact number item")
    magnitude_of: str | None = Field(default=None, description="magnitude: the precise item")
    band_of: str | None = Field(default=None, description="enum of day bands: the days item")
    keys_of: str | None = Field(
        default=None, description="map: needs one key per choice ticked in this multi-select"
    )
    subset_of: str | None = Field(
        default=None, description="multi: choices should also be ticked there (warning)"
    )
    na_requires: str | None = Field(
        default=None, description="'N/A' is accepted only when this item explains it"
    )
    not_before: str | None = Field(
        default=None, description="date: should not be before this date item (warning)"
    )

    @model_validator(mode="after")
    def _shape(self) -> Item:
        if self.type in ("enum", "multi", "bracket") and not self.options:
            raise ValueError(f"{self.id}: a {self.type} item needs options")
        if self.type == "bracket" and any(o.low is None and o.high is None for o in self.options):
            raise ValueError(f"{self.id}: every bracket option needs low and/or high")
        if self.type == "records" and not self.fields:
            raise ValueError(f"{self.id}: a records item needs fields")
        if self.required_when is not None and not self.required:
            raise ValueError(f"{self.id}: required_when makes no sense with required: false")
        if self.or_item is not None and not self.required:
            raise ValueError(f"{self.id}: or_item makes no sense with required: false")
        if self.ranges is not None and self.type != "map":
            raise ValueError(f"{self.id}: ranges apply to a map item only")
        if self.unit is not None and self.type not in ("number", "magnitude"):
            raise ValueError(f"{self.id}: a unit applies to a number or magnitude item only")
        names = [n for o in self.options for n in {x.lower() for x in (o.id, o.label, *o.aliases)}]
        clash = sorted({n for n in names if names.count(n) > 1})
        if clash:
            raise ValueError(f"{self.id}: option names {clash} name more than one option")
        return self

    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    def option(self, text: str) -> Option | None:
        """The option ``text`` names (its ID, label or an alias; case-insensitive)."""
        return next((o for o in self.options if o.matches(text)), None)

    def option_label(self, option_id: str) -> str:
        for option in self.options:
            if option.id == option_id:
                return option.label
        return option_id


class Section(_Frozen):
    id: str
    title: str
    help: str = ""
    items: tuple[Item, ...] = Field(min_length=1)


class FormSpec(_Frozen):
    """A whole form: what it is, where it comes from, its sections and items."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    short: str
    citation: str
    description: str
    source: str
    recipients: tuple[Recipient, ...]
    allow_unavailable: bool = Field(
        default=False, description="items may be answered {unavailable: reason} (legacy models)"
    )
    systemic_risk_only: bool = Field(
        default=False, description="owed only for models with systemic risk (Art. 55)"
    )
    per: Literal["model", "incident"] = Field(
        default="model", description="filled once per model, or once per serious incident"
    )
    sections: tuple[Section, ...] = Field(min_length=1)

    def items(self) -> Iterator[Item]:
        for section in self.sections:
            yield from section.items

    def item(self, item_id: str) -> Item:
        for item in self.items():
            if item.id == item_id:
                return item
        raise KeyError(f"{self.id}: no item '{item_id}'")

    def item_ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.items())

    @model_validator(mode="after")
    def _references(self) -> FormSpec:
        ids = [i.id for s in self.sections for i in s.items]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate item IDs: {', '.join(dupes)}")
        known = set(ids)
        for item in self.items():
            refs = [
                item.bracket_of,
                item.magnitude_of,
                item.band_of,
                item.keys_of,
                item.subset_of,
                item.na_requires,
                item.not_before,
                item.or_item,
            ]
            if item.required_when is not None:
                refs.extend(item.required_when.items())
            for ref in refs:
                if ref is not None and ref not in known:
                    raise ValueError(f"{item.id} refers to unknown item '{ref}'")
            extra = set(item.recipients) - set(self.recipients)
            if extra:
                raise ValueError(f"{item.id}: recipients {sorted(extra)} not in the form's list")
        return self


def _read(name: str, text: str) -> FormSpec:
    try:
        raw = load_packaged(text)
    except YAMLError as exc:
        raise LawDataError(f"forms/{name}: cannot read form spec: {exc}") from exc
    try:
        return FormSpec.model_validate(raw)
    except ValidationError as exc:
        raise LawDataError(f"forms/{name}: invalid form spec:\n{exc}") from exc


@lru_cache(maxsize=1)
def load_forms() -> tuple[FormSpec, ...]:
    """Every form spec shipped in ``gpaikit/law/data/forms``, in file-name order."""
    folder = resources.files("gpaikit.law").joinpath("data", "forms")
    specs: list[FormSpec] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            specs.append(_read(entry.name, entry.read_text(encoding="utf-8")))
    ids = [s.id for s in specs]
    if len(ids) != len(set(ids)):
        raise LawDataError(f"forms: duplicate form IDs in {ids}")
    seen: dict[str, str] = {}
    for spec in specs:
        for item_id in spec.item_ids():
            if item_id in seen:
                raise LawDataError(f"item {item_id} appears in {seen[item_id]} and {spec.id}")
            seen[item_id] = spec.id
    return tuple(specs)


def load_form(form_id: str) -> FormSpec:
    """One form spec by ID (``mdf``, ``training_summary``, ``copyright_policy``)."""
    for spec in load_forms():
        if spec.id == form_id:
            return spec
    known = ", ".join(s.id for s in load_forms())
    raise KeyError(f"no form '{form_id}' (known: {known})")

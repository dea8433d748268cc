"""JSON Schema (draft 2020-12) of a form's JSON export, generated from its spec."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gpaikit.forms._spec import FormSpec, Item, Recipient

__all__ = ["answer_schemas", "json_schema"]

_MONTH = {"type": "string", "pattern": r"^\d{4}-\d{2}$"}


def _field_schema(kind: str) -> dict[str, Any]:
    if kind == "url":
        return {"type": "string", "format": "uri"}
    if kind == "date":
        return {"type": "string", "format": "date"}
    if kind == "month":
        return dict(_MONTH)
    return {"type": "string"}


def _value_schema(item: Item, allow_unavailable: bool) -> dict[str, Any]:
    kind = item.type
    schema: dict[str, Any]
    if kind in ("text", "number"):
        schema = {"type": "string"}
    elif kind == "magnitude":
        schema = {"type": "string", "pattern": r"^1e-?\d+$"}
    elif kind in ("enum", "bracket"):
        schema = {"enum": list(item.option_ids())}
    elif kind == "multi":
        entry: dict[str, Any] = {"enum": list(item.option_ids())}
        if item.other:
            entry = {"anyOf": [entry, {"type": "string", "pattern": "^other: .+"}]}
        schema = {"type": "array", "items": entry, "minItems": 1}
    elif kind == "bool":
        schema = {"type": "boolean"}
    elif kind == "date":
        schema = {"type": "string", "format": "date"}
    elif kind == "month":
        schema = dict(_MONTH)
    elif kind == "period":
        schema = {
            "type": "object",
            "properties": {"start": _MONTH, "end": _MONTH},
            "required": ["start", "end"],
            "additionalProperties": False,
        }
    elif kind == "records":
        schema = {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {f.name: _field_schema(f.type) for f in item.fields},
                "required": [f.name for f in item.fields if not f.optional],
                "additionalProperties": False,
            },
        }
    elif kind == "list":
        schema = {"type": "array", "items": {"type": "string", "minLength": 1}}
    elif kind == "map":
        schema = {"type": "object", "additionalProperties": {"type": "string"}}
    else:  # url
        schema = {"type": "string", "format": "uri"}
    options: list[dict[str, Any]] = [schema, {"type": "null"}]
    if item.na:
        options.append({"const": "N/A"})
    if allow_unavailable:
        options.append(
            {
                "type": "object",
                "properties": {"unavailable": {"type": "string"}},
                "required": ["unavailable"],
                "additionalProperties": False,
            }
        )
    return {"anyOf": options}


def json_schema(spec: FormSpec, recipient: Recipient | None = None) -> dict[str, Any]:
    """The schema of :meth:`FormView.to_json` for ``recipient`` (all items when ``None``)."""
    items = [i for i in spec.items() if recipient is None or recipient in i.recipients]
    properties = {
        i.id: {
            "type": "object",
            "title": i.label,
            "description": f"{i.help} [{i.citation}]".strip(),
            "properties": {
                "label": {"type": "string"},
                "value": _value_schema(i, spec.allow_unavailable),
                "source": {"enum": ["answer", "derived", "proposed", "unset"]},
                **({"unit": {"const": i.unit}} if i.unit else {}),
            },
            "required": ["label", "value", "source", *(["unit"] if i.unit else [])],
            "additionalProperties": False,
        }
        for i in items
    }
    suffix = f"-{recipient}" if recipient else ""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://gpaikit.dev/schemas/{spec.id}{suffix}.schema.json",
        "title": spec.title + (f" ({recipient})" if recipient else ""),
        "type": "object",
        "properties": {
            "form": {"const": spec.id},
            "title": {"type": "string"},
            "model": {"type": "string"},
            "recipient": {"enum": list(spec.recipients)},
            "confidentiality": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "document": {"type": "object"},
            "items": {
                "type": "object",
                "properties": properties,
                "required": [i.id for i in items],
                "additionalProperties": False,
            },
        },
        "required": ["form", "title", "model", "recipient", "document", "items"],
        "additionalProperties": False,
    }


_ANY_NUMBER = {"anyOf": [{"type": "number"}, {"type": "string"}]}
_BOOL = {"anyOf": [{"type": "boolean"}, {"enum": ["yes", "no", "true", "false"]}]}


def _answer_value(item: Item) -> dict[str, Any]:
    """What a typed answer may look like (looser than the export: labels, yes/no, numbers)."""
    kind = item.type
    choices = [*item.option_ids(), *(o.label for o in item.options)]
    if kind in ("enum", "bracket"):
        return {"enum": choices}
    if kind == "multi":
        entry: dict[str, Any] = {"enum": choices}
        if item.other:
            entry = {"anyOf": [entry, {"type": "string", "pattern": "^[Oo]ther: .+"}]}
        return {"anyOf": [{"type": "array", "items": entry, "minItems": 1}, entry]}
    if kind == "bool":
        return dict(_BOOL)
    if kind in ("number", "magnitude"):
        return dict(_ANY_NUMBER)
    if kind == "records":
        fields = {f.name: (_ANY_NUMBER if f.type == "number" else {}) for f in item.fields}
        return {
            "type": "array",
            "items": {
                "type": "object",
                "properties": fields,
                "required": [f.name for f in item.fields if not f.optional],
                "additionalProperties": False,
            },
        }
    if kind == "list":
        return {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]}
    if kind == "map":
        return {"type": "object", "additionalProperties": {"type": "string"}}
    if kind == "period":
        return {
            "type": "object",
            "properties": {"start": {"type": "string"}, "end": {"type": "string"}},
            "required": ["start"],
            "additionalProperties": False,
        }
    return {"type": "string"}


def answer_schemas(specs: Iterable[FormSpec]) -> dict[str, dict[str, Any]]:
    """Item ID -> the JSON Schema of an answer under ``models[].answers`` in gpaikit.yaml."""
    found: dict[str, dict[str, Any]] = {}
    for spec in specs:
        for item in spec.items():
            options: list[dict[str, Any]] = [_answer_value(item)]
            if item.na:
                options.append({"enum": ["N/A", "NA"]})
            if spec.allow_unavailable:
                options.append(
                    {
                        "type": "object",
                        "properties": {"unavailable": {"type": "string"}},
                        "required": ["unavailable"],
                        "additionalProperties": False,
                    }
                )
            derived = (
                f" Derived by gpaikit ({item.derived_from}) unless answered."
                if item.derived_from
                else ""
            )
            found[item.id] = {
                "description": f"{spec.short}: {item.label}. {item.help}".strip()
                + f" [{item.citation}]{derived}",
                **({"anyOf": options} if len(options) > 1 else options[0]),
            }
    return found

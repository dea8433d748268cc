"""docs/workspace.md: the reference of gpaikit.yaml, rendered from its JSON Schema.

The schema is generated from the workspace models and their field docs
(:func:`gpaikit.workspace.workspace_json_schema`), so this page, the editor's completion and the
loader's errors all come from one source; a test fails when the page is stale.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from gpaikit.forms import FormSpec, answer_example
from gpaikit.forms._shapes import DECLARE_INSTEAD

__all__ = ["workspace_markdown"]

_PATHS = {"Workspace": "(top level)"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _ref(schema: Mapping[str, Any]) -> str | None:
    ref = schema.get("$ref")
    return str(ref).rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _type(schema: Mapping[str, Any]) -> str:
    """A short, readable type: ``date``, ``list of TrainingRun``, ``a | b``, ``number``."""
    ref = _ref(schema)
    if ref:
        return f"[{ref}](#{ref.lower()})"
    if "enum" in schema:
        return " \\| ".join(f"`{v}`" for v in schema["enum"])
    if "const" in schema:
        return f"`{schema['const']}`"
    if "anyOf" in schema:
        parts = [_type(s) for s in schema["anyOf"] if s.get("type") != "null"]
        nullable = any(s.get("type") == "null" for s in schema["anyOf"])
        return " or ".join(dict.fromkeys(parts)) + (" (optional)" if nullable else "")
    kind = schema.get("type")
    if kind == "array":
        return f"list of {_type(schema.get('items', {}))}"
    if kind == "object":
        values = schema.get("additionalProperties")
        keys = schema.get("propertyNames", {}).get("enum")
        key = "ID" if keys else "key"
        if isinstance(values, Mapping):
            return f"mapping of {key} to {_type(values)}"
        return "mapping"
    if kind == "string" and schema.get("format") == "date":
        return "date (YYYY-MM-DD)"
    if kind == "string" and "pattern" in schema:
        return f"text matching `{schema['pattern']}`"
    return str(kind or "any")


def _default(prop: Mapping[str, Any], required: bool) -> str:
    if required:
        return "**required**"
    if "default" not in prop:
        return "empty"
    value = prop["default"]
    if value is None:
        return "unknown"
    if value in ({}, []):
        return "empty"
    return f"`{_flow(value)}`"


def _flow(value: Any) -> str:
    """A value as it would be written in gpaikit.yaml (flow style, numbers like 7.2e9)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = f"{value:g}" if abs(value) < 1e6 else f"{value:.3g}"
        return text.replace("e+0", "e").replace("e+", "e")
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if value is None:
        return "null"
    text = str(value)
    return json.dumps(text, ensure_ascii=False) if any(c in text for c in ",:{}[]#") else text


def _example(prop: Mapping[str, Any]) -> str:
    examples = prop.get("examples")
    if not examples:
        return ""
    return f"`{_flow(examples[0])}`"


def _order(schema: Mapping[str, Any]) -> list[str]:
    """Definitions in the order a reader meets them, from the top of the file down."""
    defs = schema.get("$defs", {})
    seen: list[str] = []
    queue = ["Workspace"]
    while queue:
        name = queue.pop(0)
        if name in seen:
            continue
        seen.append(name)
        node = schema if name == "Workspace" else defs.get(name, {})
        for prop in node.get("properties", {}).values():
            for ref in _refs(prop):
                if ref not in seen:
                    queue.append(ref)
    return seen + [n for n in defs if n not in seen]


def _refs(schema: Any) -> list[str]:
    if isinstance(schema, Mapping):
        found = [_ref(schema)] if _ref(schema) else []
        for value in schema.values():
            found += _refs(value)
        return [f for f in found if f]
    if isinstance(schema, list):
        return [r for s in schema for r in _refs(s)]
    return []


def _section(name: str, node: Mapping[str, Any]) -> list[str]:
    lines = [f"## {name}", ""]
    if node.get("description") and name != "Workspace":
        lines += [" ".join(str(node["description"]).split()), ""]
    lines += [
        "| Key | Type | Default | Meaning | Example | Relates to |",
        "|---|---|---|---|---|---|",
    ]
    required = set(node.get("required", []))
    for key, prop in node.get("properties", {}).items():
        cites = ", ".join(f"`{c}`" for c in prop.get("x-cite", []))
        meaning = _cell(str(prop.get("description", "")))
        if prop.get("deprecated"):
            meaning = f"*Deprecated.* {meaning}"
        lines.append(
            f"| `{key}` | {_type(prop)} | {_default(prop, key in required)} | {meaning} | "
            f"{_cell(_example(prop))} "
            f"| {cites} |"
        )
    return [*lines, ""]


def _declare(name: str | None) -> str:
    if not name:
        return ""
    matches = [p for p in DECLARE_INSTEAD if name.startswith(p)]
    hint = DECLARE_INSTEAD[max(matches, key=len)] if matches else ""
    return f"`{name}`: {hint}" if hint else f"`{name}`"


def _answers(specs: Sequence[FormSpec]) -> list[str]:
    lines = [
        "## Answers to document items (`models[].answers`)",
        "",
        "Each document item has a stable ID. An answer under `answers` always wins; items with",
        "a derivation are filled by gpaikit from the facts, artefacts or computations named in",
        "the last column, so they need no answer. `gpaikit docs validate --stats` shows where",
        "each item came from. Numbers that need significant figures are written as quoted",
        'strings (`"7.30e10"`); a choice not listed is written `other: <name>`.',
        "",
    ]
    for spec in specs:
        lines += [
            f"### {spec.title} (`{spec.id}`)",
            "",
            "| Item | Question | Example answer | Derived from (what to give gpaikit instead) |",
            "|---|---|---|---|",
        ]
        for item in spec.items():
            label = item.label + ("" if item.required else " *(optional)*")
            example = answer_example(item, spec).split(": ", 1)[1]
            lines.append(
                f"| `{item.id}` | {_cell(label)} | `{_cell(example)}` | "
                f"{_cell(_declare(item.derived_from))} |"
            )
        lines.append("")
    return lines


def workspace_markdown(schema: Mapping[str, Any], specs: Sequence[FormSpec]) -> str:
    """The reference page of gpaikit.yaml from its schema and the form specs."""
    lines = [
        "# The workspace: gpaikit.yaml",
        "",
        "Generated by `make docs` from the workspace models and `src/gpaikit/workspace/"
        "fields.yaml`; a test fails when it is stale. The same source gives the JSON Schema",
        "(`gpaikit schema workspace`), which `gpaikit init` writes beside gpaikit.yaml as",
        "`gpaikit.schema.json` and names in its first line, so editors with a YAML language",
        "server complete and check every key. An unknown key is an error that lists the valid",
        "keys at its place. *Relates to* names catalog entries (`gpaikit law show ID`) and",
        "document items (`gpaikit docs list`).",
        "",
    ]
    defs = schema.get("$defs", {})
    for name in _order(schema):
        node = schema if name == "Workspace" else defs[name]
        lines += _section(name, node)
    lines += _answers(specs)
    return "\n".join(lines).rstrip("\n") + "\n"

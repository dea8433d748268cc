"""Per-recipient views: every item marked for a recipient is there, nothing else leaks."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from gpaikit.forms import RECIPIENTS, FilledForm, json_schema, load_form, load_forms, view
from gpaikit.render import form_html, form_markdown, model_card_markdown

FillFn = Callable[..., FilledForm]


def _sentinels(form_id: str) -> str:
    spec = load_form(form_id)
    return "\n".join(
        f'"{i.id}": "sentinel {i.id.replace(".", "_")}"' for i in spec.items() if i.type == "text"
    )


@pytest.mark.parametrize("form_id", [s.id for s in load_forms()])
def test_no_item_leaks_into_a_view_it_is_not_marked_for(filled: FillFn, form_id: str) -> None:
    form = filled(form_id, _sentinels(form_id))
    spec = form.spec
    for recipient in RECIPIENTS:
        v = view(form, recipient)
        marked = {i.id for i in spec.items() if recipient in i.recipients}
        assert {f.item.id for f in v.items} == marked
        if recipient not in spec.recipients:
            assert not marked
            continue
        outputs = [form_markdown(v), form_html(v), json.dumps(v.to_json())]
        if recipient == "downstream_provider":
            outputs.append(model_card_markdown(v))
        for item in spec.items():
            sentinel = f"sentinel {item.id.replace('.', '_')}"
            for text in outputs:
                if item.type == "text" and item.derived_from is None:
                    assert (sentinel in text) == (item.id in marked), (recipient, item.id)
                if item.id not in marked:
                    assert f"({item.id})" not in text and f'"{item.id}"' not in text


def test_precision_per_recipient_for_compute(filled: FillFn) -> None:
    form = filled("mdf")
    aio = json.dumps(view(form, "ai_office").to_json())
    nca = json.dumps(view(form, "national_authority").to_json())
    dp = json.dumps(view(form, "downstream_provider").to_json())
    assert "2.4e24" in aio and "2.4e24" not in nca and "2.4e24" not in dp
    assert '"1e24"' in nca and '"1e24"' not in aio
    # the exact parameter count: AI Office and (Annex XII 1(f)) downstream providers; national
    # authorities get the size range
    assert "7.3e10" in aio and "7.3e10" not in nca and "7.3e10" in dp
    assert '"50b_100b"' in nca


def test_unknown_recipient_is_rejected(filled: FillFn) -> None:
    with pytest.raises(ValueError, match="unknown recipient"):
        view(filled("mdf"), "journalist")  # type: ignore[arg-type]


def _validate(schema: dict, value: object, path: str = "$") -> list[str]:  # type: ignore[type-arg]
    """A small validator for the JSON Schema subset the generator emits."""
    errors: list[str] = []
    if "anyOf" in schema:
        if all(_validate(s, value, path) for s in schema["anyOf"]):
            errors.append(f"{path}: matches no alternative")
        return errors
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: != const")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in enum")
    kind = schema.get("type")
    types = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
    if kind and not isinstance(value, types[kind]):
        return [f"{path}: not {kind}"]
    if kind == "string" and "pattern" in schema:
        import re

        if not re.search(schema["pattern"], value):  # type: ignore[arg-type]
            errors.append(f"{path}: pattern")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{path}.{key}: required")
        for key, sub in value.items():
            if key in props:
                errors += _validate(props[key], sub, f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{path}.{key}: not allowed")
            elif isinstance(schema.get("additionalProperties"), dict):
                errors += _validate(schema["additionalProperties"], sub, f"{path}.{key}")
    if isinstance(value, list) and "items" in schema:
        for n, sub in enumerate(value):
            errors += _validate(schema["items"], sub, f"{path}[{n}]")
    return errors


@pytest.mark.parametrize("form_id", [s.id for s in load_forms()])
def test_json_exports_validate_against_their_generated_schema(filled: FillFn, form_id: str) -> None:
    form = filled(form_id, _sentinels(form_id))
    for recipient in form.spec.recipients:
        schema = json_schema(form.spec, recipient)
        assert _validate(schema, view(form, recipient).to_json({"version": 1})) == []
    broken = view(form, form.spec.recipients[0]).to_json()
    broken["items"]["SMUGGLED.ITEM"] = {"label": "x", "value": "y", "source": "answer"}
    assert _validate(json_schema(form.spec, form.spec.recipients[0]), broken)

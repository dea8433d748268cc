"""The JSON Schema of gpaikit.yaml, generated from the workspace models and their field docs.

One source: the pydantic models say which keys exist and their types and defaults;
``fields.yaml`` says what each key means, gives an example and the IDs it relates to (catalog
entries, form items). Editors complete and check keys with it (``# yaml-language-server:
$schema=...`` in gpaikit.yaml); docs/workspace.md is rendered from it.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

from ruamel.yaml import YAML

from gpaikit.law import Catalog, Measure, Obligation, load_catalog
from gpaikit.workspace._model import LEGACY_THRESHOLD_KEY, Workspace

__all__ = ["SCHEMA_ID", "field_docs", "workspace_json_schema"]

SCHEMA_ID = "https://gpaikit.dev/schemas/workspace-1.schema.json"


@lru_cache(maxsize=1)
def field_docs() -> dict[str, dict[str, dict[str, Any]]]:
    """``fields.yaml``: class name -> field -> {description, example, cite}."""
    text = (resources.files("gpaikit.workspace") / "fields.yaml").read_text(encoding="utf-8")
    loaded = YAML(typ="safe", pure=True).load(text)
    return {str(k): dict(v) for k, v in loaded.items()}


def _plain(value: Any) -> Any:
    """YAML dates and other scalars as JSON values (examples are shown, not validated)."""
    return json.loads(json.dumps(value, default=str))


def _document(definition: dict[str, Any], docs: Mapping[str, Mapping[str, Any]]) -> None:
    for name, prop in definition.get("properties", {}).items():
        doc = docs.get(name)
        if not doc:
            continue
        prop["description"] = str(doc["description"])
        if "example" in doc:
            prop["examples"] = [_plain(doc["example"])]
        if doc.get("cite"):
            prop["x-cite"] = list(doc["cite"])
        prop.pop("title", None)


def workspace_json_schema(
    *,
    answers: Mapping[str, Mapping[str, Any]] | None = None,
    forms: Sequence[str] = (),
    catalog: Catalog | None = None,
) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of gpaikit.yaml.

    ``answers`` maps each form item ID to the schema of its answer (from
    :func:`gpaikit.forms.answer_schemas`), so that editors complete item IDs under
    ``answers:``; ``forms`` are the form IDs a model's ``published`` may name. Obligation and
    measure IDs come from the legal catalog.
    """
    catalog = catalog or load_catalog()
    schema = copy.deepcopy(Workspace.model_json_schema(mode="validation"))
    schema["properties"].pop("root", None)
    docs = field_docs()
    _document(schema, docs["Workspace"])
    defs: dict[str, Any] = schema.get("$defs", {})
    for name, definition in defs.items():
        if name in docs:
            _document(definition, docs[name])
    model = defs["Model"]["properties"]
    model["compliance"]["propertyNames"] = {"enum": [o.id for o in catalog.of_kind(Obligation)]}
    model["measures"]["propertyNames"] = {"enum": [m.id for m in catalog.of_kind(Measure)]}
    if forms:
        model["published"]["propertyNames"] = {"enum": list(forms)}
    if answers is not None:
        model["answers"] = {
            **{k: v for k, v in model["answers"].items() if k in ("description", "examples")},
            "type": "object",
            "properties": {k: dict(v) for k, v in answers.items()},
            "additionalProperties": False,
        }
    risk = defs.get("SystemicRiskStatus", {}).get("properties", {})
    risk[LEGACY_THRESHOLD_KEY] = {
        "anyOf": [{"type": "string", "format": "date"}, {"type": "null"}],
        "deprecated": True,
        "description": "Schema 1 key, read as threshold_exceeded_on; rename it.",
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "gpaikit workspace (gpaikit.yaml)",
        **{k: v for k, v in schema.items() if k != "title"},
    }

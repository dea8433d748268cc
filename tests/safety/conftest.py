"""Small systemic-risk workspaces built in code, for the safety engine's tests."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from safety_helpers import MakeWs

from gpaikit.law import Catalog, load_catalog
from gpaikit.workspace import Workspace, load_workspace

BASE: dict[str, Any] = {
    "schema_version": 1,
    "provider": {
        "legal_name": "Test Lab SA",
        "country": "FR",
        "code_of_practice": {"safety_security": "signed"},
    },
    "models": [
        {
            "name": "m",
            "eu_placement_date": "2026-06-15",
            "modalities": {"input": ["text"], "output": ["text"]},
            "training_compute_flop": 3e25,
            "systemic_risk": {"threshold_met_on": "2026-01-05", "notified_on": "2026-01-12"},
        }
    ],
}


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


@pytest.fixture
def make_ws(tmp_path: Path) -> MakeWs:
    """``make_ws(model={...}, safety={...}, provider={...})`` -> a loaded workspace."""

    def make(
        model: dict[str, Any] | None = None,
        safety: dict[str, Any] | None = None,
        provider: dict[str, Any] | None = None,
        extra_models: list[dict[str, Any]] | None = None,
    ) -> Workspace:
        data = copy.deepcopy(BASE)
        data["models"][0] = merge(data["models"][0], model or {})
        data["models"].extend(extra_models or [])
        if provider:
            data["provider"] = merge(data["provider"], provider)
        if safety is not None:
            data["safety_security"] = safety
        (tmp_path / "gpaikit.yaml").write_text(json.dumps(data, default=str), encoding="utf-8")
        return load_workspace(tmp_path)

    return make


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()

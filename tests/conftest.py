"""Shared fixtures: the packaged catalog and a builder for workspaces from plain dicts."""

from __future__ import annotations

import copy
import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gpaikit.law import Catalog, load_catalog
from gpaikit.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (REPO / "examples").iterdir() if (p / "gpaikit.yaml").exists())
AS_OF = dt.date(2026, 11, 28)

BASE_PROVIDER: dict[str, Any] = {"legal_name": "Test Provider SA", "country": "FR"}
BASE_MODEL: dict[str, Any] = {
    "name": "m",
    "eu_placement_date": dt.date(2025, 9, 1),
    "modalities": {"input": ["text"], "output": ["text"]},
    "training_compute_flop": 5e23,
}


def _merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        elif value is _DROP:
            out.pop(key, None)
        else:
            out[key] = value
    return out


_DROP = object()


@pytest.fixture
def drop() -> object:
    """Marker value that removes a key from the base model or provider."""
    return _DROP


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


WorkspaceFactory = Callable[..., Workspace]


@pytest.fixture
def make_workspace() -> WorkspaceFactory:
    """Build a workspace: ``make_workspace(model={...}, provider={...})`` merges into defaults."""

    def build(
        model: dict[str, Any] | None = None, provider: dict[str, Any] | None = None
    ) -> Workspace:
        return Workspace.model_validate(
            {
                "provider": _merge(BASE_PROVIDER, provider or {}),
                "models": [_merge(BASE_MODEL, model or {})],
            }
        )

    return build


@pytest.fixture
def repo_root() -> Path:
    return REPO


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With ``GPAIKIT_NO_SKIPS=1`` (``make test``, hence CI) a skipped test fails the run: the
    project's own setup installs every part the tests use, so a skip means a missing install
    step, which must not pass as green."""
    if os.environ.get("GPAIKIT_NO_SKIPS") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if skipped and exitstatus == 0:
        reasons = sorted(
            {str(r.longrepr[-1]) if isinstance(r.longrepr, tuple) else "" for r in skipped}
        )
        reporter.write_line(
            f"GPAIKIT_NO_SKIPS=1: {len(skipped)} test(s) skipped ({'; '.join(reasons)[:500]})",
            red=True,
        )
        session.exitstatus = 1

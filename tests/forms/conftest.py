"""Fixtures for the forms tests: workspaces written to disk (so errors carry file and line)."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gpaikit.forms import FilledForm, FormContext, fill, load_form
from gpaikit.law import load_catalog
from gpaikit.workspace import Workspace, load_workspace

WORKSPACE = """\
schema_version: 1
provider:
  legal_name: Test Provider SA
  country: {country}
  size: {size}
  contact_point: {{email: ai@test.example}}
models:
  - name: m
    release_date: 2025-09-01
    eu_placement_date: 2025-09-01
    modalities: {{input: [text, image], output: [text]}}
    parameters: 7.3e10
    training_compute_flop: 2.43e24
    crawlers: [TestBot]
    answers:
{answers}
"""


def write_workspace(
    root: Path, answers: str = "", *, country: str = "FR", size: str = "large"
) -> Path:
    body = textwrap.indent(textwrap.dedent(answers).strip("\n"), "      ") or "      {}"
    if not answers.strip():
        text = WORKSPACE.format(answers="", country=country, size=size).replace(
            "    answers:\n", "    answers: {}\n"
        )
    else:
        text = WORKSPACE.format(answers=body, country=country, size=size)
    root.mkdir(parents=True, exist_ok=True)
    (root / "gpaikit.yaml").write_text(text, encoding="utf-8")
    return root


FillFn = Callable[..., FilledForm]


@pytest.fixture
def filled(tmp_path: Path) -> FillFn:
    """``filled(form_id, answers_yaml, summary=None, **provider)`` -> FilledForm."""
    counter = {"n": 0}

    def make(
        form_id: str,
        answers: str = "",
        summary: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> FilledForm:
        counter["n"] += 1
        root = write_workspace(tmp_path / f"ws{counter['n']}", answers, **kwargs)
        workspace = load_workspace(root)
        ctx = FormContext(
            workspace,
            workspace.models[0],
            load_catalog(),
            data_summary=summary,
            version="3",
            date=dt.date(2026, 11, 28),
        )
        return fill(load_form(form_id), ctx)

    return make


def load(root: Path) -> Workspace:
    return load_workspace(root)


def dump(data: Any) -> str:
    return json.dumps(data, sort_keys=True)


@pytest.fixture
def make_workspace() -> Callable[..., Path]:
    """``make_workspace(root, answers_yaml, country=..., size=...)`` -> workspace directory."""
    return write_workspace

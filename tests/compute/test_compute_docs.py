"""docs/compute.md documents every accelerator, default and CLI flag the estimator has."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from gpaikit.cli import app
from gpaikit.compute import SUPPORTED_MODEL_TYPES, UTILIZATION_DEFAULTS
from gpaikit.law import load_catalog

DOC = (Path(__file__).resolve().parents[2] / "docs" / "compute.md").read_text(encoding="utf-8")


def test_every_accelerator_is_documented() -> None:
    for acc in load_catalog().accelerators():
        assert f"`{acc.id}`" in DOC, acc.id


def test_every_utilization_default_is_documented() -> None:
    for name, param_id in UTILIZATION_DEFAULTS.items():
        assert f"`{name}`" in DOC and f"`{param_id}`" in DOC


def test_every_model_type_is_documented() -> None:
    for model_type in SUPPORTED_MODEL_TYPES:
        assert model_type.removesuffix("Model") in DOC, model_type


def test_every_cli_flag_is_documented() -> None:
    help_text = CliRunner().invoke(app, ["compute", "estimate", "--help"], env={"COLUMNS": "200"})
    flags = set(re.findall(r"--[a-z][a-z-]+", help_text.stdout)) - {"--help"}
    assert flags, help_text.stdout
    for flag in flags:
        assert flag in DOC, flag

"""The command line: exit codes, formats, determinism, and no tracebacks on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gpaikit.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_assess_json_is_deterministic(example: Path) -> None:
    args = ["assess", str(example), "--as-of", "2026-11-28", "--format", "json"]
    first = runner.invoke(app, args)
    second = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert data["as_of"] == "2026-11-28"
    assert data["models"]


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_assess_human_formats(fmt: str) -> None:
    result = runner.invoke(
        app, ["assess", str(EXAMPLES[0]), "--as-of", "2026-11-28", "--format", fmt]
    )
    assert result.exit_code == 0, result.output
    assert "OBL." in result.stdout


def test_check_exit_codes(tmp_path: Path) -> None:
    assert runner.invoke(app, ["init", str(tmp_path)]).exit_code == 0
    ok = runner.invoke(app, ["assess", str(tmp_path), "--as-of", "2025-09-01", "--check"])
    assert ok.exit_code == 0, ok.output
    late = runner.invoke(app, ["assess", str(tmp_path), "--as-of", "2026-11-28", "--check"])
    assert late.exit_code == 1


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["assess", "/nonexistent/ws"], "gpaikit init"),
        (["assess", "examples/frontier-lab", "--as-of", "28/11/2026"], "YYYY-MM-DD"),
        (["assess", "examples/frontier-lab", "--model", "nope"], "helios-ultra"),
        (["law", "show", "AIA.53_1_x"], "AIA.53_1_"),
    ],
)
def test_bad_input_exits_2_without_traceback(args: list[str], needle: str, repo_root: Path) -> None:
    args = [str(repo_root / a) if a.startswith("examples/") else a for a in args]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert needle in result.output
    assert "Traceback" not in result.output


def test_invalid_workspace_file_exits_2(tmp_path: Path) -> None:
    (tmp_path / "gpaikit.yaml").write_text("provider: {legal_name: x, country: FR}\nmodels: 3\n")
    result = runner.invoke(app, ["assess", str(tmp_path)])
    assert result.exit_code == 2
    assert "gpaikit.yaml:2" in result.output and "models" in result.output


def test_law_list_and_show() -> None:
    listed = runner.invoke(app, ["law", "list", "--kind", "obligation", "--json"])
    assert listed.exit_code == 0
    ids = [json.loads(line)["id"] for line in listed.stdout.splitlines()]
    assert "OBL.copyright_policy" in ids
    shown = runner.invoke(app, ["law", "show", "THR.systemic_risk_compute"])
    assert shown.exit_code == 0
    assert "Art. 51(2)" in shown.stdout


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("gpaikit ")

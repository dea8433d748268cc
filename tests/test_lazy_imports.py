"""Packages and commands load what they use, when they use it (gpaikit._lazy, cli._app).

Checked in a fresh interpreter: `gpaikit data summarize` must not pay for the assessment,
the forms engine, the audit or Spark; and every lazily exported name must still resolve.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from typing import Any

import pytest
import typer.main

from gpaikit.cli._app import COMMANDS, app, load_command


def _modules_after(code: str) -> set[str]:
    script = f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True, timeout=120
    )
    return set(done.stdout.split())


def test_summarize_loads_neither_the_audit_nor_the_forms_engine() -> None:
    loaded = _modules_after("from gpaikit.data import summarize")
    assert "gpaikit.data._summarize" in loaded
    for heavy in (
        "gpaikit.data._audit",
        "gpaikit.data._spark",
        "gpaikit.forms._fill",
        "gpaikit.compute",
        "gpaikit.assess",
    ):
        assert heavy not in loaded, heavy


def test_the_data_command_does_not_import_the_other_commands() -> None:
    loaded = _modules_after(
        "from typer.testing import CliRunner\n"
        "from gpaikit.cli import app\n"
        "result = CliRunner().invoke(app, ['data', 'summarize', '--help'])\n"
        "assert result.exit_code == 0, result.output"
    )
    assert "gpaikit.cli._data" in loaded
    for other in (
        "gpaikit.cli._assess",
        "gpaikit.cli._build",
        "gpaikit.cli._portal",
        "gpaikit.assess",
    ):
        assert other not in loaded, other


@pytest.mark.parametrize("package", ["gpaikit.data", "gpaikit.forms"])
def test_every_public_name_of_a_lazy_package_resolves(package: str) -> None:
    module = importlib.import_module(package)
    sources = module._SOURCES
    assert sorted(sources) == sorted(module.__all__)
    for name in module.__all__:
        assert getattr(module, name) is getattr(importlib.import_module(sources[name]), name)
        assert name in dir(module)
    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        module.not_a_name  # noqa: B018


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_loads_under_its_name(name: str) -> None:
    command = load_command(name)
    assert command.name == name and (command.help or "").strip()


def test_the_help_lists_every_command_in_order() -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    positions = [result.output.find(f" {name} ") for name in COMMANDS]
    assert -1 not in positions and positions == sorted(positions)
    group: Any = typer.main.get_group(app)
    group.get_command(None, "weights")  # loaded first: the order stays the declared one
    assert group.list_commands(None) == list(COMMANDS)


def test_a_mistyped_command_gets_a_suggestion() -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["dat", "summarize"])
    assert result.exit_code == 2
    assert "No such command 'dat'" in result.output and "'data'" in result.output

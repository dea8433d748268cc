"""The terminal never reads user text as Rich markup or control codes (issue 10, "Markup
injection"). Before, ``Acme [/EU] GmbH`` crashed ``assess`` with a MarkupError and a robots.txt
rule with markup crashed ``audit`` after it had replaced ``--out``; escape codes passed through.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from gpaikit.cli import app
from gpaikit.cli._safe import clean

HOSTILE_NAME = "Acme [/EU] [bold]GmbH[/bold] :smile: \x1b]0;owned\x07\x1b[2J\u202eevil"


def _ok(result: object) -> None:
    exc = getattr(result, "exception", None)
    assert exc is None or isinstance(exc, SystemExit), repr(exc)


def _workspace(tmp_path: Path, provider: str, model: str) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "gpaikit.yaml").write_text(
        f"provider:\n  legal_name: {provider!r}\n".replace("'", '"')
        + f"  country: FR\nmodels:\n  - name: {model!r}\n".replace("'", '"')
        + "    eu_placement_date: 2025-09-01\n"
        "    modalities: {input: [text], output: [text]}\n"
        "    training_compute_flop: 5.0e23\n",
        encoding="utf-8",
    )
    return ws


def _json_escaped(text: str) -> str:
    import json

    return json.dumps(text)[1:-1]


@pytest.fixture
def hostile_ws(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    name = _json_escaped(HOSTILE_NAME)
    (ws / "gpaikit.yaml").write_text(
        f'provider:\n  legal_name: "{name}"\n  country: FR\nmodels:\n'
        f'  - name: "{name} 7B"\n    eu_placement_date: 2025-09-01\n'
        "    modalities: {input: [text], output: [text]}\n    training_compute_flop: 5.0e23\n",
        encoding="utf-8",
    )
    return ws


def test_clean_shows_controls_as_escapes() -> None:
    assert clean("a\x1b[2Jb\tc\nd\x9b\u202e") == "a\\x1b[2Jb\tc\nd\\x9b\\u202e"


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_assess_prints_markup_and_escape_codes_as_text(hostile_ws: Path, fmt: str) -> None:
    result = CliRunner().invoke(
        app, ["assess", str(hostile_ws), "--as-of", "2026-11-28", "--format", fmt]
    )
    _ok(result)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\u202e" not in result.output
    if fmt == "text":
        assert "Acme [/EU] [bold]GmbH[/bold] :smile:" in result.output


def test_an_error_quoting_markup_is_printed_not_parsed(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "gpaikit.yaml").write_text(
        'provider: {legal_name: "x", country: "[/EU]\\e[31m"}\nmodels:\n  - name: m\n'
    )
    result = CliRunner().invoke(app, ["assess", str(ws)])
    _ok(result)
    assert result.exit_code == 2
    assert "[/EU]\\x1b[31m" in result.output
    assert "\x1b" not in result.output


def test_rep_output_carries_no_control_codes(tmp_path: Path) -> None:
    robots = tmp_path / "robots.txt"
    robots.write_bytes(b"User-agent: *\nDisallow: /\x1b[31mred[/x]\n")
    result = CliRunner().invoke(
        app,
        ["rep", "check", str(robots), "https://e.com/\x1b[31mred[/x]", "--agent", "x", "--explain"],
    )
    _ok(result)
    assert "\x1b" not in result.output
    result = CliRunner().invoke(app, ["rep", "lint", str(robots)])
    _ok(result)
    assert "\x1b" not in result.output


def test_audit_with_markup_in_rules_and_hosts_prints_and_keeps_its_output(tmp_path: Path) -> None:
    when = dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC)
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        "url,fetch_time,http_status,content_length\n"
        "https://a.example/[/EU]/x,2025-03-01T13:00:00Z,200,10\n"
        "https://a.example/ok,2025-03-01T13:00:00Z,200,10\n"
    )
    robots = tmp_path / "robots.parquet"
    pq.write_table(
        pa.table(
            {
                "host": ["a.example"],
                "fetch_time": pa.array([when], pa.timestamp("us", tz="UTC")),
                "http_status": [200],
                "body": [b"User-agent: *\nDisallow: /[/EU]\n# \x1b[2J [bold]x[/bold]\n"],
            }
        ),
        robots,
    )
    out = tmp_path / "audit"
    result = CliRunner().invoke(
        app,
        [
            "data",
            "audit",
            str(manifest),
            "--robots",
            str(robots),
            "--agent",
            "GPTBot",
            "--out",
            str(out),
        ],
    )
    _ok(result)
    assert result.exit_code == 0, result.output
    assert "[/EU]" in result.output and "\x1b" not in result.output
    assert (out / "audit.json").is_file()

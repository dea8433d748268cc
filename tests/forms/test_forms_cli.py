"""`gpaikit docs`: list, validate (exit codes), render in every format."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gpaikit.cli._docs import app

runner = CliRunner()
MakeWs = Callable[..., Path]


def test_list_names_every_form() -> None:
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    for form in ("mdf", "training_summary", "copyright_policy"):
        assert form in result.output


def test_validate_exit_codes(make_workspace: MakeWs, tmp_path: Path) -> None:
    incomplete = make_workspace(tmp_path / "a", "MDF.MP.01: Transformer")
    result = runner.invoke(app, ["validate", str(incomplete)])
    assert result.exit_code == 1
    assert "is required" in result.output and "MDF.MP.02" in result.output
    malformed = make_workspace(tmp_path / "b", "MDF.MP.07: '7e10'\nMDF.TYPO.01: x")
    result = runner.invoke(app, ["validate", str(malformed), "--format", "json"])
    assert result.exit_code == 2
    found = json.loads(result.output)
    bad = next(p for p in found if p["item"] == "MDF.MP.07")
    assert bad["line"] == 16 and bad["file"].endswith("gpaikit.yaml")
    assert any(p["item"] == "MDF.TYPO.01" and p["kind"] == "unknown" for p in found)


@pytest.mark.parametrize(
    ("form", "recipient", "fmt", "expect"),
    [
        ("mdf", "ai_office", "markdown", "# Model Documentation Form\n\nm · for AI Office"),
        ("mdf", "national_authority", "html", '<html lang="en">'),
        ("training_summary", "public", "json", '"form": "training_summary"'),
        ("copyright_policy", "public", "schema", '"$schema"'),
        ("mdf", "downstream_provider", "model-card", "## EU AI Act"),
    ],
)
def test_render_text_formats(
    make_workspace: MakeWs, tmp_path: Path, form: str, recipient: str, fmt: str, expect: str
) -> None:
    root = make_workspace(tmp_path / "ws")
    args = ["render", form, str(root), "--recipient", recipient, "--format", fmt]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert expect in result.output


@pytest.mark.parametrize(("fmt", "magic"), [("docx", b"PK"), ("pdf", b"%PDF")])
def test_render_binary_formats_are_deterministic(
    make_workspace: MakeWs, tmp_path: Path, fmt: str, magic: bytes
) -> None:
    pytest.importorskip("docx" if fmt == "docx" else "weasyprint")
    root = make_workspace(tmp_path / "ws")
    outputs = []
    for n in (1, 2):
        out = tmp_path / f"mdf{n}.{fmt}"
        args = [
            "render",
            "mdf",
            str(root),
            "--format",
            fmt,
            "--out",
            str(out),
            "--as-of",
            "2026-11-28",
        ]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0].startswith(magic) and outputs[0] == outputs[1]


def test_render_rejects_a_recipient_without_a_view(make_workspace: MakeWs, tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    result = runner.invoke(app, ["render", "mdf", str(root), "--recipient", "public"])
    assert result.exit_code == 2
    result = runner.invoke(app, ["render", "nosuchform", str(root)])
    assert result.exit_code == 2


def test_render_refuses_malformed_answers(make_workspace: MakeWs, tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", "MDF.DL.03: shareware")
    result = runner.invoke(app, ["render", "mdf", str(root)])
    assert result.exit_code == 2


def test_html_is_accessible_and_printable(make_workspace: MakeWs, tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", "MDF.GI.06: [{model_name: base-7b, version: '1'}]")
    html = runner.invoke(app, ["render", "mdf", str(root), "--format", "html"]).output
    assert '<html lang="en">' in html and 'href="#main"' in html and '<main id="main">' in html
    assert '<th scope="col">Model</th>' in html and "@media print" in html
    assert "<script" not in html and "http://" not in html.split("</style>")[0]


def test_complete_workspace_validates_without_errors() -> None:
    complete = Path(__file__).parent / "fixtures" / "complete"
    result = runner.invoke(app, ["validate", str(complete), "--as-of", "2026-11-28"])
    assert result.exit_code == 0, result.output
    assert "0 invalid, 0 missing, 0 inconsistent" in result.output

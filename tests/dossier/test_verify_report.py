"""The reviewer's page: what it shows, and that nothing from the input becomes markup."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from gpaikit.cli import app
from gpaikit.dossier import VerifyOptions, build_site, verify_path, verify_report_html
from gpaikit.render._html import content_security_policy
from gpaikit.signing import generate_key
from tests.dossier.verify_helpers import AS_OF, FRONTIER, resign


def test_report_page(tmp_path: Path) -> None:
    key = generate_key(tmp_path / "k")
    ws = tmp_path / "ws"
    shutil.copytree(FRONTIER, ws)
    build_site(ws, tmp_path / "out", as_of=AS_OF, record=False, binary_formats=False, sign=key)
    site = tmp_path / "out" / "ai_office"
    (site / "docs" / "extra.html").write_text("x")
    reports = verify_path(site, VerifyOptions(keys=[key.public]))
    page = verify_report_html(reports)
    assert content_security_policy() in page and "<script" not in page
    for shown in (
        key.key_id,
        "2026-11-28",
        "Systemic risk",
        "Model Documentation Form",
        "v1 (",
        "docs/extra.html: extra file",
        "NOT verified",
    ):
        assert shown in page, shown
    assert "OBL." in page  # obligations with their status

    def hostile(predicate: dict) -> None:
        predicate["provider"] = '<script>alert("x")</script>'
        predicate["models"][0]["documents"][0]["title"] = "<img src=x onerror=alert(1)>"

    resign(site, key, hostile)
    page = verify_report_html(verify_path(site, VerifyOptions(keys=[key.public])))
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<img" not in page


def test_report_cli_writes_one_page_and_never_replaces_a_file(tmp_path: Path) -> None:
    key = generate_key(tmp_path / "k")
    ws = tmp_path / "ws"
    shutil.copytree(FRONTIER, ws)
    build_site(ws, tmp_path / "out", as_of=AS_OF, record=False, binary_formats=False, sign=key)
    page = tmp_path / "report.html"
    args = [
        "verify",
        str(tmp_path / "out" / "public"),
        "--key",
        str(tmp_path / "k.pub"),
        "--report",
        str(page),
    ]
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 0, done.output
    assert "The classification is not part of this audience" in page.read_text()
    assert CliRunner().invoke(app, args).exit_code == 2
    assert CliRunner().invoke(app, [*args, "--force"]).exit_code == 0

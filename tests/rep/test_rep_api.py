"""The public surface of gpaikit.rep, the crawler catalog and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import gpaikit.rep
from gpaikit.cli import app
from gpaikit.law import load_catalog
from gpaikit.rep import (
    RobotsTxt,
    crawler_catalog,
    is_valid_product_token,
    lint_robots,
    product_token,
)

EXPORTS = {
    "CACHE_CEILING", "DIALECTS", "MAX_REDIRECTS", "UNREACHABLE_GRACE", "VOCABULARY",
    "AgentRules", "ContentUsage", "CrawlerStatus", "Decision", "Dialect", "EffectiveRobots",
    "Group", "LintFinding", "LintReport", "ParseWarning", "RobotsDirectives", "RobotsTxt",
    "Rule", "SignalResult", "TdmRepFile", "TdmRule", "TdmValue", "UsageRule", "Verdict",
    "VerdictPolicy", "combine_content_usage", "crawler_catalog", "effective_robots",
    "is_valid_product_token", "lint_robots", "noai_optout", "parse_content_usage",
    "parse_robots_meta", "parse_tdm_headers", "parse_tdm_meta", "parse_tdmrep_json",
    "parse_x_robots_tag", "product_token", "robots_content_usage", "tdm_reservation",
    "verdict", "SignalRule", "UsageInForce", "UsagePreference", "crawler_by_token",
    "default_engine", "usage_in_force", "usage_signal_catalog",
}  # fmt: skip


def test_exports_are_exact() -> None:
    assert set(gpaikit.rep.__all__) == EXPORTS
    for name in EXPORTS:
        assert hasattr(gpaikit.rep, name)


def test_catalog_tokens() -> None:
    tokens = crawler_catalog()
    assert tokens == load_catalog().crawler_tokens()
    ids = [t.id for t in tokens]
    assert len(ids) == len(set(ids))
    assert all(t.source == "AIROBOTS" for t in tokens)
    by_token = {t.token: t for t in tokens}
    assert by_token["GPTBot"].purpose == "training" and by_token["GPTBot"].operator == "OpenAI"
    assert by_token["OAI-SearchBot"].purpose == "search"
    assert by_token["ChatGPT-User"].purpose == "user_triggered"
    invalid = [t for t in tokens if not t.valid_product_token]
    assert len(invalid) == 21  # OS.TOK.INVALID
    for t in tokens:
        assert t.valid_product_token is is_valid_product_token(t.token)
        assert t.truncates_to == (None if t.valid_product_token else product_token(t.token))
    assert by_token["AI2Bot"].truncates_to == "AI"


def test_invalid_token_addresses_its_truncation() -> None:
    robots = RobotsTxt.parse("User-agent: AI2Bot\nDisallow: /\n")
    assert not robots.allowed("/", "AI")
    assert robots.allowed("/", "AI2Bot")  # the full token never equals "AI"
    assert any(w.code == "invalid-product-token" for w in robots.warnings)


def test_lint_report() -> None:
    body = (
        "Disallow: /orphan\nUser-agent: GPTBot\nDisallow: /\n\nUser-agent: *\n"
        "Disallow: /x\nAllow: /x\nDisallow: /x\nCrawl-delay: 5\nFrobnicate: 1\n"
        "User-agent: AI2Bot\nDisallow: /\n"
    )
    report = lint_robots(RobotsTxt.parse(body))
    codes = {(f.line, f.code) for f in report.findings}
    assert (1, "rule-outside-group") in codes
    assert (6, "unreachable-rule") in codes and (8, "unreachable-rule") in codes
    assert (9, "unused-directive") in codes and (10, "unknown-directive") in codes
    assert (11, "invalid-product-token") in codes
    status = {c.token: c.status for c in report.crawlers}
    assert status["GPTBot"] == "blocked" and status["CCBot"] == "partial"
    assert status["AI2Bot"] == "blocked"  # its truncation "AI" is what the file addresses
    assert report.ok


@pytest.fixture
def robots_file(tmp_path: Path) -> Path:
    path = tmp_path / "robots.txt"
    path.write_text("User-agent: GPTBot\nDisallow: /\n\nUser-agent: *\nDisallow: /private\n")
    return path


def test_cli_check_exit_codes(robots_file: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["rep", "check", str(robots_file), "https://h/a", "--agent", "CCBot"])
    assert ok.exit_code == 0 and "allowed\thttps://h/a" in ok.output
    bad = runner.invoke(
        app,
        ["rep", "check", str(robots_file), "https://h/a", "https://h/private/x",
         "--agent", "CCBot", "--explain"],
    )  # fmt: skip
    assert bad.exit_code == 1 and "line 5" in bad.output
    google = runner.invoke(
        app, ["rep", "check", str(robots_file), "/a", "--agent", "GPTBot", "--mode", "google"]
    )
    assert google.exit_code == 1
    missing = runner.invoke(app, ["rep", "check", "/nonexistent/robots.txt", "/", "--agent", "a"])
    assert missing.exit_code == 2
    mode = runner.invoke(
        app, ["rep", "check", str(robots_file), "/", "--agent", "a", "--mode", "x"]
    )
    assert mode.exit_code == 2


def test_cli_lint(robots_file: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["rep", "lint", str(robots_file)])
    assert result.exit_code == 0
    assert "AI crawlers blocked (1): GPTBot" in result.output
    big = tmp_path / "big.txt"
    big.write_bytes(b"User-agent: *\n" + b"Disallow: /" + b"a" * 100 + b"\n" * 1 + b"#" * 600_000)
    cut = runner.invoke(app, ["rep", "lint", str(big)])
    assert cut.exit_code == 1 and "size-limit" in cut.output

"""Re-audit: collected URLs reserved by today's captures though not at fetch time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from gpaikit.cli._data import app
from gpaikit.data import DuckDBEngine, audit
from tests.data.conftest import fetch, write_canonical
from tests.data.test_audit import capture, write_captures

T0 = "2025-03-01T00:00:00"
T = "2025-03-01T12:00:00"
NOW = "2026-11-01T00:00:00"
OPEN = b"User-agent: *\nAllow: /\n"

MANIFEST = [
    fetch("https://news.example.com/news/1", T, length=10),
    fetch("https://news.example.com/about", T, length=20),
    fetch("https://signal.example.org/a", T, length=30),
    fetch("https://signal.example.org/b", T, status=404, length=35),  # not collected content
    fetch("https://usage.example.net/x", T, length=40),
    fetch("https://same.example.com/x", T, length=50),
    fetch("https://already.example.com/x", T, length=60, x_robots_tag="noai"),
    fetch("https://tdm.example.fr/reserved/1", T, length=70),
    fetch("https://tdm.example.fr/free/1", T, length=80),
    fetch("https://gone.example.com/x", T, length=90),
]


def _paths(tmp_path: Path) -> dict[str, Path]:
    hosts = [
        "news.example.com",
        "signal.example.org",
        "usage.example.net",
        "same.example.com",
        "already.example.com",
        "tdm.example.fr",
        "gone.example.com",
    ]
    old = write_captures(tmp_path / "old.parquet", [capture(h, T0, 200, OPEN) for h in hosts])
    new = write_captures(
        tmp_path / "new.parquet",
        [
            capture("news.example.com", NOW, 200, b"User-agent: GPTBot\nDisallow: /news/\n"),
            capture(
                "signal.example.org", NOW, 200, b"User-agent: *\nContent-Signal: ai-train=no\n"
            ),
            capture("usage.example.net", NOW, 200, b"User-agent: *\nContent-Usage: train-ai=n\n"),
            capture("already.example.com", NOW, 200, b"User-agent: *\nDisallow: /\n"),
            capture("gone.example.com", NOW, 404, b""),
        ],
    )
    tdm = write_captures(
        tmp_path / "tdm-new.parquet",
        [
            capture(
                "tdm.example.fr", NOW, 200, b'[{"location": "/reserved/", "tdm-reservation": 1}]'
            )
        ],
    )
    return {
        "manifest": write_canonical(tmp_path / "m.parquet", MANIFEST),
        "old": old,
        "new": new,
        "tdm": tdm,
    }


@pytest.fixture
def rechecked(tmp_path: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    paths = _paths(tmp_path)
    engine = DuckDBEngine(threads=1)
    try:
        result = audit(
            [paths["manifest"]],
            tmp_path / "out",
            engine,
            robots=[paths["old"]],
            agents=["GPTBot"],
            current_robots=[paths["new"]],
            current_tdmrep=[paths["tdm"]],
        )
    finally:
        engine.close()
    rows = pq.read_table(tmp_path / "out" / "reserved-since-fetch").to_pylist()
    return result.summary, {r["url"]: r for r in rows}


def test_newly_reserved_urls_by_signal(rechecked: Any) -> None:
    summary, rows = rechecked
    assert {u: (r["signal"], r["domain"]) for u, r in rows.items()} == {
        "https://news.example.com/news/1": ("robots.txt", "example.com"),
        "https://signal.example.org/a": ("content-signal", "example.org"),
        "https://usage.example.net/x": ("aipref", "example.net"),
        "https://tdm.example.fr/reserved/1": ("tdmrep", "example.fr"),
    }
    since = summary["reserved_since_fetch"]
    assert since["urls"] == 4
    assert since["bytes"] == 10 + 30 + 40 + 70
    assert since["by_signal"] == {"aipref": 1, "content-signal": 1, "robots.txt": 1, "tdmrep": 1}
    # the audit at fetch time is unchanged by the re-audit
    assert summary["ai_use_verdicts"] == {"allowed": 9, "reserved": 1, "unknown": 0}


def test_reserved_since_fetch_by_domain_with_redacted_samples(
    tmp_path: Path, rechecked: Any
) -> None:
    table = pq.read_table(tmp_path / "out" / "reserved_since_fetch.parquet").to_pylist()
    assert [(r["domain"], r["signal"], r["urls"]) for r in table] == [
        ("example.fr", "tdmrep", 1),
        ("example.net", "aipref", 1),
        ("example.org", "content-signal", 1),
        ("example.com", "robots.txt", 1),
    ]
    assert table[3]["reason"].startswith("robots.txt GPTBot line 2: Disallow: /news/")
    assert all(s.startswith("https://") for r in table for s in r["sample_urls"])


def test_without_current_captures_there_is_no_recheck(tmp_path: Path) -> None:
    paths = _paths(tmp_path)
    engine = DuckDBEngine(threads=1)
    try:
        result = audit(
            [paths["manifest"]], tmp_path / "out", engine, robots=[paths["old"]], agents=["GPTBot"]
        )
    finally:
        engine.close()
    assert "reserved_since_fetch" not in result.summary
    assert not (tmp_path / "out" / "reserved-since-fetch").exists()


def test_cli_current_robots(tmp_path: Path) -> None:
    paths = _paths(tmp_path)
    args = ["audit", str(paths["manifest"]), "--robots", str(paths["old"]), "--agent", "GPTBot"]
    args += ["--current-robots", str(paths["new"]), "--out", str(tmp_path / "o")]
    text = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert text.exit_code == 0, text.output
    assert "reserved since the fetch: 3 collected URLs on 3 domains" in text.output
    done = CliRunner().invoke(app, [*args[:-1], str(tmp_path / "j"), "--format", "json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["reserved_since_fetch"]["urls"] == 3

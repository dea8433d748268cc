"""audit applies robots.txt usage lines in force at fetch time: aipref Content-Usage rules and
Cloudflare Content-Signal lines, per agent group and path, as :func:`gpaikit.rep.verdict`."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

import gpaikit.rep as rep
from gpaikit.data import DuckDBEngine, audit
from tests.data.conftest import fetch, write_canonical
from tests.data.test_audit import capture, write_captures

T0 = "2025-03-01T00:00:00"
T = "2025-03-01T12:00:00"
LATER = "2025-03-05T00:00:00"
BODY = (
    b"User-agent: *\n"
    b"Content-Signal: search=yes, ai-train=no\n"
    b"Allow: /\n"
    b"\n"
    b"User-agent: GPTBot\n"
    b"Content-Usage: /articles/ train-ai=n\n"
    b"Content-Usage: /articles/open/ train-ai=y\n"
    b"Content-Signal: /pics/ ai-train=no\n"
    b"Disallow: /private/\n"
)
PATHS = [
    "/",
    "/articles/a",
    "/articles/open/b",
    "/articles",
    "/pics/1.png",
    "/pics",
    "/private/x",
    "/other?q=1",
    "/%61rticles/enc",
    "/Articles/case",
]


def _run(tmp_path: Path, agents: list[str], manifest: list[dict[str, Any]]) -> dict[str, Any]:
    robots = write_captures(
        tmp_path / "robots.parquet",
        [
            capture("usage.example.com", T0, 200, BODY),
            capture("later.example.com", T0, 200, b"User-agent: *\nAllow: /\n"),
            capture(
                "later.example.com", LATER, 200, b"User-agent: *\nContent-Signal: ai-train=no\n"
            ),
            capture("stale.example.com", "2025-02-01T00:00:00", 200, BODY),
        ],
    )
    engine = DuckDBEngine(threads=1)
    try:
        audit(
            [write_canonical(tmp_path / "m.parquet", manifest)],
            tmp_path / "out",
            engine,
            robots=[robots],
            agents=agents,
        )
    finally:
        engine.close()
    rows = pq.read_table(tmp_path / "out" / "verdicts").to_pylist()
    return {r["url"]: r for r in rows}


@pytest.mark.parametrize(
    ("agents", "path", "expected"),
    [
        (["GPTBot"], "/", ("allowed", "allowed", None)),
        (["GPTBot"], "/articles/a", ("allowed", "reserved", "aipref")),
        (["GPTBot"], "/articles/open/b", ("allowed", "allowed", None)),  # longest path wins
        (["GPTBot"], "/pics/1.png", ("allowed", "reserved", "content-signal")),
        (["GPTBot"], "/private/x", ("disallowed", "reserved", "robots.txt")),
        (["CCBot"], "/", ("allowed", "reserved", "content-signal")),  # the * group
        (["GPTBot", "CCBot"], "/other?q=1", ("allowed", "reserved", "content-signal")),
    ],
)
def test_usage_lines_reserve_training(
    tmp_path: Path, agents: list[str], path: str, expected: tuple[str, str, str | None]
) -> None:
    url = "https://usage.example.com" + path
    rows = _run(tmp_path, agents, [fetch(url, T)])
    row = rows[url]
    assert (row["crawl_verdict"], row["ai_verdict"], row["ai_source"]) == expected
    if expected[2] == "content-signal":
        assert "Content-Signal" in row["ai_reason"] and "line" in row["ai_reason"]
    if expected[2] == "aipref":
        assert row["ai_reason"] == "aipref: robots.txt GPTBot line 6: Content-Usage train-ai=n"


def test_signals_count_as_in_force_at_fetch_time(tmp_path: Path) -> None:
    """A Content-Signal published after the fetch does not reserve what was fetched before
    it; a stale copy's reservation still counts (as its refusal would)."""
    early = "https://later.example.com/a"
    late = "https://later.example.com/b"
    stale = "https://stale.example.com/pics/x"
    rows = _run(
        tmp_path,
        ["GPTBot"],
        [fetch(early, T), fetch(late, "2025-03-05T01:00:00"), fetch(stale, T)],
    )
    assert rows[early]["ai_verdict"] == "allowed"
    assert (rows[late]["ai_verdict"], rows[late]["ai_source"]) == ("reserved", "content-signal")
    assert (rows[stale]["crawl_verdict"], rows[stale]["ai_verdict"]) == ("unknown", "reserved")


def test_audit_agrees_with_rep_verdict_url_by_url(tmp_path: Path) -> None:
    """Differential: every URL's training verdict equals gpaikit.rep.verdict's on the same
    robots.txt (URL classes by matched patterns must not merge URLs that differ)."""
    rng = random.Random(3)
    urls = sorted(
        {
            "https://usage.example.com" + rng.choice(PATHS) + rng.choice(["", "x", "/y", "?z"])
            for _ in range(300)
        }
    )
    agents = ["GPTBot", "CCBot"]
    rows = _run(tmp_path, agents, [fetch(u, T) for u in urls])
    robots = rep.RobotsTxt.parse(BODY)
    for url in urls:
        verdicts = [rep.verdict(url, a, robots=robots) for a in agents]
        crawl = all(v.crawl_allowed for v in verdicts)
        training = all(v.training_allowed for v in verdicts)
        row = rows[url]
        assert row["crawl_verdict"] == ("allowed" if crawl else "disallowed"), url
        assert row["ai_verdict"] == ("allowed" if training else "reserved"), url

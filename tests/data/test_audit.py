"""audit: each verdict source, the fetch-outcome rules, violations, the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from gpaikit.cli._data import app
from gpaikit.data import DataInputError, DuckDBEngine, audit, read_blocklist
from tests.data.conftest import fetch, write_canonical

T = "2025-03-01T12:00:00"
ROBOTS = b"User-agent: *\nDisallow: /private/\n\nUser-agent: GPTBot\nDisallow: /news/\n"


def capture(host: str, when: str, status: int | None, body: bytes | None) -> dict[str, Any]:
    return {
        "host": host,
        "fetch_time": dt.datetime.fromisoformat(when).replace(tzinfo=dt.UTC),
        "http_status": status,
        "body": body,
    }


def write_captures(path: Path, rows: list[dict[str, Any]]) -> Path:
    schema = pa.schema(
        [
            ("host", pa.string()),
            ("fetch_time", pa.timestamp("us", tz="UTC")),
            ("http_status", pa.int32()),
            ("body", pa.binary()),
        ]
    )
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
    return path


MANIFEST = [
    fetch("https://rules.example.com/page", T, length=10),
    fetch("https://rules.example.com/private/a", T, length=20),
    fetch("https://rules.example.com/news/b", T, length=30),
    fetch("https://rules.example.com/private/late", "2025-03-02T12:00:00", length=40),
    fetch("https://rules.example.com/page-late", "2025-03-02T12:00:01", length=50),
    fetch("https://rules.example.com/private/stale", "2025-03-02T12:00:01", length=55),
    fetch("https://gone.example.org/x", T, length=60),
    fetch("https://down.example.net/x", T, length=70),
    fetch("https://silent.example.net/x", T, length=80),
    fetch("https://nobody.example.edu/x", T, length=90),
    fetch("https://early.example.com/x", "2025-03-01T08:00:00", length=95),
    fetch("https://open.example.de/blocked", T, length=100),
    fetch("https://open.example.fr/tdm", T, length=110, tdm_reservation="1"),
    fetch("https://open.example.fr/noai", T, length=120, x_robots_tag="noai"),
    fetch(
        "https://open.example.fr/meta",
        T,
        length=130,
        html_meta='<meta name="robots" content="noai">',
    ),
    fetch("https://open.example.fr/aipref", T, length=140, content_usage="train-ai=n"),
    fetch("https://open.example.fr/ok", T, length=150),
    fetch("https://tdmfile.example.fr/reserved/x", T, length=160),
    fetch("https://tdmfile.example.fr/free/x", T, length=170),
    fetch("https://rules.example.com/private/404", T, status=404, length=180),
]


def scenario(tmp_path: Path) -> dict[str, Path]:
    manifest = write_canonical(tmp_path / "m.parquet", MANIFEST)
    robots = write_captures(
        tmp_path / "robots.parquet",
        [
            capture("rules.example.com", T, 200, ROBOTS),  # exactly at the fetch time
            capture("gone.example.org", "2025-03-01T00:00:00", 404, b"not found"),
            capture("down.example.net", "2025-03-01T00:00:00", 503, None),
            capture("silent.example.net", "2025-03-01T00:00:00", None, None),
            capture("early.example.com", "2025-03-01T09:00:00", 200, b""),  # after the fetch
            capture("open.example.de", "2025-03-01T00:00:00", 200, b""),
            capture("open.example.fr", "2025-03-01T00:00:00", 200, b""),
            capture("tdmfile.example.fr", "2025-03-01T00:00:00", 200, b""),
        ],
    )
    tdm = write_captures(
        tmp_path / "tdm.parquet",
        [
            capture(
                "tdmfile.example.fr",
                "2025-03-01T00:00:00",
                200,
                b'[{"location": "/reserved/*", "tdm-reservation": 1}]',
            )
        ],
    )
    blocklist = tmp_path / "block.txt"
    blocklist.write_text("# excluded\nexample.de\n", encoding="utf-8")
    return {"manifest": manifest, "robots": robots, "tdm": tdm, "blocklist": blocklist}


@pytest.fixture
def result(tmp_path: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]], pa.Table]:
    paths = scenario(tmp_path)
    engine = DuckDBEngine(threads=1)
    try:
        res = audit(
            [paths["manifest"]],
            tmp_path / "out",
            engine,
            robots=[paths["robots"]],
            agents=["GPTBot"],
            blocklist=paths["blocklist"],
            tdmrep=[paths["tdm"]],
        )
    finally:
        engine.close()
    rows = pq.read_table(tmp_path / "out" / "verdicts").to_pylist()
    return res.summary, {r["url"]: r for r in rows}, res.violations


def verdict(rows: dict[str, dict[str, Any]], url: str) -> tuple[str, str, str | None]:
    row = rows[url]
    return row["crawl_verdict"], row["ai_verdict"], row["ai_source"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://rules.example.com/page", ("allowed", "allowed", None)),
        # the GPTBot group replaces the * group: /private/ is open to GPTBot
        ("https://rules.example.com/private/a", ("allowed", "allowed", None)),
        ("https://rules.example.com/news/b", ("disallowed", "reserved", "robots.txt")),
        # exactly 24 hours after the capture: still fresh
        ("https://rules.example.com/private/late", ("allowed", "allowed", None)),
        # one second more: the copy is stale, so "allowed" cannot be shown
        ("https://rules.example.com/page-late", ("unknown", "unknown", None)),
        ("https://gone.example.org/x", ("allowed", "allowed", None)),  # 404: unavailable
        ("https://down.example.net/x", ("disallowed", "reserved", "robots.txt")),  # 503
        ("https://silent.example.net/x", ("disallowed", "reserved", "robots.txt")),  # no response
        ("https://nobody.example.edu/x", ("unknown", "unknown", None)),  # never captured
        ("https://early.example.com/x", ("unknown", "unknown", None)),  # captured only later
        ("https://open.example.de/blocked", ("allowed", "reserved", "blocklist")),
        ("https://open.example.fr/tdm", ("allowed", "reserved", "tdmrep")),
        ("https://open.example.fr/noai", ("allowed", "reserved", "noai")),
        ("https://open.example.fr/meta", ("allowed", "reserved", "noai")),
        ("https://open.example.fr/aipref", ("allowed", "reserved", "aipref")),
        ("https://open.example.fr/ok", ("allowed", "allowed", None)),
        ("https://tdmfile.example.fr/reserved/x", ("allowed", "reserved", "tdmrep")),
        ("https://tdmfile.example.fr/free/x", ("allowed", "allowed", None)),
    ],
)
def test_verdict_per_source(result: Any, url: str, expected: tuple[str, str, str | None]) -> None:
    _summary, rows, _violations = result
    assert verdict(rows, url) == expected


def test_deciding_rule_and_reasons(result: Any) -> None:
    _summary, rows, _violations = result
    assert rows["https://rules.example.com/news/b"]["crawl_reason"] == (
        "robots.txt GPTBot line 5: Disallow: /news/"
    )
    assert "OS.REP.UNREACHABLE" in rows["https://down.example.net/x"]["crawl_reason"]
    assert "OS.REP.CACHE" in rows["https://rules.example.com/page-late"]["crawl_reason"]
    assert rows["https://nobody.example.edu/x"]["snapshot_us"] is None


def test_summary_counts_and_violations(result: Any) -> None:
    summary, _rows, violations = result
    assert summary["urls"] == len(MANIFEST)
    assert summary["crawl_verdicts"] == {"allowed": 13, "disallowed": 3, "unknown": 4}
    assert summary["reserved_by"] == {
        "aipref": 1,
        "blocklist": 1,
        "noai": 2,
        "robots.txt": 3,
        "tdmrep": 2,
    }
    crawl = [v for v in violations.to_pylist() if v["kind"] == "crawl"]
    assert [(v["domain"], v["urls"], v["bytes"]) for v in crawl] == [
        ("example.net", 2, 150),
        ("example.com", 1, 30),
    ]
    assert crawl[1]["sample_urls"] == ["https://rules.example.com/news/b"]
    training = {v["domain"]: v for v in violations.to_pylist() if v["kind"] == "training"}
    assert training["example.fr"]["urls"] == 5 and training["example.fr"]["bytes"] == 660
    assert summary["violations"]["training"]["urls"] == 9
    assert summary["signal_implementation"]["fetch_outcome"] == "gpaikit.rep.effective_robots"


def test_blocklist_file(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_text("www.Example.co.uk  # comment\n\nfoo.org\n", encoding="utf-8")
    assert read_blocklist(path) == {"example.co.uk", "foo.org"}
    path.write_text("https://x.org/\n", encoding="utf-8")
    with pytest.raises(DataInputError, match="not a domain") as info:
        read_blocklist(path)
    assert info.value.location is not None and info.value.location.line == 1


def test_cli_audit_json(tmp_path: Path) -> None:
    paths = scenario(tmp_path)
    args = [
        "audit",
        str(paths["manifest"]),
        "--robots",
        str(paths["robots"]),
        "--agent",
        "GPTBot",
        "--blocklist",
        str(paths["blocklist"]),
        "--tdmrep",
        str(paths["tdm"]),
        "--out",
        str(tmp_path / "o"),
    ]
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["agents"] == ["GPTBot"] and summary["urls"] == len(MANIFEST)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0 and "disallowed" in result.stdout

"""summarize end to end on DuckDB: volumes per domain, top list, modalities, bad rows, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
from typer.testing import CliRunner

from gpaikit.cli._data import app
from gpaikit.data import DuckDBEngine, summarize
from tests.data.conftest import fetch, write_canonical

T = "2025-03-01T10:00:00"


def small_manifest(path: Path) -> Path:
    rows = [
        fetch("https://www.big.example.com/a", T, length=1000, tokens=200),
        fetch("https://news.big.example.com/b", "2025-03-02T10:00:00", length=500, tokens=100),
        fetch("https://x.blogspot.com/1", T, length=700, content_type="image/png"),
        fetch("https://y.blogspot.com/2", T, length=100, content_type="image/jpeg"),
        fetch(
            "https://shop.example.co.uk/p",
            T,
            length=600,
            content_type="audio/mpeg",
            duration_s=1800.0,
        ),
        fetch("https://small.example.org/", T, length=300),
        fetch("https://small.example.org/missing", T, status=404, length=9999),
        fetch("https://tiny.example.net/", "2025-02-28T23:59:59", length=300),
        fetch("ftp://files.example.net/x", T),  # not http(s)
        fetch("https://neg.example.net/", T, length=-5),
        fetch("https://st.example.net/", T, status=999),
        fetch("https://mod.example.net/", T, modality="smell"),
    ]
    return write_canonical(path, rows)


def run(tmp_path: Path) -> dict:
    manifest = small_manifest(tmp_path / "m.parquet")
    engine = DuckDBEngine(threads=1)
    try:
        result = summarize([manifest], tmp_path / "out", engine)
    finally:
        engine.close()
    return result.summary


def test_domain_volumes_and_ranking(tmp_path: Path) -> None:
    summary = run(tmp_path)
    head = summary["domains"]["ranking_head"]
    assert [(r["rank"], r["domain"], r["bytes"]) for r in head] == [
        (1, "example.com", 1500),
        (2, "blogspot.com", 800),
        (3, "example.co.uk", 600),
        (4, "example.net", 300),
        (4, "example.org", 300),
    ]
    assert summary["domains"]["count"] == 5 and summary["domains"]["hosts"] == 7
    assert summary["domains"]["top"]["domains"] == ["example.com"]  # ceil(0.1 x 5) = 1
    assert summary["public_summary"]["TS.2.3.domains"] == ["example.com"]
    assert summary["public_suffix_list"]["section"] == "ICANN"
    table = pq.read_table(tmp_path / "out" / "domains.parquet")
    assert table.column("domain").to_pylist()[:2] == ["example.com", "blogspot.com"]
    assert table.column("top").to_pylist() == [True, False, False, False, False]


def test_only_successful_fetches_count_as_volume(tmp_path: Path) -> None:
    summary = run(tmp_path)
    assert summary["fetches"] == {"good": 8, "ok_2xx": 7, "other_status": 1}
    assert summary["domains"]["total_bytes"] == 1500 + 800 + 600 + 300 + 300


def test_modalities_and_size_ranges(tmp_path: Path) -> None:
    mods = run(tmp_path)["modalities"]
    assert mods["text"]["records"] == 4 and mods["text"]["tokens"] == 300
    assert mods["text"]["size"]["complete"] is False  # two text rows lack tokens
    assert mods["image"]["size"] == {
        "value": 2,
        "unit": "images",
        "range": "Less than 1 million images",
        "complete": True,
    }
    assert mods["audio"]["duration_hours"] == 0.5
    assert mods["audio"]["size"]["range"] == "Less than 10,000 hours"


def test_bad_rows_are_counted_with_examples(tmp_path: Path) -> None:
    summary = run(tmp_path)
    assert summary["rows"] == {"read": 12, "good": 8, "bad": 4}
    by_reason = summary["bad_rows"]["by_reason"]
    assert {r: v["count"] for r, v in by_reason.items()} == {
        "invalid_url": 1,
        "invalid_content_length": 1,
        "invalid_http_status": 1,
        "invalid_modality": 1,
    }
    [example] = by_reason["invalid_content_length"]["examples"]
    assert example["url"] == "https://neg.example.net/" and example["content_length"] == -5
    assert example["fetch_time"] == "2025-03-01T10:00:00Z"


def test_time_span(tmp_path: Path) -> None:
    assert run(tmp_path)["time_span"] == {
        "first": "2025-02-28T23:59:59Z",
        "last": "2025-03-02T10:00:00Z",
    }


def test_cli_summarize_json_and_text(tmp_path: Path) -> None:
    manifest = small_manifest(tmp_path / "m.parquet")
    runner = CliRunner()
    result = runner.invoke(
        app, ["summarize", str(manifest), "--out", str(tmp_path / "o"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["engine"] == "duckdb" and summary["rows"]["bad"] == 4
    written = json.loads((tmp_path / "o" / "summary.json").read_text(encoding="utf-8"))
    assert written == summary
    result = runner.invoke(app, ["summarize", str(manifest), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0
    assert "example.com" in result.stdout and "bad rows" in result.stdout


def test_cli_reports_missing_manifest(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["summarize", str(tmp_path / "nope.parquet"), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert "manifest not found" in result.output
    assert not (tmp_path / "o").exists()


def test_cli_sample_then_summarize(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["sample", "--rows", "5000", "--out", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    for name in ("manifest.parquet", "robots.parquet", "tdmrep.parquet", "blocklist.txt"):
        assert (tmp_path / "s" / name).exists()
    result = runner.invoke(
        app,
        [
            "summarize",
            str(tmp_path / "s" / "manifest.parquet"),
            "--out",
            str(tmp_path / "o"),
            "--format",
            "json",
        ],
    )
    summary = json.loads(result.stdout)
    assert summary["rows"]["read"] == 5000
    assert summary["domains"]["top"]["listed"] >= summary["domains"]["top"]["required"] > 0

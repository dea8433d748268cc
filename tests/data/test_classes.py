"""Differential: verdicts by URL class equal gpaikit.rep asked about every URL one by one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import gpaikit.rep as rep
from gpaikit.data import DuckDBEngine, SnapshotStore, audit, write_sample
from gpaikit.data._verdicts import like_pattern


@pytest.mark.parametrize(
    ("pattern", "like"),
    [
        ("/private/", "/private/%"),
        ("/a*b", "/a%b%"),
        ("/*.pdf$", "/%.pdf"),
        ("/x$", "/x"),
        ("/100%_off!", "/100!%!_off!!%"),
        ("/", "/%"),
    ],
)
def test_like_pattern(pattern: str, like: str) -> None:
    assert like_pattern(pattern) == like


def test_class_verdicts_equal_per_url_verdicts(tmp_path: Path) -> None:
    info = write_sample(tmp_path / "s", 6_000, seed=11)
    agents = ["GPTBot", "CCBot"]
    engine = DuckDBEngine(threads=1)
    try:
        audit([info.manifest], tmp_path / "o", engine, robots=[info.robots], agents=agents)
    finally:
        engine.close()
    store = SnapshotStore.from_files([info.robots])
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    rows = pq.read_table(tmp_path / "o" / "verdicts").to_pylist()
    assert len(rows) > 5_000
    for row in rows:
        when = epoch + dt.timedelta(microseconds=row["fetch_us"])
        snap = store.in_force(row["host"], when)
        if snap is None:
            assert row["crawl_verdict"] == "unknown"
            continue
        age = when - snap.fetch_time
        effective = rep.effective_robots(snap.http_status, snap.body, age=age)
        allowed = all(effective.allowed(row["url"], a) for a in agents)
        stale = age > rep.CACHE_CEILING
        expected = "allowed" if allowed else "disallowed"
        if allowed and stale:
            expected = "unknown"
        assert row["crawl_verdict"] == expected, row

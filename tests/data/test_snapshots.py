"""The capture in force at fetch time, with boundary times; reading captures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from gpaikit.data import DataInputError, RobotsCapture, SnapshotStore
from tests.data.conftest import write_warc

T0 = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)
US = dt.timedelta(microseconds=1)


def store() -> SnapshotStore:
    return SnapshotStore.from_captures(
        [
            RobotsCapture("a.example", T0 + dt.timedelta(hours=10), 200, b"B"),
            RobotsCapture("a.example", T0, 200, b"A"),
            RobotsCapture("A.Example.", T0 + dt.timedelta(hours=20), 503, None),
            RobotsCapture("b.example", T0, 404, None),
            RobotsCapture("b.example", T0, 200, b"later in input"),
        ]
    )


@pytest.mark.parametrize(
    ("offset", "body"),
    [
        (-US, None),  # before the first capture: none in force
        (dt.timedelta(0), b"A"),  # a capture taken at the very fetch time is in force
        (dt.timedelta(hours=10) - US, b"A"),
        (dt.timedelta(hours=10), b"B"),
        (dt.timedelta(hours=20), None),  # the 503 capture, which has no body
        (dt.timedelta(days=30), None),
    ],
)
def test_capture_in_force_at_boundaries(offset: dt.timedelta, body: bytes | None) -> None:
    found = store().in_force("a.example", T0 + offset)
    if offset < dt.timedelta(0):
        assert found is None
        return
    assert found is not None
    assert found.body == body
    if offset >= dt.timedelta(hours=20):
        assert found.http_status == 503


def test_same_time_later_capture_wins_and_unknown_host() -> None:
    s = store()
    found = s.in_force("b.example", T0)
    assert found is not None and found.body == b"later in input"
    assert s.in_force("c.example", T0) is None


def test_table_lists_replacement_times_and_shares_bodies() -> None:
    s = store()
    rows = s.table().to_pylist()
    a = [r for r in rows if r["host"] == "a.example"]
    assert [r["next_us"] for r in a] == [a[1]["t_us"], a[2]["t_us"], None]
    assert len(s) == 5 and len(s.variants) == 5
    again = SnapshotStore.from_captures(
        [RobotsCapture("x", T0, 200, b"A"), RobotsCapture("y", T0, 200, b"A")]
    )
    assert len(again.variants) == 1


def test_parquet_captures_with_url_column_and_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "r.parquet"
    pq.write_table(
        pa.table(
            {
                "url": ["https://A.example/robots.txt", "https://b.example/robots.txt", ""],
                "fetch_time": pa.array([T0, None, T0], pa.timestamp("us", tz="UTC")),
                "status": pa.array([200, 200, 200], pa.int32()),
                "content": ["User-agent: *\nDisallow: /x\n", "", ""],
            }
        ),
        path,
    )
    s = SnapshotStore.from_files([path])
    found = s.in_force("a.example", T0)
    assert found is not None and found.body == b"User-agent: *\nDisallow: /x\n"
    assert s.bad_rows.counts == {"missing_fetch_time": 1, "missing_url": 1}


def test_parquet_captures_need_their_columns(tmp_path: Path) -> None:
    path = tmp_path / "r.parquet"
    pq.write_table(pa.table({"host": ["a"]}), path)
    with pytest.raises(DataInputError, match="fetch_time"):
        SnapshotStore.from_files([path])


def test_warc_captures(tmp_path: Path) -> None:
    path = write_warc(
        tmp_path / "r.warc.gz",
        [("https://a.example/robots.txt", "2025-03-01T12:00:00Z", 200, {}, b"User-agent: *\n")],
    )
    found = SnapshotStore.from_files([path]).in_force("a.example", T0)
    assert found is not None and found.body == b"User-agent: *\n"

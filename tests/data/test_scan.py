"""The native manifest scan (``gpaikit.data._scan``) gives exactly the SQL's aggregation.

The SQL of ``gpaikit.data._sql`` (``aggregate_sql``, ``bad_examples_sql``) is the reference;
both run here on hostile manifests: every bad reason, NULLs everywhere, odd cases and types,
several files and row groups, and inputs the scan must hand back to the SQL.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from gpaikit import _hosts
from gpaikit.data import DuckDBEngine, prepare_inputs, summarize_prepared
from gpaikit.data._engine import sql_summary_scan
from gpaikit.data._scan import ScanResult, native_aggregate

pytestmark = pytest.mark.skipif(
    _hosts.native is None or not hasattr(_hosts.native, "ManifestScan"),
    reason="gpaikit-native is not installed (pip install 'gpaikit[fast]')",
)

URLS = [
    "https://Example.COM/a",
    "https://example.com/b?q=1",
    "http://user:pw@sub.example.co.uk:8080/x",
    "HTTPS://[2001:db8::1]/v6",
    "https://[::1/broken",
    "http://127.0.0.1/ip",
    "ftp://files.example/x",
    "https://",
    "",
    "not a url",
    "https://bücher.de/ä",
    "https://xn--bcher-kva.de/",
    "https://a.b.c.d.example.org/" + "p" * 300,
    "https://host.example./trailing-dot",
    "http://EXAMPLE.com:99999/port",
    "https://@example.net/empty-user",
    "https://exa mple.com/space",
]
STATUSES = [200, 204, 299, 300, 404, 500, 599, 99, 600, -1, 0, 2**31, 2**40]
TYPES = ["text/html", "TEXT/plain", "image/png", "Audio/ogg", "video/mp4", "application/PDF", ""]
MODALITIES = ["text", "IMAGE", "Audio", "video", "other", "movie", ""]


def _row(rng: random.Random) -> dict[str, Any]:
    def maybe(value: Any, p: float = 0.1) -> Any:
        return None if rng.random() < p else value

    base = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    return {
        "url": maybe(rng.choice(URLS) + rng.choice(["", "/1", "/2"]), 0.03),
        "fetch_time": maybe(base + dt.timedelta(seconds=rng.randrange(10**7)), 0.03),
        "http_status": maybe(rng.choice(STATUSES), 0.03),
        "content_length": maybe(rng.choice([0, 1, 1000, 2**30, -5, 2**41]), 0.03),
        "content_type": maybe(rng.choice(TYPES), 0.2),
        "modality": maybe(rng.choice(MODALITIES), 0.7),
        "tokens": maybe(rng.choice([0, 7, 10**6, -1, 2**41]), 0.5),
        "duration_s": maybe(rng.choice([0.0, 0.0015, 0.0025, 1.5, -0.5, 2e9, float("nan")]), 0.5),
    }


SCHEMA = pa.schema(
    [
        ("url", pa.string()),
        ("fetch_time", pa.timestamp("us", tz="UTC")),
        ("http_status", pa.int64()),
        ("content_length", pa.int64()),
        ("content_type", pa.string()),
        ("modality", pa.string()),
        ("tokens", pa.int64()),
        ("duration_s", pa.float64()),
    ]
)


def _write(path: Path, rows: list[dict[str, Any]], schema: pa.Schema = SCHEMA) -> Path:
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path, row_group_size=700)
    return path


def _both(tmp_path: Path, inputs: list[Path], keep: int = 3) -> tuple[ScanResult | None, Any]:
    prepared = prepare_inputs(inputs, tmp_path / "staged")
    engine = DuckDBEngine(threads=2)
    try:
        native = native_aggregate(prepared.sources, keep, threads=2)
        reference = sql_summary_scan(engine, prepared.sources, keep, None)
    finally:
        engine.close()
    return native, reference


def _rows(table: pa.Table) -> list[dict[str, Any]]:
    key = ("host", "modality", "bad_reason", "ok")
    return sorted(table.to_pylist(), key=lambda r: tuple(str(r[k]) for k in key))


def _assert_same(native: ScanResult | None, reference: ScanResult) -> None:
    assert native is not None, "the native scan refused an input it should read"
    assert _rows(native.table) == _rows(reference.table)
    assert native.examples == reference.examples


@pytest.mark.parametrize("seed", range(4))
def test_native_scan_equals_the_sql_on_hostile_rows(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    files = [_write(tmp_path / f"m{i}.parquet", [_row(rng) for _ in range(2500)]) for i in range(2)]
    native, reference = _both(tmp_path, files, keep=1 + seed)
    assert {r["bad_reason"] for r in reference.table.to_pylist()} >= {
        "",
        "missing_url",
        "invalid_url",
        "missing_fetch_time",
        "invalid_http_status",
        "invalid_content_length",
        "invalid_modality",
        "invalid_tokens",
        "invalid_duration",
    }
    _assert_same(native, reference)


def test_native_scan_reads_narrow_and_dictionary_columns(tmp_path: Path) -> None:
    rng = random.Random(7)
    rows = [_row(rng) for _ in range(2000)]
    for row in rows:  # int32 and int16 cannot hold the hostile values: keep them in range
        row["http_status"] = row["http_status"] if row["http_status"] in (200, 404, 99) else 500
        row["content_length"] = 10 if row["content_length"] is None else 12
    schema = pa.schema(
        [
            ("url", pa.dictionary(pa.int32(), pa.string())),
            ("fetch_time", pa.timestamp("ms", tz="UTC")),
            ("http_status", pa.int16()),
            ("content_length", pa.int32()),
            ("content_type", pa.large_string()),
            ("modality", pa.dictionary(pa.int8(), pa.string())),
            ("tokens", pa.int64()),
            ("duration_s", pa.float32()),
        ]
    )
    for row in rows:
        if row["fetch_time"] is not None:
            row["fetch_time"] = row["fetch_time"].replace(microsecond=0)
    native, reference = _both(tmp_path, [_write(tmp_path / "n.parquet", rows, schema)])
    _assert_same(native, reference)


def test_native_scan_hands_back_what_it_cannot_judge(tmp_path: Path) -> None:
    """Non-ASCII modality: the SQL's Unicode lower() decides; the scan declines."""
    rows = [
        {
            "url": "https://a.example/",
            "fetch_time": dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
            "http_status": 200,
            "content_length": 1,
            "modality": "TEXT\u0130",
        },
    ]
    native, _reference = _both(tmp_path, [_write(tmp_path / "u.parquet", rows)])
    assert native is None


def test_summaries_are_identical_with_and_without_the_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(11)
    files = [_write(tmp_path / "s.parquet", [_row(rng) for _ in range(3000)])]
    prepared = prepare_inputs(files, tmp_path / "staged")
    assert native_aggregate(prepared.sources, 3, threads=2) is not None  # the scan answers
    engine = DuckDBEngine(threads=2)
    try:
        fast = summarize_prepared(prepared, engine)
        monkeypatch.setattr("gpaikit.data._engine.native_aggregate", lambda *a, **k: None)
        slow = summarize_prepared(prepared, engine)
    finally:
        engine.close()
    assert fast.summary == slow.summary
    assert fast.domains.equals(slow.domains)


def test_group_buffers_that_do_not_check_out_hand_back_to_the_sql() -> None:
    """The groups cross from Rust as raw Arrow buffers; pyarrow validates them in full, and
    a column that is not valid (here: a host that is not UTF-8, offsets past the end) makes
    the scan give way to the SQL instead of passing on a broken table."""
    from gpaikit.data._scan import _group_table
    from gpaikit.data._schema import AGGREGATE_SCHEMA

    def strings(*values: bytes) -> tuple[Any, ...]:
        offsets = [0]
        for v in values:
            offsets.append(offsets[-1] + len(v))
        return (None, b"".join(o.to_bytes(8, "little") for o in offsets), b"".join(values))

    def ints(*values: int) -> tuple[Any, ...]:
        return (None, None, b"".join(v.to_bytes(8, "little", signed=True) for v in values))

    good: dict[str, tuple[Any, ...]] = {
        f.name: strings(b"a.example") if pa.types.is_string(f.type) else ints(1)
        for f in AGGREGATE_SCHEMA
    }
    good["ok"] = (None, None, b"\x01")
    table = _group_table(good)
    assert table is not None and table.schema == AGGREGATE_SCHEMA
    assert table.to_pylist()[0]["host"] == "a.example" and table.column("ok")[0].as_py()
    assert _group_table({**good, "host": strings(b"\xff\xfe")}) is None
    broken = (None, (0).to_bytes(8, "little") + (99).to_bytes(8, "little"), b"short")
    assert _group_table({**good, "url_min": broken}) is None

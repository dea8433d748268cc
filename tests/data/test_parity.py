"""DuckDB and Spark give identical results on the same input (Spark: local[2], loopback)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from gpaikit.data import DuckDBEngine, prepare_inputs, summarize_prepared, write_sample
from tests.data.conftest import write_robots
from tests.data.test_summarize import small_manifest

pytestmark = pytest.mark.spark


def both(tmp_path: Path, spark: Any, inputs: list[Path]) -> tuple[Any, Any]:
    from gpaikit.data._spark import SparkEngine

    prepared = prepare_inputs(inputs, tmp_path / "staged")
    duck = DuckDBEngine(threads=2)
    try:
        a = summarize_prepared(prepared, duck)
    finally:
        duck.close()
    b = summarize_prepared(prepared, SparkEngine(spark))
    return a, b


def assert_same(a: Any, b: Any) -> None:
    assert a.summary.pop("engine") == "duckdb"
    assert b.summary.pop("engine") == "spark"
    assert a.summary == b.summary
    assert a.domains.equals(b.domains)


def test_parity_on_the_synthetic_crawl(tmp_path: Path, spark: Any) -> None:
    info = write_sample(tmp_path / "s", 20_000)
    a, b = both(tmp_path, spark, [info.manifest])
    assert a.summary["domains"]["count"] > 20
    assert_same(a, b)


def test_parity_on_mixed_formats_with_bad_rows(tmp_path: Path, spark: Any) -> None:
    csv = tmp_path / "m.csv"
    csv.write_text(
        "url,fetch_time,http_status,content_length,content_type\n"
        "https://a.example.com/1,2025-03-01T10:00:00Z,200,1000,text/html\n"
        "https://b.example.org/2,2025-03-01T11:00:00Z,200,oops,text/html\n"
        "https://c.example.net/3,2025-03-01T12:00:00Z,200,1000,image/png\n",
        encoding="utf-8",
    )
    index = tmp_path / "cc" / "crawl=CC-MAIN-2025-10" / "subset=warc"
    index.mkdir(parents=True)
    pq.write_table(
        pa.table(
            {
                "url_surtkey": ["com,example,a)/x", "net,example,c)/y"],
                "url": ["https://a.example.com/x", "https://c.example.net/y"],
                "fetch_time": pa.array(
                    [dt.datetime(2025, 3, 2, tzinfo=dt.UTC)] * 2, pa.timestamp("us", tz="UTC")
                ),
                "fetch_status": pa.array([200, 200], pa.int16()),
                "content_mime_type": ["text/html", "text/html"],
                "warc_record_length": pa.array([1000, 1000], pa.int32()),
            }
        ),
        index / "part-0.parquet",
    )
    a, b = both(tmp_path, spark, [small_manifest(tmp_path / "m.parquet"), csv, tmp_path / "cc"])
    assert a.summary["rows"]["bad"] == 5
    assert a.summary["volume_basis"] == ["compressed_record_length", "payload_bytes"]
    assert_same(a, b)


def audit_both(tmp_path: Path, spark: Any, **kwargs: Any) -> tuple[Any, Any, pa.Table, pa.Table]:
    from gpaikit.data import audit
    from gpaikit.data._spark import SparkEngine

    duck = DuckDBEngine(threads=2)
    try:
        a = audit(out=tmp_path / "duck", engine=duck, **kwargs)
    finally:
        duck.close()
    b = audit(out=tmp_path / "spark", engine=SparkEngine(spark), **kwargs)
    keys = [("url", "ascending"), ("fetch_us", "ascending")]
    va = pq.read_table(tmp_path / "duck" / "verdicts").sort_by(keys)
    vb = pq.read_table(tmp_path / "spark" / "verdicts").sort_by(keys)
    return a, b, va, vb


def assert_same_audit(a: Any, b: Any, va: pa.Table, vb: pa.Table) -> None:
    for result in (a, b):
        result.summary.pop("engine")
        result.summary.pop("verdict_files")
    assert a.summary == b.summary
    assert a.violations.equals(b.violations)
    assert va.num_rows == vb.num_rows
    assert va.cast(vb.schema).equals(vb)


def test_audit_parity_on_the_synthetic_crawl(tmp_path: Path, spark: Any) -> None:
    info = write_sample(tmp_path / "s", 20_000)
    a, b, va, vb = audit_both(
        tmp_path,
        spark,
        inputs=[info.manifest],
        robots=[info.robots],
        agents=["GPTBot", "CCBot"],
        blocklist=info.blocklist,
        tdmrep=[info.tdmrep],
    )
    assert set(a.summary["reserved_by"]) == {"aipref", "blocklist", "noai", "robots.txt", "tdmrep"}
    assert_same_audit(a, b, va, vb)


def test_audit_parity_on_every_verdict_source(tmp_path: Path, spark: Any) -> None:
    from tests.data.test_audit import scenario

    paths = scenario(tmp_path)
    a, b, va, vb = audit_both(
        tmp_path,
        spark,
        inputs=[paths["manifest"]],
        robots=[paths["robots"]],
        agents=["GPTBot"],
        blocklist=paths["blocklist"],
        tdmrep=[paths["tdm"]],
    )
    assert_same_audit(a, b, va, vb)


def test_cli_summarize_on_spark(tmp_path: Path, spark: Any) -> None:
    import json

    from typer.testing import CliRunner

    from gpaikit.cli._data import app

    manifest = small_manifest(tmp_path / "m.parquet")
    args = ["summarize", str(manifest), "--engine", "spark", "--master", "local[2]"]
    result = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "o"), "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["engine"] == "spark" and summary["rows"]["bad"] == 4


HOSTILE = Path(__file__).resolve().parents[1] / "hostile" / "manifests"


def _hostile_parquet(path: Path) -> Path:
    """Values only the engines' SQL rules see (Parquet is not read row by row in Python)."""
    urls = [
        "http://[2001:DB8:0::1]:8080/a",
        "https://<img/x",
        "https://ok.example/1",
        "https://ok.example/2",
        "https://ok.example/3",
    ]
    pq.write_table(
        pa.table(
            {
                "url": urls,
                "fetch_time": pa.array(
                    [dt.datetime(2025, 3, 1, tzinfo=dt.UTC)] * 5, pa.timestamp("us", tz="UTC")
                ),
                "http_status": pa.array([200] * 5, pa.int32()),
                "content_length": pa.array([5, 5, 2**50, 5, 5], pa.int64()),
                "duration_s": pa.array([1.0, 1.0, 1.0, float("nan"), 1e300]),
                "tokens": pa.array([1, 1, 1, -1, 2**62], pa.int64()),
            }
        ),
        path,
    )
    return path


def test_parity_on_hostile_hosts_and_values(tmp_path: Path, spark: Any) -> None:
    inputs = [
        HOSTILE / "hostile-hosts.csv",
        HOSTILE / "huge-integers.csv",
        _hostile_parquet(tmp_path / "v.parquet"),
    ]
    a, b = both(tmp_path, spark, inputs)
    reasons = a.summary["bad_rows"]["by_reason"]
    assert {"invalid_host", "invalid_content_length", "invalid_duration"} <= set(reasons)
    assert "[2001:db8::1]" in a.domains.column("domain").to_pylist()
    assert_same(a, b)


def test_audit_parity_with_hostile_hosts(tmp_path: Path, spark: Any) -> None:
    hosts = ["[2001:db8::1]", "www.xn--bcher-kva.de", "secret.example", "ok.example"]
    when = dt.datetime(2025, 2, 28, tzinfo=dt.UTC)
    robots = write_robots(
        tmp_path / "robots.parquet", hosts, b"User-agent: *\nDisallow: /a\n", when
    )
    inputs = [HOSTILE / "hostile-hosts.csv", _hostile_parquet(tmp_path / "v.parquet")]
    a, b, va, vb = audit_both(tmp_path, spark, inputs=inputs, robots=[robots], agents=["GPTBot"])
    assert a.summary["manifest_bad_rows"]["by_reason"]["invalid_host"]["count"] == 4
    assert_same_audit(a, b, va, vb)


def test_recheck_parity(tmp_path: Path, spark: Any) -> None:
    """The re-audit against newer captures (and robots.txt usage lines) on both engines."""
    from tests.data.test_recheck import _paths

    paths = _paths(tmp_path)
    a, b, va, vb = audit_both(
        tmp_path,
        spark,
        inputs=[paths["manifest"]],
        robots=[paths["old"]],
        agents=["GPTBot"],
        current_robots=[paths["new"]],
        current_tdmrep=[paths["tdm"]],
    )
    assert a.summary["reserved_since_fetch"]["urls"] == 4
    assert_same_audit(a, b, va, vb)
    keys = [("url", "ascending")]
    ra = pq.read_table(tmp_path / "duck" / "reserved-since-fetch").sort_by(keys)
    rb = pq.read_table(tmp_path / "spark" / "reserved-since-fetch").sort_by(keys)
    assert ra.to_pylist() == rb.cast(ra.schema).to_pylist()

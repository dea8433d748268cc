"""Fixtures of the data-job tests: small manifests in every format, one shared SparkSession."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from gpaikit.data import CANONICAL_SCHEMA

UTC = dt.UTC


def canonical_rows(rows: list[dict[str, Any]]) -> pa.Table:
    full = [{name: row.get(name) for name in CANONICAL_SCHEMA.names} for row in rows]
    return pa.Table.from_pylist(full, schema=CANONICAL_SCHEMA)


def write_canonical(path: Path, rows: list[dict[str, Any]]) -> Path:
    pq.write_table(canonical_rows(rows), path)
    return path


def fetch(
    url: str, when: str, status: int = 200, length: int = 100, **extra: Any
) -> dict[str, Any]:
    return {
        "url": url,
        "fetch_time": dt.datetime.fromisoformat(when).replace(tzinfo=UTC),
        "http_status": status,
        "content_length": length,
        "content_type": extra.pop("content_type", "text/html"),
        **extra,
    }


def write_robots(path: Path, hosts: list[str], body: bytes, when: dt.datetime) -> Path:
    """A robots.txt capture table: the same body fetched from every host at ``when``."""
    pq.write_table(
        pa.table(
            {
                "host": hosts,
                "fetch_time": pa.array([when] * len(hosts), pa.timestamp("us", tz="UTC")),
                "http_status": [200] * len(hosts),
                "body": [body] * len(hosts),
            }
        ),
        path,
    )
    return path


def write_warc(path: Path, records: list[tuple[str, str, int, dict[str, str], bytes]]) -> Path:
    """records: (url, WARC-Date, status, extra headers, body)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, date, status, headers, body in records:
            http = StatusAndHeaders(
                f"{status} OK",
                [("Content-Type", "text/html"), *headers.items()],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(record)
            record.raw_stream.close()  # warcio buffers the payload in a temporary file
    return path


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local, loopback-only SparkSession (master local[2]) for every Spark test."""
    pytest.importorskip("pyspark")
    from gpaikit.data._spark import local_spark_session

    session = local_spark_session("local[2]", "gpaikit-tests")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(params=["python", "native"])
def host_engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with the Python host/URL/PSL reference and with the native core
    (``GPAIKIT_HOST_ENGINE``); native runs are skipped where gpaikit-native is missing."""
    from gpaikit import _hosts

    engine: str = request.param
    if engine == "native" and _hosts.native is None:
        pytest.skip("gpaikit-native is not installed (pip install 'gpaikit[fast]')")
    monkeypatch.setattr(_hosts, "DEFAULT", engine)
    return engine

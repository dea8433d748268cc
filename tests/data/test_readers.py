"""Each input format maps to the canonical schema; unparsable lines are counted, not fatal."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from gpaikit.data import DataInputError, DuckDBEngine, detect_format, prepare_inputs
from gpaikit.data._readers import parse_time
from tests.data.conftest import fetch, write_canonical, write_warc


def staged_rows(tmp_path: Path, path: Path, fmt: str | None = None) -> tuple[list[dict], object]:
    prepared = prepare_inputs([path], tmp_path / "staged", fmt)
    engine = DuckDBEngine(threads=1)
    try:
        union = engine.union_sql(prepared.sources)
        rows = engine._con.sql(f"SELECT * FROM ({union}) ORDER BY url").to_arrow_table()
    finally:
        engine.close()
    return rows.to_pylist(), prepared


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.parquet", "parquet"),
        ("a.csv", "csv"),
        ("a.csv.gz", "csv"),
        ("a.jsonl", "jsonl"),
        ("a.ndjson", "jsonl"),
        ("a.cdxj", "cdx"),
        ("a.cdx.gz", "cdx"),
        ("a.warc.gz", "warc"),
    ],
)
def test_format_detection(name: str, fmt: str) -> None:
    assert detect_format(Path(name)) == fmt


def test_unknown_format_is_an_input_error_with_a_hint() -> None:
    with pytest.raises(DataInputError, match="cannot tell the format") as info:
        detect_format(Path("crawl.xlsx"))
    assert info.value.hint


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-01T10:00:00Z", dt.datetime(2025, 3, 1, 10, tzinfo=dt.UTC)),
        ("2025-03-01 10:00:00", dt.datetime(2025, 3, 1, 10, tzinfo=dt.UTC)),
        ("2025-03-01T12:00:00+02:00", dt.datetime(2025, 3, 1, 10, tzinfo=dt.UTC)),
        ("20250301100000", dt.datetime(2025, 3, 1, 10, tzinfo=dt.UTC)),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_time(value: str, expected: dt.datetime | None) -> None:
    assert parse_time(value) == expected


def test_canonical_parquet_is_scanned_in_place(tmp_path: Path) -> None:
    path = write_canonical(
        tmp_path / "m.parquet", [fetch("https://a.example/x", "2025-03-01T10:00:00")]
    )
    rows, prepared = staged_rows(tmp_path, path)
    assert prepared.sources[0].files == (str(path),)
    assert rows[0]["url"] == "https://a.example/x" and rows[0]["content_length"] == 100
    assert not (tmp_path / "staged").exists()


def test_csv_with_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(
        "url,fetch_time,http_status,content_length,content_type,tokens\n"
        "https://a.example/1,2025-03-01T10:00:00Z,200,1000,text/html,250\n"
        "https://a.example/2,2025-03-01T11:00:00Z,200,lots,text/html,\n"
        "https://a.example/3,not a date,200,10,text/html,\n"
        "https://a.example/4,2025-03-01T12:00:00Z,404\n"
        "https://b.example/5,20250301130000,301,0,,\n",
        encoding="utf-8",
    )
    rows, prepared = staged_rows(tmp_path, path)
    assert [r["url"] for r in rows] == ["https://a.example/1", "https://b.example/5"]
    assert rows[0]["tokens"] == 250 and rows[1]["http_status"] == 301
    bad = prepared.bad_rows
    assert bad.counts == {
        "invalid_content_length": 1,
        "missing_fetch_time": 1,
        "unparsable": 1,
    }
    assert bad.examples["invalid_content_length"][0]["line"] == 3
    assert bad.examples["unparsable"][0] == {"file": "m.csv", "line": 5}


def test_csv_without_url_column_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("link,when\nx,y\n", encoding="utf-8")
    with pytest.raises(DataInputError, match="no 'url' column"):
        prepare_inputs([path], tmp_path / "s")


def test_jsonl_with_aliases_and_broken_lines(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    lines = [
        json.dumps(
            {
                "url": "https://a.example/",
                "timestamp": "2025-03-01T10:00:00Z",
                "status": 200,
                "length": 5,
                "mime": "image/png",
                "modality": "image",
            }
        ),
        "{not json",
        json.dumps(["a", "list"]),
        "",
        json.dumps(
            {
                "url": "https://c.example/",
                "fetch_time": "2025-03-02T00:00:00Z",
                "http_status": "200",
                "content_length": 7.0,
            }
        ),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows, prepared = staged_rows(tmp_path, path)
    assert [(r["url"], r["content_length"], r["content_type"]) for r in rows] == [
        ("https://a.example/", 5, "image/png"),
        ("https://c.example/", 7, None),
    ]
    assert prepared.bad_rows.counts == {"unparsable": 2}
    assert [e["line"] for e in prepared.bad_rows.examples["unparsable"]] == [2, 3]


def test_cdx_classic_and_cdxj(tmp_path: Path) -> None:
    path = tmp_path / "m.cdx"
    path.write_text(
        " CDX N b a m s k r M S V g\n"
        "com,example)/ 20250301100000 https://example.com/ text/html 200 SHA1 - - 2345 100 f.warc.gz\n"
        "com,example)/x 20250301100001 https://example.com/x text/html 200 SHA1 - - 99\n"
        'com,example)/y 20250301100002 {"url": "https://example.com/y", "mime": "text/html", '
        '"status": "404", "length": "512", "offset": "7", "filename": "f.warc.gz"}\n',
        encoding="utf-8",
    )
    rows, prepared = staged_rows(tmp_path, path)
    assert [(r["url"], r["http_status"], r["content_length"]) for r in rows] == [
        ("https://example.com/", 200, 2345),
        ("https://example.com/y", 404, 512),
    ]
    assert prepared.bad_rows.counts == {"unparsable": 1}
    assert prepared.sources[0].volume_basis == "compressed_record_length"
    assert any("compressed WARC record length" in n for n in prepared.notes)


def test_common_crawl_columnar_index(tmp_path: Path) -> None:
    table = pa.table(
        {
            "url_surtkey": ["com,example)/a"],
            "url": ["https://www.example.com/a"],
            "url_host_name": ["www.example.com"],
            "url_host_registered_domain": ["example.com"],
            "fetch_time": pa.array(
                [dt.datetime(2024, 2, 21, 7, 0, tzinfo=dt.UTC)], pa.timestamp("ms", tz="UTC")
            ),
            "fetch_status": pa.array([200], pa.int16()),
            "content_mime_type": ["text/html"],
            "content_mime_detected": ["text/html"],
            "warc_filename": ["crawl-data/x.warc.gz"],
            "warc_record_offset": pa.array([10], pa.int32()),
            "warc_record_length": pa.array([4321], pa.int32()),
        }
    )
    part = tmp_path / "index" / "crawl=CC-MAIN-2024-10" / "subset=warc"
    part.mkdir(parents=True)
    pq.write_table(table, part / "part-0.parquet")
    rows, prepared = staged_rows(tmp_path, tmp_path / "index")
    assert rows[0]["content_length"] == 4321
    assert rows[0]["http_status"] == 200
    assert rows[0]["source_id"] == "CC-MAIN-2024-10"
    assert prepared.sources[0].volume_basis == "compressed_record_length"


def test_warc_manifest_headers_and_robots(tmp_path: Path) -> None:
    path = write_warc(
        tmp_path / "c.warc.gz",
        [
            (
                "https://a.example/robots.txt",
                "2025-03-01T09:00:00Z",
                200,
                {},
                b"User-agent: *\nDisallow: /private/\n",
            ),
            (
                "https://a.example/page",
                "2025-03-01T10:00:00Z",
                200,
                {"X-Robots-Tag": "noai", "tdm-reservation": "1"},
                b'<html><head><meta name="robots" content="noai, noimageai"></head></html>',
            ),
            ("https://b.example/gone", "2025-03-01T11:00:00Z", 404, {}, b"nope"),
        ],
    )
    rows, prepared = staged_rows(tmp_path, path)
    by_url = {r["url"]: r for r in rows}
    assert set(by_url) == {
        "https://a.example/robots.txt",
        "https://a.example/page",
        "https://b.example/gone",
    }
    page = by_url["https://a.example/page"]
    assert page["x_robots_tag"] == "noai" and page["tdm_reservation"] == "1"
    assert page["html_meta"] == '<meta name="robots" content="noai, noimageai">'
    assert page["content_length"] == len(
        b'<html><head><meta name="robots" content="noai, noimageai"></head></html>'
    )
    assert by_url["https://b.example/gone"]["http_status"] == 404
    [robots] = prepared.robots
    assert robots.host == "a.example" and robots.http_status == 200
    assert robots.body == b"User-agent: *\nDisallow: /private/\n"
    assert robots.fetch_time == dt.datetime(2025, 3, 1, 9, tzinfo=dt.UTC)


def test_truncated_warc_counts_a_bad_record(tmp_path: Path) -> None:
    good = write_warc(
        tmp_path / "g.warc.gz",
        [("https://a.example/", "2025-03-01T10:00:00Z", 200, {}, b"x" * 50)],
    )
    broken = tmp_path / "b.warc"
    broken.write_bytes(good.read_bytes() + b"this is not a warc record\r\n\r\n")
    _rows, prepared = staged_rows(tmp_path, broken)
    assert prepared.bad_rows.counts.get("unparsable") == 1

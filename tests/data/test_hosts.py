"""Host and URL hygiene (issue 10, "Crawl strings reach published pages").

Before, hosts like ``<img``, ``"><svg`` and ``[a](javascript`` were counted as domains and
listed in the public summary, URLs with ``user:password@`` and query tokens were published as
audit samples, an IPv6 literal became the domain ``[2001`` and an IDN and its punycode
counted as two domains. The contract of :func:`check_host` and :func:`redact_url` is
documented in ``gpaikit._hosts``; the native core runs them too (fixture ``host_engine``).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import string
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gpaikit.data import (
    DuckDBEngine,
    UrlPolicy,
    audit,
    check_host,
    read_blocklist,
    redact_url,
    summarize,
    url_policy,
)
from gpaikit.data._schema import DataInputError
from tests.data.conftest import write_robots

VALID = [
    ("example.com", "example.com"),
    ("Example.COM.", "example.com"),
    ("www.bücher.de", "www.xn--bcher-kva.de"),
    ("WWW.BÜCHER.DE", "www.xn--bcher-kva.de"),
    ("www.xn--bcher-kva.de", "www.xn--bcher-kva.de"),
    ("XN--BCHER-KVA.de", "xn--bcher-kva.de"),
    ("faß.de", "xn--fa-hia.de"),
    ("ａｂｃ.com", "abc.com"),
    ("例え.jp", "xn--r8jz45g.jp"),
    ("a_b.example", "a_b.example"),
    ("a-b.example", "a-b.example"),
    ("192.0.2.1", "192.0.2.1"),
    ("[2001:DB8:0:0::1]", "[2001:db8::1]"),
    ("[::ffff:192.0.2.1]", "[::ffff:c000:201]"),
    ("x" * 63 + ".example", "x" * 63 + ".example"),
]
INVALID = [
    "",
    ".",
    "<img",
    '"><svg',
    "[a](javascript",
    "[2001",
    "[2001:db8::1",
    "[fe80::1%25eth0]",
    "[v1.future]",
    "a b.example",
    "a%2eb.example",
    "-a.example",
    "a-.example",
    "a..b",
    ".a.example",
    "x" * 64 + ".example",
    ("a" * 60 + ".") * 5 + "com",
    "127.1",
    "0x7f.0.0.1",
    "2130706433",
    "256.0.0.1",
    "01.2.3.4",
    "example.123",
    "xn--zz.com",
    "a@b.example",
    "a/b",
    "javascript:alert(1)",
    "\x1b[31m.example",
]


@pytest.mark.usefixtures("host_engine")
@pytest.mark.parametrize(("raw", "canonical"), VALID)
def test_valid_hosts_have_one_canonical_form(raw: str, canonical: str) -> None:
    assert check_host(raw) == (canonical, None)
    assert check_host(canonical) == (canonical, None)


@pytest.mark.usefixtures("host_engine")
@pytest.mark.parametrize("raw", INVALID)
def test_invalid_hosts_are_refused_with_a_reason(raw: str) -> None:
    host, problem = check_host(raw)
    assert host is None and problem


@pytest.mark.usefixtures("host_engine")
@given(st.text(max_size=80))
@settings(max_examples=400, deadline=None)
def test_a_canonical_host_is_plain_ascii_and_stable(raw: str) -> None:
    host, problem = check_host(raw)
    assert (host is None) != (problem is None)
    if host is not None:
        assert host.isascii() and host == host.lower() and len(host) <= 253 + 2
        assert set(host) <= set(string.ascii_lowercase + string.digits + "-._[]:")
        assert check_host(host) == (host, None)


REDACT = [
    (
        "https://user:secret@Example.com:8443/a b/<x>?token=abc#frag",
        "https://example.com:8443/a%20b/%3Cx%3E",
    ),
    ("http://[2001:db8:0::1]:80/x?y=1", "http://[2001:db8::1]:80/x"),
    ("https://bücher.de/ä?q", "https://xn--bcher-kva.de/%C3%A4"),
    ("https://e.example/p?", "https://e.example/p"),
    ('https://e.example/"><script>', "https://e.example/%22%3E%3Cscript%3E"),
    ("http://<img/x", "(invalid URL)"),
    ("javascript:alert(1)", "(invalid URL)"),
    ("http://a@b@c.example/", "(invalid URL)"),
]


@pytest.mark.usefixtures("host_engine")
@pytest.mark.parametrize(("url", "shown"), REDACT)
def test_published_urls_lose_credentials_queries_and_markup(url: str, shown: str) -> None:
    assert redact_url(url) == shown


@pytest.mark.usefixtures("host_engine")
def test_redaction_is_configurable() -> None:
    url = "https://user:pw@e.example/p?q=1#f"
    assert redact_url(url, url_policy("credentials")) == "https://e.example/p?q=1#f"
    assert redact_url(url, url_policy("none")) == url
    assert redact_url(url, UrlPolicy(strip_credentials=False)) == "https://user:pw@e.example/p"
    with pytest.raises(ValueError, match="unknown URL redaction"):
        url_policy("some")  # type: ignore[arg-type]


@pytest.mark.usefixtures("host_engine")
@given(st.text(max_size=120))
@settings(max_examples=400, deadline=None)
def test_a_redacted_url_never_carries_credentials_queries_or_markup(url: str) -> None:
    shown = redact_url(url)
    assert not set(shown) & set("<>\"' \\`{}|^") or shown == "(invalid URL)"
    if shown != "(invalid URL)":
        authority = shown.split("://", 1)[1].split("/", 1)[0]
        assert "@" not in authority and "?" not in shown and "#" not in shown


# -- the jobs ------------------------------------------------------------------------------

HOSTILE_ROWS = [
    "https://<img/x",
    'https://"><svg/x',
    "https://[a](javascript:alert(1))/x",
    "http://[2001:db8::1]/a",
    "http://[2001:DB8:0::1]:8080/b",
    "http://[2001/broken",
    "https://www.bücher.de/a",
    "https://www.xn--bcher-kva.de/b",
    "https://user:hunter2@secret.example/private?token=abc123",
    "https://ok.example/",
]


def _manifest(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["url", "fetch_time", "http_status", "content_length"])
        writer.writerows([u, "2025-03-01T10:00:00Z", 200, 100] for u in HOSTILE_ROWS)
    return path


@pytest.mark.usefixtures("host_engine")
def test_summarize_counts_hostile_hosts_as_bad_rows_and_idns_once(tmp_path: Path) -> None:
    engine = DuckDBEngine(threads=1)
    try:
        result = summarize([_manifest(tmp_path / "m.csv")], tmp_path / "out", engine)
    finally:
        engine.close()
    summary = result.summary
    domains = set(result.domains.column("domain").to_pylist())
    assert domains == {"[2001:db8::1]", "xn--bcher-kva.de", "secret.example", "ok.example"}
    table = result.domains.to_pydict()
    by_domain = dict(zip(table["domain"], table["records"], strict=True))
    assert by_domain["xn--bcher-kva.de"] == 2 and by_domain["[2001:db8::1]"] == 2
    bad = summary["bad_rows"]["by_reason"]
    assert bad["invalid_host"]["count"] == 3
    assert bad["invalid_url"]["count"] == 1  # "[2001" without its bracket: no host at all
    text = (tmp_path / "out" / "summary.json").read_text()
    for leak in ("hunter2", "token=abc123", "javascript"):
        assert leak not in text


def test_audit_samples_carry_no_credentials_or_tokens(tmp_path: Path) -> None:
    hosts = ["secret.example", "[2001:db8::1]", "www.xn--bcher-kva.de", "ok.example"]
    when = dt.datetime(2025, 3, 1, 9, tzinfo=dt.UTC)
    robots = write_robots(tmp_path / "robots.parquet", hosts, b"User-agent: *\nDisallow: /\n", when)
    engine = DuckDBEngine(threads=1)
    try:
        result = audit(
            [_manifest(tmp_path / "m.csv")],
            tmp_path / "out",
            engine,
            robots=[robots],
            agents=["GPTBot"],
        )
    finally:
        engine.close()
    text = (tmp_path / "out" / "audit.json").read_text()
    assert "hunter2" not in text and "token=abc123" not in text and "<img" not in text
    crawl = result.summary["violations"]["crawl"]
    shown = {d["domain"]: d["sample_urls"] for d in crawl["top_domains"]}
    assert shown["secret.example"] == ["https://secret.example/private"]
    # IDN and punycode spellings met the same robots.txt capture: all disallowed, none unknown
    assert result.summary["crawl_verdicts"] == {"allowed": 0, "disallowed": 6, "unknown": 0}
    rows = result.summary["manifest_bad_rows"]["by_reason"]
    assert rows["invalid_host"]["count"] == 3 and rows["invalid_url"]["count"] == 1
    samples = pq.read_table(tmp_path / "out" / "violations.parquet").column("sample_urls")
    assert "hunter2" not in json.dumps(samples.to_pylist())


@pytest.mark.usefixtures("host_engine")
def test_blocklist_entries_are_hosts(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("# excluded\nBücher.de\nxn--bcher-kva.de  # same\nnews.example.co.uk\n")
    assert read_blocklist(good) == {"xn--bcher-kva.de", "example.co.uk"}
    bad = tmp_path / "bad.txt"
    bad.write_text("ok.example\n<script>alert(1)</script>\n")
    with pytest.raises(DataInputError, match=r"bad.txt:2"):
        read_blocklist(bad)

"""``host_sql`` (what the jobs use) gives exactly what ``HOST_REGEX`` defines, and the audit's
path is the URL without scheme and authority."""

from __future__ import annotations

import duckdb
import pytest

from gpaikit.data._sql import HOST_REGEX, host_sql

URLS = [
    "https://www.example.com/a/b?q=1",
    "HTTP://Example.COM",
    "http://user:pw@host.example:8080/x",
    "http://a@b@c.example/x",
    "https://host.example:443?x#y",
    "https://host.example#frag",
    "http://[::1]:8080/",
    "http://:80/",
    "http:///path",
    "ftp://host.example/file",
    "mailto:someone@example.com",
    "https:/host.example/",
    "httpss://host.example/",
    "https://xn--bcher-kva.example/ü",
    "",
    "https://@/",
    "https://u@:9/",
    "http://[2001:db8::1]/",
    "http://user@[2001:DB8::1]:8443/x",
    "http://[2001:db8::1/x]",
    "http://[2001",
    "http://[a](javascript:alert(1))/",
    "http://a[b.example/",
    "http://[::1]x:80/",
    "https://<img/",
]


@pytest.mark.parametrize("url", URLS)
def test_host_sql_equals_the_regex(url: str) -> None:
    con = duckdb.connect()
    regex, fast = con.execute(
        f"SELECT regexp_extract(u, '{HOST_REGEX}', 1), {host_sql('u')} FROM (SELECT ? AS u)",
        [url],
    ).fetchone() or (None, None)
    assert fast == regex

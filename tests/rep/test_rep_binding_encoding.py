"""Where the ``fast-robotstxt`` binding differs from upstream google/robotstxt.

The binding is built from a fork (nzrsky/robotstxt) that normalises URLs with a WHATWG URL
parser and decodes percent-escapes. google mode follows upstream ``robots.cc``: rule values
get bytes >= 0x80 escaped and ``%xx`` upper-cased, and the URL is used as given
(``OS.GRT.ESCAPE``, ``OS.GRT.URL``). Each row: rule, URL, upstream verdict (google mode),
the binding's verdict, and the rfc-mode verdict. docs/rep.md carries the same table.
"""

from __future__ import annotations

import pytest

from gpaikit.rep import RobotsTxt

# (case, Disallow value, URL, upstream allowed, binding allowed, rfc allowed)
CASES = [
    ("unreserved escape in rule", "/foo/bar/%62%61%7A", "http://x/foo/bar/baz", True, False, False),
    ("unreserved escape in URL", "/foo/bar/baz", "http://x/foo/bar/%62%61%7A", True, False, False),
    ("lower-case escape in URL", "/foo/%7A", "http://x/foo/%7a", True, False, False),
    ("raw non-ASCII URL", "/ä", "http://x/ä", True, False, False),
    ("lower-case UTF-8 escape in URL", "/ä", "http://x/%c3%a4", True, False, False),
    ("space in URL", "/a%20b", "http://x/a b", True, False, False),
    ("dot segments", "/b", "http://x/a/../b", True, False, True),
    ("dot segments kept literally", "/a/../b", "http://x/a/../b", False, True, False),
    ("single dot segment", "/x", "http://x/./x", True, False, True),
    ("backslash", "/a/b", "http://x/a\\b", True, False, True),
    ("backslash kept literally", "/a\\b", "http://x/a\\b", False, True, False),
    ("escaped '|' in rule", "/a%7Cb", "http://x/a|b", True, False, True),
    ("escaped '\"' in rule", "/a%22b", 'http://x/a"b', True, False, True),
    ("encoded slash in URL", "//", "http://x/%2F:", True, False, True),
    ("encoded slash in rule", "%2F*$", "http://x/y", True, False, True),
    ("encoded dot segment", "/%2E", "http://x/%2E", False, True, False),
    ("empty query", "/~$", "http://x/~?", True, False, True),
    ("not a URL", "/a", "not a url /a", False, True, False),
]


@pytest.mark.parametrize(
    ("case", "rule", "url", "upstream", "binding", "rfc"), CASES, ids=[c[0] for c in CASES]
)
def test_google_mode_follows_upstream(
    case: str, rule: str, url: str, upstream: bool, binding: bool, rfc: bool
) -> None:
    body = f"User-agent: *\nDisallow: {rule}\n"
    assert RobotsTxt.parse(body, mode="google").allowed(url, "bot") is upstream
    assert RobotsTxt.parse(body, mode="rfc").allowed(url, "bot") is rfc


@pytest.mark.parametrize(
    ("case", "rule", "url", "upstream", "binding", "rfc"), CASES, ids=[c[0] for c in CASES]
)
def test_the_binding_differs_as_recorded(
    case: str, rule: str, url: str, upstream: bool, binding: bool, rfc: bool
) -> None:
    robotstxt = pytest.importorskip("robotstxt")
    body = f"User-agent: *\nDisallow: {rule}\n"
    assert robotstxt.RobotsMatcher().is_allowed(body, "bot", url) is binding
    assert binding is not upstream


def test_upstream_escaping_of_rules() -> None:
    # MaybeEscapePattern: "%aa" -> "%AA", bytes >= 0x80 -> %XX (upper case).
    robots = RobotsTxt.parse("User-agent: *\nDisallow: /%aa\nDisallow: /é\n", mode="google")
    assert [r.pattern for r in robots.groups[0].rules] == ["/%AA", "/%C3%A9"]
    assert not robots.allowed("http://x/%AA", "bot")
    assert robots.allowed("http://x/%aa", "bot")  # the URL is not normalised
    assert not robots.allowed("http://x/%C3%A9", "bot")

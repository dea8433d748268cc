"""google mode against upstream google/robotstxt's own rules (``robots.cc``), restated here.

Two places where gpaikit once followed the ``fast-robotstxt`` binding rather than upstream:

* A line without a colon (GetKeyAndValueFrom): the separator is the first space or tab;
  only spaces and tabs after it are skipped, and the line counts only if no space or tab
  follows (exactly two words). VT and FF are whitespace for stripping but not separators, so
  ``disallow \\f /x`` has three words and is ignored. The binding accepts it.
* A NUL inside the URL path (AllowedByRobots): upstream takes the path with
  GetPathParamsQuery and hands it to the matcher as a C string, so the path ends at the NUL.

The models below are written from reading ``robots.cc`` (github.com/google/robotstxt,
2026-04); they are specifications, not ports of its code. Both engines run every test.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gpaikit.rep import RobotsTxt
from tests.rep.test_rep_properties import reference_matches as upstream_matches  # OS.GRT.MATCH

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ASCII_SPACE = b" \t\n\r\x0b\x0c"  # absl::ascii_isspace


def upstream_key_value(line: bytes) -> tuple[bytes, bytes] | None:
    """Key and value of a robots.txt line as upstream splits it, or None (no directive)."""
    line = line.split(b"#", 1)[0].strip(ASCII_SPACE)
    if not line:
        return None
    colon = line.find(b":")
    if colon >= 0:
        key, value = line[:colon], line[colon + 1 :]
    else:
        blanks = [i for i in (line.find(b" "), line.find(b"\t")) if i >= 0]
        if not blanks:
            return None
        sep = min(blanks)
        after = line[sep:].lstrip(b" \t")  # strspn over spaces and tabs only
        if b" " in after or b"\t" in after:
            return None  # more than two words
        key, value = line[:sep], line[sep + 1 :]
    key, value = key.strip(ASCII_SPACE), value.strip(ASCII_SPACE)
    return (key, value) if key else None


def upstream_path(url: str) -> str:
    """GetPathParamsQuery, then the path as the matcher sees it: up to the first NUL."""
    start = 2 if url.startswith("//") else 0
    early = min((i for i in (url.find(c, start) for c in "/?;") if i >= 0), default=-1)
    protocol = url.find("://", start)
    after = start if protocol < 0 or 0 <= early < protocol else protocol + 3
    path_start = min((i for i in (url.find(c, after) for c in "/?;") if i >= 0), default=-1)
    if path_start < 0:
        path = "/"
    else:
        hash_at = url.find("#", start)
        if 0 <= hash_at < path_start:
            path = "/"
        else:
            path = url[path_start : hash_at if hash_at >= 0 else len(url)]
            path = path if path.startswith("/") else "/" + path
    return path.split("\0", 1)[0]


# -- the separator of a line without a colon --------------------------------------------

NO_COLON = [
    (b"disallow /x", (b"disallow", b"/x")),
    (b"disallow\t/x", (b"disallow", b"/x")),
    (b"disallow \t \t/x", (b"disallow", b"/x")),
    (b"disallow \x0b/x", (b"disallow", b"/x")),  # VT after the separator: stripped
    (b"disallow /x\x0c", (b"disallow", b"/x")),  # FF at the end: stripped
    (b"disallow /x\x0b/y", (b"disallow", b"/x\x0b/y")),  # VT inside the value: kept
    (b"disallow \x0c \x0c/x", None),  # FF between blanks: three words for upstream
    (b"disallow \x0b\t/x", None),
    (b"disallow\x0b/x", None),  # VT is no separator
    (b"disallow\x0c /x", (b"disallow", b"/x")),  # the key is stripped of FF
    (b"disallow /x /y", None),
]


@pytest.mark.parametrize(("line", "expected"), NO_COLON)
def test_model_of_the_no_colon_rule(line: bytes, expected: tuple[bytes, bytes] | None) -> None:
    assert upstream_key_value(line) == expected


def _read_rule(line: bytes) -> str | None:
    robots = RobotsTxt.parse(b"user-agent: *\n" + line + b"\n", mode="google")
    rules = [r for g in robots.groups for r in g.rules]
    return rules[0].raw if rules else None


@pytest.mark.parametrize(("line", "expected"), NO_COLON)
def test_google_mode_reads_lines_without_colon_like_upstream(
    line: bytes, expected: tuple[bytes, bytes] | None
) -> None:
    assert _read_rule(line) == (expected[1].decode() if expected else None)
    verdict = RobotsTxt.parse(b"user-agent: *\n" + line + b"\n", mode="google").allowed(
        "http://h/x", "bot"
    )
    assert verdict is (expected is None or not b"/x".startswith(expected[1]))


separators = st.lists(st.sampled_from([b" ", b"\t", b"\x0b", b"\x0c"]), min_size=0, max_size=4)
words = st.lists(st.sampled_from([b"/x", b"/y", b"a", b"\x0b", b"\x0c", b" ", b"\t", b":"]))


@SETTINGS
@given(before=separators, between=separators, value=words)
def test_google_mode_splits_like_upstream(
    before: list[bytes], between: list[bytes], value: list[bytes]
) -> None:
    line = b"".join(before) + b"disallow" + b"".join(between) + b"".join(value)
    model = upstream_key_value(line)
    # Keys are matched by prefix (KeyIsDisallow): "disallow/x" is a disallow key too.
    is_rule = model is not None and model[0].lower().startswith(b"disallow")
    expected = model[1].decode() if model is not None and is_rule else None
    assert _read_rule(line) == expected


# -- a NUL in the URL path ------------------------------------------------------------------

NUL_CASES = [
    ("/a$", "http://h/a\0b", False),  # path "/a" matches "/a$"
    ("/a*b", "http://h/a\0b", True),  # path "/a" does not reach "b"
    ("/a", "http://h/a\0b", False),
    ("/b", "http://h/\0/b", True),  # path "/"
    ("/b", "http://h\0x/b", False),  # a NUL in the authority does not move the path
    ("/", "\0", False),
    ("/a?$", "http://h/a?\0#x", False),
]


@pytest.mark.parametrize(("pattern", "url", "expected"), NUL_CASES)
def test_google_mode_stops_the_path_at_a_nul(pattern: str, url: str, expected: bool) -> None:
    assert (not upstream_matches(upstream_path(url), pattern)) is expected
    robots = RobotsTxt.parse(f"User-agent: *\nDisallow: {pattern}\n", mode="google")
    assert robots.allowed(url, "bot") is expected
    assert robots.allowed_many([url] * 40, "bot") == [expected] * 40
    assert robots.decision(url, "bot").path == upstream_path(url)


def test_rfc_mode_encodes_a_nul_instead() -> None:
    robots = RobotsTxt.parse("User-agent: *\nDisallow: /a*b\n", mode="rfc")
    assert not robots.allowed("http://h/a\0b", "bot")
    assert robots.decision("http://h/a\0b", "bot").path == "/a%00b"


url_text = st.lists(
    st.sampled_from(["/", "a", "b", "\0", "?", "#", ";", "://", "//", "h", "*", "$"]), max_size=10
).map("".join)
patterns = st.lists(st.sampled_from(["/", "a", "b", "*", "?", ";"]), max_size=6).map(
    lambda p: "/" + "".join(p)
) | st.just("/a$")


@SETTINGS
@given(url=url_text, pattern=patterns)
def test_google_mode_path_and_verdict_equal_upstream(url: str, pattern: str) -> None:
    robots = RobotsTxt.parse(f"User-agent: *\nDisallow: {pattern}\n", mode="google")
    path = upstream_path(url)
    assert robots.decision(url, "bot").path == path
    expected = not upstream_matches(path, pattern)
    assert robots.allowed(url, "bot") is expected
    assert robots.allowed_many([url] * 3, "bot") == [expected] * 3

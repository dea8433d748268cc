"""Conformance tables: RFC 9309's examples, google/robotstxt behaviour, and the mode table."""

from __future__ import annotations

import pytest

from gpaikit.rep import RobotsTxt

MODES = ("rfc", "google")

# RFC 9309 §5.1 (simple example).
RFC_EXAMPLE = """\
User-Agent: *
Disallow: *.gif$
Disallow: /example/
Allow: /publications/

User-Agent: foobot
Disallow:/
Allow:/example/page.html
Allow:/example/allowed.gif

User-Agent: barbot
User-Agent: bazbot
Disallow: /example/page.html

User-Agent: quxbot

EOF
"""

RFC_CASES = [
    ("foobot", "/example/page.html", True),
    ("foobot", "/example/allowed.gif", True),
    ("foobot", "/example/other.html", False),
    ("foobot", "/", False),
    ("FooBot", "/", False),  # OS.REP.PRODUCT_TOKEN: case-insensitive
    ("barbot", "/example/page.html", False),
    ("bazbot", "/example/page.html", False),
    ("barbot", "/example/other.html", True),  # specific group: no fallback to *
    ("quxbot", "/example/page.html", True),  # empty group: everything allowed
    ("otherbot", "/example/page.html", False),  # * group
    ("otherbot", "/publications/x", True),
    ("otherbot", "/images/a.gif", False),  # "*.gif$" matches from the first octet
    ("otherbot", "/a.html", True),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("agent", "path", "expected"), RFC_CASES)
def test_rfc_simple_example(mode: str, agent: str, path: str, expected: bool) -> None:
    robots = RobotsTxt.parse(RFC_EXAMPLE, mode=mode)
    assert robots.allowed("https://www.example.com" + path, agent) is expected


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("path", "expected"),
    [("/example/page/", True), ("/example/page/disallowed.gif", False)],
)
def test_rfc_longest_match_example(mode: str, path: str, expected: bool) -> None:
    body = "User-Agent: foobot\nAllow: /example/page/\nDisallow: /example/page/disallowed.gif\n"
    assert RobotsTxt.parse(body, mode=mode).allowed(path, "foobot") is expected


# (robots.txt body, agent, URL, allowed) that hold in both modes.
COMMON = [
    ("User-agent: *\nDisallow: /a\nAllow: /a\n", "x", "/a", True),  # tie: allow wins
    ("User-agent: *\nAllow: /a\nDisallow: /a\n", "x", "/a", True),
    ("User-agent: *\nDisallow: /a\nAllow: /a/b\n", "x", "/a/b/c", True),
    ("User-agent: *\nDisallow: /a/b\nAllow: /a\n", "x", "/a/b/c", False),
    ("User-agent: *\nDisallow: /*.php$\n", "x", "/index.php", False),
    ("User-agent: *\nDisallow: /*.php$\n", "x", "/index.php?x=1", True),
    ("User-agent: *\nDisallow: /*.php\n", "x", "/index.php?x=1", False),
    ("User-agent: *\nDisallow: /fish*\n", "x", "/fishheads", False),
    ("User-agent: *\nDisallow: /*/x/*/y$\n", "x", "/a/x/b/c/y", False),
    ("User-agent: *\nDisallow: /***a**b\n", "x", "/zzazzb", False),
    ("User-agent: *\nDisallow: /a$b\n", "x", "/a$b", False),  # '$' literal unless last
    ("User-agent: *\nDisallow: /\n", "x", "https://h/?q", False),
    ("User-agent: *\nDisallow: /x\n", "x", "https://h/x#frag", False),
    ("User-agent: *\nDisallow: /x$\n", "x", "https://h/x#frag", False),
    ("User-agent: *\nDisallow: /X\n", "x", "/x", True),  # paths are case-sensitive
    ("User-agent: *\nDisallow: /\nUser-agent: x\nAllow: /\n", "x", "/a", True),
    ("User-agent: x\nUser-agent: *\nDisallow: /\n", "y", "/a", False),
    ("User-agent: x\nDisallow: /a\nUser-agent: x\nDisallow: /b\n", "x", "/b", False),  # merge
    ("User-agent: *\nDisallow: /\n", "x", "/robots.txx", False),
    ("Disallow: /\nUser-agent: *\nAllow: /\n", "x", "/a", True),  # rule before any group
    ("User-agent: x\nCrawl-delay: 1\nDisallow: /\n", "x", "/a", False),
    # Unknown lines and sitemaps neither open nor close a group (OS.GRT.GROUPING).
    ("User-agent: a\nSitemap: /s.xml\nUser-agent: b\nDisallow: /\n", "a", "/x", False),
    ("User-agent: a\nCrawl-delay: 1\nUser-agent: b\nDisallow: /\n", "a", "/x", False),
    ("User-agent: *\nDisallow: /a # comment\n", "x", "/a", False),
    ("# only a comment\n", "x", "/a", True),
    ("", "x", "/a", True),
    ("User-agent: *\r\nDisallow: /a\r\n", "x", "/a", False),
    ("User-agent: *\rDisallow: /a\r", "x", "/a", False),
    ("\ufeffUser-agent: *\nDisallow: /a\n", "x", "/a", False),  # BOM
    ("User-agent: Googlebot/2.1\nDisallow: /\n", "googlebot", "/a", False),  # truncation
    ("User-agent: Foo Bar\nDisallow: /\n", "foo", "/a", False),
    ("User-agent: * extra\nDisallow: /\n", "x", "/a", False),  # "* …" is global
    ("User-agent: *\nDisallow:\n", "x", "/a", True),  # empty disallow allows
    ("user-AGENT: *\nDISALLOW: /a\n", "x", "/a", False),  # keys are case-insensitive
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("body", "agent", "url", "expected"), COMMON)
def test_common_semantics(mode: str, body: str, agent: str, url: str, expected: bool) -> None:
    robots = RobotsTxt.parse(body, mode=mode)
    assert robots.allowed(url, agent) is expected
    assert robots.decision(url, agent).allowed is expected
    assert robots.allowed_many([url] * 40, agent) == [expected] * 40


# The documented mode differences (docs/rep.md): (id, body, url, rfc verdict, google verdict).
DIFFERENCES = [
    ("OS.GRT.DIFF.TYPOS", "User-agent: *\nDisalow: /a\n", "/a", True, False),
    ("OS.GRT.DIFF.TYPOS", "Useragent: *\nDisallow: /a\n", "/a", True, False),
    ("OS.GRT.DIFF.TYPOS", "User-agent: *\nDisallowed: /a\n", "/a", True, False),
    ("OS.GRT.DIFF.NO_COLON", "User-agent *\nDisallow /a\n", "/a", True, False),
    (
        "OS.GRT.DIFF.INDEX_HTML",
        "User-agent: *\nDisallow: /\nAllow: /d/index.html\n",
        "/d/",
        False,
        True,
    ),
    (
        "OS.GRT.DIFF.PCT_DECODE",
        "User-agent: *\nDisallow: /foo/bar/%62%61%7A\n",
        "/foo/bar/baz",
        False,
        True,
    ),
    (
        "OS.GRT.DIFF.PCT_DECODE",
        "User-agent: *\nDisallow: /foo/bar/baz\n",
        "/foo/bar/%62%61%7A",
        False,
        True,
    ),
    ("OS.GRT.DIFF.URL_ENCODING", "User-agent: *\nDisallow: /ä\n", "https://h/ä", False, True),
    ("OS.GRT.DIFF.URL_ENCODING", "User-agent: *\nDisallow: /%e3\n", "https://h/%e3", False, True),
    ("OS.GRT.DIFF.URL_ENCODING", "User-agent: *\nDisallow: /a%2Ab\n", "https://h/a*b", False, True),
    ("OS.REP.SELF_ALLOWED", "User-agent: *\nDisallow: /\n", "https://h/robots.txt", True, False),
]


@pytest.mark.parametrize(("ref", "body", "url", "rfc", "google"), DIFFERENCES)
def test_documented_mode_differences(
    ref: str, body: str, url: str, rfc: bool, google: bool
) -> None:
    for mode, expected in (("rfc", rfc), ("google", google)):
        robots = RobotsTxt.parse(body, mode=mode)
        assert robots.allowed(url, "bot") is expected, (ref, mode)
        assert robots.allowed_many([url] * 40, "bot") == [expected] * 40, (ref, mode)


def test_differences_are_documented(repo_root: object) -> None:
    from pathlib import Path

    text = (Path(str(repo_root)) / "docs" / "rep.md").read_text(encoding="utf-8")
    for ref, *_ in DIFFERENCES:
        assert ref in text


# RFC 9309 §2.2.2 percent-encoding table (rfc mode): rule path, URL path, match.
ENCODING = [
    ("/foo/bar?baz=quz", "/foo/bar?baz=quz", True),
    ("/foo/bar/ツ", "/foo/bar/%E3%83%84", True),
    ("/foo/bar/%E3%83%84", "/foo/bar/%E3%83%84", True),
    ("/foo/bar/%62%61%7A", "/foo/bar/baz", True),
    ("/foo/bar/%e3%83%84", "/foo/bar/ツ", True),
    ("/path/file-with-a-%2A.html", "/path/file-with-a-*.html", True),  # §2.2.3
    ("/path/foo-%24", "/path/foo-$", True),
    ("/a%2Fb", "/a/b", False),  # reserved characters are not decoded
]


@pytest.mark.parametrize(("rule", "path", "matches"), ENCODING)
def test_rfc_percent_encoding(rule: str, path: str, matches: bool) -> None:
    robots = RobotsTxt.parse(f"User-agent: *\nDisallow: {rule}\n", mode="rfc")
    assert robots.allowed("https://www.example.com" + path, "x") is (not matches)


def test_decision_reports_rule_line_and_group() -> None:
    body = "User-agent: a\nDisallow: /\n\nUser-agent: b\nUser-agent: c\nAllow: /x\nDisallow: /\n"
    robots = RobotsTxt.parse(body)
    d = robots.decision("https://h/y", "C")
    assert not d.allowed and d.reason == "rule" and d.line == 7
    assert d.group is not None and d.group.line == 4 and d.group.agents == ("b", "c")
    assert "line 7" in d.explain()
    assert robots.decision("https://h/x", "c").line == 6
    assert robots.decision("https://h/x", "z").reason == "no-group"
    assert robots.decision("https://h/robots.txt", "a").reason == "robots-txt"
    quiet = RobotsTxt.parse("User-agent: a\nDisallow: /p\n")
    assert quiet.decision("/q", "a").reason == "no-matching-rule"


def test_google_line_length_limit() -> None:
    long_rule = "/" + "a" * 20000
    body = f"User-agent: *\nDisallow: {long_rule}\n"
    robots = RobotsTxt.parse(body, mode="google")
    # The line is cut at 16,663 bytes, so the rule is a prefix of the long path.
    assert not robots.allowed("/" + "a" * 16700, "x")
    assert any(w.code == "line-too-long" for w in robots.warnings)


def test_rfc_size_limit_cuts_whole_lines() -> None:
    filler = "# " + "x" * 1000 + "\n"
    body = "User-agent: *\n" + filler * 600 + "Disallow: /late\n"
    rfc = RobotsTxt.parse(body, mode="rfc")
    google = RobotsTxt.parse(body, mode="google")
    assert rfc.truncated and rfc.allowed("/late", "x")
    assert any(w.code == "size-limit" for w in rfc.warnings)
    assert not google.truncated and not google.allowed("/late", "x")


def test_unknown_mode_is_an_input_error() -> None:
    from gpaikit._exceptions import InputError

    with pytest.raises(InputError):
        RobotsTxt.parse("", mode="strict")

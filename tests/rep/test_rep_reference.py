"""google/robotstxt's documented behaviour as a table (both modes unless marked google-only).

The cases restate, in our own tables, the behaviour google/robotstxt's unit tests pin down
(groups, longest match, special characters, the documentation examples, line endings).
"""

from __future__ import annotations

import pytest

from gpaikit.rep import RobotsTxt

GROUPS = (
    "allow: /foo/bar/\n\nuser-agent: FooBot\ndisallow: /\nallow: /x/\nuser-agent: BarBot\n"
    "disallow: /\nallow: /y/\n\n\nallow: /w/\nuser-agent: BazBot\n\nuser-agent: FooBot\n"
    "allow: /z/\ndisallow: /\n"
)
FISH = "user-agent: FooBot\ndisallow: /\nallow: {}\n"

# (body, agent, url, allowed)
CASES = [
    (GROUPS, "FooBot", "http://foo.bar/x/b", True),
    (GROUPS, "FooBot", "http://foo.bar/z/d", True),
    (GROUPS, "FooBot", "http://foo.bar/y/c", False),
    (GROUPS, "BarBot", "http://foo.bar/y/c", True),
    (GROUPS, "BarBot", "http://foo.bar/w/a", True),
    (GROUPS, "BarBot", "http://foo.bar/z/d", False),
    (GROUPS, "BazBot", "http://foo.bar/z/d", True),
    (GROUPS, "FooBot", "http://foo.bar/foo/bar/", False),  # rules outside groups ignored
    (GROUPS, "BazBot", "http://foo.bar/foo/bar/", False),
    ("user-agent: FooBot\ndisallow: /\n", "", "", True),  # empty agent matches no group
    ("user-agent: FooBot\ndisallow: /\n", "FooBot", "", False),  # empty URL is "/"
    ("", "FooBot", "", True),
    ("foo: FooBot\nbar: /\n", "FooBot", "http://foo.bar/x/y", True),
    ("uSeR-aGeNt: FooBot\nAlLoW: /x/\ndIsAlLoW: /\n", "FooBot", "http://foo.bar/x/y", True),
    ("uSeR-aGeNt: FooBot\nAlLoW: /x/\ndIsAlLoW: /\n", "FooBot", "http://foo.bar/a/b", False),
    ("User-Agent: FoO bAr\nAllow: /x/\nDisallow: /\n", "foo", "http://foo.bar/x/y", True),
    ("User-Agent: FoO bAr\nAllow: /x/\nDisallow: /\n", "FOO", "http://foo.bar/a/b", False),
    ("User-Agent: *\nDisallow: /\nUser-Agent: Foo Bar\nAllow: /x/\nDisallow: /\n", "Foo",
     "http://foo.bar/x/y", True),
    ("User-Agent: *\nDisallow: /\nUser-Agent: Foo Bar\nAllow: /x/\nDisallow: /\n", "Foo Bar",
     "http://foo.bar/x/y", False),
    ("user-agent: *\nallow: /\nuser-agent: FooBot\ndisallow: /\n", "FooBot", "http://f/x", False),
    ("user-agent: *\nallow: /\nuser-agent: FooBot\ndisallow: /\n", "BarBot", "http://f/x", True),
    ("user-agent: FooBot\nallow: /\nuser-agent: BarBot\ndisallow: /\n", "QuxBot", "http://f/x",
     True),
    ("user-agent: FooBot\ndisallow: /X/\n", "FooBot", "http://foo.bar/x/y", True),
    ("user-agent: FooBot\ndisallow: /x/page.html\nallow: /x/\n", "FooBot",
     "http://foo.bar/x/page.html", False),
    ("user-agent: FooBot\nallow: /x/page.html\ndisallow: /x/\n", "FooBot", "http://foo.bar/x/",
     False),
    ("user-agent: FooBot\ndisallow: \nallow: \n", "FooBot", "http://foo.bar/x/page.html", True),
    ("user-agent: FooBot\ndisallow: /x\nallow: /x/\n", "FooBot", "http://foo.bar/x", False),
    ("user-agent: FooBot\ndisallow: /x\nallow: /x/\n", "FooBot", "http://foo.bar/x/", True),
    ("user-agent: FooBot\nallow: /page\ndisallow: /*.html\n", "FooBot",
     "http://foo.bar/page.html", False),
    ("user-agent: FooBot\nallow: /page\ndisallow: /*.html\n", "FooBot", "http://foo.bar/page",
     True),
    ("user-agent: FooBot\nallow: /x/page.\ndisallow: /*.html\n", "FooBot",
     "http://foo.bar/x/page.html", True),
    ("User-agent: *\nDisallow: /x/\nUser-agent: FooBot\nDisallow: /y/\n", "FooBot",
     "http://foo.bar/x/page", True),
    ("User-agent: FooBot\nDisallow: /\nAllow: /foo/bar?qux=taz&baz=http://foo.bar?tar&par\n",
     "FooBot", "http://foo.bar/foo/bar?qux=taz&baz=http://foo.bar?tar&par", True),
    ("User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/ツ\n", "FooBot",
     "http://foo.bar/foo/bar/%E3%83%84", True),
    ("User-agent: FooBot\nDisallow: /foo/bar/quz\nAllow: /foo/*/qux\n", "FooBot",
     "http://foo.bar/foo/bar/quz", False),
    ("User-agent: FooBot\nDisallow: /foo/bar/quz\nAllow: /foo/*/qux\n", "FooBot",
     "http://foo.bar/foo//quz", True),
    ("User-agent: FooBot\nDisallow: /foo/bar$\nAllow: /foo/bar/qux\n", "FooBot",
     "http://foo.bar/foo/bar", False),
    ("User-agent: FooBot\nDisallow: /foo/bar$\nAllow: /foo/bar/qux\n", "FooBot",
     "http://foo.bar/foo/bar/", True),
    ("User-agent: FooBot\n# Disallow: /\nDisallow: /foo/quz#qux\nAllow: /\n", "FooBot",
     "http://foo.bar/foo/bar", True),
    ("User-agent: FooBot\n# Disallow: /\nDisallow: /foo/quz#qux\nAllow: /\n", "FooBot",
     "http://foo.bar/foo/quz", False),
    (FISH.format("/fish"), "FooBot", "http://foo.bar/fish.html?id=anything", True),
    (FISH.format("/fish"), "FooBot", "http://foo.bar/Fish.asp", False),
    (FISH.format("/fish"), "FooBot", "http://foo.bar/?id=fish", False),
    (FISH.format("/fish*"), "FooBot", "http://foo.bar/fishheads/yummy.html", True),
    (FISH.format("/fish/"), "FooBot", "http://foo.bar/fish", False),
    (FISH.format("/fish/"), "FooBot", "http://foo.bar/fish/?salmon", True),
    (FISH.format("/*.php"), "FooBot", "http://foo.bar//folder/any.php.file.html", True),
    (FISH.format("/*.php"), "FooBot", "http://foo.bar/index?f=filename.php/", True),
    (FISH.format("/*.php"), "FooBot", "http://foo.bar/index?php", False),
    (FISH.format("/*.php$"), "FooBot", "http://foo.bar/folder/filename.php", True),
    (FISH.format("/*.php$"), "FooBot", "http://foo.bar/filename.php?parameters", False),
    (FISH.format("/*.php$"), "FooBot", "http://foo.bar/filename.php5", False),
    (FISH.format("/fish*.php"), "FooBot", "http://foo.bar/fishheads/catfish.php?parameters",
     True),
    (FISH.format("/fish*.php"), "FooBot", "http://foo.bar/Fish.PHP", False),
    ("user-agent: FooBot\nallow: /p\ndisallow: /\n", "FooBot", "http://example.com/page", True),
    ("user-agent: FooBot\nallow: /$\ndisallow: /\n", "FooBot", "http://example.com/", True),
    ("user-agent: FooBot\nallow: /$\ndisallow: /\n", "FooBot", "http://example.com/page.html",
     False),
]  # fmt: skip

GOOGLE_ONLY = [
    ("user-agent FooBot\ndisallow /\n", "FooBot", "http://foo.bar/x/y", False),
    ("User-Agent: *\nAllow: /allowed-slash/index.html\nDisallow: /\n", "foobot",
     "http://foo.com/allowed-slash/", True),
    ("User-Agent: *\nAllow: /allowed-slash/index.html\nDisallow: /\n", "foobot",
     "http://foo.com/allowed-slash/index.htm", False),
    ("User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/%62%61%7A\n", "FooBot",
     "http://foo.bar/foo/bar/baz", False),
    ("User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/ツ\n", "FooBot",
     "http://foo.bar/foo/bar/ツ", False),
]  # fmt: skip


@pytest.mark.parametrize("mode", ["rfc", "google"])
@pytest.mark.parametrize(("body", "agent", "url", "expected"), CASES)
def test_reference_behaviour(mode: str, body: str, agent: str, url: str, expected: bool) -> None:
    robots = RobotsTxt.parse(body, mode=mode)
    assert robots.allowed(url, agent) is expected
    assert robots.allowed_many([url] * 3, agent) == [expected] * 3


@pytest.mark.parametrize(("body", "agent", "url", "expected"), GOOGLE_ONLY)
def test_google_only_behaviour(body: str, agent: str, url: str, expected: bool) -> None:
    assert RobotsTxt.parse(body, mode="google").allowed(url, agent) is expected


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("final", [True, False])
def test_line_numbers_with_every_line_ending(eol: str, final: bool) -> None:
    lines = ["User-Agent: foo", "Allow: /some/path", "User-Agent: bar", "", "", "Disallow: /"]
    body = eol.join(lines) + (eol if final else "")
    robots = RobotsTxt.parse(body)
    assert robots.decision("/x", "bar").line == 6
    assert robots.decision("/some/path", "foo").line == 2


def test_long_lines_are_cut() -> None:
    max_line = 2083 * 8
    prefix = "disallow: "
    longline = "/x/" + "a" * (max_line - 3 - len(prefix))
    body = "user-agent: FooBot\n" + prefix + longline + "/qux\n"
    robots = RobotsTxt.parse(body, mode="google")
    assert robots.allowed("http://foo.bar/fux", "FooBot")
    assert not robots.allowed("http://foo.bar" + longline + "/fux", "FooBot")

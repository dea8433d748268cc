"""Differential test against Google's library (the ``fast-robotstxt`` binding).

100,000 generated robots.txt / URL pairs (10,000 bodies x 10 URLs, seeded). The generator
stays inside the inputs where the binding behaves like upstream google/robotstxt (no
percent-escapes, no dot segments, paths that start with '/', no empty query); the encoding
cases where the binding differs are tested one by one in ``test_rep_binding_encoding.py``.

* google mode: every verdict and every matching line equals the library's.
* rfc mode: every disagreement is explained by one documented switch of the dialect.
"""

from __future__ import annotations

import dataclasses
import random
from itertools import combinations

import pytest

from gpaikit.rep import DIALECTS, RobotsTxt

robotstxt = pytest.importorskip("robotstxt")

BODIES = 10_000
URLS_PER_BODY = 10
AGENTS = [
    "FooBot",
    "foobot",
    "BarBot",
    "*",
    "Foo-Bot",
    "foo_bot",
    "FooBot/1.0",
    "foo bar",
    "GPTBot",
]
QUERY_AGENTS = ["FooBot", "BarBot", "foobot", "GPTBot", "Foo-Bot", "foo_bot"]
KEYS = [
    "User-agent", "user-agent", "USER-AGENT", "Allow", "Disallow", "disallow", "Sitemap",
    "Crawl-delay", "useragent", "Disalow", "Disallowed", "allowance", "user agent",
    "Content-Usage", "site-map", "dissallow",
]  # fmt: skip
SEGMENTS = [
    "a", "b", "ab", "foo", "bar", "x.html", "index.html", "index.htm", "-", "_", "~", "?",
    "=", "&", ";", ":", "Z", "robots.txt", ".", "$",
]  # fmt: skip


class Generator:
    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)

    def pattern(self) -> str:
        rnd = self.rnd
        s = "/" if rnd.random() < 0.9 else ""
        for _ in range(rnd.randint(0, 4)):
            r = rnd.random()
            s += "*" if r < 0.15 else "$" if r < 0.2 else "/" if r < 0.3 else rnd.choice(SEGMENTS)
        return s + ("$" if rnd.random() < 0.15 else "")

    def line(self) -> str:
        rnd = self.rnd
        key = rnd.choice(KEYS)
        low = key.lower()
        if "agent" in low:
            value = rnd.choice(AGENTS)
        elif "site" in low:
            value = "http://x/s.xml"
        elif key == "Crawl-delay":
            value = "1"
        else:
            value = self.pattern()
        line = key + rnd.choice([": ", ":", " : ", " ", ":\t", "\t"]) + value
        if rnd.random() < 0.05:
            line += " # c"
        if rnd.random() < 0.03:
            line = "# " + line
        return "" if rnd.random() < 0.03 else line

    def body(self) -> str:
        rnd = self.rnd
        eol = rnd.choice(["\n", "\r\n", "\r"])
        body = eol.join(self.line() for _ in range(rnd.randint(0, 12)))
        return ("\ufeff" + body) if rnd.random() < 0.05 else body

    def url(self) -> str:
        rnd = self.rnd
        path = ""
        for _ in range(rnd.randint(0, 5)):
            path += "/" if rnd.random() < 0.3 else rnd.choice(SEGMENTS)
        if not path.startswith("/"):
            path = "/" + path
        path = path.replace("/.", "/x")  # no dot segments: the binding would resolve them
        if path.endswith("?"):
            path += "q"
        return "http://example.com" + path


def _cases(seed: int) -> list[tuple[str, str, list[str]]]:
    gen = Generator(seed)
    return [
        (gen.body(), gen.rnd.choice(QUERY_AGENTS), [gen.url() for _ in range(URLS_PER_BODY)])
        for _ in range(BODIES)
    ]


@pytest.fixture(scope="module")
def cases_with_reference() -> list[tuple[str, str, list[str], list[tuple[bool, int]]]]:
    matcher = robotstxt.RobotsMatcher()
    out = []
    for body, agent, urls in _cases(20261128):
        ref = []
        for url in urls:
            allowed = matcher.is_allowed(body, agent, url)
            ref.append((allowed, matcher.matching_line))
        out.append((body, agent, urls, ref))
    return out


def test_google_mode_agrees_with_the_library(
    cases_with_reference: list[tuple[str, str, list[str], list[tuple[bool, int]]]],
) -> None:
    disagreements = []
    pairs = 0
    for body, agent, urls, ref in cases_with_reference:
        robots = RobotsTxt.parse(body, mode="google")
        batch = robots.allowed_many(urls, agent)
        for url, (allowed, line), fast in zip(urls, ref, batch, strict=True):
            pairs += 1
            d = robots.decision(url, agent)
            if d.allowed != allowed or fast != allowed or (d.rule and d.rule.line != line):
                disagreements.append((body, agent, url, allowed, line, d.allowed, d.line))
    assert pairs == BODIES * URLS_PER_BODY
    assert disagreements == []


SWITCHES = ("key_typos", "no_colon", "index_html", "rfc_encoding", "self_allowed")


def _explain(body: str, agent: str, url: str, expected: bool) -> tuple[str, ...] | None:
    rfc, google = DIALECTS["rfc"], DIALECTS["google"]
    for size in (1, 2, 3):
        for names in combinations(SWITCHES, size):
            changes = {n: getattr(google, n) for n in names}
            dialect = dataclasses.replace(rfc, **changes)  # type: ignore[arg-type]
            if RobotsTxt.parse(body, mode=dialect).allowed(url, agent) is expected:
                return names
    return None


def test_rfc_mode_differences_are_documented(
    cases_with_reference: list[tuple[str, str, list[str], list[tuple[bool, int]]]],
) -> None:
    unexplained = []
    explained: dict[tuple[str, ...], int] = {}
    for body, agent, urls, ref in cases_with_reference:
        robots = RobotsTxt.parse(body, mode="rfc")
        batch = robots.allowed_many(urls, agent)
        for url, (allowed, _line), fast in zip(urls, ref, batch, strict=True):
            ours = robots.allowed(url, agent)
            assert fast is ours
            if ours is allowed:
                continue
            why = _explain(body, agent, url, allowed)
            if why is None:
                unexplained.append((body, agent, url, allowed))
            else:
                explained[why] = explained.get(why, 0) + 1
    assert unexplained == []
    assert explained  # the generator does exercise the differences

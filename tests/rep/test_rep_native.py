"""Differential test: the native engine against the pure-Python reference engine.

Generated robots.txt files (bytes: typos, missing colons with odd whitespace, every line
ending, partial BOMs, NULs, comments, long lines, invalid UTF-8, percent-escapes, wildcards,
``$``, ``index.htm``, Content-Usage and Content-Signal lines, both modes and random custom
dialects) and URLs (escapes in every case, non-ASCII, ``*``, ``$``, spaces, NULs, fragments,
``//`` and ``://`` in odd places, lone surrogates):

* the whole parse (groups, rules, patterns, warnings, sitemaps, other lines, sizes) is equal;
* more than a million (file, agent, URL) verdicts are equal, batch and one by one;
* decisions (rule, line, group, reason) are equal.

The generator is seeded, so a failure is reproducible; the first disagreements are shown.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator

import pytest

from gpaikit.rep import DIALECTS, Dialect, RobotsTxt, _native
from gpaikit.rep._parse import parse_body

pytestmark = pytest.mark.skipif(not _native.available(), reason="gpaikit-native not installed")

VERDICT_BODIES = 2_500
URLS_PER_BODY = 200
AGENTS_PER_BODY = 2  # 2,500 x 200 x 2 = 1,000,000 verdicts per engine
STRUCTURE_BODIES = 20_000
SEED = 20261204


@pytest.fixture
def rep_engine() -> str:
    """This module compares the engines itself (overrides the conftest's parametrisation)."""
    return "both"


TOKENS = ["FooBot", "foobot", "BarBot", "GPTBot", "CCBot", "Foo-Bot", "foo_bot", "x"]
AGENT_VALUES = [
    *TOKENS, "*", "* extra", "*\tx", "FooBot/1.0", "Foo Bar", "AI2Bot", "bigsur.ai", "",
    "Googlebot-Image", "ÄBot", "*bot",
]  # fmt: skip
QUERY_AGENTS = [*TOKENS, *TOKENS, "*", "", "Foo Bar", "FooBot/1.0", "äbot", "FOOBOT", "\udcffbot"]
KEYS = [
    "User-agent", "user-agent", "USER-AGENT", "Allow", "allow", "Disallow", "DISALLOW",
    "Sitemap", "Crawl-delay", "useragent", "user agent", "Disalow", "dissallow", "Disallowed",
    "allowance", "site-map", "Content-Usage", "content-signal", "Content-Signal", "noindex",
    "User-agentx", "disallow ", " allow", "",
]  # fmt: skip
SEPARATORS = [": ", ":", " : ", ":\t", " ", "\t", " \t ", " \x0b", "\x0c ", " \x0c \x0c", "::"]
PIECES = [
    "a", "b", "ab", "foo", "bar", "x.html", "index.html", "index.htm", "-", "_", "~", "?",
    "=", "&", ";", ":", "Z", "robots.txt", ".", "$", "*", "/", "/", "/", "%41", "%2f", "%2F",
    "%7e", "%7E", "%e3%83%84", "%E3%83%84", "ツ", "é", "%", "%4", "%zz", " ", "%20", "#",
    "%24", "%2a", "\\", "..", "|",
]  # fmt: skip
URL_PREFIXES = [
    *["http://example.com", "https://h"] * 6, "HTTPS://H", "", "//h", "h", "http://h:80",
    "ftp://a@b", "http://h?q", "http://h;p", "http://h#f", "a://b://c", "/", "http://h%2F",
]  # fmt: skip
URL_PIECES = [*PIECES, "\x00", "\t", "\udcff", "%00", "?x=http://y/z", "#frag", "//", "://"]
EOLS = ["\n", "\r\n", "\r"]


class Generator:
    """Seeded generator of robots.txt bodies (bytes), agents and URLs."""

    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)

    def pattern(self) -> str:
        rnd = self.rnd
        out = "/" if rnd.random() < 0.85 else ""
        out += "".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 5)))
        return out + ("$" if rnd.random() < 0.15 else "")

    def value(self, key: str) -> str:
        rnd = self.rnd
        low = key.lower().strip()
        if "agent" in low:
            return rnd.choice(AGENT_VALUES)
        if "content-usage" in low:
            path = self.pattern() + " " if rnd.random() < 0.5 else ""
            return path + rnd.choice(["train-ai=n", "train-ai=y, search=n", "bots=y", "x"])
        if "content-signal" in low:
            path = self.pattern() + " " if rnd.random() < 0.3 else ""
            return path + rnd.choice(["search=yes, ai-train=no", "ai-input=no", "use=full"])
        if "site" in low:
            return "http://x/s.xml"
        return self.pattern()

    def line(self) -> str:
        """A line of any kind, often malformed."""
        rnd = self.rnd
        r = rnd.random()
        if r < 0.03:
            return ""
        if r < 0.05:
            return "# " + rnd.choice(KEYS)
        key = rnd.choice(KEYS)
        line = key + rnd.choice(SEPARATORS) + self.value(key)
        if rnd.random() < 0.05:
            line += rnd.choice([" # c", "#", " extra words", " ", "\x0b", "\x00tail"])
        if rnd.random() < 0.03:
            line = rnd.choice([" ", "\t", "\x0c"]) + line
        return line

    def rule(self) -> str:
        """A well-formed allow or disallow line (most lines of real files)."""
        rnd = self.rnd
        pattern = self.pattern()
        self.patterns.append(pattern)
        key = rnd.choice(["Allow", "Disallow", "Disallow", "disallow", "allow"])
        return key + rnd.choice([": ", ":", " : "]) + pattern

    def group(self) -> list[str]:
        rnd = self.rnd
        agents = [
            "User-agent: " + rnd.choice([*TOKENS, "*", "*"] if rnd.random() < 0.9 else AGENT_VALUES)
            for _ in range(rnd.randint(1, 3))
        ]
        body = [
            self.rule() if rnd.random() < 0.75 else self.line() for _ in range(rnd.randint(0, 8))
        ]
        return agents + body

    def body(self) -> bytes:
        rnd = self.rnd
        self.patterns: list[str] = []
        eol = rnd.choice(EOLS)
        lines: list[str] = []
        if rnd.random() < 0.2:  # free-form junk
            lines = [self.line() for _ in range(rnd.randint(0, 14))]
        else:
            for _ in range(rnd.randint(1, 4)):
                lines += self.group()
        raw = eol.join(lines).encode("utf-8", "surrogateescape")
        r = rnd.random()
        if r < 0.04:
            raw = b"\xef\xbb\xbf"[: rnd.randint(1, 3)] + raw  # a (partial) BOM
        elif r < 0.07:
            raw = raw.replace(b"/", b"/\xff", 1)  # invalid UTF-8
        elif r < 0.08:
            raw += eol.encode() + b"Disallow: /" + b"q" * rnd.randint(16_600, 16_700)
        if rnd.random() < 0.3:
            raw += eol.encode()
        return raw

    def dialect(self) -> Dialect:
        rnd = self.rnd
        r = rnd.random()
        if r < 0.45:
            return DIALECTS["rfc"]
        if r < 0.9:
            return DIALECTS["google"]
        switches = ("key_typos", "no_colon", "index_html", "rfc_encoding", "self_allowed")
        changes = {name: rnd.random() < 0.5 for name in switches}
        limit = rnd.choice([None, 40, 200, 512_000])
        return dataclasses.replace(DIALECTS["rfc"], size_limit=limit, **changes)  # type: ignore[arg-type]

    def url(self) -> str:
        """A URL, often built from one of the body's patterns so that rules match."""
        rnd = self.rnd
        if self.patterns and rnd.random() < 0.7:
            path = rnd.choice(self.patterns).rstrip("$") if rnd.random() < 0.8 else ""
            path = "".join(rnd.choice(URL_PIECES) if ch == "*" else ch for ch in path) + "".join(
                rnd.choice(URL_PIECES) for _ in range(rnd.randint(0, 2))
            )
        else:
            path = "".join(rnd.choice(URL_PIECES) for _ in range(rnd.randint(0, 6)))
        if rnd.random() < 0.8 and not path.startswith("/"):
            path = "/" + path
        return rnd.choice(URL_PREFIXES) + path


def _bodies(count: int, seed: int) -> Iterator[tuple[bytes, Dialect, Generator]]:
    gen = Generator(seed)
    for _ in range(count):
        yield gen.body(), gen.dialect(), gen


def _show(found: list[object]) -> str:
    return "\n".join(repr(f) for f in found[:5])


def test_parse_structure_is_identical() -> None:
    differences = []
    for body, dialect, _gen in _bodies(STRUCTURE_BODIES, SEED):
        reference = parse_body(body, dialect)
        native = _native.materialise(_native.native_core(body, dialect), dialect)
        if native != reference:
            differences.append((body, dialect, reference, native))
    assert not differences, _show(differences)


def test_a_million_verdicts_are_identical() -> None:
    pairs = 0
    differences = []
    for body, dialect, gen in _bodies(VERDICT_BODIES, SEED + 1):
        python = RobotsTxt.parse(body, mode=dialect, engine="python")
        native = RobotsTxt.parse(body, mode=dialect, engine="native")
        urls = [gen.url() for _ in range(URLS_PER_BODY)]
        for agent in gen.rnd.sample(QUERY_AGENTS, AGENTS_PER_BODY):
            expected = python.allowed_many(urls, agent)
            got = native.allowed_many(urls, agent)
            pairs += len(urls)
            if got != expected:
                bad = [u for u, a, b in zip(urls, expected, got, strict=True) if a != b]
                differences.append((body, dialect, agent, bad[:3]))
            # one by one (the native scan path) on a sample, and the decisions
            for url in urls[:: URLS_PER_BODY // 8]:
                if native.allowed(url, agent) is not python.allowed(url, agent):
                    differences.append((body, dialect, agent, url, "allowed"))
                if native.decision(url, agent) != python.decision(url, agent):
                    differences.append((body, dialect, agent, url, "decision"))
    assert pairs >= 1_000_000
    assert not differences, _show(differences)


def test_fresh_files_answer_single_urls_identically() -> None:
    """The first questions to a file take the native scan without ranking or caching."""
    differences = []
    for body, dialect, gen in _bodies(5_000, SEED + 2):
        agent = gen.rnd.choice(QUERY_AGENTS)
        urls = [gen.url() for _ in range(gen.rnd.randint(1, 5))]
        python = RobotsTxt.parse(body, mode=dialect, engine="python")
        expected = [python.allowed(url, agent) for url in urls]
        single = RobotsTxt.parse(body, mode=dialect, engine="native").allowed(urls[0], agent)
        batch = RobotsTxt.parse(body, mode=dialect, engine="native").allowed_many(urls, agent)
        if single is not expected[0] or batch != expected:
            differences.append((body, dialect, agent, urls))
    assert not differences, _show(differences)


def test_rules_for_and_lint_see_the_same_file() -> None:
    for body, dialect, gen in _bodies(500, SEED + 3):
        python = RobotsTxt.parse(body, mode=dialect, engine="python")
        native = RobotsTxt.parse(body, mode=dialect, engine="native")
        agent = gen.rnd.choice(QUERY_AGENTS)
        ours, reference = native.rules_for(agent), python.rules_for(agent)
        assert ours.groups == reference.groups and ours.specific is reference.specific
        assert ours.ruleset.rules == reference.ruleset.rules
        assert ours.usage_rules == reference.usage_rules
        assert native.engine == "native" and python.engine == "python"

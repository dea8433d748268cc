"""Properties: parsing never raises; all matching paths agree; matching work is linear."""

from __future__ import annotations

import itertools
import pickle
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gpaikit.rep import RobotsTxt
from gpaikit.rep._match import RuleSet, split_pattern, wildcard_match
from gpaikit.rep._model import Rule

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

pattern_chars = st.sampled_from(list("/ab*$?.%")) | st.sampled_from(["%41", "%2f", "é"])
patterns = st.lists(pattern_chars, max_size=12).map(lambda cs: "".join(cs))
paths = st.lists(st.sampled_from(list("/ab?.$*%")), max_size=16).map(lambda cs: "/" + "".join(cs))


def reference_matches(path: str, pattern: str) -> bool:
    """google/robotstxt's position-set matcher (OS.GRT.MATCH), written out plainly."""
    positions = [0]
    for i, ch in enumerate(pattern):
        if ch == "$" and i == len(pattern) - 1:
            return positions[-1] == len(path)
        if ch == "*":
            positions = list(range(positions[0], len(path) + 1))
        else:
            positions = [p + 1 for p in positions if p < len(path) and path[p] == ch]
            if not positions:
                return False
    return True


@SETTINGS
@given(path=paths, pattern=patterns)
def test_wildcard_matcher_equals_the_reference(path: str, pattern: str) -> None:
    pieces, anchored = split_pattern(pattern)
    assert wildcard_match(path, pieces, anchored) is reference_matches(path, pattern)


@SETTINGS
@given(
    rules=st.lists(st.tuples(st.booleans(), patterns), max_size=12),
    probe=st.lists(paths, min_size=1, max_size=8),
)
def test_compiled_regexes_equal_the_ordered_scan(
    rules: list[tuple[bool, str]], probe: list[str]
) -> None:
    ruleset = RuleSet([Rule(i + 1, allow, p, p, 0) for i, (allow, p) in enumerate(rules)])
    compiled = ruleset.compiled()
    for path in probe:
        expected = ruleset.scan(path)
        assert ruleset.match(path) is expected
        if compiled is not None:
            for _ in range(40):  # past the lazy-compilation threshold
                ruleset.match(path)
            assert ruleset.match(path) is expected
    urls = ["https://h" + p for p in probe]
    verdicts = ruleset.allowed_urls(urls, lambda u: True, rfc=False)
    assert verdicts == [(r := ruleset.scan(p)) is None or r.allow for p in probe]


@SETTINGS
@given(body=st.binary(max_size=2000), url=st.text(max_size=60), agent=st.text(max_size=12))
def test_parse_and_match_never_raise_on_junk(body: bytes, url: str, agent: str) -> None:
    for mode in ("rfc", "google"):
        robots = RobotsTxt.parse(body, mode=mode)
        assert isinstance(robots.allowed(url, agent), bool)
        assert robots.allowed_many([url, url], agent) == [robots.allowed(url, agent)] * 2
        robots.decision(url, agent)


@SETTINGS
@given(body=st.text(max_size=500), url=st.text(max_size=60))
def test_text_input_never_raises(body: str, url: str) -> None:
    robots = RobotsTxt.parse(body)
    robots.allowed(url, "bot")


def _search_windows(path: str, pieces: tuple[str, ...], anchored: bool) -> list[tuple[int, int]]:
    """The windows of ``path`` that :func:`wildcard_match` hands to ``str.find``."""
    windows = []
    if not path.startswith(pieces[0]):
        return windows
    pos = len(pieces[0])
    windows.append((0, pos))
    for piece in pieces[1:-1]:
        if piece:
            found = path.find(piece, pos)
            if found < 0:
                windows.append((pos, len(path)))
                return windows
            windows.append((pos, found + len(piece)))
            pos = found + len(piece)
    if len(pieces) > 1:
        windows.append((pos, len(path)))
    return windows


@SETTINGS
@given(
    stars=st.integers(min_value=1, max_value=200),
    length=st.integers(min_value=1, max_value=3000),
    char=st.sampled_from("ab"),
)
def test_hostile_wildcards_scan_each_octet_once(stars: int, length: int, char: str) -> None:
    # "/a*a*a*…*b" against "/aaaa…": the classic backtracking blow-up.
    pattern = "/" + "*".join([char] * stars) + "*b"
    path = "/" + "a" * length
    pieces, anchored = split_pattern(pattern)
    windows = _search_windows(path, pieces, anchored)
    # Each search starts where the previous one ended: the windows never overlap, so the
    # total work is len(path) + len(pattern) for a linear-time str.find.
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(windows))
    assert sum(end - start for start, end in windows) <= len(path)
    assert wildcard_match(path, pieces, anchored) is reference_matches(path, pattern)


def test_hostile_robots_file_is_answered() -> None:
    body = "User-agent: *\n" + "".join(f"Disallow: /{'*a' * i}*b$\n" for i in range(1, 300))
    robots = RobotsTxt.parse(body)
    url = "https://h/" + "a" * 5000
    assert robots.allowed(url, "x")
    assert robots.allowed_many([url] * 50, "x") == [True] * 50


def test_malformed_inputs_yield_rules_and_warnings() -> None:
    rnd = random.Random(7)
    junk = bytes(rnd.getrandbits(8) for _ in range(200_000))
    assert RobotsTxt.parse(junk).warnings is not None
    invalid_utf8 = b"User-agent: *\nDisallow: /\xff\xfe\n"
    robots = RobotsTxt.parse(invalid_utf8, mode="google")
    assert robots.groups[0].rules[0].pattern == "/%FF%FE"
    absurd = b"User-agent: *\nDisallow: /" + b"x" * 1_000_000 + b"\nDisallow: /y\n"
    robots = RobotsTxt.parse(absurd, mode="google")
    assert not robots.allowed("/y", "bot")
    assert any(w.code == "line-too-long" for w in robots.warnings)
    assert RobotsTxt.parse(absurd, mode="rfc").truncated  # past 500 KiB
    nul = RobotsTxt.parse(b"User-agent: *\nDisallow: /a\x00/b\n")
    assert not nul.allowed("/a", "bot")


def test_ten_megabyte_file() -> None:
    line = b"Disallow: /p/" + b"q" * 80 + b"\n"
    body = b"User-agent: *\n" + line * (10_000_000 // len(line))
    rfc = RobotsTxt.parse(body, mode="rfc")
    assert rfc.truncated and rfc.parsed_bytes <= 500 * 1024
    assert any(w.code == "size-limit" for w in rfc.warnings)
    assert not rfc.allowed("/p/" + "q" * 80, "bot")


def test_pickle_round_trip_keeps_verdicts() -> None:
    body = "User-agent: *\nDisallow: /a\nAllow: /a/b\nDisallow: /*.pdf$\n"
    robots = RobotsTxt.parse(body)
    urls = ["https://h/a", "https://h/a/b", "https://h/x.pdf", "https://h/c"]
    before = robots.allowed_many(urls * 20, "bot")
    clone = pickle.loads(pickle.dumps(robots))
    assert clone.allowed_many(urls * 20, "bot") == before
    assert [clone.allowed(u, "bot") for u in urls] == before[:4]


hosts = st.sampled_from(["https://h", "http://h", "https://h.example", "HTTPS://H", "", "//h"])
url_paths = st.lists(
    st.sampled_from(["/", "a", "b", "%41", "%2f", "é", "*", "$", "?", "#", ";", " ", "robots.txt"]),
    max_size=8,
).map("".join)
batch_urls = st.lists(st.tuples(hosts, url_paths).map("".join), max_size=12)


@SETTINGS
@given(urls=batch_urls, rules=st.lists(st.tuples(st.booleans(), patterns), max_size=8))
def test_batch_equals_one_by_one(urls: list[str], rules: list[tuple[bool, str]]) -> None:
    body = "User-agent: *\n" + "".join(
        f"{'Allow' if allow else 'Disallow'}: {p}\n" for allow, p in rules
    )
    for mode in ("rfc", "google"):
        robots = RobotsTxt.parse(body, mode=mode)
        expected = [robots.allowed(u, "bot") for u in urls]
        assert robots.allowed_many(urls, "bot") == expected
        assert robots.allowed_many(iter(urls * 5), "bot") == expected * 5

"""Fetch outcomes, TDMRep, noai, aipref Content-Usage and the combined verdict."""

from __future__ import annotations

import datetime as dt

import pytest

from gpaikit._exceptions import InputError
from gpaikit.rep import (
    RobotsTxt,
    TdmValue,
    combine_content_usage,
    effective_robots,
    noai_optout,
    parse_content_usage,
    parse_robots_meta,
    parse_tdm_headers,
    parse_tdm_meta,
    parse_tdmrep_json,
    parse_x_robots_tag,
    robots_content_usage,
    tdm_reservation,
    verdict,
)

BODY = "User-agent: *\nDisallow: /private\n"
DAY = dt.timedelta(days=1)

# (status, redirects, age, unreachable_for, cached, kind, reason)
FETCH = [
    (200, 0, None, None, None, "rules", "OS.REP.PARSE_ERRORS"),
    (200, 5, None, None, None, "rules", "OS.REP.PARSE_ERRORS"),
    (200, 6, None, None, None, "allow-all", "OS.REP.REDIRECTS"),
    (301, 5, None, None, None, "allow-all", "OS.REP.REDIRECTS"),
    (404, 0, None, None, None, "allow-all", "OS.REP.UNAVAILABLE"),
    (401, 0, None, None, None, "allow-all", "OS.REP.UNAVAILABLE"),
    (429, 0, None, None, None, "disallow-all", "OS.REP.UNREACHABLE"),
    (500, 0, None, None, None, "disallow-all", "OS.REP.UNREACHABLE"),
    (503, 0, None, None, None, "disallow-all", "OS.REP.UNREACHABLE"),
    (None, 0, None, None, None, "disallow-all", "OS.REP.UNREACHABLE"),
    (503, 0, None, 31 * DAY, None, "allow-all", "OS.REP.UNREACHABLE"),
    (503, 0, None, 31 * DAY, BODY, "rules", "OS.REP.UNREACHABLE"),
    (503, 0, None, 29 * DAY, None, "disallow-all", "OS.REP.UNREACHABLE"),
    (503, 0, dt.timedelta(hours=3), None, BODY, "rules", "OS.REP.CACHE"),
    (503, 0, 2 * DAY, None, BODY, "disallow-all", "OS.REP.UNREACHABLE"),
]


@pytest.mark.parametrize(("status", "redirects", "age", "down", "cached", "kind", "reason"), FETCH)
def test_fetch_outcomes(
    status: int | None,
    redirects: int,
    age: dt.timedelta | None,
    down: dt.timedelta | None,
    cached: str | None,
    kind: str,
    reason: str,
) -> None:
    body = BODY if status == 200 else None
    eff = effective_robots(
        status, body, redirects=redirects, age=age, unreachable_for=down, cached=cached
    )
    assert (eff.kind, eff.reason) == (kind, reason)
    urls = ["https://h/private/x", "https://h/public"]
    expected = {
        "rules": [False, True],
        "allow-all": [True, True],
        "disallow-all": [False, False],
    }[kind]
    assert [eff.allowed(u, "bot") for u in urls] == expected
    assert eff.allowed_many(urls, "bot") == expected
    assert eff.decision(urls[1], "bot").allowed is expected[1]


def test_stale_cache_is_flagged() -> None:
    eff = effective_robots(200, BODY, age=dt.timedelta(hours=25))
    assert eff.stale and "24 h" in eff.explanation
    assert not effective_robots(200, BODY, age=dt.timedelta(hours=23)).stale


@pytest.mark.parametrize(("status", "redirects"), [(99, 0), (600, 0), (200, -1)])
def test_fetch_bad_input(status: int, redirects: int) -> None:
    with pytest.raises(InputError):
        effective_robots(status, None, redirects=redirects)


TDMREP = """[
  {"location": "/public/*", "tdm-reservation": 0},
  {"location": "/*.pdf$", "tdm-reservation": 1, "tdm-policy": "https://p.example/policy.json"},
  {"location": "/", "tdm-reservation": 1},
  {"location": "/never", "tdm-reservation": 0}
]"""


@pytest.mark.parametrize(
    ("url", "reservation", "rule"),
    [
        ("https://h/public/a.pdf", 0, 0),  # first match in array order, not the longest
        ("https://h/x/a.pdf", 1, 1),
        ("https://h/never", 1, 2),
        ("https://h/a", 1, 2),
    ],
)
def test_tdmrep_first_match(url: str, reservation: int, rule: int) -> None:
    value = parse_tdmrep_json(TDMREP).lookup(url)
    assert value.reservation == reservation and value.source == f"file rule {rule}"


def test_tdmrep_policy_only_with_reservation() -> None:
    value = parse_tdmrep_json(TDMREP).lookup("https://h/x.pdf")
    assert value.policy == "https://p.example/policy.json"
    assert parse_tdmrep_json(TDMREP).lookup("https://h/public/x").policy is None


@pytest.mark.parametrize(
    "body", ["{", "{}", "[1, {}]", '[{"location": "/", "tdm-reservation": 2}]']
)
def test_tdmrep_malformed(body: str) -> None:
    parsed = parse_tdmrep_json(body)
    assert parsed.warnings
    assert parsed.lookup("https://h/").reservation is None


def test_tdmrep_precedence() -> None:
    file_value = TdmValue(1, None, "file rule 0")
    header = parse_tdm_headers({"TDM-Reservation": "0"})
    meta = parse_tdm_meta('<meta name="tdm-reservation" content="1">')
    assert tdm_reservation(file_value, header).reservation == 0  # header overrides file
    assert tdm_reservation(file_value, header, meta).source == "meta"  # meta overrides
    assert tdm_reservation(file_value, TdmValue(), TdmValue()).reservation == 1  # absence
    assert parse_tdm_headers([("tdm-reservation", "2")]).reservation is None  # protocol error


def test_noai_meta_and_header() -> None:
    meta = parse_robots_meta('<head><meta name="robots" content="noindex, noai"></head>')
    assert noai_optout(meta) == "noai"
    images = parse_robots_meta("<meta name='robots' content='noimageai'>")
    assert noai_optout(images) is None and noai_optout(images, image=True) == "noimageai"
    scoped = parse_x_robots_tag(["otherbot: noai", "noarchive"])
    assert noai_optout(scoped, "OtherBot") == "noai" and noai_optout(scoped, "GPTBot") is None
    strict = parse_x_robots_tag("noindex")
    assert noai_optout(strict) is None and noai_optout(strict, strict=True) == "noindex"
    dated = parse_x_robots_tag("unavailable_after: 25 Jun 2030 15:00:00 PST, noai")
    assert noai_optout(dated) == "noai"


def test_content_usage_field() -> None:
    usage = parse_content_usage("train-ai=n, search=y")
    assert usage.get("train-ai") == "disallowed" and usage.get("search") == "allowed"
    assert usage.get("other") == "unknown"
    assert parse_content_usage("train-ai=maybe").get("train-ai") == "unknown"
    assert parse_content_usage("Train-AI=n").get("train-ai") == "unknown"  # case-sensitive
    combined = combine_content_usage(
        parse_content_usage("train-ai=y"), parse_content_usage("train-ai=n, search=y")
    )
    assert combined.get("train-ai") == "disallowed" and combined.get("search") == "allowed"


def test_content_usage_robots_rule() -> None:
    body = (
        "User-agent: *\nAllow: /\nContent-Usage: train-ai=y\n"
        "Content-Usage: /news/ train-ai=n\nContent-Usage: /news/ train-ai=y, search=y\n"
        "Content-Usage: /news/open/ train-ai=y\n"
    )
    robots = RobotsTxt.parse(body)
    assert robots_content_usage(robots, "https://h/a", "bot").get("train-ai") == "allowed"
    news = robots_content_usage(robots, "https://h/news/x", "bot")
    assert news.get("train-ai") == "disallowed"  # identical paths: restrictive wins
    assert news.get("search") == "allowed"
    assert robots_content_usage(robots, "https://h/news/open/x", "bot").get("train-ai") == (
        "allowed"
    )


def test_combined_verdict() -> None:
    robots = RobotsTxt.parse(
        "User-agent: GPTBot\nDisallow: /\n\nUser-agent: *\nDisallow: /private\n"
        "Content-Usage: /blog/ train-ai=n\n"
    )
    v = verdict("https://h/private/x", "CCBot", robots=robots)
    assert not v.crawl_allowed and not v.training_allowed
    assert v.training_signal == "OS.PREC.ROBOTS"
    v = verdict("https://h/blog/x", "CCBot", robots=robots)
    assert v.crawl_allowed and v.training_signal == "OS.PREC.CONTENT_USAGE_ROBOTS"
    v = verdict("https://h/a", "CCBot", robots=robots, headers=[("Content-Usage", "train-ai=n")])
    assert v.training_signal == "OS.PREC.CONTENT_USAGE_HEADER"
    tdm = parse_tdmrep_json('[{"location": "/", "tdm-reservation": 1}]')
    v = verdict("https://h/a", "CCBot", robots=robots, tdmrep=tdm)
    assert v.training_signal == "OS.PREC.TDMREP"
    v = verdict("https://h/a", "CCBot", robots=robots, html='<meta name="robots" content="noai">')
    assert v.training_signal == "OS.PREC.NOAI"
    v = verdict("https://h/a", "CCBot", robots=robots)
    assert v.crawl_allowed and v.training_allowed and v.training_signal is None
    assert "may be used" in v.explain()
    down = effective_robots(503, None)
    assert not verdict("https://h/a", "CCBot", robots=down).crawl_allowed


def test_effective_robots_pickles() -> None:
    import pickle

    for eff in (effective_robots(200, BODY), effective_robots(503, None)):
        clone = pickle.loads(pickle.dumps(eff))
        urls = ["https://h/private/x", "https://h/public"]
        assert clone.allowed_many(urls, "bot") == eff.allowed_many(urls, "bot")


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("[" * 5_000 + "]" * 5_000, "nested"),
        ('[{"location": "/", "location": "/x", "tdm-reservation": 1}]', "twice"),
        ('[{"location": "/", "tdm-reservation": NaN}]', "not a number"),
        ('[{"location": "/", "tdm-reservation": 1, "n": 1e999}]', "out of range"),
        ("[" + ",".join(["{}"] * 600_000) + "]", "values"),
        (b'[{"location": "/\xff"}]', "UTF-8"),
    ],
)
def test_tdmrep_hostile_bodies_are_bounded(body: str | bytes, problem: str) -> None:
    """tdmrep.json bodies go through the bounded loader: a hostile body is a warning and no
    rules (nothing reserved by it), never an exception or an unbounded parse."""
    parsed = parse_tdmrep_json(body)
    assert parsed.rules == ()
    assert problem in parsed.warnings[0]
    assert "tdmrep.json" in parsed.warnings[0]


def test_tdmrep_oversized_body_is_refused_before_parsing() -> None:
    from gpaikit.rep._tdmrep import TDMREP_LIMITS

    body = '[{"location": "/", "tdm-reservation": 1, "pad": "' + "x" * TDMREP_LIMITS.max_bytes
    parsed = parse_tdmrep_json(body + '"}]')
    assert parsed.rules == ()
    assert "bytes" in parsed.warnings[0]

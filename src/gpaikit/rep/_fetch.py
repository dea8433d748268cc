"""Fetch outcomes as data: what a crawler had to obey after fetching robots.txt.

:func:`effective_robots` maps (HTTP status, body, redirects followed, age of the cached copy,
how long the file has been unreachable) to allow-all, disallow-all or the parsed rules, with
the reference ID of the rule that decided (RFC 9309 §2.3-2.4; ``OS.REP.*``). No I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from gpaikit._exceptions import InputError
from gpaikit.rep._encoding import path_of
from gpaikit.rep._model import Decision
from gpaikit.rep._robots import RobotsTxt

__all__ = [
    "CACHE_CEILING",
    "MAX_REDIRECTS",
    "UNREACHABLE_GRACE",
    "EffectiveRobots",
    "effective_robots",
]

#: RFC 9309 §2.3.1.2: follow at least five consecutive redirects.
MAX_REDIRECTS = 5
#: RFC 9309 §2.4: a cached copy SHOULD NOT be used for more than 24 hours.
CACHE_CEILING = dt.timedelta(hours=24)
#: RFC 9309 §2.3.1.4 example (and Google practice): unreachable for 30 days.
UNREACHABLE_GRACE = dt.timedelta(days=30)

Kind = Literal["rules", "allow-all", "disallow-all"]


@dataclass(frozen=True)
class EffectiveRobots:
    """The rules in force after a fetch: parsed rules, allow-all or disallow-all.

    ``reason`` is the reference ID that decided (for example ``OS.REP.UNREACHABLE``) and
    ``explanation`` says it in words. ``stale`` flags a cached copy older than 24 hours used
    while the server was reachable (``OS.REP.CACHE``): the verdicts still follow that copy,
    but an audit should report the staleness.
    """

    kind: Kind
    reason: str
    explanation: str
    robots: RobotsTxt | None = None
    stale: bool = False
    mode: str = "rfc"

    def allowed(self, url: str, agent: str) -> bool:
        if self.robots is not None:
            return self.robots.allowed(url, agent)
        return self.kind == "allow-all"

    def allowed_many(self, urls: Iterable[str], agent: str) -> list[bool]:
        if self.robots is not None:
            return self.robots.allowed_many(urls, agent)
        verdict = self.kind == "allow-all"
        return [verdict for _ in urls]

    def decision(self, url: str, agent: str) -> Decision:
        if self.robots is not None:
            return self.robots.decision(url, agent)
        return Decision(self.kind == "allow-all", path_of(url), agent, self.mode, self.reason)


def _check(status: int | None, redirects: int) -> None:
    if status is not None and not 100 <= status <= 599:
        raise InputError(f"HTTP status {status} is not a status code", hint="use 100-599 or None")
    if redirects < 0:
        raise InputError(f"redirects={redirects} is negative", hint="count redirects followed")


def effective_robots(
    status: int | None,
    body: bytes | str | None,
    *,
    redirects: int = 0,
    age: dt.timedelta | None = None,
    unreachable_for: dt.timedelta | None = None,
    cached: bytes | str | None = None,
    mode: str = "rfc",
) -> EffectiveRobots:
    """The effective robots.txt rules after a fetch.

    ``status`` is the final HTTP status (None: the server or network failed);
    ``redirects`` the number of redirects followed to reach it; ``age`` the age of the copy
    used; ``unreachable_for`` how long the file has been unreachable so far; ``cached`` the
    last good copy, used after a long unreachability. ``mode`` is the robots.txt mode.
    """
    _check(status, redirects)
    if redirects > MAX_REDIRECTS:
        return EffectiveRobots(
            "allow-all",
            "OS.REP.REDIRECTS",
            f"{redirects} redirects (more than {MAX_REDIRECTS}): treated as unavailable",
            mode=mode,
        )
    if status is not None and 200 <= status <= 299:
        stale = age is not None and age > CACHE_CEILING
        robots = RobotsTxt.parse(body, mode=mode)
        note = f"; cached copy is {age} old (ceiling 24 h, OS.REP.CACHE)" if stale else ""
        return EffectiveRobots(
            "rules",
            "OS.REP.PARSE_ERRORS",
            f"HTTP {status}: rules parsed{note}",
            robots,
            stale,
            mode,
        )
    if status is not None and 300 <= status <= 399:
        return EffectiveRobots(
            "allow-all",
            "OS.REP.REDIRECTS",
            f"HTTP {status} without a robots.txt at the end of the redirects: unavailable",
            mode=mode,
        )
    if status is not None and 400 <= status <= 499 and status != 429:
        return EffectiveRobots(
            "allow-all",
            "OS.REP.UNAVAILABLE",
            f"HTTP {status}: unavailable, crawl allowed",
            mode=mode,
        )
    # 429, 5xx, 1xx and network failures: unreachable.
    what = "no response" if status is None else f"HTTP {status}"
    if status == 429:
        what += " (too many requests: treated as a server error, OS.REP.GOOGLE_PRACTICE)"
    if unreachable_for is not None and unreachable_for > UNREACHABLE_GRACE:
        if cached is not None:
            return EffectiveRobots(
                "rules",
                "OS.REP.UNREACHABLE",
                f"{what}, unreachable for {unreachable_for}: the last cached copy applies",
                RobotsTxt.parse(cached, mode=mode),
                mode=mode,
            )
        return EffectiveRobots(
            "allow-all",
            "OS.REP.UNREACHABLE",
            f"{what}, unreachable for {unreachable_for} (over 30 days): treated as unavailable",
            mode=mode,
        )
    if cached is not None and (age is None or age <= CACHE_CEILING):
        return EffectiveRobots(
            "rules",
            "OS.REP.CACHE",
            f"{what}: unreachable; a cached copy no older than 24 hours applies",
            RobotsTxt.parse(cached, mode=mode),
            mode=mode,
        )
    return EffectiveRobots(
        "disallow-all", "OS.REP.UNREACHABLE", f"{what}: unreachable, complete disallow", mode=mode
    )

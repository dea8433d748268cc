"""The usage preferences a robots.txt states for one agent and one URL.

Two kinds of robots.txt line carry them, both inside user-agent groups:

* IETF aipref ``Content-Usage: [path] prefs`` (``OS.AIPREF.ROBOTS_RULE``): categories such
  as ``train-ai=n``;
* Cloudflare ``Content-Signal: key=value, …`` (``OS.CSIG.LINE``): ``search``, ``ai-input``,
  ``ai-train`` (``yes`` / ``no``) and the newer, UNCONFIRMED ``use``.

Which keys exist, what their values mean and which of them reserve AI training is data
(``law/data/signals.yaml``, kind ``usage_signal``). The lines of the groups that apply to the
agent (the same groups as its Allow / Disallow rules) are selected per path like
Content-Usage rules: the longest matching path wins, a line without a path applies to every
path with the lowest priority, and lines of equal priority combine restrictively (a
disallow wins). Preferences apply only to URLs the agent may crawl: for others nothing is
implied (the crawl refusal already covers every use).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Protocol, TypeVar

from gpaikit.law import UsageSignal, load_catalog
from gpaikit.rep._aipref import ContentUsage, combine_content_usage
from gpaikit.rep._fetch import EffectiveRobots
from gpaikit.rep._match import split_pattern, wildcard_match
from gpaikit.rep._robots import RobotsTxt

__all__ = [
    "UsageInForce",
    "UsagePreference",
    "robots_content_usage",
    "select_by_path",
    "usage_in_force",
]

State = Literal["allowed", "disallowed", "unknown"]
Signal = Literal["content-usage", "content-signal"]


class _PathRule(Protocol):
    @property
    def pattern(self) -> str: ...


R = TypeVar("R", bound=_PathRule)


def select_by_path(rules: Sequence[R], path: str) -> list[R]:
    """The rules that apply to ``path``: those with the longest matching pattern (octets),
    all of them when several are equally long; a rule without a pattern matches any path
    with the lowest priority (OS.AIPREF.ROBOTS_RULE)."""
    best = -1
    chosen: list[R] = []
    for rule in rules:
        if rule.pattern and not wildcard_match(path, *split_pattern(rule.pattern)):
            continue
        size = len(rule.pattern)
        if size > best:
            best, chosen = size, [rule]
        elif size == best:
            chosen.append(rule)
    return chosen


@dataclass(frozen=True)
class UsagePreference:
    """One key in force: its state, the value as written and the lines that set it."""

    signal: Signal
    key: str
    value: str | None
    state: State
    lines: tuple[int, ...]
    entry: str | None  # the catalog ID (SIG.*), None for a key the catalog does not know
    training: bool  # a "disallowed" here reserves AI training (catalog)
    unconfirmed: bool


def _combine(states: Sequence[State]) -> State:
    if "disallowed" in states:
        return "disallowed"
    return "allowed" if "allowed" in states else "unknown"


@dataclass(frozen=True)
class UsageInForce:
    """What a robots.txt says about the use of one URL's content by one agent."""

    url: str
    agent: str
    crawl_allowed: bool
    preferences: tuple[UsagePreference, ...]

    def get(self, key: str, signal: str | None = None) -> State:
        """The state of ``key`` (of ``signal``, or of either, combined restrictively)."""
        return _combine(
            [p.state for p in self.preferences if p.key == key and signal in (None, p.signal)]
        )

    @property
    def training(self) -> State:
        """AI training, over every key the catalog marks as governing it (``ai-train``,
        ``train-ai``): disallowed if any says so, else allowed if any does, else unknown."""
        return _combine([p.state for p in self.preferences if p.training])

    @property
    def reserving_training(self) -> tuple[UsagePreference, ...]:
        """The preferences that reserve AI training, for reports."""
        return tuple(p for p in self.preferences if p.training and p.state == "disallowed")

    def content_usage(self) -> ContentUsage:
        """The aipref statement in force, as :class:`ContentUsage`."""
        prefs = {
            p.key: p.state == "allowed"
            for p in self.preferences
            if p.signal == "content-usage" and p.state != "unknown"
        }
        return ContentUsage(prefs)


@lru_cache(maxsize=1)
def _catalog() -> dict[tuple[str, str], UsageSignal]:
    return {(s.signal, s.key): s for s in load_catalog().usage_signals()}


def _preference(
    signal: Signal,
    key: str,
    values: list[tuple[str, State, int]],
) -> UsagePreference:
    entry = _catalog().get((signal, key))
    written = sorted({v for v, _s, _l in values})
    return UsagePreference(
        signal,
        key,
        ",".join(written) if written else None,
        _combine([s for _v, s, _l in values]),
        tuple(sorted({line for _v, _s, line in values})),
        entry.id if entry else None,
        bool(entry and entry.training),
        bool(entry and entry.unconfirmed),
    )


def usage_in_force(robots: RobotsTxt | EffectiveRobots, url: str, agent: str) -> UsageInForce:
    """The usage preferences a robots.txt states for ``agent`` and ``url``."""
    parsed = robots if isinstance(robots, RobotsTxt) else robots.robots
    crawl = robots.allowed(url, agent)
    if parsed is None or not crawl:
        return UsageInForce(url, agent, crawl, ())
    applied = parsed.rules_for(agent)
    path = parsed._path(url)
    found: dict[tuple[Signal, str], list[tuple[str, State, int]]] = {}
    for usage_rule in select_by_path(applied.usage_rules, path):
        for key, allowed in usage_rule.preferences:
            state: State = "allowed" if allowed else "disallowed"
            found.setdefault(("content-usage", key), []).append(
                ("y" if allowed else "n", state, usage_rule.line)
            )
    for signal_rule in select_by_path(applied.signal_rules, path):
        for key, value in signal_rule.signals:
            entry = _catalog().get(("content-signal", key))
            mapped: State = entry.values.get(value, "unknown") if entry else "unknown"
            found.setdefault(("content-signal", key), []).append((value, mapped, signal_rule.line))
    preferences = tuple(
        _preference(signal, key, values) for (signal, key), values in sorted(found.items())
    )
    return UsageInForce(url, agent, crawl, preferences)


def robots_content_usage(robots: RobotsTxt, url: str, agent: str) -> ContentUsage:
    """The robots.txt ``Content-Usage`` rules for a URL (``OS.AIPREF.ROBOTS_RULE``), whether
    or not the URL may be crawled (:func:`usage_in_force` also applies that condition).

    Longest matching path wins; rules with identical paths combine, restrictive first;
    a rule without a path applies to every path with the lowest priority.
    """
    chosen = select_by_path(robots.rules_for(agent).usage_rules, robots._path(url))
    return combine_content_usage(*(ContentUsage(dict(rule.preferences)) for rule in chosen))

"""The public robots.txt object: parse once, then answer allowed / decision for any URL."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from gpaikit._exceptions import InputError
from gpaikit.rep._encoding import path_of, rfc_normalise_str, to_bytes
from gpaikit.rep._match import RuleSet
from gpaikit.rep._model import DIALECTS, Decision, Dialect, Group, ParseWarning, Rule, UsageRule
from gpaikit.rep._parse import parse_body

__all__ = ["AgentRules", "RobotsTxt"]


@dataclass(frozen=True, slots=True)
class AgentRules:
    """What applies to one agent: the groups used and whether they are specific or ``*``."""

    agent: str
    groups: tuple[Group, ...]
    specific: bool
    ruleset: RuleSet
    usage_rules: tuple[UsageRule, ...]


def _agent_key(agent: str) -> str | None:
    # absl::EqualsIgnoreCase is ASCII-only; str.lower() would fold e.g. the Kelvin sign.
    return agent.lower() if agent.isascii() else None


class RobotsTxt:
    """A parsed robots.txt. Immutable after parsing; picklable; safe to share across threads.

    Build it with :meth:`parse`. ``mode`` is ``"rfc"`` (RFC 9309) or ``"google"``
    (google/robotstxt's behaviour, including its extensions); ``docs/rep.md`` lists every
    difference.
    """

    __slots__ = (
        "_cache",
        "dialect",
        "groups",
        "ignored_rules",
        "lines",
        "others",
        "parsed_bytes",
        "sitemaps",
        "size",
        "warnings",
    )

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.groups: tuple[Group, ...] = ()
        self.sitemaps: tuple[str, ...] = ()
        self.others: tuple[tuple[int, str, str], ...] = ()
        self.warnings: tuple[ParseWarning, ...] = ()
        self.ignored_rules: tuple[tuple[int, str], ...] = ()
        self.lines = 0
        self.size = 0
        self.parsed_bytes = 0
        self._cache: dict[str | None, AgentRules] = {}

    # -- construction -------------------------------------------------------------------

    @classmethod
    def parse(
        cls, body: str | bytes | bytearray | memoryview | None, *, mode: str | Dialect = "rfc"
    ) -> RobotsTxt:
        """Parse ``body``; never fails on content, only on an unknown ``mode``.

        ``mode`` may also be a :class:`Dialect` with individual switches set (for
        experiments and for explaining the differences between the two modes).
        """
        dialect = mode if isinstance(mode, Dialect) else DIALECTS.get(mode)
        if dialect is None:
            raise InputError(
                f"unknown robots.txt mode {mode!r}", hint="use mode='rfc' or mode='google'"
            )
        if body is None:
            raw = b""
        elif isinstance(body, str):
            raw = to_bytes(body)
        else:
            raw = bytes(body)
        if cls is RobotsTxt and len(raw) <= _CACHE_BODY_LIMIT:
            return _parse_shared(raw, dialect)
        return cls._build(raw, dialect)

    @classmethod
    def _build(cls, raw: bytes, dialect: Dialect) -> RobotsTxt:
        parsed = parse_body(raw, dialect)
        self = cls(dialect)
        self.groups = tuple(parsed.groups)
        self.sitemaps = tuple(parsed.sitemaps)
        self.others = tuple(parsed.others)
        self.warnings = tuple(parsed.warnings)
        self.ignored_rules = tuple(parsed.ignored_rules)
        self.lines = parsed.lines
        self.size = parsed.size
        self.parsed_bytes = parsed.parsed_bytes
        return self

    @property
    def mode(self) -> str:
        return self.dialect.name

    @property
    def truncated(self) -> bool:
        """Whether the size limit cut the body (see the ``size-limit`` warning)."""
        return self.parsed_bytes < self.size

    def __getstate__(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__ if name != "_cache"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        self._cache = {}

    def __repr__(self) -> str:
        return (
            f"RobotsTxt(mode={self.mode!r}, groups={len(self.groups)}, "
            f"warnings={len(self.warnings)})"
        )

    # -- group selection ------------------------------------------------------------------

    def rules_for(self, agent: str) -> AgentRules:
        """The groups that apply to ``agent`` (product token, case-insensitive), cached.

        Groups naming the token are merged; if none does, the ``*`` groups are merged;
        if there is none either, no rule applies (``OS.REP.GROUP_*``).
        """
        key = _agent_key(agent)
        found = self._cache.get(key)
        if found is not None:
            return found
        specific = tuple(g for g in self.groups if key is not None and key in _lowered(g))
        groups = specific or tuple(g for g in self.groups if g.is_global)
        rules = [r for g in groups for r in g.rules]
        usage = tuple(u for g in groups for u in g.usage_rules)
        found = AgentRules(
            agent, groups, bool(specific), RuleSet(rules, rfc=self.dialect.rfc_encoding), usage
        )
        if len(self._cache) < 256:
            self._cache[key] = found
        return found

    # -- matching -------------------------------------------------------------------------

    def _path(self, url: str) -> str:
        path = path_of(url)
        if self.dialect.rfc_encoding:
            path = rfc_normalise_str(path)
        return path

    def allowed(self, url: str, agent: str) -> bool:
        """Whether ``agent`` may fetch ``url`` (an absolute URL or a path)."""
        path = self._path(url)
        if self.dialect.self_allowed and path == "/robots.txt":
            return True
        rule = self.rules_for(agent).ruleset.match(path)
        return rule is None or rule.allow

    def allowed_many(self, urls: Iterable[str], agent: str) -> list[bool]:
        """:meth:`allowed` for many URLs of this host; group selection is done once and
        the rules are matched against the raw URLs in one regex pass each."""
        ruleset = self.rules_for(agent).ruleset
        if not ruleset:
            return [True for _ in urls]

        def slow(url: str) -> bool:
            return self.allowed(url, agent)

        return ruleset.allowed_urls(urls, slow, rfc=self.dialect.rfc_encoding)

    def decision(self, url: str, agent: str) -> Decision:
        """The verdict with the deciding rule, its line and the group it belongs to."""
        path = self._path(url)
        mode = self.mode
        if self.dialect.self_allowed and path == "/robots.txt":
            return Decision(True, path, agent, mode, "robots-txt")
        applied = self.rules_for(agent)
        rule = applied.ruleset.match(path)
        if rule is not None:
            return Decision(rule.allow, path, agent, mode, "rule", rule, self.groups[rule.group])
        if applied.groups:
            return Decision(True, path, agent, mode, "no-matching-rule", None, applied.groups[0])
        return Decision(True, path, agent, mode, "no-group")

    def decisions_many(self, urls: Iterable[str], agent: str) -> list[Decision]:
        return [self.decision(url, agent) for url in urls]

    def matching_rule(self, url: str, agent: str) -> Rule | None:
        return self.rules_for(agent).ruleset.match(self._path(url))


_CACHE_BODY_LIMIT = 64 * 1024


@lru_cache(maxsize=512)
def _parse_shared(raw: bytes, dialect: Dialect) -> RobotsTxt:
    """Identical files are common across hosts (CMS defaults); parse and compile them once.

    Sharing is safe: a RobotsTxt never changes after parsing (its per-agent cache only
    memoises pure results).
    """
    return RobotsTxt._build(raw, dialect)


def _lowered(group: Group) -> frozenset[str]:
    return frozenset(a.lower() for a in group.agents if a != "*")

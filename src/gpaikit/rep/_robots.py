"""The public robots.txt object: parse once, then answer allowed / decision for any URL."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from gpaikit._exceptions import InputError
from gpaikit.rep import _native
from gpaikit.rep._encoding import path_of, rfc_normalise_str, to_bytes
from gpaikit.rep._match import RuleSet
from gpaikit.rep._model import (
    DIALECTS,
    Decision,
    Dialect,
    Group,
    ParseWarning,
    Rule,
    SignalRule,
    UsageRule,
)
from gpaikit.rep._native import available, materialise, native_core, use_native
from gpaikit.rep._parse import ParsedBody, parse_body

__all__ = ["AgentRules", "RobotsTxt"]


@dataclass(frozen=True, slots=True)
class AgentRules:
    """What applies to one agent: the groups used and whether they are specific or ``*``."""

    agent: str
    groups: tuple[Group, ...]
    specific: bool
    ruleset: RuleSet
    usage_rules: tuple[UsageRule, ...]
    signal_rules: tuple[SignalRule, ...] = ()


def _agent_key(agent: str) -> str | None:
    # absl::EqualsIgnoreCase is ASCII-only; str.lower() would fold e.g. the Kelvin sign.
    return agent.lower() if agent.isascii() else None


class _Snapshot(NamedTuple):
    """The parse result as the public attributes expose it (tuples, immutable)."""

    groups: tuple[Group, ...]
    sitemaps: tuple[str, ...]
    others: tuple[tuple[int, str, str], ...]
    warnings: tuple[ParseWarning, ...]
    ignored_rules: tuple[tuple[int, str], ...]
    lines: int
    size: int
    parsed_bytes: int


def _snapshot(parsed: ParsedBody) -> _Snapshot:
    return _Snapshot(
        tuple(parsed.groups),
        tuple(parsed.sitemaps),
        tuple(parsed.others),
        tuple(parsed.warnings),
        tuple(parsed.ignored_rules),
        parsed.lines,
        parsed.size,
        parsed.parsed_bytes,
    )


_EMPTY = _Snapshot((), (), (), (), (), 0, 0, 0)


class RobotsTxt:
    """A parsed robots.txt. Immutable after parsing; picklable; safe to share across threads.

    Build it with :meth:`parse`. ``mode`` is ``"rfc"`` (RFC 9309) or ``"google"``
    (google/robotstxt's behaviour, including its extensions); ``docs/rep.md`` lists every
    difference. With the native engine (``gpaikit[fast]``), verdicts come from Rust and the
    groups, rules and warnings are built from the native parse when first read.
    """

    __slots__ = ("_body", "_cache", "_core", "_result", "dialect")

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._body: str | bytes = b""
        self._core: Any = None
        self._result: _Snapshot = _EMPTY
        self._cache: dict[str | None, AgentRules] = {}

    # -- construction -------------------------------------------------------------------

    @classmethod
    def parse(
        cls,
        body: str | bytes | bytearray | memoryview | None,
        *,
        mode: str | Dialect = "rfc",
        engine: str | None = None,
    ) -> RobotsTxt:
        """Parse ``body``; never fails on content, only on an unknown ``mode`` or ``engine``.

        ``mode`` may also be a :class:`Dialect` with individual switches set (for
        experiments and for explaining the differences between the two modes). ``engine``
        is ``"native"``, ``"python"`` or ``"auto"``; None takes the process default
        (``$GPAIKIT_REP_ENGINE``, else native when installed). Both give the same results.
        """
        if engine is None:
            engine = _native.DEFAULT
        if (engine == "auto" or engine == "native") and type(mode) is str:
            native_dialect = _native.MODES.get(mode)
            if native_dialect is not None and (type(body) is str or type(body) is bytes):
                # The fast path of the native engine (a crawl parses a file per host): the
                # other slots stay unset until used (see _snapshot, rules_for, __getstate__).
                self = cls.__new__(cls)
                self.dialect = DIALECTS[mode]
                self._core = _native.Robots(body, native_dialect)
                return self
        dialect = mode if isinstance(mode, Dialect) else DIALECTS.get(mode)
        if dialect is None:
            raise InputError(
                f"unknown robots.txt mode {mode!r}", hint="use mode='rfc' or mode='google'"
            )
        raw: str | bytes
        if body is None:
            raw = b""
        elif isinstance(body, str | bytes):
            raw = body
        else:
            raw = bytes(body)
        if use_native(engine):
            self = cls.__new__(cls)
            self.dialect = dialect
            self._core = native_core(raw, dialect)
            return self
        if isinstance(raw, str):
            raw = to_bytes(raw)
        if cls is RobotsTxt and len(raw) <= _CACHE_BODY_LIMIT:
            return _parse_shared(raw, dialect)
        return cls._build(raw, dialect)

    @classmethod
    def _build(cls, raw: bytes, dialect: Dialect) -> RobotsTxt:
        self = cls(dialect)
        self._body = raw
        self._result = _snapshot(parse_body(raw, dialect))
        return self

    @property
    def engine(self) -> str:
        """``"native"`` or ``"python"``: which engine parsed this file."""
        return "python" if self._core is None else "native"

    def _snapshot(self) -> _Snapshot:
        try:
            return self._result
        except AttributeError:  # native: build the Python objects once, on first use
            found = self._result = _snapshot(materialise(self._core, self.dialect))
            return found

    @property
    def groups(self) -> tuple[Group, ...]:
        return self._snapshot().groups

    @property
    def sitemaps(self) -> tuple[str, ...]:
        return self._snapshot().sitemaps

    @property
    def others(self) -> tuple[tuple[int, str, str], ...]:
        """Lines with a key the parser does not act on: ``(line, key, value)``."""
        return self._snapshot().others

    @property
    def warnings(self) -> tuple[ParseWarning, ...]:
        return self._snapshot().warnings

    @property
    def ignored_rules(self) -> tuple[tuple[int, str], ...]:
        """Allow / disallow lines before any user-agent line: ``(line, value)``."""
        return self._snapshot().ignored_rules

    @property
    def lines(self) -> int:
        return self._snapshot().lines

    @property
    def size(self) -> int:
        return self._snapshot().size

    @property
    def parsed_bytes(self) -> int:
        return self._snapshot().parsed_bytes

    @property
    def mode(self) -> str:
        return self.dialect.name

    @property
    def truncated(self) -> bool:
        """Whether the size limit cut the body (see the ``size-limit`` warning)."""
        return self.parsed_bytes < self.size

    def __getstate__(self) -> dict[str, Any]:
        body = self._body if self._core is None else self._core.body()
        return {
            "body": body if isinstance(body, bytes) else to_bytes(body),
            "dialect": self.dialect,
            "engine": self.engine,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        # Re-parse where the object lands (a Spark executor may lack the native engine).
        engine = state["engine"] if available() else "python"
        clone = RobotsTxt.parse(state["body"], mode=state["dialect"], engine=engine)
        for name in self.__slots__:
            if name != "_cache" and hasattr(clone, name):
                object.__setattr__(self, name, getattr(clone, name))

    def __repr__(self) -> str:
        return (
            f"RobotsTxt(mode={self.mode!r}, groups={len(self.groups)}, "
            f"warnings={len(self.warnings)}, engine={self.engine!r})"
        )

    # -- group selection ------------------------------------------------------------------

    def rules_for(self, agent: str) -> AgentRules:
        """The groups that apply to ``agent`` (product token, case-insensitive), cached.

        Groups naming the token are merged; if none does, the ``*`` groups are merged;
        if there is none either, no rule applies (``OS.REP.GROUP_*``).
        """
        key = _agent_key(agent)
        try:
            cache = self._cache
        except AttributeError:  # a native parse creates its cache on first use
            cache = self._cache = {}
        found = cache.get(key)
        if found is not None:
            return found
        specific = tuple(g for g in self.groups if key is not None and key in _lowered(g))
        groups = specific or tuple(g for g in self.groups if g.is_global)
        rules = [r for g in groups for r in g.rules]
        usage = tuple(u for g in groups for u in g.usage_rules)
        signals = tuple(s for g in groups for s in g.signal_rules)
        ruleset = RuleSet(rules, self_allowed=self.dialect.self_allowed)
        found = AgentRules(agent, groups, bool(specific), ruleset, usage, signals)
        if len(cache) < 256:
            cache[key] = found
        return found

    # -- matching -------------------------------------------------------------------------

    def _path(self, url: str) -> str:
        """The path a URL is matched with: rfc canonical form, or (google) as given and
        cut at a NUL, since upstream hands the path on as a C string (OS.GRT.URL)."""
        path = path_of(url)
        if self.dialect.rfc_encoding:
            return rfc_normalise_str(path)
        nul = path.find("\0")
        return path if nul < 0 else path[:nul]

    def allowed(self, url: str, agent: str) -> bool:
        """Whether ``agent`` may fetch ``url`` (an absolute URL or a path)."""
        core = self._core
        if core is not None:
            result: bool = core.allowed(url, agent)
            return result
        path = self._path(url)
        if self.dialect.self_allowed and path == "/robots.txt":
            return True
        rule = self.rules_for(agent).ruleset.match(path)
        return rule is None or rule.allow

    def allowed_many(self, urls: Iterable[str], agent: str) -> list[bool]:
        """:meth:`allowed` for many URLs of this host; group selection is done once and
        the rules are matched against the raw URLs in one regex pass each."""
        core = self._core
        if core is not None:
            result: list[bool] = core.allowed_many(urls, agent)
            return result
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
        core = self._core
        if core is not None:
            allowed, reason, g, position = core.decide(url, agent)
            group = self.groups[g] if g >= 0 else None
            rule = group.rules[position] if group is not None and position >= 0 else None
            return Decision(allowed, path, agent, mode, reason, rule, group)
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

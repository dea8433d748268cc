"""Value types of the robots.txt engine: modes, rules, groups, warnings and decisions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

__all__ = [
    "DIALECTS",
    "Decision",
    "Dialect",
    "Group",
    "Mode",
    "ParseWarning",
    "Rule",
    "SignalRule",
    "UsageRule",
]

Mode = Literal["rfc", "google"]

#: 500 KiB, the minimum parsing limit of RFC 9309 §2.5 and Google's production cap.
RFC_SIZE_LIMIT = 500 * 1024
#: Google's per-line buffer (2083 × 8 bytes, one of them for the terminating NUL).
MAX_LINE_BYTES = 2083 * 8 - 1


@dataclass(frozen=True, slots=True)
class Dialect:
    """The switches that separate the two modes; every difference is one named field.

    ``docs/rep.md`` documents each switch with its reference ID (``OS.GRT.DIFF.*``).
    """

    name: Mode
    key_typos: bool  # OS.GRT.DIFF.TYPOS: case-insensitive key prefixes and typo variants
    no_colon: bool  # OS.GRT.DIFF.NO_COLON: "disallow /x" without a colon
    index_html: bool  # OS.GRT.DIFF.INDEX_HTML: Allow /d/index.htm* also allows /d/
    rfc_encoding: bool  # OS.GRT.DIFF.PCT_DECODE / URL_ENCODING: normalise rules and URLs
    self_allowed: bool  # OS.REP.SELF_ALLOWED: /robots.txt is always allowed
    size_limit: int | None  # OS.GRT.DIFF.SIZE: bytes parsed (None = whole body)


DIALECTS: dict[str, Dialect] = {
    "rfc": Dialect("rfc", False, False, False, True, True, RFC_SIZE_LIMIT),
    "google": Dialect("google", True, True, True, False, False, None),
}


class Rule(NamedTuple):
    """One allow or disallow line. ``pattern`` is the canonical form used for matching.

    A named tuple: immutable, and cheap to build for files with many rules.
    """

    line: int
    allow: bool
    pattern: str
    raw: str
    group: int
    derived: bool = False  # added by the index.htm extension (google mode)

    @property
    def priority(self) -> int:
        """Match priority: the pattern length in octets after escaping (OS.GRT.PRIORITY)."""
        return len(self.pattern)

    @property
    def directive(self) -> str:
        return "allow" if self.allow else "disallow"

    def __str__(self) -> str:
        extra = " (index.htm extension)" if self.derived else ""
        return f"line {self.line}: {self.directive.capitalize()}: {self.raw}{extra}"


@dataclass(frozen=True, slots=True)
class UsageRule:
    """An aipref ``Content-Usage: [path] <prefs>`` rule inside a group (OS.AIPREF.ROBOTS_RULE)."""

    line: int
    pattern: str  # "" when the rule has no path (applies to every path)
    raw: str
    preferences: tuple[tuple[str, bool], ...]  # (category, allowed)
    group: int


@dataclass(frozen=True, slots=True)
class SignalRule:
    """A Cloudflare ``Content-Signal: [path] key=value, …`` line inside a group (OS.CSIG.LINE).

    ``signals`` keeps every well-formed ``key=value`` pair in order, keys lower-cased; what
    the keys and values mean is data (``law/data/signals.yaml``), read by
    :func:`gpaikit.rep.usage_in_force`.
    """

    line: int
    pattern: str  # "" when the line has no path (applies to every path)
    raw: str
    signals: tuple[tuple[str, str], ...]
    group: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Group:
    """A group: its user-agent lines (product tokens, ``*`` for the global group) and rules."""

    index: int
    line: int
    agents: tuple[str, ...]
    rules: tuple[Rule, ...]
    usage_rules: tuple[UsageRule, ...] = ()
    signal_rules: tuple[SignalRule, ...] = ()

    @property
    def is_global(self) -> bool:
        return "*" in self.agents


@dataclass(frozen=True, slots=True)
class ParseWarning:
    """Something the parser skipped, cut or read leniently; parsing itself never fails."""

    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.code}: {self.message}"


@dataclass(frozen=True, slots=True)
class Decision:
    """The verdict for one URL and one agent, with the rule, line and group that decided.

    ``reason`` is one of ``rule`` (a rule decided), ``no-matching-rule`` (the agent's group
    has no rule matching the path), ``no-group`` (no group applies), ``robots-txt`` (the
    file itself, always allowed in rfc mode) or a fetch-outcome reason such as
    ``OS.REP.UNREACHABLE``.
    """

    allowed: bool
    path: str
    agent: str
    mode: str
    reason: str
    rule: Rule | None = None
    group: Group | None = None

    @property
    def line(self) -> int | None:
        return self.rule.line if self.rule is not None else None

    def explain(self) -> str:
        verdict = "allowed" if self.allowed else "disallowed"
        if self.rule is not None:
            who = f"group at line {self.group.line}" if self.group else "group"
            return f"{verdict} by {self.rule} ({who}, mode {self.mode})"
        detail = {
            "no-matching-rule": "the agent's group has no rule matching the path",
            "no-group": "no group applies to the agent and there is no '*' group",
            "robots-txt": "/robots.txt is always allowed (RFC 9309 §2.2.2)",
        }.get(self.reason, self.reason)
        return f"{verdict}: {detail} (mode {self.mode})"

"""robots.txt lexer and grouper. Bytes in, groups and warnings out; it never raises.

The line syntax follows google/robotstxt (``OS.GRT.LINE_SYNTAX``) with the switches of a
:class:`~gpaikit.rep._model.Dialect`: BOM (also a partial one) skipped, CR / LF / CRLF line
ends, lines cut at 16,663 bytes and at a NUL byte, ``#`` comments, ``key: value``; sitemap
and unknown lines neither open nor close a group (``OS.REP.OTHER_RECORDS``); rules before the
first user-agent line are ignored.

This is the reference implementation; the native engine (``gpaikit_native``) produces the
same :class:`ParsedBody`, which ``tests/rep/test_rep_native.py`` checks on generated files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gpaikit.rep._aipref import parse_content_usage
from gpaikit.rep._csig import parse_content_signal
from gpaikit.rep._encoding import google_escape, rfc_normalise_pattern
from gpaikit.rep._messages import parse_warning
from gpaikit.rep._model import (
    MAX_LINE_BYTES,
    Dialect,
    Group,
    ParseWarning,
    Rule,
    SignalRule,
    UsageRule,
)

__all__ = ["MAX_WARNINGS", "ParsedBody", "parse_body", "signal_rule", "usage_rule"]

_BOM = b"\xef\xbb\xbf"
_TOKEN = re.compile(rb"[A-Za-z_-]*")
_UA, _ALLOW, _DISALLOW, _SITEMAP, _USAGE, _SIGNAL, _UNKNOWN = range(7)
_EXACT_KEYS = {
    b"user-agent": _UA,
    b"allow": _ALLOW,
    b"disallow": _DISALLOW,
    b"sitemap": _SITEMAP,
    b"content-usage": _USAGE,
    b"content-signal": _SIGNAL,
}
# google/robotstxt's key prefixes, in its order of tests (typos after the correct spelling).
_GOOGLE_KEYS = (
    (b"user-agent", _UA),
    (b"useragent", _UA),
    (b"user agent", _UA),
    (b"allow", _ALLOW),
    (b"disallow", _DISALLOW),
    (b"dissallow", _DISALLOW),
    (b"dissalow", _DISALLOW),
    (b"disalow", _DISALLOW),
    (b"diasllow", _DISALLOW),
    (b"disallaw", _DISALLOW),
    (b"sitemap", _SITEMAP),
    (b"site-map", _SITEMAP),
)
MAX_WARNINGS = 1000
# google/robotstxt's separator in a line without ':' (GetKeyAndValueFrom): spaces and tabs
# only, not the other ASCII whitespace that strip() removes.
_BLANKS = b" \t"


@dataclass
class ParsedBody:
    groups: list[Group] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    others: list[tuple[int, str, str]] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    lines: int = 0
    size: int = 0
    parsed_bytes: int = 0
    ignored_rules: list[tuple[int, str]] = field(default_factory=list)  # before any user-agent


def _decode(value: bytes) -> str:
    return value.decode("utf-8", "surrogateescape")


def _cut(body: bytes, limit: int | None, out: ParsedBody) -> bytes:
    """Apply the size limit: keep complete lines within ``limit`` bytes."""
    if limit is None or len(body) <= limit:
        return body
    kept = body[:limit]
    if body[limit : limit + 1] not in (b"\n", b"\r"):
        end = max(kept.rfind(b"\n"), kept.rfind(b"\r"))
        kept = kept[: end + 1]
    dropped = body[len(kept) :]
    line = kept.count(b"\n") + kept.count(b"\r") - kept.count(b"\r\n") + 1
    rules = len(re.findall(rb"(?im)^[ \t]*(?:dis)?allow[ \t]*:", dropped))
    args = (len(kept), len(body), limit, len(dropped), line, rules)
    out.warnings.append(parse_warning(line, "size-limit", args))
    return kept


def _split_key_value(
    line: bytes, lineno: int, dialect: Dialect, out: ParsedBody
) -> tuple[bytes, bytes] | None:
    """Key and value of a line that has no ``:`` after its first octet.

    Without a colon, google/robotstxt takes the first space or tab as the separator, skips
    the spaces and tabs after it, and accepts the line only if no space or tab follows
    (exactly two words). Other whitespace (VT, FF) is not a separator there, so
    ``disallow \\f /x`` is three words (``OS.GRT.LINE_SYNTAX``).
    """
    sep = line.find(b":")
    if sep < 0:
        ws = min((i for i in (line.find(b" "), line.find(b"\t")) if i >= 0), default=-1)
        if ws < 0:
            _warn(out, lineno, "no-separator.no-value")
            return None
        rest = line[ws + 1 :].lstrip(_BLANKS)
        if b" " in rest or b"\t" in rest:
            _warn(out, lineno, "no-separator.words")
            return None
        if not dialect.no_colon:
            _warn(out, lineno, "missing-colon.ignored")
            return None
        _warn(out, lineno, "missing-colon.read")
        key = line[:ws].strip()
        value = rest.strip()
    else:
        key = line[:sep].strip()
        value = line[sep + 1 :].strip()
    if not key:
        _warn(out, lineno, "empty-key")
        return None
    return key, value


def _warn(out: ParsedBody, line: int, key: str, *args: str | int | bytes) -> None:
    if len(out.warnings) < MAX_WARNINGS:
        out.warnings.append(parse_warning(line, key, args))
    elif len(out.warnings) == MAX_WARNINGS:
        out.warnings.append(parse_warning(line, "too-many-warnings"))


def _classify(key: bytes, lineno: int, dialect: Dialect, out: ParsedBody) -> int:
    lower = key.lower()
    kind = _EXACT_KEYS.get(lower)
    if kind is not None:
        return kind
    if dialect.key_typos:
        for spelling, kind in _GOOGLE_KEYS:
            if lower.startswith(spelling):
                _warn(out, lineno, "typo-accepted", key, spelling)
                return kind
    else:
        for spelling, _kind in _GOOGLE_KEYS:
            if lower.startswith(spelling):
                _warn(out, lineno, "unknown-directive", key, spelling)
                return _UNKNOWN
    return _UNKNOWN


def _pattern(value: bytes, dialect: Dialect) -> str:
    return rfc_normalise_pattern(value) if dialect.rfc_encoding else google_escape(value)


def _index_html_rule(rule: Rule) -> Rule | None:
    """OS.GRT.INDEX_HTML: ``Allow: /d/index.htm…`` also allows ``/d/`` exactly."""
    slash = rule.pattern.rfind("/")
    if slash < 0 or not rule.pattern.startswith("/index.htm", slash):
        return None
    pattern = rule.pattern[: slash + 1] + "$"
    return Rule(rule.line, True, pattern, rule.raw, rule.group, derived=True)


def _path_and_text(value: bytes, dialect: Dialect) -> tuple[str, bytes]:
    """A value that starts with ``/`` begins with a path (OS.AIPREF.ROBOTS_RULE)."""
    if not value.startswith(b"/"):
        return "", value
    parts = value.split(None, 1)
    return _pattern(parts[0], dialect), parts[1] if len(parts) > 1 else b""


def usage_rule(value: bytes, lineno: int, group: int, dialect: Dialect) -> UsageRule:
    """An aipref ``Content-Usage: [path] prefs`` line of group ``group``."""
    pattern, text = _path_and_text(value, dialect)
    prefs = parse_content_usage(_decode(text)).preferences
    return UsageRule(lineno, pattern, _decode(value), tuple(sorted(prefs.items())), group)


def signal_rule(value: bytes, lineno: int, group: int, dialect: Dialect) -> SignalRule:
    """A Cloudflare ``Content-Signal: [path] key=value, …`` line of group ``group``."""
    pattern, text = _path_and_text(value, dialect)
    pairs, warnings = parse_content_signal(_decode(text))
    return SignalRule(lineno, pattern, _decode(value), pairs, group, warnings)


class _Builder:
    def __init__(self, dialect: Dialect, out: ParsedBody) -> None:
        self.dialect = dialect
        self.out = out
        self.agents: list[str] = []
        self.rules: list[Rule] = []
        self.usage: list[UsageRule] = []
        self.signals: list[SignalRule] = []
        self.line = 0
        self.in_rules = False

    def close(self) -> None:
        if self.agents:
            self.out.groups.append(
                Group(
                    len(self.out.groups),
                    self.line,
                    tuple(self.agents),
                    tuple(self.rules),
                    tuple(self.usage),
                    tuple(self.signals),
                )
            )
        self.agents, self.rules, self.usage, self.signals = [], [], [], []
        self.in_rules = False

    def user_agent(self, value: bytes, lineno: int) -> None:
        if self.in_rules:
            self.close()
        if not self.agents:
            self.line = lineno
        if value[:1] == b"*" and (len(value) == 1 or value[1:2].isspace()):
            self.agents.append("*")
            return
        m = _TOKEN.match(value)
        token = m.group().decode("ascii") if m else ""
        if token.encode() != value:
            _warn(self.out, lineno, "invalid-product-token", value, token)
        self.agents.append(token)

    def rule(self, allow: bool, value: bytes, lineno: int) -> None:
        if not self.agents:
            self.out.ignored_rules.append((lineno, _decode(value)))
            _warn(self.out, lineno, "rule-outside-group.rule")
            return
        self.in_rules = True
        group = len(self.out.groups)
        rule = Rule(lineno, allow, _pattern(value, self.dialect), _decode(value), group)
        self.rules.append(rule)
        if allow and self.dialect.index_html:
            derived = _index_html_rule(rule)
            if derived is not None:
                self.rules.append(derived)

    def usage_rule(self, value: bytes, lineno: int) -> None:
        if not self.agents:
            _warn(self.out, lineno, "rule-outside-group.content-usage")
            return
        self.usage.append(usage_rule(value, lineno, len(self.out.groups), self.dialect))

    def signal_rule(self, value: bytes, lineno: int) -> None:
        if not self.agents:
            _warn(self.out, lineno, "rule-outside-group.content-signal")
            return
        self.signals.append(signal_rule(value, lineno, len(self.out.groups), self.dialect))


def _lines(body: bytes) -> list[bytes]:
    return body.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")


def parse_body(body: bytes, dialect: Dialect) -> ParsedBody:
    out = ParsedBody(size=len(body))
    i = 0
    while i < 3 and i < len(body) and body[i] == _BOM[i]:
        i += 1
    body = _cut(body[i:], dialect.size_limit, out)
    out.parsed_bytes = len(body) + i
    build = _Builder(dialect, out)
    lines = _lines(body)
    out.lines = len(lines)
    for lineno, line in enumerate(lines, 1):
        if len(line) > MAX_LINE_BYTES:
            _warn(out, lineno, "line-too-long")
            line = line[:MAX_LINE_BYTES]
        if b"\0" in line:
            _warn(out, lineno, "nul-byte")
            line = line[: line.find(b"\0")]
        hash_at = line.find(b"#")
        if hash_at >= 0:
            line = line[:hash_at]
        line = line.strip()
        if not line:
            continue
        colon = line.find(b":")
        if colon > 0:  # the common case, inline
            key = line[:colon].rstrip()
            value = line[colon + 1 :].lstrip()
        else:
            kv = _split_key_value(line, lineno, dialect, out)
            if kv is None:
                continue
            key, value = kv
        kind = _EXACT_KEYS.get(key.lower())
        if kind is None:
            kind = _classify(key, lineno, dialect, out)
        if kind == _UA:
            build.user_agent(value, lineno)
        elif kind in (_ALLOW, _DISALLOW):
            build.rule(kind == _ALLOW, value, lineno)
        elif kind == _SITEMAP:
            out.sitemaps.append(_decode(value))
        elif kind == _USAGE:
            build.usage_rule(value, lineno)
        elif kind == _SIGNAL:
            build.signal_rule(value, lineno)
        else:
            out.others.append((lineno, _decode(key), _decode(value)))
    build.close()
    return out

"""Linear-time matching of one agent's rules against paths.

A rule set is ordered by the decision order of RFC 9309 / google/robotstxt: longer pattern
first, ``allow`` before ``disallow`` on equal length, earlier line first. The first rule in
that order whose pattern matches decides (``OS.REP.LONGEST_MATCH``, ``OS.REP.TIE``).

* Literal patterns (no ``*``; optionally ending in ``$``) are compiled into one trie-shaped
  regular expression: one forward pass over the path, no backtracking (each branch starts
  with a distinct character), and ``lastindex`` names the deepest matching rule, which is the
  longest one.
* Patterns with ``*`` are split into literal pieces and matched with successive
  ``str.find`` calls from left to right. Finding each piece at its leftmost position is enough
  to decide whether a match exists, so the work is linear in the path and the pattern, whatever
  the number of ``*`` (CPython's ``str.find`` is linear in the worst case).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from itertools import repeat
from typing import cast

from gpaikit.rep._model import Rule

__all__ = ["RuleSet", "split_pattern", "wildcard_match"]

_MAX_TRIE_RULES = 3000
_MAX_TRIE_DEPTH = 150
_MAX_REGEX_PIECE = 32  # longer wildcard pieces are matched with str.find instead
_MAX_FUSED_WILDCARDS = 24
_COMPILE_AFTER = 32  # compile the regexes after this many matches (or for a batch)
# A URL whose scheme and authority hold none of "/?;#" and whose path starts with "/":
# google/robotstxt's path then starts at that "/" (OS.GRT.URL). Group 1 marks the path start.
_SCHEME_AUTHORITY = r"[A-Za-z][A-Za-z0-9+.\-]*+://[^/?;#]*+"
_PREFIX = re.compile(_SCHEME_AUTHORITY + "(?=/)")
_CLEAN = "(?=[!-#&-)+-~]*+\\Z)"  # rfc: nothing to percent-normalise, no literal * or $
_CLEAN_OCTETS = bytes(c for c in range(0x21, 0x7F) if c not in b"%*$")
# The path ends at '#' (the fragment) or, in google mode, at a NUL: upstream passes the path
# on as a C string (OS.GRT.URL). In rfc mode a NUL is percent-encoded before matching.
_ANY = "[^#\\x00]"
_END = "(?![^#\\x00])"


def _order(rule: Rule) -> tuple[int, int, int]:
    return (-len(rule.pattern), 0 if rule.allow else 1, rule.line)


def split_pattern(pattern: str) -> tuple[tuple[str, ...], bool]:
    """Pieces between ``*`` and whether the pattern ends with the anchor ``$``."""
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    return tuple(body.split("*")), anchored


def wildcard_match(path: str, pieces: tuple[str, ...], anchored: bool) -> bool:
    """Whether ``pieces[0]*pieces[1]*…`` (``$``-anchored if ``anchored``) matches ``path``."""
    first = pieces[0]
    if not path.startswith(first):
        return False
    last = len(pieces) - 1
    if last == 0:
        return not anchored or len(path) == len(first)
    pos = len(first)
    for i in range(1, last):
        piece = pieces[i]
        if piece:
            found = path.find(piece, pos)
            if found < 0:
                return False
            pos = found + len(piece)
    tail = pieces[last]
    if anchored:
        return len(path) - len(tail) >= pos and path.endswith(tail)
    return not tail or path.find(tail, pos) >= 0


class _Node:
    __slots__ = ("children", "exact", "prefix")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.prefix: Rule | None = None  # best prefix rule ending here
        self.exact: Rule | None = None  # best "$" rule ending here


def _trie_regex(
    literals: Sequence[tuple[str, bool, Rule]], marker: Callable[[Rule], str] | None = None
) -> tuple[str, list[Rule], int]:
    """Regex source for ordered ``(text, exact, rule)`` entries, its group rules, its nesting.

    Group ``i`` of the regex is ``rules[i - 1]``. Every capture group is empty and everything
    after it is optional, so a group that closed is never undone by backtracking.
    """
    root = _Node()
    for text, exact, rule in literals:
        node = root
        for ch in text:
            node = node.children.setdefault(ch, _Node())
        if exact:
            node.exact = node.exact or rule
        else:
            node.prefix = node.prefix or rule
    groups: list[Rule] = []
    nesting = 0

    def emit(node: _Node, level: int) -> str:
        nonlocal nesting
        nesting = max(nesting, level)
        out = ""
        if node.prefix is not None:
            groups.append(node.prefix)
            out = marker(node.prefix) if marker else "()"
        chain = ""
        while len(node.children) == 1 and node.prefix is None and node.exact is None:
            ((ch, node),) = node.children.items()
            chain += ch
        if chain:
            return out + re.escape(chain) + emit(node, level)
        branches = [re.escape(ch) + emit(child, level + 1) for ch, child in node.children.items()]
        # An exact rule needs the end of the path; it outranks the prefix rule of the same
        # node (one octet longer) and no deeper rule can match at the end of the path.
        if node.exact is not None:
            groups.append(node.exact)
            branches.append(_END + (marker(node.exact) if marker else "()"))
        if not branches:
            return out
        # "(?:…|)" rather than "(?:…)?": the regex engine runs an empty alternative much
        # faster than an optional group.
        return out + "(?:" + "|".join(branches) + "|)"

    return emit(root, 0), groups, nesting


def _wildcard_source(pieces: tuple[str, ...], anchored: bool) -> str:
    """A lookahead matching like :func:`wildcard_match`.

    Middle pieces are found at their leftmost position and committed by an atomic group;
    the last piece is found by one greedy scan that backtracks only within itself. Nothing
    can backtrack into an earlier piece, so the work is linear in the path (times the length
    of a piece, at most ``_MAX_REGEX_PIECE``).
    """
    out = [re.escape(pieces[0])]
    last = len(pieces) - 1
    for i in range(1, last):
        if pieces[i]:
            out.append(f"(?>{_ANY}*?{re.escape(pieces[i])})")
    if last > 0:
        tail = re.escape(pieces[last])
        if anchored:
            out.append(f"{_ANY}*{tail}{_END}" if tail else "")
        elif tail:
            out.append(f"{_ANY}*{tail}")
    elif anchored:
        out.append(_END)
    return "(?=" + "".join(out) + ")()"


_GUARD_CHARS = "?=&.;"


def _guard(pieces: tuple[str, ...]) -> str | None:
    later = "".join(pieces[1:])
    return next((ch for ch in _GUARD_CHARS if ch in later), None)


def _guarded_alternation(wild: Sequence[tuple[Rule, tuple[str, ...], bool]]) -> str:
    """Wildcard lookaheads in rank order; a run of rules that all need some character (such
    as ``?``) after their first piece is skipped by one possessive scan when it is absent.
    The guard is only a necessary condition, so the first matching rule is unchanged."""
    out: list[str] = []
    run: list[str] = []
    run_guard: str | None = None
    for _rule, pieces, anchored in wild:
        guard = _guard(pieces)
        if run and guard != run_guard:
            out.append(_run(run, run_guard))
            run = []
        run.append(_wildcard_source(pieces, anchored))
        run_guard = guard
    if run:
        out.append(_run(run, run_guard))
    return "|".join(out)


def _run(sources: list[str], guard: str | None) -> str:
    if guard is None or len(sources) < 2:
        return "|".join(sources)
    ch = re.escape(guard)
    return f"(?=[^#\\x00{ch}]*+{ch})(?:" + "|".join(sources) + ")"


_SELF = Rule(0, True, "/robots.txt$", "/robots.txt", -1, derived=True)


class _Compiled:
    """Regexes of one rule set: for paths, and one fused with the URL prefix for batches.

    The regex is ``prefix () (?=(?:wildcards|)) (?:trie|)``. The wildcard alternation
    stops at the first (best-ranked) matching wildcard; each literal rule's marker in the trie
    is guarded by conditionals so that it only closes if no better-ranked wildcard matched.
    The group that closed last (``lastindex``) is therefore the deciding rule.
    """

    __slots__ = ("_regex", "rules", "self_allowed", "tail", "verdicts")

    def __init__(self, rules: tuple[Rule, ...], self_allowed: bool) -> None:
        literals: list[tuple[str, bool, Rule]] = []
        wild: list[tuple[Rule, tuple[str, ...], bool]] = []
        rank = {id(r): i for i, r in enumerate(rules)}
        if self_allowed:
            # /robots.txt is always allowed (OS.REP.SELF_ALLOWED): an exact allow rule that
            # outranks every other rule.
            literals.append(("/robots.txt", True, _SELF))
            rank[id(_SELF)] = -1
        for rule in rules:
            pieces, anchored = split_pattern(rule.pattern)
            if len(pieces) == 1:
                literals.append((pieces[0], anchored, rule))
            else:
                wild.append((rule, pieces, anchored))
        if len(wild) > _MAX_FUSED_WILDCARDS:
            raise RecursionError("too many wildcard rules for the fused regex")
        if any(len(p) > _MAX_REGEX_PIECE for _r, pieces, _a in wild for p in pieces):
            raise RecursionError("wildcard piece too long for the regex form")
        wild_groups = [(i + 2, rank[id(r)]) for i, (r, _p, _a) in enumerate(wild)]

        def marker(rule: Rule) -> str:
            # The literal rule wins unless a wildcard rule ranked before it matched.
            better = [g for g, r in wild_groups if r < rank[id(rule)]]
            return "".join(f"(?({g})|" for g in better) + "()" + ")" * len(better)

        trie, lit_groups, nesting = _trie_regex(literals, marker) if literals else ("", [], 0)
        if nesting > _MAX_TRIE_DEPTH:
            raise RecursionError("trie too deep")
        by_group: list[Rule | None] = [None, None, *(r for r, _p, _a in wild)]
        by_group += (None if r is _SELF else r for r in lit_groups)
        self.rules: tuple[Rule | None, ...] = tuple(by_group)
        self.verdicts: tuple[bool, ...] = tuple(r is None or r.allow for r in by_group)
        body = "()(?=/)"
        if wild:
            body += "(?=(?:" + _guarded_alternation(wild) + "|))"
        if trie:
            body += "(?:" + trie + "|)"
        self.tail = body
        self.self_allowed = self_allowed
        self._regex: dict[tuple[bool, bool], re.Pattern[str]] = {}

    def regex(self, *, url: bool, clean: bool) -> re.Pattern[str]:
        """The compiled form, for whole URLs or for paths (also ``match(url, path_start)``).

        ``clean`` (rfc mode) makes it refuse input that needs percent-normalisation.
        """
        key = (url, clean)
        found = self._regex.get(key)
        if found is None:
            source = (_CLEAN if clean else "") + (_SCHEME_AUTHORITY if url else "") + self.tail
            found = self._regex[key] = re.compile(source)
        return found


class RuleSet:
    """The effective, ordered rules of one agent, compiled for fast first-match lookup.

    Small workloads scan the ordered rules; after a few matches (or for a batch) the rules
    are compiled into regular expressions that cannot backtrack. Both give the same answers.
    """

    __slots__ = ("_compiled", "_scan", "_self_allowed", "_uses", "rules")

    def __init__(self, rules: Sequence[Rule], *, self_allowed: bool = False) -> None:
        # self_allowed: the compiled form also answers /robots.txt as allowed (rfc mode's
        # OS.REP.SELF_ALLOWED), for allowed_urls; match() and scan() ignore it.
        self._self_allowed = self_allowed
        self.rules: tuple[Rule, ...] = tuple(sorted((r for r in rules if r.pattern), key=_order))
        self._scan = tuple((r, *split_pattern(r.pattern)) for r in self.rules)
        self._compiled: _Compiled | bool | None = None  # False: compilation not possible
        self._uses = 0

    def __bool__(self) -> bool:
        return bool(self.rules)

    def __getstate__(self) -> tuple[tuple[Rule, ...], bool]:
        return self.rules, self._self_allowed

    def __setstate__(self, state: tuple[tuple[Rule, ...], bool]) -> None:
        RuleSet.__init__(self, state[0], self_allowed=state[1])

    def compiled(self) -> _Compiled | None:
        c = self._compiled
        if c is None:
            if not self.rules or len(self.rules) > _MAX_TRIE_RULES:
                c = False
            else:
                try:
                    c = _Compiled(self.rules, self._self_allowed)
                except (RecursionError, re.error, OverflowError):
                    c = False
            self._compiled = c
        return c if isinstance(c, _Compiled) else None

    def scan(self, path: str) -> Rule | None:
        """Reference implementation: the first rule in decision order that matches."""
        for rule, pieces, anchored in self._scan:
            if wildcard_match(path, pieces, anchored):
                return rule
        return None

    def match(self, path: str) -> Rule | None:
        """The deciding rule for ``path`` (highest priority, allow on ties), or None."""
        if not self.rules:
            return None
        if self._compiled is None:
            self._uses += 1
            if self._uses < _COMPILE_AFTER:
                return self.scan(path)
        c = self.compiled()
        if c is None:
            return self.scan(path)
        m = c.regex(url=False, clean=False).match(path)
        index = (m.lastindex or 0) if m is not None else -1
        rule = c.rules[index] if index >= 0 else None
        if index < 0 or (rule is None and index > 1):  # no match, or the /robots.txt marker
            return self.scan(path)
        return rule

    def allowed_urls(
        self, urls: Iterable[str], fallback: Callable[[str], bool], *, rfc: bool
    ) -> list[bool]:
        """Verdicts for raw URLs; URLs the fused regex cannot place go to ``fallback``.

        With ``rfc``, URLs that need percent-normalisation also go to ``fallback``.
        """
        urls = urls if isinstance(urls, list) else list(urls)
        if self._compiled is None and len(urls) < _COMPILE_AFTER:
            return [fallback(u) for u in urls]  # too few URLs to pay for compilation
        c = self.compiled() if self.rules else None
        if c is None:
            return [fallback(u) for u in urls]
        verdicts = c.verdicts
        if not urls:
            return []
        # URLs of one host usually share scheme and authority: skip them once for all.
        # URLs of one host usually share scheme and authority: skip them once for all. The
        # URLs starting with a prefix form one interval of the sort order, so checking the
        # smallest and the largest URL checks them all.
        head = _PREFIX.match(urls[0])
        prefix = head.group() if head is not None else "\0"
        shared = min(urls).startswith(prefix) and max(urls).startswith(prefix)
        # rfc: if no URL of the batch needs percent-normalisation, skip the per-URL check.
        if rfc:
            joined = "".join(urls)
            rfc = not (
                joined.isascii() and not joined.encode("ascii").translate(None, _CLEAN_OCTETS)
            )
        matches: Iterable[re.Match[str] | None]
        if shared and head is not None:
            matches = map(c.regex(url=False, clean=rfc).match, urls, repeat(head.end()))
        else:
            matches = map(c.regex(url=True, clean=rfc).match, urls)
        out = [verdicts[m.lastindex or 0] if m else None for m in matches]
        if None in out:
            out = [v if v is not None else fallback(u) for v, u in zip(out, urls, strict=True)]
        return cast(list[bool], out)

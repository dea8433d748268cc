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
from collections.abc import Sequence

from gpaikit.rep._model import Rule

__all__ = ["RuleSet", "wildcard_match"]

_MAX_TRIE_RULES = 3000
_MAX_TRIE_DEPTH = 150


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


def _trie_regex(literals: Sequence[tuple[str, bool, Rule]]) -> tuple[str, list[Rule], int]:
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
            out = "()"
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
            branches.append(r"\Z()")
        if not branches:
            return out
        return out + "(?:" + "|".join(branches) + ")?"

    return emit(root, 0), groups, nesting


class RuleSet:
    """The effective, ordered rules of one agent, compiled for fast first-match lookup."""

    __slots__ = ("_by_group", "_literal_re", "_rules", "_wild")

    def __init__(self, rules: Sequence[Rule]) -> None:
        ordered = sorted((r for r in rules if r.pattern), key=_order)
        self._rules: tuple[Rule, ...] = tuple(ordered)
        literals: list[tuple[str, bool, Rule]] = []
        wild: list[tuple[tuple[int, int, int], Rule, tuple[str, ...], bool]] = []
        for rule in ordered:
            pieces, anchored = split_pattern(rule.pattern)
            if len(pieces) == 1:
                literals.append((pieces[0], anchored, rule))
            else:
                wild.append((_order(rule), rule, pieces, anchored))
        self._literal_re: re.Pattern[str] | None = None
        self._by_group: tuple[Rule | None, ...] = (None,)
        self._wild = tuple(wild)
        if literals and len(literals) <= _MAX_TRIE_RULES:
            try:
                source, groups, nesting = _trie_regex(literals)
                if nesting <= _MAX_TRIE_DEPTH:
                    self._literal_re = re.compile(source, re.DOTALL)
                    self._by_group = (None, *groups)
            except (RecursionError, re.error, OverflowError):
                self._literal_re = None
        if self._literal_re is None and literals:
            # Fallback for huge or deeply nested rule sets: one ordered scan, still linear.
            self._wild = tuple((_order(r), r, *split_pattern(r.pattern)) for r in self._rules)
            self._by_group = (None,)

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self._rules

    def __bool__(self) -> bool:
        return bool(self._rules)

    def match(self, path: str) -> Rule | None:
        """The deciding rule for ``path`` (highest priority, allow on ties), or None."""
        best: Rule | None = None
        lre = self._literal_re
        if lre is not None:
            m = lre.match(path)
            if m is not None and m.lastindex:
                best = self._by_group[m.lastindex]
        if self._wild:
            if best is None:
                for _key, rule, pieces, anchored in self._wild:
                    if wildcard_match(path, pieces, anchored):
                        return rule
                return None
            limit = _order(best)
            for key, rule, pieces, anchored in self._wild:
                if key >= limit:
                    break
                if wildcard_match(path, pieces, anchored):
                    return rule
        return best

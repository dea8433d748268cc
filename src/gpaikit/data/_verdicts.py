"""Verdicts are computed once per *class of equivalent URLs*, not once per URL.

Robots.txt variants that give the declared tokens the same rules share one rule set
(``rs_id``). rep decides a URL by the set of the rule set's patterns its path matches, so URLs
matching the same patterns get the same verdict from the same rule. The engine computes, for
every URL whose path is in RFC 9309 normal form, that match set as bits (each pattern turned
into a SQL ``LIKE``), groups URLs by (rule set, bits) and keeps one representative path per
class; other URLs are their own class. :class:`KeyJudge` asks :mod:`gpaikit.rep` about each
representative, and the engine joins the answers back to every URL. TDMRep files work the same
way. ``KeyJudge`` is pure and picklable: Spark ships it once per partition of the classes, and
it parses each rule set once per process.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from gpaikit.data._signals import (
    RobotsMatcher,
    TdmFileMatcher,
    robots_matcher,
    robots_matchers,
)

__all__ = [
    "KEY_SCHEMA",
    "KEY_VERDICT_SCHEMA",
    "MAX_PATTERNS",
    "NO_SNAPSHOT",
    "SAFE_PATH",
    "TDM_FILE_REASON",
    "TDM_VARIANT_SCHEMA",
    "VARIANT_SCHEMA",
    "VERDICT_SCHEMA",
    "KeyJudge",
    "RuleSets",
    "like_pattern",
]

NO_SNAPSHOT = "no robots.txt capture at or before the fetch"
TDM_FILE_REASON = "tdmrep: tdm-reservation 1 (/.well-known/tdmrep.json)"
#: A path (with query) whose RFC 9309 normal form is itself: no %, *, $, #, quotes, non-ASCII.
SAFE_PATH = "^/[A-Za-z0-9._~/!&()+,;=:@?-]*$"
#: Rule sets with more distinct patterns than this are judged URL by URL.
MAX_PATTERNS = 24

#: The distinct questions: kind "r" (robots rule set) or "t" (TDMRep file), id, key.
KEY_SCHEMA = pa.schema(
    [("kind", pa.string()), ("id", pa.int64()), ("key", pa.string()), ("rep", pa.string())]
)
KEY_VERDICT_SCHEMA = pa.schema(
    [
        ("kind", pa.string()),
        ("id", pa.int64()),
        ("key", pa.string()),
        ("verdict", pa.string()),  # r: allowed | disallowed | unknown; t: reserved | NULL
        ("reason", pa.string()),
        ("usage", pa.string()),  # r: why robots.txt usage lines reserve training, or NULL
    ]
)

#: One row per fetched URL in ``verdicts/`` of an audit.
VERDICT_SCHEMA = pa.schema(
    [
        ("url", pa.string()),
        ("host", pa.string()),
        ("domain", pa.string()),
        ("fetch_us", pa.int64()),
        ("http_status", pa.int32()),
        ("content_length", pa.int64()),
        ("snapshot_us", pa.int64()),
        ("crawl_verdict", pa.string()),  # allowed | disallowed | unknown
        ("crawl_reason", pa.string()),
        ("ai_verdict", pa.string()),  # allowed | reserved | unknown
        # blocklist | robots.txt | content-signal | tdmrep | noai | aipref
        ("ai_source", pa.string()),
        ("ai_reason", pa.string()),
    ]
)

_LIKES = [(f"l{i}", pa.string()) for i in range(MAX_PATTERNS)]
VARIANT_SCHEMA = pa.schema(
    [
        ("variant", pa.int64()),
        ("stale", pa.bool_()),
        ("rs_id", pa.int64()),
        ("classes", pa.bool_()),
        ("const_verdict", pa.string()),
        ("const_reason", pa.string()),
        *_LIKES,
    ]
)
TDM_VARIANT_SCHEMA = pa.schema([("tdm_variant", pa.int64()), ("classes", pa.bool_()), *_LIKES])


def like_pattern(pattern: str) -> str:
    """A robots.txt / TDMRep path pattern (``*`` wildcard, final ``$``) as SQL LIKE, escape !."""
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    pieces = [p.replace("!", "!!").replace("%", "!%").replace("_", "!_") for p in body.split("*")]
    return "%".join(pieces) + ("" if anchored else "%")


def _likes(patterns: Iterable[str]) -> list[str] | None:
    distinct = sorted(set(patterns))
    return [like_pattern(p) for p in distinct] if len(distinct) <= MAX_PATTERNS else None


@dataclass
class RuleSets:
    """Robots.txt variants reduced to what they mean for the declared tokens."""

    variants: pa.Table  # VARIANT_SCHEMA: per (variant, stale) a constant or a rule set
    representatives: list[tuple[int | None, bytes | None, bool]]  # per rs_id
    tdm_variants: pa.Table  # TDM_VARIANT_SCHEMA

    def patterns_used(self, table: pa.Table) -> int:
        """How many pattern columns any rule set of ``table`` uses."""
        return max(
            (
                i + 1
                for i in range(MAX_PATTERNS)
                if table.column(f"l{i}").null_count < table.num_rows
            ),
            default=0,
        )

    @classmethod
    def build(
        cls,
        agents: Sequence[str],
        robots: Sequence[tuple[int | None, bytes | None]],
        tdm: Sequence[tuple[int | None, bytes | None]],
    ) -> RuleSets:
        rows: dict[str, list[Any]] = {n: [] for n in VARIANT_SCHEMA.names}
        ids: dict[tuple[Any, ...], int] = {}
        reps: list[tuple[int | None, bytes | None, bool]] = []
        for variant, (status, body) in enumerate(robots):
            for stale, matcher in enumerate(robots_matchers(status, body)):
                constant = matcher.constant_for(agents)
                rs_id = likes = None
                if constant is None:
                    signature = (bool(stale), matcher.reason, _signature(matcher, agents))
                    rs_id = ids.get(signature)
                    if rs_id is None:
                        rs_id = ids[signature] = len(reps)
                        reps.append((status, body, bool(stale)))
                    robots_txt = matcher.effective.robots
                    likes = _likes(_patterns(robots_txt, agents))
                rows["variant"].append(variant)
                rows["stale"].append(bool(stale))
                rows["rs_id"].append(rs_id)
                rows["classes"].append(likes is not None)
                rows["const_verdict"].append(constant)
                rows["const_reason"].append(
                    None if constant in (None, "allowed") else matcher.reason
                )
                _put_likes(rows, likes)
        tdm_rows: dict[str, list[Any]] = {n: [] for n in TDM_VARIANT_SCHEMA.names}
        for variant, (status, body) in enumerate(tdm):
            file = TdmFileMatcher.parse(status, body).file
            likes = _likes(rule.location for rule in file.rules) if file is not None else []
            tdm_rows["tdm_variant"].append(variant)
            tdm_rows["classes"].append(likes is not None)
            _put_likes(tdm_rows, likes)
        return cls(
            pa.table(rows, schema=VARIANT_SCHEMA),
            reps,
            pa.table(tdm_rows, schema=TDM_VARIANT_SCHEMA),
        )


def _put_likes(rows: dict[str, list[Any]], likes: list[str] | None) -> None:
    for i in range(MAX_PATTERNS):
        rows[f"l{i}"].append(likes[i] if likes is not None and i < len(likes) else None)


def _patterns(robots: Any, agents: Sequence[str]) -> Iterable[str]:
    """Every path pattern that can decide a verdict: rules, and usage lines with a path."""
    for agent in agents:
        group = robots.rules_for(agent)
        yield from (r.pattern for r in group.ruleset.rules)
        yield from (r.pattern for r in (*group.usage_rules, *group.signal_rules) if r.pattern)


def _signature(matcher: RobotsMatcher, agents: Sequence[str]) -> tuple[Any, ...]:
    robots = matcher.effective.robots
    return tuple(
        (
            tuple((r.line, r.allow, r.pattern, r.raw) for r in robots.rules_for(a).ruleset.rules),
            tuple((r.line, r.raw) for r in robots.rules_for(a).usage_rules),
            tuple((r.line, r.raw) for r in robots.rules_for(a).signal_rules),
        )
        for a in agents
    )


class KeyJudge:
    """Picklable batch function: distinct keys (KEY_SCHEMA) in, verdicts out."""

    def __init__(
        self,
        agents: Sequence[str],
        representatives: Sequence[tuple[int | None, bytes | None, bool]],
        tdm: Sequence[tuple[int | None, bytes | None]],
    ) -> None:
        self.agents = tuple(agents)
        self.representatives = list(representatives)
        self.tdm = list(tdm)
        self._robots: dict[int, RobotsMatcher] = {}
        self._tdm: dict[int, TdmFileMatcher] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"a": self.agents, "r": self.representatives, "t": self.tdm}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["a"], state["r"], state["t"])  # type: ignore[misc]

    def _robots_answers(
        self, rs_id: int, urls: list[str]
    ) -> Iterable[tuple[str, str | None, str | None]]:
        matcher = self._robots.get(rs_id)
        if matcher is None:
            matcher = robots_matcher(*self.representatives[rs_id])
            self._robots[rs_id] = matcher
        refusal: list[str | None] = [None] * len(urls)
        for agent in self.agents:
            allowed = matcher.verdicts(urls, agent)
            for i, ok in enumerate(allowed):
                if not ok and refusal[i] is None:
                    refusal[i] = matcher.deciding_rule(urls[i], agent)
        for url, reason in zip(urls, refusal, strict=True):
            if reason is not None:
                yield "disallowed", reason, None
                continue
            # A reservation by usage lines counts even from a stale copy, as a refusal does.
            usage = matcher.usage_reservation(url, self.agents)
            if matcher.stale:  # allowed only by a copy older than 24 hours
                yield "unknown", matcher.reason, usage
            else:
                yield "allowed", None, usage

    def _tdm_answers(
        self, variant: int, urls: list[str]
    ) -> Iterable[tuple[str | None, str | None, str | None]]:
        matcher = self._tdm.get(variant)
        if matcher is None:
            matcher = TdmFileMatcher.parse(*self.tdm[variant])
            self._tdm[variant] = matcher
        for reserved in matcher.reserved(urls):
            yield ("reserved", TDM_FILE_REASON, None) if reserved else (None, None, None)

    def __call__(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        order = pc.sort_indices(batch, sort_keys=[("kind", "ascending"), ("id", "ascending")])
        batch = batch.take(order)
        kinds = batch.column("kind").to_pylist()
        ids = batch.column("id").to_pylist()
        keys = batch.column("rep").to_pylist()
        verdicts: list[str | None] = []
        reasons: list[str | None] = []
        usages: list[str | None] = []
        start = 0
        while start < len(ids):
            end = start
            while end < len(ids) and ids[end] == ids[start] and kinds[end] == kinds[start]:
                end += 1
            urls = ["http://x" + (k or "") for k in keys[start:end]]
            answers = (
                self._robots_answers(ids[start], urls)
                if kinds[start] == "r"
                else self._tdm_answers(ids[start], urls)
            )
            for verdict, reason, usage in answers:
                verdicts.append(verdict)
                reasons.append(reason)
                usages.append(usage)
            start = end
        return pa.RecordBatch.from_arrays(
            [
                batch.column("kind"),
                batch.column("id"),
                batch.column("key"),
                pa.array(verdicts, pa.string()),
                pa.array(reasons, pa.string()),
                pa.array(usages, pa.string()),
            ],
            schema=KEY_VERDICT_SCHEMA,
        )

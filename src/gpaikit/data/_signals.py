"""The bridge from the data jobs to the opt-out engine :mod:`gpaikit.rep`.

Every judgement about a signal (robots.txt rules and fetch outcomes, TDMRep, noai, aipref) is
made by :mod:`gpaikit.rep`. This module only decides *when* to ask it, so that a signal shared
by many URLs (one robots.txt variant, one header value) is judged once, not once per row.

Staleness: :func:`gpaikit.rep.effective_robots` keeps applying a 2xx copy older than 24 hours
and flags it (``OS.REP.CACHE``). An audit cannot show that a URL was *allowed* on the strength
of a copy the crawler should not have used, so such URLs are ``unknown``; a refusal by the stale
copy still counts as ``disallowed`` (the site had opted out and the crawler knew it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import gpaikit.rep as rep
from gpaikit._exceptions import InputError

__all__ = [
    "SIGNAL_IMPLEMENTATION",
    "RobotsMatcher",
    "TdmFileMatcher",
    "header_reservation",
    "robots_matcher",
    "robots_matchers",
]

SIGNAL_IMPLEMENTATION = {
    "robots_rules": "gpaikit.rep.RobotsTxt (rfc mode)",
    "fetch_outcome": "gpaikit.rep.effective_robots",
    "tdmrep": "gpaikit.rep.parse_tdmrep_json, parse_tdm_headers, parse_tdm_meta",
    "noai": "gpaikit.rep.parse_x_robots_tag, parse_robots_meta, noai_optout",
    "aipref": "gpaikit.rep.parse_content_usage (category train-ai), header and robots.txt",
    "content_signal": "gpaikit.rep.usage_in_force (robots.txt Content-Signal, catalog SIG.csig)",
}
_STALE_AGE = rep.CACHE_CEILING + dt.timedelta(seconds=1)


@dataclass(frozen=True)
class RobotsMatcher:
    """What one robots.txt capture means for URLs fetched while it was in force.

    ``constant`` is ``allowed``, ``disallowed`` or ``unknown`` when the verdict does not depend
    on the URL; otherwise ``effective`` decides per URL.
    """

    constant: str | None
    reason: str
    effective: Any = None
    stale: bool = False

    def verdicts(self, urls: Sequence[str], agent: str) -> list[bool]:
        result: list[bool] = self.effective.allowed_many(urls, agent)
        return result

    def deciding_rule(self, url: str, agent: str) -> str:
        decision = self.effective.decision(url, agent)
        rule = (
            f"line {decision.rule.line}: {decision.rule.directive.capitalize()}: "
            f"{decision.rule.raw}"
            if decision.rule is not None
            else decision.reason
        )
        return f"robots.txt {agent} {rule}" + (" (copy older than 24 h)" if self.stale else "")

    def constant_for(self, agents: Sequence[str]) -> str | None:
        """The verdict if every agent's answer is independent of the URL (and no usage line,
        Content-Signal or Content-Usage, could reserve training)."""
        if self.constant is not None:
            return self.constant
        robots = self.effective.robots
        if all(not _path_rules(robots.rules_for(a)) for a in agents):
            return "unknown" if self.stale else "allowed"
        return None

    def usage_reservation(self, url: str, agents: Sequence[str]) -> str | None:
        """Why the robots.txt's usage lines in force for ``url`` reserve AI training, or None.

        As :func:`gpaikit.rep.verdict` decides it: aipref ``Content-Usage`` rules
        (``train-ai``, with its hierarchy) and Cloudflare ``Content-Signal`` lines (keys the
        catalog marks as governing training, ``ai-train``) of each agent's group, for a URL
        the agent may crawl. The first agent that is reserved gives the reason."""
        if self.effective is None:
            return None
        for agent in agents:
            in_force = rep.usage_in_force(self.effective, url, agent)
            if not in_force.preferences:
                continue
            if in_force.content_usage().get("train-ai") == "disallowed":
                lines = sorted(
                    {
                        n
                        for p in in_force.preferences
                        if p.signal == "content-usage"
                        for n in p.lines
                    }
                )
                return f"aipref: robots.txt {agent} line {lines[0]}: Content-Usage train-ai=n"
            for p in in_force.reserving_training:
                if p.signal == "content-signal":
                    return (
                        f"content-signal: robots.txt {agent} line {p.lines[0]}: "
                        f"Content-Signal {p.key}={p.value}"
                    )
        return None


def _path_rules(rules: Any) -> bool:
    """Whether an agent's group has anything that depends on the path."""
    return bool(rules.ruleset or rules.usage_rules or rules.signal_rules)


def robots_matchers(status: int | None, body: bytes | None) -> tuple[RobotsMatcher, RobotsMatcher]:
    """What a capture means when fresh and when older than 24 hours; parsed once, via rep."""
    try:
        effective = rep.effective_robots(status, body)
    except InputError as exc:
        unusable = RobotsMatcher("unknown", f"robots.txt capture unusable: {exc.message}")
        return unusable, unusable
    reason = f"{effective.reason}: {effective.explanation}"
    shown = "no response" if status is None else f"HTTP {status}"
    old = f"OS.REP.CACHE: robots.txt capture ({shown}) older than 24 hours at fetch time"
    if effective.kind == "allow-all":
        return RobotsMatcher("allowed", reason), RobotsMatcher("unknown", old)
    if effective.kind == "disallow-all":
        return RobotsMatcher("disallowed", reason), RobotsMatcher("disallowed", old)
    return RobotsMatcher(None, reason, effective), RobotsMatcher(None, old, effective, True)


def robots_matcher(status: int | None, body: bytes | None, stale: bool) -> RobotsMatcher:
    """Fetch-outcome rules (RFC 9309 §2.3.1, §2.4) for one capture, via gpaikit.rep."""
    return robots_matchers(status, body)[1 if stale else 0]


def header_reservation(
    agents: Sequence[str],
    x_robots_tag: str | None,
    html_meta: str | None,
    content_usage: str | None,
    tdm_reservation: str | None,
) -> str | None:
    """Why the response's own signals reserve AI training, or None. Order: TDMRep, noai, aipref."""
    tdm = rep.tdm_reservation(
        rep.parse_tdm_headers([("tdm-reservation", tdm_reservation)] if tdm_reservation else []),
        rep.parse_tdm_meta(html_meta),
    )
    if tdm.reserved:
        return f"tdmrep: tdm-reservation 1 ({tdm.source})"
    for label, directives in (
        ("X-Robots-Tag", rep.parse_x_robots_tag(x_robots_tag)),
        ("meta", rep.parse_robots_meta(html_meta)),
    ):
        for agent in ("*", *agents):
            token = rep.noai_optout(directives, agent)
            if token:
                return f"noai: {label} {token}"
    if content_usage and rep.parse_content_usage(content_usage).get("train-ai") == "disallowed":
        return "aipref: Content-Usage train-ai=n"
    return None


@dataclass(frozen=True)
class TdmFileMatcher:
    """A captured /.well-known/tdmrep.json (None when the capture was not a 2xx)."""

    file: Any

    @classmethod
    def parse(cls, status: int | None, body: bytes | None) -> TdmFileMatcher:
        if status is None or not 200 <= status <= 299:
            return cls(None)
        return cls(rep.parse_tdmrep_json(body))

    def reserved(self, urls: Sequence[str]) -> list[bool]:
        if self.file is None or not self.file.rules:
            return [False] * len(urls)
        return [bool(self.file.lookup(url).reserved) for url in urls]

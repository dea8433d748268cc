"""The combined verdict per URL: may it be crawled, may its content be used for AI training.

No source defines how different signals combine (``OS.PREC.*``), so the merge policy is a
toolkit decision, explicit in :class:`VerdictPolicy` and reported with every verdict:

1. robots.txt decides crawling. A URL that may not be crawled may not be used either
   (``OS.PREC.ROBOTS``).
2. aipref ``Content-Usage`` (the robots.txt rule for crawlable paths and the HTTP field,
   combined restrictively) decides ``train-ai`` where it says something.
3. Cloudflare's ``Content-Signal`` in robots.txt (crawlable paths): ``ai-train=no``
   reserves training (``OS.PREC.CONTENT_SIGNAL``; the keys are data, see :mod:`._usage`).
4. A TDMRep reservation (file, then header, then meta) reserves TDM, training included.
5. ``noai`` (and ``noimageai`` for images) in robots meta or ``X-Robots-Tag``.

The first signal in that order that disallows training decides; if none does, training is
allowed and the deciding signal is ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gpaikit.rep._aipref import parse_content_usage
from gpaikit.rep._fetch import EffectiveRobots
from gpaikit.rep._noai import noai_optout, parse_robots_meta, parse_x_robots_tag
from gpaikit.rep._robots import RobotsTxt
from gpaikit.rep._tdmrep import (
    TdmRepFile,
    parse_tdm_headers,
    parse_tdm_meta,
    tdm_reservation,
)
from gpaikit.rep._usage import robots_content_usage, usage_in_force

__all__ = ["SignalResult", "Verdict", "VerdictPolicy", "verdict"]

Headers = Mapping[str, str] | Iterable[tuple[str, str]]


@dataclass(frozen=True)
class VerdictPolicy:
    """Which signals count, and how; reported with each verdict."""

    honour_content_usage: bool = True
    honour_content_signal: bool = True
    honour_tdmrep: bool = True
    honour_noai: bool = True
    noai_strict: bool = False
    image: bool = False
    usage_category: str = "train-ai"


@dataclass(frozen=True)
class SignalResult:
    signal: str  # reference ID, e.g. OS.PREC.TDMREP
    disallows_training: bool
    detail: str


@dataclass(frozen=True)
class Verdict:
    url: str
    agent: str
    crawl_allowed: bool
    crawl_reason: str
    training_allowed: bool
    training_signal: str | None
    signals: tuple[SignalResult, ...]
    policy: VerdictPolicy

    def explain(self) -> str:
        crawl = "may be crawled" if self.crawl_allowed else "may not be crawled"
        train = "may be used for training" if self.training_allowed else "may not be used"
        by = f" ({self.training_signal})" if self.training_signal else ""
        return f"{self.url}: {crawl} [{self.crawl_reason}]; {train}{by}"


def _items(headers: Headers | None) -> list[tuple[str, str]]:
    if headers is None:
        return []
    if isinstance(headers, Mapping):
        return list(headers.items())
    return list(headers)


def verdict(
    url: str,
    agent: str,
    *,
    robots: RobotsTxt | EffectiveRobots | None = None,
    headers: Headers | None = None,
    html: str | bytes | None = None,
    tdmrep: TdmRepFile | None = None,
    policy: VerdictPolicy | None = None,
) -> Verdict:
    """Combine every signal available for one URL into crawl and training verdicts."""
    policy = policy or VerdictPolicy()
    items = _items(headers)
    signals: list[SignalResult] = []

    if robots is None:
        crawl, crawl_reason = True, "no robots.txt given"
        parsed: RobotsTxt | None = None
    else:
        decision = robots.decision(url, agent)
        crawl, crawl_reason = decision.allowed, decision.explain()
        parsed = robots if isinstance(robots, RobotsTxt) else robots.robots
    signals.append(SignalResult("OS.PREC.ROBOTS", not crawl, crawl_reason))

    if policy.honour_content_usage:
        field = [v for k, v in items if k.strip().lower() == "content-usage"]
        header = parse_content_usage(field) if field else None
        rule = robots_content_usage(parsed, url, agent) if parsed is not None and crawl else None
        category = policy.usage_category
        for signal, statement in (
            ("OS.PREC.CONTENT_USAGE_ROBOTS", rule),
            ("OS.PREC.CONTENT_USAGE_HEADER", header),
        ):
            usage = statement.get(category) if statement is not None else "unknown"
            signals.append(SignalResult(signal, usage == "disallowed", f"{category}: {usage}"))

    if policy.honour_content_signal and robots is not None and crawl:
        in_force = usage_in_force(robots, url, agent)
        signalled = [p for p in in_force.preferences if p.signal == "content-signal"]
        reserving = [p for p in signalled if p.training and p.state == "disallowed"]
        detail = ", ".join(f"{p.key}={p.value} (line {p.lines[0]})" for p in reserving) or (
            "no ai-train preference" if not signalled else "training not reserved"
        )
        signals.append(SignalResult("OS.PREC.CONTENT_SIGNAL", bool(reserving), detail))

    if policy.honour_tdmrep:
        tdm = tdm_reservation(
            tdmrep.lookup(url) if tdmrep is not None else None,
            parse_tdm_headers(items),
            parse_tdm_meta(html),
        )
        state = {None: "unset", True: "reserved", False: "not reserved"}[tdm.reserved]
        detail = f"{state}" + (f" by {tdm.source}" if tdm.source else "")
        signals.append(SignalResult("OS.PREC.TDMREP", tdm.reserved is True, detail))

    if policy.honour_noai:
        tags = [v for k, v in items if k.strip().lower() == "x-robots-tag"]
        directives = parse_robots_meta(html).merged(parse_x_robots_tag(tags))
        token = noai_optout(directives, agent, image=policy.image, strict=policy.noai_strict)
        signals.append(SignalResult("OS.PREC.NOAI", token is not None, token or "no noai token"))

    deciding = next((s for s in signals if s.disallows_training), None)
    return Verdict(
        url,
        agent,
        crawl,
        crawl_reason,
        deciding is None,
        deciding.signal if deciding else None,
        tuple(signals),
        policy,
    )

"""``noai`` / ``noimageai`` in robots meta tags and ``X-Robots-Tag`` (``OS.NOAI``).

A community convention (DeviantArt, 2022). Tokens may be comma-separated and may be scoped
to a user agent (``otherbot: noai``), as in ``OS.NOAI.INTERPRETATION``. With ``strict``,
``noindex``, ``none`` and ``noimageindex`` also count as an opt-out (datadiligence's option).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from gpaikit.rep._html import meta_elements

__all__ = ["RobotsDirectives", "noai_optout", "parse_robots_meta", "parse_x_robots_tag"]

_AI_TOKENS = frozenset({"noai", "noimageai"})
_STRICT_TOKENS = frozenset({"noindex", "none", "noimageindex"})


@dataclass(frozen=True)
class RobotsDirectives:
    """Directives for every agent (``all``) and per lower-cased agent token (``scoped``)."""

    all: frozenset[str] = frozenset()
    scoped: dict[str, frozenset[str]] = field(default_factory=dict)

    def for_agent(self, agent: str) -> frozenset[str]:
        return self.all | self.scoped.get(agent.lower(), frozenset())

    def merged(self, other: RobotsDirectives) -> RobotsDirectives:
        scoped = dict(self.scoped)
        for agent, tokens in other.scoped.items():
            scoped[agent] = scoped.get(agent, frozenset()) | tokens
        return RobotsDirectives(self.all | other.all, scoped)


def _tokens(text: str) -> list[str]:
    return [t.strip().lower() for t in text.replace(";", ",").split(",") if t.strip()]


def parse_x_robots_tag(values: str | Iterable[str] | None) -> RobotsDirectives:
    """Parse one or several ``X-Robots-Tag`` header values."""
    if values is None:
        return RobotsDirectives()
    lines = [values] if isinstance(values, str) else list(values)
    every: set[str] = set()
    scoped: dict[str, set[str]] = {}
    for line in lines:
        agent: str | None = None
        for part in line.split(","):
            part = part.strip()
            head, sep, rest = part.partition(":")
            # "googlebot: noindex" scopes this and the following tokens to that agent;
            # "unavailable_after: <date>" is a directive with a value, not an agent.
            if (
                sep
                and head.strip()
                and " " not in head.strip()
                and head.strip().lower()
                not in (
                    "unavailable_after",
                    "max-snippet",
                    "max-image-preview",
                    "max-video-preview",
                )
            ):
                agent = head.strip().lower()
                part = rest
            for token in _tokens(part):
                (scoped.setdefault(agent, set()) if agent else every).add(token)
    return RobotsDirectives(frozenset(every), {k: frozenset(v) for k, v in scoped.items()})


def parse_robots_meta(html: str | bytes | None) -> RobotsDirectives:
    """``<meta name="robots" content="noai, noimageai">`` and agent-named meta elements."""
    every: set[str] = set()
    scoped: dict[str, set[str]] = {}
    for name, content in meta_elements(html):
        if name == "robots":
            every.update(_tokens(content))
        elif name and name.replace("-", "").replace("_", "").isalnum():
            scoped.setdefault(name, set()).update(_tokens(content))
    return RobotsDirectives(frozenset(every), {k: frozenset(v) for k, v in scoped.items()})


def noai_optout(
    directives: RobotsDirectives, agent: str = "*", *, image: bool = False, strict: bool = False
) -> str | None:
    """The opting-out token that applies (``noai``, ``noimageai``, ...), or None.

    ``noimageai`` only concerns images (``image=True``).
    """
    tokens = directives.for_agent(agent)
    if "noai" in tokens:
        return "noai"
    if image and "noimageai" in tokens:
        return "noimageai"
    if strict:
        for token in sorted(tokens & _STRICT_TOKENS):
            return token
    return None

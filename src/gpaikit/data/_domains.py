"""Registrable domains and the public summary's top-domain rule.

Registrable domains come from the Public Suffix List shipped inside the ``publicsuffixlist``
package (no network at run time), **ICANN section only**: ``foo.blogspot.com`` counts under
``blogspot.com``, as in Common Crawl's ``url_host_registered_domain`` (OS.CC.PSL_COLUMNS).

Top-domain rule (template field TS.2.3.domains): rank domains by scraped volume, largest first,
ties broken by domain name. ``required = ceil(fraction x N)`` computed exactly (no float error);
for SMEs ``min(ceil(sme_fraction x N), cap)``. Domains whose volume equals the volume at the
cut-off are all listed, because choosing between equal domains would be arbitrary; the list
may then be longer than ``required`` and says by how much (``tie_extended``).
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from importlib import metadata
from typing import Any

__all__ = ["TopDomains", "psl_info", "registrable_domain", "select_top"]


@lru_cache(maxsize=1)
def _psl() -> Any:
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList(only_icann=True)


def psl_info() -> dict[str, str]:
    """Which list and section produced the registrable domains (recorded with every result)."""
    return {
        "library": "publicsuffixlist",
        "version": metadata.version("publicsuffixlist"),
        "section": "ICANN",
    }


def registrable_domain(host: str) -> str:
    """eTLD+1 of ``host`` (ICANN section); IP literals, single labels and suffixes stay as is."""
    host = host.strip().lower().rstrip(".")
    if not host or "." not in host:
        return host
    if host[-1].isdigit() or ":" in host:  # only these can be IP literals
        try:
            ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            pass
        else:
            return host
    domain = _psl().privatesuffix(host)
    return str(domain) if domain else host


@dataclass(frozen=True)
class TopDomains:
    """The domains the public summary must list under one variant of the rule."""

    rule: str
    domain_count: int
    required: int
    cutoff_volume: int | None
    listed: tuple[tuple[str, int], ...]

    @property
    def tie_extended(self) -> int:
        return len(self.listed) - self.required

    def to_json(self, total_volume: int) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "domain_count": self.domain_count,
            "required": self.required,
            "listed": len(self.listed),
            "tie_extended": self.tie_extended,
            "cutoff_volume": self.cutoff_volume,
            "volume_share": (
                round(sum(v for _, v in self.listed) / total_volume, 6) if total_volume else 0.0
            ),
            "domains": [d for d, _ in self.listed],
        }


def required_count(domain_count: int, fraction: float, cap: float | None = None) -> int:
    """``ceil(fraction x N)``, exactly, optionally capped."""
    exact = Fraction(repr(fraction)) * domain_count
    need = math.ceil(exact)
    if cap is not None:
        need = min(need, int(cap))
    return need


def select_top(
    ranked: Sequence[tuple[str, int]], fraction: float, rule: str, cap: float | None = None
) -> TopDomains:
    """``ranked`` is sorted by volume descending, then domain; ties at the cut-off are kept."""
    need = required_count(len(ranked), fraction, cap)
    if need == 0:
        return TopDomains(rule, len(ranked), 0, None, ())
    cutoff = ranked[need - 1][1]
    end = need
    while end < len(ranked) and ranked[end][1] == cutoff:
        end += 1
    return TopDomains(rule, len(ranked), need, cutoff, tuple(ranked[:end]))

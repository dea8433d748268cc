"""Registrable domains and the public summary's top-domain rule.

Registrable domains come from the Public Suffix List shipped inside the ``publicsuffixlist``
package (no network at run time), **ICANN section only**: ``foo.blogspot.com`` counts under
``blogspot.com``, as in Common Crawl's ``url_host_registered_domain`` (OS.CC.PSL_COLUMNS).
The package is the reference. With the native core (``gpaikit[fast]``; engine switch
``GPAIKIT_HOST_ENGINE``, see :mod:`gpaikit._hosts`) the same answers come from Rust, which is
handed the package's own data file at run time (so the list's version stays the package's)
and the package's IDNA encoding of its non-ASCII rules; hosts with non-ASCII characters or an
IPv6 colon are answered by the package.

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
from pathlib import Path
from typing import Any, NamedTuple

from gpaikit._hosts import HostCheck, check_host_reference, native_module

__all__ = [
    "HostRow",
    "TopDomains",
    "hosts_and_domains",
    "psl_info",
    "registrable_domain",
    "registrable_domains",
    "select_top",
]


@lru_cache(maxsize=1)
def _psl() -> Any:
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList(only_icann=True)


def _line_rules(line: str) -> tuple[str, list[str]] | None:
    """What ``publicsuffixlist`` stores for a (non-ASCII) line of the list: the lower-cased
    rule and its IDNA form by the package's own encoder (a leading ``!`` kept)."""
    from publicsuffixlist import encode_idn

    token = line.lower().split(" ")[0].rstrip()
    if not token or token.startswith("//"):
        return None
    encoded = encode_idn(token.lstrip("!"))
    return token, [token, "!" + encoded if token.startswith("!") else encoded]


@lru_cache(maxsize=1)
def _native_psl() -> Any:
    """The ICANN section in the native core, from the package's own data file."""
    import publicsuffixlist

    fast = native_module()
    assert fast is not None
    data = Path(publicsuffixlist.PSLFILE).read_bytes()
    return fast.PublicSuffixes(data, _line_rules)


def _native(engine: str | None) -> Any:
    return _native_psl() if native_module(engine) is not None else None


def psl_info() -> dict[str, str]:
    """Which list and section produced the registrable domains (recorded with every result)."""
    return {
        "library": "publicsuffixlist",
        "version": metadata.version("publicsuffixlist"),
        "section": "ICANN",
    }


def registrable_domain(host: str, *, engine: str | None = None) -> str:
    """eTLD+1 of ``host`` (ICANN section); IP literals, single labels and suffixes stay as is."""
    psl = _native(engine)
    if psl is not None:
        found: str | None = psl.registrable_domain(host)
        if found is not None:
            return found
    return registrable_domain_reference(host)


def registrable_domains(hosts: Sequence[str], *, engine: str | None = None) -> list[str]:
    """:func:`registrable_domain` of many hosts (one native call)."""
    psl = _native(engine)
    if psl is None:
        return [registrable_domain_reference(h) for h in hosts]
    found: list[str] = psl.registrable_domains(list(hosts), registrable_domain_reference)
    return found


class HostRow(NamedTuple):
    """What the data jobs need of one URL key: its raw host, the canonical host or why it
    is not one, and the registrable domain of a valid host."""

    raw: str
    host: str | None
    problem: str | None
    domain: str | None


def _reference_row(key: str, authority: bool) -> HostRow:
    from gpaikit._hosts import url_host_reference

    raw = url_host_reference(("http://" if authority else "") + key)
    checked = check_host_reference(raw)
    domain = registrable_domain_reference(checked.host) if checked.host is not None else None
    return HostRow(raw, checked.host, checked.problem, domain)


def hosts_and_domains(
    keys: Sequence[str], *, authority: bool = False, engine: str | None = None
) -> list[HostRow]:
    """For each key (a URL; with ``authority=True``, the rest of a URL after ``http://``):
    raw host (``HOST_REGEX``), :func:`~gpaikit.data.check_host` and registrable domain."""
    psl = _native(engine)
    if psl is None:
        return [_reference_row(k, authority) for k in keys]

    def checked(raw: str) -> HostCheck:
        return check_host_reference(raw)

    def row(key: str) -> tuple[str, str | None, str | None, str | None]:
        return _reference_row(key, authority)

    rows = psl.hosts_and_domains(list(keys), authority, checked, registrable_domain_reference, row)
    return [HostRow(*r) for r in rows]


def registrable_domain_reference(host: str) -> str:
    """:func:`registrable_domain` by the reference (the ``publicsuffixlist`` package)."""
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

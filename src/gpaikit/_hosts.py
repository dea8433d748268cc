"""Host and URL hygiene: the one place that decides what a crawl's host is, and what of a URL
may be published. Every data job (summarize, audit, robots and TDMRep captures, blocklists)
and the dossier call these two pure functions; a later native port must keep their contract.

``check_host(raw) -> HostCheck(host, problem)``

- ``raw`` is the host as the jobs extract it from a URL's authority (after any ``user@``,
  before any ``:port``; an IPv6 literal keeps its brackets), or as written in a robots
  capture or a blocklist. Exactly one of ``host`` and ``problem`` is set.
- A valid host is returned in its one canonical form, so that spellings of the same host
  count once: lowercase, one trailing dot removed, internationalised labels as IDNA A-labels
  (UTS #46 mapping, IDNA 2008, non-transitional; ``Bücher.de``, ``BÜCHER.de`` and
  ``xn--bcher-kva.de`` are all ``xn--bcher-kva.de``), IPv4 as a dotted quad, IPv6 compressed
  in brackets (``[2001:db8::1]``).
- Valid means: an IPv4 dotted quad; an IPv6 literal in brackets (no zone); or a DNS name of
  at most 253 characters in labels of 1-63 letters, digits, hyphens (not first or last) and
  underscores (which real hosts use), whose last label is not all digits, whose A-labels
  decode. Anything else (``<img``, ``"><svg``, ``[a](javascript``, ``[2001``, spaces,
  percent signs, ``0x7f.1``) has a ``problem`` and is a bad row of the job.

``redact_url(url, policy) -> str``: the URL as it may be published: canonical host, no
credentials and no query string or fragment (by default; :class:`UrlPolicy`), path characters
outside RFC 3986 percent-encoded. A URL whose host is invalid becomes ``"(invalid URL)"``.

Engines. The functions here are the reference implementation. When the native core is
installed (``gpaikit[fast]``, package ``gpaikit-native``), the same functions answer through
it: ``url_host``, ``redact_url`` and ``check_host`` in Rust, with what needs Unicode tables
(non-ASCII hosts, ``xn--`` labels: IDNA by the ``idna`` library; IPv6 literals with an IPv4
part) and strings that are not UTF-8 handed back to the code below, so that both engines
answer identically (``tests/data/test_hosts_native.py`` checks a million generated cases).
The engine is chosen per call (``engine="python"``) or for the process by the environment
variable ``GPAIKIT_HOST_ENGINE``: ``auto`` (default: native if installed), ``native`` (an
error if it is not installed) or ``python``; the same switch picks the engine of registrable
domains (:func:`gpaikit.data.registrable_domain`).
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Literal, NamedTuple
from urllib.parse import quote

from gpaikit._engine_choice import ENGINES as ENGINE_CHOICES
from gpaikit._engine_choice import check_engine

__all__ = [
    "ENGINES",
    "ENGINE_VAR",
    "HOST_REGEX",
    "MAX_HOST",
    "HostCheck",
    "UrlPolicy",
    "check_host",
    "check_hosts",
    "native_module",
    "quoted_host",
    "redact_url",
    "url_host",
    "url_policy",
    "use_native",
]

native: ModuleType | None
try:
    import gpaikit_native as native
except ImportError:  # the fast extra is not installed: the Python code serves alone
    native = None
if native is not None and not hasattr(native, "check_hosts"):
    native = None  # an older build without the host core

ENGINE_VAR = "GPAIKIT_HOST_ENGINE"
ENGINES = ENGINE_CHOICES
#: The process-wide default, read once at import (tests may replace it).
DEFAULT = os.environ.get(ENGINE_VAR, "auto").strip().lower() or "auto"


def use_native(engine: str | None = None) -> bool:
    """Whether a call with ``engine`` (None: the process default) runs natively."""
    chosen = DEFAULT if engine is None else engine
    check_engine(chosen, what="host", variable=ENGINE_VAR, installed=native is not None)
    return native is not None and chosen != "python"


def native_module(engine: str | None = None) -> ModuleType | None:
    """The native extension if calls with ``engine`` use it, else None."""
    return native if use_native(engine) else None


#: The raw host of an absolute http(s) URL: after the scheme, without user information (up
#: to the first ``@``) and port; an IPv6 literal whole with its brackets, or nothing when its
#: ``]`` is missing. The data jobs compute the same in SQL (``gpaikit.data._sql.host_sql``,
#: tested equal); :func:`check_host` then decides whether it is a host.
HOST_REGEX = "^[hH][tT][tT][pP][sS]?://(?:[^/?#@]*@)?(\\[[^\\]/?#]*\\]|[^/?#:\\[][^/?#:]*)?"

MAX_HOST = 253
"""Longest DNS name in text form (RFC 1035 §2.3.4 less the final dot)."""
_MAX_RAW = 1024
_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\Z")
_DOTTED_QUAD = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}\Z")
_NUMERIC_LAST = re.compile(r"(?:\d+|0x[0-9a-f]*)\Z")


class HostCheck(NamedTuple):
    """The canonical host, or why ``raw`` is not one (exactly one is set)."""

    host: str | None
    problem: str | None


def _bad(problem: str) -> HostCheck:
    return HostCheck(None, problem)


def _ipv6(inner: str) -> HostCheck:
    if "%" in inner:
        return _bad("an IPv6 zone identifier is not a host")
    try:
        address = ipaddress.IPv6Address(inner)
    except ValueError:
        return _bad("not a valid IPv6 address in brackets")
    return HostCheck(f"[{address.compressed}]", None)


def _dns_labels(host: str) -> HostCheck:
    import idna

    try:
        mapped = idna.uts46_remap(host, std3_rules=False, transitional=False)
    except (idna.IDNAError, ValueError):
        return _bad("not a valid internationalised domain name")
    mapped = mapped.lower()
    if mapped.endswith("."):
        mapped = mapped[:-1]
    labels = mapped.split(".")
    out = []
    for label in labels:
        if not label:
            return _bad("empty label (two dots in a row, or a leading dot)")
        if label.isascii() and not label.startswith("xn--"):
            out.append(label)
            continue
        try:
            if label.isascii():  # an A-label: it must decode, and encode back to itself
                label = idna.ulabel(label)
            out.append(idna.alabel(label).decode("ascii"))
        except (idna.IDNAError, UnicodeError, ValueError):
            return _bad("not a valid internationalised label")
    return HostCheck(".".join(out), None)


def check_host(raw: str, *, engine: str | None = None) -> HostCheck:
    """Validate and canonicalise one host (see the module docstring for the contract)."""
    fast = native_module(engine)
    if fast is not None:
        found = fast.check_host(raw)
        if found is not None:
            return HostCheck(*found)
    return check_host_reference(raw)


def check_hosts(raws: Sequence[str], *, engine: str | None = None) -> list[HostCheck]:
    """:func:`check_host` of many hosts at once (the native core answers in one call)."""
    fast = native_module(engine)
    if fast is None:
        return [check_host_reference(r) for r in raws]
    return [HostCheck(*t) for t in fast.check_hosts(list(raws), check_host_reference)]


@lru_cache(maxsize=65_536)
def check_host_reference(raw: str) -> HostCheck:
    """:func:`check_host` by the Python reference implementation."""
    if not raw:
        return _bad("empty host")
    if len(raw) > _MAX_RAW:
        return _bad("longer than any host")
    if raw.startswith("["):
        if not raw.endswith("]"):
            return _bad("an IPv6 literal without its closing bracket")
        return _ipv6(raw[1:-1])
    host = raw.lower() if raw.isascii() else raw
    if host.isascii():
        host = host[:-1] if host.endswith(".") else host
        if "xn--" in host:
            found = _dns_labels(host)
            if found.host is None:
                return found
            host = found.host
    else:
        found = _dns_labels(host)
        if found.host is None:
            return found
        host = found.host
    if not host:
        return _bad("empty host")
    last = host.rsplit(".", 1)[-1]
    if _NUMERIC_LAST.match(last):
        if not _DOTTED_QUAD.match(host):
            return _bad("a numeric host that is not a dotted-quad IPv4 address")
        try:
            return HostCheck(str(ipaddress.IPv4Address(host)), None)
        except ValueError:
            return _bad("not a valid IPv4 address")
    if len(host) > MAX_HOST:
        return _bad(f"longer than {MAX_HOST} characters")
    for label in host.split("."):
        if not label:
            return _bad("empty label (two dots in a row, or a leading dot)")
        if not _LABEL.match(label):
            return _bad(
                "a label may hold only letters, digits, hyphens and underscores, "
                "at most 63, and may not start or end with a hyphen"
            )
    return HostCheck(host, None)


def quoted_host(raw: str) -> str:
    """An invalid host as a report may show it: percent-encoded outside letters, digits and
    ``-._:[]``, at most 200 characters, so that it can never be read as markup or a command."""
    return quote(raw[:200], safe="-._:[]", errors="surrogatepass")


Redaction = Literal["full", "credentials", "none"]


@dataclass(frozen=True)
class UrlPolicy:
    """What :func:`redact_url` removes before a URL is published (all by default)."""

    strip_credentials: bool = True
    strip_query: bool = True
    strip_fragment: bool = True


def url_policy(redaction: Redaction) -> UrlPolicy:
    """``full`` (default): no credentials, query or fragment; ``credentials``: keep the
    query and fragment; ``none``: keep everything (for private, internal reports only)."""
    if redaction == "full":
        return UrlPolicy()
    if redaction == "credentials":
        return UrlPolicy(strip_query=False, strip_fragment=False)
    if redaction == "none":
        return UrlPolicy(False, False, False)
    raise ValueError(f"unknown URL redaction {redaction!r} (full, credentials or none)")


_URL_HOST = re.compile(HOST_REGEX)


def url_host(url: str, *, engine: str | None = None) -> str:
    """The raw host of ``url`` by :data:`HOST_REGEX` (``""`` when there is none)."""
    fast = native_module(engine)
    if fast is not None:
        found: str | None = fast.url_host(url)
        if found is not None:
            return found
    return url_host_reference(url)


def url_host_reference(url: str) -> str:
    """:func:`url_host` by the Python reference implementation."""
    match = _URL_HOST.match(url)
    return (match.group(1) or "") if match else ""


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):(//)?")
_SAFE = "/:@!$&'()*+,;=-._~%"
INVALID_URL = "(invalid URL)"


def redact_url(url: str, policy: UrlPolicy = UrlPolicy(), *, engine: str | None = None) -> str:
    """``url`` as it may be published under ``policy`` (contract in the module docstring)."""
    fast = native_module(engine)
    if fast is not None:
        found: str | None = fast.redact_url(
            url, policy.strip_credentials, policy.strip_query, policy.strip_fragment
        )
        if found is not None:
            return found
    return redact_url_reference(url, policy)


def redact_url_reference(url: str, policy: UrlPolicy = UrlPolicy()) -> str:
    """:func:`redact_url` by the Python reference implementation."""
    match = _SCHEME.match(url)
    if match is None or not match.group(2):
        return INVALID_URL
    scheme = match.group(1).lower()
    rest = url[match.end() :]
    cut = len(rest)
    for mark in "/?#":
        at = rest.find(mark)
        if at != -1:
            cut = min(cut, at)
    authority, tail = rest[:cut], rest[cut:]
    # the first "@" ends the user information, exactly as the jobs' host extraction reads it
    userinfo, _, hostport = authority.partition("@") if "@" in authority else ("", "", authority)
    if hostport.startswith("["):
        close = hostport.find("]")
        raw_host, port = (hostport[: close + 1], hostport[close + 2 :]) if close != -1 else ("", "")
    else:
        raw_host, _, port = hostport.partition(":")
    host = check_host_reference(raw_host).host
    if host is None:
        return INVALID_URL
    path, _, fragment = tail.partition("#")
    path, _, query = path.partition("?")
    shown = f"{scheme}://"
    if userinfo and not policy.strip_credentials:
        shown += quote(userinfo, safe=_SAFE, errors="surrogatepass") + "@"
    shown += host
    if port.isdigit() and len(port) <= 5:
        shown += f":{port}"
    shown += quote(path, safe=_SAFE, errors="surrogatepass")
    if "?" in tail.split("#", 1)[0] and not policy.strip_query:
        shown += "?" + quote(query, safe=_SAFE + "?", errors="surrogatepass")
    if "#" in tail and not policy.strip_fragment:
        shown += "#" + quote(fragment, safe=_SAFE + "?#", errors="surrogatepass")
    return shown

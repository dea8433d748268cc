"""Percent-encoding of rule patterns and URL paths, and extraction of the path from a URL.

Two canonical forms (``docs/rep.md``, "Percent-encoding"):

* google (``OS.GRT.ESCAPE``): rule values get octets >= 0x80 percent-encoded and existing
  ``%xx`` escapes upper-cased; the URL is used exactly as given.
* rfc (``OS.REP.ENCODING``): rule values **and** URL paths get octets >= 0x80, controls and
  space percent-encoded, escapes upper-cased, and escapes of unreserved characters
  (``A-Z a-z 0-9 - . _ ~``) decoded. Reserved characters are left as written, because
  encoding them changes the meaning of a URI (RFC 3986 §2.2).
"""

from __future__ import annotations

import re

__all__ = [
    "google_escape",
    "path_of",
    "rfc_normalise",
    "rfc_normalise_pattern",
    "rfc_normalise_str",
    "to_bytes",
]

_HEX = "0123456789ABCDEF"
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

_GOOGLE_ESC = re.compile(rb"%[0-9A-Fa-f]{2}|[\x80-\xff]")
_RFC_ESC = re.compile(rb"%[0-9A-Fa-f]{2}|[\x80-\xff\x00-\x20\x7f]")

# GetPathParamsQuery: skip an initial "//", a scheme ending in "://" when no '/', '?' or ';'
# comes before it, and the authority; the path starts at the first '/', '?' or ';' and ends
# at '#'. A '#' before the path start yields "/". Possessive quantifiers keep it linear;
# empty alternatives instead of optional groups keep it fast.
_PATH = re.compile(r"(?://|)(?:[^/?;#]*?://|)[^/?;#]*+([/?;][^#]*+|)", re.DOTALL)


def to_bytes(text: str) -> bytes:
    """UTF-8 bytes of ``text``; lone surrogates (e.g. from undecodable input) never raise."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def _google_sub(m: re.Match[bytes]) -> bytes:
    s = m.group()
    if len(s) == 3:
        return s.upper()
    return b"%" + _HEX[s[0] >> 4].encode() + _HEX[s[0] & 15].encode()


def google_escape(value: bytes) -> str:
    """MaybeEscapePattern: encode octets >= 0x80, upper-case ``%xx``; result is ASCII."""
    if b"%" not in value and value.isascii():
        return value.decode("ascii")
    return _GOOGLE_ESC.sub(_google_sub, value).decode("ascii")


def _rfc_sub(m: re.Match[bytes]) -> bytes:
    s = m.group()
    if len(s) == 3:
        octet = int(s[1:], 16)
        if octet in _UNRESERVED:
            return bytes((octet,))
        return s.upper()
    return b"%" + _HEX[s[0] >> 4].encode() + _HEX[s[0] & 15].encode()


def rfc_normalise(value: bytes) -> str:
    """RFC 9309 §2.2.2 canonical form of a rule value or URL path; result is ASCII."""
    if _RFC_ESC.search(value) is None:
        return value.decode("ascii")
    return _RFC_ESC.sub(_rfc_sub, value).decode("ascii")


def rfc_normalise_pattern(value: bytes) -> str:
    """:func:`rfc_normalise` for a rule: a ``$`` that is not last is a literal, ``%24``."""
    text = rfc_normalise(value)
    if "$" in text[:-1]:
        text = text[:-1].replace("$", "%24") + text[-1]
    return text


def rfc_normalise_str(path: str) -> str:
    """:func:`rfc_normalise` for a URL path, with a fast exit for clean ASCII.

    A literal ``*`` or ``$`` in a URL is encoded (``%2A``, ``%24``) so that only a rule
    that spells it percent-encoded matches it (RFC 9309 §2.2.3).
    """
    if (
        path.isascii()
        and path.isprintable()
        and "%" not in path
        and " " not in path
        and "*" not in path
        and "$" not in path
    ):
        return path
    return rfc_normalise(to_bytes(path)).replace("*", "%2A").replace("$", "%24")


def path_of(url: str) -> str:
    """The path, params and query of ``url`` as google/robotstxt extracts them (OS.GRT.URL)."""
    m = _PATH.match(url)
    p = m.group(1) if m is not None else None
    if not p:
        return "/"
    if p[0] != "/":
        return "/" + p
    return p

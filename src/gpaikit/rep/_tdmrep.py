"""W3C TDM Reservation Protocol: ``/.well-known/tdmrep.json``, headers, HTML meta.

Precedence (``OS.TDM.PRECEDENCE``): the file first, then the HTTP headers, then the HTML
metadata; a later step overrides an earlier one only where it sets a value. Within the file
the first rule in array order whose ``location`` matches wins (``OS.TDM.WELL_KNOWN``);
locations use robots.txt ``*`` / ``$`` patterns and its percent-encoding rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gpaikit._exceptions import InputError
from gpaikit._untrusted import DEFAULT_LIMITS, load_json
from gpaikit.rep._encoding import path_of, rfc_normalise_str, to_bytes
from gpaikit.rep._encoding import rfc_normalise_pattern as _normalise
from gpaikit.rep._html import meta_elements
from gpaikit.rep._match import split_pattern, wildcard_match

__all__ = [
    "TdmRepFile",
    "TdmRule",
    "TdmValue",
    "parse_tdm_headers",
    "parse_tdm_meta",
    "parse_tdmrep_json",
    "tdm_reservation",
]

Headers = Mapping[str, str] | Iterable[tuple[str, str]]

#: A tdmrep.json comes from a stranger's server: read within these ceilings (one rule is
#: a few values; a site with 100,000 rules is far beyond any published file).
TDMREP_LIMITS = DEFAULT_LIMITS.but(max_bytes=4 * 1024 * 1024, max_depth=8, max_nodes=500_000)


@dataclass(frozen=True)
class TdmValue:
    """A TDMRep reading: ``reservation`` 1 (reserved), 0 (not reserved) or None (unset)."""

    reservation: int | None = None
    policy: str | None = None
    source: str | None = None  # "file", "header" or "meta"; for a rule: "file rule N"

    @property
    def reserved(self) -> bool | None:
        return None if self.reservation is None else self.reservation == 1


@dataclass(frozen=True)
class TdmRule:
    index: int
    location: str
    reservation: int | None
    policy: str | None


@dataclass(frozen=True)
class TdmRepFile:
    """A parsed ``tdmrep.json``; ``warnings`` lists entries that were skipped."""

    rules: tuple[TdmRule, ...] = ()
    warnings: tuple[str, ...] = ()

    def lookup(self, url: str) -> TdmValue:
        """The first rule in array order whose location matches the URL's path."""
        path = rfc_normalise_str(path_of(url))
        for rule in self.rules:
            pieces, anchored = split_pattern(_normalise(to_bytes(rule.location)))
            if wildcard_match(path, pieces, anchored):
                return TdmValue(rule.reservation, rule.policy, f"file rule {rule.index}")
        return TdmValue()


def _reservation(value: object) -> int | None:
    """1 or 0; anything else is a protocol error and means unset (``OS.TDM.RESERVATION``)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value in (0, 1):
        return value
    if isinstance(value, str) and value.strip() in ("0", "1"):
        return int(value.strip())
    return None


def parse_tdmrep_json(body: str | bytes | None) -> TdmRepFile:
    """Parse a ``/.well-known/tdmrep.json`` body; malformed input yields warnings, not errors.

    The body is read by the bounded loader (:func:`gpaikit._untrusted.load_json`,
    ``TDMREP_LIMITS``): a body too large, too deep, with repeated keys or non-finite numbers
    is a warning and no rules (the file is then as if absent: nothing reserved by it)."""
    if body is None:
        return TdmRepFile()
    try:
        data = load_json(body, limits=TDMREP_LIMITS, what="tdmrep.json")
    except InputError as exc:
        return TdmRepFile((), (exc.message,))
    if not isinstance(data, list):
        return TdmRepFile((), ("the file must be a JSON array of rules",))
    rules: list[TdmRule] = []
    warnings: list[str] = []
    for index, item in enumerate(data):
        if not isinstance(item, dict) or not isinstance(item.get("location"), str):
            warnings.append(f"rule {index}: needs a 'location' string; skipped")
            continue
        reservation = _reservation(item.get("tdm-reservation"))
        if reservation is None:
            warnings.append(f"rule {index}: tdm-reservation must be 0 or 1; treated as unset")
        policy = item.get("tdm-policy")
        policy = policy if isinstance(policy, str) and reservation == 1 else None
        rules.append(TdmRule(index, item["location"], reservation, policy))
    return TdmRepFile(tuple(rules), tuple(warnings))


def _items(headers: Headers | None) -> Iterable[tuple[str, str]]:
    if headers is None:
        return ()
    if isinstance(headers, Mapping):
        return headers.items()
    return headers


def parse_tdm_headers(headers: Headers | None) -> TdmValue:
    """``tdm-reservation`` / ``tdm-policy`` response headers (``OS.TDM.HEADER``)."""
    reservation: int | None = None
    policy: str | None = None
    for name, value in _items(headers):
        key = name.strip().lower()
        if key == "tdm-reservation":
            reservation = _reservation(value)
        elif key == "tdm-policy":
            policy = value.strip() or None
    if reservation is None and policy is None:
        return TdmValue()
    return TdmValue(reservation, policy if reservation == 1 else None, "header")


def parse_tdm_meta(html: str | bytes | None) -> TdmValue:
    """``<meta name="tdm-reservation" content="1">`` and ``tdm-policy`` (``OS.TDM.HTML_META``)."""
    reservation: int | None = None
    policy: str | None = None
    for name, content in meta_elements(html):
        if name == "tdm-reservation":
            reservation = _reservation(content)
        elif name == "tdm-policy":
            policy = content.strip() or None
    if reservation is None and policy is None:
        return TdmValue()
    return TdmValue(reservation, policy if reservation == 1 else None, "meta")


def tdm_reservation(*steps: TdmValue | None) -> TdmValue:
    """Combine file, header and meta values in that order: a later set value overrides."""
    result = TdmValue()
    for step in steps:
        if step is not None and step.reservation is not None:
            result = step
    return result

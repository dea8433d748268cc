"""The result of verifying one site: named checks, each passed, failed, warned or skipped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["CHECKS", "Check", "SiteReport", "Status"]

Status = Literal["pass", "fail", "warn", "skip"]

CHECKS: dict[str, str] = {
    "signature": "the manifest's signature is valid",
    "key": "the signing key is one you trust",
    "manifest": "the manifest is a well-formed in-toto Statement of a gpaikit site",
    "files": "every file present and unmodified, no extra file, no link or unsafe path",
    "versions": "the gpaikit and catalog versions the site was built with",
    "audience": "the site holds only what its audience may receive",
    "completeness": "every document the model owes this audience is there",
    "consistency": "the documents of the site agree with each other",
    "version-chain": "each document's versions form an unbroken hash chain",
    "weights": "a local copy of the weights matches the signed weights manifest",
}
"""Every check by name, in the order they are reported."""

MAX_DETAILS = 50
"""Details listed per check (the count of the rest is given)."""


@dataclass
class Check:
    name: str
    status: Status
    summary: str
    details: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        shown = self.details[:MAX_DETAILS]
        more = len(self.details) - len(shown)
        return {
            "name": self.name,
            "status": self.status,
            "summary": self.summary,
            "details": shown + ([f"... and {more} more"] if more > 0 else []),
        }


def outcome(
    name: str, failures: Sequence[str], ok: str, bad: str, warn: Sequence[str] = ()
) -> Check:
    """A check from its lists of failures and warnings."""
    if failures:
        return Check(name, "fail", bad.format(n=len(failures)), [*failures, *warn])
    if warn:
        return Check(name, "warn", ok + f" ({len(warn)} warning(s))", list(warn))
    return Check(name, "pass", ok)


@dataclass
class SiteReport:
    """Everything ``gpaikit verify`` found about one site."""

    label: str
    audience: str | None
    signer: str | None
    trusted: bool
    predicate: Mapping[str, Any]
    checks: list[Check]
    strict: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def check(self, name: str) -> Check | None:
        return next((c for c in self.checks if c.name == name), None)

    @property
    def failed(self) -> list[Check]:
        bad = ("fail", "warn") if self.strict else ("fail",)
        return [c for c in self.checks if c.status in bad]

    @property
    def verified(self) -> bool:
        return not self.failed

    def to_json(self) -> dict[str, Any]:
        return {
            "site": self.label,
            "audience": self.audience,
            "signer": {"key_id": self.signer, "trusted": self.trusted},
            "provider": self.predicate.get("provider"),
            "as_of": self.predicate.get("as_of"),
            "gpaikit_version": self.predicate.get("gpaikit_version"),
            "catalog_version": self.predicate.get("catalog_version"),
            "verified": self.verified,
            "failed": [c.name for c in self.failed],
            "checks": [c.to_json() for c in self.checks],
        }


def as_map(value: Any) -> Mapping[str, Any]:
    """``value`` when it is a JSON object, else an empty one (input is read defensively)."""
    return value if isinstance(value, Mapping) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` when it is a JSON array, else an empty one."""
    return value if isinstance(value, list) else []

"""The one place where ``gpaikit portal publish`` checks an audience's site before import.

Until the signed dossiers of issue 14 land, a site carries no signature, so this checks what
an unsigned site can show: that it is a gpaikit audience site (an ``index.html`` and a
``data/documents.json`` gpaikit can read) and that every document record in it is for this
audience or for the public. When ``gpaikit verify`` exists, this function calls it and refuses a
site whose checks fail; nothing else in the portal changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gpaikit._exceptions import InputError
from gpaikit._untrusted import DEFAULT_LIMITS, load_json, read_bytes

__all__ = ["SiteCheck", "verify_site"]

_LIMITS = DEFAULT_LIMITS.but(max_bytes=64 * 1024 * 1024)


@dataclass(frozen=True)
class SiteCheck:
    """What verification found about one audience's site."""

    audience: str
    verified: bool
    summary: str
    signer: str | None = None
    provider: str | None = None
    as_of: str | None = None
    details: tuple[str, ...] = field(default_factory=tuple)


def verify_site(folder: Path, audience: str) -> SiteCheck:
    """Check ``folder`` (one audience's site of a built dossier) before it is imported."""
    problems: list[str] = []
    if not (folder / "index.html").is_file():
        problems.append("index.html is missing")
    documents = folder / "data" / "documents.json"
    records: object = []
    if not documents.is_file():
        problems.append("data/documents.json is missing")
    else:
        try:
            records = load_json(
                read_bytes(documents, what="document records", limits=_LIMITS),
                source=documents,
                limits=_LIMITS,
            )
        except InputError as exc:
            problems.append(f"data/documents.json: {exc.message}")
    if not isinstance(records, list):
        problems.append("data/documents.json is not a list of document records")
        records = []
    for n, record in enumerate(records):
        recipient = record.get("recipient") if isinstance(record, dict) else None
        if recipient not in (audience, "public"):
            problems.append(
                f"data/documents.json record {n} is for {recipient!r}, not for {audience}"
            )
    if problems:
        return SiteCheck(audience, False, f"{len(problems)} problem(s)", details=tuple(problems))
    return SiteCheck(audience, True, f"unsigned {audience} site, {len(records)} document(s)")

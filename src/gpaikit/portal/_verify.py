"""The one place where ``gpaikit portal publish`` checks an audience's site before import.

A site is imported only when ``gpaikit verify`` (:func:`gpaikit.dossier.verify_path`, the same
checks a reviewer runs) passes on it with a key the publisher trusts: the signature, the key,
every file against the signed manifest, the audience, completeness, consistency and the
version chains. The signed audience must also be the folder's: an AI Office site copied into
``public/`` is correctly signed but would be served to the wrong audience, so it is refused.

What is verified is the very bytes that are imported: the caller hands over the files it read
(:func:`verify_files`), they are written to a private scratch folder and verified there, so a
file changed on disk between the check and the import cannot slip in.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from gpaikit._exceptions import InputError
from gpaikit.dossier import SiteReport, VerifyOptions, verify_path
from gpaikit.signing import PublicKey

__all__ = ["SiteCheck", "verify_files"]


@dataclass(frozen=True)
class SiteCheck:
    """What verification found about one audience's site (stored with the version)."""

    audience: str
    verified: bool
    summary: str
    signer: str | None = None
    provider: str | None = None
    as_of: str | None = None
    details: tuple[str, ...] = field(default_factory=tuple)


def _from_report(audience: str, report: SiteReport) -> SiteCheck:
    problems = [
        f"{c.name}: {c.summary}" + (f" ({'; '.join(c.details[:5])})" if c.details else "")
        for c in report.failed
    ]
    if report.audience != audience:
        problems.append(
            f"audience: the manifest is signed for {report.audience!r}, but the site is in the "
            f"{audience!r} folder"
        )
    provider = report.predicate.get("provider")
    as_of = report.predicate.get("as_of")
    if problems:
        summary = f"not verified ({len(problems)} problem(s))"
    else:
        passed = sum(c.status == "pass" for c in report.checks)
        summary = f"verified: signed by key ID {report.signer}, {passed} checks passed"
    return SiteCheck(
        audience,
        not problems,
        summary,
        signer=report.signer,
        provider=provider if isinstance(provider, str) else None,
        as_of=as_of if isinstance(as_of, str) else None,
        details=tuple(problems),
    )


def _write_tree(root: Path, files: Iterable[tuple[str, bytes]]) -> None:
    for rel, data in files:
        parts = PurePosixPath(rel).parts
        if not parts or rel.startswith("/") or ".." in parts or "\\" in rel:
            # paths come from the database, which a restored backup may have crafted
            raise InputError(f"stored site file path {rel!r} leaves its site")
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    root.mkdir(parents=True, exist_ok=True)


def verify_files(
    audience: str,
    files: Iterable[tuple[str, bytes]],
    keys: Sequence[PublicKey],
    *,
    strict: bool = False,
    previous: Iterable[tuple[str, bytes]] | None = None,
) -> SiteCheck:
    """Verify one audience's site given as (relative POSIX path, content) pairs, with
    ``keys`` as the trusted keys (``strict``: warnings fail too). ``previous`` is the same
    audience's site as last published: every document version published there must still be in
    the chain of the same document in the new site, unchanged (``gpaikit verify --previous``),
    so a re-publication never silently replaces what readers have already seen. A document may
    be absent (the portal can host another model's dossier next; earlier versions stay
    reachable)."""
    with tempfile.TemporaryDirectory(prefix="gpaikit-publish-") as scratch:
        root = Path(scratch) / "new" / audience
        _write_tree(root, files)
        earlier: Path | None = None
        if previous is not None:
            earlier = Path(scratch) / "previous" / audience
            _write_tree(earlier, previous)
        options = VerifyOptions(
            keys=tuple(keys), strict=strict, previous=earlier, previous_may_drop=True
        )
        try:
            reports = verify_path(root, options)
        except InputError as exc:  # not a signed site at all
            message = exc.message.replace(str(root), f"the {audience} site")
            if earlier is not None:
                message = message.replace(str(earlier), f"the published {audience} site")
            return SiteCheck(audience, False, "not verified", details=(message,))
    if len(reports) != 1:
        return SiteCheck(
            audience, False, "not one signed site", details=(f"{len(reports)} sites found",)
        )
    return _from_report(audience, reports[0])

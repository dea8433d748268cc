"""``gpaikit portal publish SITE``: import a built dossier as an immutable published version.

``SITE`` is the output of ``gpaikit build`` (``SITE/<audience>/`` per audience). Each audience's
folder is verified on its own by ``gpaikit verify``'s checks against the publisher's trusted
keys (:func:`gpaikit.portal._verify.verify_files`, on the bytes that are imported) and its files
are stored under that audience only: the portal serves an audience from its own folder's files and
never from another's. Files are stored once by content hash; a version is never changed (the
database refuses it) and every earlier version stays reachable. Importing the same tree twice
gives the existing version back. A new version must extend what was published: each document
version an audience has already been shown must still be in the new site's version chain,
unchanged (``gpaikit verify --previous`` against that audience's last published site).

The tree is read with bounds: regular files only (a symbolic link, device or pipe anywhere is
an error), safe path names, at most :data:`MAX_FILES` files and :data:`MAX_TOTAL` bytes.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from gpaikit._exceptions import InputError, Location
from gpaikit._io import dumps_json
from gpaikit._untrusted import DEFAULT_LIMITS, read_bytes
from gpaikit.dossier import AUDIENCES
from gpaikit.portal._audit import append_audit
from gpaikit.portal._db import Database, utcnow
from gpaikit.portal._files import current_version
from gpaikit.portal._tables import AuditHead, Blob, SiteFile, Version
from gpaikit.portal._verify import SiteCheck, verify_files
from gpaikit.signing import PublicKey

__all__ = ["MAX_FILES", "MAX_TOTAL", "PublishResult", "publish_site"]

MAX_FILES = 20_000
MAX_FILE = 256 * 1024 * 1024
MAX_TOTAL = 2 * 1024 * 1024 * 1024
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+=,-]{0,254}$")
_ROOT_FILES = {"index.html", ".gpaikit-output.json"}
Files = tuple[str, bytes]


@dataclass(frozen=True)
class PublishResult:
    version: int
    created: bool
    files: int
    audiences: tuple[str, ...]
    checks: tuple[SiteCheck, ...]


def _walk(folder: Path, audience: str) -> list[tuple[str, Path]]:
    """Every file of one audience's site as (relative POSIX path, path), checked."""
    found: list[tuple[str, Path]] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        base = Path(root)
        for name in sorted(dirs) + sorted(files):
            path = base / name
            rel = path.relative_to(folder).as_posix()
            where = Location(file=path)
            if not _NAME.match(name) or len(rel) > 1024:
                raise InputError(
                    f"unsafe file name in the {audience} site: {rel!r}",
                    location=where,
                    hint="a gpaikit site has plain file names; rebuild it with gpaikit build",
                )
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                raise InputError(
                    f"symbolic link in the {audience} site: {rel}",
                    location=where,
                    hint="a published site holds regular files only",
                )
            if name in files and not stat.S_ISREG(mode):
                raise InputError(f"not a regular file: {rel}", location=where)
            if name in files:
                found.append((rel, path))
        if len(found) > MAX_FILES:
            raise InputError(f"the {audience} site has more than {MAX_FILES:,} files")
    return found


def _audience_folders(site: Path) -> dict[str, Path]:
    if not site.is_dir() or site.is_symlink():
        raise InputError(f"{site} is not a directory", hint="give the --out of gpaikit build")
    folders: dict[str, Path] = {}
    for entry in sorted(site.iterdir()):
        if entry.name in AUDIENCES and entry.is_dir() and not entry.is_symlink():
            folders[entry.name] = entry
        elif entry.name not in _ROOT_FILES:
            raise InputError(
                f"unexpected {'folder' if entry.is_dir() else 'file'} {entry.name!r} in {site}",
                location=Location(file=entry),
                hint=f"a built dossier holds only {', '.join(AUDIENCES)} and index.html",
            )
    if not folders:
        raise InputError(
            f"{site} holds no audience site",
            hint=f"give the --out of gpaikit build (with {', '.join(AUDIENCES)}/)",
        )
    return folders


def _published(db: Database, folders: dict[str, Path]) -> tuple[int, dict[str, list[Files]]]:
    """The newest version's number and, per audience of ``folders``, the files it published
    for that audience (the last version that had it)."""
    found: dict[str, list[Files]] = {}
    with db.read() as s:
        latest = s.scalar(select(func.max(Version.id))) or 0
        for audience in folders:
            version = current_version(s, audience)
            if version is None:
                continue
            rows = s.execute(
                select(SiteFile.path, Blob.data)
                .join(Blob, Blob.sha256 == SiteFile.sha256)
                .where(SiteFile.version_id == version, SiteFile.audience == audience)
            ).all()
            found[audience] = [(path, data) for path, data in rows]
    return latest, found


def publish_site(
    db: Database,
    site: Path,
    actor: str,
    note: str | None = None,
    *,
    keys: Sequence[PublicKey],
    strict: bool = False,
) -> PublishResult:
    """Verify every audience's site in ``site`` against the trusted ``keys`` (``strict``:
    warnings fail too) and store them as the next version."""
    if not keys:
        raise InputError(
            f"refusing to publish {site}: no trusted public key given",
            hint="pass the provider's public key (--key FILE.pub or --keyring DIR)",
        )
    folders = _audience_folders(site)
    listing = {audience: _walk(folder, audience) for audience, folder in folders.items()}
    total = sum(p.stat().st_size for files in listing.values() for _, p in files)
    if total > MAX_TOTAL:
        raise InputError(f"the dossier has {total:,} bytes, more than {MAX_TOTAL:,}")
    limits = DEFAULT_LIMITS.but(max_bytes=MAX_FILE)
    rows: list[tuple[str, str, str, bytes]] = []
    for audience, files in listing.items():
        for rel, path in files:
            data = read_bytes(path, limits=limits, what=f"{audience} site file")
            rows.append((audience, rel, hashlib.sha256(data).hexdigest(), data))
    latest, published = _published(db, folders)
    checks = tuple(
        verify_files(
            audience,
            ((r, d) for a, r, _, d in rows if a == audience),
            keys,
            strict=strict,
            previous=published.get(audience),
        )
        for audience in folders
    )
    failed = [c for c in checks if not c.verified]
    if failed:
        detail = "; ".join(f"{c.audience}: {', '.join(c.details) or c.summary}" for c in failed)
        raise InputError(
            f"refusing to publish {site}: verification failed ({detail})",
            hint=(
                "publish the --out of gpaikit build --sign unchanged, with the public key of "
                "the key that signed it (gpaikit verify shows every check)"
            ),
        )
    digest = hashlib.sha256(
        "".join(f"{a}\x00{p}\x00{h}\n" for a, p, h, _ in sorted(rows)).encode()
    ).hexdigest()
    first = next((c for c in checks if c.provider or c.signer), None)
    with db.write() as s:
        s.scalars(select(AuditHead).where(AuditHead.id == 1).with_for_update()).one()
        existing = s.scalar(select(Version.id).where(Version.digest == digest))
        if existing is not None:
            return PublishResult(existing, False, len(rows), tuple(folders), checks)
        now = s.scalar(select(func.max(Version.id))) or 0
        if now != latest:
            raise InputError(
                f"refusing to publish {site}: version {now} was published while it was being "
                f"checked against version {latest or 'none'}",
                hint="publish again: it is then checked against the newest version",
            )
        number = now + 1
        s.add(
            Version(
                id=number,
                published_at=utcnow(),
                published_by=actor[:200],
                digest=digest,
                audiences=",".join(folders),
                verification=dumps_json([c.__dict__ for c in checks]),
                signer=first.signer if first else None,
                provider=first.provider if first else None,
                as_of=first.as_of if first else None,
                note=note,
            )
        )
        s.flush()
        known = set(s.scalars(select(Blob.sha256).where(Blob.sha256.in_({r[2] for r in rows}))))
        for audience, rel, sha, data in rows:
            if sha not in known:
                s.add(Blob(sha256=sha, size=len(data), data=data))
                known.add(sha)
            s.add(
                SiteFile(version_id=number, audience=audience, path=rel, sha256=sha, size=len(data))
            )
        append_audit(
            s, actor, "version.publish", f"version:{number}", digest=digest, files=len(rows)
        )
    return PublishResult(number, True, len(rows), tuple(folders), checks)

"""Serving a published site's files: one audience's folder of one version, nothing else.

The query that finds a file names the audience, so a path that exists only in another
audience's folder is simply not found. HTML pages keep their own strict policy (their meta
Content-Security-Policy admits only the one inline style by its hash); the header adds a
sandbox, so even a page that somehow held a script would run it nowhere. Attachments are
always downloads.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import HTTPException
from fastapi.responses import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gpaikit.portal._tables import Blob, SiteFile, Version

__all__ = [
    "SITE_CSP",
    "attachment_response",
    "current_version",
    "public_contact",
    "site_documents",
    "site_file_response",
    "versions_for",
]

SITE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; script-src 'none'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; "
    "sandbox allow-downloads allow-top-navigation-by-user-activation"
)
"""The header policy of site files; the stricter meta policy of each page applies as well."""

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xml": "application/xml",
}


def current_version(s: Session, audience: str) -> int | None:
    """The latest version that has a site for ``audience``."""
    found = s.scalar(select(func.max(SiteFile.version_id)).where(SiteFile.audience == audience))
    return int(found) if found is not None else None


def versions_for(s: Session, audience: str) -> list[Version]:
    ids = select(SiteFile.version_id).where(SiteFile.audience == audience).distinct()
    return list(s.scalars(select(Version).where(Version.id.in_(ids)).order_by(Version.id.desc())))


def site_file_response(
    s: Session, version: int, audience: str, path: str, *, public: bool
) -> Response:
    """The file ``path`` of ``audience``'s site in ``version`` (404 when it is not there)."""
    if path == "" or path.endswith("/"):
        path += "index.html"
    data = _blob(s, version, audience, path)
    if data is None:
        raise HTTPException(404, "no such file in this site")
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path else ""
    headers = {
        "Content-Security-Policy": SITE_CSP,
        "Cache-Control": "public, max-age=300" if public else "private, no-store",
    }
    if not public:
        headers["X-Robots-Tag"] = "noindex, nofollow"
    kind = _TYPES.get(suffix, "application/octet-stream")
    if kind == "application/octet-stream" or suffix == ".docx":
        name = quote(path.rsplit("/", 1)[-1])
        headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return Response(data, media_type=kind, headers=headers)


def attachment_response(filename: str, data: bytes) -> Response:
    return Response(
        data,
        media_type="application/octet-stream",
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
            "Cache-Control": "private, no-store",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )


def _blob(s: Session, version: int, audience: str, path: str) -> bytes | None:
    data = s.scalar(
        select(Blob.data)
        .join(SiteFile, SiteFile.sha256 == Blob.sha256)
        .where(SiteFile.version_id == version, SiteFile.audience == audience, SiteFile.path == path)
    )
    return None if data is None else bytes(data)


def site_documents(s: Session, version: int, audience: str) -> list[tuple[str, str, str]]:
    """(model, form title, path of its HTML page) of every document in one audience's site."""
    from gpaikit.forms import load_forms

    titles = {spec.id: spec.title for spec in load_forms()}
    paths = s.scalars(
        select(SiteFile.path).where(
            SiteFile.version_id == version,
            SiteFile.audience == audience,
            SiteFile.path.like("docs/%.html"),
        )
    ).all()
    found: list[tuple[str, str, str]] = []
    for path in sorted(paths):
        parts = path.split("/")
        if len(parts) == 4:
            found.append((parts[1], titles.get(parts[2], parts[2]), path))
    return found


def public_contact(s: Session, version: int) -> dict[str, str]:
    """The copyright policy's contact point and complaint channel (Copyright Measure 1.5)
    as the public site of ``version`` states them (item ID -> text)."""
    from gpaikit._exceptions import InputError
    from gpaikit._untrusted import DEFAULT_LIMITS, load_json

    raw = _blob(s, version, "public", "data/documents.json")
    if raw is None:
        return {}
    try:
        records = load_json(raw, source="documents.json", limits=DEFAULT_LIMITS)
    except InputError:  # a published file gpaikit cannot read shows no contact, not an error
        return {}
    found: dict[str, str] = {}
    for record in records if isinstance(records, list) else []:
        values = record.get("values") if isinstance(record, dict) else None
        if not isinstance(values, dict) or record.get("form") != "copyright_policy":
            continue
        for key in ("CP.1.5.contact", "CP.1.5.complaints", "CP.1.5.handling"):
            if isinstance(values.get(key), str) and key not in found:
                found[key] = values[key][:2000]
    return found

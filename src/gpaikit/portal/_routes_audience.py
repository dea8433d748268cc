"""What downstream providers and authority reviewers share: their home page, their own
audience's site (every access logged), their requests' threads and attachments.

A downstream provider reads the ``downstream_provider`` site; a reviewer the site of the
audience its authority has (``ai_office`` or ``national_authority``). The audience comes from
the principal, never from the URL.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gpaikit._exceptions import InputError
from gpaikit.portal._accounts import Principal
from gpaikit.portal._audit import append_audit
from gpaikit.portal._files import (
    attachment_response,
    current_version,
    site_documents,
    site_file_response,
    versions_for,
)
from gpaikit.portal._guard import Id, allow, portal_of
from gpaikit.portal._settings import PortalSettings
from gpaikit.portal._threads import (
    Upload,
    add_message,
    get_attachment,
    list_threads,
    open_thread,
)

__all__ = [
    "add_audience_routes",
    "audience_of",
    "download",
    "post_message",
    "read_uploads",
    "show_thread",
]

Kind = Literal["downstream", "authority"]
Uploads = Annotated[list[UploadFile], File()]


def audience_of(kind: Kind, who: Principal) -> str:
    if kind == "downstream":
        return "downstream_provider"
    if who.audience is None:  # pragma: no cover - an authority always has one
        raise HTTPException(403, "no audience")
    return who.audience


def read_uploads(files: list[UploadFile], settings: PortalSettings) -> list[Upload]:
    """The attached files, each read within the limit (an empty file input is no file)."""
    chosen = [f for f in files if f.filename]
    if len(chosen) > settings.max_attachments:
        raise InputError(f"at most {settings.max_attachments} attachments")
    found: list[Upload] = []
    for upload in chosen:
        data = upload.file.read(settings.max_attachment_bytes + 1)
        if len(data) > settings.max_attachment_bytes:
            raise InputError(
                f"attachment {str(upload.filename)[:100]!r} is larger than "
                f"{settings.max_attachment_bytes:,} bytes"
            )
        found.append(Upload(str(upload.filename), data))
    return found


def post_message(
    request: Request,
    kind: Kind,
    thread_id: int,
    who: Principal,
    body: str,
    files: list[UploadFile],
    *,
    answer: bool,
    back: str,
) -> Response:
    """Add a message (``answer``: the provider's answer, which stops the clock) to a request
    ``who`` may see, then show the request again; 404 for one it may not."""
    portal = portal_of(request)
    uploads = read_uploads(files, portal.settings)
    with portal.db.write() as s:
        done = add_message(
            s,
            kind,
            thread_id,
            who,
            portal.settings.timezone,
            body=body,
            uploads=uploads,
            answer=answer,
            max_text=portal.settings.max_text,
        )
    if not done:
        raise HTTPException(404, "no such request")
    return RedirectResponse(f"{back}/requests/{thread_id}", status_code=303)


def show_thread(
    request: Request, kind: Kind, thread_id: int, who: Principal, *, base: str, can_answer: bool
) -> Response:
    """A request ``who`` may see with its messages and attachments (logged); else 404."""
    portal = portal_of(request)
    with portal.db.write() as s:
        found = open_thread(s, kind, thread_id, who)
    if found is None:
        raise HTTPException(404, "no such request")
    return portal.render(
        request,
        "thread.html.j2",
        who,
        thread=found,
        base=base,
        catalog=portal.catalog,
        can_answer=can_answer,
    )


def download(request: Request, attachment_id: int, who: Principal) -> Response:
    """An attachment of a request ``who`` may see, as a download (logged); else 404."""
    with portal_of(request).db.write() as s:
        found = get_attachment(s, attachment_id, who)
    if found is None:
        raise HTTPException(404, "no such attachment")
    return attachment_response(*found)


def add_audience_routes(router: APIRouter, kind: Kind) -> None:
    """Register the shared routes of ``kind`` on ``router`` (after its own, more specific)."""

    @router.get("/", response_class=HTMLResponse, name=f"{kind}_home")
    def home(request: Request, who: Principal = allow(kind)) -> Response:
        portal = portal_of(request)
        audience = audience_of(kind, who)
        with portal.db.read() as s:
            version = current_version(s, audience)
            documents = site_documents(s, version, audience) if version else []
            versions = versions_for(s, audience)
            threads = list_threads(s, kind, who)
        return portal.render(
            request,
            f"{kind}_home.html.j2",
            who,
            current=version,
            documents=documents,
            versions=versions,
            threads=threads,
            base=f"/{kind}",
        )

    @router.get("/v/{version}/{path:path}", name=f"{kind}_site_file")
    def site_file(
        request: Request, version: Id, path: str, who: Principal = allow(kind)
    ) -> Response:
        portal = portal_of(request)
        audience = audience_of(kind, who)
        with portal.db.write() as s:
            response = site_file_response(s, version, audience, path, public=False)
            append_audit(s, who.label, "site.view", f"{audience}/v{version}/{path}"[:1200])
        return response

    @router.get("/requests/{thread_id}", response_class=HTMLResponse, name=f"{kind}_thread")
    def thread(request: Request, thread_id: Id, who: Principal = allow(kind)) -> Response:
        return show_thread(request, kind, thread_id, who, base=f"/{kind}", can_answer=False)

    @router.post("/requests/{thread_id}/messages", name=f"{kind}_message")
    def message(
        request: Request,
        thread_id: Id,
        body: Annotated[str, Form(max_length=20_000)],
        csrf_token: Annotated[str, Form(max_length=200)],
        files: Uploads = [],  # noqa: B006 - FastAPI copies defaults
        who: Principal = allow(kind),
    ) -> Response:
        return post_message(
            request, kind, thread_id, who, body, files, answer=False, back=f"/{kind}"
        )

    @router.get("/attachments/{attachment_id}", name=f"{kind}_attachment")
    def attachment(request: Request, attachment_id: Id, who: Principal = allow(kind)) -> Response:
        return download(request, attachment_id, who)

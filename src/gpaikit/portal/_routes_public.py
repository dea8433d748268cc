"""Pages anyone may open: the public documents, every published version, the point of contact
and the complaint form of Copyright Measure 1.5, and a complaint's private status page."""

from __future__ import annotations

from importlib.resources import files
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gpaikit.portal._accounts import Principal
from gpaikit.portal._complaints import (
    CAPACITIES,
    ComplaintIn,
    commitments,
    file_complaint,
    status_of,
)
from gpaikit.portal._files import (
    current_version,
    public_contact,
    site_documents,
    site_file_response,
    versions_for,
)
from gpaikit.portal._guard import Id, allow, form_age, portal_of
from gpaikit.portal._tables import Complaint

__all__ = ["client_address", "router"]

router = APIRouter()
Text = Annotated[str, Form(max_length=20_000)]
Short = Annotated[str, Form(max_length=320)]
_CSS = files("gpaikit.portal").joinpath("static/portal.css").read_bytes()


def client_address(request: Request) -> str:
    """The sender's address. Behind a trusted proxy, the last X-Forwarded-For entry: the one
    the proxy appended; the entries before it are the client's to write (taking the first
    would let anyone pick a new address per request and slip the per-address limits)."""
    portal = portal_of(request)
    if portal.settings.trust_forwarded:
        forwarded = request.headers.get("x-forwarded-for", "").split(",")[-1].strip()
        if forwarded:
            return forwarded[:64]
    return request.client.host if request.client else "unknown"


@router.get("/", response_class=HTMLResponse)
def home(request: Request, who: Principal = allow("public")) -> Response:
    portal = portal_of(request)
    with portal.db.read() as s:
        version = current_version(s, "public")
        documents = site_documents(s, version, "public") if version else []
        contact = public_contact(s, version) if version else {}
    clock = portal.catalog.clock("CLOCK.copyright_complaint")
    return portal.render(
        request,
        "home.html.j2",
        who,
        current=version,
        documents=documents,
        contact=contact,
        complaint_clock=clock,
        downstream_clock=portal.catalog.clock("CLOCK.downstream_request"),
    )


@router.get("/versions", response_class=HTMLResponse)
def versions(request: Request, who: Principal = allow("public")) -> Response:
    portal = portal_of(request)
    with portal.db.read() as s:
        rows = versions_for(s, "public")
    return portal.render(request, "versions.html.j2", who, versions=rows)


@router.get("/public/")
def public_latest(request: Request, who: Principal = allow("public")) -> Response:
    with portal_of(request).db.read() as s:
        version = current_version(s, "public")
    if version is None:
        raise HTTPException(404, "nothing has been published yet")
    return RedirectResponse(f"/public/v/{version}/", status_code=303)


@router.get("/public/v/{version}/{path:path}")
def public_file(
    request: Request, version: Id, path: str, who: Principal = allow("public")
) -> Response:
    with portal_of(request).db.read() as s:
        return site_file_response(s, version, "public", path, public=True)


@router.get("/static/portal.css")
def stylesheet(who: Principal = allow("public")) -> Response:
    return Response(_CSS, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})


@router.get("/healthz")
def health(request: Request, who: Principal = allow("public")) -> dict[str, str]:
    return {"status": "ok"}


@router.get("/complaints/new", response_class=HTMLResponse)
def complaint_form(request: Request, who: Principal = allow("public")) -> Response:
    portal = portal_of(request)
    return portal.render(
        request,
        "complaint_form.html.j2",
        who,
        capacities=CAPACITIES,
        commitments=commitments(portal.catalog),
        clock=portal.catalog.clock("CLOCK.copyright_complaint"),
    )


@router.post("/complaints", response_class=HTMLResponse)
def complaint_post(
    request: Request,
    name: Annotated[str, Form(max_length=200)],
    email: Short,
    capacity: Annotated[str, Form(max_length=20)],
    works: Text,
    commitment: Annotated[str, Form(max_length=40)],
    description: Text,
    csrf_token: Annotated[str, Form(max_length=200)],
    organisation: Annotated[str, Form(max_length=200)] = "",
    evidence: Text = "",
    website: Annotated[str, Form(max_length=200)] = "",
    who: Principal = allow("public"),
) -> Response:
    portal = portal_of(request)
    age = form_age(csrf_token)
    if website:
        raise HTTPException(400, "the form was not filled in by a person")
    if age is not None and age < portal.settings.complaint_min_seconds:
        raise HTTPException(400, "the form was sent too quickly; please check it and send again")
    number, token = file_complaint(
        portal,
        ComplaintIn(
            name=name,
            email=email,
            capacity=capacity,
            works=works,
            commitment=commitment,
            description=description,
            organisation=organisation,
            evidence=evidence,
        ),
        client_address(request),
    )
    with portal.db.read() as s:
        complaint = s.get(Complaint, number)
    return portal.render(
        request,
        "complaint_ack.html.j2",
        who,
        status=201,
        complaint=complaint,
        status_path=f"/complaints/status/{token}",
        service=portal.catalog.clock("CLOCK.complaint_service_level"),
    )


@router.get("/complaints/status/{token}", response_class=HTMLResponse)
def complaint_status(request: Request, token: str, who: Principal = allow("public")) -> Response:
    portal = portal_of(request)
    complaint = status_of(portal, token)
    if complaint is None:
        raise HTTPException(404, "no complaint has this status link")
    exception = portal.catalog.get(complaint.exception) if complaint.exception else None
    response = portal.render(
        request, "complaint_status.html.j2", who, complaint=complaint, exception=exception
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response

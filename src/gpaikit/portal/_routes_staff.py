"""The provider's staff: the dashboard of clocks, answering requests and complaints,
recording authorities' requests, the incident board, every audience's published site.

Every staff member may read; only responders and admins answer (policy ``answer``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from gpaikit.dossier import AUDIENCES
from gpaikit.portal._accounts import Principal
from gpaikit.portal._audit import append_audit
from gpaikit.portal._clocks import due_items, portal_due_entries
from gpaikit.portal._complaints import EXCEPTIONS, OUTCOMES, decide_complaint
from gpaikit.portal._files import site_file_response
from gpaikit.portal._guard import MAX_ID, POLICIES, Id, allow, portal_of
from gpaikit.portal._routes_audience import Uploads, download, post_message, show_thread
from gpaikit.portal._routes_authority import Basis, Long, file_request, show_form
from gpaikit.portal._tables import (
    Complaint,
    Incident,
    IncidentClock,
    Message,
    Organisation,
    Version,
)
from gpaikit.portal._threads import (
    list_threads,
    set_exceptional,
)
from gpaikit.safety import calendar_feed

__all__ = ["router"]

router = APIRouter(prefix="/staff")
Csrf = Annotated[str, Form(max_length=200)]


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, who: Principal = allow("staff")) -> Response:
    portal = portal_of(request)
    today = portal.today()
    items = due_items(portal.db, portal.catalog, today, open_only=True)
    with portal.db.read() as s:
        latest = s.scalars(select(Version).order_by(Version.id.desc()).limit(1)).first()
    return portal.render(
        request,
        "staff_dashboard.html.j2",
        who,
        overdue=[d for d in items if d.standing == "overdue"],
        upcoming=[d for d in items if d.standing != "overdue"],
        latest=latest,
    )


@router.get("/calendar.ics")
def calendar(request: Request, who: Principal = allow("staff")) -> Response:
    portal = portal_of(request)
    today = portal.today()
    feed = calendar_feed(
        portal_due_entries(portal.db, portal.catalog, today),
        provider=portal.settings.title,
        as_of=today,
    )
    return Response(
        feed,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="portal-deadlines.ics"'},
    )


def _staff_threads(kind: Literal["downstream", "authority"]) -> None:
    base = f"/staff/{kind}"

    @router.get(f"/{kind}/requests", response_class=HTMLResponse, name=f"staff_{kind}_list")
    def listing(request: Request, who: Principal = allow("staff")) -> Response:
        portal = portal_of(request)
        with portal.db.read() as s:
            threads = list_threads(s, kind, who)
        return portal.render(
            request, "staff_threads.html.j2", who, threads=threads, base=base, kind=kind
        )

    @router.get(
        f"/{kind}/requests/{{thread_id}}", response_class=HTMLResponse, name=f"staff_{kind}"
    )
    def thread(request: Request, thread_id: Id, who: Principal = allow("staff")) -> Response:
        can_answer = who.role in POLICIES["answer"]
        return show_thread(request, kind, thread_id, who, base=base, can_answer=can_answer)

    @router.post(f"/{kind}/requests/{{thread_id}}/messages", name=f"staff_{kind}_answer")
    def answer(
        request: Request,
        thread_id: Id,
        body: Long,
        csrf_token: Csrf,
        answer: Annotated[str, Form(max_length=10)] = "",
        files: Uploads = [],  # noqa: B006 - FastAPI copies defaults
        who: Principal = allow("answer"),
    ) -> Response:
        return post_message(
            request, kind, thread_id, who, body, files, answer=answer == "yes", back=base
        )

    @router.get(f"/{kind}/attachments/{{attachment_id}}", name=f"staff_{kind}_attachment")
    def attachment(
        request: Request, attachment_id: Id, who: Principal = allow("staff")
    ) -> Response:
        return download(request, attachment_id, who)


@router.get("/authority/new", response_class=HTMLResponse)
def authority_form(request: Request, who: Principal = allow("answer")) -> Response:
    portal = portal_of(request)
    with portal.db.read() as s:
        authorities = s.scalars(
            select(Organisation).where(Organisation.kind == "authority").order_by(Organisation.name)
        ).all()
    return show_form(request, who, "/staff/authority", authorities)


@router.post("/authority")
def authority_record(
    request: Request,
    organisation_id: Annotated[int, Form(ge=1, le=MAX_ID)],
    basis: Basis,
    purpose: Long,
    items: Long,
    deadline: Annotated[dt.date, Form()],
    csrf_token: Csrf,
    their_reference: Annotated[str, Form(max_length=200)] = "",
    fines_notice: Long = "",
    files: Uploads = [],  # noqa: B006 - FastAPI copies defaults
    who: Principal = allow("answer"),
) -> Response:
    """Record a request that reached the provider by another channel (letter, e-mail)."""
    return file_request(
        request,
        who,
        organisation_id,
        files,
        "/staff/authority",
        basis=basis,
        their_reference=their_reference,
        purpose=purpose,
        items=items,
        deadline=deadline,
        fines_notice=fines_notice,
    )


_staff_threads("downstream")
_staff_threads("authority")


@router.post("/downstream/requests/{thread_id}/exceptional")
def exceptional(
    request: Request,
    thread_id: Id,
    reason: Long,
    csrf_token: Csrf,
    who: Principal = allow("answer"),
) -> Response:
    portal = portal_of(request)
    with portal.db.write() as s:
        if not set_exceptional(s, thread_id, who, reason, portal.settings.max_text):
            raise HTTPException(404, "no such request")
    return RedirectResponse(f"/staff/downstream/requests/{thread_id}", status_code=303)


@router.get("/complaints", response_class=HTMLResponse)
def complaints(request: Request, who: Principal = allow("staff")) -> Response:
    portal = portal_of(request)
    with portal.db.read() as s:
        rows = s.scalars(select(Complaint).order_by(Complaint.id.desc())).all()
    return portal.render(request, "staff_complaints.html.j2", who, complaints=rows)


@router.get("/complaints/{complaint_id}", response_class=HTMLResponse)
def complaint(request: Request, complaint_id: Id, who: Principal = allow("staff")) -> Response:
    portal = portal_of(request)
    with portal.db.write() as s:
        row = s.get(Complaint, complaint_id)
        if row is None:
            raise HTTPException(404, "no such complaint")
        messages = s.scalars(
            select(Message)
            .where(Message.thread == "complaint", Message.thread_id == complaint_id)
            .order_by(Message.id)
        ).all()
        append_audit(s, who.label, "complaint.view", f"complaint:{complaint_id}")
    return portal.render(
        request,
        "staff_complaint.html.j2",
        who,
        complaint=row,
        messages=messages,
        outcomes=OUTCOMES,
        exceptions=[portal.catalog.get(e) for e in EXCEPTIONS],
        commitment=portal.catalog.get(row.commitment),
        service=portal.catalog.clock("CLOCK.complaint_service_level"),
        can_answer=who.role in POLICIES["answer"],
    )


@router.post("/complaints/{complaint_id}/decision")
def complaint_decision(
    request: Request,
    complaint_id: Id,
    status: Annotated[str, Form(max_length=20)],
    csrf_token: Csrf,
    outcome: Annotated[str, Form(max_length=20)] = "",
    exception: Annotated[str, Form(max_length=40)] = "",
    decision: Long = "",
    who: Principal = allow("answer"),
) -> Response:
    portal = portal_of(request)
    done = decide_complaint(
        portal,
        complaint_id,
        who,
        status=status,
        outcome=outcome or None,
        exception=exception or None,
        decision=decision,
    )
    if not done:
        raise HTTPException(404, "no such complaint")
    return RedirectResponse(f"/staff/complaints/{complaint_id}", status_code=303)


@router.get("/incidents", response_class=HTMLResponse)
def incidents(request: Request, who: Principal = allow("staff")) -> Response:
    portal = portal_of(request)
    today = portal.today()
    with portal.db.read() as s:
        rows = s.scalars(select(Incident).order_by(Incident.aware_on.desc(), Incident.id)).all()
        clocks = s.scalars(select(IncidentClock).order_by(IncidentClock.due_on)).all()
    items = {d.key: d for d in due_items(portal.db, portal.catalog, today) if d.kind == "incident"}
    return portal.render(
        request, "staff_incidents.html.j2", who, incidents=rows, clocks=clocks, items=items
    )


@router.get("/sites", response_class=HTMLResponse)
def sites(request: Request, who: Principal = allow("staff")) -> Response:
    portal = portal_of(request)
    with portal.db.read() as s:
        versions = s.scalars(select(Version).order_by(Version.id.desc())).all()
    return portal.render(request, "staff_sites.html.j2", who, versions=versions)


@router.get("/sites/{audience}/v/{version}/{path:path}")
def site_file(
    request: Request, audience: str, version: Id, path: str, who: Principal = allow("staff")
) -> Response:
    if audience not in AUDIENCES:
        raise HTTPException(404, "no such audience")
    with portal_of(request).db.write() as s:
        response = site_file_response(s, version, audience, path, public=False)
        append_audit(s, who.label, "site.view", f"{audience}/v{version}/{path}"[:1200])
    return response

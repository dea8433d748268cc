"""The JSON API (``/api/v1``): bearer tokens only (no cookies, so no CSRF), the same policies
and the same workflows as the pages. Its OpenAPI description is ``/openapi.json``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from gpaikit.portal._accounts import Principal
from gpaikit.portal._audit import verify_audit
from gpaikit.portal._clocks import AUTHORITY_BASES, due_items
from gpaikit.portal._complaints import ComplaintIn, decide_complaint, file_complaint
from gpaikit.portal._files import versions_for
from gpaikit.portal._guard import Id, allow, portal_of
from gpaikit.portal._routes_public import client_address
from gpaikit.portal._tables import AuthorityRequest, Complaint, DownstreamRequest, Version
from gpaikit.portal._threads import add_message, file_downstream_request, list_threads, open_thread

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["api"])
Long = Annotated[str, Field(max_length=20_000)]


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class VersionOut(_Out):
    id: int
    published_at: dt.datetime
    audiences: str
    signer: str | None


class ClockOut(_Out):
    id: str
    title: str
    citation: str
    days: int | None
    no_fixed_period: str | None
    anchor: str
    source: str


class RequestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subject: Annotated[str, Field(min_length=1, max_length=300)]
    body: Annotated[str, Field(min_length=1, max_length=20_000)]
    model: Annotated[str | None, Field(max_length=200)] = None


class RequestOut(_Out):
    id: int
    subject: str
    model: str | None
    received_on: dt.date
    due_on: dt.date
    status: str
    answered_on: dt.date | None
    exceptional: str | None


class MessageOut(_Out):
    author: str
    from_provider: bool
    body: str
    created_at: dt.datetime


class ThreadOut(BaseModel):
    request: RequestOut
    messages: list[MessageOut]


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    body: Annotated[str, Field(min_length=1, max_length=20_000)]
    answer: bool = True


class ComplaintBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, Field(min_length=1, max_length=200)]
    email: Annotated[str, Field(min_length=3, max_length=320)]
    capacity: Literal["rightsholder", "representative", "cmo"]
    works: Long
    commitment: Annotated[str, Field(max_length=40)]
    description: Long
    organisation: Annotated[str, Field(max_length=200)] = ""
    evidence: Long = ""


class ComplaintAck(BaseModel):
    reference: str
    received_on: dt.date
    target_on: dt.date
    status_token: str


class ComplaintOut(_Out):
    id: int
    name: str
    capacity: str
    commitment: str
    received_on: dt.date
    due_on: dt.date
    status: str
    outcome: str | None
    exception: str | None
    duplicate_of: int | None


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Literal["in_review", "answered", "not_handled"]
    outcome: Literal["upheld", "partly_upheld", "rejected"] | None = None
    exception: Literal["CR.M1.5.EXC_UNFOUNDED", "CR.M1.5.EXC_REPEAT"] | None = None
    decision: Long = ""


class AuthorityOut(_Out):
    id: int
    basis: str
    clock: str
    their_reference: str | None
    received_on: dt.date
    deadline: dt.date
    status: str
    answered_on: dt.date | None


class DueOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    kind: str
    key: str
    title: str
    clock: str
    citation: str
    due: dt.date | None
    done: dt.date | None
    standing: str
    internal: bool


class AuditOut(BaseModel):
    ok: bool
    entries: int
    head_seq: int
    head_hash: str
    problem: str | None


@router.get("/versions", response_model=list[VersionOut])
def versions(request: Request, who: Principal = allow("public", api=True)) -> list[Version]:
    """Every version for staff; for anyone else the versions that have a public site, as
    the /versions page lists them (a version published only for the AI Office, the
    authorities or downstream providers is not announced to the public)."""
    with portal_of(request).db.read() as s:
        if who.staff:
            return list(s.scalars(select(Version).order_by(Version.id.desc())))
        return versions_for(s, "public")


@router.get("/clocks", response_model=list[ClockOut])
def clocks(request: Request, who: Principal = allow("public", api=True)) -> list[ClockOut]:
    """The portal's clocks as the catalog states them (law as data)."""
    catalog = portal_of(request).catalog
    ids = [
        "CLOCK.downstream_request",
        *sorted(set(AUTHORITY_BASES.values())),
        "CLOCK.copyright_complaint",
        "CLOCK.complaint_service_level",
    ]
    return [ClockOut.model_validate(catalog.clock(i), from_attributes=True) for i in ids]


@router.post("/complaints", response_model=ComplaintAck, status_code=201)
def complaint_file(
    request: Request, body: ComplaintBody, who: Principal = allow("public", api=True)
) -> ComplaintAck:
    portal = portal_of(request)
    number, token = file_complaint(
        portal, ComplaintIn(**body.model_dump()), client_address(request)
    )
    with portal.db.read() as s:
        row = s.get(Complaint, number)
        assert row is not None
        return ComplaintAck(
            reference=f"CP-{number}",
            received_on=row.received_on,
            target_on=row.due_on,
            status_token=token,
        )


@router.get("/complaints", response_model=list[ComplaintOut])
def complaints(request: Request, who: Principal = allow("staff", api=True)) -> list[Complaint]:
    with portal_of(request).db.read() as s:
        return list(s.scalars(select(Complaint).order_by(Complaint.id.desc())))


@router.post("/complaints/{complaint_id}/decision", response_model=ComplaintOut)
def complaint_decide(
    request: Request,
    complaint_id: Id,
    body: DecisionIn,
    who: Principal = allow("answer", api=True),
) -> Complaint:
    portal = portal_of(request)
    if not decide_complaint(
        portal,
        complaint_id,
        who,
        status=body.status,
        outcome=body.outcome,
        exception=body.exception,
        decision=body.decision,
    ):
        raise HTTPException(404, "no such complaint")
    with portal.db.read() as s:
        row = s.get(Complaint, complaint_id)
        assert row is not None
        return row


@router.get("/requests", response_model=list[RequestOut])
def requests(
    request: Request, who: Principal = allow("downstream_or_staff", api=True)
) -> list[DownstreamRequest]:
    with portal_of(request).db.read() as s:
        return list_threads(s, "downstream", who)


@router.post("/requests", response_model=RequestOut, status_code=201)
def request_file(
    request: Request, body: RequestIn, who: Principal = allow("downstream", api=True)
) -> DownstreamRequest:
    portal = portal_of(request)
    with portal.db.write() as s:
        return file_downstream_request(
            s,
            who,
            portal.settings.timezone,
            portal.catalog,
            subject=body.subject,
            body=body.body,
            model=body.model,
            uploads=[],
            max_text=portal.settings.max_text,
        )


@router.get("/requests/{request_id}", response_model=ThreadOut)
def request_get(
    request: Request, request_id: Id, who: Principal = allow("downstream_or_staff", api=True)
) -> ThreadOut:
    with portal_of(request).db.write() as s:
        found = open_thread(s, "downstream", request_id, who)
        if found is None:
            raise HTTPException(404, "no such request")
        return ThreadOut(
            request=RequestOut.model_validate(found.request),
            messages=[MessageOut.model_validate(m) for m in found.messages],
        )


@router.post("/requests/{request_id}/answer", response_model=RequestOut)
def request_answer(
    request: Request,
    request_id: Id,
    body: AnswerIn,
    who: Principal = allow("answer", api=True),
) -> DownstreamRequest:
    portal = portal_of(request)
    with portal.db.write() as s:
        if not add_message(
            s,
            "downstream",
            request_id,
            who,
            portal.settings.timezone,
            body=body.body,
            uploads=[],
            answer=body.answer,
            max_text=portal.settings.max_text,
        ):
            raise HTTPException(404, "no such request")
        row = s.get(DownstreamRequest, request_id)
        assert row is not None
        return row


@router.get("/authority-requests", response_model=list[AuthorityOut])
def authority_requests(
    request: Request, who: Principal = allow("staff", api=True)
) -> list[AuthorityRequest]:
    with portal_of(request).db.read() as s:
        return list(s.scalars(select(AuthorityRequest).order_by(AuthorityRequest.id.desc())))


@router.get("/due", response_model=list[DueOut])
def due(
    request: Request, open_only: bool = True, who: Principal = allow("staff", api=True)
) -> list[DueOut]:
    """Every item on a clock (open ones by default), overdue first by date."""
    portal = portal_of(request)
    items = due_items(portal.db, portal.catalog, portal.today(), open_only=open_only)
    return [DueOut.model_validate(d) for d in items]


@router.get("/audit", response_model=AuditOut)
def audit(request: Request, who: Principal = allow("admin", api=True)) -> AuditOut:
    report = verify_audit(portal_of(request).db)
    return AuditOut(
        ok=report.ok,
        entries=report.entries,
        head_seq=report.head_seq,
        head_hash=report.head_hash,
        problem=report.problem,
    )

"""Admins: organisations, accounts (a new account gets a generated password, shown once),
authority invitations, API tokens, and the audit log with its verification."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from gpaikit.portal._accounts import (
    AUTHORITY_AUDIENCES,
    Principal,
    add_organisation,
    add_user,
    create_api_token,
    invite,
)
from gpaikit.portal._audit import append_audit, verify_audit
from gpaikit.portal._db import utcnow
from gpaikit.portal._guard import Id, allow, portal_of
from gpaikit.portal._secrets import new_token
from gpaikit.portal._tables import ApiToken, AuditRow, Invitation, Organisation, User

__all__ = ["router"]

router = APIRouter(prefix="/admin")
Csrf = Annotated[str, Form(max_length=200)]
Name = Annotated[str, Form(max_length=200)]


def _accounts_page(
    request: Request, who: Principal, shown: dict[str, str] | None = None
) -> Response:
    portal = portal_of(request)
    with portal.db.read() as s:
        orgs = s.scalars(select(Organisation).order_by(Organisation.name)).all()
        users = s.scalars(select(User).order_by(User.email)).all()
        invitations = s.scalars(select(Invitation).order_by(Invitation.id.desc())).all()
        tokens = s.scalars(select(ApiToken).order_by(ApiToken.id.desc())).all()
    return portal.render(
        request,
        "admin.html.j2",
        who,
        organisations=orgs,
        users=users,
        invitations=invitations,
        tokens=tokens,
        shown=shown or {},
        authority_audiences=AUTHORITY_AUDIENCES,
        now=utcnow(),
    )


@router.get("/", response_class=HTMLResponse)
def accounts(request: Request, who: Principal = allow("admin")) -> Response:
    return _accounts_page(request, who)


@router.post("/organisations", response_class=HTMLResponse)
def organisation_add(
    request: Request,
    name: Name,
    kind: Annotated[str, Form(max_length=20)],
    audience: Annotated[str, Form(max_length=40)],
    csrf_token: Csrf,
    who: Principal = allow("admin"),
) -> Response:
    add_organisation(portal_of(request).db, name, kind, audience, who.label)
    return _accounts_page(request, who, {"Organisation added": name})


@router.post("/users", response_class=HTMLResponse)
def user_add(
    request: Request,
    email: Annotated[str, Form(max_length=320)],
    role: Annotated[str, Form(max_length=20)],
    csrf_token: Csrf,
    name: Name = "",
    organisation: Name = "",
    who: Principal = allow("admin"),
) -> Response:
    password = new_token()[:24]
    add_user(
        portal_of(request).db,
        email,
        password,
        role,
        who.label,
        name=name,
        organisation=organisation or None,
    )
    return _accounts_page(request, who, {f"Password for {email} (shown once)": password})


@router.post("/users/{user_id}/deactivate", response_class=HTMLResponse)
def user_deactivate(
    request: Request, user_id: Id, csrf_token: Csrf, who: Principal = allow("admin")
) -> Response:
    with portal_of(request).db.write() as s:
        user = s.get(User, user_id)
        if user is None:
            raise HTTPException(404, "no such user")
        if user.id == who.user_id:
            raise HTTPException(400, "you cannot deactivate yourself")
        user.active = False
        append_audit(s, who.label, "user.deactivate", f"user:{user_id}")
    return _accounts_page(request, who)


@router.post("/invitations", response_class=HTMLResponse)
def invitation_add(
    request: Request,
    authority: Name,
    email: Annotated[str, Form(max_length=320)],
    days: Annotated[int, Form(ge=1, le=3650)],
    csrf_token: Csrf,
    name: Name = "",
    who: Principal = allow("admin"),
) -> Response:
    portal = portal_of(request)
    token, expires = invite(portal.db, authority, email, name, days, portal.settings, who.label)
    link = f"{request.base_url}authority/enter/{token}"
    return _accounts_page(
        request,
        who,
        {f"Invitation link for {email}, valid until {expires:%Y-%m-%d} (shown once)": link},
    )


@router.post("/invitations/{invitation_id}/revoke", response_class=HTMLResponse)
def invitation_revoke(
    request: Request, invitation_id: Id, csrf_token: Csrf, who: Principal = allow("admin")
) -> Response:
    return _revoke(request, who, Invitation, invitation_id, "invitation")


def _revoke(
    request: Request, who: Principal, table: type[Invitation | ApiToken], row_id: int, what: str
) -> Response:
    """Revoke an invitation or a token (it stops working at once; the row stays)."""
    with portal_of(request).db.write() as s:
        row = cast("Invitation | ApiToken | None", s.get(table, row_id))
        if row is None:
            raise HTTPException(404, f"no such {what}")
        row.revoked_at = row.revoked_at or utcnow()
        append_audit(s, who.label, f"{what}.revoke", f"{what}:{row_id}")
    return _accounts_page(request, who)


@router.post("/tokens", response_class=HTMLResponse)
def token_add(
    request: Request,
    email: Annotated[str, Form(max_length=320)],
    csrf_token: Csrf,
    name: Name = "",
    days: Annotated[int | None, Form(ge=1, le=3650)] = None,
    who: Principal = allow("admin"),
) -> Response:
    token = create_api_token(portal_of(request).db, email, name, who.label, days)
    return _accounts_page(request, who, {f"API token for {email} (shown once)": token})


@router.post("/tokens/{token_id}/revoke", response_class=HTMLResponse)
def token_revoke(
    request: Request, token_id: Id, csrf_token: Csrf, who: Principal = allow("admin")
) -> Response:
    return _revoke(request, who, ApiToken, token_id, "token")


@router.get("/audit", response_class=HTMLResponse)
def audit(request: Request, who: Principal = allow("admin")) -> Response:
    portal = portal_of(request)
    report = verify_audit(portal.db)
    with portal.db.read() as s:
        rows = s.scalars(select(AuditRow).order_by(AuditRow.seq.desc()).limit(200)).all()
    return portal.render(request, "audit.html.j2", who, report=report, rows=rows)

"""Signing in and out: staff and downstream users by password, authority reviewers by their
invitation's token. Failed sign-ins are rate-limited per account and per address."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gpaikit.portal._accounts import Principal, authenticate, end_session, open_session
from gpaikit.portal._guard import SESSION_COOKIE, allow, portal_of
from gpaikit.portal._limits import count_recent, hit
from gpaikit.portal._routes_public import client_address

__all__ = ["HOMES", "router"]

router = APIRouter()
HOMES = {
    "downstream": "/downstream/",
    "authority": "/authority/",
    "responder": "/staff/",
    "editor": "/staff/",
    "admin": "/staff/",
}


def _safe_next(target: str) -> str | None:
    """Only a path of this site (no scheme, host or protocol-relative trick)."""
    if (
        not target.startswith("/")
        or target.startswith(("//", "/\\"))
        or len(target) > 500
        or any(ord(c) < 33 for c in target)
    ):
        return None
    return target


def _signed_in(request: Request, token: str, who: Principal, target: str | None) -> Response:
    portal = portal_of(request)
    response = RedirectResponse(target or HOMES.get(who.role, "/"), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(portal.settings.session_max.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=portal.settings.cookie_secure,
        path="/",
    )
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "", who: Principal = allow("public")) -> Response:
    portal = portal_of(request)
    return portal.render(request, "login.html.j2", who, next=_safe_next(next) or "", failed=False)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form(max_length=500)] = "",
    who: Principal = allow("public"),
) -> Response:
    portal = portal_of(request)
    settings = portal.settings
    address, account = client_address(request), email.strip().lower()
    with portal.db.read() as s:
        blocked = (
            count_recent(s, portal.secret, "login-account", account, settings.login_window)
            >= settings.login_failures
            or count_recent(s, portal.secret, "login-ip", address, settings.login_window)
            >= settings.login_failures * 3
        )
    if blocked:
        raise HTTPException(429, "too many failed sign-ins; wait a few minutes and try again")
    user_id = authenticate(portal.db, email, password)
    opened = open_session(portal.db, settings, user_id=user_id) if user_id is not None else None
    if opened is None:
        with portal.db.write() as s:
            hit(s, portal.secret, "login-account", account)
            hit(s, portal.secret, "login-ip", address)
        return portal.render(
            request, "login.html.j2", who, status=401, next=_safe_next(next) or "", failed=True
        )
    token, principal = opened
    return _signed_in(request, token, principal, _safe_next(next))


@router.post("/logout")
def logout(request: Request, who: Principal = allow("signed_in")) -> Response:
    end_session(portal_of(request).db, who)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/authority/enter/{token}", response_class=HTMLResponse)
def authority_entry(request: Request, token: str, who: Principal = allow("public")) -> Response:
    portal = portal_of(request)
    response = portal.render(request, "authority_enter.html.j2", who, token=token[:100])
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@router.post("/authority/enter")
def authority_enter(
    request: Request,
    token: Annotated[str, Form(max_length=100)],
    csrf_token: Annotated[str, Form(max_length=200)],
    who: Principal = allow("public"),
) -> Response:
    portal = portal_of(request)
    address = client_address(request)
    with portal.db.read() as s:
        if (
            count_recent(s, portal.secret, "login-ip", address, portal.settings.login_window)
            >= portal.settings.login_failures * 3
        ):
            raise HTTPException(429, "too many failed attempts; wait a few minutes")
    opened = open_session(portal.db, portal.settings, invitation_token=token.strip())
    if opened is None:
        with portal.db.write() as s:
            hit(s, portal.secret, "login-ip", address)
        raise HTTPException(403, "this invitation is unknown, revoked or expired")
    session_token, principal = opened
    return _signed_in(request, session_token, principal, None)

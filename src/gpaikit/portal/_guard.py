"""Authorisation on every route, denied by default; CSRF on every form post.

Each route declares exactly one policy with ``who: Principal = allow("staff")``; the app
factory refuses to start when a route has none (:func:`check_routes`). A policy names the roles
it admits (:data:`POLICIES`); anyone else gets 401 (HTML pages: a redirect to the login page)
or 403. Object-level checks (a downstream provider sees only its own organisation's requests)
sit in the queries, and answer 404 so that IDs reveal nothing.

Pages authenticate by session cookie, the JSON API (``/api/``) by bearer token only, so the
API needs no CSRF token. Every form post carries one: the session's, or for an anonymous
visitor an HMAC of a random cookie and the time the form was issued (double-submit, signed).
Posts whose ``Origin`` or ``Sec-Fetch-Site`` say they come from another site are refused.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, HTTPException, Path, Request
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from gpaikit.portal._accounts import (
    ANONYMOUS,
    ROLES,
    STAFF_ROLES,
    Principal,
    Role,
    api_principal,
    session_principal,
)
from gpaikit.portal._secrets import keyed, new_token

if TYPE_CHECKING:
    from gpaikit.portal._state import Portal

__all__ = [
    "ANON_COOKIE",
    "MAX_ID",
    "POLICIES",
    "SESSION_COOKIE",
    "Id",
    "LoginRequiredError",
    "allow",
    "anon_token",
    "check_routes",
    "csrf_token",
    "form_age",
    "portal_of",
    "route_policies",
]

SESSION_COOKIE = "gpaikit_session"
ANON_COOKIE = "gpaikit_anon"
CSRF_FIELD = "csrf_token"
ANON_TOKEN_TTL = 4 * 3600

MAX_ID = 2**31 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
"""A row number in a URL: within both databases' integers (a bigger one is a 422, not a 500)."""

POLICIES: dict[str, tuple[Role, ...]] = {
    "public": ROLES,
    "signed_in": ("downstream", "authority", *STAFF_ROLES),
    "downstream": ("downstream",),
    "downstream_or_staff": ("downstream", *STAFF_ROLES),
    "authority": ("authority",),
    "staff": STAFF_ROLES,
    "answer": ("responder", "admin"),
    "publish": ("editor", "admin"),
    "admin": ("admin",),
}
"""Policy name -> the roles it admits."""


class LoginRequiredError(Exception):
    """An anonymous visitor asked for a page that needs an account (-> login page)."""


def portal_of(request: Request) -> Portal:
    portal: Portal = request.app.state.portal
    return portal


def _resolve(request: Request, api: bool) -> Principal:
    portal = portal_of(request)
    if api:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            return ANONYMOUS
        who = api_principal(portal.db, token.strip())
        if who is None:
            raise HTTPException(401, "unknown, expired or revoked token")
        return who
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return ANONYMOUS
    return session_principal(portal.db, cookie, portal.settings) or ANONYMOUS


def anon_token(secret: bytes, anon_id: str, issued: int | None = None) -> str:
    issued = int(time.time()) if issued is None else issued
    return f"{issued}.{keyed(secret, 'csrf', anon_id, str(issued))}"


def csrf_token(request: Request, principal: Principal) -> tuple[str, str | None]:
    """The token a form rendered for ``principal`` carries, and a new anonymous cookie
    value to set when the visitor has none yet."""
    if principal.csrf:
        return principal.csrf, None
    anon = request.cookies.get(ANON_COOKIE)
    fresh = None
    if not anon or len(anon) > 100:
        anon = fresh = new_token()
    return anon_token(portal_of(request).secret, anon), fresh


def form_age(token: str) -> float | None:
    """Seconds since an anonymous form was issued (``None`` for a session token)."""
    head, dot, _ = token.partition(".")
    if not dot or not head.isdigit():
        return None
    return time.time() - int(head)


def _check_origin(request: Request) -> None:
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        raise HTTPException(403, "cross-site form posts are refused")
    origin = request.headers.get("origin")
    if origin is not None and origin != "null":
        host = request.headers.get("host", "")
        if origin.split("://", 1)[-1].rstrip("/") != host:
            raise HTTPException(403, "the form was posted from another origin")
    elif origin == "null" and site != "same-origin":
        raise HTTPException(403, "the form was posted from an opaque origin")


async def _check_csrf(request: Request, principal: Principal) -> None:
    _check_origin(request)
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    if not isinstance(sent, str) or not sent or len(sent) > 200:
        raise HTTPException(403, "the form has no valid CSRF token; reload the page")
    import hmac

    if principal.csrf:
        if not hmac.compare_digest(sent, principal.csrf):
            raise HTTPException(403, "the form's CSRF token does not match; reload the page")
        return
    anon = request.cookies.get(ANON_COOKIE, "")
    head, _, _ = sent.partition(".")
    if not anon or not head.isdigit():
        raise HTTPException(403, "the form's CSRF token does not match; reload the page")
    expected = anon_token(portal_of(request).secret, anon, int(head))
    age = time.time() - int(head)
    if not hmac.compare_digest(sent, expected) or not -60 <= age <= ANON_TOKEN_TTL:
        raise HTTPException(403, "the form's CSRF token does not match or expired; reload")


def allow(policy: str, *, api: bool = False) -> Any:
    """The dependency that admits ``policy``'s roles (and checks CSRF on page posts)."""
    roles = POLICIES[policy]

    async def check(request: Request) -> Principal:
        if api:
            nothing = not request.headers.get("authorization")
        else:
            nothing = SESSION_COOKIE not in request.cookies
        if nothing:
            principal = ANONYMOUS  # nothing to look up: no database, no thread
        else:
            principal = await run_in_threadpool(_resolve, request, api)
        request.state.principal = principal
        if principal.role not in roles:
            if principal.role == "anonymous":
                if api:
                    raise HTTPException(
                        401, "authentication required", {"WWW-Authenticate": "Bearer"}
                    )
                raise LoginRequiredError()
            raise HTTPException(403, "your role may not use this page")
        if not api and request.method not in ("GET", "HEAD"):
            await _check_csrf(request, principal)
        return principal

    marked: Callable[[Request], Coroutine[Any, Any, Principal]] = check
    marked.__gpaikit_policy__ = policy  # type: ignore[attr-defined]
    return Depends(marked)


def _api_routes(routes: list[Any]) -> list[APIRoute]:
    """Every API route, also inside included routers (FastAPI may keep those nested)."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found.extend(_api_routes(list(route.original_router.routes)))
        elif getattr(route, "path", None) != "/openapi.json":
            raise RuntimeError(f"route {getattr(route, 'path', route)!r} has no policy")
    return found


def route_policies(routes: list[Any]) -> dict[tuple[str, str], str]:
    """(method, path) -> policy of every route; a route without exactly one policy fails."""
    found: dict[tuple[str, str], str] = {}
    for route in _api_routes(routes):
        policies = [
            getattr(d.call, "__gpaikit_policy__", None)
            for d in route.dependant.dependencies
            if getattr(d.call, "__gpaikit_policy__", None)
        ]
        if len(policies) != 1:
            raise RuntimeError(f"route {route.path} must declare exactly one policy")
        for method in route.methods or ():
            found[(method, route.path)] = str(policies[0])
    return found


def check_routes(app: Any) -> dict[tuple[str, str], str]:
    """Deny by default: every route of ``app`` declares one policy (else the app fails)."""
    return route_policies(list(app.routes))

"""The app factory: ``create_app(settings)`` gives the FastAPI application of one portal.

Around every route: a body-size limit (form posts, attachments), security headers (a strict
Content-Security-Policy without scripts, no framing, no sniffing, no referrer), and error pages
that never show internals. The factory refuses to build an app with a route that declares no
authorisation policy (:func:`gpaikit.portal._guard.check_routes`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response

from gpaikit import __version__
from gpaikit._exceptions import InputError
from gpaikit.law import load_catalog
from gpaikit.portal import (
    _routes_account,
    _routes_admin,
    _routes_api,
    _routes_authority,
    _routes_downstream,
    _routes_public,
    _routes_staff,
)
from gpaikit.portal._accounts import ANONYMOUS
from gpaikit.portal._complaints import RateLimitedError
from gpaikit.portal._db import Database, open_database
from gpaikit.portal._guard import LoginRequiredError, check_routes
from gpaikit.portal._settings import PortalSettings
from gpaikit.portal._state import Portal

__all__ = ["PAGE_CSP", "create_app"]

log = logging.getLogger("gpaikit.portal")

PAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'none'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""The policy of the portal's own pages: its style sheet, forms to itself, no script at all."""

_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class _TooLargeError(Exception):
    pass


def _upload_path(path: str) -> bool:
    return path.endswith(("/requests", "/messages")) or path == "/staff/authority"


class Guardrails:
    """ASGI middleware: bounded request bodies and security headers on every response."""

    def __init__(self, app: ASGIApp, settings: PortalSettings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        limit = (
            self.settings.max_upload_bytes if _upload_path(path) else self.settings.max_form_bytes
        )
        hsts = self.settings.cookie_secure
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                extra = list(_HEADERS)
                if b"content-security-policy" not in present:
                    extra.append((b"content-security-policy", PAGE_CSP.encode()))
                if b"cache-control" not in present:
                    extra.append((b"cache-control", b"no-store"))
                if hsts:
                    extra.append((b"strict-transport-security", b"max-age=31536000"))
                message["headers"] = headers + [(k, v) for k, v in extra if k not in present]
            await send(message)

        for key, value in scope.get("headers", []):
            if key == b"content-length" and (not value.isdigit() or int(value) > limit):
                await _too_large(send_with_headers, limit)
                return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLargeError()
            return message

        try:
            await self.app(scope, limited, send_with_headers)
        except _TooLargeError:
            if not started:
                await _too_large(send_with_headers, limit)


async def _too_large(send: Send, limit: int) -> None:
    body = f"Request too large (at most {limit:,} bytes).".encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/healthz"


def _page(request: Request, status: int, message: str) -> Response:
    portal: Portal = request.app.state.portal
    who = getattr(request.state, "principal", ANONYMOUS)
    return portal.render(request, "error.html.j2", who, status=status, message=message)


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequiredError)
    async def _login(request: Request, _exc: LoginRequiredError) -> Response:
        target = request.url.path
        if request.url.query:
            target += "?" + request.url.query
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else "request refused"
        if _wants_json(request):
            return JSONResponse({"detail": detail}, exc.status_code, headers=exc.headers)
        return _page(request, exc.status_code, detail)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', 'invalid')}"
            for e in exc.errors()[:20]
        ]
        if _wants_json(request):
            return JSONResponse({"detail": problems}, 422)
        return _page(request, 422, "The form has invalid fields: " + "; ".join(problems))

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": exc.render()}, 422)
        return _page(request, 422, exc.render())

    @app.exception_handler(PermissionError)
    async def _forbidden(request: Request, exc: PermissionError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": str(exc)}, 403)
        return _page(request, 403, str(exc))

    @app.exception_handler(RateLimitedError)
    async def _limited(request: Request, _exc: RateLimitedError) -> Response:
        message = "Too many complaints were sent from here recently; please try again later."
        if _wants_json(request):
            return JSONResponse({"detail": message}, 429, headers={"Retry-After": "3600"})
        response = _page(request, 429, message)
        response.headers["Retry-After"] = "3600"
        return response

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path, exc_info=exc)
        if _wants_json(request):
            return JSONResponse({"detail": "internal error"}, 500)
        return _page(request, 500, "Something went wrong on our side. Nothing was changed.")


def create_app(settings: PortalSettings | None = None, *, db: Database | None = None) -> FastAPI:
    """The portal's ASGI application (migrates the database on first use)."""
    settings = settings or PortalSettings()
    database = db or open_database(settings.db_url)
    portal = Portal(
        db=database, settings=settings, catalog=load_catalog(), secret=database.secret()
    )
    app = FastAPI(
        title=settings.title,
        version=__version__,
        docs_url=None,
        redoc_url=None,
        description="The provider's portal of gpaikit: published dossiers per audience, "
        "downstream requests, rightsholders' complaints, authorities' requests.",
    )
    app.state.portal = portal
    for module in (
        _routes_public,
        _routes_account,
        _routes_downstream,
        _routes_authority,
        _routes_staff,
        _routes_admin,
        _routes_api,
    ):
        app.include_router(module.router)
    _handlers(app)
    app.state.policies = check_routes(app)
    app.add_middleware(Guardrails, settings=settings)
    return app

"""What every request of one portal shares: the database, the settings, the catalog, the
templates. Built once by the app factory; no per-request state lives here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined

from gpaikit import __version__
from gpaikit.law import Catalog
from gpaikit.portal._accounts import Principal
from gpaikit.portal._clocks import local_day
from gpaikit.portal._db import Database, utcnow
from gpaikit.portal._guard import ANON_COOKIE, csrf_token
from gpaikit.portal._settings import PortalSettings

__all__ = ["Portal"]


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("gpaikit.portal", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["day"] = lambda d: "" if d is None else d.isoformat()
    env.filters["when"] = lambda t: "" if t is None else t.strftime("%Y-%m-%d %H:%M UTC")
    env.filters["label"] = lambda s: str(s).replace("_", " ")
    return env


@dataclass
class Portal:
    db: Database
    settings: PortalSettings
    catalog: Catalog
    secret: bytes
    templates: Environment = field(default_factory=_environment)

    def today(self) -> dt.date:
        return local_day(utcnow(), self.settings.timezone)

    def render(
        self,
        request: Request,
        template: str,
        principal: Principal,
        status: int = 200,
        **context: Any,
    ) -> HTMLResponse:
        """A page; forms on it carry the principal's CSRF token."""
        token, fresh = csrf_token(request, principal)
        html = self.templates.get_template(template).render(
            title=self.settings.title,
            who=principal,
            csrf=token,
            today=self.today(),
            version=__version__,
            request_path=request.url.path,
            **context,
        )
        response = HTMLResponse(html, status_code=status)
        response.headers["Cache-Control"] = (
            "no-store" if principal.role != "anonymous" else "no-cache"
        )
        if fresh is not None:
            response.set_cookie(
                ANON_COOKIE,
                fresh,
                httponly=True,
                samesite="strict",
                secure=self.settings.cookie_secure,
                path="/",
            )
        return response

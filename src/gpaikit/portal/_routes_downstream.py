"""Downstream providers: their organisation's view of the documentation and their requests
for more information (Transparency Measure 1.2: answered within the catalog's clock)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gpaikit.portal._accounts import Principal
from gpaikit.portal._guard import allow, portal_of
from gpaikit.portal._routes_audience import Uploads, add_audience_routes, read_uploads
from gpaikit.portal._threads import file_downstream_request

__all__ = ["router"]

router = APIRouter(prefix="/downstream")


@router.get("/requests/new", response_class=HTMLResponse)
def request_form(request: Request, who: Principal = allow("downstream")) -> Response:
    portal = portal_of(request)
    return portal.render(
        request,
        "downstream_request.html.j2",
        who,
        clock=portal.catalog.clock("CLOCK.downstream_request"),
        settings=portal.settings,
    )


@router.post("/requests")
def request_post(
    request: Request,
    subject: Annotated[str, Form(max_length=300)],
    body: Annotated[str, Form(max_length=20_000)],
    csrf_token: Annotated[str, Form(max_length=200)],
    model: Annotated[str, Form(max_length=200)] = "",
    files: Uploads = [],  # noqa: B006 - FastAPI copies defaults
    who: Principal = allow("downstream"),
) -> Response:
    portal = portal_of(request)
    uploads = read_uploads(files, portal.settings)
    with portal.db.write() as s:
        filed = file_downstream_request(
            s,
            who,
            portal.settings.timezone,
            portal.catalog,
            subject=subject,
            body=body,
            model=model,
            uploads=uploads,
            max_text=portal.settings.max_text,
        )
        number = filed.id
    return RedirectResponse(f"/downstream/requests/{number}", status_code=303)


add_audience_routes(router, "downstream")

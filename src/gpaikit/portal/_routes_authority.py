"""Reviewers of the AI Office and of national authorities: their audience's documents and
their requests, each with the deadline the request states (AI Act Arts 91, 92)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gpaikit.law import Catalog, Clock, Entry
from gpaikit.portal._accounts import Principal
from gpaikit.portal._clocks import AUTHORITY_BASES
from gpaikit.portal._guard import allow, portal_of
from gpaikit.portal._routes_audience import Uploads, add_audience_routes, read_uploads
from gpaikit.portal._threads import file_authority_request

__all__ = ["Basis", "Long", "bases", "file_request", "router", "show_form"]

router = APIRouter(prefix="/authority")
Basis = Annotated[str, Form(max_length=40)]
Long = Annotated[str, Form(max_length=20_000)]


def bases(catalog: Catalog) -> list[tuple[str, Entry, Clock]]:
    """(basis ID, provision, clock) for the legal bases a request may state."""
    return [(b, catalog.get(b), catalog.clock(c)) for b, c in AUTHORITY_BASES.items()]


@router.get("/requests/new", response_class=HTMLResponse)
def request_form(request: Request, who: Principal = allow("authority")) -> Response:
    return show_form(request, who, "/authority/requests", [])


def show_form(
    request: Request, who: Principal, action: str, authorities: Sequence[Any]
) -> Response:
    """The form of an authority's request (posted to ``action``; staff pick the authority)."""
    portal = portal_of(request)
    return portal.render(
        request,
        "authority_request.html.j2",
        who,
        bases=bases(portal.catalog),
        action=action,
        authorities=authorities,
        settings=portal.settings,
    )


@router.post("/requests")
def request_post(
    request: Request,
    basis: Basis,
    purpose: Long,
    items: Long,
    deadline: Annotated[dt.date, Form()],
    csrf_token: Annotated[str, Form(max_length=200)],
    their_reference: Annotated[str, Form(max_length=200)] = "",
    fines_notice: Long = "",
    files: Uploads = [],  # noqa: B006 - FastAPI copies defaults
    who: Principal = allow("authority"),
) -> Response:
    assert who.organisation_id is not None
    return file_request(
        request,
        who,
        who.organisation_id,
        files,
        "/authority",
        basis=basis,
        their_reference=their_reference,
        purpose=purpose,
        items=items,
        deadline=deadline,
        fines_notice=fines_notice,
    )


def file_request(
    request: Request,
    who: Principal,
    organisation_id: int,
    files: list[UploadFile],
    back: str,
    **fields: Any,
) -> Response:
    """File an authority's request (by its reviewer, or recorded by staff) and show it."""
    portal = portal_of(request)
    uploads = read_uploads(files, portal.settings)
    with portal.db.write() as s:
        filed = file_authority_request(
            s,
            who,
            portal.settings.timezone,
            organisation_id=organisation_id,
            uploads=uploads,
            max_text=portal.settings.max_text,
            **fields,
        )
        number = filed.id
    return RedirectResponse(f"{back}/requests/{number}", status_code=303)


add_audience_routes(router, "authority")

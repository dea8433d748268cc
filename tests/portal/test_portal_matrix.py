"""The authorisation matrix: every role x every route x every document item, on both databases.

Who may use what is written here from the issue's description of the audiences, independently
of the app's own policy table; a route the table does not classify fails the test. Then every
file of every published site is asked for through every role's own site route: a role receives
exactly the files of its own audience's folder (byte for byte) and no sentinel of an item that
is not for its audience, and another organisation's requests and attachments are not found.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from portal_helpers import (
    AUDIENCE_OF,
    ROLES,
    Clients,
    csrf_of,
    make_clients,
    sentinels_in,
    site_files,
)

from gpaikit.dossier import AUDIENCES
from gpaikit.portal import Database

EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
DOWNSTREAM = {"downstream", "downstream_b"}
AUTHORITY = {"ai_office", "national_authority"}
STAFF = {"responder", "editor", "admin"}
ANSWER = {"responder", "admin"}
API = {
    ("GET", "/api/v1/versions"): EVERYONE,
    ("GET", "/api/v1/clocks"): EVERYONE,
    ("POST", "/api/v1/complaints"): EVERYONE,
    ("GET", "/api/v1/complaints"): STAFF,
    ("POST", "/api/v1/complaints/{complaint_id}/decision"): ANSWER,
    ("GET", "/api/v1/requests"): DOWNSTREAM | STAFF,
    ("POST", "/api/v1/requests"): DOWNSTREAM,
    ("GET", "/api/v1/requests/{request_id}"): DOWNSTREAM | STAFF,
    ("POST", "/api/v1/requests/{request_id}/answer"): ANSWER,
    ("GET", "/api/v1/authority-requests"): STAFF,
    ("GET", "/api/v1/due"): STAFF,
    ("GET", "/api/v1/audit"): {"admin"},
}


def expected(method: str, path: str) -> set[str]:
    """The roles the issue lets use a route."""
    if path.startswith("/api/"):
        return API[(method, path)]
    if path.startswith("/admin/"):
        return {"admin"}
    if path.startswith("/staff/"):
        return ANSWER if method == "POST" or path == "/staff/authority/new" else STAFF
    if path.startswith("/downstream/"):
        return DOWNSTREAM
    if path.startswith("/authority/enter"):
        return EVERYONE
    if path.startswith("/authority/"):
        return AUTHORITY
    if path == "/logout":
        return SIGNED_IN
    assert path in PUBLIC, f"unclassified route {method} {path}"
    return EVERYONE


PUBLIC = {
    "/",
    "/versions",
    "/public/",
    "/public/v/{version}/{path:path}",
    "/static/portal.css",
    "/healthz",
    "/complaints/new",
    "/complaints",
    "/complaints/status/{token}",
    "/login",
}


def _fill(path: str, ids: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)(:path)?\}", lambda m: ids[m.group(1)], path)


def _seed(c: Clients) -> dict[str, str]:
    """One object of every kind (organisation A's request with an attachment, an AI Office
    request, a complaint) and the path parameters that reach them."""
    dr = c.post(
        "downstream",
        "/downstream/requests",
        {"subject": "context length", "body": "how long?"},
        files=[("files", ("q.txt", b"question", "text/plain"))],
    )
    assert dr.status_code == 303, dr.text
    ar = c.post(
        "ai_office",
        "/authority/requests",
        {"basis": "AIA.91", "purpose": "p", "items": "i", "deadline": "2099-01-31"},
        files=[("files", ("letter.pdf", b"%PDF-1.4 letter", "application/pdf"))],
    )
    assert ar.status_code == 303, ar.text
    cp = c.post(
        "anonymous",
        "/complaints",
        {
            "name": "N",
            "email": "n@rights.example",
            "capacity": "rightsholder",
            "works": "w",
            "commitment": "CR.M1.3",
            "description": "d",
        },
    )
    assert cp.status_code == 201, cp.text
    status = re.search(r'href="/complaints/status/([^"]+)"', cp.text)
    assert status
    return {
        "thread_id": "1",
        "request_id": "1",
        "complaint_id": "1",
        "attachment_id": "1",
        "version": str(c.versions[0]),
        "path": "index.html",
        "audience": "ai_office",
        "token": status.group(1),
        "user_id": "999999",
        "invitation_id": "999999",
        "token_id": "999999",
    }


def _denied(role: str, path: str, response: object) -> bool:
    status = getattr(response, "status_code", 0)
    location = getattr(response, "headers", {}).get("location", "")
    if path.startswith("/api/"):
        return status in (401, 403)
    if role == "anonymous":
        return status == 303 and location.startswith("/login?next=")
    return status == 403


def test_every_role_on_every_route(portal: Callable[..., Clients]) -> None:
    c = portal()
    ids = _seed(c)
    routes = sorted(c.app.state.policies)
    assert len(routes) >= 60
    last: list[tuple[str, str]] = []
    for method, path in routes:
        if path == "/logout":
            last.append((method, path))
            continue
        for role in ROLES:
            _check(c, role, method, path, ids)
    for method, path in last:  # signing out ends the sessions the loop above used
        for role in ROLES:
            _check(c, role, method, path, ids)


def _check(c: Clients, role: str, method: str, path: str, ids: dict[str, str]) -> None:
    url = _fill(path, ids)
    client = c[role]
    if path.startswith("/api/"):
        headers = c.api(role)
        response = (
            client.get(url, headers=headers)
            if method == "GET"
            else client.post(url, json={}, headers=headers)
        )
    elif method == "GET":
        response = client.get(url)
    else:
        token = csrf_of(client.get("/complaints/new").text)
        response = client.post(url, data={"csrf_token": token})
    allowed = role in expected(method, path)
    denied = _denied(role, path, response)
    assert response.status_code < 500, (role, method, url, response.text[:300])
    assert denied != allowed, (role, method, url, response.status_code, allowed)


def test_another_organisations_requests_and_attachments_are_not_found(
    portal: Callable[..., Clients],
) -> None:
    c = portal()
    _seed(c)
    own = c["downstream"].get("/downstream/requests/1")
    assert own.status_code == 200 and "context length" in own.text
    assert c["downstream"].get("/downstream/attachments/1").content == b"question"
    for url in ("/downstream/requests/1", "/downstream/attachments/1"):
        response = c["downstream_b"].get(url)
        assert response.status_code == 404 and "context length" not in response.text
    listing = c["downstream_b"].get("/downstream/")
    assert "context length" not in listing.text
    api_b = c["downstream_b"].get("/api/v1/requests/1", headers=c.api("downstream_b"))
    assert api_b.status_code == 404
    assert c["downstream_b"].get("/api/v1/requests", headers=c.api("downstream_b")).json() == []
    assert len(c["downstream"].get("/api/v1/requests", headers=c.api("downstream")).json()) == 1
    # the national authority does not see the AI Office's request, nor its letter
    for url in ("/authority/requests/1", "/authority/attachments/2"):
        assert c["national_authority"].get(url).status_code == 404
    assert c["ai_office"].get("/authority/requests/1").status_code == 200
    # an authority's attachment is not a downstream provider's, and the reverse
    assert c["downstream"].get("/downstream/attachments/2").status_code == 404
    assert c["ai_office"].get("/authority/attachments/1").status_code == 404
    # staff see everything
    assert c["responder"].get("/staff/downstream/requests/1").status_code == 200
    assert c["responder"].get("/staff/authority/attachments/2").content.startswith(b"%PDF")


def _site_url(role: str, audience: str, version: int, path: str) -> str:
    if role in ("anonymous",):
        return f"/public/v/{version}/{path}"
    if role.startswith("downstream"):
        return f"/downstream/v/{version}/{path}"
    if role in ("ai_office", "national_authority"):
        return f"/authority/v/{version}/{path}"
    return f"/staff/sites/{audience}/v/{version}/{path}"


def test_every_document_item_reaches_only_its_audience(
    db: Database, sentinel_site: tuple[Path, dict[str, set[str]]], demo_site: Path, tmp_path: Path
) -> None:
    site, allowed = sentinel_site
    c = make_clients(db, [site, demo_site])
    try:
        built = {c.versions[0]: site_files(site), c.versions[1]: site_files(demo_site)}
        seen: dict[str, set[str]] = {a: set() for a in AUDIENCES}
        for version, files in built.items():
            every_path = sorted({p for folder in files.values() for p in folder})
            for role in ROLES:
                if role in STAFF and (role != "editor" or version != c.versions[0]):
                    continue  # staff read every audience's site: one staff role, one version
                own = AUDIENCE_OF.get(role)
                for audience in AUDIENCES if own is None else (own,):
                    for path in every_path:
                        response = c[role].get(_site_url(role, audience, version, path))
                        expected_bytes = files.get(audience, {}).get(path)
                        if expected_bytes is None:
                            assert response.status_code == 404, (role, audience, path)
                            continue
                        assert response.status_code == 200, (role, audience, path)
                        assert response.content == expected_bytes, (role, audience, path)
                        if version == c.versions[0]:
                            found = sentinels_in(path, response.content, tmp_path)
                            for sentinel in found:
                                assert audience in allowed[sentinel], (role, path, sentinel)
                            seen[audience] |= found
        for audience in AUDIENCES:  # the scan saw each audience's own items
            mine = {s for s, audiences in allowed.items() if audience in audiences}
            assert mine and mine <= seen[audience], audience
    finally:
        c.close()


@pytest.mark.parametrize("role", ["downstream", "ai_office", "national_authority"])
def test_no_route_takes_an_audience_from_the_url(portal: Callable[..., Clients], role: str) -> None:
    """An audience's own routes have no audience parameter, and the staff's does not admit
    anyone else: a reviewer or integrator cannot name another folder."""
    c = portal()
    for audience in AUDIENCES:
        response = c[role].get(f"/staff/sites/{audience}/v/1/index.html")
        assert response.status_code == 403
        prefix = "/downstream" if role == "downstream" else "/authority"
        for trick in (f"../{audience}/index.html", f"%2e%2e/{audience}/index.html"):
            assert c[role].get(f"{prefix}/v/1/{trick}").status_code in (403, 404, 422)

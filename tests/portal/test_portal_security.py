"""The portal's security mechanics: Argon2 passwords, session cookies, CSRF, hashed tokens,
time-limited invitations, bounded bodies and uploads, headers, no open redirect."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from portal_helpers import BASE, TRUSTED, Clients, csrf_of, settings_for
from sqlalchemy import select, update

from gpaikit._exceptions import InputError
from gpaikit.portal import Database, add_user, create_app, publish_site
from gpaikit.portal._app import PAGE_CSP
from gpaikit.portal._files import SITE_CSP
from gpaikit.portal._tables import ApiToken, Invitation, SessionRow, User


@pytest.fixture
def c(portal: Callable[..., Clients]) -> Clients:
    return portal()


def _login(client: TestClient, email: str, password: str, next: str = "") -> Any:
    token = csrf_of(client.get("/login").text)
    return client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token, "next": next}
    )


def test_passwords_are_argon2id_and_sign_in_sets_a_hardened_cookie(c: Clients) -> None:
    add_user(c.db, "new@provider.example", "a long enough password", "responder", "test")
    with c.db.read() as s:
        stored = s.scalar(select(User.password_hash).where(User.email == "new@provider.example"))
    assert stored is not None and stored.startswith("$argon2id$")
    with pytest.raises(InputError, match="at least 12"):
        add_user(c.db, "short@provider.example", "short", "responder", "test")
    client = TestClient(c.app, base_url=BASE, follow_redirects=False)
    wrong = _login(client, "new@provider.example", "not the password")
    assert wrong.status_code == 401 and "Wrong e-mail or password" in wrong.text
    ok = _login(client, "NEW@provider.example", "a long enough password", next="/staff/sites")
    assert ok.status_code == 303 and ok.headers["location"] == "/staff/sites"
    cookie = ok.headers["set-cookie"]
    assert "gpaikit_session=" in cookie
    for flag in ("HttpOnly", "Secure", "SameSite=lax", "Path=/"):
        assert flag.lower() in cookie.lower(), flag
    value = re.search(r"gpaikit_session=([^;]+)", cookie)
    assert value
    with c.db.read() as s:  # only the token's hash is stored
        hashes = set(s.scalars(select(SessionRow.token_hash)))
    assert value.group(1) not in hashes and len(hashes) >= 1
    assert client.get("/staff/").status_code == 200
    out = client.post("/logout", data={"csrf_token": csrf_of(client.get("/staff/").text)})
    assert out.status_code == 303
    assert client.get("/staff/").status_code == 303  # the session is over


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil"])
def test_sign_in_never_redirects_off_site(c: Clients, target: str) -> None:
    client = TestClient(c.app, base_url=BASE, follow_redirects=False)
    ok = _login(client, "admin@provider.example", "correct horse battery staple", next=target)
    assert ok.status_code == 303 and ok.headers["location"] == "/staff/"


def test_failed_sign_ins_are_rate_limited(portal: Callable[..., Clients]) -> None:
    c = portal(login_failures=3)
    client = TestClient(c.app, base_url=BASE, follow_redirects=False)
    for _ in range(3):
        assert _login(client, "admin@provider.example", "guess guess guess").status_code == 401
    blocked = _login(client, "admin@provider.example", "correct horse battery staple")
    assert blocked.status_code == 429


def test_every_form_post_needs_its_csrf_token(c: Clients) -> None:
    data = {"subject": "s", "body": "b"}
    client = c["downstream"]
    assert client.post("/downstream/requests", data=data).status_code == 403
    assert client.post("/downstream/requests", data={**data, "csrf_token": "x"}).status_code == 403
    other = c.csrf("downstream_b")  # another session's token does not do
    assert (
        client.post("/downstream/requests", data={**data, "csrf_token": other}).status_code == 403
    )
    good = c.csrf("downstream")
    cross = client.post(
        "/downstream/requests",
        data={**data, "csrf_token": good},
        headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    )
    assert cross.status_code == 403
    same = client.post(
        "/downstream/requests",
        data={**data, "csrf_token": good},
        headers={"Origin": "https://testserver", "Sec-Fetch-Site": "same-origin"},
    )
    assert same.status_code == 303
    # an anonymous form's token is bound to the visitor's own cookie
    anon = TestClient(c.app, base_url=BASE, follow_redirects=False)
    stolen = c.csrf("anonymous", "/complaints/new")
    refused = anon.post("/complaints", data={"csrf_token": stolen, "name": "x"})
    assert refused.status_code == 403


def test_api_tokens_are_stored_hashed_and_can_be_revoked(c: Clients) -> None:
    token = c.tokens["admin"]
    with c.db.read() as s:
        stored = list(s.scalars(select(ApiToken.token_hash)))
    assert token not in stored and all(len(h) == 64 for h in stored)
    assert c["anonymous"].get("/api/v1/audit", headers=c.api("admin")).status_code == 200
    wrong = {"Authorization": "Bearer gpk_" + "x" * 43}
    assert c["anonymous"].get("/api/v1/audit", headers=wrong).status_code == 401
    with c.db.write() as s:
        s.execute(update(ApiToken).values(revoked_at=dt.datetime(2026, 1, 1)))
    assert c["anonymous"].get("/api/v1/audit", headers=c.api("admin")).status_code == 401
    # cookies do not authenticate the API, so the API needs no CSRF token
    assert c["admin"].get("/api/v1/audit").status_code == 401


def test_an_invitation_expires_and_can_be_revoked(c: Clients) -> None:
    assert c["ai_office"].get("/authority/").status_code == 200
    with c.db.write() as s:
        s.execute(update(Invitation).values(expires_at=dt.datetime(2026, 1, 1)))
    assert c["ai_office"].get("/authority/").status_code == 303  # the session ends with it
    fresh = TestClient(c.app, base_url=BASE, follow_redirects=False)
    token = c.invitations["national_authority"]
    page = fresh.get(f"/authority/enter/{token}")
    entered = fresh.post(
        "/authority/enter", data={"token": token, "csrf_token": csrf_of(page.text)}
    )
    assert entered.status_code == 403 and "expired" in entered.text


def test_a_deactivated_account_loses_its_session_at_once(c: Clients) -> None:
    assert c["downstream"].get("/downstream/").status_code == 200
    response = c.post("admin", f"/admin/users/{c.users['downstream']}/deactivate", {})
    assert response.status_code == 200
    assert c["downstream"].get("/downstream/").status_code == 303
    with c.db.read() as s:
        assert s.scalar(select(User.active).where(User.id == c.users["downstream"])) is False


def test_admins_create_accounts_invitations_and_tokens_shown_once(c: Clients) -> None:
    page = c.post(
        "admin",
        "/admin/invitations",
        {"authority": "AI Office", "email": "new@ec.example", "days": "7"},
    )
    assert page.status_code == 200
    link = re.search(r"(https://testserver/authority/enter/inv_[\w-]+)", page.text)
    assert link
    assert link.group(1) not in c["admin"].get("/admin/").text  # shown once
    too_long = c.post(
        "admin", "/admin/invitations", {"authority": "AI Office", "email": "x@y.z", "days": "400"}
    )
    assert too_long.status_code == 422
    user = c.post("admin", "/admin/users", {"email": "ops@provider.example", "role": "editor"})
    password = re.search(r'class="secret shown">([^<]+)<', user.text)
    assert password
    client = TestClient(c.app, base_url=BASE, follow_redirects=False)
    assert _login(client, "ops@provider.example", password.group(1)).status_code == 303


def test_request_bodies_and_uploads_are_bounded(portal: Callable[..., Clients]) -> None:
    c = portal(max_attachment_bytes=1000, max_attachments=2)
    token = c.csrf("downstream")
    form = {"subject": "s", "body": "b", "csrf_token": token}
    big = c["downstream"].post(
        "/downstream/requests",
        data=form,
        files=[("files", ("a.txt", b"x" * 1001, "text/plain"))],
    )
    assert big.status_code == 422 and "larger than" in big.text
    many = c["downstream"].post(
        "/downstream/requests",
        data=form,
        files=[("files", (f"{n}.txt", b"x", "text/plain")) for n in range(3)],
    )
    assert many.status_code == 422
    odd = c["downstream"].post(
        "/downstream/requests", data=form, files=[("files", ("run.exe", b"MZ", "x/y"))]
    )
    assert odd.status_code == 422 and "not accepted" in odd.text
    beyond = c.settings.max_upload_bytes + 1  # this form takes attachments
    huge = c["downstream"].post("/downstream/requests", data={**form, "body": "x" * beyond})
    assert huge.status_code == 413  # the whole body is bounded before it is parsed
    public = c["anonymous"].post("/complaints", content=b"x" * (c.settings.max_form_bytes + 1))
    assert public.status_code == 413


def test_pages_and_site_files_carry_a_strict_policy(c: Clients) -> None:
    page = c["anonymous"].get("/")
    assert page.headers["content-security-policy"] == PAGE_CSP
    assert "script-src 'none'" in PAGE_CSP and "frame-ancestors 'none'" in PAGE_CSP
    for header, value in (
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "same-origin"),
        ("x-frame-options", "DENY"),
    ):
        assert page.headers[header] == value
    assert "<script" not in page.text and "http://" not in page.text.split("</head>")[0]
    site = c["downstream"].get("/downstream/v/1/index.html")
    assert site.headers["content-security-policy"] == SITE_CSP
    assert site.headers["cache-control"] == "private, no-store"
    assert site.headers["x-robots-tag"] == "noindex, nofollow"
    public = c["anonymous"].get("/public/v/1/index.html")
    assert public.headers["cache-control"].startswith("public")
    download = c["anonymous"].get("/public/v/1/docs/helios-ultra/training_summary/public.docx")
    assert download.headers["content-disposition"].startswith("attachment;")


@pytest.mark.parametrize("number", ["0", "-1", "2147483648", "99999999999999999999"])
def test_identifiers_beyond_the_databases_integers_are_refused(db: Database, number: str) -> None:
    app = create_app(settings_for(db), db=db)
    client = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    assert client.get(f"/public/v/{number}/index.html").status_code == 422
    assert client.get(f"/complaints/status/st_{number}").status_code == 404


def test_behind_a_proxy_the_address_is_the_proxys_entry_not_the_clients(c: Clients) -> None:
    """X-Forwarded-For entries before the proxy's own are written by the client: taking the
    first would let anyone pick a fresh address per request and slip the per-address limits."""
    from starlette.requests import Request

    from gpaikit.portal._routes_public import client_address

    app = create_app(settings_for(c.db, trust_forwarded=True), db=c.db)

    def address(forwarded: str) -> str:
        headers = [(b"x-forwarded-for", forwarded.encode())]
        scope = {"type": "http", "headers": headers, "client": ("127.0.0.1", 5), "app": app}
        return client_address(Request(scope))

    assert address("203.0.113.9") == "203.0.113.9"
    assert address("6.6.6.6, 7.7.7.7, 203.0.113.9") == "203.0.113.9"


def test_the_versions_api_announces_to_the_public_only_versions_with_a_public_site(
    c: Clients, demo_site: Path, tmp_path: Path
) -> None:
    restricted = tmp_path / "restricted"
    shutil.copytree(demo_site, restricted)
    shutil.rmtree(restricted / "public")
    hidden = publish_site(c.db, restricted, actor="test", keys=TRUSTED).version
    seen = {
        role: [v["id"] for v in c[role].get("/api/v1/versions", headers=c.api(role)).json()]
        for role in ("anonymous", "downstream", "responder")
    }
    assert hidden not in seen["anonymous"] and hidden not in seen["downstream"]
    assert hidden in seen["responder"] and c.versions[0] in seen["anonymous"]


@pytest.mark.parametrize("path", ["../outside.html", "/etc/outside", "a/../../outside", "a\\b"])
def test_a_stored_file_path_never_leaves_the_scratch_site(tmp_path: Path, path: str) -> None:
    """Published sites are verified again from the database's rows; a restored backup could
    carry crafted paths, which must not write outside the scratch folder."""
    from gpaikit.portal._verify import _write_tree

    with pytest.raises(InputError, match="leaves its site"):
        _write_tree(tmp_path / "site", [(path, b"x")])
    assert not (tmp_path / "outside.html").exists()


def test_a_backup_never_replaces_a_link(c: Clients, tmp_path: Path) -> None:
    from gpaikit._exceptions import OutputError
    from gpaikit.portal._backup import backup

    target = tmp_path / "kept.txt"
    target.write_text("not gpaikit's")
    link = tmp_path / "backup.zip"
    link.symlink_to(target)
    with pytest.raises(OutputError, match="symbolic link"):
        backup(c.db, link, force=True)
    assert target.read_text() == "not gpaikit's"

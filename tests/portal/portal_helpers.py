"""Helpers of the portal's tests: accounts of every role with a signed-in client each, CSRF
tokens from forms, the throwaway PostgreSQL cluster, and the sentinel dossier."""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import json
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from gpaikit.dossier import AUDIENCES, build_site
from gpaikit.law import ConsistencyRule, load_catalog
from gpaikit.portal import (
    Database,
    PortalSettings,
    add_organisation,
    create_api_token,
    create_app,
    invite,
    publish_site,
)
from gpaikit.portal._accounts import open_session
from gpaikit.portal._guard import SESSION_COOKIE
from gpaikit.portal._secrets import hash_password
from gpaikit.portal._tables import User
from gpaikit.signing import SigningKey

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 28)
PASSWORD = "correct horse battery staple"
BASE = "https://testserver"
ROLES = (
    "anonymous",
    "downstream",
    "downstream_b",
    "ai_office",
    "national_authority",
    "responder",
    "editor",
    "admin",
)
"""The principals every matrix test tries: two downstream organisations, two authorities."""
ROLE_OF = {
    "downstream_b": "downstream",
    "ai_office": "authority",
    "national_authority": "authority",
}
AUDIENCE_OF = {
    "anonymous": "public",
    "downstream": "downstream_provider",
    "downstream_b": "downstream_provider",
    "ai_office": "ai_office",
    "national_authority": "national_authority",
}
PROVIDER_KEY = SigningKey(Ed25519PrivateKey.generate())
"""The provider's key: every test dossier is signed with it, and publishing trusts it."""
TRUSTED = (PROVIDER_KEY.public,)
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@functools.cache
def password_hash() -> str:
    """One Argon2 hash for every test account (hashing costs half a second each)."""
    return hash_password(PASSWORD)


def load_pgcluster() -> ModuleType:
    if "pgcluster" in sys.modules:
        return sys.modules["pgcluster"]
    spec = importlib.util.spec_from_file_location("pgcluster", REPO / "scripts" / "pgcluster.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["pgcluster"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def settings_for(db: Database, **changes: Any) -> PortalSettings:
    return PortalSettings(db_url=db.url, complaint_min_seconds=0).but(**changes)


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def add_account(db: Database, email: str, role: str, organisation: str | None = None) -> int:
    """An active account with :data:`PASSWORD` (inserted with the shared hash)."""
    with db.write() as s:
        org_id = None
        if organisation is not None:
            from gpaikit.portal._tables import Organisation

            org_id = s.scalar(select(Organisation.id).where(Organisation.name == organisation))
        user = User(
            email=email,
            name=email,
            password_hash=password_hash(),
            role=role,
            organisation_id=org_id,
            active=True,
            created_at=dt.datetime(2026, 11, 1),
        )
        s.add(user)
        s.flush()
        return user.id


@dataclass
class Clients:
    """A signed-in TestClient and (where the role has one) an API token per role."""

    db: Database
    app: FastAPI
    settings: PortalSettings
    browsers: dict[str, TestClient] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    invitations: dict[str, str] = field(default_factory=dict)
    versions: list[int] = field(default_factory=list)

    def __getitem__(self, role: str) -> TestClient:
        return self.browsers[role]

    def csrf(self, role: str, page: str = "/") -> str:
        response = self.browsers[role].get(page)
        return csrf_of(response.text)

    def post(self, role: str, path: str, data: dict[str, Any], **kwargs: Any) -> Any:
        """A form post with the role's CSRF token (taken from ``form_page``, default the
        complaint form)."""
        token = self.csrf(role, kwargs.pop("form_page", "/complaints/new"))
        return self.browsers[role].post(path, data={**data, "csrf_token": token}, **kwargs)

    def api(self, role: str) -> dict[str, str]:
        token = self.tokens.get(role)
        return {"Authorization": f"Bearer {token}"} if token else {}

    def close(self) -> None:
        for client in self.browsers.values():
            client.close()


def make_clients(db: Database, sites: list[Path], **settings: Any) -> Clients:
    """Publish ``sites`` (one version each) and sign in one client per role of :data:`ROLES`."""
    config = settings_for(db, **settings)
    versions = [publish_site(db, site, actor="test", keys=TRUSTED).version for site in sites]
    add_organisation(db, "Integrator A", "downstream", "downstream_provider", "test")
    add_organisation(db, "Integrator B", "downstream", "downstream_provider", "test")
    add_organisation(db, "AI Office", "authority", "ai_office", "test")
    add_organisation(db, "CNIL", "authority", "national_authority", "test")
    app = create_app(config, db=db)
    found = Clients(db=db, app=app, settings=config, versions=versions)
    accounts = {
        "downstream": ("dev@a.example", "downstream", "Integrator A"),
        "downstream_b": ("dev@b.example", "downstream", "Integrator B"),
        "responder": ("responder@provider.example", "responder", None),
        "editor": ("editor@provider.example", "editor", None),
        "admin": ("admin@provider.example", "admin", None),
    }
    for role in ROLES:
        client = TestClient(app, base_url=BASE, follow_redirects=False)
        found.browsers[role] = client
        if role in accounts:
            email, kind, org = accounts[role]
            found.users[role] = add_account(db, email, kind, org)
            found.tokens[role] = create_api_token(db, email, "tests", "test")
            opened = open_session(db, config, user_id=found.users[role])
        elif role in ("ai_office", "national_authority"):
            authority = "AI Office" if role == "ai_office" else "CNIL"
            token, _ = invite(db, authority, f"reviewer@{role}.example", "R", 30, config, "test")
            found.invitations[role] = token
            opened = open_session(db, config, invitation_token=token)
        else:
            continue
        assert opened is not None
        client.cookies.set(SESSION_COOKIE, opened[0])
    return found


@dataclass(frozen=True)
class Seed:
    """What a test needs to act in a copy of a seeded database: the raw secrets whose
    hashes the copy holds (session cookies, API tokens, invitations)."""

    cookies: dict[str, str]
    tokens: dict[str, str]
    users: dict[str, int]
    invitations: dict[str, str]
    versions: list[int]


def seed(db: Database, sites: list[Path]) -> Seed:
    """Publish ``sites`` and create every role's account and session in ``db``."""
    c = make_clients(db, sites)
    try:
        cookies = {
            role: str(client.cookies.get(SESSION_COOKIE))
            for role, client in c.browsers.items()
            if client.cookies.get(SESSION_COOKIE)
        }
        return Seed(cookies, dict(c.tokens), dict(c.users), dict(c.invitations), c.versions)
    finally:
        c.close()


def attach(db: Database, found: Seed, **settings: Any) -> Clients:
    """Signed-in clients of every role on a copy of a seeded database."""
    config = settings_for(db, **settings)
    app = create_app(config, db=db)
    c = Clients(
        db=db,
        app=app,
        settings=config,
        tokens=dict(found.tokens),
        users=dict(found.users),
        invitations=dict(found.invitations),
        versions=list(found.versions),
    )
    for role in ROLES:
        client = TestClient(app, base_url=BASE, follow_redirects=False)
        if role in found.cookies:
            client.cookies.set(SESSION_COOKIE, found.cookies[role])
        c.browsers[role] = client
    return c


# --- the sentinel dossier ---------------------------------------------------------------------


@functools.cache
def dossier_helpers() -> ModuleType:
    """The sentinel helpers of the dossier's audience test (one place writes sentinels)."""
    path = REPO / "tests" / "dossier" / "test_dossier_audiences.py"
    spec = importlib.util.spec_from_file_location("dossier_audience_helpers", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SENTINEL = re.compile(r"qz\d{4}zq")


def build_sentinel_site(root: Path) -> tuple[Path, dict[str, set[str]]]:
    """Build the forms fixture with a sentinel in every item it can hold one."""
    helpers = dossier_helpers()
    ws = root / "ws"
    shutil.copytree(REPO / "tests" / "forms" / "fixtures" / "complete", ws)
    text = (ws / "gpaikit.yaml").read_text()
    head = text[: text.index("    answers:\n")]
    answers = helpers._answers()
    # a sentinel "other" modality of the training data is one the text-only fixture model
    # neither takes nor produces: verify (and so publish) refuses it as an inconsistency
    # (CHK.modalities_data), so those items answer the model's own modality, without a sentinel
    rule = load_catalog().get("CHK.modalities_data")
    assert isinstance(rule, ConsistencyRule)
    plain = set(rule.ties) & set(answers)
    for item in plain:
        answers[item] = (["text"], answers[item][1])
    lines = [f"      {json.dumps(k)}: {json.dumps(v)}" for k, (v, _) in answers.items()]
    (ws / "gpaikit.yaml").write_text(head + "    answers:\n" + "\n".join(lines) + "\n")
    build_site(ws, root / "site", as_of=AS_OF, record=False, sign=PROVIDER_KEY)
    allowed = {
        helpers._sentinel_of(v): audiences
        for item, (v, audiences) in answers.items()
        if item not in plain
    }
    return root / "site", allowed


def sentinels_in(name: str, data: bytes, scratch: Path) -> set[str]:
    """The sentinels a served file holds, whatever its format (HTML, JSON, DOCX, PDF, ...)."""
    file = scratch / Path(name).name
    file.write_bytes(data)
    return {s for text in dossier_helpers()._texts(file) for s in SENTINEL.findall(text)}


def site_files(site: Path) -> dict[str, dict[str, bytes]]:
    """audience -> relative path -> bytes of a built dossier."""
    return {
        audience: {
            p.relative_to(site / audience).as_posix(): p.read_bytes()
            for p in (site / audience).rglob("*")
            if p.is_file()
        }
        for audience in AUDIENCES
        if (site / audience).is_dir()
    }

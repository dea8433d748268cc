"""Who is asking: organisations, users, authority invitations, sessions and API tokens.

A :class:`Principal` is what every route's authorisation check looks at: its ``role`` (one of
:data:`ROLES`), its organisation and, for an authority reviewer, the audience whose site it may
read. Roles: ``admin`` (accounts, invitations, tokens, the audit log, and everything staff do),
``editor`` (published versions and incidents), ``responder`` (answers requests and complaints);
``downstream`` (a downstream provider's user) and ``authority`` (an invited reviewer).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from gpaikit._exceptions import InputError
from gpaikit.portal._audit import append_audit
from gpaikit.portal._db import Database, utcnow
from gpaikit.portal._secrets import (
    check_password,
    hash_password,
    needs_rehash,
    new_token,
    token_hash,
)
from gpaikit.portal._settings import PortalSettings
from gpaikit.portal._tables import ApiToken, Invitation, Organisation, SessionRow, User

__all__ = [
    "AUTHORITY_AUDIENCES",
    "ROLES",
    "STAFF_ROLES",
    "Principal",
    "add_organisation",
    "add_user",
    "api_principal",
    "authenticate",
    "create_api_token",
    "end_session",
    "invite",
    "open_session",
    "session_principal",
]

Role = Literal["anonymous", "downstream", "authority", "responder", "editor", "admin"]
ROLES: tuple[Role, ...] = ("anonymous", "downstream", "authority", "responder", "editor", "admin")
STAFF_ROLES: tuple[Role, ...] = ("responder", "editor", "admin")
AUTHORITY_AUDIENCES = ("ai_office", "national_authority")
TOKEN_PREFIX = "gpk_"


@dataclass(frozen=True)
class Principal:
    role: Role
    label: str = "anonymous"
    user_id: int | None = None
    organisation_id: int | None = None
    invitation_id: int | None = None
    audience: str | None = None
    csrf: str | None = None
    session_id: int | None = None

    @property
    def staff(self) -> bool:
        return self.role in STAFF_ROLES


ANONYMOUS = Principal(role="anonymous")


def _email(value: str) -> str:
    email = value.strip().lower()
    if not (3 <= len(email) <= 320) or "@" not in email or any(c.isspace() for c in email):
        raise InputError(f"{value!r} is not an e-mail address", hint="for example a@example.org")
    return email


def add_organisation(db: Database, name: str, kind: str, audience: str, actor: str) -> int:
    """A downstream provider (audience ``downstream_provider``) or an authority."""
    allowed = {"downstream": ("downstream_provider",), "authority": AUTHORITY_AUDIENCES}
    if audience not in allowed.get(kind, ()):
        raise InputError(
            f"an organisation of kind {kind!r} cannot have audience {audience!r}",
            hint="downstream -> downstream_provider; authority -> ai_office or national_authority",
        )
    name = name.strip()
    if not 1 <= len(name) <= 200:
        raise InputError("an organisation needs a name of 1 to 200 characters")
    with db.write() as s:
        if s.scalar(select(Organisation.id).where(Organisation.name == name)) is not None:
            raise InputError(f"an organisation named {name!r} exists already")
        org = Organisation(name=name, kind=kind, audience=audience, created_at=utcnow())
        s.add(org)
        s.flush()
        append_audit(s, actor, "organisation.add", f"organisation:{org.id}", name=name, kind=kind)
        return org.id


def add_user(
    db: Database,
    email: str,
    password: str,
    role: str,
    actor: str,
    *,
    name: str = "",
    organisation: str | None = None,
) -> int:
    """A staff member (admin, editor, responder) or a downstream provider's user."""
    if role not in ("admin", "editor", "responder", "downstream"):
        raise InputError(f"unknown role {role!r}", hint="admin, editor, responder or downstream")
    address = _email(email)
    try:
        hashed = hash_password(password)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    with db.write() as s:
        org_id = None
        if role == "downstream":
            if organisation is None:
                raise InputError("a downstream user belongs to an organisation (--organisation)")
            org = s.scalars(select(Organisation).where(Organisation.name == organisation)).first()
            if org is None or org.kind != "downstream":
                raise InputError(f"no downstream organisation named {organisation!r}")
            org_id = org.id
        elif organisation is not None:
            raise InputError("staff belong to the provider, not to an organisation")
        if s.scalar(select(User.id).where(User.email == address)) is not None:
            raise InputError(f"a user {address} exists already")
        user = User(
            email=address,
            name=name.strip()[:200] or address,
            password_hash=hashed,
            role=role,
            organisation_id=org_id,
            active=True,
            created_at=utcnow(),
        )
        s.add(user)
        s.flush()
        append_audit(s, actor, "user.add", f"user:{user.id}", email=address, role=role)
        return user.id


def authenticate(db: Database, email: str, password: str) -> int | None:
    """The user's ID when the password matches an active account (rehashing if due)."""
    address = email.strip().lower()[:320]
    with db.read() as s:
        user = s.scalars(select(User).where(User.email == address)).first()
    stored = user.password_hash if user is not None and user.active else None
    if not check_password(stored, password) or user is None:
        return None
    if needs_rehash(user.password_hash):
        with db.write() as s:
            found = s.get(User, user.id)
            if found is not None:
                found.password_hash = hash_password(password)
    return user.id


def invite(
    db: Database,
    authority: str,
    email: str,
    name: str,
    days: int,
    settings: PortalSettings,
    actor: str,
) -> tuple[str, dt.datetime]:
    """A reviewer's invitation: returns the token (shown once) and when it expires."""
    if not 1 <= days <= settings.invitation_max_days:
        raise InputError(f"an invitation lasts 1 to {settings.invitation_max_days} days")
    token = new_token("inv_")
    with db.write() as s:
        org = s.scalars(select(Organisation).where(Organisation.name == authority)).first()
        if org is None or org.kind != "authority":
            raise InputError(f"no authority named {authority!r}", hint="add it first")
        now = utcnow()
        row = Invitation(
            organisation_id=org.id,
            email=_email(email),
            name=name.strip()[:200] or email,
            token_hash=token_hash(token),
            created_by=actor,
            created_at=now,
            expires_at=now + dt.timedelta(days=days),
        )
        s.add(row)
        s.flush()
        append_audit(s, actor, "invitation.add", f"invitation:{row.id}", authority=org.name)
        return token, row.expires_at


def create_api_token(
    db: Database, email: str, name: str, actor: str, days: int | None = None
) -> str:
    """A bearer token acting as the user ``email`` (shown once)."""
    token = new_token(TOKEN_PREFIX)
    with db.write() as s:
        user = s.scalars(select(User).where(User.email == email.strip().lower())).first()
        if user is None or not user.active:
            raise InputError(f"no active user {email!r}")
        now = utcnow()
        row = ApiToken(
            user_id=user.id,
            name=name.strip()[:200] or "token",
            token_hash=token_hash(token),
            prefix=token[:10],
            created_at=now,
            expires_at=None if days is None else now + dt.timedelta(days=days),
        )
        s.add(row)
        s.flush()
        append_audit(s, actor, "token.add", f"token:{row.id}", user=user.email, name=row.name)
    return token


def _user_principal(s: Session, user_id: int) -> Principal | None:
    user = s.get(User, user_id)
    if user is None or not user.active:
        return None
    org = s.get(Organisation, user.organisation_id) if user.organisation_id else None
    return Principal(
        role=user.role,  # type: ignore[arg-type]
        label=f"{user.role}:{user.email}",
        user_id=user.id,
        organisation_id=user.organisation_id,
        audience=org.audience if org is not None else None,
    )


def _invitation_principal(s: Session, invitation_id: int, now: dt.datetime) -> Principal | None:
    inv = s.get(Invitation, invitation_id)
    if inv is None or inv.revoked_at is not None or inv.expires_at <= now:
        return None
    org = s.get(Organisation, inv.organisation_id)
    if org is None:
        return None
    return Principal(
        role="authority",
        label=f"authority:{inv.email} ({org.name})",
        organisation_id=org.id,
        invitation_id=inv.id,
        audience=org.audience,
    )


def open_session(
    db: Database,
    settings: PortalSettings,
    *,
    user_id: int | None = None,
    invitation_token: str | None = None,
) -> tuple[str, Principal] | None:
    """A new session for a user, or for the reviewer holding ``invitation_token``."""
    token = new_token()
    now = utcnow()
    with db.write() as s:
        expires = now + settings.session_max
        if invitation_token is not None:
            inv = s.scalars(
                select(Invitation).where(Invitation.token_hash == token_hash(invitation_token))
            ).first()
            who = _invitation_principal(s, inv.id, now) if inv is not None else None
            if who is None or inv is None:
                return None
            expires = min(expires, inv.expires_at)
            row = SessionRow(invitation_id=inv.id)
        elif user_id is not None:
            who = _user_principal(s, user_id)
            if who is None:
                return None
            row = SessionRow(user_id=user_id)
        else:
            return None
        row.token_hash = token_hash(token)
        row.csrf = new_token()
        row.created_at = row.last_seen_at = now
        row.expires_at = expires
        s.add(row)
        s.flush()
        append_audit(s, who.label, "session.open", f"session:{row.id}")
        return token, who


def session_principal(db: Database, token: str, settings: PortalSettings) -> Principal | None:
    """The principal of a live session cookie (idle and absolute timeouts enforced)."""
    if not token or len(token) > 100:
        return None
    now = utcnow()
    with db.read() as s:
        row = s.scalars(
            select(SessionRow).where(SessionRow.token_hash == token_hash(token))
        ).first()
        if row is None or row.expires_at <= now or row.last_seen_at + settings.session_idle <= now:
            return None
        if row.user_id is not None:
            who = _user_principal(s, row.user_id)
        elif row.invitation_id is not None:
            who = _invitation_principal(s, row.invitation_id, now)
        else:
            who = None
        stale = now - row.last_seen_at > dt.timedelta(minutes=1)
        found = (row.id, row.csrf)
    if who is None:
        return None
    if stale:  # keep the idle timer running without a write per request
        with db.write() as s:
            live = s.get(SessionRow, found[0])
            if live is not None:
                live.last_seen_at = now
    return Principal(**{**who.__dict__, "csrf": found[1], "session_id": found[0]})


def end_session(db: Database, principal: Principal) -> None:
    if principal.session_id is None:
        return
    with db.write() as s:
        row = s.get(SessionRow, principal.session_id)
        if row is not None:
            row.expires_at = utcnow()
            append_audit(s, principal.label, "session.close", f"session:{row.id}")


def api_principal(db: Database, token: str) -> Principal | None:
    """The principal of a bearer token (its user's role); ``None`` when unknown or expired."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    now = utcnow()
    with db.read() as s:
        row = s.scalars(select(ApiToken).where(ApiToken.token_hash == token_hash(token))).first()
        if row is None or row.revoked_at is not None:
            return None
        if row.expires_at is not None and row.expires_at <= now:
            return None
        who = _user_principal(s, row.user_id)
    if who is None:
        return None
    return Principal(**{**who.__dict__, "label": f"{who.label} (token {row.prefix}…)"})

"""The portal's tables (SQLAlchemy 2). The schema itself is made by the Alembic migrations in
``migrations/versions``; a test checks that they and these classes agree.

Times are naive UTC; dates (``*_on``) are in the portal's time zone. Published versions, their
files and the audit log are append-only (database triggers refuse updates and deletes).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "ApiToken",
    "Attachment",
    "AuditHead",
    "AuditRow",
    "AuthorityRequest",
    "Base",
    "Blob",
    "Complaint",
    "DownstreamRequest",
    "Incident",
    "IncidentClock",
    "Invitation",
    "Message",
    "Organisation",
    "RateEvent",
    "SessionRow",
    "Setting",
    "SiteFile",
    "User",
    "Version",
]


class Base(DeclarativeBase):
    pass


class Setting(Base):
    """Key-value settings shared by every server of a deployment (e.g. the HMAC secret)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Organisation(Base):
    """A downstream provider or an authority; each user or invitation belongs to one."""

    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # downstream | authority
    audience: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class User(Base):
    """A person who logs in with a password: provider staff or a downstream provider's user."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # admin | editor | responder | downstream
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Invitation(Base):
    """An authority reviewer's time-limited access; only the token's hash is kept."""

    __tablename__ = "invitations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class SessionRow(Base):
    """A browser session: the cookie holds a random token, the table its hash."""

    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitations.id"))
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ApiToken(Base):
    """A bearer token for the JSON API, acting as its user; only the hash is kept."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Blob(Base):
    """File content, stored once by its SHA-256 (site files and attachments)."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Version(Base):
    """One published dossier: immutable; every earlier version stays reachable."""

    __tablename__ = "versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    published_at: Mapped[dt.datetime] = mapped_column(DateTime)
    published_by: Mapped[str] = mapped_column(String(200))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    audiences: Mapped[str] = mapped_column(String(200))
    verification: Mapped[str] = mapped_column(Text)
    signer: Mapped[str | None] = mapped_column(String(200))
    provider: Mapped[str | None] = mapped_column(String(500))
    as_of: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)


class SiteFile(Base):
    """A file of one audience's site in one version."""

    __tablename__ = "site_files"
    __table_args__ = (UniqueConstraint("version_id", "audience", "path"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    audience: Mapped[str] = mapped_column(String(40))
    path: Mapped[str] = mapped_column(String(1024))
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    size: Mapped[int] = mapped_column(Integer)


class DownstreamRequest(Base):
    """A downstream provider's request for information (Transparency Measure 1.2)."""

    __tablename__ = "downstream_requests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    model: Mapped[str | None] = mapped_column(String(200))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    received_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))  # open | answered | closed
    exceptional: Mapped[str | None] = mapped_column(Text)
    answered_on: Mapped[dt.date | None] = mapped_column(Date)


class AuthorityRequest(Base):
    """A request of the AI Office (or a national authority through it), with its deadline."""

    __tablename__ = "authority_requests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitations.id"))
    recorded_by: Mapped[str] = mapped_column(String(200))
    basis: Mapped[str] = mapped_column(String(40))  # catalog ID (AIA.91, AIA.92, AIA.53_1_a)
    clock: Mapped[str] = mapped_column(String(60))  # catalog ID of the clock
    their_reference: Mapped[str | None] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text)
    items: Mapped[str] = mapped_column(Text)
    fines_notice: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    received_on: Mapped[dt.date] = mapped_column(Date)
    deadline: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    answered_on: Mapped[dt.date | None] = mapped_column(Date)


class Complaint(Base):
    """A rightsholder's complaint (Copyright Measure 1.5), acknowledged on receipt."""

    __tablename__ = "complaints"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str | None] = mapped_column(String(200))
    capacity: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(320), index=True)
    works: Mapped[str] = mapped_column(Text)
    commitment: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    substance: Mapped[str] = mapped_column(String(64), index=True)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    received_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))  # acknowledged | in_review | answered | ...
    outcome: Mapped[str | None] = mapped_column(String(20))
    exception: Mapped[str | None] = mapped_column(String(40))
    decision: Mapped[str | None] = mapped_column(Text)
    decided_on: Mapped[dt.date | None] = mapped_column(Date)


class Message(Base):
    """One message in a request's thread (the request itself is the first)."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_thread", "thread", "thread_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    thread: Mapped[str] = mapped_column(String(20))  # downstream | authority | complaint
    thread_id: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String(300))
    from_provider: Mapped[bool] = mapped_column(Boolean)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Attachment(Base):
    """A file attached to a message; always served as a download."""

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_thread", "thread", "thread_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    thread: Mapped[str] = mapped_column(String(20))
    thread_id: Mapped[int] = mapped_column(Integer)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Incident(Base):
    """A serious incident as the workspace's incident log last said (a synced snapshot)."""

    __tablename__ = "incidents"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    model: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(500))
    types: Mapped[str] = mapped_column(String(500))
    aware_on: Mapped[dt.date | None] = mapped_column(Date)
    resolved_on: Mapped[dt.date | None] = mapped_column(Date)
    synced_at: Mapped[dt.datetime] = mapped_column(DateTime)


class IncidentClock(Base):
    """One clock of an incident (initial, intermediate, final report, retention)."""

    __tablename__ = "incident_clocks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[str] = mapped_column(ForeignKey("incidents.id"), index=True)
    clock: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(20))
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    met_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)


class AuditRow(Base):
    """One entry of the append-only audit log, chained by SHA-256 to the one before."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(400))
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(1200))
    detail: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The last entry of the audit log (one row; locked while an entry is appended)."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class RateEvent(Base):
    """One counted event for rate limiting (complaints, failed logins); keys are hashed."""

    __tablename__ = "rate_events"
    __table_args__ = (Index("ix_rate_events_bucket", "bucket", "key", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bucket: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime)

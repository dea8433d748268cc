"""The portal's first schema: accounts, published versions, requests, complaints, incidents,
the audit log; triggers make versions, their files and the audit log append-only.

Revision ID: 0001
Revises:
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

APPEND_ONLY = ("versions", "site_files", "audit_log", "blobs")
GENESIS = "0" * 64  # the hash before the first audit entry


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _text(name: str, length: int | None = None, *, null: bool = False) -> sa.Column[str]:
    kind = sa.String(length=length) if length else sa.Text()
    return sa.Column(name, kind, nullable=null)


def _when(name: str, *, null: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(), nullable=null)


def _day(name: str, *, null: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.Date(), nullable=null)


def _ref(name: str, target: str, *, null: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), sa.ForeignKey(target), nullable=null)


def upgrade() -> None:
    op.create_table("settings", sa.Column("key", sa.String(64), primary_key=True), _text("value"))
    op.create_table(
        "organisations",
        _id(),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        _text("kind", 20),
        _text("audience", 40),
        _when("created_at"),
    )
    op.create_table(
        "users",
        _id(),
        sa.Column("email", sa.String(320), nullable=False, unique=True),
        _text("name", 200),
        _text("password_hash", 200),
        _text("role", 20),
        _ref("organisation_id", "organisations.id", null=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        _when("created_at"),
    )
    op.create_table(
        "invitations",
        _id(),
        _ref("organisation_id", "organisations.id"),
        _text("email", 320),
        _text("name", 200),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        _text("created_by", 200),
        _when("created_at"),
        _when("expires_at"),
        _when("revoked_at", null=True),
    )
    op.create_table(
        "sessions",
        _id(),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        _ref("user_id", "users.id", null=True),
        _ref("invitation_id", "invitations.id", null=True),
        _text("csrf", 64),
        _when("created_at"),
        _when("expires_at"),
        _when("last_seen_at"),
    )
    op.create_table(
        "api_tokens",
        _id(),
        _ref("user_id", "users.id"),
        _text("name", 200),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        _text("prefix", 16),
        _when("created_at"),
        _when("expires_at", null=True),
        _when("revoked_at", null=True),
    )
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        _when("published_at"),
        _text("published_by", 200),
        sa.Column("digest", sa.String(64), nullable=False, unique=True),
        _text("audiences", 200),
        _text("verification"),
        _text("signer", 200, null=True),
        _text("provider", 500, null=True),
        _text("as_of", 10, null=True),
        _text("note", null=True),
    )
    op.create_table(
        "site_files",
        _id(),
        _ref("version_id", "versions.id"),
        _text("audience", 40),
        _text("path", 1024),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("blobs.sha256"), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.UniqueConstraint("version_id", "audience", "path"),
    )
    op.create_table(
        "downstream_requests",
        _id(),
        _ref("organisation_id", "organisations.id"),
        _ref("created_by", "users.id"),
        _text("subject", 300),
        _text("body"),
        _text("model", 200, null=True),
        _when("received_at"),
        _day("received_on"),
        _day("due_on"),
        _text("status", 20),
        _text("exceptional", null=True),
        _day("answered_on", null=True),
    )
    op.create_index(
        "ix_downstream_requests_organisation_id", "downstream_requests", ["organisation_id"]
    )
    op.create_table(
        "authority_requests",
        _id(),
        _ref("organisation_id", "organisations.id"),
        _ref("invitation_id", "invitations.id", null=True),
        _text("recorded_by", 200),
        _text("basis", 40),
        _text("clock", 60),
        _text("their_reference", 200, null=True),
        _text("purpose"),
        _text("items"),
        _text("fines_notice", null=True),
        _when("received_at"),
        _day("received_on"),
        _day("deadline"),
        _text("status", 20),
        _day("answered_on", null=True),
    )
    op.create_index(
        "ix_authority_requests_organisation_id", "authority_requests", ["organisation_id"]
    )
    op.create_table(
        "complaints",
        _id(),
        sa.Column("status_hash", sa.String(64), nullable=False, unique=True),
        _text("name", 200),
        _text("organisation", 200, null=True),
        _text("capacity", 20),
        _text("email", 320),
        _text("works"),
        _text("commitment", 40),
        _text("description"),
        _text("evidence", null=True),
        _text("substance", 64),
        _ref("duplicate_of", "complaints.id", null=True),
        _when("received_at"),
        _day("received_on"),
        _day("due_on"),
        _text("status", 20),
        _text("outcome", 20, null=True),
        _text("exception", 40, null=True),
        _text("decision", null=True),
        _day("decided_on", null=True),
    )
    op.create_index("ix_complaints_email", "complaints", ["email"])
    op.create_index("ix_complaints_substance", "complaints", ["substance"])
    op.create_table(
        "messages",
        _id(),
        _text("thread", 20),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        _text("author", 300),
        sa.Column("from_provider", sa.Boolean(), nullable=False),
        _text("body"),
        _when("created_at"),
    )
    op.create_index("ix_messages_thread", "messages", ["thread", "thread_id"])
    op.create_table(
        "attachments",
        _id(),
        _text("thread", 20),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        _ref("message_id", "messages.id"),
        _text("filename", 255),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("blobs.sha256"), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        _when("created_at"),
    )
    op.create_index("ix_attachments_thread", "attachments", ["thread", "thread_id"])
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(64), primary_key=True),
        _text("model", 200),
        _text("title", 500),
        _text("types", 500),
        _day("aware_on", null=True),
        _day("resolved_on", null=True),
        _when("synced_at"),
    )
    op.create_table(
        "incident_clocks",
        _id(),
        sa.Column("incident_id", sa.String(64), sa.ForeignKey("incidents.id"), nullable=False),
        _text("clock", 80),
        _text("title", 500),
        _text("kind", 20),
        _day("due_on", null=True),
        _day("met_on", null=True),
        _text("note", null=True),
    )
    op.create_index("ix_incident_clocks_incident_id", "incident_clocks", ["incident_id"])
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
        _when("at"),
        _text("actor", 400),
        _text("action", 60),
        _text("target", 1200),
        _text("detail"),
        _text("prev_hash", 64),
        _text("hash", 64),
    )
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        _text("hash", 64),
    )
    op.create_table(
        "rate_events",
        _id(),
        _text("bucket", 40),
        _text("key", 64),
        _when("at"),
    )
    op.create_index("ix_rate_events_bucket", "rate_events", ["bucket", "key", "at"])
    op.execute(f"INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '{GENESIS}')")
    _append_only()


def _append_only() -> None:
    """Updates and deletes of published versions, their files and the audit log fail."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION gpaikit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION gpaikit_append_only()"
            )
        return
    for table in APPEND_ONLY:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )


def downgrade() -> None:
    for table in (
        "rate_events",
        "audit_head",
        "audit_log",
        "incident_clocks",
        "incidents",
        "attachments",
        "messages",
        "complaints",
        "authority_requests",
        "downstream_requests",
        "site_files",
        "versions",
        "blobs",
        "api_tokens",
        "sessions",
        "invitations",
        "users",
        "organisations",
        "settings",
    ):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS gpaikit_append_only()")

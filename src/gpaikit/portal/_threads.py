"""Downstream providers' and authorities' requests: filing, answering, attachments, access.

A downstream request runs the catalog's 14-day clock from the day it is received
(Transparency Measure 1.2); an authority's request ends on the deadline it states (Arts 91,
92). The first answer from the provider's staff stops the clock. Who may see a request is
decided here, in the queries: staff see every request, a downstream provider's users their
organisation's, an authority's reviewers their authority's; anyone else gets nothing (the
routes answer 404). Every view and change is written to the audit log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gpaikit._exceptions import InputError
from gpaikit.portal._accounts import Principal
from gpaikit.portal._audit import append_audit
from gpaikit.portal._clocks import AUTHORITY_BASES, downstream_due, local_day
from gpaikit.portal._db import utcnow
from gpaikit.portal._tables import (
    Attachment,
    AuthorityRequest,
    Blob,
    DownstreamRequest,
    Message,
    Organisation,
)

__all__ = [
    "ALLOWED_SUFFIXES",
    "Thread",
    "Upload",
    "add_message",
    "clean_text",
    "file_authority_request",
    "file_downstream_request",
    "get_attachment",
    "list_threads",
    "open_thread",
    "set_exceptional",
]

ALLOWED_SUFFIXES = (".pdf", ".txt", ".md", ".csv", ".json", ".docx", ".xlsx", ".png", ".jpg")
_SAFE = re.compile(r"[^A-Za-z0-9._ -]+")
Kind = str  # "downstream" | "authority"


@dataclass(frozen=True)
class Upload:
    """A file a user attached, already read within the size limit."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class Thread:
    kind: Kind
    request: Any  # DownstreamRequest | AuthorityRequest
    organisation: str
    messages: tuple[Message, ...]
    attachments: tuple[Attachment, ...]


_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(value: str, field: str, limit: int, *, required: bool = True) -> str:
    """A stranger's text, trimmed and bounded; control characters (but tab and line breaks)
    are refused rather than stored."""
    text = value.replace("\r\n", "\n").strip()
    if required and not text:
        raise InputError(f"{field} is required")
    if len(text) > limit:
        raise InputError(f"{field} has {len(text):,} characters; at most {limit:,}")
    if _CONTROLS.search(text):
        raise InputError(f"{field} contains control characters")
    return text


def clean_filename(name: str) -> str:
    """A plain file name (no path, no markup) with an allowed suffix."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = _SAFE.sub("_", base).strip(" .")[:100] or "attachment"
    if not base.lower().endswith(ALLOWED_SUFFIXES):
        raise InputError(
            f"attachment {base!r}: this kind of file is not accepted",
            hint=f"attach {', '.join(ALLOWED_SUFFIXES)}",
        )
    return base


def _store(s: Session, data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    if s.get(Blob, sha) is None:
        s.add(Blob(sha256=sha, size=len(data), data=data))
        s.flush()
    return sha


def _message(
    s: Session,
    kind: Kind,
    thread_id: int,
    who: Principal,
    body: str,
    uploads: list[Upload],
) -> Message:
    msg = Message(
        thread=kind,
        thread_id=thread_id,
        author=who.label,
        from_provider=who.staff,
        body=body,
        created_at=utcnow(),
    )
    s.add(msg)
    s.flush()
    for up in uploads:
        s.add(
            Attachment(
                thread=kind,
                thread_id=thread_id,
                message_id=msg.id,
                filename=clean_filename(up.filename),
                sha256=_store(s, up.data),
                size=len(up.data),
                created_at=msg.created_at,
            )
        )
    return msg


def file_downstream_request(
    s: Session,
    who: Principal,
    timezone: str,
    catalog: Any,
    *,
    subject: str,
    body: str,
    model: str | None,
    uploads: list[Upload],
    max_text: int,
) -> DownstreamRequest:
    """A downstream provider's request; due by the catalog's clock from the day received."""
    if who.role != "downstream" or who.organisation_id is None or who.user_id is None:
        raise PermissionError("only a downstream provider's user files a downstream request")
    now = utcnow()
    day = local_day(now, timezone)
    req = DownstreamRequest(
        organisation_id=who.organisation_id,
        created_by=who.user_id,
        subject=clean_text(subject, "subject", 300),
        body=clean_text(body, "request", max_text),
        model=clean_text(model or "", "model", 200, required=False) or None,
        received_at=now,
        received_on=day,
        due_on=downstream_due(catalog, day),
        status="open",
    )
    s.add(req)
    s.flush()
    _message(s, "downstream", req.id, who, req.body, uploads)
    append_audit(s, who.label, "request.file", f"downstream:{req.id}", due=req.due_on)
    return req


def file_authority_request(
    s: Session,
    who: Principal,
    timezone: str,
    *,
    organisation_id: int,
    basis: str,
    their_reference: str,
    purpose: str,
    items: str,
    deadline: dt.date,
    fines_notice: str,
    uploads: list[Upload],
    max_text: int,
) -> AuthorityRequest:
    """An authority's request with the deadline it states (filed by a reviewer, or recorded
    by staff when it arrived by another channel)."""
    if basis not in AUTHORITY_BASES:
        raise InputError(f"legal basis {basis!r} is not one of {', '.join(AUTHORITY_BASES)}")
    org = s.get(Organisation, organisation_id)
    if org is None or org.kind != "authority":
        raise InputError("no such authority")
    now = utcnow()
    day = local_day(now, timezone)
    if deadline < day:
        raise InputError("the deadline is before the day the request is received")
    req = AuthorityRequest(
        organisation_id=organisation_id,
        invitation_id=who.invitation_id,
        recorded_by=who.label,
        basis=basis,
        clock=AUTHORITY_BASES[basis],
        their_reference=clean_text(their_reference, "reference", 200, required=False) or None,
        purpose=clean_text(purpose, "purpose", max_text),
        items=clean_text(items, "what is requested", max_text),
        fines_notice=clean_text(fines_notice, "fines", max_text, required=False) or None,
        received_at=now,
        received_on=day,
        deadline=deadline,
        status="open",
    )
    s.add(req)
    s.flush()
    _message(s, "authority", req.id, who, req.items, uploads)
    append_audit(s, who.label, "request.file", f"authority:{req.id}", deadline=deadline)
    return req


def _visible(kind: Kind, row: Any, who: Principal) -> bool:
    if who.staff:
        return True
    if kind == "downstream":
        return who.role == "downstream" and row.organisation_id == who.organisation_id
    if kind == "authority":
        return who.role == "authority" and row.organisation_id == who.organisation_id
    return False


def _model(kind: Kind) -> Any:
    if kind == "downstream":
        return DownstreamRequest
    if kind == "authority":
        return AuthorityRequest
    raise ValueError(kind)


def list_threads(s: Session, kind: Kind, who: Principal) -> list[Any]:
    model = _model(kind)
    query = select(model).order_by(model.id.desc())
    if not who.staff:
        if who.organisation_id is None:
            return []
        query = query.where(model.organisation_id == who.organisation_id)
    return list(s.scalars(query).all())


def open_thread(s: Session, kind: Kind, thread_id: int, who: Principal) -> Thread | None:
    """A request with its messages, or ``None`` when it does not exist for ``who``."""
    row = s.get(_model(kind), thread_id)
    if row is None or not _visible(kind, row, who):
        return None
    org = s.get(Organisation, row.organisation_id)
    messages = s.scalars(
        select(Message)
        .where(Message.thread == kind, Message.thread_id == thread_id)
        .order_by(Message.id)
    ).all()
    files = s.scalars(
        select(Attachment)
        .where(Attachment.thread == kind, Attachment.thread_id == thread_id)
        .order_by(Attachment.id)
    ).all()
    append_audit(s, who.label, "request.view", f"{kind}:{thread_id}")
    return Thread(kind, row, org.name if org else "", tuple(messages), tuple(files))


def add_message(
    s: Session,
    kind: Kind,
    thread_id: int,
    who: Principal,
    timezone: str,
    *,
    body: str,
    uploads: list[Upload],
    answer: bool,
    max_text: int,
) -> bool:
    """Add a message; ``answer`` (staff only) records the answer that stops the clock."""
    row = s.get(_model(kind), thread_id, with_for_update=True)
    if row is None or not _visible(kind, row, who):
        return False
    if answer and not who.staff:
        raise PermissionError("only the provider's staff answer a request")
    _message(s, kind, thread_id, who, clean_text(body, "message", max_text), uploads)
    if answer:
        if row.answered_on is None:
            row.answered_on = local_day(utcnow(), timezone)
        row.status = "answered"
    append_audit(
        s, who.label, "request.answer" if answer else "request.message", f"{kind}:{thread_id}"
    )
    return True


def set_exceptional(s: Session, thread_id: int, who: Principal, reason: str, max_text: int) -> bool:
    """Record the exceptional circumstances that delay a downstream answer (the due date stays
    as the catalog's clock gives it; the reason is shown next to it)."""
    row = s.get(DownstreamRequest, thread_id)
    if row is None or not who.staff:
        return False
    row.exceptional = clean_text(reason, "reason", max_text)
    append_audit(s, who.label, "request.exceptional", f"downstream:{thread_id}")
    return True


def get_attachment(s: Session, attachment_id: int, who: Principal) -> tuple[str, bytes] | None:
    found = s.get(Attachment, attachment_id)
    if found is None or found.thread not in ("downstream", "authority"):
        return None
    row = s.get(_model(found.thread), found.thread_id)
    if row is None or not _visible(found.thread, row, who):
        return None
    blob = s.get(Blob, found.sha256)
    if blob is None:
        return None
    append_audit(s, who.label, "attachment.download", f"attachment:{attachment_id}")
    return found.filename, blob.data

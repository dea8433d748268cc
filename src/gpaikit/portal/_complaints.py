"""Rightsholders' complaints (Copyright Measure 1.5): filed electronically, acknowledged at once.

A complaint names who complains and in what capacity (rightsholder, authorised
representative, collective management organisation), the works, the commitment of the
Copyright chapter it says was not met and the facts; the acknowledgement gives a reference and
a private status link. It is then reviewed and decided: upheld, partly upheld or rejected, or
not handled under one of the Code's exceptions (manifestly unfounded; identical to a complaint
of the same rightsholder already answered), which the portal suggests when it finds the same
sender and substance before.

The public form is open to strangers, so it is bounded (field lengths), rate-limited (per
address, per e-mail, overall), CSRF-protected, and refuses forms posted faster than a person
fills them or with the hidden field filled.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from sqlalchemy import select

from gpaikit._exceptions import InputError
from gpaikit.law import Catalog, Measure
from gpaikit.portal._accounts import Principal
from gpaikit.portal._audit import append_audit
from gpaikit.portal._clocks import complaint_clock, local_day
from gpaikit.portal._db import utcnow
from gpaikit.portal._limits import count_recent, hit
from gpaikit.portal._secrets import new_token, token_hash
from gpaikit.portal._settings import PortalSettings
from gpaikit.portal._state import Portal
from gpaikit.portal._tables import Complaint, Message
from gpaikit.portal._threads import clean_text
from gpaikit.safety import shift

__all__ = [
    "CAPACITIES",
    "EXCEPTIONS",
    "OUTCOMES",
    "ComplaintIn",
    "RateLimitedError",
    "commitments",
    "decide_complaint",
    "file_complaint",
    "status_of",
]

CAPACITIES = {
    "rightsholder": "Rightsholder",
    "representative": "Authorised representative of a rightsholder",
    "cmo": "Collective management organisation",
}
OUTCOMES = ("upheld", "partly_upheld", "rejected")
EXCEPTIONS = ("CR.M1.5.EXC_UNFOUNDED", "CR.M1.5.EXC_REPEAT")
"""The Code's exceptions to the handling duty, by catalog ID."""

_WINDOW_HOUR = 3600
_SPACES = re.compile(r"\s+")


class RateLimitedError(Exception):
    """Too many complaints from one address or e-mail, or overall; try again later."""


@dataclass(frozen=True)
class ComplaintIn:
    name: str
    email: str
    capacity: str
    works: str
    commitment: str
    description: str
    organisation: str = ""
    evidence: str = ""


def commitments(catalog: Catalog) -> tuple[Measure, ...]:
    """The Copyright chapter's measures a complaint may concern (from the catalog)."""
    return tuple(m for m in catalog.measures("copyright") if m.level == "measure")


def _validated(data: ComplaintIn, catalog: Catalog, settings: PortalSettings) -> ComplaintIn:
    email = clean_text(data.email, "e-mail", 320).lower()
    local, at, domain = email.partition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in email):
        raise InputError("e-mail is not an e-mail address")
    if data.capacity not in CAPACITIES:
        raise InputError(f"capacity must be one of {', '.join(CAPACITIES)}")
    if data.commitment not in {m.id for m in commitments(catalog)}:
        raise InputError("commitment must be one of the Copyright chapter's measures")
    return ComplaintIn(
        name=clean_text(data.name, "name", 200),
        email=email,
        capacity=data.capacity,
        works=clean_text(data.works, "works", settings.max_text),
        commitment=data.commitment,
        description=clean_text(data.description, "description", settings.max_text),
        organisation=clean_text(data.organisation, "organisation", 200, required=False),
        evidence=clean_text(data.evidence, "evidence", settings.max_text, required=False),
    )


def _substance(data: ComplaintIn) -> str:
    text = _SPACES.sub(" ", f"{data.commitment}\n{data.works}\n{data.description}".lower())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_complaint(portal: Portal, data: ComplaintIn, address: str) -> tuple[int, str]:
    """Store and acknowledge a complaint: returns its number and the private status token."""
    import datetime as dt

    settings = portal.settings
    clean = _validated(data, portal.catalog, settings)
    token = new_token("st_")
    hour, day = dt.timedelta(seconds=_WINDOW_HOUR), dt.timedelta(days=1)
    with portal.db.write() as s:
        secret = portal.secret
        if (
            count_recent(s, secret, "complaint-ip", address, hour) >= settings.complaint_per_ip_hour
            or count_recent(s, secret, "complaint-email", clean.email, day)
            >= settings.complaint_per_email_day
            or count_recent(s, secret, "complaint-all", "", hour) >= settings.complaint_global_hour
        ):
            raise RateLimitedError()
        for bucket, key in (
            ("complaint-ip", address),
            ("complaint-email", clean.email),
            ("complaint-all", ""),
        ):
            hit(s, secret, bucket, key)
        substance = _substance(clean)
        earlier = s.scalar(
            select(Complaint.id)
            .where(Complaint.email == clean.email, Complaint.substance == substance)
            .order_by(Complaint.id)
            .limit(1)
        )
        now = utcnow()
        received = local_day(now, settings.timezone)
        row = Complaint(
            status_hash=token_hash(token),
            name=clean.name,
            organisation=clean.organisation or None,
            capacity=clean.capacity,
            email=clean.email,
            works=clean.works,
            commitment=clean.commitment,
            description=clean.description,
            evidence=clean.evidence or None,
            substance=substance,
            duplicate_of=earlier,
            received_at=now,
            received_on=received,
            due_on=shift(received, complaint_clock(portal.catalog, settings.complaint_days)),
            status="acknowledged",
        )
        s.add(row)
        s.flush()
        s.add(
            Message(
                thread="complaint",
                thread_id=row.id,
                author=f"complainant:{clean.email}",
                from_provider=False,
                body=clean.description,
                created_at=now,
            )
        )
        append_audit(
            s, f"complainant:{clean.email}", "complaint.file", f"complaint:{row.id}", due=row.due_on
        )
        return row.id, token


def status_of(portal: Portal, token: str) -> Complaint | None:
    """The complaint a private status link is for (``None`` for an unknown token)."""
    if not token.startswith("st_") or len(token) > 100:
        return None
    with portal.db.read() as s:
        return s.scalars(
            select(Complaint).where(Complaint.status_hash == token_hash(token))
        ).first()


def decide_complaint(
    portal: Portal,
    complaint_id: int,
    who: Principal,
    *,
    status: str,
    outcome: str | None,
    exception: str | None,
    decision: str,
) -> bool:
    """Move a complaint on: ``in_review``, ``answered`` (with an outcome) or ``not_handled``
    (with one of the Code's exceptions). Staff only."""
    if not who.staff:
        raise PermissionError("only the provider's staff decide complaints")
    if status == "answered" and outcome not in OUTCOMES:
        raise InputError(f"an answered complaint has an outcome: {', '.join(OUTCOMES)}")
    if status == "not_handled" and exception not in EXCEPTIONS:
        raise InputError(f"a complaint not handled names the exception: {', '.join(EXCEPTIONS)}")
    if status not in ("in_review", "answered", "not_handled"):
        raise InputError("status must be in_review, answered or not_handled")
    text = clean_text(
        decision, "decision", portal.settings.max_text, required=status != "in_review"
    )
    with portal.db.write() as s:
        row = s.get(Complaint, complaint_id, with_for_update=True)
        if row is None:
            return False
        row.status = status
        row.outcome = outcome if status == "answered" else None
        row.exception = exception if status == "not_handled" else None
        if text:
            row.decision = text
            s.add(
                Message(
                    thread="complaint",
                    thread_id=row.id,
                    author=who.label,
                    from_provider=True,
                    body=text,
                    created_at=utcnow(),
                )
            )
        if status in ("answered", "not_handled") and row.decided_on is None:
            row.decided_on = local_day(utcnow(), portal.settings.timezone)
        append_audit(s, who.label, f"complaint.{status}", f"complaint:{row.id}")
        return True

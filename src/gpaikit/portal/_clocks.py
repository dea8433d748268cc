"""The portal's clocks, read from the catalog and counted by the Safety & Security clock engine.

Downstream requests run ``CLOCK.downstream_request`` from the day of receipt; authority
requests end on the deadline the request states (``CLOCK.authority_request``,
``CLOCK.evaluation_access``: no period of their own); complaints show
``CLOCK.complaint_service_level`` (an internal target, replaceable by the operator) next to the
Code's open "reasonable time" (``CLOCK.copyright_complaint``). Incidents keep the clocks the
safety engine computed for them. Nothing here restates a number of days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select

from gpaikit.law import Catalog, Clock
from gpaikit.portal._db import Database
from gpaikit.portal._tables import (
    AuthorityRequest,
    Complaint,
    DownstreamRequest,
    Incident,
    IncidentClock,
)
from gpaikit.safety import DueEntry, shift

__all__ = [
    "AUTHORITY_BASES",
    "DOWNSTREAM_CLOCK",
    "Due",
    "complaint_clock",
    "due_items",
    "local_day",
    "portal_due_entries",
    "standing",
]

DOWNSTREAM_CLOCK = "CLOCK.downstream_request"
COMPLAINT_CLOCK = "CLOCK.copyright_complaint"
COMPLAINT_SERVICE = "CLOCK.complaint_service_level"
AUTHORITY_BASES = {
    "AIA.91": "CLOCK.authority_request",
    "AIA.53_1_a": "CLOCK.authority_request",
    "AIA.92": "CLOCK.evaluation_access",
}
"""The legal basis an authority's request states -> the clock it runs (catalog IDs)."""

Standing = Literal["done", "done_late", "overdue", "due_today", "open"]


def local_day(moment: dt.datetime, timezone: str) -> dt.date:
    """The calendar day of a naive-UTC ``moment`` in the portal's time zone."""
    return moment.replace(tzinfo=dt.UTC).astimezone(ZoneInfo(timezone)).date()


def downstream_due(catalog: Catalog, received_on: dt.date) -> dt.date:
    return shift(received_on, catalog.clock(DOWNSTREAM_CLOCK))


def complaint_clock(catalog: Catalog, days: int | None) -> Clock:
    """The internal service level: the catalog's default or the operator's ``days``."""
    clock = catalog.clock(COMPLAINT_SERVICE)
    return clock if days is None else clock.model_copy(update={"days": days})


def standing(due: dt.date | None, done: dt.date | None, today: dt.date) -> Standing:
    """Where an item stands on its clock today."""
    if done is not None:
        return "done_late" if due is not None and done > due else "done"
    if due is None:
        return "open"
    if due < today:
        return "overdue"
    return "due_today" if due == today else "open"


@dataclass(frozen=True)
class Due:
    """One open or closed item on a clock, for the dashboard and the calendar."""

    kind: str  # downstream | authority | complaint | incident
    key: str
    title: str
    clock: str
    citation: str
    due: dt.date | None
    done: dt.date | None
    standing: Standing
    link: str
    internal: bool = False  # an internal target, not a legal deadline

    def days_left(self, today: dt.date) -> int | None:
        return None if self.due is None else (self.due - today).days


def due_items(
    db: Database, catalog: Catalog, today: dt.date, *, open_only: bool = False
) -> list[Due]:
    """Every request, complaint and incident clock with its due date and standing."""
    found: list[Due] = []
    with db.read() as s:
        dreq = s.scalars(select(DownstreamRequest)).all()
        areq = s.scalars(select(AuthorityRequest)).all()
        comp = s.scalars(select(Complaint)).all()
        incidents = {i.id: i for i in s.scalars(select(Incident)).all()}
        clocks = s.scalars(select(IncidentClock)).all()
    ds = catalog.clock(DOWNSTREAM_CLOCK)
    for r in dreq:
        found.append(
            Due(
                "downstream",
                f"portal/downstream/{r.id}",
                f"Downstream request DR-{r.id}: {r.subject}",
                ds.id,
                ds.citation,
                r.due_on,
                r.answered_on,
                standing(r.due_on, r.answered_on, today),
                f"/staff/downstream/requests/{r.id}",
            )
        )
    for a in areq:
        clock = catalog.clock(a.clock)
        found.append(
            Due(
                "authority",
                f"portal/authority/{a.id}",
                f"Authority request AR-{a.id} ({catalog.get(a.basis).citation})",
                clock.id,
                clock.citation,
                a.deadline,
                a.answered_on,
                standing(a.deadline, a.answered_on, today),
                f"/staff/authority/requests/{a.id}",
            )
        )
    cs = catalog.clock(COMPLAINT_SERVICE)
    for c in comp:
        found.append(
            Due(
                "complaint",
                f"portal/complaint/{c.id}",
                f"Complaint CP-{c.id} ({c.commitment})",
                cs.id,
                cs.citation,
                c.due_on,
                c.decided_on,
                standing(c.due_on, c.decided_on, today),
                f"/staff/complaints/{c.id}",
                internal=True,
            )
        )
    for k in clocks:
        incident = incidents.get(k.incident_id)
        if incident is None or k.due_on is None or k.kind not in ("deadline", "cadence"):
            continue
        known = catalog.clock(k.clock) if k.clock in catalog else None
        found.append(
            Due(
                "incident",
                f"portal/incident/{k.incident_id}/{k.clock}/{k.due_on}",
                f"{k.incident_id}: {k.title}",
                k.clock,
                known.citation if known else k.clock,
                k.due_on,
                k.met_on,
                standing(k.due_on, k.met_on, today),
                "/staff/incidents",
            )
        )
    if open_only:
        found = [d for d in found if d.done is None]
    return sorted(found, key=lambda d: (d.due or dt.date.max, d.key))


def portal_due_entries(db: Database, catalog: Catalog, today: dt.date) -> list[DueEntry]:
    """The portal's open items as calendar entries (``gpaikit calendar --portal-db``)."""
    entries: list[DueEntry] = []
    for d in due_items(db, catalog, today, open_only=True):
        if d.due is None or d.kind == "incident":  # incidents come from the workspace itself
            continue
        note = " Internal target, not a Code requirement." if d.internal else ""
        entries.append(
            DueEntry(
                key=d.key,
                date=d.due,
                summary=d.title,
                description=f"{d.citation} ({d.clock}).{note}",
                status=d.standing.replace("_", " "),
                categories=("portal", d.kind),
            )
        )
    return entries

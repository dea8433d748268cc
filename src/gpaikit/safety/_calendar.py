"""Due dates as an iCalendar feed (RFC 5545), built with the ``icalendar`` library.

One all-day VEVENT per due date. The feed is deterministic for the same inputs and date: UIDs
are hashes of what the date is for (provider, model, clock and subject), DTSTAMP is the
``--as-of`` date at midnight UTC, and events are sorted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from icalendar import Calendar, Event

__all__ = ["DueEntry", "calendar_feed"]

PRODID = "-//gpaikit//EU AI Act and GPAI Code of Practice deadlines//EN"


@dataclass(frozen=True)
class DueEntry:
    """One due date: what it is for (``key``, stable across runs), when, and its status."""

    key: str
    date: dt.date
    summary: str
    description: str
    status: str
    categories: tuple[str, ...] = ()


def _uid(provider: str, key: str) -> str:
    digest = hashlib.sha256(f"{provider}\x00{key}".encode()).hexdigest()[:32]
    return f"{digest}@gpaikit"


def _clean(text: str) -> str:
    """No control characters in calendar text (line breaks are kept as such)."""
    return "".join(ch for ch in text if ch in "\n\t" or ord(ch) >= 32)[:4000]


def calendar_feed(entries: Iterable[DueEntry], *, provider: str, as_of: dt.date) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _clean(f"AI Act deadlines: {provider}"))
    stamp = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC)
    seen: set[str] = set()
    for entry in sorted(entries, key=lambda e: (e.date, e.key)):
        uid = _uid(provider, entry.key)
        if uid in seen:
            continue
        seen.add(uid)
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.date)
        event.add("dtend", entry.date + dt.timedelta(days=1))
        event.add("summary", _clean(entry.summary))
        event.add(
            "description", _clean(f"{entry.description}\nStatus as of {as_of}: {entry.status}")
        )
        event.add("transp", "TRANSPARENT")
        if entry.categories:
            event.add("categories", [_clean(c) for c in entry.categories])
        cal.add_component(event)
    feed: bytes = cal.to_ical()
    return feed

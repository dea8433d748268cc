"""The incident board: the workspace's serious-incident log and its clocks, synced into the
portal (``gpaikit portal sync-incidents WS``).

The clocks are the Safety & Security engine's (Measure 9.3: initial report by type,
intermediate reports every four weeks, final report after resolution; Measure 9.4 retention),
computed by :func:`gpaikit.assess.assess` exactly as ``gpaikit incident list`` shows them; the
portal keeps their due and met dates and judges overdue against today. A sync replaces the
board as a whole; the workspace (kept in git) stays the record.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import delete

from gpaikit.assess import assess
from gpaikit.law import load_catalog
from gpaikit.portal._audit import append_audit
from gpaikit.portal._db import Database, utcnow
from gpaikit.portal._tables import Incident, IncidentClock
from gpaikit.workspace import load_incidents, load_workspace

__all__ = ["sync_incidents"]


def sync_incidents(db: Database, directory: Path, as_of: dt.date, actor: str) -> int:
    """Replace the board with the workspace's incidents; returns how many were synced."""
    workspace = load_workspace(directory)
    catalog = load_catalog()
    incidents = {i.id: i for i in load_incidents(workspace, catalog)}
    result = assess(workspace, as_of=as_of)
    clocks: list[IncidentClock] = []
    for model in result.models:
        for c in model.safety.clocks if model.safety else ():
            if c.incident is None or c.incident not in incidents or c.status == "not_applicable":
                continue
            kind = catalog.clock(c.clock).kind if c.clock in catalog else "deadline"
            clocks.append(
                IncidentClock(
                    incident_id=c.incident,
                    clock=c.clock,
                    title=c.title[:500],
                    kind=kind,
                    due_on=c.due_date,
                    met_on=c.met_on,
                    note=c.note,
                )
            )
    now = utcnow()
    with db.write() as s:
        s.execute(delete(IncidentClock))
        s.execute(delete(Incident))
        for found in incidents.values():
            f = found.fields
            s.add(
                Incident(
                    id=found.id,
                    model=(f.model or "")[:200],
                    title=(f.title or found.id)[:500],
                    types=", ".join(f.types or ())[:500],
                    aware_on=f.aware_on,
                    resolved_on=found.resolution.on if found.resolution else None,
                    synced_at=now,
                )
            )
        s.flush()
        s.add_all(clocks)
        append_audit(
            s, actor, "incidents.sync", str(Path(directory).resolve())[:1000], count=len(incidents)
        )
    return len(incidents)

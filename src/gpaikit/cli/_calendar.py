"""`gpaikit calendar`: every due date of every model and incident as an iCalendar feed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gpaikit._io import atomic_write_bytes, check_output_file
from gpaikit.assess import Assessment, assess
from gpaikit.cli._errors import handles_errors
from gpaikit.cli._options import parse_as_of
from gpaikit.cli._safe import echo
from gpaikit.safety import DueEntry, calendar_feed
from gpaikit.safety._calendar import PRODID
from gpaikit.workspace import WORKSPACE_FILE, load_workspace

__all__ = ["calendar_command", "due_entries"]


def due_entries(assessment: Assessment) -> list[DueEntry]:
    """Obligation due dates and Safety & Security clocks (horizons and retention included)."""
    found: list[DueEntry] = []
    for m in assessment.models:
        for o in m.obligations:
            if o.due_date is None or o.status == "not_applicable":
                continue
            found.append(
                DueEntry(
                    key=f"{m.name}/obligation/{o.id}",
                    date=o.due_date,
                    summary=f"{m.name}: {o.title}",
                    description=f"{o.citation} ({o.id}). {o.due_note or ''}".strip(),
                    status=o.status.replace("_", " "),
                    categories=("AI Act", "obligation"),
                )
            )
        if m.safety is None:
            continue
        for c in m.safety.clocks:
            if c.due_date is None or c.status == "not_applicable":
                continue
            what = c.subject or c.title
            scope = c.incident or m.name
            found.append(
                DueEntry(
                    key=f"{scope}/clock/{c.id}",
                    date=c.due_date,
                    summary=f"{m.name}: {c.title}" + (f" [{what}]" if c.subject else ""),
                    description=f"{c.title}. {c.code_ref or c.clock}."
                    + (f" {c.note}" if c.note else ""),
                    status=c.status.replace("_", " "),
                    categories=("Safety & Security",) + (("incident",) if c.incident else ()),
                )
            )
    return found


@handles_errors
def calendar_command(
    directory: Annotated[Path, typer.Argument(help="Workspace directory.")] = Path(),
    out: Annotated[Path | None, typer.Option("--out", help="Write the .ics here.")] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Status date and DTSTAMP (YYYY-MM-DD).")
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace --out even if it is not a gpaikit calendar."),
    ] = False,
    portal_db: Annotated[
        str | None,
        typer.Option(
            "--portal-db",
            help="Also the portal's open requests and complaints (its database URL).",
        ),
    ] = None,
) -> None:
    """Export every due date (obligations, Safety & Security clocks, incidents, and with
    --portal-db the portal's open requests and complaints) as iCalendar."""
    if out is not None:  # an earlier gpaikit calendar may be replaced, nothing else
        check_output_file(
            out,
            inputs=(directory, directory / WORKSPACE_FILE),
            force=force,
            signature=PRODID.encode("utf-8"),
        )
    date = parse_as_of(as_of)
    workspace = load_workspace(directory)
    result = assess(workspace, as_of=date)
    entries = due_entries(result)
    if portal_db is not None:  # the portal needs the server extra; imported only when asked
        from gpaikit.cli._portal import portal_entries

        entries.extend(e for e in portal_entries(portal_db, date) if isinstance(e, DueEntry))
    feed = calendar_feed(entries, provider=result.provider, as_of=date)
    if out is None:  # iCalendar needs its CRLF line ends; its text is cleaned by calendar_feed
        typer.echo(feed.decode("utf-8"), nl=False)
        return
    atomic_write_bytes(out, feed)
    echo(f"wrote {out}")

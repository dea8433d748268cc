"""`gpaikit incident`: the serious-incident log (Commitment 9) and its reporting clocks."""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from gpaikit._exceptions import InputError
from gpaikit.cli._console import make_console
from gpaikit.cli._errors import handles_errors
from gpaikit.cli._options import parse_as_of
from gpaikit.cli._safe import plain
from gpaikit.law import load_catalog
from gpaikit.safety import ClockResult, incident_reports, incident_rows, incident_timeline
from gpaikit.workspace import (
    Incident,
    append_incident_event,
    load_incidents,
    load_workspace,
    new_incident_id,
)

__all__ = ["app"]

app = typer.Typer(
    help="Serious incidents: an append-only log per incident, its report clocks and reports.",
    no_args_is_help=True,
)

Dir = Annotated[Path, typer.Option("--dir", help="Workspace directory.")]
console = make_console()


class ListFormat(StrEnum):
    text = "text"
    json = "json"


class ShowFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"'{value}' is not a date; use YYYY-MM-DD", param_hint=option
        ) from None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _fields(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and v != []}


def _print_due(incident: Incident, rows: list[ClockResult]) -> None:
    for row in rows:
        if row.status in ("not_yet_due", "overdue"):
            console.print(f"  {plain(row.subject or row.title)}: due {row.due_date} ({row.status})")


@app.command("open")
@handles_errors
def open_command(
    model: Annotated[str, typer.Option("--model", help="The model involved (9.2(4)).")],
    incident_type: Annotated[
        list[str], typer.Option("--type", help="Measure 9.3 category; repeat for several.")
    ],
    aware_on: Annotated[
        str,
        typer.Option(
            "--aware-on", help="When you became aware of the model's involvement (YYYY-MM-DD)."
        ),
    ],
    title: Annotated[str, typer.Option("--title", help="A short title.")],
    directory: Dir = Path(),
    incident_id: Annotated[
        str | None, typer.Option("--id", help="Default: INC-<year>-<NNN>.")
    ] = None,
    suspected: Annotated[
        bool,
        typer.Option("--suspected/--established", help="Causal link suspected or established."),
    ] = False,
    started_on: Annotated[str | None, typer.Option("--started-on")] = None,
    harm: Annotated[str | None, typer.Option("--harm", help="The harm (9.2(2)).")] = None,
    affected: Annotated[str | None, typer.Option("--affected", help="Victims or group.")] = None,
    chain: Annotated[str | None, typer.Option("--chain", help="Chain of events (9.2(3)).")] = None,
    bundled_into: Annotated[
        str | None, typer.Option("--bundled-into", help="Report with this similar incident.")
    ] = None,
) -> None:
    """Open an incident: the initial-report clock starts from --aware-on."""
    workspace = load_workspace(directory)
    catalog = load_catalog()
    aware = _date(aware_on, "--aware-on")
    assert aware is not None
    new_id = incident_id or new_incident_id(workspace, aware.year)
    data = _fields(
        model=model,
        title=title,
        types=incident_type,
        aware_on=aware.isoformat(),
        suspected=suspected,
        started_on=started_on,
        harm=harm,
        affected=affected,
        chain_of_events=chain,
        bundled_into=bundled_into,
    )
    incident = append_incident_event(workspace, catalog, new_id, "opened", data, at=_now())
    console.print(f"opened {incident.id} ({plain(str(incident.file))})")
    _print_due(incident, incident_rows(workspace, incident, catalog, dt.date.today()))


@app.command("update")
@handles_errors
def update_command(
    incident_id: Annotated[str, typer.Argument(help="Incident ID.")],
    directory: Dir = Path(),
    submitted: Annotated[
        str | None,
        typer.Option("--submitted", help="Record a report sent: initial, intermediate or final."),
    ] = None,
    on: Annotated[str | None, typer.Option("--on", help="Date the report was sent.")] = None,
    reference: Annotated[str | None, typer.Option("--reference", help="Report reference.")] = None,
    recipient: Annotated[
        list[str] | None, typer.Option("--recipient", help="Who received it.")
    ] = None,
    incident_type: Annotated[
        list[str] | None, typer.Option("--type", help="Re-categorise.")
    ] = None,
    title: Annotated[str | None, typer.Option("--title")] = None,
    started_on: Annotated[str | None, typer.Option("--started-on")] = None,
    ended_on: Annotated[str | None, typer.Option("--ended-on")] = None,
    harm: Annotated[str | None, typer.Option("--harm")] = None,
    affected: Annotated[str | None, typer.Option("--affected")] = None,
    chain: Annotated[str | None, typer.Option("--chain")] = None,
    model_version: Annotated[str | None, typer.Option("--model-version")] = None,
    involvement: Annotated[str | None, typer.Option("--involvement", help="9.2(5).")] = None,
    response: Annotated[str | None, typer.Option("--response", help="9.2(6).")] = None,
    recommendations: Annotated[
        str | None, typer.Option("--recommendations", help="9.2(7).")
    ] = None,
    root_cause: Annotated[str | None, typer.Option("--root-cause", help="9.2(8).")] = None,
    patterns: Annotated[str | None, typer.Option("--patterns", help="9.2(9).")] = None,
    missing: Annotated[
        str | None, typer.Option("--missing", help="Information still missing.")
    ] = None,
    authority: Annotated[
        list[str] | None, typer.Option("--authority", help="NCA informed.")
    ] = None,
) -> None:
    """Add facts to an incident, or record a report sent (--submitted KIND --on DATE)."""
    workspace = load_workspace(directory)
    catalog = load_catalog()
    fields = _fields(
        types=incident_type or None,
        title=title,
        started_on=started_on,
        ended_on=ended_on,
        harm=harm,
        affected=affected,
        chain_of_events=chain,
        model_version=model_version,
        involvement=involvement,
        response=response,
        recommendations=recommendations,
        root_cause=root_cause,
        pmm_patterns=patterns,
        missing_information=missing,
        authorities=authority or None,
    )
    if submitted is None and not fields:
        raise InputError("nothing to record", hint="give --submitted KIND --on DATE or a field")
    incident = None
    if fields:
        incident = append_incident_event(
            workspace, catalog, incident_id, "updated", fields, at=_now()
        )
    if submitted is not None:
        sent = _date(on, "--on")
        if sent is None:
            raise typer.BadParameter("--submitted needs --on DATE", param_hint="--on")
        data = _fields(
            report=submitted, on=sent.isoformat(), reference=reference, recipients=recipient or None
        )
        incident = append_incident_event(
            workspace, catalog, incident_id, "submitted", data, at=_now()
        )
    assert incident is not None
    console.print(f"recorded in {plain(str(incident.file))}")
    _print_due(incident, incident_rows(workspace, incident, catalog, dt.date.today()))


@app.command("resolve")
@handles_errors
def resolve_command(
    incident_id: Annotated[str, typer.Argument(help="Incident ID.")],
    on: Annotated[str, typer.Option("--on", help="Date corrective measures were adopted.")],
    measures: Annotated[str, typer.Option("--measures", help="The corrective measures.")],
    directory: Dir = Path(),
) -> None:
    """Mark an incident resolved: the final report is due 60 days later."""
    workspace = load_workspace(directory)
    catalog = load_catalog()
    date = _date(on, "--on")
    assert date is not None
    data = {"on": date.isoformat(), "corrective_measures": measures}
    incident = append_incident_event(workspace, catalog, incident_id, "resolved", data, at=_now())
    console.print(f"resolved {incident.id}")
    _print_due(incident, incident_rows(workspace, incident, catalog, dt.date.today()))


@app.command("list")
@handles_errors
def list_command(
    directory: Dir = Path(),
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Judge clocks as of (YYYY-MM-DD).")
    ] = None,
    output_format: Annotated[ListFormat, typer.Option("--format")] = ListFormat.text,
) -> None:
    """Every incident with its state and next due report."""
    workspace = load_workspace(directory)
    catalog = load_catalog()
    date = parse_as_of(as_of)
    found: list[dict[str, Any]] = []
    for incident in load_incidents(workspace, catalog):
        rows = incident_rows(workspace, incident, catalog, date)
        open_rows = [r for r in rows if r.status in ("overdue", "not_yet_due")]
        nxt = min(open_rows, key=lambda r: r.due_date or dt.date.max, default=None)
        found.append(
            {
                "id": incident.id,
                "model": incident.fields.model,
                "types": list(incident.fields.types or ()),
                "aware_on": incident.fields.aware_on.isoformat()
                if incident.fields.aware_on
                else None,
                "resolved_on": incident.resolution.on.isoformat() if incident.resolution else None,
                "reports": [s.report for s in incident.submissions],
                "next_due": {
                    "what": nxt.subject,
                    "date": nxt.due_date.isoformat() if nxt.due_date else None,
                    "status": nxt.status,
                }
                if nxt
                else None,
                "overdue": [r.subject for r in rows if r.status == "overdue"],
            }
        )
    if output_format is ListFormat.json:
        typer.echo(json.dumps(found, indent=2, sort_keys=True))
        return
    table = Table("Incident", "Model", "Type", "Aware", "Resolved", "Next due", "Status")
    for entry in found:
        due: dict[str, Any] = entry["next_due"] or {}
        table.add_row(
            plain(str(entry["id"])),
            plain(str(entry["model"])),
            plain(", ".join(map(str, entry["types"]))),
            str(entry["aware_on"]),
            str(entry["resolved_on"] or "-"),
            str(due.get("date") or "-"),
            "OVERDUE" if entry["overdue"] else str(due.get("status") or "-"),
        )
    console.print(table)


@app.command("show")
@handles_errors
def show_command(
    incident_id: Annotated[str, typer.Argument(help="Incident ID.")],
    directory: Dir = Path(),
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Judge clocks as of (YYYY-MM-DD).")
    ] = None,
    output_format: Annotated[ShowFormat, typer.Option("--format")] = ShowFormat.text,
    report: Annotated[
        str | None,
        typer.Option(
            "--report",
            help="Render a report on the template's fields: initial, intermediate, final.",
        ),
    ] = None,
) -> None:
    """An incident's timeline and clocks, or one report on the template's fields (AI Office)."""
    workspace = load_workspace(directory)
    catalog = load_catalog()
    date = parse_as_of(as_of)
    incidents = {i.id: i for i in load_incidents(workspace, catalog)}
    if incident_id not in incidents:
        raise InputError(
            f"no incident {incident_id}", hint="list them with `gpaikit incident list`"
        )
    incident = incidents[incident_id]
    if report is not None:
        from gpaikit.cli._incident_report import render_report

        typer.echo(
            render_report(workspace, incident, catalog, report, output_format.value, date), nl=False
        )
        return
    rows = incident_rows(workspace, incident, catalog, date)
    timeline = incident_timeline(incident)
    if output_format is ShowFormat.json:
        typer.echo(
            json.dumps(
                {
                    "id": incident.id,
                    "fields": incident.fields.model_dump(mode="json", exclude_none=True),
                    "timeline": timeline,
                    "clocks": [r.model_dump(mode="json") for r in rows],
                    "reports": incident_reports(incident),
                },
                indent=2,
                sort_keys=True,
            )
        )
        return
    console.print(f"[bold]{plain(incident.id)}[/]: {plain(incident.fields.title or '')}")
    for entry in timeline:
        console.print(f"  {entry['date']}  {plain(entry['what'])}")
    table = Table("Clock", "Due", "Status", "Met on", "Note")
    for row in rows:
        table.add_row(
            plain(row.subject or row.title),
            str(row.due_date or "-"),
            row.status,
            str(row.met_on or "-"),
            plain(row.note or ""),
        )
    console.print(table)

"""`gpaikit law`: browse the legal catalog."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from gpaikit._io import dumps_json
from gpaikit.cli._console import make_console
from gpaikit.cli._errors import handles_errors
from gpaikit.cli._safe import echo, plain, text
from gpaikit.law import ENTRY_KINDS, Measure, load_catalog

app = typer.Typer(help="Browse the legal catalog: provisions, Code measures, thresholds, dates.")
console = make_console()


@app.command("list")
@handles_errors
def list_entries(
    kind: Annotated[
        str | None, typer.Option(help=f"Only this kind: {', '.join(sorted(ENTRY_KINDS))}.")
    ] = None,
    chapter: Annotated[
        str | None,
        typer.Option(
            help="Only Code measures of this chapter: transparency, copyright, safety_security."
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON lines instead of a table.")
    ] = False,
) -> None:
    """List catalog entries with their ID, title and citation."""
    catalog = load_catalog()
    if kind is not None and kind not in ENTRY_KINDS:
        raise typer.BadParameter(
            f"unknown kind '{kind}'; choose from {', '.join(sorted(ENTRY_KINDS))}"
        )
    if chapter is not None and chapter not in ("transparency", "copyright", "safety_security"):
        raise typer.BadParameter("chapter must be transparency, copyright or safety_security")
    rows = [
        e
        for e in catalog
        if (kind is None or isinstance(e, ENTRY_KINDS[kind]))
        and (chapter is None or (isinstance(e, Measure) and e.chapter == chapter))
    ]
    if as_json:
        for entry in rows:
            echo(dumps_json(entry.model_dump(mode="json"), indent=None, ascii_only=True))
        return
    table = Table("ID", "Title", "Citation", "", show_lines=False)
    for entry in rows:
        table.add_row(
            entry.id,
            text(entry.title),
            text(entry.citation),
            "UNCONFIRMED" if entry.unconfirmed else "",
        )
    console.print(table)
    console.print(f"{len(rows)} entries")


@app.command("show")
@handles_errors
def show_entry(
    entry_id: Annotated[str, typer.Argument(help="A catalog ID, e.g. AIA.53_1_c.")],
) -> None:
    """Show one entry in full, with its source."""
    catalog = load_catalog()
    try:
        entry = catalog.get(entry_id)
    except KeyError as exc:
        raise typer.BadParameter(str(exc.args[0]), param_hint="ENTRY_ID") from None
    source = catalog.source_of(entry)
    console.print(f"[bold]{entry.id}[/] ({type(entry).__name__.lower()})")
    for key, value in entry.model_dump(mode="json", exclude_none=True).items():
        if key != "id" and value not in ((), [], {}):
            console.print(f"  [cyan]{key}[/]: {plain(value)}")
    console.print(
        f"  [cyan]source document[/]: {plain(source.title)}"
        + (f" <{plain(source.url)}>" if source.url else "")
    )
    if entry.unconfirmed:
        console.print("  [yellow]UNCONFIRMED: treat as configurable, check the primary source.[/]")

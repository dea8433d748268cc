"""`gpaikit build`: the dossier site."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from gpaikit.cli._errors import handles_errors
from gpaikit.cli._options import parse_as_of
from gpaikit.cli._safe import echo
from gpaikit.dossier import build_site

__all__ = ["build_command"]


@handles_errors
def build_command(
    directory: Annotated[Path, typer.Argument(help="Workspace directory.")] = Path(),
    out: Annotated[Path, typer.Option("--out", help="Site directory (replaced whole).")] = Path(
        "site"
    ),
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Assessment and document date (YYYY-MM-DD).")
    ] = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record/--no-record",
            help="Write new document versions to records/documents in the workspace.",
        ),
    ] = True,
) -> None:
    """Build the browsable dossier: assessment, every document for every recipient, data JSON."""
    date = parse_as_of(as_of)
    started = time.perf_counter()
    result = build_site(directory, out, as_of=date, record=record)
    missing = sum(1 for p in result.problems if p.kind == "missing")
    echo(
        f"built {result.out}/index.html: {len(result.documents)} documents, {result.files} files, "
        f"{result.new_versions} new version(s), {missing} required item(s) still missing "
        f"({time.perf_counter() - started:.1f} s)"
    )

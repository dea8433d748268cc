"""`gpaikit build`: the dossier site."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from gpaikit.cli._errors import handles_errors
from gpaikit.cli._options import parse_as_of
from gpaikit.cli._safe import echo
from gpaikit.dossier import AUDIENCES, build_site

__all__ = ["build_command"]


@handles_errors
def build_command(
    directory: Annotated[Path, typer.Argument(help="Workspace directory.")] = Path(),
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Output directory: one site per audience in OUT/<audience>/; publish only "
            "OUT/public/. Replaced whole if it is empty or an earlier build, refused otherwise.",
        ),
    ] = Path("site"),
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
    """Build the dossier: one self-contained site per audience (public, downstream providers,
    national authorities, AI Office), each holding only that audience's items."""
    date = parse_as_of(as_of)
    started = time.perf_counter()
    result = build_site(directory, out, as_of=date, record=record)
    missing = sum(1 for p in result.problems if p.kind == "missing")
    inconsistent = sum(1 for p in result.problems if p.kind == "inconsistent")
    echo(
        f"built {len(AUDIENCES)} sites in {result.out}/ ({', '.join(a + '/' for a in AUDIENCES)}): "
        f"{len(result.documents)} documents, {result.files} files, "
        f"{result.new_versions} new version(s), {missing} required item(s) still missing, "
        f"{inconsistent} consistency finding(s) ({time.perf_counter() - started:.1f} s)\n"
        f"publish only {result.out}/public/; the other folders are confidential"
    )

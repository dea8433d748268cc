"""`gpaikit build`: the dossier site."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from gpaikit.cli._errors import handles_errors
from gpaikit.cli._keys import PassEnv, PassFile, signing_key
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
    sign: Annotated[
        Path | None,
        typer.Option(
            "--sign",
            metavar="KEY",
            help="Sign each audience's site with this private key (gpaikit keys generate): "
            "OUT/<audience>/signature/ gets the manifest and the public key.",
        ),
    ] = None,
    passphrase_env: PassEnv = None,
    passphrase_file: PassFile = None,
) -> None:
    """Build the dossier: one self-contained site per audience (public, downstream providers,
    national authorities, AI Office), each holding only that audience's items."""
    date = parse_as_of(as_of)
    key = signing_key(sign, passphrase_env, passphrase_file) if sign is not None else None
    started = time.perf_counter()
    result = build_site(directory, out, as_of=date, record=record, sign=key)
    missing = sum(1 for p in result.problems if p.kind == "missing")
    inconsistent = sum(1 for p in result.problems if p.kind == "inconsistent")
    echo(
        f"built {len(AUDIENCES)} sites in {result.out}/ ({', '.join(a + '/' for a in AUDIENCES)}): "
        f"{len(result.documents)} documents, {result.files} files, "
        f"{result.new_versions} new version(s), {missing} required item(s) still missing, "
        f"{inconsistent} consistency finding(s) ({time.perf_counter() - started:.1f} s)\n"
        f"publish only {result.out}/public/; the other folders are confidential"
    )
    if key is not None:
        echo(
            f"signed every site with key ID {key.key_id}; check with `gpaikit verify {result.out}`"
        )

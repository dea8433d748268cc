"""`gpaikit schema`: the JSON Schemas of what gpaikit reads and writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from gpaikit._io import atomic_write_text, check_output_file
from gpaikit.cli._errors import handles_errors
from gpaikit.cli._init import workspace_schema_text
from gpaikit.cli._safe import echo
from gpaikit.forms import json_schema, load_form

__all__ = ["app"]

app = typer.Typer(
    help="JSON Schemas: gpaikit.yaml, and each document's export.", no_args_is_help=True
)


_SIGNATURE = b'"$schema": "https://json-schema.org/draft/2020-12/schema"'
"""A schema file gpaikit wrote starts with this; only such a file is replaced without --force."""


def _emit(text: str, out: Path | None, force: bool) -> None:
    if out is None:
        echo(text, nl=False)
        return
    check_output_file(out, force=force, signature=_SIGNATURE)
    atomic_write_text(out, text)
    echo(f"wrote {out}")


@app.command("workspace")
@handles_errors
def workspace_command(
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """The schema of gpaikit.yaml: every key with its type, default, description, example and
    the catalog entries or form items it relates to; every document item under `answers`.
    Editors use it through the `# yaml-language-server: $schema=` line `gpaikit init` writes."""
    _emit(workspace_schema_text(), out, force)


@app.command("form")
@handles_errors
def form_command(
    form: Annotated[str, typer.Argument(help="Form ID (see `gpaikit docs list`).")],
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """The schema of a document's JSON export (all recipients' items)."""
    try:
        spec = load_form(form)
    except KeyError as exc:
        raise typer.BadParameter(str(exc.args[0]), param_hint="FORM") from None
    _emit(json.dumps(json_schema(spec), indent=2, sort_keys=True) + "\n", out, force)

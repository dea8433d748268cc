"""`gpaikit compute`: placeholder sub-command group, filled by its own issue."""

from __future__ import annotations

import typer

app = typer.Typer(help="compute commands.", no_args_is_help=True)

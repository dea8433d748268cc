"""The `gpaikit` command: a thin layer over the library.

Sub-commands are listed here, explicitly, and their modules load when a command runs (or the
help lists it): `gpaikit data summarize` starts without importing the assessment, the forms,
the renderers or the portal.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
import typer.main
from typer.core import TyperGroup

from gpaikit import __version__

#: Sub-command -> (module, attribute): a Typer app (a group of commands) or a function (one
#: command). In the order the help lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "assess": ("gpaikit.cli._assess", "assess_command"),
    "init": ("gpaikit.cli._init", "init_command"),
    "law": ("gpaikit.cli._law", "app"),
    "compute": ("gpaikit.cli._compute", "app"),
    "rep": ("gpaikit.cli._rep", "app"),
    "data": ("gpaikit.cli._data", "app"),
    "docs": ("gpaikit.cli._docs", "app"),
    "schema": ("gpaikit.cli._schema", "app"),
    "build": ("gpaikit.cli._build", "build_command"),
    "incident": ("gpaikit.cli._incident", "app"),
    "calendar": ("gpaikit.cli._calendar", "calendar_command"),
    "serve": ("gpaikit.cli._portal", "serve_command"),
    "portal": ("gpaikit.cli._portal", "app"),
    "keys": ("gpaikit.cli._keys", "app"),
    "verify": ("gpaikit.cli._verify", "verify_command"),
    "weights": ("gpaikit.cli._verify", "weights_app"),
}


# Click's types are annotated as Any: recent Typer vendors its own copy of click, older
# releases (which pyproject allows) use click itself.


def load_command(name: str) -> Any:
    """The click command of sub-command ``name``, converted exactly as Typer registers it."""
    module, attribute = COMMANDS[name]
    target = getattr(importlib.import_module(module), attribute)
    holder = typer.Typer()
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name)
    else:
        holder.command(name)(target)
    holder.callback()(lambda: None)  # a group, whatever the number of commands
    return typer.main.get_group(holder).commands[name]


class _LazyGroup(TyperGroup):
    """The root group: a sub-command is imported when it is first asked for."""

    def list_commands(self, ctx: Any) -> list[str]:
        # Always in COMMANDS' order, whichever were loaded first.
        return [*COMMANDS, *(n for n in super().list_commands(ctx) if n not in COMMANDS)]

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in COMMANDS:
            # A mistyped name: Typer suggests among the loaded commands, so load them all
            # (the run ends in an error anyway).
            for name in COMMANDS:
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands[cmd_name] = load_command(cmd_name)
        return super().get_command(ctx, cmd_name)


app = typer.Typer(
    name="gpaikit",
    cls=_LazyGroup,
    help="EU AI Act and GPAI Code of Practice compliance for GPAI model providers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gpaikit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """gpaikit: classify GPAI models, list obligations and deadlines, fill the documents."""

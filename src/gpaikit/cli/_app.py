"""The `gpaikit` command: a thin layer over the library. Sub-commands register here, explicitly."""

from __future__ import annotations

import typer

from gpaikit import __version__
from gpaikit.cli import (
    _assess,
    _build,
    _calendar,
    _compute,
    _data,
    _docs,
    _incident,
    _init,
    _keys,
    _law,
    _portal,
    _rep,
    _schema,
    _verify,
)

app = typer.Typer(
    name="gpaikit",
    help="EU AI Act and GPAI Code of Practice compliance for GPAI model providers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("assess")(_assess.assess_command)
app.command("init")(_init.init_command)
app.add_typer(_law.app, name="law")
app.add_typer(_compute.app, name="compute")
app.add_typer(_rep.app, name="rep")
app.add_typer(_data.app, name="data")
app.add_typer(_docs.app, name="docs")
app.add_typer(_schema.app, name="schema")
app.command("build")(_build.build_command)
app.add_typer(_incident.app, name="incident")
app.command("calendar")(_calendar.calendar_command)
app.command("serve")(_portal.serve_command)
app.add_typer(_portal.app, name="portal")
app.add_typer(_keys.app, name="keys")
app.command("verify")(_verify.verify_command)
app.add_typer(_verify.weights_app, name="weights")


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

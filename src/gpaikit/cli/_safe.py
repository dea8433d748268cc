"""Text from others reaches the terminal as text: never as Rich markup, never as control codes.

Names, URLs, robots.txt rules and error messages come from workspaces and crawls. Printed raw,
``Acme [/EU] GmbH`` is a Rich markup error (a crash) and ``\\x1b]0;...`` retitles or rewrites
the user's terminal. Every CLI module prints user text through :func:`echo`, :func:`text` or
:func:`plain`, which show control and bidirectional-override characters as visible escapes.
"""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.text import Text

from gpaikit._io import dumps_json
from gpaikit._text import visible_controls

__all__ = ["clean", "echo", "echo_json", "plain", "text"]


def clean(value: object) -> str:
    """``value`` as text with every control character shown as an escape (``\\x1b``)."""
    return visible_controls(str(value))


def plain(value: object) -> str:
    """``value`` cleaned and escaped for a string that Rich will read as markup."""
    return escape(clean(value))


def text(value: object, style: str | None = None) -> Text:
    """A Rich ``Text`` (no markup, no emoji codes) of ``value``, cleaned."""
    return Text(clean(value), style=style or "")


def echo(message: object = "", *, nl: bool = True, err: bool = False) -> None:
    """``typer.echo`` of cleaned text."""
    typer.echo(clean(message), nl=nl, err=err)


def echo_json(data: object) -> None:
    """JSON on stdout: ASCII only (no raw control character) and never ``NaN``/``Infinity``."""
    typer.echo(dumps_json(data, ascii_only=True))

"""Text from others reaches the terminal as text: never as Rich markup, never as control codes.

Names, URLs, robots.txt rules and error messages come from workspaces and crawls. Printed raw,
``Acme [/EU] GmbH`` is a Rich markup error (a crash) and ``\\x1b]0;...`` retitles or rewrites
the user's terminal. Every CLI module prints user text through :func:`echo`, :func:`text` or
:func:`plain`, which show control and bidirectional-override characters as visible escapes.
"""

from __future__ import annotations

import re

import typer
from rich.markup import escape
from rich.text import Text

__all__ = ["clean", "echo", "plain", "text"]

# C0 controls except tab and newline, DEL, C1 controls, and the bidi controls that reorder
# what a terminal shows ("Trojan Source").
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(value: object) -> str:
    """``value`` as text with every control character shown as an escape (``\\x1b``)."""
    return _UNSAFE.sub(_visible, str(value))


def plain(value: object) -> str:
    """``value`` cleaned and escaped for a string that Rich will read as markup."""
    return escape(clean(value))


def text(value: object, style: str | None = None) -> Text:
    """A Rich ``Text`` (no markup, no emoji codes) of ``value``, cleaned."""
    return Text(clean(value), style=style or "")


def echo(message: object = "", *, nl: bool = True, err: bool = False) -> None:
    """``typer.echo`` of cleaned text."""
    typer.echo(clean(message), nl=nl, err=err)

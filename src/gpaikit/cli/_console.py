"""The CLI's Rich consoles, sized for where the output goes.

Rich lays tables out for 80 columns when output is not a terminal (a pipe, a file, a CI log),
and cuts what does not fit with an ellipsis: incident IDs, model names and dates then arrive
as ``INC-202…``. Piped output is read by people and scripts alike, so it gets a wide page
unless ``COLUMNS`` says otherwise; a terminal keeps its own width.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from rich.console import Console

__all__ = ["PIPE_WIDTH", "make_console"]

PIPE_WIDTH = 160
"""Columns of output that does not go to a terminal (when ``COLUMNS`` is not set)."""


def make_console(*, stderr: bool = False, **options: Any) -> Console:
    """A console without highlighting; wide when its stream is not a terminal."""
    stream = sys.stderr if stderr else sys.stdout
    interactive = hasattr(stream, "isatty") and stream.isatty()
    if "width" not in options and not interactive and "COLUMNS" not in os.environ:
        options["width"] = PIPE_WIDTH
    return Console(stderr=stderr, highlight=False, **options)

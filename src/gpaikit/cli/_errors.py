"""Turn gpaikit's errors into one clear message and an exit code, never a traceback."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer
from rich.text import Text

from gpaikit._exceptions import GpaikitError, InputError, LawDataError, OutputError
from gpaikit.cli._console import make_console
from gpaikit.cli._safe import text

__all__ = ["EXIT_FAILED_CHECK", "EXIT_INPUT", "EXIT_OK", "err_console", "handles_errors"]

EXIT_OK = 0
EXIT_FAILED_CHECK = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3

err_console = make_console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")


def handles_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Decorate a CLI command: user errors exit 2 with the message, catalog bugs exit 3."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            _report("error: ", exc.render())
            raise typer.Exit(EXIT_INPUT) from None
        except OutputError as exc:
            _report("error: ", str(exc))
            raise typer.Exit(EXIT_INPUT) from None
        except LawDataError as exc:
            _report("internal error in gpaikit's legal catalog: ", str(exc))
            raise typer.Exit(EXIT_INTERNAL) from None
        except GpaikitError as exc:
            _report("error: ", str(exc))
            raise typer.Exit(EXIT_INPUT) from None

    return wrapper


def _report(label: str, message: str) -> None:
    """One error line on stderr; the message is text (it quotes user input), never markup."""
    err_console.print(Text.assemble((label, "bold red"), text(message)), soft_wrap=True)

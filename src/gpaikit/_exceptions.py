"""The exception hierarchy of gpaikit.

Every failure a user can act on has its own class, and every message says what was wrong,
where (file, line, field) and how to fix it::

    GpaikitError
    ├── LawDataError          the packaged legal catalog is inconsistent (a bug in gpaikit)
    ├── InputError            user input is invalid; the CLI exits with code 2
    │   ├── WorkspaceError    a workspace file is missing or invalid
    │   ├── ComputeInputError an estimator input is invalid (negative, unknown accelerator, ...)
    │   └── ConfigError       a model config / checkpoint file cannot be read
    └── OutputError           a result could not be written
        └── UnsafeOutputError --out points at something gpaikit may not replace
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ComputeInputError",
    "ConfigError",
    "GpaikitError",
    "InputError",
    "LawDataError",
    "Location",
    "OutputError",
    "UnsafeOutputError",
    "WorkspaceError",
]


@dataclass(frozen=True)
class Location:
    """Where in a user's file a problem sits; rendered as ``file:line: field``."""

    file: Path | str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file is not None:
            parts.append(str(self.file) + (f":{self.line}" if self.line is not None else ""))
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)


class GpaikitError(Exception):
    """Base class of every error gpaikit raises on purpose."""


class LawDataError(GpaikitError):
    """The packaged legal catalog failed validation. This is a bug in gpaikit's data."""


class InputError(GpaikitError):
    """User input is invalid. ``location`` says where; ``hint`` says how to fix it."""

    def __init__(self, message: str, *, location: Location | None = None, hint: str | None = None):
        self.message = message
        self.location = location
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        where = f"{self.location}: " if self.location and str(self.location) else ""
        fix = f"\n  how to fix: {self.hint}" if self.hint else ""
        return f"{where}{self.message}{fix}"


class WorkspaceError(InputError):
    """A workspace file is missing or invalid. May carry several problems at once."""

    def __init__(
        self,
        message: str,
        *,
        location: Location | None = None,
        hint: str | None = None,
        problems: tuple[InputError, ...] = (),
    ):
        self.problems = problems
        super().__init__(message, location=location, hint=hint)

    def render(self) -> str:
        head = super().render()
        if not self.problems:
            return head
        return head + "".join(f"\n- {p.render()}" for p in self.problems)


class ComputeInputError(InputError):
    """An input of the compute estimator is invalid."""


class ConfigError(InputError):
    """A model configuration or checkpoint file cannot be read or understood."""


class OutputError(GpaikitError):
    """A result could not be written (disk full, permissions, target is a file, ...)."""


class UnsafeOutputError(OutputError):
    """``--out`` names the workspace, an input, a parent of one, a file, the current
    directory or a directory another program wrote. Nothing is written; the CLI exits 2."""

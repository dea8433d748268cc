"""`gpaikit init`: write a commented starter workspace."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from gpaikit._exceptions import InputError, Location
from gpaikit._io import atomic_write_text
from gpaikit.workspace._loader import WORKSPACE_FILE

__all__ = ["scaffold_workspace"]


def scaffold_workspace(directory: Path | str, *, force: bool = False) -> Path:
    """Create ``directory/gpaikit.yaml`` from the commented template; never overwrite silently."""
    target = Path(directory) / WORKSPACE_FILE
    if target.exists() and not force:
        raise InputError(
            "a workspace already exists here",
            location=Location(target),
            hint="edit it, or pass --force to replace it",
        )
    if target.parent.exists() and not target.parent.is_dir():
        raise InputError("not a directory", location=Location(target.parent))
    text = (resources.files("gpaikit.workspace") / "template.yaml").read_text(encoding="utf-8")
    atomic_write_text(target, text)
    return target

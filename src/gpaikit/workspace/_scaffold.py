"""`gpaikit init`: write a starter workspace, commented, or from what is already known."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

from gpaikit._exceptions import InputError, Location
from gpaikit._io import atomic_write_text
from gpaikit.workspace._folder import ModelFolder
from gpaikit.workspace._loader import WORKSPACE_FILE
from gpaikit.workspace._starter import BaseFacts, ProviderFacts, starter_yaml

__all__ = ["scaffold_workspace"]


def scaffold_workspace(
    directory: Path | str,
    *,
    force: bool = False,
    folder: ModelFolder | None = None,
    provider: ProviderFacts | None = None,
    base: BaseFacts | None = None,
    datasets_dir: Path | None = None,
    today: dt.date | None = None,
) -> Path:
    """Create ``directory/gpaikit.yaml``; never overwrite silently.

    Without ``folder``, ``provider`` or ``base`` it is the commented template; otherwise the
    facts read from the model folder and given by the caller, each marked with its source.
    """
    target = Path(directory) / WORKSPACE_FILE
    if target.exists() and not force:
        raise InputError(
            "a workspace already exists here",
            location=Location(target),
            hint="edit it, or pass --force to replace it",
        )
    if target.parent.exists() and not target.parent.is_dir():
        raise InputError("not a directory", location=Location(target.parent))
    if folder is None and provider is None and base is None:
        text = (resources.files("gpaikit.workspace") / "template.yaml").read_text(encoding="utf-8")
    else:
        text = starter_yaml(
            Path(directory),
            folder=folder,
            provider=provider,
            base=base,
            datasets_dir=datasets_dir,
            today=today,
        )
    atomic_write_text(target, text)
    return target

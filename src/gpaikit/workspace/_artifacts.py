"""Job outputs kept in a workspace (``artifacts/``): where to find them and how to read them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from gpaikit._exceptions import InputError, Location
from gpaikit._untrusted import DEFAULT_LIMITS, load_json, read_bytes
from gpaikit.workspace._model import Model, Workspace

__all__ = ["ARTIFACT_LIMITS", "find_artifact", "load_job_output"]

#: ``summary.json`` and ``audit.json`` are small (a ranking head and top-20 lists).
ARTIFACT_LIMITS = DEFAULT_LIMITS.but(max_bytes=64 * 1024 * 1024)


def find_artifact(workspace: Workspace, model: Model, patterns: Sequence[str]) -> Path | None:
    """The first existing file of ``patterns`` (``{model}`` is the model's name), or None.

    Only paths below the workspace count: a model name like ``../../x`` reaches nothing else.
    """
    if workspace.root is None:
        return None
    for pattern in patterns:
        relative = Path(pattern.format(model=model.name))
        if relative.is_absolute() or ".." in relative.parts:
            continue
        path = workspace.root / relative
        if path.is_file():
            return path
    return None


def load_job_output(path: Path, *, job: str, what: str) -> Mapping[str, Any]:
    """Read the JSON a ``gpaikit data <job>`` wrote; errors name the file and the fix."""
    command = f"`gpaikit data {job}`"
    raw = read_bytes(path, limits=ARTIFACT_LIMITS, what=what)
    data = load_json(
        raw, source=path, limits=ARTIFACT_LIMITS, what=what, hint=f"regenerate it with {command}"
    )
    if not isinstance(data, dict) or data.get("job") != job:
        article = "an" if what[0] in "aeiou" else "a"
        raise InputError(
            f"not {article} {what} (expected the output of {command})", location=Location(file=path)
        )
    return data

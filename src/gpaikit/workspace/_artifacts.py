"""Job outputs kept in a workspace (``artifacts/``): where to find them and how to read them."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from gpaikit._exceptions import InputError, Location
from gpaikit.workspace._model import Model, Workspace

__all__ = ["find_artifact", "load_job_output"]


def find_artifact(workspace: Workspace, model: Model, patterns: Sequence[str]) -> Path | None:
    """The first existing file of ``patterns`` (``{model}`` is the model's name), or None."""
    if workspace.root is None:
        return None
    for pattern in patterns:
        path = workspace.root / pattern.format(model=model.name)
        if path.is_file():
            return path
    return None


def load_job_output(path: Path, *, job: str, what: str) -> Mapping[str, Any]:
    """Read the JSON a ``gpaikit data <job>`` wrote; errors name the file and the fix."""
    command = f"`gpaikit data {job}`"
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(
            f"cannot read {what}: {exc.strerror or exc}", location=Location(file=path)
        ) from exc
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{what} is not valid JSON: {exc.msg}",
            location=Location(file=path, line=exc.lineno),
            hint=f"regenerate it with {command}",
        ) from exc
    if not isinstance(data, dict) or data.get("job") != job:
        article = "an" if what[0] in "aeiou" else "a"
        raise InputError(
            f"not {article} {what} (expected the output of {command})", location=Location(file=path)
        )
    return data

"""Parameter counts from the files a training run points to (``config:``, ``weights:``).

A workspace names artefacts relative to its own folder, so the counts are read where they are
needed with the workspace root; the same file is read once per process while it is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from gpaikit.compute._config import count_from_config
from gpaikit.compute._model import ParameterCount
from gpaikit.compute._safetensors import count_from_safetensors
from gpaikit.workspace import TrainingRun

__all__ = ["RunArtefacts", "artefact_path", "run_artefacts", "run_parameters"]


def artefact_path(root: Path | None, value: str) -> Path:
    """``value`` as written in the workspace, relative to ``root`` unless absolute."""
    path = Path(value).expanduser()
    return path if path.is_absolute() or root is None else root / path


def _stamp(path: Path) -> tuple[str, int, int]:
    """Path, modification time and size: the cache key of a file or folder."""
    try:
        stat = path.stat()
    except OSError:
        return str(path), -1, -1
    return str(path.resolve()), stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=64)
def _config_count(key: tuple[str, int, int]) -> ParameterCount:
    return count_from_config(key[0])


@lru_cache(maxsize=64)
def _weights_count(key: tuple[str, int, int], listing: tuple[str, ...]) -> ParameterCount:
    return count_from_safetensors(key[0])


def _listing(path: Path) -> tuple[str, ...]:
    """A folder's safetensors files with their stamps (a changed shard changes the key)."""
    if not path.is_dir():
        return ()
    return tuple(
        f"{child.name}:{child.stat().st_mtime_ns}"
        for child in sorted(path.iterdir())
        if child.name.endswith((".safetensors", ".safetensors.index.json"))
    )


@dataclass(frozen=True)
class RunArtefacts:
    """What the run's ``config`` and ``weights`` files say (``None`` when not referenced)."""

    config: ParameterCount | None = None
    weights: ParameterCount | None = None

    @property
    def best(self) -> ParameterCount | None:
        """The headers count every stored tensor; the config count is the fallback."""
        return self.weights or self.config


def run_artefacts(run: TrainingRun, root: Path | None) -> RunArtefacts:
    """Read the counts of the files ``run`` references; raises :class:`ConfigError` naming
    the file when one cannot be read."""
    config = weights = None
    if run.config is not None:
        config = _config_count(_stamp(artefact_path(root, run.config)))
    if run.weights is not None:
        path = artefact_path(root, run.weights)
        weights = _weights_count(_stamp(path), _listing(path))
    return RunArtefacts(config=config, weights=weights)


def run_parameters(run: TrainingRun, root: Path | None) -> tuple[float | None, float | None]:
    """The run's total and active parameters: declared ones win, then the artefacts.

    The active count is given only for a mixture of experts (it defaults to the total).
    """
    if run.params is not None or (run.config is None and run.weights is None):
        return run.params, run.active_params
    found = run_artefacts(run, root).best
    if found is None:
        return None, run.active_params
    active = run.active_params or (float(found.active) if found.is_moe else None)
    return float(found.total), active

"""Writing results safely: atomic files and directories, and an ``--out`` that never replaces
what gpaikit did not write.

A directory gpaikit replaces whole must be absent, empty, or carry the marker file of an
earlier output of the *same* command (``.gpaikit-output.json``). It may never be the current
directory, the file system root, an input or the workspace, or a parent of any of them. The new
tree is built in a staging directory beside the target and renamed into place; staging
directories left by a killed run are removed by the next run.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from gpaikit._exceptions import OutputError, UnsafeOutputError

__all__ = [
    "OUTPUT_MARKER",
    "atomic_directory",
    "atomic_write_bytes",
    "atomic_write_text",
    "check_output_dir",
    "check_output_file",
    "clean_stale",
    "dumps_json",
]

OUTPUT_MARKER = ".gpaikit-output.json"
"""The file that marks a directory as an output of one gpaikit command."""
_STAGING = ".gpaikit-staging-"
_OLD = ".gpaikit-old-"


def _umask() -> int:
    """The process umask (temporary files are created private; results should not be)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def dumps_json(data: Any, *, indent: int | None = 2, ascii_only: bool = False) -> str:
    """JSON text as gpaikit writes it: sorted keys, and never ``NaN`` or ``Infinity`` (which
    strict JSON parsers reject): such a value is a bug, not output. ``ascii_only`` escapes
    every non-ASCII character (for a terminal, where no raw control character may go)."""
    try:
        return json.dumps(
            data, indent=indent, sort_keys=True, ensure_ascii=ascii_only, allow_nan=False
        )
    except ValueError as exc:
        raise OutputError(f"refusing to write JSON with a non-finite number: {exc}") from exc


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it into place."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            Path(tmp).chmod(0o666 & ~_umask())
            Path(tmp).replace(path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc


def atomic_write_text(path: Path, text: str) -> None:
    """UTF-8 text variant of :func:`atomic_write_bytes`."""
    atomic_write_bytes(path, text.encode("utf-8"))


# -- where an output may go -----------------------------------------------------------------


def _refuse(out: Path | str, why: str, fix: str) -> UnsafeOutputError:
    return UnsafeOutputError(f"--out {out}: {why}; nothing was written\n  how to fix: {fix}")


def _within(child: Path, parent: Path) -> bool:
    return child == parent or parent in child.parents


def _marker_command(directory: Path) -> str | None:
    """The command recorded in ``directory``'s marker, or None when it has none we can read."""
    marker = directory / OUTPUT_MARKER
    try:
        if not marker.is_file() or marker.is_symlink() or marker.stat().st_size > 64 * 1024:
            return None
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    command = data.get("command") if isinstance(data, dict) else None
    return command if isinstance(command, str) else None


def _common_checks(out: Path, inputs: Iterable[Path]) -> Path:
    """The checks files and directories share; returns the resolved target."""
    if out.is_symlink():
        raise _refuse(out, "is a symbolic link", "name the real path, or a new one")
    real = out.resolve()
    if real.parent == real:
        raise _refuse(out, "is the root of the file system", "name a new directory")
    if _within(Path.cwd().resolve(), real):
        raise _refuse(out, "is the current directory or a parent of it", "name a new directory")
    for given in inputs:
        source = Path(given).resolve()
        if real == source:
            raise _refuse(out, f"is an input ({given})", "write the result somewhere else")
        if real in source.parents:
            raise _refuse(
                out, f"contains the input {given}", "write the result somewhere that holds no input"
            )
    return real


def check_output_dir(
    out: Path, *, command: str, inputs: Iterable[Path] = (), outside: Iterable[Path] = ()
) -> Path:
    """Refuse an ``--out`` directory gpaikit may not replace (see the module docstring).

    ``inputs`` are what the command reads (the workspace, manifests, ...); ``out`` may not be
    one of them or contain one. ``outside`` are input directories ``out`` may not even be
    inside (a data job's input directory would read the output back as input next time).
    Returns the resolved path.
    """
    out = Path(out)
    real = _common_checks(out, inputs)
    for given in outside:
        folder = Path(given).resolve()
        if folder.is_dir() and folder in real.parents:
            raise _refuse(
                out,
                f"is inside the input directory {given}, which the next run would read",
                "write the result outside the input directories",
            )
    if not real.exists():
        return real
    if not real.is_dir():
        raise _refuse(out, "exists and is not a directory", "name a new directory")
    try:
        empty = next(real.iterdir(), None) is None
    except OSError as exc:
        raise OutputError(f"cannot read {out}: {exc.strerror or exc}") from exc
    if empty:
        return real
    found = _marker_command(real)
    if found == command:
        return real
    if found is None:
        why = "is not empty and was not written by gpaikit"
    else:
        why = f"holds the output of `gpaikit {found}`, not of `gpaikit {command}`"
    raise _refuse(out, why, "name a new or empty directory; gpaikit never replaces other files")


def check_output_file(
    out: Path, *, inputs: Iterable[Path] = (), force: bool = False, signature: bytes | None = None
) -> Path:
    """Refuse an ``--out`` file that is a directory, an input, or an existing file (unless
    ``force``, or unless its first 4 KiB hold ``signature``, the mark of a file of this kind
    that gpaikit wrote; most single files carry no such mark, so only the user can say)."""
    out = Path(out)
    real = _common_checks(out, inputs)
    if real.is_dir():
        raise _refuse(out, "is a directory", "name a file, e.g. mdf.md")
    if real.exists() and not real.is_file():
        raise _refuse(out, "is not a regular file", "name a regular file")
    if real.exists() and not force and not _signed(real, signature):
        raise _refuse(out, "exists", "pass --force to replace it, or name a new file")
    return real


def _signed(path: Path, signature: bytes | None) -> bool:
    if signature is None:
        return False
    try:
        with path.open("rb") as handle:
            return signature in handle.read(4096)
    except OSError:
        return False


# -- atomic directories -----------------------------------------------------------------------


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return True
    return True


def _leftovers(target: Path, kind: str) -> list[Path]:
    """Staging or old trees of ``target`` whose writing process has ended."""
    found = []
    prefix = f".{target.name}{kind}"
    try:
        siblings = list(target.parent.iterdir())
    except OSError:
        return []
    for path in siblings:
        if not path.name.startswith(prefix) or path.is_symlink() or not path.is_dir():
            continue
        pid = path.name[len(prefix) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            found.append(path)
    return found


def clean_stale(target: Path) -> None:
    """Remove what a killed run left beside ``target``; if it died between moving the old
    output aside and moving the new one in, put the old output back first."""
    target = Path(target)
    for old in sorted(_leftovers(target, _OLD)):
        if not target.exists() and (old / OUTPUT_MARKER).is_file():
            with contextlib.suppress(OSError):
                old.rename(target)
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)
    for staging in _leftovers(target, _STAGING):
        shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def atomic_directory(
    target: Path,
    *,
    command: str,
    inputs: Iterable[Path] = (),
    outside: Iterable[Path] = (),
    marker: dict[str, Any] | None = None,
) -> Iterator[Path]:
    """Yield a staging directory beside ``target``; on success it replaces ``target`` whole.

    ``target`` is first checked with :func:`check_output_dir` (``command``, ``inputs``,
    ``outside``); the staging tree receives the marker naming ``command`` (plus ``marker``
    fields) so that the next run of the same command may replace it.
    """
    target = Path(target)
    check_output_dir(target, command=command, inputs=inputs, outside=outside)
    suffix = f"{os.getpid()}-{secrets.token_hex(4)}"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        clean_stale(target)
        staging = target.parent / f".{target.name}{_STAGING}{suffix}"
        staging.mkdir(mode=0o700)
    except OSError as exc:
        raise OutputError(f"cannot create {target}: {exc.strerror or exc}") from exc
    try:
        yield staging
        note = {"command": command, "written_by": "gpaikit", **(marker or {})}
        (staging / OUTPUT_MARKER).write_text(dumps_json(note) + "\n", encoding="utf-8")
        staging.chmod(0o777 & ~_umask())
        # the target may have appeared meanwhile: check again right before replacing it
        check_output_dir(target, command=command, inputs=inputs, outside=outside)
        if target.exists():
            old = target.parent / f".{target.name}{_OLD}{suffix}"
            target.replace(old)
            staging.replace(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.replace(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise

"""Read a site to verify, from a folder or a zip, as hostile input.

Nothing is extracted and no link is followed: a folder is walked without following symbolic
links, a zip is read member by member from the archive. Whatever could fool a reviewer or a
file system -- symbolic links, special files, members named ``../x``, ``/etc/x``, ``C:x`` or
with a backslash, two members with one name, an entry count or a size beyond the limits -- is
collected as a *problem* (reported by the ``files`` check), never acted on. A zip that cannot
be read at all, or a path that is neither, is an :class:`InputError` (exit 2).
"""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from gpaikit._exceptions import InputError, Location
from gpaikit._untrusted import open_regular, walk_folder
from gpaikit.dossier._manifest import ENVELOPE_FILE
from gpaikit.dossier._site import AUDIENCES
from gpaikit.signing import check_relative_path

__all__ = ["MAX_ENTRIES", "MAX_TOTAL_BYTES", "SiteSource", "open_sources"]

MAX_ENTRIES = 100_000
"""Files (or zip members) read from one input at most."""
MAX_TOTAL_BYTES = 4 * 1024**3
"""Bytes (uncompressed) one input may hold; a site of gpaikit is a few megabytes."""
CHUNK = 1 << 20


@dataclass
class SiteSource:
    """The files of one site: relative path -> size, and how to read each one."""

    label: str
    folder_name: str
    sizes: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    _dir: Path | None = None
    _zip: zipfile.ZipFile | None = None
    _prefix: str = ""
    _handle: BinaryIO | None = None

    def close(self) -> None:
        """Close the archive (sources of one zip share it; closing twice is harmless)."""
        if self._zip is not None:
            self._zip.close()
        if self._handle is not None:
            self._handle.close()

    def chunks(self, name: str) -> Iterator[bytes]:
        """The bytes of file ``name`` in chunks, never more than its listed size."""
        limit = self.sizes[name]
        with self._open(name) as handle:
            read = 0
            while chunk := handle.read(CHUNK):
                read += len(chunk)
                if read > limit:
                    raise InputError(
                        f"{name} grew while it was read",
                        location=Location(file=self.label),
                        hint="verify a copy that nothing writes to",
                    )
                yield chunk

    def read(self, name: str, limit: int) -> bytes | None:
        """All bytes of ``name`` if it exists and holds at most ``limit`` bytes, else None."""
        if name not in self.sizes or self.sizes[name] > limit:
            return None
        return b"".join(self.chunks(name))

    @contextmanager
    def _open(self, name: str) -> Iterator[BinaryIO]:
        if self._zip is not None:
            try:
                with self._zip.open(self._prefix + name) as handle:
                    yield handle  # type: ignore[misc]
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                raise InputError(
                    f"cannot read {name} from the zip: {exc}",
                    location=Location(file=self.label),
                    hint="the archive is damaged; ask for a new copy",
                ) from None
        else:
            assert self._dir is not None
            with open_regular(self._dir / name, what="site file") as handle:
                yield handle


def _dir_sources(path: Path) -> list[SiteSource]:
    if path.is_symlink():
        raise InputError(
            "the site folder is a symbolic link",
            location=Location(file=path),
            hint="give the real folder",
        )
    walk = walk_folder(path, max_entries=MAX_ENTRIES, max_bytes=MAX_TOTAL_BYTES)
    sizes = {relative: size for relative, (_, size) in walk.files.items()}
    problems = [f"{relative}: {why}" for relative, why in walk.problems]
    prefixes = _site_prefixes(set(sizes))
    sources = []
    for prefix in prefixes:
        mine = {k[len(prefix) :]: v for k, v in sizes.items() if k.startswith(prefix)}
        notes = [p[len(prefix) :] for p in problems if p.startswith(prefix)]
        name = prefix.rstrip("/").rsplit("/", 1)[-1] if prefix else path.resolve().name
        sources.append(
            SiteSource(
                str(path / prefix), name, mine, notes, _dir=path / prefix if prefix else path
            )
        )
    return sources


def _site_prefixes(names: set[str]) -> list[str]:
    """The folders holding a site: the input itself, or its audience sub-folders (OUT/)."""
    if ENVELOPE_FILE in names:
        return [""]
    found = {
        n[: -len(ENVELOPE_FILE)]
        for n in names
        if n.endswith("/" + ENVELOPE_FILE) and n[: -len(ENVELOPE_FILE)].count("/") <= 2
    }
    # a build's OUT: an audience's folder without a manifest is a site that fails, not one
    # that is silently left out
    for prefix in list(found):
        parent = prefix[:-1].rpartition("/")[0]
        parent = parent + "/" if parent else ""
        for audience in AUDIENCES:
            folder = f"{parent}{audience}/"
            if any(n.startswith(folder) for n in names):
                found.add(folder)
    return sorted(found)


def _zip_sources(path: Path) -> list[SiteSource]:
    handle = open_regular(path, what="zip")
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError):
        handle.close()
        raise InputError(
            "not a zip file (or a damaged one)",
            location=Location(file=path),
            hint="give a site folder, or a zip of one",
        ) from None
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        archive.close()
        handle.close()
        raise InputError(
            f"the zip holds more than {MAX_ENTRIES:,} members",
            location=Location(file=path),
            hint="zip one audience's site folder",
        )
    sizes: dict[str, int] = {}
    problems: list[str] = []
    total = 0
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        mode = info.external_attr >> 16
        shown = name[:200]
        if info.is_dir():
            why = check_relative_path(name.rstrip("/")) if name.rstrip("/") else None
            if why:
                problems.append(f"{shown!r}: {why}")
            continue
        why = check_relative_path(name)
        if why:
            problems.append(f"{shown!r}: {why}")
            continue
        if stat.S_ISLNK(mode):
            problems.append(f"{name}: a symbolic link (not followed)")
            continue
        if mode and not stat.S_ISREG(mode):
            problems.append(f"{name}: not a regular file")
            continue
        if name.casefold() in seen:
            problems.append(f"{name}: a second member with the same name")
            continue
        seen.add(name.casefold())
        sizes[name] = info.file_size
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            archive.close()
            handle.close()
            raise InputError(
                f"the zip expands to more than {MAX_TOTAL_BYTES:,} bytes",
                location=Location(file=path),
                hint="zip one audience's site folder",
            )
    prefixes = _site_prefixes(set(sizes))
    sources = []
    for prefix in prefixes:
        mine = {k[len(prefix) :]: v for k, v in sizes.items() if k.startswith(prefix)}
        # a zip of one site: everything in it belongs to the site; a zip of a whole build
        # (several sites) also holds the build's own index and marker, outside every site
        outside = [k for k in sizes if not k.startswith(prefix)] if len(prefixes) == 1 else []
        notes = list(problems) + [f"{k}: outside the site folder of the zip" for k in outside]
        name = prefix.rstrip("/").rsplit("/", 1)[-1] if prefix else path.stem
        sources.append(
            SiteSource(
                f"{path}:{prefix}", name, mine, notes, _zip=archive, _prefix=prefix, _handle=handle
            )
        )
    if not sources:
        archive.close()
        handle.close()
    return sources


def open_sources(path: Path) -> list[SiteSource]:
    """The sites in ``path``: a site folder, a build's ``OUT`` (each audience's site), or a
    zip of either. None found is an input error (exit 2)."""
    path = Path(path)
    if path.is_dir():
        sources = _dir_sources(path)
    elif path.is_file() or path.exists():
        sources = _zip_sources(path)
    else:
        raise InputError("no such file or folder", location=Location(file=path), hint="check it")
    if not sources:
        raise InputError(
            f"not a signed dossier site: no {ENVELOPE_FILE} found",
            location=Location(file=path),
            hint="build it with `gpaikit build --sign KEY`, and give OUT/<audience> or OUT",
        )
    return sources

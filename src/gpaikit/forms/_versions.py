"""Document versions: content hash, the version ledger, retention date and item-by-item diff.

Every build of a document is compared with the last recorded version of that document (by
content hash, header items excluded). Unchanged content keeps its version; changed content
gets the next number, the build date and the workspace's git commit. Version records are JSON
files ``<ledger>/<model>/<form>/v<N>.json`` and must be kept until placement + 10 years.

Each record names the link hash of the one before it (``previous``), so the versions of a
document form a hash chain: a version rewritten or dropped after a later one was recorded
breaks the chain, which ``gpaikit verify`` reports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gpaikit._exceptions import InputError, Location
from gpaikit._io import atomic_write_text
from gpaikit._untrusted import load_json, read_bytes
from gpaikit.forms._fill import FilledForm
from gpaikit.law import Catalog

__all__ = [
    "ItemChange",
    "VersionRecord",
    "content_hash",
    "diff_records",
    "git_commit",
    "latest_version",
    "link_hash",
    "load_record",
    "next_version",
    "record_path",
    "retention_date",
    "write_record",
]


def _content(form: FilledForm) -> dict[str, Any]:
    return {
        f.item.id: f.value
        for f in form.items
        if not (f.item.derived_from or "").startswith("document.")
        or f.item.derived_from == "document.unavailable"
    }


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(form: FilledForm) -> str:
    """SHA-256 of the form's values (header items excluded), as ``sha256:<hex>``."""
    return "sha256:" + hashlib.sha256(_canonical(_content(form)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class VersionRecord:
    form: str
    model: str
    version: int
    date: dt.date
    content_hash: str
    commit: str | None
    values: dict[str, Any]
    previous: str | None = None
    """The :meth:`link` of the version before this one (None for version 1)."""

    def link_fields(self) -> dict[str, Any]:
        """What the chain covers: everything but the values, whose hash it holds."""
        return {
            "form": self.form,
            "model": self.model,
            "version": self.version,
            "date": self.date.isoformat(),
            "content_hash": self.content_hash,
            "commit": self.commit,
            "previous": self.previous,
        }

    def link(self) -> str:
        """This version's link hash (see :func:`link_hash`)."""
        return link_hash(self.link_fields())

    def to_json(self) -> dict[str, Any]:
        return {**self.link_fields(), "values": self.values}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> VersionRecord:
        return cls(
            form=str(data["form"]),
            model=str(data["model"]),
            version=int(data["version"]),
            date=dt.date.fromisoformat(str(data["date"])),
            content_hash=str(data["content_hash"]),
            commit=data.get("commit"),
            values=dict(data["values"]),
            previous=_previous(data.get("previous")),
        )


def _previous(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"sha256:[0-9a-f]{64}", value):
        raise ValueError("'previous' is not a sha256:<hex> link hash")
    return value


def link_hash(fields: dict[str, Any]) -> str:
    """SHA-256 of a version's chain fields (form, model, version, date, content hash, commit,
    previous link) as canonical JSON, ``sha256:<hex>``: computable by anyone who sees the
    fields, including audiences that do not see every value of the document."""
    return "sha256:" + hashlib.sha256(_canonical(fields).encode("utf-8")).hexdigest()


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "model"


def _owner(folder: Path) -> str | None:
    """The model whose records a ledger folder holds (None when it holds none)."""
    if not folder.is_dir():
        return None
    numbers = sorted(int(p.stem[1:]) for p in folder.glob("v*.json") if p.stem[1:].isdigit())
    return load_record(folder / f"v{numbers[0]}.json").model if numbers else None


def _folder(ledger: Path, model: str, form: str) -> Path:
    """A model's ledger folder: its name made safe; when two names reduce to the same folder
    (``Helios Ultra``, ``helios-ultra`` on a case-blind disk), the folder stays with the model
    whose records it already holds and the other one's gets a short hash of its exact name."""
    plain = Path(ledger) / _slug(model) / form
    if _owner(plain) in (None, model):
        return plain
    digest = hashlib.sha256(model.encode("utf-8")).hexdigest()[:8]
    return Path(ledger) / f"{_slug(model)}-{digest}" / form


def record_path(ledger: Path, model: str, form: str, version: int) -> Path:
    return _folder(ledger, model, form) / f"v{version}.json"


def load_record(path: Path) -> VersionRecord:
    """Read one version record; a broken file is an input error naming the file."""
    hint = "version records are written by `gpaikit build`; restore it from git"
    data = load_json(read_bytes(path, what="version record"), source=path, hint=hint)
    try:
        return VersionRecord.from_json(data)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(
            f"cannot read document version record: {exc}",
            location=Location(file=path),
            hint="version records are written by `gpaikit build`; restore it from git",
        ) from exc


def latest_version(ledger: Path, model: str, form: str) -> VersionRecord | None:
    folder = _folder(ledger, model, form)
    if not folder.is_dir():
        return None
    numbers = sorted(int(p.stem[1:]) for p in folder.glob("v*.json") if p.stem[1:].isdigit())
    return load_record(folder / f"v{numbers[-1]}.json") if numbers else None


def next_version(
    previous: VersionRecord | None, form: FilledForm, date: dt.date, commit: str | None
) -> VersionRecord:
    """The previous record when the content is unchanged, else a new record (not yet written)."""
    digest = content_hash(form)
    if previous is not None and previous.content_hash == digest:
        return previous
    number = previous.version + 1 if previous is not None else 1
    link = previous.link() if previous is not None else None
    return VersionRecord(
        form.spec.id, form.model, number, date, digest, commit, _content(form), link
    )


def write_record(ledger: Path, record: VersionRecord) -> Path:
    path = record_path(ledger, record.model, record.form, record.version)
    if not path.exists():
        atomic_write_text(path, json.dumps(record.to_json(), indent=2, sort_keys=True) + "\n")
    return path


def git_commit(directory: Path) -> str | None:
    """The HEAD commit of the git repository holding ``directory``, or None."""
    try:
        done = subprocess.run(
            ["git", "-C", str(directory), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and re.fullmatch(r"[0-9a-f]{40}", commit) else None


def retention_date(placed: dt.date | None, catalog: Catalog) -> dt.date | None:
    """Placement + the Code's retention period (CLOCK.documentation_retention, 10 years)."""
    if placed is None:
        return None
    years = catalog.clock("CLOCK.documentation_retention").years or 0
    try:
        return placed.replace(year=placed.year + years)
    except ValueError:  # 29 February
        return placed.replace(year=placed.year + years, day=28)


@dataclass(frozen=True)
class ItemChange:
    item: str
    change: str  # added | removed | changed
    before: Any
    after: Any


def diff_records(before: VersionRecord, after: VersionRecord) -> list[ItemChange]:
    """What changed between two versions of one document, item by item, in item order."""
    keys = list(dict.fromkeys([*before.values, *after.values]))
    changes: list[ItemChange] = []
    for key in keys:
        old, new = before.values.get(key), after.values.get(key)
        if old == new:
            continue
        kind = "added" if old is None else "removed" if new is None else "changed"
        changes.append(ItemChange(key, kind, old, new))
    return changes

"""The serious-incident log: one append-only JSON Lines file per incident under ``incidents/``.

Every line is one event (``opened``, ``updated``, ``submitted``, ``resolved``) with the UTC time
it was recorded, a sequence number and a SHA-256 hash chained to the previous line, so an edited,
removed or reordered line is detected when the log is read. Tracking has to exist before an
incident happens (Code, Safety & Security chapter, recital (j)); the log is kept with the
workspace for the 5-year retention of Measure 9.4. Files are read with bounds (size, line
length, text length) because they may come from many hands.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gpaikit._exceptions import InputError, Location
from gpaikit._io import atomic_write_text
from gpaikit.law import Catalog
from gpaikit.workspace._model import Workspace

__all__ = [
    "INCIDENT_DIR",
    "Incident",
    "IncidentFields",
    "Resolution",
    "Submission",
    "append_incident_event",
    "load_incident",
    "load_incidents",
    "new_incident_id",
]

INCIDENT_DIR = "incidents"
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_LINE_BYTES = 1024 * 1024
MAX_TEXT = 100_000
MAX_FILES = 10_000
EventKind = Literal["opened", "updated", "submitted", "resolved"]
ReportKind = Literal["initial", "intermediate", "final"]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _text() -> Any:
    return Field(default=None, max_length=MAX_TEXT)


class IncidentFields(_Strict):
    """What the provider knows of the incident: the items of Measure 9.2, and its category."""

    model: str | None = None
    title: str | None = Field(default=None, max_length=500)
    types: tuple[str, ...] | None = Field(default=None, max_length=8)
    aware_on: dt.date | None = None
    suspected: bool | None = None
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    harm: str | None = _text()
    affected: str | None = _text()
    chain_of_events: str | None = _text()
    model_version: str | None = Field(default=None, max_length=500)
    involvement: str | None = _text()
    response: str | None = _text()
    recommendations: str | None = _text()
    root_cause: str | None = _text()
    pmm_patterns: str | None = _text()
    missing_information: str | None = _text()
    bundled_into: str | None = Field(default=None, pattern=ID_PATTERN.pattern)
    authorities: tuple[str, ...] | None = Field(default=None, max_length=50)


class Submission(_Strict):
    """A report sent to the AI Office (and national competent authorities, as applicable)."""

    report: ReportKind
    on: dt.date
    recipients: tuple[str, ...] = ("ai_office",)
    reference: str | None = Field(default=None, max_length=500)


class Resolution(_Strict):
    """Corrective measures adopted: the incident is resolved (SS.GLOSS.RESOLVED)."""

    on: dt.date
    corrective_measures: str = Field(min_length=1, max_length=MAX_TEXT)


class Event(_Strict):
    seq: int = Field(ge=1)
    at: dt.datetime
    event: EventKind
    data: dict[str, Any]
    prev: str | None
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")


class Incident(_Strict):
    """An incident as its log stands: the merged facts, the reports sent, the resolution."""

    id: str
    file: Path
    fields: IncidentFields
    submissions: tuple[Submission, ...] = ()
    resolution: Resolution | None = None
    events: tuple[Event, ...] = ()

    @property
    def recorded(self) -> tuple[dt.datetime, dt.datetime]:
        return self.events[0].at, self.events[-1].at


def _digest(seq: int, at: str, event: str, data: dict[str, Any], prev: str | None) -> str:
    body = {"seq": seq, "at": at, "event": event, "data": data, "prev": prev}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _finite(value: str) -> Any:
    raise ValueError(f"non-finite number {value}")


def _parse_line(raw: bytes, file: Path, line: int) -> dict[str, Any]:
    if len(raw) > MAX_LINE_BYTES:
        raise InputError(
            f"line is longer than {MAX_LINE_BYTES} bytes", location=Location(file, line)
        )
    try:
        found = json.loads(raw.decode("utf-8"), parse_constant=_finite)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InputError(
            f"not a JSON event: {exc}",
            location=Location(file, line),
            hint="incident logs are written by `gpaikit incident`; restore the line from git",
        ) from None
    if not isinstance(found, dict):
        raise InputError("an event must be a JSON object", location=Location(file, line))
    return found


def _validate(model: type[BaseModel], data: Any, file: Path, line: int, prefix: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in (prefix, *first["loc"]) if p != "")
        raise InputError(f"{first['msg']}", location=Location(file, line, field or None)) from None


def _merge(current: IncidentFields, update: IncidentFields) -> IncidentFields:
    changes = update.model_dump(exclude_none=True)
    return current.model_copy(update=changes)


def load_incident(path: Path, catalog: Catalog, model_names: list[str] | None = None) -> Incident:
    """Read and verify one incident file; every error names the file, the line and the field."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path} is not a regular file", location=Location(path))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(
            f"incident log is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB",
            location=Location(path),
        )
    incident_id = path.stem
    if not ID_PATTERN.match(incident_id):
        raise InputError(f"'{incident_id}' is not a valid incident ID", location=Location(path))
    return _parse_incident(path.read_bytes(), path, incident_id, catalog, model_names)


def _parse_incident(
    content: bytes,
    path: Path,
    incident_id: str,
    catalog: Catalog,
    model_names: list[str] | None,
) -> Incident:
    lines = [raw for raw in content.split(b"\n") if raw.strip()]
    if not lines:
        raise InputError("incident log is empty", location=Location(path, 1))
    fields = IncidentFields()
    submissions: list[Submission] = []
    resolution: Resolution | None = None
    events: list[Event] = []
    prev: str | None = None
    for number, raw in enumerate(lines, start=1):
        event: Event = _validate(Event, _parse_line(raw, path, number), path, number, "")
        expected = _digest(event.seq, _iso(event.at), event.event, event.data, event.prev)
        if event.seq != number or event.prev != prev or event.hash != expected:
            raise InputError(
                "the hash chain is broken: a line was edited, removed or reordered",
                location=Location(path, number),
                hint="the log is append-only; restore it from git and record changes with "
                "`gpaikit incident update`",
            )
        if events and event.at < events[-1].at:
            raise InputError("events go back in time", location=Location(path, number, "at"))
        if number == 1 and event.event != "opened":
            raise InputError("the first event must be 'opened'", location=Location(path, 1))
        if number > 1 and event.event == "opened":
            raise InputError("the incident is opened twice", location=Location(path, number))
        if event.event in ("opened", "updated"):
            update = _validate(IncidentFields, event.data, path, number, "data")
            fields = _merge(fields, update)
        elif event.event == "submitted":
            submissions.append(_validate(Submission, event.data, path, number, "data"))
        else:
            if resolution is not None:
                raise InputError("the incident is resolved twice", location=Location(path, number))
            resolution = _validate(Resolution, event.data, path, number, "data")
        events.append(event)
        prev = event.hash
    _check_fields(fields, path, catalog, model_names)
    return Incident(
        id=incident_id,
        file=path,
        fields=fields,
        submissions=tuple(submissions),
        resolution=resolution,
        events=tuple(events),
    )


def _check_fields(
    fields: IncidentFields, path: Path, catalog: Catalog, model_names: list[str] | None
) -> None:
    for name in ("model", "title", "types", "aware_on"):
        if getattr(fields, name) in (None, ()):
            raise InputError(
                f"the incident has no '{name}'", location=Location(path, 1, f"data.{name}")
            )
    known = [t.key for t in catalog.incident_types()]
    for key in fields.types or ():
        if key not in known:
            raise InputError(
                f"unknown incident type '{key}'",
                location=Location(path, None, "data.types"),
                hint=f"one of {', '.join(known)}",
            )
    if model_names is not None and fields.model not in model_names:
        raise InputError(
            f"no model named '{fields.model}' in the workspace",
            location=Location(path, None, "data.model"),
            hint=f"declared models: {', '.join(model_names)}",
        )


def _folder(workspace: Workspace) -> Path | None:
    return workspace.root / INCIDENT_DIR if workspace.root is not None else None


def load_incidents(workspace: Workspace, catalog: Catalog) -> tuple[Incident, ...]:
    """Every incident of the workspace's log, sorted by ID (none without a log folder)."""
    folder = _folder(workspace)
    if folder is None or not folder.is_dir():
        return ()
    files = sorted(p for p in folder.iterdir() if p.suffix == ".jsonl")
    if len(files) > MAX_FILES:
        raise InputError(f"more than {MAX_FILES} incident files", location=Location(folder))
    names = [m.name for m in workspace.models]
    found = tuple(load_incident(p, catalog, names) for p in files)
    ids = {i.id for i in found}
    for incident in found:
        target = incident.fields.bundled_into
        if target is not None and (target not in ids or target == incident.id):
            raise InputError(
                f"bundled_into names no other incident ('{target}')",
                location=Location(incident.file, None, "data.bundled_into"),
            )
    return found


def new_incident_id(workspace: Workspace, year: int) -> str:
    """The next free ``INC-<year>-<NNN>``."""
    folder = _folder(workspace)
    taken = {p.stem for p in folder.glob("*.jsonl")} if folder and folder.is_dir() else set()
    number = 1
    while f"INC-{year}-{number:03d}" in taken:
        number += 1
    return f"INC-{year}-{number:03d}"


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def append_incident_event(
    workspace: Workspace,
    catalog: Catalog,
    incident_id: str,
    event: EventKind,
    data: dict[str, Any],
    *,
    at: dt.datetime,
) -> Incident:
    """Append one event (``opened`` creates the file) and return the incident as it now stands.

    The new content is validated as a whole before anything is written, and the file is
    replaced atomically, so a failure leaves the log as it was.
    """
    folder = _folder(workspace)
    if folder is None:
        raise InputError("the workspace has no directory for its incident log")
    if not ID_PATTERN.match(incident_id):
        raise InputError(
            f"'{incident_id}' is not a valid incident ID",
            hint="letters, digits, '.', '_' and '-', at most 64 characters",
        )
    path = folder / f"{incident_id}.jsonl"
    with _locked(folder):
        exists = path.exists()
        if event == "opened" and exists:
            raise InputError(f"incident {incident_id} already exists", location=Location(path))
        if event != "opened" and not exists:
            raise InputError(
                f"no incident {incident_id}", hint="list them with `gpaikit incident list`"
            )
        text = path.read_text(encoding="utf-8") if exists else ""
        names = [m.name for m in workspace.models]
        previous = load_incident(path, catalog, names) if exists else None
        seq = len(previous.events) + 1 if previous else 1
        prev = previous.events[-1].hash if previous else None
        stamp = _iso(at)
        clean = json.loads(json.dumps(data, default=str))
        line = json.dumps(
            {
                "seq": seq,
                "at": stamp,
                "event": event,
                "data": clean,
                "prev": prev,
                "hash": _digest(seq, stamp, event, clean, prev),
            },
            sort_keys=True,
            ensure_ascii=False,
        )
        new_text = (text if not text or text.endswith("\n") else text + "\n") + line + "\n"
        incident = _parse_incident(new_text.encode("utf-8"), path, incident_id, catalog, names)
        atomic_write_text(path, new_text)
    return incident

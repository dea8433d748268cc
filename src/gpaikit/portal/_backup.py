"""``gpaikit portal backup|restore``: a logical backup that moves between SQLite and PostgreSQL.

A backup is one ZIP file: ``manifest.json`` (format, schema revision, row count and SHA-256 of
every table, the audit log's head) and ``tables/<table>.jsonl`` (one JSON object per row,
binary content in base64). It is read from one consistent snapshot and written to a temporary
file renamed into place. Sessions and rate-limit counters are not kept (a restore signs
everybody out). A restore goes into an empty database at the same schema revision, checks every
hash and the audit chain before it writes, and writes in one transaction: all or nothing.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, LargeBinary, Table, func, insert, select, text, update
from sqlalchemy.orm import Session

from gpaikit._exceptions import InputError
from gpaikit._io import check_output_file
from gpaikit.portal._audit import GENESIS, _check
from gpaikit.portal._db import Database, head_revision, schema_revision, utcnow
from gpaikit.portal._tables import AuditHead, AuditRow, Base, User, Version

__all__ = ["BACKUP_TABLES", "backup", "restore"]

FORMAT = "gpaikit-portal-backup"
BACKUP_TABLES = (
    "settings",
    "organisations",
    "users",
    "invitations",
    "api_tokens",
    "blobs",
    "versions",
    "site_files",
    "downstream_requests",
    "authority_requests",
    "complaints",
    "messages",
    "attachments",
    "incidents",
    "incident_clocks",
    "audit_log",
)
"""Tables a backup holds, in an order that satisfies their foreign keys."""
MAX_MEMBER = 8 * 1024 * 1024 * 1024
MAX_LINE = 512 * 1024 * 1024
_SERIAL = (
    "organisations",
    "users",
    "invitations",
    "api_tokens",
    "site_files",
    "downstream_requests",
    "authority_requests",
    "complaints",
    "messages",
    "attachments",
    "incident_clocks",
)


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _encode(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return {"b64": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _decode(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in table.columns:
        if column.name not in row:
            raise InputError(f"backup table {table.name}: a row has no column {column.name}")
        value = row[column.name]
        if value is not None:
            if isinstance(column.type, LargeBinary):
                value = base64.b64decode(value["b64"], validate=True)
            elif isinstance(column.type, DateTime):
                value = dt.datetime.fromisoformat(value)
            elif isinstance(column.type, Date):
                value = dt.date.fromisoformat(value)
        out[column.name] = value
    return out


def _rows(s: Session, name: str) -> Iterator[dict[str, Any]]:
    table = _table(name)
    order = list(table.primary_key.columns)
    for row in s.execute(select(table).order_by(*order)).mappings():
        yield {k: _encode(v) for k, v in row.items()}


def backup(db: Database, out: Path, *, force: bool = False) -> dict[str, Any]:
    """Write a backup of ``db`` to ``out``; returns the manifest."""
    out = check_output_file(out, force=force)  # not a directory, link or special file
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": 1,
        "schema": schema_revision(db),
        "created_at": utcnow().isoformat(),
        "dialect": db.dialect,
        "tables": {},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.")
    staging = Path(temporary)
    try:
        with (
            os.fdopen(fd, "wb") as handle,
            zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
            with db.read() as s:
                if db.dialect == "postgresql":
                    s.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
                for name in BACKUP_TABLES:
                    digest, count = hashlib.sha256(), 0
                    with archive.open(f"tables/{name}.jsonl", "w", force_zip64=True) as member:
                        for row in _rows(s, name):
                            line = (json.dumps(row, sort_keys=True) + "\n").encode("utf-8")
                            digest.update(line)
                            member.write(line)
                            count += 1
                    manifest["tables"][name] = {"rows": count, "sha256": digest.hexdigest()}
                head = s.scalars(select(AuditHead).where(AuditHead.id == 1)).one()
                manifest["audit_head"] = {"seq": head.seq, "hash": head.hash}
            archive.writestr("manifest.json", json.dumps(manifest, indent=2, sort_keys=True))
            archive.close()
            handle.flush()
            os.fsync(handle.fileno())  # a crash after the rename must not leave a cut archive
        staging.replace(out)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    return manifest


def _lines(archive: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    info = archive.getinfo(name)
    if info.file_size > MAX_MEMBER:
        raise InputError(f"backup member {name} is larger than {MAX_MEMBER:,} bytes")
    with archive.open(info) as member:
        while line := member.readline(MAX_LINE + 1):
            if len(line) > MAX_LINE or not line.endswith(b"\n"):
                raise InputError(f"backup member {name} has an over-long or cut line")
            yield line


def _manifest(archive: zipfile.ZipFile, source: Path) -> dict[str, Any]:
    try:
        raw = archive.read("manifest.json")
    except KeyError:
        raise InputError(f"{source} is not a gpaikit portal backup (no manifest.json)") from None
    if len(raw) > 1024 * 1024:
        raise InputError(f"{source}: manifest.json is too large")
    manifest = json.loads(raw)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InputError(f"{source} is not a gpaikit portal backup")
    if manifest.get("schema") != head_revision():
        raise InputError(
            f"{source} has schema {manifest.get('schema')!r}; this gpaikit has {head_revision()}",
            hint="restore with the gpaikit version that made the backup, then upgrade",
        )
    return manifest


def restore(db: Database, source: Path) -> dict[str, int]:
    """Load the backup ``source`` into the empty database ``db``; returns rows per table."""
    try:
        archive = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as exc:
        raise InputError(f"cannot read {source}: {exc}") from None
    with archive:
        manifest = _manifest(archive, source)
        tables: dict[str, list[dict[str, Any]]] = {}
        for name in BACKUP_TABLES:
            entry = manifest["tables"].get(name)
            if not isinstance(entry, dict):
                raise InputError(f"{source}: the manifest lists no table {name}")
            digest, rows = hashlib.sha256(), []
            for line in _lines(archive, f"tables/{name}.jsonl"):
                digest.update(line)
                rows.append(_decode(_table(name), json.loads(line)))
            if digest.hexdigest() != entry.get("sha256") or len(rows) != entry.get("rows"):
                raise InputError(f"{source}: table {name} does not match its manifest entry")
            tables[name] = rows
    _check_chain(tables["audit_log"], manifest.get("audit_head", {}), source)
    with db.write() as s:
        if (
            s.scalar(select(func.count()).select_from(User))
            or s.scalar(select(func.count()).select_from(Version))
            or s.scalar(select(func.count()).select_from(AuditRow))
        ):
            raise InputError("the target database is not empty", hint="restore into a new one")
        s.execute(_table("settings").delete())
        for name in BACKUP_TABLES:
            if tables[name]:
                s.execute(insert(_table(name)), tables[name])
        head = manifest["audit_head"]
        s.execute(
            update(AuditHead).where(AuditHead.id == 1).values(seq=head["seq"], hash=head["hash"])
        )
        if db.dialect == "postgresql":
            for name in _SERIAL:
                s.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
                    )
                )
    return {name: len(rows) for name, rows in tables.items()}


def _check_chain(rows: list[dict[str, Any]], head: dict[str, Any], source: Path) -> None:
    prev, expected = GENESIS, 1
    for row in rows:
        problem = _check(AuditRow(**row), expected, prev)
        if problem:
            raise InputError(f"{source}: the audit log in the backup is broken: {problem}")
        prev, expected = row["hash"], row["seq"] + 1
    if head.get("seq") != expected - 1 or head.get("hash") != prev:
        raise InputError(f"{source}: the audit head does not match the audit log")

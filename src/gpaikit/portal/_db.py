"""The database: one URL, SQLite (a file, embedded) or PostgreSQL (a shared server).

SQLite runs in WAL mode with ``synchronous=FULL``: a request acknowledged to its sender has
been committed to disk, so killing the server loses nothing acknowledged. Writers take the
write lock when their transaction begins (``BEGIN IMMEDIATE``), so two writers never deadlock
on a lock upgrade; readers never wait for writers. PostgreSQL needs no such care.

Migrations are Alembic's, shipped in ``migrations/``; :func:`migrate` brings any database to
the current schema (under an advisory lock on PostgreSQL, so servers starting together take
turns).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from gpaikit._exceptions import InputError
from gpaikit.portal._tables import Setting

__all__ = ["Database", "open_database", "utcnow"]

MIGRATIONS = Path(__file__).parent / "migrations"
_LOCK_ID = 0x67706169  # "gpai": the advisory lock taken while migrating PostgreSQL
_WRITE = "gpaikit_write"


def utcnow() -> dt.datetime:
    """Now, naive UTC to the second (how every time is stored)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _normalise(url: str) -> str:
    """``postgresql://`` means psycopg 3; anything but SQLite and PostgreSQL is refused."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise InputError(
            f"--db {url!r} is not a database URL",
            hint="use sqlite:///portal.sqlite3 or postgresql://user@host/dbname",
        ) from exc
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if backend == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise InputError(
                "an in-memory SQLite database cannot be shared by the server's threads",
                hint="name a file: sqlite:///portal.sqlite3",
            )
        return url
    raise InputError(
        f"--db: unsupported database {backend!r}",
        hint="use sqlite:///FILE or postgresql://user@host/dbname",
    )


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _connect(dbapi: Any, _record: Any) -> None:
        dbapi.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        cursor = dbapi.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@dataclass
class Database:
    """An engine and two session factories: reads, and writes (which lock early on SQLite)."""

    url: str
    engine: Engine
    _read: sessionmaker[Session]
    _write: sessionmaker[Session]

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that commits when the block ends and rolls back on any error."""
        with self._write() as session, session.begin():
            yield session

    def setting(self, key: str) -> str | None:
        with self.read() as s:
            return s.scalar(select(Setting.value).where(Setting.key == key))

    def secret(self) -> bytes:
        """The deployment's HMAC key (CSRF tokens of anonymous forms, hashed addresses),
        made once and shared by every server through the database."""
        found = self.setting("secret")
        if found is None:
            with self.write() as s:
                found = s.scalar(select(Setting.value).where(Setting.key == "secret"))
                if found is None:
                    found = secrets.token_hex(32)
                    s.add(Setting(key="secret", value=found))
        return bytes.fromhex(found)

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str, *, migrate_schema: bool = True) -> Database:
    """Connect to ``url`` and (by default) migrate it to the current schema."""
    normal = _normalise(url)
    if normal.startswith("sqlite"):
        engine = _sqlite_engine(normal)
    else:
        engine = create_engine(normal, pool_pre_ping=True, pool_size=10, max_overflow=20)
    db = Database(
        url=url,
        engine=engine,
        _read=sessionmaker(engine, expire_on_commit=False),
        _write=sessionmaker(engine.execution_options(**{_WRITE: True}), expire_on_commit=False),
    )
    if migrate_schema:
        migrate(db)
    return db


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(db: Database, revision: str = "head") -> None:
    """Upgrade the schema to ``revision`` (idempotent)."""
    from alembic import command

    with db.engine.connect() as connection:
        if db.dialect == "postgresql":
            connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _LOCK_ID})
            connection.commit()
        try:
            command.upgrade(_alembic_config(connection), revision)
            connection.commit()
        finally:
            if db.dialect == "postgresql":
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _LOCK_ID})
                connection.commit()


def schema_revision(db: Database) -> str | None:
    """The Alembic revision the database is at (``None`` before the first migration)."""
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as connection:
        rev: str | None = MigrationContext.configure(connection).get_current_revision()
        return rev


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    with db_free_config() as config:
        head = ScriptDirectory.from_config(config).get_current_head()
    if head is None:  # pragma: no cover - the package ships its migrations
        raise RuntimeError("no migration found")
    return head


@contextmanager
def db_free_config() -> Iterator[Any]:
    yield _alembic_config(None)

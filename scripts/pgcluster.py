"""A throwaway PostgreSQL cluster in a temporary directory, for the portal's tests and benchmark.

The cluster listens on a Unix socket inside its own directory only (no TCP port), trusts local
connections, and is removed with its directory when the context ends. ``initdb`` refuses to run
as root, so as root the cluster runs as the ``postgres`` system user that Debian's package
creates (``scripts/ensure-postgres.sh`` installs it). Run as a script it starts a cluster,
prints its URL and waits for Ctrl-C::

    python scripts/pgcluster.py        # postgresql://gpaikit@/postgres?host=/tmp/gpaikit-pg-...
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Cluster", "find_binaries", "throwaway_cluster"]

USER = "gpaikit"


def find_binaries() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl`` (Debian's newest, or the one on PATH)."""
    debian = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if debian:
        return debian[-1].parent
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


@dataclass(frozen=True)
class Cluster:
    socket_dir: Path
    bin_dir: Path

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@/{database}?host={self.socket_dir}"

    def create_database(self, name: str, template: str | None = None) -> str:
        """A new database (a copy of ``template`` if given); returns its URL."""
        import psycopg

        with psycopg.connect(
            host=str(self.socket_dir), user=USER, dbname="postgres", autocommit=True
        ) as conn:
            extra = f' TEMPLATE "{template}"' if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{extra}')  # type: ignore[arg-type]
        return self.url(name)

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(
            host=str(self.socket_dir), user=USER, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


def _runner() -> list[str]:
    """How to run the server binaries: as ``postgres`` when we are root."""
    if os.geteuid() != 0:
        return []
    pwd.getpwnam("postgres")  # KeyError: install the postgresql package first
    return ["runuser", "-u", "postgres", "--"]


@contextlib.contextmanager
def throwaway_cluster(*, durable: bool = False) -> Iterator[Cluster]:
    """Start a cluster for the duration of the block. ``durable=False`` turns fsync off (tests
    gain speed; a crash of PostgreSQL itself could lose data, which no test provokes)."""
    bin_dir = find_binaries()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (run scripts/ensure-postgres.sh as root)")
    run = _runner()
    root = Path(tempfile.mkdtemp(prefix="gpaikit-pg-"))
    if run:
        entry = pwd.getpwnam("postgres")
        os.chown(root, entry.pw_uid, entry.pw_gid)
    root.chmod(0o700)
    data, log = root / "data", root / "server.log"
    options = [
        f"-k {root}",
        "-c listen_addresses=''",
        "-c max_connections=200",
        "-c shared_buffers=64MB",
    ]
    if not durable:
        options += ["-c fsync=off", "-c full_page_writes=off"]
    try:
        subprocess.run(
            [
                *run,
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                USER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                *run,
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(log),
                "-w",
                "-t",
                "60",
                "-o",
                " ".join(options),
                "start",
            ],
            check=True,
            capture_output=True,
        )
        yield Cluster(socket_dir=root, bin_dir=bin_dir)
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [*run, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                check=False,
                capture_output=True,
            )
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    with throwaway_cluster(durable=True) as cluster:
        print(cluster.url(), flush=True)
        with contextlib.suppress(KeyboardInterrupt, EOFError):
            sys.stdin.read() if not sys.stdin.isatty() else input()

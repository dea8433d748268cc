"""Load test of the portal on loopback: a real `gpaikit serve` process per database, concurrent
clients on the public pages and the downstream request form, bounded in time.

    .venv/bin/python bench/portal.py [--clients 50] [--duration 60] [--only sqlite,postgresql]

Each client keeps one connection and loops: four in five iterations read a public page (the
start page, a published site page, a published document, the complaint form), one in five sends
the downstream request form (an HTML form post with its session and CSRF token, which writes
the request, its first message and an audit entry, and answers 303). The named baseline is the
same server answering ``/healthz`` (no database) under the same load, so the ratios show what
the database and the pages cost. SQLite runs as shipped (WAL, synchronous=FULL: one fsync per
acknowledged write); PostgreSQL is a throwaway cluster with fsync on (scripts/pgcluster.py).
Clients and server share the machine (2 cores here), so the figures are a floor, not a peak.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gpaikit.dossier import build_site
from gpaikit.portal import (
    PortalSettings,
    add_organisation,
    open_database,
    publish_site,
)
from gpaikit.portal._accounts import open_session
from gpaikit.portal._db import utcnow
from gpaikit.portal._guard import SESSION_COOKIE
from gpaikit.portal._secrets import hash_password
from gpaikit.portal._tables import User
from gpaikit.signing import PublicKey, SigningKey

REPO = Path(__file__).resolve().parent.parent
SERVE = [sys.executable, "-c", "from gpaikit.cli import main; main()", "serve"]
PUBLIC = (
    "/",
    "/public/v/1/index.html",
    "/public/v/1/docs/helios-ultra/training_summary/public.html",
    "/complaints/new",
)


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    def add(self, seconds: float, ok: bool) -> None:
        self.latencies.append(seconds)
        self.errors += not ok

    def row(self, name: str, duration: float) -> str:
        n = len(self.latencies)
        if not n:
            return f"{name:<28}{0:>9}"
        ordered = sorted(self.latencies)
        p50 = ordered[n // 2] * 1000
        p99 = ordered[min(n - 1, int(n * 0.99))] * 1000
        return (
            f"{name:<28}{n:>9}{n / duration:>10.1f}{p50:>10.1f}{p99:>10.1f}"
            f"{100 * self.errors / n:>9.2f}%"
        )

    def throughput(self, duration: float) -> float:
        return len(self.latencies) / duration


def _pgcluster() -> object:
    spec = importlib.util.spec_from_file_location("pgcluster", REPO / "scripts" / "pgcluster.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["pgcluster"] = module
    spec.loader.exec_module(module)
    return module


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _seed(url: str, site: Path, key: PublicKey, clients: int) -> list[str]:
    """Publish the demo dossier (signed with ``key``); one downstream user with a session per
    client."""
    db = open_database(url)
    try:
        publish_site(db, site, actor="bench", keys=[key])
        add_organisation(db, "Bench Integrator", "downstream", "downstream_provider", "bench")
        with db.write() as s:
            from gpaikit.portal._tables import Organisation

            org = s.query(Organisation).filter_by(name="Bench Integrator").one()
            user = User(
                email="bench@integrator.example",
                name="bench",
                password_hash=hash_password("bench password long"),
                role="downstream",
                organisation_id=org.id,
                active=True,
                created_at=utcnow(),
            )
            s.add(user)
            s.flush()
            user_id = user.id
        settings = PortalSettings(db_url=url)
        tokens = []
        for _ in range(clients):
            opened = open_session(db, settings, user_id=user_id)
            assert opened is not None
            tokens.append(opened[0])
        return tokens
    finally:
        db.dispose()


@contextlib.contextmanager
def _server(url: str) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [*SERVE, "--db", url, "--port", str(port), "--insecure-cookies"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            time.sleep(0.1)
        else:
            raise RuntimeError("the server did not start")
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


async def _client(
    base: str,
    session: str | None,
    until: float,
    stats: dict[str, Stats],
    n: int,
    baseline: bool,
) -> None:
    cookies = {SESSION_COOKIE: session} if session else {}
    async with httpx.AsyncClient(base_url=base, cookies=cookies, timeout=30) as http:
        csrf = None
        if not baseline:
            form = await http.get("/downstream/requests/new")
            found = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
            csrf = found.group(1) if found else None
        k = n  # spread the clients over the mix
        while time.monotonic() < until:
            k += 1
            start = time.perf_counter()
            try:
                if baseline:
                    kind = "baseline /healthz"
                    response = await http.get("/healthz")
                    ok = response.status_code == 200
                elif k % 5 == 0:
                    kind = "request form (POST)"
                    response = await http.post(
                        "/downstream/requests",
                        data={"subject": f"bench {n}/{k}", "body": "load", "csrf_token": csrf},
                    )
                    ok = response.status_code == 303
                else:
                    kind = "public pages (GET)"
                    response = await http.get(PUBLIC[k % len(PUBLIC)])
                    ok = response.status_code == 200
            except httpx.HTTPError:
                kind, ok = "errors", False
            stats.setdefault(kind, Stats()).add(time.perf_counter() - start, ok)


def _run(base: str, sessions: list[str], duration: float, baseline: bool) -> dict[str, Stats]:
    stats: dict[str, Stats] = {}

    async def main() -> None:
        until = time.monotonic() + duration
        await asyncio.gather(
            *(_client(base, s, until, stats, n, baseline) for n, s in enumerate(sessions))
        )

    asyncio.run(main())
    return stats


def _report(label: str, stats: dict[str, Stats], duration: float) -> float:
    total = Stats()
    for name, s in sorted(stats.items()):
        print(f"  {label:<11}" + s.row(name, duration))
        total.latencies += s.latencies
        total.errors += s.errors
    if len(stats) > 1:
        print(f"  {label:<11}" + total.row("all", duration))
    return total.throughput(duration)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--only", default="sqlite,postgresql")
    args = parser.parse_args()
    if not (1 <= args.clients <= 500 and 1 <= args.duration <= 600):
        parser.error("--clients 1-500 and --duration 1-600 (the load test is bounded)")
    backends = [b for b in args.only.split(",") if b]
    work = Path(tempfile.mkdtemp(prefix="gpaikit-bench-portal-"))
    try:
        ws = work / "frontier-lab"
        shutil.copytree(REPO / "examples" / "frontier-lab", ws)
        import datetime as dt

        key = SigningKey(Ed25519PrivateKey.generate())
        build_site(ws, work / "site", as_of=dt.date(2026, 11, 28), record=False, sign=key)
        print(
            f"portal load test: {args.clients} clients, {args.duration:.0f} s per run, loopback, "
            f"{os.cpu_count()} cores shared by clients and server"
        )
        print(
            f"  {'backend':<11}{'scenario':<28}{'requests':>9}{'req/s':>10}{'p50 ms':>10}"
            f"{'p99 ms':>10}{'errors':>10}"
        )
        results: dict[str, float] = {}
        for backend in backends:
            with contextlib.ExitStack() as stack:
                if backend == "sqlite":
                    url = f"sqlite:///{work / 'bench.sqlite3'}"
                elif backend == "postgresql":
                    pg = _pgcluster()
                    if pg.find_binaries() is None:  # type: ignore[attr-defined]
                        print("  postgresql: skipped (run scripts/ensure-postgres.sh as root)")
                        continue
                    cluster = stack.enter_context(pg.throwaway_cluster(durable=True))  # type: ignore[attr-defined]
                    url = cluster.create_database("bench")
                else:
                    parser.error(f"unknown backend {backend}")
                sessions = _seed(url, work / "site", key.public, args.clients)
                base = stack.enter_context(_server(url))
                if "baseline" not in results:
                    stats = _run(base, [""] * args.clients, args.duration, baseline=True)
                    results["baseline"] = _report("baseline", stats, args.duration)
                stats = _run(base, sessions, args.duration, baseline=False)
                results[backend] = _report(backend, stats, args.duration)
        base_rate = results.get("baseline")
        for backend in backends:
            if backend in results and base_rate:
                print(
                    f"  ratio {backend} / baseline (/healthz) throughput: "
                    f"{results[backend] / base_rate:.2f}"
                )
        if "sqlite" in results and "postgresql" in results:
            print(
                "  ratio postgresql / sqlite throughput: "
                f"{results['postgresql'] / results['sqlite']:.2f}"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

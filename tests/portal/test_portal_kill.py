"""Killing the server with SIGKILL while it writes loses no acknowledged request.

A real `gpaikit serve` process on loopback takes downstream requests from several clients at
once; after a bounded burst it is killed with SIGKILL (no shutdown, no flush). Every request the
server acknowledged (201 with its number) must then be in the database with its content, the
audit chain must still verify, and the database must take writes again."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from portal_helpers import Clients

from gpaikit.portal import open_database, verify_audit
from gpaikit.portal._tables import DownstreamRequest

CLIENTS = 6
BURST_SECONDS = 1.5
MAX_REQUESTS = 3000
SERVE = [sys.executable, "-c", "from gpaikit.cli import main; main()", "serve"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.contextmanager
def _server(url: str) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = _free_port()
    env = {**os.environ, "GPAIKIT_PORTAL_DB": url}
    process = subprocess.Popen(
        [*SERVE, "--port", str(port), "--insecure-cookies"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
            if process.poll() is not None:
                raise AssertionError(process.stderr.read().decode() if process.stderr else "")
        else:
            raise AssertionError("the server did not start within 60 s")
        yield process, base
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        if process.stderr:
            process.stderr.close()


@pytest.mark.slow
def test_sigkill_during_writes_loses_no_acknowledged_request(
    portal: Callable[..., Clients],
) -> None:
    c = portal()
    url, token = c.db.url, c.tokens["downstream"]
    c.db.dispose()
    acknowledged: dict[int, str] = {}
    lock = threading.Lock()
    stop = threading.Event()
    sent = [0]

    def client(n: int, base: str) -> None:
        with httpx.Client(base_url=base, timeout=10) as http:
            k = 0
            while not stop.is_set():
                with lock:
                    if sent[0] >= MAX_REQUESTS:
                        return
                    sent[0] += 1
                subject = f"client {n} request {k}"
                k += 1
                try:
                    response = http.post(
                        "/api/v1/requests",
                        json={"subject": subject, "body": "durability"},
                        headers={"Authorization": f"Bearer {token}"},
                    )
                except httpx.HTTPError:
                    return  # the server is gone
                if response.status_code == 201:
                    with lock:
                        acknowledged[response.json()["id"]] = subject

    with _server(url) as (process, base):
        threads = [threading.Thread(target=client, args=(n, base)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        time.sleep(BURST_SECONDS)
        os.killpg(process.pid, signal.SIGKILL)  # mid-write: the clients are still sending
        process.wait(timeout=30)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert len(acknowledged) >= 10, "the burst wrote too little to test anything"
    print(f"{len(acknowledged)} acknowledged of {sent[0]} sent before SIGKILL")
    db = open_database(url)
    try:
        with db.read() as s:
            stored = {
                r.id: r.subject
                for r in s.query(DownstreamRequest).filter(
                    DownstreamRequest.id.in_(list(acknowledged))
                )
            }
        assert stored == acknowledged
        assert verify_audit(db).ok
    finally:
        db.dispose()
    with _server(url) as (_, base):  # and the portal starts again on the same database
        response = httpx.post(
            f"{base}/api/v1/requests",
            json={"subject": "after the crash", "body": "?"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert response.status_code == 201
        assert response.json()["id"] > max(acknowledged)

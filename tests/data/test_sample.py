from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from gpaikit.data import write_sample


def test_sample_is_deterministic_and_zipf_shaped(tmp_path: Path) -> None:
    a = write_sample(tmp_path / "a", 20_000, seed=3)
    b = write_sample(tmp_path / "b", 20_000, seed=3, threads=1)
    ta = pq.read_table(a.manifest).sort_by("url")
    tb = pq.read_table(b.manifest).sort_by("url")
    assert ta.equals(tb)
    assert pq.read_table(a.robots).equals(pq.read_table(b.robots))
    hosts: dict[str, int] = {}
    for url in ta.column("url").to_pylist():
        host = url.split("/")[2] if "://" in url else ""
        hosts[host] = hosts.get(host, 0) + 1
    counts = sorted(hosts.values(), reverse=True)
    assert counts[0] > 20 * counts[len(counts) // 2]  # a heavy head, a long tail
    robots = pq.read_table(a.robots).to_pylist()
    statuses = {r["http_status"] for r in robots}
    assert {200, 404, 503, None} <= statuses  # includes missing files and unreachable hosts

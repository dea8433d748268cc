"""The public summary's top-domain list follows the rule exactly on a real data-summary artefact.

The artefact is made by ``gpaikit.data.summarize`` over a manifest the test writes; the forms
engine reads ``artifacts/data-summary/summary.json`` of the workspace. Rule (reference §15):
``ceil(10 % x N)`` domains ranked by content size; SMEs ``min(ceil(5 % x N), 1000)``; domains
tied with the last required one are all listed (choosing between equals would be arbitrary).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path

import pytest

from gpaikit.dossier import build_documents
from gpaikit.law import load_catalog
from gpaikit.workspace import load_workspace

pytest.importorskip("duckdb")


def _manifest(path: Path, volumes: dict[str, int]) -> Path:
    lines = ["url,fetch_time,http_status,content_length"]
    for domain, volume in volumes.items():
        lines.append(f"https://www.{domain}/page,2025-03-01T00:00:00Z,200,{volume}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _domains(
    tmp_path: Path, volumes: dict[str, int], size: str, make: Callable[..., Path]
) -> list[str]:
    from gpaikit.data import make_engine, summarize

    root = make(tmp_path / f"ws-{size}", size=size)
    manifest = _manifest(tmp_path / f"crawl-{size}.csv", volumes)
    summarize([manifest], root / "artifacts" / "data-summary", make_engine("duckdb", threads=1))
    workspace = load_workspace(root)
    documents, _ = build_documents(workspace, as_of=dt.date(2026, 11, 28), ledger=None)
    summary = next(d for d in documents if d.form.spec.id == "training_summary")
    return list(summary.form.value("TS.2.3.domains"))


def _ranked(n: int) -> dict[str, int]:
    # distinct volumes, largest first: d000.com is the biggest
    return {f"d{i:03d}.com": (n - i) * 1000 for i in range(n)}


def test_rule_numbers_come_from_the_catalog() -> None:
    catalog = load_catalog()
    assert catalog.value("TPL.domains.top_fraction") == 0.10
    assert catalog.value("TPL.domains.top_fraction_sme") == 0.05
    assert catalog.value("TPL.domains.top_cap_sme") == 1000


@pytest.mark.parametrize(("n", "large", "sme"), [(25, 3, 2), (20, 2, 1), (21, 3, 2), (7, 1, 1)])
def test_ten_percent_and_sme_five_percent_rounded_up(
    tmp_path: Path, make_workspace: Callable[..., Path], n: int, large: int, sme: int
) -> None:
    volumes = _ranked(n)
    assert large == math.ceil(0.10 * n) and sme == min(math.ceil(0.05 * n), 1000)
    expected = list(volumes)
    assert _domains(tmp_path, volumes, "large", make_workspace) == expected[:large]
    assert _domains(tmp_path, volumes, "sme", make_workspace) == expected[:sme]


def test_ties_at_the_cut_off_are_all_listed(
    tmp_path: Path, make_workspace: Callable[..., Path]
) -> None:
    volumes = _ranked(25)
    volumes["d003.com"] = volumes["d002.com"]  # tied with the 3rd (last required) domain
    assert _domains(tmp_path, volumes, "large", make_workspace) == [
        "d000.com",
        "d001.com",
        "d002.com",
        "d003.com",
    ]


@pytest.mark.slow
def test_sme_cap_of_one_thousand_domains(
    tmp_path: Path, make_workspace: Callable[..., Path]
) -> None:
    n = 20_100  # 5 % would be 1,005 domains; the cap is lower
    volumes = {f"d{i:05d}.com": (n - i) * 10 for i in range(n)}
    listed = _domains(tmp_path, volumes, "sme", make_workspace)
    assert len(listed) == 1000
    assert listed == list(volumes)[:1000]

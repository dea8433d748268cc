"""Version chains: a stale version swapped in, a published version replaced, a chain edited."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gpaikit.dossier import LEDGER_DIR, build_site
from gpaikit.forms import link_hash
from gpaikit.signing import SigningKey, generate_key
from tests.dossier.verify_helpers import (
    AS_OF,
    FRONTIER,
    copy_site,
    details,
    resign,
    verdict,
)

LING = "All 24 official EU languages; English about 40 %."


def _answer(ws: Path, text: str) -> None:
    path = ws / "gpaikit.yaml"
    path.write_text(path.read_text().replace(LING, text).replace(_current(ws), text))


def _current(ws: Path) -> str:
    for line in (ws / "gpaikit.yaml").read_text().splitlines():
        if "TS.1.3.ling:" in line:
            return line.split("TS.1.3.ling:", 1)[1].strip()
    raise AssertionError("no TS.1.3.ling")


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, SigningKey]:
    """Version 1 and version 2 of the public summary, both signed and recorded."""
    root = tmp_path_factory.mktemp("versions")
    key = generate_key(root / "k")
    ws = root / "ws"
    shutil.copytree(FRONTIER, ws)
    build_site(ws, root / "v1", as_of=AS_OF, binary_formats=False, sign=key)
    _answer(ws, "All 24 official EU languages; English about 35 %.")
    build_site(ws, root / "v2", as_of=AS_OF, binary_formats=False, sign=key)
    return root / "v1" / "public", root / "v2" / "public", ws, key


def test_the_second_build_chains_to_the_first(two_builds: tuple, tmp_path: Path) -> None:
    v1, v2, _, key = two_builds
    report, _status = verdict(v2, [key.public], previous=v1)
    assert report.verified, report.to_json()
    doc = next(
        d
        for m in report.predicate["models"]
        for d in m["documents"]
        if d["form"] == "training_summary"
    )
    assert [c["version"] for c in doc["chain"]] == [1, 2]
    assert doc["chain"][1]["previous"] == doc["chain"][0]["link"]
    # the public manifest does not give the content hash (it covers confidential items)
    assert all(c["content_hash"] is None for c in doc["chain"])
    report, _ = verdict(v2.parent / "ai_office", [key.public])
    doc = next(
        d
        for m in report.predicate["models"]
        for d in m["documents"]
        if d["form"] == "training_summary"
    )
    fields = ("form", "model", "version", "date", "content_hash", "commit", "previous")
    assert doc["chain"][0]["link"] == link_hash({k: doc["chain"][0][k] for k in fields})


def test_a_stale_version_swapped_in(two_builds: tuple, tmp_path: Path) -> None:
    v1, v2, _, key = two_builds
    site = copy_site(v2, tmp_path / "public")
    for p in (v1 / "docs" / "helios-ultra" / "training_summary").iterdir():
        shutil.copy(p, site / "docs" / "helios-ultra" / "training_summary" / p.name)
    old = json.loads((v1 / "data" / "documents.json").read_text())
    now = json.loads((site / "data" / "documents.json").read_text())
    now = [
        next(o for o in old if o["form"] == e["form"]) if e["form"] == "training_summary" else e
        for e in now
    ]
    (site / "data" / "documents.json").write_text(json.dumps(now))
    report, status = verdict(site, [key.public])
    assert status["files"] == "fail" and status["version-chain"] == "fail"
    assert (
        "the site shows version 1, the signed chain's latest is version 2 (a stale version)"
        in details(report, "version-chain")
    )
    # signed again as it stands: the files agree with the manifest, the chain still does not
    resign(site, key)
    report, status = verdict(site, [key.public])
    assert status["files"] == "pass" and status["version-chain"] == "fail"
    assert status["consistency"] == "fail"  # the values are not those of the signed version


def test_a_published_version_replaced(two_builds: tuple, tmp_path: Path) -> None:
    _v1, v2, ws, key = two_builds
    ws2 = tmp_path / "ws"
    shutil.copytree(ws, ws2)
    ledger = ws2 / LEDGER_DIR / "helios-ultra" / "training_summary"
    (ledger / "v2.json").unlink()  # history rewritten: version 2 replaced by another text
    _answer(ws2, "Only English.")
    build_site(ws2, tmp_path / "v2b", as_of=AS_OF, record=False, binary_formats=False, sign=key)
    rewritten = tmp_path / "v2b" / "public"
    report, status = verdict(rewritten, [key.public])
    assert report.verified  # on its own, nothing shows ...
    report, status = verdict(rewritten, [key.public], previous=v2)
    assert status["version-chain"] == "fail"  # ... against what was published, it does
    assert "version 2 published before is not in the chain now" in details(report, "version-chain")


def test_an_edited_chain_link(two_builds: tuple, tmp_path: Path) -> None:
    _, v2, _, key = two_builds
    site = copy_site(v2.parent / "ai_office", tmp_path / "ai_office")

    def edit(predicate: dict) -> None:
        for m in predicate["models"]:
            for d in m["documents"]:
                if d["form"] == "training_summary":
                    d["chain"][0]["date"] = "2026-01-01"

    resign(site, key, edit)
    report, status = verdict(site, [key.public])
    assert status["version-chain"] == "fail"
    text = details(report, "version-chain")
    assert "version 1's link hash does not match its fields" in text


def test_a_ledger_version_without_its_predecessor(two_builds: tuple, tmp_path: Path) -> None:
    _, _, ws, key = two_builds
    ws2 = tmp_path / "ws"
    shutil.copytree(ws, ws2)
    record = ws2 / LEDGER_DIR / "helios-ultra" / "training_summary" / "v2.json"
    data = json.loads(record.read_text())
    data["previous"] = None  # recorded as if it had no predecessor
    record.write_text(json.dumps(data))
    build_site(ws2, tmp_path / "out", as_of=AS_OF, record=False, binary_formats=False, sign=key)
    report, status = verdict(tmp_path / "out" / "public", [key.public])
    assert status["version-chain"] == "fail"
    assert "version 2 names no predecessor" in details(report, "version-chain")

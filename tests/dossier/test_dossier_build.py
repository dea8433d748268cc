"""The dossier site: every example builds, deterministically, atomically; it opens in Chromium."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gpaikit._exceptions import WorkspaceError
from gpaikit.dossier import AUDIENCES, LEDGER_DIR, build_site
from gpaikit.forms import load_form

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (REPO / "examples").iterdir() if (p / "gpaikit.yaml").exists())
AS_OF = dt.date(2026, 11, 28)
CHROMIUM = Path("/usr/bin/chromium")


def _copy(example: Path, tmp_path: Path) -> Path:
    target = tmp_path / example.name
    shutil.copytree(example, target)
    return target


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_example_builds(example: Path, tmp_path: Path) -> None:
    ws = _copy(example, tmp_path)
    result = build_site(ws, tmp_path / "site", as_of=AS_OF)
    site = tmp_path / "site"
    assert sorted(p.name for p in site.iterdir() if p.is_dir()) == sorted(AUDIENCES)
    office = site / "ai_office"
    assert {"assessment.json", "documents.json", "problems.json"} <= {
        p.name for p in (office / "data").iterdir()
    }
    index = (office / "index.html").read_text()
    assert "Obligations timeline" in index and "Code of Practice measures" in index
    for audience in AUDIENCES:
        page = (site / audience / "index.html").read_text()
        for d in result.documents:
            spec = d.form.spec
            shown = audience if audience in spec.recipients else "public"
            if shown not in spec.recipients:
                assert f"docs/{d.form.model.lower()}/{spec.id}/" not in page
                continue
            rel = f"docs/{d.form.model.lower()}/{spec.id}/{shown}.html"
            assert (site / audience / rel).is_file(), rel
            assert f'href="{rel}"' in page
        if audience != "ai_office":
            assert "Obligations timeline" not in page
            assert not (site / audience / "data" / "assessment.json").exists()
    assert result.new_versions == len(result.documents)
    assert (ws / LEDGER_DIR).is_dir() or not result.documents  # nothing owed, nothing recorded


def test_mdf_shows_every_item_of_the_reference(tmp_path: Path) -> None:
    ws = _copy(REPO / "examples" / "frontier-lab", tmp_path)
    build_site(ws, tmp_path / "site", as_of=AS_OF)
    pages = "".join(
        (tmp_path / "site" / r / "docs" / "helios-ultra" / "mdf" / f"{r}.html").read_text()
        for r in ("ai_office", "national_authority", "downstream_provider")
    )
    for item in load_form("mdf").items():
        assert f'id="{item.id}"' in pages, item.id


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    ws = _copy(REPO / "examples" / "frontier-lab", tmp_path)
    build_site(ws, tmp_path / "one", as_of=AS_OF)
    second = build_site(ws, tmp_path / "two", as_of=AS_OF)
    assert second.new_versions == 0
    assert _tree(tmp_path / "one") == _tree(tmp_path / "two")
    assert len(_tree(tmp_path / "one")) > 20


def test_changed_answer_gives_a_new_version(tmp_path: Path) -> None:
    ws = _copy(REPO / "examples" / "frontier-lab", tmp_path)
    build_site(ws, tmp_path / "site", as_of=AS_OF)
    text = (ws / "gpaikit.yaml").read_text()
    old = next(t for t in text.splitlines() if t.startswith("      MDF.MP.01:"))
    changed = text.replace(old, "      MDF.MP.01: Sparse mixture-of-experts transformer")
    assert changed != text
    (ws / "gpaikit.yaml").write_text(changed)
    result = build_site(ws, tmp_path / "site", as_of=AS_OF + dt.timedelta(days=1))
    assert result.new_versions == 1
    mdf = next(d for d in result.documents if d.form.spec.id == "mdf")
    assert mdf.record.version == 2
    assert (ws / LEDGER_DIR / "helios-ultra" / "mdf" / "v2.json").is_file()
    index = (tmp_path / "site" / "ai_office" / "index.html").read_text()
    assert "History: v1 (2026-11-28), v2 (2026-11-29)" in index
    data = json.loads((tmp_path / "site" / "ai_office" / "data" / "documents.json").read_text())
    entry = next(e for e in data if e["form"] == "mdf")
    assert entry["record_hash"] == mdf.record.content_hash
    assert [h["version"] for h in entry["history"]] == [1, 2]
    assert entry["retention_until"] == "2036-03-10"


def test_malformed_answer_stops_the_build_and_writes_nothing(tmp_path: Path) -> None:
    ws = _copy(REPO / "examples" / "frontier-lab", tmp_path)
    site = tmp_path / "site"
    build_site(ws, site, as_of=AS_OF)
    before = _tree(site)
    text = (ws / "gpaikit.yaml").read_text()
    (ws / "gpaikit.yaml").write_text(
        text.replace("    answers:\n", '    answers:\n      MDF.CR.02b: "2e25"\n', 1)
    )
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t == "    answers:") + 1
    with pytest.raises(WorkspaceError) as info:
        build_site(ws, site, as_of=AS_OF)
    message = info.value.render()
    assert f"gpaikit.yaml:{line}" in message and "MDF.CR.02b" in message
    assert "significant figure" in message
    assert _tree(site) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site")]
    ledger = ws / LEDGER_DIR / "helios-ultra" / "mdf"
    assert sorted(p.name for p in ledger.iterdir()) == ["v1.json"]


def test_build_command(tmp_path: Path) -> None:
    import typer

    from gpaikit.cli._build import build_command

    app = typer.Typer()
    app.command()(build_command)
    ws = _copy(REPO / "examples" / "open-weights-7b", tmp_path)
    out = tmp_path / "site"
    result = CliRunner().invoke(app, [str(ws), "--out", str(out), "--as-of", "2026-11-28"])
    assert result.exit_code == 0, result.output
    assert "built" in result.output and (out / "public" / "index.html").is_file()
    assert "publish only" in result.output
    bad = CliRunner().invoke(app, [str(tmp_path / "nowhere"), "--out", str(out)])
    assert bad.exit_code == 2


@pytest.fixture
def served_site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    ws = _copy(REPO / "examples" / "frontier-lab", tmp_path)
    site = tmp_path / "site"
    build_site(ws, site, as_of=AS_OF, record=False)
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", site
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None


def _chromium(url: str, profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is missing; run scripts/ensure-browser.sh (CI installs it)",
)
def test_site_opens_in_headless_chromium_without_errors(
    served_site: tuple[str, Path], tmp_path: Path
) -> None:
    base, site = served_site
    pages = sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        done = _chromium(f"{base}/{page}", tmp_path / "profile")
        assert done.returncode == 0, done.stderr[-2000:]
        assert "</html>" in done.stdout and "<main" in done.stdout, page
        for marker in ("Uncaught", "ERROR:CONSOLE", ":CONSOLE(", "Content Security Policy"):
            assert marker not in done.stderr, (page, done.stderr[-2000:])
    index = _chromium(f"{base}/ai_office/index.html", tmp_path / "profile").stdout
    assert "Helios Frontier AI SAS" in index and "Model Documentation Form" in index


def test_site_fetches_nothing_from_the_network(tmp_path: Path) -> None:
    ws = _copy(REPO / "examples" / "frontier-lab", tmp_path)
    build_site(ws, tmp_path / "site", as_of=AS_OF, record=False)
    for page in (tmp_path / "site").rglob("*.html"):
        text = page.read_text()
        for marker in ('src="http', "src='http", 'href="//', "@import", "<script"):
            assert marker not in text, (page, marker)
        assert 'rel="stylesheet"' not in text


@pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is missing; run scripts/ensure-browser.sh (CI installs it)",
)
def test_every_example_index_opens_in_headless_chromium(tmp_path: Path) -> None:
    root = tmp_path / "sites"
    for example in EXAMPLES:
        build_site(_copy(example, tmp_path), root / example.name, as_of=AS_OF, record=False)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        for example in EXAMPLES:
            done = _chromium(f"{base}/{example.name}/ai_office/index.html", tmp_path / "profile")
            assert done.returncode == 0, done.stderr[-2000:]
            assert "Compliance dossier" in done.stdout and "Obligations timeline" in done.stdout
            assert "Uncaught" not in done.stderr and "CONSOLE" not in done.stderr
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_no_file_of_the_site_names_the_builders_folders(example: Path, tmp_path: Path) -> None:
    """Paths in documents are workspace-relative: an absolute path would publish the builder's
    file system and make the same dossier differ from machine to machine."""
    ws = _copy(example, tmp_path / "private-builder-folder")
    build_site(ws, tmp_path / "site", as_of=AS_OF)
    leaks = [
        str(p.relative_to(tmp_path))
        for p in (tmp_path / "site").rglob("*")
        if p.is_file() and b"private-builder-folder" in p.read_bytes()
    ]
    assert leaks == []

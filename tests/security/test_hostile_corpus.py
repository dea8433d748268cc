"""The corpus of hostile inputs (``tests/hostile/``) through the commands that read them.

Each file is one probe of issue 10 ("Unbounded input", "Crawl strings", "Markup injection",
"Data loss"). Every run must end with exit 0, 1 or 2 and a message, never a traceback, within
a time bound (an alarm) and, for the parsers, a memory bound (peak of Python allocations).
Before, the alias bomb took 6-8 GB, deep nesting and 5,000-digit numbers gave tracebacks,
``1e12`` layers took minutes, a FIFO shard hung, a ``.inf`` or year 9999 was accepted.
"""

from __future__ import annotations

import os
import shutil
import signal
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gpaikit.cli import app

CORPUS = Path(__file__).resolve().parents[1] / "hostile"
REPO = CORPUS.parents[1]
SECONDS = 60
PEAK_BYTES = 256 * 1024 * 1024


def _files(folder: str) -> list[Path]:
    return sorted((CORPUS / folder).iterdir())


@contextmanager
def _bounded(memory: bool) -> Iterator[None]:
    def expired(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"took more than {SECONDS} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(SECONDS)
    if memory:
        tracemalloc.start()
    try:
        yield
        if memory:
            _, peak = tracemalloc.get_traced_memory()
            assert peak < PEAK_BYTES, f"peak {peak:,} bytes of Python allocations"
    finally:
        if memory:
            tracemalloc.stop()
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(*args: str, memory: bool = True) -> tuple[int, str]:
    """Run the CLI in-process within the bounds; exit code and output."""
    with _bounded(memory):
        result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{args}: traceback\n{result.output}") from result.exception
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _workspace(tmp_path: Path, source: Path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    shutil.copy(source, ws / "gpaikit.yaml")
    return ws


EXPECT_WORKSPACE = {
    "markup-names.yaml": 0,
    "same-slug.yaml": 0,
}


@pytest.mark.parametrize("source", _files("workspace"), ids=lambda p: p.name)
def test_hostile_workspaces(source: Path, tmp_path: Path) -> None:
    ws = _workspace(tmp_path, source)
    code, output = run("assess", str(ws), "--as-of", "2026-11-28")
    assert code == EXPECT_WORKSPACE.get(source.name, 2), output
    if code == 2:
        assert "gpaikit.yaml" in output and "how to fix" in output
        return
    code, output = run("docs", "validate", str(ws), "--as-of", "2026-11-28", memory=False)
    code, output = run(
        "build", str(ws), "--out", str(tmp_path / "site"), "--as-of", "2026-11-28", memory=False
    )
    assert code == 0, output


def test_two_models_with_the_same_slug_keep_their_own_documents(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, CORPUS / "workspace" / "same-slug.yaml")
    code, output = run("build", str(ws), "--out", str(tmp_path / "site"), memory=False)
    assert code == 0, output
    pages = sorted((tmp_path / "site" / "ai_office" / "docs").glob("*/mdf/ai_office.md"))
    assert len(pages) == 2
    texts = {p.read_text() for p in pages}
    assert any("first model architecture" in t for t in texts)
    assert any("second model architecture" in t for t in texts)
    ledger = sorted((ws / "records" / "documents").glob("*/mdf/v1.json"))
    assert len(ledger) == 2


@pytest.mark.parametrize("card", _files("model-card"), ids=lambda p: p.name)
def test_hostile_model_cards(card: Path, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(REPO / "examples" / "third-country-nonsignatory", ws)
    code, output = run("docs", "import-card", str(card), str(ws))
    if card.name == "alias-bomb.md":
        assert code == 2 and "expands to more than" in output
    else:
        assert code == 0, output
        code, output = run("docs", "render", "mdf", str(ws), "--format", "model-card")
        assert code == 0, output
        assert "<script" not in output and "<img" not in output and "<iframe" not in output
        assert "\x1b" not in output


@pytest.mark.parametrize("config", _files("config"), ids=lambda p: p.name)
def test_hostile_configs(config: Path) -> None:
    code, output = run("compute", "estimate", "--config", str(config), "--tokens", "1e12")
    assert code == 2, output
    assert "how to fix" in output


@pytest.mark.parametrize("shard", _files("safetensors"), ids=lambda p: p.name)
def test_hostile_safetensors(shard: Path) -> None:
    code, output = run("compute", "estimate", "--safetensors", str(shard), "--tokens", "1e12")
    assert code == 2, output
    assert "FLOP" not in output.split("error", 1)[0]


def test_a_fifo_is_refused_not_waited_for(tmp_path: Path) -> None:
    fifo = tmp_path / "model.safetensors"
    os.mkfifo(fifo)
    code, output = run("compute", "estimate", "--safetensors", str(fifo), "--tokens", "1e12")
    assert code == 2 and "not a regular file" in output
    csv = tmp_path / "crawl.csv"
    os.mkfifo(csv)
    code, output = run("data", "summarize", str(csv), "--out", str(tmp_path / "o"), memory=False)
    assert code == 2 and "not a regular file" in output
    ws = tmp_path / "ws"
    ws.mkdir()
    os.mkfifo(ws / "gpaikit.yaml")
    code, output = run("assess", str(ws))
    assert code == 2 and "not a regular file" in output


EXPECT_MANIFEST = {
    "broken.parquet": (2, None),
    "not-a-warc.warc": (2, None),
    "not-gzip.csv.gz": (2, None),
    "truncated.csv.gz": (0, "truncated"),
    "truncated.warc.gz": (0, "truncated"),
    "bogus.warc": (0, "truncated"),
    "deep-record.jsonl": (0, "unparsable"),
    "huge-integers.csv": (0, "invalid_content_length"),
    "hostile-hosts.csv": (0, "invalid_host"),
}


@pytest.mark.parametrize("manifest", _files("manifests"), ids=lambda p: p.name)
def test_hostile_manifests(manifest: Path, tmp_path: Path) -> None:
    import json

    out = tmp_path / "out"
    code, output = run(
        "data", "summarize", str(manifest), "--out", str(out), "--format", "json", memory=False
    )
    expected, reason = EXPECT_MANIFEST[manifest.name]
    assert code == expected, output
    if code == 2:
        assert not out.exists()
        return
    summary = json.loads(output)
    assert reason in summary["bad_rows"]["by_reason"], summary["bad_rows"]
    text = (out / "summary.json").read_text()
    for leak in ("<img", "<svg", "javascript", "hunter2", "token="):
        assert leak not in text


def test_huge_integers_and_non_finite_values_are_counted_each(tmp_path: Path) -> None:
    import json

    code, output = run(
        "data",
        "summarize",
        str(CORPUS / "manifests" / "huge-integers.csv"),
        "--out",
        str(tmp_path / "o"),
        "--format",
        "json",
        memory=False,
    )
    assert code == 0
    summary = json.loads(output)
    counts = {k: v["count"] for k, v in summary["bad_rows"]["by_reason"].items()}
    assert counts == {
        "invalid_content_length": 1,
        "invalid_http_status": 1,
        "invalid_tokens": 1,
        "invalid_duration": 2,
        "missing_fetch_time": 1,
    }
    assert summary["rows"] == {"read": 7, "good": 1, "bad": 6}
    lines = {e["line"] for e in summary["bad_rows"]["by_reason"]["invalid_duration"]["examples"]}
    assert lines == {5, 6}


@pytest.mark.parametrize("robots", _files("robots"), ids=lambda p: p.name)
def test_hostile_robots_files(robots: Path) -> None:
    code, output = run("rep", "lint", str(robots))
    assert "\x1b" not in output and "\x07" not in output
    code, output = run("rep", "check", str(robots), "https://a.example/[/EU]", "--agent", "x")
    assert code == 1 and "\x1b" not in output

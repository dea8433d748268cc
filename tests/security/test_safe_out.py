"""``--out`` never replaces what gpaikit did not write (issue 10, "Data loss").

Before, ``gpaikit build WS --out WS`` deleted the workspace, ``data summarize|audit --out
<crawl dir>`` deleted the inputs, an unrelated directory or a file was replaced, and ``--out /``
or ``.`` gave a traceback, all with exit 0.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gpaikit._exceptions import UnsafeOutputError
from gpaikit._io import OUTPUT_MARKER, atomic_directory, check_output_dir, check_output_file
from gpaikit.cli import app

REPO = Path(__file__).resolve().parents[2]
DEAD_PID = 4_194_304 + 4321  # above Linux's largest pid_max: never a live process


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(REPO / "examples" / "open-weights-7b", target)
    return target


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from gpaikit.data import write_sample

    root = tmp_path_factory.mktemp("crawl")
    write_sample(root / "crawl", 2_000, seed=5, threads=1)
    return root / "crawl"


def test_build_into_the_workspace_is_refused_and_the_workspace_kept(ws: Path) -> None:
    before = _tree(ws)
    code, output = _run("build", str(ws), "--out", str(ws), "--no-record")
    assert code == 2
    assert "is an input" in output and "nothing was written" in output
    assert _tree(ws) == before


def test_build_into_a_parent_of_the_workspace_is_refused(ws: Path) -> None:
    code, output = _run("build", str(ws), "--out", str(ws.parent), "--no-record")
    assert code == 2 and "contains the input" in output
    assert (ws / "gpaikit.yaml").is_file()


def test_build_inside_the_workspace_is_allowed(ws: Path) -> None:
    code, output = _run("build", str(ws), "--out", str(ws / "site"), "--as-of", "2026-11-28")
    assert code == 0, output
    assert (ws / "site" / OUTPUT_MARKER).is_file()


@pytest.mark.parametrize("job", ["summarize", "audit"])
def test_data_jobs_never_replace_their_inputs(job: str, crawl: Path, tmp_path: Path) -> None:
    before = _tree(crawl)
    manifest = str(crawl / "manifest.parquet")
    extra = (
        ["--robots", str(crawl / "robots.parquet"), "--agent", "GPTBot"] if job == "audit" else []
    )
    for out in (crawl, crawl / "manifest.parquet", crawl.parent):
        code, output = _run("data", job, manifest, *extra, "--out", str(out))
        assert code == 2, (out, output)
        assert "Traceback" not in output
    # a directory given as input: the output may not even go inside it
    code, output = _run("data", job, str(crawl), *extra, "--out", str(crawl / "out"))
    assert code == 2 and "inside the input directory" in output
    assert _tree(crawl) == before


def test_an_unrelated_directory_and_a_file_are_not_replaced(ws: Path, tmp_path: Path) -> None:
    other = tmp_path / "photos"
    other.mkdir()
    (other / "holiday.jpg").write_bytes(b"\xff\xd8 not mine")
    code, output = _run("build", str(ws), "--out", str(other), "--no-record")
    assert code == 2 and "was not written by gpaikit" in output
    assert (other / "holiday.jpg").read_bytes() == b"\xff\xd8 not mine"
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me")
    code, output = _run("build", str(ws), "--out", str(notes), "--no-record")
    assert code == 2 and "not a directory" in output
    assert notes.read_text() == "keep me"


@pytest.mark.parametrize("out", ["/", ".", ".."])
def test_root_and_current_directory_exit_2_without_traceback(
    out: str, ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "empty" / "cwd"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    code, output = _run("build", str(ws), "--out", out, "--no-record")
    assert code == 2, output
    code, output = _run("data", "sample", "--rows", "10", "--out", out)
    assert code == 2, output
    assert list(work.iterdir()) == []


def test_the_same_command_may_replace_its_own_output_but_not_another_commands(
    ws: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    assert _run("build", str(ws), "--out", str(site), "--no-record")[0] == 0
    assert _run("build", str(ws), "--out", str(site), "--no-record")[0] == 0
    code, output = _run("data", "sample", "--rows", "10", "--out", str(site))
    assert code == 2 and "holds the output of `gpaikit build`" in output
    assert (site / OUTPUT_MARKER).is_file()


def test_stale_staging_directories_are_cleaned_on_the_next_run(tmp_path: Path) -> None:
    target = tmp_path / "out"
    stale = tmp_path / f".out.gpaikit-staging-{DEAD_PID}-abcd"
    (stale / "half").mkdir(parents=True)
    mine = tmp_path / ".out.gpaikit-staging-1-live"  # pid 1 is alive: another run's staging
    mine.mkdir()
    stranger = tmp_path / ".out.backup"
    stranger.mkdir()
    with atomic_directory(target, command="test") as staging:
        (staging / "a.txt").write_text("a")
    assert not stale.exists()
    assert mine.exists() and stranger.exists()
    assert (target / "a.txt").read_text() == "a"


def test_an_output_moved_aside_by_a_killed_run_is_restored_first(tmp_path: Path) -> None:
    target = tmp_path / "out"
    with atomic_directory(target, command="test") as staging:
        (staging / "v1.txt").write_text("v1")
    target.rename(tmp_path / f".out.gpaikit-old-{DEAD_PID}-beef")  # killed mid-replace
    with pytest.raises(RuntimeError), atomic_directory(target, command="test"):
        raise RuntimeError("this build fails too")
    assert (target / "v1.txt").read_text() == "v1"


def test_check_output_dir_rules(tmp_path: Path) -> None:
    data = tmp_path / "in"
    data.mkdir()
    (data / "m.csv").write_text("url\n")
    with pytest.raises(UnsafeOutputError, match="inside the input directory"):
        check_output_dir(data / "out", command="x", inputs=[data], outside=[data])
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(UnsafeOutputError, match="symbolic link"):
        check_output_dir(link, command="x")
    assert check_output_dir(tmp_path / "new", command="x") == (tmp_path / "new").resolve()


def test_docs_render_does_not_replace_an_existing_file_without_force(tmp_path: Path) -> None:
    ws = tmp_path / "frontier"
    shutil.copytree(REPO / "examples" / "frontier-lab", ws)
    readme = tmp_path / "README.md"
    readme.write_text("# my model\n")
    args = ["docs", "render", "mdf", str(ws), "--recipient", "downstream_provider"]
    code, output = _run(*args, "--out", str(readme))
    assert code == 2 and "--force" in output
    assert readme.read_text() == "# my model\n"
    code, output = _run(*args, "--out", str(ws / "gpaikit.yaml"), "--force")
    assert code == 2 and "is an input" in output
    assert _run(*args, "--out", str(readme), "--force")[0] == 0
    assert "Downstream providers" in readme.read_text()
    with pytest.raises(UnsafeOutputError, match="is a directory"):
        check_output_file(tmp_path, force=True)


def test_calendar_replaces_only_its_own_feed(tmp_path: Path) -> None:
    ws = tmp_path / "frontier"
    shutil.copytree(REPO / "examples" / "frontier-lab", ws)
    feed = tmp_path / "deadlines.ics"
    args = ["calendar", str(ws), "--as-of", "2026-11-28", "--out", str(feed)]
    assert _run(*args)[0] == 0
    assert _run(*args)[0] == 0  # an earlier gpaikit calendar: replaced
    other = tmp_path / "team.ics"
    other.write_text("BEGIN:VCALENDAR\r\nPRODID:-//someone else//EN\r\nEND:VCALENDAR\r\n")
    code, output = _run("calendar", str(ws), "--out", str(other))
    assert code == 2 and "--force" in output
    assert "someone else" in other.read_text()

"""Atomic writes: results appear whole or not at all, with ordinary permissions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gpaikit._exceptions import OutputError
from gpaikit._io import atomic_directory, atomic_write_text


def test_atomic_write_replaces_whole_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "a" / "out.txt"
    atomic_write_text(target, "one")
    atomic_write_text(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]
    mask = os.umask(0o022)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_atomic_write_into_a_file_path_fails_cleanly(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot"):
        atomic_write_text(blocker / "out.txt", "data")


def test_atomic_directory_keeps_the_old_tree_on_failure(tmp_path: Path) -> None:
    site = tmp_path / "site"
    with atomic_directory(site, command="test") as staging:
        (staging / "index.html").write_text("v1")
    with pytest.raises(RuntimeError), atomic_directory(site, command="test") as staging:
        (staging / "index.html").write_text("v2")
        raise RuntimeError("build failed half-way")
    assert (site / "index.html").read_text() == "v1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert site.stat().st_mode & 0o777 != 0o700

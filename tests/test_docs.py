"""Generated docs are current, and every catalog entry is documented in them."""

from __future__ import annotations

from pathlib import Path

import pytest

from gpaikit.cli._reference import generated_docs
from gpaikit.law import Catalog


@pytest.fixture(scope="module")
def docs() -> dict[str, str]:
    return generated_docs()


def test_generated_docs_are_current(docs: dict[str, str], repo_root: Path) -> None:
    for relative, expected in docs.items():
        path = repo_root / relative
        assert path.exists(), f"{relative} is missing: run `make docs`"
        assert path.read_text(encoding="utf-8") == expected, f"{relative} is stale: run `make docs`"


def test_every_catalog_entry_is_documented(docs: dict[str, str], catalog: Catalog) -> None:
    text = docs["docs/catalog.md"]
    missing = [e.id for e in catalog if f"`{e.id}`" not in text]
    assert not missing


def test_every_command_is_documented(docs: dict[str, str]) -> None:
    text = docs["docs/cli.md"]
    for command in (
        "gpaikit assess",
        "gpaikit init",
        "gpaikit law list",
        "gpaikit compute estimate",
    ):
        assert f"## `{command}`" in text
    assert "Usage:" in text

"""docs/forms.md stays in step with the engine: every form and every derivation is documented."""

from __future__ import annotations

from pathlib import Path

from gpaikit.forms import DERIVATIONS, ITEM_TYPES, load_forms

DOC = (Path(__file__).resolve().parents[2] / "docs" / "forms.md").read_text(encoding="utf-8")


def test_every_form_is_documented() -> None:
    for spec in load_forms():
        assert f"`{spec.id}`" in DOC, spec.id


def test_every_derivation_is_documented() -> None:
    missing = [name for name in DERIVATIONS if f"`{name}`" not in DOC]
    assert missing == []


def test_every_item_type_is_documented() -> None:
    assert [t for t in ITEM_TYPES if f"`{t}`" not in DOC] == []

"""Hugging Face model cards: metadata in as proposals (never overwriting), DP view out."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gpaikit._exceptions import InputError
from gpaikit.cli._docs import app
from gpaikit.dossier import build_documents
from gpaikit.forms import import_model_card, view
from gpaikit.render import model_card_markdown
from gpaikit.workspace import load_workspace

CARD = """---
license: apache-2.0
language: [en, fr]
datasets:
  - HuggingFaceFW/fineweb
base_model: mistralai/Mistral-7B-v0.1
pipeline_tag: text-generation
---
# My model

## Intended uses

Chat assistants for customer support.

## Architecture

Decoder-only transformer.
"""


def test_metadata_and_sections_become_proposals() -> None:
    card = import_model_card(CARD)
    p = card.proposals
    assert p["MDF.DL.03"] == "free_open_source"
    assert p["TS.1.3.ling"] == "Languages: en, fr"
    assert p["TS.2.1.used"] is True
    # no invented link: the card names the dataset, it does not give its URL
    assert "http" not in p["TS.2.1.large"][0]["link"]
    assert p["TS.2.1.large"][0]["name"] == "HuggingFaceFW/fineweb"
    assert p["MDF.GI.06"] == [{"model_name": "mistralai/Mistral-7B-v0.1"}]
    assert p["MDF.MP.03"] == ["text"] and p["MDF.MP.05"] == ["text"]
    assert p["MDF.US.02"] == "Chat assistants for customer support."
    assert p["MDF.MP.01"] == "Decoder-only transformer."
    assert card.proposed_for({"MDF.US.02": "declared"}).get("MDF.US.02") is None


def test_training_hardware_and_software_are_not_the_required_ones() -> None:
    card = import_model_card(
        CARD + "\n## Training procedure\n\nSFT.\n\n### Hardware\n\n512 H100 GPUs.\n\n"
        "### Software\n\nMegatron-LM.\n\n## Hardware requirements\n\nOne 24 GB GPU.\n"
    )
    assert card.proposals["MDF.TP.01"] == "SFT."
    assert card.proposals["MDF.US.05"] == "One 24 GB GPU."
    assert "MDF.US.06" not in card.proposals
    assert "512 H100" not in json.dumps(card.proposals)


def test_broken_metadata_names_the_line() -> None:
    with pytest.raises(InputError) as info:
        import_model_card("---\nlicense: [unclosed\n---\n", source="README.md")
    assert "README.md" in info.value.render()


def test_import_card_never_overwrites_declared_values(
    make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_workspace(tmp_path / "ws", "MDF.US.02: Declared intended uses.")
    readme = tmp_path / "README.md"
    readme.write_text(CARD, encoding="utf-8")
    result = CliRunner().invoke(app, ["import-card", str(readme), str(root)])
    assert result.exit_code == 0, result.output
    proposed = json.loads((root / "artifacts" / "m" / "proposed.json").read_text())
    assert "MDF.US.02" not in proposed
    documents, _ = build_documents(load_workspace(root), as_of=dt.date(2026, 11, 28), ledger=None)
    mdf = next(d for d in documents if d.form.spec.id == "mdf").form
    assert mdf.value("MDF.US.02") == "Declared intended uses."
    assert mdf.get("MDF.MP.01").source == "proposed"
    # a derived fact (input modalities from the workspace) is not replaced by the card either
    assert mdf.value("MDF.MP.03") == ["text", "images"]


def test_export_downstream_view_as_model_card_section(
    make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_workspace(tmp_path / "ws", "MDF.US.04: pip install our-sdk")
    documents, _ = build_documents(load_workspace(root), as_of=dt.date(2026, 11, 28), ledger=None)
    mdf = next(d for d in documents if d.form.spec.id == "mdf")
    text = model_card_markdown(view(mdf.form, "downstream_provider"), mdf.meta())
    assert text.startswith("## EU AI Act: information for downstream providers")
    assert "pip install our-sdk" in text and "MDF.US.04" in text
    assert "MDF.CR.02b" not in text and "MDF.EN.01" not in text
    assert "7.3 × 10¹⁰ parameters" in text  # Annex XII 1(f): integrators get the count

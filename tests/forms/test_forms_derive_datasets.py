"""The summary's data-source sections from declared datasets and their Hugging Face cards."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from gpaikit.dossier import build_documents
from gpaikit.forms import FilledForm
from gpaikit.workspace import load_workspace

REPO = Path(__file__).resolve().parents[2]
CARDS = REPO / "examples" / "hub" / "datasets"


def _summary(tmp_path: Path, **model: Any) -> FilledForm:
    data = {
        "provider": {"legal_name": "Data SA", "country": "DE"},
        "models": [
            {
                "name": "m",
                "eu_placement_date": "2026-01-05",
                "modalities": {"input": ["text"], "output": ["text"]},
                "training_compute_flop": 5e23,
                **model,
            }
        ],
    }
    tmp_path.mkdir(parents=True, exist_ok=True)
    with (tmp_path / "gpaikit.yaml").open("w") as handle:
        YAML().dump(data, handle)
    documents, _ = build_documents(
        load_workspace(tmp_path), as_of=dt.date(2026, 11, 28), ledger=None
    )
    return next(d.form for d in documents if d.form.spec.id == "training_summary")


def test_cards_fill_modality_languages_and_descriptions(tmp_path: Path) -> None:
    form = _summary(
        tmp_path,
        datasets=[
            {"name": "web", "card": str(CARDS / "fineweb-edu" / "README.md")},
            {"name": "code", "card": str(CARDS / "the-stack-v2-dedup" / "README.md")},
        ],
    )
    assert form.value("TS.2.1.used") is True and form.value("TS.2.1.mod") == ["text"]
    assert form.get("TS.2.1.mod").origin == "artefact"
    assert (
        form.value("TS.1.3.ling")
        == "Languages of the training data, from the datasets' cards: en, code."
    )
    links = [row["link"] for row in form.value("TS.2.1.large")]
    assert links[0] == "No link declared; licence odc-by; languages en; size category n>1T."
    # nothing else declared: no crawler, no licensed, private, user or other data
    for item in ("TS.2.3.used", "TS.2.2.1.used", "TS.2.2.2.used", "TS.2.4.model", "TS.2.6.used"):
        assert form.value(item) is False, item


def test_the_three_percent_rule_needs_every_size(tmp_path: Path) -> None:
    big = {"name": "big", "modalities": ["text"], "tokens": 9.8e12, "url": "https://big.example"}
    small = {"name": "small", "modalities": ["text"], "tokens": 2.0e11}
    form = _summary(tmp_path / "sized", datasets=[big, small])
    assert [r["name"] for r in form.value("TS.2.1.large")] == ["big"]
    assert form.value("TS.2.1.large")[0]["link"] == "https://big.example"
    assert form.value("TS.2.1.rest") == "Smaller publicly available datasets: small."
    unsized = _summary(tmp_path / "unsized", datasets=[big, {**small, "tokens": None}])
    assert [r["name"] for r in unsized.value("TS.2.1.large")] == ["big", "small"]


def test_other_sources_and_synthetic_data(tmp_path: Path) -> None:
    form = _summary(
        tmp_path,
        datasets=[
            {"name": "news archive", "source": "licensed", "modalities": ["text"]},
            {
                "name": "partner logs",
                "source": "private",
                "modalities": ["text"],
                "description": "support tickets",
            },
            {"name": "traces", "source": "synthetic", "modalities": ["text"]},
        ],
    )
    assert form.value("TS.2.2.1.used") is True and form.value("TS.2.2.1.mod") == ["text"]
    assert (
        form.value("TS.2.2.2.desc")
        == "Private datasets not publicly known: partner logs: support tickets"
    )
    assert form.value("TS.2.5.used") is True and form.value("TS.2.5.mod") == ["text"]
    assert form.value("TS.2.1.used") is False

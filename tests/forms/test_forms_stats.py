"""Where each item of a document came from: answers, facts, artefacts, computation, proposals."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from gpaikit.cli._docs import app
from gpaikit.forms import ORIGIN_NAMES, document_stats, total_stats
from tests.forms.conftest import FillFn

MakeWs = Callable[..., Path]

COMPLETE = Path(__file__).parent / "fixtures" / "complete"


def test_every_item_is_counted_once(filled: FillFn) -> None:
    form = filled("mdf", "MDF.MP.01: Transformer.")
    stats = document_stats(form)
    assert stats.total == len(form.items) and set(stats.counts) == set(ORIGIN_NAMES)
    assert stats.counts["answer"] == 1
    assert stats.counts["fact"] >= 5 and stats.counts["computation"] >= 5
    assert stats.counts["missing"] == sum(1 for p in form.problems if p.kind == "missing")
    assert (
        stats.not_typed
        == stats.total
        - stats.counts["answer"]
        - stats.counts["missing"]
        - stats.counts["not_required"]
    )


def test_the_sum_over_forms(filled: FillFn) -> None:
    mdf, summary = document_stats(filled("mdf")), document_stats(filled("training_summary"))
    both = total_stats([mdf, summary], forms=("mdf", "training_summary"))
    assert both.total == mdf.total + summary.total == 108


def test_validate_stats_text_and_json() -> None:
    runner = CliRunner()
    text = runner.invoke(app, ["validate", str(COMPLETE), "--as-of", "2026-11-28", "--stats"])
    assert text.exit_code == 0, text.output
    assert (
        "MDF + public summary: 108 items" in text.output and "not typed as answers" in text.output
    )
    data = json.loads(
        runner.invoke(
            app, ["validate", str(COMPLETE), "--as-of", "2026-11-28", "--stats", "--format", "json"]
        ).output
    )
    assert data["problems"] == [] and {s["form"] for s in data["stats"]} == {
        "mdf",
        "training_summary",
        "copyright_policy",
    }


def test_missing_items_are_not_errors(make_workspace: MakeWs, tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    result = CliRunner().invoke(app, ["validate", str(root), "--format", "json"])
    found = json.loads(result.output)
    missing = [p for p in found if p["kind"] == "missing"]
    assert missing and {p["severity"] for p in missing} == {"missing"}
    mp03 = next(p for p in found if p["item"] == "MDF.MP.02")
    assert "e.g. `MDF.MP.02: ...`" in mp03["hint"]
    text = CliRunner().invoke(app, ["validate", str(root)]).output
    assert "missing mdf MDF.MP.02" in text and " error " not in text.split("\n")[0]

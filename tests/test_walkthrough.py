"""The README's walk-through: a Hugging Face model folder and a crawl manifest to a complete,
consistent dossier, with most MDF and summary items not typed (scripts/walkthrough.sh)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gpaikit.cli._app import app
from gpaikit.forms import total_stats
from gpaikit.forms._stats import DocumentStats

REPO = Path(__file__).resolve().parent.parent


def _bench() -> Any:
    """bench/derivation.py, which measures the same walk-through."""
    spec = importlib.util.spec_from_file_location("derivation", REPO / "bench" / "derivation.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_walkthrough_reaches_a_complete_consistent_dossier(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", str(REPO / "scripts" / "walkthrough.sh"), str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "0 invalid, 0 missing, 0 inconsistent" in done.stdout
    assert (tmp_path / "site" / "index.html").is_file()
    from typer.testing import CliRunner

    result = CliRunner().invoke(
        app,
        [
            "docs",
            "validate",
            str(tmp_path / "lumen"),
            "--as-of",
            "2026-11-28",
            "--stats",
            "--format",
            "json",
        ],
    )
    stats = [
        DocumentStats(
            s["form"],
            s["model"],
            {
                k: s[k]
                for k in (
                    "answer",
                    "fact",
                    "artefact",
                    "computation",
                    "proposal",
                    "missing",
                    "not_required",
                )
            },
        )
        for s in json.loads(result.output)["stats"]
    ]
    both = total_stats(stats, forms=("mdf", "training_summary"))
    assert both.counts["missing"] == 0
    assert both.share(both.not_typed) >= 0.60
    # what a person typed: the gpaikit.yaml edits after `gpaikit init --from`
    assert _bench().typed_fields(tmp_path) <= 60

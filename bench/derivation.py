"""How much of the MDF and the public summary gpaikit fills without typing, on the walk-through.

    .venv/bin/python bench/derivation.py [--rows 20000]

Runs scripts/walkthrough.sh (a Hugging Face-style model folder with a real config.json, a
model card and header-only safetensors shards, dataset cards, and a synthetic crawl manifest)
and counts the items of each document by origin with `docs validate --stats`. Two baselines
in the same run, on the same facts and answers:

- "no artefacts": the workspace as a user without `init --from` would keep it: the parameter
  count typed instead of read from the weights, no dataset cards, no data summary, no audit,
  no model-card proposals;
- "all typed": every item a person types (the issue's starting point: nothing derived).

Prints per form the counts, the share not typed as answers and the share read from artefacts
or computed, the ratios against both baselines, the typed fields of the walk-through and the
wall time of its steps.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from typer.testing import CliRunner

from gpaikit.cli._app import app

REPO = Path(__file__).resolve().parent.parent
NAMES = ("answer", "fact", "artefact", "computation", "proposal", "missing", "not_required")


def _stats(workspace: Path) -> dict[str, dict[str, int]]:
    result = CliRunner().invoke(
        app,
        [
            "docs",
            "validate",
            str(workspace),
            "--as-of",
            "2026-11-28",
            "--stats",
            "--format",
            "json",
        ],
    )
    data = json.loads(result.output)
    return {s["form"]: {k: int(s[k]) for k in (*NAMES, "items")} for s in data["stats"]}


def _strip_artefacts(workspace: Path) -> None:
    """The same facts, without what gpaikit reads from files: typed parameters instead."""
    yaml = YAML()
    path = workspace / "gpaikit.yaml"
    data = yaml.load(path.read_text())
    model = data["models"][0]
    for run in model["training_runs"]:
        run.pop("config", None)
        run.pop("weights", None)
    model["parameters"] = 7.24e9
    for dataset in model.get("datasets", []):
        dataset.pop("card", None)
    with path.open("w") as handle:
        yaml.dump(data, handle)
    shutil.rmtree(workspace / "artifacts", ignore_errors=True)


def _fields(before: Any, after: Any) -> int:
    if isinstance(after, dict):
        base = before if isinstance(before, dict) else {}
        return sum(_fields(base.get(k), v) for k, v in after.items())
    if isinstance(after, list) and after and all(isinstance(v, dict) for v in after):
        base = before if isinstance(before, list) else []
        return sum(_fields(base[i] if i < len(base) else None, v) for i, v in enumerate(after))
    return 0 if before == after else 1


def typed_fields(work: Path) -> int:
    """Fields a person typed in the walk-through's gpaikit.yaml: what it holds that
    `gpaikit init --from` (with the same three options) did not write."""
    fresh = work / "fresh"
    CliRunner().invoke(
        app,
        [
            "init",
            str(fresh),
            "--from",
            str(REPO / "examples/hub/lumen-7b"),
            "--datasets",
            str(REPO / "examples/hub/datasets"),
            "--provider",
            "Lumen Labs SAS",
            "--country",
            "FR",
            "--size",
            "sme",
        ],
    )
    yaml = YAML(typ="safe")
    return _fields(
        yaml.load((fresh / "gpaikit.yaml").read_text()),
        yaml.load((work / "lumen" / "gpaikit.yaml").read_text()),
    )


def _row(label: str, counts: dict[str, int]) -> str:
    items = counts["items"]
    not_typed = sum(counts[k] for k in ("fact", "artefact", "computation", "proposal"))
    found = counts["artefact"] + counts["computation"]
    cells = " ".join(f"{counts[k]:>5}" for k in NAMES)
    return f"{label:<22} {items:>5} {cells}   {not_typed / items:>6.1%}   {found / items:>6.1%}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gpaikit-derivation-"))
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    started = time.perf_counter()
    done = subprocess.run(
        ["bash", str(REPO / "scripts" / "walkthrough.sh"), str(work)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(done.stdout[-2000:] + done.stderr[-2000:])
    lumen = work / "lumen"
    ours = _stats(lumen)
    bare = work / "no-artefacts"
    shutil.copytree(lumen, bare)
    _strip_artefacts(bare)
    baseline = _stats(bare)

    header = f"{'document':<22} {'items':>5} " + " ".join(f"{n[:5]:>5}" for n in NAMES)
    print(f"walk-through workspace: {lumen}")
    print(header + "   not typed   artefact+computed")
    for form in ("mdf", "training_summary", "copyright_policy"):
        print(_row(f"{form}", ours[form]))
        print(_row("  baseline no artefacts", baseline[form]))
    both = {k: ours["mdf"][k] + ours["training_summary"][k] for k in (*NAMES, "items")}
    base = {k: baseline["mdf"][k] + baseline["training_summary"][k] for k in (*NAMES, "items")}
    print(_row("MDF + summary", both))
    print(_row("  baseline no artefacts", base))
    typed_ours = both["items"] - sum(
        both[k] for k in ("fact", "artefact", "computation", "proposal")
    )
    found_ours = both["artefact"] + both["computation"]
    found_base = base["artefact"] + base["computation"]
    print()
    not_typed = both["items"] - typed_ours
    print(
        f"items not typed as answers: {not_typed} of {both['items']} "
        f"({not_typed / both['items']:.1%}); missing {both['missing']}"
    )
    print(
        f"read from artefacts or computed: {found_ours} vs {found_base} without artefacts "
        f"(ratio {found_ours / max(found_base, 1):.2f}x)"
    )
    print(
        f"typed answers: {both['answer']} vs {both['items'] - both['not_required']} in the "
        f"all-typed baseline (ratio {both['answer'] / (both['items'] - both['not_required']):.2f})"
    )
    typed = typed_fields(work)
    print(
        f"typed fields in the walk-through: {typed} in gpaikit.yaml + 3 options of gpaikit init "
        f"({typed + 3}); the whole walk-through ran in {elapsed:.1f} s"
    )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

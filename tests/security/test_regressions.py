"""Regression tests for the probes of issue 10 not covered elsewhere: the model-card output is
the downstream view, and compute estimates are O(1) in the layer count."""

from __future__ import annotations

import json
import shutil
import signal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from gpaikit.cli import app
from gpaikit.compute import count_from_config
from gpaikit.compute._config import _LLAMA_LIKE, _Cfg, _moe_layer_count
from gpaikit.forms import load_form

REPO = Path(__file__).resolve().parents[2]
CONFIGS = REPO / "tests" / "compute" / "configs"


def test_model_card_render_is_the_downstream_view(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(REPO / "examples" / "frontier-lab", ws)
    runner = CliRunner()
    result = runner.invoke(app, ["docs", "render", "mdf", str(ws), "--format", "model-card"])
    assert result.exit_code == 0, result.output
    spec = load_form("mdf")
    for item in spec.items():
        shown = f"| {item.id} |" in result.output  # the annex lists every item of the view
        assert shown == ("downstream_provider" in item.recipients), item.id
    refused = runner.invoke(
        app,
        ["docs", "render", "mdf", str(ws), "--format", "model-card", "--recipient", "ai_office"],
    )
    assert refused.exit_code == 2 and "--recipient downstream_provider" in refused.output


def _alarm(seconds: int) -> Any:
    def expired(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    return previous


@pytest.mark.parametrize("name", ["llama-3.1-8b.json", "deepseek-v3.json", "gpt2.json"])
def test_parameter_counts_are_constant_time_in_layers(name: str) -> None:
    base = json.loads((CONFIGS / name).read_text())
    key = "n_layer" if "n_layer" in base else "num_hidden_layers"

    def total(layers: int) -> int:
        return count_from_config({**base, key: layers, "vocab_size": 8}).total

    per_layer = total(62) - total(61)
    many = int(5e15 // per_layer)  # as many layers as stay plausible: ten million or more
    assert many >= 10**5
    previous = _alarm(10)  # a loop over layers took minutes here
    try:
        assert total(61 + many) == total(61) + many * per_layer
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _brute_force(data: dict[str, Any], family: str, layers: int) -> int:
    """The MoE layers counted one by one (the definition the closed form must equal)."""
    if family == "qwen2_moe":
        step = data.get("decoder_sparse_step", 1)
        dense = set(data.get("mlp_only_layers", []))
        return sum(1 for i in range(layers) if i not in dense and (i + 1) % step == 0)
    first = data.get("first_k_dense_replace", 0)
    freq = data.get("moe_layer_freq", 1)
    return sum(1 for i in range(layers) if i >= first and i % freq == 0)


@given(
    st.sampled_from(["qwen2_moe", "deepseek_v3"]),
    st.integers(1, 80),
    st.integers(1, 5),
    st.lists(st.integers(-3, 90), max_size=10),
    st.integers(0, 90),
)
@settings(max_examples=300, deadline=None)
def test_moe_layer_count_equals_counting_one_by_one(
    family: str, layers: int, step: int, dense: list[int], first: int
) -> None:
    data = {
        "decoder_sparse_step": step,
        "mlp_only_layers": dense,
        "first_k_dense_replace": first,
        "moe_layer_freq": step,
    }
    cfg = _Cfg(data, "config")
    assert _moe_layer_count(cfg, _LLAMA_LIKE[family], layers) == _brute_force(data, family, layers)


def test_models_whose_names_share_a_folder_keep_their_own_version_records(
    tmp_path: Path,
) -> None:
    from gpaikit.dossier import LEDGER_DIR, build_site
    from gpaikit.forms import load_record

    ws = tmp_path / "ws"
    ws.mkdir()
    model = (
        "  - name: {name}\n    eu_placement_date: 2025-09-01\n"
        "    modalities: {{input: [text], output: [text]}}\n    training_compute_flop: 5.0e23\n"
        "    answers: {{MDF.MP.01: {text}}}\n"
    )
    (ws / "gpaikit.yaml").write_text(
        "provider: {legal_name: Probe SA, country: FR}\nmodels:\n"
        + model.format(name='"Helios Ultra"', text="first architecture")
        + model.format(name='"Helios  Ultra"', text="second architecture")
    )
    import datetime as dt

    first = build_site(ws, tmp_path / "a", as_of=dt.date(2026, 11, 28), binary_formats=False)
    again = build_site(ws, tmp_path / "b", as_of=dt.date(2026, 11, 29), binary_formats=False)
    assert first.new_versions == len(first.documents) and again.new_versions == 0
    records = sorted((ws / LEDGER_DIR).glob("*/mdf/v1.json"))
    assert len(records) == 2
    owners = {load_record(p).model: load_record(p).values["MDF.MP.01"] for p in records}
    assert owners == {"Helios Ultra": "first architecture", "Helios  Ultra": "second architecture"}


def test_a_model_name_cannot_reach_artefacts_outside_the_workspace(tmp_path: Path) -> None:
    from gpaikit.forms import DATA_SUMMARY_PATHS
    from gpaikit.workspace import find_artifact, load_workspace

    outside = tmp_path / "elsewhere" / "data-summary"
    outside.mkdir(parents=True)
    (outside / "summary.json").write_text('{"job": "summarize"}')
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "gpaikit.yaml").write_text(
        'provider: {legal_name: P, country: FR}\nmodels:\n  - name: "../../elsewhere"\n'
    )
    workspace = load_workspace(ws)
    assert find_artifact(workspace, workspace.models[0], DATA_SUMMARY_PATHS) is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("parameters", "1.0e30"),
        ("training_compute_flop", "1.0e40"),
        ("cumulative_compute_flop", "1e33"),
    ],
)
def test_implausible_declared_figures_are_refused_with_their_line(
    tmp_path: Path, field: str, value: str
) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "gpaikit.yaml").write_text(
        f"provider: {{legal_name: P, country: FR}}\nmodels:\n  - name: m\n    {field}: {value}\n"
    )
    result = CliRunner().invoke(app, ["assess", str(ws)])
    assert result.exit_code == 2
    assert f"gpaikit.yaml:4, field 'models.0.{field}'" in result.output

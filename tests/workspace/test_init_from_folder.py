"""`gpaikit init --from`: a Hugging Face model folder into a workspace, every value with its
source; hostile folders cannot change the file's structure; the guided modifier path."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gpaikit._exceptions import InputError
from gpaikit.cli._app import app
from gpaikit.compute import count_from_config, count_from_safetensors
from gpaikit.dossier import build_documents
from gpaikit.workspace import load_workspace, read_model_folder

REPO = Path(__file__).resolve().parents[2]
HUB = REPO / "examples" / "hub"
runner = CliRunner()


def _init(tmp_path: Path, *args: str) -> tuple[Path, str]:
    ws = tmp_path / "ws"
    result = runner.invoke(app, ["init", str(ws), *args])
    assert result.exit_code == 0, result.output
    return ws, result.output


def test_the_folder_is_read_with_sources() -> None:
    folder = read_model_folder(HUB / "lumen-7b")
    assert folder.name.value == "lumen-7b"
    assert folder.config_file == HUB / "lumen-7b" / "config.json"
    assert folder.weights == HUB / "lumen-7b"
    licence = folder.facts["licence"]
    assert licence.value["spdx"] == "Apache-2.0" and licence.value["distribute"] is True
    assert licence.source == "README.md (license: apache-2.0)"
    assert folder.facts["modalities"].value == {"input": ["text"], "output": ["text"]}
    assert folder.facts["datasets"].value == [
        "HuggingFaceFW/fineweb-edu",
        "bigcode/the-stack-v2-dedup",
    ]


def test_header_only_checkpoint_counts_like_the_config() -> None:
    weights = count_from_safetensors(HUB / "lumen-7b")
    assert weights.total == count_from_config(HUB / "lumen-7b" / "config.json").total == 7241732096
    assert weights.stored_bytes == 2 * weights.total and weights.dtypes == ("BF16",)
    assert "only the header" in weights.assumptions[0]


def test_header_only_shards_need_their_index(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="past the end"):
        count_from_safetensors(HUB / "lumen-7b" / "model-00001-of-00002.safetensors")
    folder = tmp_path / "ckpt"
    shutil.copytree(HUB / "lumen-7b", folder)
    index = json.loads((folder / "model.safetensors.index.json").read_text())
    index["metadata"]["total_size"] += 2
    (folder / "model.safetensors.index.json").write_text(json.dumps(index))
    with pytest.raises(InputError, match="total_size"):
        count_from_safetensors(folder)


def test_init_from_writes_a_workspace_that_derives_from_the_folder(tmp_path: Path) -> None:
    ws, output = _init(
        tmp_path,
        "--from",
        str(HUB / "lumen-7b"),
        "--datasets",
        str(HUB / "datasets"),
        "--provider",
        "Lumen Labs SAS",
        "--country",
        "fr",
    )
    text = (ws / "gpaikit.yaml").read_text()
    assert "proposed answer(s)" in output
    # every imported value names its source
    for key in ("- name: lumen", "modalities:", "licence:", "config:", "weights:", "card:"):
        line = next(line for line in text.splitlines() if line.strip().startswith(key))
        assert "#" in line, line
    assert "country: FR" in text
    workspace = load_workspace(ws)
    model = workspace.models[0]
    assert model.datasets[0].card is not None and model.datasets[0].source == "public"
    proposed = json.loads((ws / "artifacts" / "lumen-7b" / "proposed.json").read_text())
    assert "Assistants, summarisation" in proposed["MDF.US.02"]
    assert "MDF.US.05" not in proposed  # the card's training hardware is not a requirement
    documents, _ = build_documents(workspace, as_of=dt.date(2026, 11, 28), ledger=None)
    mdf = next(d.form for d in documents if d.form.spec.id == "mdf")
    assert mdf.value("MDF.MP.07") == "7.24e9" and mdf.get("MDF.MP.07").origin == "artefact"
    assert "32 layers" in mdf.value("MDF.MP.01")
    assert mdf.value("MDF.MP.04") == {"text": "32,768 tokens (context window)"}
    assert "transformers 4.44.2" in mdf.value("MDF.US.06")
    assert "14.5 GB" in mdf.value("MDF.US.05")
    summary = next(d.form for d in documents if d.form.spec.id == "training_summary")
    assert summary.value("TS.2.1.used") is True and summary.value("TS.2.1.mod") == ["text"]
    rows = summary.value("TS.2.1.large")
    assert [r["name"] for r in rows] == ["HuggingFaceFW/fineweb-edu", "bigcode/the-stack-v2-dedup"]
    assert all("http" not in r["link"] and "odc-by" in rows[0]["link"] for r in rows[:1])


def test_the_card_cannot_inject_yaml(tmp_path: Path) -> None:
    folder = tmp_path / "evil"
    folder.mkdir()
    shutil.copy(HUB / "lumen-7b" / "config.json", folder / "config.json")
    (folder / "README.md").write_text(
        "---\n"
        'license: "apache-2.0\\nmodels: []"\n'
        'license_name: "x}\\nprovider: {legal_name: Evil}"\n'
        'model_name: "m\\n  - name: second"\n'
        "---\n\n# M\n\nFirst line.\nprovider: evil # not: a key\n"
    )
    ws, _ = _init(tmp_path, "--from", str(folder))
    workspace = load_workspace(ws)
    assert [m.name for m in workspace.models] == ["m\n  - name: second"]
    assert workspace.provider.legal_name.startswith("REPLACE")
    assert workspace.models[0].licence is not None
    assert workspace.models[0].licence.name.startswith("x}")


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"config.json": "[1, 2]"}, "not a JSON object"),
        ({"config.json": '{"a": 1, "a": 2}'}, "appears twice"),
        ({"config.json": "{"}, "not valid JSON"),
        ({"README.md": "---\nlicense: [oops\n---\n"}, "YAML"),
        ({"notes.txt": "nothing here"}, "no config.json, README.md or *.safetensors"),
    ],
)
def test_broken_folders_name_the_file(tmp_path: Path, files: dict[str, str], message: str) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    with pytest.raises(InputError) as info:
        read_model_folder(folder)
    assert message in info.value.render()
    result = runner.invoke(app, ["init", str(tmp_path / "ws"), "--from", str(folder)])
    assert result.exit_code == 2 and not (tmp_path / "ws" / "gpaikit.yaml").exists()


def test_an_oversized_card_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "README.md").write_text("x" * (3 * 1024 * 1024))
    with pytest.raises(InputError, match=r"larger than|more than the limit"):
        read_model_folder(folder)


def test_modifier_below_the_line_is_not_a_provider(tmp_path: Path) -> None:
    ws, output = _init(
        tmp_path,
        "--modifier",
        "--no-input",
        "--base-model",
        "Base-70B",
        "--base-compute",
        "6.3e24",
        "--modification-flop",
        "2.0e22",
        "--eu-placement-date",
        "2026-03-01",
    )
    assert "You are NOT the provider" in output and "GL.3_2.modification" in output
    model = load_workspace(ws).models[0]
    assert model.role == "modifier" and model.base_model is not None
    assert model.base_model.training_compute_flop == 6.3e24


def test_modifier_questions_are_asked_and_the_line_is_shown(tmp_path: Path) -> None:
    answers = "\n".join(["Base-7B", "Base AI", "3e23", "n", "", "2e12", "2026-03-01"]) + "\n"
    result = runner.invoke(
        app,
        ["init", str(tmp_path / "ws"), "--modifier", "--from", str(HUB / "lumen-7b")],
        input=answers,
    )
    assert result.exit_code == 0, result.output
    # 6 x 7.24e9 x 2e12 = 8.7e22 > 3e23 / 3 = 1e23? no: 8.7e22 < 1e23 -> not a provider
    assert "line is 1.0e23 FLOP" in result.output
    assert "You are NOT the provider" in result.output
    text = (tmp_path / "ws" / "gpaikit.yaml").read_text()
    assert re.search(r"kind: fine_tuning", text) and "tokens: 2e12" in text


def test_modifier_above_the_line_becomes_provider(tmp_path: Path) -> None:
    _, output = _init(
        tmp_path,
        "--modifier",
        "--no-input",
        "--base-model",
        "Base-7B",
        "--base-compute",
        "3e23",
        "--modification-flop",
        "2e23",
        "--eu-placement-date",
        "2026-03-01",
    )
    assert "You become the PROVIDER" in output


def test_modifier_needs_the_base_model(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "ws"), "--modifier", "--no-input"])
    assert result.exit_code == 2 and "--base-model" in result.output


def test_a_card_naming_its_base_model_makes_a_modifier(tmp_path: Path) -> None:
    folder = tmp_path / "ft"
    shutil.copytree(HUB / "lumen-7b", folder)
    (folder / "README.md").write_text(
        "---\nlicense: apache-2.0\nbase_model: lumen-labs/Lumen-7B\n---\n# FT\n\nA fine-tune.\n"
    )
    ws, _ = _init(tmp_path, "--from", str(folder))
    model = load_workspace(ws).models[0]
    assert model.role == "modifier" and model.base_model is not None
    assert model.base_model.name == "lumen-labs/Lumen-7B"
    assert model.training_runs[0].kind == "fine_tuning"
    assert "# README.md (base_model)" in (ws / "gpaikit.yaml").read_text()


def test_modifier_without_input_asks_for_the_base_model(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "ws"), "--modifier"], input="")
    assert result.exit_code == 2 and "--base-model" in result.output
    assert not (tmp_path / "ws" / "gpaikit.yaml").exists()

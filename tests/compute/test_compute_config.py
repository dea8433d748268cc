"""Parameter counts from real models' config.json files match their published counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gpaikit._exceptions import ConfigError
from gpaikit.compute import SUPPORTED_MODEL_TYPES, count_from_config

CONFIGS = Path(__file__).parent / "configs"

# file, published total, published active (MoE) or None, where the figure is published
PUBLISHED = [
    ("llama-3.1-8b.json", 8.03e9, None, "Llama 3.1 model card / Hub: 8.03B"),
    ("llama-3.1-70b.json", 70.6e9, None, "Llama 3.1 model card / Hub: 70.6B"),
    ("mistral-7b-v0.1.json", 7.24e9, None, "Mistral 7B Hub page: 7.24B"),
    ("mixtral-8x7b-v0.1.json", 46.7e9, 12.9e9, "Mixtral of Experts paper: 46.7B / 12.9B active"),
    ("qwen2.5-7b.json", 7.61e9, None, "Qwen2.5-7B model card: 7.61B"),
    ("qwen1.5-moe-a2.7b.json", 14.3e9, 2.7e9, "Qwen1.5-MoE-A2.7B card: 14.3B / 2.7B active"),
    ("qwen3-8b.json", 8.2e9, None, "Qwen3-8B model card: 8.2B"),
    ("qwen3-30b-a3b.json", 30.5e9, 3.3e9, "Qwen3-30B-A3B model card: 30.5B / 3.3B activated"),
    ("gemma-7b.json", 8.54e9, None, "Gemma 7B Hub page: 8.54B"),
    ("gemma-2-9b.json", 9.24e9, None, "Gemma 2 9B Hub page: 9.24B"),
    ("gpt2.json", 124e6, None, "GPT-2 small: 124M"),
    ("gpt2-xl.json", 1.5576e9, None, "GPT-2 XL Hub page: 1.56B"),
    ("gpt-neox-20b.json", 20.55e9, None, "GPT-NeoX-20B paper: 20,554,567,680"),
    ("pythia-1.4b.json", 1.4146e9, None, "Pythia paper table: 1,414,647,808"),
    ("phi-2.json", 2.78e9, None, "Phi-2 Hub page: 2.78B"),
    ("phi-3-mini-4k.json", 3.82e9, None, "Phi-3-mini Hub page: 3.82B"),
    ("deepseek-v3.json", 671e9, 37e9, "DeepSeek-V3 report: 671B / 37B activated"),
]


@pytest.mark.parametrize(("name", "total", "active", "where"), PUBLISHED)
def test_matches_published_count(name: str, total: float, active: float | None, where: str) -> None:
    count = count_from_config(CONFIGS / name)
    assert abs(count.total - total) / total < 0.01, (count.total, where)
    assert count.total == sum(count.breakdown.values())
    if active is None:
        assert count.active == count.total
    else:
        # active counts are published to two significant figures (37B, 3.3B, 2.7B); DeepSeek's
        # 37B leaves out the input embedding (37.6B with it), hence 2 % here
        assert abs(count.active - active) / active < 0.02, (count.active, where)
        assert count.is_moe


def test_falcon_7b_counts_the_tied_model() -> None:
    # TII publishes "7B"; the model as transformers builds it (tied lm_head) has 6.92B. The Hub
    # lists 7.22B because the checkpoint also stores lm_head.weight.
    count = count_from_config(CONFIGS / "falcon-7b.json")
    assert count.total == 6_921_720_704
    assert abs(count.total - 7e9) / 7e9 < 0.012
    untied = json.loads((CONFIGS / "falcon-7b.json").read_text()) | {"tie_word_embeddings": False}
    assert abs(count_from_config(untied).total - 7.22e9) / 7.22e9 < 0.01


def test_exact_counts_known_from_checkpoints() -> None:
    assert count_from_config(CONFIGS / "gpt2.json").total == 124_439_808
    assert count_from_config(CONFIGS / "llama-3.1-8b.json").total == 8_030_261_248
    assert count_from_config(CONFIGS / "gpt-neox-20b.json").total == 20_554_567_680
    assert count_from_config(CONFIGS / "pythia-1.4b.json").total == 1_414_647_808


def test_breakdown_components() -> None:
    mixtral = count_from_config(CONFIGS / "mixtral-8x7b-v0.1.json")
    assert set(mixtral.breakdown) == {
        "embeddings",
        "lm_head",
        "attention",
        "experts",
        "router",
        "norms",
    }
    qwen_moe = count_from_config(CONFIGS / "qwen1.5-moe-a2.7b.json")
    assert qwen_moe.breakdown["shared_experts"] > 0
    gemma = count_from_config(CONFIGS / "gemma-7b.json")
    assert "lm_head" not in gemma.breakdown  # tied embeddings
    deepseek = count_from_config(CONFIGS / "deepseek-v3.json")
    assert deepseek.breakdown["mlp"] == 3 * 3 * 7168 * 18432  # three dense layers
    assert any("multi-token" in a for a in deepseek.assumptions)


def test_directory_and_mapping_inputs(tmp_path: Path) -> None:
    data = json.loads((CONFIGS / "gpt2.json").read_text())
    (tmp_path / "config.json").write_text(json.dumps(data))
    assert count_from_config(tmp_path).total == count_from_config(data).total


def test_multimodal_text_config_is_counted() -> None:
    data = {
        "model_type": "llava",
        "text_config": json.loads((CONFIGS / "mistral-7b-v0.1.json").read_text()),
    }
    count = count_from_config(data)
    assert count.total == 7_241_732_096
    assert any("text_config" in a for a in count.assumptions)


def test_sparse_step_and_dense_layers_of_qwen_moe() -> None:
    data = json.loads((CONFIGS / "qwen3-30b-a3b.json").read_text())
    data["mlp_only_layers"] = [0, 1]
    count = count_from_config(data)
    assert count.breakdown["mlp"] == 2 * 3 * 2048 * 6144


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        ({"hidden_size": None}, "hidden_size", "missing"),
        ({"hidden_size": -4096}, "hidden_size", "at least 1"),
        ({"hidden_size": "4096"}, "hidden_size", "whole number"),
        ({"num_hidden_layers": 2.5}, "num_hidden_layers", "whole number"),
        ({"tie_word_embeddings": "no"}, "tie_word_embeddings", "true or false"),
        ({"model_type": "mamba"}, "model_type", "unsupported"),
        ({"model_type": None}, "model_type", "no 'model_type'"),
    ],
)
def test_malformed_config_names_the_field(
    tmp_path: Path, change: dict[str, object], field: str, fragment: str
) -> None:
    data = json.loads((CONFIGS / "llama-3.1-8b.json").read_text()) | change
    path = tmp_path / "config.json"
    path.write_text(json.dumps({k: v for k, v in data.items() if v is not None}))
    with pytest.raises(ConfigError) as info:
        count_from_config(path)
    message = info.value.render()
    assert str(path) in message and field in message and fragment in message
    assert info.value.hint


def test_moe_top_k_above_experts_is_rejected() -> None:
    data = json.loads((CONFIGS / "mixtral-8x7b-v0.1.json").read_text()) | {"num_experts_per_tok": 9}
    with pytest.raises(ConfigError, match="experts per token"):
        count_from_config(data)


def test_invalid_json_reports_the_line(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text('{\n  "model_type": "llama",\n  "hidden_size": ,\n}')
    with pytest.raises(ConfigError, match=r"config.json:3"):
        count_from_config(path)


def test_missing_file_and_non_object(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        count_from_config(tmp_path / "nope.json")
    (tmp_path / "list.json").write_text("[1, 2]")
    with pytest.raises(ConfigError, match="JSON object"):
        count_from_config(tmp_path / "list.json")


def test_every_family_of_the_issue_is_supported() -> None:
    for family in (
        "llama",
        "mistral",
        "mixtral",
        "qwen2",
        "qwen2_moe",
        "qwen3",
        "qwen3_moe",
        "gemma",
        "gemma2",
        "gpt2",
        "gpt_neox",
        "falcon",
        "phi",
        "phi3",
        "deepseek_v3",
    ):
        assert family in SUPPORTED_MODEL_TYPES

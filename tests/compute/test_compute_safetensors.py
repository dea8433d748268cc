"""Safetensors header counting, on files the tests write by hand."""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path

import pytest

from gpaikit._exceptions import ConfigError
from gpaikit.compute import count_from_safetensors

WIDTH = {"BF16": 2, "F16": 2, "F32": 4, "I64": 8}


def write_safetensors(path: Path, tensors: dict[str, tuple[str, list[int]]]) -> Path:
    """Write a valid safetensors file: header length, JSON header, zero-filled data."""
    header: dict[str, object] = {"__metadata__": {"format": "pt"}}
    offset = 0
    for name, (dtype, shape) in tensors.items():
        size = math.prod(shape) * WIDTH[dtype]
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + bytes(offset))
    return path


DENSE = {
    "model.embed_tokens.weight": ("BF16", [100, 16]),
    "model.layers.0.self_attn.q_proj.weight": ("BF16", [16, 16]),
    "model.layers.0.mlp.up_proj.weight": ("BF16", [32, 16]),
    "model.layers.0.input_layernorm.weight": ("F32", [16]),
    "lm_head.weight": ("BF16", [100, 16]),
}


def test_single_file(tmp_path: Path) -> None:
    count = count_from_safetensors(write_safetensors(tmp_path / "model.safetensors", DENSE))
    assert count.total == 1600 + 256 + 512 + 16 + 1600
    assert count.active == count.total
    assert count.breakdown == {
        "embeddings": 1600,
        "attention": 256,
        "mlp": 512,
        "norms": 16,
        "lm_head": 1600,
    }


def test_sharded_checkpoint_through_index_and_directory(tmp_path: Path) -> None:
    names = list(DENSE)
    first = {n: DENSE[n] for n in names[:2]}
    second = {n: DENSE[n] for n in names[2:]}
    write_safetensors(tmp_path / "model-00001-of-00002.safetensors", first)
    write_safetensors(tmp_path / "model-00002-of-00002.safetensors", second)
    weight_map = {n: "model-00001-of-00002.safetensors" for n in first}
    weight_map |= {n: "model-00002-of-00002.safetensors" for n in second}
    index = tmp_path / "model.safetensors.index.json"
    index.write_text(json.dumps({"metadata": {"total_size": 0}, "weight_map": weight_map}))
    assert count_from_safetensors(index).total == 3984
    assert count_from_safetensors(tmp_path).total == 3984
    assert "2 file(s)" in count_from_safetensors(tmp_path).source


def test_directory_without_index_takes_every_file(tmp_path: Path) -> None:
    write_safetensors(tmp_path / "a.safetensors", {"x.weight": ("F32", [10, 10])})
    write_safetensors(tmp_path / "b.safetensors", {"y.weight": ("F16", [5])})
    assert count_from_safetensors(tmp_path).total == 105


MOE = {
    "model.embed_tokens.weight": ("BF16", [10, 8]),
    **{
        f"model.layers.0.block_sparse_moe.experts.{e}.w{i}.weight": ("BF16", [8, 8])
        for e in range(4)
        for i in (1, 2, 3)
    },
    "model.layers.0.block_sparse_moe.gate.weight": ("BF16", [4, 8]),
}


def test_moe_active_from_argument_and_from_config(tmp_path: Path) -> None:
    write_safetensors(tmp_path / "model.safetensors", MOE)
    experts = 4 * 3 * 64
    unknown = count_from_safetensors(tmp_path)
    assert unknown.total == 80 + experts + 32
    assert unknown.active == unknown.total and "upper bound" in unknown.assumptions[0]
    assert unknown.breakdown["experts"] == experts and unknown.breakdown["router"] == 32
    explicit = count_from_safetensors(tmp_path, experts_per_token=1)
    assert explicit.active == 80 + 3 * 64 + 32
    (tmp_path / "config.json").write_text(json.dumps({"num_experts_per_tok": 2}))
    assert count_from_safetensors(tmp_path).active == 80 + 2 * 3 * 64 + 32
    with pytest.raises(ConfigError, match="experts per token"):
        count_from_safetensors(tmp_path, experts_per_token=5)


def test_weights_are_not_read(tmp_path: Path) -> None:
    # a header that claims far more data than a reader could afford still counts instantly,
    # as long as the file is that long: make it sparse
    path = tmp_path / "big.safetensors"
    header = {"w": {"dtype": "BF16", "shape": [20_000, 20_000], "data_offsets": [0, 8 * 10**8]}}
    raw = json.dumps(header).encode()
    with path.open("wb") as fh:
        fh.write(struct.pack("<Q", len(raw)) + raw)
        fh.truncate(8 + len(raw) + 8 * 10**8)
    assert count_from_safetensors(path).total == 400_000_000


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"abc", "too short"),
        (struct.pack("<Q", 10**12), "implausible"),
        (struct.pack("<Q", 50) + b"{}", "truncated"),
        (struct.pack("<Q", 5) + b"nope!", "not valid JSON"),
        (struct.pack("<Q", 2) + b"[]", "not a JSON object"),
    ],
)
def test_malformed_headers(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "bad.safetensors"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match=fragment) as info:
        count_from_safetensors(path)
    assert str(path) in info.value.render()


@pytest.mark.parametrize(
    ("entry", "fragment"),
    [
        ({"dtype": "BF16", "shape": [-1], "data_offsets": [0, 0]}, "shape"),
        ({"dtype": "BF16", "shape": [2], "data_offsets": [4, 0]}, "data_offsets"),
        ({"dtype": "BF16", "shape": [2], "data_offsets": [0, 400]}, "past the end"),
        ({"dtype": "BF16", "shape": [3], "data_offsets": [0, 4]}, "do not hold"),
        ("oops", "not an object"),
    ],
)
def test_malformed_tensor_entries(tmp_path: Path, entry: object, fragment: str) -> None:
    raw = json.dumps({"t": entry}).encode()
    path = tmp_path / "bad.safetensors"
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + bytes(8))
    with pytest.raises(ConfigError, match=fragment):
        count_from_safetensors(path)


def test_index_problems(tmp_path: Path) -> None:
    index = tmp_path / "model.safetensors.index.json"
    index.write_text(json.dumps({"weight_map": {"w": "missing.safetensors"}}))
    with pytest.raises(ConfigError, match="missing"):
        count_from_safetensors(index)
    index.write_text(json.dumps({"metadata": {}}))
    with pytest.raises(ConfigError, match="weight_map"):
        count_from_safetensors(index)
    with pytest.raises(ConfigError, match="no such file"):
        count_from_safetensors(tmp_path / "absent.safetensors")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ConfigError, match=r"no \.safetensors files"):
        count_from_safetensors(empty)

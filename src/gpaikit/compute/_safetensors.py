"""Parameter counts from ``.safetensors`` checkpoints, reading only the headers.

A safetensors file starts with an 8-byte little-endian header length, then a JSON header that
maps each tensor name to its ``dtype``, ``shape`` and ``data_offsets`` (plus an optional
``__metadata__``). The weights that follow are never read. A sharded checkpoint is found through
its ``*.safetensors.index.json`` (``weight_map``), or by taking every ``*.safetensors`` file of a
directory.
"""

from __future__ import annotations

import math
import os
import re
from pathlib import Path
from typing import Any

from gpaikit._exceptions import ConfigError, Location
from gpaikit._untrusted import DEFAULT_LIMITS, load_json, open_regular, read_bytes
from gpaikit.compute._model import ParameterCount

__all__ = ["count_from_safetensors"]

#: The format's own ceiling on the JSON header (the reference implementation refuses more).
_MAX_HEADER = 100_000_000
#: Headers come from hubs: parsed bounded. A tensor costs about 8 values in the header.
HEADER_LIMITS = DEFAULT_LIMITS.but(max_bytes=_MAX_HEADER, max_nodes=4_000_000, max_depth=8)
#: Bits per element of every dtype of the safetensors format (sub-byte types are packed).
_DTYPE_BITS = {
    "BOOL": 8,
    "F4": 4,
    "F6_E2M3": 6,
    "F6_E3M2": 6,
    "U8": 8,
    "I8": 8,
    "F8_E4M3": 8,
    "F8_E5M2": 8,
    "F8_E8M0": 8,
    "I16": 16,
    "U16": 16,
    "F16": 16,
    "BF16": 16,
    "I32": 32,
    "U32": 32,
    "F32": 32,
    "C64": 64,
    "I64": 64,
    "U64": 64,
    "F64": 64,
}
_EXPERT = re.compile(r"\.experts\.(\d+)\.")
_COMPONENTS = (
    ("experts", re.compile(r"\.experts\.\d+\.")),
    ("shared_experts", re.compile(r"shared_expert")),
    ("router", re.compile(r"\.(gate|router)\.(weight|bias)$|e_score_correction")),
    ("embeddings", re.compile(r"embed|wte|wpe|word_embeddings")),
    ("lm_head", re.compile(r"lm_head|embed_out|output\.weight$")),
    ("norms", re.compile(r"norm|ln_|\.ln\d|layernorm")),
    ("attention", re.compile(r"attn|attention|q_proj|k_proj|v_proj|o_proj|query|key|value")),
    ("mlp", re.compile(r"mlp|ffn|fc\d|gate_proj|up_proj|down_proj|dense_h_to_4h|dense_4h")),
)


def _error(path: Path, message: str, hint: str) -> ConfigError:
    return ConfigError(message, location=Location(file=str(path)), hint=hint)


def read_safetensors_header(path: Path) -> dict[str, Any]:
    """The JSON header of one safetensors file, validated; the tensor data is not read."""
    return _read_header(path)[0]


def _read_header(path: Path, header_only_allowed: bool = False) -> tuple[dict[str, Any], bool]:
    """The validated header, and whether the file is header-only (its data was left out).

    A header-only file (the header of a real checkpoint without the tensor bytes, as fetched
    by a range request) is enough to count parameters when ``header_only_allowed``: the shards
    of an index whose ``metadata.total_size`` the headers must then add up to. Offsets and
    shapes must still agree. A lone file whose offsets point past its end is an error.
    """
    with open_regular(path, what="safetensors file", error=ConfigError) as fh:
        try:
            head = fh.read(8)
            if len(head) < 8:
                raise _error(path, "file too short for a safetensors header", _HINT)
            length = int.from_bytes(head, "little")
            if length <= 1 or length > _MAX_HEADER:
                raise _error(path, f"implausible safetensors header length {length}", _HINT)
            size = os.fstat(fh.fileno()).st_size
            if 8 + length > size:
                raise _error(path, "header is truncated", _HINT)
            raw = fh.read(length)
        except OSError as exc:
            raise _error(path, f"cannot read: {exc.strerror or exc}", "check the path") from None
    if len(raw) < length:
        raise _error(path, "header is truncated", _HINT)
    header = load_json(
        raw,
        source=str(path),
        limits=HEADER_LIMITS,
        what="the header",
        error=ConfigError,
        hint=_HINT,
    )
    if not isinstance(header, dict):
        raise _error(path, "header is not a JSON object", _HINT)
    data_size = size - 8 - length
    header_only = header_only_allowed and data_size == 0
    for name, info in header.items():
        if name == "__metadata__":
            continue
        _check_tensor(path, name, info, None if header_only else data_size)
    return header, header_only


_MAX_DATA_HEADER_ONLY = 2**50
"""A header-only file cannot be checked against its size: 1 PiB of tensors is the ceiling."""
INDEX_LIMITS = DEFAULT_LIMITS.but(max_bytes=64 * 1024 * 1024, max_nodes=2_000_000, max_depth=8)
_HINT = "pass a .safetensors file, its directory or its .safetensors.index.json"


def _check_tensor(path: Path, name: str, info: Any, data_size: int | None) -> None:
    where = f"tensor '{name}'"
    if not isinstance(info, dict):
        raise _error(path, f"{where}: entry is not an object", _HINT)
    shape = info.get("shape")
    if not isinstance(shape, list) or not all(
        isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in shape
    ):
        raise _error(path, f"{where}: shape must be a list of non-negative integers", _HINT)
    offsets = info.get("data_offsets")
    dtype = info.get("dtype")
    if (
        not isinstance(offsets, list)
        or len(offsets) != 2
        or not all(isinstance(x, int) and not isinstance(x, bool) for x in offsets)
        or not 0 <= offsets[0] <= offsets[1]
    ):
        raise _error(path, f"{where}: data_offsets must be [begin, end]", _HINT)
    if data_size is None and offsets[1] > _MAX_DATA_HEADER_ONLY:
        raise _error(path, f"{where}: implausible data_offsets for a checkpoint", _HINT)
    if data_size is not None and offsets[1] > data_size:
        raise _error(path, f"{where}: data_offsets point past the end of the file", _HINT)
    bits = _DTYPE_BITS.get(dtype) if isinstance(dtype, str) else None
    if bits is None:
        raise _error(
            path,
            f"{where}: unknown dtype {str(dtype)[:40]!r}",
            f"safetensors dtypes are {', '.join(_DTYPE_BITS)}",
        )
    if len(shape) > 16:
        raise _error(path, f"{where}: {len(shape)} dimensions", "a tensor has at most 16")
    # the element count is bounded by the bytes the tensor really has in the file
    if offsets[1] - offsets[0] != (math.prod(shape) * bits + 7) // 8:
        raise _error(
            path,
            f"{where}: {offsets[1] - offsets[0]} bytes do not hold shape {shape} of {dtype}",
            _HINT,
        )


def _files(path: Path) -> tuple[list[Path], Path]:
    """The shard files of a checkpoint and the directory that holds them."""
    if path.is_dir():
        indexes = sorted(path.glob("*.safetensors.index.json"))
        if indexes:
            return _files(indexes[0])
        files = sorted(path.glob("*.safetensors"))
        if not files:
            raise _error(path, "no .safetensors files in this directory", _HINT)
        return files, path
    if path.name.endswith(".json"):
        raw = read_bytes(path, limits=INDEX_LIMITS, what="checkpoint index", error=ConfigError)
        index = load_json(
            raw, source=str(path), limits=INDEX_LIMITS, what="the index", error=ConfigError
        )
        weight_map = index.get("weight_map") if isinstance(index, dict) else None
        if not isinstance(weight_map, dict) or not weight_map:
            raise ConfigError(
                "the index has no 'weight_map'",
                location=Location(file=str(path), field="weight_map"),
                hint=_HINT,
            )
        shards = sorted({str(v) for v in weight_map.values()})
        outside = [s for s in shards if Path(s).name != s or s in ("", ".", "..")]
        if outside:
            raise _error(
                path,
                f"the index names shard(s) outside its directory: {outside[:3]}",
                "an index lists shard file names in the same directory only",
            )
        missing = [s for s in shards if not (path.parent / s).is_file()]
        if missing:
            raise _error(path, f"shard(s) listed in the index are missing: {missing}", _HINT)
        return [path.parent / s for s in shards], path.parent
    if not path.exists():
        raise _error(path, "no such file or directory", _HINT)
    return [path], path.parent


def _index_total(path: Path) -> int | None:
    """``metadata.total_size`` of the checkpoint's index (a directory's or the file given)."""
    if path.is_dir():
        indexes = sorted(path.glob("*.safetensors.index.json"))
        path = indexes[0] if indexes else path
    if not path.name.endswith(".json") or not path.is_file():
        return None
    raw = read_bytes(path, limits=INDEX_LIMITS, what="checkpoint index", error=ConfigError)
    index = load_json(
        raw, source=str(path), limits=INDEX_LIMITS, what="the index", error=ConfigError
    )
    meta = index.get("metadata") if isinstance(index, dict) else None
    total = meta.get("total_size") if isinstance(meta, dict) else None
    return total if isinstance(total, int) and not isinstance(total, bool) and total > 0 else None


def _component(name: str) -> str:
    for component, pattern in _COMPONENTS:
        if pattern.search(name):
            return component
    return "other"


def _experts_per_token(directory: Path) -> int | None:
    config = directory / "config.json"
    if not config.is_file():
        return None
    try:
        raw = read_bytes(config, limits=INDEX_LIMITS, what="model config", error=ConfigError)
        data = load_json(raw, source=str(config), limits=INDEX_LIMITS, error=ConfigError)
    except ConfigError:
        return None
    value = data.get("num_experts_per_tok") if isinstance(data, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def count_from_safetensors(
    path: str | Path, *, experts_per_token: int | None = None
) -> ParameterCount:
    """Count parameters from safetensors headers: a file, a directory, or an index json.

    Only the headers are read, never the weights. Tensors whose name contains
    ``.experts.<n>.`` are routed MoE experts; the active count keeps ``experts_per_token`` of
    them per layer (taken from a ``config.json`` next to the checkpoint when not given). Without
    that number the active count equals the total and an assumption says so.

    Raises :class:`ConfigError` for a missing or malformed file.
    """
    root = Path(path)
    files, directory = _files(root)
    declared = _index_total(root)
    breakdown: dict[str, int] = {}
    experts_by_layer: dict[str, set[int]] = {}
    expert_params: dict[str, int] = {}
    seen: set[str] = set()
    by_dtype: dict[str, int] = {}
    header_only = 0
    for file in files:
        header, without_data = _read_header(file, header_only_allowed=declared is not None)
        header_only += without_data
        for name, info in header.items():
            if name == "__metadata__" or name in seen:
                continue
            seen.add(name)
            begin, end = info["data_offsets"]
            by_dtype[str(info.get("dtype"))] = by_dtype.get(str(info.get("dtype")), 0) + end - begin
            count = math.prod(info["shape"])
            component = _component(name)
            breakdown[component] = breakdown.get(component, 0) + count
            match = _EXPERT.search(name)
            if match:
                layer = name[: match.start()]
                experts_by_layer.setdefault(layer, set()).add(int(match.group(1)))
                expert_params[layer] = expert_params.get(layer, 0) + count
    total = sum(breakdown.values())
    active = total
    notes: list[str] = []
    if header_only and sum(by_dtype.values()) != declared:
        raise _error(
            root,
            f"the header-only shards hold {sum(by_dtype.values()):,} bytes of tensors, the "
            f"index's metadata.total_size says {declared:,}",
            "use the index and shards of one checkpoint",
        )
    if header_only:
        notes.append(
            f"{header_only} of {len(files)} file(s) hold only the header (no tensor data): "
            "counted from the header's shapes"
        )
    if expert_params:
        k = experts_per_token if experts_per_token is not None else _experts_per_token(directory)
        if k is None:
            notes.append(
                "routed experts found but the number of experts per token is unknown: "
                "active parameters are reported as the total (an upper bound)"
            )
        else:
            inactive = 0
            for layer, params in expert_params.items():
                n = len(experts_by_layer[layer])
                if k > n:
                    raise ConfigError(
                        f"{k} experts per token but only {n} experts in {layer}",
                        location=Location(file=str(root)),
                        hint="check experts_per_token / num_experts_per_tok",
                    )
                inactive += params * (n - k) // n
            active = total - inactive
    return ParameterCount(
        total=total,
        active=active,
        breakdown=breakdown,
        source=f"{root} (safetensors headers, {len(files)} file(s))",
        assumptions=tuple(notes),
        stored_bytes=sum(by_dtype.values()),
        dtypes=tuple(sorted(by_dtype, key=lambda d: (-by_dtype[d], d))),
    )

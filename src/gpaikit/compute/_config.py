"""Parameter counts from a Hugging Face ``config.json``, offline and without weights.

Each supported family maps the config's fields onto the tensors the model really creates:
token and position embeddings, attention (multi-head, grouped-query, multi-query, multi-head
latent), plain or gated MLPs, MoE routers, routed and shared experts, norms, biases and the output
head (tied or not). ``active`` subtracts the routed experts a token does not use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gpaikit._exceptions import ConfigError, Location
from gpaikit._untrusted import DEFAULT_LIMITS, load_json, read_bytes
from gpaikit.compute._common import PLAUSIBLE_MAX
from gpaikit.compute._model import ParameterCount

__all__ = ["SUPPORTED_MODEL_TYPES", "count_from_config"]

_MISSING = object()


@dataclass
class _Cfg:
    """Typed access to one config mapping; errors name the file and the field."""

    data: Mapping[str, Any]
    where: str

    def _error(self, key: str, message: str, hint: str) -> ConfigError:
        return ConfigError(message, location=Location(file=self.where, field=key), hint=hint)

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def num(self, *keys: str, default: Any = _MISSING, minimum: int = 1) -> int:
        for key in keys:
            raw = self.data.get(key)
            if raw is None:
                continue
            if isinstance(raw, bool) or not isinstance(raw, int | float) or raw != int(raw):
                raise self._error(key, f"expected a whole number, got {raw!r}", "fix the value")
            if raw < minimum:
                raise self._error(
                    key, f"must be at least {minimum}, got {raw}", "fix the value in the config"
                )
            return int(raw)
        if default is _MISSING:
            raise self._error(
                keys[0],
                "required field is missing",
                f"add '{keys[0]}' to the config, or pass --params / --safetensors instead",
            )
        return int(default)

    def flag(self, key: str, default: bool) -> bool:
        raw = self.data.get(key)
        if raw is None:
            return default
        if not isinstance(raw, bool):
            raise self._error(key, f"expected true or false, got {raw!r}", "fix the value")
        return raw

    def indices(self, key: str) -> tuple[int, ...]:
        raw = self.data.get(key) or []
        if not isinstance(raw, list) or not all(
            isinstance(x, int) and not isinstance(x, bool) for x in raw
        ):
            raise self._error(key, f"expected a list of layer indices, got {raw!r}", "fix it")
        return tuple(raw)


@dataclass
class _Tally:
    total: dict[str, int] = field(default_factory=dict)
    inactive: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, component: str, count: int, times: int = 1) -> None:
        """Add ``count`` parameters ``times`` over (once per layer: O(1) in the layer count)."""
        if count and times:
            self.total[component] = self.total.get(component, 0) + count * times


def _linear(n_in: int, n_out: int, bias: bool) -> int:
    return n_in * n_out + (n_out if bias else 0)


# --- decoder-only transformers in the Llama lineage ---------------------------------------


@dataclass(frozen=True)
class _Family:
    tie_default: bool
    norms_per_layer: int = 2
    qkv_bias: bool = False
    qk_norm: bool = False
    moe: str | None = None  # "mixtral" | "qwen" | "deepseek"
    mla: bool = False


_LLAMA_LIKE: dict[str, _Family] = {
    "llama": _Family(tie_default=False),
    "mistral": _Family(tie_default=False),
    "mixtral": _Family(tie_default=False, moe="mixtral"),
    "qwen2": _Family(tie_default=False, qkv_bias=True),
    "qwen2_moe": _Family(tie_default=False, qkv_bias=True, moe="qwen"),
    "qwen3": _Family(tie_default=False, qk_norm=True),
    "qwen3_moe": _Family(tie_default=False, qk_norm=True, moe="qwen"),
    "gemma": _Family(tie_default=True),
    "gemma2": _Family(tie_default=True, norms_per_layer=4),
    "gemma3_text": _Family(tie_default=True, norms_per_layer=4, qk_norm=True),
    "phi3": _Family(tie_default=False),
    "deepseek_v2": _Family(tie_default=False, moe="deepseek", mla=True),
    "deepseek_v3": _Family(tie_default=False, moe="deepseek", mla=True),
}


def _attention(cfg: _Cfg, fam: _Family, d: int) -> int:
    heads = cfg.num("num_attention_heads")
    if fam.mla:
        nope = cfg.num("qk_nope_head_dim")
        rope = cfg.num("qk_rope_head_dim")
        v_dim = cfg.num("v_head_dim")
        kv_rank = cfg.num("kv_lora_rank")
        q_rank = cfg.num("q_lora_rank", default=0, minimum=0)
        bias = cfg.flag("attention_bias", False)
        q = (
            _linear(d, q_rank, bias) + _linear(q_rank, heads * (nope + rope), False)
            if q_rank
            else _linear(d, heads * (nope + rope), False)
        )
        kv = _linear(d, kv_rank + rope, bias) + _linear(kv_rank, heads * (nope + v_dim), False)
        return q + kv + _linear(heads * v_dim, d, bias)
    kv_heads = cfg.num("num_key_value_heads", default=heads)
    head_dim = cfg.num("head_dim", default=d // heads)
    bias = fam.qkv_bias or cfg.flag("attention_bias", False)
    q = _linear(d, heads * head_dim, bias)
    kv = 2 * _linear(d, kv_heads * head_dim, bias)
    o = _linear(heads * head_dim, d, cfg.flag("attention_bias", False))
    return q + kv + o + (2 * head_dim if fam.qk_norm else 0)


def _gated_mlp(d: int, inner: int, bias: bool) -> int:
    return 2 * _linear(d, inner, bias) + _linear(inner, d, bias)


def _moe_layer_count(cfg: _Cfg, fam: _Family, layers: int) -> int:
    """How many of the ``layers`` are MoE layers, by arithmetic (never a loop over layers)."""
    if fam.moe == "mixtral":
        return layers
    if fam.moe == "qwen":
        step = cfg.num("decoder_sparse_step", default=1)
        dense = {i for i in cfg.indices("mlp_only_layers") if 0 <= i < layers}
        return layers // step - sum(1 for i in dense if (i + 1) % step == 0)
    first_dense = cfg.num("first_k_dense_replace", default=0, minimum=0)
    freq = cfg.num("moe_layer_freq", default=1)
    if first_dense >= layers:
        return 0
    # multiples of freq in [first_dense, layers - 1]
    return (layers - 1) // freq - (first_dense - 1) // freq


def _moe_layer(cfg: _Cfg, fam: _Family, d: int, t: _Tally, times: int) -> None:
    if fam.moe == "mixtral":
        experts = cfg.num("num_local_experts")
        top_k = cfg.num("num_experts_per_tok")
        expert = _gated_mlp(d, cfg.num("intermediate_size"), False)
        shared = 0
        router = d * experts
    elif fam.moe == "qwen":
        experts = cfg.num("num_experts")
        top_k = cfg.num("num_experts_per_tok")
        expert = _gated_mlp(d, cfg.num("moe_intermediate_size"), False)
        shared_inner = cfg.num("shared_expert_intermediate_size", default=0, minimum=0)
        shared = _gated_mlp(d, shared_inner, False) + d if shared_inner else 0
        router = d * experts
    else:
        experts = cfg.num("n_routed_experts")
        top_k = cfg.num("num_experts_per_tok")
        expert = _gated_mlp(d, cfg.num("moe_intermediate_size"), False)
        n_shared = cfg.num("n_shared_experts", default=0, minimum=0)
        shared = n_shared * expert
        # DeepSeek-V3's router also carries a per-expert score-correction bias
        router = d * experts + (experts if cfg.data.get("topk_method") == "noaux_tc" else 0)
    if top_k > experts:
        raise cfg._error(
            "num_experts_per_tok",
            f"{top_k} experts per token but only {experts} experts",
            "fix the expert counts in the config",
        )
    t.add("experts", experts * expert, times)
    t.add("shared_experts", shared, times)
    t.add("router", router, times)
    t.inactive += (experts - top_k) * expert * times


def _llama_like(cfg: _Cfg, fam: _Family, t: _Tally) -> None:
    vocab = cfg.num("vocab_size")
    d = cfg.num("hidden_size")
    layers = cfg.num("num_hidden_layers")
    t.add("embeddings", vocab * d)
    if not cfg.flag("tie_word_embeddings", fam.tie_default):
        t.add("lm_head", vocab * d)
    moe_layers = _moe_layer_count(cfg, fam, layers) if fam.moe else 0
    mlp_bias = cfg.flag("mlp_bias", False)
    t.add("attention", _attention(cfg, fam, d), layers)
    if moe_layers:
        _moe_layer(cfg, fam, d, t, moe_layers)
    if layers - moe_layers:
        t.add("mlp", _gated_mlp(d, cfg.num("intermediate_size"), mlp_bias), layers - moe_layers)
    t.add("norms", fam.norms_per_layer * d, layers)
    if fam.mla:
        # the low-rank norms of multi-head latent attention
        lora = cfg.num("kv_lora_rank") + cfg.num("q_lora_rank", default=0, minimum=0)
        t.add("norms", lora, layers)
    t.add("norms", d)
    if fam.mla and cfg.num("num_nextn_predict_layers", default=0, minimum=0):
        t.notes.append(
            "multi-token-prediction module(s) (num_nextn_predict_layers) not counted: "
            "they are not part of the published model size"
        )


# --- other families --------------------------------------------------------------------------


def _gpt2(cfg: _Cfg, t: _Tally) -> None:
    vocab = cfg.num("vocab_size")
    d = cfg.num("n_embd", "hidden_size")
    layers = cfg.num("n_layer", "num_hidden_layers")
    inner = cfg.num("n_inner", default=4 * d)
    t.add("embeddings", vocab * d)
    t.add("position_embeddings", cfg.num("n_positions", "max_position_embeddings") * d)
    t.add("attention", _linear(d, 3 * d, True) + _linear(d, d, True), layers)
    t.add("mlp", _linear(d, inner, True) + _linear(inner, d, True), layers)
    t.add("norms", 2 * 2 * d, layers)
    t.add("norms", 2 * d)


def _gpt_neox(cfg: _Cfg, t: _Tally) -> None:
    vocab = cfg.num("vocab_size")
    d = cfg.num("hidden_size")
    inner = cfg.num("intermediate_size")
    bias = cfg.flag("attention_bias", True)
    t.add("embeddings", vocab * d)
    if not cfg.flag("tie_word_embeddings", False):
        t.add("lm_head", vocab * d)
    layers = cfg.num("num_hidden_layers")
    t.add("attention", _linear(d, 3 * d, bias) + _linear(d, d, bias), layers)
    t.add("mlp", _linear(d, inner, True) + _linear(inner, d, True), layers)
    t.add("norms", 2 * 2 * d, layers)
    t.add("norms", 2 * d)


def _falcon(cfg: _Cfg, t: _Tally) -> None:
    vocab = cfg.num("vocab_size")
    d = cfg.num("hidden_size", "n_embed")
    heads = cfg.num("num_attention_heads", "n_head")
    head_dim = d // heads
    bias = cfg.flag("bias", False)
    new_arch = cfg.flag("new_decoder_architecture", False)
    if new_arch:
        kv_heads = cfg.num("num_kv_heads", "n_head_kv", default=heads)
    elif cfg.flag("multi_query", True):
        kv_heads = 1
    else:
        kv_heads = heads
    inner = cfg.num("ffn_hidden_size", default=4 * d)
    t.add("embeddings", vocab * d)
    if not cfg.flag("tie_word_embeddings", True):
        t.add("lm_head", vocab * d)
    layers = cfg.num("num_hidden_layers", "n_layer")
    t.add("attention", _linear(d, (heads + 2 * kv_heads) * head_dim, bias), layers)
    t.add("attention", _linear(d, d, bias), layers)
    t.add("mlp", _linear(d, inner, bias) + _linear(inner, d, bias), layers)
    if new_arch:
        n_norms = cfg.num("num_ln_in_parallel_attn", default=2)
    else:
        n_norms = 1 if cfg.flag("parallel_attn", True) else 2
    t.add("norms", n_norms * 2 * d, layers)
    t.add("norms", 2 * d)


def _phi(cfg: _Cfg, t: _Tally) -> None:
    vocab = cfg.num("vocab_size")
    d = cfg.num("hidden_size")
    inner = cfg.num("intermediate_size")
    heads = cfg.num("num_attention_heads")
    kv_heads = cfg.num("num_key_value_heads", default=heads)
    head_dim = d // heads
    t.add("embeddings", vocab * d)
    if not cfg.flag("tie_word_embeddings", False):
        t.add("lm_head", vocab * d + vocab)
    layers = cfg.num("num_hidden_layers")
    t.add(
        "attention",
        _linear(d, heads * head_dim, True)
        + 2 * _linear(d, kv_heads * head_dim, True)
        + _linear(heads * head_dim, d, True),
        layers,
    )
    t.add("mlp", _linear(d, inner, True) + _linear(inner, d, True), layers)
    t.add("norms", 2 * d, layers)
    t.add("norms", 2 * d)


_OTHER: dict[str, Callable[[_Cfg, _Tally], None]] = {
    "gpt2": _gpt2,
    "gpt_neox": _gpt_neox,
    "falcon": _falcon,
    "RefinedWeb": _falcon,
    "RefinedWebModel": _falcon,
    "phi": _phi,
}

SUPPORTED_MODEL_TYPES: tuple[str, ...] = tuple(sorted({*_LLAMA_LIKE, *_OTHER}))


#: A Hugging Face config.json is a few kilobytes; one from a hub is untrusted.
CONFIG_LIMITS = DEFAULT_LIMITS.but(max_bytes=4 * 1024 * 1024, max_nodes=200_000, max_depth=32)


def _load(path_or_dict: str | Path | Mapping[str, Any]) -> tuple[Mapping[str, Any], str]:
    if isinstance(path_or_dict, Mapping):
        return path_or_dict, "config"
    path = Path(path_or_dict)
    if path.is_dir():
        path = path / "config.json"
    where = str(path)
    hint = "pass the path of a Hugging Face config.json, or re-download it"
    raw = read_bytes(path, limits=CONFIG_LIMITS, what="model config", error=ConfigError)
    data = load_json(
        raw, source=where, limits=CONFIG_LIMITS, what="the config", error=ConfigError, hint=hint
    )
    if not isinstance(data, dict):
        raise ConfigError(
            "expected a JSON object at the top level",
            location=Location(file=where),
            hint="pass a Hugging Face config.json",
        )
    return data, where


def count_from_config(path_or_dict: str | Path | Mapping[str, Any]) -> ParameterCount:
    """Count the parameters of a model from its Hugging Face ``config.json``.

    ``path_or_dict`` is the file, its directory, or the parsed mapping. Supported
    ``model_type`` values: see ``SUPPORTED_MODEL_TYPES`` (Llama, Mistral, Mixtral, Qwen2/2-MoE,
    Qwen3/3-MoE, Gemma 1-3, Phi, Phi-3, DeepSeek-V2/V3, GPT-2, GPT-NeoX/Pythia, Falcon).
    A multimodal config's ``text_config`` is counted alone (the vision tower is not).

    Raises :class:`ConfigError` naming the file and field for a malformed or unsupported config.

    Example::

        >>> count_from_config({"model_type": "gpt2", "vocab_size": 50257, "n_embd": 768,
        ...                    "n_layer": 12, "n_head": 12, "n_positions": 1024}).total
        124439808
    """
    data, where = _load(path_or_dict)
    notes: list[str] = []
    if not data.get("model_type") and isinstance(data.get("text_config"), dict):
        data = data["text_config"]
    elif "vocab_size" not in data and isinstance(data.get("text_config"), dict):
        data = data["text_config"]
        notes.append("multimodal config: only the language model (text_config) is counted")
    model_type = data.get("model_type")
    cfg = _Cfg(data, where)
    tally = _Tally(notes=notes)
    if not isinstance(model_type, str) or not model_type:
        raise ConfigError(
            "no 'model_type' in the config",
            location=Location(file=where, field="model_type"),
            hint=f"add model_type (one of: {', '.join(SUPPORTED_MODEL_TYPES)}) "
            "or use --params / --safetensors",
        )
    if model_type in _LLAMA_LIKE:
        _llama_like(cfg, _LLAMA_LIKE[model_type], tally)
    elif model_type in _OTHER:
        _OTHER[model_type](cfg, tally)
    else:
        raise ConfigError(
            f"unsupported model_type '{model_type}'",
            location=Location(file=where, field="model_type"),
            hint=f"supported: {', '.join(SUPPORTED_MODEL_TYPES)}; otherwise count the "
            "checkpoint with --safetensors or give --params",
        )
    total = sum(tally.total.values())
    if total > PLAUSIBLE_MAX["params"]:
        raise ConfigError(
            f"the config describes {total:.3g} parameters, more than any real model "
            f"({PLAUSIBLE_MAX['params']:.0e})",
            location=Location(file=where),
            hint="check num_hidden_layers, hidden_size, vocab_size and the expert counts",
        )
    return ParameterCount(
        total=total,
        active=total - tally.inactive,
        breakdown=dict(tally.total),
        source=f"{where} (model_type {model_type})",
        assumptions=tuple(tally.notes),
    )

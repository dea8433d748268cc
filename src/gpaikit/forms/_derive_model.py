"""Derivations from the model's artefacts (config.json, safetensors headers, tokenizer and
generation configs) and from computations over declared facts (training tokens, energy,
inference compute). Each returns ``None`` when what it needs is not there."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from gpaikit._exceptions import GpaikitError
from gpaikit.compute import run_excluded, significant, training_energy
from gpaikit.forms._context import FormContext
from gpaikit.law import RunKind

__all__ = ["MODEL_DERIVATIONS", "Origin", "Sourced", "parameter_count", "training_tokens"]

Origin = Literal["fact", "artefact", "computation"]


@dataclass(frozen=True)
class Sourced:
    """A derived value with where it came from, when that depends on the facts at hand."""

    value: Any
    origin: Origin


def parameter_count(ctx: FormContext) -> tuple[float, Origin] | None:
    """The declared total, else the count read from the runs' config/weights files."""
    if ctx.model.parameters is not None:
        return ctx.model.parameters, "fact"
    found = ctx.artefacts.parameters
    return (float(found.total), "artefact") if found is not None else None


def active_parameters(ctx: FormContext) -> float | None:
    """Parameters used per token: declared active params of a run, the artefact's active
    count (mixture of experts), else the total."""
    for run in ctx.model.training_runs:
        if run.active_params is not None:
            return run.active_params
    found = ctx.artefacts.parameters
    if found is not None and ctx.model.parameters is None:
        return float(found.active)
    total = parameter_count(ctx)
    return total[0] if total else None


def _params(ctx: FormContext) -> Any:
    found = parameter_count(ctx)
    if found is None:
        return None
    digits = 2 if found[1] == "fact" else 3
    return Sourced(significant(found[0], digits), found[1])


def _config(ctx: FormContext) -> Mapping[str, Any] | None:
    config = ctx.artefacts.config
    if config is None:
        return None
    text = config.get("text_config")
    if "num_hidden_layers" not in config and isinstance(text, Mapping):
        return {**text, "architectures": config.get("architectures"), "_multimodal": True}
    return config


def _number(config: Mapping[str, Any], *keys: str) -> int | None:
    for key in keys:
        value = config.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
    return None


def _architecture(ctx: FormContext) -> Any:
    config = _config(ctx)
    if config is None:
        return None
    names = config.get("architectures")
    name = names[0] if isinstance(names, list) and names and isinstance(names[0], str) else None
    layers = _number(config, "num_hidden_layers", "n_layer", "num_layers")
    width = _number(config, "hidden_size", "n_embd", "d_model")
    heads = _number(config, "num_attention_heads", "n_head")
    kv = _number(config, "num_key_value_heads", "num_kv_heads")
    experts = _number(config, "num_local_experts", "n_routed_experts", "num_experts")
    kind = "Decoder-only transformer" if name and "CausalLM" in name else "Transformer"
    parts = [f"{kind}{f' ({name})' if name else ''}"]
    if layers and width:
        parts.append(f"{layers} layers, hidden size {width:,}")
    if heads and kv and kv < heads:
        parts.append(f"grouped-query attention ({heads} query, {kv} key-value heads)")
    elif heads:
        parts.append(f"{heads} attention heads")
    if experts:
        per = _number(config, "num_experts_per_tok")
        parts.append(f"mixture of {experts} experts" + (f", {per} per token" if per else ""))
    if config.get("_multimodal"):
        parts.append("with a vision encoder")
    return Sourced(", ".join(parts) + ".", "artefact")


def context_window(ctx: FormContext) -> int | None:
    """The longest sequence the model takes, from config.json (or the tokenizer config)."""
    config = _config(ctx)
    found = (
        _number(config, "max_position_embeddings", "n_positions", "max_sequence_length", "seq_len")
        if config
        else None
    )
    tokenizer = ctx.artefacts.tokenizer_config or {}
    limit = tokenizer.get("model_max_length")
    if found is None and isinstance(limit, int) and 0 < limit < 10**8:
        found = limit
    return found


def _max_size(output: bool) -> Callable[[FormContext], Any]:
    def derive(ctx: FormContext) -> Any:
        window = context_window(ctx)
        mods = ctx.model.modalities.output if output else ctx.model.modalities.input
        wanted = {"text" if m == "code" else m for m in mods}
        if window is None or wanted != {"text"}:
            return None
        text = f"{window:,} tokens (context window" + (
            ", shared with the input)" if output else ")"
        )
        return Sourced({"text": text}, "artefact")

    return derive


def _api_only(ctx: FormContext) -> bool:
    channels = {c.lower() for c in ctx.model.distribution}
    downloads = {"download", "weights", "hub", "huggingface", "hugging face", "open weights"}
    return ctx.model.publication.weights is False and not channels & downloads


def _integration(ctx: FormContext) -> Any:
    config = ctx.artefacts.config
    if config is None:
        return None
    names = config.get("architectures")
    name = names[0] if isinstance(names, list) and names and isinstance(names[0], str) else None
    version = config.get("transformers_version")
    tokenizer = ctx.artefacts.tokenizer_config or {}
    chat = (
        " The tokenizer configuration ships a chat template."
        if tokenizer.get("chat_template")
        else ""
    )
    what = f"the {name} class" if name else "the Auto classes"
    saved = f" (checkpoint saved with transformers {version})" if isinstance(version, str) else ""
    return Sourced(
        f"Load the safetensors weights and config.json with Hugging Face transformers, {what}"
        f"{saved}, then run it in the integrating system's inference stack.{chat}",
        "artefact",
    )


def _dtype_bytes(dtype: str) -> float:
    table = {"F32": 4, "FLOAT32": 4, "BF16": 2, "BFLOAT16": 2, "F16": 2, "FLOAT16": 2}
    return float(table.get(dtype.upper().replace("TORCH.", ""), 2))


def _hardware(ctx: FormContext) -> Any:
    if _api_only(ctx):
        return Sourced("N/A", "fact")
    stored = ctx.artefacts.parameters
    size: float
    if stored is not None and stored.stored_bytes:
        size, what = float(stored.stored_bytes), f"{', '.join(stored.dtypes)} weights as stored"
    else:
        found = parameter_count(ctx)
        config = ctx.artefacts.config or {}
        dtype = str(config.get("torch_dtype") or "bfloat16")
        if found is None:
            return None
        size, what = found[0] * _dtype_bytes(dtype), f"{found[0]:.3g} parameters in {dtype}"
    gigabytes = size / 1e9
    return Sourced(
        f"Accelerator memory of at least {gigabytes:,.1f} GB for the weights alone ({what}), "
        "plus memory for activations and the key-value cache of the context used; quantised "
        "weights need less.",
        "computation",
    )


def _software(ctx: FormContext) -> Any:
    if _api_only(ctx):
        return Sourced("N/A", "fact")
    config = ctx.artefacts.config
    if config is None:
        return None
    version = config.get("transformers_version")
    dtype = config.get("torch_dtype")
    parts = ["Hugging Face transformers" + (f" {version} or later" if version else "")]
    parts.append("PyTorch" + (f" with {dtype} support" if dtype else ""))
    parts.append("the safetensors library")
    return Sourced(", ".join(parts) + " (from config.json).", "artefact")


def _counts_toward_training(ctx: FormContext) -> list[Any]:
    runs = []
    for run in ctx.model.training_runs:
        try:
            excluded, rule = run_excluded(run, ctx.catalog)
        except GpaikitError:  # an invalid exclusion is reported by the assessment
            continue
        kind = ctx.catalog.typed(rule.id, RunKind)
        if not excluded and "training" in kind.counts_toward:
            runs.append(run)
    return runs


def training_tokens(ctx: FormContext) -> float | None:
    """Training-set tokens: the per-epoch tokens of the runs that update the model's
    parameters, summed (each run's data counted once)."""
    runs = [r for r in _counts_toward_training(ctx) if r.tokens is not None]
    return sum(r.tokens or 0.0 for r in runs) if runs else None


def _data_points(ctx: FormContext) -> Any:
    tokens = training_tokens(ctx)
    if tokens is None:
        return None
    return Sourced(
        [
            {
                "split": "training",
                "value": significant(tokens, 2),
                "unit": "tokens",
                "unit_definition": "tokens of the model's tokenizer, per epoch, summed over the "
                "training runs",
            }
        ],
        "computation",
    )


def _coarse_points(ctx: FormContext) -> Any:
    tokens = training_tokens(ctx)
    if tokens is None:
        return None
    exponent = len(str(int(tokens))) - 1
    return Sourced(f"Training set: about 10^{exponent} tokens.", "computation")


def _energy(attr: str) -> Callable[[FormContext], Any]:
    def derive(ctx: FormContext) -> Any:
        try:
            found = training_energy(ctx.model.training_runs, ctx.catalog)
        except GpaikitError:  # unknown accelerators are reported by the compute figures
            return None
        if found is None or not found.complete:
            return None
        if attr == "method":
            return Sourced(found.method_text(), "computation")
        return Sourced(significant(found.mwh, 2), "computation")

    return derive


def _inference(attr: str) -> Callable[[FormContext], Any]:
    def derive(ctx: FormContext) -> Any:
        bench = ctx.model.inference_benchmark
        if bench is None:
            return None
        active = active_parameters(ctx)
        per_token = ctx.catalog.value("PAR.flop_per_param_token_forward")
        if attr == "flop":
            if bench.flop is not None:
                return Sourced(significant(bench.flop, 2), "fact")
            return (
                Sourced(significant(per_token * active * bench.tokens, 2), "computation")
                if active
                else None
            )
        where = f" on {bench.hardware}" if bench.hardware else ""
        if bench.flop is not None:
            how = "measured"
        elif active:
            how = (
                f"estimated as {per_token:g} FLOP x {significant(active, 3)} active parameters x "
                f"{significant(bench.tokens, 2)} tokens (forward passes; attention over long "
                "contexts adds to it)"
            )
        else:
            return None
        return Sourced(
            f"Benchmark task: {bench.task}{where}; {how}.", "fact" if bench.flop else "computation"
        )

    return derive


MODEL_DERIVATIONS: dict[str, Callable[[FormContext], Any]] = {
    "model.parameters": _params,
    "model.architecture": _architecture,
    "model.max_input_size": _max_size(output=False),
    "model.max_output_size": _max_size(output=True),
    "model.integration": _integration,
    "model.required_hardware": _hardware,
    "model.required_software": _software,
    "data.number_of_points": _data_points,
    "data.number_of_points_coarse": _coarse_points,
    "compute.energy_mwh": _energy("mwh"),
    "compute.energy_method": _energy("method"),
    "compute.inference_flop": _inference("flop"),
    "compute.inference_method": _inference("method"),
}

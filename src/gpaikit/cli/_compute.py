"""`gpaikit compute`: training-compute estimates and the hardware catalog."""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from gpaikit._exceptions import ComputeInputError, Location
from gpaikit._io import dumps_json
from gpaikit.cli._console import make_console
from gpaikit.cli._errors import handles_errors
from gpaikit.cli._safe import echo, echo_json
from gpaikit.compute import (
    UTILIZATION_DEFAULTS,
    Estimate,
    FleetSegment,
    ParameterCount,
    Stage,
    count_from_config,
    count_from_safetensors,
    modification_assessment,
    threshold_flags,
)
from gpaikit.compute import estimate as compute_estimate
from gpaikit.law import load_catalog

app = typer.Typer(
    help="Estimate training compute (architecture and hardware methods) for the AI Act.",
    no_args_is_help=True,
)
console = make_console()

PRECISIONS = ("bf16", "fp16", "fp8", "fp4", "tf32", "fp32")


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def _bad(flag: str, message: str, hint: str | None = None) -> ComputeInputError:
    return ComputeInputError(message, location=Location(field=flag), hint=hint)


def _check(value: float | None, flag: str, *, positive: bool = False) -> None:
    if value is None:
        return
    if value != value or value in (float("inf"), float("-inf")):
        raise _bad(flag, f"expected a finite number, got {value}")
    if value < 0 or (positive and value == 0):
        raise _bad(flag, f"must be {'greater than 0' if positive else '0 or more'}, got {value:g}")


def _spread(values: list[float], n: int, flag: str) -> list[float | None]:
    """Per-accelerator values: none, one for all, or one per --accelerator."""
    for v in values:
        _check(v, flag, positive=flag in ("--count", "--utilization", "--peak-tflops"))
    if not values:
        return [None] * n
    if len(values) == 1:
        return [values[0]] * n
    if len(values) == n:
        return list(values)
    raise _bad(
        flag,
        f"given {len(values)} times for {n} --accelerator",
        f"repeat {flag} once per --accelerator, in the same order, or give it once for all",
    )


def _fleet(
    accelerators: list[str],
    counts: list[float],
    hours: list[float],
    gpu_hours: list[float],
    utilizations: list[float],
    peaks: list[float],
    precision: str,
) -> list[FleetSegment]:
    n = len(accelerators)
    if not n:
        if counts or hours or gpu_hours or utilizations or peaks:
            raise _bad(
                "--accelerator",
                "hardware inputs given without --accelerator",
                "add --accelerator NAME (see `gpaikit compute hardware`)",
            )
        return []
    if gpu_hours and (counts or hours):
        raise _bad("--gpu-hours", "give --gpu-hours, or --count and --hours, not both")
    if not gpu_hours and (not counts or not hours):
        raise _bad(
            "--count/--hours",
            "the hardware method needs --count and --hours, or --gpu-hours",
            "e.g. --accelerator H100 --count 1024 --hours 1440",
        )
    if counts and len(counts) != n:
        raise _bad("--count", f"given {len(counts)} times for {n} --accelerator", "one per type")
    per_count = _spread(counts, n, "--count")
    per_hours = _spread(hours, n, "--hours")
    per_gpu_hours = _spread(gpu_hours, n, "--gpu-hours")
    per_u = _spread(utilizations, n, "--utilization")
    per_peak = _spread(peaks, n, "--peak-tflops")
    return [
        FleetSegment(
            accelerator=acc,
            count=per_count[i],
            hours=per_hours[i],
            gpu_hours=per_gpu_hours[i],
            utilization=per_u[i],
            peak_tflops=per_peak[i],
            precision=precision,
        )
        for i, acc in enumerate(accelerators)
    ]


def _parameter_count(
    config: Path | None, safetensors: Path | None, experts_per_token: int | None
) -> ParameterCount | None:
    if config is not None and safetensors is not None:
        raise _bad("--config/--safetensors", "give --config or --safetensors, not both")
    if config is not None:
        return count_from_config(config)
    if safetensors is not None:
        return count_from_safetensors(safetensors, experts_per_token=experts_per_token)
    return None


def _text(result: Estimate, counted: ParameterCount | None, flags: Any, mod: Any) -> None:
    sf = result.significant_figures
    echo = typer.echo
    echo(f"Training compute ({result.notion}): {result.two_significant()} FLOP")
    echo(f"  AI Office ({sf} significant figures): {result.two_significant()} FLOP")
    echo(f"  national authorities (order of magnitude): {result.order_of_magnitude()} FLOP")
    echo(
        f"  range: {result.format(result.low)} to {result.format(result.high)} FLOP "
        f"(±{result.margin * 100:.0f} % or tighter)"
    )
    echo(
        f"  training compute (parameter updates): {result.format(result.training_flop)} FLOP; "
        f"cumulative compute: {result.format(result.cumulative_flop)} FLOP"
    )
    echo(f"  method: {result.method_text()}")
    if result.architecture is not None and result.hardware is not None:
        echo(
            f"  architecture: {result.architecture.two_significant()} FLOP; "
            f"hardware: {result.hardware.two_significant()} FLOP; "
            f"ratio {result.ratio:.2f} ({'agree' if result.agree else 'DISAGREE'})"
        )
    if result.params_total is not None:
        echo(
            f"  parameters: total {result.params_total:,}, active {result.params_active or 0:,}"
            + (f" (from {counted.source})" if counted else "")
        )
    echo("Thresholds:")
    for flag in flags:
        echo(f"  - {flag.text()}")
    if mod is not None:
        echo("Modification (GL §3.2):")
        for reason in mod.reasons:
            echo(f"  - {reason}")
        echo(f"  modifier becomes provider: {'yes' if mod.becomes_provider else 'no'}")
    echo("Assumptions:")
    for note in result.assumptions:
        echo(f"  - {note}")


@app.command("estimate")
@handles_errors
def estimate(
    params: Annotated[
        float | None, typer.Option("--params", help="Total parameters, e.g. 8e9.")
    ] = None,
    active_params: Annotated[
        float | None,
        typer.Option("--active-params", help="Parameters used per token (MoE)."),
    ] = None,
    tokens: Annotated[
        float | None, typer.Option("--tokens", help="Training tokens per epoch, e.g. 15e12.")
    ] = None,
    epochs: Annotated[float, typer.Option("--epochs", help="Passes over the tokens.")] = 1.0,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="Hugging Face config.json to count parameters from."),
    ] = None,
    safetensors: Annotated[
        Path | None,
        typer.Option(
            "--safetensors",
            help="A .safetensors file, a checkpoint directory or its index json (headers only).",
        ),
    ] = None,
    experts_per_token: Annotated[
        int | None,
        typer.Option("--experts-per-token", help="MoE routing top-k for --safetensors counts."),
    ] = None,
    accelerator: Annotated[
        list[str] | None,
        typer.Option(
            "--accelerator", help="Accelerator name (repeat for mixed fleets), e.g. H100."
        ),
    ] = None,
    count: Annotated[
        list[float] | None, typer.Option("--count", help="Number of accelerators (N).")
    ] = None,
    hours: Annotated[
        list[float] | None, typer.Option("--hours", help="Wall-clock hours of use (L).")
    ] = None,
    gpu_hours: Annotated[
        list[float] | None,
        typer.Option("--gpu-hours", help="Accelerator-hours, instead of --count and --hours."),
    ] = None,
    utilization: Annotated[
        list[float] | None,
        typer.Option("--utilization", help="Average utilisation (MFU) as a fraction, e.g. 0.4."),
    ] = None,
    peak_tflops: Annotated[
        list[float] | None,
        typer.Option(
            "--peak-tflops",
            help="Dense peak TFLOP/s, overriding the catalog (or for an accelerator not in it).",
        ),
    ] = None,
    precision: Annotated[
        str, typer.Option("--precision", help=f"Peak to use: {', '.join(PRECISIONS)}.")
    ] = "bf16",
    utilization_default: Annotated[
        str,
        typer.Option(
            "--utilization-default",
            help=f"Default when --utilization is absent: {', '.join(UTILIZATION_DEFAULTS)}.",
        ),
    ] = "llm",
    notion: Annotated[
        str,
        typer.Option("--notion", help="Headline figure: cumulative (Art. 51) or training."),
    ] = "cumulative",
    original_flop: Annotated[
        float | None,
        typer.Option("--original-flop", help="For a fine-tune: the original model's compute."),
    ] = None,
    original_systemic_risk: Annotated[
        bool,
        typer.Option(
            "--original-systemic-risk", help="For a fine-tune: the original has systemic risk."
        ),
    ] = False,
    modification: Annotated[
        bool,
        typer.Option("--modification", help="This run is a modification of another's model."),
    ] = False,
    output: Annotated[OutputFormat, typer.Option("--format", help="text or json.")] = (
        OutputFormat.text
    ),
    notification: Annotated[
        bool, typer.Option("--notification", help="Print the Art. 52 notification text.")
    ] = False,
) -> None:
    """Estimate training compute from parameters and tokens, a config or checkpoint, and/or the
    accelerators used. With both methods, report both and their ratio."""
    for value, flag in ((params, "--params"), (active_params, "--active-params")):
        _check(value, flag, positive=True)
    _check(tokens, "--tokens")
    _check(epochs, "--epochs", positive=True)
    _check(original_flop, "--original-flop", positive=True)
    if notion not in ("cumulative", "training"):
        raise _bad("--notion", f"unknown notion '{notion}'", "use cumulative or training")
    if precision not in PRECISIONS:
        raise _bad("--precision", f"unknown precision '{precision}'", ", ".join(PRECISIONS))
    counted = _parameter_count(config, safetensors, experts_per_token)
    if counted is not None and params is not None:
        raise _bad("--params", "give --params or --config/--safetensors, not both")
    total = float(counted.total) if counted else params
    active = active_params if active_params is not None else (counted.active if counted else None)
    fleet = _fleet(
        accelerator or [],
        count or [],
        hours or [],
        gpu_hours or [],
        utilization or [],
        peak_tflops or [],
        precision,
    )
    stages: list[Stage] = []
    if tokens is not None:
        if total is None:
            raise _bad("--params", "--tokens needs --params, --config or --safetensors")
        stages.append(
            Stage(name="training", params=total, active_params=active, tokens=tokens, epochs=epochs)
        )
    elif total is not None:
        raise _bad("--tokens", "parameters given without --tokens", "add --tokens, e.g. 15e12")
    if not stages and not fleet:
        raise _bad(
            "--tokens/--accelerator",
            "nothing to estimate",
            "give --params (or --config/--safetensors) with --tokens, and/or --accelerator "
            "with --count and --hours (or --gpu-hours)",
        )
    result = compute_estimate(
        stages,
        fleet,
        notion="training" if notion == "training" else "cumulative",
        utilization_default=utilization_default,
    )
    if counted is not None and counted.assumptions:
        result = replace(result, assumptions=result.assumptions + counted.assumptions)
    mod = None
    if modification or original_flop is not None:
        mod = modification_assessment(
            result, original_flop, original_systemic_risk=original_systemic_risk
        )
    flags = threshold_flags(result)
    if output == OutputFormat.json:
        payload = result.to_dict()
        payload["flags"] = [asdict(f) for f in flags]
        if counted is not None:
            payload["parameter_count"] = {
                "total": counted.total,
                "active": counted.active,
                "breakdown": dict(counted.breakdown),
                "source": counted.source,
            }
        if mod is not None:
            payload["modification"] = asdict(mod)
        if notification:
            payload["notification_text"] = result.notification_text()
        echo_json(json.loads(json.dumps(payload, default=str)))
        return
    if notification:
        echo(result.notification_text())
        return
    _text(result, counted, flags, mod)


@app.command("hardware")
@handles_errors
def hardware(
    output: Annotated[OutputFormat, typer.Option("--format", help="text or json.")] = (
        OutputFormat.text
    ),
) -> None:
    """List the accelerator catalog: dense peak TFLOP/s per precision, with sources."""
    accelerators = load_catalog().accelerators()
    if output == OutputFormat.json:
        for acc in accelerators:
            echo(dumps_json(acc.model_dump(mode="json"), indent=None, ascii_only=True))
        return
    table = Table(title="Dense peak TFLOP/s per accelerator")
    table.add_column("ID", no_wrap=True)
    for precision in ("bf16", "fp8", "fp4", "tf32", "fp32"):
        table.add_column(precision, justify="right", no_wrap=True)
    table.add_column("flags")
    for acc in accelerators:
        flags = [
            f for f, on in (("optional", acc.optional), ("UNCONFIRMED", acc.unconfirmed)) if on
        ]
        table.add_row(
            acc.id,
            *(
                f"{acc.peak_tflops[p]:g}" if p in acc.peak_tflops else "-"
                for p in ("bf16", "fp8", "fp4", "tf32", "fp32")
            ),
            ", ".join(flags),
        )
    console.print(table)
    console.print(
        "Dense figures only (no 2:4 sparsity). Aliases and sources: `gpaikit law show <ID>` "
        "or --format json."
    )

"""Values the compute estimator takes and returns. Plain frozen dataclasses; no behaviour beyond
formatting a result for the forms."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "Estimate",
    "FleetSegment",
    "ModificationAssessment",
    "Notion",
    "ParameterCount",
    "Stage",
    "StageCompute",
    "StageKind",
    "ThresholdFlag",
    "order_of_magnitude",
    "significant",
]

StageKind = Literal[
    "pretraining",
    "continued_pretraining",
    "fine_tuning",
    "rl_policy",
    "synthetic_data",
    "inherited",
    "auxiliary",
]
"""What a stage did. ``synthetic_data`` is forward passes of a generator (non-public synthetic
data, discarded samples included); ``inherited`` is compute that trained weights this model was
merged from or initialised with; ``auxiliary`` is training compute spent on something other than
this model's parameters (teacher or reward models, research runs) that a provider chose to count.
All other kinds update this model's parameters."""

STAGE_KINDS: tuple[StageKind, ...] = (
    "pretraining",
    "continued_pretraining",
    "fine_tuning",
    "rl_policy",
    "synthetic_data",
    "inherited",
    "auxiliary",
)
CUMULATIVE_ONLY: tuple[StageKind, ...] = ("synthetic_data", "auxiliary")
"""Stage kinds that count toward cumulative compute but not toward training compute."""

Notion = Literal["training", "cumulative"]
"""``training``: compute that directly updates parameters (GL Annex A.1; 10^23 criterion).
``cumulative``: all compute used to train the model (Art. 51(2); 10^25 presumption)."""


def significant(value: float, digits: int) -> str:
    """``value`` to ``digits`` significant figures in the forms' notation, e.g. ``2.4e25``."""
    if value == 0:
        return "0"
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def order_of_magnitude(value: float) -> int:
    """The power of ten of ``value`` (floor of log10), e.g. 25 for 2.4e25 and 22 for 7.5e22."""
    if value <= 0:
        raise ValueError("order of magnitude needs a positive value")
    exponent = math.floor(math.log10(value))
    # guard against floating error just below an exact power of ten
    if 10.0 ** (exponent + 1) <= value:
        exponent += 1
    return exponent


@dataclass(frozen=True)
class ParameterCount:
    """Parameters of a model: ``total`` stored, ``active`` used per token (MoE), by component."""

    total: int
    active: int
    breakdown: Mapping[str, int]
    source: str
    assumptions: tuple[str, ...] = ()
    stored_bytes: int | None = None
    """Bytes of the tensors as stored (safetensors headers only)."""
    dtypes: tuple[str, ...] = ()
    """The tensors' dtypes, most bytes first (safetensors headers only)."""

    @property
    def is_moe(self) -> bool:
        return self.active < self.total


@dataclass(frozen=True)
class Stage:
    """One stage of the architecture method.

    ``params`` is the total parameter count, ``active_params`` the parameters used per token
    (MoE; defaults to ``params``), ``tokens`` the tokens per epoch and ``epochs`` the passes over
    them. For ``kind="synthetic_data"``, ``params`` is the generator's size and ``tokens`` every
    generated token, kept or discarded. Give ``flop`` instead when the stage's compute is known
    (for example the reported compute of a model whose weights were merged in).

    Example::

        Stage(name="pre-training", params=8.0e9, tokens=15e12)
        Stage(name="sft", kind="fine_tuning", params=8.0e9, tokens=2e9, epochs=3)
        Stage(name="synthetic", kind="synthetic_data", params=70e9, tokens=5e11)
    """

    name: str
    params: float | None = None
    tokens: float | None = None
    active_params: float | None = None
    epochs: float = 1.0
    kind: StageKind = "pretraining"
    flop: float | None = None
    note: str | None = None


@dataclass(frozen=True)
class FleetSegment:
    """Accelerators of one type used for one period, for the hardware method.

    Give ``count`` and ``hours`` (wall-clock), or ``gpu_hours`` (accelerator-hours). ``accelerator``
    is a catalog ID, name or alias (``"H100"``, ``"HW.nvidia_h100_sxm"``, ``"tpu-v5p"``).
    ``utilization`` is the achieved model FLOP utilisation (0-1]; ``None`` takes the documented
    default. ``precision`` picks the dense peak (bf16, fp16, fp8, fp4, tf32, fp32);
    ``peak_tflops`` overrides the catalog figure (for example to reproduce a worked example).

    Example::

        FleetSegment(accelerator="H100", count=1024, hours=24 * 60, utilization=0.4)
        FleetSegment(accelerator="A100", gpu_hours=200_000, utilization=0.5)
    """

    accelerator: str
    count: float | None = None
    hours: float | None = None
    gpu_hours: float | None = None
    utilization: float | None = None
    precision: str = "bf16"
    peak_tflops: float | None = None
    kind: StageKind = "pretraining"
    name: str | None = None


@dataclass(frozen=True)
class StageCompute:
    """The compute of one stage or fleet segment and the notions it counts toward."""

    name: str
    kind: StageKind
    flop: float
    training: bool
    formula: str


@dataclass(frozen=True)
class Estimate:
    """A training-compute estimate with its method, inputs, assumptions and error band.

    ``flop`` is the headline figure for ``notion``; ``training_flop`` and ``cumulative_flop`` keep
    the guidelines' two notions apart. ``low``/``high`` bound the headline figure (±30 % by
    default, tighter when two methods agree). A combined estimate keeps both method results in
    ``architecture`` and ``hardware`` and their ``ratio`` (architecture / hardware).
    """

    flop: float
    low: float
    high: float
    method: Literal["architecture", "hardware", "combined"]
    notion: Notion
    training_flop: float
    cumulative_flop: float
    margin: float
    significant_figures: int
    params_total: int | None = None
    params_active: int | None = None
    inputs: Mapping[str, Any] = field(default_factory=dict)
    assumptions: tuple[str, ...] = ()
    parts: tuple[StageCompute, ...] = ()
    architecture: Estimate | None = None
    hardware: Estimate | None = None
    ratio: float | None = None
    agree: bool | None = None

    def value(self, notion: Notion) -> float:
        """The figure for one notion."""
        return self.training_flop if notion == "training" else self.cumulative_flop

    def band(self, notion: Notion) -> tuple[float, float]:
        """``(low, high)`` for one notion, scaled from the headline band."""
        value = self.value(notion)
        if self.flop == 0:
            return (0.0, 0.0)
        return (value * self.low / self.flop, value * self.high / self.flop)

    def format(self, value: float) -> str:
        """Any FLOP figure to this estimate's significant figures (``PAR.notification_...``)."""
        return significant(value, self.significant_figures)

    def two_significant(self) -> str:
        """The figure for the AI Office (Model Documentation Form, notification): ``2.4e25``."""
        return significant(self.flop, self.significant_figures)

    def order_of_magnitude(self) -> str:
        """The figure for national competent authorities: a power of ten, e.g. ``1e25``."""
        rounded = float(self.two_significant())
        return f"1e{order_of_magnitude(rounded)}" if rounded > 0 else "0"

    def method_text(self) -> str:
        """One sentence naming the method, for the form's methodology field."""
        if self.method == "architecture":
            return (
                "architecture-based method (GL Annex A.2.2): C ≈ 6·P·D per training stage, "
                "P = active parameters per token, D = training tokens"
            )
        if self.method == "hardware":
            return (
                "hardware-based method (GL Annex A.2.1): C = N·L·H·U per accelerator type and "
                "period, H = dense peak FLOP/s, U = average utilisation"
            )
        ratio = f"{self.ratio:.2f}" if self.ratio is not None else "n/a"
        return (
            "architecture-based method (C ≈ 6·P·D) cross-checked with the hardware-based method "
            f"(C = N·L·H·U); ratio architecture/hardware = {ratio}"
        )

    def notification_text(self) -> str:
        """Text for an Art. 52(1) notification: the figure, the method and the approximations."""
        label = "Cumulative training compute" if self.notion == "cumulative" else "Training compute"
        lines = [
            f"{label}: {self.two_significant()} FLOP "
            f"({self.significant_figures} significant figures; order of magnitude "
            f"{self.order_of_magnitude()} FLOP).",
            f"Method: {self.method_text()}.",
            f"Estimated range: {significant(self.low, self.significant_figures)} to "
            f"{significant(self.high, self.significant_figures)} FLOP "
            f"(error margin ±{self.margin * 100:.0f} % or tighter, GL Annex A.2).",
        ]
        if self.params_total is not None:
            active = (
                f", {significant(self.params_active, 2)} active per token"
                if self.params_active is not None and self.params_active != self.params_total
                else ""
            )
            lines.append(f"Parameters: {significant(self.params_total, 2)}{active}.")
        if self.assumptions:
            lines.append("Approximations and assumptions:")
            lines.extend(f"- {a}" for a in self.assumptions)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (the CLI's ``--format json``)."""
        out: dict[str, Any] = {
            "flop": self.flop,
            "low": self.low,
            "high": self.high,
            "method": self.method,
            "notion": self.notion,
            "training_flop": self.training_flop,
            "cumulative_flop": self.cumulative_flop,
            "two_significant": self.two_significant(),
            "order_of_magnitude": self.order_of_magnitude(),
            "margin": self.margin,
            "params_total": self.params_total,
            "params_active": self.params_active,
            "inputs": dict(self.inputs),
            "assumptions": list(self.assumptions),
            "parts": [
                {
                    "name": p.name,
                    "kind": p.kind,
                    "flop": p.flop,
                    "training": p.training,
                    "formula": p.formula,
                }
                for p in self.parts
            ],
        }
        if self.method == "combined":
            out["architecture"] = self.architecture.to_dict() if self.architecture else None
            out["hardware"] = self.hardware.to_dict() if self.hardware else None
            out["ratio"] = self.ratio
            out["agree"] = self.agree
        return out


@dataclass(frozen=True)
class ThresholdFlag:
    """Where an estimate sits against one legal threshold.

    ``exceeded`` is the legal reading (best estimate against the threshold); ``straddles`` says
    the error band crosses the threshold, a risk signal, not a legal trigger.
    """

    id: str
    title: str
    threshold: float
    notion: str
    value: float
    low: float
    high: float
    exceeded: bool
    straddles: bool

    def text(self) -> str:
        state = "above" if self.exceeded else "not above"
        band = " (the ±band straddles it)" if self.straddles else ""
        return (
            f"{self.notion} compute {significant(self.value, 2)} FLOP is {state} "
            f"{significant(self.threshold, 2)} FLOP [{self.id}]{band}"
        )


@dataclass(frozen=True)
class ModificationAssessment:
    """Whether a modification's compute makes the modifier a provider (GL §3.2)."""

    modification_flop: float
    threshold: float
    threshold_id: str
    basis: str
    original_flop: float | None
    fraction_of_original: float | None
    becomes_provider: bool
    straddles: bool
    presumed_systemic_risk: bool
    reasons: tuple[str, ...]

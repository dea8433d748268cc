"""The provider's declared facts, as typed models. ``None`` means "unknown" where the law allows it.

Field names are the YAML keys of ``gpaikit.yaml``; ``extra="forbid"`` turns a typo into an error
that names the key and its line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from gpaikit._untrusted import PLAUSIBLE_MAX
from gpaikit.workspace._safety import SafetySecurity

__all__ = [
    "BaseModelRef",
    "ChapterStatus",
    "CodeOfPractice",
    "ContactPoint",
    "Dataset",
    "Evidence",
    "FleetSegment",
    "InferenceBenchmark",
    "InternalUse",
    "Licence",
    "Modalities",
    "Model",
    "Monetisation",
    "Provider",
    "Publication",
    "PublishedDocument",
    "Representative",
    "SystemicRiskStatus",
    "TrainingRun",
    "Version",
    "Workspace",
]

Modality = Literal[
    "text", "code", "audio", "speech", "image", "video", "3d", "tabular", "biological", "other"
]
ChapterStatus = Literal["signed", "not_signed"]
LicenceRestriction = Literal[
    "non_commercial",
    "research_only",
    "distribution_ban",
    "user_threshold",
    "separate_commercial_licence",
    "country_restriction",
]
EARLIEST = dt.date(2000, 1, 1)
RunKindName = Literal[
    "pre_training",
    "continued_pre_training",
    "fine_tuning",
    "rl_policy_updates",
    "merged_or_initialised_weights",
    "synthetic_data_generation",
    "rl_rollout_generation",
    "evaluation",
    "red_teaming",
    "exploratory_research",
    "discarded_run",
    "failed_synthetic_data_experiment",
    "teacher_model_training",
    "auxiliary_model_training",
    "activation_recomputation",
]
"""The kinds of ``law/data/run_kinds.yaml`` (``RUN.<kind>``); a test keeps the two equal."""


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _plausible(value: dt.date | None) -> dt.date | None:
    if value is not None and value < EARLIEST:
        raise ValueError(f"date {value} is before {EARLIEST}; check the year")
    return value


class ContactPoint(_Strict):
    email: str | None = None
    url: str | None = None


class Representative(_Strict):
    """The authorised representative in the Union (Art. 54)."""

    name: str
    country: str = Field(pattern=r"^[A-Z]{2}$")
    mandate_signed_on: dt.date | None = None


class CodeOfPractice(_Strict):
    """Whether the provider signed each chapter of the GPAI Code of Practice."""

    transparency: ChapterStatus = "not_signed"
    copyright: ChapterStatus = "not_signed"
    safety_security: ChapterStatus = "not_signed"


class Provider(_Strict):
    legal_name: str = Field(min_length=1)
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 of establishment")
    size: Literal["large", "sme", "small_mid_cap"] = "large"
    microenterprise: bool = False
    code_of_practice: CodeOfPractice = CodeOfPractice()
    contact_point: ContactPoint | None = None
    eu_representative: Representative | None = None


class Version(_Strict):
    name: str
    date: dt.date | None = None
    notes: str | None = None

    _date = field_validator("date")(_plausible)


class Modalities(_Strict):
    input: tuple[Modality, ...] = ()
    output: tuple[Modality, ...] = ()


class FleetSegment(_Strict):
    """Accelerators used for a period: the hardware method's N, L, H, U; with the board power
    and the data centre's PUE also the training-energy estimate (overrides of catalog values)."""

    accelerator: str
    count: int = Field(gt=0, le=PLAUSIBLE_MAX["count"])
    hours: float = Field(gt=0, le=PLAUSIBLE_MAX["hours"])
    utilization: float | None = Field(default=None, gt=0, le=1)
    precision: str = "bf16"
    board_power_w: float | None = Field(default=None, gt=0, le=100_000)
    pue: float | None = Field(default=None, ge=1, le=5)


class TrainingRun(_Strict):
    """One stage of training (or of compute spent around it). Declare the architecture inputs,
    the fleet, or a measured figure. ``kind`` says how the guidelines count it
    (``gpaikit law list --kind run_kind``); ``excluded`` leaves out a kind they allow to leave
    out (or, ``false``, counts it anyway)."""

    name: str
    kind: RunKindName = "pre_training"
    params: float | None = Field(default=None, gt=0, le=PLAUSIBLE_MAX["params"])
    active_params: float | None = Field(default=None, gt=0, le=PLAUSIBLE_MAX["params"])
    tokens: float | None = Field(default=None, gt=0, le=PLAUSIBLE_MAX["tokens"])
    epochs: float = Field(default=1.0, gt=0, le=PLAUSIBLE_MAX["epochs"])
    fleet: tuple[FleetSegment, ...] = ()
    flop: float | None = Field(
        default=None, gt=0, le=PLAUSIBLE_MAX["flop"], description="a measured or reported figure"
    )
    publicly_accessible_output: bool = False
    excluded: bool | None = Field(
        default=None,
        description="leave this run out of the compute figures (only kinds the guidelines allow)",
    )
    config: str | None = Field(
        default=None, min_length=1, description="Hugging Face config.json the parameters come from"
    )
    weights: str | None = Field(
        default=None,
        min_length=1,
        description="safetensors file, index or folder the parameters are counted from",
    )
    energy_mwh: float | None = Field(
        default=None, gt=0, le=PLAUSIBLE_MAX["energy_mwh"], description="metered energy of the run"
    )


class BaseModelRef(_Strict):
    """The original model a modifier started from (GL §3.2).

    ``systemic_risk`` is whether the original has systemic risk (the fallback threshold and the
    presumption for the modified model depend on it); left out, it reads as "no".
    """

    name: str
    provider: str | None = None
    training_compute_flop: float | None = Field(default=None, gt=0, le=PLAUSIBLE_MAX["flop"])
    cumulative_compute_flop: float | None = Field(default=None, gt=0, le=PLAUSIBLE_MAX["flop"])
    systemic_risk: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> BaseModelRef:
        if (
            self.training_compute_flop is not None
            and self.cumulative_compute_flop is not None
            and self.cumulative_compute_flop < self.training_compute_flop
        ):
            raise ValueError(
                "base_model.cumulative_compute_flop is smaller than its training_compute_flop;"
                " cumulative compute includes all training compute"
            )
        return self


class Licence(_Strict):
    """The licence and whether it grants the four rights the open-source exemption needs."""

    name: str
    spdx: str | None = None
    url: str | None = None
    access: bool | None = None
    use: bool | None = None
    modify: bool | None = None
    distribute: bool | None = None
    restrictions: tuple[LicenceRestriction, ...] = ()


class Monetisation(_Strict):
    """Facts that count as monetisation under GL §4 (``None`` = not declared)."""

    dual_licensing: bool | None = None
    tied_paid_services: bool | None = None
    mandatory_paid_support: bool | None = None
    exclusive_paid_hosting: bool | None = None
    personal_data_for_access: bool | None = None


class Publication(_Strict):
    weights: bool | None = None
    architecture: bool | None = None
    usage_information: bool | None = None


LEGACY_THRESHOLD_KEY = "threshold_met_on"
"""Schema 1 key: one date for "exceeded or foreseen"; read as ``threshold_exceeded_on``."""


class SystemicRiskStatus(_Strict):
    """The Art. 52 procedure as it stands for this model.

    Art. 52(1) has two triggers: the threshold condition *is met* (``threshold_exceeded_on``)
    or *it becomes known that it will be met* (``threshold_foreseen_on``); notification is due
    two weeks after the earlier. Art. 55 duties run from when the condition is actually met.
    """

    threshold_foreseen_on: dt.date | None = Field(
        default=None,
        description="when it became known that cumulative compute will exceed the threshold",
    )
    threshold_exceeded_on: dt.date | None = Field(
        default=None, description="when cumulative compute actually exceeded the threshold"
    )
    notified_on: dt.date | None = None
    rebuttal: Literal["none", "pending", "accepted", "rejected"] = "none"
    rebuttal_decided_on: dt.date | None = None
    designated_on: dt.date | None = Field(
        default=None, description="when the provider was informed of the designation decision"
    )
    designation_basis: Literal["annex_xiii", "failure_to_notify"] | None = None
    designation_maintained_on: dt.date | None = Field(
        default=None, description="the last decision maintaining the designation (Art. 52(5))"
    )
    _migrated: bool = PrivateAttr(default=False)

    _dates = field_validator(
        "threshold_foreseen_on",
        "threshold_exceeded_on",
        "notified_on",
        "rebuttal_decided_on",
        "designated_on",
        "designation_maintained_on",
    )(_plausible)

    @model_validator(mode="wrap")
    @classmethod
    def _migrate(
        cls, data: Any, handler: Callable[[Any], SystemicRiskStatus]
    ) -> SystemicRiskStatus:
        """Schema 1 had one ``threshold_met_on`` date; read it as the date the threshold was met."""
        migrated = isinstance(data, dict) and LEGACY_THRESHOLD_KEY in data
        if migrated:
            if data.get("threshold_exceeded_on") is not None:
                raise ValueError(
                    f"{LEGACY_THRESHOLD_KEY} (schema 1) and threshold_exceeded_on are both given; "
                    f"keep threshold_exceeded_on and remove {LEGACY_THRESHOLD_KEY}"
                )
            data = {
                ("threshold_exceeded_on" if k == LEGACY_THRESHOLD_KEY else k): v
                for k, v in data.items()
            }
        result = handler(data)
        if migrated:
            result._migrated = True
        return result

    @property
    def migrated(self) -> bool:
        """True when read from the schema 1 key ``threshold_met_on``."""
        return self._migrated

    @model_validator(mode="after")
    def _consistent(self) -> SystemicRiskStatus:
        if self.rebuttal in ("accepted", "rejected") and self.rebuttal_decided_on is None:
            raise ValueError(f"rebuttal '{self.rebuttal}' needs rebuttal_decided_on")
        if (self.designated_on is None) != (self.designation_basis is None):
            raise ValueError("designated_on and designation_basis go together")
        if self.designation_maintained_on is not None and self.designated_on is None:
            raise ValueError("designation_maintained_on needs designated_on")
        return self


class InternalUse(_Strict):
    """The model is used only for the provider's own internal processes (Recital 97, GL §3.1).

    Such use places the model on the market when the processes are essential to a product or
    service offered to third parties, or affect natural persons' rights in the Union; it always
    does for a model with systemic risk. ``since`` is the first such use.
    """

    since: dt.date | None = None
    essential_to_third_party_services: bool | None = None
    affects_natural_persons_rights: bool | None = None

    _since = field_validator("since")(_plausible)


DatasetSource = Literal["public", "licensed", "private", "user_data", "synthetic", "other"]


class Dataset(_Strict):
    """A source of training data. A Hugging Face dataset card (``card``) supplies what is not
    declared here: licence, languages, size category and modalities."""

    name: str = Field(min_length=1)
    source: DatasetSource = "public"
    card: str | None = Field(default=None, min_length=1)
    url: str | None = None
    modalities: tuple[Modality, ...] = ()
    languages: tuple[str, ...] = ()
    licence: str | None = None
    size_category: str | None = None
    tokens: float | None = Field(default=None, gt=0, le=PLAUSIBLE_MAX["tokens"])
    period: str | None = None
    description: str | None = None


class InferenceBenchmark(_Strict):
    """The benchmark task of the MDF's inference-compute item (Annex XI 2(e)): its compute is
    ``flop`` when measured, else estimated as 2 x active parameters x ``tokens``."""

    task: str = Field(min_length=1)
    tokens: float = Field(gt=0, le=PLAUSIBLE_MAX["tokens"])
    hardware: str | None = None
    flop: float | None = Field(default=None, gt=0, le=PLAUSIBLE_MAX["flop"])


class PublishedDocument(_Strict):
    """Where and when a document was published (the public summary must be public)."""

    url: str = Field(min_length=1)
    date: dt.date
    version: int | None = Field(default=None, ge=1)

    _date = field_validator("date")(_plausible)


class Evidence(_Strict):
    """What the provider declares about one obligation or Code measure."""

    status: Literal["met", "partial", "missing", "not_applicable"]
    evidence: tuple[str, ...] = ()
    date: dt.date | None = None
    note: str | None = None


class Model(_Strict):
    name: str = Field(min_length=1)
    description: str | None = None
    versions: tuple[Version, ...] = ()
    release_date: dt.date | None = None
    eu_placement_date: dt.date | None = Field(
        default=None, description="first made available on the Union market (actual or planned)"
    )
    research_only: bool = Field(
        default=False,
        description="used only for research, development or prototyping, not placed on the market",
    )
    internal_use: InternalUse | None = None
    eu_distribution_excluded: bool = Field(
        default=False,
        description="supplied outside the Union with its distribution and use in the Union clearly"
        " and unequivocally excluded (GL §3.1)",
    )
    modalities: Modalities = Modalities()
    generality: Literal["presumed", "narrow", "general"] = "presumed"
    generality_reason: str | None = None
    parameters: float | None = Field(default=None, gt=0, le=PLAUSIBLE_MAX["params"])
    training_compute_flop: float | None = Field(default=None, gt=0, le=PLAUSIBLE_MAX["flop"])
    cumulative_compute_flop: float | None = Field(default=None, gt=0, le=PLAUSIBLE_MAX["flop"])
    training_runs: tuple[TrainingRun, ...] = ()
    role: Literal["developer", "modifier"] = "developer"
    base_model: BaseModelRef | None = None
    modification_compute_flop: float | None = Field(default=None, gt=0, le=PLAUSIBLE_MAX["flop"])
    licence: Licence | None = None
    monetisation: Monetisation = Monetisation()
    publication: Publication = Publication()
    distribution: tuple[str, ...] = ()
    crawlers: tuple[str, ...] = ()
    datasets: tuple[Dataset, ...] = ()
    inference_benchmark: InferenceBenchmark | None = None
    published: dict[str, PublishedDocument] = Field(default_factory=dict)
    systemic_risk: SystemicRiskStatus = SystemicRiskStatus()
    compliance: dict[str, Evidence] = Field(default_factory=dict)
    measures: dict[str, Evidence] = Field(default_factory=dict)
    answers: dict[str, Any] = Field(
        default_factory=dict,
        description="explicit answers to document items, keyed by form item ID (e.g. MDF.*)",
    )

    _dates = field_validator("release_date", "eu_placement_date")(_plausible)

    @model_validator(mode="after")
    def _consistent(self) -> Model:
        if self.role == "modifier" and self.base_model is None:
            raise ValueError("a model with role 'modifier' needs base_model")
        if self.generality != "presumed" and not self.generality_reason:
            raise ValueError(f"generality '{self.generality}' needs generality_reason")
        if (
            self.training_compute_flop is not None
            and self.cumulative_compute_flop is not None
            and self.cumulative_compute_flop < self.training_compute_flop
        ):
            raise ValueError(
                "cumulative_compute_flop is smaller than training_compute_flop;"
                " cumulative compute includes all training compute"
            )
        return self


class Workspace(_Strict):
    """A provider and its models, as declared in ``gpaikit.yaml``."""

    schema_version: Literal[1] = 1
    provider: Provider
    models: tuple[Model, ...] = Field(min_length=1)
    safety_security: SafetySecurity | None = None
    root: Path | None = Field(default=None, exclude=True)
    _locator: Callable[[tuple[str | int, ...]], int | None] | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _unique_names(self) -> Workspace:
        seen: set[str] = set()
        for model in self.models:
            if model.name in seen:
                raise ValueError(f"model name '{model.name}' is declared twice")
            seen.add(model.name)
        return self

    def migrations(self) -> tuple[tuple[tuple[str | int, ...], str], ...]:
        """Schema 1 fields read with a changed meaning: (path in the file, what to do)."""
        found: list[tuple[tuple[str | int, ...], str]] = []
        for index, model in enumerate(self.models):
            if model.systemic_risk.migrated:
                found.append(
                    (
                        ("models", index, "systemic_risk", LEGACY_THRESHOLD_KEY),
                        f"model '{model.name}': {LEGACY_THRESHOLD_KEY} (one date for 'exceeded or "
                        "foreseen') is read as threshold_exceeded_on, the date cumulative compute "
                        "actually exceeded the threshold; if it is the date it became known that "
                        "the threshold would be exceeded, rename it threshold_foreseen_on (Art. "
                        "52(1) counts two weeks from the earlier date; Art. 55 duties run from "
                        "the date it was exceeded)",
                    )
                )
        return tuple(found)

    def line_of(self, *path: str | int) -> int | None:
        """1-based line in ``gpaikit.yaml`` of the value at ``path`` (when loaded from a file)."""
        return self._locator(path) if self._locator is not None else None

    def model(self, name: str) -> Model:
        for model in self.models:
            if model.name == name:
                return model
        known = ", ".join(m.name for m in self.models)
        raise KeyError(f"no model named '{name}' (declared: {known})")

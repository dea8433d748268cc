"""Typed, immutable entries of the legal catalog.

Every entry has a stable ``id``, a plain-language ``title``, a ``citation`` (article, annex,
Code measure or guideline section), the key of the ``source`` it comes from and an
``unconfirmed`` flag for facts the references mark UNCONFIRMED. Subclasses add what their
kind needs. The models only describe data; behaviour lives in the engines.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "Accelerator",
    "Applicability",
    "Chapter",
    "Clock",
    "ConsistencyRule",
    "CrawlerToken",
    "Criterion",
    "DueRule",
    "Entry",
    "IncidentType",
    "KeyDate",
    "Measure",
    "Obligation",
    "Parameter",
    "Provision",
    "Region",
    "RunKind",
    "Signatory",
    "Source",
    "UsageSignal",
]

Chapter = Literal["transparency", "copyright", "safety_security"]
ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_()-]+)*$"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Source(_Frozen):
    """A document the catalog cites, keyed by a short tag such as ``AIA`` or ``GL``."""

    id: str = Field(pattern=r"^[A-Z][A-Z0-9_-]*$")
    title: str
    url: str | None = None
    unconfirmed: bool = False
    note: str | None = None


class Entry(_Frozen):
    """Fields every catalog entry carries."""

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=3)
    citation: str = Field(min_length=2)
    source: str
    url: str | None = None
    unconfirmed: bool = False
    note: str | None = None


class Provision(Entry):
    """An article, paragraph, annex point or definition of the AI Act."""

    summary: str | None = None


class Criterion(Entry):
    """An interpretive criterion of the Commission guidelines."""

    summary: str | None = None


class Parameter(Entry):
    """A number the law or a guideline fixes: a threshold, a fraction, a default."""

    value: float
    unit: str
    comparison: Literal[">", ">=", "<", "<=", "="] = ">"


class KeyDate(Entry):
    """A calendar date the law fixes."""

    date: dt.date


class Clock(Entry):
    """A duration the law or the Code fixes (notification windows, retention periods, cadences).

    A clock runs ``direction`` of its ``anchor`` by exactly one of ``days``, ``business_days``,
    ``months`` or ``years``; a composite clock instead names the clocks whose **earliest** due
    date applies (``earliest_of``), and a clock with ``no_fixed_period`` states the Code's words
    ("without undue delay") where it gives no number. ``recurring`` clocks start again from each
    occurrence; ``extends`` names the clocks whose due date is this clock's anchor (a grace
    period); ``day_unit_configurable`` lets a workspace count the ``days`` as business days
    (an UNCONFIRMED reading kept switchable). ``rule`` names the function of the safety engine
    that computes the clock for a model; ``code_ref`` is the measure (or appendix point) it
    encodes.
    """

    days: int | None = Field(default=None, ge=0)
    business_days: int | None = Field(
        default=None, ge=0, description="working days (Monday to Friday, minus declared holidays)"
    )
    months: int | None = Field(default=None, ge=0)
    years: int | None = Field(default=None, ge=0)
    anchor: str = Field(description="what starts the clock, in words")
    direction: Literal["after", "before"] = "after"
    kind: Literal["deadline", "cadence", "horizon", "retention", "duration", "limit"] = Field(
        default="deadline",
        description="deadline to act; cadence (recurring deadline); look-ahead horizon; "
        "retention period; duration guideline; longest allowed delay",
    )
    recurring: bool = False
    earliest_of: tuple[str, ...] = ()
    extends: tuple[str, ...] = ()
    no_fixed_period: str | None = None
    day_unit_configurable: bool = False
    rule: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$")
    code_ref: str | None = None

    @model_validator(mode="after")
    def _one_unit(self) -> Clock:
        units = (self.days, self.business_days, self.months, self.years)
        count = sum(x is not None for x in units)
        if self.earliest_of or self.no_fixed_period:
            if count:
                raise ValueError("a composite or open-ended clock has no duration of its own")
            if self.earliest_of and len(self.earliest_of) < 2:
                raise ValueError("earliest_of needs at least two clocks")
        elif count != 1:
            raise ValueError("a clock has exactly one of days, business_days, months or years")
        if self.day_unit_configurable and self.days is None:
            raise ValueError("day_unit_configurable applies to clocks counted in days")
        if self.recurring and self.kind not in ("cadence",):
            raise ValueError("a recurring clock has kind 'cadence'")
        return self

    def references(self) -> tuple[str, ...]:
        """Catalog IDs this clock points to (checked by the loader)."""
        return self.earliest_of + self.extends + ((self.code_ref,) if self.code_ref else ())


class Measure(Entry):
    """A commitment or measure of the Code of Practice, and the articles it serves."""

    chapter: Chapter
    level: Literal["commitment", "measure", "rule", "appendix"] = Field(
        default="measure",
        description="commitment, numbered measure, paragraph-level rule, or appendix content",
    )
    commitment: str = Field(description="ID of the commitment this measure belongs to")
    parent: str | None = Field(
        default=None, description="the measure this paragraph-level rule belongs to"
    )
    nature: Literal["required", "encouraged", "clarification"] = "required"
    summary: str | None = None
    serves: tuple[str, ...] = ()
    systemic_risk_only: bool = False


class Applicability(_Frozen):
    """Facts that must hold (``all``), of which one must hold (``any``), none may hold."""

    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    none: tuple[str, ...] = ()


class DueRule(_Frozen):
    """How the engine computes a due date; ``rule`` names a function of the deadline engine."""

    rule: Literal["compliance_start", "before_placement", "notification", "continuous"]
    clock: str | None = None


class Obligation(Entry):
    """An obligation the assessment engine can emit for a model."""

    basis: tuple[str, ...] = Field(min_length=1)
    applies_when: Applicability
    due: DueRule
    chapter: Chapter | None = None
    scope_note_for_modifiers: str | None = None
    documents: tuple[str, ...] = Field(
        default=(), description="IDs of the forms (law/data/forms) through which it is met"
    )
    published: bool = Field(
        default=False,
        description="met only once the documents are public (a publication URL and date)",
    )


class Signatory(Entry):
    """A company's position on the Code of Practice, per chapter."""

    name: str
    aliases: tuple[str, ...] = ()
    status: Literal["signed", "partial", "declined"]
    chapters: tuple[Chapter, ...] = ()
    as_of: dt.date


class Accelerator(Entry):
    """Dense peak throughput of one accelerator, per precision, in TFLOP/s."""

    name: str
    vendor: str
    aliases: tuple[str, ...] = ()
    peak_tflops: dict[str, float]
    memory: str | None = None
    optional: bool = False
    board_power_w: float | None = Field(
        default=None, gt=0, description="maximum board power (TDP) per accelerator, in watts"
    )
    board_power_citation: str | None = None

    @model_validator(mode="after")
    def _power_cited(self) -> Accelerator:
        if (self.board_power_w is None) != (self.board_power_citation is None):
            raise ValueError("board_power_w and board_power_citation go together")
        return self

    @model_validator(mode="after")
    def _positive(self) -> Accelerator:
        if not self.peak_tflops or any(v <= 0 for v in self.peak_tflops.values()):
            raise ValueError("peak_tflops needs at least one positive figure")
        return self


class CrawlerToken(Entry):
    """A known AI crawler's user-agent product token."""

    token: str
    operator: str
    purpose: CrawlerPurpose
    purpose_ref: str | None = None
    control_token: bool = False
    valid_product_token: bool
    truncates_to: str | None = None
    respects_robots_txt: bool | None = None


CrawlerPurpose = Literal["training", "search", "user_triggered", "other"]


class UsageSignal(Entry):
    """One key of a machine-readable usage preference: a Cloudflare ``Content-Signal`` key
    or an IETF aipref ``Content-Usage`` category. Values map to allowed / disallowed; a value
    not listed (or a key with no mapped values) leaves the preference unknown."""

    signal: Literal["content-signal", "content-usage"]
    key: str = Field(pattern=r"^[a-z][a-z0-9_.*-]*$")
    meaning: str
    values: dict[str, Literal["allowed", "disallowed"]] = Field(default_factory=dict)
    purposes: tuple[CrawlerPurpose, ...] = ()
    training: bool = False
    reservation: str | None = None


class RunKind(Entry):
    """A kind of compute spent around training, and how the guidelines count it (GL Annex A.1).

    ``counts_toward`` names the compute notions it adds to when counted (``training``: compute
    that updates this model's parameters; ``cumulative``: all compute used to train it).
    ``excludable`` says whether a provider may leave it out: never, always, or only when the
    data it produced is publicly accessible; ``excluded_by_default`` is what the engine does
    when the workspace does not say.
    """

    counts_toward: tuple[Literal["training", "cumulative"], ...] = Field(min_length=1)
    excludable: Literal["never", "always", "if_public_output"] = "never"
    excluded_by_default: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> RunKind:
        if "cumulative" not in self.counts_toward:
            raise ValueError("everything counted toward training compute is cumulative compute")
        if self.excluded_by_default and self.excludable == "never":
            raise ValueError("excluded_by_default needs an excludable kind")
        return self


class ConsistencyRule(Entry):
    """Items of a dossier that describe the same fact and must agree (``CHK.*``).

    ``ties`` names what the rule compares (form item IDs, workspace keys, artefacts); ``bounds``
    is the accepted ratio of the document's figure to the reference figure, where the rule
    compares numbers. The check itself is a function of the forms engine, one per ID.
    """

    explanation: str = Field(min_length=20)
    ties: tuple[str, ...] = Field(min_length=2)
    severity: Literal["error", "warning"] = "error"
    bounds: tuple[float, float] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> ConsistencyRule:
        if self.bounds is not None and not 0 < self.bounds[0] <= 1 <= self.bounds[1]:
            raise ValueError("bounds are (low, high) ratios with 0 < low <= 1 <= high")
        return self


class Region(Entry):
    """A set of countries the law refers to, by ISO 3166-1 alpha-2 code."""

    members: tuple[str, ...] = Field(min_length=1)


class IncidentType(Entry):
    """A serious-incident category of Code Measure 9.3 and the clock of its initial report."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="the name an incident log uses")
    measure: str
    clock: str

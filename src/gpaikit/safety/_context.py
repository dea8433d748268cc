"""Everything the safety engine judges one model from, gathered once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from gpaikit.law import Catalog, Clock
from gpaikit.safety._clockwork import DayRules, shift
from gpaikit.safety._results import ClockResult, ClockStatus, judge
from gpaikit.workspace import (
    Framework,
    Incident,
    Model,
    ModelSafety,
    SafetySecurity,
    Workspace,
)
from gpaikit.workspace._safety import Governance

__all__ = ["Anchors", "SafetyContext", "make_row"]


@dataclass(frozen=True)
class Anchors:
    """The dates the assessment decides and the safety engine counts from (it does not
    classify): when the model got systemic risk, when it is placed on the market (internal use
    can place it, AI Act Art. 3(9), §2.6 of the reference) and the latest Art. 52(1)
    notification date, which stands in while ``notified_on`` is not declared. ``None``: not
    known; without a placement the declared ``eu_placement_date`` stands."""

    systemic_since: dt.date | None = None
    placement: dt.date | None = None
    notification_due: dt.date | None = None


@dataclass(frozen=True)
class SafetyContext:
    """One model of a workspace, with its Safety & Security facts, as of a date.

    ``anchors`` are the assessment's dates (:class:`Anchors`); ``evidence`` holds the imported
    evaluation results by evaluation ID.
    """

    workspace: Workspace
    model: Model
    catalog: Catalog
    as_of: dt.date
    anchors: Anchors = field(default_factory=Anchors)
    incidents: tuple[Incident, ...] = ()
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def section(self) -> SafetySecurity:
        return self.workspace.safety_security or SafetySecurity()

    @property
    def facts(self) -> ModelSafety:
        return self.section.models.get(self.model.name) or ModelSafety()

    @property
    def framework(self) -> Framework:
        return self.section.framework or Framework()

    @property
    def governance(self) -> Governance:
        return self.section.governance or Governance()

    @property
    def rules(self) -> DayRules:
        s = self.section.settings
        return DayRules(day_unit=s.day_unit, holidays=frozenset(s.holidays))

    @property
    def systemic_since(self) -> dt.date | None:
        return self.anchors.systemic_since

    @property
    def notification_due(self) -> dt.date | None:
        return self.anchors.notification_due

    @property
    def placed_on(self) -> dt.date | None:
        """The placement date the clocks count from (the assessment's, else the declared)."""
        return self.anchors.placement or self.model.eu_placement_date

    @property
    def legacy(self) -> bool:
        placed = self.placed_on
        return placed is not None and placed < self.catalog.date("DATE.gpai_obligations_apply")

    def cadence_start(self) -> dt.date | None:
        """Where recurring clocks "from placement" start: placement, or the date the model got
        systemic risk if later; for models placed before 2 August 2025 the Art. 111(3) date
        (derived reading: their obligations start then)."""
        placed = self.placed_on
        if placed is None:
            return None
        if self.legacy:
            return self.catalog.date("DATE.legacy_deadline")
        return max(placed, self.systemic_since) if self.systemic_since else placed

    def placement_due(self, clock: Clock) -> tuple[dt.date | None, str | None]:
        """A clock anchored on placement, with the engine's two adjustments.

        Models placed before 2 August 2025 get the Art. 111(3) date at the latest (derived
        reading, as the obligations engine does); a model that gained systemic risk after its
        placement owes it from that date.
        """
        placed = self.placed_on
        if placed is None:
            return None, "declare eu_placement_date (actual or planned) to get this date"
        due = shift(placed, clock, self.rules)
        if self.legacy:
            legacy = self.catalog.date("DATE.legacy_deadline")
            if due < legacy:
                return legacy, "placed before 2 Aug 2025: Art. 111(3) date (derived reading)"
        if (
            self.systemic_since is not None
            and self.systemic_since > placed
            and clock.kind in ("deadline",)
        ):
            return max(due, self.systemic_since), (
                "placed before it had systemic risk: due from the date the condition was met or "
                "designated"
            )
        return due, None


def make_row(
    ctx: SafetyContext,
    clock_id: str,
    *,
    key: str | None = None,
    subject: str | None = None,
    incident: str | None = None,
    anchor_date: dt.date | None = None,
    due: dt.date | None = None,
    met_on: dt.date | None = None,
    status: ClockStatus | None = None,
    note: str | None = None,
) -> ClockResult:
    """A :class:`ClockResult` for ``clock_id``; the status is judged unless given."""
    clock = ctx.catalog.clock(clock_id)
    days_left: int | None = None
    late: int | None = None
    if status is None:
        status, days_left, late = judge(due, met_on, ctx.as_of)
    elif status in ("info", "pending") and due is not None:
        days_left = (due - ctx.as_of).days
    if clock.no_fixed_period and status == "pending":
        note = f"{clock.no_fixed_period}" + (f"; {note}" if note else "")
    return ClockResult(
        id=clock_id + (f"#{key}" if key else ""),
        clock=clock_id,
        code_ref=clock.code_ref,
        title=clock.title,
        subject=subject,
        incident=incident,
        anchor=clock.anchor,
        anchor_date=anchor_date,
        due_date=due,
        status=status,
        days_left=days_left,
        met_on=met_on if met_on is not None and met_on <= ctx.as_of else None,
        late_by_days=late,
        note=note,
        unconfirmed=clock.unconfirmed,
    )

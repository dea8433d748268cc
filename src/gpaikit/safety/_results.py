"""Result types of the safety engine. Immutable, JSON-serialisable, deterministic."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

__all__ = ["ClockResult", "ClockStatus", "SafetyAssessment", "SafetyFinding", "judge"]

ClockStatus = Literal[
    "met", "not_yet_due", "overdue", "pending", "unknown", "not_applicable", "info"
]
"""``pending``: owed without a fixed date ("without undue delay"); ``info``: a horizon or a
retention date, nothing to do by it."""


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ClockResult(_Result):
    """One due date of the Safety & Security chapter for one model (or one incident)."""

    id: str
    clock: str
    code_ref: str | None
    title: str
    subject: str | None = None
    incident: str | None = None
    anchor: str
    anchor_date: dt.date | None = None
    due_date: dt.date | None = None
    status: ClockStatus
    days_left: int | None = None
    met_on: dt.date | None = None
    late_by_days: int | None = None
    note: str | None = None
    unconfirmed: bool = False


class SafetyFinding(_Result):
    """A problem (or a confirmation) the engine found in the declared Safety & Security facts."""

    id: str
    severity: Literal["error", "warning", "info"]
    measure: str
    message: str
    subject: str | None = None


class SafetyAssessment(_Result):
    """The chapter's clocks and findings for one systemic-risk model."""

    clocks: tuple[ClockResult, ...] = ()
    findings: tuple[SafetyFinding, ...] = ()

    def overdue(self) -> tuple[ClockResult, ...]:
        return tuple(c for c in self.clocks if c.status == "overdue")


def judge(
    due: dt.date | None, met_on: dt.date | None, as_of: dt.date
) -> tuple[ClockStatus, int | None, int | None]:
    """Status, days left and days late of a deadline, as of a date."""
    if met_on is not None and met_on <= as_of:
        late = (met_on - due).days if due is not None and met_on > due else None
        return "met", None, late
    if due is None:
        return "unknown", None, None
    days = (due - as_of).days
    return ("not_yet_due" if days >= 0 else "overdue"), days, None

"""The Safety & Security chapter for systemic-risk models: clocks, register, evidence, checks.

The clock engine applies the catalog's clocks (``clocks_code.yaml``: direction, earliest-of,
recurring, business days, a configurable day unit) to the workspace's facts; the register
judges tiers, acceptance and Appendix 2; the importers read lm-evaluation-harness and Inspect
AI logs; the incident clocks run from the workspace's incident log::

    from gpaikit.safety import Anchors, assess_safety
    report = assess_safety(workspace, model, load_catalog(), as_of, anchors=Anchors(since))
    [c for c in report.clocks if c.status == "overdue"]
"""

from gpaikit.safety._calendar import DueEntry, calendar_feed
from gpaikit.safety._checks import GapRow, ObjectiveRow, RoleCheck, gap_analysis
from gpaikit.safety._clocks_incidents import initial_due, retention_until
from gpaikit.safety._clockwork import DayRules, add_business_days, add_months, shift
from gpaikit.safety._context import Anchors, SafetyContext
from gpaikit.safety._documents import (
    incident_reports,
    incident_rows,
    incident_timeline,
    incident_values,
    supplied_values,
)
from gpaikit.safety._engine import RULES, SafetyReport, assess_safety, load_evidence, safety_context
from gpaikit.safety._evals import (
    EvalEvidence,
    EvalLogError,
    EvalSample,
    read_inspect_log,
    read_lm_eval,
)
from gpaikit.safety._register import ReferenceResult, RiskResult, ThresholdResult
from gpaikit.safety._results import ClockResult, ClockStatus, SafetyFinding

__all__ = [
    "RULES",
    "Anchors",
    "ClockResult",
    "ClockStatus",
    "DayRules",
    "DueEntry",
    "EvalEvidence",
    "EvalLogError",
    "EvalSample",
    "GapRow",
    "ObjectiveRow",
    "ReferenceResult",
    "RiskResult",
    "RoleCheck",
    "SafetyContext",
    "SafetyFinding",
    "SafetyReport",
    "ThresholdResult",
    "add_business_days",
    "add_months",
    "assess_safety",
    "calendar_feed",
    "gap_analysis",
    "incident_reports",
    "incident_rows",
    "incident_timeline",
    "incident_values",
    "initial_due",
    "load_evidence",
    "read_inspect_log",
    "read_lm_eval",
    "retention_until",
    "safety_context",
    "shift",
    "supplied_values",
]

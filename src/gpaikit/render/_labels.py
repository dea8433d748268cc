"""Human labels shared by the text and Markdown views of an assessment."""

from __future__ import annotations

from gpaikit.assess import Fact, ObligationResult

__all__ = ["ROUTE_LABELS", "fact_label", "status_label"]

ROUTE_LABELS = {
    "code_of_practice": "Code of Practice",
    "alternative_means": "other adequate means (gap analysis)",
    "direct": "AI Act / template",
}


def fact_label(fact: Fact) -> str:
    return {True: "yes", False: "no", None: "unknown"}[fact.value]


def status_label(o: ObligationResult) -> str:
    if o.status == "not_yet_due":
        return f"due in {o.days_left} days"
    if o.status == "overdue":
        return f"OVERDUE ({-(o.days_left or 0)} days)"
    return o.status.replace("_", " ")

"""Human labels shared by the text and Markdown views of an assessment."""

from __future__ import annotations

from gpaikit.assess import Fact, GpaiFact, KeyDates, ObligationResult, OpenSourceResult

__all__ = ["ROUTE_LABELS", "date_lines", "fact_label", "open_source_label", "status_label"]

ROUTE_LABELS = {
    "code_of_practice": "Code of Practice",
    "alternative_means": "other adequate means (gap analysis)",
    "direct": "AI Act / template",
}


def fact_label(fact: Fact | GpaiFact) -> str:
    if fact.value == "rebuttable":
        return "rebuttable"
    return {True: "yes", False: "no", None: "unknown"}[fact.value]


def open_source_label(result: OpenSourceResult) -> str:
    if result.holds == "not_applicable":
        return "not applicable"
    return {True: "holds", False: "does not hold", None: "unknown"}[result.holds]


DATE_LABELS = {
    "placement": "Placement on the Union market",
    "compliance_due": "Art. 53 obligations due",
    "threshold_foreseen": "Threshold foreseen",
    "threshold_exceeded": "Threshold exceeded",
    "notification_due": "Art. 52(1) notification due",
    "systemic_risk_since": "Systemic-risk obligations since",
    "systemic_risk_until": "Systemic-risk obligations ended",
    "representative_due": "Authorised representative appointed by",
    "representative_retention_until": "Representative keeps documentation until",
    "framework_confirmation_due": "Safety & Security Framework confirmed by",
    "fines_possible_from": "Fines possible from",
    "reassessment_possible_from": "Reassessment request possible from",
}


def date_lines(dates: KeyDates) -> list[tuple[str, str, str]]:
    """(label, date or "unknown", why) for every key date that applies."""
    rows = []
    for name, label in DATE_LABELS.items():
        fact = getattr(dates, name)
        if fact is not None:
            rows.append((label, str(fact.date or "unknown"), fact.text))
    return rows


def status_label(o: ObligationResult) -> str:
    if o.status == "not_yet_due":
        return f"due in {o.days_left} days"
    if o.status == "overdue":
        return f"OVERDUE ({-(o.days_left or 0)} days)"
    if o.status == "met" and o.proposed:
        return "met (proposed from the documents; confirm)"
    return o.status.replace("_", " ")

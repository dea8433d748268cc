"""Terminal view of a model's Safety & Security clocks and findings (inside `gpaikit assess`)."""

from __future__ import annotations

import datetime as dt

from rich.table import Table
from rich.text import Text

from gpaikit.cli._safe import text
from gpaikit.safety import SafetyReport

__all__ = ["safety_parts"]

STYLE = {
    "met": "green",
    "not_yet_due": "yellow",
    "overdue": "bold red",
    "pending": "cyan",
    "unknown": "magenta",
    "not_applicable": "dim",
    "info": "dim",
}


def safety_parts(report: SafetyReport) -> list[Table | Text]:
    """The clocks (by due date) and the findings, for the assessment panel."""
    clocks = Table(
        "Safety & Security clock",
        "Measure",
        "Due",
        "Status",
        "Note",
        expand=True,
        title="Safety & Security chapter: clocks (§18)",
        title_justify="left",
    )
    for c in sorted(report.clocks, key=lambda c: (c.due_date or dt.date.max, c.id)):
        status = c.status.replace("_", " ")
        if c.status == "not_yet_due" and c.days_left is not None:
            status += f" ({c.days_left} d)"
        if c.status == "overdue" and c.days_left is not None:
            status += f" ({-c.days_left} d)"
        label = c.subject or c.title
        note = (c.note or "") + (" UNCONFIRMED" if c.unconfirmed else "")
        clocks.add_row(
            text(label),
            text(c.code_ref or c.clock),
            str(c.due_date or "-"),
            Text(status, style=STYLE[c.status]),
            text(note.strip()),
        )
    parts: list[Table | Text] = [clocks]
    shown = [f for f in report.findings if f.severity != "info"]
    if shown:
        lines = "\n".join(f"  {f.severity}: {f.measure}: {f.message}" for f in shown[:20])
        more = f"\n  ... and {len(shown) - 20} more" if len(shown) > 20 else ""
        parts.append(text("Safety & Security findings:\n" + lines + more, style="yellow"))
    gaps = [g for g in report.gaps if g.scrutiny_risk]
    if report.gaps:
        table = Table(
            "Code measure",
            "Your measure",
            "Evidence",
            "Coverage",
            expand=True,
            title=f"Gap analysis (other adequate means): {len(gaps)} of {len(report.gaps)} "
            "measures are scrutiny risks",
            title_justify="left",
        )
        for g in report.gaps:
            style = "yellow" if g.scrutiny_risk else "green"
            table.add_row(
                text(f"{g.measure} {g.title}"),
                text(g.own_measure or "-"),
                text(", ".join(g.evidence) or "-"),
                text(g.coverage, style=style),
            )
        parts.append(table)
    return parts

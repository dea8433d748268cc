"""Rich terminal view of an assessment."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from gpaikit.assess import Assessment, Fact, GpaiFact, ModelAssessment
from gpaikit.cli._safe import clean, text
from gpaikit.cli._safety_view import safety_parts
from gpaikit.render._labels import (
    ROUTE_LABELS,
    date_lines,
    fact_label,
    open_source_label,
    status_label,
)

__all__ = ["print_assessment"]

STATUS_STYLE = {
    "met": "green",
    "not_yet_due": "yellow",
    "overdue": "bold red",
    "ongoing": "cyan",
    "unknown": "magenta",
    "not_applicable": "dim",
}


def _fact_row(table: Table, question: str, fact: Fact | GpaiFact) -> None:
    style = (
        "magenta"
        if fact.value == "rebuttable"
        else {True: "bold", False: "dim", None: "magenta"}[fact.value]
    )
    why = "\n".join(r.text for r in fact.reasons)
    table.add_row(question, Text(fact_label(fact), style=style), text(why))


def _model_panel(m: ModelAssessment) -> Panel:
    c = m.classification
    facts = Table(show_header=False, box=None, padding=(0, 1))
    facts.add_column(style="cyan", no_wrap=True)
    facts.add_column(no_wrap=True)
    facts.add_column()
    _fact_row(facts, "In scope", c.in_scope)
    _fact_row(facts, "GPAI model", c.gpai)
    _fact_row(facts, "Systemic risk", c.systemic_risk)
    facts.add_row("Role", c.role.replace("_", " "), text("\n".join(r.text for r in c.role_reasons)))
    os = c.open_source
    shown = os.failing or os.unknown or os.reasons[:1]
    facts.add_row(
        "Open-source exemption", open_source_label(os), text("\n".join(r.text for r in shown))
    )
    _fact_row(facts, "Third-country", c.third_country)
    _fact_row(facts, "Legacy model", c.legacy)

    obligations = Table("Obligation", "Basis", "Route", "Due", "Status", expand=True)
    dropped = []
    for o in m.obligations:
        if o.applies is False:
            dropped.append(f"  {o.id}: {o.reasons[0].text if o.reasons else 'not applicable'}")
            continue
        obligations.add_row(
            Text.assemble((o.id, "bold"), "\n", clean(o.title)),
            text(o.citation),
            ROUTE_LABELS[o.route],
            str(o.due_date or "-"),
            Text(status_label(o), style=STATUS_STYLE[o.status]),
        )
    dates = Table("Date", "When", "Why", expand=True)
    for label, when, why in date_lines(m.dates):
        dates.add_row(text(label), text(when), text(why))
    parts: list[Table | Text] = [text(m.summary.text, style="bold"), facts]
    if obligations.row_count:
        parts.append(obligations)
    if dropped:
        parts.append(text("Not applicable:\n" + "\n".join(dropped), style="dim"))
    if dates.row_count:
        parts.append(dates)
    if m.obligations:
        pending = [d for d in m.documents if d.required is not True]
        parts += [text(f"document {d.form} not owed: {d.reason}", style="dim") for d in pending]
    if m.safety is not None:
        parts.extend(safety_parts(m.safety))
    if m.warnings:
        parts.append(text("\n".join(f"⚠ {w.message}" for w in m.warnings), style="yellow"))
    if m.next_steps:
        parts.append(Text("What to do next:", style="bold"))
        parts.append(text("\n".join(f"  {i}. {s}" for i, s in enumerate(m.next_steps[:8], 1))))
    placed = f", EU placement {m.eu_placement_date}" if m.eu_placement_date else ""
    title = Text.assemble((clean(m.name), "bold"), placed)
    return Panel(Group(*parts), title=title, title_align="left")


def print_assessment(a: Assessment, console: Console) -> None:
    cop = ", ".join(
        f"{k.replace('_', ' ')} {v.replace('_', ' ')}" for k, v in a.code_of_practice.items()
    )
    console.print(
        Text.assemble(
            (clean(a.provider), "bold"), f" ({clean(a.provider_country)}) - as of {a.as_of}"
        ),
        Text(f" - Code: {cop}"),
        sep="",
    )
    for migration in a.migrations:
        console.print(text(f"  ! workspace: {migration}", style="yellow"))
    for note in a.provider_notes:
        console.print(Text.assemble("  ", ("•", "dim"), " ", clean(note.text)))
    for m in a.models:
        console.print(_model_panel(m))

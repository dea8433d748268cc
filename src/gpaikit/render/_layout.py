"""One layout per form, used by every format: a recipient view laid out as its official form.

- Model Documentation Form: its table, a row per item (what it asks for, the information) and a
  cross per recipient column (AI Office, national authorities, downstream providers); a view
  holds only the rows marked for its recipient.
- Public summary of training content: the Commission's template, numbered sections 1.1 ... 3.3,
  its questions and tick boxes, the modality table with the three size ranges per modality.
- Copyright policy and Safety & Security documents: a clean document, a heading per section and
  each answer under its question.

Where each answer came from (declared, derived from which artefact, proposed from a model card)
and what is unconfirmed in the form itself go to one compact annex, not under every item.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from gpaikit._quantities import date_text
from gpaikit.forms import (
    RECIPIENT_LABELS,
    FilledItem,
    FormLayout,
    FormView,
    LayoutPart,
    LayoutRow,
    SectionView,
    load_layout,
    size_ranges,
)
from gpaikit.render._blocks import (
    Block,
    Column,
    Content,
    Document,
    Field,
    Grid,
    Heading,
    Items,
    Para,
    Table,
    Text,
    Ticks,
)
from gpaikit.render._values import content, yes_no

__all__ = ["MARK", "layout"]

MARK = "X"
"""The cross of a recipient column, as on the Code's form."""
_COLUMN = {"ai_office": "AIO", "national_authority": "NCAs", "downstream_provider": "DPs"}
_LEGEND = (
    "AIO: AI Office · NCAs: national competent authorities · DPs: downstream providers. "
    "A cross marks the recipients an item is for; this view holds the rows marked for {who}."
)
_ORIGINS = (
    ("document.", "the document's version record"),
    ("provider.", "workspace facts (gpaikit.yaml)"),
    ("workspace.", "workspace facts (gpaikit.yaml)"),
    ("model.", "workspace facts (gpaikit.yaml)"),
    ("compute.", "gpaikit's compute estimate (training runs)"),
    ("data.", "the data summary (gpaikit data summarize)"),
    ("datasets.", "the declared datasets"),
    ("safety.", "the safety engine (register, evaluations, incidents)"),
)


def _origin(filled: FilledItem) -> str:
    if filled.source == "answer":
        return "declared (gpaikit.yaml)"
    if filled.source == "proposed":
        return "proposed from the model card; confirm it"
    if filled.source == "derived" and filled.item.derived_from:
        name = filled.item.derived_from
        where = next((text for prefix, text in _ORIGINS if name.startswith(prefix)), "gpaikit")
        return f"derived from {where} [{name}]"
    return "—"


def _facts(view: FormView, meta: dict[str, Any], style: str) -> tuple[tuple[str, str], ...]:
    spec = view.form.spec
    facts = [("Model", view.form.model)]
    if view.recipient != "public":
        facts.append(("Recipient", RECIPIENT_LABELS[view.recipient]))
    facts.append(("Basis", spec.citation))
    if style == "sections":  # the document's own header items (date, version) head the page
        for section in view.sections:
            if section.section.id == "header":
                facts += [(f.item.label, _flat(view, f)) for f in section.items]
    if meta.get("content_hash"):
        facts.append(("Content", str(meta["content_hash"])))
    if meta.get("commit"):
        facts.append(("Commit", str(meta["commit"])[:12]))
    if meta.get("retention_until"):
        facts.append(("Keep until", date_text(meta["retention_until"])))
    return tuple(facts)


def _flat(view: FormView, filled: FilledItem) -> str:
    """A header answer as one line of text (dates, versions, short lists)."""
    parts: list[str] = []
    for c in content(view.form, filled, ticks=False):
        if isinstance(c, Text):
            parts.append(c.text)
        elif isinstance(c, Items):
            parts.append("; ".join(c.items))
        elif isinstance(c, Grid):
            parts.append("; ".join(", ".join(x for x in row if x) for row in c.rows))
    return " ".join(parts)


def _title(section: SectionView) -> str:
    """``Measure 1.2 - Lawful access`` reads as ``1.2 Lawful access`` (a policy's numbering)."""
    found = re.fullmatch(r"Measure (\S+) - (.+)", section.section.title)
    return f"{found.group(1)} {found.group(2)}" if found else section.section.title


def _label_cell(filled: FilledItem, *, help_text: bool) -> tuple[Content, ...]:
    item = filled.item
    if help_text and item.help:
        return (Text(item.label, "strong"), Text(item.help, "muted"))
    return (Text(item.label, "strong"),)


def _pairs(view: FormView, section: SectionView, *, ticks: bool) -> Table:
    """A compact label | answer table (document headers)."""
    rows = tuple(
        (_label_cell(f, help_text=False), content(view.form, f, ticks=ticks)) for f in section.items
    )
    columns = (Column("Item", 38), Column("Information", 62))
    return Table(columns, rows, tuple(f.item.id for f in section.items), compact=True)


def _recipient_table(view: FormView, layout: FormLayout) -> Iterator[Block]:
    marks = layout.columns
    who = RECIPIENT_LABELS[view.recipient].lower().replace("ai office", "the AI Office")
    yield Para((Text(_LEGEND.format(who=who), "muted"),), "note")
    for section in view.sections:
        if section.section.id == "header":
            yield _pairs(view, section, ticks=True)
            continue
        yield Heading(2, section.section.title, f"s-{section.section.id}")
        width = 6
        columns = (
            Column("Item", 36),
            Column("Information", 100 - 36 - width * len(marks)),
            *(Column(_COLUMN.get(r, r), width, mark=True) for r in marks),
        )
        rows = tuple(
            (
                _label_cell(f, help_text=True),
                content(view.form, f, ticks=True),
                *((Text(MARK if r in f.item.recipients else ""),) for r in marks),
            )
            for f in section.items
        )
        yield Table(columns, rows, tuple(f.item.id for f in section.items))


def _shown(view: FormView) -> dict[str, FilledItem]:
    return {f.item.id: f for f in view.items}


def _modalities(view: FormView, row: LayoutRow, shown: dict[str, FilledItem]) -> Block:
    """Template 1.3: a row per modality with its tick box, size range and types of content."""
    mods, sizes, types = (shown.get(i) for i in row.items)
    item = mods.item if mods else view.form.spec.item(row.items[0])
    ticked = [str(v) for v in (mods.value if mods and isinstance(mods.value, list) else [])]
    size_map = sizes.value if sizes and isinstance(sizes.value, dict) else {}
    type_map = types.value if types and isinstance(types.value, dict) else {}
    names = [(o.id, o.label) for o in item.options]
    names += [(c, c[len("other: ") :]) for c in ticked if c.startswith("other: ")]
    if item.other and not any(c.startswith("other: ") for c in ticked):
        names.append(("other", "Other"))
    rows: list[tuple[tuple[Content, ...], ...]] = []
    for key, label in names:
        on = key in ticked
        size = _lookup(size_map, key, label)
        ranges = size_ranges(key)
        cell: tuple[Content, ...]
        if ranges is not None:
            chosen = size if size in {r.label for r in ranges} else None
            cell = (Ticks(tuple((r.label, r.label == chosen) for r in ranges)),)
            if size and chosen is None:
                cell += (Text(f"Alternatively: {size}"),)
        else:
            cell = (Text(size),) if size else ()
        kind = _lookup(type_map, key, label)
        rows.append(
            ((Ticks(((label, on),)),), cell if on or size else (), (Text(kind),) if kind else ())
        )
    columns = (
        Column("Modality", 20),
        Column("Training data size", 46),
        Column("Types of content", 34),
    )
    return Table(columns, tuple(rows))  # the question above it holds the item's anchor


def _lookup(values: dict[str, Any], key: str, label: str) -> str:
    for k, v in values.items():
        if k.lower() in (key.lower(), label.lower(), key.removeprefix("other: ").lower()):
            return str(v)
    return ""


def _row(view: FormView, row: LayoutRow, shown: dict[str, FilledItem]) -> Block | None:
    found = [shown[i] for i in row.items if i in shown]
    if not found:
        return None
    if row.kind == "modalities":
        gap = () if _answered(found) else content(view.form, found[0])
        return Field(row.question, gap, row.help, row.items[0])
    first, rest = found[0], found[1:]
    body = list(content(view.form, first, ticks=True))
    for extra in rest:
        if extra.value is None:
            continue
        if extra.item.type == "bool":
            body.append(Text(f"{extra.item.label}: {yes_no(extra.value)}", "muted"))
            continue
        if extra.item.type == "list":
            body.append(Text(f"{extra.item.label}:", "muted"))
        for part in content(view.form, extra):
            body.append(Text(part.text, "muted") if isinstance(part, Text) else part)
    return Field(row.question, tuple(body), row.help, first.item.id)


def _answered(found: list[FilledItem]) -> bool:
    return bool(found) and found[0].value is not None


def _part(
    view: FormView, part: LayoutPart, level: int, shown: dict[str, FilledItem]
) -> list[Block]:
    blocks: list[Block] = []
    for row in part.rows:
        block = _row(view, row, shown)
        if block is None:
            continue
        blocks.append(block)
        if row.kind == "modalities":
            blocks.append(_modalities(view, row, shown))
    for sub in part.parts:
        blocks += _part(view, sub, level + 1, shown)
    if not blocks:
        return []
    number = f"{part.number}." if part.number and "." not in part.number else part.number
    title = f"{number} {part.title}" if number else part.title
    return [Heading(level, title, f"s-{part.number or 'h'}"), *blocks]


def _template(view: FormView, layout: FormLayout) -> Iterator[Block]:
    shown = _shown(view)
    for part in layout.parts:
        ids = [i for row in part.walk() for i in row.items if i in shown]
        if part.optional and all(shown[i].value in (None, False) for i in ids):
            continue
        yield from _part(view, part, 2, shown)


def _sections(view: FormView) -> Iterator[Block]:
    for section in view.sections:
        if section.section.id == "header":
            continue  # in the document's facts
        yield Heading(2, _title(section), f"s-{section.section.id}")
        if section.section.help:
            yield Para((Text(section.section.help, "muted"),), "note")
        for f in section.items:
            yield Field(f.item.label, content(view.form, f, ticks=False), "", f.item.id)


def _appendix(view: FormView, layout: FormLayout) -> tuple[Block, ...]:
    """The annex: how complete the view is, and each item's origin and unconfirmed points."""
    done = view.completeness()
    notes = [
        Para((Text(f"Completeness: {done.text()}."),)),
        Para(
            (
                Text(
                    "Identifiers are gpaikit's (the official form does not number its items); "
                    "answers are keyed by them in gpaikit.yaml (models[].answers). "
                    "“Unconfirmed” names what the form's primary text does not yet confirm.",
                    "muted",
                ),
            ),
            "note",
        ),
    ]
    if layout.unconfirmed:
        notes.append(Para((Text(f"Layout: {layout.unconfirmed} (unconfirmed).", "muted"),), "note"))
    rows = tuple(
        (
            (Text(f.item.id),),
            (Text(f.item.label),),
            (Text(_origin(f)),),
            (Text(f.item.unconfirmed or ""),),
        )
        for f in view.items
    )
    columns = (
        Column("ID", 16),
        Column("Item", 32),
        Column("Value from", 24),
        Column("Unconfirmed", 28),
    )
    table = Table(columns, rows, compact=True)
    return (Heading(2, "Annex: sources of the answers", "annex"), *notes, table)


def layout(view: FormView, meta: dict[str, Any] | None = None) -> Document:
    """``view`` laid out as its form's official layout (see the module docstring)."""
    meta = meta or {}
    spec = view.form.spec
    found = load_layout(spec.id)
    if found.style == "recipient_table":
        blocks = list(_recipient_table(view, found))
    elif found.style == "template":
        blocks = list(_template(view, found))
    else:
        blocks = list(_sections(view))
    intro = Para((Text(spec.description),), "note")
    return Document(
        title=spec.title,
        subtitle=view.form.model
        + ("" if view.recipient == "public" else f" · for {RECIPIENT_LABELS[view.recipient]}"),
        confidentiality=view.confidentiality,
        facts=_facts(view, meta, found.style),
        blocks=(intro, *blocks),
        appendix=_appendix(view, found),
        style=found.style,
    )

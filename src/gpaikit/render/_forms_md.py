"""Markdown: a recipient's view of a form in its layout, and the model-card section for
integrators. Every user string passes :mod:`gpaikit.render._escape`."""

from __future__ import annotations

from typing import Any

from gpaikit.forms import FormView
from gpaikit.render._blocks import (
    BOX,
    Block,
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
from gpaikit.render._escape import md_cell, md_inline, md_text
from gpaikit.render._layout import layout

__all__ = ["document_markdown", "form_markdown", "model_card_markdown"]


def _ticks(ticks: Ticks) -> str:
    return " ".join(f"{BOX[on]} {md_cell(label)}" for label, on in ticks.choices)


def _text(text: Text, *, cell: bool) -> str:
    shown = md_cell(text.text) if cell else md_text(text.text)
    if not shown:
        return ""
    if text.tone in ("muted", "missing"):
        return f"_{shown}_"
    if text.tone in ("strong", "na"):
        return f"**{shown}**"
    return shown


def _one_line(parts: tuple[Content, ...]) -> str:
    """Content inside a table cell: one line, ``;`` between list entries."""
    shown: list[str] = []
    for c in parts:
        if isinstance(c, Text):
            shown.append(_text(c, cell=True))
        elif isinstance(c, Items):
            shown.append("; ".join(md_cell(x) for x in c.items))
        elif isinstance(c, Ticks):
            shown.append(_ticks(c))
        else:
            pairs = (zip(c.headers, row, strict=True) for row in c.rows)
            rows = (", ".join(f"{md_cell(h)}: {md_cell(x)}" for h, x in r if x) for r in pairs)
            shown.append(" / ".join(rows))
    return " ".join(s for s in shown if s) or " "


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _content(parts: tuple[Content, ...]) -> list[str]:
    lines: list[str] = []
    for c in parts:
        if isinstance(c, Text):
            shown = _text(c, cell=False)
            if shown:
                lines += [shown, ""]
        elif isinstance(c, Items):
            lines += [f"- {md_inline(x)}" for x in c.items] + [""]
        elif isinstance(c, Ticks):
            lines += [_ticks(c), ""]
        elif isinstance(c, Grid):
            rows = [tuple(md_cell(x) or " " for x in row) for row in c.rows]
            lines += _table(tuple(md_cell(h) for h in c.headers), rows)
    return lines


def _blocks(blocks: tuple[Block, ...], shift: int) -> list[str]:
    lines: list[str] = []
    for b in blocks:
        if isinstance(b, Heading):
            lines += [f"{'#' * min(b.level + shift, 6)} {md_inline(b.text)}", ""]
        elif isinstance(b, Para):
            lines += _content(b.content)
        elif isinstance(b, Field):
            lines += [f"**{md_inline(b.label)}**", ""]
            if b.help:
                lines += [f"_{md_inline(b.help)}_", ""]
            lines += _content(b.content)
        elif isinstance(b, Table):
            headers = tuple(md_cell(c.title) for c in b.columns)
            lines += _table(headers, [tuple(_one_line(cell) for cell in row) for row in b.rows])
    return lines


def document_markdown(doc: Document, *, shift: int = 0, title: bool = True) -> str:
    """A laid-out document as Markdown; ``shift`` moves every heading down that many levels."""
    lines: list[str] = []
    if title:
        lines += [f"# {md_inline(doc.title)}", "", md_inline(doc.subtitle), ""]
    if doc.confidentiality:
        lines += [f"**{md_inline(doc.confidentiality)}**", ""]
    if title:
        lines += [
            f"- {md_cell(k)}: **{md_cell(v)}**"
            if k == "Recipient"
            else f"- {md_cell(k)}: {md_cell(v)}"
            for k, v in doc.facts
        ] + [""]
    lines += _blocks(doc.blocks, shift)
    lines += _blocks(doc.appendix, shift)
    return "\n".join(lines).rstrip() + "\n"


def form_markdown(view: FormView, meta: dict[str, Any] | None = None) -> str:
    """The view as a Markdown document in its form's layout; user text is escaped."""
    return document_markdown(layout(view, meta))


def model_card_markdown(view: FormView, meta: dict[str, Any] | None = None) -> str:
    """A model-card section (Hugging Face README) with the downstream providers' items.

    Only the downstream providers' view is accepted: the section is titled for them, and a
    model card is public once pushed, so it must never hold another recipient's items.
    """
    if view.recipient != "downstream_provider":
        raise ValueError(
            f"a model-card section is the downstream providers' view, not {view.recipient}'s"
        )
    meta = meta or {}
    version = (
        f" (version {md_inline(str(meta['version']))}, {md_inline(str(meta['date']))})"
        if meta.get("version")
        else ""
    )
    lines = [
        "## EU AI Act: information for downstream providers",
        "",
        f"From the {md_inline(view.form.spec.title)}{version}, as owed to downstream providers "
        "under AI Act Art. 53(1)(b). Ask the provider for more; the answer is due within 14 days.",
        "",
        "> Check that this section holds no trade secret or confidential business information "
        "before you publish it in a public model card.",
        "",
    ]
    doc = layout(view, meta)
    body = Document(doc.title, doc.subtitle, None, (), doc.blocks[1:], doc.appendix, doc.style)
    return "\n".join(lines) + "\n" + document_markdown(body, shift=1, title=False)

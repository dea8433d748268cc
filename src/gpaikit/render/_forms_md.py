"""Markdown of one recipient's view of a form, and the model-card section for integrators."""

from __future__ import annotations

from typing import Any

from gpaikit.forms import FormView
from gpaikit.render._escape import md_cell, md_inline, md_text
from gpaikit.render._forms_text import meta_line, shown

__all__ = ["form_markdown", "model_card_markdown"]


def _item_lines(view: FormView, level: int) -> list[str]:
    lines: list[str] = []
    for section in view.sections:
        lines += [f"{'#' * level} {md_inline(section.section.title)}", ""]
        for filled in section.items:
            item = filled.item
            lines += [f"{'#' * (level + 1)} {md_inline(item.label)} ({item.id})", ""]
            value = shown(filled)
            if value.rows or value.headers:
                lines.append("| " + " | ".join(md_cell(h) for h in value.headers) + " |")
                lines.append("|" + "---|" * len(value.headers))
                lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in value.rows]
            elif value.bullets:
                lines += [f"- {md_inline(b)}" for b in value.bullets]
            else:
                text = md_text(value.text or "")
                lines.append(f"_{text}_" if value.missing else text)
            lines += ["", f"<sub>{md_inline(meta_line(filled))}</sub>", ""]
    return lines


def _confidential(view: FormView) -> list[str]:
    line = view.confidentiality
    return [f"**{md_inline(line)}**", ""] if line else []


def form_markdown(view: FormView, meta: dict[str, Any] | None = None) -> str:
    """The view as a Markdown document with a version block; user text is escaped."""
    spec, meta = view.form.spec, meta or {}
    lines = [
        f"# {md_inline(spec.title)}: {md_inline(view.form.model)}",
        "",
        *_confidential(view),
        f"Recipient: **{view.recipient_label}** · {md_inline(spec.citation)}",
        "",
    ]
    if meta:
        commit = f" · commit {md_inline(str(meta['commit'])[:12])}" if meta.get("commit") else ""
        lines += [
            f"Version {md_inline(str(meta.get('version', '-')))} of "
            f"{md_inline(str(meta.get('date', '-')))}"
            f" · content {md_inline(str(meta.get('content_hash', '-')))}{commit}",
            "",
        ]
        if meta.get("retention_until"):
            lines += [f"Keep this version until {md_inline(str(meta['retention_until']))}.", ""]
    lines += [md_text(spec.description), ""]
    lines += _item_lines(view, 2)
    return "\n".join(lines).rstrip() + "\n"


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
    lines += _item_lines(view, 3)
    return "\n".join(lines).rstrip() + "\n"

"""Markdown of one recipient's view of a form, and the model-card section for integrators."""

from __future__ import annotations

from typing import Any

from gpaikit.forms import FormView
from gpaikit.render._forms_text import meta_line, shown

__all__ = ["form_markdown", "model_card_markdown"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _item_lines(view: FormView, level: int) -> list[str]:
    lines: list[str] = []
    for section in view.sections:
        lines += [f"{'#' * level} {section.section.title}", ""]
        for filled in section.items:
            item = filled.item
            lines += [f"{'#' * (level + 1)} {item.label} ({item.id})", ""]
            value = shown(filled)
            if value.rows or value.headers:
                lines.append("| " + " | ".join(_cell(h) for h in value.headers) + " |")
                lines.append("|" + "---|" * len(value.headers))
                lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in value.rows]
            elif value.bullets:
                lines += [f"- {b}" for b in value.bullets]
            else:
                text = value.text or ""
                lines.append(f"_{text}_" if value.missing else text)
            lines += ["", f"<sub>{meta_line(filled)}</sub>", ""]
    return lines


def form_markdown(view: FormView, meta: dict[str, Any] | None = None) -> str:
    """The view as a Markdown document with a version block."""
    spec, meta = view.form.spec, meta or {}
    lines = [
        f"# {spec.title}: {view.form.model}",
        "",
        f"Recipient: **{view.recipient_label}** · {spec.citation}",
        "",
    ]
    if meta:
        lines += [
            f"Version {meta.get('version', '-')} of {meta.get('date', '-')}"
            f" · content {meta.get('content_hash', '-')}"
            + (f" · commit {meta['commit'][:12]}" if meta.get("commit") else ""),
            "",
        ]
        if meta.get("retention_until"):
            lines += [f"Keep this version until {meta['retention_until']}.", ""]
    lines += [spec.description, ""]
    lines += _item_lines(view, 2)
    return "\n".join(lines).rstrip() + "\n"


def model_card_markdown(view: FormView, meta: dict[str, Any] | None = None) -> str:
    """A model-card section (Hugging Face README) with the downstream providers' items."""
    meta = meta or {}
    version = f" (version {meta['version']}, {meta['date']})" if meta.get("version") else ""
    lines = [
        "## EU AI Act: information for downstream providers",
        "",
        f"From the {view.form.spec.title}{version}, as owed to downstream providers under "
        "AI Act Art. 53(1)(b). Ask the provider for more; the answer is due within 14 days.",
        "",
    ]
    lines += _item_lines(view, 3)
    return "\n".join(lines).rstrip() + "\n"

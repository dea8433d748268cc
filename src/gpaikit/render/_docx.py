"""DOCX (optional ``docx`` extra): one two-column table per section, like the Commission's forms."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from gpaikit._exceptions import OutputError
from gpaikit._text import visible_controls
from gpaikit.forms import FormView
from gpaikit.render._forms_text import meta_line, shown

__all__ = ["form_docx"]

_EPOCH = (1980, 1, 1, 0, 0, 0)


def _value_text(view_item: Any) -> str:
    """The value as plain text; control characters (which XML cannot hold) shown as escapes."""
    value = shown(view_item)
    if value.headers:
        text = "\n".join(
            "; ".join(f"{h}: {c}" for h, c in zip(value.headers, row, strict=True) if c)
            for row in value.rows
        )
    elif value.bullets:
        text = "\n".join(f"• {b}" for b in value.bullets)
    else:
        text = value.text or ""
    return visible_controls(text)


def _normalise(data: bytes) -> bytes:
    """Rewrite the zip with fixed timestamps so that the same input gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            fixed = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def form_docx(view: FormView, meta: dict[str, Any] | None = None) -> bytes:
    """The view as a Word document (needs ``pip install 'gpaikit[docx]'``)."""
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise OutputError("DOCX output needs the docx extra: pip install 'gpaikit[docx]'") from exc
    meta = meta or {}
    spec = view.form.spec
    document = docx.Document()
    stamp = dt.datetime.fromisoformat(str(meta.get("date", "2000-01-01")))
    document.core_properties.created = stamp
    document.core_properties.modified = stamp
    document.core_properties.last_modified_by = "gpaikit"
    document.core_properties.author = "gpaikit"
    model = visible_controls(view.form.model)
    document.core_properties.title = f"{spec.title}: {model}"
    document.core_properties.revision = int(meta.get("version", 1) or 1)
    document.add_heading(f"{spec.title}: {model}", level=0)
    if view.confidentiality:
        # on the first page and in every page header: a printed page keeps its warning
        run = document.add_paragraph().add_run(view.confidentiality)
        run.bold = True
        document.sections[0].header.paragraphs[0].text = view.confidentiality
    document.add_paragraph(f"Recipient: {view.recipient_label}. {spec.citation}")
    if meta:
        document.add_paragraph(
            f"Version {meta.get('version')} of {meta.get('date')}; content "
            f"{meta.get('content_hash')}; keep until {meta.get('retention_until') or 'n/a'}."
        )
    for section in view.sections:
        document.add_heading(section.section.title, level=1)
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for filled in section.items:
            cells = table.add_row().cells
            cells[0].text = f"{filled.item.label}\n[{filled.item.id}]"
            cells[1].text = _value_text(filled)
            note = cells[1].add_paragraph(meta_line(filled))
            for run in note.runs:
                run.font.size = docx.shared.Pt(7)
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalise(buffer.getvalue())

"""PDF (optional ``pdf`` extra): a plain, printable rendering of a form view (core fonts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gpaikit._exceptions import OutputError
from gpaikit._text import visible_controls
from gpaikit.forms import FormView
from gpaikit.render._docx import _value_text
from gpaikit.render._forms_text import meta_line

__all__ = ["form_pdf"]

_REPLACE = {
    "·": "-",
    "≈": "~",
    "±": "+/-",
    "•": "-",
    "–": "-",
    "—": "-",
    "’": "'",
    "“": '"',
    "”": '"',
    "…": "...",
    "×": "x",
    "≥": ">=",
    "≤": "<=",
}


def _latin1(text: str) -> str:
    text = visible_controls(text)
    for old, new in _REPLACE.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")


def form_pdf(view: FormView, meta: dict[str, Any] | None = None) -> bytes:
    """The view as PDF bytes (needs ``pip install 'gpaikit[pdf]'``)."""
    try:
        from fpdf import FPDF
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise OutputError("PDF output needs the pdf extra: pip install 'gpaikit[pdf]'") from exc
    meta = meta or {}
    spec = view.form.spec
    line = view.confidentiality

    class _Page(FPDF):  # type: ignore[misc,unused-ignore]
        def header(self) -> None:
            """Every page of a non-public view carries the confidentiality line."""
            if line:
                self.set_font("Helvetica", "B", 8)
                self.multi_cell(self.w - self.l_margin - self.r_margin, 4, _latin1(line))
                self.ln(2)

    pdf = _Page(format="A4")
    pdf.set_creation_date(
        dt.datetime.fromisoformat(str(meta.get("date", "2000-01-01"))).replace(tzinfo=dt.UTC)
    )
    pdf.set_title(_latin1(f"{spec.title}: {view.form.model}"))
    pdf.set_creator("gpaikit")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(width, 8, _latin1(f"{spec.title}: {view.form.model}"))
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(width, 5, _latin1(f"Recipient: {view.recipient_label}. {spec.citation}"))
    if meta:
        pdf.multi_cell(
            width,
            5,
            _latin1(
                f"Version {meta.get('version')} of {meta.get('date')}; keep until "
                f"{meta.get('retention_until') or 'n/a'}; {meta.get('content_hash')}"
            ),
        )
    for section in view.sections:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 13)
        pdf.multi_cell(width, 7, _latin1(section.section.title))
        for filled in section.items:
            pdf.set_font("Helvetica", "B", 10)
            pdf.multi_cell(width, 5, _latin1(f"{filled.item.label} [{filled.item.id}]"))
            pdf.set_font("Helvetica", "", 10)
            pdf.multi_cell(width, 5, _latin1(_value_text(filled)))
            pdf.set_font("Helvetica", "I", 7)
            pdf.multi_cell(width, 4, _latin1(meta_line(filled)))
            pdf.ln(1)
    return bytes(pdf.output())

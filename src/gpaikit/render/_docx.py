"""DOCX (optional ``docx`` extra): the same layout as every other format, with Word headings and
real Word tables (header rows repeat across pages), tick boxes, and the confidentiality line in
every page header. Output is byte-identical for the same input (fixed zip timestamps)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from functools import lru_cache
from typing import Any

from gpaikit._exceptions import OutputError
from gpaikit._text import visible_controls
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
from gpaikit.render._layout import layout

__all__ = ["document_docx", "form_docx"]

_EPOCH = (1980, 1, 1, 0, 0, 0)
_MUTED = (0x4A, 0x55, 0x60)
_GAP = (0x8A, 0x1C, 0x0B)
_FONT = "Calibri"  # covers Latin (every EU language), Greek and Cyrillic


def _normalise(data: bytes) -> bytes:
    """Rewrite the zip with fixed timestamps so that the same input gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            fixed = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


class _Writer:
    """Draws the blocks of a document into a python-docx ``Document``."""

    def __init__(self, docx: Any, document: Any) -> None:
        self.docx = docx
        self.document = document

    def _run(self, paragraph: Any, text: str, tone: str = "value") -> None:
        run = paragraph.add_run(visible_controls(text))
        shared = self.docx.shared
        if tone == "strong" or tone == "na":
            run.bold = True
        elif tone == "muted":
            run.font.size = shared.Pt(8)
            run.font.color.rgb = shared.RGBColor(*_MUTED)
        elif tone == "missing":
            run.italic = True
            run.font.color.rgb = shared.RGBColor(*_GAP)

    def _ticks(self, paragraph: Any, ticks: Ticks) -> None:
        for n, (label, on) in enumerate(ticks.choices):
            if n:
                paragraph.add_run("   ")
            self._run(paragraph, f"{BOX[on]} {label}", "strong" if on else "value")

    def content(self, target: Any, parts: tuple[Content, ...], *, fresh: Any = None) -> None:
        """Append ``parts`` to a document or a table cell (``fresh``: its empty paragraph)."""

        def paragraph(style: str | None = None) -> Any:
            nonlocal fresh
            if fresh is not None:
                found, fresh = fresh, None
                if style:
                    found.style = style
                return found
            return target.add_paragraph(style=style)

        for c in parts:
            if isinstance(c, Text):
                for line in c.text.split("\n"):
                    self._run(paragraph(), line, c.tone)
            elif isinstance(c, Items):
                for entry in c.items:
                    self._run(paragraph("List Bullet"), entry)
            elif isinstance(c, Ticks):
                self._ticks(paragraph(), c)
            elif isinstance(c, Grid):
                if fresh is not None:
                    self._run(paragraph(), "")
                self.grid(target, c)

    def grid(self, target: Any, grid: Grid) -> None:
        table = target.add_table(rows=1, cols=len(grid.headers))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, grid.headers, strict=True):
            self._run(cell.paragraphs[0], header, "strong")
        self._repeat_header(table.rows[0])
        for row in grid.rows:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                self._run(cell.paragraphs[0], value)

    def _repeat_header(self, row: Any) -> None:
        from docx.oxml import OxmlElement

        props = row._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        props.append(header)

    def table(self, block: Table) -> None:
        table = self.document.add_table(rows=1, cols=len(block.columns))
        table.style = "Table Grid"
        table.autofit = False
        width = self.document.sections[0].page_width - 2 * self.docx.shared.Mm(15)
        for n, column in enumerate(block.columns):
            cell = table.rows[0].cells[n]
            self._run(cell.paragraphs[0], column.title, "strong")
            table.columns[n].width = int(width * column.width / 100)
        self._repeat_header(table.rows[0])
        for row in block.rows:
            cells = table.add_row().cells
            for n, (cell, parts) in enumerate(zip(cells, row, strict=True)):
                cell.width = int(width * block.columns[n].width / 100)
                self.content(cell, parts, fresh=cell.paragraphs[0])
                if block.columns[n].mark:
                    cell.paragraphs[0].alignment = 1  # centre the cross
        self.document.add_paragraph()

    def blocks(self, blocks: tuple[Block, ...]) -> None:
        for b in blocks:
            if isinstance(b, Heading):
                self.document.add_heading(visible_controls(b.text), level=min(b.level - 1, 9) or 1)
            elif isinstance(b, Para):
                self.content(self.document, b.content)
            elif isinstance(b, Field):
                self._run(self.document.add_paragraph(), b.label, "strong")
                if b.help:
                    self._run(self.document.add_paragraph(), b.help, "muted")
                self.content(self.document, b.content)
            elif isinstance(b, Table):
                self.table(b)


def _page_numbers(docx: Any, section: Any) -> None:
    """'Page N' in every page footer (a Word PAGE field)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.add_run("Page ")
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    for r in paragraph.runs:
        r.font.size = docx.shared.Pt(7)


@lru_cache(maxsize=64)
def document_docx(doc: Document, date: str = "2000-01-01", version: Any = 1) -> bytes:
    """A laid-out document as Word bytes (needs ``pip install 'gpaikit[docx]'``); the same
    document (a public view in every audience's site) is written once."""
    try:
        import docx
        import docx.enum.text
        import docx.shared
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise OutputError("DOCX output needs the docx extra: pip install 'gpaikit[docx]'") from exc
    document = docx.Document()
    stamp = dt.datetime.fromisoformat(date)
    props = document.core_properties
    props.created = props.modified = stamp
    props.last_modified_by = props.author = "gpaikit"
    props.title = visible_controls(f"{doc.title}: {doc.subtitle}")
    props.revision = int(version) if str(version).isdigit() else 1
    section = document.sections[0]
    section.page_width, section.page_height = docx.shared.Mm(210), docx.shared.Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, docx.shared.Mm(15))
    style = document.styles["Normal"]
    style.font.name = _FONT
    style.font.size = docx.shared.Pt(10)
    writer = _Writer(docx, document)
    document.add_heading(visible_controls(doc.title), level=0)
    writer._run(document.add_paragraph(), doc.subtitle, "strong")
    if doc.confidentiality:
        # on the first page and in every page header: a printed page keeps its warning
        writer._run(document.add_paragraph(), doc.confidentiality, "strong")
        section.header.paragraphs[0].text = doc.confidentiality
    facts = document.add_table(rows=0, cols=2)
    for label, value in doc.facts:
        cells = facts.add_row().cells
        writer._run(cells[0].paragraphs[0], label, "strong")
        writer._run(cells[1].paragraphs[0], value)
    writer.blocks(doc.blocks)
    if doc.appendix:
        document.add_paragraph().add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
        writer.blocks(doc.appendix)
    _page_numbers(docx, section)
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalise(buffer.getvalue())


def form_docx(view: FormView, meta: dict[str, Any] | None = None) -> bytes:
    """The view as a Word document in its form's layout."""
    meta = meta or {}
    return document_docx(
        layout(view, meta), str(meta.get("date", "2000-01-01")), meta.get("version", 1)
    )

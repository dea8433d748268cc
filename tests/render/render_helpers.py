"""Text out of every format, as a reader (or a screen reader) gets it: pdfplumber for PDF,
python-docx for DOCX, the HTML's text nodes, the Markdown with its escapes undone."""

from __future__ import annotations

import html
import io
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pdfplumber

REPO = Path(__file__).resolve().parents[2]
MM = 72 / 25.4


def squeeze(text: str) -> str:
    """Without any whitespace: a value wrapped over lines or cells still matches."""
    return re.sub(r"\s+", "", text)


def pdf_pages(data: bytes) -> list[dict[str, Any]]:
    """Per page: its text, its size and every character's box and font."""
    pages = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            # the page's lines, then every table cell on its own: lines of a page cut across
            # the columns of a table, so a value wrapped inside its cell is read per cell
            cells = [c or "" for t in page.extract_tables() for row in t for c in row]
            pages.append(
                {
                    "text": "\n".join([page.extract_text() or "", *cells]),
                    "width": float(page.width),
                    "height": float(page.height),
                    "chars": [
                        {k: c[k] for k in ("text", "x0", "x1", "top", "bottom", "fontname")}
                        for c in page.chars
                    ],
                }
            )
    return pages


def pdf_text(data: bytes) -> str:
    return "\n".join(p["text"] for p in pdf_pages(data))


def _cell_texts(cell: Any) -> list[str]:
    out = [p.text for p in cell.paragraphs]
    for table in cell.tables:
        out += _table_texts(table)
    return out


def _table_texts(table: Any) -> list[str]:
    out: list[str] = []
    for row in table.rows:
        for cell in row.cells:
            out += _cell_texts(cell)
    return out


def docx_document(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def docx_text(data: bytes) -> str:
    """Body paragraphs, every table cell (nested tables too), headers and footers."""
    document = docx_document(data)
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        out += _table_texts(table)
    for section in document.sections:
        out += [p.text for p in section.header.paragraphs]
    return "\n".join(out)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return " ".join(parser.parts)


def md_text(markdown: str) -> str:
    """The Markdown as rendered text: backslash escapes and character references undone."""
    return html.unescape(re.sub(r"\\([\\`*_\[\]|~$#+\-.!=<>(){}])", r"\1", markdown))

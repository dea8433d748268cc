"""The laid-out document every format renders: a small tree of blocks and inline content.

:mod:`gpaikit.render._layout` builds it once from a recipient view and its form's layout; the
HTML (and through it the PDF), Markdown and DOCX renderers only draw it. So a row, a tick box
or a unit is decided in one place and looks the same in every format. All strings here are
plain text (user text included); each renderer escapes them for its medium.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "Block",
    "Column",
    "Content",
    "Document",
    "Field",
    "Grid",
    "Heading",
    "Items",
    "Para",
    "Table",
    "Text",
    "Ticks",
]

Tone = Literal["value", "missing", "na", "muted", "strong"]


@dataclass(frozen=True)
class Text:
    """A run of text; ``tone`` says how it reads (an answer, a gap, N/A, a note, a label)."""

    text: str
    tone: Tone = "value"


@dataclass(frozen=True)
class Items:
    """A bulleted list."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Grid:
    """A small table inside an answer (a records item)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


#: How a tick box prints in every format (the template's ☒ ticked, ☐ not).
BOX = {True: "\u2612", False: "\u2610"}


@dataclass(frozen=True)
class Ticks:
    """Tick boxes: every choice the form offers, ticked or not (``☒ Text ☐ Image``)."""

    choices: tuple[tuple[str, bool], ...]


Content = Text | Items | Grid | Ticks


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str = ""


@dataclass(frozen=True)
class Para:
    content: tuple[Content, ...]
    tone: Literal["body", "note"] = "body"


@dataclass(frozen=True)
class Field:
    """A question (or label) and its answer, one under the other."""

    label: str
    content: tuple[Content, ...]
    help: str = ""
    anchor: str = ""


@dataclass(frozen=True)
class Column:
    title: str
    width: int  # percent of the text width
    mark: bool = False  # a narrow recipient column holding a cross


@dataclass(frozen=True)
class Table:
    """A table whose cells hold content; ``anchors`` name the rows (item IDs)."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[tuple[Content, ...], ...], ...]
    anchors: tuple[str, ...] = ()
    compact: bool = False


Block = Heading | Para | Field | Table


@dataclass(frozen=True)
class Document:
    """One recipient's view of one document, laid out."""

    title: str
    subtitle: str
    confidentiality: str | None
    facts: tuple[tuple[str, str], ...]
    blocks: tuple[Block, ...]
    appendix: tuple[Block, ...] = ()
    style: str = "sections"
    lang: str = "en"

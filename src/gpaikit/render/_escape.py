"""Escaping user text for Markdown: what a provider typed, or a crawl or a model card carried,
is shown as typed and never becomes HTML, a link, an image or structure.

Model cards and documents are rendered by hubs and Git hosts; raw ``<script>``, ``<img
onerror>`` or ``[x](javascript:...)`` in a value would run or mislead there. The escaping
follows CommonMark: ``<``, ``>`` and entity-like ``&`` become character references (which
every Markdown dialect decodes), inline markers get a backslash, markers that only count at
the start of a line are escaped there, and control characters are shown as escapes.
"""

from __future__ import annotations

import re

from gpaikit._text import visible_controls

__all__ = ["md_cell", "md_inline", "md_text"]

# "_" between letters or digits never starts emphasis (CommonMark's flanking rules): kept
_INLINE = re.compile(r"([\\`*\[\]|~$]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_START = re.compile(r"^([#=+\-]|\d{1,9}(?=[.)]))")


def md_inline(text: str) -> str:
    """One line of user text, safe inside a Markdown paragraph, heading or list item."""
    # no line breaks, no indentation (code blocks) inside; then the line-start markers
    return _LINE_START.sub(_escape_start, md_cell(text))


def _escape_start(match: re.Match[str]) -> str:
    marker = match.group(1)
    return marker + "\\" if marker[0].isdigit() else "\\" + marker


def md_text(text: str) -> str:
    """Multi-line user text: each line escaped, paragraphs (blank lines) kept."""
    paragraphs = re.split(r"\n[ \t]*\n", visible_controls(text).replace("\r\n", "\n"))
    shown = [
        "\n".join(md_inline(line) for line in part.split("\n") if line.strip())
        for part in paragraphs
    ]
    return "\n\n".join(p for p in shown if p)


def md_cell(text: str) -> str:
    """User text inside a Markdown table cell (one line; ``|`` escaped). A cell never starts
    a line, so the markers that count only there (``#``, ``-``, ``1.``) stay as they are."""
    text = visible_controls(text)
    text = _ENTITY.sub("&amp;", text)
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE.sub(r"\\\1", text)
    return " ".join(text.split())

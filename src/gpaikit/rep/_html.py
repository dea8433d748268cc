"""Collect ``<meta name=… content=…>`` elements from HTML (stdlib parser; never raises)."""

from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["meta_elements"]

_MAX_HTML = 2 * 1024 * 1024  # metadata lives in <head>; a very long body is not read further


class _MetaParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta":
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        name = values.get("name")
        if name is not None and "content" in values:
            self.found.append((name.strip().lower(), values["content"]))

    handle_startendtag = handle_starttag


def meta_elements(html: str | bytes | None) -> list[tuple[str, str]]:
    """``(name lower-cased, content)`` of every meta element with both attributes."""
    if not html:
        return []
    text = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    parser = _MetaParser()
    try:
        parser.feed(text[:_MAX_HTML])
        parser.close()
    except Exception:
        pass
    return parser.found

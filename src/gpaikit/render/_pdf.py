"""PDF (optional ``pdf`` extra): the HTML page of a view, typeset by WeasyPrint.

The PDF is the same document as the HTML (one layout, one style sheet with its print rules:
A4, running confidentiality line, page numbers), so the two never drift apart. WeasyPrint lays
text out with Pango and HarfBuzz and embeds subsets of the system fonts: with DejaVu Sans
(``scripts/ensure-pdf.sh`` installs it) every official EU language prints, Greek and
Bulgarian Cyrillic included, and long unbroken values wrap inside the page instead of running
off it. Nothing is fetched while rendering: the page references no resource, and any URL
WeasyPrint would resolve is refused.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, NoReturn

from gpaikit._exceptions import OutputError
from gpaikit.forms import FormView
from gpaikit.render._blocks import Document
from gpaikit.render._html import document_html
from gpaikit.render._layout import layout

__all__ = ["document_pdf", "form_pdf"]


def _refuse(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"gpaikit renders PDFs offline; refused to fetch {url[:80]!r}")


def document_pdf(doc: Document, date: str = "2000-01-01") -> bytes:
    """A laid-out document as PDF bytes (needs ``pip install 'gpaikit[pdf]'``)."""
    return _typeset(document_html(doc), date, f"{doc.title}: {doc.subtitle}", doc.lang)


@lru_cache(maxsize=64)
def _typeset(page: str, date: str, title: str, lang: str) -> bytes:
    """The page as PDF. Typesetting is the one costly step of a build (about half a second a
    document); the same page (a public view in every audience's site, an unchanged document in
    the next build of a long-lived process) is typeset once."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # pragma: no cover - depends on the extra and Pango
        raise OutputError(
            "PDF output needs the pdf extra and Pango: pip install 'gpaikit[pdf]' and run "
            "scripts/ensure-pdf.sh (Debian: libpango-1.0-0, libpangoft2-1.0-0, fonts-dejavu-core)"
        ) from exc
    stamp = dt.datetime.fromisoformat(date).replace(tzinfo=dt.UTC).isoformat()
    html = weasyprint.HTML(string=page, url_fetcher=_refuse, base_url=None)
    rendered = html.render()
    rendered.metadata.created = stamp
    rendered.metadata.modified = stamp
    rendered.metadata.generator = "gpaikit"
    rendered.metadata.title = title
    rendered.metadata.lang = lang
    return bytes(rendered.write_pdf())


def form_pdf(view: FormView, meta: dict[str, Any] | None = None) -> bytes:
    """The view as PDF bytes, in its form's layout."""
    meta = meta or {}
    return document_pdf(layout(view, meta), str(meta.get("date", "2000-01-01")))

"""HTML: clean, printable, accessible pages with inline CSS and no external resources."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from gpaikit import __version__
from gpaikit.forms import FormView
from gpaikit.render._forms_text import meta_line, shown

__all__ = ["form_html", "html_page"]


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("gpaikit.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def html_page(template: str, **context: Any) -> str:
    """Render one of the package's page templates (``index.html.j2``, ``form.html.j2``)."""
    return _env().get_template(template).render(gpaikit_version=__version__, **context)


def form_html(view: FormView, meta: dict[str, Any] | None = None, *, home: str = "") -> str:
    """The view as a standalone HTML page; ``home`` links back to a site index."""
    spec = view.form.spec
    sections = [
        {
            "title": s.section.title,
            "entries": [
                {
                    "id": f.item.id,
                    "label": f.item.label,
                    "help": f.item.help,
                    "shown": shown(f),
                    "meta": meta_line(f),
                }
                for f in s.items
            ],
        }
        for s in view.sections
    ]
    return html_page(
        "form.html.j2",
        page_title=f"{spec.title}: {view.form.model} ({view.recipient_label})",
        title=spec.title,
        model=view.form.model,
        recipient=view.recipient_label,
        citation=spec.citation,
        description=spec.description,
        meta=meta or {},
        sections=sections,
        home=home,
    )

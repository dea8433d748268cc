"""HTML: clean, printable, accessible pages with inline CSS and no external resources."""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from gpaikit import __version__
from gpaikit.forms import FormView
from gpaikit.render._forms_text import meta_line, shown

__all__ = ["content_security_policy", "form_html", "html_page"]


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


@lru_cache(maxsize=1)
def _style() -> tuple[str, str]:
    """The pages' style sheet and the strict Content-Security-Policy that admits only it.

    No script is allowed at all, nothing is fetched (no images, fonts, frames or forms), and
    the one inline ``<style>`` element is admitted by its SHA-256, so a value that slipped past
    escaping still could not run or load anything.
    """
    css = resources.files("gpaikit.render").joinpath("templates/style.css").read_text("utf-8")
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    csp = (
        f"default-src 'none'; style-src 'sha256-{digest}'; img-src 'none'; "
        "script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'"
    )
    return css, csp


def content_security_policy() -> str:
    """The policy every page declares (also for a server's Content-Security-Policy header)."""
    return _style()[1]


def html_page(template: str, **context: Any) -> str:
    """Render one of the package's page templates (``index.html.j2``, ``form.html.j2``)."""
    css, csp = _style()
    context.setdefault("confidentiality", None)
    return (
        _env()
        .get_template(template)
        .render(gpaikit_version=__version__, css=css, csp=csp, **context)
    )


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
        confidentiality=view.confidentiality,
    )

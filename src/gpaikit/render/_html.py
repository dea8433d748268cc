"""HTML: clean, printable, accessible pages with inline CSS and no external resources."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
from functools import lru_cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from gpaikit import __version__
from gpaikit.forms import FormView
from gpaikit.render._blocks import BOX, Document
from gpaikit.render._layout import layout

__all__ = ["content_security_policy", "document_html", "form_html", "html_page"]


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("gpaikit.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["BOX"] = BOX
    return env


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
    """Render one of the package's page templates (``index.html.j2``, ``document.html.j2``, ...)."""
    css, csp = _style()
    context.setdefault("confidentiality", None)
    return (
        _env()
        .get_template(template)
        .render(gpaikit_version=__version__, css=css, csp=csp, **context)
    )


def _plain(value: Any) -> Any:
    """A block tree as dicts with a ``kind`` (what the Jinja template dispatches on)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        out["kind"] = type(value).__name__.lower()
        return out
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    return value


def document_html(doc: Document, *, home: str = "", page_title: str | None = None) -> str:
    """A laid-out document (:func:`gpaikit.render._layout.layout`) as a standalone page."""
    return html_page(
        "document.html.j2",
        page_title=page_title or f"{doc.title}: {doc.subtitle}",
        doc=_plain(doc),
        home=home,
        confidentiality=doc.confidentiality,
    )


def form_html(view: FormView, meta: dict[str, Any] | None = None, *, home: str = "") -> str:
    """The view as a standalone HTML page in its form's layout; ``home`` links back to a site
    index."""
    return document_html(layout(view, meta), home=home)

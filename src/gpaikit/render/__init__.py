"""Renderers: pure functions from assessments and documents to text formats."""

from gpaikit.render._assessment_md import assessment_markdown
from gpaikit.render._catalog_md import catalog_markdown
from gpaikit.render._forms_md import form_markdown, model_card_markdown
from gpaikit.render._html import form_html, html_page
from gpaikit.render._workspace_md import workspace_markdown

__all__ = [
    "assessment_markdown",
    "catalog_markdown",
    "form_html",
    "form_markdown",
    "html_page",
    "model_card_markdown",
    "workspace_markdown",
]

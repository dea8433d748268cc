"""Renderers: pure functions from assessments and documents to text formats."""

from gpaikit.render._assessment_md import assessment_markdown
from gpaikit.render._catalog_md import catalog_markdown

__all__ = ["assessment_markdown", "catalog_markdown"]

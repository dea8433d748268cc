"""Renderers: pure functions from assessments and documents to text formats."""

from gpaikit.render._assessment_md import assessment_markdown

__all__ = ["assessment_markdown"]

"""The cross-document checks of one model: its filled documents against each other, against
the assessment and against the artefacts (:mod:`gpaikit.forms` consistency rules)."""

from __future__ import annotations

from collections.abc import Sequence

from gpaikit.assess import ModelAssessment
from gpaikit.forms import ConsistencyInputs, Document, FormContext, Problem, check_consistency

__all__ = ["assessed_flop", "consistency_problems"]


def assessed_flop(assessed: ModelAssessment | None) -> float | None:
    """The figure the MDF's compute must equal: the modification's for a modifier that became
    provider (its MDF covers the modification only), else the training compute."""
    if assessed is None:
        return None
    c = assessed.classification
    figure = c.modification_compute if c.role == "modifier_provider" else c.training_compute
    return figure.flop if figure is not None else None


def consistency_problems(
    ctx: FormContext, documents: Sequence[Document], assessed: ModelAssessment | None
) -> list[Problem]:
    """Violations of the consistency rules among ``documents`` of ``ctx.model``."""
    forms = {d.form.spec.id: d.form for d in documents if d.form.model == ctx.model.name}
    return check_consistency(ConsistencyInputs(ctx, forms, assessed_flop(assessed)))

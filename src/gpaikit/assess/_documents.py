"""Which documents a model owes, from the obligations each form serves (``documents`` in
``obligations.yaml``): a form is required exactly when one of its obligations applies, so nothing
that is not owed is demanded, validated or shown as missing."""

from __future__ import annotations

from gpaikit.assess._model import DocumentApplicability, ObligationResult, Reason
from gpaikit.law import Catalog

__all__ = ["document_applicability"]


def document_applicability(
    catalog: Catalog,
    obligations: tuple[ObligationResult, ...],
    summary: Reason,
) -> tuple[DocumentApplicability, ...]:
    """One entry per form that some catalog obligation is met through, in catalog order."""
    forms: dict[str, list[str]] = {}
    basis: dict[str, list[str]] = {}
    for obligation in catalog.obligations():
        for form in obligation.documents:
            forms.setdefault(form, []).append(obligation.id)
            basis.setdefault(form, []).extend(obligation.basis)
    results = {o.id: o for o in obligations}
    found: list[DocumentApplicability] = []
    for form, ids in forms.items():
        mine = [results[i] for i in ids if i in results]
        cites = tuple(dict.fromkeys(basis[form]))
        applying = [o for o in mine if o.applies is True]
        if not mine:
            required: bool | None = False
            reason = summary.text
        elif applying:
            required = True
            reason = "owed under " + "; ".join(o.citation for o in applying)
            notes = {o.scope_note for o in applying if o.scope_note}
            if notes:
                reason += " - " + " ".join(sorted(notes))
        elif all(o.applies is False for o in mine):
            required = False
            why = dict.fromkeys(r.text for o in mine for r in o.reasons)
            reason = "not owed: " + "; ".join(why)
        else:
            required = None
            why = dict.fromkeys(t for o in mine for t in o.applies_reasons)
            reason = "may be owed; " + ("; ".join(why) or "the facts are not all declared")
        found.append(
            DocumentApplicability(
                form=form, required=required, reason=reason, obligations=tuple(ids), citations=cites
            )
        )
    return tuple(found)

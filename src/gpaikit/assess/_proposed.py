"""Status from evidence: an obligation met through documents is proposed as met once they are.

A document that is complete (nothing required missing, nothing malformed, no consistency rule
violated) and versioned (its content is a recorded version) is evidence for the obligations met
through it (``documents`` in obligations.yaml); an obligation that must be published
(``published: true``, the public summary) also needs the publication's URL and date. The
proposal only fills an otherwise unknown status: whatever the provider declares under
``compliance`` or ``measures`` confirms or overrides it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from gpaikit.assess._model import DocumentEvidence
from gpaikit.law import Obligation

__all__ = ["Proposal", "propose"]


class Proposal:
    """Evidence that an obligation is met, read from its documents."""

    def __init__(self, evidence: tuple[str, ...], date: dt.date):
        self.evidence = evidence
        self.date = date


def _why_not(doc: DocumentEvidence | None, form: str, published: bool) -> str | None:
    if doc is None:
        return f"{form} not built"
    if not doc.complete:
        return f"{doc.title} incomplete"
    if not doc.recorded:
        return f"{doc.title} v{doc.version} not recorded (gpaikit build records it)"
    if published and (doc.published_url is None or doc.published_on is None):
        return f"{doc.title} not declared published (published: {form}: {{url, date}})"
    return None


def propose(
    obligation: Obligation, documents: Mapping[str, DocumentEvidence]
) -> tuple[Proposal | None, str | None]:
    """The proposal for ``obligation``, or why there is none (``None, None`` when it is not
    met through documents at all)."""
    if not obligation.documents:
        return None, None
    evidence: list[str] = []
    dates: list[dt.date] = []
    for form in obligation.documents:
        doc = documents.get(form)
        why = _why_not(doc, form, obligation.published)
        if why is not None or doc is None:
            return None, why
        text = f"{doc.title} v{doc.version} of {doc.date}, complete"
        if obligation.published and doc.published_url and doc.published_on:
            text += f", published {doc.published_on} at {doc.published_url}"
            dates.append(doc.published_on)
        else:
            dates.append(doc.date)
        evidence.append(text)
    return Proposal(tuple(evidence), max(dates)), None

"""Per-recipient views: only the items marked for that recipient, nothing else.

Precision differs per recipient through the form's own split items (e.g. compute to two
significant figures for the AI Office, MDF.CR.02b; its order of magnitude for national
authorities, MDF.CR.02a): a view never contains the other variant.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from gpaikit.forms._fill import FilledForm, FilledItem
from gpaikit.forms._spec import RECIPIENTS, Recipient, Section
from gpaikit.forms._status import Completeness, completeness

__all__ = ["CONFIDENTIALITY", "RECIPIENT_LABELS", "FormView", "SectionView", "view"]

RECIPIENT_LABELS: dict[Recipient, str] = {
    "ai_office": "AI Office",
    "national_authority": "National competent authorities",
    "downstream_provider": "Downstream providers",
    "public": "Public",
}


#: The line every rendering of a non-public view carries, so that no reader mistakes it for
#: something to publish. Art. 53(7) AI Act: what the AI Office and national competent
#: authorities obtain is treated under Art. 78; Art. 53(1)(b): information to downstream
#: providers may protect IP, confidential business information and trade secrets.
CONFIDENTIALITY: dict[Recipient, str | None] = {
    "ai_office": (
        "CONFIDENTIAL - for the AI Office only (AI Act Art. 53(7) and Art. 78). "
        "Do not publish or forward."
    ),
    "national_authority": (
        "CONFIDENTIAL - for national competent authorities only (AI Act Art. 53(7) and "
        "Art. 78). Do not publish or forward."
    ),
    "downstream_provider": (
        "CONFIDENTIAL - for downstream providers integrating the model (AI Act Art. 53(1)(b)); "
        "may contain trade secrets. Do not publish or forward."
    ),
    "public": None,
}


@dataclass(frozen=True)
class SectionView:
    section: Section
    items: tuple[FilledItem, ...]


@dataclass(frozen=True)
class FormView:
    """What one recipient receives of one filled form."""

    form: FilledForm
    recipient: Recipient
    sections: tuple[SectionView, ...]

    @property
    def items(self) -> tuple[FilledItem, ...]:
        return tuple(i for s in self.sections for i in s.items)

    @property
    def recipient_label(self) -> str:
        return RECIPIENT_LABELS[self.recipient]

    @property
    def confidentiality(self) -> str | None:
        """The confidentiality line of this recipient's view (``None`` for the public)."""
        return CONFIDENTIALITY[self.recipient]

    def completeness(self) -> Completeness:
        """Required and optional items of this view, answered or not, counted apart."""
        return completeness(self.form, self.items)

    def values(self) -> dict[str, Any]:
        """Item ID -> value of the items this recipient receives."""
        return {i.item.id: i.value for i in self.items}

    def content_hash(self) -> str:
        """SHA-256 of this view's values, as ``sha256:<hex>``.

        A document's own content hash covers every item, including those other recipients
        must not see; what a recipient is shown is the hash of what it received.
        """
        canonical = json.dumps(
            self.values(), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def meta(self, document_meta: dict[str, Any]) -> dict[str, Any]:
        """A document's version block as this recipient sees it (with this view's hash)."""
        return {**document_meta, "content_hash": self.content_hash()}

    def to_json(self, meta: dict[str, Any] | None = None) -> dict[str, Any]:
        """The view as JSON (validated by :func:`gpaikit.forms.json_schema`)."""
        spec = self.form.spec
        return {
            "form": spec.id,
            "title": spec.title,
            "model": self.form.model,
            "recipient": self.recipient,
            "confidentiality": self.confidentiality,
            "document": dict(meta or {}),
            "items": {
                i.item.id: {
                    "label": i.item.label,
                    "value": i.value,
                    "source": i.source,
                    **({"unit": i.item.unit} if i.item.unit else {}),
                }
                for i in self.items
            },
        }


def view(form: FilledForm, recipient: Recipient) -> FormView:
    """Only the items whose recipient marks include ``recipient``."""
    if recipient not in RECIPIENTS:
        raise ValueError(f"unknown recipient '{recipient}' (known: {', '.join(RECIPIENTS)})")
    sections: list[SectionView] = []
    for section in form.spec.sections:
        items = tuple(
            f for f in form.items if f.item in section.items and recipient in f.item.recipients
        )
        if items:
            sections.append(SectionView(section, items))
    return FormView(form, recipient, tuple(sections))

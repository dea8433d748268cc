"""How much of a document was typed, and how much gpaikit found or computed.

Every item of a filled form has one origin: a typed ``answer``; a declared workspace ``fact``
(typed once, shared by every document); an ``artefact`` the provider already has (config.json,
safetensors headers, a card, the data summary); gpaikit's ``computation``; a card's
``proposal``; or none (``missing`` when required, else ``not_required``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gpaikit.forms._fill import FilledForm

__all__ = ["ORIGIN_NAMES", "DocumentStats", "document_stats", "total_stats"]

ORIGIN_NAMES = ("answer", "fact", "artefact", "computation", "proposal", "missing", "not_required")


@dataclass(frozen=True)
class DocumentStats:
    """Item counts of one document (or of several, summed) by origin."""

    form: str
    model: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def not_typed(self) -> int:
        """Items with a value that was not typed as an answer."""
        return sum(self.counts[k] for k in ("fact", "artefact", "computation", "proposal"))

    @property
    def found(self) -> int:
        """Items read from artefacts or computed (nothing typed for them at all)."""
        return self.counts["artefact"] + self.counts["computation"]

    def share(self, part: int) -> float:
        return part / self.total if self.total else 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "form": self.form,
            "model": self.model,
            "items": self.total,
            **self.counts,
            "not_typed": self.not_typed,
            "not_typed_share": round(self.share(self.not_typed), 4),
            "artefact_or_computation_share": round(self.share(self.found), 4),
        }


def document_stats(form: FilledForm) -> DocumentStats:
    """Count ``form``'s items by origin (its own ``missing`` problems decide missing)."""
    missing = {p.item for p in form.problems if p.kind == "missing"}
    counts = dict.fromkeys(ORIGIN_NAMES, 0)
    for filled in form.items:
        if filled.origin is not None:
            counts[filled.origin] += 1
        elif filled.item.id in missing:
            counts["missing"] += 1
        else:
            counts["not_required"] += 1
    return DocumentStats(form.spec.id, form.model, counts)


def total_stats(
    stats: Iterable[DocumentStats], *, forms: Sequence[str] | None = None
) -> DocumentStats:
    """The sum over ``stats`` (only the given form IDs when ``forms`` is set)."""
    counts = dict.fromkeys(ORIGIN_NAMES, 0)
    for one in stats:
        if forms is None or one.form in forms:
            for key, value in one.counts.items():
                counts[key] += value
    return DocumentStats("+".join(forms) if forms else "all", "all", counts)

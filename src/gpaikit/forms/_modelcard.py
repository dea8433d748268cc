"""Import a Hugging Face model card (README.md) as *proposed* values for the forms.

The YAML metadata block (``license``, ``datasets``, ``language``, ``base_model``,
``pipeline_tag``) and a few well-known sections become proposals keyed by form item ID.
Proposals fill only items that have neither an explicit answer nor a derived value, so a
declared fact is never overwritten. The export (downstream-provider view as a model card
section) is :func:`gpaikit.render.model_card_markdown`.

A card describes how the model was *trained*; the MDF's required hardware and software
(MDF.US.05/06) are what is needed to *use* it, so only sections about requirements or
inference map there, never a training "Hardware"/"Software" section. A dataset named in the
metadata gets no link unless the card gives one: gpaikit does not invent URLs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gpaikit.workspace import CARD_LIMITS, OPEN_LICENCES, HubCard, as_list, parse_card

__all__ = ["CARD_LIMITS", "ModelCard", "card_proposals", "import_model_card"]

_PIPELINES: dict[str, tuple[list[str], list[str]]] = {
    "text-generation": (["text"], ["text"]),
    "text2text-generation": (["text"], ["text"]),
    "image-text-to-text": (["text", "images"], ["text"]),
    "text-to-image": (["text"], ["images"]),
    "automatic-speech-recognition": (["audio"], ["text"]),
    "text-to-speech": (["text"], ["audio"]),
    "text-to-video": (["text"], ["video"]),
    "feature-extraction": (["text"], ["other: embeddings"]),
}
_SECTIONS: dict[str, tuple[str, ...]] = {
    "MDF.US.02": ("intended uses", "intended use", "uses", "direct use"),
    "MDF.US.03": ("downstream use", "downstream uses", "integration"),
    "MDF.MP.01": ("model architecture", "architecture", "model details"),
    "MDF.TP.01": ("training procedure", "training details", "training"),
    "MDF.DA.03": ("training data", "data"),
    "MDF.US.05": ("hardware requirements", "inference hardware", "system requirements"),
    "MDF.US.06": ("software requirements", "inference software", "requirements"),
}
_OUT_OF_SCOPE = ("out-of-scope use", "out-of-scope uses", "out of scope use")


@dataclass(frozen=True)
class ModelCard:
    metadata: dict[str, Any]
    sections: dict[str, str]
    proposals: dict[str, Any] = field(default_factory=dict)

    def proposed_for(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """The proposals for items the workspace does not already answer."""
        return {k: v for k, v in self.proposals.items() if k not in answers}


def _licence(proposals: dict[str, Any], meta: Mapping[str, Any]) -> None:
    licence = meta.get("license")
    if not isinstance(licence, str):
        return
    key = licence.lower()
    if key in OPEN_LICENCES:
        proposals["MDF.DL.03"] = "free_open_source"
    else:
        proposals["MDF.DL.03"] = "other" if key == "other" else "open_weights_restricted"


def _datasets(proposals: dict[str, Any], meta: Mapping[str, Any]) -> None:
    datasets = as_list(meta.get("datasets"))
    if not datasets:
        return
    proposals["TS.2.1.used"] = True
    proposals["TS.2.1.large"] = [
        {"name": d, "link": "Named in the model card's metadata; no link declared."}
        for d in datasets
    ]


def _prose(text: str) -> str:
    """Paragraphs kept, the line wrapping of the Markdown source dropped."""
    return "\n\n".join(" ".join(p.split()) for p in text.split("\n\n") if p.strip())


def _sections(proposals: dict[str, Any], card: HubCard) -> None:
    for item_id, titles in _SECTIONS.items():
        text = card.section(*titles)
        text = _prose(text) if text else None
        if text and item_id not in proposals:
            proposals[item_id] = text
    restricted = card.section(*_OUT_OF_SCOPE)
    if restricted:
        restricted = _prose(restricted)
        intended = proposals.get("MDF.US.02")
        proposals["MDF.US.02"] = (
            f"{intended}\n\nOut of scope: {restricted}" if intended else restricted
        )


def import_model_card(text: str, *, source: str = "README.md") -> ModelCard:
    """Parse a model card; a broken metadata block is an input error naming the line."""
    return card_proposals(parse_card(text, source=source))


def card_proposals(card: HubCard) -> ModelCard:
    """The proposals of an already parsed card (:func:`gpaikit.workspace.read_card`)."""
    meta = dict(card.metadata)
    proposals: dict[str, Any] = {}
    _licence(proposals, meta)
    _datasets(proposals, meta)
    languages = as_list(meta.get("language"))
    if languages:
        proposals["TS.1.3.ling"] = "Languages: " + ", ".join(languages)
    bases = as_list(meta.get("base_model"))
    if bases:
        proposals["MDF.GI.06"] = [{"model_name": b} for b in bases]
        proposals["TS.1.2.ii"] = ", ".join(bases)
    pipeline = meta.get("pipeline_tag")
    if isinstance(pipeline, str) and pipeline in _PIPELINES:
        proposals["MDF.MP.03"], proposals["MDF.MP.05"] = _PIPELINES[pipeline]
    _sections(proposals, card)
    return ModelCard(meta, dict(card.sections), proposals)

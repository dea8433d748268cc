"""Import a Hugging Face model card (README.md) as *proposed* values for the forms.

The YAML metadata block (``license``, ``datasets``, ``language``, ``base_model``,
``pipeline_tag``) and a few well-known sections become proposals keyed by form item ID.
Proposals fill only items that have neither an explicit answer nor a derived value, so a
declared fact is never overwritten. The export (downstream-provider view as a model card
section) is :func:`gpaikit.render.model_card_markdown`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gpaikit._exceptions import InputError, Location
from gpaikit._untrusted import DEFAULT_LIMITS, load_yaml

__all__ = ["CARD_LIMITS", "ModelCard", "import_model_card"]

#: A model card comes from a hub, written by anyone: its metadata block is parsed bounded.
CARD_LIMITS = DEFAULT_LIMITS.but(max_bytes=2 * 1024 * 1024, max_nodes=100_000, max_depth=32)

_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)
_OPEN = {
    "apache-2.0",
    "mit",
    "bsd-2-clause",
    "bsd-3-clause",
    "mpl-2.0",
    "gpl-3.0",
    "lgpl-3.0",
    "cc-by-4.0",
    "cc0-1.0",
    "unlicense",
    "isc",
    "agpl-3.0",
    "gpl-2.0",
    "epl-2.0",
}
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
_SECTIONS = {
    "intended uses": "MDF.US.02",
    "intended use": "MDF.US.02",
    "uses": "MDF.US.02",
    "model architecture": "MDF.MP.01",
    "architecture": "MDF.MP.01",
    "training procedure": "MDF.TP.01",
    "hardware": "MDF.US.05",
    "software": "MDF.US.06",
}


@dataclass(frozen=True)
class ModelCard:
    metadata: dict[str, Any]
    sections: dict[str, str]
    proposals: dict[str, Any] = field(default_factory=dict)

    def proposed_for(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """The proposals for items the workspace does not already answer."""
        return {k: v for k, v in self.proposals.items() if k not in answers}


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v is not None]
    return [str(value)]


_HEADING = re.compile(r"^#{1,3}[ \t]+([^\n]*)$", re.MULTILINE)


def _sections(body: str) -> dict[str, str]:
    """Text under each level 1-3 heading (linear: no pattern here can backtrack)."""
    found: dict[str, str] = {}
    parts = _HEADING.split(body)
    for title, text in zip(parts[1::2], parts[2::2], strict=False):
        cleaned = text.strip()
        if cleaned and title.strip():
            found[title.strip().lower()] = cleaned
    return found


def import_model_card(text: str, *, source: str = "README.md") -> ModelCard:
    """Parse a model card; a broken metadata block is an input error naming the line."""
    meta: dict[str, Any] = {}
    body = text
    match = _FRONT.match(text)
    if match:
        try:
            loaded = load_yaml(match.group(1), source=source, limits=CARD_LIMITS)
        except InputError as exc:
            line = exc.location.line + 1 if exc.location and exc.location.line else None
            raise InputError(
                f"model card metadata: {exc.message}",
                location=Location(file=source, line=line),
                hint=exc.hint,
            ) from None
        if isinstance(loaded, dict):
            meta = {str(k): v for k, v in loaded.items()}
        body = text[match.end() :]
    sections = _sections(body)
    proposals: dict[str, Any] = {}
    licence = meta.get("license")
    if isinstance(licence, str):
        proposals["MDF.DL.03"] = (
            "free_open_source"
            if licence.lower() in _OPEN
            else "open_weights_restricted"
            if licence.lower() != "other"
            else "other"
        )
    datasets = _as_list(meta.get("datasets"))
    if datasets:
        proposals["TS.2.1.used"] = True
        proposals["TS.2.1.large"] = [
            {"name": d, "link": f"https://huggingface.co/datasets/{d}"} for d in datasets
        ]
    languages = _as_list(meta.get("language"))
    if languages:
        proposals["TS.1.3.ling"] = "Languages: " + ", ".join(languages)
    bases = _as_list(meta.get("base_model"))
    if bases:
        proposals["MDF.GI.06"] = [{"model_name": b} for b in bases]
        proposals["TS.1.2.ii"] = ", ".join(bases)
    pipeline = meta.get("pipeline_tag")
    if isinstance(pipeline, str) and pipeline in _PIPELINES:
        proposals["MDF.MP.03"], proposals["MDF.MP.05"] = _PIPELINES[pipeline]
    for title, item_id in _SECTIONS.items():
        if title in sections and item_id not in proposals:
            proposals[item_id] = sections[title]
    return ModelCard(meta, sections, proposals)

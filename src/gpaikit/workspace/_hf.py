"""Hugging Face artefacts a provider already has: model cards, dataset cards, JSON configs.

Everything here was written by someone else (a hub, a colleague, a stranger), so every file is
read through the bounded loader (:mod:`gpaikit._untrusted`): regular files only, a size
ceiling, JSON without repeated keys or non-finite numbers, YAML front matter with standard tags,
counted aliases and limited depth. Nothing is executed or fetched.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gpaikit._exceptions import InputError, Location
from gpaikit._untrusted import DEFAULT_LIMITS, load_json, load_yaml, read_bytes, read_text

__all__ = [
    "CARD_LIMITS",
    "JSON_LIMITS",
    "DatasetFacts",
    "HubCard",
    "as_list",
    "dataset_facts",
    "parse_card",
    "read_card",
    "read_json_object",
]

CARD_LIMITS = DEFAULT_LIMITS.but(max_bytes=2 * 1024 * 1024, max_nodes=100_000, max_depth=32)
"""Model and dataset cards are text for people, written by anyone: their metadata is bounded."""
JSON_LIMITS = DEFAULT_LIMITS.but(max_bytes=16 * 1024 * 1024)
"""config.json, generation_config.json and tokenizer_config.json are small; tokenizer.json
(vocabularies, merges) is larger and is not read."""

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^#{1,3}[ \t]+([^\n]*)$", re.MULTILINE)


def read_json_object(path: Path, *, what: str) -> dict[str, Any]:
    """A JSON file whose top level is an object, read bounded; errors name the file and fix."""
    data = load_json(
        read_bytes(path, limits=JSON_LIMITS, what=what),
        source=path,
        limits=JSON_LIMITS,
        what=f"the {what}",
        hint="fix the JSON, or download the file again",
    )
    if not isinstance(data, dict):
        raise InputError(f"the {what} is not a JSON object", location=Location(file=path))
    return data


@dataclass(frozen=True)
class HubCard:
    """A model or dataset card: its YAML metadata and the text under each heading."""

    metadata: Mapping[str, Any]
    sections: Mapping[str, str]
    source: str = "README.md"

    def section(self, *titles: str) -> str | None:
        """The text under the first of ``titles`` (case-insensitive) that the card has."""
        for title in titles:
            if title.lower() in self.sections:
                return self.sections[title.lower()]
        return None


def _sections(body: str) -> dict[str, str]:
    """Text under each level 1-3 heading (linear: no pattern here can backtrack)."""
    found: dict[str, str] = {}
    parts = _HEADING.split(body)
    for title, text in zip(parts[1::2], parts[2::2], strict=False):
        cleaned = text.strip()
        name = title.strip().strip("#").strip().lower()
        if cleaned and name and name not in found:
            found[name] = cleaned
    return found


def _load_front(text: str, source: str) -> Any:
    try:
        return load_yaml(text, source=source, limits=CARD_LIMITS)
    except InputError as exc:  # lines of the block are lines 2.. of the card
        line = exc.location.line + 1 if exc.location and exc.location.line else None
        raise InputError(
            f"card metadata: {exc.message}",
            location=Location(file=source, line=line),
            hint="fix the YAML between the two '---' lines",
        ) from None


def parse_card(text: str, *, source: str = "README.md") -> HubCard:
    """Split a card into its metadata block and its sections; bad YAML names the line."""
    if len(text) > CARD_LIMITS.max_bytes:
        raise InputError(
            f"the card is larger than {CARD_LIMITS.max_bytes:,} characters",
            location=Location(file=source),
        )
    meta: dict[str, Any] = {}
    body = text
    match = _FRONT.match(text)
    if match:
        loaded = _load_front(match.group(1), source)
        if isinstance(loaded, dict):
            meta = {str(k): v for k, v in loaded.items()}
        body = text[match.end() :]
    return HubCard(metadata=meta, sections=_sections(body), source=source)


def read_card(path: Path, *, what: str = "card") -> HubCard:
    """Read and parse a card file (README.md of a model or dataset repository)."""
    return parse_card(read_text(path, limits=CARD_LIMITS, what=what), source=str(path))


def as_list(value: Any) -> list[str]:
    """A metadata value that may be one string or a list, as a list of non-empty strings."""
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else [value]
    return [str(v).strip() for v in items if v is not None and str(v).strip()]


_TASK_MODALITIES = {
    "text": ("text", "translation", "summarization", "question-answering", "fill-mask", "token"),
    "image": ("image", "object-detection", "depth-estimation", "visual", "mask-generation"),
    "audio": ("audio", "speech", "voice"),
    "video": ("video",),
}


@dataclass(frozen=True)
class DatasetFacts:
    """What a dataset card's metadata says, in the workspace's terms."""

    name: str | None = None
    licence: str | None = None
    languages: tuple[str, ...] = ()
    size_categories: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    sources: Mapping[str, str] = field(default_factory=dict)


def _modalities(meta: Mapping[str, Any]) -> tuple[str, ...]:
    """Modalities from ``modality``/``modalities`` keys, ``modality:*`` tags or task names."""
    found: list[str] = []
    for value in as_list(meta.get("modalities")) + as_list(meta.get("modality")):
        found.append(value.lower())
    for tag in as_list(meta.get("tags")):
        if tag.lower().startswith("modality:"):
            found.append(tag.split(":", 1)[1].strip().lower())
    if not found:
        for task in as_list(meta.get("task_categories")):
            for modality, words in _TASK_MODALITIES.items():
                if any(w in task.lower() for w in words):
                    found.append(modality)
    names = {"images": "image", "speech": "audio", "tabular": "tabular", "3d": "3d"}
    return tuple(dict.fromkeys(names.get(m, m) for m in found if m))


def dataset_facts(card: HubCard) -> DatasetFacts:
    """Licence, languages, size categories and modalities of a dataset card, with the key each
    came from (for provenance marks)."""
    meta = card.metadata
    sources: dict[str, str] = {}
    licence = as_list(meta.get("license"))
    if licence:
        sources["licence"] = "license"
    languages = tuple(as_list(meta.get("language")))
    if languages:
        sources["languages"] = "language"
    sizes = tuple(as_list(meta.get("size_categories")))
    if sizes:
        sources["size_categories"] = "size_categories"
    modalities = _modalities(meta)
    if modalities:
        sources["modalities"] = "modality tags or task_categories"
    pretty = meta.get("pretty_name")
    return DatasetFacts(
        name=str(pretty).strip() if isinstance(pretty, str) and pretty.strip() else None,
        licence=licence[0] if licence else None,
        languages=languages,
        size_categories=sizes,
        modalities=modalities,
        sources=sources,
    )

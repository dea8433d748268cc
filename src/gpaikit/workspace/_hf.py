"""Hugging Face artefacts a provider already has: model cards, dataset cards, JSON configs.

Everything here was written by someone else (a hub, a colleague, a stranger), so every file is
read bounded: regular files only, a size ceiling, JSON objects without repeated keys, YAML
front matter with standard tags only. Nothing is executed or fetched.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gpaikit._exceptions import InputError, Location

__all__ = [
    "CARD_MAX_BYTES",
    "JSON_MAX_BYTES",
    "DatasetFacts",
    "HubCard",
    "as_list",
    "dataset_facts",
    "parse_card",
    "read_card",
    "read_json_object",
]

CARD_MAX_BYTES = 2 * 1024 * 1024
"""Model and dataset cards are text for people: two MiB is far more than any real card."""
JSON_MAX_BYTES = 16 * 1024 * 1024
"""config.json, generation_config.json and tokenizer_config.json are small; tokenizer.json
(vocabularies, merges) is larger and is not read."""

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^#{1,3}[ \t]+([^\n]*)$", re.MULTILINE)


def _read(path: Path, limit: int, what: str) -> str:
    """A regular file of at most ``limit`` bytes, as UTF-8 text."""
    path = Path(path)
    if not path.is_file():
        raise InputError(
            f"the {what} does not exist or is not a regular file",
            location=Location(file=path),
            hint="check the path",
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(
            f"cannot read the {what}: {exc.strerror or exc}", location=Location(file=path)
        ) from None
    if len(data) > limit:
        raise InputError(
            f"the {what} is larger than {limit:,} bytes",
            location=Location(file=path),
            hint="this is not a file gpaikit expects here; check that it is the right one",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the {what} is not UTF-8 text (byte {exc.start})",
            location=Location(file=path, line=data[: exc.start].count(b"\n") + 1),
            hint="save it as UTF-8",
        ) from None


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key {key[:80]!r} appears twice in one object")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def read_json_object(path: Path, *, what: str) -> dict[str, Any]:
    """A JSON file whose top level is an object; errors name the file, line and fix."""
    text = _read(path, JSON_MAX_BYTES, what)
    try:
        data = json.loads(text, object_pairs_hook=_unique, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"the {what} is not valid JSON: {exc.msg}",
            location=Location(file=path, line=exc.lineno),
            hint="fix the JSON, or download the file again",
        ) from None
    except (ValueError, RecursionError) as exc:
        raise InputError(
            f"the {what} is not acceptable: {exc}", location=Location(file=path)
        ) from None
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
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    if text.count("*") > 1000 or text.count("&") > 1000:
        raise InputError(
            "card metadata uses too many YAML anchors or aliases",
            location=Location(file=source, line=2),
            hint="write the values out",
        )
    try:
        return YAML(typ="safe", pure=True).load(text)
    except (YAMLError, ValueError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(
            f"card metadata is not valid YAML: {problem}",
            location=Location(file=source, line=line),
            hint="fix the YAML between the two '---' lines",
        ) from None


def parse_card(text: str, *, source: str = "README.md") -> HubCard:
    """Split a card into its metadata block and its sections; bad YAML names the line."""
    if len(text) > CARD_MAX_BYTES:
        raise InputError(f"the card is larger than {CARD_MAX_BYTES:,} characters")
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
    return parse_card(_read(path, CARD_MAX_BYTES, what), source=str(path))


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

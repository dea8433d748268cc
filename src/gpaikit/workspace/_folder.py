"""A Hugging Face model folder read into workspace facts, each with the file and key it came from.

``config.json`` gives the architecture and the modalities, the model card's metadata the
licence, languages, datasets and base model, ``*.safetensors`` (or their index) the weights a
training run can point to. Parameter counts are not copied: the training run references the
config and the weights, and gpaikit counts them whenever it needs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gpaikit._exceptions import InputError, Location
from gpaikit.workspace._hf import HubCard, as_list, read_card, read_json_object

__all__ = ["OPEN_LICENCES", "Fact", "ModelFolder", "read_model_folder"]

OPEN_LICENCES: dict[str, str] = {
    "apache-2.0": "Apache-2.0",
    "mit": "MIT",
    "bsd-2-clause": "BSD-2-Clause",
    "bsd-3-clause": "BSD-3-Clause",
    "mpl-2.0": "MPL-2.0",
    "gpl-2.0": "GPL-2.0-only",
    "gpl-3.0": "GPL-3.0-only",
    "lgpl-3.0": "LGPL-3.0-only",
    "agpl-3.0": "AGPL-3.0-only",
    "epl-2.0": "EPL-2.0",
    "cc-by-4.0": "CC-BY-4.0",
    "cc0-1.0": "CC0-1.0",
    "unlicense": "Unlicense",
    "isc": "ISC",
}
"""Hub licence identifiers (lower case) of free and open-source licences that grant access,
use, modification and distribution without the restrictions GL §4 excludes, with their SPDX
spelling."""

_NON_COMMERCIAL = re.compile(r"(^|-)nc(-|$)|non-?commercial", re.IGNORECASE)
_PIPELINES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "text-generation": (("text",), ("text",)),
    "text2text-generation": (("text",), ("text",)),
    "image-text-to-text": (("text", "image"), ("text",)),
    "visual-question-answering": (("text", "image"), ("text",)),
    "text-to-image": (("text",), ("image",)),
    "automatic-speech-recognition": (("audio",), ("text",)),
    "text-to-speech": (("text",), ("audio",)),
    "text-to-audio": (("text",), ("audio",)),
    "text-to-video": (("text",), ("video",)),
    "feature-extraction": (("text",), ("other",)),
}


@dataclass(frozen=True)
class Fact:
    """A value for gpaikit.yaml and where it was read (``README.md (license)``)."""

    value: Any
    source: str


@dataclass(frozen=True)
class ModelFolder:
    """What a model folder says, as facts with their sources."""

    path: Path
    name: Fact
    config_file: Path | None = None
    weights: Path | None = None
    card: HubCard | None = None
    facts: dict[str, Fact] = field(default_factory=dict)
    """Keys: description, modalities, licence, languages, datasets, base_model, tags."""
    read: tuple[str, ...] = ()
    """The files that were read, in order."""


def _weights(folder: Path) -> Path | None:
    """The index of a sharded checkpoint, else the folder when it holds safetensors files."""
    indexes = sorted(folder.glob("*.safetensors.index.json"))
    if indexes:
        return folder
    return folder if any(folder.glob("*.safetensors")) else None


def _modalities(config: dict[str, Any] | None, card: HubCard | None) -> Fact | None:
    if card is not None:
        tag = card.metadata.get("pipeline_tag")
        if isinstance(tag, str) and tag in _PIPELINES:
            inputs, outputs = _PIPELINES[tag]
            value = {"input": list(inputs), "output": list(outputs)}
            return Fact(value, f"README.md (pipeline_tag: {tag})")
    if config is None:
        return None
    names = [str(a) for a in as_list(config.get("architectures"))]
    vision = isinstance(config.get("vision_config"), dict)
    audio = isinstance(config.get("audio_config"), dict)
    if any("CausalLM" in n or "ConditionalGeneration" in n for n in names):
        found = ["text"] + (["image"] if vision else []) + (["audio"] if audio else [])
        which = ", ".join(names) + (" with vision_config" if vision else "")
        return Fact({"input": found, "output": ["text"]}, f"config.json (architectures: {which})")
    return None


def _licence(card: HubCard | None) -> Fact | None:
    if card is None:
        return None
    found = as_list(card.metadata.get("license"))
    if not found:
        return None
    given = found[0]
    key = given.lower()
    spdx = OPEN_LICENCES.get(key, given)
    name = str(card.metadata.get("license_name") or spdx)
    value: dict[str, Any] = {"name": name}
    if key != "other":
        value["spdx"] = spdx
    link = card.metadata.get("license_link")
    if isinstance(link, str) and re.match(r"^https?://\S+$", link.strip()):
        value["url"] = link.strip()
    elif key in OPEN_LICENCES:
        value["url"] = f"https://spdx.org/licenses/{spdx}.html"
    if key in OPEN_LICENCES:
        value |= {"access": True, "use": True, "modify": True, "distribute": True}
    elif _NON_COMMERCIAL.search(key):
        value["restrictions"] = ["non_commercial"]
    return Fact(value, f"README.md (license: {given})")


def _description(card: HubCard | None) -> Fact | None:
    if card is None:
        return None
    for text in card.sections.values():
        first = text.split("\n\n", 1)[0].strip()
        if first and not first.startswith(("#", "|", "```", "<", "!")):
            line = " ".join(first.split())
            return Fact(line[:300], "README.md (first paragraph)")
    return None


def _card_list(card: HubCard | None, key: str) -> Fact | None:
    if card is None:
        return None
    found = as_list(card.metadata.get(key))
    return Fact(found, f"README.md ({key})") if found else None


def read_model_folder(path: Path | str) -> ModelFolder:
    """Read a Hugging Face model folder; every file is optional except the folder itself."""
    folder = Path(path)
    if not folder.is_dir():
        raise InputError(
            "not a model folder",
            location=Location(file=folder),
            hint="give the folder that holds config.json, README.md and the *.safetensors files",
        )
    read: list[str] = []
    config = None
    if (folder / "config.json").is_file():
        config = read_json_object(folder / "config.json", what="config.json")
        read.append("config.json")
    card = None
    if (folder / "README.md").is_file():
        card = read_card(folder / "README.md", what="model card")
        read.append("README.md")
    weights = _weights(folder)
    if weights is not None:
        read.append("safetensors headers")
    if config is None and card is None and weights is None:
        raise InputError(
            "the folder has no config.json, README.md or *.safetensors",
            location=Location(file=folder),
            hint="give a Hugging Face model folder (as downloaded from a hub)",
        )
    facts: dict[str, Fact] = {}
    found = {
        "description": _description(card),
        "modalities": _modalities(config, card),
        "licence": _licence(card),
        "languages": _card_list(card, "language"),
        "datasets": _card_list(card, "datasets"),
        "base_model": _card_list(card, "base_model"),
    }
    facts = {k: v for k, v in found.items() if v is not None}
    pretty = card.metadata.get("model_name") if card else None
    name = (
        Fact(str(pretty).strip(), "README.md (model_name)")
        if isinstance(pretty, str) and pretty.strip()
        else Fact(folder.resolve().name, "the folder's name")
    )
    return ModelFolder(
        path=folder,
        name=name,
        config_file=folder / "config.json" if config is not None else None,
        weights=weights,
        card=card,
        facts=facts,
        read=tuple(read),
    )

"""gpaikit.yaml written from what is already known: a model folder, a modifier's answers.

The text is written line by line so that every imported value carries a comment naming the
file and key it came from, and every gap a ``TODO`` saying what to declare. Strings from the
artefacts are written as JSON strings (valid YAML), so nothing in a card can change the
structure of the file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gpaikit.workspace._folder import ModelFolder

__all__ = ["SCHEMA_FILE", "BaseFacts", "ProviderFacts", "starter_yaml"]

SCHEMA_FILE = "gpaikit.schema.json"
"""The JSON Schema `gpaikit init` writes beside gpaikit.yaml (editors read it)."""

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ._/+()-]*$")
_RESERVED = {"yes", "no", "true", "false", "on", "off", "null", "y", "n", "~"}


@dataclass(frozen=True)
class ProviderFacts:
    """What `gpaikit init` is told about the provider (``None``: write a placeholder)."""

    legal_name: str | None = None
    country: str | None = None
    size: str | None = None


@dataclass(frozen=True)
class BaseFacts:
    """A modifier's answers about the model it started from and its own modification."""

    name: str
    provider: str | None = None
    training_compute_flop: float | None = None
    systemic_risk: bool = False
    tokens: float | None = None
    epochs: float = 1.0
    modification_compute_flop: float | None = None
    eu_placement_date: dt.date | None = None


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}".replace("e+0", "e").replace("e+", "e")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _RESERVED and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value)


_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _comment(text: str) -> str:
    """A comment that stays one comment: no line breaks, control or bidi characters."""
    cleaned = _UNSAFE.sub(" ", text)
    return cleaned if len(cleaned) <= 100 else cleaned[:99] + "…"


class _Lines:
    """Key-value lines with aligned provenance comments."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, text: str, comment: str | None = None) -> None:
        comment = _comment(comment) if comment else None
        if comment:
            self.lines.append(
                f"{text:<38} # {comment}" if len(text) < 38 else f"{text}  # {comment}"
            )
        else:
            self.lines.append(text)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _relative(target: Path, directory: Path) -> str:
    """``target`` as written in gpaikit.yaml: relative to the workspace when possible."""
    try:
        rel = os.path.relpath(target.resolve(), directory.resolve())
    except ValueError:  # another drive on Windows
        return target.resolve().as_posix()
    return Path(rel).as_posix()


def _provider(out: _Lines, provider: ProviderFacts) -> None:
    out.add("provider:")
    if provider.legal_name:
        out.add(f"  legal_name: {_scalar(provider.legal_name)}", "given to gpaikit init")
    else:
        out.add("  legal_name: REPLACE with your legal name", "TODO: name used on the EU market")
    if provider.country:
        out.add(f"  country: {_scalar(provider.country)}", "given to gpaikit init")
    else:
        out.add("  country: NL", "TODO: ISO 3166-1 alpha-2 country of establishment")
    out.add(f"  size: {provider.size or 'large'}", "large | sme | small_mid_cap")
    out.add("  code_of_practice:", "signed | not_signed, per chapter of the GPAI Code")
    for chapter in ("transparency", "copyright", "safety_security"):
        out.add(f"    {chapter}: not_signed")
    out.add("  # contact_point: {email: ai@example.com, url: https://example.com/ai}")


def _dataset_card(name: str, datasets_dir: Path | None) -> Path | None:
    if datasets_dir is None:
        return None
    leaf = name.rstrip("/").split("/")[-1]
    for candidate in (datasets_dir / name / "README.md", datasets_dir / leaf / "README.md"):
        if candidate.is_file():
            return candidate
    return None


def _datasets(out: _Lines, folder: ModelFolder, directory: Path, datasets_dir: Path | None) -> None:
    found = folder.facts.get("datasets")
    if found is None:
        out.add("    # datasets:", "TODO: training-data sources (template 2.1, 2.2)")
        out.add("    #   - {name: ..., source: public, card: path/to/dataset/README.md}")
        return
    out.add("    datasets:", found.source)
    for name in found.value:
        out.add(f"      - name: {_scalar(name)}")
        out.add("        source: public", "TODO: public | licensed | private | user_data | other")
        card = _dataset_card(str(name), datasets_dir)
        if card is not None:
            out.add(
                f"        card: {_scalar(_relative(card, directory))}",
                "dataset card: licence, languages, size, modality",
            )
        else:
            out.add(
                "        # card: path/to/README.md",
                "a dataset card fills licence, languages, modality",
            )


def _run(out: _Lines, folder: ModelFolder | None, directory: Path, base: BaseFacts | None) -> None:
    out.add("    training_runs:", "kinds: `gpaikit law list --kind run_kind`")
    kind = "fine_tuning" if base is not None else "pre_training"
    out.add(f"      - name: {'modification' if base else 'pre-training'}")
    out.add(f"        kind: {kind}")
    if folder is not None and folder.config_file is not None:
        out.add(
            f"        config: {_scalar(_relative(folder.config_file, directory))}",
            "parameters and architecture are read from it",
        )
    if folder is not None and folder.weights is not None:
        out.add(
            f"        weights: {_scalar(_relative(folder.weights, directory))}",
            "parameters counted from the safetensors headers",
        )
    if base is not None and base.modification_compute_flop is not None:
        out.add(f"        flop: {_scalar(base.modification_compute_flop)}", "given to gpaikit init")
    elif base is not None and base.tokens is not None:
        out.add(f"        tokens: {_scalar(base.tokens)}", "given to gpaikit init")
        if base.epochs != 1.0:
            out.add(f"        epochs: {_scalar(base.epochs)}", "given to gpaikit init")
    else:
        out.add("        # tokens: 1.8e13", "TODO: training tokens per epoch")
    out.add(
        "        # fleet: [{accelerator: H100, count: 512, hours: 504}]",
        "TODO: for time and energy",
    )


def _base(out: _Lines, base: BaseFacts, source: str = "given to gpaikit init") -> None:
    out.add("    role: modifier", "you modify a model someone else placed on the market")
    out.add("    base_model:")
    out.add(f"      name: {_scalar(base.name)}", source)
    if base.provider:
        out.add(f"      provider: {_scalar(base.provider)}", "given to gpaikit init")
    if base.training_compute_flop is not None:
        out.add(
            f"      training_compute_flop: {_scalar(base.training_compute_flop)}",
            "given to gpaikit init",
        )
    given = source == "given to gpaikit init"
    out.add(
        f"      systemic_risk: {_scalar(base.systemic_risk)}",
        source if given else "TODO: true if the original has systemic risk",
    )


def starter_yaml(
    directory: Path,
    *,
    folder: ModelFolder | None = None,
    provider: ProviderFacts | None = None,
    base: BaseFacts | None = None,
    datasets_dir: Path | None = None,
    today: dt.date | None = None,
) -> str:
    """gpaikit.yaml text for a new workspace in ``directory`` from what is known."""
    out = _Lines()
    out.add(f"# yaml-language-server: $schema=./{SCHEMA_FILE}")
    origin = f" from {_comment(_relative(folder.path, directory))}" if folder is not None else ""
    day = (today or dt.date.today()).isoformat()
    out.add(f"# gpaikit workspace written by `gpaikit init`{origin} on {day}.")
    if folder is not None:
        out.add(
            "# Read: " + ", ".join(folder.read) + ". Every imported value says where it came from;"
        )
        out.add("# check them, then replace each TODO. Reference: docs/workspace.md.")
    out.add("schema_version: 1")
    out.add("")
    _provider(out, provider or ProviderFacts())
    out.add("")
    out.add("models:")
    name = folder.name if folder is not None else None
    out.add(
        f"  - name: {_scalar(name.value if name else 'my-model')}", name.source if name else "TODO"
    )
    facts = folder.facts if folder is not None else {}
    if "description" in facts:
        out.add(
            f"    description: {_scalar(facts['description'].value)}", facts["description"].source
        )
    out.add("    # release_date: 2025-10-01", "TODO: first release anywhere")
    placed = base.eu_placement_date if base else None
    if placed is not None:
        out.add(f"    eu_placement_date: {placed.isoformat()}", "given to gpaikit init")
    else:
        out.add("    # eu_placement_date: 2025-10-01", "TODO: first made available in the EU")
    if "modalities" in facts:
        out.add(f"    modalities: {_flow(facts['modalities'].value)}", facts["modalities"].source)
    else:
        out.add("    modalities: {input: [text], output: [text]}", "TODO: check")
    if base is not None:
        _base(out, base)
    elif "base_model" in facts:
        # the card names the model this one was derived from: its author is a modifier
        named = facts["base_model"]
        base = BaseFacts(name=str(named.value[0]))
        _base(out, base, named.source)
        out.add(
            "      # training_compute_flop: 3.0e23",
            "TODO: the original's compute; `gpaikit init --modifier` guides",
        )
    if folder is not None or base is not None:
        _run(out, folder, directory, base)
    if "licence" in facts:
        out.add(f"    licence: {_flow(facts['licence'].value)}", facts["licence"].source)
    out.add("    # distribution: [download, api]", "TODO: channels the model is available through")
    out.add("    # crawlers: [ExampleBot]", "TODO: your crawlers' user-agent names, if any")
    if folder is not None:
        _datasets(out, folder, directory, datasets_dir)
    out.add("    answers: {}", "explicit answers to document items (`gpaikit docs validate`)")
    return out.text()

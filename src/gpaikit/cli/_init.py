"""`gpaikit init`: a starter workspace, from a model folder, or guided for a fine-tuner."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from gpaikit._exceptions import InputError, Location
from gpaikit._io import atomic_write_text
from gpaikit.assess import assess
from gpaikit.cli._errors import handles_errors
from gpaikit.cli._options import parse_as_of
from gpaikit.cli._safe import echo
from gpaikit.compute import significant
from gpaikit.dossier._build import proposed_path
from gpaikit.forms import answer_schemas, card_proposals, load_forms
from gpaikit.workspace import (
    SCHEMA_FILE,
    BaseFacts,
    ModelFolder,
    ProviderFacts,
    load_workspace,
    read_model_folder,
    scaffold_workspace,
    workspace_json_schema,
)

__all__ = ["init_command", "workspace_schema", "workspace_schema_text"]


def workspace_schema() -> dict[str, Any]:
    """The JSON Schema of gpaikit.yaml with every form item under ``answers``."""
    specs = load_forms()
    return workspace_json_schema(answers=answer_schemas(specs), forms=[s.id for s in specs])


def workspace_schema_text() -> str:
    return json.dumps(workspace_schema(), indent=2, ensure_ascii=False) + "\n"


def _number(text: str, what: str) -> float | None:
    text = text.strip().replace("_", "").replace(",", "")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{what}: '{text}' is not a number", hint="write e.g. 3.2e24") from None
    if not value > 0:
        raise InputError(f"{what}: must be greater than 0")
    return value


def _ask(given: Any, question: str, *, interactive: bool, default: str = "") -> str | None:
    if given is not None:
        return str(given)
    if not interactive:
        return default or None
    try:
        answer = typer.prompt(question, default=default, show_default=bool(default))
    except typer.Abort:  # no more input (a closed or empty stdin): take the default
        return default or None
    return str(answer).strip() or None


def _base_facts(
    folder: ModelFolder | None,
    options: dict[str, Any],
    interactive: bool,
) -> BaseFacts:
    """The fine-tuner's answers: what was modified, and how much compute the change took."""
    suggested = ""
    if folder is not None and "base_model" in folder.facts:
        suggested = str(folder.facts["base_model"].value[0])
    name = _ask(
        options["base_model"],
        "Which general-purpose AI model did you modify (name and version)?",
        interactive=interactive,
        default=suggested,
    )
    if not name:
        raise InputError(
            "the guided path for modifiers needs the original model's name",
            location=Location(field="--base-model"),
            hint="give --base-model NAME (or answer the question)",
        )
    provider = _ask(
        options["base_provider"], "Who placed it on the market?", interactive=interactive
    )
    compute = _number(
        _ask(
            options["base_compute"],
            "Its training compute in FLOP, if its provider published it (empty: unknown)",
            interactive=interactive,
        )
        or "",
        "--base-compute",
    )
    systemic = options["base_systemic"]
    if systemic is None:
        systemic = False
        if interactive:
            try:
                systemic = typer.confirm(
                    "Does it have systemic risk (designated, or trained with more than 10^25 "
                    "FLOP)?",
                    default=False,
                )
            except typer.Abort:
                systemic = False
    flop = _number(
        _ask(
            options["modification_flop"],
            "Compute of your modification in FLOP, if you measured it (empty: estimate it "
            "from the tokens you trained on)",
            interactive=interactive,
        )
        or "",
        "--modification-flop",
    )
    tokens = None
    if flop is None:
        tokens = _number(
            _ask(
                options["tokens"],
                "How many tokens did you train on (per epoch)?",
                interactive=interactive,
            )
            or "",
            "--tokens",
        )
    placed_text = _ask(
        options["eu_placement_date"],
        "When is (or was) the modified model first made available in the EU? (YYYY-MM-DD, "
        "empty: not planned)",
        interactive=interactive,
    )
    placed = parse_as_of(placed_text) if placed_text else None
    return BaseFacts(
        name=name,
        provider=provider,
        training_compute_flop=compute,
        systemic_risk=bool(systemic),
        tokens=tokens,
        epochs=options["epochs"],
        modification_compute_flop=flop,
        eu_placement_date=placed,
    )


def _verdict(directory: Path) -> None:
    """Answer "am I a provider at all?" from the assessment of the new workspace."""
    workspace = load_workspace(directory)
    result = assess(workspace, as_of=dt.date.today()).models[0]
    c = result.classification
    echo("")
    if c.modification_compute is not None and c.modification_threshold_flop is not None:
        echo(
            f"Modification compute: {significant(c.modification_compute.flop, 2)} FLOP; the "
            f"line is {significant(c.modification_threshold_flop, 2)} FLOP "
            f"({c.modification_threshold})."
        )
    verdict = {
        "modifier_provider": "You become the PROVIDER of the modified model (obligations limited "
        "to your modification).",
        "modifier_not_provider": "You are NOT the provider of the modified model.",
    }.get(c.role, f"Role: {c.role.replace('_', ' ')}.")
    echo(verdict)
    for reason in c.role_reasons:
        echo(f"  - {reason.text} ({', '.join(reason.citations)})")
    echo(result.summary.text)
    for step in result.next_steps[:5]:
        echo(f"  next: {step}")


@handles_errors
def init_command(
    directory: Annotated[Path, typer.Argument(help="Directory to create the workspace in.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing gpaikit.yaml.")
    ] = False,
    source: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="A Hugging Face model folder (config.json, README.md, *.safetensors): import "
            "what it says, each value marked with its source; the card's sections become "
            "proposed answers.",
        ),
    ] = None,
    datasets: Annotated[
        Path | None,
        typer.Option(
            "--datasets",
            help="Folder of dataset cards (<dataset>/README.md) for the datasets the card names.",
        ),
    ] = None,
    provider: Annotated[str | None, typer.Option("--provider", help="Provider legal name.")] = None,
    country: Annotated[
        str | None, typer.Option("--country", help="Provider country (ISO 3166-1 alpha-2).")
    ] = None,
    size: Annotated[
        str | None, typer.Option("--size", help="Provider size: large, sme or small_mid_cap.")
    ] = None,
    modifier: Annotated[
        bool,
        typer.Option(
            "--modifier",
            help="Guided path for fine-tuners: asks what you modified and how much compute it "
            "took, writes the workspace and says whether you become the provider.",
        ),
    ] = False,
    base_model: Annotated[str | None, typer.Option("--base-model", help="Modified model.")] = None,
    base_provider: Annotated[
        str | None, typer.Option("--base-provider", help="Its provider.")
    ] = None,
    base_compute: Annotated[
        str | None, typer.Option("--base-compute", help="Its training compute (FLOP).")
    ] = None,
    base_systemic: Annotated[
        bool | None,
        typer.Option("--base-systemic/--base-not-systemic", help="It has systemic risk."),
    ] = None,
    modification_flop: Annotated[
        str | None, typer.Option("--modification-flop", help="Your modification's compute.")
    ] = None,
    tokens: Annotated[
        str | None, typer.Option("--tokens", help="Tokens of your modification (per epoch).")
    ] = None,
    epochs: Annotated[float, typer.Option("--epochs", help="Epochs of your modification.")] = 1.0,
    eu_placement_date: Annotated[
        str | None, typer.Option("--eu-placement-date", help="First made available in the EU.")
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never ask; leave unknown what was not given.")
    ] = False,
) -> None:
    """Create a workspace: gpaikit.yaml and its JSON Schema (gpaikit.schema.json)."""
    folder = read_model_folder(source) if source is not None else None
    facts = (
        ProviderFacts(provider, country.upper() if country else None, size)
        if provider or country or size or folder or modifier
        else None
    )
    base = None
    if modifier:
        options = {
            "base_model": base_model,
            "base_provider": base_provider,
            "base_compute": base_compute,
            "base_systemic": base_systemic,
            "modification_flop": modification_flop,
            "tokens": tokens,
            "epochs": epochs,
            "eu_placement_date": eu_placement_date,
        }
        base = _base_facts(folder, options, interactive=not no_input)
    target = scaffold_workspace(
        directory, force=force, folder=folder, provider=facts, base=base, datasets_dir=datasets
    )
    atomic_write_text(Path(directory) / SCHEMA_FILE, workspace_schema_text())
    echo(f"created {target} and {Path(directory) / SCHEMA_FILE}")
    if folder is not None and folder.card is not None:
        card = card_proposals(folder.card)
        workspace = load_workspace(directory)
        path = proposed_path(workspace, workspace.models[0])
        atomic_write_text(path, json.dumps(card.proposals, indent=2, sort_keys=True) + "\n")
        echo(f"wrote {len(card.proposals)} proposed answer(s) from the model card to {path}")
    if base is not None:
        _verdict(Path(directory))
    echo(f"next: edit {target} (replace each TODO), then run: gpaikit assess {directory}")

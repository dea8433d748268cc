"""`gpaikit assess`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from gpaikit.assess import assess
from gpaikit.cli._assess_view import print_assessment
from gpaikit.cli._console import make_console
from gpaikit.cli._errors import EXIT_FAILED_CHECK, handles_errors
from gpaikit.cli._options import parse_as_of
from gpaikit.cli._safe import echo, echo_json
from gpaikit.dossier import LEDGER_DIR, build_documents, document_evidence
from gpaikit.render import assessment_markdown
from gpaikit.workspace import load_workspace

__all__ = ["assess_command"]


class AssessFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@handles_errors
def assess_command(
    directory: Annotated[
        Path, typer.Argument(help="Workspace directory or gpaikit.yaml.")
    ] = Path(),
    model: Annotated[str | None, typer.Option("--model", help="Assess only this model.")] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Judge deadlines as of this date (YYYY-MM-DD).")
    ] = None,
    output_format: Annotated[AssessFormat, typer.Option("--format")] = AssessFormat.text,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 when any obligation is overdue (for CI).")
    ] = False,
) -> None:
    """Classify each model and list its obligations, deadlines and status."""
    date = parse_as_of(as_of)
    workspace = load_workspace(directory)
    if model is not None:
        try:
            workspace.model(model)
        except KeyError as exc:
            raise typer.BadParameter(str(exc.args[0]), param_hint="--model") from None
    ledger = workspace.root / LEDGER_DIR if workspace.root else None
    documents, problems = build_documents(workspace, as_of=date, ledger=ledger)
    evidence = document_evidence(documents, problems, workspace, ledger=ledger)
    result = assess(workspace, as_of=date, model=model, documents=evidence)
    if output_format is AssessFormat.json:
        echo_json(result.model_dump(mode="json"))
    elif output_format is AssessFormat.markdown:
        echo(assessment_markdown(result))
    else:
        print_assessment(result, make_console())
    if check and result.has_failures():
        raise typer.Exit(EXIT_FAILED_CHECK)

"""`gpaikit docs`: list, validate, render, diff and import the documents a provider hands over."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from gpaikit._exceptions import InputError, Location
from gpaikit._io import atomic_write_bytes, atomic_write_text, check_output_file, dumps_json
from gpaikit.assess import assess
from gpaikit.cli._errors import EXIT_FAILED_CHECK, EXIT_INPUT, err_console, handles_errors
from gpaikit.cli._options import parse_as_of
from gpaikit.cli._safe import echo, echo_json, text
from gpaikit.dossier import LEDGER_DIR, build_documents
from gpaikit.dossier._build import proposed_path
from gpaikit.forms import (
    RECIPIENTS,
    Problem,
    Recipient,
    card_proposals,
    diff_records,
    document_stats,
    json_schema,
    load_form,
    load_forms,
    load_record,
    total_stats,
    view,
)
from gpaikit.forms._versions import record_path
from gpaikit.render import form_html, form_markdown, model_card_markdown
from gpaikit.workspace import WORKSPACE_FILE, load_workspace, read_card

__all__ = ["app"]

app = typer.Typer(
    help="Documents: the Model Documentation Form, the public summary, the copyright policy.",
    no_args_is_help=True,
)


class DocFormat(StrEnum):
    markdown = "markdown"
    html = "html"
    json = "json"
    schema = "schema"
    docx = "docx"
    pdf = "pdf"
    model_card = "model-card"


@app.command("list")
def list_command() -> None:
    """List the forms, their recipients and item counts."""
    for spec in load_forms():
        items = list(spec.items())
        flagged = sum(1 for i in items if i.unconfirmed)
        echo(
            f"{spec.id:<18} {spec.title} - {len(items)} items ({flagged} flagged unconfirmed); "
            f"recipients: {', '.join(spec.recipients)}"
        )


def _tally(problems: list[Problem]) -> str:
    """ "2 invalid, 14 missing, 1 inconsistent, 3 warning(s)": each kind named as what it is."""
    invalid = sum(1 for p in problems if p.blocking)
    missing = sum(1 for p in problems if p.severity == "missing")
    inconsistent = sum(1 for p in problems if p.kind == "inconsistent" and p.severity == "error")
    warnings = sum(1 for p in problems if p.severity == "warning")
    return (
        f"{invalid} invalid, {missing} missing, {inconsistent} inconsistent, {warnings} warning(s)"
    )


def _stats_lines(documents: list[Any]) -> list[str]:
    lines = ["", "Where the items came from (answer = typed under answers):"]
    found = [document_stats(d.form) for d in documents]
    names = ("answer", "fact", "artefact", "computation", "proposal", "missing", "not_required")
    for one in found:
        counts = " · ".join(f"{one.counts[k]} {k.replace('_', ' ')}" for k in names)
        lines.append(
            f"  {one.model} {one.form}: {one.total} items: {counts}; not typed as answers "
            f"{one.not_typed} ({one.share(one.not_typed):.0%}), from artefacts or computation "
            f"{one.found} ({one.share(one.found):.0%})"
        )
    both = total_stats(found, forms=("mdf", "training_summary"))
    if both.total:
        lines.append(
            f"  MDF + public summary: {both.total} items; not typed as answers {both.not_typed} "
            f"({both.share(both.not_typed):.0%}); from artefacts or computation {both.found} "
            f"({both.share(both.found):.0%}); typed answers {both.counts['answer']}; missing "
            f"{both.counts['missing']}"
        )
    return lines


@app.command("validate")
@handles_errors
def validate_command(
    directory: Annotated[Path, typer.Argument(help="Workspace directory.")] = Path(),
    as_of: Annotated[str | None, typer.Option("--as-of", help="Document date.")] = None,
    output_format: Annotated[str, typer.Option("--format", help="text or json")] = "text",
    stats: Annotated[
        bool,
        typer.Option(
            "--stats",
            help="Also count each document's items by origin: answers, workspace facts, "
            "artefacts, computation, proposals, missing.",
        ),
    ] = False,
) -> None:
    """Check every document of every model and the consistency rules across them; report
    every problem at once, each with file and line.

    Exit 2 on malformed answers; 1 when required items are missing or a consistency rule is
    violated; 0 otherwise.
    """
    workspace = load_workspace(directory)
    ledger = workspace.root / LEDGER_DIR if workspace.root else None
    documents, problems = build_documents(workspace, as_of=parse_as_of(as_of), ledger=ledger)
    if output_format == "json":
        data: Any = [p.to_json() for p in problems]
        if stats:
            data = {
                "problems": data,
                "stats": [document_stats(d.form).to_json() for d in documents],
            }
        echo_json(data)
    else:
        for p in problems:
            echo(p.render())
        echo(_tally(problems))
        if stats:
            echo("\n".join(_stats_lines(documents)))
    if any(p.blocking for p in problems):
        raise typer.Exit(EXIT_INPUT)
    if any(p.severity in ("error", "missing") for p in problems):
        raise typer.Exit(EXIT_FAILED_CHECK)


def _render(fmt: DocFormat, form_id: str, recipient: Recipient, doc: Any) -> str | bytes:
    v = view(doc.form, recipient)
    meta = v.meta(doc.meta())
    if fmt is DocFormat.markdown:
        return form_markdown(v, meta)
    if fmt is DocFormat.html:
        return form_html(v, meta)
    if fmt is DocFormat.json:
        return dumps_json(v.to_json(meta), ascii_only=True) + "\n"
    if fmt is DocFormat.model_card:
        return model_card_markdown(v, meta)
    if fmt is DocFormat.docx:
        from gpaikit.render._docx import form_docx

        return form_docx(v, meta)
    from gpaikit.render._pdf import form_pdf

    return form_pdf(v, meta)


@app.command("render")
@handles_errors
def render_command(
    form: Annotated[str, typer.Argument(help="Form ID (see `gpaikit docs list`).")],
    directory: Annotated[Path, typer.Argument(help="Workspace directory.")] = Path(),
    recipient: Annotated[
        str | None,
        typer.Option(
            "--recipient",
            help=f"One of {', '.join(RECIPIENTS)}. Default: the form's first recipient; "
            "model-card is always the downstream providers' view.",
        ),
    ] = None,
    output_format: Annotated[DocFormat, typer.Option("--format")] = DocFormat.markdown,
    model: Annotated[str | None, typer.Option("--model", help="Model name.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Document date.")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the --out file if it exists.")
    ] = False,
) -> None:
    """Render one document for one recipient (Markdown, HTML, JSON, schema, DOCX, PDF)."""
    if out is not None:
        check_output_file(out, inputs=(directory, directory / WORKSPACE_FILE), force=force)
    try:
        spec = load_form(form)
    except KeyError as exc:
        raise typer.BadParameter(str(exc.args[0]), param_hint="FORM") from None
    if output_format is DocFormat.model_card:
        if recipient not in (None, "downstream_provider"):
            raise typer.BadParameter(
                "a model-card section is the downstream providers' view; "
                "drop --recipient or use --recipient downstream_provider",
                param_hint="--recipient",
            )
        if "downstream_provider" not in spec.recipients:
            raise typer.BadParameter(
                f"the {spec.title} has no downstream providers' view", param_hint="FORM"
            )
        recipient = "downstream_provider"
    recipient = recipient or spec.recipients[0]
    if recipient not in spec.recipients:
        raise typer.BadParameter(
            f"the {spec.title} has no view for '{recipient}' (views: {', '.join(spec.recipients)})",
            param_hint="--recipient",
        )
    rec: Recipient = recipient  # type: ignore[assignment,unused-ignore]
    if output_format is DocFormat.schema:
        _emit(dumps_json(json_schema(spec, rec)) + "\n", out)
        return
    workspace = load_workspace(directory)
    name = model or workspace.models[0].name
    try:
        workspace.model(name)
    except KeyError as exc:
        raise typer.BadParameter(str(exc.args[0]), param_hint="--model") from None
    ledger = workspace.root / LEDGER_DIR if workspace.root else None
    documents, problems = build_documents(workspace, as_of=parse_as_of(as_of), ledger=ledger)
    blocking = [p for p in problems if p.blocking]
    if blocking:
        for p in blocking:
            err_console.print(text(f"error: {p.render()}"), soft_wrap=True)
        raise typer.Exit(EXIT_INPUT)
    doc = next((d for d in documents if d.form.model == name and d.form.spec.id == spec.id), None)
    if doc is None:
        if spec.per == "incident":
            raise InputError(
                f"the {spec.title} is filled per incident, not per model",
                hint="render it with `gpaikit incident show ID --report KIND`",
            )
        applicability = (
            assess(workspace, as_of=parse_as_of(as_of), model=name).models[0].document(spec.id)
        )
        why = applicability.reason if applicability else "no obligation is met through it"
        raise InputError(
            f"model '{name}' does not owe the {spec.title}: {why}",
            location=Location(field="FORM"),
            hint="`gpaikit assess` lists the documents each model owes and why",
        )
    _emit(_render(output_format, form, rec, doc), out)


def _emit(content: str | bytes, out: Path | None) -> None:
    if out is not None:
        if isinstance(content, bytes):
            atomic_write_bytes(out, content)
        else:
            atomic_write_text(out, content)
        echo(f"wrote {out}")
    elif isinstance(content, bytes):
        raise typer.BadParameter("binary formats need --out FILE", param_hint="--out")
    else:
        echo(content, nl=False)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 100 else text[:97] + "..."


@app.command("diff")
@handles_errors
def diff_command(
    a: Annotated[str, typer.Argument(help="Version record file, or version number.")],
    b: Annotated[str, typer.Argument(help="Version record file, or version number.")],
    directory: Annotated[Path, typer.Option("--dir", help="Workspace directory.")] = Path(),
    form: Annotated[str | None, typer.Option("--form", help="Form ID (with numbers).")] = None,
    model: Annotated[str | None, typer.Option("--model", help="Model (with numbers).")] = None,
) -> None:
    """Show what changed between two versions of a document, item by item."""
    paths = []
    for ref in (a, b):
        if Path(ref).is_file():
            paths.append(Path(ref))
            continue
        if not ref.isdigit() or form is None:
            raise InputError(
                f"'{ref}' is neither a version record file nor a version number",
                location=Location(field="A/B"),
                hint="give two v<N>.json files, or two numbers with --form (and --model)",
            )
        workspace = load_workspace(directory)
        name = model or workspace.models[0].name
        root = workspace.root or Path()
        paths.append(record_path(root / LEDGER_DIR, name, form, int(ref)))
    before, after = load_record(paths[0]), load_record(paths[1])
    if (before.form, before.model) != (after.form, after.model):
        raise InputError(
            f"the versions belong to different documents ({before.model}/{before.form} "
            f"and {after.model}/{after.form})"
        )
    echo(
        f"{after.model} {after.form}: v{before.version} ({before.date}) -> "
        f"v{after.version} ({after.date})"
    )
    changes = diff_records(before, after)
    for change in changes:
        if change.change == "added":
            echo(f"+ {change.item}: {_short(change.after)}")
        elif change.change == "removed":
            echo(f"- {change.item}: {_short(change.before)}")
        else:
            echo(f"~ {change.item}: {_short(change.before)} -> {_short(change.after)}")
    echo(f"{len(changes)} item(s) changed")


@app.command("import-card")
@handles_errors
def import_card_command(
    readme: Annotated[Path, typer.Argument(help="Hugging Face model card (README.md).")],
    directory: Annotated[Path, typer.Argument(help="Workspace directory.")] = Path(),
    model: Annotated[str | None, typer.Option("--model", help="Model name.")] = None,
) -> None:
    """Import a model card's metadata as proposed values (declared answers always win)."""
    card = card_proposals(read_card(readme, what="model card"))
    workspace = load_workspace(directory)
    target = workspace.model(model) if model else workspace.models[0]
    proposals = card.proposed_for(target.answers)
    path = proposed_path(workspace, target)
    atomic_write_text(path, dumps_json(proposals) + "\n")
    echo(f"wrote {len(proposals)} proposed value(s) to {path}")

"""`gpaikit verify` and `gpaikit weights`: check a signed dossier; hash a model's weights."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from gpaikit._exceptions import InputError
from gpaikit._io import atomic_write_text, check_output_file
from gpaikit.cli._console import make_console
from gpaikit.cli._errors import EXIT_FAILED_CHECK, handles_errors
from gpaikit.cli._keys import PassEnv, PassFile, signing_key
from gpaikit.cli._safe import echo, echo_json, text
from gpaikit.dossier import (
    SiteReport,
    VerifyOptions,
    verify_path,
    verify_report_html,
    verify_weights_file,
)
from gpaikit.signing import PublicKey, load_keyring, load_public_key
from gpaikit.weights import digest_weights, write_weights_manifest

__all__ = ["KeyOption", "KeyringOption", "trusted_keys", "verify_command", "weights_app"]

KeyOption = Annotated[
    list[Path] | None,
    typer.Option("--key", help="A public key you trust (PEM or ssh-ed25519); repeatable."),
]
KeyringOption = Annotated[
    Path | None,
    typer.Option("--keyring", help="A folder of public keys you trust (*.pub, *.pem)."),
]

_STATUS = {
    "pass": ("ok", "green"),
    "fail": ("FAIL", "bold red"),
    "warn": ("warn", "yellow"),
    "skip": ("skip", "dim"),
}


def trusted_keys(key: list[Path] | None, keyring: Path | None) -> list[PublicKey] | None:
    """The keys of ``--key`` and ``--keyring``; None when neither names one."""
    found = [load_public_key(k) for k in key or []]
    if keyring is not None:
        found += load_keyring(keyring)
    return found or None


def _print(reports: list[SiteReport]) -> None:
    console = make_console(soft_wrap=True)
    for r in reports:
        p = r.predicate
        head = f"site {r.label}"
        if r.audience:
            head += (
                f" (audience: {r.audience}, provider: {p.get('provider')}, as of {p.get('as_of')})"
            )
        console.print(text(head, "bold"))
        for c in r.checks:
            label, style = _STATUS[c.status]
            console.print(
                Text.assemble(
                    ("  " + label.ljust(5), style), text(f" {c.name.ljust(14)} {c.summary}")
                )
            )
            for detail in c.details[:50]:
                console.print(text(f"        - {detail}"))
            if len(c.details) > 50:
                console.print(text(f"        ... and {len(c.details) - 50} more"))
        if r.verified:
            console.print(Text.assemble(("VERIFIED", "bold green"), text(f": {r.label}")))
        else:
            failed = ", ".join(c.name for c in r.failed)
            console.print(
                Text.assemble(("NOT VERIFIED", "bold red"), text(f": {r.label} (failed: {failed})"))
            )


@handles_errors
def verify_command(
    path: Annotated[
        Path,
        typer.Argument(
            help=(
                "A signed site folder (OUT/<audience>), a build's OUT, a zip of either, or a "
                "weights manifest (with --weights)."
            )
        ),
    ],
    key: KeyOption = None,
    keyring: KeyringOption = None,
    weights: Annotated[
        Path | None,
        typer.Option(
            "--weights",
            help=(
                "A local copy of the model's weights to check against the signed weights manifest."
            ),
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option("--model", help="Which model's weights (when the site has several)."),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help=(
                "An earlier published site of the same audience: every version it published "
                "must still be in the chains."
            ),
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Warnings (unanswered required items, other gpaikit or catalog version) fail too.",
        ),
    ] = False,
    output: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    report: Annotated[
        Path | None,
        typer.Option("--report", help="Also write one HTML page for a reviewer to this file."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing --report file.")
    ] = False,
) -> None:
    """Verify a signed dossier: signature and key, every file present and unmodified, no
    extra file, the gpaikit and catalog versions, the audience, completeness of the owed
    documents, consistency, and each document's version chain. Exit 0 verified, 1 a check
    failed, 2 unreadable input."""
    if output not in ("text", "json"):
        raise typer.BadParameter("use text or json", param_hint="--format")
    options = VerifyOptions(trusted_keys(key, keyring), weights, model, previous, strict)
    if report is not None:
        check_output_file(report, inputs=[path], force=force)
    if path.is_file() and path.suffix == ".json":
        reports = [verify_weights_file(path, options)]
    else:
        reports = verify_path(path, options)
    if output == "json":
        echo_json(
            {"verified": all(r.verified for r in reports), "sites": [r.to_json() for r in reports]}
        )
    else:
        _print(reports)
    if report is not None:
        atomic_write_text(report, verify_report_html(reports))
        if output == "text":
            echo(f"report: {report}")
    if not all(r.verified for r in reports):
        raise typer.Exit(EXIT_FAILED_CHECK)


weights_app = typer.Typer(
    help="Model weights: a signed SHA-256 manifest (OpenSSF model-signing format).",
    no_args_is_help=True,
)


@weights_app.command("digest")
@handles_errors
def digest_command(
    directory: Annotated[
        Path,
        typer.Argument(help="The model folder (safetensors, config.json, tokenizer files, ...)."),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", help="Manifest file to write, e.g. WS/artifacts/<model>/weights/manifest.json."
        ),
    ],
    sign: Annotated[
        Path | None,
        typer.Option("--sign", help="Sign the manifest with this private key (DSSE envelope)."),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option("--name", help="Model name in the manifest (default: the folder's name)."),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="A path inside the folder to leave out; repeatable."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing manifest file.")
    ] = False,
    passphrase_env: PassEnv = None,
    passphrase_file: PassFile = None,
) -> None:
    """Hash every file of a model folder (streamed, 1 MiB at a time) into an in-toto
    Statement in the OpenSSF model-signing format; with --sign, in a DSSE envelope."""
    key = signing_key(sign, passphrase_env, passphrase_file) if sign is not None else None
    check_output_file(out, inputs=[directory], force=force, signature=b"model_signing")
    if Path(out).resolve().is_relative_to(Path(directory).resolve()):
        raise InputError(
            "--out is inside the model folder; the manifest would hash itself",
            hint="write it elsewhere",
        )
    manifest = digest_weights(directory, ignore=ignore or (), name=name)
    write_weights_manifest(manifest, out, key)
    signed = f", signed by key ID {key.key_id}" if key else ""
    echo(
        f"{out}: {len(manifest.resources)} files, {manifest.total_size:,} bytes, "
        f"root digest sha256:{manifest.root_digest}{signed}"
    )

"""`gpaikit keys`: the Ed25519 key that signs dossiers and weights manifests."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from gpaikit._exceptions import InputError
from gpaikit.cli._errors import handles_errors
from gpaikit.cli._safe import echo
from gpaikit.signing import (
    PublicKey,
    SigningKey,
    generate_key,
    is_encrypted,
    load_private_key,
    load_public_key,
    read_passphrase_file,
)

__all__ = ["PassEnv", "PassFile", "app", "passphrase", "signing_key"]

app = typer.Typer(
    help="Signing keys (Ed25519): generate one, show its key ID.", no_args_is_help=True
)

PassEnv = Annotated[
    str | None,
    typer.Option(
        "--passphrase-env",
        metavar="VAR",
        help="Read the key's passphrase from this environment variable.",
    ),
]
PassFile = Annotated[
    Path | None,
    typer.Option(
        "--passphrase-file",
        metavar="FILE",
        help="Read the key's passphrase from this file's first line.",
    ),
]


def passphrase(env: str | None, file: Path | None) -> bytes | None:
    """The passphrase from the environment variable or file named, else None. It is never
    printed nor taken from the command line (where other users could read it)."""
    if env is not None and file is not None:
        raise InputError("give --passphrase-env or --passphrase-file, not both")
    if env is not None:
        value = os.environ.get(env)
        if not value:
            raise InputError(
                f"the environment variable {env} is not set or empty",
                hint=f"export {env}=... before running, or use --passphrase-file",
            )
        return value.encode("utf-8")
    if file is not None:
        return read_passphrase_file(file)
    return None


def _ask(confirm: bool) -> bytes:
    value: str = typer.prompt("Passphrase", hide_input=True, confirmation_prompt=confirm, err=True)
    if not value:
        raise InputError("an empty passphrase", hint="type a passphrase, or generate without one")
    return value.encode("utf-8")


def signing_key(path: Path, env: str | None, file: Path | None) -> SigningKey:
    """Load the private key, asking for its passphrase in a terminal when it needs one."""
    secret = passphrase(env, file)
    if secret is None and is_encrypted(path) and sys.stdin.isatty():
        secret = _ask(confirm=False)
    return load_private_key(path, secret)


@app.command("generate")
@handles_errors
def generate_command(
    path: Annotated[
        Path, typer.Argument(help="Private key file to create (its public key goes to PATH.pub).")
    ],
    passphrase_env: PassEnv = None,
    passphrase_file: PassFile = None,
    ask: Annotated[
        bool,
        typer.Option("--ask-passphrase", help="Ask for a passphrase (typed twice, not shown)."),
    ] = False,
) -> None:
    """Create a new Ed25519 key pair: PATH (private, permissions 0600, encrypted when a
    passphrase is given) and PATH.pub (public). Existing files are never replaced."""
    secret = passphrase(passphrase_env, passphrase_file)
    if secret is None and ask:
        secret = _ask(confirm=True)
    key = generate_key(path, secret)
    echo(f"private key: {path} (permissions 0600, {'encrypted' if secret else 'NOT encrypted'})")
    echo(f"public key:  {path}.pub")
    echo(f"key ID:      {key.key_id}")
    echo(
        "publish the public key and its key ID where reviewers can find them; keep the private "
        "key secret"
    )


@app.command("show")
@handles_errors
def show_command(
    path: Annotated[
        Path, typer.Argument(help="A public key (PEM or ssh-ed25519) or private key file.")
    ],
    passphrase_env: PassEnv = None,
    passphrase_file: PassFile = None,
) -> None:
    """Print a key's key ID and its public key (never the private key)."""
    try:
        public: PublicKey = load_public_key(path)
    except InputError:
        public = signing_key(path, passphrase_env, passphrase_file).public
    echo(f"algorithm: ed25519\nkey ID:    {public.key_id}")
    echo(public.pem().rstrip("\n"))

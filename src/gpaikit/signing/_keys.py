"""Ed25519 keys: generate, load (bounded, passphrase-protected), identify.

A private key is a PKCS#8 PEM file, encrypted with the passphrase when one is given, created
with permissions 0600 and never replacing an existing file. Its public key is a
SubjectPublicKeyInfo PEM file beside it (``KEY.pub``). The key ID is the SHA-256 of the raw
32-byte public key in hex: the same key always has the same ID, whatever file it came in.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from gpaikit._exceptions import InputError, Location, OutputError
from gpaikit._untrusted import DEFAULT_LIMITS, read_bytes

__all__ = [
    "KEY_LIMITS",
    "PublicKey",
    "SigningKey",
    "generate_key",
    "is_encrypted",
    "key_id",
    "load_keyring",
    "load_private_key",
    "load_public_key",
    "parse_public_key",
    "read_passphrase_file",
]

KEY_LIMITS = DEFAULT_LIMITS.but(max_bytes=64 * 1024)
"""A key file is a few hundred bytes; anything larger is not a key."""
MAX_KEYRING = 1000
"""Keys read from one ``--keyring`` folder at most."""
_HINT = "give an Ed25519 key written by `gpaikit keys generate` (PEM) or an ssh-ed25519 line"


def key_id(public: Ed25519PublicKey) -> str:
    """SHA-256 of the raw 32-byte public key, in hex (the DSSE ``keyid``)."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class PublicKey:
    """A public key someone trusts (or the one shipped in a site), with where it came from."""

    key: Ed25519PublicKey
    source: str

    @property
    def key_id(self) -> str:
        return key_id(self.key)

    def pem(self) -> str:
        return self.key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode("ascii")

    def verify(self, signature: bytes, message: bytes) -> bool:
        try:
            self.key.verify(signature, message)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True)
class SigningKey:
    """A private Ed25519 key ready to sign."""

    key: Ed25519PrivateKey

    @property
    def public(self) -> PublicKey:
        return PublicKey(self.key.public_key(), "private key")

    @property
    def key_id(self) -> str:
        return key_id(self.key.public_key())

    def sign(self, message: bytes) -> bytes:
        return self.key.sign(message)


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """Write ``data`` to ``path`` with ``mode``; never replace an existing file (atomic)."""
    tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)  # noqa: PTH101 - the umask must not widen or narrow it
        os.link(tmp, path)  # fails if path exists: no race with another writer
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def generate_key(path: Path, passphrase: bytes | None = None) -> SigningKey:
    """Create a new key pair: ``path`` (private, 0600) and ``path.pub`` (public, 0644).

    Neither file may exist already: a key is never overwritten by accident.
    """
    path = Path(path)
    public_path = path.with_name(path.name + ".pub")
    for target in (path, public_path):
        if target.exists() or target.is_symlink():
            raise OutputError(
                f"{target} exists; nothing was written\n  how to fix: name a new file "
                "(a key is never replaced, so that no signature loses its key by accident)"
            )
    if not path.parent.is_dir():
        raise OutputError(f"{path.parent} is not a directory; nothing was written")
    key = Ed25519PrivateKey.generate()
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    public = PublicKey(key.public_key(), str(public_path)).pem().encode("ascii")
    try:
        _write_new(path, private, 0o600)
        try:
            _write_new(public_path, public, 0o644)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    except FileExistsError:
        raise OutputError(f"{path} appeared while the key was written; nothing was kept") from None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return SigningKey(key)


def is_encrypted(path: Path) -> bool:
    """Whether a private key file needs a passphrase."""
    data = read_bytes(path, limits=KEY_LIMITS, what="private key")
    return b"ENCRYPTED" in data.split(b"\n", 1)[0]


def load_private_key(path: Path, passphrase: bytes | None = None) -> SigningKey:
    """Read an Ed25519 private key; a wrong passphrase or another key type is an input error."""
    data = read_bytes(path, limits=KEY_LIMITS, what="private key")
    where = Location(file=path)
    try:
        key = serialization.load_pem_private_key(data, password=passphrase or None)
    except TypeError:
        if passphrase:
            raise InputError(
                "the key is not encrypted, but a passphrase was given",
                location=where,
                hint="leave out the passphrase",
            ) from None
        raise InputError(
            "the private key is encrypted and no passphrase was given",
            location=where,
            hint="give --passphrase-env VAR or --passphrase-file FILE, or run it in a terminal "
            "to be asked",
        ) from None
    except (ValueError, UnsupportedAlgorithm):
        raise InputError(
            "cannot read the private key (wrong passphrase, or not a PEM private key)",
            location=where,
            hint="check the passphrase; " + _HINT,
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError("the private key is not an Ed25519 key", location=where, hint=_HINT)
    return SigningKey(key)


def load_public_key(path: Path) -> PublicKey:
    """Read an Ed25519 public key: PEM (SubjectPublicKeyInfo) or one ``ssh-ed25519`` line."""
    data = read_bytes(path, limits=KEY_LIMITS, what="public key")
    return parse_public_key(data, str(path))


def parse_public_key(data: bytes, source: str) -> PublicKey:
    where = Location(file=source)
    key: object
    try:
        if data.lstrip().startswith(b"ssh-"):
            key = serialization.load_ssh_public_key(data.strip())
        else:
            key = serialization.load_pem_public_key(data)
    except (ValueError, UnsupportedAlgorithm):
        raise InputError("not a public key", location=where, hint=_HINT) from None
    if not isinstance(key, Ed25519PublicKey):
        raise InputError("the public key is not an Ed25519 key", location=where, hint=_HINT)
    return PublicKey(key, source)


def load_keyring(directory: Path) -> list[PublicKey]:
    """Every public key (``*.pub``, ``*.pem``) directly in ``directory`` (no sub-folders)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError(
            "the keyring is not a directory",
            location=Location(file=directory),
            hint="give a folder of public keys (*.pub or *.pem)",
        )
    keys: list[PublicKey] = []
    for path in sorted(directory.iterdir()):
        if path.suffix not in (".pub", ".pem") or path.is_symlink() or not path.is_file():
            continue
        if len(keys) >= MAX_KEYRING:
            raise InputError(
                f"the keyring holds more than {MAX_KEYRING} keys",
                location=Location(file=directory),
                hint="keep only the keys you trust in it",
            )
        keys.append(load_public_key(path))
    if not keys:
        raise InputError(
            "the keyring holds no public key (*.pub or *.pem)",
            location=Location(file=directory),
            hint="put the providers' public keys in it",
        )
    return keys


def read_passphrase_file(path: Path) -> bytes:
    """The first line of a passphrase file (without its line end), bounded."""
    data = read_bytes(path, limits=DEFAULT_LIMITS.but(max_bytes=4096), what="passphrase file")
    line = data.split(b"\n", 1)[0].rstrip(b"\r")
    if not line:
        raise InputError(
            "the passphrase file is empty", location=Location(file=path), hint="write it first"
        )
    return line

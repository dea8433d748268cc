"""Hash a model folder into a model-signing manifest; read one back; compare a local copy.

The manifest is the in-toto Statement the OpenSSF model-signing tool signs (v1.0): one
subject named after the model folder whose SHA-256 digest is taken over the concatenated raw
digests of every file in path order, and a predicate with the serialization (``files``,
``sha256``, no symbolic links, the ignored paths) and one resource per file (``name``,
``algorithm``, ``digest``; gpaikit adds ``size``, which model-signing verifiers ignore).
Files are read in 1 MiB chunks, so a shard of any size is hashed in constant memory.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gpaikit._exceptions import InputError, Location
from gpaikit._io import atomic_write_bytes, dumps_json
from gpaikit._untrusted import DEFAULT_LIMITS, load_json, open_regular, read_bytes, walk_folder
from gpaikit.signing import (
    PAYLOAD_TYPE,
    EnvelopeError,
    PublicKey,
    SigningKey,
    StatementError,
    check_relative_path,
    open_envelope,
    parse_envelope,
    sign_envelope,
    statement,
    statement_parts,
)
from gpaikit.workspace import Model, Workspace, find_artifact

__all__ = [
    "DEFAULT_IGNORE",
    "PREDICATE_TYPE",
    "WEIGHTS_PATHS",
    "WeightsCheck",
    "WeightsManifest",
    "authenticity",
    "check_weights",
    "digest_weights",
    "find_weights_manifest",
    "load_weights_manifest",
    "parse_weights_manifest",
    "write_weights_manifest",
]

PREDICATE_TYPE = "https://model_signing/signature/v1.0"
"""The predicate type of the OpenSSF model-signing manifest
(github.com/sigstore/model-transparency)."""
DEFAULT_IGNORE = (".git", ".gitattributes", ".github", ".gitignore", "model.sig")
"""Paths model-signing leaves out by default; gpaikit leaves out the same."""
WEIGHTS_PATHS = ("artifacts/{model}/weights/manifest.json", "artifacts/weights/manifest.json")
"""Where a workspace keeps the weights manifest of a model (first match wins)."""
MANIFEST_LIMITS = DEFAULT_LIMITS.but(max_bytes=64 * 1024 * 1024, max_depth=16)
MAX_FILES = 100_000
CHUNK = 1 << 20


@dataclass(frozen=True)
class Resource:
    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class WeightsManifest:
    """A model folder's files and digests; ``signer`` is the key ID when it came signed."""

    model: str
    resources: tuple[Resource, ...]
    ignore: tuple[str, ...] = DEFAULT_IGNORE
    signer: str | None = None
    signed: bool = False

    @property
    def root_digest(self) -> str:
        """SHA-256 over the raw digests of every file in path order (model-signing's subject)."""
        h = hashlib.sha256()
        for r in self.resources:
            h.update(bytes.fromhex(r.sha256))
        return h.hexdigest()

    @property
    def total_size(self) -> int:
        return sum(r.size for r in self.resources)

    def statement(self) -> bytes:
        predicate = {
            "serialization": {
                "method": "files",
                "hash_type": "sha256",
                "allow_symlinks": False,
                "ignore_paths": sorted(self.ignore),
            },
            "resources": [
                {"name": r.name, "algorithm": "sha256", "digest": r.sha256, "size": r.size}
                for r in self.resources
            ],
        }
        subject = {"name": self.model, "digest": {"sha256": self.root_digest}}
        return statement([subject], PREDICATE_TYPE, predicate)


def _ignored(relative: str, ignore: Sequence[str]) -> bool:
    return any(relative == p or relative.startswith(p.rstrip("/") + "/") for p in ignore)


def _walk(root: Path, ignore: Sequence[str]) -> list[tuple[str, Path]]:
    """Every regular file below ``root`` as (POSIX relative path, path); symbolic links and
    special files are refused (a link could point anywhere), as model-signing does."""
    found = walk_folder(
        root, skip=lambda relative: _ignored(relative, ignore), max_entries=MAX_FILES
    )
    for relative, why in found.problems:
        raise InputError(
            f"{why} in the model folder",
            location=Location(file=Path(root) / relative),
            hint="copy the file it stands for into the folder, or leave it out with --ignore",
        )
    return [(relative, path) for relative, (path, _) in found.files.items()]


def _hash_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open_regular(path, what="model file") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _check_ignore(ignore: Iterable[str]) -> tuple[str, ...]:
    out = []
    for p in ignore:
        p = p.rstrip("/")
        why = check_relative_path(p)
        if why:
            raise InputError(f"ignored path {p!r}: {why}", hint="give paths inside the folder")
        out.append(p)
    return tuple(dict.fromkeys(out))


def digest_weights(
    directory: Path, *, ignore: Iterable[str] = (), name: str | None = None
) -> WeightsManifest:
    """Hash every file of the model folder (streaming) into a manifest."""
    root = Path(directory)
    if not root.is_dir() or root.is_symlink():
        raise InputError(
            "not a model folder", location=Location(file=root), hint="give the folder itself"
        )
    skip = _check_ignore([*DEFAULT_IGNORE, *ignore])
    files = _walk(root, skip)
    if not files:
        raise InputError(
            "the model folder holds no file", location=Location(file=root), hint="check the path"
        )
    resources = []
    for relative, path in files:
        sha, size = _hash_file(path)
        resources.append(Resource(relative, sha, size))
    model = name or root.resolve().name
    return WeightsManifest(model, tuple(resources), tuple(sorted(skip)))


def write_weights_manifest(
    manifest: WeightsManifest, out: Path, key: SigningKey | None = None
) -> bytes:
    """Write the Statement (or, with ``key``, its DSSE envelope) as JSON; returns the bytes."""
    payload = manifest.statement()
    if key is None:
        data = (dumps_json(load_json(payload)) + "\n").encode("utf-8")
    else:
        data = (dumps_json(sign_envelope(payload, key).to_json()) + "\n").encode("utf-8")
    atomic_write_bytes(Path(out), data)
    return data


def _bad(source: str, message: str) -> InputError:
    return InputError(
        f"not a weights manifest: {message}",
        location=Location(file=source),
        hint="write it with `gpaikit weights digest`",
    )


def _resource(entry: Any, source: str) -> Resource:
    if not isinstance(entry, Mapping):
        raise _bad(source, "a resource is not an object")
    name, algorithm, digest = entry.get("name"), entry.get("algorithm"), entry.get("digest")
    if not isinstance(name, str) or check_relative_path(name):
        raise _bad(source, f"resource name {str(name)[:200]!r} is not a safe relative path")
    if algorithm != "sha256" or not isinstance(digest, str) or len(digest) != 64:
        raise _bad(source, f"resource {name!r} has no SHA-256 digest")
    try:
        bytes.fromhex(digest)
    except ValueError:
        raise _bad(source, f"resource {name!r} has no SHA-256 digest") from None
    size = entry.get("size", -1)
    if isinstance(size, bool) or not isinstance(size, int):
        raise _bad(source, f"resource {name!r}: size is not a whole number")
    return Resource(name, digest.lower(), size)


def parse_weights_manifest(
    data: bytes, source: str, keys: Sequence[PublicKey] = ()
) -> WeightsManifest:
    """Read a manifest (a bare Statement, or a DSSE envelope holding one).

    A signed manifest is opened with ``keys`` when given (``signer`` is then the key ID that
    signed it; a signature none of them made is an error); without keys it is read unverified.
    """
    parsed = load_json(data, source=source, limits=MANIFEST_LIMITS, what="weights manifest")
    signer: str | None = None
    signed = False
    if isinstance(parsed, Mapping) and "payloadType" in parsed:
        try:
            envelope = parse_envelope(parsed)
        except EnvelopeError as exc:
            raise _bad(source, str(exc)) from None
        if envelope.payload_type != PAYLOAD_TYPE:
            raise _bad(source, f"payload type is not {PAYLOAD_TYPE}")
        signed = True
        if keys:
            found = open_envelope(envelope, keys)
            if found is None:
                raise InputError(
                    "the weights manifest's signature was not made by any key given",
                    location=Location(file=source),
                    hint="give the provider's public key with --key or --keyring",
                )
            signer = found.key_id
        else:
            signer = envelope.signatures[0].keyid or None
        parsed = load_json(envelope.payload, source=source, limits=MANIFEST_LIMITS)
    try:
        subjects, predicate = statement_parts(parsed, PREDICATE_TYPE)
    except StatementError as exc:
        raise _bad(source, str(exc)) from None
    serialization = predicate.get("serialization")
    if not isinstance(serialization, Mapping) or serialization.get("method") != "files":
        raise _bad(source, "only the 'files' serialization is supported")
    if serialization.get("hash_type") != "sha256":
        raise _bad(source, "only SHA-256 digests are supported")
    ignore = serialization.get("ignore_paths", list(DEFAULT_IGNORE))
    if not isinstance(ignore, list) or not all(isinstance(p, str) for p in ignore):
        raise _bad(source, "'ignore_paths' is not a list of paths")
    raw = predicate.get("resources")
    if not isinstance(raw, list) or not raw or len(raw) > MAX_FILES:
        raise _bad(source, f"'resources' is not a list of 1 to {MAX_FILES:,} files")
    resources = tuple(sorted((_resource(e, source) for e in raw), key=lambda r: r.name))
    if len({r.name for r in resources}) != len(resources):
        raise _bad(source, "a file is listed twice")
    subject = subjects[0] if len(subjects) == 1 and isinstance(subjects[0], Mapping) else None
    if subject is None:
        raise _bad(source, "expected exactly one subject (the model)")
    manifest = WeightsManifest(
        str(subject.get("name") or "model"),
        resources,
        _check_ignore(ignore),
        signer,
        signed,
    )
    digest = subject.get("digest")
    if not isinstance(digest, Mapping) or digest.get("sha256") != manifest.root_digest:
        raise _bad(source, "the subject's digest is not the digest of the files listed")
    return manifest


def load_weights_manifest(path: Path, keys: Sequence[PublicKey] = ()) -> WeightsManifest:
    data = read_bytes(path, limits=MANIFEST_LIMITS, what="weights manifest")
    return parse_weights_manifest(data, str(path), keys)


def find_weights_manifest(workspace: Workspace, model: Model) -> Path | None:
    return find_artifact(workspace, model, WEIGHTS_PATHS)


def authenticity(workspace: Workspace, model: Model) -> str | None:
    """The MDF's model-authenticity statement (``MDF.GI.03``) from the weights manifest."""
    path = find_weights_manifest(workspace, model)
    if path is None:
        return None
    m = load_weights_manifest(path)
    signed = f"; signed with Ed25519 key ID {m.signer}" if m.signed and m.signer else ""
    return (
        f"SHA-256 manifest of the distributed weights ({len(m.resources)} files, "
        f"{m.total_size:,} bytes), OpenSSF model-signing format "
        f"({PREDICATE_TYPE}, files/sha256): root digest sha256:{m.root_digest}{signed}. "
        "Check a copy with `gpaikit verify MANIFEST --weights DIR`."
    )


@dataclass(frozen=True)
class WeightsCheck:
    """A local copy of the weights against a manifest."""

    manifest: WeightsManifest
    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    modified: tuple[str, ...] = ()
    checked: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.modified)


def check_weights(manifest: WeightsManifest, directory: Path) -> WeightsCheck:
    """Hash the local folder the same way and compare file by file (size first)."""
    root = Path(directory)
    if not root.is_dir():
        raise InputError(
            "not a model folder", location=Location(file=root), hint="give the weights folder"
        )
    local = dict(_walk(root, manifest.ignore))
    expected = {r.name: r for r in manifest.resources}
    missing = sorted(set(expected) - set(local))
    extra = sorted(set(local) - set(expected))
    modified = []
    checked = 0
    for name in sorted(set(expected) & set(local)):
        r = expected[name]
        if r.size >= 0 and local[name].stat().st_size != r.size:
            modified.append(name)
            continue
        sha, _ = _hash_file(local[name])
        checked += 1
        if sha != r.sha256:
            modified.append(name)
    return WeightsCheck(manifest, tuple(missing), tuple(extra), tuple(modified), checked)

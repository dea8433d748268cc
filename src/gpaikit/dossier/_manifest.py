"""The signed manifest of one audience's site: what it is, where it lives, what it promises.

Each ``OUT/<audience>/`` of a signed build holds ``signature/manifest.dsse.json``: a DSSE
envelope (payload type ``application/vnd.in-toto+json``) around an in-toto Statement v1 whose
subjects are every file of that site (path, SHA-256, size) and whose predicate
(:data:`PREDICATE_TYPE`) records what a reviewer checks the site against without any other
audience's files: the audience, the gpaikit and catalog versions, and per model the documents
the site must hold (form, whether it is owed and why, the view, its files, version, view
hash, unanswered required items and the version chain). ``signature/signer.pub`` is the
signer's public key. The format is documented in docs/verify.md.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable

__all__ = [
    "ENVELOPE_FILE",
    "PREDICATE_TYPE",
    "PUBLIC_KEY_FILE",
    "SIGNATURE_DIR",
    "WEIGHTS_DIR",
    "catalog_version",
]

PREDICATE_TYPE = "urn:gpaikit:dossier-site:v1"
"""The predicate type of a dossier site's manifest (a URN: it names a format, not a server)."""
SIGNATURE_DIR = "signature"
ENVELOPE_FILE = f"{SIGNATURE_DIR}/manifest.dsse.json"
PUBLIC_KEY_FILE = f"{SIGNATURE_DIR}/signer.pub"
WEIGHTS_DIR = "data/weights"
"""Where a site keeps the weights manifest of each model (audiences of ``MDF.GI.03`` only)."""


def _files(folder: Traversable, prefix: str) -> list[tuple[str, Traversable]]:
    found: list[tuple[str, Traversable]] = []
    for entry in folder.iterdir():
        if entry.is_dir():
            found.extend(_files(entry, f"{prefix}{entry.name}/"))
        elif entry.name.endswith(".yaml"):
            found.append((prefix + entry.name, entry))
    return found


@lru_cache(maxsize=1)
def catalog_version() -> str:
    """SHA-256 over the packaged legal catalog (every ``law/data`` YAML file, by path):
    two installations with the same value apply the same law data and form specs."""
    digest = hashlib.sha256()
    for name, entry in sorted(_files(resources.files("gpaikit.law") / "data", "")):
        data = entry.read_bytes()
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return "sha256:" + digest.hexdigest()

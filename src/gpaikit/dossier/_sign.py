"""Sign a built dossier: one manifest per audience's site, each verifiable on its own.

Called by :func:`gpaikit.dossier.build_site` on the staging tree, after every site was
written and before it is renamed into place, so a signed build is never half-signed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from gpaikit import __version__
from gpaikit._io import dumps_json
from gpaikit.assess import Assessment
from gpaikit.dossier._manifest import (
    ENVELOPE_FILE,
    PREDICATE_TYPE,
    PUBLIC_KEY_FILE,
    SIGNATURE_DIR,
    catalog_version,
)
from gpaikit.forms import Document, Recipient
from gpaikit.signing import SigningKey, Subject, sign_envelope, statement

__all__ = ["SitePlan", "file_subjects", "sign_site"]

SitePlan = Mapping[str, Any]
"""Per model of a site: ``{"documents": [...], "weights": {...}}`` (see :func:`site_models`)."""


def file_subjects(root: Path) -> list[Subject]:
    """Every file below ``root`` (the signature folder excluded) with its SHA-256 and size."""
    subjects = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root).as_posix()
        if relative.split("/", 1)[0] == SIGNATURE_DIR:
            continue
        data = path.read_bytes()
        subjects.append(Subject(relative, hashlib.sha256(data).hexdigest(), len(data)))
    return subjects


def document_entry(
    document: Document,
    shown: Recipient,
    owed: Mapping[str, Any],
    files: Sequence[str],
    missing: Sequence[str],
    view_hash: str,
    chain: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    """What the manifest says about one document of a site."""
    return {
        "form": document.form.spec.id,
        "title": document.form.spec.title,
        "required": owed.get("required", True),
        "reason": owed.get("reason", ""),
        "view": shown,
        "files": sorted(files),
        "version": document.record.version,
        "date": document.record.date.isoformat(),
        "view_hash": view_hash,
        "missing": sorted(missing),
        "chain": [dict(c) for c in chain],
    }


def sign_site(
    root: Path,
    audience: Recipient,
    assessment: Assessment,
    models: Sequence[Mapping[str, Any]],
    key: SigningKey,
) -> int:
    """Write ``signature/manifest.dsse.json`` and ``signature/signer.pub`` into the site at
    ``root``; returns the number of files written (2)."""
    predicate = {
        "audience": audience,
        "provider": assessment.provider,
        "as_of": assessment.as_of.isoformat(),
        "gpaikit_version": __version__,
        "catalog_version": catalog_version(),
        "signer": {"key_id": key.key_id, "algorithm": "ed25519"},
        "models": list(models),
    }
    payload = statement(file_subjects(root), PREDICATE_TYPE, predicate)
    envelope = sign_envelope(payload, key)
    folder = root / SIGNATURE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    (root / ENVELOPE_FILE).write_text(dumps_json(envelope.to_json()) + "\n", encoding="utf-8")
    (root / PUBLIC_KEY_FILE).write_text(key.public.pem(), encoding="utf-8")
    return 2

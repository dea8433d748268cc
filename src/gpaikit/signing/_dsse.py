"""DSSE v1.0 envelopes (github.com/secure-systems-lab/dsse): PAE, signing, parsing, opening.

``PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body``, LEN being the
ASCII decimal byte length without leading zeros; the signature is Ed25519 over that
encoding. Parsing follows the envelope's rules: ``payload``, ``payloadType`` and every
``sig`` are required, ``keyid`` is optional and only narrows the keys tried (it is never
trusted), unknown fields are ignored, and base64 may be standard or URL-safe.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gpaikit.signing._keys import PublicKey, SigningKey

__all__ = [
    "PAYLOAD_TYPE",
    "Envelope",
    "EnvelopeError",
    "Signature",
    "open_envelope",
    "pae",
    "parse_envelope",
    "sign_envelope",
]

PAYLOAD_TYPE = "application/vnd.in-toto+json"
"""The payload type of an in-toto Statement in JSON (in-toto attestation framework v1)."""
MAX_SIGNATURES = 16
_B64 = re.compile(r"[A-Za-z0-9+/]*={0,2}|[A-Za-z0-9_-]*={0,2}")


class EnvelopeError(ValueError):
    """The envelope is not a DSSE envelope (the message says which field is wrong)."""


def pae(payload_type: str, payload: bytes) -> bytes:
    """The DSSE v1 pre-authentication encoding of ``payload_type`` and ``payload``."""
    kind = payload_type.encode("utf-8")
    return b"DSSEv1 %d %b %d %b" % (len(kind), kind, len(payload), payload)


@dataclass(frozen=True)
class Signature:
    keyid: str
    sig: bytes


@dataclass(frozen=True)
class Envelope:
    payload: bytes
    payload_type: str
    signatures: tuple[Signature, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "payload": base64.b64encode(self.payload).decode("ascii"),
            "payloadType": self.payload_type,
            "signatures": [
                {"keyid": s.keyid, "sig": base64.b64encode(s.sig).decode("ascii")}
                for s in self.signatures
            ],
        }


def sign_envelope(payload: bytes, key: SigningKey, payload_type: str = PAYLOAD_TYPE) -> Envelope:
    """An envelope with one Ed25519 signature over ``PAE(payload_type, payload)``."""
    signature = Signature(key.key_id, key.sign(pae(payload_type, payload)))
    return Envelope(payload, payload_type, (signature,))


def _b64(value: Any, field: str) -> bytes:
    """Standard or URL-safe base64 (padding optional); anything else is an error."""
    if not isinstance(value, str) or not _B64.fullmatch(value):
        raise EnvelopeError(f"'{field}' is not base64")
    text = value.rstrip("=")
    text = text.replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise EnvelopeError(f"'{field}' is not base64") from None


def parse_envelope(data: Any) -> Envelope:
    """A parsed DSSE envelope (nothing verified yet); :class:`EnvelopeError` when malformed."""
    if not isinstance(data, Mapping):
        raise EnvelopeError("the envelope is not a JSON object")
    for key in ("payload", "payloadType", "signatures"):
        if key not in data:
            raise EnvelopeError(f"the envelope has no '{key}'")
    payload_type = data["payloadType"]
    if not isinstance(payload_type, str):
        raise EnvelopeError("'payloadType' is not text")
    payload = _b64(data["payload"], "payload")
    raw = data["signatures"]
    if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
        raise EnvelopeError("'signatures' is not a non-empty list")
    if len(raw) > MAX_SIGNATURES:
        raise EnvelopeError(f"more than {MAX_SIGNATURES} signatures")
    signatures = []
    for n, entry in enumerate(raw):
        if not isinstance(entry, Mapping) or "sig" not in entry:
            raise EnvelopeError(f"signature {n + 1} has no 'sig'")
        keyid = entry.get("keyid") or ""
        if not isinstance(keyid, str):
            raise EnvelopeError(f"signature {n + 1}: 'keyid' is not text")
        signatures.append(Signature(keyid, _b64(entry["sig"], f"signatures[{n}].sig")))
    return Envelope(payload, payload_type, tuple(signatures))


def open_envelope(envelope: Envelope, keys: Sequence[PublicKey]) -> PublicKey | None:
    """The first of ``keys`` that made one of the envelope's signatures, or None.

    Keys whose ID a signature names are tried first; every key is tried (the ``keyid`` is an
    unauthenticated hint and decides nothing).
    """
    message = pae(envelope.payload_type, envelope.payload)
    for signature in envelope.signatures:
        ordered = sorted(keys, key=lambda k: k.key_id != signature.keyid)
        for key in ordered:
            if key.verify(signature.sig, message):
                return key
    return None

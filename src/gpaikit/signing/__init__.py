"""Signing primitives: Ed25519 keys and DSSE envelopes around in-toto Statements.

The dossier (``gpaikit build --sign``, ``gpaikit verify``) and the weights manifest
(``gpaikit weights digest``) both sign an in-toto Statement v1 in a DSSE envelope with an
Ed25519 key; this package is the one place that does it. The format is in docs/verify.md.
"""

from gpaikit.signing._dsse import (
    PAYLOAD_TYPE,
    Envelope,
    EnvelopeError,
    Signature,
    open_envelope,
    pae,
    parse_envelope,
    sign_envelope,
)
from gpaikit.signing._intoto import (
    STATEMENT_TYPE,
    StatementError,
    Subject,
    canonical_json,
    check_relative_path,
    parse_statement,
    statement,
    statement_parts,
)
from gpaikit.signing._keys import (
    KEY_LIMITS,
    PublicKey,
    SigningKey,
    generate_key,
    is_encrypted,
    key_id,
    load_keyring,
    load_private_key,
    load_public_key,
    parse_public_key,
    read_passphrase_file,
)

__all__ = [
    "KEY_LIMITS",
    "PAYLOAD_TYPE",
    "STATEMENT_TYPE",
    "Envelope",
    "EnvelopeError",
    "PublicKey",
    "Signature",
    "SigningKey",
    "StatementError",
    "Subject",
    "canonical_json",
    "check_relative_path",
    "generate_key",
    "is_encrypted",
    "key_id",
    "load_keyring",
    "load_private_key",
    "load_public_key",
    "open_envelope",
    "pae",
    "parse_envelope",
    "parse_public_key",
    "parse_statement",
    "read_passphrase_file",
    "sign_envelope",
    "statement",
    "statement_parts",
]

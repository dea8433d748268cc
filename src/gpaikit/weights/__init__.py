"""Model-weight authenticity: a SHA-256 manifest of a model's files, optionally signed.

``gpaikit weights digest DIR`` hashes every file of a model folder (safetensors shards,
``config.json``, tokenizer files, ...) into an in-toto Statement in the format of the OpenSSF
model-signing project (predicate ``https://model_signing/signature/v1.0``, serialization
``files``/``sha256``), signed in a DSSE envelope when a key is given. The MDF's model
authenticity item (``MDF.GI.03``) is derived from it and ``gpaikit verify --weights`` checks a
local copy against it. The format is in docs/verify.md.
"""

from gpaikit.weights._digest import (
    DEFAULT_IGNORE,
    PREDICATE_TYPE,
    WEIGHTS_PATHS,
    WeightsCheck,
    WeightsManifest,
    authenticity,
    check_weights,
    digest_weights,
    find_weights_manifest,
    load_weights_manifest,
    parse_weights_manifest,
    write_weights_manifest,
)

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

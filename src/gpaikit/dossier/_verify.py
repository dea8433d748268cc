"""``gpaikit verify``: check a signed dossier site with nothing but gpaikit and a public key.

Every check runs, even after an earlier one failed, so that a reviewer sees each problem by
name: a changed byte is a ``files`` failure, an edited manifest a ``signature`` failure, a
manifest re-signed with another key a ``key`` failure, a stale document a ``version-chain``
failure, an AI Office file in the public site an ``audience`` failure. Input is hostile:
every JSON file goes through the bounded loader, files are hashed in chunks, and nothing is
extracted or followed (see :mod:`gpaikit.dossier._reader`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gpaikit import __version__
from gpaikit._exceptions import InputError
from gpaikit._untrusted import DEFAULT_LIMITS, load_json
from gpaikit.dossier._consistency import chain_check, consistency_check
from gpaikit.dossier._manifest import (
    ENVELOPE_FILE,
    PREDICATE_TYPE,
    PUBLIC_KEY_FILE,
    SIGNATURE_DIR,
    catalog_version,
)
from gpaikit.dossier._reader import SiteSource, open_sources
from gpaikit.dossier._report import assessment_summary
from gpaikit.dossier._result import Check, SiteReport, outcome
from gpaikit.dossier._rules import SiteData, audience_check, completeness_check, read_models
from gpaikit.signing import (
    PAYLOAD_TYPE,
    EnvelopeError,
    PublicKey,
    StatementError,
    Subject,
    open_envelope,
    parse_envelope,
    parse_public_key,
    parse_statement,
)
from gpaikit.weights import check_weights, parse_weights_manifest

__all__ = ["VerifyOptions", "verify_path", "verify_source"]

ENVELOPE_LIMITS = DEFAULT_LIMITS.but(max_bytes=32 * 1024 * 1024, max_depth=32)
"""A manifest of 100,000 files is about 20 MB."""
_TEXT = (".html", ".md", ".json", ".txt", ".css", ".xml", ".csv")
_VERSION = re.compile(r"\d+(\.\d+){1,3}([a-z]+\d*)?(\.dev\d+)?(\+[A-Za-z0-9.]+)?")


@dataclass(frozen=True)
class VerifyOptions:
    """What the reviewer brings: trusted keys, a local copy of the weights, an earlier
    published site to compare version chains with, and whether warnings fail."""

    keys: Sequence[PublicKey] | None = None
    weights: Path | None = None
    model: str | None = None
    previous: Path | None = None
    strict: bool = False


@dataclass
class _Signed:
    signer: PublicKey | None = None
    trusted: bool = False
    subjects: tuple[Subject, ...] = ()
    predicate: Mapping[str, Any] = field(default_factory=dict)


def _signature_checks(
    source: SiteSource, options: VerifyOptions
) -> tuple[list[Check], _Signed, bool]:
    """``signature``, ``key`` and ``manifest``; the last value says whether the statement
    could be read (the other checks need it)."""
    checks: list[Check] = []
    signed = _Signed()
    raw = source.read(ENVELOPE_FILE, ENVELOPE_LIMITS.max_bytes)
    if raw is None:
        return (
            [Check("signature", "fail", f"{ENVELOPE_FILE} is missing or too large")],
            signed,
            False,
        )
    try:
        envelope = parse_envelope(load_json(raw, source=ENVELOPE_FILE, limits=ENVELOPE_LIMITS))
    except (InputError, EnvelopeError) as exc:
        message = exc.render() if isinstance(exc, InputError) else str(exc)
        return (
            [Check("signature", "fail", f"the manifest is not a DSSE envelope: {message}")],
            signed,
            False,
        )
    embedded: PublicKey | None = None
    key_note = ""
    key_bytes = source.read(PUBLIC_KEY_FILE, 64 * 1024)
    if key_bytes is not None:
        try:
            embedded = parse_public_key(key_bytes, PUBLIC_KEY_FILE)
        except InputError as exc:
            key_note = f"{PUBLIC_KEY_FILE} is not an Ed25519 public key ({exc.message})"
    trusted = list(options.keys or [])
    # a signature by a trusted key counts, whatever other signatures the envelope holds;
    # only when there is none is the shipped key tried (to tell "edited" from "other key")
    signer = open_envelope(envelope, trusted) if trusted else None
    if signer is None and embedded is not None:
        signer = open_envelope(envelope, [embedded])
    claimed = ", ".join(sorted({s.keyid for s in envelope.signatures if s.keyid})) or "none"
    if envelope.payload_type != PAYLOAD_TYPE:
        checks.append(
            Check(
                "signature",
                "fail",
                f"payload type is {envelope.payload_type[:80]!r}, not {PAYLOAD_TYPE}",
            )
        )
    elif signer is None:
        checks.append(
            Check(
                "signature",
                "fail",
                "the signature does not match the manifest: it was changed after signing, or "
                f"signed by a key that neither you nor the site provides (key ID named: {claimed})",
                [key_note] if key_note else [],
            )
        )
    else:
        checks.append(
            Check(
                "signature", "pass", f"valid Ed25519 signature (DSSE v1) by key ID {signer.key_id}"
            )
        )
    signed.signer = signer
    trusted_ids = {k.key_id for k in trusted}
    if signer is not None and signer.key_id in trusted_ids:
        signed.trusted = True
        checks.append(
            Check("key", "pass", f"key ID {signer.key_id} is a key you trust ({signer.source})")
        )
    elif not trusted:
        shown = signer.key_id if signer else claimed
        checks.append(
            Check(
                "key",
                "fail",
                f"no trusted key given: the site says it was signed by key ID {shown}; compare it "
                "with the key ID the provider published and pass that key with --key or --keyring",
            )
        )
    else:
        shown = signer.key_id if signer else claimed
        checks.append(
            Check(
                "key",
                "fail",
                f"signed by key ID {shown}, which is not a key you trust "
                f"(trusted: {', '.join(sorted(trusted_ids))}): the site was re-signed with "
                "another key",
            )
        )
    try:
        statement = load_json(envelope.payload, source=ENVELOPE_FILE, limits=ENVELOPE_LIMITS)
        signed.subjects, signed.predicate = parse_statement(statement, PREDICATE_TYPE)
    except (InputError, StatementError) as exc:
        message = exc.render() if isinstance(exc, InputError) else str(exc)
        checks.append(Check("manifest", "fail", f"not a gpaikit site manifest: {message}"))
        return checks, signed, False
    claimed_id = (
        (signed.predicate.get("signer") or {}).get("key_id")
        if isinstance(signed.predicate.get("signer"), Mapping)
        else None
    )
    if signer is not None and claimed_id not in (None, signer.key_id):
        checks.append(
            Check(
                "manifest",
                "fail",
                f"the manifest names signer {claimed_id}, but key ID {signer.key_id} signed it",
            )
        )
    else:
        checks.append(
            Check(
                "manifest",
                "pass",
                f"in-toto Statement v1 ({PREDICATE_TYPE}) of {len(signed.subjects)} files",
            )
        )
    return checks, signed, True


def _files_check(
    source: SiteSource, subjects: Sequence[Subject], markers: Mapping[str, str]
) -> tuple[Check, dict[str, list[str]]]:
    """Hash every listed file (chunks) and compare; collect confidentiality markers met in
    text files on the way (the ``audience`` check reports them)."""
    expected = {s.name: s for s in subjects}
    failures = [f"{p}" for p in source.problems]
    found: dict[str, list[str]] = {}
    own = {ENVELOPE_FILE, PUBLIC_KEY_FILE}
    for name in sorted(source.sizes):
        if name in own:
            continue
        if name not in expected:
            what = (
                "in the signature folder"
                if name.startswith(SIGNATURE_DIR + "/")
                else "not in the manifest"
            )
            failures.append(f"{name}: extra file ({what})")
            data = source.read(name, 8 * 1024 * 1024) if name.endswith(_TEXT) else None
            for label, marker in markers.items():
                if data is not None and marker.encode("utf-8") in data:
                    found.setdefault(name, []).append(label)
    for name, subject in sorted(expected.items()):
        if name.split("/", 1)[0] == SIGNATURE_DIR:
            failures.append(f"{name}: the manifest lists a file of the signature folder")
            continue
        if name not in source.sizes:
            failures.append(f"{name}: missing (listed in the manifest)")
            continue
        size = source.sizes[name]
        if size != subject.size:
            failures.append(
                f"{name}: modified ({size:,} bytes, the manifest says {subject.size:,})"
            )
            continue
        digest = hashlib.sha256()
        text = name.endswith(_TEXT)
        tail = b""
        for chunk in source.chunks(name):
            digest.update(chunk)
            if text and markers:
                window = tail + chunk
                for label, marker in markers.items():
                    if marker.encode("utf-8") in window:
                        found.setdefault(name, []).append(label)
                tail = window[-256:]
        if digest.hexdigest() != subject.sha256:
            failures.append(f"{name}: modified (its SHA-256 differs from the manifest's)")
    for name in found:
        found[name] = sorted(set(found[name]))
    check = outcome(
        "files",
        failures,
        f"all {len(expected)} files present and unmodified, no extra file",
        "{n} problem(s) with the files",
    )
    return check, found


def _versions_check(predicate: Mapping[str, Any]) -> Check:
    tool, catalog = predicate.get("gpaikit_version"), predicate.get("catalog_version")
    failures = []
    if not isinstance(tool, str) or not _VERSION.fullmatch(tool):
        failures.append(f"gpaikit_version {str(tool)[:40]!r} is not a version")
    if not isinstance(catalog, str) or not re.fullmatch(r"sha256:[0-9a-f]{64}", catalog):
        failures.append(f"catalog_version {str(catalog)[:80]!r} is not a sha256 digest")
    if failures:
        return Check("versions", "fail", "the manifest's versions are malformed", failures)
    warn = []
    if tool != __version__:
        warn.append(f"built with gpaikit {tool}, verified with gpaikit {__version__}")
    if catalog != catalog_version():
        warn.append(
            f"built with catalog {catalog}, this installation has {catalog_version()}: the "
            f"completeness and consistency checks use this installation's form specs; install "
            f"gpaikit=={tool} to check against the same law data"
        )
    summary = f"built with gpaikit {tool}, catalog {str(catalog)[:19]}…"
    return Check("versions", "warn" if warn else "pass", summary, warn)


def _weights_check(data: SiteData, options: VerifyOptions) -> Check:
    if options.weights is None:
        return Check("weights", "skip", "no local copy of the weights given (--weights DIR)")
    carried = [m for m in data.models if m.weights is not None]
    if options.model is not None:
        carried = [m for m in carried if m.name == options.model]
    if not carried:
        return Check(
            "weights",
            "fail",
            "the site carries no weights manifest"
            + (f" for model {options.model!r}" if options.model else ""),
        )
    if len(carried) > 1:
        names = ", ".join(m.name for m in carried)
        return Check(
            "weights",
            "fail",
            f"several models carry a weights manifest ({names}); name one with --model",
        )
    model = carried[0]
    assert model.weights is not None
    rel, digest = model.weights
    raw = data.source.read(rel, 64 * 1024 * 1024)
    if raw is None:
        return Check("weights", "fail", f"{rel} is missing from the site")
    try:
        manifest = parse_weights_manifest(raw, rel)
    except InputError as exc:
        return Check("weights", "fail", exc.message)
    if "sha256:" + manifest.root_digest != digest:
        return Check(
            "weights", "fail", f"{rel} is not the weights manifest the site's manifest names"
        )
    return weights_result(check_weights(manifest, options.weights), f"model {model.name}")


def weights_result(result: Any, what: str) -> Check:
    """The ``weights`` check from a :class:`gpaikit.weights.WeightsCheck`."""
    failures = (
        [f"{n}: missing from the local copy" for n in result.missing]
        + [f"{n}: modified (SHA-256 differs)" for n in result.modified]
        + [f"{n}: extra file (not in the manifest)" for n in result.extra]
    )
    m = result.manifest
    return outcome(
        "weights",
        failures,
        f"{what}: all {len(m.resources)} files match (root digest sha256:{m.root_digest[:16]}…)",
        f"{what}: {{n}} file(s) differ from the weights manifest",
    )


def verify_source(source: SiteSource, options: VerifyOptions) -> SiteReport:
    """Run every check on one site."""
    checks, signed, readable = _signature_checks(source, options)
    audience = signed.predicate.get("audience")
    audience = audience if isinstance(audience, str) else None
    report = SiteReport(
        source.label,
        audience,
        signed.signer.key_id if signed.signer else None,
        signed.trusted,
        signed.predicate,
        checks,
        options.strict,
    )
    if not readable:
        for name in (
            "files",
            "versions",
            "audience",
            "completeness",
            "consistency",
            "version-chain",
            "weights",
        ):
            checks.append(Check(name, "skip", "the manifest could not be read"))
        return report
    models, problems = read_models(signed.predicate)
    if problems:
        manifest = report.check("manifest")
        assert manifest is not None
        manifest.status = "fail"
        manifest.summary = "the manifest's predicate is malformed"
        manifest.details.extend(problems)
    data = SiteData(source, audience, signed.subjects, models)
    files, marked = _files_check(source, signed.subjects, data.forbidden_markers())
    checks.append(files)
    checks.append(_versions_check(signed.predicate))
    checks.append(audience_check(data, marked))
    checks.append(completeness_check(data))
    checks.append(consistency_check(data))
    checks.append(chain_check(data, _previous_models(options, audience)))
    checks.append(_weights_check(data, options))
    if audience == "ai_office" and "data/assessment.json" in source.sizes:
        report.extra["assessment"] = assessment_summary(data.json("data/assessment.json"))
    return report


def _previous_models(options: VerifyOptions, audience: str | None) -> list[Any] | None:
    """The models of the earlier published site of the same audience (``--previous``)."""
    if options.previous is None:
        return None
    sources = open_sources(options.previous)
    try:
        for source in sources:
            _, signed, readable = _signature_checks(source, options)
            if readable and signed.predicate.get("audience") == audience:
                return read_models(signed.predicate)[0]
    finally:
        for source in sources:
            source.close()
    raise InputError(
        f"no signed site for the audience {audience!r} in the earlier dossier",
        hint="give the earlier build's OUT, or its site of the same audience",
    )


def verify_path(path: Path, options: VerifyOptions | None = None) -> list[SiteReport]:
    """Verify every site in ``path`` (a site folder, a build's ``OUT``, or a zip of either)."""
    options = options or VerifyOptions()
    sources = open_sources(Path(path))
    try:
        return [verify_source(source, options) for source in sources]
    finally:
        for source in sources:
            source.close()


def verify_weights_file(path: Path, options: VerifyOptions) -> SiteReport:
    """``gpaikit verify MANIFEST --weights DIR``: a weights manifest file on its own."""
    from gpaikit._untrusted import read_bytes
    from gpaikit.weights import WeightsManifest
    from gpaikit.weights._digest import MANIFEST_LIMITS

    raw = read_bytes(path, limits=MANIFEST_LIMITS, what="weights manifest")
    checks: list[Check] = []
    trusted = list(options.keys or [])
    manifest: WeightsManifest = parse_weights_manifest(raw, str(path))
    signer: str | None = None
    if manifest.signed:
        try:
            opened = parse_weights_manifest(raw, str(path), trusted) if trusted else None
        except InputError as exc:
            opened = None
            checks.append(Check("signature", "fail", exc.message))
        if opened is not None:
            signer = opened.signer
            checks.append(Check("signature", "pass", f"valid Ed25519 signature by key ID {signer}"))
            checks.append(Check("key", "pass", f"key ID {signer} is a key you trust"))
        elif not trusted:
            checks.append(Check("signature", "skip", "signed, but no key given to check it with"))
            checks.append(
                Check(
                    "key",
                    "fail",
                    f"no trusted key given (the manifest names key ID {manifest.signer}); pass "
                    "--key or --keyring",
                )
            )
        else:
            checks.append(Check("key", "fail", "signed by none of the keys you trust"))
    else:
        checks.append(Check("signature", "skip", "the weights manifest is not signed"))
    if options.weights is None:
        checks.append(
            Check("weights", "fail", "give the local copy of the weights with --weights DIR")
        )
    else:
        checks.append(
            weights_result(check_weights(manifest, options.weights), f"model {manifest.model}")
        )
    return SiteReport(str(path), None, signer, signer is not None, {}, checks, options.strict)

"""DSSE v1: the spec's test vector, envelope parsing rules, and keys."""

from __future__ import annotations

import base64
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from typer.testing import CliRunner

from gpaikit._exceptions import InputError, OutputError
from gpaikit.cli import app
from gpaikit.signing import (
    EnvelopeError,
    generate_key,
    load_private_key,
    load_public_key,
    open_envelope,
    pae,
    parse_envelope,
    sign_envelope,
)


def test_pae_is_the_spec_test_vector() -> None:
    # github.com/secure-systems-lab/dsse protocol.md, "Test Vectors"
    assert pae("http://example.com/HelloWorld", b"hello world") == (
        b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"
    )
    assert pae("", b"") == b"DSSEv1 0  0 "
    assert pae("t\u00e9", b"x") == "DSSEv1 3 t\u00e9 1 x".encode()  # byte length, not characters


def test_the_spec_signature_verifies_over_our_pae() -> None:
    """The spec's ECDSA P-256 signature is over PAE; it verifies against our encoding."""
    x = 46950820868899156662930047687818585632848591499744589407958293238635476079160
    y = 5640078356564379163099075877009565129882514886557779369047442380624545832820
    key = ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()
    raw = base64.b64decode(
        "A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA=="
    )
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    key.verify(der, pae("http://example.com/HelloWorld", b"hello world"), ec.ECDSA(hashes.SHA256()))
    envelope = parse_envelope(
        {
            "payload": "aGVsbG8gd29ybGQ=",
            "payloadType": "http://example.com/HelloWorld",
            "signatures": [{"sig": base64.b64encode(raw).decode()}],
        }
    )
    assert envelope.payload == b"hello world" and envelope.signatures[0].keyid == ""


def test_sign_and_open(tmp_path: Path) -> None:
    key = generate_key(tmp_path / "k")
    other = generate_key(tmp_path / "o")
    envelope = sign_envelope(b'{"a":1}', key)
    data = envelope.to_json()
    assert data["payloadType"] == "application/vnd.in-toto+json"
    assert data["signatures"][0]["keyid"] == key.key_id
    assert open_envelope(parse_envelope(data), [other.public, key.public]) == key.public
    assert open_envelope(parse_envelope(data), [other.public]) is None
    # URL-safe base64 without padding is accepted, as the spec requires
    data["sig_url"] = "ignored unknown field"
    data["signatures"][0]["sig"] = (
        base64.urlsafe_b64encode(envelope.signatures[0].sig).decode().rstrip("=")
    )
    assert open_envelope(parse_envelope(data), [key.public]) == key.public
    # the keyid is a hint only: a wrong one does not stop the right key, nor let a wrong key in
    data["signatures"][0]["keyid"] = other.key_id
    assert open_envelope(parse_envelope(data), [other.public, key.public]) == key.public
    # a changed payload type is authenticated too
    data["payloadType"] = "application/json"
    assert open_envelope(parse_envelope(data), [key.public]) is None


@pytest.mark.parametrize(
    "envelope",
    [
        [],
        {"payloadType": "x", "signatures": [{"sig": ""}]},
        {"payload": "", "signatures": [{"sig": ""}]},
        {"payload": "", "payloadType": "x"},
        {"payload": "", "payloadType": "x", "signatures": []},
        {"payload": "", "payloadType": "x", "signatures": [{"keyid": "k"}]},
        {"payload": "%%%", "payloadType": "x", "signatures": [{"sig": ""}]},
        {"payload": "", "payloadType": 3, "signatures": [{"sig": ""}]},
        {"payload": "", "payloadType": "x", "signatures": [{"sig": "A+_b"}]},
    ],
)
def test_malformed_envelopes(envelope: object) -> None:
    with pytest.raises(EnvelopeError):
        parse_envelope(envelope)


def test_keys_are_private_never_replaced_and_protected(tmp_path: Path) -> None:
    key = generate_key(tmp_path / "k", b"correct horse")
    assert stat.S_IMODE((tmp_path / "k").stat().st_mode) == 0o600
    assert b"ENCRYPTED" in (tmp_path / "k").read_bytes()
    assert load_public_key(tmp_path / "k.pub").key_id == key.key_id
    assert load_private_key(tmp_path / "k", b"correct horse").key_id == key.key_id
    with pytest.raises(InputError, match="wrong passphrase"):
        load_private_key(tmp_path / "k", b"wrong")
    with pytest.raises(InputError, match="no passphrase was given"):
        load_private_key(tmp_path / "k")
    with pytest.raises(OutputError, match="exists"):
        generate_key(tmp_path / "k")
    with pytest.raises(InputError, match="not a public key"):
        load_public_key(tmp_path / "k")


def test_keys_cli_reads_the_passphrase_from_env_and_never_prints_it(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"GPAIKIT_TEST_PASS": "s3cret-phrase"}
    done = runner.invoke(
        app,
        ["keys", "generate", str(tmp_path / "k"), "--passphrase-env", "GPAIKIT_TEST_PASS"],
        env=env,
    )
    assert done.exit_code == 0, done.output
    assert "s3cret-phrase" not in done.output and "encrypted" in done.output
    shown = runner.invoke(
        app, ["keys", "show", str(tmp_path / "k"), "--passphrase-env", "GPAIKIT_TEST_PASS"], env=env
    )
    assert shown.exit_code == 0 and "key ID:" in shown.output and "PRIVATE" not in shown.output
    public = runner.invoke(app, ["keys", "show", str(tmp_path / "k.pub")])
    assert (
        public.output.split("key ID:")[1].split()[0] == shown.output.split("key ID:")[1].split()[0]
    )
    missing = runner.invoke(
        app, ["keys", "show", str(tmp_path / "k"), "--passphrase-env", "NOPE_UNSET"]
    )
    assert missing.exit_code == 2 and "NOPE_UNSET" in missing.output
    again = runner.invoke(app, ["keys", "generate", str(tmp_path / "k")])
    assert again.exit_code == 2


def test_an_ssh_public_key_is_accepted(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization

    key = generate_key(tmp_path / "k")
    line = key.key.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    )
    (tmp_path / "id.pub").write_bytes(line + b" someone@example\n")
    assert load_public_key(tmp_path / "id.pub").key_id == key.key_id


def test_build_sign_with_an_encrypted_key(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"DOSSIER_PASS": "open sesame"}
    key = tmp_path / "k"
    assert (
        runner.invoke(
            app, ["keys", "generate", str(key), "--passphrase-env", "DOSSIER_PASS"], env=env
        ).exit_code
        == 0
    )
    ws = tmp_path / "ws"
    import shutil

    shutil.copytree(Path(__file__).resolve().parents[2] / "examples" / "open-weights-7b", ws)
    args = [
        "build",
        str(ws),
        "--out",
        str(tmp_path / "out"),
        "--as-of",
        "2026-11-28",
        "--no-record",
        "--sign",
        str(key),
    ]
    refused = runner.invoke(app, args)  # no terminal to ask in, no passphrase given
    assert refused.exit_code == 2 and "encrypted" in refused.output
    assert not (tmp_path / "out").exists()
    done = runner.invoke(app, [*args, "--passphrase-env", "DOSSIER_PASS"], env=env)
    assert done.exit_code == 0, done.output
    assert "open sesame" not in done.output
    checked = runner.invoke(app, ["verify", str(tmp_path / "out"), "--key", f"{key}.pub"])
    assert checked.exit_code == 0, checked.output

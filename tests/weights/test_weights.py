"""The weights manifest: model-signing format, streaming, local copies, MDF.GI.03, verify."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gpaikit._exceptions import InputError
from gpaikit.cli import app
from gpaikit.dossier import build_site
from gpaikit.signing import generate_key
from gpaikit.weights import (
    PREDICATE_TYPE,
    check_weights,
    digest_weights,
    load_weights_manifest,
    write_weights_manifest,
)
from tests.dossier.verify_helpers import AS_OF, FRONTIER, verdict

REPO = Path(__file__).resolve().parents[2]


def _model(root: Path) -> Path:
    folder = root / "tiny-model"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"hidden_size": 8, "num_hidden_layers": 1}))
    (folder / "tokenizer.json").write_text('{"model": {"type": "BPE"}}')
    (folder / "model-00001-of-00002.safetensors").write_bytes(b"\x08" + bytes(3 * 1024 * 1024 + 7))
    (folder / "model-00002-of-00002.safetensors").write_bytes(b"\x01" * 1000)
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: x")
    return folder


def test_manifest_is_the_model_signing_statement(tmp_path: Path) -> None:
    folder = _model(tmp_path)
    manifest = digest_weights(folder)
    names = [r.name for r in manifest.resources]
    assert names == sorted(names) and ".git/HEAD" not in names and len(names) == 4
    for r in manifest.resources:
        assert r.sha256 == hashlib.sha256((folder / r.name).read_bytes()).hexdigest()
    root = hashlib.sha256(b"".join(bytes.fromhex(r.sha256) for r in manifest.resources))
    assert manifest.root_digest == root.hexdigest()
    body = json.loads(manifest.statement())
    assert body["_type"] == "https://in-toto.io/Statement/v1"
    assert body["predicateType"] == PREDICATE_TYPE == "https://model_signing/signature/v1.0"
    assert body["subject"] == [{"name": "tiny-model", "digest": {"sha256": root.hexdigest()}}]
    assert body["predicate"]["serialization"]["method"] == "files"
    assert body["predicate"]["serialization"]["hash_type"] == "sha256"
    assert {"name", "algorithm", "digest"} <= set(body["predicate"]["resources"][0])


def test_signed_manifest_round_trip_and_local_copy(tmp_path: Path) -> None:
    folder = _model(tmp_path)
    key = generate_key(tmp_path / "k")
    other = generate_key(tmp_path / "o")
    out = tmp_path / "manifest.json"
    write_weights_manifest(digest_weights(folder), out, key)
    read = load_weights_manifest(out, [key.public])
    assert read.signed and read.signer == key.key_id
    with pytest.raises(InputError, match="not made by any key"):
        load_weights_manifest(out, [other.public])
    assert check_weights(read, folder).ok
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    shard = copy / "model-00002-of-00002.safetensors"
    shard.write_bytes(b"\x02" + shard.read_bytes()[1:])
    (copy / "tokenizer.json").unlink()
    (copy / "extra.bin").write_bytes(b"x")
    result = check_weights(read, copy)
    assert result.modified == ("model-00002-of-00002.safetensors",)
    assert result.missing == ("tokenizer.json",) and result.extra == ("extra.bin",)


def test_links_and_hostile_manifests_are_refused(tmp_path: Path) -> None:
    folder = _model(tmp_path)
    (folder / "link.safetensors").symlink_to(folder / "config.json")
    with pytest.raises(InputError, match="symbolic link"):
        digest_weights(folder)
    (folder / "link.safetensors").unlink()
    out = tmp_path / "m.json"
    write_weights_manifest(digest_weights(folder), out)
    body = json.loads(out.read_text())
    body["predicate"]["resources"][0]["name"] = "../../etc/passwd"
    out.write_text(json.dumps(body))
    with pytest.raises(InputError, match="safe relative path"):
        load_weights_manifest(out)
    body["predicate"]["resources"][0]["name"] = "config.json"
    body["subject"][0]["digest"]["sha256"] = "0" * 64
    out.write_text(json.dumps(body))
    with pytest.raises(InputError, match="not the digest of the files"):
        load_weights_manifest(out)


def test_mdf_authenticity_is_derived_and_verify_checks_the_weights(tmp_path: Path) -> None:
    folder = _model(tmp_path)
    key = generate_key(tmp_path / "k")
    ws = tmp_path / "ws"
    shutil.copytree(FRONTIER, ws)
    runner = CliRunner()
    target = ws / "artifacts" / "helios-ultra" / "weights" / "manifest.json"
    target.parent.mkdir(parents=True)
    done = runner.invoke(
        app, ["weights", "digest", str(folder), "--out", str(target), "--sign", str(tmp_path / "k")]
    )
    assert done.exit_code == 0, done.output
    manifest = load_weights_manifest(target)
    # the example states the authenticity by hand, naming no digest: inconsistent with the file
    build_site(ws, tmp_path / "typed", as_of=AS_OF, record=False, binary_formats=False, sign=key)
    report, status = verdict(tmp_path / "typed" / "ai_office", [key.public])
    assert status["consistency"] == "fail"
    assert "SITE.weights_digest: MDF.GI.03 of helios-ultra" in "\n".join(
        report.check("consistency").details  # type: ignore[union-attr]
    )
    config = ws / "gpaikit.yaml"
    config.write_text(
        "\n".join(line for line in config.read_text().splitlines() if "MDF.GI.03:" not in line)
    )
    build_site(ws, tmp_path / "out", as_of=AS_OF, record=False, binary_formats=False, sign=key)
    out = tmp_path / "out"
    docs = json.loads((out / "ai_office" / "data" / "documents.json").read_text())
    mdf = next(d for d in docs if d["form"] == "mdf")
    assert manifest.root_digest in mdf["values"]["MDF.GI.03"]
    assert (out / "national_authority" / "data" / "weights" / "helios-ultra.json").is_file()
    assert not (out / "public" / "data" / "weights").exists()
    assert not (out / "downstream_provider" / "data" / "weights").exists()
    report, status = verdict(out / "ai_office", [key.public], weights=folder)
    assert report.verified and status["weights"] == "pass", report.to_json()
    (folder / "config.json").write_text("{}")
    report, status = verdict(out / "ai_office", [key.public], weights=folder)
    assert status["weights"] == "fail"
    assert "config.json: modified" in "\n".join(report.check("weights").details)  # type: ignore[union-attr]
    pub = tmp_path / "k.pub"
    done = runner.invoke(app, ["verify", str(target), "--weights", str(folder), "--key", str(pub)])
    assert done.exit_code == 1 and "config.json: modified" in done.output


def test_weights_digest_cli_refuses_output_inside_the_folder(tmp_path: Path) -> None:
    folder = _model(tmp_path)
    done = CliRunner().invoke(
        app, ["weights", "digest", str(folder), "--out", str(folder / "m.json")]
    )
    assert done.exit_code == 2

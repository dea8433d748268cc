"""A signed dossier against every tampering a reviewer should catch, each reported by name."""

from __future__ import annotations

import base64
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gpaikit.cli import app
from gpaikit.dossier import AUDIENCES, ENVELOPE_FILE, VerifyOptions, build_site, verify_path
from gpaikit.signing import SigningKey, generate_key
from tests.dossier.verify_helpers import (
    AS_OF,
    FRONTIER,
    copy_site,
    details,
    resign,
    statement_of,
    verdict,
)

ALL_PASS = {"signature", "key", "manifest", "files", "versions", "audience", "version-chain"}


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SigningKey, SigningKey]:
    """The frontier lab's dossier signed with one key; a second, unrelated key."""
    root = tmp_path_factory.mktemp("signed")
    key = generate_key(root / "provider.key")
    other = generate_key(root / "intruder.key")
    ws = root / "ws"
    shutil.copytree(FRONTIER, ws)
    build_site(ws, root / "out", as_of=AS_OF, record=False, binary_formats=False, sign=key)
    return root / "out", key, other


@pytest.fixture
def public(signed: tuple[Path, SigningKey, SigningKey], tmp_path: Path) -> Path:
    return copy_site(signed[0] / "public", tmp_path / "public")


def test_every_audience_site_verifies_on_its_own(
    signed: tuple[Path, SigningKey, SigningKey], tmp_path: Path
) -> None:
    out, key, _ = signed
    for audience in AUDIENCES:
        alone = copy_site(out / audience, tmp_path / audience)  # no other audience's files
        report, status = verdict(alone, [key.public])
        assert report.verified, report.to_json()
        assert all(status[name] == "pass" for name in ALL_PASS)
        assert report.audience == audience


def test_a_changed_byte_is_a_modified_file(public: Path, signed: tuple) -> None:
    page = public / "docs" / "helios-ultra" / "copyright_policy" / "public.md"
    data = bytearray(page.read_bytes())
    data[100] ^= 1
    page.write_bytes(bytes(data))
    report, status = verdict(public, [signed[1].public])
    assert status["files"] == "fail" and status["signature"] == "pass"
    assert "docs/helios-ultra/copyright_policy/public.md: modified" in details(report, "files")


def test_a_removed_file_is_missing_and_the_document_incomplete(public: Path, signed: tuple) -> None:
    (public / "docs" / "helios-ultra" / "training_summary" / "public.html").unlink()
    report, status = verdict(public, [signed[1].public])
    assert status["files"] == "fail" and status["completeness"] == "fail"
    assert "training_summary/public.html: missing" in details(report, "files")


def test_an_added_file_is_extra(public: Path, signed: tuple) -> None:
    (public / "docs" / "note.html").write_text("<p>added later</p>")
    (public / "signature" / "extra.txt").write_text("x")
    report, status = verdict(public, [signed[1].public])
    assert status["files"] == "fail"
    text = details(report, "files")
    assert "docs/note.html: extra file" in text and "signature/extra.txt: extra file" in text


def test_an_edited_manifest_fails_the_signature(public: Path, signed: tuple) -> None:
    envelope = json.loads((public / ENVELOPE_FILE).read_text())
    body = json.loads(base64.b64decode(envelope["payload"]))
    body["predicate"]["provider"] = "Someone Else SA"
    envelope["payload"] = base64.b64encode(json.dumps(body).encode()).decode()
    (public / ENVELOPE_FILE).write_text(json.dumps(envelope))
    report, status = verdict(public, [signed[1].public])
    assert status["signature"] == "fail"
    assert "changed after signing" in details(report, "signature")
    assert not report.verified


def test_a_manifest_that_is_not_json_fails_by_name(public: Path, signed: tuple) -> None:
    (public / ENVELOPE_FILE).write_text("{not json")
    _report, status = verdict(public, [signed[1].public])
    assert status["signature"] == "fail" and status["files"] == "skip"


def test_resigned_with_another_key_fails_the_key(public: Path, signed: tuple) -> None:
    _, key, other = signed
    page = public / "docs" / "helios-ultra" / "copyright_policy" / "public.md"
    page.write_text(page.read_text() + "\nNothing to see.\n")
    resign(public, other)
    report, status = verdict(public, [key.public])
    assert status["signature"] == "pass" and status["files"] == "pass"
    assert status["key"] == "fail"
    assert other.key_id in details(report, "key") and "re-signed" in details(report, "key")


def test_without_a_trusted_key_the_key_check_fails(public: Path, signed: tuple) -> None:
    report, status = verdict(public, [])
    assert status["signature"] == "pass" and status["key"] == "fail"
    assert signed[1].key_id in details(report, "key")


def test_an_ai_office_file_dropped_into_the_public_site(public: Path, signed: tuple) -> None:
    out, key, _ = signed
    for rel in ("docs/helios-ultra/mdf/ai_office.html", "data/assessment.json"):
        target = public / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(out / "ai_office" / rel, target)
    report, status = verdict(public, [key.public])
    assert status["files"] == "fail" and status["audience"] == "fail"
    text = details(report, "audience")
    assert "docs/helios-ultra/mdf/ai_office.html: a file of the 'ai_office' site" in text
    assert "data/assessment.json" in text
    assert "confidentiality line of ai_office" in text
    # even when whoever dropped it signs the site again, the audience check catches it
    resign(public, key)
    report, status = verdict(public, [key.public])
    assert status["files"] == "pass" and status["audience"] == "fail"


def test_a_site_renamed_to_another_audience(signed: tuple, tmp_path: Path) -> None:
    out, key, _ = signed
    fake = copy_site(out / "downstream_provider", tmp_path / "public")
    report, status = verdict(fake, [key.public])
    assert status["audience"] == "fail"
    assert "named 'public'" in details(report, "audience")


def test_a_document_dropped_from_the_ai_office_site(signed: tuple, tmp_path: Path) -> None:
    out, key, _ = signed
    site = copy_site(out / "ai_office", tmp_path / "ai_office")
    shutil.rmtree(site / "docs" / "helios-ultra" / "ss_framework")
    entries = json.loads((site / "data" / "documents.json").read_text())
    kept = [e for e in entries if e["form"] != "ss_framework"]
    (site / "data" / "documents.json").write_text(json.dumps(kept))

    def drop(predicate: dict) -> None:
        for m in predicate["models"]:
            m["documents"] = [d for d in m["documents"] if d["form"] != "ss_framework"]

    resign(site, key, drop)
    report, status = verdict(site, [key.public])
    assert status["completeness"] == "fail"
    assert "ss_framework of helios-ultra: owed" in details(report, "completeness")


def test_edited_values_resigned_are_inconsistent(public: Path, signed: tuple) -> None:
    key = signed[1]
    path = public / "data" / "documents.json"
    entries = json.loads(path.read_text())
    entry = next(e for e in entries if e["form"] == "copyright_policy")
    entry["values"]["CP.1.2.crawls"] = False  # the summary says the model crawls
    path.write_text(json.dumps(entries))
    resign(public, key)
    report, status = verdict(public, [key.public])
    assert status["consistency"] == "fail"
    text = details(report, "consistency")
    assert "SITE.view_hash" in text and "SITE.document_json" in text and "SITE.same_value" in text


def test_zip_of_a_site_verifies_and_traversal_members_are_named(
    public: Path, signed: tuple, tmp_path: Path
) -> None:
    key = signed[1]
    good = tmp_path / "public.zip"
    with zipfile.ZipFile(good, "w") as z:
        for p in sorted(public.rglob("*")):
            if p.is_file():
                z.write(p, "public/" + p.relative_to(public).as_posix())
    report, status = verdict(good, [key.public])
    assert report.verified, report.to_json()
    bad = tmp_path / "evil.zip"
    shutil.copy(good, bad)
    with zipfile.ZipFile(bad, "a") as z:
        z.writestr("../../evil.txt", "x")
        z.writestr("/etc/cron.d/evil", "x")
        z.writestr("public\\docs\\x.html", "x")
        link = zipfile.ZipInfo("public/docs/link.html")
        link.external_attr = 0o120777 << 16
        z.writestr(link, "/etc/passwd")
    cwd = Path.cwd()
    report, status = verdict(bad, [key.public])
    assert Path.cwd() == cwd and not (tmp_path.parent / "evil.txt").exists()
    assert status["files"] == "fail"
    text = details(report, "files")
    assert "parent-directory reference" in text and "absolute path" in text
    assert "backslash" in text and "symbolic link" in text


def test_a_symbolic_link_in_a_site_folder_is_not_followed(
    public: Path, signed: tuple, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (public / "docs" / "secret.txt").symlink_to(secret)
    report, status = verdict(public, [signed[1].public])
    assert status["files"] == "fail"
    assert "docs/secret.txt: a symbolic link" in details(report, "files")


def test_hostile_subject_paths_are_refused(public: Path, signed: tuple) -> None:
    key = signed[1]
    from gpaikit.dossier import PREDICATE_TYPE
    from gpaikit.signing import sign_envelope

    body = statement_of(public)
    body["subject"].append(
        {"name": "../outside", "digest": {"sha256": "0" * 64}, "annotations": {"size": 1}}
    )
    payload = json.dumps(body).encode()
    envelope = sign_envelope(payload, key)
    (public / ENVELOPE_FILE).write_text(json.dumps(envelope.to_json()))
    assert body["predicateType"] == PREDICATE_TYPE
    report, status = verdict(public, [key.public])
    assert status["signature"] == "pass" and status["manifest"] == "fail"
    assert "parent-directory reference" in details(report, "manifest")


def test_cli_exit_codes_and_json(signed: tuple, public: Path, tmp_path: Path) -> None:
    out, key, _ = signed
    pub = tmp_path / "provider.pub"
    pub.write_text(key.public.pem())
    runner = CliRunner()
    done = runner.invoke(app, ["verify", str(out), "--key", str(pub), "--format", "json"])
    assert done.exit_code == 0, done.output
    data = json.loads(done.output)
    assert data["verified"] is True and len(data["sites"]) == len(AUDIENCES)
    (public / "data" / "documents.json").write_text("[]")
    done = runner.invoke(app, ["verify", str(public), "--key", str(pub)])
    assert done.exit_code == 1
    assert "FAIL  files" in done.output and "NOT VERIFIED" in done.output
    for unreadable in (tmp_path / "absent", pub):
        done = runner.invoke(app, ["verify", str(unreadable), "--key", str(pub)])
        assert done.exit_code == 2, done.output
    empty = tmp_path / "empty"
    empty.mkdir()
    done = runner.invoke(app, ["verify", str(empty), "--key", str(pub)])
    assert done.exit_code == 2 and "no signature/manifest.dsse.json" in done.output


def test_keyring(signed: tuple, tmp_path: Path) -> None:
    out, key, other = signed
    ring = tmp_path / "ring"
    ring.mkdir()
    (ring / "someone.pub").write_text(other.public.pem())
    (ring / "provider.pem").write_text(key.public.pem())
    done = CliRunner().invoke(app, ["verify", str(out / "public"), "--keyring", str(ring)])
    assert done.exit_code == 0, done.output


def test_signing_is_deterministic(signed: tuple, tmp_path: Path) -> None:
    out, key, _ = signed
    again = tmp_path / "again"
    build_site(out.parent / "ws", again, as_of=AS_OF, record=False, binary_formats=False, sign=key)
    for audience in AUDIENCES:
        assert (again / audience / ENVELOPE_FILE).read_bytes() == (
            out / audience / ENVELOPE_FILE
        ).read_bytes()
    assert statement_of(again / "public")["predicate"]["audience"] == "public"


def test_an_unsigned_audience_folder_in_a_build_is_a_failed_site(
    signed: tuple, tmp_path: Path
) -> None:
    out, key, _ = signed
    build = tmp_path / "out"
    shutil.copytree(out, build)
    shutil.rmtree(build / "national_authority" / "signature")
    reports = verify_path(build, VerifyOptions(keys=[key.public]))
    assert len(reports) == len(AUDIENCES)
    bad = next(r for r in reports if r.label.endswith("national_authority"))
    assert not bad.verified and bad.check("signature").status == "fail"  # type: ignore[union-attr]
    assert all(r.verified for r in reports if r is not bad)


def test_a_trusted_signature_counts_beside_another(public: Path, signed: tuple) -> None:
    _, key, other = signed
    envelope = json.loads((public / ENVELOPE_FILE).read_text())
    payload = base64.b64decode(envelope["payload"])
    from gpaikit.signing import sign_envelope

    intruder = sign_envelope(payload, other).to_json()["signatures"][0]
    envelope["signatures"].insert(0, intruder)
    (public / ENVELOPE_FILE).write_text(json.dumps(envelope))
    report, _status = verdict(public, [key.public])
    assert report.verified and report.signer == key.key_id


def test_the_public_manifest_gives_provisions_not_the_assessment(signed: tuple) -> None:
    out = signed[0]
    public = statement_of(out / "public")["predicate"]
    office = statement_of(out / "ai_office")["predicate"]
    for doc in public["models"][0]["documents"]:
        assert doc["reason"].startswith("owed under ") and "Art." not in doc["reason"]
        assert all(c["content_hash"] is None for c in doc["chain"])
    assert any("Art." in d["reason"] for d in office["models"][0]["documents"])


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 100_000,
        b'{"payload": NaN, "payloadType": "x", "signatures": []}',
        b'{"payload": "", "payload": "", "payloadType": "x", "signatures": [{"sig": ""}]}',
        b'{"payload": "' + b"A" * 1000 + b'", "payloadType": "application/vnd.in-toto+json", '
        b'"signatures": [{"sig": "AAAA"}]}',
        b"\xff\xfe not utf-8",
        b"",
    ],
    ids=["deep", "nan", "repeated-key", "junk-payload", "not-utf8", "empty"],
)
def test_hostile_envelopes_fail_the_signature_check(
    public: Path, signed: tuple, content: bytes
) -> None:
    (public / ENVELOPE_FILE).write_bytes(content)
    report, status = verdict(public, [signed[1].public])
    assert status["signature"] == "fail" and not report.verified


def test_catalog_consistency_findings_of_the_build_fail_the_ai_office_site(
    tmp_path: Path,
) -> None:
    key = generate_key(tmp_path / "k")
    ws = tmp_path / "ws"
    shutil.copytree(FRONTIER, ws)
    config = ws / "gpaikit.yaml"
    config.write_text(
        config.read_text().replace(
            "    answers:\n",
            '    answers:\n      MDF.CR.02b: "9.1e23"\n      MDF.CR.02a: "1e23"\n',
            1,
        )
    )
    build_site(ws, tmp_path / "out", as_of=AS_OF, record=False, binary_formats=False, sign=key)
    report, status = verdict(tmp_path / "out" / "ai_office", [key.public])
    assert status["consistency"] == "fail"
    assert "CHK.compute_assessment (found by the signed build): mdf MDF.CR.02b" in details(
        report, "consistency"
    )
    # the other audiences' manifests do not carry the findings (they quote AI Office figures)
    public = statement_of(tmp_path / "out" / "public")["predicate"]
    assert "consistency" not in public["models"][0]

"""Operating the portal: publishing immutable versions, migrations, the audit chain, backups
that move between SQLite and PostgreSQL, the incident board, and the `gpaikit` commands."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient
from portal_helpers import (
    AS_OF,
    PROVIDER_KEY,
    REPO,
    TRUSTED,
    Clients,
    make_clients,
    settings_for,
)
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from gpaikit._exceptions import InputError, OutputError
from gpaikit.assess import assess
from gpaikit.cli import app as cli
from gpaikit.dossier import build_site
from gpaikit.portal import Database, create_app, open_database, publish_site, verify_audit
from gpaikit.portal._backup import backup, restore
from gpaikit.portal._db import schema_revision
from gpaikit.portal._incidents import sync_incidents
from gpaikit.portal._tables import (
    Attachment,
    AuditRow,
    Base,
    Blob,
    Incident,
    IncidentClock,
    SiteFile,
    Version,
)
from gpaikit.signing import PublicKey, SigningKey
from gpaikit.workspace import load_workspace

runner = CliRunner()


def test_the_migrations_make_exactly_the_schema_the_code_uses(db: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert diff == []
    assert schema_revision(db) == "0001"
    open_database(db.url).dispose()  # migrating again is a no-op


def test_publishing_keeps_every_version_and_changes_none(
    db: Database, demo_site: Path, tmp_path: Path
) -> None:
    first = publish_site(db, demo_site, actor="test", keys=TRUSTED)
    again = publish_site(db, demo_site, actor="test", keys=TRUSTED)
    assert (first.version, first.created, again.version, again.created) == (1, True, 1, False)
    assert first.checks[0].verified and first.checks[0].signer == PROVIDER_KEY.key_id
    # a new build of the same workspace records version 2 of each changed document, chained to
    # the version 1 readers have seen: it extends the published one
    ws = tmp_path / "frontier-lab"
    shutil.copytree(REPO / "examples" / "frontier-lab", ws)
    later = AS_OF + dt.timedelta(days=1)
    build_site(ws, tmp_path / "v1", as_of=AS_OF, sign=PROVIDER_KEY)
    build_site(ws, tmp_path / "site", as_of=later, sign=PROVIDER_KEY)
    fresh = open_database(f"sqlite:///{tmp_path / 'chain.sqlite3'}")
    try:
        assert publish_site(fresh, tmp_path / "v1", actor="test", keys=TRUSTED).version == 1
        assert publish_site(fresh, tmp_path / "site", actor="test", keys=TRUSTED).version == 2
        _both_versions_served(fresh, later)
    finally:
        fresh.dispose()
    # the demo's version 1 was published; a site whose version 1 says something else would
    # silently replace what readers have seen: refused, nothing stored
    changed = _copy(REPO / "examples" / "frontier-lab", tmp_path / "changed")
    build_site(changed, tmp_path / "changed-site", as_of=later, record=False, sign=PROVIDER_KEY)
    with pytest.raises(InputError, match=r"version 1 published before is not in the chain"):
        publish_site(db, tmp_path / "changed-site", actor="test", keys=TRUSTED)
    with db.read() as s:
        assert s.scalar(select(func.max(Version.id))) == 1
    # the same documents built elsewhere are the same version (no builder's path in a site)
    same = _copy(REPO / "examples" / "frontier-lab", tmp_path / "elsewhere")
    build_site(same, tmp_path / "same", as_of=AS_OF, record=False, sign=PROVIDER_KEY)
    second = publish_site(db, tmp_path / "same", actor="test", keys=TRUSTED)
    assert (second.version, second.created) == (1, False)
    for statement in (
        "UPDATE site_files SET path = 'x' WHERE version_id = 1",
        "DELETE FROM versions WHERE id = 1",
        "UPDATE blobs SET size = 0",
    ):
        with pytest.raises(DBAPIError, match="append-only"), db.write() as s:
            s.execute(text(statement))
    with db.read() as s:
        assert s.scalar(select(SiteFile.path).where(SiteFile.version_id == 1).limit(1)) != "x"


def _both_versions_served(db: Database, later: dt.date) -> None:
    c = make_clients(db, [])
    try:
        old = c["anonymous"].get("/public/v/1/index.html").text
        new = c["anonymous"].get("/public/v/2/index.html").text
        assert later.isoformat() in new and later.isoformat() not in old
        assert (
            c["anonymous"].get("/public/", follow_redirects=False).headers["location"]
            == "/public/v/2/"
        )
        versions = c["anonymous"].get("/versions").text
        assert "/public/v/1/" in versions and PROVIDER_KEY.key_id in versions
    finally:
        c.close()


def _copy(site: Path, to: Path) -> Path:
    shutil.copytree(site, to)
    return to


def test_publish_refuses_a_site_that_fails_verification(
    db: Database, demo_site: Path, tmp_path: Path
) -> None:
    def refused(site: Path, match: str, keys: tuple[PublicKey, ...] = TRUSTED) -> None:
        with pytest.raises(InputError, match=match):
            publish_site(db, site, actor="test", keys=keys)

    bad = _copy(demo_site, tmp_path / "site")
    records = json.loads((bad / "public" / "data" / "documents.json").read_text())
    records[0]["recipient"] = "ai_office"  # an edit after signing
    (bad / "public" / "data" / "documents.json").write_text(json.dumps(records))
    refused(bad, r"verification failed \(public: files: ")
    refused(demo_site, "no trusted public key", keys=())
    other = SigningKey(Ed25519PrivateKey.generate())
    refused(demo_site, r"key: signed by key ID .* not a key you trust", keys=(other.public,))
    # the AI Office's correctly signed site in the public folder: the wrong audience
    swapped = _copy(demo_site, tmp_path / "swapped")
    shutil.rmtree(swapped / "public")
    shutil.copytree(demo_site / "ai_office", swapped / "public")
    refused(swapped, "signed for 'ai_office', but the site is in the 'public' folder")
    unsigned = tmp_path / "unsigned"
    ws = _copy(REPO / "examples" / "frontier-lab", tmp_path / "ws")
    build_site(ws, unsigned, as_of=AS_OF, record=False)
    refused(unsigned, "public: not a signed dossier site")
    link = _copy(demo_site, tmp_path / "linked")
    (link / "public" / "secret.html").symlink_to(demo_site / "ai_office" / "index.html")
    refused(link, "symbolic link")
    stray = _copy(demo_site, tmp_path / "stray")
    (stray / "drafts").mkdir()
    refused(stray, "unexpected folder")
    with db.read() as s:
        assert s.scalar(select(Version.id)) is None  # nothing half-imported


def test_the_audit_chain_detects_an_edit_and_a_wrong_anchor(
    portal: Callable[..., Clients],
) -> None:
    c = portal()
    db = c.db
    c["downstream"].get("/downstream/v/1/index.html")  # an access is logged
    report = verify_audit(db)
    assert report.ok and report.entries >= 10
    with db.read() as s:
        actions = set(s.scalars(select(AuditRow.action)))
    assert {"version.publish", "site.view", "session.open", "token.add"} <= actions
    assert verify_audit(db, (3, report.head_hash)).ok is False  # a wrong anchor
    with db.read() as s:
        third = s.scalar(select(AuditRow.hash).where(AuditRow.seq == 3))
    assert third is not None and verify_audit(db, (3, third)).ok
    _tamper(db, "UPDATE audit_log SET actor = 'someone else' WHERE seq = 3")
    broken = verify_audit(db)
    assert not broken.ok and "entry 3 was changed" in (broken.problem or "")
    result = runner.invoke(cli, ["portal", "audit-verify", "--db", db.url])
    assert result.exit_code == 1 and "BROKEN" in result.output


def test_the_audit_chain_detects_a_removed_entry(portal: Callable[..., Clients]) -> None:
    db = portal().db
    _tamper(db, "DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)")
    assert "missing" in (verify_audit(db).problem or "")


def _tamper(db: Database, statement: str) -> None:
    """What someone with the database's owner rights could do: lift the triggers, edit."""
    with db.write() as s:
        if db.dialect == "postgresql":
            s.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
            s.execute(text(statement))
            s.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))
        else:
            s.execute(text("DROP TRIGGER audit_log_no_update"))
            s.execute(text("DROP TRIGGER audit_log_no_delete"))
            s.execute(text(statement))


def test_a_backup_restores_into_the_other_database(
    portal: Callable[..., Clients], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    c = portal()
    db = c.db
    c.post(
        "downstream",
        "/downstream/requests",
        {"subject": "s", "body": "b"},
        files=[("files", ("a.pdf", b"%PDF-1.4 a", "application/pdf"))],
    )
    tokens = dict(c.tokens)
    archive = tmp_path / "backup.zip"
    manifest = backup(db, archive)
    assert manifest["tables"]["versions"]["rows"] == 1
    with pytest.raises(OutputError, match="exists"):
        backup(db, archive)
    # restore into the other kind of database
    if db.dialect == "sqlite":
        cluster = request.getfixturevalue("pg_cluster")
        target_url = cluster.create_database(
            f"restore_{tmp_path.name[-20:]}", template="portal_template"
        )
    else:
        target_url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    target = open_database(target_url)
    try:
        counts = restore(target, archive)
        assert counts["site_files"] == manifest["tables"]["site_files"]["rows"]
        assert (
            verify_audit(target).ok
            and verify_audit(target).head_hash == manifest["audit_head"]["hash"]
        )
        app = create_app(settings_for(target), db=target)
        with TestClient(app, base_url="https://testserver") as client:
            token = {"Authorization": f"Bearer {tokens['responder']}"}  # tokens survive
            assert [r["subject"] for r in client.get("/api/v1/requests", headers=token).json()] == [
                "s"
            ]
            assert client.get("/public/v/1/index.html").status_code == 200
        with target.read() as s:
            blob = s.scalar(select(Blob.data).join(Attachment, Attachment.sha256 == Blob.sha256))
            assert blob == b"%PDF-1.4 a"
        with pytest.raises(InputError, match="not empty"):
            restore(target, archive)
    finally:
        target.dispose()


def test_a_changed_backup_is_refused(db: Database, demo_site: Path, tmp_path: Path) -> None:
    publish_site(db, demo_site, actor="test", keys=TRUSTED)
    archive = tmp_path / "backup.zip"
    backup(db, archive)
    changed = tmp_path / "changed.zip"
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(changed, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "tables/audit_log.jsonl":
                data = data.replace(b'"actor": "test"', b'"actor": "tset"', 1)
            dst.writestr(info, data)
    fresh = open_database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    try:
        with pytest.raises(InputError, match="does not match"):
            restore(fresh, changed)
        with pytest.raises(InputError, match="not a gpaikit portal backup"):
            restore(
                fresh,
                demo_site / "public" / "docs" / "helios-ultra" / "training_summary" / "public.docx",
            )
    finally:
        fresh.dispose()


def test_the_incident_board_shows_the_workspace_clocks(db: Database, demo_site: Path) -> None:
    ws = REPO / "examples" / "frontier-lab"
    assert sync_incidents(db, ws, AS_OF, "test") == 2
    result = assess(load_workspace(ws), as_of=AS_OF)
    expected = {
        (c.incident, c.clock, c.due_date)
        for m in result.models
        for c in (m.safety.clocks if m.safety else ())
        if c.incident and c.status != "not_applicable"
    }
    with db.read() as s:
        synced = {(k.incident_id, k.clock, k.due_on) for k in s.scalars(select(IncidentClock))}
        titles = set(s.scalars(select(Incident.title)))
    assert synced == expected and len(titles) == 2
    c = make_clients(db, [])
    try:
        board = c["editor"].get("/staff/incidents").text
        assert "INC-2026-001" in board and "INC-2026-002" in board
        api = c["admin"].get("/api/v1/due?open_only=false", headers=c.api("admin")).json()
        assert {d["kind"] for d in api} == {"incident"}
    finally:
        c.close()
    assert sync_incidents(db, ws, AS_OF, "test") == 2  # a sync replaces the board


def test_the_commands(db: Database, demo_site: Path, tmp_path: Path) -> None:
    url = db.url
    unkeyed = runner.invoke(cli, ["portal", "publish", str(demo_site), "--db", url])
    assert unkeyed.exit_code != 0 and "no trusted public key" in unkeyed.output
    key = tmp_path / "provider.pub"
    key.write_text(PROVIDER_KEY.public.pem())
    publish = ["portal", "publish", str(demo_site), "--db", url, "--key", str(key)]
    out = runner.invoke(cli, publish)
    assert out.exit_code == 0 and "published as version 1" in out.output
    assert f"verified: signed by key ID {PROVIDER_KEY.key_id}" in out.output
    assert "already published as version 1" in runner.invoke(cli, publish).output
    assert (
        runner.invoke(
            cli, ["portal", "add-organisation", "AI Office", "--kind", "authority", "--db", url]
        ).exit_code
        == 0
    )
    assert runner.invoke(cli, ["portal", "add-organisation", "Acme", "--db", url]).exit_code == 0
    added = runner.invoke(
        cli,
        [
            "portal",
            "add-user",
            "ops@provider.example",
            "--role",
            "admin",
            "--password-stdin",
            "--db",
            url,
        ],
        input="a long enough password\n",
    )
    assert added.exit_code == 0, added.output
    dp = runner.invoke(
        cli,
        [
            "portal",
            "add-user",
            "x@acme.example",
            "--role",
            "downstream",
            "--organisation",
            "Acme",
            "--db",
            url,
        ],
    )
    assert dp.exit_code == 0 and "with password" in dp.output
    invited = runner.invoke(
        cli, ["portal", "invite", "AI Office", "r@ec.example", "--days", "5", "--db", url]
    )
    assert invited.exit_code == 0 and "/authority/enter/inv_" in invited.output
    token = runner.invoke(cli, ["portal", "token", "ops@provider.example", "--db", url])
    assert token.exit_code == 0 and token.output.strip().startswith("gpk_")
    bad = runner.invoke(
        cli, ["portal", "add-user", "y@acme.example", "--role", "root", "--db", url]
    )
    assert bad.exit_code == 2 and "unknown role" in bad.output
    synced = runner.invoke(
        cli,
        [
            "portal",
            "sync-incidents",
            str(REPO / "examples" / "frontier-lab"),
            "--as-of",
            "2026-11-28",
            "--db",
            url,
        ],
    )
    assert synced.exit_code == 0 and "synced 2 incident" in synced.output
    verified = runner.invoke(cli, ["portal", "audit-verify", "--db", url])
    assert verified.exit_code == 0 and "audit log intact" in verified.output
    archive = tmp_path / "b.zip"
    assert runner.invoke(cli, ["portal", "backup", str(archive), "--db", url]).exit_code == 0
    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    restored = runner.invoke(cli, ["portal", "restore", str(archive), "--db", fresh])
    assert restored.exit_code == 0 and "restored" in restored.output
    unknown = runner.invoke(cli, ["portal", "audit-verify", "--db", "mysql://x/y"])
    assert unknown.exit_code == 2 and "unsupported database" in unknown.output


def test_gpaikit_calendar_adds_the_portals_open_items(portal: Callable[..., Clients]) -> None:
    c = portal()
    db = c.db
    c.post("downstream", "/downstream/requests", {"subject": "Evaluation details", "body": "?"})
    ws = REPO / "examples" / "frontier-lab"
    plain = runner.invoke(cli, ["calendar", str(ws), "--as-of", "2026-11-28"])
    both = runner.invoke(cli, ["calendar", str(ws), "--as-of", "2026-11-28", "--portal-db", db.url])
    assert plain.exit_code == 0 and both.exit_code == 0, both.output
    feed = both.output.replace("\r\n", "\n").replace("\n ", "").replace("\\,", ",")
    assert "Evaluation details" not in plain.output and "Evaluation details" in feed
    assert "Transparency chapter, Measure 1.2 (CLOCK.downstream_request)" in feed
    assert feed.count("BEGIN:VEVENT") == plain.output.count("BEGIN:VEVENT") + 1
    received = dt.date.today()
    assert (received + dt.timedelta(days=14)).strftime("%Y%m%d") in feed

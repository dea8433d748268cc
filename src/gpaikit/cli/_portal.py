"""`gpaikit serve` and `gpaikit portal ...`: the provider's portal (the ``server`` extra).

Every command opens the database named by ``--db`` (or ``GPAIKIT_PORTAL_DB``; a SQLite file by
default) and migrates it to the current schema first.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gpaikit._exceptions import InputError
from gpaikit.cli._errors import EXIT_FAILED_CHECK, handles_errors
from gpaikit.cli._options import parse_as_of
from gpaikit.cli._safe import echo
from gpaikit.cli._verify import KeyOption, KeyringOption, trusted_keys

if TYPE_CHECKING:
    from gpaikit.portal import Database

__all__ = ["app", "open_portal_db", "serve_command"]

app = typer.Typer(
    help="The provider's portal: publish dossiers, accounts, audit log, backups.",
    no_args_is_help=True,
)
CLI_ACTOR = "cli"
Db = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="GPAIKIT_PORTAL_DB",
        help="Database URL: sqlite:///FILE or postgresql://user@host/db.",
    ),
]
DEFAULT = "sqlite:///gpaikit-portal.sqlite3"


@contextmanager
def portal_db(url: str) -> Iterator[Database]:
    """The portal's database for one command, closed when the command ends."""
    database = open_portal_db(url)
    try:
        yield database
    finally:
        database.dispose()


def open_portal_db(url: str) -> Database:
    """The portal's database, migrated; a clear error when the ``server`` extra is missing."""
    try:
        from gpaikit.portal import open_database
    except ImportError as exc:
        raise InputError(
            f"the portal needs the server extra ({exc.name} is not installed)",
            hint="pip install 'gpaikit[server]'",
        ) from None
    try:
        return open_database(url)
    except InputError:
        raise
    except Exception as exc:  # a database that cannot be reached: say which and why
        reason = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
        raise InputError(f"cannot open the database {url!r}: {reason}") from None


@handles_errors
def serve_command(
    db: Db = DEFAULT,
    host: Annotated[str, typer.Option(help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    title: Annotated[str, typer.Option(help="The portal's name on every page.")] = "AI Act portal",
    insecure_cookies: Annotated[
        bool,
        typer.Option(
            "--insecure-cookies",
            help="Send cookies without the Secure flag (plain-HTTP tests on loopback only).",
        ),
    ] = False,
    complaint_days: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=365,
            help="Internal service level for complaints in days (the Code says 'reasonable "
            "time'; default: CLOCK.complaint_service_level).",
        ),
    ] = None,
    timezone: Annotated[str, typer.Option(help="Time zone of due dates.")] = "UTC",
    trust_forwarded: Annotated[
        bool,
        typer.Option("--trust-forwarded", help="Behind a reverse proxy: trust X-Forwarded-For."),
    ] = False,
) -> None:
    """Run the portal (FastAPI with uvicorn) on the database --db."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            f"unknown time zone {timezone!r}", hint="for example Europe/Brussels"
        ) from None
    database = open_portal_db(db)
    import uvicorn

    from gpaikit.portal import PortalSettings, create_app

    settings = PortalSettings(
        db_url=db,
        title=title,
        cookie_secure=not insecure_cookies,
        complaint_days=complaint_days,
        timezone=timezone,
        trust_forwarded=trust_forwarded,
    )
    echo(f"gpaikit portal on http://{host}:{port}/ (database {database.dialect})")
    uvicorn.run(
        create_app(settings, db=database),
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=trust_forwarded,
        server_header=False,
    )


@app.command("publish")
@handles_errors
def publish_command(
    site: Annotated[
        Path, typer.Argument(help="The --out of gpaikit build (one folder per audience).")
    ],
    db: Db = DEFAULT,
    key: KeyOption = None,
    keyring: KeyringOption = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Refuse a site on verify's warnings too (unanswered required items, versions).",
        ),
    ] = False,
    note: Annotated[str | None, typer.Option(help="A note shown with the version.")] = None,
) -> None:
    """Verify a signed, built dossier (gpaikit verify's checks, with the trusted --key or
    --keyring) and import it as the next immutable version; a site that fails is refused."""
    from gpaikit.portal import publish_site

    keys = trusted_keys(key, keyring) or []
    with portal_db(db) as database:
        result = publish_site(database, site, actor=CLI_ACTOR, note=note, keys=keys, strict=strict)
    verb = "published as" if result.created else "already published as"
    sites = ", ".join(result.audiences)
    echo(f"{site}: {verb} version {result.version} ({result.files} files; {sites})")
    for check in result.checks:
        echo(f"  {check.audience}: {check.summary}")


@app.command("audit-verify")
@handles_errors
def audit_verify_command(
    db: Db = DEFAULT,
    anchor: Annotated[
        str | None,
        typer.Option(help="SEQ:HASH of an entry noted earlier; fails if it changed or is gone."),
    ] = None,
) -> None:
    """Recompute the audit log's hash chain; exit 1 when it is broken."""
    from gpaikit.portal import verify_audit

    pin = None
    if anchor is not None:
        seq, _, digest = anchor.partition(":")
        if not seq.isdigit() or len(digest) != 64:
            raise typer.BadParameter(
                "use SEQ:HASH (a number and 64 hex digits)", param_hint="--anchor"
            )
        pin = (int(seq), digest.lower())
    with portal_db(db) as database:
        report = verify_audit(database, pin)
    if not report.ok:
        echo(f"audit log BROKEN after {report.entries} good entries: {report.problem}")
        raise typer.Exit(EXIT_FAILED_CHECK)
    echo(f"audit log intact: {report.entries} entries; head {report.head_seq}:{report.head_hash}")


@app.command("backup")
@handles_errors
def backup_command(
    out: Annotated[Path, typer.Argument(help="The backup file to write (.zip).")],
    db: Db = DEFAULT,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write a logical backup (portable between SQLite and PostgreSQL)."""
    from gpaikit.portal._backup import backup

    with portal_db(db) as database:
        manifest = backup(database, out, force=force)
    rows = sum(t["rows"] for t in manifest["tables"].values())
    echo(f"wrote {out}: {rows} rows, audit head {manifest['audit_head']['seq']}")


@app.command("restore")
@handles_errors
def restore_command(
    source: Annotated[Path, typer.Argument(help="A backup written by gpaikit portal backup.")],
    db: Db = DEFAULT,
) -> None:
    """Restore a backup into an empty database (checks every hash and the audit chain first)."""
    from gpaikit.portal._backup import restore

    with portal_db(db) as database:
        counts = restore(database, source)
    echo(f"restored {sum(counts.values())} rows from {source}")


@app.command("add-organisation")
@handles_errors
def organisation_command(
    name: Annotated[str, typer.Argument(help="The organisation's name.")],
    kind: Annotated[str, typer.Option(help="downstream or authority.")] = "downstream",
    audience: Annotated[
        str | None,
        typer.Option(help="ai_office or national_authority (authorities only)."),
    ] = None,
    db: Db = DEFAULT,
) -> None:
    """Add a downstream provider or an authority."""
    from gpaikit.portal import add_organisation

    chosen = audience or ("downstream_provider" if kind == "downstream" else "ai_office")
    with portal_db(db) as database:
        add_organisation(database, name, kind, chosen, CLI_ACTOR)
    echo(f"added {kind} {name} ({chosen})")


@app.command("add-user")
@handles_errors
def user_command(
    email: Annotated[str, typer.Argument(help="The user's e-mail (the login).")],
    role: Annotated[str, typer.Option(help="admin, editor, responder or downstream.")],
    organisation: Annotated[
        str | None, typer.Option(help="The downstream provider this user belongs to.")
    ] = None,
    name: Annotated[str, typer.Option(help="Display name.")] = "",
    password_stdin: Annotated[
        bool,
        typer.Option("--password-stdin", help="Read the password from standard input."),
    ] = False,
    db: Db = DEFAULT,
) -> None:
    """Add an account; without --password-stdin a password is generated and printed once."""
    from gpaikit.portal import add_user
    from gpaikit.portal._secrets import new_token

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else new_token()[:24]
    with portal_db(db) as database:
        add_user(database, email, password, role, CLI_ACTOR, name=name, organisation=organisation)
    echo(f"added {role} {email}" + ("" if password_stdin else f" with password {password}"))


@app.command("invite")
@handles_errors
def invite_command(
    authority: Annotated[
        str, typer.Argument(help="The authority (an organisation of kind authority).")
    ],
    email: Annotated[str, typer.Argument(help="The reviewer's e-mail.")],
    days: Annotated[int, typer.Option(min=1, max=3650, help="How long the invitation lasts.")] = 30,
    name: Annotated[str, typer.Option(help="The reviewer's name.")] = "",
    base_url: Annotated[
        str, typer.Option(help="The portal's public address.")
    ] = "http://127.0.0.1:8000/",
    db: Db = DEFAULT,
) -> None:
    """Invite an authority's reviewer; prints the time-limited link once."""
    from gpaikit.portal import PortalSettings, invite

    with portal_db(db) as database:
        token, expires = invite(database, authority, email, name, days, PortalSettings(), CLI_ACTOR)
    link = f"{base_url.rstrip('/')}/authority/enter/{token}"
    echo(f"{link}  (valid until {expires:%Y-%m-%d %H:%M} UTC)")


@app.command("token")
@handles_errors
def token_command(
    email: Annotated[str, typer.Argument(help="The user the token acts as.")],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "token",
    days: Annotated[
        int | None, typer.Option(min=1, max=3650, help="Expire after this many days.")
    ] = None,
    db: Db = DEFAULT,
) -> None:
    """Create an API token (shown once; only its hash is kept)."""
    from gpaikit.portal import create_api_token

    with portal_db(db) as database:
        echo(create_api_token(database, email, name, CLI_ACTOR, days))


@app.command("sync-incidents")
@handles_errors
def sync_command(
    directory: Annotated[Path, typer.Argument(help="Workspace directory.")] = Path(),
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Date the clocks are computed for.")
    ] = None,
    db: Db = DEFAULT,
) -> None:
    """Copy the workspace's incident log and its clocks to the portal's incident board."""
    from gpaikit.portal._incidents import sync_incidents

    with portal_db(db) as database:
        count = sync_incidents(database, directory, parse_as_of(as_of), CLI_ACTOR)
    echo(f"synced {count} incident(s) from {directory}")


def portal_entries(url: str, as_of: dt.date) -> list[object]:
    """The portal's open items for `gpaikit calendar --portal-db`."""
    from gpaikit.law import load_catalog
    from gpaikit.portal import portal_due_entries

    with portal_db(url) as database:
        return list(portal_due_entries(database, load_catalog(), as_of))

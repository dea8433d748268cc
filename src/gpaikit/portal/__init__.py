"""The provider's portal: each audience's published dossier, and the requests that come back.

``gpaikit serve`` runs it; ``gpaikit portal publish SITE --key PUB`` verifies a signed, built
dossier (``gpaikit verify``'s checks) and imports it as an immutable version. The public reads
the public documents and files copyright complaints; downstream providers (an account per
organisation) read their documentation and request more; reviewers of the AI Office and
national authorities, invited with a time-limited token, read theirs and make requests with a
deadline; the provider's staff answer on the catalog's clocks. Every access to non-public
content and every change goes to a hash-chained audit log::

    from gpaikit.portal import PortalSettings, create_app, open_database, publish_site
    db = open_database("sqlite:///portal.sqlite3")
    key = load_public_key(Path("out/demo.key.pub"))  # gpaikit.signing
    publish_site(db, Path("out/site"), actor="cli", keys=[key])
    app = create_app(PortalSettings(db_url="sqlite:///portal.sqlite3"), db=db)

Needs the ``server`` extra (FastAPI, SQLAlchemy, Alembic, argon2-cffi, psycopg).
"""

from gpaikit.portal._accounts import (
    ROLES,
    Principal,
    add_organisation,
    add_user,
    create_api_token,
    invite,
)
from gpaikit.portal._app import create_app
from gpaikit.portal._audit import AuditReport, verify_audit
from gpaikit.portal._clocks import Due, due_items, portal_due_entries
from gpaikit.portal._db import Database, open_database
from gpaikit.portal._publish import PublishResult, publish_site
from gpaikit.portal._settings import DEFAULT_DB, PortalSettings

__all__ = [
    "DEFAULT_DB",
    "ROLES",
    "AuditReport",
    "Database",
    "Due",
    "PortalSettings",
    "Principal",
    "PublishResult",
    "add_organisation",
    "add_user",
    "create_api_token",
    "create_app",
    "due_items",
    "invite",
    "open_database",
    "portal_due_entries",
    "publish_site",
    "verify_audit",
]

"""Accounts for trying the portal on the demo dossier (`make serve`), on loopback only.

Creates, when they do not exist yet, a downstream provider with one user, the provider's three
staff roles and two authorities, and prints how to sign in, plus a fresh invitation link for an
AI Office reviewer. The passwords are fixed and printed: this is for a local demonstration,
never for a deployment (there, use `gpaikit portal add-user`, which generates them).

    .venv/bin/python scripts/portal_demo.py sqlite:///out/portal.sqlite3 http://127.0.0.1:8000
"""

from __future__ import annotations

import sys

from sqlalchemy import select

from gpaikit.portal import PortalSettings, add_organisation, add_user, invite, open_database
from gpaikit.portal._tables import Organisation, User

PASSWORD = "demo-password-123"
ORGANISATIONS = (
    ("Integrator GmbH", "downstream", "downstream_provider"),
    ("AI Office", "authority", "ai_office"),
    ("CNIL", "authority", "national_authority"),
)
USERS = (
    ("admin@helios.example", "admin", None),
    ("editor@helios.example", "editor", None),
    ("responder@helios.example", "responder", None),
    ("dev@integrator.example", "downstream", "Integrator GmbH"),
)


def main(url: str, base: str) -> None:
    db = open_database(url)
    try:
        with db.read() as s:
            orgs = set(s.scalars(select(Organisation.name)))
            users = set(s.scalars(select(User.email)))
        for name, kind, audience in ORGANISATIONS:
            if name not in orgs:
                add_organisation(db, name, kind, audience, "make serve")
        for email, role, org in USERS:
            if email not in users:
                add_user(db, email, PASSWORD, role, "make serve", organisation=org)
        token, expires = invite(
            db, "AI Office", "reviewer@ec.example", "Reviewer", 1, PortalSettings(), "make serve"
        )
    finally:
        db.dispose()
    print(f"Demo accounts (password {PASSWORD}, loopback demo only):")
    for email, role, _ in USERS:
        print(f"  {role:<11} {email}")
    print(f"AI Office reviewer, valid until {expires:%Y-%m-%d %H:%M} UTC:")
    print(f"  {base.rstrip('/')}/authority/enter/{token}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "http://127.0.0.1:8000")
